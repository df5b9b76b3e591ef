//! Time to draw one chart of each kind, wide and narrow, with the brief's own data
//! (`cargo bench --bench chart`).
//!
//! For instruction counts, `CHART_RENDERS=KIND:SIZE:N` (SIZE `wide`, `narrow` or `standalone`)
//! skips criterion and draws that chart N times: run it under callgrind with two values of N
//! and divide the difference in instructions by the difference in N, e.g.
//! `CHART_RENDERS=line:wide:100 valgrind --tool=callgrind target/release/deps/chart-… --bench`.

use std::collections::BTreeMap;
use std::hint::black_box;

use brief::chart::{ChartInput, ChartSeries, Size, render_svg};
use brief::format::{self, Style};
use brief::lang::Lang;
use brief::load::frontmatter::{ChartKind, Scale, Sort, Year};
use brief::resolve::SeriesColour;
use brief::units::{Unit, UnitCatalogue};
use criterion::{Criterion, criterion_group};

fn series(key: &str, name: &str, colour: SeriesColour, points: &[(i32, f64)], approx: &[i32]) -> ChartSeries {
    ChartSeries {
        key: key.to_string(),
        name: name.to_string(),
        colour,
        points: points.iter().map(|&(y, v)| (Year(y), v)).collect(),
        approx: approx.iter().map(|&y| Year(y)).collect(),
    }
}

fn cn() -> SeriesColour {
    SeriesColour::Fixed("#c4373a".to_string())
}

fn us() -> SeriesColour {
    SeriesColour::Fixed("#2f6db5".to_string())
}

/// The series and years of each kind, in Chinese.
fn data(kind: ChartKind) -> (Vec<ChartSeries>, Vec<Year>, &'static str) {
    match kind {
        ChartKind::Bar => (
            vec![
                series("CN", "中国", cn(), &[(2020, 3_570_000.0)], &[]),
                series("US", "美国", us(), &[(2020, 820_000.0)], &[]),
            ],
            vec![Year(2020)],
            "persons",
        ),
        ChartKind::GroupedBar | ChartKind::Slope => (
            vec![
                series("CN", "中国", cn(), &[(2000, 0.1), (2020, 0.9)], &[2020]),
                series("US", "美国", us(), &[(2000, 8.7), (2020, 14.1)], &[]),
            ],
            vec![Year(2000), Year(2020)],
            "percent",
        ),
        ChartKind::PartOfWhole => (
            vec![series("CN", "中国", cn(), &[(2025, 13.0)], &[]), series("US", "美国", us(), &[(2025, 2.0)], &[])],
            vec![Year(2025)],
            "count",
        ),
        ChartKind::Line => {
            let names = ["中国", "美国", "印度", "德国", "日本"];
            let all = names
                .iter()
                .enumerate()
                .map(|(k, name)| {
                    let base = [30.0, 24.0, 12.0, 9.5, 9.0][k];
                    let growth: f64 = [1.18, 1.06, 1.15, 1.02, 1.01][k];
                    let points: Vec<(i32, f64)> = (0..6).map(|t| (2015 + t, base * growth.powi(t))).collect();
                    let colour = match k {
                        0 => cn(),
                        1 => us(),
                        n => SeriesColour::Palette(n),
                    };
                    series(&format!("S{k}"), name, colour, &points, &[])
                })
                .collect();
            (all, (2015..=2020).map(Year).collect(), "count")
        }
    }
}

/// Draws one chart `n` times (for instruction counts), as `CHART_RENDERS=KIND:SIZE:N` says.
fn count_renders(spec: &str) {
    let parts: Vec<&str> = spec.split(':').collect();
    let [kind, size, n] = parts[..] else { panic!("CHART_RENDERS={spec}: expected KIND:SIZE:N") };
    let kind = [ChartKind::Bar, ChartKind::GroupedBar, ChartKind::Line, ChartKind::Slope, ChartKind::PartOfWhole]
        .into_iter()
        .find(|k| k.name() == kind)
        .unwrap_or_else(|| panic!("unknown kind {kind}"));
    let (size, standalone) = match size {
        "wide" => (Size::Wide, false),
        "narrow" => (Size::Narrow, false),
        "standalone" => (Size::Wide, true),
        other => panic!("unknown size {other}"),
    };
    let n: usize = n.parse().unwrap_or_else(|_| panic!("bad count {n}"));
    let zh = Lang::parse("zh").unwrap_or_else(|| unreachable!());
    let units = UnitCatalogue::new(&BTreeMap::new()).unwrap_or_else(|e| panic!("{e}"));
    let (series, years, unit_name) = data(kind);
    let unit: Unit = units.get(unit_name).unwrap_or_else(|| panic!("unit {unit_name}"));
    let format_value = |v: f64| format::value(v, &unit, &zh, Style::default());
    let format_tick = |v: f64| format::compact(v, &unit, &zh);
    let input = headline(kind, size, &zh, (series, years), (&format_value, &format_tick), standalone);
    let mut bytes = 0;
    for _ in 0..n {
        bytes += black_box(render_svg(black_box(&input)).map(|s| s.len()).unwrap_or(0));
    }
    println!("{n} renders, {bytes} bytes");
}

type Format<'a> = &'a (dyn Fn(f64) -> String + Sync);

/// The chart every measurement draws: the brief's headline comparison, in Chinese.
fn headline<'a>(
    kind: ChartKind,
    size: Size,
    lang: &'a Lang,
    (series, years): (Vec<ChartSeries>, Vec<Year>),
    (format_value, format_tick): (Format<'a>, Format<'a>),
    standalone: bool,
) -> ChartInput<'a> {
    ChartInput {
        kind,
        size,
        dom_id: "chart-bench",
        title: "中国理工科毕业生是美国的四倍多",
        subtitle: "2020年理工科毕业生，人",
        description: "2020年中国有357万理工科毕业生，美国有82万。",
        lang,
        series,
        years,
        highlight: Vec::new(),
        sort: Sort::None,
        scale: Scale::Linear,
        format_value,
        format_tick,
        standalone,
    }
}

fn bench(c: &mut Criterion) {
    let zh = Lang::parse("zh").unwrap_or_else(|| unreachable!());
    let units = UnitCatalogue::new(&BTreeMap::new()).unwrap_or_else(|e| panic!("{e}"));
    for kind in [ChartKind::Bar, ChartKind::GroupedBar, ChartKind::Line, ChartKind::Slope, ChartKind::PartOfWhole] {
        let (_, _, unit_name) = data(kind);
        let unit: Unit = units.get(unit_name).unwrap_or_else(|| panic!("unit {unit_name}"));
        let format_value = |v: f64| format::value(v, &unit, &zh, Style::default());
        let format_tick = |v: f64| format::compact(v, &unit, &zh);
        // `chart/bar` is the wide drawing (as before there were two); `chart/bar/narrow` the phone one.
        for (size, suffix) in [(Size::Wide, ""), (Size::Narrow, "/narrow")] {
            c.bench_function(&format!("chart/{}{suffix}", kind.name()), |b| {
                b.iter_batched(
                    || data(kind),
                    |(series, years, _)| {
                        let input = headline(kind, size, &zh, (series, years), (&format_value, &format_tick), false);
                        black_box(render_svg(black_box(&input)).map(|s| s.len()))
                    },
                    criterion::BatchSize::SmallInput,
                )
            });
        }
    }
}

criterion_group!(benches, bench);

fn main() {
    if let Ok(spec) = std::env::var("CHART_RENDERS") {
        count_renders(&spec);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
