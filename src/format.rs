//! Numbers and dates written the way each language writes them.
//!
//! Chinese groups large numbers by 万 (10⁴) and 亿 (10⁸): 357万, 4000亿元. English uses thousands
//! separators and million/billion: 3.57 million, RMB 400 billion. Percentages, multiples and ranks
//! have their own forms, and an approximate value is introduced by 约 / about. Charts, prose and
//! tables all format through here, so a number reads the same everywhere on a page.

use crate::lang::Lang;
use crate::load::frontmatter::{Date, PartialDate};
use crate::units::{Unit, UnitKind};

/// How to write one number.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Style {
    /// Prefix 约 / about.
    pub approx: bool,
    /// Write every digit (3,570,000) instead of 357万 / 3.57 million.
    pub full: bool,
    /// Decimal places; by default up to two, trailing zeros dropped.
    pub digits: Option<usize>,
    /// Add the unit's words (人 / people) after a count.
    pub with_unit: bool,
}

const MINUS: char = '\u{2212}';

/// Formats `value` (in the unit's stored scale) for `lang`.
pub fn value(value: f64, unit: &Unit, lang: &Lang, style: Style) -> String {
    let v = value * unit.scale;
    let zh = lang.is_chinese();
    // Each form appends its words to the digits' own buffer: every number on a page passes
    // through here, several times (chart, table, description).
    let mut body = match &unit.kind {
        UnitKind::Count => {
            let mut n = magnitude(v, zh, style);
            let label = unit.label(lang);
            if style.with_unit && !label.is_empty() {
                if !zh {
                    n.push(' ');
                }
                n.push_str(label);
            }
            n
        }
        UnitKind::Percent => with_suffix(decimal(v, style.digits, false), "%"),
        UnitKind::PercentagePoints => {
            with_suffix(decimal(v, style.digits, false), if zh { "个百分点" } else { " percentage points" })
        }
        UnitKind::Ratio => with_suffix(decimal(v, style.digits, false), if zh { "倍" } else { "×" }),
        UnitKind::Rank => rank(v, zh),
        UnitKind::Currency(code) => currency(v, code, zh, style),
    };
    if style.approx {
        body.insert_str(0, if zh { "约" } else { "about " });
    }
    body
}

fn with_suffix(mut text: String, suffix: &str) -> String {
    text.push_str(suffix);
    text
}

/// A short form for chart axes and bar labels: 357万 / 3.6M, 14%, 4×.
pub fn compact(value: f64, unit: &Unit, lang: &Lang) -> String {
    let v = value * unit.scale;
    let zh = lang.is_chinese();
    match &unit.kind {
        UnitKind::Percent => format!("{}%", decimal(v, None, false)),
        UnitKind::Ratio => {
            if zh {
                format!("{}倍", decimal(v, None, false))
            } else {
                format!("{}×", decimal(v, None, false))
            }
        }
        UnitKind::Rank => rank(v, zh),
        UnitKind::Currency(code) if !zh => {
            format!("{}{}", currency_prefix(code).trim_end(), short_en(v))
        }
        _ if zh => magnitude(v, true, Style::default()),
        _ => short_en(v),
    }
}

/// The unit as a chart subtitle or table header says it: 人 / people, 亿美元 / US$.
pub fn unit_caption(unit: &Unit, lang: &Lang) -> String {
    let zh = lang.is_chinese();
    match &unit.kind {
        UnitKind::Count => unit.label(lang).to_string(),
        UnitKind::Percent => "%".to_string(),
        UnitKind::PercentagePoints => {
            if zh {
                "百分点".into()
            } else {
                "percentage points".into()
            }
        }
        UnitKind::Ratio => {
            if zh {
                "倍数".into()
            } else {
                "multiple".into()
            }
        }
        UnitKind::Rank => {
            if zh {
                "排名".into()
            } else {
                "rank".into()
            }
        }
        UnitKind::Currency(code) => {
            if zh {
                currency_name_zh(code).to_string()
            } else {
                currency_name_en(code)
            }
        }
    }
}

/// `2025年12月10日` / `10 December 2025`; ISO elsewhere.
pub fn date(date: Date, lang: &Lang) -> String {
    let d = date.0;
    if lang.is_chinese() {
        format!("{}年{}月{}日", d.year(), d.month(), d.day())
    } else if lang.as_str().starts_with("en") {
        format!("{} {} {}", d.day(), MONTHS[d.month() as usize - 1], d.year())
    } else {
        date.to_string()
    }
}

/// `2025年8月` / `August 2025` / `2025`.
pub fn partial_date(date: PartialDate, lang: &Lang) -> String {
    match (date.month, date.day) {
        (Some(m), Some(d)) => {
            let full = jiff::civil::Date::new(date.year as i16, m, d).map(Date);
            full.map_or_else(|_| date.to_string(), |f| self::date(f, lang))
        }
        (Some(m), None) if lang.is_chinese() => format!("{}年{}月", date.year, m),
        (Some(m), None) if lang.as_str().starts_with("en") => {
            format!("{} {}", MONTHS[m as usize - 1], date.year)
        }
        (None, _) if lang.is_chinese() => format!("{}年", date.year),
        _ => date.to_string(),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A plain number with up to `digits` decimals (two by default, trailing zeros dropped),
/// optionally with thousands separators, and a true minus sign.
pub fn decimal(v: f64, digits: Option<usize>, grouped: bool) -> String {
    if v.abs() >= SCIENTIFIC {
        return scientific(v, digits);
    }
    let places = digits.unwrap_or(2);
    // One buffer: the digits are formatted into it, then trimmed and grouped in place (every
    // number on a page passes through here).
    let mut digits_text = String::with_capacity(24);
    fixed_places(&mut digits_text, v.abs(), places);
    if digits.is_none() && digits_text.contains('.') {
        let kept = digits_text.trim_end_matches('0').trim_end_matches('.').len();
        digits_text.truncate(kept);
    }
    let is_zero = digits_text.bytes().all(|b| b == b'0' || b == b'.');
    let negative = v < 0.0 && !is_zero;
    let int_len = digits_text.find('.').unwrap_or(digits_text.len());
    if !grouped || int_len <= 3 {
        if negative {
            digits_text.insert(0, MINUS);
        }
        return digits_text;
    }
    let mut out = String::with_capacity(digits_text.len() + int_len / 3 + 3);
    if negative {
        out.push(MINUS);
    }
    for (i, b) in digits_text.bytes().enumerate().take(int_len) {
        if i > 0 && (int_len - i) % 3 == 0 {
            out.push(',');
        }
        out.push(b as char);
    }
    out.push_str(&digits_text[int_len..]);
    out
}

/// Writes `a` (not negative) with exactly `places` decimals, rounded as `format!("{:.places$}")`
/// rounds. Most data has few decimals: when the shortest form of `a` (which `{}` writes fast)
/// has no more than `places` of them and `a` is small enough that its neighbouring floats are
/// closer than the last place (ulp < 10^-places), rounding `a` to `places` decimals gives that
/// shortest form exactly, padded with zeros. Otherwise the slow exact formatting decides.
fn fixed_places(out: &mut String, a: f64, places: usize) {
    use std::fmt::Write as _;
    // ulp(a) <= a * 2^-52, so this bound keeps ulp(a) below 10^-places.
    let exact_enough = places <= 15 && a < 2f64.powi(51) / 10f64.powi(places as i32);
    if exact_enough {
        let start = out.len();
        let _ = write!(out, "{a}");
        let shown = match out[start..].find('.') {
            Some(dot) => out.len() - start - dot - 1,
            None => 0,
        };
        if shown <= places {
            if shown == 0 && places > 0 {
                out.push('.');
            }
            out.extend(std::iter::repeat_n('0', places - shown));
            return;
        }
        out.truncate(start);
    }
    let _ = write!(out, "{a:.places$}");
}

/// From here on numbers are written with a power of ten (1.2×10¹⁶): beyond 千万亿 and
/// quadrillion nobody reads the digits, and a chart's tick labels must stay narrower than it.
const SCIENTIFIC: f64 = 1e15;

/// `1.2×10¹⁶`, `−3×10²⁵`: the mantissa as [`decimal`] writes it.
fn scientific(v: f64, digits: Option<usize>) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let mut exponent = v.abs().log10().floor() as i32;
    let mut mantissa = v / 10f64.powi(exponent);
    // Rounding may carry into the next power (9.999×10¹⁵ → 10×10¹⁵).
    if decimal(mantissa.abs(), digits, false).starts_with("10") {
        exponent += 1;
        mantissa = v / 10f64.powi(exponent);
    }
    const SUPERSCRIPT: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let power: String =
        exponent.to_string().chars().map(|c| c.to_digit(10).map_or('⁻', |d| SUPERSCRIPT[d as usize])).collect();
    format!("{}×10{power}", decimal(mantissa, digits, false))
}

/// 357万 / 4000亿 / 9999 in Chinese; 3.57 million / 820,000 in English.
fn magnitude(v: f64, zh: bool, style: Style) -> String {
    let a = v.abs();
    if style.full {
        let whole = v.fract() == 0.0;
        return decimal(v, style.digits.or(whole.then_some(0)), true);
    }
    if a >= SCIENTIFIC {
        return decimal(v, style.digits, false);
    }
    let steps: &[(f64, &str)] = if zh {
        &[(1e12, "万亿"), (1e8, "亿"), (1e4, "万")]
    } else {
        &[(1e12, " trillion"), (1e9, " billion"), (1e6, " million")]
    };
    let smallest = steps[steps.len() - 1].0;
    for &(size, word) in steps {
        // Between scale words, round first: 999,999,999 reads "1 billion", not "1000 million".
        // Below the smallest word the number is written out exactly (9999, 999,999).
        if a >= size || (a >= smallest && round_to(a, size, style.digits) >= size) {
            return with_suffix(decimal(v / size, style.digits, false), word);
        }
    }
    decimal(v, style.digits, !zh)
}

fn round_to(a: f64, size: f64, digits: Option<usize>) -> f64 {
    let factor = 10f64.powi(digits.unwrap_or(2) as i32);
    (a / size * factor).round() / factor * size
}

fn short_en(v: f64) -> String {
    let a = v.abs();
    if a >= SCIENTIFIC {
        return decimal(v, Some(1), false);
    }
    for (size, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")] {
        if a >= size {
            return format!("{}{suffix}", decimal(v / size, Some(1), false).trim_end_matches(".0"));
        }
    }
    decimal(v, None, true)
}

fn rank(v: f64, zh: bool) -> String {
    let n = v.round() as i64;
    if zh {
        return format!("第{n}");
    }
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn currency(v: f64, code: &str, zh: bool, style: Style) -> String {
    let mut n = magnitude(v, zh, Style { with_unit: false, ..style });
    if zh {
        let name = currency_name_zh(code);
        if name == code {
            n.push(' ');
        }
        n.push_str(name);
    } else {
        n.insert_str(0, &currency_prefix(code));
    }
    n
}

/// What precedes an amount in English: `US$`, `RMB `, `€`, or the ISO code and a space.
fn currency_prefix(code: &str) -> String {
    match code {
        "USD" => "US$".into(),
        "CNY" => "RMB ".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        "JPY" => "¥".into(),
        other => format!("{other} "),
    }
}

fn currency_name_zh(code: &str) -> &str {
    match code {
        "CNY" => "元",
        "USD" => "美元",
        "EUR" => "欧元",
        "GBP" => "英镑",
        "JPY" => "日元",
        other => other,
    }
}

fn currency_name_en(code: &str) -> String {
    match code {
        "CNY" => "RMB".into(),
        "USD" => "US$".into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::UnitCatalogue;

    #[test]
    fn fixed_places_rounds_as_exact_formatting_does() {
        // Values with few decimals (the fast path), with many (the exact path), halfway cases
        // in binary (0.125), and large values near the bound.
        let mut values = vec![0.0, 0.1, 0.125, 0.5, 1.005, 2.675, 1e-7, 123456.785, 2.25e13, 4.5e13, 9.99e14, 1e15];
        let mut x = 0.000123_f64;
        while x < 1e15 {
            values.extend([x, x * 1.37, (x * 1000.0).round() / 1000.0, (x * 10.0).round() / 10.0]);
            x *= 3.3;
        }
        for a in values {
            for places in 0..=6 {
                let mut fast = String::new();
                fixed_places(&mut fast, a, places);
                assert_eq!(fast, format!("{a:.places$}"), "{a} to {places} places");
            }
        }
    }

    #[test]
    fn huge_numbers_take_a_power_of_ten() {
        assert_eq!(decimal(3.8e25, None, true), "3.8×10²⁵");
        assert_eq!(decimal(-1e99, None, false), "\u{2212}1×10⁹⁹");
        assert_eq!(decimal(9.999e15, None, false), "1×10¹⁶");
        assert_eq!(decimal(9.999e15, Some(3), false), "9.999×10¹⁵");
        let zh = Lang::parse("zh").unwrap();
        let en = Lang::parse("en").unwrap();
        assert_eq!(value(2.5e20, &unit("persons"), &zh, Style::default()), "2.5×10²⁰");
        assert_eq!(compact(2.5e20, &unit("currency:USD"), &en), "US$2.5×10²⁰");
        assert_eq!(value(999e12, &unit("count"), &en, Style::default()), "999 trillion");
    }

    fn unit(name: &str) -> Unit {
        UnitCatalogue::new(&Default::default()).unwrap().get(name).unwrap()
    }

    fn both(v: f64, unit_name: &str, style: Style) -> (String, String) {
        let u = unit(unit_name);
        (value(v, &u, &Lang::parse("zh").unwrap(), style), value(v, &u, &Lang::parse("en").unwrap(), style))
    }

    #[test]
    fn number_formatting_table() {
        let plain = Style::default();
        let approx = Style { approx: true, ..Style::default() };
        let full = Style { full: true, ..Style::default() };
        let cases: &[(f64, &str, Style, &str, &str)] = &[
            (0.0, "count", plain, "0", "0"),
            (-1200.0, "count", plain, "\u{2212}1200", "\u{2212}1,200"),
            (9999.0, "count", plain, "9999", "9,999"),
            (10000.0, "count", plain, "1万", "10,000"),
            (820000.0, "persons", plain, "82万", "820,000"),
            (3570000.0, "persons", plain, "357万", "3.57 million"),
            (3570000.0, "persons", Style { with_unit: true, ..plain }, "357万人", "3.57 million people"),
            (3570000.0, "persons", full, "3,570,000", "3,570,000"),
            (1.5e8, "count", plain, "1.5亿", "150 million"),
            (9_999_999.0, "count", plain, "1000万", "10 million"),
            (4e12, "count", plain, "4万亿", "4 trillion"),
            (400e9, "currency:CNY", approx, "约4000亿元", "about RMB 400 billion"),
            (56.58e9, "currency:USD", plain, "565.8亿美元", "US$56.58 billion"),
            (630e6, "currency:USD", plain, "6.3亿美元", "US$630 million"),
            (3e6, "currency:CHF", plain, "300万 CHF", "CHF 3 million"),
            (0.05, "percent", plain, "0.05%", "0.05%"),
            (14.1, "percent", plain, "14.1%", "14.1%"),
            (0.9, "percent", approx, "约0.9%", "about 0.9%"),
            (-3.5, "percent", plain, "\u{2212}3.5%", "\u{2212}3.5%"),
            (5.4, "percentage-points", plain, "5.4个百分点", "5.4 percentage points"),
            (4.3536, "ratio", Style { digits: Some(1), ..plain }, "4.4倍", "4.4×"),
            (9.0, "ratio", approx, "约9倍", "about 9×"),
            (5.0, "rank", plain, "第5", "5th"),
            (1.0, "rank", plain, "第1", "1st"),
            (12.0, "rank", plain, "第12", "12th"),
            (22.0, "rank", plain, "第22", "22nd"),
        ];
        for (v, u, style, zh, en) in cases {
            let got = both(*v, u, *style);
            assert_eq!((got.0.as_str(), got.1.as_str()), (*zh, *en), "{v} {u} {style:?}");
        }
    }

    #[test]
    fn compact_forms_for_axes() {
        let zh = Lang::parse("zh").unwrap();
        let en = Lang::parse("en").unwrap();
        assert_eq!(compact(3_000_000.0, &unit("persons"), &zh), "300万");
        assert_eq!(compact(3_000_000.0, &unit("persons"), &en), "3M");
        assert_eq!(compact(2_500.0, &unit("count"), &en), "2.5K");
        assert_eq!(compact(500e9, &unit("currency:USD"), &en), "US$500B");
        assert_eq!(compact(12.5, &unit("percent"), &en), "12.5%");
    }

    #[test]
    fn dates_per_language() {
        let d = Date::parse("2025-12-10").unwrap();
        assert_eq!(date(d, &Lang::parse("zh").unwrap()), "2025年12月10日");
        assert_eq!(date(d, &Lang::parse("en").unwrap()), "10 December 2025");
        let p = PartialDate::parse("2025-08").unwrap();
        assert_eq!(partial_date(p, &Lang::parse("zh").unwrap()), "2025年8月");
        assert_eq!(partial_date(p, &Lang::parse("en").unwrap()), "August 2025");
    }
}
