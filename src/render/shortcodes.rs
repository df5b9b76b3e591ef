//! Shortcodes: `{{ name(arg=value, …) }}` calls in Markdown text, parsed and evaluated.
//!
//! Owns the shortcode syntax and what each call prints: `value`, `ratio`, `change` and `source`
//! write numbers and citations inline; `chart` places a figure. Every number printed here comes
//! from an indicator, formatted for the page's language, with its source as a tooltip.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::format::{self, Style};
use crate::lang::Lang;
use crate::load::frontmatter::{Point, Year};
use crate::resolve::data::suggest;
use crate::resolve::{Indicator, Site};
use crate::units::{Unit, UnitKind};

/// A value given to a shortcode argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// One parsed call, with its byte range in the text it was found in.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, Arg)>,
    pub span: Range<usize>,
}

/// A piece of text split at shortcode calls.
#[derive(Debug, PartialEq)]
pub enum Piece<'t> {
    Text(&'t str),
    Call(Call),
    /// Something that starts like a call (`{{ name(`) but does not parse.
    Malformed {
        span: Range<usize>,
        message: String,
    },
}

/// Splits `text` into plain text and calls. Text that merely contains `{{` without a
/// `name(` after it stays text.
pub fn split(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest_start = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find("{{") {
        let start = search + found;
        match parse_call(text, start) {
            None => search = start + 2,
            Some(result) => {
                if start > rest_start {
                    pieces.push(Piece::Text(&text[rest_start..start]));
                }
                let end = match &result {
                    Ok(call) => call.span.end,
                    Err((end, _)) => *end,
                };
                pieces.push(match result {
                    Ok(call) => Piece::Call(call),
                    Err((end, message)) => Piece::Malformed { span: start..end, message },
                });
                rest_start = end;
                search = end;
            }
        }
    }
    if rest_start < text.len() {
        pieces.push(Piece::Text(&text[rest_start..]));
    }
    pieces
}

/// `None` when `{{` at `start` does not begin a call; `Err((end, message))` when it begins one
/// that is malformed (`end` is where the reader gave up).
fn parse_call(text: &str, start: usize) -> Option<Result<Call, (usize, String)>> {
    let mut p = Cursor { text, pos: start + 2 };
    p.skip_ws();
    let name = p.ident()?;
    p.skip_ws();
    if !p.eat('(') {
        return None;
    }
    let result = (|| {
        let mut args = Vec::new();
        loop {
            p.skip_ws();
            if p.eat(')') {
                break;
            }
            let key = p.ident().ok_or_else(|| p.fail("expected an argument name such as `id`"))?;
            p.skip_ws();
            if !p.eat('=') {
                return Err(p.fail(&format!("expected `=` after `{key}`")));
            }
            p.skip_ws();
            let value = p
                .value()
                .ok_or_else(|| p.fail(&format!("expected a value for `{key}`: \"text\", a number, true or false")))?;
            if args.iter().any(|(k, _)| k == &key) {
                return Err(p.fail(&format!("`{key}` is given twice")));
            }
            args.push((key, value));
            p.skip_ws();
            if p.eat(',') {
                continue;
            }
            if p.eat(')') {
                break;
            }
            return Err(p.fail("expected `,` or `)`"));
        }
        p.skip_ws();
        if !p.text[p.pos..].starts_with("}}") {
            return Err(p.fail("expected `}}` to close the shortcode"));
        }
        p.pos += 2;
        Ok(Call { name: name.clone(), args, span: start..p.pos })
    })();
    Some(result)
}

struct Cursor<'t> {
    text: &'t str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.pos += c.len_utf8();
        }
    }

    fn ident(&mut self) -> Option<String> {
        let start = self.pos;
        while let Some(c) = self.peek().filter(|c| c.is_ascii_alphanumeric() || *c == '_') {
            self.pos += c.len_utf8();
        }
        let ident = &self.text[start..self.pos];
        if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
            self.pos = start;
            return None;
        }
        Some(ident.to_string())
    }

    /// A quoted string (straight quotes, or the curly ones smart punctuation makes of them), a
    /// number, or a boolean.
    fn value(&mut self) -> Option<Arg> {
        let c = self.peek()?;
        let close = match c {
            '"' => Some('"'),
            '\'' => Some('\''),
            '\u{201c}' => Some('\u{201d}'),
            '\u{2018}' => Some('\u{2019}'),
            _ => None,
        };
        if let Some(close) = close {
            self.pos += c.len_utf8();
            let start = self.pos;
            let end = self.text[start..].find([close, '"', '\u{201d}'].as_slice()).map(|i| start + i)?;
            let quote_len = self.text[end..].chars().next().map_or(1, char::len_utf8);
            self.pos = end + quote_len;
            return Some(Arg::Text(self.text[start..end].to_string()));
        }
        let start = self.pos;
        while let Some(c) = self.peek().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_')) {
            self.pos += c.len_utf8();
        }
        let word = &self.text[start..self.pos];
        match word {
            "true" => Some(Arg::Bool(true)),
            "false" => Some(Arg::Bool(false)),
            _ => match word.parse::<f64>() {
                Ok(n) if n.is_finite() => Some(Arg::Number(n)),
                _ => {
                    self.pos = start;
                    None
                }
            },
        }
    }

    fn fail(&self, message: &str) -> (usize, String) {
        let end = self.text[self.pos..].find("}}").map_or(self.text.len(), |i| self.pos + i + 2);
        (end, message.to_string())
    }
}

/// What a call produces.
#[derive(Debug, PartialEq)]
pub enum Output {
    /// HTML for inside a paragraph.
    Inline(String),
    /// A chart: HTML that must stand alone in its paragraph.
    Chart(String),
}

/// What a page's shortcodes used, for incremental rebuilds.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Uses {
    pub indicators: BTreeSet<String>,
    pub charts: BTreeSet<String>,
}

/// Everything evaluation needs to know about the page being rendered.
pub struct Env<'a> {
    pub site: &'a Site,
    pub lang: &'a Lang,
    /// Draws the figure for a chart id (the chart is known to exist).
    pub figure: &'a dyn Fn(&str) -> Result<String, String>,
}

const NAMES: &[&str] = &["value", "ratio", "change", "source", "chart"];

/// Evaluates one call; the error is a message for the author (the caller adds the location).
pub fn evaluate(env: &Env, call: &Call, uses: &mut Uses) -> Result<Output, String> {
    let args = Args { call };
    match call.name.as_str() {
        "value" => {
            args.only(&["id", "series", "year", "full", "digits", "unit", "approx"])?;
            let (indicator, series, year, point) = lookup(env, &args, "id", "series", "year", uses)?;
            let approx = args.bool("approx")?.unwrap_or(indicator.approx || point.approx);
            let style = Style {
                approx,
                full: args.bool("full")?.unwrap_or(false),
                digits: args.digits()?,
                with_unit: args.bool("unit")?.unwrap_or(false),
            };
            let text = format::value(point.value, &indicator.unit, env.lang, style);
            let tip = source_tip(env, indicator, Some((series, year)));
            Ok(Output::Inline(data_html(point.value * indicator.unit.scale, &text, &tip, approx)))
        }
        "ratio" => {
            args.only(&["id", "series", "year", "to", "to_id", "to_year", "digits", "approx"])?;
            let (a, a_series, a_year, pa) = lookup(env, &args, "id", "series", "year", uses)?;
            let to_id = args.text("to_id")?.unwrap_or(&a.id);
            let b = indicator(env, to_id)?;
            uses.indicators.insert(b.id.clone());
            let b_series = args.text("to")?.unwrap_or(a_series);
            let b_year = args.year("to_year")?.unwrap_or(a_year);
            if args.text("to")?.is_none() && args.year("to_year")?.is_none() && args.text("to_id")?.is_none() {
                return Err("ratio(...) needs `to=\"SERIES\"`, `to_year=YEAR` or `to_id=\"INDICATOR\"` to say what to divide by".into());
            }
            let pb = point_of(b, b_series, b_year)?;
            if pb.value == 0.0 {
                return Err(format!(
                    "ratio(...): the value of `{}` series `{b_series}` in {b_year} is 0; cannot divide by it",
                    b.id
                ));
            }
            let approx = args.bool("approx")?.unwrap_or(a.approx || b.approx || pa.approx || pb.approx);
            let ratio = pa.value * a.unit.scale / (pb.value * b.unit.scale);
            let unit = Unit { id: "ratio".into(), kind: UnitKind::Ratio, label: Default::default(), scale: 1.0 };
            let style = Style { approx, digits: Some(args.digits()?.unwrap_or(1)), ..Style::default() };
            let text = format::value(ratio, &unit, env.lang, style);
            let tip = format!(
                "{} ÷ {} · {}",
                format::value(pa.value, &a.unit, env.lang, Style { full: true, ..Style::default() }),
                format::value(pb.value, &b.unit, env.lang, Style { full: true, ..Style::default() }),
                source_tip(env, a, None)
            );
            Ok(Output::Inline(data_html(ratio, &text, &tip, approx)))
        }
        "change" => {
            args.only(&["id", "series", "from", "to", "digits", "approx"])?;
            let ind = indicator(env, args.required_text("id")?)?;
            uses.indicators.insert(ind.id.clone());
            let series = series_key(ind, args.text("series")?)?;
            let from = args.year("from")?.ok_or("change(...) needs `from=YEAR`")?;
            let to = args.year("to")?.ok_or("change(...) needs `to=YEAR`")?;
            let (pf, pt) = (point_of(ind, series, from)?, point_of(ind, series, to)?);
            let approx = args.bool("approx")?.unwrap_or(ind.approx || pf.approx || pt.approx);
            let unit = match ind.unit.kind {
                UnitKind::Percent => Unit { kind: UnitKind::PercentagePoints, ..ind.unit.clone() },
                _ => ind.unit.clone(),
            };
            let diff = pt.value - pf.value;
            let text =
                format::value(diff, &unit, env.lang, Style { approx, digits: args.digits()?, ..Style::default() });
            let tip = source_tip(env, ind, Some((series, to)));
            Ok(Output::Inline(data_html(diff * unit.scale, &text, &tip, approx)))
        }
        "source" => {
            args.only(&["id"])?;
            let ind = indicator(env, args.required_text("id")?)?;
            uses.indicators.insert(ind.id.clone());
            Ok(Output::Inline(source_html(env, ind)))
        }
        "chart" => {
            args.only(&["id"])?;
            let id = args.required_text("id")?;
            if !env.site.charts.contains_key(id) {
                return Err(format!("unknown chart `{id}`{}", suggest(id, env.site.charts.keys())));
            }
            uses.charts.insert(id.to_string());
            if let Some(chart) = env.site.charts.get(id) {
                uses.indicators.insert(chart.indicator.clone());
            }
            Ok(Output::Chart((env.figure)(id)?))
        }
        other => {
            Err(format!("unknown shortcode `{other}`{}; shortcodes are {}", suggest_name(other), NAMES.join(", ")))
        }
    }
}

fn suggest_name(name: &str) -> String {
    let names: Vec<String> = NAMES.iter().map(|s| s.to_string()).collect();
    suggest(name, names.iter())
}

fn indicator<'a>(env: &Env<'a>, id: &str) -> Result<&'a Indicator, String> {
    env.site
        .indicators
        .get(id)
        .ok_or_else(|| format!("unknown indicator `{id}`{}", suggest(id, env.site.indicators.keys())))
}

fn series_key<'a>(ind: &'a Indicator, given: Option<&'a str>) -> Result<&'a str, String> {
    match given {
        Some(key) if ind.series(key).is_some() => Ok(key),
        Some(key) => Err(format!("indicator `{}` has no series `{key}` (it has {})", ind.id, series_list(ind))),
        None if ind.series.len() == 1 => Ok(&ind.series[0].key),
        None => Err(format!(
            "indicator `{}` has several series ({}); say which with `series=\"…\"`",
            ind.id,
            series_list(ind)
        )),
    }
}

fn series_list(ind: &Indicator) -> String {
    ind.series.iter().map(|s| s.key.as_str()).collect::<Vec<_>>().join(", ")
}

fn point_of(ind: &Indicator, series: &str, year: Year) -> Result<Point, String> {
    let s = ind.series(series).ok_or_else(|| format!("indicator `{}` has no series `{series}`", ind.id))?;
    s.at(year).ok_or_else(|| {
        let years: Vec<String> = s.points.iter().map(|(y, _)| y.to_string()).collect();
        format!("indicator `{}`, series `{series}` has no value for {year} (it has {})", ind.id, years.join(", "))
    })
}

/// The indicator, series, year and point a `value`-like call names.
fn lookup<'a>(
    env: &Env<'a>,
    args: &'a Args,
    id_key: &str,
    series_arg: &str,
    year_arg: &str,
    uses: &mut Uses,
) -> Result<(&'a Indicator, &'a str, Year, Point), String> {
    let ind = indicator(env, args.required_text(id_key)?)?;
    uses.indicators.insert(ind.id.clone());
    let series = series_key(ind, args.text(series_arg)?)?;
    let year = match args.year(year_arg)? {
        Some(y) => y,
        None => match ind.series(series).map(|s| s.points.as_slice()) {
            Some([(y, _)]) => *y,
            _ => {
                let years: Vec<String> = ind
                    .series(series)
                    .map(|s| s.points.iter().map(|(y, _)| y.to_string()).collect())
                    .unwrap_or_default();
                return Err(format!(
                    "indicator `{}`, series `{series}` has values for several years ({}); say which with `year=…`",
                    ind.id,
                    years.join(", ")
                ));
            }
        },
    };
    let point = point_of(ind, series, year)?;
    Ok((ind, series, year, point))
}

/// "来源：教育部，2025年8月" / "Source: Ministry of Education, August 2025".
pub fn source_line(site: &Site, lang: &Lang, ind: &Indicator) -> String {
    let label = site.i18n.ui(lang, "source");
    let name = ind.source.name.get_or(lang, &site.config.default_language).unwrap_or("");
    let when = source_when(ind, lang);
    let (colon, comma) = if lang.is_chinese() { ("：", "，") } else { (": ", ", ") };
    match (name.is_empty(), when) {
        (false, Some(w)) => format!("{label}{colon}{name}{comma}{w}"),
        (false, None) => format!("{label}{colon}{name}"),
        (true, Some(w)) => format!("{label}{colon}{w}"),
        (true, None) => String::new(),
    }
}

fn source_when(ind: &Indicator, lang: &Lang) -> Option<String> {
    if let Some(date) = ind.source.date {
        return Some(format::partial_date(date, lang));
    }
    ind.source.year.map(|y| if lang.is_chinese() { format!("{y}年") } else { y.to_string() })
}

fn source_tip(env: &Env, ind: &Indicator, point: Option<(&str, Year)>) -> String {
    let label = ind.label.get_or(env.lang, &env.site.config.default_language).unwrap_or(&ind.id);
    let what = match point {
        Some((series, year)) => {
            let name = env.site.i18n.series_name(env.lang, series);
            if env.lang.is_chinese() {
                format!("{label}（{name}，{year}年）")
            } else {
                format!("{label} ({name}, {year})")
            }
        }
        None => label.to_string(),
    };
    let source = source_line(env.site, env.lang, ind);
    if source.is_empty() { what } else { format!("{what} · {source}") }
}

fn data_html(machine_value: f64, text: &str, tip: &str, approx: bool) -> String {
    let class = if approx { "num approx" } else { "num" };
    format!("<data class=\"{class}\" value=\"{}\" title=\"{}\">{}</data>", machine_value, escape(tip), escape(text))
}

fn source_html(env: &Env, ind: &Indicator) -> String {
    let name = ind.source.name.get_or(env.lang, &env.site.config.default_language).unwrap_or(&ind.id);
    let when = source_when(ind, env.lang);
    let name_html = match &ind.source.url {
        Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), escape(name)),
        None => escape(name),
    };
    let comma = if env.lang.is_chinese() { "，" } else { ", " };
    match when {
        Some(w) => format!("<cite class=\"source\">{name_html}{comma}{}</cite>", escape(&w)),
        None => format!("<cite class=\"source\">{name_html}</cite>"),
    }
}

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    // pulldown-cmark's escaper is made for exactly this (content and attribute values).
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

struct Args<'c> {
    call: &'c Call,
}

impl<'c> Args<'c> {
    fn get(&self, key: &str) -> Option<&'c Arg> {
        self.call.args.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn only(&self, allowed: &[&str]) -> Result<(), String> {
        for (key, _) in &self.call.args {
            if !allowed.contains(&key.as_str()) {
                return Err(format!(
                    "{}(...) has no argument `{key}` (it takes {})",
                    self.call.name,
                    allowed.join(", ")
                ));
            }
        }
        Ok(())
    }

    fn text(&self, key: &str) -> Result<Option<&'c str>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Arg::Text(t)) => Ok(Some(t.as_str())),
            Some(other) => Err(format!("`{key}` must be text in quotes, found {other:?}")),
        }
    }

    fn required_text(&self, key: &str) -> Result<&'c str, String> {
        self.text(key)?.ok_or_else(|| format!("{}(...) needs `{key}=\"…\"`", self.call.name))
    }

    fn bool(&self, key: &str) -> Result<Option<bool>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Arg::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(format!("`{key}` must be true or false")),
        }
    }

    fn year(&self, key: &str) -> Result<Option<Year>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Arg::Number(n)) if n.fract() == 0.0 => {
                Year::new(*n as i64).map(Some).ok_or_else(|| format!("`{key}={n}` is not a year between 1 and 9999"))
            }
            Some(Arg::Text(t)) => t
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(Year::new)
                .map(Some)
                .ok_or_else(|| format!("`{key}=\"{t}\"` is not a year such as 2020")),
            Some(other) => Err(format!("`{key}` must be a year such as 2020, found {other:?}")),
        }
    }

    fn digits(&self) -> Result<Option<usize>, String> {
        match self.get("digits") {
            None => Ok(None),
            Some(Arg::Number(n)) if n.fract() == 0.0 && (0.0..=6.0).contains(n) => Ok(Some(*n as usize)),
            Some(_) => Err("`digits` must be a whole number from 0 to 6".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(text: &str) -> Vec<Piece<'_>> {
        split(text)
    }

    #[test]
    fn splits_text_and_calls() {
        let pieces = calls("共{{ value(id=\"stem\", year=2020) }}人");
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0], Piece::Text("共"));
        let Piece::Call(call) = &pieces[1] else { panic!("{pieces:?}") };
        assert_eq!(call.name, "value");
        assert_eq!(call.args, vec![("id".into(), Arg::Text("stem".into())), ("year".into(), Arg::Number(2020.0))]);
        assert_eq!(pieces[2], Piece::Text("人"));
    }

    #[test]
    fn curly_quotes_from_smart_punctuation_are_accepted() {
        let pieces = calls("{{ value(id=\u{201c}stem\u{201d}, full=true) }}");
        let Piece::Call(call) = &pieces[0] else { panic!("{pieces:?}") };
        assert_eq!(call.args[0].1, Arg::Text("stem".into()));
        assert_eq!(call.args[1].1, Arg::Bool(true));
    }

    #[test]
    fn braces_without_a_call_stay_text() {
        assert_eq!(calls("a {{ b }} c"), vec![Piece::Text("a {{ b }} c")]);
        assert_eq!(calls("{{"), vec![Piece::Text("{{")]);
    }

    #[test]
    fn malformed_calls_are_reported() {
        let pieces = calls("x {{ value(id=) }} y");
        assert!(
            matches!(&pieces[1], Piece::Malformed { message, .. } if message.contains("expected a value for `id`")),
            "{pieces:?}"
        );
        assert_eq!(pieces[2], Piece::Text(" y"));
        let pieces = calls("{{ value(id=\"a\" }}");
        assert!(matches!(&pieces[0], Piece::Malformed { message, .. } if message.contains("expected `,` or `)`")));
    }

    #[test]
    fn escapes_for_html() {
        assert_eq!(escape("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    }
}
