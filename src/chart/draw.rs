//! Drawing a [`Scene`] with plotters' SVG backend, then the small post-processing plotters
//! cannot do itself.
//!
//! Plotters writes colours as attributes and knows nothing of themes, so every mark is drawn in a
//! *sentinel* colour `#DDRRII` that names its role (`RR`: 1 series mark, 2 series text, 3 theme
//! role; `II`: series index or theme role; `DD`: 1, or 2 for a line to dash). The post-processing
//! pass then, in one scan:
//! 1. replaces plotters' root tag (fixed width/height) with ours: viewBox only, `id`, `role`,
//!    `aria-labelledby`, `lang`, and `xmlns` when standalone; inserts `<title>`, `<desc>` and the
//!    scoped `<style>` right after it;
//! 2. swaps each sentinel `fill`/`stroke` for the light-mode colour (so the SVG still reads
//!    without CSS) plus a class (`k0-f`, `kt1-f`, `grid-s`, …) that the `<style>` colours for
//!    light and dark mode, and adds `stroke-dasharray` to lines marked for dashing (plotters'
//!    own dashed element cuts a line into many integer-rounded pieces that visibly step);
//! 3. drops `opacity="1"` and `font-family`, which plotters writes on every element (the root
//!    carries the font list once), `text-anchor="start"` and a rectangle's `stroke="none"`, which
//!    say the default (a page carries each chart twice: bytes count), and the newlines plotters
//!    puts around each text's content.
//!
//! Plotters escapes the text and attributes it writes; the texts inserted here are escaped by
//! [`escape`], and the ids are checked by the caller to be plain identifiers.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use plotters::coord::Shift;
use plotters::element::{Circle, PathElement, Rectangle, Text};
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, ShapeStyle, TextStyle};

use super::colour::{Pair, ThemeRole};
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

/// Plotters writes `font-size` as the size it is given divided by 1.24.
const PLOTTERS_FONT_FACTOR: f64 = 1.24;
/// Plotters' `VPos::Top` writes `dy="0.76em"`: the baseline sits 0.76 em below `y`.
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
        SENTINEL_THEME => ThemeRole::ALL.into_iter().find(|r| *r as u8 == index).map(Paint::Theme),
        _ => None,
    }
}

/// Whether a class colours `fill` or `stroke`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Usage {
    Fill,
    Stroke,
}

/// Writes the class of a colour role used as fill or stroke: `k0-f`, `kt1-f`, `grid-s`, ….
fn write_class(out: &mut String, paint: Paint, usage: Usage) {
    let suffix = match usage {
        Usage::Fill => "f",
        Usage::Stroke => "s",
    };
    let _ = match paint {
        Paint::Series(i) => write!(out, "k{i}-{suffix}"),
        Paint::SeriesText(i) => write!(out, "kt{i}-{suffix}"),
        Paint::Theme(role) => write!(out, "{}-{suffix}", role.class()),
    };
}

fn class_name(paint: Paint, usage: Usage) -> String {
    let mut s = String::new();
    write_class(&mut s, paint, usage);
    s
}

fn pair_of(scene: &Scene, paint: Paint) -> Option<Pair> {
    match paint {
        Paint::Series(i) => scene.series.get(usize::from(i)).map(|s| s.graphic),
        Paint::SeriesText(i) => scene.series.get(usize::from(i)).map(|s| s.text),
        Paint::Theme(role) => Some(role.pair()),
    }
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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
    out
}

fn px(v: f64) -> i32 {
    // Layout values are finite and within a few thousand units; clamp anyway so a bad value
    // cannot wrap around.
    v.round().clamp(-1e6, 1e6) as i32
}

fn draw_err(input: &ChartInput, e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw { dom_id: input.dom_id.to_string(), message: e.to_string() }
}

/// Draws `scene` and returns the finished SVG document.
pub fn render(scene: &Scene, input: &ChartInput) -> Result<String, ChartError> {
    let mut raw = String::with_capacity(16 * 1024);
    {
        let root = SVGBackend::with_string(&mut raw, (scene.width, scene.height.max(1))).into_drawing_area();
        for item in &scene.items {
            draw_item(&root, item).map_err(|e| draw_err(input, e))?;
        }
        root.present().map_err(|e| draw_err(input, e))?;
    }
    finish(&raw, scene, input)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn draw_item(root: &Area<'_>, item: &Item) -> Result<(), String> {
    let drawn = match item {
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
            let font = FontDesc::new(FontFamily::Name(FONT_FAMILY), t.size * PLOTTERS_FONT_FACTOR, style);
            let h = match t.anchor {
                Anchor::Start => HPos::Left,
                Anchor::Middle => HPos::Center,
                Anchor::End => HPos::Right,
            };
            let colour = sentinel(t.paint);
            let text_style = TextStyle::from(font).color(&colour).pos(Pos::new(h, VPos::Top));
            let top = t.baseline - TOP_TO_BASELINE * t.size;
            root.draw(&Text::new(t.text.as_str(), (px(t.x), px(top)), text_style))
        }
    };
    drawn.map_err(|e| e.to_string())
}

/// Rewrites plotters' output: our root tag, title/desc/style, and sentinel colours to classes.
fn finish(raw: &str, scene: &Scene, input: &ChartInput) -> Result<String, ChartError> {
    let bad_output = |what: &str| ChartError::Draw {
        dom_id: input.dom_id.to_string(),
        message: format!("unexpected SVG from plotters: {what}"),
    };
    if !raw.starts_with("<svg ") {
        return Err(bad_output("it does not start with <svg"));
    }
    let root_end = raw.find(">\n").ok_or_else(|| bad_output("no end to the root tag"))?;
    let body = &raw[root_end + 2..];

    let mut out = String::with_capacity(raw.len() + 2048);
    let mut used: BTreeSet<(Paint, Usage)> = BTreeSet::new();
    let mut rest = body;
    let mut in_text = false;
    while let Some(start) = rest.find('<') {
        let content = &rest[..start];
        if in_text {
            // Plotters writes `<text …>\ncontent\n</text>`: keep the content exact.
            let content = content.strip_prefix('\n').unwrap_or(content);
            out.push_str(content.strip_suffix('\n').unwrap_or(content));
        } else {
            out.push_str(content);
        }
        let tag_len = rest[start..].find('>').ok_or_else(|| bad_output("an unterminated tag"))?;
        let tag = &rest[start..start + tag_len + 1];
        in_text = tag.starts_with("<text ");
        rewrite_tag(tag, scene, &mut used, &mut out).map_err(|m| bad_output(&m))?;
        rest = &rest[start + tag_len + 1..];
    }
    out.push_str(rest);

    let id = format!("{}{}", input.dom_id, input.size.id_suffix());
    let lang = escape(&input.lang.default_html_lang());
    let mut doc = String::with_capacity(out.len() + 2048);
    doc.push_str("<svg");
    if input.standalone {
        doc.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
    }
    let _ = write!(
        doc,
        " id=\"{id}-svg\" class=\"chart-graphic chart-graphic-{kind} {size}\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" lang=\"{lang}\" xml:lang=\"{lang}\" \
         font-family=\"{FONT_FAMILY}\">\n\
         <title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{desc}</desc>\n",
        kind = input.kind.name(),
        size = input.size.class(),
        w = scene.width,
        h = scene.height,
        title = escape(input.title),
        desc = escape(input.description),
    );
    style_block(&mut doc, &format!("{id}-svg"), input, scene, &used);
    doc.push_str(&out);
    Ok(doc)
}

/// Copies one tag of plotters' output, attribute by attribute:
/// - sentinel `fill`/`stroke` colours become the light-mode colour plus a class (and
///   `stroke-dasharray` for lines marked for dashing);
/// - `opacity="1"` and `font-family` (carried once by the root) are dropped, and so are
///   `text-anchor="start"` and a rectangle's `stroke="none"` (SVG's defaults);
/// - `font-size`, which plotters divides by 1.24, is written back as the round number it was
///   (`15.000000000000002` → `15`).
///
/// Plotters escapes attribute values, so a value never contains `"`.
fn rewrite_tag(tag: &str, scene: &Scene, used: &mut BTreeSet<(Paint, Usage)>, out: &mut String) -> Result<(), String> {
    if tag.starts_with("</") {
        out.push_str(tag);
        return Ok(());
    }
    let (body, close) = if let Some(b) = tag.strip_suffix("/>") {
        (b, "/>")
    } else if let Some(b) = tag.strip_suffix('>') {
        (b, ">")
    } else {
        return Err("a tag without an end".to_string());
    };
    let body = body.strip_prefix('<').ok_or("a tag without a start")?;
    let name_end = body.find(' ').unwrap_or(body.len());
    let name = &body[..name_end];
    out.push('<');
    out.push_str(name);
    let mut rest = &body[name_end..];
    let mut classes: Vec<(Paint, Usage)> = Vec::new();
    let mut dashed = false;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let eq = rest.find("=\"").ok_or("an attribute without a value")?;
        let key = &rest[..eq];
        let after = &rest[eq + 2..];
        let end = after.find('"').ok_or("an unterminated attribute")?;
        let value = &after[..end];
        rest = &after[end + 1..];
        match key {
            "opacity" if value == "1" => {}
            "font-family" => {}
            // SVG's defaults.
            "text-anchor" if value == "start" => {}
            "stroke" if value == "none" && name == "rect" => {}
            "font-size" => {
                let size: f64 = value.parse().map_err(|_| format!("a font size {value}"))?;
                let _ = write!(out, " font-size=\"{}\"", (size * 1000.0).round() / 1000.0);
            }
            "fill" | "stroke" if value.len() == 7 && value.starts_with('#') => {
                let byte = |i: usize| u8::from_str_radix(value.get(i..i + 2).unwrap_or("zz"), 16).ok();
                let (first, role, index) = (byte(1), byte(3), byte(5));
                let paint = match (first, role, index) {
                    (Some(f @ (SENTINEL_PLAIN | SENTINEL_DASHED)), Some(role), Some(index)) => {
                        dashed |= f == SENTINEL_DASHED;
                        paint_of(role, index)
                    }
                    _ => None,
                }
                .ok_or_else(|| format!("a colour {value} that is not a sentinel"))?;
                let pair = pair_of(scene, paint).ok_or_else(|| format!("no colour for {value}"))?;
                let usage = if key == "fill" { Usage::Fill } else { Usage::Stroke };
                let c = pair.light;
                let _ = write!(out, " {key}=\"#{:02x}{:02x}{:02x}\"", c.0, c.1, c.2);
                classes.push((paint, usage));
            }
            _ => {
                let _ = write!(out, " {key}=\"{value}\"");
            }
        }
    }
    if dashed {
        let _ = write!(out, " stroke-dasharray=\"{DASH}\"");
    }
    if !classes.is_empty() {
        out.push_str(" class=\"");
        for (k, &(paint, usage)) in classes.iter().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            write_class(out, paint, usage);
            used.insert((paint, usage));
        }
        out.push('"');
    }
    out.push_str(close);
    Ok(())
}

/// The scoped `<style>`: layout-independent rules, then one rule per colour class used in light
/// mode, and again in a `prefers-color-scheme: dark` block for those whose dark colour differs.
///
/// The dark block writes `light-dark(light, dark)`, which takes the dark colour only where the
/// chart's used `color-scheme` is dark. A standalone file declares `color-scheme: light dark` on
/// its root, so it follows the system; an inline chart inherits the page's `color-scheme`, so it
/// turns dark only on a page that says it can be dark. On a light-only page viewed with a dark
/// system setting it stays light instead of drawing light text on the page's white.
/// Browsers without `light-dark()` (before 2024) drop that rule and keep the light colours.
///
/// A standalone file sizes itself to its viewer. Inline, the page's stylesheet sizes the drawing
/// and decides which of its two drawings shows, so the wide one gets no rule on its root; the
/// narrow one hides itself (the page shows it on phones with `display:block !important`), so that
/// a page whose stylesheet predates narrow drawings shows the wide one alone, as it did.
fn style_block(doc: &mut String, id: &str, input: &ChartInput, scene: &Scene, used: &BTreeSet<(Paint, Usage)>) {
    let standalone = input.standalone;
    if standalone {
        let _ = writeln!(doc, "<style>\n#{id}{{display:block;max-width:100%;height:auto;color-scheme:light dark}}");
    } else if input.size == Size::Narrow {
        let _ = writeln!(doc, "<style>\n#{id}{{display:none}}");
    } else {
        doc.push_str("<style>\n");
    }
    let _ = write!(
        doc,
        "#{id} text{{font-family:{FONT_FAMILY};font-variant-numeric:tabular-nums;\
         font-kerning:normal}}\n\
         #{id} polyline{{stroke-linejoin:round;stroke-linecap:round}}\n"
    );
    let value = |paint: Paint, colour: super::colour::Rgb| {
        if paint == Paint::Theme(ThemeRole::Background) {
            format!("var(--chart-bg,{})", colour.hex())
        } else {
            colour.hex()
        }
    };
    let prop = |usage: Usage| match usage {
        Usage::Fill => "fill",
        Usage::Stroke => "stroke",
    };
    for &(paint, usage) in used {
        if let Some(pair) = pair_of(scene, paint) {
            let _ =
                writeln!(doc, "#{id} .{}{{{}:{}}}", class_name(paint, usage), prop(usage), value(paint, pair.light));
        }
    }
    doc.push_str("@media (prefers-color-scheme:dark){\n");
    for &(paint, usage) in used {
        // Colours that pass in both modes as they are need no second rule.
        if let Some(pair) = pair_of(scene, paint).filter(|p| p.light != p.dark) {
            let _ = writeln!(
                doc,
                "#{id} .{}{{{}:light-dark({},{})}}",
                class_name(paint, usage),
                prop(usage),
                value(paint, pair.light),
                value(paint, pair.dark)
            );
        }
    }
    doc.push_str("}\n</style>\n");
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
    use super::*;

    #[test]
    fn font_sizes_come_out_exact() {
        for size in super::super::layout::FONT_SIZES {
            let written = format!("{}", size * PLOTTERS_FONT_FACTOR / PLOTTERS_FONT_FACTOR);
            let tag = format!("<text x=\"1\" font-size=\"{written}\" opacity=\"1\">");
            let mut out = String::new();
            let scene = Scene::new(640, Vec::new());
            rewrite_tag(&tag, &scene, &mut BTreeSet::new(), &mut out).unwrap();
            assert_eq!(out, format!("<text x=\"1\" font-size=\"{size}\">"));
        }
    }

    #[test]
    fn colours_that_are_not_sentinels_are_refused() {
        let scene = Scene::new(640, Vec::new());
        let mut out = String::new();
        let r = rewrite_tag("<rect fill=\"#123456\"/>", &scene, &mut BTreeSet::new(), &mut out);
        assert!(r.is_err());
        let mut out = String::new();
        let mut used = BTreeSet::new();
        rewrite_tag("<rect x=\"1\" fill=\"#010300\" stroke=\"none\"/>", &scene, &mut used, &mut out).unwrap();
        assert_eq!(out, "<rect x=\"1\" fill=\"#1d2125\" class=\"fg-f\"/>");
        assert_eq!(used.len(), 1);
    }

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("<script>&\"'\u{1}"), "&lt;script&gt;&amp;&quot;&apos;");
    }

    #[test]
    fn sentinels_round_trip() {
        for paint in [Paint::Series(0), Paint::Series(254), Paint::SeriesText(3), Paint::Theme(ThemeRole::Background)] {
            let c = sentinel(paint);
            assert_eq!(c.0, 1);
            assert_eq!(paint_of(c.1, c.2), Some(paint));
            assert_eq!(sentinel_with(paint, SENTINEL_DASHED).0, 2);
        }
    }
}
