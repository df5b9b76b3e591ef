//! What every kind shares: sizes, the title block, the note about estimates, the series' paints
//! and values, and spreading labels apart.

use super::colour::ThemeRole;
use super::measure::{self, ASCENT, DESCENT};
use super::scene::{Anchor, Paint, Scene};
use super::{ChartError, ChartInput};
use crate::load::frontmatter::{Sort, Year};

/// Widths below this are laid out for phones: names and values split over lines sooner, bar
/// names go above their bars when they would squeeze the bars.
pub const NARROW_BELOW: f64 = 480.0;
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
    /// Width of the viewBox, in user units.
    pub width: f64,
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
        Ctx { input, zh: input.lang.is_chinese(), width: f64::from(input.size.width()), order, muted }
    }

    /// The width between the side margins.
    pub fn inner(&self) -> f64 {
        self.width - 2.0 * PAD
    }

    /// Laid out for a phone.
    pub fn narrow(&self) -> bool {
        self.width < NARROW_BELOW
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

    /// The value of series `i` in `year`, which this chart kind cannot draw without.
    pub fn required_value(&self, i: usize, year: Year) -> Result<f64, ChartError> {
        self.value(i, year).ok_or_else(|| ChartError::MissingValue {
            dom_id: self.input.dom_id.to_string(),
            key: self.input.series[i].key.clone(),
            year,
            kind: self.input.kind.name(),
        })
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
///
/// Both wrap to the width, into lines of even length (as CSS `text-wrap: balance`), so a title
/// does not end in a lone word. A subtitle made of parts joined by " · " (the page's own words,
/// the years, the unit) breaks between parts first, and the " · " at a break is left out.
pub fn header(scene: &mut Scene, input: &ChartInput) -> f64 {
    let max_w = f64::from(scene.width) - 2.0 * PAD;
    let mut bottom = PAD_TOP;
    if !input.title.trim().is_empty() {
        let mut baseline = PAD_TOP + ASCENT * TITLE_SIZE;
        for line in balanced(input.title.trim(), TITLE_SIZE, true, max_w) {
            scene.text(PAD, baseline, line, TITLE_SIZE, true, Anchor::Start, TEXT);
            baseline += TITLE_LINE;
        }
        bottom = baseline - TITLE_LINE + DESCENT * TITLE_SIZE;
    }
    if !input.subtitle.trim().is_empty() {
        let mut baseline = bottom + 4.0 + ASCENT * SUBTITLE_SIZE;
        for line in wrap_parts(input.subtitle.trim(), SUBTITLE_SIZE, max_w) {
            scene.text(PAD, baseline, line, SUBTITLE_SIZE, false, Anchor::Start, SOFT);
            baseline += SUBTITLE_LINE;
        }
        bottom = baseline - SUBTITLE_LINE + DESCENT * SUBTITLE_SIZE;
    }
    bottom + 16.0
}

/// Wraps `text` into as few lines as fit `max_w`, as evenly long as can be.
pub fn balanced(text: &str, size: f64, bold: bool, max_w: f64) -> Vec<String> {
    balance(max_w, |w| measure::wrap(text, size, bold, w))
}

/// The lines `wrap` makes at the narrowest width (to a unit) that takes no more lines than it
/// does at `max_w`.
fn balance(max_w: f64, wrap: impl Fn(f64) -> Vec<String>) -> Vec<String> {
    let mut best = wrap(max_w);
    let n = best.len();
    if n < 2 {
        return best;
    }
    let (mut lo, mut hi) = (max_w / n as f64, max_w);
    while hi - lo > 1.0 {
        let mid = (lo + hi) / 2.0;
        let attempt = wrap(mid);
        if attempt.len() <= n {
            hi = mid;
            best = attempt;
        } else {
            lo = mid;
        }
    }
    best
}

/// Wraps a subtitle of parts joined by " · ": whole parts go on a line while they fit; a break
/// between parts replaces their " · "; a part too long for a line is wrapped itself. Lines are
/// balanced as [`balanced`]'s are.
pub fn wrap_parts(text: &str, size: f64, max_w: f64) -> Vec<String> {
    balance(max_w, |w| pack_parts(text, size, w, max_w))
}

/// Packs parts into lines `w` wide; a part wider than that takes a line of its own, wrapped at
/// `max_w` if need be.
fn pack_parts(text: &str, size: f64, w: f64, max_w: f64) -> Vec<String> {
    const SEP: &str = " · ";
    let width = |t: &str| measure::width(t, size, false);
    if width(text) <= w {
        return vec![text.to_string()];
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in text.split(SEP) {
        let joined = if line.is_empty() { part.to_string() } else { format!("{line}{SEP}{part}") };
        if width(&joined) <= w {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if width(part) <= max_w {
            line = part.to_string();
        } else {
            let mut wrapped = balanced(part, size, false, max_w);
            line = wrapped.pop().unwrap_or_default();
            lines.extend(wrapped);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
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
        for line in measure::wrap(text, size, false, f64::from(scene.width) - PAD - x_text) {
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

/// A name and its value as label lines, at most `max_w` wide: "name value" (or "value name" when
/// `value_first`) on one line when it fits, else the name wrapped and the value on a line of its
/// own, so that a value is never split from itself or broken across lines.
pub fn name_value_lines(name: &str, value: &str, value_first: bool, max_w: f64) -> Vec<String> {
    let one = if value_first { format!("{value} {name}") } else { format!("{name} {value}") };
    if measure::width(&one, LABEL_SIZE, false) <= max_w {
        return vec![one];
    }
    let mut lines = label_lines(name, max_w, false);
    if value_first {
        lines.insert(0, value.to_string());
    } else {
        lines.push(value.to_string());
    }
    lines
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
    fn titles_wrap_into_even_lines() {
        let title = "全球排名前15的图生视频模型来自哪里";
        let greedy = measure::wrap(title, TITLE_SIZE, true, 336.0);
        let even = balanced(title, TITLE_SIZE, true, 336.0);
        assert_eq!(greedy.len(), 2);
        assert_eq!(even.len(), 2);
        assert_eq!(even.concat(), title);
        let w = |l: &String| measure::width(l, TITLE_SIZE, true);
        assert!((w(&even[0]) - w(&even[1])).abs() < (w(&greedy[0]) - w(&greedy[1])).abs());
        assert!(even.iter().all(|l| w(l) <= 336.0));
        assert_eq!(balanced("Short", TITLE_SIZE, true, 336.0), ["Short"]);
    }

    #[test]
    fn subtitles_break_between_parts() {
        let lines = wrap_parts("中国的理工科毕业生数量居世界首位 · 2020年 · 人", SUBTITLE_SIZE, 336.0);
        assert_eq!(lines, ["中国的理工科毕业生数量居世界首位", "2020年 · 人"]);
        let lines = wrap_parts("2020 · people", SUBTITLE_SIZE, 336.0);
        assert_eq!(lines, ["2020 · people"]);
        let long = "The US value is inferred from the analyst's ratio between the two countries · 2025 · US$";
        let lines = wrap_parts(long, SUBTITLE_SIZE, 336.0);
        assert!(lines.iter().all(|l| measure::width(l, SUBTITLE_SIZE, false) <= 336.0), "{lines:?}");
        assert!(lines.iter().all(|l| !l.starts_with('·') && !l.ends_with('·')), "{lines:?}");
        assert_eq!(lines.last().map(String::as_str), Some("2025 · US$"));
    }

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
