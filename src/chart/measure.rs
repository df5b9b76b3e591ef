//! Text measurement by rule, independent of the fonts of the build machine.
//!
//! The browser draws the glyphs with whatever font of the CSS list it has, so no single font file
//! gives the true width. The rule here is an upper estimate across that list:
//! - CJK ideographs, kana, hangul, full-width forms and CJK punctuation are 1 em. So are curly
//!   quotes, `…` and `—`: with a Chinese font first in the list they are drawn full width.
//! - Latin letters and symbols use, per character, the wider of Arial/Helvetica (close to the
//!   Latin of PingFang and Microsoft YaHei) and Noto Sans CJK SC / Source Han Sans (what Linux and
//!   Android draw), scaled by 1.05 for margin; bold adds 6 %. Checked in Chromium with Noto Sans
//!   CJK SC: drawn text is never wider than the rule says (Latin text is typically 5–10 %
//!   narrower; Chinese exactly as wide).
//! - Digits are all the same width (0.6 em, the widest tabular figures among the listed fonts),
//!   as `font-variant-numeric: tabular-nums` draws them.
//! - Anything else (accented Latin, Greek, Cyrillic, symbols) counts 0.7 em.
//!
//! Vertically, a line of text reaches [`ASCENT`] em above its baseline and [`DESCENT`] em below.

/// Height above the baseline that glyphs may reach, in em.
pub const ASCENT: f64 = 0.92;
/// Depth below the baseline that glyphs may reach, in em.
pub const DESCENT: f64 = 0.24;

const LATIN_SCALE: f64 = 1.05;
const BOLD_SCALE: f64 = 1.06;
const DIGIT: f64 = 0.6;
const OTHER: f64 = 0.7;

/// Advance widths (1/1000 em) for U+0020..=U+007E: the larger of Arial/Helvetica's and those of
/// the Latin in Noto Sans CJK SC / Source Han Sans (measured in Chromium at 100 px; bold widths
/// divided by the bold factor).
#[rustfmt::skip]
const ASCII: [u16; 95] = [
    278, 350, 542, 557, 557, 921, 699, 307, 357, 357, 479, 584, 307, 350, 307, 392, // ' '../
    557, 557, 557, 557, 557, 557, 557, 557, 557, 557, // 0..9 (digits use DIGIT)
    307, 307, 584, 584, 584, 556, 1015, // :..@
    667, 667, 722, 722, 667, 611, 778, 728, 312, 500, 667, 556, 833, // A..M
    723, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N..Z
    357, 392, 357, 557, 559, 606, // [..`
    563, 618, 500, 620, 556, 340, 564, 607, 287, 289, 570, 298, 926, // a..m
    610, 606, 620, 620, 412, 500, 378, 607, 544, 815, 531, 542, 500, // n..z
    357, 280, 357, 584, // {..~
];

/// True for characters drawn one em wide by a Chinese font.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2018..=0x201F // curly quotes: full width in Chinese fonts
        | 0x2014 | 0x2026 | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE19
        | 0xFE30..=0xFE6F
        | 0xFF01..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// Width of one character in em.
pub fn char_em(c: char) -> f64 {
    if c.is_ascii_digit() {
        return DIGIT;
    }
    if (' '..='~').contains(&c) {
        return f64::from(ASCII[(c as usize) - 0x20]) / 1000.0 * LATIN_SCALE;
    }
    if is_wide(c) {
        return 1.0;
    }
    match c {
        '\u{00A0}' | '\u{2009}' | '\u{202F}' => 0.3,
        '\u{2212}' | '×' | '≈' | '±' | '–' => 0.6,
        '·' | '•' => 0.4,
        c if c.is_control() => 0.0,
        _ => OTHER,
    }
}

/// Width of `text` at `size` (user units).
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = text.chars().map(char_em).sum();
    scaled(em, size, bold)
}

/// Width of `em` ems of text at `size`.
fn scaled(em: f64, size: f64, bold: bool) -> f64 {
    em * size * if bold { BOLD_SCALE } else { 1.0 }
}

/// Punctuation that must not start a line (Chinese line-breaking rules, simplified).
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '”'
            | '’'
            | '%'
            | '％'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
    )
}

/// Punctuation that must not end a line: opening brackets and quotes.
fn no_line_end(c: char) -> bool {
    matches!(c, '（' | '《' | '「' | '『' | '【' | '“' | '‘' | '(' | '[')
}

/// Splits `text` into breakable pieces: a Chinese character (with punctuation that follows it),
/// or a Latin word with the spaces after it.
fn pieces(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = i + c.len_utf8();
        let boundary = match next {
            None => true,
            Some(n) if no_line_start(n) || no_line_end(c) => false,
            Some(n) => {
                if is_wide(c) || is_wide(n) {
                    // Break around Chinese characters, but keep a Latin word whole.
                    true
                } else {
                    c == ' ' && n != ' '
                }
            }
        };
        if boundary {
            out.push(&text[start..end]);
            start = end;
        }
    }
    out
}

/// A line being filled by [`wrap`], with the ems of its characters added up as they come, so
/// that measuring the line with one more piece does not measure it all again. The sums are the
/// ones [`width`] makes (the same additions in the same order), so the widths are exactly its.
#[derive(Default)]
struct Line {
    text: String,
    /// The ems of all of `text`.
    em: f64,
    /// The ems of `text.trim_end()`: the running sum at its last character that is not
    /// whitespace.
    em_trimmed: f64,
}

impl Line {
    fn of(text: &str) -> Line {
        let mut line = Line::default();
        line.push(text);
        line
    }

    /// The ems of `(self.text + more).trim_end()`.
    fn em_with(&self, more: impl Iterator<Item = char>) -> f64 {
        let (mut em, mut trimmed) = (self.em, self.em_trimmed);
        for c in more {
            em += char_em(c);
            if !c.is_whitespace() {
                trimmed = em;
            }
        }
        trimmed
    }

    fn push(&mut self, more: &str) {
        for c in more.chars() {
            self.em += char_em(c);
            if !c.is_whitespace() {
                self.em_trimmed = self.em;
            }
        }
        self.text.push_str(more);
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Moves the line's text, without trailing whitespace, to `lines`, and starts a new line.
    fn end(&mut self, lines: &mut Vec<String>) {
        let text = std::mem::take(&mut self.text);
        lines.push(text.trim_end().to_string());
        *self = Line::default();
    }

    /// Adds `text` character by character, starting a new line before a character that would
    /// make the line wider than `max_width` (a line holds at least one character).
    fn push_chars(&mut self, text: &str, size: f64, bold: bool, max_width: f64, lines: &mut Vec<String>) {
        for c in text.chars() {
            if !self.is_empty() && scaled(self.em_with(std::iter::once(c)), size, bold) > max_width {
                self.end(lines);
            }
            self.push(c.encode_utf8(&mut [0; 4]));
        }
    }
}

/// Breaks `text` into lines no wider than `max_width`; a piece wider than that on its own is
/// split between characters. Never returns an empty list.
pub fn wrap(text: &str, size: f64, bold: bool, max_width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = Line::default();
    for piece in pieces(text) {
        if line.is_empty() || scaled(line.em_with(piece.chars()), size, bold) <= max_width {
            if line.is_empty() && width(piece.trim_end(), size, bold) > max_width {
                // A single piece too wide for a line: split it by characters.
                line.push_chars(piece, size, bold, max_width, &mut lines);
            } else {
                line.push(piece);
            }
        } else {
            line.end(&mut lines);
            let rest = piece.trim_start();
            if width(rest.trim_end(), size, bold) > max_width {
                line.push_chars(rest, size, bold, max_width, &mut lines);
            } else {
                line = Line::of(rest);
            }
        }
    }
    let last = line.text.trim_end();
    if !last.is_empty() || lines.is_empty() {
        lines.push(last.to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_one_em_and_digits_are_equal() {
        assert_eq!(width("中国", 10.0, false), 20.0);
        assert_eq!(width("，", 10.0, false), 10.0);
        assert_eq!(width("1111", 10.0, false), width("8888", 10.0, false));
        assert!(width("iiii", 10.0, false) < width("WWWW", 10.0, false));
        assert!(width("China", 15.0, true) > width("China", 15.0, false));
    }

    #[test]
    fn wraps_chinese_anywhere_and_english_at_spaces() {
        let lines = wrap("中华人民共和国国家统计局", 10.0, false, 50.0);
        assert_eq!(lines, ["中华人民共", "和国国家统", "计局"]);
        let lines = wrap("United Kingdom of Great Britain", 10.0, false, 80.0);
        assert!(lines.iter().all(|l| width(l, 10.0, false) <= 80.0), "{lines:?}");
        assert_eq!(lines.join(" "), "United Kingdom of Great Britain");
        // Closing punctuation stays with the character before it.
        let lines = wrap("一二三四，五", 10.0, false, 40.0);
        assert_eq!(lines, ["一二三", "四，五"]);
        // Opening brackets stay with the character after them.
        let lines = wrap("一二三（四）", 10.0, false, 40.0);
        assert_eq!(lines, ["一二三", "（四）"]);
    }

    /// `wrap` as it was before it kept running sums: it measured each candidate line whole.
    fn reference_wrap(text: &str, size: f64, bold: bool, max_width: f64) -> Vec<String> {
        let split = |line: &mut String, lines: &mut Vec<String>, long: &str| {
            for c in long.chars() {
                let next = format!("{line}{c}");
                if !line.is_empty() && width(next.trim_end(), size, bold) > max_width {
                    lines.push(line.trim_end().to_string());
                    *line = c.to_string();
                } else {
                    *line = next;
                }
            }
        };
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for piece in pieces(text) {
            let candidate = format!("{line}{piece}");
            if width(candidate.trim_end(), size, bold) <= max_width || line.is_empty() {
                if line.is_empty() && width(piece.trim_end(), size, bold) > max_width {
                    split(&mut line, &mut lines, piece);
                } else {
                    line = candidate;
                }
            } else {
                lines.push(line.trim_end().to_string());
                line = piece.trim_start().to_string();
                if width(line.trim_end(), size, bold) > max_width {
                    let long = std::mem::take(&mut line);
                    split(&mut line, &mut lines, &long);
                }
            }
        }
        let last = line.trim_end();
        if !last.is_empty() || lines.is_empty() {
            lines.push(last.to_string());
        }
        lines
    }

    #[test]
    fn wraps_as_measuring_each_line_whole_did() {
        let words = [
            "中华人民共和国",
            "，",
            "United",
            " ",
            "  ",
            "Kingdom",
            "（",
            "估计",
            "）",
            "3.57",
            "million",
            "·",
            "Supercalifragilisticexpialidocious",
            "é",
            "\u{3000}",
            "—",
            "“引号”",
            "%",
            "\t",
            "mmmm",
            "iii",
        ];
        let mut seed = 0x2545_f491_u32;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize % n
        };
        for _ in 0..400 {
            let text: String = (0..1 + next(12)).map(|_| words[next(words.len())]).collect();
            for max in [8.0, 30.0, 61.5, 100.0, 155.0, 300.0] {
                for (size, bold) in [(15.0, false), (21.0, true)] {
                    assert_eq!(wrap(&text, size, bold, max), reference_wrap(&text, size, bold, max), "{text:?} {max}");
                }
            }
        }
    }

    #[test]
    fn an_overlong_word_is_split_and_nothing_is_lost() {
        let lines = wrap("Supercalifragilistic", 10.0, false, 40.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 10.0, false) <= 40.0));
        assert_eq!(lines.concat(), "Supercalifragilistic");
        assert_eq!(wrap("", 10.0, false, 40.0), [""]);
    }
}
