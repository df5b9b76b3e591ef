//! Drawing a [`Scene`] with plotters, through our own SVG backend, then wrapping the marks in the
//! document around them.
//!
//! Plotters draws every mark: each scene item becomes one of its elements (`Rectangle`,
//! `PathElement`, `Circle`, `Text`) drawn in a `DrawingArea`, which hands it to a backend in
//! backend coordinates. That backend is [`SvgWriter`]: it writes each mark straight as the markup
//! the chart ships, in one pass, with no text to rewrite afterwards.
//!
//! Plotters passes a backend nothing but an RGB colour to tell marks apart, so every mark is drawn
//! in a *sentinel* colour `#DDRRII` that names its role (`RR`: 1 series mark, 2 series text, 3
//! theme role; `II`: series index or theme role; `DD`: 1, or 2 for a line to dash). The backend
//! decodes it and writes the light-mode colour (so the SVG still reads without CSS) plus a class
//! (`k0-f`, `kt1-f`, `grid-s`, …) that the scoped `<style>` colours for light and dark mode, and
//! `stroke-dasharray` on lines marked for dashing (plotters' own dashed element cuts a line into
//! many integer-rounded pieces that visibly step).
//!
//! What it writes is what plotters' `SVGBackend` writes for the same calls, less what the chart
//! does not want: no `opacity="1"`, no `font-family` on every text (the root and the scoped style
//! carry the font list), no `text-anchor="start"`, and no `stroke="none"` or `stroke-width` on a
//! filled rectangle or dot (SVG's defaults: a page carries each chart twice, bytes count), no
//! newlines around a text's content, and the font size as given (`SVGBackend` divides it by
//! 1.24). Numbers are integers (plotters' backend coordinates), written with `itoa`.
//!
//! [`Drawing`] then wraps the marks, inline or standalone: our root tag (viewBox only, `id`,
//! `class`, `role`, `aria-labelledby`, `xml:lang`, `font-family`, and `xmlns` when
//! standalone), `<title>`, `<desc>` and the scoped `<style>` with one rule per colour class
//! used. A wide chart's inline and standalone documents come from one drawing: they differ
//! only in the wrapping and the standalone background, which is drawn separately.
//!
//! Every text written is escaped by [`escape_into`]; the ids are checked by the caller to be plain
//! identifiers.

use plotters::coord::Shift;
use plotters::element::{Circle, PathElement, Rectangle, Text};
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, FontTransform, RGBColor, ShapeStyle, TextStyle};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind};

use super::colour::{Pair, Rgb, SeriesPaint, ThemeRole};
use super::measure;
use super::scene::{Anchor, Item, Paint, Scene};
use super::{ChartError, ChartInput, Size};

/// The CSS font list (see [`FONT_FAMILY`]), as a macro so the attribute below is a constant.
macro_rules! font_family {
    () => {
        "PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, Source Han Sans SC, \
         WenQuanYi Micro Hei, system-ui, sans-serif"
    };
}

/// The CSS font list: Simplified Chinese fonts first, so Chromium does not fall back to Japanese
/// glyph shapes, then the system UI font. No quotes are needed (plain identifiers).
pub const FONT_FAMILY: &str = font_family!();

/// Texts are drawn with `VPos::Top`, written `dy="0.76em"`: the baseline sits 0.76 em below `y`.
pub const TOP_TO_BASELINE: f64 = 0.76;

const SENTINEL_SERIES: u8 = 1;
const SENTINEL_SERIES_TEXT: u8 = 2;
const SENTINEL_THEME: u8 = 3;

/// First byte of a sentinel: a plain mark, or a line to be dashed.
const SENTINEL_PLAIN: u8 = 1;
const SENTINEL_DASHED: u8 = 2;
/// The dash pattern of estimated segments (user units).
const DASH: &str = "6 5";

fn sentinel(paint: Paint) -> RGBColor {
    sentinel_with(paint, SENTINEL_PLAIN)
}

fn sentinel_with(paint: Paint, first: u8) -> RGBColor {
    match paint {
        Paint::Series(i) => RGBColor(first, SENTINEL_SERIES, i),
        Paint::SeriesText(i) => RGBColor(first, SENTINEL_SERIES_TEXT, i),
        Paint::Theme(role) => RGBColor(first, SENTINEL_THEME, role as u8),
    }
}

fn paint_of(role: u8, index: u8) -> Option<Paint> {
    // `role` and `index` are the second and third bytes of a sentinel.
    match role {
        SENTINEL_SERIES => Some(Paint::Series(index)),
        SENTINEL_SERIES_TEXT => Some(Paint::SeriesText(index)),
        SENTINEL_THEME => ThemeRole::ALL.get(usize::from(index)).map(|r| Paint::Theme(*r)),
        _ => None,
    }
}

/// Whether a class colours `fill` or `stroke`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Usage {
    Fill,
    Stroke,
}

impl Usage {
    fn property(self) -> &'static str {
        match self {
            Usage::Fill => "fill",
            Usage::Stroke => "stroke",
        }
    }
}

/// Writes the class of a colour role used as fill or stroke: `k0-f`, `kt1-f`, `grid-s`, ….
fn write_class(out: &mut String, paint: Paint, usage: Usage) {
    match paint {
        Paint::Series(i) => {
            out.push('k');
            out.push_str(itoa::Buffer::new().format(i));
        }
        Paint::SeriesText(i) => {
            out.push_str("kt");
            out.push_str(itoa::Buffer::new().format(i));
        }
        Paint::Theme(role) => out.push_str(role.class()),
    }
    out.push_str(match usage {
        Usage::Fill => "-f",
        Usage::Stroke => "-s",
    });
}

fn pair_of(series: &[SeriesPaint], paint: Paint) -> Option<Pair> {
    match paint {
        Paint::Series(i) => series.get(usize::from(i)).map(|s| s.graphic),
        Paint::SeriesText(i) => series.get(usize::from(i)).map(|s| s.text),
        Paint::Theme(role) => Some(role.pair()),
    }
}

/// The colour classes a drawing uses, one bit per (paint, usage), iterated in the order of
/// `(Paint, Usage)` (series marks by index, series texts, theme roles; fill before stroke): the
/// order of the style rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Classes([u64; Classes::WORDS]);

impl Classes {
    /// Three kinds of paint, 256 indices each, two usages.
    const WORDS: usize = 3 * 256 * 2 / 64;

    fn index(paint: Paint, usage: Usage) -> usize {
        let (kind, i) = match paint {
            Paint::Series(i) => (0, usize::from(i)),
            Paint::SeriesText(i) => (1, usize::from(i)),
            Paint::Theme(role) => (2, role as usize),
        };
        (kind * 256 + i) * 2 + usage as usize
    }

    fn insert(&mut self, paint: Paint, usage: Usage) {
        let i = Classes::index(paint, usage);
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn union(mut self, other: Classes) -> Classes {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        self
    }

    fn iter(&self) -> impl Iterator<Item = (Paint, Usage)> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let i = w * 64 + b;
                let usage = if i % 2 == 0 { Usage::Fill } else { Usage::Stroke };
                let index = i / 2 % 256;
                // An index past the theme roles or 255 cannot have been inserted.
                let paint = match i / 2 / 256 {
                    0 => Paint::Series(index as u8),
                    1 => Paint::SeriesText(index as u8),
                    _ => Paint::Theme(ThemeRole::ALL[index]),
                };
                Some((paint, usage))
            })
        })
    }
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for XML content and attribute values: markup characters
/// become entities, and control characters other than tab and newline (not allowed in XML 1.0)
/// are dropped.
pub fn escape_into(out: &mut String, text: &str) {
    // Most texts have nothing to escape: copy them whole. A C1 control character (U+0080–U+009F)
    // starts with the byte 0xC2, so that byte sends a text the slow way too.
    let plain = |b: &u8| !matches!(b, b'<' | b'>' | b'&' | b'"' | b'\'' | 0..=0x08 | 0x0b..=0x1f | 0x7f | 0xc2);
    if text.as_bytes().iter().all(plain) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab/newline are not allowed in XML 1.0.
            c if c.is_control() && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
}

/// `v` rounded half away from zero, like `f64::round` (which is a call into libm here: the
/// baseline x86-64 has no rounding instruction).
fn px(v: f64) -> i32 {
    // Layout values are finite and within a few thousand units; clamp anyway so a bad value
    // cannot wrap around (NaN becomes 0).
    let v = v.clamp(-1e6, 1e6);
    let whole = v as i32;
    // Exact: `v` and `whole` are within 1 of each other.
    let frac = v - f64::from(whole);
    if frac >= 0.5 {
        whole + 1
    } else if frac <= -0.5 {
        whole - 1
    } else {
        whole
    }
}

/// Appends an integer.
#[inline]
fn int(out: &mut String, v: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(v));
}

/// Appends ` name="v"` for an integer; `start` is ` name="`.
#[inline]
fn int_attr(out: &mut String, start: &'static str, v: impl itoa::Integer) {
    out.push_str(start);
    int(out, v);
    out.push('"');
}

/// Appends `#rrggbb`.
#[inline]
fn hex(out: &mut String, c: Rgb) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.reserve(7);
    out.push('#');
    for byte in [c.0, c.1, c.2] {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
}

/// Appends a plain number as Rust writes it (`16`, `13.5`).
fn number(out: &mut String, v: f64) {
    if v.fract() == 0.0 && v.abs() < 1e9 {
        int(out, v as i64);
    } else {
        use std::fmt::Write as _;
        let _ = write!(out, "{v}");
    }
}

/// What went wrong drawing a chart: plotters handed the backend something the scene never draws.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DrawError(String);

type Failure = DrawingErrorKind<DrawError>;

fn failure(message: String) -> Failure {
    DrawingErrorKind::DrawingError(DrawError(message))
}

/// The plotters backend that writes the chart's SVG marks (see the module docs).
pub struct SvgWriter<'a> {
    size: (u32, u32),
    series: &'a [SeriesPaint],
    out: &'a mut String,
    used: &'a mut Classes,
    /// The last sentinel decoded and how it was used, with what it writes: consecutive marks
    /// often share one (a series' dots, the gridlines), and writing it is much of a small mark's
    /// work.
    last: Option<((u8, u8, u8), Usage)>,
    /// ` fill="#rrggbb"` (or `stroke`) for `last`.
    colour: String,
    /// What ends a mark's tag for `last`: ` class="…"`, after ` stroke-dasharray="…"` for a
    /// dashed line.
    class: String,
}

impl<'a> SvgWriter<'a> {
    fn new(size: (u32, u32), series: &'a [SeriesPaint], out: &'a mut String, used: &'a mut Classes) -> Self {
        SvgWriter { size, series, out, used, last: None, colour: String::new(), class: String::new() }
    }

    /// Decodes a sentinel: writes ` fill="#rrggbb"` (or `stroke`) in its light colour, notes its
    /// class as used and keeps it (and `stroke-dasharray` for a line to dash) for [`Self::close`].
    fn paint(&mut self, usage: Usage, color: BackendColor) -> Result<(), Failure> {
        if self.last != Some((color.rgb, usage)) {
            let (first, role, index) = color.rgb;
            let paint = match first {
                SENTINEL_PLAIN | SENTINEL_DASHED => paint_of(role, index),
                _ => None,
            };
            let not_sentinel = || failure(format!("a colour {first:02X}{role:02X}{index:02X} that is not a sentinel"));
            let paint = paint.ok_or_else(not_sentinel)?;
            let pair = pair_of(self.series, paint).ok_or_else(|| failure(format!("no colour for {paint:?}")))?;
            self.colour.clear();
            self.colour.push(' ');
            self.colour.push_str(usage.property());
            self.colour.push_str("=\"");
            hex(&mut self.colour, pair.light);
            self.colour.push('"');
            self.class.clear();
            if first == SENTINEL_DASHED {
                self.class.push_str(" stroke-dasharray=\"");
                self.class.push_str(DASH);
                self.class.push('"');
            }
            self.class.push_str(" class=\"");
            write_class(&mut self.class, paint, usage);
            self.class.push('"');
            self.used.insert(paint, usage);
            self.last = Some((color.rgb, usage));
        }
        self.out.push_str(&self.colour);
        Ok(())
    }

    /// ` opacity="…"` unless the colour is opaque (plotters' colours are, unless made otherwise).
    fn opacity(&mut self, color: BackendColor) {
        if color.alpha != 1.0 {
            self.out.push_str(" opacity=\"");
            number(self.out, color.alpha);
            self.out.push('"');
        }
    }

    /// Ends a tag with the class (and dashes) of the colour [`Self::paint`] wrote, and `end`.
    fn close(&mut self, end: &str) {
        self.out.push_str(&self.class);
        self.out.push_str(end);
    }

    fn points(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.out.push_str(" points=\"");
        for (x, y) in path {
            int(self.out, x);
            self.out.push(',');
            int(self.out, y);
            self.out.push(' ');
        }
        self.out.push('"');
    }
}

impl DrawingBackend for SvgWriter<'_> {
    type ErrorType = DrawError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), Failure> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), Failure> {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Result<(), Failure> {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<rect");
        int_attr(self.out, " x=\"", x);
        int_attr(self.out, " y=\"", y);
        self.out.push_str(" width=\"1\" height=\"1\"");
        self.opacity(color);
        self.paint(Usage::Fill, color)?;
        self.close("/>\n");
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), Failure> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<line");
        self.opacity(color);
        self.paint(Usage::Stroke, color)?;
        int_attr(self.out, " stroke-width=\"", style.stroke_width());
        int_attr(self.out, " x1=\"", from.0);
        int_attr(self.out, " y1=\"", from.1);
        int_attr(self.out, " x2=\"", to.0);
        int_attr(self.out, " y2=\"", to.1);
        self.close("/>\n");
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<rect");
        int_attr(self.out, " x=\"", upper_left.0);
        int_attr(self.out, " y=\"", upper_left.1);
        int_attr(self.out, " width=\"", bottom_right.0 - upper_left.0);
        int_attr(self.out, " height=\"", bottom_right.1 - upper_left.1);
        self.opacity(color);
        let usage = if fill { Usage::Fill } else { Usage::Stroke };
        if !fill {
            self.out.push_str(" fill=\"none\"");
        }
        self.paint(usage, color)?;
        self.close("/>\n");
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<polyline fill=\"none\"");
        self.opacity(color);
        self.paint(Usage::Stroke, color)?;
        int_attr(self.out, " stroke-width=\"", style.stroke_width());
        self.points(path);
        self.close("/>\n");
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<polygon");
        self.opacity(color);
        self.paint(Usage::Fill, color)?;
        self.points(path);
        self.close("/>\n");
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<circle");
        int_attr(self.out, " cx=\"", center.0);
        int_attr(self.out, " cy=\"", center.1);
        int_attr(self.out, " r=\"", radius);
        self.opacity(color);
        if fill {
            // No stroke attributes: a shape has none unless given one (about a tenth of a
            // line chart's bytes went to `stroke="none" stroke-width="0"`).
            self.paint(Usage::Fill, color)?;
        } else {
            self.out.push_str(" fill=\"none\"");
            self.paint(Usage::Stroke, color)?;
            int_attr(self.out, " stroke-width=\"", style.stroke_width());
        }
        self.close("/>\n");
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, (x, y): BackendCoord) -> Result<(), Failure> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let pos = style.anchor();
        self.out.push_str("<text");
        int_attr(self.out, " x=\"", x);
        int_attr(self.out, " y=\"", y);
        self.out.push_str(match pos.v_pos {
            VPos::Top => " dy=\"0.76em\"",
            VPos::Center => " dy=\"0.5ex\"",
            VPos::Bottom => " dy=\"-0.5ex\"",
        });
        self.out.push_str(match pos.h_pos {
            HPos::Left => "",
            HPos::Center => " text-anchor=\"middle\"",
            HPos::Right => " text-anchor=\"end\"",
        });
        // Sizes are the layout's, a few round numbers; rounded like a value from a division.
        self.out.push_str(" font-size=\"");
        number(self.out, (style.size() * 1000.0).round() / 1000.0);
        self.out.push('"');
        self.opacity(color);
        self.paint(Usage::Fill, color)?;
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.out.push_str(" font-weight=\"bold\""),
            other => {
                self.out.push_str(" font-style=\"");
                self.out.push_str(other.as_str());
                self.out.push('"');
            }
        }
        let degrees = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            _ => None,
        };
        if let Some(degrees) = degrees {
            self.out.push_str(" transform=\"rotate(");
            int(self.out, degrees);
            self.out.push_str(", ");
            int(self.out, x);
            self.out.push_str(", ");
            int(self.out, y);
            self.out.push_str(")\"");
        }
        self.close(">");
        escape_into(self.out, text);
        self.out.push_str("</text>\n");
        Ok(())
    }
}

type Area<'a> = DrawingArea<SvgWriter<'a>, Shift>;

/// A chart drawn once: its marks, ready to be wrapped as an inline or a standalone document.
pub struct Drawing {
    width: u32,
    height: u32,
    series: Vec<SeriesPaint>,
    /// Every mark of the scene, as SVG elements.
    marks: String,
    /// The classes the marks use.
    used: Classes,
    /// The standalone file's background (a rectangle in the theme's background), and its class.
    background: Option<(String, Classes)>,
}

/// Draws every item of `scene`, and the standalone background when `background` is true.
pub fn draw(scene: Scene, background: bool) -> Result<Drawing, String> {
    let size = (scene.width, scene.height.max(1));
    let mut marks = String::with_capacity(256 + 160 * scene.items.len());
    let mut used = Classes::default();
    draw_into(size, &scene.series, &scene.items, &mut marks, &mut used)?;
    let background = if background {
        let (w, h) = (f64::from(scene.width), f64::from(scene.height));
        let paint = Paint::Theme(ThemeRole::Background);
        let rect = Item::Rect { x0: 0.0, y0: 0.0, x1: w, y1: h, paint };
        let (mut out, mut used) = (String::new(), Classes::default());
        draw_into(size, &scene.series, std::slice::from_ref(&rect), &mut out, &mut used)?;
        Some((out, used))
    } else {
        None
    };
    Ok(Drawing { width: scene.width, height: scene.height, series: scene.series, marks, used, background })
}

fn draw_into(
    size: (u32, u32),
    series: &[SeriesPaint],
    items: &[Item],
    out: &mut String,
    used: &mut Classes,
) -> Result<(), String> {
    let root = SvgWriter::new(size, series, out, used).into_drawing_area();
    for item in items {
        draw_item(&root, item).map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}

fn draw_item(root: &Area<'_>, item: &Item) -> Result<(), plotters::drawing::DrawingAreaErrorKind<DrawError>> {
    match item {
        Item::Rect { x0, y0, x1, y1, paint } => {
            root.draw(&Rectangle::new([(px(*x0), px(*y0)), (px(*x1), px(*y1))], sentinel(*paint).filled()))
        }
        Item::Path { points, paint, width, dashed } => {
            let first = if *dashed { SENTINEL_DASHED } else { SENTINEL_PLAIN };
            let style =
                ShapeStyle { color: sentinel_with(*paint, first).to_rgba(), filled: false, stroke_width: *width };
            let pts: Vec<(i32, i32)> = points.iter().map(|(x, y)| (px(*x), px(*y))).collect();
            root.draw(&PathElement::new(pts, style))
        }
        Item::Circle { x, y, r, paint, ring } => {
            let style = ShapeStyle { color: sentinel(*paint).to_rgba(), filled: *ring == 0, stroke_width: *ring };
            let r = r.round().clamp(1.0, 1000.0) as u32;
            root.draw(&Circle::new((px(*x), px(*y)), r, style))
        }
        Item::Text(t) => {
            let style = if t.bold { FontStyle::Bold } else { FontStyle::Normal };
            let font = FontDesc::new(FontFamily::Name(FONT_FAMILY), t.size, style);
            let h = match t.anchor {
                Anchor::Start => HPos::Left,
                Anchor::Middle => HPos::Center,
                Anchor::End => HPos::Right,
            };
            // Built whole: `TextStyle`'s builder methods clone the font (two strings) at each step.
            let text_style =
                TextStyle { font, color: sentinel(t.paint).to_backend_color(), pos: Pos::new(h, VPos::Top) };
            let top = t.baseline - TOP_TO_BASELINE * t.size;
            root.draw(&Text::new(t.text.as_str(), (px(t.x), px(top)), text_style))
        }
    }
}

impl Drawing {
    /// The document: inline in HTML, or a standalone file (`xmlns`, a style that sizes itself,
    /// and the background, which [`draw`] must have been asked for).
    pub fn document(&self, input: &ChartInput, standalone: bool) -> Result<String, ChartError> {
        let (background, used) = match (&self.background, standalone) {
            (_, false) => ("", self.used),
            (Some((rect, class)), true) => (rect.as_str(), self.used.union(*class)),
            (None, true) => {
                let message = "a standalone document of a drawing without a background".to_string();
                return Err(ChartError::Draw { dom_id: input.dom_id.to_string(), message });
            }
        };
        let mut doc = String::with_capacity(self.marks.len() + background.len() + 2048 + 64 * 40);
        self.head(&mut doc, input, standalone);
        self.style_block(&mut doc, input, standalone, used);
        doc.push_str(background);
        doc.push_str(&self.marks);
        doc.push_str("</svg>\n");
        Ok(doc)
    }

    /// The root tag, `<title>` and `<desc>`.
    fn head(&self, doc: &mut String, input: &ChartInput, standalone: bool) {
        let id = input.dom_id;
        let suffix = input.size.id_suffix();
        let ids = |doc: &mut String, what: &str| {
            doc.push_str(id);
            doc.push_str(suffix);
            doc.push_str(what);
        };
        doc.push_str("<svg");
        if standalone {
            doc.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
        }
        doc.push_str(" id=\"");
        ids(doc, "-svg");
        doc.push_str("\" class=\"chart-graphic chart-graphic-");
        doc.push_str(input.kind.name());
        doc.push(' ');
        doc.push_str(input.size.class());
        doc.push_str("\" viewBox=\"0 0 ");
        int(doc, self.width);
        doc.push(' ');
        int(doc, self.height);
        doc.push_str("\" role=\"img\" aria-labelledby=\"");
        ids(doc, "-title");
        doc.push(' ');
        ids(doc, "-desc");
        // `xml:lang` only: inline, the SVG takes the page's language; standalone, XML's
        // attribute is the one SVG 1.1 (and the W3C checker) knows.
        let lang = input.lang.default_html_lang();
        doc.push_str("\" xml:lang=\"");
        escape_into(doc, &lang);
        doc.push_str(concat!("\" font-family=\"", font_family!(), "\">\n<title id=\""));
        ids(doc, "-title");
        doc.push_str("\">");
        escape_into(doc, input.title);
        doc.push_str("</title>\n<desc id=\"");
        ids(doc, "-desc");
        doc.push_str("\">");
        escape_into(doc, input.description);
        doc.push_str("</desc>\n");
    }

    /// The scoped `<style>`: layout-independent rules, then one rule per colour class used in
    /// light mode, and again in a `prefers-color-scheme: dark` block for those whose dark colour
    /// differs.
    ///
    /// The dark block writes `light-dark(light, dark)`, which takes the dark colour only where the
    /// chart's used `color-scheme` is dark. A standalone file declares `color-scheme: light dark`
    /// on its root, so it follows the system; an inline chart inherits the page's
    /// `color-scheme`, so it turns dark only on a page that says it can be dark. On a light-only
    /// page viewed with a dark system setting it stays light instead of drawing light text on the
    /// page's white. Browsers without `light-dark()` (before 2024) drop that rule and keep the
    /// light colours.
    ///
    /// A standalone file sizes itself to its viewer. Inline, the page's stylesheet sizes the
    /// drawing and decides which of its two drawings shows, so the wide one gets no rule on its
    /// root; the narrow one hides itself (the page shows it on phones with `display:block
    /// !important`), so that a page whose stylesheet predates narrow drawings shows the wide one
    /// alone, as it did.
    fn style_block(&self, doc: &mut String, input: &ChartInput, standalone: bool, used: Classes) {
        let selector = |doc: &mut String| {
            doc.push('#');
            doc.push_str(input.dom_id);
            doc.push_str(input.size.id_suffix());
            doc.push_str("-svg");
        };
        doc.push_str("<style>\n");
        if standalone {
            selector(doc);
            doc.push_str("{display:block;max-width:100%;height:auto;color-scheme:light dark}\n");
        } else if input.size == Size::Narrow {
            selector(doc);
            doc.push_str("{display:none}\n");
        }
        selector(doc);
        doc.push_str(concat!(
            " text{font-family:",
            font_family!(),
            ";font-variant-numeric:tabular-nums;font-kerning:normal}\n"
        ));
        selector(doc);
        doc.push_str(" polyline{stroke-linejoin:round;stroke-linecap:round}\n");
        let value = |doc: &mut String, paint: Paint, colour: Rgb| {
            if paint == Paint::Theme(ThemeRole::Background) {
                doc.push_str("var(--chart-bg,");
                hex(doc, colour);
                doc.push(')');
            } else {
                hex(doc, colour);
            }
        };
        let rule_start = |doc: &mut String, paint: Paint, usage: Usage| {
            selector(doc);
            doc.push_str(" .");
            write_class(doc, paint, usage);
            doc.push('{');
            doc.push_str(usage.property());
            doc.push(':');
        };
        for (paint, usage) in used.iter() {
            if let Some(pair) = pair_of(&self.series, paint) {
                rule_start(doc, paint, usage);
                value(doc, paint, pair.light);
                doc.push_str("}\n");
            }
        }
        doc.push_str("@media (prefers-color-scheme:dark){\n");
        for (paint, usage) in used.iter() {
            // Colours that pass in both modes as they are need no second rule.
            if let Some(pair) = pair_of(&self.series, paint).filter(|p| p.light != p.dark) {
                rule_start(doc, paint, usage);
                doc.push_str("light-dark(");
                value(doc, paint, pair.light);
                doc.push(',');
                value(doc, paint, pair.dark);
                doc.push_str(")}\n");
            }
        }
        doc.push_str("}\n</style>\n");
    }
}

/// The box a text item of the SVG covers by the measuring rule (for tests and checks):
/// `(left, top, right, bottom)` in user units.
pub fn text_box(x: f64, top: f64, size: f64, bold: bool, anchor: Anchor, text: &str) -> [f64; 4] {
    let w = measure::width(text, size, bold);
    let left = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - w / 2.0,
        Anchor::End => x - w,
    };
    let baseline = top + TOP_TO_BASELINE * size;
    [left, baseline - measure::ASCENT * size, left + w, baseline + measure::DESCENT * size]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn draw_one(item: Item) -> Result<(String, Classes), String> {
        let scene = Scene::new(640, Vec::new());
        let (mut out, mut used) = (String::new(), Classes::default());
        draw_into((640, 400), &scene.series, &[item], &mut out, &mut used)?;
        Ok((out, used))
    }

    #[test]
    fn font_sizes_come_out_exact() {
        for size in super::super::layout::FONT_SIZES {
            let text = super::super::scene::TextItem {
                x: 1.0,
                baseline: 100.0,
                text: "a".into(),
                size,
                bold: false,
                anchor: Anchor::Start,
                paint: Paint::Theme(ThemeRole::Text),
            };
            let (out, _) = draw_one(Item::Text(text)).unwrap();
            assert!(out.contains(&format!(" font-size=\"{size}\" ")), "{out}");
        }
    }

    #[test]
    fn marks_are_written_with_light_colours_and_classes() {
        let paint = Paint::Theme(ThemeRole::Text);
        let (out, used) = draw_one(Item::Rect { x0: 1.0, y0: 2.0, x1: 11.0, y1: 7.0, paint }).unwrap();
        assert_eq!(out, "<rect x=\"1\" y=\"2\" width=\"10\" height=\"5\" fill=\"#1d2125\" class=\"fg-f\"/>\n");
        assert_eq!(used.iter().collect::<Vec<_>>(), [(paint, Usage::Fill)]);
        let grid = Paint::Theme(ThemeRole::Grid);
        let path = Item::Path { points: vec![(0.0, 1.0), (5.4, 1.6)], paint: grid, width: 2, dashed: true };
        assert_eq!(
            draw_one(path).unwrap().0,
            "<polyline fill=\"none\" stroke=\"#e3e6ea\" stroke-width=\"2\" points=\"0,1 5,2 \" \
             stroke-dasharray=\"6 5\" class=\"grid-s\"/>\n"
        );
        let ring = Item::Circle { x: 3.0, y: 4.0, r: 5.0, paint: grid, ring: 2 };
        assert_eq!(
            draw_one(ring).unwrap().0,
            "<circle cx=\"3\" cy=\"4\" r=\"5\" fill=\"none\" stroke=\"#e3e6ea\" stroke-width=\"2\" class=\"grid-s\"/>\n"
        );
        let dot = Item::Circle { x: 3.0, y: 4.0, r: 5.0, paint, ring: 0 };
        assert_eq!(draw_one(dot).unwrap().0, "<circle cx=\"3\" cy=\"4\" r=\"5\" fill=\"#1d2125\" class=\"fg-f\"/>\n");
        let text = super::super::scene::TextItem {
            x: 10.0,
            baseline: 50.0,
            text: "a<b & 'c'".into(),
            size: 16.0,
            bold: true,
            anchor: Anchor::End,
            paint,
        };
        assert_eq!(
            draw_one(Item::Text(text)).unwrap().0,
            "<text x=\"10\" y=\"38\" dy=\"0.76em\" text-anchor=\"end\" font-size=\"16\" fill=\"#1d2125\" \
             font-weight=\"bold\" class=\"fg-f\">a&lt;b &amp; &apos;c&apos;</text>\n"
        );
    }

    #[test]
    fn series_without_a_colour_are_refused() {
        let r = draw_one(Item::Rect { x0: 1.0, y0: 2.0, x1: 11.0, y1: 7.0, paint: Paint::Series(3) });
        assert!(r.is_err());
    }

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("<script>&\"'\u{1}\u{85}é"), "&lt;script&gt;&amp;&quot;&apos;é");
        assert_eq!(escape("中国 1.4%\tx\n"), "中国 1.4%\tx\n");
    }

    #[test]
    fn sentinels_round_trip() {
        for paint in [Paint::Series(0), Paint::Series(254), Paint::SeriesText(3), Paint::Theme(ThemeRole::Background)] {
            let c = sentinel(paint);
            assert_eq!(c.0, 1);
            assert_eq!(paint_of(c.1, c.2), Some(paint));
            assert_eq!(sentinel_with(paint, SENTINEL_DASHED).0, 2);
        }
        assert_eq!(paint_of(SENTINEL_THEME, 7), None);
    }

    #[test]
    fn classes_iterate_in_the_order_of_paint_and_usage() {
        let all: Vec<(Paint, Usage)> = [Paint::Series(0), Paint::Series(255), Paint::SeriesText(7)]
            .into_iter()
            .chain(ThemeRole::ALL.map(Paint::Theme))
            .flat_map(|p| [(p, Usage::Stroke), (p, Usage::Fill)])
            .collect();
        let mut classes = Classes::default();
        for &(paint, usage) in all.iter().rev() {
            classes.insert(paint, usage);
        }
        let sorted: BTreeSet<(Paint, Usage)> = all.iter().copied().collect();
        assert_eq!(classes.iter().collect::<Vec<_>>(), sorted.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn px_rounds_like_round() {
        for v in [0.0, 0.5, -0.5, 1.4999999999999998, 2.5, -2.5, 0.49999999999999994, 123.456, -7.5000001, 999_999.6] {
            assert_eq!(px(v), v.round() as i32, "{v}");
        }
        assert_eq!(px(f64::NAN), 0);
        assert_eq!(px(1e300), 1_000_000);
        assert_eq!(px(-1e300), -1_000_000);
    }

    #[test]
    fn hex_and_numbers() {
        let mut s = String::new();
        hex(&mut s, Rgb(0, 0x9e, 0xff));
        number(&mut s, 16.0);
        s.push(' ');
        number(&mut s, 13.5);
        assert_eq!(s, "#009eff16 13.5");
    }
}
