//! Front matter: splitting it from the Markdown body and parsing it into typed structs.
//!
//! Types and values are checked here, as serde reads them, so a wrong value is reported with the
//! exact line and column serde_yaml knows (shifted by the opening `---`). Checks that need more
//! than one file (unknown indicators, translations that disagree) belong to `resolve`.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// The parts of a page file: front matter text and body, with the body's first line number.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line (the line after the opening `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

#[derive(Debug, PartialEq)]
pub enum SplitError {
    /// `---` opens the file but no closing `---` follows.
    Unclosed,
}

/// Splits `text` (BOM removed, `\n` line ends) at its `---` fences. A file that does not open
/// with `---` has no front matter: all of it is body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let Some(first_line_end) = text.find('\n') else {
        return if text.trim_end() == "---" { Err(SplitError::Unclosed) } else { Ok(no_front(text)) };
    };
    if text[..first_line_end].trim_end() != "---" {
        return Ok(no_front(text));
    }
    let yaml_start = first_line_end + 1;
    let mut offset = yaml_start;
    for (line, raw_line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let content = raw_line.trim_end();
        if content == "---" || content == "..." {
            let body_start = offset + raw_line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err(SplitError::Unclosed)
}

fn no_front(text: &str) -> Split<'_> {
    // The empty YAML is a slice of `text` too: callers locate both parts by their addresses.
    Split { yaml: &text[..0], yaml_line: 1, body: text, body_line: 1 }
}

/// Everything a page's front matter may say. Unknown keys are errors that name the key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "front matter: a map of keys such as `title: ...`")]
pub struct FrontMatter {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub draft: bool,
    /// Position in lists: lower comes first; pages without one follow, newest first.
    #[serde(default, alias = "order")]
    pub weight: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Show the page in the site's navigation (in `weight` order).
    #[serde(default)]
    pub menu: bool,
    /// Leave the page out of article lists, "latest" and feeds (e.g. a Data or About page).
    #[serde(default = "yes")]
    pub in_lists: bool,
    /// A template other than the default for this kind of page, such as `data.html`.
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub indicators: Ordered<IndicatorDef>,
    #[serde(default)]
    pub charts: Vec<ChartDef>,
    /// Headline numbers for the page's template to show as cards (the home page's key figures).
    #[serde(default)]
    pub key_figures: Vec<KeyFigureDef>,
}

/// A headline number: a value from an indicator, with this page's words for it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, expecting = "a key figure: a map with indicator, series, year and label")]
pub struct KeyFigureDef {
    pub indicator: String,
    #[serde(default)]
    pub series: Option<String>,
    #[serde(default)]
    pub year: Option<Year>,
    /// Show the value as a multiple of this series' value (`to: US` gives "4.4×").
    #[serde(default)]
    pub to: Option<String>,
    pub label: String,
    /// Decimal places (the default depends on the unit; one for multiples).
    #[serde(default, deserialize_with = "decimal_places")]
    pub digits: Option<usize>,
}

fn yes() -> bool {
    true
}

/// `digits:`, a number of decimal places from 0 to 6 (as the shortcodes' `digits=`).
fn decimal_places<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = usize;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number of decimal places from 0 to 6")
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<usize, E> {
            match n {
                0..=6 => Ok(n as usize),
                _ => Err(E::custom(format!("`digits: {n}` is not a number of decimal places from 0 to 6"))),
            }
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<usize, E> {
            match u64::try_from(n) {
                Ok(n) => self.visit_u64(n),
                Err(_) => Err(E::custom(format!("`digits: {n}` is not a number of decimal places from 0 to 6"))),
            }
        }
    }
    d.deserialize_u64(V).map(Some)
}

/// The largest number brief takes, in size: far beyond any real quantity (10^25 FLOP, 10^23
/// molecules), far enough below f64's limit (1.8e308) that sums, differences and axes of such
/// numbers stay finite. Its inverse is the smallest besides 0, far enough above f64's smallest
/// (5e-324) that steps between axis ticks do not vanish.
pub const MAX_VALUE: f64 = 1e100;

impl Default for FrontMatter {
    /// A page without front matter (the serde defaults above).
    fn default() -> FrontMatter {
        FrontMatter {
            title: None,
            summary: None,
            date: None,
            updated: None,
            draft: false,
            weight: None,
            tags: Vec::new(),
            menu: false,
            in_lists: true,
            template: None,
            indicators: Ordered::default(),
            charts: Vec::new(),
            key_figures: Vec::new(),
        }
    }
}

/// An indicator as written in one file. Everything is optional here because a translation
/// writes only its text; `resolve` checks that the defining file has all it needs.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, expecting = "an indicator: a map with label, unit, source and series")]
pub struct IndicatorDef {
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub source: Option<SourceDef>,
    #[serde(default)]
    pub as_of: Option<PartialDate>,
    #[serde(default, alias = "estimate")]
    pub approx: Option<bool>,
    #[serde(default)]
    pub notes: Option<String>,
    /// Table form: the years that the series' lists of values follow.
    #[serde(default)]
    pub years: Option<Vec<Year>>,
    #[serde(default)]
    pub series: Option<Ordered<SeriesDef>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, expecting = "a source: a map such as `{ name: ..., year: 2020 }`")]
pub struct SourceDef {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub year: Option<Year>,
    #[serde(default)]
    pub date: Option<PartialDate>,
}

/// One series as written: `{2000: 0.1, 2020: 0.9}` or, with `years:`, `[0.1, 0.9]`.
#[derive(Clone, Debug, PartialEq)]
pub enum SeriesDef {
    ByYear(Vec<(Year, Point)>),
    Row(Vec<Point>),
}

/// One number, with an optional "approximately" mark: `0.9` or `{ value: 0.9, approx: true }`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub value: f64,
    pub approx: bool,
}

/// A chart as written in one file; translations write only `id` and their text.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, expecting = "a chart: a map with id, kind, indicator and title")]
pub struct ChartDef {
    pub id: String,
    #[serde(default)]
    pub kind: Option<ChartKind>,
    #[serde(default)]
    pub indicator: Option<String>,
    /// Which series to draw, in this order (default: all, in the indicator's order).
    #[serde(default)]
    pub series: Option<Vec<String>>,
    /// Which years to draw (default: depends on the kind; see the README).
    #[serde(default, alias = "year", deserialize_with = "one_or_many")]
    pub years: Option<Vec<Year>>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    /// The description read by screen readers; generated from the data when absent.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub highlight: Option<Vec<String>>,
    #[serde(default)]
    pub sort: Option<Sort>,
    #[serde(default)]
    pub scale: Option<Scale>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    Bar,
    #[serde(alias = "grouped_bar")]
    GroupedBar,
    Line,
    Slope,
    #[serde(alias = "part_of_whole", alias = "waffle")]
    PartOfWhole,
}

impl ChartKind {
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Bar => "bar",
            ChartKind::GroupedBar => "grouped-bar",
            ChartKind::Line => "line",
            ChartKind::Slope => "slope",
            ChartKind::PartOfWhole => "part-of-whole",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// The order of `series:` (or of the indicator).
    #[default]
    None,
    Asc,
    Desc,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    #[default]
    Linear,
    Log,
}

/// A calendar year between 1 and 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Year(pub i32);

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Year {
    pub fn new(y: i64) -> Option<Year> {
        (1..=9999).contains(&y).then_some(Year(y as i32))
    }
}

impl<'de> Deserialize<'de> for Year {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Year;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a year such as 2020")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Year, E> {
                Year::new(v).ok_or_else(|| {
                    E::custom(format!("{v} is not a year: expected a year between 1 and 9999, such as 2020"))
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Year, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Year, E> {
                match v.trim().parse::<i64>() {
                    Ok(n) => self.visit_i64(n),
                    Err(_) => Err(E::custom(format!("expected a year such as 2020, found \"{v}\""))),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Year, E> {
                Err(E::custom(format!("expected a year such as 2020, found {v}")))
            }
        }
        d.deserialize_any(V)
    }
}

/// A date with its precision: `2025`, `2025-08` or `2025-08-15`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

impl PartialDate {
    pub fn parse(text: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let num = |s: &str| s.parse::<i32>().ok();
        match parts.as_slice() {
            [y] if y.len() == 4 => Some(PartialDate { year: num(y)?, month: None, day: None }),
            [y, m] if y.len() == 4 && m.len() == 2 => {
                let month = num(m)?;
                (1..=12).contains(&month).then_some(PartialDate { year: num(y)?, month: Some(month as i8), day: None })
            }
            [_, _, _] => {
                let d = Date::parse(text)?;
                Some(PartialDate { year: d.0.year() as i32, month: Some(d.0.month()), day: Some(d.0.day()) })
            }
            _ => None,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a year or date such as 2025, 2025-08 or 2025-08-15")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
                let y = Year::new(v).ok_or_else(|| E::custom(format!("{v} is not a year between 1 and 9999")))?;
                Ok(PartialDate { year: y.0, month: None, day: None })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).ok_or_else(|| {
                    E::custom(format!("expected a year or date such as 2025, 2025-08 or 2025-08-15, found \"{v}\""))
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A calendar date, written `2025-12-10`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        // jiff also accepts forms like `+002025-12-10`; authors write exactly YYYY-MM-DD.
        let shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
        if !shaped {
            return None;
        }
        text.parse::<jiff::civil::Date>().ok().map(Date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), self.0.month(), self.0.day())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor (rather than a String checked afterwards), so that serde_yaml places the
        // error at the value.
        struct V;
        impl Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD such as 2025-12-10")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text).ok_or_else(|| {
                    E::custom(format!("expected a date written YYYY-MM-DD such as 2025-12-10, found \"{text}\""))
                })
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Point;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number such as 3570000 or 14.1, or `{ value: 0.9, approx: true }`")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Point, E> {
                Ok(Point { value: v as f64, approx: false })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Point, E> {
                Ok(Point { value: v as f64, approx: false })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Point, E> {
                if !v.is_finite() {
                    Err(E::custom(format!("{v} is not a usable number: expected a finite number such as 14.1")))
                } else if v.abs() > MAX_VALUE {
                    Err(E::custom(format!("{v:e} is too large: brief takes numbers up to {MAX_VALUE:e} in size")))
                } else if v != 0.0 && v.abs() < 1.0 / MAX_VALUE {
                    Err(E::custom(format!(
                        "{v:e} is too small: brief takes numbers down to {:e} in size (or 0)",
                        1.0 / MAX_VALUE
                    )))
                } else {
                    Ok(Point { value: v, approx: false })
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Point, E> {
                Err(E::custom(format!(
                    "expected a number, found the text \"{v}\" (write numbers without quotes, units or thousands separators, e.g. 3570000)"
                )))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Point, E> {
                Err(E::custom(format!("expected a number, found `{v}`")))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Point, E> {
                Err(E::custom("expected a number, found nothing (an empty value or `~`); leave the year out instead"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Point, A::Error> {
                Err(de::Error::custom("expected a number, found a list"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Point, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Full {
                    value: Point,
                    #[serde(default, alias = "estimate")]
                    approx: bool,
                }
                let full = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Point { value: full.value.value, approx: full.approx })
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for SeriesDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SeriesDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "values by year such as `{ 2000: 0.1, 2020: 0.9 }`, or a list of values that follows `years:`",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SeriesDef, A::Error> {
                let mut points: Vec<(Year, Point)> = Vec::new();
                while let Some(year) = map.next_key::<Year>()? {
                    if points.iter().any(|(y, _)| *y == year) {
                        return Err(de::Error::custom(format!("year {year} is given twice; keep one")));
                    }
                    points.push((year, map.next_value()?));
                }
                if points.is_empty() {
                    return Err(de::Error::custom("the series is empty: give at least one `year: value`"));
                }
                points.sort_by_key(|(y, _)| *y);
                Ok(SeriesDef::ByYear(points))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SeriesDef, A::Error> {
                let mut row = Vec::new();
                while let Some(p) = seq.next_element::<Point>()? {
                    row.push(p);
                }
                if row.is_empty() {
                    return Err(de::Error::custom("the series is empty: give one value per entry of `years:`"));
                }
                Ok(SeriesDef::Row(row))
            }
            fn visit_unit<E: de::Error>(self) -> Result<SeriesDef, E> {
                Err(E::custom("the series is empty: give values by year such as `{ 2020: 3570000 }`"))
            }
        }
        d.deserialize_any(V)
    }
}

/// A YAML mapping that keeps the author's order and refuses a key given twice (serde's maps
/// would keep the last one silently).
#[derive(Clone, Debug, PartialEq)]
pub struct Ordered<V>(pub Vec<(String, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<V> Ordered<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Vis<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of names to entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<V>, A::Error> {
                let mut entries: Vec<(String, V)> = Vec::new();
                while let Some(key) = map.next_key::<KeyText>()? {
                    let key = key.0;
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("`{key}` is given twice")));
                    }
                    entries.push((key, map.next_value()?));
                }
                Ok(Ordered(entries))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Ordered<V>, E> {
                Ok(Ordered(Vec::new()))
            }
        }
        d.deserialize_any(Vis(std::marker::PhantomData))
    }
}

/// For `#[serde(deserialize_with)]`: a map that refuses a key given twice (serde's maps keep
/// the last one silently), such as the UI strings of an i18n file.
pub fn unique_map<'de, D, V>(d: D) -> Result<std::collections::BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    Ok(Ordered::<V>::deserialize(d)?.0.into_iter().collect())
}

/// A map key that may be written as text or a number (`CN:` or `2020:`).
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
                // YAML 1.1 habits: `NO:` (Norway) must stay a name. serde_yaml already keeps it
                // a string under YAML 1.2; `true:`/`false:` are the only booleans left.
                Ok(KeyText(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

fn one_or_many<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
    }
    Ok(match Option::<OneOrMany<T>>::deserialize(d)? {
        None => None,
        Some(OneOrMany::Many(v)) => Some(v),
        Some(OneOrMany::One(v)) => Some(vec![v]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn no_fence_means_all_body_and_unclosed_is_an_error() {
        assert_eq!(split("# Hi\n").unwrap().body, "# Hi\n");
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
        assert_eq!(split("---"), Err(SplitError::Unclosed));
    }

    #[test]
    fn dates_must_be_real() {
        assert!(Date::parse("2025-12-10").is_some());
        assert!(Date::parse("2025-02-30").is_none());
        assert!(Date::parse("10/12/2025").is_none());
        assert_eq!(PartialDate::parse("2025-08").unwrap().to_string(), "2025-08");
        assert!(PartialDate::parse("2025-13").is_none());
    }

    #[test]
    fn series_forms() {
        let s: SeriesDef = serde_yaml::from_str("{2020: 1, 2000: {value: 2, approx: true}}").unwrap();
        assert_eq!(
            s,
            SeriesDef::ByYear(vec![
                (Year(2000), Point { value: 2.0, approx: true }),
                (Year(2020), Point { value: 1.0, approx: false })
            ])
        );
        let s: SeriesDef = serde_yaml::from_str("[1, 2.5]").unwrap();
        assert_eq!(s, SeriesDef::Row(vec![Point { value: 1.0, approx: false }, Point { value: 2.5, approx: false }]));
    }

    #[test]
    fn bad_values_say_what_was_expected() {
        let e = serde_yaml::from_str::<SeriesDef>("{2020: abc}").unwrap_err().to_string();
        assert!(e.contains("expected a number, found the text \"abc\""), "{e}");
        let e = serde_yaml::from_str::<SeriesDef>("{2020: .nan}").unwrap_err().to_string();
        assert!(e.contains("NaN is not a usable number"), "{e}");
        let e = serde_yaml::from_str::<SeriesDef>("{99999: 1}").unwrap_err().to_string();
        assert!(e.contains("99999 is not a year"), "{e}");
        let e = serde_yaml::from_str::<SeriesDef>("{}").unwrap_err().to_string();
        assert!(e.contains("the series is empty"), "{e}");
    }

    #[test]
    fn ordered_maps_keep_order_and_refuse_duplicates() {
        let m: Ordered<i32> = serde_yaml::from_str("b: 1\na: 2\n").unwrap();
        assert_eq!(m.0, vec![("b".to_string(), 1), ("a".to_string(), 2)]);
        let e = serde_yaml::from_str::<Ordered<i32>>("b: 1\nb: 2\n").unwrap_err().to_string();
        assert!(e.contains("`b` is given twice"), "{e}");
    }
}
