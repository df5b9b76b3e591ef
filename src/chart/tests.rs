//! Tests on the SVG itself: parsed with roxmltree and checked for what a reader sees.

use std::collections::BTreeMap;

use super::colour::{DARK_BG, GRAPHIC_RATIO, LIGHT_BG, Rgb, TEXT_RATIO};
use super::draw::text_box;
use super::scene::Anchor;
use super::{ChartError, ChartInput, ChartSeries, Size, render_inline_and_standalone, render_svg};
use crate::format::{self, Style};
use crate::lang::Lang;
use crate::load::frontmatter::{ChartKind, Scale, Sort, Year};
use crate::resolve::SeriesColour;
use crate::units::{Unit, UnitCatalogue};

/// A series as the tests write it: key, name, colour, (year, value) points, estimated years.
pub(super) type SeriesData = (String, String, SeriesColour, Vec<(i32, f64)>, Vec<i32>);

/// Everything a chart needs, owned, so tests can tweak one thing at a time.
#[derive(Clone)]
pub(super) struct Case {
    pub kind: ChartKind,
    pub size: Size,
    pub dom_id: String,
    pub title: String,
    pub subtitle: String,
    pub description: String,
    pub lang: Lang,
    pub unit: Unit,
    pub series: Vec<SeriesData>,
    pub years: Vec<i32>,
    pub highlight: Vec<String>,
    pub sort: Sort,
    pub scale: Scale,
    pub standalone: bool,
}

pub(super) fn unit(name: &str) -> Unit {
    UnitCatalogue::new(&BTreeMap::new()).unwrap().get(name).unwrap()
}

pub(super) fn lang(tag: &str) -> Lang {
    Lang::parse(tag).unwrap()
}

fn cn(zh: bool) -> String {
    if zh { "中国" } else { "China" }.to_string()
}
fn us(zh: bool) -> String {
    if zh { "美国" } else { "United States" }.to_string()
}

impl Case {
    pub fn try_render(&self) -> Result<String, ChartError> {
        self.with_input(render_svg)
    }

    /// Calls `f` with the case as a [`ChartInput`].
    pub fn with_input<R>(&self, f: impl FnOnce(&ChartInput) -> R) -> R {
        let (u1, l1) = (self.unit.clone(), self.lang.clone());
        let (u2, l2) = (self.unit.clone(), self.lang.clone());
        let fv = move |v: f64| format::value(v, &u1, &l1, Style::default());
        let ft = move |v: f64| format::compact(v, &u2, &l2);
        let input = ChartInput {
            kind: self.kind,
            size: self.size,
            dom_id: &self.dom_id,
            title: &self.title,
            subtitle: &self.subtitle,
            description: &self.description,
            lang: &self.lang,
            series: self
                .series
                .iter()
                .map(|(key, name, colour, points, approx)| ChartSeries {
                    key: key.clone(),
                    name: name.clone(),
                    colour: colour.clone(),
                    points: points.iter().map(|&(y, v)| (Year(y), v)).collect(),
                    approx: approx.iter().map(|&y| Year(y)).collect(),
                })
                .collect(),
            years: self.years.iter().map(|&y| Year(y)).collect(),
            highlight: self.highlight.clone(),
            sort: self.sort,
            scale: self.scale,
            format_value: &fv,
            format_tick: &ft,
            standalone: self.standalone,
        };
        f(&input)
    }

    pub fn render(&self) -> String {
        self.try_render().unwrap()
    }

    /// STEM graduates in 2020 (bar).
    pub fn stem(lang_tag: &str) -> Case {
        let zh = lang_tag == "zh";
        Case {
            size: Size::Wide,
            kind: ChartKind::Bar,
            dom_id: "chart-stem-graduates".into(),
            title: if zh {
                "中国理工科毕业生是美国的四倍多"
            } else {
                "China graduates over four times as many STEM students as the US"
            }
            .into(),
            subtitle: if zh { "2020年理工科毕业生，人" } else { "STEM graduates in 2020, people" }.into(),
            description: if zh {
                "2020年中国有357万理工科毕业生，美国有82万。"
            } else {
                "In 2020 China had 3.57 million STEM graduates, the US 820,000."
            }
            .into(),
            lang: lang(lang_tag),
            unit: unit("persons"),
            series: vec![
                ("CN".into(), cn(zh), SeriesColour::Fixed("#c4373a".into()), vec![(2020, 3_570_000.0)], vec![]),
                ("US".into(), us(zh), SeriesColour::Fixed("#2f6db5".into()), vec![(2020, 820_000.0)], vec![]),
            ],
            years: vec![2020],
            highlight: vec![],
            sort: Sort::None,
            scale: Scale::Linear,
            standalone: false,
        }
    }

    /// Share of adults with a master's degree or higher (slope).
    pub fn masters(lang_tag: &str) -> Case {
        let zh = lang_tag == "zh";
        Case {
            size: Size::Wide,
            kind: ChartKind::Slope,
            dom_id: "chart-masters-share".into(),
            title: if zh { "硕士及以上学历人口占比" } else { "Adults with a master's degree or higher" }.into(),
            subtitle: if zh { "2000年与2020年，%" } else { "2000 and 2020, % of adults" }.into(),
            description: if zh {
                "中国从0.1%升至约0.9%，美国从8.7%升至14.1%。"
            } else {
                "China rose from 0.1% to about 0.9%, the US from 8.7% to 14.1%."
            }
            .into(),
            lang: lang(lang_tag),
            unit: unit("percent"),
            series: vec![
                (
                    "CN".into(),
                    cn(zh),
                    SeriesColour::Fixed("#c4373a".into()),
                    vec![(2000, 0.1), (2020, 0.9)],
                    vec![2020],
                ),
                ("US".into(), us(zh), SeriesColour::Fixed("#2f6db5".into()), vec![(2000, 8.7), (2020, 14.1)], vec![]),
            ],
            years: vec![2000, 2020],
            highlight: vec![],
            sort: Sort::None,
            scale: Scale::Linear,
            standalone: false,
        }
    }

    /// Origin of the top 15 image-to-video models (part of whole).
    pub fn models(lang_tag: &str) -> Case {
        let zh = lang_tag == "zh";
        Case {
            size: Size::Wide,
            kind: ChartKind::PartOfWhole,
            dom_id: "chart-video-models".into(),
            title: if zh {
                "排名前15的图生视频模型中，13个来自中国"
            } else {
                "13 of the top 15 image-to-video models are Chinese"
            }
            .into(),
            subtitle: if zh { "2025年，模型数" } else { "2025, number of models" }.into(),
            description: if zh {
                "前15个模型中13个来自中国，2个来自美国。"
            } else {
                "Of the top 15 models, 13 come from China and 2 from the US."
            }
            .into(),
            lang: lang(lang_tag),
            unit: unit("count"),
            series: vec![
                ("CN".into(), cn(zh), SeriesColour::Fixed("#c4373a".into()), vec![(2025, 13.0)], vec![]),
                ("US".into(), us(zh), SeriesColour::Fixed("#2f6db5".into()), vec![(2025, 2.0)], vec![]),
            ],
            years: vec![2025],
            highlight: vec![],
            sort: Sort::None,
            scale: Scale::Linear,
            standalone: false,
        }
    }

    /// A generated 6-year series for 5 countries (line), with a gap and an estimate.
    pub fn trend(lang_tag: &str) -> Case {
        let zh = lang_tag == "zh";
        let names: [(&str, &str, &str, SeriesColour); 5] = [
            ("CN", "中国", "China", SeriesColour::Fixed("#c4373a".into())),
            ("US", "美国", "United States", SeriesColour::Fixed("#2f6db5".into())),
            ("IN", "印度", "India", SeriesColour::Palette(2)),
            ("DE", "德国", "Germany", SeriesColour::Palette(3)),
            ("JP", "日本", "Japan", SeriesColour::Palette(4)),
        ];
        let series = names
            .iter()
            .enumerate()
            .map(|(k, (key, n_zh, n_en, colour))| {
                let base = [30.0, 24.0, 12.0, 9.5, 9.0][k];
                let growth = [1.18, 1.06, 1.15, 1.02, 1.01][k];
                let points: Vec<(i32, f64)> = (0..6)
                    .filter(|&t| !(k == 2 && t == 2)) // India lacks 2017: a gap
                    .map(|t| {
                        let v: f64 = base * f64::powi(growth, t);
                        (2015 + t, (v * 10.0).round() / 10.0)
                    })
                    .collect();
                let approx = if k == 0 { vec![2020] } else { vec![] };
                (key.to_string(), if zh { n_zh } else { n_en }.to_string(), colour.clone(), points, approx)
            })
            .collect();
        Case {
            size: Size::Wide,
            kind: ChartKind::Line,
            dom_id: "chart-ai-papers".into(),
            title: if zh { "人工智能论文数量" } else { "AI papers published" }.into(),
            subtitle: if zh { "2015—2020年，千篇" } else { "2015–2020, thousands" }.into(),
            description: if zh { "中国的论文数量增长最快。" } else { "China's output grew fastest." }.into(),
            lang: lang(lang_tag),
            unit: unit("count"),
            series,
            years: (2015..=2020).collect(),
            highlight: vec![],
            sort: Sort::None,
            scale: Scale::Linear,
            standalone: false,
        }
    }

    /// The masters data as grouped bars.
    pub fn masters_grouped(lang_tag: &str) -> Case {
        let mut c = Case::masters(lang_tag);
        c.kind = ChartKind::GroupedBar;
        c.dom_id = "chart-masters-grouped".into();
        c
    }

    /// The same chart at `size`.
    pub fn at(&self, size: Size) -> Case {
        Case { size, ..self.clone() }
    }

    /// The same chart wide and narrow.
    pub fn both(&self) -> [Case; 2] {
        [self.at(Size::Wide), self.at(Size::Narrow)]
    }

    /// The five kinds with the brief's data in `lang_tag`.
    pub fn all(lang_tag: &str) -> [Case; 5] {
        [
            Case::stem(lang_tag),
            Case::masters_grouped(lang_tag),
            Case::trend(lang_tag),
            Case::masters(lang_tag),
            Case::models(lang_tag),
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the SVG.

struct TextEl {
    text: String,
    class: String,
    bbox: [f64; 4],
}

fn attr_f(n: roxmltree::Node, name: &str) -> f64 {
    n.attribute(name).unwrap_or_else(|| panic!("<{}> lacks {name}", n.tag_name().name())).parse().unwrap()
}

fn texts(doc: &roxmltree::Document) -> Vec<TextEl> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            assert_eq!(n.attribute("dy"), Some("0.76em"));
            let anchor = match n.attribute("text-anchor") {
                Some("middle") => Anchor::Middle,
                Some("end") => Anchor::End,
                _ => Anchor::Start,
            };
            let text = n.text().unwrap_or("").to_string();
            let bbox = text_box(
                attr_f(n, "x"),
                attr_f(n, "y"),
                attr_f(n, "font-size"),
                n.attribute("font-weight") == Some("bold"),
                anchor,
                &text,
            );
            TextEl { text, class: n.attribute("class").unwrap_or("").to_string(), bbox }
        })
        .collect()
}

fn view_box(doc: &roxmltree::Document) -> (f64, f64) {
    let vb: Vec<f64> =
        doc.root_element().attribute("viewBox").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
    assert_eq!(&vb[..2], &[0.0, 0.0]);
    (vb[2], vb[3])
}

fn with_class<'a>(doc: &'a roxmltree::Document, tag: &str, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name(tag) && n.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == class)))
        .collect()
}

fn assert_texts_inside(svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let (w, h) = view_box(&doc);
    for t in texts(&doc) {
        let [l, top, r, b] = t.bbox;
        assert!(
            l >= 0.0 && top >= 0.0 && r <= w && b <= h,
            "text {:?} at {:?} leaves the viewBox 0 0 {w} {h}",
            t.text,
            t.bbox
        );
    }
}

fn assert_no_text_overlap(svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let ts = texts(&doc);
    for (i, a) in ts.iter().enumerate() {
        for b in &ts[i + 1..] {
            // Boxes by the measuring rule are generous vertically (ascent + descent > 1 em):
            // shrink them by 2 units so lines set 19 apart at size 15 do not count.
            let overlap_x = a.bbox[0] < b.bbox[2] - 1.0 && b.bbox[0] < a.bbox[2] - 1.0;
            let overlap_y = a.bbox[1] + 2.0 < b.bbox[3] - 2.0 && b.bbox[1] + 2.0 < a.bbox[3] - 2.0;
            assert!(!(overlap_x && overlap_y), "texts {:?} {:?} and {:?} {:?} overlap", a.text, a.bbox, b.text, b.bbox);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tests.

#[test]
fn bar_lengths_are_proportional_to_values() {
    for tag in ["zh", "en"] {
        let svg = Case::stem(tag).render();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let cn = with_class(&doc, "rect", "k0-f");
        let us = with_class(&doc, "rect", "k1-f");
        assert_eq!((cn.len(), us.len()), (1, 1), "{svg}");
        let ratio = attr_f(cn[0], "width") / attr_f(us[0], "width");
        let expected = 3_570_000.0 / 820_000.0;
        assert!((ratio / expected - 1.0).abs() < 0.01, "ratio {ratio} vs {expected}");
        // Both bars start at the same x (the zero line).
        assert_eq!(cn[0].attribute("x"), us[0].attribute("x"));
    }
}

#[test]
fn labels_title_and_values_are_drawn() {
    let svg = Case::stem("zh").render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let all: Vec<String> = texts(&doc).into_iter().map(|t| t.text).collect();
    for want in ["中国理工科毕业生是美国的四倍多", "2020年理工科毕业生，人", "中国", "美国", "357万", "82万"]
    {
        assert!(all.iter().any(|t| t == want), "{want} missing from {all:?}");
    }
    let svg = Case::stem("en").render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let all: Vec<String> = texts(&doc).into_iter().map(|t| t.text).collect();
    for want in ["China", "United States", "3.57 million", "820,000"] {
        assert!(all.iter().any(|t| t == want), "{want} missing from {all:?}");
    }
}

#[test]
fn root_is_responsive_and_accessible() {
    for case in
        [Case::stem("zh"), Case::masters("en"), Case::models("zh"), Case::trend("en"), Case::masters_grouped("zh")]
            .iter()
            .flat_map(Case::both)
    {
        let svg = case.render();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(view_box(&doc).0, f64::from(case.size.width()));
        assert!(root.attribute("width").is_none() && root.attribute("height").is_none());
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(root.attribute("class").unwrap().split(' ').any(|c| c == case.size.class()));
        // The narrow drawing's ids end in -narrow-…, so both can be in one page.
        let id = &format!("{}{}", case.dom_id, case.size.id_suffix());
        assert_eq!(root.attribute("id"), Some(format!("{id}-svg").as_str()));
        assert_eq!(root.attribute("aria-labelledby"), Some(format!("{id}-title {id}-desc").as_str()));
        let kids: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(kids[0].tag_name().name(), "title");
        assert_eq!(kids[0].attribute("id"), Some(format!("{id}-title").as_str()));
        assert_eq!(kids[0].text(), Some(case.title.as_str()));
        assert_eq!(kids[1].tag_name().name(), "desc");
        assert_eq!(kids[1].attribute("id"), Some(format!("{id}-desc").as_str()));
        assert_eq!(kids[1].text(), Some(case.description.as_str()));
        assert_eq!(kids[2].tag_name().name(), "style");
        // Inline: no namespace declaration, no background, and no rule on the root that would
        // outrank the page's (which shows one of the two drawings), but for the narrow drawing
        // hiding itself from pages whose stylesheet does not know it.
        assert!(!svg.contains("xmlns"));
        assert!(with_class(&doc, "rect", "bg-f").iter().all(|r| attr_f(*r, "width") < view_box(&doc).0));
        let root_rules = svg.matches(&format!("#{id}-svg{{")).count();
        match case.size {
            Size::Wide => assert_eq!(root_rules, 0, "{svg}"),
            Size::Narrow => {
                assert_eq!(root_rules, 1, "{svg}");
                assert!(svg.contains(&format!("\n#{id}-svg{{display:none}}\n")), "{svg}");
            }
        }
        assert_texts_inside(&svg);
        assert_no_text_overlap(&svg);
    }
}

#[test]
fn markup_in_names_and_titles_is_escaped() {
    let nasty = "<script>alert(\"x\")</script> & 'Co'";
    let mut case = Case::stem("en");
    case.title = nasty.into();
    case.description = nasty.into();
    case.series[0].1 = "<b>&amp;\"'".into();
    let svg = case.render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
    let root = doc.root_element();
    let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some(nasty));
    let desc = root.children().find(|n| n.has_tag_name("desc")).unwrap();
    assert_eq!(desc.text(), Some(nasty));
    let all = texts(&doc);
    let drawn_title: Vec<&str> =
        all.iter().filter(|t| t.class == "fg-f" && t.bbox[1] < 60.0).map(|t| t.text.as_str()).collect();
    assert_eq!(drawn_title.join(" "), nasty);
    assert!(all.iter().any(|t| t.text == "<b>&amp;\"'"));
}

#[test]
fn long_names_stay_inside_the_chart() {
    let long_zh = "中华人民共和国香港特别行政区与澳门特别行政区合计";
    let long_en = "The United Kingdom of Great Britain and Northern Ireland";
    for kind in [ChartKind::Bar, ChartKind::GroupedBar, ChartKind::Line, ChartKind::Slope, ChartKind::PartOfWhole] {
        for (tag, name) in [("zh", long_zh), ("en", long_en)] {
            let mut case = match kind {
                ChartKind::Bar => Case::stem(tag),
                ChartKind::GroupedBar => Case::masters_grouped(tag),
                ChartKind::Line => Case::trend(tag),
                ChartKind::Slope => Case::masters(tag),
                ChartKind::PartOfWhole => Case::models(tag),
            };
            case.series[0].1 = name.into();
            case.title = format!("{name}{name}{name}");
            case.standalone = true;
            for case in case.both() {
                let svg = case.render();
                assert_texts_inside(&svg);
                assert_no_text_overlap(&svg);
                // Nothing of the name is lost: its lines join back to it.
                let doc = roxmltree::Document::parse(&svg).unwrap();
                let joined: String = texts(&doc).into_iter().map(|t| t.text).collect();
                let squeezed: String = name.split_whitespace().collect();
                let size = case.size;
                assert!(joined.replace(' ', "").contains(&squeezed), "{kind:?} {tag} {size:?}: {name} not found whole");
            }
        }
    }
}

#[test]
fn extreme_names_and_many_series_stay_inside() {
    let huge = "The Democratic Republic of Somewhere With A Very Long Official Name Indeed (Provisional)";
    let huge_zh = "中华人民共和国香港特别行政区与澳门特别行政区以及台湾地区合计人数（估计）";
    let cases: Vec<Case> =
        [Case::stem("en"), Case::masters_grouped("zh"), Case::trend("en"), Case::masters("zh"), Case::models("en")]
            .into_iter()
            .flat_map(|base| {
                let mut one = base.clone();
                one.series[0].1 = huge.into();
                one.series[1].1 = huge_zh.into();
                // Twelve series with close values.
                let mut many = base.clone();
                let template = many.series[0].clone();
                for k in 0..10 {
                    let mut s = template.clone();
                    s.0 = format!("X{k}");
                    s.1 = format!("Country number {k}");
                    s.2 = SeriesColour::Palette(k);
                    for p in &mut s.3 {
                        p.1 = (p.1 * (1.0 + k as f64 / 100.0)).round();
                    }
                    many.series.push(s);
                }
                [one, many]
            })
            .flat_map(|c| c.both())
            .collect();
    for case in cases {
        let svg = case.render();
        assert_texts_inside(&svg);
        assert_no_text_overlap(&svg);
    }
}

#[test]
fn colours_differ_per_series_and_highlight_mutes_the_rest() {
    let svg = Case::trend("en").render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let mut fills: Vec<String> = (0..5)
        .map(|i| {
            let lines = with_class(&doc, "polyline", &format!("k{i}-s"));
            assert!(!lines.is_empty(), "series {i} has no line");
            lines[0].attribute("stroke").unwrap().to_string()
        })
        .collect();
    fills.sort();
    fills.dedup();
    assert_eq!(fills.len(), 5, "{fills:?}");

    let mut case = Case::stem("en");
    case.highlight = vec!["CN".into()];
    let svg = case.render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(with_class(&doc, "rect", "k0-f").len(), 1);
    assert!(with_class(&doc, "rect", "k1-f").is_empty());
    assert_eq!(with_class(&doc, "rect", "mute-f").len(), 1);
    let muted_label = texts(&doc).into_iter().find(|t| t.text == "United States").unwrap();
    assert_eq!(muted_label.class, "mutet-f");
}

#[test]
fn series_sharing_a_palette_colour_site_wide_differ_in_a_chart() {
    // On a site with more series keys than palette colours, slots 0 and 7 are both blue.
    let mut case = Case::trend("en");
    for (k, slot) in [0, 7, 14, 1, 2].into_iter().enumerate() {
        case.series[k].2 = SeriesColour::Palette(slot);
    }
    let svg = case.render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let strokes: Vec<&str> =
        (0..5).map(|i| with_class(&doc, "polyline", &format!("k{i}-s"))[0].attribute("stroke").unwrap()).collect();
    let distinct: std::collections::BTreeSet<&str> = strokes.iter().copied().collect();
    assert_eq!(distinct.len(), 5, "{strokes:?}");
    // The first of them keeps the site's colour.
    assert_eq!(strokes[0], "#0072b2");
}

#[test]
fn log_scale_positions_are_logarithmic() {
    let mut case = Case::trend("en");
    case.scale = Scale::Log;
    case.series.truncate(1);
    case.series[0].3 = vec![(2015, 10.0), (2016, 100.0), (2017, 1000.0), (2018, 10_000.0)];
    case.series[0].4 = vec![];
    case.years = vec![2015, 2016, 2017, 2018];
    let svg = case.render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let ys: Vec<f64> = with_class(&doc, "circle", "k0-f").into_iter().map(|n| attr_f(n, "cy")).collect();
    assert_eq!(ys.len(), 4);
    let d: Vec<f64> = ys.windows(2).map(|w| w[0] - w[1]).collect();
    for step in &d {
        assert!((step - d[0]).abs() <= 1.0, "{d:?}");
        assert!(*step > 20.0);
    }
    // And on a bar chart: 10× the value is a fixed distance further.
    let mut case = Case::stem("en");
    case.scale = Scale::Log;
    case.series[0].3 = vec![(2020, 100_000.0)];
    case.series[1].3 = vec![(2020, 10_000.0)];
    case.series.push(("JP".into(), "Japan".into(), SeriesColour::Palette(0), vec![(2020, 1_000.0)], vec![]));
    let svg = case.render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let w: Vec<f64> = (0..3).map(|i| attr_f(with_class(&doc, "rect", &format!("k{i}-f"))[0], "width")).collect();
    assert!(((w[0] - w[1]) - (w[1] - w[2])).abs() <= 1.0, "{w:?}");
}

#[test]
fn slope_draws_two_points_per_series() {
    let svg = Case::masters("en").render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // US: two filled points. China: a filled 2000 point and a hollow (estimated) 2020 point.
    assert_eq!(with_class(&doc, "circle", "k1-f").len(), 2);
    assert_eq!(with_class(&doc, "circle", "k0-f").len(), 1);
    assert_eq!(with_class(&doc, "circle", "k0-s").len(), 1);
    let all: Vec<String> = texts(&doc).into_iter().map(|t| t.text).collect();
    for want in ["China 0.1%", "~0.9% China", "United States 8.7%", "14.1% United States", "2000", "2020"] {
        assert!(all.iter().any(|t| t == want), "{want} missing from {all:?}");
    }
    assert!(all.iter().any(|t| t.contains("estimate")));
    // The estimated end is reached by a dashed line.
    let cn = with_class(&doc, "polyline", "k0-s");
    assert_eq!(cn.len(), 1);
    assert!(cn[0].attribute("stroke-dasharray").is_some());
    let us = with_class(&doc, "polyline", "k1-s");
    assert_eq!(us.len(), 1);
    assert!(us[0].attribute("stroke-dasharray").is_none());
}

#[test]
fn part_of_whole_draws_one_square_per_unit() {
    for tag in ["zh", "en"] {
        let svg = Case::models(tag).render();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let cn = with_class(&doc, "rect", "k0-f");
        let us = with_class(&doc, "rect", "k1-f");
        assert_eq!((cn.len(), us.len()), (13, 2));
        assert_eq!(doc.descendants().filter(|n| n.has_tag_name("rect")).count(), 15);
        let sizes: Vec<(f64, f64)> =
            cn.iter().chain(&us).map(|n| (attr_f(*n, "width"), attr_f(*n, "height"))).collect();
        assert!(sizes.iter().all(|s| *s == sizes[0] && s.0 == s.1));
        let all: Vec<String> = texts(&doc).into_iter().map(|t| t.text).collect();
        let want = if tag == "zh" { ["中国 13", "美国 2"] } else { ["China 13", "United States 2"] };
        for w in want {
            assert!(all.iter().any(|t| t == w), "{w} missing from {all:?}");
        }
    }
}

#[test]
fn part_of_whole_falls_back_to_a_stacked_bar() {
    let mut case = Case::models("en");
    case.series[0].3 = vec![(2025, 45.5)];
    case.series[1].3 = vec![(2025, 54.5)];
    let svg = case.render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let a = attr_f(with_class(&doc, "rect", "k0-f")[0], "width");
    let b = attr_f(with_class(&doc, "rect", "k1-f")[0], "width");
    assert!(((a + 2.0) / (a + b + 2.0) - 0.455).abs() < 0.01, "{a} {b}");
    // Large whole counts too.
    case.series[0].3 = vec![(2025, 300.0)];
    case.series[1].3 = vec![(2025, 100.0)];
    let svg = case.render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("rect")).count(), 2);
    assert_texts_inside(&svg);
}

#[test]
fn output_is_deterministic() {
    for case in Case::all("zh").iter().chain(&Case::all("en")).flat_map(Case::both) {
        assert_eq!(case.render(), case.render());
    }
}

#[test]
fn line_gaps_and_end_labels() {
    let svg = Case::trend("en").render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // India lacks 2017: its line is two pieces, none crossing 2016→2018.
    let india = with_class(&doc, "polyline", "k2-s");
    assert_eq!(india.len(), 2);
    for line in &india {
        let n = line.attribute("points").unwrap().split_whitespace().count();
        assert!(n == 2 || n == 3, "{n}");
    }
    // Every series is labelled at its end, and no two labels overlap.
    let all: Vec<String> = texts(&doc).into_iter().map(|t| t.text).collect();
    for name in ["China", "United States", "India", "Germany", "Japan"] {
        assert!(all.iter().any(|t| t.starts_with(name)), "{name}: {all:?}");
    }
    assert_no_text_overlap(&svg);
    // Germany and Japan end close together: nudged apart but both drawn.
    assert_texts_inside(&svg);
}

#[test]
fn sort_orders_bars_by_the_last_year() {
    let mut case = Case::stem("en");
    case.sort = Sort::Asc;
    let svg = case.render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let y_cn = attr_f(with_class(&doc, "rect", "k0-f")[0], "y");
    let y_us = attr_f(with_class(&doc, "rect", "k1-f")[0], "y");
    assert!(y_us < y_cn, "ascending: the smaller (US) bar comes first");
    case.sort = Sort::Desc;
    let svg = case.render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let y_cn = attr_f(with_class(&doc, "rect", "k0-f")[0], "y");
    let y_us = attr_f(with_class(&doc, "rect", "k1-f")[0], "y");
    assert!(y_cn < y_us);
}

#[test]
fn height_grows_with_the_number_of_bars() {
    let two = Case::stem("en");
    let mut eight = two.clone();
    for k in 0..6 {
        eight.series.push((
            format!("S{k}"),
            format!("Series {k}"),
            SeriesColour::Palette(k),
            vec![(2020, 100_000.0 * (k + 1) as f64)],
            vec![],
        ));
    }
    let h = |c: &Case| {
        let svg = c.render();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        view_box(&doc).1
    };
    assert!(h(&eight) > h(&two) + 6.0 * 30.0);
}

#[test]
fn standalone_files_carry_namespace_style_and_background() {
    let mut case = Case::masters("zh");
    case.standalone = true;
    let svg = case.render();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let bg = with_class(&doc, "rect", "bg-f");
    assert_eq!(bg.len(), 1);
    let (w, h) = view_box(&doc);
    assert_eq!((attr_f(bg[0], "width"), attr_f(bg[0], "height")), (w, h));
    assert!(svg.contains("@media (prefers-color-scheme:dark)"));
    // The file follows the system; an inline chart follows its page's color-scheme.
    assert!(svg.contains("color-scheme:light dark"));
    case.standalone = false;
    let inline = case.render();
    assert!(!inline.contains("color-scheme:light dark"));
    assert!(inline.contains("light-dark("));
}

#[test]
fn one_drawing_gives_the_inline_and_the_standalone_document() {
    for tag in ["zh", "en"] {
        let mut with_rings = Case::trend(tag);
        with_rings.series[0].4 = vec![2016, 2018];
        for mut case in [Case::stem(tag), Case::masters(tag), Case::models(tag), with_rings, Case::masters_grouped(tag)]
        {
            let (inline, standalone) = case.with_input(render_inline_and_standalone).unwrap();
            assert_eq!(inline, case.render());
            case.standalone = true;
            assert_eq!(standalone, case.render());
        }
    }
}

/// Parses the scoped `<style>` into (class, property, light colour, dark colour).
fn style_rules(svg: &str) -> Vec<(String, String, Rgb, Rgb)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let style = doc.descendants().find(|n| n.has_tag_name("style")).unwrap().text().unwrap().to_string();
    let (light, dark) = style.split_once("@media (prefers-color-scheme:dark){").unwrap();
    let parse = |block: &str, dark: bool| -> BTreeMap<(String, String), Rgb> {
        block
            .lines()
            .filter_map(|l| {
                let (sel, body) = l.split_once(" .")?.1.split_once('{')?;
                let (prop, value) = body.trim_end_matches('}').split_once(':')?;
                let value = if dark {
                    // light-dark(LIGHT,DARK): the dark mode colour is the second.
                    let inner = value.strip_prefix("light-dark(")?.strip_suffix(')')?;
                    let (_, d) = inner.rsplit_once(",var(").map_or_else(
                        || inner.split_once(',').map(|(l, d)| (l.to_string(), d.to_string())),
                        |(l, d)| Some((l.to_string(), format!("var({d}"))),
                    )?;
                    d
                } else {
                    value.to_string()
                };
                let hex = value.trim_start_matches("var(--chart-bg,").trim_end_matches(')');
                Some(((sel.to_string(), prop.to_string()), Rgb::parse(hex)?))
            })
            .collect()
    };
    let (l, d) = (parse(light, false), parse(dark, true));
    assert!(d.keys().all(|k| l.contains_key(k)), "no dark rule without a light one");
    // A class without a dark rule keeps its light colour in dark mode.
    l.into_iter()
        .map(|((class, prop), lc)| {
            let dc = d.get(&(class.clone(), prop.clone())).copied().unwrap_or(lc);
            (class, prop, lc, dc)
        })
        .collect()
}

#[test]
fn every_colour_passes_contrast_in_light_and_dark() {
    let mut cases =
        vec![Case::stem("zh"), Case::masters("en"), Case::models("zh"), Case::trend("en"), Case::masters_grouped("zh")];
    let mut muted = Case::trend("zh");
    muted.highlight = vec!["CN".into()];
    cases.push(muted);
    let mut many = Case::trend("en");
    for (k, s) in many.series.iter_mut().enumerate() {
        s.2 = SeriesColour::Palette(k + 3); // includes orange, sky blue and yellow
    }
    cases.push(many);
    for case in cases {
        let svg = case.render();
        let rules = style_rules(&svg);
        assert!(!rules.is_empty());
        for (class, _prop, light, dark) in rules {
            let name = class.split('-').next().unwrap();
            let need = if name.starts_with("kt") || ["fg", "soft", "mutet"].contains(&name) {
                TEXT_RATIO
            } else if name.starts_with('k') || ["mute", "axis"].contains(&name) {
                GRAPHIC_RATIO
            } else {
                1.0
            };
            assert!(
                light.contrast(LIGHT_BG) >= need && dark.contrast(DARK_BG) >= need,
                "{class}: {} {:.2} / {} {:.2} need {need}",
                light.hex(),
                light.contrast(LIGHT_BG),
                dark.hex(),
                dark.contrast(DARK_BG)
            );
        }
        // Every text is coloured by a class (so it follows the theme).
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert!(texts(&doc).iter().all(|t| !t.class.is_empty()));
    }
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let mut c = Case::stem("en");
    c.years = vec![2019, 2020];
    assert!(matches!(c.try_render(), Err(ChartError::Years { .. })));
    let mut c = Case::masters("en");
    c.years = vec![2020];
    assert!(matches!(c.try_render(), Err(ChartError::Years { .. })));
    let mut c = Case::trend("en");
    c.years = vec![2015, 2015];
    assert!(matches!(c.try_render(), Err(ChartError::Years { .. })));
    let mut c = Case::stem("en");
    c.series.clear();
    assert!(matches!(c.try_render(), Err(ChartError::Empty { .. })));
    let mut c = Case::stem("en");
    c.dom_id = "x\" onload=\"alert(1)".into();
    assert!(matches!(c.try_render(), Err(ChartError::BadId(_))));
    let mut c = Case::stem("en");
    c.series[0].3 = vec![(2020, f64::NAN)];
    assert!(matches!(c.try_render(), Err(ChartError::BadValue { .. })));
    let mut c = Case::stem("en");
    c.scale = Scale::Log;
    c.series[0].3 = vec![(2020, 0.0)];
    assert!(matches!(c.try_render(), Err(ChartError::BadValue { .. })));
    let mut c = Case::stem("en");
    c.series[0].3 = vec![(2019, 1.0)];
    assert!(matches!(c.try_render(), Err(ChartError::MissingValue { .. })));
    let mut c = Case::stem("en");
    c.series[0].2 = SeriesColour::Fixed("red".into());
    assert!(matches!(c.try_render(), Err(ChartError::BadColour { .. })));
    let mut c = Case::models("en");
    c.series[0].3 = vec![(2025, 0.0)];
    c.series[1].3 = vec![(2025, 0.0)];
    assert!(matches!(c.try_render(), Err(ChartError::Empty { .. })));
    let mut c = Case::models("en");
    c.series[0].3 = vec![(2025, -1.0)];
    assert!(matches!(c.try_render(), Err(ChartError::BadValue { .. })));
    let mut c = Case::trend("en");
    c.years = vec![1999];
    assert!(matches!(c.try_render(), Err(ChartError::Empty { .. })));
    // Odd but valid input draws: all zeros, negatives, one series, one year.
    let mut c = Case::stem("en");
    c.series[0].3 = vec![(2020, 0.0)];
    c.series[1].3 = vec![(2020, 0.0)];
    assert_texts_inside(&c.render());
    let mut c = Case::stem("en");
    c.series[0].3 = vec![(2020, -2.5)];
    c.series[1].3 = vec![(2020, 4.0)];
    c.unit = unit("percent");
    let svg = c.render();
    assert_texts_inside(&svg);
    assert_no_text_overlap(&svg);
    let mut c = Case::trend("zh");
    c.years = vec![2018];
    assert_texts_inside(&c.render());
}

#[test]
fn grouped_bars_write_each_year() {
    let svg = Case::masters_grouped("en").render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // China 2000 and 2020 (the latter estimated: hollow), US 2000 and 2020.
    assert_eq!(with_class(&doc, "rect", "k1-f").len(), 2);
    assert_eq!(with_class(&doc, "rect", "k0-f").len(), 2); // one solid, one outline
    let all: Vec<String> = texts(&doc).into_iter().map(|t| t.text).collect();
    assert_eq!(all.iter().filter(|t| *t == "2000").count(), 2);
    assert_eq!(all.iter().filter(|t| *t == "2020").count(), 2);
    for want in ["0.1%", "~0.9%", "8.7%", "14.1%"] {
        assert!(all.iter().any(|t| t == want), "{want} missing from {all:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The narrow drawing (phones).

/// Marks drawn in series `i`'s colour: bars, squares, points, lines (not the 1-unit leaders that
/// tie moved labels to their lines, which depend on where the labels went).
fn series_marks(doc: &roxmltree::Document, i: usize) -> usize {
    ["rect", "circle", "polyline"]
        .iter()
        .flat_map(|tag| [with_class(doc, tag, &format!("k{i}-f")), with_class(doc, tag, &format!("k{i}-s"))])
        .flatten()
        .filter(|n| !(n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("1")))
        .count()
}

#[test]
fn every_kind_fits_the_narrow_width_in_both_languages() {
    let mut cases: Vec<Case> = Vec::new();
    for tag in ["zh", "en"] {
        for base in Case::all(tag) {
            let mut highlighted = base.clone();
            highlighted.highlight = vec!["CN".into()];
            let mut standalone = base.clone();
            standalone.standalone = true;
            cases.extend([base, highlighted, standalone]);
        }
        // A long subtitle of parts, as the pages write them; values with long units.
        let mut capex = Case::stem(tag);
        capex.subtitle = if tag == "zh" {
            "美国的数值按分析师给出的两国比例推算 · 2025年 · 美元"
        } else {
            "The US value is inferred from the analyst's ratio between the two countries · 2025 · US$"
        }
        .into();
        capex.unit = unit("currency:USD");
        capex.series[0].3 = vec![(2020, 56.58e9)];
        capex.series[1].3 = vec![(2020, 566e9)];
        capex.series[0].4 = vec![2020];
        cases.push(capex);
        let mut negative = Case::stem(tag);
        negative.unit = unit("percent");
        negative.series[0].3 = vec![(2020, -12.5)];
        negative.series[1].3 = vec![(2020, 40.0)];
        cases.push(negative);
        let mut log = Case::trend(tag);
        log.scale = Scale::Log;
        cases.push(log);
    }
    for case in cases {
        let case = case.at(Size::Narrow);
        let svg = case.render();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(view_box(&doc).0, 360.0);
        assert_texts_inside(&svg);
        assert_no_text_overlap(&svg);
        // Text keeps its size: on a phone the drawing is shown near 1:1, so 16 units read as
        // about 15 px.
        for n in doc.descendants().filter(|n| n.has_tag_name("text")) {
            assert!(attr_f(n, "font-size") >= 15.0, "{svg}");
        }
    }
}

#[test]
fn both_sizes_carry_the_same_data() {
    for case in Case::all("zh").iter().chain(&Case::all("en")) {
        let [wide, narrow] = case.both().map(|c| c.render());
        let (dw, dn) = (roxmltree::Document::parse(&wide).unwrap(), roxmltree::Document::parse(&narrow).unwrap());
        for i in 0..case.series.len() {
            assert_eq!(series_marks(&dw, i), series_marks(&dn, i), "{:?} series {i}", case.kind);
            assert!(series_marks(&dn, i) > 0);
        }
        // Every series' last value is written in both.
        let fv = |v: f64| format::value(v, &case.unit, &case.lang, Style::default());
        for doc in [&dw, &dn] {
            let joined: Vec<String> = texts(doc).into_iter().map(|t| t.text).collect();
            let joined = joined.join(" ");
            for (_, name, _, points, _) in &case.series {
                let (_, last) = points.last().unwrap();
                assert!(joined.contains(&fv(*last)), "{:?}: {} of {name} missing from {joined}", case.kind, fv(*last));
            }
        }
    }
}

#[test]
fn narrow_bars_are_as_long_relative_to_each_other_as_wide_ones() {
    for case in [Case::stem("zh"), Case::stem("en"), Case::masters_grouped("en")] {
        let widths = |c: Case| -> Vec<f64> {
            let doc_text = c.render();
            let doc = roxmltree::Document::parse(&doc_text).unwrap();
            let mut rects: Vec<(f64, f64)> = (0..c.series.len())
                .flat_map(|i| with_class(&doc, "rect", &format!("k{i}-f")))
                .map(|n| (attr_f(n, "y"), attr_f(n, "width")))
                .collect();
            rects.sort_by(|a, b| a.0.total_cmp(&b.0));
            rects.into_iter().map(|r| r.1).collect()
        };
        let [w, n] = case.both().map(widths);
        assert_eq!(w.len(), n.len());
        let (wmax, nmax) = (w.iter().copied().fold(0.0, f64::max), n.iter().copied().fold(0.0, f64::max));
        for (a, b) in w.iter().zip(&n) {
            // Within the rounding of the narrow drawing's whole units.
            assert!((a / wmax - b / nmax).abs() <= 1.5 / nmax, "{w:?} {n:?}");
        }
    }
}

#[test]
fn narrow_bars_put_names_above_when_they_do_not_fit_beside() {
    // "United States" beside a bar would take a third of a phone's width: above, the bars
    // get the whole width.
    let narrow = Case::stem("en").at(Size::Narrow).render();
    let doc = roxmltree::Document::parse(&narrow).unwrap();
    let us_bar = with_class(&doc, "rect", "k1-f")[0];
    let us = texts(&doc).into_iter().find(|t| t.text == "United States").unwrap();
    assert_eq!(us.bbox[0], 12.0);
    assert!(us.bbox[3] <= attr_f(us_bar, "y"), "{:?} above {}", us.bbox, attr_f(us_bar, "y"));
    assert_eq!(attr_f(us_bar, "x"), 12.0);
    // Wide, and narrow with short Chinese names: beside, right-aligned before the bars.
    for case in [Case::stem("en"), Case::stem("zh").at(Size::Narrow)] {
        let svg = case.render();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let bar = with_class(&doc, "rect", "k1-f")[0];
        let name = texts(&doc).into_iter().find(|t| t.text == case.series[1].1).unwrap();
        assert!(name.bbox[2] < attr_f(bar, "x"));
        let middle = attr_f(bar, "y") + attr_f(bar, "height") / 2.0;
        assert!(name.bbox[1] < middle && middle < name.bbox[3], "{:?} beside {middle}", name.bbox);
    }
}

#[test]
fn narrow_axes_have_fewer_ticks_on_a_domain_as_tight() {
    let grid_xs = |svg: &str| -> Vec<i64> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let mut xs: Vec<i64> = with_class(&doc, "polyline", "grid-s")
            .into_iter()
            .map(|n| n.attribute("points").unwrap().split(',').next().unwrap().parse().unwrap())
            .collect();
        xs.dedup();
        xs
    };
    for tag in ["zh", "en"] {
        let case = Case::stem(tag);
        let [w, n] = case.both().map(|c| grid_xs(&c.render()));
        assert!(n.len() <= w.len(), "{w:?} {n:?}");
        assert!(n.len() >= 2);
    }
    // 566 on a narrow axis: the domain stays 0–600 (ticks every 200), not 0–1000, so the
    // longest bar spans most of the plot.
    let mut capex = Case::stem("en");
    capex.unit = unit("count");
    capex.series[0].3 = vec![(2020, 56.0)];
    capex.series[1].3 = vec![(2020, 566.0)];
    let svg = capex.at(Size::Narrow).render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let ticks: Vec<String> =
        texts(&doc).into_iter().filter(|t| t.class == "soft-f" && t.bbox[1] > 100.0).map(|t| t.text).collect();
    assert!(ticks.iter().all(|t| t.parse::<f64>().is_ok_and(|v| v <= 600.0)), "{ticks:?}");
    let bar = with_class(&doc, "rect", "k1-f")[0];
    // The plot ends where the widest value label still fits after it.
    let plot_end = 360.0 - 12.0 - super::measure::width("566", 16.0, false) - 8.0;
    let share = attr_f(bar, "width") / (plot_end - attr_f(bar, "x"));
    assert!(share > 0.9, "566 takes {share} of the plot: {ticks:?}");
}

#[test]
fn narrow_end_labels_split_name_and_value() {
    // Line: "United States 32.1" is too long for a phone's label column: the value goes under
    // the name, at the same x.
    let svg = Case::trend("en").at(Size::Narrow).render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let all = texts(&doc);
    let name = all.iter().find(|t| t.text == "United States").unwrap();
    let value = all.iter().find(|t| t.text == "32.1").unwrap();
    assert_eq!(name.bbox[0], value.bbox[0]);
    assert!(value.bbox[1] > name.bbox[1]);
    // Slope: the left end carries the value only, the right end the value over the name.
    let svg = Case::masters("en").at(Size::Narrow).render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let all: Vec<String> = texts(&doc).into_iter().map(|t| t.text).collect();
    for want in ["8.7%", "0.1%", "14.1%", "United States", "~0.9% China"] {
        assert!(all.iter().any(|t| t == want), "{want} missing from {all:?}");
    }
    assert!(!all.iter().any(|t| t == "United States 8.7%"), "{all:?}");
    // In Chinese the names are short: both ends keep them.
    let svg = Case::masters("zh").at(Size::Narrow).render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let all: Vec<String> = texts(&doc).into_iter().map(|t| t.text).collect();
    for want in ["中国 0.1%", "约0.9% 中国", "美国 8.7%", "14.1% 美国"] {
        assert!(all.iter().any(|t| t == want), "{want} missing from {all:?}");
    }
}

#[test]
fn narrow_titles_wrap_into_even_lines_within_the_width() {
    let mut case = Case::models("en").at(Size::Narrow);
    case.title = "Where the world's top 15 image-to-video models come from".into();
    let svg = case.render();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let title: Vec<TextEl> = texts(&doc).into_iter().filter(|t| t.bbox[3] - t.bbox[1] > 21.0).collect();
    assert!(title.len() >= 2);
    let joined: Vec<&str> = title.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(joined.join(" "), case.title);
    let widths: Vec<f64> = title.iter().map(|t| t.bbox[2] - t.bbox[0]).collect();
    assert!(widths.iter().all(|w| *w <= 336.0));
    // No last line of a word or two: the lines are within a third of each other.
    let (lo, hi) = (widths.iter().copied().fold(f64::MAX, f64::min), widths.iter().copied().fold(0.0, f64::max));
    assert!(lo > hi * 0.6, "{joined:?} {widths:?}");
}

/// Writes every kind in both languages, inline in HTML pages (wide at 640 px and narrow at 360 px,
/// light and dark)
/// and as standalone files, for looking at: `CHART_SAMPLES=/tmp/charts cargo test --lib
/// chart::tests::write_samples -- --ignored`.
#[test]
#[ignore]
fn write_samples() {
    let dir = std::path::PathBuf::from(std::env::var("CHART_SAMPLES").unwrap_or_else(|_| "/tmp/chart-samples".into()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut cases: Vec<(String, Case)> = Vec::new();
    for tag in ["zh", "en"] {
        cases.push((format!("bar-{tag}"), Case::stem(tag)));
        cases.push((format!("grouped-{tag}"), Case::masters_grouped(tag)));
        cases.push((format!("line-{tag}"), Case::trend(tag)));
        cases.push((format!("slope-{tag}"), Case::masters(tag)));
        cases.push((format!("part-{tag}"), Case::models(tag)));
        let mut hl = Case::trend(tag);
        hl.highlight = vec!["CN".into(), "IN".into()];
        hl.dom_id = "chart-hl".into();
        cases.push((format!("line-highlight-{tag}"), hl));
        let mut long = Case::stem(tag);
        long.dom_id = "chart-long".into();
        long.series[0].1 = if tag == "zh" {
            "中华人民共和国香港特别行政区与澳门特别行政区合计".into()
        } else {
            "The United Kingdom of Great Britain and Northern Ireland".into()
        };
        long.sort = Sort::Desc;
        for k in 0..4 {
            long.series.push((
                format!("S{k}"),
                format!("{} {k}", if tag == "zh" { "国家" } else { "Country" }),
                SeriesColour::Palette(k),
                vec![(2020, 400_000.0 * (k + 1) as f64)],
                if k == 2 { vec![2020] } else { vec![] },
            ));
        }
        cases.push((format!("bar-long-{tag}"), long));
        let mut waffle = Case::models(tag);
        waffle.dom_id = "chart-waffle-big".into();
        waffle.series[0].3 = vec![(2025, 61.0)];
        waffle.series[1].3 = vec![(2025, 40.0)];
        waffle.series.push((
            "EU".into(),
            if tag == "zh" { "欧盟" } else { "European Union" }.into(),
            SeriesColour::Palette(2),
            vec![(2025, 12.0)],
            vec![2025],
        ));
        cases.push((format!("part-big-{tag}"), waffle));
        let mut stacked = Case::models(tag);
        stacked.dom_id = "chart-stacked".into();
        stacked.unit = unit("percent");
        stacked.series[0].3 = vec![(2025, 45.5)];
        stacked.series[1].3 = vec![(2025, 38.2)];
        stacked.series.push((
            "EU".into(),
            if tag == "zh" { "欧盟" } else { "European Union" }.into(),
            SeriesColour::Palette(2),
            vec![(2025, 16.3)],
            vec![],
        ));
        cases.push((format!("part-stacked-{tag}"), stacked));
        let mut log = Case::trend(tag);
        log.dom_id = "chart-log".into();
        log.scale = Scale::Log;
        cases.push((format!("line-log-{tag}"), log));
    }
    for (name, base) in [
        ("line-many-en", Case::trend("en")),
        ("slope-many-zh", Case::masters("zh")),
        ("part-many-en", Case::models("en")),
        ("grouped-many-zh", Case::masters_grouped("zh")),
    ] {
        let mut many = base.clone();
        many.dom_id = "chart-many".into();
        many.series[1].1 = if name.ends_with("zh") {
            "中华人民共和国香港特别行政区与澳门特别行政区以及台湾地区合计人数（估计）".into()
        } else {
            "The Democratic Republic of Somewhere With A Very Long Official Name Indeed (Provisional)".into()
        };
        let template = many.series[0].clone();
        for k in 0..6 {
            let mut s = template.clone();
            s.0 = format!("X{k}");
            s.1 = if name.ends_with("zh") { format!("国家{k}") } else { format!("Country {k}") };
            s.2 = SeriesColour::Palette(k);
            s.4 = vec![];
            for p in &mut s.3 {
                p.1 = (p.1 * (1.0 + k as f64 / 20.0) * 10.0).round() / 10.0;
            }
            many.series.push(s);
        }
        cases.push((name.to_string(), many));
    }
    for (name, case) in &cases {
        let inline = case.render();
        let mut narrow = case.clone();
        narrow.size = Size::Narrow;
        let narrow = narrow.render();
        let mut sa = case.clone();
        sa.standalone = true;
        std::fs::write(dir.join(format!("{name}.svg")), sa.render()).unwrap();
        for (theme, bg, fg) in [("light", "#ffffff", "#1d2125"), ("dark", "#16181d", "#e8eaed")] {
            let html = format!(
                "<!doctype html><html lang=\"{lang}\"><meta charset=\"utf-8\"><style>\
                 :root{{color-scheme:{theme}}} body{{margin:8px;background:{bg};color:{fg};\
                 font-family:sans-serif}} .row{{display:flex;gap:24px;align-items:flex-start}}\
                 .w640{{width:640px;outline:1px dashed #8888}} .w360{{width:360px;outline:1px dashed #8888}}\
                 </style><div class=\"row\"><div class=\"w640\">{inline}</div>\
                 <div class=\"w360\">{narrow}</div></div></html>",
                lang = case.lang.default_html_lang(),
            );
            std::fs::write(dir.join(format!("{name}-{theme}.html")), html).unwrap();
        }
    }
}

/// Writes a page that compares the measuring rule with the browser's own text widths:
/// `CHART_SAMPLES=/tmp/charts cargo test --lib chart::tests::write_measure_page -- --ignored`,
/// then `chromium --headless --dump-dom file:///tmp/charts/measure.html`.
#[test]
#[ignore]
fn write_measure_page() {
    use super::measure::width;
    let dir = std::path::PathBuf::from(std::env::var("CHART_SAMPLES").unwrap_or_else(|_| "/tmp/chart-samples".into()));
    std::fs::create_dir_all(&dir).unwrap();
    let samples = [
        "中国",
        "美国",
        "中华人民共和国香港特别行政区",
        "357万",
        "约0.9%",
        "3.57 million",
        "United States",
        "The United Kingdom of Great Britain and Northern Ireland",
        "WWWWWWWWWW",
        "iiiiiiiiii",
        "0123456789",
        "14.1% United States",
        "Hollow marks are estimates",
        "2015–2020, thousands",
        "“引号”（括号）：标点。",
        "Adults with a master's degree or higher",
        "Müller Ångström café",
        "Россия",
        "Ελλάδα",
        "mmmmmmmmmm",
        "@@@@",
        "%%%%",
    ];
    let mut texts = String::new();
    let mut ours = Vec::new();
    for (k, s) in samples.iter().enumerate() {
        for (size, bold) in [(16.0, false), (21.0, true)] {
            let y = 30 + 30 * (ours.len());
            texts.push_str(&format!(
                "<text x=\"10\" y=\"{y}\" font-size=\"{size}\"{}>{}</text>",
                if bold { " font-weight=\"bold\"" } else { "" },
                super::draw::escape(s)
            ));
            ours.push(format!("[{k},{size},{}]", width(s, size, bold)));
        }
    }
    let html = format!(
        "<!doctype html><meta charset=utf-8><body><svg id=m width=1400 height={h} \
         style=\"font-family:{ff};font-variant-numeric:tabular-nums\">{texts}</svg>\
         <pre id=out></pre><script>const ours=[{ours}];const t=[...document.querySelectorAll('text')];\
         let lines=[];let worst=0;t.forEach((e,i)=>{{const b=e.getBBox().width;const r=ours[i][2]/b;\
         worst=Math.max(worst,b/ours[i][2]);lines.push(r.toFixed(3)+' '+b.toFixed(1)+' '+ours[i][2].toFixed(1)+' '+e.textContent);}});\
         lines.push('max browser/ours '+worst.toFixed(3));document.getElementById('out').textContent=lines.join('\\n');</script>",
        h = 40 + 30 * ours.len(),
        ff = super::draw::FONT_FAMILY,
        ours = ours.join(","),
    );
    std::fs::write(dir.join("measure.html"), html).unwrap();
}
