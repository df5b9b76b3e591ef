//! The scene: what a chart draws, in user units, before plotters writes it.
//!
//! Each kind's layout produces a [`Scene`]; [`super::draw`] draws it with plotters. Keeping the
//! two apart lets the layout know the final height before the SVG backend is created, and keeps
//! every measurement in one place.

use super::colour::{SeriesPaint, ThemeRole};

/// What colours a mark or a text: a series (by its index in the input) or a theme role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Paint {
    /// A series' mark colour (3:1).
    Series(u8),
    /// Text in a series' colour (4.5:1).
    SeriesText(u8),
    Theme(ThemeRole),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TextItem {
    pub x: f64,
    /// The baseline of the text.
    pub baseline: f64,
    pub text: String,
    pub size: f64,
    pub bold: bool,
    pub anchor: Anchor,
    pub paint: Paint,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A filled rectangle.
    Rect {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        paint: Paint,
    },
    /// An open polyline (two points make a line).
    Path {
        points: Vec<(f64, f64)>,
        paint: Paint,
        width: u32,
        dashed: bool,
    },
    /// A filled circle, or a ring of `ring` user units when `ring > 0`.
    Circle {
        x: f64,
        y: f64,
        r: f64,
        paint: Paint,
        ring: u32,
    },
    Text(TextItem),
}

/// A chart ready to draw.
#[derive(Clone, Debug)]
pub struct Scene {
    pub width: u32,
    pub height: u32,
    pub items: Vec<Item>,
    /// Colours of the input's series, by input index.
    pub series: Vec<SeriesPaint>,
}

impl Scene {
    pub fn new(width: u32, series: Vec<SeriesPaint>) -> Scene {
        // Room for a typical chart's marks and texts, so that the list is not copied as it grows.
        Scene { width, height: 0, items: Vec::with_capacity(64), series }
    }

    pub fn rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, paint: Paint) {
        self.items.push(Item::Rect { x0: x0.min(x1), y0: y0.min(y1), x1: x0.max(x1), y1: y0.max(y1), paint });
    }

    /// A rectangle outline `stroke` units wide, drawn inside its bounds, over the background.
    pub fn hollow_rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, paint: Paint, stroke: f64) {
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        self.rect(x0, y0, x1, y1, paint);
        if x1 - x0 > 2.0 * stroke && y1 - y0 > 2.0 * stroke {
            self.rect(x0 + stroke, y0 + stroke, x1 - stroke, y1 - stroke, Paint::Theme(ThemeRole::Background));
        }
    }

    pub fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, paint: Paint, width: u32) {
        self.items.push(Item::Path { points: vec![(x0, y0), (x1, y1)], paint, width, dashed: false });
    }

    pub fn path(&mut self, points: Vec<(f64, f64)>, paint: Paint, width: u32, dashed: bool) {
        self.items.push(Item::Path { points, paint, width, dashed });
    }

    pub fn dot(&mut self, x: f64, y: f64, r: f64, paint: Paint) {
        self.items.push(Item::Circle { x, y, r, paint, ring: 0 });
    }

    /// A hollow marker: background inside, a ring of `ring` units in `paint`.
    pub fn ring(&mut self, x: f64, y: f64, r: f64, paint: Paint, ring: u32) {
        self.items.push(Item::Circle { x, y, r, paint: Paint::Theme(ThemeRole::Background), ring: 0 });
        self.items.push(Item::Circle { x, y, r, paint, ring });
    }

    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        x: f64,
        baseline: f64,
        text: impl Into<String>,
        size: f64,
        bold: bool,
        anchor: Anchor,
        paint: Paint,
    ) {
        self.items.push(Item::Text(TextItem { x, baseline, text: text.into(), size, bold, anchor, paint }));
    }
}
