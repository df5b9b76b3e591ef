//! Audit: what each language of a site still lacks — pages without a translation, UI strings
//! that fall back to the default language, indicators and series without a name in a language.
//! `brief check` prints it; none of it stops a build (use `--strict` for that).

use std::collections::BTreeMap;
use std::fmt;

use crate::lang::Lang;
use crate::resolve::{PageKind, Site};

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Audit {
    /// Per language: the source files of pages that have no translation into it.
    pub untranslated_pages: BTreeMap<Lang, Vec<String>>,
    /// Per language: UI string keys it lacks.
    pub missing_ui: BTreeMap<Lang, Vec<String>>,
    /// Per language: indicator ids without a label in it.
    pub unlabelled_indicators: BTreeMap<Lang, Vec<String>>,
    /// Per language: series keys used by indicators without a name in it.
    pub unnamed_series: BTreeMap<Lang, Vec<String>>,
    languages: Vec<(Lang, String)>,
}

impl Audit {
    pub fn of(site: &Site) -> Audit {
        let mut audit = Audit {
            languages: site.config.languages.iter().map(|l| (l.lang.clone(), l.name.clone())).collect(),
            ..Audit::default()
        };
        let series = crate::resolve::series_keys(site.indicators.values());
        for (li, language) in site.config.languages.iter().enumerate() {
            let lang = &language.lang;
            let pages: Vec<String> = site
                .pages
                .iter()
                .filter(|p| p.source.is_some() && p.kind != PageKind::Home && p.translations[li].is_none())
                .map(|p| p.location().to_string())
                .collect();
            let ui: Vec<String> =
                site.i18n.missing.iter().filter(|(l, _)| l == lang).map(|(_, key)| key.clone()).collect();
            let labels: Vec<String> =
                site.indicators.values().filter(|i| i.label.get(lang).is_none()).map(|i| i.id.clone()).collect();
            let names: Vec<String> =
                series.iter().filter(|k| !site.i18n.has_series_name(lang, k)).map(|k| k.to_string()).collect();
            audit.untranslated_pages.insert(lang.clone(), pages);
            audit.missing_ui.insert(lang.clone(), ui);
            audit.unlabelled_indicators.insert(lang.clone(), labels);
            audit.unnamed_series.insert(lang.clone(), names);
        }
        audit
    }
}

impl fmt::Display for Audit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sections = [
            ("pages without a translation", &self.untranslated_pages, "content/<lang>/ with the same path"),
            ("UI strings missing (the default language's are shown)", &self.missing_ui, "i18n/<lang>.yaml, ui:"),
            ("indicators without a label", &self.unlabelled_indicators, "`label:` in the translated page"),
            ("series without a name (the key is shown)", &self.unnamed_series, "i18n/<lang>.yaml, series:"),
        ];
        writeln!(f, "Translations:")?;
        for (title, per_lang, fix) in sections {
            let counts: Vec<String> = self
                .languages
                .iter()
                .map(|(lang, name)| format!("{name} {}", per_lang.get(lang).map_or(0, Vec::len)))
                .collect();
            writeln!(f, "  {title}: {}", counts.join(", "))?;
            for (lang, name) in &self.languages {
                let items = per_lang.get(lang).map(Vec::as_slice).unwrap_or_default();
                if items.is_empty() {
                    continue;
                }
                const SHOWN: usize = 10;
                let mut list: Vec<&str> = items.iter().take(SHOWN).map(String::as_str).collect();
                let more = items.len().saturating_sub(SHOWN);
                let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
                list.sort_unstable();
                writeln!(f, "    {name}: {}{tail}  (add in {fix})", list.join(", "))?;
            }
        }
        Ok(())
    }
}
