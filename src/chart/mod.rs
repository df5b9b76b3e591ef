//! Chart: draws one chart as SVG with plotters. Knows nothing about pages or front matter:
//! it is handed the numbers, names and words to show, already checked.
//!
//! Owns the five chart kinds (bar, grouped-bar, line, slope, part-of-whole), their layout, text
//! measurement, the series palette and the light/dark colours.
//!
//! How a chart is made:
//! 1. [`render_svg`] checks the input (never panics; problems are [`ChartError`]s).
//! 2. The kind's layout (`bar`, `line`, `slope`, `part`) measures every text with the rule in
//!    [`measure`] (no font files: CJK is 1 em, Latin uses realistic per-character widths, digits
//!    are equal) and places everything in a [`scene::Scene`] as wide as the input's [`Size`] (640
//!    or 360 units) and as tall as it needs.
//! 3. [`draw`] draws the scene with plotters, through our own backend that writes each mark as
//!    the SVG element we ship, coloured by classes, and wraps the marks in our root tag (viewBox
//!    only, so CSS sizes it: `width:100%;height:auto`), `<title>`/`<desc>`, and a `<style>` scoped
//!    by the root's id that colours those classes. A wide chart's inline and standalone documents
//!    can come from one drawing ([`render_inline_and_standalone`]).
//!
//! Sizes: a page carries each chart twice, drawn for its width: [`Size::Wide`] (640 units, for
//! desktop and tablet columns) and [`Size::Narrow`] (360 units, for phones, where a 640-unit
//! drawing would shrink its 16-unit text to 8–9 px). Text keeps its size in both; the narrow
//! layout makes room instead: fewer ticks, titles wrapped, bar names above their bars when they
//! do not fit beside them, end labels split into name and value lines. The page's stylesheet
//! shows one of the two (classes `chart-graphic-wide` / `chart-graphic-narrow`). An inline narrow
//! drawing hides itself (`#{id}-svg{display:none}` in its own `<style>`): a stylesheet that shows
//! it says `display:block !important`, and one written before narrow drawings shows the wide one
//! alone.
//!
//! Ids are all prefixed by `dom_id`: the root `<svg>` is `{dom_id}-svg` (the page's `<figure>`
//! may carry `dom_id` itself), and `{dom_id}-title`, `{dom_id}-desc` name the accessible title and
//! description (`aria-labelledby`); the narrow drawing's are `{dom_id}-narrow-svg`,
//! `{dom_id}-narrow-title` and `{dom_id}-narrow-desc`, so both can be in one page. Each keeps
//! `role="img"` with its title and description: the one hidden by CSS is out of the
//! accessibility tree, the shown one is read. The scoped `<style>` makes inline and standalone
//! charts look the same.
//!
//! Colours and contrast: the `<style>` assumes the background `--chart-bg`, `#ffffff` in light
//! mode and `#16181d` in dark mode, and every colour is checked against it: text 4.5:1,
//! bars/lines/markers 3:1 (see [`colour`]). Series colours: `SeriesColour::Fixed` as given
//! (darkened if it falls below 3:1 on white) with a lighter variant derived for dark mode;
//! `SeriesColour::Palette(n)` from Okabe–Ito (cycling), adjusted the same way; within one chart
//! no palette colour is used twice or beside a pinned look-alike while the palette has a free
//! one. Text in a series' colour uses a variant reaching 4.5:1. Gridlines are decoration and
//! deliberately faint.
//!
//! Dark mode: an `@media (prefers-color-scheme: dark)` block gives each colour class
//! `light-dark(light, dark)`. A standalone file declares `color-scheme: light dark`, so it follows
//! the system, over its own background. An inline chart inherits the page's `color-scheme`: a page
//! that can be dark must say so (`:root { color-scheme: light dark }`, and a dark background near
//! `#16181d`); a light-only page keeps light charts even when the system prefers dark (otherwise
//! they would draw light text on the page's white). A page may set `--chart-bg` to its own
//! background (used by the standalone background and inside hollow markers).
//!
//! Output is byte-identical for identical input: no hashing, no randomness, no clock.

mod bar;
pub mod colour;
pub mod draw;
mod layout;
mod line;
pub mod measure;
mod part;
mod scale;
pub mod scene;
mod slope;
#[cfg(test)]
mod tests;

use crate::lang::Lang;
use crate::load::frontmatter::{ChartKind, Scale, Sort, Year};
use crate::resolve::SeriesColour;

/// The width a chart is laid out for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Size {
    /// 640 units: a desktop or tablet column (and the standalone file).
    #[default]
    Wide,
    /// 360 units: a phone, where the figure is 300–380 px wide, so 16-unit text comes out at
    /// 13–17 px.
    Narrow,
}

impl Size {
    /// Width of the viewBox, in user units.
    pub const fn width(self) -> u32 {
        match self {
            Size::Wide => 640,
            Size::Narrow => 360,
        }
    }

    /// Added to `dom_id` to make the drawing's ids (`-narrow` for the narrow one), so that
    /// both drawings of a chart can be in one page.
    pub const fn id_suffix(self) -> &'static str {
        match self {
            Size::Wide => "",
            Size::Narrow => "-narrow",
        }
    }

    /// The class that tells the two drawings apart in CSS.
    pub const fn class(self) -> &'static str {
        match self {
            Size::Wide => "chart-graphic-wide",
            Size::Narrow => "chart-graphic-narrow",
        }
    }
}

pub struct ChartInput<'a> {
    pub kind: ChartKind,
    /// The width to lay the chart out for.
    pub size: Size,
    /// Unique within the page (e.g. "chart-stem-graduates"): prefix for ids inside the SVG
    /// (title/desc ids), followed by the size's [`Size::id_suffix`].
    pub dom_id: &'a str,
    pub title: &'a str,
    /// Already contains the unit, e.g. "2020年，人" / "2020, people".
    pub subtitle: &'a str,
    /// For `<desc>`: what the data shows, in words.
    pub description: &'a str,
    pub lang: &'a Lang,
    /// In the author's order; `sort` is applied here.
    pub series: Vec<ChartSeries>,
    /// bar/part-of-whole: exactly 1; slope: exactly 2; line/grouped-bar: >= 1.
    pub years: Vec<Year>,
    /// Series keys drawn in colour; others muted (empty: all in colour).
    pub highlight: Vec<String>,
    /// None | Asc | Desc (by the value of the last year).
    pub sort: Sort,
    /// Linear | Log (values are > 0 when Log).
    pub scale: Scale,
    /// Full label text for a value: "357万", "3.57 million", "14.1%".
    pub format_value: &'a (dyn Fn(f64) -> String + Sync),
    /// Compact axis tick: "300万", "3M", "10%".
    pub format_tick: &'a (dyn Fn(f64) -> String + Sync),
    /// true: a self-contained .svg file (xmlns, its own `<style>`, a background); false: inline
    /// in HTML.
    pub standalone: bool,
}

#[derive(Clone, Debug)]
pub struct ChartSeries {
    /// "CN"
    pub key: String,
    /// Display name in the page language: "中国" / "China".
    pub name: String,
    pub colour: SeriesColour,
    /// Sorted by year; may lack some of `years` for line charts (drawn as gaps).
    pub points: Vec<(Year, f64)>,
    /// Years whose value is approximate (drawn hollow / dashed, and noted).
    pub approx: Vec<Year>,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error(
        "chart id `{0}` cannot be used: it must start with a letter and contain only ASCII \
         letters, digits, `-` and `_`"
    )]
    BadId(String),
    #[error("chart `{dom_id}`: nothing to draw: {reason}")]
    Empty { dom_id: String, reason: String },
    #[error("chart `{dom_id}`: a {kind} chart needs {expected}, but {found} were given")]
    Years { dom_id: String, kind: &'static str, expected: &'static str, found: usize },
    #[error("chart `{dom_id}`: series `{key}` has no value for {year}, which a {kind} chart needs")]
    MissingValue { dom_id: String, key: String, year: Year, kind: &'static str },
    #[error("chart `{dom_id}`: series `{key}` has {value} for {year}: {problem}")]
    BadValue { dom_id: String, key: String, year: Year, value: f64, problem: &'static str },
    #[error(
        "chart `{dom_id}`: series `{key}` has the colour `{colour}`, which is not a colour like \
         \"#c8102e\""
    )]
    BadColour { dom_id: String, key: String, colour: String },
    #[error("chart `{dom_id}`: {count} series are too many for one chart (at most 255)")]
    TooManySeries { dom_id: String, count: usize },
    #[error("chart `{dom_id}`: drawing failed: {message}")]
    Draw { dom_id: String, message: String },
}

/// Draws `input` as one SVG document (inline or standalone, as `input.standalone` says).
pub fn render_svg(input: &ChartInput) -> Result<String, ChartError> {
    draw_chart(input, input.standalone)?.document(input, input.standalone)
}

/// Draws a chart once and returns both of its documents: inline (for a page) and standalone
/// (for its own file), each exactly what [`render_svg`] gives. They are the same drawing: the
/// standalone one adds `xmlns`, a style that sizes itself and a background. `input.standalone`
/// is not read.
pub fn render_inline_and_standalone(input: &ChartInput) -> Result<(String, String), ChartError> {
    let drawing = draw_chart(input, true)?;
    Ok((drawing.document(input, false)?, drawing.document(input, true)?))
}

/// Checks `input`, lays it out and draws its marks (and the standalone background when
/// `background` is true).
fn draw_chart(input: &ChartInput, background: bool) -> Result<draw::Drawing, ChartError> {
    validate(input)?;
    let ctx = layout::Ctx::new(input);
    let mut colours: Vec<SeriesColour> = input.series.iter().map(|s| s.colour.clone()).collect();
    colour::distinct_in_chart(&mut colours, &ctx.muted);
    let paints = input
        .series
        .iter()
        .zip(&colours)
        .map(|(s, c)| {
            colour::base_colour(c).map(colour::SeriesPaint::of).ok_or_else(|| ChartError::BadColour {
                dom_id: input.dom_id.to_string(),
                key: s.key.clone(),
                colour: match c {
                    SeriesColour::Fixed(c) => c.clone(),
                    SeriesColour::Palette(n) => format!("palette {n}"),
                },
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let scene = match input.kind {
        ChartKind::Bar => bar::bar(&ctx, paints)?,
        ChartKind::GroupedBar => bar::grouped(&ctx, paints)?,
        ChartKind::Line => line::line(&ctx, paints)?,
        ChartKind::Slope => slope::slope(&ctx, paints)?,
        ChartKind::PartOfWhole => part::part_of_whole(&ctx, paints)?,
    };
    // A standalone file gets a background that follows the theme, so it reads on its own.
    draw::draw(scene, background).map_err(|message| ChartError::Draw { dom_id: input.dom_id.to_string(), message })
}

/// True for ids usable in attributes and CSS selectors without escaping.
fn plain_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn validate(input: &ChartInput) -> Result<(), ChartError> {
    let dom_id = || input.dom_id.to_string();
    if !plain_id(input.dom_id) {
        return Err(ChartError::BadId(input.dom_id.to_string()));
    }
    if input.series.is_empty() {
        return Err(ChartError::Empty { dom_id: dom_id(), reason: "no series were given".to_string() });
    }
    if input.series.len() > 255 {
        return Err(ChartError::TooManySeries { dom_id: dom_id(), count: input.series.len() });
    }
    let n = input.years.len();
    let (ok, expected) = match input.kind {
        ChartKind::Bar | ChartKind::PartOfWhole => (n == 1, "exactly one year"),
        ChartKind::Slope => (n == 2, "exactly two years"),
        ChartKind::Line | ChartKind::GroupedBar => (n >= 1, "at least one year"),
    };
    let mut distinct = input.years.clone();
    distinct.sort();
    distinct.dedup();
    if !ok || distinct.len() != n {
        return Err(ChartError::Years {
            dom_id: dom_id(),
            kind: input.kind.name(),
            expected: if distinct.len() != n { "different years (one was given twice)" } else { expected },
            found: n,
        });
    }
    for s in &input.series {
        for &(year, value) in &s.points {
            let problem = if !value.is_finite() {
                Some("not a finite number")
            } else if value.abs() > crate::load::frontmatter::MAX_VALUE {
                Some("too large to draw (at most 1e100 in size)")
            } else if value != 0.0 && value.abs() < 1.0 / crate::load::frontmatter::MAX_VALUE {
                Some("too small to draw (at least 1e-100 in size, or 0)")
            } else if input.scale == Scale::Log && value <= 0.0 {
                Some("a log scale needs values above 0")
            } else if input.kind == ChartKind::PartOfWhole && value < 0.0 {
                Some("parts of a whole cannot be negative")
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(ChartError::BadValue { dom_id: dom_id(), key: s.key.clone(), year, value, problem });
            }
        }
    }
    Ok(())
}
