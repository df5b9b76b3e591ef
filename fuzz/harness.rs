//! What each fuzz target does with one input, shared by the fuzz targets (`fuzz_targets/`) and by
//! `tests/fuzz_regressions.rs`, which replays every input kept in `fuzz/regressions/<target>/`
//! with a normal `cargo test`. Only brief's public API and std are used here.
//!
//! Each function must return normally for every input: an error for the author is a fine
//! outcome, a panic, a hang or unbounded memory is a bug.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use brief::chart::{ChartInput, ChartSeries, Size};
use brief::lang::Lang;
use brief::load::frontmatter::{ChartKind, Scale, Sort, Year};
use brief::render::markdown::{self, BodyEnv};
use brief::resolve::{SeriesColour, Site};
use brief::units::{Unit, UnitKind};

/// Front matter and the file around it: split, parse, and every message about it. The same
/// text is also read as `site.yaml` and as an i18n file (the other YAML a project has).
pub fn front_matter(data: &[u8]) {
    let zh = Lang::parse("zh").expect("zh");
    match brief::load::parse_page(&zh, Path::new("content/zh/fuzz.md"), data.to_vec()) {
        Ok(page) => {
            // Where the keys are, as resolve asks when it reports a problem with a value.
            for (id, def) in page.front.indicators.iter() {
                let _ = page.key_location(&["indicators", id]).to_string();
                let _ = page.key_location(&["indicators", id, "unit"]);
                for (key, _) in def.series.iter().flat_map(|s| s.iter()) {
                    let _ = page.key_location(&["indicators", id, "series", key]);
                }
            }
            for chart in &page.front.charts {
                let _ = page.chart_location(&chart.id);
            }
            let _ = page.body_location(page.body().len());
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(config) = brief::config::SiteConfig::parse(text).map_err(|e| e.to_string()) {
            let source = brief::load::I18nSource { lang: zh, file: "i18n/zh.yaml".into(), text: text.to_string() };
            let _ = brief::i18n::I18n::build(&config, &[source]).map_err(|e| e.to_string());
        }
    }
}

/// A small site (the `basic` test fixture) built once per `raw_html:` policy, whose pages fuzzed
/// bodies are rendered as.
fn site(policy: usize) -> &'static Site {
    static SITES: OnceLock<Vec<Site>> = OnceLock::new();
    &SITES.get_or_init(|| {
        ["allow", "escape", "sanitize"]
            .iter()
            .map(|policy| {
                let dir = std::env::temp_dir().join(format!("brief-fuzz-site-{}-{policy}", std::process::id()));
                let site_yaml = format!("{}raw_html: {policy}\n", include_str!("../tests/fixtures/basic/site.yaml"));
                let files: &[(&str, &str)] = &[
                    ("site.yaml", &site_yaml),
                    ("content/zh/_index.md", include_str!("../tests/fixtures/basic/content/zh/_index.md")),
                    ("content/zh/talent.md", include_str!("../tests/fixtures/basic/content/zh/talent.md")),
                    ("content/zh/reports/q1.md", include_str!("../tests/fixtures/basic/content/zh/reports/q1.md")),
                    ("content/en/_index.md", include_str!("../tests/fixtures/basic/content/en/_index.md")),
                    ("content/en/talent.md", include_str!("../tests/fixtures/basic/content/en/talent.md")),
                ];
                for (rel, text) in files {
                    let path = dir.join(rel);
                    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                    std::fs::write(path, text).expect("write");
                }
                let site = brief::prepare(&brief::BuildOptions::new(&dir)).expect("the fixture site loads");
                let _ = std::fs::remove_dir_all(&dir);
                site
            })
            .collect()
    })[policy]
}

/// A page body with shortcodes, as an article of the fixture site: the full body and the
/// summary (first paragraph) lists and feeds show. The first byte picks the `raw_html:` policy;
/// with `escape` and `sanitize`, no script may come out.
pub fn markdown(data: &[u8]) {
    let Some((&first, data)) = data.split_first() else { return };
    let policy = usize::from(first % 3);
    let site = site(policy);
    let index = site.pages.iter().position(|p| p.rel == "talent.md").expect("talent.md");
    let page = &site.pages[index];
    let mut text = b"---\ntitle: fuzz\n---\n".to_vec();
    text.extend_from_slice(data);
    let Ok(source) = brief::load::parse_page(&page.lang, &PathBuf::from("content/zh/talent.md"), text) else {
        return;
    };
    let figure = |id: &str| brief::render::figure::figure(site, &page.lang, id).map(|f| f.html);
    let env = BodyEnv { site, page, figure: &figure };
    match markdown::render_body(&env, &source) {
        Ok(body) if policy > 0 => check_no_script(&body.html),
        Ok(_) => {}
        Err(errors) => {
            for e in errors {
                let _ = e.to_string();
            }
        }
    }
    let summary = markdown::first_paragraph(site, page, &source);
    if let Some(summary) = summary.filter(|_| policy > 0) {
        check_no_script(&summary);
    }
    let _ = markdown::reading_minutes(source.body());
}

/// No element or attribute in `html` can run script: no `<script>` (or other active element),
/// no `on…` attribute, no `javascript:`/`data:` URL. Text is escaped, so every `<` opens a tag.
fn check_no_script(html: &str) {
    let mut rest = html;
    // Inside brief's own chart figures (inline SVG), a scoped <style> is brief's.
    let mut svg_depth = 0usize;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag.starts_with("svg") {
            svg_depth += 1;
        } else if tag.starts_with("/svg") {
            svg_depth = svg_depth.saturating_sub(1);
        }
        if tag.starts_with('!') || tag.starts_with('/') {
            assert!(!tag.starts_with("!--") || !tag.contains("<"), "a comment hides markup: <{tag}>");
            continue;
        }
        let lower = tag.to_ascii_lowercase();
        let name = lower.split(|c: char| c.is_ascii_whitespace() || c == '/').next().unwrap_or("");
        let active = ["script", "style", "iframe", "object", "embed", "form", "base", "meta", "link", "frame"];
        assert!(!active.contains(&name) || (name == "style" && svg_depth > 0), "an active element <{tag}> in:\n{html}");
        for (attribute, value) in attributes(&lower) {
            assert!(!attribute.starts_with("on"), "an event handler in <{tag}>");
            assert!(attribute != "style" || value.starts_with("text-align"), "a style in <{tag}>");
            if matches!(attribute.as_str(), "href" | "src" | "xlink:href" | "action" | "formaction") {
                let url: String = value.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect();
                assert!(
                    !url.starts_with("javascript:") && !url.starts_with("data:") && !url.starts_with("vbscript:"),
                    "a script URL in <{tag}>"
                );
            }
        }
    }
}

/// The attributes of a tag's text (after its name), values unquoted.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = tag.chars().peekable();
    // Skip the name.
    while chars.peek().is_some_and(|c| !c.is_ascii_whitespace()) {
        chars.next();
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_ascii_whitespace() || *c == '/') {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_whitespace() || c == '=' || c == '/' {
                break;
            }
            name.push(c);
            chars.next();
        }
        if name.is_empty() {
            return out;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            match chars.peek().copied() {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    value = chars.by_ref().take_while(|&c| c != q).collect();
                }
                _ => {
                    while let Some(&c) = chars.peek() {
                        if c.is_ascii_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
        }
        out.push((name, value));
    }
}

/// Reads a fuzzer's bytes as typed values; past the end it yields zeros and empty strings.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    fn f64(&mut self) -> f64 {
        // Mostly ordinary numbers (small integers and decimals), sometimes any bit pattern
        // (huge, tiny, negative zero, infinities, NaN).
        match self.u8() % 4 {
            0 => f64::from_bits(u64::from_le_bytes(std::array::from_fn(|_| self.u8()))),
            1 => f64::from(self.u8()) / 10.0,
            2 => f64::from(u32::from_le_bytes(std::array::from_fn(|_| self.u8()))),
            _ => -f64::from(self.u8()),
        }
    }

    fn year(&mut self) -> Year {
        let n = u16::from_le_bytes([self.u8(), self.u8()]);
        Year(1 + i32::from(n % 9999))
    }

    fn text(&mut self) -> String {
        let len = usize::from(self.u8() % 48);
        let take = len.min(self.0.len());
        let (head, rest) = self.0.split_at(take);
        self.0 = rest;
        String::from_utf8_lossy(head).into_owned()
    }
}

/// A chart from arbitrary indicator data: any kind, series, names, years and values, with the
/// guarantees the render stage gives (points sorted by year, one per year).
pub fn chart(data: &[u8]) {
    let mut b = Bytes(data);
    let kind = [ChartKind::Bar, ChartKind::GroupedBar, ChartKind::Line, ChartKind::Slope, ChartKind::PartOfWhole]
        [usize::from(b.u8() % 5)];
    let lang = Lang::parse(if b.u8() % 2 == 0 { "zh" } else { "en" }).expect("lang");
    let unit_kind = match b.u8() % 6 {
        0 => UnitKind::Count,
        1 => UnitKind::Percent,
        2 => UnitKind::PercentagePoints,
        3 => UnitKind::Ratio,
        4 => UnitKind::Rank,
        _ => UnitKind::Currency("USD".into()),
    };
    let scale = [1.0, 1e3, 1e9, 0.01][usize::from(b.u8() % 4)];
    let unit = Unit { id: "u".into(), kind: unit_kind, label: Default::default(), scale };
    let sort = [Sort::None, Sort::Asc, Sort::Desc][usize::from(b.u8() % 3)];
    let log = if b.u8() % 3 == 0 { Scale::Log } else { Scale::Linear };
    let standalone = b.u8() % 2 == 0;
    let title = b.text();
    let subtitle = b.text();
    let description = b.text();
    let years: Vec<Year> = (0..b.u8() % 8).map(|_| b.year()).collect();
    let mut series = Vec::new();
    for i in 0..b.u8() % 12 {
        let key = b.text();
        let name = b.text();
        let colour = match b.u8() % 4 {
            0 => SeriesColour::Fixed(format!("#{:02x}{:02x}{:02x}", b.u8(), b.u8(), b.u8())),
            1 => SeriesColour::Fixed(b.text()),
            _ => SeriesColour::Palette(usize::from(b.u8())),
        };
        let mut points: Vec<(Year, f64)> = (0..b.u8() % 10)
            .map(|j| {
                // Mostly the chart's own years, so the layouts get past their checks.
                let j = usize::from(j);
                let year = if j < years.len() && b.u8() % 4 != 0 { years[j] } else { b.year() };
                (year, b.f64())
            })
            .collect();
        points.sort_by_key(|(y, _)| *y);
        points.dedup_by_key(|(y, _)| *y);
        let approx = points.iter().filter(|_| b.u8() % 3 == 0).map(|(y, _)| *y).collect();
        series.push(ChartSeries {
            key: if key.is_empty() { format!("S{i}") } else { key },
            name,
            colour,
            points,
            approx,
        });
    }
    let highlight = series.iter().filter(|_| b.u8() % 3 == 0).map(|s| s.key.clone()).collect();
    // Last, so that inputs kept from before there were two sizes still mean the same.
    let size = if b.u8() % 2 == 1 { Size::Narrow } else { Size::Wide };
    let format_value = |v: f64| brief::format::value(v, &unit, &lang, brief::format::Style::default());
    let format_tick = |v: f64| brief::format::compact(v, &unit, &lang);
    let input = ChartInput {
        kind,
        size,
        dom_id: "chart-fuzz",
        title: &title,
        subtitle: &subtitle,
        description: &description,
        lang: &lang,
        series,
        years,
        highlight,
        sort,
        scale: log,
        format_value: &format_value,
        format_tick: &format_tick,
        standalone,
    };
    if let Ok(svg) = brief::chart::render_svg(&input) {
        // What comes out must be well-formed, with no NaN or infinite coordinates.
        check_xml(&svg);
    }
}

/// A minimal well-formedness check without an XML parser dependency: tags balance, and no
/// attribute holds a non-finite number.
fn check_xml(doc: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = doc;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let end = rest.find('>').expect("a tag is not closed");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        assert!(!tag.contains("NaN") && !tag.contains("inf"), "a non-finite number in <{tag}>");
        if tag.starts_with('?') || tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name.trim()), "mismatched closing tag </{name}>");
        } else {
            stack.push(tag.split_whitespace().next().unwrap_or(""));
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
}
