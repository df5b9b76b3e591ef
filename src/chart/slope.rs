//! Slope: two years, one line per series from the first to the second.
//!
//! Each end is labelled with the value next to the point and the name beyond it
//! ("中国 0.1%" on the left, "约0.9% 中国" on the right); labels on each side are spread apart
//! where they would overlap. When a label does not fit its column (30 % of the width) in one
//! line, the left end carries the value only and the right end the value with the name under it,
//! so the slopes keep their width (this is what a narrow chart with English names does). The
//! years stand above two faint vertical lines. No value axis: every value is written.

use super::ChartError;
use super::colour::SeriesPaint;
use super::layout::{self, Ctx, GRID, LABEL_LINE, LABEL_SIZE, NoteMark, PAD, TEXT};
use super::measure::{self, ASCENT, DESCENT};
use super::scale::{self, Axis};
use super::scene::{Anchor, Scene};

/// Height of the plot area (stretched when labels need more).
const PLOT_H: f64 = 240.0;

pub fn slope(ctx: &Ctx, paints: Vec<SeriesPaint>) -> Result<Scene, ChartError> {
    let input = ctx.input;
    let mut years = input.years.clone();
    years.sort();
    let (Some(&ya), Some(&yb)) = (years.first(), years.get(1)) else {
        return Err(ChartError::Years {
            dom_id: input.dom_id.to_string(),
            kind: input.kind.name(),
            expected: "exactly two years",
            found: years.len(),
        });
    };

    struct Slope {
        series: usize,
        a: f64,
        b: f64,
        left: Vec<String>,
        right: Vec<String>,
    }
    let inner = ctx.inner();
    let cap = inner * 0.3;
    let mut values = Vec::new();
    for &i in &ctx.order {
        values.push((i, ctx.required_value(i, ya)?, ctx.required_value(i, yb)?));
    }
    let texts: Vec<(String, String, String)> = values
        .iter()
        .map(|&(i, a, b)| {
            (ctx.name(i).to_string(), ctx.value_label(a, ctx.approx(i, ya)), ctx.value_label(b, ctx.approx(i, yb)))
        })
        .collect();
    let one_line = |t: &str| measure::width(t, LABEL_SIZE, false) <= cap;
    let names_both_sides =
        texts.iter().all(|(name, a, b)| one_line(&format!("{name} {a}")) && one_line(&format!("{b} {name}")));
    let slopes: Vec<Slope> = values
        .iter()
        .zip(&texts)
        .map(|(&(series, a, b), (name, ta, tb))| {
            let (left, right) = if names_both_sides {
                (vec![format!("{name} {ta}")], vec![format!("{tb} {name}")])
            } else {
                (vec![ta.clone()], layout::name_value_lines(name, tb, true, inner * 0.4))
            };
            Slope { series, a, b, left, right }
        })
        .collect();
    let min = slopes.iter().map(|s| s.a.min(s.b)).fold(f64::INFINITY, f64::min);
    let max = slopes.iter().map(|s| s.a.max(s.b)).fold(f64::NEG_INFINITY, f64::max);

    let mut scene = Scene::new(input.size.width(), paints);
    let top = layout::header(&mut scene, input);
    let left_w = slopes.iter().map(|s| layout::widest(&s.left, LABEL_SIZE, false)).fold(0.0, f64::max);
    let right_w = slopes.iter().map(|s| layout::widest(&s.right, LABEL_SIZE, false)).fold(0.0, f64::max);
    let x_a = PAD + left_w + 12.0;
    let x_b = ctx.width - PAD - right_w - 12.0;

    // The years, bold, above their lines.
    let year_base = top + ASCENT * LABEL_SIZE;
    for (x, y) in [(x_a, ya), (x_b, yb)] {
        scene.text(x, year_base, y.to_string(), LABEL_SIZE, true, Anchor::Middle, TEXT);
    }
    let plot_top = year_base + DESCENT * LABEL_SIZE + 18.0;

    // Enough height for every label block on one side stacked.
    let heights: Vec<(f64, f64)> = slopes
        .iter()
        .map(|s| {
            (
                layout::block_height(s.left.len(), LABEL_LINE, LABEL_SIZE),
                layout::block_height(s.right.len(), LABEL_LINE, LABEL_SIZE),
            )
        })
        .collect();
    let stack_l: f64 = heights.iter().map(|h| h.0 + 4.0).sum();
    let stack_r: f64 = heights.iter().map(|h| h.1 + 4.0).sum();
    let plot_h = PLOT_H.max(stack_l).max(stack_r);
    let plot_bottom = plot_top + plot_h;

    let ticks = scale::ticks(input.scale, min, max, 4, true);
    let axis = Axis { scale: input.scale, lo: ticks.lo, hi: ticks.hi, p0: plot_bottom, p1: plot_top };
    for x in [x_a, x_b] {
        scene.line(x, plot_top - 10.0, x, plot_bottom + 6.0, GRID, 1);
    }

    let mut any_approx = false;
    // Muted slopes first, coloured ones on top.
    let mut draw: Vec<&Slope> = slopes.iter().filter(|s| ctx.is_muted(s.series)).collect();
    draw.extend(slopes.iter().filter(|s| !ctx.is_muted(s.series)));
    for s in draw {
        let paint = ctx.mark(s.series);
        let (pa, pb) = ((x_a, axis.pos(s.a)), (x_b, axis.pos(s.b)));
        let (aa, ab) = (ctx.approx(s.series, ya), ctx.approx(s.series, yb));
        let width = if ctx.is_muted(s.series) { 2 } else { 3 };
        scene.path(vec![pa, pb], paint, width, aa || ab);
        for (p, approx) in [(pa, aa), (pb, ab)] {
            if approx {
                any_approx = true;
                scene.ring(p.0, p.1, 5.0, paint, 2);
            } else {
                scene.dot(p.0, p.1, 5.0, paint);
            }
        }
    }

    // Labels on both sides, spread apart.
    let lo = plot_top - 8.0;
    let hi = plot_bottom + 8.0;
    let wants_l: Vec<(f64, f64)> = slopes.iter().zip(&heights).map(|(s, h)| (axis.pos(s.a), h.0)).collect();
    let wants_r: Vec<(f64, f64)> = slopes.iter().zip(&heights).map(|(s, h)| (axis.pos(s.b), h.1)).collect();
    let left_c = layout::spread(&wants_l, 4.0, lo, hi);
    let right_c = layout::spread(&wants_r, 4.0, lo, hi);
    let mut bottom = plot_bottom + 6.0;
    for (k, s) in slopes.iter().enumerate() {
        let paint = ctx.label(s.series);
        let (cl, cr) = (left_c[k], right_c[k]);
        layout::text_block(&mut scene, x_a - 12.0, cl, &s.left, LABEL_SIZE, LABEL_LINE, Anchor::End, paint);
        layout::text_block(&mut scene, x_b + 12.0, cr, &s.right, LABEL_SIZE, LABEL_LINE, Anchor::Start, paint);
        bottom = bottom.max(cl + heights[k].0 / 2.0).max(cr + heights[k].1 / 2.0);
    }
    let note = any_approx.then(|| (NoteMark::Circle, ctx.estimate_note(true)));
    layout::footer(&mut scene, bottom + 8.0, note);
    Ok(scene)
}
