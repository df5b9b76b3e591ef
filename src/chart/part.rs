//! Part of a whole: counts such as "13 of the top 15".
//!
//! When every value is a whole number and they add up to at most [`MAX_SQUARES`], a unit
//! (waffle) chart: one square per unit, coloured by series, filled row by row in series order.
//! Otherwise a single 100 % stacked bar. Each series is labelled directly ("中国 13") under where
//! its squares or its segment start; a label that would touch the previous one drops to the next
//! line with a thin leader. Waffles of several rows, where squares of one series span rows, get an
//! unboxed key under the grid instead.

use super::ChartError;
use super::colour::SeriesPaint;
use super::layout::{self, Ctx, LABEL_LINE, LABEL_SIZE, NoteMark, PAD, WIDTH, WIDTH_F};
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
        let value = ctx.value(i, year).ok_or_else(|| ChartError::MissingValue {
            dom_id: input.dom_id.to_string(),
            key: input.series[i].key.clone(),
            year,
            kind: input.kind.name(),
        })?;
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
    let whole = parts
        .iter()
        .all(|p| (p.value - p.value.round()).abs() < 1e-9);
    let mut scene = Scene::new(WIDTH, paints);
    let top = layout::header(&mut scene, input) + 2.0;
    let bottom = if whole && total.round() <= MAX_SQUARES {
        waffle(ctx, &mut scene, &parts, total.round() as usize, top)
    } else {
        stacked(ctx, &mut scene, &parts, total, top)
    };
    let note = parts
        .iter()
        .any(|p| p.approx && p.value > 0.0)
        .then(|| (NoteMark::Square, ctx.estimate_note(false)));
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
    let inner = WIDTH_F - 2.0 * PAD;
    let rows = n.div_ceil(MAX_COLUMNS).max(1);
    let cols = n.div_ceil(rows).max(1);
    let size = ((inner - (cols as f64 - 1.0) * SQUARE_GAP) / cols as f64)
        .min(MAX_SQUARE)
        .floor();
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
        key(ctx, scene, parts, grid_bottom)
    }
}

/// Draws one bar split by the parts' shares; returns the bottom of what was drawn.
fn stacked(ctx: &Ctx, scene: &mut Scene, parts: &[Part], total: f64, top: f64) -> f64 {
    let inner = WIDTH_F - 2.0 * PAD;
    let bar_h = 32.0;
    let mut x = PAD;
    let mut runs = Vec::new();
    for p in parts {
        let w = p.value / total * inner;
        if w > 0.0 {
            // A 2-unit gap of background between segments.
            let x1 = if x + w >= PAD + inner - 0.5 {
                x + w
            } else {
                (x + w - 2.0).max(x + 1.0)
            };
            mark(scene, ctx, p, x, top, x1, top + bar_h);
        }
        runs.push((p, x));
        x += w;
    }
    run_labels(ctx, scene, &runs, top + bar_h)
}

/// Labels under where each part starts, dropping to further lines (with a leader) when they
/// would touch. Returns the bottom of the labels.
fn run_labels(ctx: &Ctx, scene: &mut Scene, runs: &[(&Part, f64)], top: f64) -> f64 {
    let gap = 14.0;
    // Right end of the last label on each line.
    let mut lanes: Vec<f64> = Vec::new();
    let mut bottom = top;
    for (p, start) in runs {
        let w = measure::width(&p.label, LABEL_SIZE, false);
        let x = start.min(WIDTH_F - PAD - w).max(PAD);
        let lane = lanes
            .iter()
            .position(|&right| x >= right + gap)
            .unwrap_or(lanes.len());
        if lane == lanes.len() {
            lanes.push(x + w);
        } else {
            lanes[lane] = x + w;
        }
        let baseline = top + 8.0 + ASCENT * LABEL_SIZE + lane as f64 * LABEL_LINE;
        if lane > 0 {
            scene.line(
                *start + 1.0,
                top + 3.0,
                *start + 1.0,
                baseline - ASCENT * LABEL_SIZE - 2.0,
                ctx.mark(p.series),
                1,
            );
        }
        let x_text = if lane > 0 && (x - start).abs() < 0.5 {
            x + 6.0
        } else {
            x
        };
        let x_text = x_text.min(WIDTH_F - PAD - w);
        scene.text(
            x_text,
            baseline,
            p.label.clone(),
            LABEL_SIZE,
            false,
            Anchor::Start,
            ctx.label(p.series),
        );
        bottom = bottom.max(baseline + DESCENT * LABEL_SIZE);
    }
    bottom + 8.0
}

/// An unboxed key: a swatch and "name value" per part, flowing left to right.
fn key(ctx: &Ctx, scene: &mut Scene, parts: &[Part], top: f64) -> f64 {
    let swatch = 12.0;
    let mut x = PAD;
    let mut baseline = top + 10.0 + ASCENT * LABEL_SIZE;
    for p in parts {
        let w = swatch + 6.0 + measure::width(&p.label, LABEL_SIZE, false);
        if x > PAD && x + w > WIDTH_F - PAD {
            x = PAD;
            baseline += LABEL_LINE + 4.0;
        }
        let centre = baseline - layout::centre_to_baseline(LABEL_SIZE);
        mark(
            scene,
            ctx,
            p,
            x,
            centre - swatch / 2.0,
            x + swatch,
            centre + swatch / 2.0,
        );
        let text_paint: Paint = ctx.label(p.series);
        scene.text(
            x + swatch + 6.0,
            baseline,
            p.label.clone(),
            LABEL_SIZE,
            false,
            Anchor::Start,
            text_paint,
        );
        x += w + 18.0;
    }
    baseline + DESCENT * LABEL_SIZE + 8.0
}
