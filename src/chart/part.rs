//! Part of a whole: counts such as "13 of the top 15".
//!
//! When every value is a whole number and they add up to at most [`MAX_SQUARES`], a unit
//! (waffle) chart: one square per unit, coloured by series, filled row by row in series order.
//! Otherwise a single 100 % stacked bar. Each series is labelled directly ("中国 13") under where
//! its squares or its segment start, when those labels fit side by side in one line. Otherwise,
//! and for waffles of several rows (where one series' squares span rows), an unboxed key under the
//! chart: a swatch and the same label per series, flowing over as many lines as needed.

use super::ChartError;
use super::colour::SeriesPaint;
use super::layout::{self, Ctx, LABEL_LINE, LABEL_SIZE, NoteMark, PAD};
use super::measure::{self, ASCENT, DESCENT};
use super::scene::{Anchor, Paint, Scene};

/// The largest total drawn as squares; above it, a stacked bar.
pub const MAX_SQUARES: f64 = 200.0;
const MAX_COLUMNS: usize = 20;
const SQUARE_GAP: f64 = 4.0;
const MAX_SQUARE: f64 = 32.0;

struct Part {
    series: usize,
    value: f64,
    approx: bool,
    label: String,
}

pub fn part_of_whole(ctx: &Ctx, paints: Vec<SeriesPaint>) -> Result<Scene, ChartError> {
    let input = ctx.input;
    let Some(&year) = input.years.first() else {
        return Err(ChartError::Years {
            dom_id: input.dom_id.to_string(),
            kind: input.kind.name(),
            expected: "exactly one year",
            found: 0,
        });
    };
    let mut parts = Vec::new();
    for &i in &ctx.order {
        let value = ctx.required_value(i, year)?;
        let approx = ctx.approx(i, year);
        parts.push(Part {
            series: i,
            value,
            approx,
            label: format!("{} {}", ctx.name(i), ctx.value_label(value, approx)),
        });
    }
    let total: f64 = parts.iter().map(|p| p.value).sum();
    if total <= 0.0 {
        return Err(ChartError::Empty {
            dom_id: input.dom_id.to_string(),
            reason: "the parts add up to 0".to_string(),
        });
    }
    let whole = parts.iter().all(|p| (p.value - p.value.round()).abs() < 1e-9);
    let mut scene = Scene::new(input.size.width(), paints);
    let top = layout::header(&mut scene, input) + 2.0;
    let bottom = if whole && total.round() <= MAX_SQUARES {
        waffle(ctx, &mut scene, &parts, total.round() as usize, top)
    } else {
        stacked(ctx, &mut scene, &parts, total, top)
    };
    let note = parts.iter().any(|p| p.approx && p.value > 0.0).then(|| (NoteMark::Square, ctx.estimate_note(false)));
    layout::footer(&mut scene, bottom, note);
    Ok(scene)
}

fn mark(scene: &mut Scene, ctx: &Ctx, p: &Part, x0: f64, y0: f64, x1: f64, y1: f64) {
    if p.approx {
        scene.hollow_rect(x0, y0, x1, y1, ctx.mark(p.series), 2.0);
    } else {
        scene.rect(x0, y0, x1, y1, ctx.mark(p.series));
    }
}

/// Draws the squares and labels; returns the bottom of what was drawn.
fn waffle(ctx: &Ctx, scene: &mut Scene, parts: &[Part], n: usize, top: f64) -> f64 {
    let inner = ctx.inner();
    let rows = n.div_ceil(MAX_COLUMNS).max(1);
    let cols = n.div_ceil(rows).max(1);
    let size = ((inner - (cols as f64 - 1.0) * SQUARE_GAP) / cols as f64).min(MAX_SQUARE).floor();
    let step = size + SQUARE_GAP;
    let mut k = 0usize;
    let mut runs = Vec::new();
    for p in parts {
        let count = p.value.round() as usize;
        let start = PAD + (k % cols) as f64 * step;
        for _ in 0..count {
            let (row, col) = (k / cols, k % cols);
            let x = PAD + col as f64 * step;
            let y = top + row as f64 * step;
            mark(scene, ctx, p, x, y, x + size, y + size);
            k += 1;
        }
        runs.push((p, start));
    }
    let grid_bottom = top + rows as f64 * step - SQUARE_GAP;
    if rows == 1 {
        run_labels(ctx, scene, &runs, grid_bottom)
    } else {
        key(ctx, scene, &parts.iter().collect::<Vec<_>>(), grid_bottom)
    }
}

/// Draws one bar split by the parts' shares; returns the bottom of what was drawn.
fn stacked(ctx: &Ctx, scene: &mut Scene, parts: &[Part], total: f64, top: f64) -> f64 {
    let inner = ctx.inner();
    let bar_h = 32.0;
    let mut x = PAD;
    let mut runs = Vec::new();
    for p in parts {
        let w = p.value / total * inner;
        if w > 0.0 {
            // A 2-unit gap of background between segments.
            let x1 = if x + w >= PAD + inner - 0.5 { x + w } else { (x + w - 2.0).max(x + 1.0) };
            mark(scene, ctx, p, x, top, x1, top + bar_h);
        }
        runs.push((p, x));
        x += w;
    }
    run_labels(ctx, scene, &runs, top + bar_h)
}

/// Where each part's label goes when labels sit directly under their squares or segment:
/// at the part's start, pulled left to stay inside the chart. `None` when two labels would touch
/// (the caller draws a key instead).
fn direct_positions(runs: &[(&Part, f64)], width: f64) -> Option<Vec<f64>> {
    let gap = 14.0;
    let mut right = f64::NEG_INFINITY;
    let mut xs = Vec::with_capacity(runs.len());
    for (p, start) in runs {
        let w = measure::width(&p.label, LABEL_SIZE, false);
        let x = start.min(width - PAD - w);
        if x < PAD || x < right + gap {
            return None;
        }
        right = x + w;
        xs.push(x);
    }
    Some(xs)
}

/// Labels in one line under where each part starts, or a key when they do not fit so.
/// Returns the bottom of what was drawn.
fn run_labels(ctx: &Ctx, scene: &mut Scene, runs: &[(&Part, f64)], top: f64) -> f64 {
    let Some(xs) = direct_positions(runs, ctx.width) else {
        let parts: Vec<&Part> = runs.iter().map(|(p, _)| *p).collect();
        return key(ctx, scene, &parts, top);
    };
    let baseline = top + 8.0 + ASCENT * LABEL_SIZE;
    for ((p, _), x) in runs.iter().zip(xs) {
        scene.text(x, baseline, p.label.clone(), LABEL_SIZE, false, Anchor::Start, ctx.label(p.series));
    }
    baseline + DESCENT * LABEL_SIZE + 8.0
}

/// An unboxed key: a swatch and "name value" per part, flowing left to right.
fn key(ctx: &Ctx, scene: &mut Scene, parts: &[&Part], top: f64) -> f64 {
    let swatch = 12.0;
    let mut x = PAD;
    let mut baseline = top + 10.0 + ASCENT * LABEL_SIZE;
    let width = ctx.width;
    let inner = ctx.inner();
    for p in parts {
        let lines = layout::label_lines(&p.label, inner - swatch - 6.0, false);
        let w = swatch + 6.0 + layout::widest(&lines, LABEL_SIZE, false);
        if x > PAD && x + w > width - PAD {
            x = PAD;
            baseline += LABEL_LINE + 4.0;
        }
        let centre = baseline - layout::centre_to_baseline(LABEL_SIZE);
        mark(scene, ctx, p, x, centre - swatch / 2.0, x + swatch, centre + swatch / 2.0);
        let text_paint: Paint = ctx.label(p.series);
        for (k, line) in lines.iter().enumerate() {
            let b = baseline + k as f64 * LABEL_LINE;
            scene.text(x + swatch + 6.0, b, line.clone(), LABEL_SIZE, false, Anchor::Start, text_paint);
        }
        if lines.len() > 1 {
            // A wrapped label takes whole lines: the next one starts below it.
            baseline += (lines.len() - 1) as f64 * LABEL_LINE;
            x = width;
        } else {
            x += w + 18.0;
        }
    }
    baseline + DESCENT * LABEL_SIZE + 8.0
}
