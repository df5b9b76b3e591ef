//! Value axes: mapping numbers to positions (linear or logarithmic) and choosing round ticks.

use crate::load::frontmatter::Scale;

/// Maps values in `[lo, hi]` onto pixels `[p0, p1]`.
#[derive(Clone, Copy, Debug)]
pub struct Axis {
    pub scale: Scale,
    pub lo: f64,
    pub hi: f64,
    pub p0: f64,
    pub p1: f64,
}

impl Axis {
    pub fn pos(&self, v: f64) -> f64 {
        let t = match self.scale {
            Scale::Linear => (v - self.lo) / (self.hi - self.lo),
            Scale::Log => (v.log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10()),
        };
        self.p0 + t * (self.p1 - self.p0)
    }

    /// Where bars start: zero on a linear axis (clamped into the domain), the bottom on a log one.
    pub fn base(&self) -> f64 {
        match self.scale {
            Scale::Linear => 0.0_f64.clamp(self.lo, self.hi),
            Scale::Log => self.lo,
        }
    }
}

/// A domain and its ticks.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    pub lo: f64,
    pub hi: f64,
    pub values: Vec<f64>,
}

/// Round ticks for data between `min` and `max`, about `target` of them (at least 2 intervals
/// when possible). Linear domains include zero when `include_zero`; the domain is widened to the
/// outer ticks. Log domains (values > 0) run between values of the 1-2-5 series (…, 5, 10, 20,
/// 50, …) around the data, with those as ticks, or only the powers of ten when they are many.
pub fn ticks(scale: Scale, min: f64, max: f64, target: usize, include_zero: bool) -> Ticks {
    match scale {
        Scale::Linear => linear_ticks(min, max, target, include_zero),
        Scale::Log => log_ticks(min, max, target),
    }
}

fn nice_step(raw: f64) -> f64 {
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn linear_ticks(min: f64, max: f64, target: usize, include_zero: bool) -> Ticks {
    let (mut lo, mut hi) = (min.min(max), min.max(max));
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        // A single value: show it against zero or a unit interval.
        if hi > 0.0 {
            lo = 0.0;
        } else if hi < 0.0 {
            hi = 0.0;
        } else {
            hi = 1.0;
        }
    }
    let target = target.max(2) as f64;
    let step = nice_step((hi - lo) / target);
    let first = (lo / step).floor() * step;
    let last = (hi / step).ceil() * step;
    let n = ((last - first) / step).round() as i64;
    let values = (0..=n)
        .map(|i| {
            let v = first + i as f64 * step;
            // Snap away floating noise such as 0.30000000000000004.
            let snapped = (v / step).round() * step;
            if snapped.abs() < step * 1e-9 { 0.0 } else { snapped }
        })
        .collect();
    Ticks { lo: first, hi: last, values }
}

fn log_ticks(min: f64, max: f64, target: usize) -> Ticks {
    let (min, max) = (min.min(max), min.max(max));
    let e0 = min.log10().floor() as i32;
    let e1 = max.log10().ceil() as i32;
    // Round values of the 1-2-5 series around the data.
    let series: Vec<f64> = (e0 - 1..=e1 + 1).flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e))).collect();
    let lo = series.iter().copied().filter(|&v| v <= min * (1.0 + 1e-9)).fold(10f64.powi(e0 - 1), f64::max);
    let mut hi = series.iter().copied().find(|&v| v >= max * (1.0 - 1e-9)).unwrap_or(10f64.powi(e1 + 1));
    if hi <= lo {
        hi = series.iter().copied().find(|&v| v > lo).unwrap_or(lo * 10.0);
    }
    let in_range = |v: f64| v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9);
    let mut values: Vec<f64> = series.iter().copied().filter(|&v| in_range(v)).collect();
    if values.len() > target + 2 {
        // Too many: the ends and the powers of ten between them, every other one if need be.
        let powers: Vec<f64> = (e0..=e1)
            .map(|e| 10f64.powi(e))
            .filter(|&v| in_range(v) && v > lo * (1.0 + 1e-9) && v < hi * (1.0 - 1e-9))
            .collect();
        let every = powers.len().div_ceil(target.max(2)).max(1);
        values = std::iter::once(lo).chain(powers.into_iter().step_by(every)).chain(std::iter::once(hi)).collect();
    }
    Ticks { lo, hi, values }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_ticks_are_round_and_cover_the_data() {
        let t = ticks(Scale::Linear, 820_000.0, 3_570_000.0, 4, true);
        assert_eq!(t.lo, 0.0);
        assert!(t.hi >= 3_570_000.0);
        assert_eq!(t.values, [0.0, 1e6, 2e6, 3e6, 4e6]);
        let t = ticks(Scale::Linear, 0.1, 14.1, 4, true);
        assert_eq!(t.values, [0.0, 5.0, 10.0, 15.0]);
        let t = ticks(Scale::Linear, -3.0, 7.0, 4, true);
        assert!(t.lo <= -3.0 && t.hi >= 7.0 && t.values.contains(&0.0));
        let t = ticks(Scale::Linear, 0.1, 0.3, 4, true);
        assert!(t.values.iter().any(|v| (*v - 0.3).abs() < 1e-12));
    }

    #[test]
    fn single_and_zero_values_still_have_a_domain() {
        let t = ticks(Scale::Linear, 5.0, 5.0, 4, false);
        assert!(t.lo < t.hi);
        let t = ticks(Scale::Linear, 0.0, 0.0, 4, true);
        assert!(t.lo < t.hi);
    }

    #[test]
    fn log_ticks_are_powers_of_ten() {
        let t = ticks(Scale::Log, 3.0, 40_000.0, 5, false);
        assert_eq!(t.lo, 2.0);
        assert_eq!(t.hi, 50_000.0);
        assert_eq!(t.values, [2.0, 10.0, 100.0, 1000.0, 10_000.0, 50_000.0]);
        let t = ticks(Scale::Log, 1.0, 1e6, 4, false);
        assert_eq!(t.values, [1.0, 10.0, 1000.0, 100_000.0, 1e6]);
        let axis = Axis { scale: Scale::Log, lo: 1.0, hi: 100_000.0, p0: 0.0, p1: 500.0 };
        assert!((axis.pos(10.0) - 100.0).abs() < 1e-9);
        assert!((axis.pos(1000.0) - 300.0).abs() < 1e-9);
        let t = ticks(Scale::Log, 2.0, 8.0, 5, false);
        assert_eq!(t.values, [2.0, 5.0, 10.0]);
        let t = ticks(Scale::Log, 9.0, 68.6, 4, false);
        assert_eq!(t.values, [5.0, 10.0, 20.0, 50.0, 100.0]);
        let t = ticks(Scale::Log, 10.0, 10.0, 4, false);
        assert!(t.lo <= 10.0 && t.hi > 10.0);
    }
}
