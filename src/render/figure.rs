//! Figures: a chart as readers get it — the SVG inline, a caption with source and notes, the
//! numbers as a table, and links to the data (CSV) and the chart (standalone SVG).
//!
//! The SVG is inline twice, laid out for a desktop column and for a phone (see
//! [`crate::chart::Size`]); the stylesheet shows one of them by the width of the screen. The
//! standalone file is the wide drawing.
//!
//! Also writes those two downloads. The drawing itself is `crate::chart`'s job.

use std::fmt::Write as _;

use crate::chart::{self, ChartInput, ChartSeries, Size};
use crate::format::{self, Style};
use crate::lang::Lang;
use crate::load::frontmatter::{ChartKind, Year};
use crate::resolve::{Chart, Indicator, SeriesColour, Site};

use super::shortcodes::{escape_into, source_line};

/// The id of a chart's `<figure>` in a page (`chart-stem-graduates`), also the SVG's id prefix.
pub fn dom_id(chart_id: &str) -> String {
    format!("chart-{chart_id}")
}

/// Where the CSV of an indicator is published, relative to the site root.
pub fn csv_path(indicator_id: &str) -> String {
    format!("data/{indicator_id}.csv")
}

/// Where the standalone SVG of a chart is published, relative to the site root.
pub fn svg_path(lang: &Lang, chart_id: &str) -> String {
    format!("{lang}/charts/{chart_id}.svg")
}

/// A chart as a page shows it, with its standalone file drawn from the same drawing.
pub struct Figure {
    /// The full `<figure>`.
    pub html: String,
    /// The standalone `.svg` file (see [`svg_path`]).
    pub standalone: String,
}

/// The figure for `chart_id` on a page in `lang`.
pub fn figure(site: &Site, lang: &Lang, chart_id: &str) -> Result<Figure, String> {
    let chart = site.charts.get(chart_id).ok_or_else(|| format!("unknown chart `{chart_id}`"))?;
    let indicator = indicator_of(site, chart)?;
    let id = dom_id(&chart.id);
    let [wide, standalone, narrow] = draw(site, lang, chart, indicator, &id, [Want::WideAndStandalone, Want::Narrow])?;
    let t = |key: &'static str| site.i18n.ui(lang, key);
    let base = &site.config.base_url;
    // The figure is built in one buffer: its two drawings are most of a page's bytes.
    let mut html = String::with_capacity(wide.len() + narrow.len() + 4096);
    let _ = write!(html, "<figure class=\"chart chart-{}\" id=\"{id}\">\n<div class=\"chart-svg\">", chart.kind.name());
    html.push_str(&wide);
    html.push('\n');
    html.push_str(&narrow);
    html.push_str("</div>\n<figcaption>");
    let source = source_line(site, lang, indicator);
    if !source.is_empty() {
        html.push_str("<p class=\"chart-source\">");
        escape_into(&mut html, &source);
        html.push_str("</p>");
    }
    let default = &site.config.default_language;
    let notes = [chart.notes.get_or(lang, default), indicator.notes.get_or(lang, default)];
    for note in notes.into_iter().flatten() {
        html.push_str("<p class=\"chart-note\">");
        escape_into(&mut html, t("note"));
        html.push_str(if lang.is_chinese() { "：" } else { ": " });
        escape_into(&mut html, note);
        html.push_str("</p>");
    }
    html.push_str("<p class=\"chart-links\">");
    for (i, (path, label)) in
        [(csv_path(&indicator.id), "download_csv"), (svg_path(lang, &chart.id), "download_svg")].iter().enumerate()
    {
        html.push_str(if i == 0 { "<a href=\"" } else { " <a href=\"" });
        escape_into(&mut html, &base.href(path));
        html.push_str("\" download>");
        escape_into(&mut html, t(label));
        html.push_str("</a>");
    }
    html.push_str("</p>\n<details class=\"chart-data\"><summary>");
    // The data table sits inside the caption: a figcaption must be the figure's first or last
    // child.
    escape_into(&mut html, t("show_data"));
    html.push_str("</summary>\n");
    html.push_str(super::markdown::TABLE_OPEN);
    data_table(&mut html, site, lang, chart, indicator);
    html.push_str("</div></details></figcaption>\n</figure>\n");
    Ok(Figure { html, standalone: standalone_file(standalone) })
}

/// The standalone SVG file of a chart in `lang`.
/// (Pages draw it together with their figure; this is for charts no page of `lang` shows.)
pub fn standalone_svg(site: &Site, lang: &Lang, chart: &Chart) -> Result<String, String> {
    let indicator = indicator_of(site, chart)?;
    let [svg] = draw(site, lang, chart, indicator, &dom_id(&chart.id), [Want::Standalone])?;
    Ok(standalone_file(svg))
}

/// The drawing as a file of its own, its buffer reused (`format!` would copy it, growing its
/// output step by step).
fn standalone_file(mut svg: String) -> String {
    svg.insert_str(0, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg.push('\n');
    svg
}

/// The drawings [`draw`] can make. `WideAndStandalone` makes two documents from one drawing.
#[derive(Clone, Copy)]
enum Want {
    WideAndStandalone,
    Narrow,
    Standalone,
}

impl Want {
    fn documents(self) -> usize {
        match self {
            Want::WideAndStandalone => 2,
            Want::Narrow | Want::Standalone => 1,
        }
    }
}

fn indicator_of<'a>(site: &'a Site, chart: &Chart) -> Result<&'a Indicator, String> {
    site.indicators.get(&chart.indicator).ok_or_else(|| format!("unknown indicator `{}`", chart.indicator))
}

/// Draws the chart in `lang` for each of `wants`, returning `M` documents in order. The texts
/// and series they share (the description alone formats every value) are prepared once.
fn draw<const N: usize, const M: usize>(
    site: &Site,
    lang: &Lang,
    chart: &Chart,
    indicator: &Indicator,
    id: &str,
    wants: [Want; N],
) -> Result<[String; M], String> {
    let default = &site.config.default_language;
    let label = indicator.label.get_or(lang, default).unwrap_or(&indicator.id);
    let title = chart.title.get_or(lang, default).unwrap_or(label);
    let subtitle = subtitle(site, lang, chart, indicator);
    let description = match chart.description.get_or(lang, default) {
        Some(d) => d.to_string(),
        None => describe(site, lang, chart, indicator, label),
    };
    let series = chart_series(site, lang, chart, indicator);
    let unit = &indicator.unit;
    let format_value = |v: f64| format::value(v, unit, lang, Style::default());
    let format_tick = |v: f64| format::compact(v, unit, lang);
    let mut documents: Vec<String> = Vec::with_capacity(M);
    for want in wants {
        let (size, standalone) = match want {
            Want::WideAndStandalone => (Size::Wide, false),
            Want::Narrow => (Size::Narrow, false),
            Want::Standalone => (Size::Wide, true),
        };
        let input = ChartInput {
            kind: chart.kind,
            size,
            dom_id: id,
            title,
            subtitle: &subtitle,
            description: &description,
            lang,
            series: series.clone(),
            years: chart.years.clone(),
            highlight: chart.highlight.clone(),
            sort: chart.sort,
            scale: chart.scale,
            format_value: &format_value,
            format_tick: &format_tick,
            standalone,
        };
        let failed = |e: chart::ChartError| format!("chart `{}` cannot be drawn: {e}", chart.id);
        if want.documents() == 2 {
            let (inline, standalone) = chart::render_inline_and_standalone(&input).map_err(failed)?;
            documents.extend([inline, standalone]);
        } else {
            documents.push(chart::render_svg(&input).map_err(failed)?);
        }
    }
    documents.try_into().map_err(|_| format!("chart `{}`: internal error: wrong number of drawings", chart.id))
}

fn chart_series(site: &Site, lang: &Lang, chart: &Chart, indicator: &Indicator) -> Vec<ChartSeries> {
    chart
        .series
        .iter()
        .filter_map(|key| indicator.series(key))
        .map(|s| {
            let wanted = |y: &Year| chart.years.contains(y);
            ChartSeries {
                key: s.key.clone(),
                name: site.i18n.series_name(lang, &s.key).to_string(),
                colour: site.series_colours.get(&s.key).cloned().unwrap_or(SeriesColour::Palette(0)),
                points: s.points.iter().filter(|(y, _)| wanted(y)).map(|(y, p)| (*y, p.value)).collect(),
                approx: s
                    .points
                    .iter()
                    .filter(|(y, p)| wanted(y) && (p.approx || indicator.approx))
                    .map(|(y, _)| *y)
                    .collect(),
            }
        })
        .collect()
}

/// "中美对比 · 2020年 · 人": the author's subtitle, the years drawn and the unit.
fn subtitle(site: &Site, lang: &Lang, chart: &Chart, indicator: &Indicator) -> String {
    let default = &site.config.default_language;
    let zh = lang.is_chinese();
    let years = match (chart.years.first(), chart.years.last()) {
        (Some(a), Some(b)) if a != b => {
            if zh {
                format!("{a}–{b}年")
            } else {
                format!("{a}–{b}")
            }
        }
        (Some(a), _) => {
            if zh {
                format!("{a}年")
            } else {
                a.to_string()
            }
        }
        _ => String::new(),
    };
    let unit = format::unit_caption(&indicator.unit, lang);
    let own = chart.subtitle.get_or(lang, default).unwrap_or("");
    // An author's subtitle that already names the years ("2025年底") is not repeated.
    let says_years = chart.years.iter().all(|y| own.contains(&y.to_string()));
    let years = if says_years && !chart.years.is_empty() { String::new() } else { years };
    let parts: Vec<String> = [own.to_string(), years, unit].into_iter().filter(|p| !p.is_empty()).collect();
    parts.join(" · ")
}

/// A sentence for screen readers that says what the data shows.
fn describe(site: &Site, lang: &Lang, chart: &Chart, indicator: &Indicator, label: &str) -> String {
    let zh = lang.is_chinese();
    let kind = match (chart.kind, zh) {
        (ChartKind::Bar, true) => "条形图",
        (ChartKind::GroupedBar, true) => "分组条形图",
        (ChartKind::Line, true) => "折线图",
        (ChartKind::Slope, true) => "斜率图",
        (ChartKind::PartOfWhole, true) => "构成图",
        (ChartKind::Bar, false) => "Bar chart",
        (ChartKind::GroupedBar, false) => "Grouped bar chart",
        (ChartKind::Line, false) => "Line chart",
        (ChartKind::Slope, false) => "Slope chart",
        (ChartKind::PartOfWhole, false) => "Part-of-whole chart",
    };
    // One buffer for the whole sentence: it names every value of the chart.
    let (sentence, series_gap, name_gap, value_gap, end) =
        if zh { ("。", "；", "：", "，", "。") } else { (". ", "; ", ": ", ", ", ".") };
    let mut out = String::with_capacity(64 + 48 * chart.series.len() * chart.years.len());
    let _ = if zh { write!(out, "{kind}，{label}") } else { write!(out, "{kind} of {label}") };
    out.push_str(sentence);
    for (i, s) in chart.series.iter().filter_map(|key| indicator.series(key)).enumerate() {
        if i > 0 {
            out.push_str(series_gap);
        }
        out.push_str(site.i18n.series_name(lang, &s.key));
        out.push_str(name_gap);
        let points = chart.years.iter().filter_map(|y| s.at(*y).map(|p| (y, p)));
        for (j, (y, p)) in points.enumerate() {
            if j > 0 {
                out.push_str(value_gap);
            }
            let style = Style { approx: p.approx || indicator.approx, ..Style::default() };
            let v = format::value(p.value, &indicator.unit, lang, style);
            let _ = match (chart.years.len() > 1, zh) {
                (true, true) => write!(out, "{y}年{v}"),
                (true, false) => write!(out, "{v} in {y}"),
                (false, _) => write!(out, "{v}"),
            };
        }
    }
    out.push_str(end);
    out
}

/// The chart's numbers as a table, for readers who cannot see the chart.
fn data_table(html: &mut String, site: &Site, lang: &Lang, chart: &Chart, indicator: &Indicator) {
    html.push_str("<table>\n<thead><tr><th scope=\"col\">");
    escape_into(html, site.i18n.ui(lang, "series"));
    html.push_str("</th>");
    for year in &chart.years {
        let _ = write!(html, "<th scope=\"col\">{year}</th>");
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for s in chart.series.iter().filter_map(|key| indicator.series(key)) {
        html.push_str("<tr><th scope=\"row\">");
        escape_into(html, site.i18n.series_name(lang, &s.key));
        html.push_str("</th>");
        for year in &chart.years {
            html.push_str("<td>");
            match s.at(*year) {
                Some(p) => {
                    let style = Style { approx: p.approx || indicator.approx, full: true, ..Style::default() };
                    escape_into(html, &format::value(p.value, &indicator.unit, lang, style));
                }
                None => html.push('–'),
            }
            html.push_str("</td>");
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n");
}

/// The CSV of an indicator: one row per series and year, with names in every language. UTF-8
/// with a byte-order mark so spreadsheet programs read the Chinese correctly.
pub fn csv(site: &Site, indicator: &Indicator) -> Result<Vec<u8>, String> {
    use std::fmt::Write as _;
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let err = |e: csv::Error| e.to_string();
        // An indicator's CSV is a few KB: the writer's default 8 KB buffer, zeroed for each
        // file, costs more than flushing a smaller one into `out`.
        let mut w =
            csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).buffer_capacity(1024).from_writer(&mut out);
        let mut header: Vec<String> = vec!["indicator".into(), "series".into()];
        header.extend(site.config.languages.iter().map(|l| format!("name_{}", l.lang)));
        header.extend(["year", "value", "unit", "approx", "source", "source_url"].map(String::from));
        w.write_record(&header).map_err(err)?;
        let default = &site.config.default_language;
        // The cells that repeat on every row are prepared once.
        let id = neutralise(&indicator.id);
        let unit = neutralise(&indicator.unit.id);
        let source = neutralise(indicator.source.name.get_or(default, default).unwrap_or(""));
        let url = neutralise(indicator.source.url.as_deref().unwrap_or(""));
        let mut number = String::new();
        let mut year_text = itoa::Buffer::new();
        for s in &indicator.series {
            let key = neutralise(&s.key);
            let names: Vec<String> =
                site.config.languages.iter().map(|l| neutralise(site.i18n.series_name(&l.lang, &s.key))).collect();
            for (year, point) in &s.points {
                number.clear();
                let _ = write!(number, "{}", point.value * indicator.unit.scale);
                let approx = if point.approx || indicator.approx { "true" } else { "false" };
                w.write_field(&id).map_err(err)?;
                w.write_field(&key).map_err(err)?;
                for name in &names {
                    w.write_field(name).map_err(err)?;
                }
                w.write_field(year_text.format(year.0)).map_err(err)?;
                for cell in [number.as_str(), &unit, approx, &source, &url] {
                    w.write_field(cell).map_err(err)?;
                }
                w.write_record(None::<&[u8]>).map_err(err)?;
            }
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Spreadsheets run a text cell that starts with = + - @ (or a tab or CR) as a formula:
/// prefix it with an apostrophe so it stays text.
fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("China"), "China");
    }
}
