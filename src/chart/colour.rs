//! Colours: the series palette, the theme colours, and WCAG contrast.
//!
//! Every colour a chart shows has a light-mode and a dark-mode value, each checked against the
//! background assumed for that mode ([`LIGHT_BG`], [`DARK_BG`]): graphics (bars, lines, markers)
//! reach 3:1, text 4.5:1. A colour that falls short is moved in HSL lightness (darker on the light
//! background, lighter on the dark one) until it reaches the ratio, keeping its hue.

use std::cell::RefCell;
use std::sync::LazyLock;

use crate::resolve::SeriesColour;

/// The background assumed in light mode (`--chart-bg`).
pub const LIGHT_BG: Rgb = Rgb(0xff, 0xff, 0xff);
/// The background assumed in dark mode (`--chart-bg`).
pub const DARK_BG: Rgb = Rgb(0x16, 0x18, 0x1d);

/// WCAG 2 minimum for graphical objects.
pub const GRAPHIC_RATIO: f64 = 3.0;
/// WCAG 2 AA minimum for normal text.
pub const TEXT_RATIO: f64 = 4.5;

/// Okabe–Ito's colour-blind-safe palette (without black), in the order series take them.
pub const OKABE_ITO: [Rgb; 7] = [
    Rgb(0x00, 0x72, 0xb2), // blue
    Rgb(0xd5, 0x5e, 0x00), // vermillion
    Rgb(0x00, 0x9e, 0x73), // bluish green
    Rgb(0xcc, 0x79, 0xa7), // reddish purple
    Rgb(0xe6, 0x9f, 0x00), // orange
    Rgb(0x56, 0xb4, 0xe9), // sky blue
    Rgb(0xf0, 0xe4, 0x42), // yellow
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rgb` or `#rrggbb`.
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => {
                let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
                Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
            }
            _ => None,
        }
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Whether two colours are hard to tell apart as series: closer than any two colours of the
    /// palette are, by the "redmean" weighted RGB distance (a cheap approximation of perceived
    /// difference). The palette's closest pair, vermillion and orange, is 133 apart; its blue
    /// and `#2f6db5` are 69.
    pub fn close_to(self, other: Rgb) -> bool {
        let mean_red = (f64::from(self.0) + f64::from(other.0)) / 2.0;
        let [dr, dg, db] =
            [(self.0, other.0), (self.1, other.1), (self.2, other.2)].map(|(a, b)| f64::from(a) - f64::from(b));
        let distance_squared =
            (2.0 + mean_red / 256.0) * dr * dr + 4.0 * dg * dg + (2.0 + (255.0 - mean_red) / 256.0) * db * db;
        distance_squared < 100.0 * 100.0
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        // The linear value of each of the 256 channel values, computed once: `powf` is costly
        // and contrast checks try many colours.
        static LINEAR: LazyLock<[f64; 256]> = LazyLock::new(|| {
            std::array::from_fn(|c| {
                let c = c as f64 / 255.0;
                if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
            })
        });
        let lin = |c: u8| LINEAR[usize::from(c)];
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// WCAG contrast ratio between two colours (1 to 21).
    pub fn contrast(self, other: Rgb) -> f64 {
        contrast_of(self.luminance(), other.luminance())
    }

    fn to_hsl(self) -> (f64, f64, f64) {
        let r = f64::from(self.0) / 255.0;
        let g = f64::from(self.1) / 255.0;
        let b = f64::from(self.2) / 255.0;
        let max = r.max(g).max(b);
        let min = r.min(g).min(b);
        let l = (max + min) / 2.0;
        if max == min {
            return (0.0, 0.0, l);
        }
        let d = max - min;
        let s = if l > 0.5 { d / (2.0 - max - min) } else { d / (max + min) };
        let h = if max == r {
            (g - b) / d + if g < b { 6.0 } else { 0.0 }
        } else if max == g {
            (b - r) / d + 2.0
        } else {
            (r - g) / d + 4.0
        };
        (h / 6.0, s, l)
    }

    fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
        let channel = |v: f64| (v * 255.0).round().clamp(0.0, 255.0) as u8;
        if s == 0.0 {
            return Rgb(channel(l), channel(l), channel(l));
        }
        let q = if l < 0.5 { l * (1.0 + s) } else { l + s - l * s };
        let p = 2.0 * l - q;
        let hue = |mut t: f64| {
            if t < 0.0 {
                t += 1.0;
            }
            if t > 1.0 {
                t -= 1.0;
            }
            if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            }
        };
        Rgb(channel(hue(h + 1.0 / 3.0)), channel(hue(h)), channel(hue(h - 1.0 / 3.0)))
    }

    /// This colour, or the nearest one in HSL lightness (same hue and saturation) that reaches
    /// `ratio` against `bg`: darker on a light background, lighter on a dark one.
    pub fn with_contrast(self, bg: Rgb, ratio: f64) -> Rgb {
        let bg_lum = bg.luminance();
        if contrast_of(self.luminance(), bg_lum) >= ratio {
            return self;
        }
        let darken = bg_lum > 0.18;
        let (h, s, l) = self.to_hsl();
        // 1 % steps: at most 100 of them reach black or white, which always pass (ratio ≤ 4.5
        // against the two backgrounds used here).
        for step in 1..=100 {
            let dl = f64::from(step) / 100.0;
            let l2 = if darken { (l - dl).max(0.0) } else { (l + dl).min(1.0) };
            let c = Rgb::from_hsl(h, s, l2);
            if contrast_of(c.luminance(), bg_lum) >= ratio {
                return c;
            }
        }
        if darken { Rgb(0, 0, 0) } else { Rgb(0xff, 0xff, 0xff) }
    }
}

/// WCAG contrast ratio of two relative luminances.
fn contrast_of(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    (hi + 0.05) / (lo + 0.05)
}

/// One colour role in both modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    pub light: Rgb,
    pub dark: Rgb,
}

impl Pair {
    /// A pair reaching `ratio` against both backgrounds, derived from one base colour.
    pub fn derived(base: Rgb, ratio: f64) -> Pair {
        Pair { light: base.with_contrast(LIGHT_BG, ratio), dark: base.with_contrast(DARK_BG, ratio) }
    }
}

/// The colours of one series: for its marks (3:1) and for text in its colour (4.5:1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeriesPaint {
    pub graphic: Pair,
    pub text: Pair,
}

impl SeriesPaint {
    pub fn of(base: Rgb) -> SeriesPaint {
        thread_local! {
            /// The colours derived on this thread: a site uses a few series colours over and over,
            /// and each derivation may try many lightness steps in each mode. Bounded; past it,
            /// colours are derived each time.
            static DERIVED: RefCell<Vec<(Rgb, SeriesPaint)>> = const { RefCell::new(Vec::new()) };
        }
        DERIVED.with_borrow_mut(|derived| {
            if let Some(&(_, paint)) = derived.iter().find(|(b, _)| *b == base) {
                return paint;
            }
            let paint =
                SeriesPaint { graphic: Pair::derived(base, GRAPHIC_RATIO), text: Pair::derived(base, TEXT_RATIO) };
            if derived.len() < 64 {
                derived.push((base, paint));
            }
            paint
        })
    }
}

/// The base colour of a series; `None` when a fixed colour is not a hex colour.
pub fn base_colour(colour: &SeriesColour) -> Option<Rgb> {
    match colour {
        SeriesColour::Fixed(hex) => Rgb::parse(hex),
        SeriesColour::Palette(n) => Some(OKABE_ITO[n % OKABE_ITO.len()]),
    }
}

/// Makes the palette colours of one chart's series tell apart. Palette slots are given out
/// site-wide, one per series key, and the palette has seven colours: on a site with more keys,
/// two series of one chart may share a colour, or a palette colour may look like one pinned in
/// site.yaml (its blue and a pinned `#2f6db5`). Pinned colours never move, and every series whose
/// colour is apart from (not [close to](Rgb::close_to)) the pinned ones and the earlier series'
/// keeps it; each of the others, in order, takes the first palette colour apart from all colours
/// the chart shows (or keeps its own when none is left). Series drawn grey (`muted`, because
/// others are highlighted) show no colour: they neither move nor hold one.
pub fn distinct_in_chart(colours: &mut [SeriesColour], muted: &[bool]) {
    let apart = |shown: &[Rgb], c: Rgb| !shown.iter().any(|s| s.close_to(c));
    let in_colour = |i: usize| !muted.get(i).copied().unwrap_or(false);
    let mut shown: Vec<Rgb> = (0..colours.len())
        .filter(|&i| in_colour(i) && matches!(colours[i], SeriesColour::Fixed(_)))
        .filter_map(|i| base_colour(&colours[i]))
        .collect();
    let mut clashing = Vec::new();
    for (i, colour) in colours.iter().enumerate().filter(|&(i, _)| in_colour(i)) {
        if let SeriesColour::Palette(slot) = colour {
            let c = OKABE_ITO[slot % OKABE_ITO.len()];
            if apart(&shown, c) { shown.push(c) } else { clashing.push(i) }
        }
    }
    for i in clashing {
        if let Some(free) = OKABE_ITO.iter().position(|&c| apart(&shown, c)) {
            colours[i] = SeriesColour::Palette(free);
            shown.push(OKABE_ITO[free]);
        }
    }
}

/// Colours of the chart itself, as (class name, light, dark).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ThemeRole {
    /// Title, series names, value labels.
    Text,
    /// Subtitle, tick labels, notes.
    SoftText,
    /// Gridlines: decoration, deliberately faint.
    Grid,
    /// The zero line of bar and line charts.
    Axis,
    /// Series not highlighted (marks).
    Muted,
    /// Names and values of series not highlighted.
    MutedText,
    /// The background: standalone files and the inside of hollow markers.
    Background,
}

impl ThemeRole {
    pub const ALL: [ThemeRole; 7] = [
        ThemeRole::Text,
        ThemeRole::SoftText,
        ThemeRole::Grid,
        ThemeRole::Axis,
        ThemeRole::Muted,
        ThemeRole::MutedText,
        ThemeRole::Background,
    ];

    pub fn class(self) -> &'static str {
        match self {
            ThemeRole::Text => "fg",
            ThemeRole::SoftText => "soft",
            ThemeRole::Grid => "grid",
            ThemeRole::Axis => "axis",
            ThemeRole::Muted => "mute",
            ThemeRole::MutedText => "mutet",
            ThemeRole::Background => "bg",
        }
    }

    pub fn pair(self) -> Pair {
        let (light, dark) = match self {
            ThemeRole::Text => (Rgb(0x1d, 0x21, 0x25), Rgb(0xe8, 0xea, 0xed)),
            ThemeRole::SoftText => (Rgb(0x58, 0x5f, 0x67), Rgb(0xa9, 0xb0, 0xb9)),
            ThemeRole::Grid => (Rgb(0xe3, 0xe6, 0xea), Rgb(0x2e, 0x33, 0x3b)),
            ThemeRole::Axis => (Rgb(0x86, 0x8d, 0x96), Rgb(0x6f, 0x77, 0x82)),
            ThemeRole::Muted => (Rgb(0x8d, 0x94, 0x9c), Rgb(0x6f, 0x77, 0x82)),
            ThemeRole::MutedText => (Rgb(0x5f, 0x66, 0x6e), Rgb(0xa0, 0xa7, 0xb0)),
            ThemeRole::Background => (LIGHT_BG, DARK_BG),
        };
        Pair { light, dark }
    }

    /// The contrast this role must reach against the background (1 when none is required).
    pub fn required_ratio(self) -> f64 {
        match self {
            ThemeRole::Text | ThemeRole::SoftText | ThemeRole::MutedText => TEXT_RATIO,
            ThemeRole::Axis | ThemeRole::Muted => GRAPHIC_RATIO,
            ThemeRole::Grid | ThemeRole::Background => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_colours_are_apart_and_close_colours_are_not() {
        for (i, a) in OKABE_ITO.iter().enumerate() {
            for b in &OKABE_ITO[i + 1..] {
                assert!(!a.close_to(*b), "{} {}", a.hex(), b.hex());
            }
            assert!(a.close_to(*a));
        }
        assert!(OKABE_ITO[0].close_to(Rgb(0x2f, 0x6d, 0xb5)));
        assert!(!Rgb(0xc4, 0x37, 0x3a).close_to(Rgb(0x2f, 0x6d, 0xb5)));
    }

    #[test]
    fn a_chart_never_shows_one_palette_colour_twice() {
        use SeriesColour::{Fixed, Palette};
        // Slots 0 and 7 are both the palette's blue; vermillion (slot 1) is pinned by site.yaml
        // for another key. The second blue and the palette's vermillion move to the first
        // colours the chart lacks: not green (slot 2), which the last series keeps.
        let mut colours = vec![Palette(0), Fixed("#d55e00".into()), Palette(7), Palette(1), Palette(2)];
        distinct_in_chart(&mut colours, &[]);
        assert_eq!(colours, vec![Palette(0), Fixed("#d55e00".into()), Palette(3), Palette(4), Palette(2)]);
        // Distinct colours stay as the site gave them.
        let mut colours = vec![Palette(5), Palette(3), Fixed("#000".into())];
        distinct_in_chart(&mut colours, &[]);
        assert_eq!(colours, vec![Palette(5), Palette(3), Fixed("#000".into())]);
        // The palette's blue looks like a pinned `#2f6db5`: it moves to vermillion.
        let mut colours = vec![Fixed("#2f6db5".into()), Palette(0)];
        distinct_in_chart(&mut colours, &[]);
        assert_eq!(colours, vec![Fixed("#2f6db5".into()), Palette(1)]);
        // A grey series shows no colour: the highlighted blue after it keeps its own.
        let mut colours = vec![Palette(0), Palette(7)];
        distinct_in_chart(&mut colours, &[true, false]);
        assert_eq!(colours, vec![Palette(0), Palette(7)]);
        distinct_in_chart(&mut colours, &[false, false]);
        assert_eq!(colours, vec![Palette(0), Palette(1)]);
        // Past seven series the palette has no free colour left: colours repeat.
        let mut colours: Vec<SeriesColour> = (0..9).map(Palette).collect();
        distinct_in_chart(&mut colours, &[]);
        assert_eq!(colours, (0..9).map(Palette).collect::<Vec<_>>());
    }

    #[test]
    fn parses_hex_and_computes_known_ratios() {
        assert_eq!(Rgb::parse("#c4373a"), Some(Rgb(0xc4, 0x37, 0x3a)));
        assert_eq!(Rgb::parse("#fff"), Some(Rgb(0xff, 0xff, 0xff)));
        assert_eq!(Rgb::parse("red"), None);
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb::parse("#ééé"), None);
        let black_white = Rgb(0, 0, 0).contrast(LIGHT_BG);
        assert!((black_white - 21.0).abs() < 1e-9);
    }

    #[test]
    fn hsl_round_trips() {
        for c in OKABE_ITO {
            let (h, s, l) = c.to_hsl();
            assert_eq!(Rgb::from_hsl(h, s, l), c);
        }
    }

    #[test]
    fn every_palette_colour_passes_in_both_modes() {
        for base in OKABE_ITO {
            let p = SeriesPaint::of(base);
            assert!(p.graphic.light.contrast(LIGHT_BG) >= GRAPHIC_RATIO);
            assert!(p.graphic.dark.contrast(DARK_BG) >= GRAPHIC_RATIO);
            assert!(p.text.light.contrast(LIGHT_BG) >= TEXT_RATIO);
            assert!(p.text.dark.contrast(DARK_BG) >= TEXT_RATIO);
        }
        // Colours that already pass are kept as they are.
        assert_eq!(OKABE_ITO[0].with_contrast(LIGHT_BG, GRAPHIC_RATIO), OKABE_ITO[0]);
    }

    #[test]
    fn fixed_colours_get_a_dark_variant() {
        for hex in ["#c4373a", "#2f6db5", "#000000", "#ffff00", "#333"] {
            let base = Rgb::parse(hex).unwrap();
            let p = SeriesPaint::of(base);
            assert!(p.graphic.light.contrast(LIGHT_BG) >= GRAPHIC_RATIO, "{hex}");
            assert!(p.graphic.dark.contrast(DARK_BG) >= GRAPHIC_RATIO, "{hex}");
            assert!(p.text.dark.contrast(DARK_BG) >= TEXT_RATIO, "{hex}");
        }
    }

    #[test]
    fn theme_colours_pass_in_both_modes() {
        for role in ThemeRole::ALL {
            let p = role.pair();
            let need = role.required_ratio();
            assert!(p.light.contrast(LIGHT_BG) >= need, "{role:?} light");
            assert!(p.dark.contrast(DARK_BG) >= need, "{role:?} dark");
        }
    }

    /// Prints the palette and its ratios (`cargo test --lib chart::colour -- --nocapture`).
    #[test]
    fn print_palette_table() {
        let bases: Vec<(String, Rgb)> = OKABE_ITO
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("Palette({i}) {}", c.hex()), *c))
            .chain([("Fixed CN".to_string(), Rgb(0xc4, 0x37, 0x3a)), ("Fixed US".to_string(), Rgb(0x2f, 0x6d, 0xb5))])
            .collect();
        for (name, base) in bases {
            let p = SeriesPaint::of(base);
            println!(
                "{name}: light {} {:.2} text {} {:.2} | dark {} {:.2} text {} {:.2}",
                p.graphic.light.hex(),
                p.graphic.light.contrast(LIGHT_BG),
                p.text.light.hex(),
                p.text.light.contrast(LIGHT_BG),
                p.graphic.dark.hex(),
                p.graphic.dark.contrast(DARK_BG),
                p.text.dark.hex(),
                p.text.dark.contrast(DARK_BG),
            );
        }
        for role in ThemeRole::ALL {
            let p = role.pair();
            println!(
                "{:?}: light {} {:.2} | dark {} {:.2}",
                role,
                p.light.hex(),
                p.light.contrast(LIGHT_BG),
                p.dark.hex(),
                p.dark.contrast(DARK_BG)
            );
        }
    }
}
