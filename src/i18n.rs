//! UI strings and series names per language, in one place: the built-in tables for Chinese and
//! English, overlaid by the project's `i18n/<lang>.yaml`.
//!
//! A key missing in one language falls back to the default language's text, with a warning
//! (an error under `--strict`); templates and charts never see a missing string.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::config::SiteConfig;
use crate::error::{Location, Warning};
use crate::lang::Lang;
use crate::load::I18nSource;

const BUILTIN: &[(&str, &str)] = &[("zh", include_str!("i18n/zh.yaml")), ("en", include_str!("i18n/en.yaml"))];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "UI strings and series names: a map with `ui:` and `series:`")]
struct Table {
    #[serde(default, deserialize_with = "crate::load::frontmatter::unique_map")]
    ui: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "crate::load::frontmatter::unique_map")]
    series: BTreeMap<String, String>,
}

/// The strings of every language of the site, with fallbacks already applied.
#[derive(Debug, Clone)]
pub struct I18n {
    ui: BTreeMap<Lang, BTreeMap<String, String>>,
    series: BTreeMap<Lang, BTreeMap<String, String>>,
    /// (language, key) pairs that fell back to the default language, for `brief check`.
    pub missing: Vec<(Lang, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {message}")]
pub struct I18nError {
    pub at: Location,
    pub message: String,
}

impl I18n {
    /// Merges built-in and project tables; warns about every key a language lacks.
    pub fn build(config: &SiteConfig, sources: &[I18nSource]) -> Result<(I18n, Vec<Warning>), I18nError> {
        let mut tables: BTreeMap<Lang, Table> = BTreeMap::new();
        for (code, text) in BUILTIN {
            let lang = Lang::parse(code).expect("built-in language codes are valid");
            if config.language(&lang).is_some() {
                let table: Table = serde_yaml::from_str(text).expect("built-in i18n tables parse");
                tables.insert(lang, table);
            }
        }
        for source in sources {
            let table: Table = crate::load::from_yaml(&source.text).map_err(|e| {
                let (at, message) = crate::load::yaml_error(&source.file, &source.text, 1, &e);
                I18nError { at, message }
            })?;
            let entry = tables.entry(source.lang.clone()).or_default();
            entry.ui.extend(table.ui);
            entry.series.extend(table.series);
        }
        let default = config.default_language.clone();
        let mut ui: BTreeMap<Lang, BTreeMap<String, String>> = BTreeMap::new();
        let mut series: BTreeMap<Lang, BTreeMap<String, String>> = BTreeMap::new();
        let mut warnings = Vec::new();
        let mut missing = Vec::new();
        let all_ui: BTreeSet<&String> = tables.values().flat_map(|t| t.ui.keys()).collect();
        let empty = Table::default();
        let default_table = tables.get(&default).unwrap_or(&empty);
        for language in &config.languages {
            let lang = &language.lang;
            let table = tables.get(lang).unwrap_or(&empty);
            let mut merged = BTreeMap::new();
            for key in &all_ui {
                let text = match table.ui.get(*key) {
                    Some(text) => text.clone(),
                    None => {
                        let fallback =
                            default_table.ui.get(*key).or_else(|| tables.values().find_map(|t| t.ui.get(*key)));
                        missing.push((lang.clone(), key.to_string()));
                        warnings.push(Warning::new(
                            Some(Location::file(format!("i18n/{lang}.yaml"))),
                            format!("UI string `{key}` is missing for `{lang}`; using the {default} text"),
                        ));
                        fallback.cloned().unwrap_or_else(|| key.to_string())
                    }
                };
                merged.insert(key.to_string(), text);
            }
            ui.insert(lang.clone(), merged);
            // Series names do not fall back to another language: "Huawei" reads better on an
            // English page than 华为. `brief check` lists the names a language lacks.
            series.insert(lang.clone(), table.series.clone());
        }
        Ok((I18n { ui, series, missing }, warnings))
    }

    /// The UI string `key` in `lang` (the key itself if no language has it).
    pub fn ui<'a>(&'a self, lang: &Lang, key: &'a str) -> &'a str {
        self.ui.get(lang).and_then(|m| m.get(key)).map_or(key, String::as_str)
    }

    /// Every UI string of `lang`, for templates (`{{ t.source }}`).
    pub fn ui_table(&self, lang: &Lang) -> Option<&BTreeMap<String, String>> {
        self.ui.get(lang)
    }

    /// The display name of a series key (`CN` → 中国 / China); the key itself when this language
    /// has no name for it.
    pub fn series_name<'a>(&'a self, lang: &Lang, key: &'a str) -> &'a str {
        self.series.get(lang).and_then(|m| m.get(key)).map_or(key, String::as_str)
    }

    /// Whether `key` has a name in `lang` (for `brief check`).
    pub fn has_series_name(&self, lang: &Lang, key: &str) -> bool {
        self.series.get(lang).is_some_and(|m| m.contains_key(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(langs: &str) -> SiteConfig {
        SiteConfig::parse(&format!("title: t\nbase_url: https://e.org/\nlanguages:\n{langs}")).unwrap()
    }

    #[test]
    fn builtins_cover_chinese_and_english() {
        let c = config("  - code: zh\n  - code: en\n");
        let (i18n, warnings) = I18n::build(&c, &[]).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let zh = Lang::parse("zh").unwrap();
        let en = Lang::parse("en").unwrap();
        assert_eq!(i18n.ui(&zh, "source"), "来源");
        assert_eq!(i18n.ui(&en, "source"), "Source");
        assert_eq!(i18n.series_name(&zh, "CN"), "中国");
        assert_eq!(i18n.series_name(&en, "XX"), "XX");
    }

    #[test]
    fn missing_keys_fall_back_with_a_warning() {
        let c = config("  - code: zh\n  - code: en\n");
        let zh = Lang::parse("zh").unwrap();
        let en = Lang::parse("en").unwrap();
        let source = I18nSource {
            lang: zh.clone(),
            file: "i18n/zh.yaml".into(),
            text: "ui:\n  pillars: 三大支柱\nseries:\n  Huawei: 华为\n".into(),
        };
        let (i18n, warnings) = I18n::build(&c, &[source]).unwrap();
        assert_eq!(i18n.ui(&en, "pillars"), "三大支柱");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].to_string(), "i18n/en.yaml: UI string `pillars` is missing for `en`; using the zh text");
        assert_eq!(i18n.series_name(&zh, "Huawei"), "华为");
        assert_eq!(i18n.series_name(&en, "Huawei"), "Huawei");
        assert!(!i18n.has_series_name(&en, "Huawei"));
    }
}
