//! Language codes: one canonical form per language, so `zh`, `zh-CN` and `zh-Hans` name the same
//! edition and every map keyed by language agrees on the key.

use std::fmt;

/// A canonical language code, such as `zh` or `en`.
///
/// Simplified Chinese tags (`zh`, `zh-CN`, `zh-Hans`, `zh-SG`, any case, `_` or `-`) all become
/// `zh`; Traditional Chinese tags become `zh-hant`. Other tags are lowercased as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    /// Parses a language tag; `None` when it is empty or has characters a tag cannot have.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        let well_formed = !tag.is_empty()
            && tag.len() <= 35
            && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && tag.split(['-', '_']).all(|part| !part.is_empty());
        if !well_formed {
            return None;
        }
        let lower = tag.to_ascii_lowercase().replace('_', "-");
        let mut parts = lower.split('-');
        let primary = parts.next().unwrap_or_default();
        if primary == "zh" {
            let traditional = parts.any(|p| matches!(p, "hant" | "tw" | "hk" | "mo"));
            return Some(Lang(if traditional { "zh-hant" } else { "zh" }.to_string()));
        }
        Some(Lang(lower))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for Chinese (either script): text is counted by characters, not words.
    pub fn is_chinese(&self) -> bool {
        self.0 == "zh" || self.0.starts_with("zh-")
    }

    /// The value for `<html lang>` and `hreflang` when site.yaml does not set one.
    pub fn default_html_lang(&self) -> String {
        match self.0.as_str() {
            "zh" => "zh-CN".to_string(),
            "zh-hant" => "zh-TW".to_string(),
            other => other.to_string(),
        }
    }

    /// The language's own name, for the language switch, when site.yaml does not set one.
    pub fn default_name(&self) -> String {
        match self.0.as_str() {
            "zh" => "中文".to_string(),
            "zh-hant" => "中文（繁體）".to_string(),
            "en" => "English".to_string(),
            "fr" => "Français".to_string(),
            "de" => "Deutsch".to_string(),
            "es" => "Español".to_string(),
            "ja" => "日本語".to_string(),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplified_chinese_aliases_are_one_language() {
        for tag in ["zh", "zh-CN", "zh-Hans", "ZH_cn", "zh-Hans-CN", "zh-SG"] {
            assert_eq!(Lang::parse(tag).unwrap().as_str(), "zh", "{tag}");
        }
        assert_eq!(Lang::parse("zh-TW").unwrap().as_str(), "zh-hant");
        assert_eq!(Lang::parse("zh-Hant").unwrap().as_str(), "zh-hant");
    }

    #[test]
    fn other_tags_are_lowercased_and_bad_ones_refused() {
        assert_eq!(Lang::parse("en-GB").unwrap().as_str(), "en-gb");
        assert_eq!(Lang::parse("EN").unwrap().as_str(), "en");
        for bad in ["", "en gb", "../x", "zh--cn", "-en", "日本"] {
            assert!(Lang::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn html_lang_defaults() {
        assert_eq!(Lang::parse("zh-Hans").unwrap().default_html_lang(), "zh-CN");
        assert_eq!(Lang::parse("en").unwrap().default_html_lang(), "en");
    }
}

/// Text given per language, as in `title: { zh: 标题, en: Title }`, or once for every language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Localized {
    everywhere: Option<String>,
    per_lang: Vec<(Lang, String)>,
}

impl Localized {
    pub fn same_everywhere(text: impl Into<String>) -> Localized {
        Localized { everywhere: Some(text.into()), per_lang: Vec::new() }
    }

    pub fn from_pairs(per_lang: Vec<(Lang, String)>) -> Localized {
        Localized { everywhere: None, per_lang }
    }

    /// The text for `lang`, if given for it (or for every language).
    pub fn get(&self, lang: &Lang) -> Option<&str> {
        self.per_lang.iter().find(|(l, _)| l == lang).map(|(_, t)| t.as_str()).or(self.everywhere.as_deref())
    }

    /// The text for `lang`, else for `fallback`, else any text there is.
    pub fn get_or(&self, lang: &Lang, fallback: &Lang) -> Option<&str> {
        self.get(lang).or_else(|| self.get(fallback)).or_else(|| self.per_lang.first().map(|(_, t)| t.as_str()))
    }

    /// The languages this text names explicitly (empty when it is the same everywhere).
    pub fn languages(&self) -> impl Iterator<Item = &Lang> {
        self.per_lang.iter().map(|(l, _)| l)
    }

    pub fn is_empty(&self) -> bool {
        self.everywhere.is_none() && self.per_lang.is_empty()
    }
}

impl<'de> serde::Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Localized;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a map from language code to text such as `{ zh: 标题, en: Title }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Localized, E> {
                Ok(Localized::same_everywhere(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Localized, A::Error> {
                let mut per_lang: Vec<(Lang, String)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let lang = Lang::parse(&key).ok_or_else(|| {
                        serde::de::Error::custom(format!("`{key}` is not a language code (expected e.g. `zh` or `en`)"))
                    })?;
                    if per_lang.iter().any(|(l, _)| *l == lang) {
                        return Err(serde::de::Error::custom(format!("language `{key}` is given twice")));
                    }
                    per_lang.push((lang, map.next_value()?));
                }
                Ok(Localized::from_pairs(per_lang))
            }
        }
        d.deserialize_any(V)
    }
}
