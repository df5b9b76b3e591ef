//! Horizontal bars: `bar` (one bar per series) and `grouped-bar` (per series, one bar per year).
//!
//! Horizontal because long Chinese and English names read best unrotated. Names stand left of
//! their bars, wrapped to at most about a third of the width, when every name fits there in
//! [`max_name_lines`] lines (two, or one in a narrow chart); otherwise every name stands above its
//! bars, which then take the whole width. The value is written at the end of each bar (so the
//! ticks can stay few: as many as fit, [`MIN_TICK_GAP`] apart, [`MIN_TICK_GAP_NARROW`] in a
//! narrow chart); gridlines are vertical; the zero line is darker. A grouped chart keeps one
//! colour per series (the site-wide colour) and writes the year before each bar.

use super::colour::SeriesPaint;
use super::layout::{self, AXIS, Ctx, GRID, LABEL_LINE, LABEL_SIZE, NoteMark, PAD, SOFT, TEXT, TICK_SIZE};
use super::measure::{self, ASCENT};
use super::scale::{self, Axis};
use super::scene::{Anchor, Paint, Scene};
use super::{ChartError, ChartInput};
use crate::load::frontmatter::{Scale, Year};

struct Row {
    year: Year,
    value: Option<f64>,
    approx: bool,
}

struct Group {
    series: usize,
    rows: Vec<Row>,
}

pub fn bar(ctx: &Ctx, paints: Vec<SeriesPaint>) -> Result<Scene, ChartError> {
    let input = ctx.input;
    let year = single_year(input)?;
    let mut groups = Vec::new();
    for &i in &ctx.order {
        let value = ctx.required_value(i, year)?;
        groups.push(Group { series: i, rows: vec![Row { year, value: Some(value), approx: ctx.approx(i, year) }] });
    }
    horizontal(ctx, paints, groups, false)
}

pub fn grouped(ctx: &Ctx, paints: Vec<SeriesPaint>) -> Result<Scene, ChartError> {
    let mut years = ctx.input.years.clone();
    years.sort();
    let groups: Vec<Group> = ctx
        .order
        .iter()
        .map(|&i| Group {
            series: i,
            rows: years
                .iter()
                .map(|&year| Row { year, value: ctx.value(i, year), approx: ctx.approx(i, year) })
                .collect(),
        })
        .collect();
    if groups.iter().all(|g| g.rows.iter().all(|r| r.value.is_none())) {
        return Err(ChartError::Empty {
            dom_id: ctx.input.dom_id.to_string(),
            reason: "no series has a value for the chart's years".to_string(),
        });
    }
    let show_years = years.len() > 1;
    horizontal(ctx, paints, groups, show_years)
}

fn single_year(input: &ChartInput) -> Result<Year, ChartError> {
    input.years.first().copied().ok_or_else(|| ChartError::Years {
        dom_id: input.dom_id.to_string(),
        kind: input.kind.name(),
        expected: "exactly one year",
        found: 0,
    })
}

/// Gap between a bar's end and its value, and between the name column and the bars.
const GAP: f64 = 8.0;
/// Gap between a name above its bars and the first bar.
const NAME_ABOVE_GAP: f64 = 4.0;

/// How many lines a name may take beside its bars before all names go above them: beside a bar
/// 24 units tall, two lines still read as one label, more do not; in a narrow chart a second line
/// costs the bars more width than a line above costs height.
fn max_name_lines(ctx: &Ctx) -> usize {
    if ctx.narrow() { 1 } else { 2 }
}

fn horizontal(ctx: &Ctx, paints: Vec<SeriesPaint>, groups: Vec<Group>, show_years: bool) -> Result<Scene, ChartError> {
    let input = ctx.input;
    let width = ctx.width;
    let mut scene = Scene::new(input.size.width(), paints);
    let top = layout::header(&mut scene, input) + 2.0;
    let inner = ctx.inner();

    let values: Vec<f64> = groups.iter().flat_map(|g| g.rows.iter().filter_map(|r| r.value)).collect();
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let negatives = input.scale == Scale::Linear && min < 0.0;

    // Value labels, and the widest on each side of zero.
    let labels: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            g.rows
                .iter()
                .map(|r| match r.value {
                    Some(v) => ctx.value_label(v, r.approx),
                    None => "–".to_string(),
                })
                .collect()
        })
        .collect();
    let mut right_w: f64 = 0.0;
    let mut left_w: f64 = 0.0;
    for (g, texts) in groups.iter().zip(&labels) {
        for (r, t) in g.rows.iter().zip(texts) {
            let w = measure::width(t, LABEL_SIZE, false);
            if negatives && r.value.is_some_and(|v| v < 0.0) {
                left_w = left_w.max(w);
            } else {
                right_w = right_w.max(w);
            }
        }
    }
    let year_w = if show_years {
        groups
            .iter()
            .flat_map(|g| g.rows.iter())
            .map(|r| measure::width(&r.year.to_string(), TICK_SIZE, false))
            .fold(0.0, f64::max)
            + GAP
    } else {
        0.0
    };
    let value_room = right_w + GAP;
    let neg_room = if left_w > 0.0 { left_w + GAP } else { 0.0 };

    // Name column: as wide as the widest name, at most a share of the width that leaves the
    // bars at least 40 % of it. Names that do not fit there go above their bars.
    let fixed = year_w + value_room + neg_room + GAP;
    let cap = (inner * 0.36).min(inner * 0.6 - fixed).max(inner * 0.15);
    let beside: Vec<Vec<String>> = groups.iter().map(|g| layout::label_lines(ctx.name(g.series), cap, false)).collect();
    let names_above = beside.iter().any(|lines| lines.len() > max_name_lines(ctx));
    let (names, plot_x0) = if names_above {
        let names = groups.iter().map(|g| layout::label_lines(ctx.name(g.series), inner, false)).collect();
        (names, PAD + year_w + neg_room)
    } else {
        let name_w = beside.iter().map(|l| layout::widest(l, LABEL_SIZE, false)).fold(0.0, f64::max);
        (beside, PAD + name_w + GAP + year_w + neg_room)
    };
    let plot_x1 = (width - PAD - value_room).max(plot_x0 + 40.0);

    let (ticks, axis) = fit_ticks(ctx, min, max, plot_x0, plot_x1);

    // Rows.
    let rows_per_group = groups.iter().map(|g| g.rows.len()).max().unwrap_or(1);
    let (bar_h, inner_gap, group_gap) = if rows_per_group > 1 { (18.0, 4.0, 16.0) } else { (24.0, 0.0, 12.0) };
    let mut y = top;
    let mut any_approx = false;
    // Texts go on top of bars and lines: collect them apart, add them last.
    let mut fg = Scene::new(input.size.width(), Vec::new());
    let mut bars: Vec<(f64, f64, f64, f64, Paint, bool)> = Vec::new();
    // Where the gridlines and the zero line run.
    let mut spans: Vec<(f64, f64)> = Vec::new();
    for ((g, texts), name) in groups.iter().zip(&labels).zip(&names) {
        let n = g.rows.len() as f64;
        let bars_h = n * bar_h + (n - 1.0) * inner_gap;
        let name_h = layout::block_height(name.len(), LABEL_LINE, LABEL_SIZE);
        let name_paint = if ctx.is_muted(g.series) { ctx.label(g.series) } else { TEXT };
        let (group_h, bars_top) = if names_above {
            layout::text_block(&mut fg, PAD, y + name_h / 2.0, name, LABEL_SIZE, LABEL_LINE, Anchor::Start, name_paint);
            (name_h + NAME_ABOVE_GAP + bars_h, y + name_h + NAME_ABOVE_GAP)
        } else {
            let group_h = bars_h.max(name_h);
            let centre = y + group_h / 2.0;
            layout::text_block(
                &mut fg,
                plot_x0 - neg_room - year_w - GAP,
                centre,
                name,
                LABEL_SIZE,
                LABEL_LINE,
                Anchor::End,
                name_paint,
            );
            (group_h, centre - bars_h / 2.0)
        };
        let mut bar_top = bars_top;
        for (r, text) in g.rows.iter().zip(texts) {
            let mid = bar_top + bar_h / 2.0;
            let baseline = mid + layout::centre_to_baseline(LABEL_SIZE);
            if show_years {
                fg.text(
                    plot_x0 - neg_room - GAP / 2.0,
                    mid + layout::centre_to_baseline(TICK_SIZE),
                    r.year.to_string(),
                    TICK_SIZE,
                    false,
                    Anchor::End,
                    SOFT,
                );
            }
            let label_paint = if ctx.is_muted(g.series) { ctx.label(g.series) } else { TEXT };
            match r.value {
                Some(v) => {
                    let x_base = axis.pos(axis.base());
                    let mut x_end = axis.pos(v);
                    // A value other than the base stays visible: at least one unit long.
                    if v != axis.base() && (x_end - x_base).abs() < 1.0 {
                        x_end = if v > axis.base() { x_base + 1.0 } else { x_base - 1.0 };
                    }
                    bars.push((x_base, bar_top, x_end, bar_top + bar_h, ctx.mark(g.series), r.approx));
                    any_approx |= r.approx;
                    if x_end >= x_base {
                        fg.text(x_end + GAP, baseline, text.clone(), LABEL_SIZE, false, Anchor::Start, label_paint);
                    } else {
                        fg.text(x_end - GAP, baseline, text.clone(), LABEL_SIZE, false, Anchor::End, label_paint);
                    }
                }
                None => {
                    let x_base = axis.pos(axis.base());
                    fg.text(x_base + GAP, baseline, text.clone(), LABEL_SIZE, false, Anchor::Start, SOFT);
                }
            }
            bar_top += bar_h + inner_gap;
        }
        if names_above {
            // Vertical lines stop short of the names above the bars.
            spans.push((bars_top - 2.0, bars_top + bars_h + 6.0));
        }
        y += group_h + group_gap;
    }
    let plot_top = top - 4.0;
    let plot_bottom = y - group_gap + 6.0;
    if !names_above {
        spans.push((plot_top, plot_bottom));
    }

    // Gridlines first, then bars, then the zero line over them.
    for &t in &ticks {
        let x = axis.pos(t);
        for &(y0, y1) in &spans {
            scene.line(x, y0, x, y1, GRID, 1);
        }
    }
    for (x0, y0, x1, y1, paint, approx) in bars {
        if approx {
            scene.hollow_rect(x0, y0, x1, y1, paint, 2.0);
        } else {
            scene.rect(x0, y0, x1, y1, paint);
        }
    }
    let x0 = axis.pos(axis.base());
    for &(y0, y1) in &spans {
        scene.line(x0, y0, x0, y1, AXIS, 1);
    }
    scene.items.extend(fg.items);

    // Tick labels under the plot, kept inside the chart.
    let baseline = plot_bottom + 6.0 + ASCENT * TICK_SIZE;
    for &t in &ticks {
        let text = ctx.tick_label(t);
        let w = measure::width(&text, TICK_SIZE, false);
        let left = (axis.pos(t) - w / 2.0).clamp(PAD / 2.0, width - PAD / 2.0 - w);
        scene.text(left, baseline, text, TICK_SIZE, false, Anchor::Start, SOFT);
    }
    let bottom = baseline + measure::DESCENT * TICK_SIZE + 4.0;
    let note = any_approx.then(|| (NoteMark::Square, ctx.estimate_note(false)));
    layout::footer(&mut scene, bottom, note);
    Ok(scene)
}

/// Labelled ticks are at least this far apart (user units): in a wide chart, and in a narrow one
/// (drawn at about the same scale on a phone as the wide one on a desktop, but with less room).
const MIN_TICK_GAP: f64 = 100.0;
const MIN_TICK_GAP_NARROW: f64 = 70.0;

/// Ticks for a horizontal value axis. The domain comes from round ticks about every 110 units,
/// but at least four intervals' worth, so that a narrow chart's bars are not shortened by a
/// coarse domain (0–600 rather than 0–1000 for a largest value of 566). Then as many of those
/// ticks are labelled (and gridded) as fit without their labels touching: all, every other one,
/// …, counting from the base (zero), and ending at the domain's ends where that can be.
fn fit_ticks(ctx: &Ctx, min: f64, max: f64, p0: f64, p1: f64) -> (Vec<f64>, Axis) {
    let scale = ctx.input.scale;
    let target = ((p1 - p0) / 110.0).floor().clamp(4.0, 5.0) as usize;
    let t = scale::ticks(scale, min, max, target, true);
    let axis = Axis { scale, lo: t.lo, hi: t.hi, p0, p1 };
    let n = t.values.len();
    let widths: Vec<f64> = t.values.iter().map(|&v| measure::width(&ctx.tick_label(v), TICK_SIZE, false)).collect();
    let base = t.values.iter().position(|&v| v == axis.base()).unwrap_or(0);
    let min_gap = if ctx.narrow() { MIN_TICK_GAP_NARROW } else { MIN_TICK_GAP };
    let kept = |every: usize| -> Vec<usize> { (0..n).filter(|i| i.abs_diff(base) % every == 0).collect() };
    let fits = |kept: &[usize]| {
        kept.len() >= 2
            && kept.windows(2).all(|w| {
                let gap = (axis.pos(t.values[w[1]]) - axis.pos(t.values[w[0]])).abs();
                gap >= ((widths[w[0]] + widths[w[1]]) / 2.0 + 10.0).max(min_gap)
            })
    };
    // First steps that reach both ends, then any.
    let reaches_ends = |every: usize| base % every == 0 && (n - 1 - base) % every == 0;
    let best =
        (1..n).filter(|&e| reaches_ends(e)).map(kept).find(|k| fits(k)).or_else(|| (1..n).map(kept).find(|k| fits(k)));
    if let Some(best) = best {
        return (best.into_iter().map(|i| t.values[i]).collect(), axis);
    }
    // Even two ticks crowd: keep the ends only.
    let first = t.values.first().copied().unwrap_or(t.lo);
    let last = t.values.last().copied().unwrap_or(t.hi);
    (vec![first, last], axis)
}
