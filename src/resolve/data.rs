//! Indicators and charts: merged across the files that declare them, checked, and indexed.
//!
//! An indicator (or chart) is declared once, in one page; the translations of that page may
//! repeat its id to give their own text (label, notes, titles). Numbers, units and sources come
//! from the default language's file; a translation that restates one differently is an error
//! naming both files.

use rayon::prelude::*;
use std::collections::BTreeMap;

use crate::error::Location;
use crate::lang::{Lang, Localized};
use crate::load::SourcePage;
use crate::load::frontmatter::{
    ChartDef, ChartKind, IndicatorDef, PartialDate, Point, Scale, SeriesDef, Sort, SourceDef, Year,
};
use crate::units::{Unit, UnitCatalogue, UnitKind};

use super::ResolveError;

/// Where an indicator's figures come from.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub name: Localized,
    /// Always http(s): checked here, so templates may link it.
    pub url: Option<String>,
    pub year: Option<Year>,
    pub date: Option<PartialDate>,
}

/// One named line of numbers, such as the values for `CN`.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub key: String,
    /// Sorted by year, one point per year.
    pub points: Vec<(Year, Point)>,
}

impl Series {
    pub fn at(&self, year: Year) -> Option<Point> {
        self.points.iter().find(|(y, _)| *y == year).map(|(_, p)| *p)
    }
}

/// A checked indicator: numbers by series and year, with unit and source.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub id: String,
    pub label: Localized,
    pub notes: Localized,
    pub unit: Unit,
    pub source: Source,
    pub as_of: Option<PartialDate>,
    /// The whole indicator is an estimate (single points can also be marked).
    pub approx: bool,
    /// In the order the author wrote them.
    pub series: Vec<Series>,
    /// The `indicators:` entry of the file that carries the numbers.
    pub defined_at: Location,
    /// The translation group (`rel` path) of the page that declares it.
    pub page_rel: String,
}

impl Indicator {
    pub fn series(&self, key: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.key == key)
    }

    /// Every year any series has, sorted.
    pub fn years(&self) -> Vec<Year> {
        let mut years: Vec<Year> = self.series.iter().flat_map(|s| s.points.iter().map(|(y, _)| *y)).collect();
        years.sort();
        years.dedup();
        years
    }

    /// The latest year for which every one of `keys` has a value.
    pub fn latest_common_year(&self, keys: &[String]) -> Option<Year> {
        self.years().into_iter().rev().find(|y| keys.iter().all(|k| self.series(k).and_then(|s| s.at(*y)).is_some()))
    }
}

/// A checked chart: what to draw from which indicator, and its text in each language.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub id: String,
    pub kind: ChartKind,
    pub indicator: String,
    /// The series to draw, in drawing order before `sort`.
    pub series: Vec<String>,
    /// The years to draw (one for bar and part-of-whole, two for slope).
    pub years: Vec<Year>,
    pub highlight: Vec<String>,
    pub sort: Sort,
    pub scale: Scale,
    pub title: Localized,
    pub subtitle: Localized,
    pub notes: Localized,
    pub description: Localized,
    pub defined_at: Location,
}

/// One declaration of an indicator or chart: which page, and what it says.
struct Declared<'a, T> {
    page: &'a SourcePage,
    def: &'a T,
}

/// Merges and checks every indicator declared in `pages`.
pub fn indicators(
    pages: &[&SourcePage],
    units: &UnitCatalogue,
    default: &Lang,
    errors: &mut Vec<ResolveError>,
) -> BTreeMap<String, Indicator> {
    let declared = by_id(
        pages
            .iter()
            .flat_map(|page| page.front.indicators.iter().map(move |(id, def)| (id.as_str(), Declared { page, def }))),
    );
    // Each id is merged and checked on its own, so in parallel (50,000 indicators: 0.3 s serially).
    let merged: Vec<(Option<Indicator>, Vec<ResolveError>)> = declared
        .into_par_iter()
        .map(|(id, decls)| {
            let mut errors = Vec::new();
            let indicator = merge_indicator(id, &decls, units, default, &mut errors);
            (indicator, errors)
        })
        .collect();
    collect_merged(merged, errors, |indicator| indicator.id.clone())
}

/// Declarations grouped by id, in the order of the ids, each id's in the order of `pages`.
fn by_id<'a, T: Sync>(
    declarations: impl Iterator<Item = (&'a str, Declared<'a, T>)>,
) -> Vec<(&'a str, Vec<Declared<'a, T>>)> {
    let mut all: Vec<(&str, Declared<T>)> = declarations.collect();
    // Stable: one id's declarations keep the pages' order.
    all.par_sort_by(|a, b| a.0.cmp(b.0));
    let mut grouped: Vec<(&str, Vec<Declared<T>>)> = Vec::new();
    for (id, declared) in all {
        match grouped.last_mut() {
            Some((last, decls)) if *last == id => decls.push(declared),
            _ => grouped.push((id, vec![declared])),
        }
    }
    grouped
}

/// The merged items by id (they come sorted by id, so the map is built in one pass), their
/// errors added to `errors`.
fn collect_merged<T>(
    merged: Vec<(Option<T>, Vec<ResolveError>)>,
    errors: &mut Vec<ResolveError>,
    id: impl Fn(&T) -> String,
) -> BTreeMap<String, T> {
    let mut items = Vec::with_capacity(merged.len());
    for (item, mut errs) in merged {
        errors.append(&mut errs);
        items.extend(item.map(|item| (id(&item), item)));
    }
    items.into_iter().collect()
}

/// One indicator from all its declarations: the numbers of the primary one, the texts of each
/// language's, and an error for every translation that states a number differently.
fn merge_indicator(
    id: &str,
    decls: &[Declared<IndicatorDef>],
    units: &UnitCatalogue,
    default: &Lang,
    errors: &mut Vec<ResolveError>,
) -> Option<Indicator> {
    let primary = primary_of(id, "indicator", decls, default, |p| p.indicator_location(id), errors)?;
    let mut indicator = build_indicator(id, primary, units, errors)?;
    for d in decls {
        if let Some(label) = &d.def.label {
            indicator.label = with_text(&indicator.label, &d.page.lang, label);
        }
        if let Some(notes) = &d.def.notes {
            indicator.notes = with_text(&indicator.notes, &d.page.lang, notes);
        }
        if let Some(name) = d.def.source.as_ref().and_then(|s| s.name.as_ref()) {
            indicator.source.name = with_text(&indicator.source.name, &d.page.lang, name);
        }
        if !std::ptr::eq(d.page, primary.page) {
            compare_indicator(id, primary, d, errors);
        }
    }
    Some(indicator)
}

/// Ids end up in file names (`data/<id>.csv`) and URLs: keep them plain.
fn check_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 100 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The declaration that carries the numbers: the default language's, else the first. An id
/// that is not plain, and two declarations in pages that are not translations of each other,
/// are errors.
fn primary_of<'a, 'b, T>(
    id: &str,
    what: &str,
    decls: &'b [Declared<'a, T>],
    default: &Lang,
    locate: impl Fn(&SourcePage) -> Location,
    errors: &mut Vec<ResolveError>,
) -> Option<&'b Declared<'a, T>> {
    let first = &decls[0];
    if !check_id(id) {
        errors.push(ResolveError::Data {
            at: locate(first.page),
            message: format!("{what} id `{id}` may use only letters, digits, `_` and `-`; rename it"),
        });
        return None;
    }
    if let Some(other) = decls.iter().find(|d| d.page.rel != first.page.rel) {
        errors.push(ResolveError::Duplicate {
            at: locate(other.page),
            message: format!(
                "{what} `{id}` is already declared in {}; ids are site-wide, so rename one (any page can use the other's)",
                locate(first.page)
            ),
        });
        return None;
    }
    if let Some(same_lang) = decls.iter().skip(1).find(|d| d.page.lang == first.page.lang) {
        errors.push(ResolveError::Duplicate {
            at: locate(same_lang.page),
            message: format!("{what} `{id}` is declared twice in this file"),
        });
        return None;
    }
    Some(decls.iter().find(|d| &d.page.lang == default).unwrap_or(first))
}

fn with_text(existing: &Localized, lang: &Lang, text: &str) -> Localized {
    let mut pairs: Vec<(Lang, String)> =
        existing.languages().map(|l| (l.clone(), existing.get(l).unwrap_or("").to_string())).collect();
    pairs.retain(|(l, _)| l != lang);
    pairs.push((lang.clone(), text.to_string()));
    Localized::from_pairs(pairs)
}

fn build_indicator(
    id: &str,
    d: &Declared<IndicatorDef>,
    units: &UnitCatalogue,
    errors: &mut Vec<ResolveError>,
) -> Option<Indicator> {
    let page = d.page;
    let def = d.def;
    let at = |key: &str| page.key_location(&["indicators", id, key]);
    let here = page.indicator_location(id);
    let mut ok = true;
    let mut fail = |at: Location, message: String| {
        errors.push(ResolveError::Data { at, message });
        ok = false;
    };
    let unit = match &def.unit {
        None => {
            fail(
                here.clone(),
                format!(
                    "indicator `{id}` has no `unit:`; add one, e.g. `unit: persons`, `unit: percent` or `unit: currency:USD`"
                ),
            );
            None
        }
        Some(name) => {
            let unit = units.get(name);
            if unit.is_none() {
                fail(
                    at("unit"),
                    format!(
                        "indicator `{id}`: unknown unit `{name}`; expected one of {}, or declare it under `units:` in site.yaml",
                        units.names().join(", ")
                    ),
                );
            }
            unit
        }
    };
    let series = match &def.series {
        None => {
            fail(
                here.clone(),
                format!(
                    "indicator `{id}` has no `series:`; add the numbers, e.g. `series: {{ CN: {{ 2020: 3570000 }} }}`"
                ),
            );
            Vec::new()
        }
        Some(s) if s.is_empty() => {
            fail(at("series"), format!("indicator `{id}`: `series:` is empty; give at least one series of values"));
            Vec::new()
        }
        Some(s) => series_points(s, def.years.as_deref()),
    };
    let source = def.source.clone().unwrap_or_default();
    let url = match source.url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(url) if is_web_url(url) => Some(url.to_string()),
        Some(url) => {
            fail(at("source"), format!("indicator `{id}`: source url `{url}` must start with http:// or https://"));
            None
        }
    };
    if def.label.is_none() {
        fail(
            here.clone(),
            format!("indicator `{id}` has no `label:`; add the name readers see, e.g. `label: STEM graduates`"),
        );
    }
    if let Some(unit) = &unit {
        if unit.kind == UnitKind::Rank {
            for s in &series {
                if let Some((year, p)) = s.points.iter().find(|(_, p)| p.value < 1.0 || p.value.fract() != 0.0) {
                    fail(
                        at("series"),
                        format!(
                            "indicator `{id}`, series `{}`, {year}: a rank is a whole number from 1, found {}",
                            s.key, p.value
                        ),
                    );
                }
            }
        }
    }
    if !ok {
        return None;
    }
    Some(Indicator {
        id: id.to_string(),
        label: Localized::default(),
        notes: Localized::default(),
        unit: unit?,
        source: Source { name: Localized::default(), url, year: source.year, date: source.date },
        as_of: def.as_of,
        approx: def.approx.unwrap_or(false),
        series,
        defined_at: here,
        page_rel: page.rel.clone(),
    })
}

pub fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && url::Url::parse(url).is_ok()
}

fn series_points(series: &crate::load::frontmatter::Ordered<SeriesDef>, years: Option<&[Year]>) -> Vec<Series> {
    series
        .iter()
        .map(|(key, def)| {
            let mut points: Vec<(Year, Point)> = match def {
                SeriesDef::ByYear(points) => points.clone(),
                // Lengths were checked in load; zip stops at the shorter anyway.
                SeriesDef::Row(row) => years.unwrap_or(&[]).iter().copied().zip(row.iter().copied()).collect(),
            };
            points.sort_by_key(|(y, _)| *y);
            points.dedup_by_key(|(y, _)| *y);
            Series { key: key.clone(), points }
        })
        .collect()
}

/// A translation may leave out numbers, unit and source; if it states them, they must agree.
fn compare_indicator(
    id: &str,
    primary: &Declared<IndicatorDef>,
    other: &Declared<IndicatorDef>,
    errors: &mut Vec<ResolveError>,
) {
    let (p, o) = (primary.def, other.def);
    let mut differ = |what: String, mine: String, theirs: String| {
        errors.push(ResolveError::Disagree {
            at: other.page.indicator_location(id),
            message: format!(
                "indicator `{id}`: {what} is {theirs} here but {mine} in {} (numbers, units and sources come from the {} file; remove them from this one or make them equal)",
                primary.page.indicator_location(id),
                primary.page.lang
            ),
        });
    };
    if let (Some(a), Some(b)) = (&p.unit, &o.unit) {
        if a.trim() != b.trim() {
            differ("the unit".into(), format!("`{a}`"), format!("`{b}`"));
        }
    }
    if let (Some(a), Some(b)) = (p.approx, o.approx) {
        if a != b {
            differ("`approx`".into(), a.to_string(), b.to_string());
        }
    }
    if let (Some(a), Some(b)) = (&p.as_of, &o.as_of) {
        if a != b {
            differ("`as_of`".into(), a.to_string(), b.to_string());
        }
    }
    if let (Some(a), Some(b)) = (&p.source, &o.source) {
        compare_source(a, b, &mut differ);
    }
    if let Some(theirs) = &o.series {
        let mine = p.series.as_ref().map(|s| series_points(s, p.years.as_deref())).unwrap_or_default();
        let theirs = series_points(theirs, o.years.as_deref());
        for t in &theirs {
            let Some(m) = mine.iter().find(|m| m.key == t.key) else {
                differ(format!("series `{}`", t.key), "absent".into(), "present".into());
                continue;
            };
            for (year, point) in &t.points {
                match m.at(*year) {
                    Some(mp) if mp == *point => {}
                    Some(mp) => differ(format!("series `{}`, {year}", t.key), fmt_point(mp), fmt_point(*point)),
                    None => differ(format!("series `{}`, {year}", t.key), "absent".into(), fmt_point(*point)),
                }
            }
        }
    }
}

fn compare_source(a: &SourceDef, b: &SourceDef, differ: &mut impl FnMut(String, String, String)) {
    if let (Some(x), Some(y)) = (&a.url, &b.url) {
        if x.trim() != y.trim() {
            differ("the source url".into(), format!("`{x}`"), format!("`{y}`"));
        }
    }
    if let (Some(x), Some(y)) = (a.year, b.year) {
        if x != y {
            differ("the source year".into(), x.to_string(), y.to_string());
        }
    }
    if let (Some(x), Some(y)) = (a.date, b.date) {
        if x != y {
            differ("the source date".into(), x.to_string(), y.to_string());
        }
    }
}

fn fmt_point(p: Point) -> String {
    if p.approx { format!("about {}", p.value) } else { p.value.to_string() }
}

/// Looks indicators up by id: the site's map, or (while patching) a map with some entries
/// replaced.
pub trait Indicators {
    fn get(&self, id: &str) -> Option<&Indicator>;
    fn ids(&self) -> Box<dyn Iterator<Item = &String> + '_>;
}

impl Indicators for BTreeMap<String, Indicator> {
    fn get(&self, id: &str) -> Option<&Indicator> {
        BTreeMap::get(self, id)
    }

    fn ids(&self) -> Box<dyn Iterator<Item = &String> + '_> {
        Box::new(self.keys())
    }
}

/// What a chart's drawings add to its element id `chart-<id>` (`chart-<id>-svg`,
/// `chart-<id>-narrow-title`, …).
const DERIVED_IDS: [&str; 7] = ["-svg", "-title", "-desc", "-narrow", "-narrow-svg", "-narrow-title", "-narrow-desc"];

/// An error for every chart among `charts` whose element ids would repeat those of another
/// chart of the site: a chart `x-svg` makes `chart-x-svg`, the root id of `x`'s wide drawing,
/// and `x-narrow` makes the ids of `x`'s narrow one. `exists` says whether the site declares a
/// chart id.
pub fn clashing_ids<'a>(charts: impl Iterator<Item = &'a Chart>, exists: impl Fn(&str) -> bool) -> Vec<ResolveError> {
    charts
        .filter_map(|chart| {
            let base = DERIVED_IDS.iter().filter_map(|suffix| chart.id.strip_suffix(suffix)).find(|b| exists(b))?;
            Some(ResolveError::Data {
                at: chart.defined_at.clone(),
                message: format!(
                    "chart id `{}` cannot be used next to the chart `{base}`: the page's ids for the \
                     drawings of `{base}` would be the same; choose another id",
                    chart.id
                ),
            })
        })
        .collect()
}

/// The charts of the site whose ids a chart `id` would be the base of (`id-svg`, …).
pub fn derived_from<'a>(id: &str, charts: &'a BTreeMap<String, Chart>) -> impl Iterator<Item = &'a Chart> {
    DERIVED_IDS.iter().filter_map(move |suffix| charts.get(&format!("{id}{suffix}")))
}

/// Merges and checks every chart; each must name a known indicator, series and years.
pub fn charts(
    pages: &[&SourcePage],
    indicators: &(dyn Indicators + Sync),
    default: &Lang,
    errors: &mut Vec<ResolveError>,
) -> BTreeMap<String, Chart> {
    let declared = by_id(
        pages
            .iter()
            .flat_map(|page| page.front.charts.iter().map(move |def| (def.id.as_str(), Declared { page, def }))),
    );
    // Like indicators, each chart is built and checked on its own (10,000 charts: 0.1 s serially).
    let built: Vec<(Option<Chart>, Vec<ResolveError>)> = declared
        .into_par_iter()
        .map(|(id, decls)| {
            let mut errors = Vec::new();
            let chart = merge_chart(id, &decls, pages, indicators, default, &mut errors);
            (chart, errors)
        })
        .collect();
    collect_merged(built, errors, |chart| chart.id.clone())
}

/// One chart from all its declarations: the settings of the primary one, the texts of each
/// language's, and an error for every translation that draws it differently.
fn merge_chart(
    id: &str,
    decls: &[Declared<ChartDef>],
    pages: &[&SourcePage],
    indicators: &(dyn Indicators + Sync),
    default: &Lang,
    errors: &mut Vec<ResolveError>,
) -> Option<Chart> {
    let primary = primary_of(id, "chart", decls, default, |p| p.chart_location(id), errors)?;
    let declared = |id: &str| pages.iter().any(|p| p.front.indicators.get(id).is_some());
    let mut chart = build_chart(primary, indicators, &declared, errors)?;
    for d in decls {
        let lang = &d.page.lang;
        let texts = [
            (&mut chart.title, &d.def.title),
            (&mut chart.subtitle, &d.def.subtitle),
            (&mut chart.notes, &d.def.notes),
            (&mut chart.description, &d.def.description),
        ];
        for (field, text) in texts {
            if let Some(text) = text {
                *field = with_text(field, lang, text);
            }
        }
        if !std::ptr::eq(d.page, primary.page) {
            compare_chart(primary, d, errors);
        }
    }
    Some(chart)
}

fn build_chart(
    d: &Declared<ChartDef>,
    indicators: &dyn Indicators,
    pages_declare: &dyn Fn(&str) -> bool,
    errors: &mut Vec<ResolveError>,
) -> Option<Chart> {
    let def = d.def;
    let id = &def.id;
    let at = d.page.chart_location(id);
    let mut fail = |message: String| errors.push(ResolveError::Data { at: at.clone(), message });
    let Some(kind) = def.kind else {
        fail(format!("chart `{id}` has no `kind:`; use bar, grouped-bar, line, slope or part-of-whole"));
        return None;
    };
    let Some(indicator_id) = &def.indicator else {
        fail(format!("chart `{id}` has no `indicator:`; name the indicator it draws"));
        return None;
    };
    let Some(indicator) = indicators.get(indicator_id) else {
        // An indicator that is declared but broken has its own error already.
        let declared = pages_declare(indicator_id);
        if !declared {
            fail(format!(
                "chart `{id}`: unknown indicator `{indicator_id}`{}",
                suggest(indicator_id, indicators.ids())
            ));
        }
        return None;
    };
    let series: Vec<String> = match &def.series {
        Some(keys) => keys.clone(),
        None => indicator.series.iter().map(|s| s.key.clone()).collect(),
    };
    for key in series.iter().chain(def.highlight.iter().flatten()) {
        if indicator.series(key).is_none() {
            let known: Vec<&str> = indicator.series.iter().map(|s| s.key.as_str()).collect();
            fail(format!(
                "chart `{id}`: indicator `{indicator_id}` has no series `{key}` (it has {})",
                known.join(", ")
            ));
            return None;
        }
    }
    if series.is_empty() {
        fail(format!("chart `{id}`: `series:` is empty"));
        return None;
    }
    let all_years = indicator.years();
    let years: Vec<Year> = match (&def.years, kind) {
        (Some(years), _) => years.clone(),
        (None, ChartKind::Bar | ChartKind::PartOfWhole) => match indicator.latest_common_year(&series) {
            Some(y) => vec![y],
            None => {
                fail(format!("chart `{id}`: no year has a value for every series; say which with `year:`"));
                return None;
            }
        },
        (None, ChartKind::Slope) => match (all_years.first(), all_years.last()) {
            (Some(a), Some(b)) if a != b => vec![*a, *b],
            _ => {
                fail(format!("chart `{id}`: a slope chart needs two years, and `{indicator_id}` has one"));
                return None;
            }
        },
        (None, ChartKind::Line | ChartKind::GroupedBar) => all_years.clone(),
    };
    for year in &years {
        if !all_years.contains(year) {
            fail(format!("chart `{id}`: indicator `{indicator_id}` has no value for {year}"));
            return None;
        }
    }
    let needed = match kind {
        ChartKind::Bar | ChartKind::PartOfWhole => Some(1),
        ChartKind::Slope => Some(2),
        _ => None,
    };
    if let Some(n) = needed {
        if years.len() != n {
            fail(format!("chart `{id}`: a {} chart draws {n} year(s), found {}", kind.name(), years.len()));
            return None;
        }
        for key in &series {
            for year in &years {
                if indicator.series(key).and_then(|s| s.at(*year)).is_none() {
                    fail(format!("chart `{id}`: series `{key}` of `{indicator_id}` has no value for {year}"));
                    return None;
                }
            }
        }
    }
    let scale = def.scale.unwrap_or_default();
    if scale == Scale::Log {
        let nonpositive =
            series.iter().filter_map(|k| indicator.series(k)).flat_map(|s| &s.points).any(|(_, p)| p.value <= 0.0);
        if nonpositive {
            fail(format!("chart `{id}`: a log scale needs values above zero"));
            return None;
        }
    }
    if kind == ChartKind::PartOfWhole {
        let negative = series.iter().filter_map(|k| indicator.series(k)?.at(years[0])).any(|p| p.value < 0.0);
        if negative {
            fail(format!("chart `{id}`: a part-of-whole chart needs counts of zero or more"));
            return None;
        }
    }
    Some(Chart {
        id: id.clone(),
        kind,
        indicator: indicator_id.clone(),
        series,
        years,
        highlight: def.highlight.clone().unwrap_or_default(),
        sort: def.sort.unwrap_or_default(),
        scale,
        title: Localized::default(),
        subtitle: Localized::default(),
        notes: Localized::default(),
        description: Localized::default(),
        defined_at: at,
    })
}

fn compare_chart(primary: &Declared<ChartDef>, other: &Declared<ChartDef>, errors: &mut Vec<ResolveError>) {
    let (p, o) = (primary.def, other.def);
    let structural = [
        ("kind", o.kind.is_some() && o.kind != p.kind),
        ("indicator", o.indicator.is_some() && o.indicator != p.indicator),
        ("series", o.series.is_some() && o.series != p.series),
        ("years", o.years.is_some() && o.years != p.years),
        ("highlight", o.highlight.is_some() && o.highlight != p.highlight),
        ("sort", o.sort.is_some() && o.sort != p.sort),
        ("scale", o.scale.is_some() && o.scale != p.scale),
    ];
    for (field, differs) in structural {
        if differs {
            errors.push(ResolveError::Disagree {
                at: other.page.chart_location(&o.id),
                message: format!(
                    "chart `{}`: `{field}` differs from {} (translations give only title, subtitle, notes and description)",
                    o.id,
                    primary.page.chart_location(&p.id)
                ),
            });
        }
    }
}

/// ", did you mean `x`?" when a known name is close to the unknown one.
pub fn suggest<'a>(unknown: &str, known: impl Iterator<Item = &'a String>) -> String {
    let close = known.map(|k| (strsim::levenshtein(unknown, k), k)).filter(|(d, k)| *d <= 2.max(k.len() / 4)).min();
    match close {
        Some((_, k)) => format!("; did you mean `{k}`?"),
        None => String::new(),
    }
}
