//! A fixture site built end to end: pages, numbers, charts, feeds, sitemap, determinism and
//! atomic output, checked on the parsed output.

mod common;

use common::*;

#[test]
fn builds_every_page_in_both_languages() {
    let p = Project::fixture("basic");
    let report = p.build_ok();
    for path in ["zh/", "en/", "zh/talent/", "en/talent/", "zh/reports/q1/", "zh/reports/"] {
        let page = p.page(path);
        assert!(!select(&page, "h1").is_empty(), "{path} has no h1");
    }
    assert!(p.out().join("index.html").exists());
    // zh: home, talent, the reports list (generated: no _index.md), q1; en: home, talent.
    assert_eq!(report.pages, 6, "{report:?}");
    for file in [
        "404.html",
        ".nojekyll",
        "robots.txt",
        "sitemap.xml",
        "zh/atom.xml",
        "en/atom.xml",
        "style.css",
        "data/grads.csv",
    ] {
        assert!(p.out().join(file).exists(), "{file} missing");
    }
}

#[test]
fn pages_declare_language_canonical_and_alternates() {
    let p = Project::fixture("basic");
    p.build_ok();
    let zh = p.page("zh/talent/");
    assert_eq!(attr(one(&zh, "html"), "lang"), "zh-CN");
    assert_eq!(attr(one(&zh, "link[rel=canonical]"), "href"), "https://example.github.io/brief/zh/talent/");
    let alternates: Vec<(String, String)> = select(&zh, "link[rel=alternate][hreflang]")
        .into_iter()
        .map(|l| (attr(l, "hreflang").to_string(), attr(l, "href").to_string()))
        .collect();
    assert_eq!(
        alternates,
        [
            ("zh-CN".to_string(), "https://example.github.io/brief/zh/talent/".to_string()),
            ("en".to_string(), "https://example.github.io/brief/en/talent/".to_string()),
            ("x-default".to_string(), "https://example.github.io/brief/zh/talent/".to_string()),
        ]
    );
    let en = p.page("en/talent/");
    assert_eq!(attr(one(&en, "html"), "lang"), "en");
}

#[test]
fn language_switch_lands_on_the_translation_or_the_home_with_a_notice() {
    let p = Project::fixture("basic");
    p.build_ok();
    let zh = p.page("zh/talent/");
    let hrefs: Vec<&str> = select(&zh, ".lang-switch a[hreflang]").into_iter().map(|a| attr(a, "href")).collect();
    assert_eq!(hrefs, ["/brief/en/talent/"]);
    let only_zh = p.page("zh/reports/q1/");
    let hrefs: Vec<&str> = select(&only_zh, ".lang-switch a[hreflang]").into_iter().map(|a| attr(a, "href")).collect();
    assert_eq!(hrefs, ["/brief/en/#no-translation"]);
    let en_home = p.page("en/");
    assert!(!select(&en_home, "#no-translation").is_empty(), "the home page has the notice target");
}

#[test]
fn numbers_in_prose_come_from_the_data_in_each_language() {
    let p = Project::fixture("basic");
    p.build_ok();
    let zh = p.page("zh/talent/");
    let numbers: Vec<String> = select(&zh, ".prose data.num").into_iter().map(text).collect();
    assert_eq!(numbers, ["357万", "4.4倍", "约5.4个百分点"]);
    let first = select(&zh, ".prose data.num")[0];
    assert_eq!(attr(first, "value"), "3570000");
    assert!(attr(first, "title").contains("来源：测试来源，2020年"), "{}", attr(first, "title"));
    let en = p.page("en/talent/");
    let numbers: Vec<String> = select(&en, ".prose data.num").into_iter().map(text).collect();
    assert_eq!(numbers, ["3.57 million", "4.4×"]);
    // A shortcode in inline code is left as written.
    let code: Vec<String> = select(&zh, ".prose code").into_iter().map(text).collect();
    assert_eq!(code, ["{{ value(id=\"nope\") }}"]);
}

#[test]
fn charts_are_figures_with_source_table_and_downloads() {
    let p = Project::fixture("basic");
    p.build_ok();
    let zh = p.page("zh/talent/");
    let figure = one(&zh, "figure#chart-grads-bar");
    // Drawn twice, for a column and for a phone; the stylesheet shows one. Each is an image with
    // its own title and description.
    let svgs = select(&zh, "figure#chart-grads-bar .chart-svg > svg");
    assert_eq!(svgs.len(), 2);
    for (svg, suffix, class, width) in
        [(svgs[0], "", "chart-graphic-wide", "640"), (svgs[1], "-narrow", "chart-graphic-narrow", "360")]
    {
        assert_eq!(attr(svg, "id"), format!("chart-grads-bar{suffix}-svg"));
        assert!(attr(svg, "class").split(' ').any(|c| c == class), "{}", attr(svg, "class"));
        assert_eq!(attr(svg, "role"), "img");
        assert_eq!(attr(svg, "viewBox").split(' ').nth(2), Some(width));
        let labels: Vec<&str> = attr(svg, "aria-labelledby").split(' ').collect();
        assert_eq!(labels, [format!("chart-grads-bar{suffix}-title"), format!("chart-grads-bar{suffix}-desc")]);
        assert_eq!(text(one(&zh, &format!("svg title#chart-grads-bar{suffix}-title"))), "理工科毕业生");
        assert!(text(one(&zh, &format!("svg desc#chart-grads-bar{suffix}-desc"))).contains("357万"));
    }
    let caption = text(select(&zh, "figure#chart-grads-bar figcaption")[0]);
    assert!(caption.contains("来源：测试来源，2020年"), "{caption}");
    assert!(caption.contains("测试注释"), "{caption}");
    let links: Vec<&str> =
        select(&zh, "figure#chart-grads-bar figcaption a").into_iter().map(|a| attr(a, "href")).collect();
    assert_eq!(links, ["/brief/data/grads.csv", "/brief/zh/charts/grads-bar.svg"]);
    let cells: Vec<String> = select(&zh, "figure#chart-grads-bar table td").into_iter().map(text).collect();
    assert_eq!(cells, ["3,570,000", "820,000"]);
    assert!(figure.value().attr("class").is_some_and(|c| c.contains("chart-bar")));
    assert!(p.out().join("en/charts/share-slope.svg").exists());
    let standalone = p.output("zh/charts/grads-bar.svg");
    let doc = roxmltree::Document::parse(&standalone).expect("standalone SVG parses");
    // The download is the wide drawing.
    assert_eq!(doc.root_element().attribute("viewBox").and_then(|v| v.split(' ').nth(2)), Some("640"));
}

#[test]
fn ids_stay_unique_with_two_drawings_of_every_chart() {
    let p = Project::fixture("basic");
    p.build_ok();
    for path in ["zh/talent/", "en/talent/"] {
        let page = p.page(path);
        let ids: Vec<&str> = select(&page, "[id]").into_iter().map(|e| attr(e, "id")).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(ids.len(), unique.len(), "{path}: {ids:?}");
        // Every drawing's labels name elements of the page.
        for svg in select(&page, ".chart-svg > svg") {
            for id in attr(svg, "aria-labelledby").split(' ') {
                assert!(ids.contains(&id), "{path}: {id} is not in the page");
            }
        }
        assert!(select(&page, ".chart-svg > svg").len() >= 2);
    }
}

#[test]
fn a_chart_id_that_would_clash_with_a_narrow_drawing_is_an_error() {
    let p = Project::fixture("basic");
    let source = p.read_source("content/zh/talent.md");
    let source = source
        .replace(
            "  - id: share-slope",
            "  - id: grads-bar-narrow\n    kind: bar\n    indicator: grads\n  - id: share-slope",
        )
        .replace(
            "{{ chart(id=\"grads-bar\") }}",
            "{{ chart(id=\"grads-bar\") }}\n\n{{ chart(id=\"grads-bar-narrow\") }}",
        );
    p.write("content/zh/talent.md", source.clone());
    let err = p.build_err();
    assert!(err.contains("`grads-bar-narrow` cannot be used next to the chart `grads-bar`"), "{err}");
    // `chart-grads-bar-svg` is also the root id of `grads-bar`'s wide drawing.
    p.write("content/zh/talent.md", source.replace("grads-bar-narrow", "grads-bar-svg"));
    let err = p.build_err();
    assert!(err.contains("`grads-bar-svg` cannot be used next to the chart `grads-bar`"), "{err}");
}

#[test]
fn csv_has_a_header_and_every_value() {
    let p = Project::fixture("basic");
    p.build_ok();
    let csv = p.output("data/grads.csv");
    let csv = csv.strip_prefix('\u{feff}').expect("UTF-8 BOM for spreadsheets");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "indicator,series,name_zh,name_en,year,value,unit,approx,source,source_url");
    assert_eq!(rows[1], "grads,CN,中国,China,2020,3570000,persons,false,测试来源,https://example.org/source");
    assert_eq!(rows.len(), 3);
}

#[test]
fn headings_get_unique_ids_and_footnotes_link_both_ways() {
    let p = Project::fixture("basic");
    p.build_ok();
    let zh = p.page("zh/talent/");
    let ids: Vec<&str> = select(&zh, ".prose > h2").into_iter().map(|h| attr(h, "id")).collect();
    assert_eq!(ids, ["规模", "规模-1"]);
    assert_eq!(text(one(&zh, "section.footnotes h2")), "脚注");
    let reference = one(&zh, "sup.footnote-ref a");
    assert_eq!(attr(reference, "href"), "#fn-1");
    assert_eq!(attr(reference, "id"), "fnref-1");
    let note = one(&zh, "section.footnotes li#fn-1");
    assert!(text(note).contains("测试来源"), "{}", text(note));
    assert_eq!(attr(one(&zh, "section.footnotes a.footnote-back"), "href"), "#fnref-1");
}

#[test]
fn links_written_in_markdown_are_rebased_under_the_base_path() {
    let p = Project::fixture("basic");
    p.build_ok();
    let home = p.page("zh/");
    let hrefs: Vec<&str> = select(&home, ".prose a").into_iter().map(|a| attr(a, "href")).collect();
    assert_eq!(hrefs, ["/brief/zh/talent/", "/brief/zh/reports/"]);
    let q1 = p.page("zh/reports/q1/");
    let hrefs: Vec<&str> = select(&q1, ".prose a").into_iter().map(|a| attr(a, "href")).collect();
    // pulldown-cmark percent-encodes the fragment; browsers decode it to find id="规模".
    assert_eq!(hrefs, ["/brief/zh/talent/#%E8%A7%84%E6%A8%A1"]);
    let en = p.page("en/talent/");
    let hrefs: Vec<&str> = select(&en, ".prose > p a").into_iter().map(|a| attr(a, "href")).collect();
    assert_eq!(hrefs, ["/brief/en/talent/#chart-share-slope", "/brief/en/"]);
}

#[test]
fn key_figures_are_formatted_per_language() {
    let p = Project::fixture("basic");
    p.build_ok();
    let zh = p.page("zh/");
    let values: Vec<String> = select(&zh, ".key-figures .card-value").into_iter().map(text).collect();
    assert_eq!(values, ["357万", "4.4倍"]);
    let en = p.page("en/");
    let values: Vec<String> = select(&en, ".key-figures .card-value").into_iter().map(text).collect();
    assert_eq!(values, ["3.57 million"]);
}

#[test]
fn sitemap_lists_pages_with_reciprocal_alternates() {
    let p = Project::fixture("basic");
    p.build_ok();
    let xml = p.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap parses");
    let urls: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.has_tag_name("url")).collect();
    let locs: Vec<String> = xml_texts(&xml, "loc");
    assert_eq!(urls.len(), 6);
    assert!(locs.contains(&"https://example.github.io/brief/en/talent/".to_string()));
    let talent = urls
        .iter()
        .find(|u| {
            u.descendants()
                .any(|n| n.has_tag_name("loc") && n.text() == Some("https://example.github.io/brief/zh/talent/"))
        })
        .expect("zh/talent in sitemap");
    let alternates: Vec<(&str, &str)> = talent
        .children()
        .filter(|n| n.has_tag_name("link"))
        .map(|n| (n.attribute("hreflang").unwrap_or(""), n.attribute("href").unwrap_or("")))
        .collect();
    assert_eq!(
        alternates,
        [
            ("zh-CN", "https://example.github.io/brief/zh/talent/"),
            ("en", "https://example.github.io/brief/en/talent/"),
            ("x-default", "https://example.github.io/brief/zh/talent/")
        ]
    );
}

#[test]
fn atom_feeds_parse_and_list_dated_articles_newest_first() {
    let p = Project::fixture("basic");
    p.build_ok();
    let zh = p.output("zh/atom.xml");
    let titles = xml_texts(&zh, "title");
    assert_eq!(titles, ["测试简报", "人才规模", "第一季度报告"]);
    let updated = xml_texts(&zh, "updated");
    assert_eq!(updated[0], "2025-12-10T00:00:00Z", "the feed is as new as its newest entry");
    let en = p.output("en/atom.xml");
    assert_eq!(xml_texts(&en, "title"), ["Test brief", "The scale of talent"]);
    let summaries = xml_texts(&en, "summary");
    assert_eq!(summaries, ["How many graduates China has."]);
}

#[test]
fn two_builds_are_byte_identical() {
    let p = Project::fixture("basic");
    p.build_ok();
    let first = p.snapshot();
    let other = Project::fixture("basic");
    other.build_ok();
    assert_eq!(first, other.snapshot());
    p.build_ok();
    assert_eq!(first, p.snapshot());
}

#[test]
fn a_failing_build_leaves_the_previous_output_untouched() {
    let p = Project::fixture("basic");
    p.build_ok();
    let before = p.snapshot();
    p.write("content/zh/talent.md", p.read_source("content/zh/talent.md").replace("3570000", "lots"));
    let err = p.build_err();
    assert!(err.contains("content/zh/talent.md:"), "{err}");
    assert_eq!(before, p.snapshot());
    let leftovers: Vec<String> = std::fs::read_dir(p.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left behind: {leftovers:?}");
}

#[test]
fn crlf_line_ends_and_a_bom_are_accepted() {
    let p = Project::fixture("basic");
    let source = p.read_source("content/en/talent.md");
    p.write("content/en/talent.md", format!("\u{feff}{}", source.replace('\n', "\r\n")));
    p.build_ok();
    let en = p.page("en/talent/");
    assert_eq!(text(one(&en, "h1")), "The scale of talent");
}

#[test]
fn the_root_serves_the_default_language_home() {
    let p = Project::fixture("basic");
    p.build_ok();
    assert_eq!(p.output("index.html"), p.output("zh/index.html"));
}

#[test]
fn the_404_page_speaks_every_language_and_works_from_any_depth() {
    let p = Project::fixture("basic");
    p.build_ok();
    let page = Html::parse_document(&p.output("404.html"));
    let sections: Vec<&str> = select(&page, "[lang]").into_iter().filter_map(|e| e.value().attr("lang")).collect();
    assert!(sections.contains(&"zh-CN") && sections.contains(&"en"), "{sections:?}");
    for link in select(&page, "a[href], link[href]") {
        let href = attr(link, "href");
        let fine = href.starts_with("/brief/") || href.starts_with("data:") || href.starts_with('#');
        assert!(fine, "{href} would not work from every depth");
    }
}

#[test]
fn a_rebuild_with_nothing_changed_does_nothing_and_any_change_rebuilds() {
    let p = Project::fixture("basic");
    assert!(!p.build_ok().up_to_date);
    let before = p.snapshot();
    let report = p.build_ok();
    assert!(report.up_to_date, "{report:?}");
    assert_eq!(report.pages, 6);
    assert_eq!(before, p.snapshot());
    // An output file removed by hand is noticed and written again.
    std::fs::remove_file(p.out().join("zh/talent/index.html")).unwrap();
    assert!(!p.build_ok().up_to_date);
    assert_eq!(before, p.snapshot());
    // So is an edit, and another base URL.
    p.write("content/zh/reports/q1.md", p.read_source("content/zh/reports/q1.md") + "\n更多内容。\n");
    assert!(!p.build_ok().up_to_date);
    assert!(p.build_ok().up_to_date);
    let mut options = p.options();
    options.base_url = Some("https://other.example/".into());
    assert!(!brief::build(&options).unwrap().up_to_date);
    // The state file lives beside the output, never inside it.
    assert!(!p.snapshot().keys().any(|k| k.contains("brief-state")));
}

#[test]
fn unchanged_files_keep_their_modification_time_across_real_rebuilds() {
    let p = Project::fixture("basic");
    p.build_ok();
    let mtime = |path: &str| std::fs::metadata(p.out().join(path)).unwrap().modified().unwrap();
    let (css, q1) = (mtime("style.css"), mtime("zh/reports/q1/index.html"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    p.write("content/zh/reports/q1.md", p.read_source("content/zh/reports/q1.md") + "\n新的一段。\n");
    assert!(!p.build_ok().up_to_date);
    assert_eq!(mtime("style.css"), css, "an unchanged file is not rewritten");
    assert_ne!(mtime("zh/reports/q1/index.html"), q1, "the edited page is");
    // The output of a build that reused files is recognised as its own.
    assert!(p.build_ok().up_to_date);
}
