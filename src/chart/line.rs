//! Line: time series, one line per series, labelled at its end (no legend).
//!
//! End labels ("中国 12.3%") sit in a column right of the plot, each at the height of its line's
//! last point, spread apart where they would overlap, with a thin leader when moved. A label that
//! does not fit the column (a third of the width) in one line puts the value on a line under the
//! name. A year the series lacks breaks its line; estimates are hollow points joined by dashed
//! segments. The plot is 260 units tall, less in a narrow chart (at least 200); years are labelled
//! at a round step whose labels do not touch.

use super::colour::SeriesPaint;
use super::layout::{self, AXIS, Ctx, GRID, LABEL_LINE, LABEL_SIZE, NoteMark, PAD, SOFT, TICK_SIZE};
use super::measure::{self, ASCENT, DESCENT};
use super::scale::{self, Axis};
use super::scene::{Anchor, Scene};
use super::{ChartError, ChartInput};
use crate::load::frontmatter::Year;

/// Height of the plot area in a wide chart; a narrow one is less tall, in proportion, down to
/// [`MIN_PLOT_H`].
const PLOT_H: f64 = 260.0;
const MIN_PLOT_H: f64 = 200.0;
/// Markers on every point up to this many years; beyond, only ends, lone points and estimates.
const MARK_ALL_UP_TO: usize = 12;

pub fn line(ctx: &Ctx, paints: Vec<SeriesPaint>) -> Result<Scene, ChartError> {
    let input = ctx.input;
    let mut years = input.years.clone();
    years.sort();
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return Err(empty(input, "no years were given"));
    };
    let values: Vec<f64> = ctx.order.iter().flat_map(|&i| years.iter().filter_map(move |&y| ctx.value(i, y))).collect();
    if values.is_empty() {
        return Err(empty(input, "no series has a value for the chart's years"));
    }
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);

    let width = ctx.width;
    let mut scene = Scene::new(input.size.width(), paints);
    let top = layout::header(&mut scene, input);
    let inner = ctx.inner();

    let ticks = scale::ticks(input.scale, min, max, 4, true);
    let tick_texts: Vec<String> = ticks.values.iter().map(|&v| ctx.tick_label(v)).collect();
    let tick_w = layout::widest(&tick_texts, TICK_SIZE, false);
    let plot_x0 = PAD + tick_w + 8.0;

    // End labels: name and last value.
    struct End {
        series: usize,
        year: Year,
        value: f64,
        lines: Vec<String>,
    }
    let cap = inner * if ctx.narrow() { 0.36 } else { 0.32 };
    let ends: Vec<End> = ctx
        .order
        .iter()
        .filter_map(|&i| {
            let (year, value) = years.iter().rev().find_map(|&y| ctx.value(i, y).map(|v| (y, v)))?;
            let value_text = ctx.value_label(value, ctx.approx(i, year));
            let lines = layout::name_value_lines(ctx.name(i), &value_text, false, cap);
            Some(End { series: i, year, value, lines })
        })
        .collect();
    let label_w = ends.iter().map(|e| layout::widest(&e.lines, LABEL_SIZE, false)).fold(0.0, f64::max);
    let plot_x1 = width - PAD - label_w - 12.0;

    let plot_top = top + 8.0;
    let plot_bottom = plot_top + (PLOT_H * width / 640.0).clamp(MIN_PLOT_H, PLOT_H);
    let y_axis = Axis { scale: input.scale, lo: ticks.lo, hi: ticks.hi, p0: plot_bottom, p1: plot_top };
    let x_of = |y: Year| -> f64 {
        if last == first {
            (plot_x0 + plot_x1) / 2.0
        } else {
            plot_x0 + f64::from(y.0 - first.0) / f64::from(last.0 - first.0) * (plot_x1 - plot_x0)
        }
    };

    // Gridlines, the zero line, tick labels.
    for (&v, text) in ticks.values.iter().zip(&tick_texts) {
        let y = y_axis.pos(v);
        scene.line(plot_x0, y, plot_x1, y, GRID, 1);
        scene.text(
            plot_x0 - 8.0,
            y + layout::centre_to_baseline(TICK_SIZE),
            text.clone(),
            TICK_SIZE,
            false,
            Anchor::End,
            SOFT,
        );
    }
    let y0 = y_axis.pos(y_axis.base());
    scene.line(plot_x0, y0, plot_x1, y0, AXIS, 1);

    // Lines: muted ones first, so coloured lines lie on top.
    let mut draw_order: Vec<usize> = ctx.order.iter().copied().filter(|&i| ctx.is_muted(i)).collect();
    draw_order.extend(ctx.order.iter().copied().filter(|&i| !ctx.is_muted(i)));
    let mut any_approx = false;
    for &i in &draw_order {
        let paint = ctx.mark(i);
        let width = if ctx.is_muted(i) { 2 } else { 3 };
        // Runs of consecutive years that have values.
        let mut runs: Vec<Vec<(Year, f64)>> = Vec::new();
        let mut current: Vec<(Year, f64)> = Vec::new();
        for &y in &years {
            match ctx.value(i, y) {
                Some(v) => current.push((y, v)),
                None => {
                    if !current.is_empty() {
                        runs.push(std::mem::take(&mut current));
                    }
                }
            }
        }
        if !current.is_empty() {
            runs.push(current);
        }
        let n_points: usize = runs.iter().map(Vec::len).sum();
        for run in &runs {
            // Solid stretches as one polyline each; segments touching an estimate dashed.
            let mut solid: Vec<(f64, f64)> = Vec::new();
            for w in run.windows(2) {
                let a = (x_of(w[0].0), y_axis.pos(w[0].1));
                let b = (x_of(w[1].0), y_axis.pos(w[1].1));
                if ctx.approx(i, w[0].0) || ctx.approx(i, w[1].0) {
                    if solid.len() >= 2 {
                        scene.path(std::mem::take(&mut solid), paint, width, false);
                    }
                    solid.clear();
                    scene.path(vec![a, b], paint, width, true);
                } else {
                    if solid.is_empty() {
                        solid.push(a);
                    }
                    solid.push(b);
                }
            }
            if solid.len() >= 2 {
                scene.path(solid, paint, width, false);
            }
            for (k, &(y, v)) in run.iter().enumerate() {
                let (px, py) = (x_of(y), y_axis.pos(v));
                let is_last = k + 1 == run.len();
                if ctx.approx(i, y) {
                    any_approx = true;
                    scene.ring(px, py, 4.0, paint, 2);
                } else if n_points <= MARK_ALL_UP_TO || run.len() == 1 || is_last {
                    scene.dot(px, py, if is_last { 4.0 } else { 3.0 }, paint);
                }
            }
        }
    }

    // End labels, spread apart.
    let blocks: Vec<(f64, f64)> = ends
        .iter()
        .map(|e| (y_axis.pos(e.value), layout::block_height(e.lines.len(), LABEL_LINE, LABEL_SIZE)))
        .collect();
    let total: f64 = blocks.iter().map(|b| b.1 + 4.0).sum();
    let lo = plot_top - 6.0;
    let hi = (plot_bottom + 6.0).max(lo + total);
    let centres = layout::spread(&blocks, 4.0, lo, hi);
    let x_label = plot_x1 + 12.0;
    let mut labels_bottom: f64 = plot_bottom;
    for ((e, &(want, h)), &c) in ends.iter().zip(&blocks).zip(&centres) {
        let x_end = x_of(e.year);
        if (c - want).abs() > 3.0 && (x_end - plot_x1).abs() < 0.5 {
            scene.line(x_end + 6.0, want, x_label - 3.0, c, ctx.mark(e.series), 1);
        }
        layout::text_block(
            &mut scene,
            x_label,
            c,
            &e.lines,
            LABEL_SIZE,
            LABEL_LINE,
            Anchor::Start,
            ctx.label(e.series),
        );
        labels_bottom = labels_bottom.max(c + h / 2.0);
    }

    // Year labels under the plot.
    let year_w = measure::width("0000", TICK_SIZE, false);
    let px_per_year = if last == first { 0.0 } else { (plot_x1 - plot_x0) / f64::from(last.0 - first.0) };
    let mut baseline = plot_bottom + 6.0 + ASCENT * TICK_SIZE;
    // If end labels reach below the plot, the last year's label could meet them: move the row.
    if labels_bottom > plot_bottom + 6.0 {
        baseline = baseline.max(labels_bottom + 4.0 + ASCENT * TICK_SIZE);
    }
    for y in year_ticks(first.0, last.0, px_per_year, year_w) {
        scene.text(x_of(Year(y)), baseline, y.to_string(), TICK_SIZE, false, Anchor::Middle, SOFT);
    }
    let bottom = baseline + DESCENT * TICK_SIZE + 4.0;
    let note = any_approx.then(|| (NoteMark::Circle, ctx.estimate_note(true)));
    layout::footer(&mut scene, bottom, note);
    Ok(scene)
}

fn empty(input: &ChartInput, reason: &str) -> ChartError {
    ChartError::Empty { dom_id: input.dom_id.to_string(), reason: reason.to_string() }
}

/// Years to label: a round step whose labels do not touch, at most 7 of them, always the first
/// and the last year.
fn year_ticks(first: i32, last: i32, px_per_year: f64, label_w: f64) -> Vec<i32> {
    if last <= first {
        return vec![first];
    }
    let span = last - first;
    let need = label_w + 12.0;
    let step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000]
        .into_iter()
        .find(|&s| f64::from(s) * px_per_year >= need && span / s < 7)
        .unwrap_or(span);
    let mut out: Vec<i32> = (0..=span / step).map(|k| first + k * step).collect();
    if out.last() != Some(&last) {
        let gap_px = out.last().map_or(f64::INFINITY, |&l| f64::from(last - l) * px_per_year);
        if gap_px < need && out.len() > 1 {
            out.pop();
        }
        out.push(last);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::year_ticks;

    #[test]
    fn year_ticks_keep_ends_and_room() {
        assert_eq!(year_ticks(2015, 2020, 80.0, 34.0), (2015..=2020).collect::<Vec<_>>());
        let t = year_ticks(2000, 2023, 20.0, 34.0);
        assert_eq!(t.first(), Some(&2000));
        assert_eq!(t.last(), Some(&2023));
        for w in t.windows(2) {
            assert!(f64::from(w[1] - w[0]) * 20.0 >= 46.0, "{t:?}");
        }
        assert_eq!(year_ticks(2020, 2020, 0.0, 34.0), [2020]);
    }
}
