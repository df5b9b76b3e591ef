//! Chart: draws one chart as SVG with plotters. Knows nothing about pages or front matter:
//! it is handed the numbers, names and words to show, already checked.
//!
//! PLACEHOLDER: the plotters renderer lands from the `charts` branch; this draws plain bars so
//! the pipeline around it can be built and tested meanwhile.

use crate::lang::Lang;
use crate::load::frontmatter::{ChartKind, Scale, Sort, Year};
use crate::resolve::SeriesColour;

pub struct ChartInput<'a> {
    pub kind: ChartKind,
    pub dom_id: &'a str,
    pub title: &'a str,
    pub subtitle: &'a str,
    pub description: &'a str,
    pub lang: &'a Lang,
    pub series: Vec<ChartSeries>,
    pub years: Vec<Year>,
    pub highlight: Vec<String>,
    pub sort: Sort,
    pub scale: Scale,
    pub format_value: &'a (dyn Fn(f64) -> String + Sync),
    pub format_tick: &'a (dyn Fn(f64) -> String + Sync),
    pub standalone: bool,
}

pub struct ChartSeries {
    pub key: String,
    pub name: String,
    pub colour: SeriesColour,
    pub points: Vec<(Year, f64)>,
    pub approx: Vec<Year>,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("nothing to draw")]
    Empty,
}

pub fn render_svg(input: &ChartInput) -> Result<String, ChartError> {
    let esc = crate::render::shortcodes::escape;
    let mut svg = format!(
        "<svg{} viewBox=\"0 0 640 {}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        if input.standalone {
            " xmlns=\"http://www.w3.org/2000/svg\""
        } else {
            ""
        },
        60 + 30 * input.series.len(),
        esc(input.title),
        esc(input.description),
        id = input.dom_id
    );
    let max = input
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(0.0f64, f64::max);
    if max <= 0.0 {
        return Err(ChartError::Empty);
    }
    for (i, s) in input.series.iter().enumerate() {
        let v = s.points.last().map_or(0.0, |p| p.1);
        let y = 40 + 30 * i;
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"120\" y=\"{y}\" width=\"{:.1}\" height=\"20\"/><text x=\"{:.1}\" y=\"{}\">{}</text>",
            y + 15,
            esc(&s.name),
            400.0 * v / max,
            125.0 + 400.0 * v / max,
            y + 15,
            esc(&(input.format_value)(v))
        ));
    }
    svg.push_str("</svg>");
    Ok(svg)
}
