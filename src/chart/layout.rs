//! What every kind shares: sizes, the title block, the note about estimates, the series' paints
//! and values, and spreading labels apart.

use super::ChartInput;
use super::colour::ThemeRole;
use super::measure::{self, ASCENT, DESCENT};
use super::scene::{Anchor, Paint, Scene};
use crate::load::frontmatter::{Sort, Year};

/// Width of the viewBox. CSS scales the chart to its container; at a 360 px phone column the
/// 15–16 unit labels come out at 8.5–9 px, and at 640 px they read as body text.
pub const WIDTH: u32 = 640;
pub const WIDTH_F: f64 = WIDTH as f64;
/// Side margins and the space above the title.
pub const PAD: f64 = 12.0;
pub const PAD_TOP: f64 = 10.0;
pub const PAD_BOTTOM: f64 = 10.0;

pub const TITLE_SIZE: f64 = 21.0;
pub const TITLE_LINE: f64 = 27.0;
pub const SUBTITLE_SIZE: f64 = 16.0;
pub const SUBTITLE_LINE: f64 = 21.0;
pub const LABEL_SIZE: f64 = 16.0;
pub const LABEL_LINE: f64 = 20.0;
pub const TICK_SIZE: f64 = 15.0;
pub const NOTE_SIZE: f64 = 15.0;
pub const NOTE_LINE: f64 = 19.0;

/// Every font size the charts use (checked to come out of plotters exactly).
#[cfg(test)]
pub const FONT_SIZES: [f64; 5] = [TITLE_SIZE, SUBTITLE_SIZE, LABEL_SIZE, TICK_SIZE, NOTE_SIZE];

pub const TEXT: Paint = Paint::Theme(ThemeRole::Text);
pub const SOFT: Paint = Paint::Theme(ThemeRole::SoftText);
pub const GRID: Paint = Paint::Theme(ThemeRole::Grid);
pub const AXIS: Paint = Paint::Theme(ThemeRole::Axis);

/// The vertical offset from the centre of a line of text to its baseline: glyphs cover
/// `[-ASCENT, DESCENT]` em around the baseline; digits and Chinese look centred a little lower.
pub fn centre_to_baseline(size: f64) -> f64 {
    0.36 * size
}

/// The input, with the series order and muting worked out.
pub struct Ctx<'a> {
    pub input: &'a ChartInput<'a>,
    pub zh: bool,
    /// Input indices of the series in the order they are drawn (after `sort`).
    pub order: Vec<usize>,
    /// By input index: drawn grey because other series are highlighted.
    pub muted: Vec<bool>,
}

impl<'a> Ctx<'a> {
    pub fn new(input: &'a ChartInput<'a>) -> Ctx<'a> {
        let last_year = input.years.iter().max().copied();
        let mut order: Vec<usize> = (0..input.series.len()).collect();
        let key = |i: usize| last_year.and_then(|y| value_at(&input.series[i].points, y));
        let cmp = |a: Option<f64>, b: Option<f64>, desc: bool| match (a, b) {
            (Some(a), Some(b)) => {
                if desc {
                    b.total_cmp(&a)
                } else {
                    a.total_cmp(&b)
                }
            }
            // Series without a value for the last year go last.
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        match input.sort {
            Sort::None => {}
            Sort::Asc => order.sort_by(|&a, &b| cmp(key(a), key(b), false)),
            Sort::Desc => order.sort_by(|&a, &b| cmp(key(a), key(b), true)),
        }
        let muted =
            input.series.iter().map(|s| !input.highlight.is_empty() && !input.highlight.contains(&s.key)).collect();
        Ctx { input, zh: input.lang.is_chinese(), order, muted }
    }

    /// The colour of series `i`'s marks.
    pub fn mark(&self, i: usize) -> Paint {
        if self.muted.get(i).copied().unwrap_or(false) {
            Paint::Theme(ThemeRole::Muted)
        } else {
            Paint::Series(i as u8)
        }
    }

    /// The colour of series `i`'s name and values.
    pub fn label(&self, i: usize) -> Paint {
        if self.muted.get(i).copied().unwrap_or(false) {
            Paint::Theme(ThemeRole::MutedText)
        } else {
            Paint::SeriesText(i as u8)
        }
    }

    pub fn is_muted(&self, i: usize) -> bool {
        self.muted.get(i).copied().unwrap_or(false)
    }

    pub fn name(&self, i: usize) -> &str {
        self.input.series.get(i).map_or("", |s| s.name.as_str())
    }

    pub fn value(&self, i: usize, year: Year) -> Option<f64> {
        self.input.series.get(i).and_then(|s| value_at(&s.points, year))
    }

    pub fn approx(&self, i: usize, year: Year) -> bool {
        self.input.series.get(i).is_some_and(|s| s.approx.contains(&year))
    }

    /// A value as its label reads: the caller's full format, with 约 / ~ for estimates.
    pub fn value_label(&self, v: f64, approx: bool) -> String {
        let text = (self.input.format_value)(v);
        match (approx, self.zh) {
            (false, _) => text,
            (true, true) => format!("约{text}"),
            (true, false) => format!("~{text}"),
        }
    }

    pub fn tick_label(&self, v: f64) -> String {
        (self.input.format_tick)(v)
    }

    /// The text of the note under charts that show estimates.
    pub fn estimate_note(&self, lines: bool) -> &'static str {
        match (self.zh, lines) {
            (true, true) => "空心点和虚线为估计值",
            (true, false) => "空心标记为估计值",
            (false, true) => "Hollow points and dashed lines are estimates",
            (false, false) => "Hollow marks are estimates",
        }
    }
}

pub fn value_at(points: &[(Year, f64)], year: Year) -> Option<f64> {
    points.iter().find(|(y, _)| *y == year).map(|(_, v)| *v)
}

/// Draws the title and subtitle at the top left; returns where the chart below may start.
pub fn header(scene: &mut Scene, input: &ChartInput) -> f64 {
    let max_w = WIDTH_F - 2.0 * PAD;
    let mut bottom = PAD_TOP;
    if !input.title.trim().is_empty() {
        let mut baseline = PAD_TOP + ASCENT * TITLE_SIZE;
        for line in measure::wrap(input.title.trim(), TITLE_SIZE, true, max_w) {
            scene.text(PAD, baseline, line, TITLE_SIZE, true, Anchor::Start, TEXT);
            baseline += TITLE_LINE;
        }
        bottom = baseline - TITLE_LINE + DESCENT * TITLE_SIZE;
    }
    if !input.subtitle.trim().is_empty() {
        let mut baseline = bottom + 4.0 + ASCENT * SUBTITLE_SIZE;
        for line in measure::wrap(input.subtitle.trim(), SUBTITLE_SIZE, false, max_w) {
            scene.text(PAD, baseline, line, SUBTITLE_SIZE, false, Anchor::Start, SOFT);
            baseline += SUBTITLE_LINE;
        }
        bottom = baseline - SUBTITLE_LINE + DESCENT * SUBTITLE_SIZE;
    }
    bottom + 16.0
}

/// The marker drawn before the note on estimates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteMark {
    Circle,
    Square,
}

/// Draws the note on estimates (if any) from `top`, and sets the scene's height.
pub fn footer(scene: &mut Scene, top: f64, note: Option<(NoteMark, &str)>) {
    let mut bottom = top;
    if let Some((mark, text)) = note {
        let size = NOTE_SIZE;
        let mark_w = 12.0;
        let x_text = PAD + mark_w + 6.0;
        let mut baseline = top + 6.0 + ASCENT * size;
        let centre = baseline - centre_to_baseline(size);
        match mark {
            NoteMark::Circle => scene.ring(PAD + mark_w / 2.0, centre, 5.0, SOFT, 2),
            NoteMark::Square => scene.hollow_rect(PAD + 1.0, centre - 5.0, PAD + 11.0, centre + 5.0, SOFT, 2.0),
        }
        for line in measure::wrap(text, size, false, WIDTH_F - PAD - x_text) {
            scene.text(x_text, baseline, line, size, false, Anchor::Start, SOFT);
            baseline += NOTE_LINE;
        }
        bottom = baseline - NOTE_LINE + DESCENT * size;
    }
    scene.height = (bottom + PAD_BOTTOM).ceil().max(1.0) as u32;
}

/// Places labels of heights `h` whose centres want to be at `want` so that none overlap (at
/// least `gap` apart) and all lie within `[lo, hi]` when they fit there; returns the centres in
/// input order. Overlapping labels are grouped and each group is centred on its members' wishes,
/// so labels move as little as possible.
pub fn spread(items: &[(f64, f64)], gap: f64, lo: f64, hi: f64) -> Vec<f64> {
    struct Group {
        members: Vec<usize>,
        top: f64,
        height: f64,
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].0.total_cmp(&items[b].0).then(a.cmp(&b)));
    let clamp = |top: f64, height: f64| {
        if height >= hi - lo { lo } else { top.clamp(lo, hi - height) }
    };
    let mut groups: Vec<Group> = Vec::new();
    for i in order {
        let (want, h) = items[i];
        groups.push(Group { members: vec![i], top: clamp(want - h / 2.0, h), height: h });
        while groups.len() >= 2 {
            let n = groups.len();
            if groups[n - 2].top + groups[n - 2].height + gap <= groups[n - 1].top {
                break;
            }
            let Some(last) = groups.pop() else { break };
            let Some(prev) = groups.last_mut() else { break };
            prev.members.extend(last.members);
            prev.height += gap + last.height;
            // The top that centres every member on its wish, on average.
            let mut offset = 0.0;
            let mut sum = 0.0;
            for &m in &prev.members {
                let (want, h) = items[m];
                sum += want - offset - h / 2.0;
                offset += h + gap;
            }
            let top = sum / prev.members.len() as f64;
            prev.top = clamp(top, prev.height);
        }
    }
    let mut centres = vec![0.0; items.len()];
    for g in &groups {
        let mut y = g.top;
        for &m in &g.members {
            let h = items[m].1;
            centres[m] = y + h / 2.0;
            y += h + gap;
        }
    }
    centres
}

/// Wraps `text` into lines no wider than `max_w` at the label size.
pub fn label_lines(text: &str, max_w: f64, bold: bool) -> Vec<String> {
    measure::wrap(text, LABEL_SIZE, bold, max_w)
}

/// The widest of `lines` at `size`.
pub fn widest(lines: &[String], size: f64, bold: bool) -> f64 {
    lines.iter().map(|l| measure::width(l, size, bold)).fold(0.0, f64::max)
}

/// Draws a block of label lines centred vertically on `centre`.
#[allow(clippy::too_many_arguments)]
pub fn text_block(
    scene: &mut Scene,
    x: f64,
    centre: f64,
    lines: &[String],
    size: f64,
    line_h: f64,
    anchor: Anchor,
    paint: Paint,
) {
    let n = lines.len().max(1) as f64;
    let first = centre - (n - 1.0) * line_h / 2.0 + centre_to_baseline(size);
    for (k, line) in lines.iter().enumerate() {
        scene.text(x, first + k as f64 * line_h, line.clone(), size, false, anchor, paint);
    }
}

/// The height a block of `n` label lines takes.
pub fn block_height(n: usize, line_h: f64, size: f64) -> f64 {
    (n.max(1) as f64 - 1.0) * line_h + (ASCENT + DESCENT) * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_keeps_apart_and_in_bounds() {
        let items = [(100.0, 20.0), (105.0, 20.0), (108.0, 20.0), (300.0, 20.0)];
        let c = spread(&items, 2.0, 0.0, 400.0);
        let mut sorted = c.clone();
        sorted.sort_by(f64::total_cmp);
        for w in sorted.windows(2) {
            assert!(w[1] - w[0] >= 22.0 - 1e-9, "{c:?}");
        }
        // The far label does not move; the cluster stays around its wishes.
        assert_eq!(c[3], 300.0);
        assert!((c[0] + c[1] + c[2]) / 3.0 - 104.333 < 0.01);
        // Against the bounds.
        let c = spread(&[(5.0, 20.0), (6.0, 20.0)], 2.0, 0.0, 400.0);
        assert_eq!(c[0], 10.0);
        assert_eq!(c[1], 32.0);
        let c = spread(&[(399.0, 20.0)], 2.0, 0.0, 400.0);
        assert_eq!(c[0], 390.0);
    }
}
