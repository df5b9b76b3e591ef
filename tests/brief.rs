//! The shipped brief's figures, pinned: an accidental edit of its data fails here, and a
//! deliberate one shows up as a snapshot change to review (`cargo insta review`).

mod common;

use std::fmt::Write as _;

use brief::lang::Lang;

fn the_brief() -> brief::resolve::Site {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    brief::prepare(&brief::BuildOptions::new(root)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_figure_of_the_brief() {
    let site = the_brief();
    let zh = Lang::parse("zh").unwrap();
    let en = Lang::parse("en").unwrap();
    let mut table = String::new();
    for ind in site.indicators.values() {
        let source = ind.source.name.get(&en).unwrap_or("");
        let when =
            ind.source.date.map(|d| d.to_string()).or(ind.source.year.map(|y| y.to_string())).unwrap_or_default();
        let _ = writeln!(
            table,
            "{} [{}]{} — {} / {} — source: {source} ({when})",
            ind.id,
            ind.unit.id,
            if ind.approx { " approx" } else { "" },
            ind.label.get(&zh).unwrap_or("?"),
            ind.label.get(&en).unwrap_or("?"),
        );
        for s in &ind.series {
            for (year, point) in &s.points {
                let _ = writeln!(
                    table,
                    "    {} {year}: {}{}",
                    s.key,
                    point.value,
                    if point.approx { " (approx)" } else { "" }
                );
            }
        }
    }
    insta::assert_snapshot!(table);
}

#[test]
fn the_key_figures_on_both_home_pages() {
    let tmp = built();
    let mut cards = String::new();
    for lang in ["zh", "en"] {
        let html = std::fs::read_to_string(tmp.path().join("public").join(lang).join("index.html")).unwrap();
        let page = scraper::Html::parse_document(&html);
        let card = scraper::Selector::parse(".key-figures li").unwrap();
        let part = |el: scraper::ElementRef, css: &str| {
            let sel = scraper::Selector::parse(css).unwrap();
            el.select(&sel)
                .next()
                .map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        for el in page.select(&card) {
            let _ = writeln!(cards, "{lang}: {} | {}", part(el, ".card-value"), part(el, ".card-label"));
        }
    }
    insta::assert_snapshot!(cards);
}

/// Builds the brief into a temporary folder; returns it.
fn built() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    common::build_the_brief(&tmp.path().join("public"), None);
    tmp
}

#[test]
fn every_article_page_weighs_under_150_kb_and_asks_no_other_host() {
    let tmp = built();
    let public = tmp.path().join("public");
    let css = std::fs::read_to_string(public.join("style.css")).unwrap();
    assert!(!css.contains("url(http") && !css.contains("@import"), "the stylesheet loads nothing from elsewhere");
    let selector = scraper::Selector::parse("link[href], script[src], img[src], iframe[src], source[src]").unwrap();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let weight = html.len() + css.len();
        assert!(weight < 150 * 1024, "{}: {} bytes with the stylesheet", entry.path().display(), weight);
        let page = scraper::Html::parse_document(&html);
        for el in page.select(&selector) {
            let url = el.value().attr("href").or(el.value().attr("src")).unwrap_or_default();
            let rel = el.value().attr("rel").unwrap_or_default();
            // Canonical and alternate links name this site's own published URLs.
            if rel == "canonical" || rel == "alternate" {
                continue;
            }
            assert!(!url.starts_with("http") && !url.starts_with("//"), "{} loads {url}", entry.path().display());
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} pages");
}

#[test]
fn hreflang_alternates_are_reciprocal_and_resolve() {
    let tmp = built();
    let public = tmp.path().join("public");
    let base = "https://example.github.io/brief/";
    let alternates = |site_path: &str| -> Vec<(String, String)> {
        let html = std::fs::read_to_string(public.join(site_path).join("index.html")).unwrap();
        let page = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("link[rel=alternate][hreflang]").unwrap();
        page.select(&sel)
            .map(|l| (l.value().attr("hreflang").unwrap().to_string(), l.value().attr("href").unwrap().to_string()))
            .collect()
    };
    let mut checked = 0;
    for lang in ["zh", "en"] {
        for entry in std::fs::read_dir(public.join(lang)).unwrap() {
            let entry = entry.unwrap();
            if !entry.path().join("index.html").exists() {
                continue;
            }
            let own = format!("{lang}/{}/", entry.file_name().to_string_lossy());
            let own_url = format!("{base}{own}");
            for (hreflang, url) in alternates(&own) {
                let target = url.strip_prefix(base).unwrap_or_else(|| panic!("{url} is not on the site"));
                assert!(public.join(target).join("index.html").exists(), "{own}: {hreflang} → {url} does not exist");
                if hreflang != "x-default" {
                    let back = alternates(target);
                    assert!(back.iter().any(|(_, u)| *u == own_url), "{url} does not point back to {own_url}");
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 12, "{checked} pages checked");
}
