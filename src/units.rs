//! The unit catalogue: what an indicator's `unit:` may name, and what that means for formatting.
//!
//! A unit is data, not display text: `persons`, `percent`, `currency:USD`, … The catalogue knows
//! how each one reads in every language (人 / people, 美元 / US$) so a translation never restates
//! it. Projects add their own units in `site.yaml` under `units:`.

use std::collections::BTreeMap;

use crate::lang::{Lang, Localized};

/// How values of a unit are formatted and charted.
#[derive(Clone, Debug, PartialEq)]
pub enum UnitKind {
    /// A plain quantity (people, items): large values read as 万/亿 or million/billion.
    Count,
    /// A share in percent: `14.1%`.
    Percent,
    /// A difference of two percentages: `5.4 percentage points` / `5.4个百分点`.
    PercentagePoints,
    /// A multiple: `4.4×` / `4.4倍`.
    Ratio,
    /// A position in a ranking: `5th` / `第5`.
    Rank,
    /// Money in an ISO 4217 currency, such as `USD` or `CNY`.
    Currency(String),
}

/// A unit from the catalogue, resolved from an indicator's `unit:`.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// The name authors write, as in `unit: persons`.
    pub id: String,
    pub kind: UnitKind,
    /// The words that follow a number, per language (`人`, `people`); may be empty.
    pub label: Localized,
    /// Stored values are multiplied by this before formatting (`bn-usd` stores billions).
    pub scale: f64,
}

impl Unit {
    fn builtin(id: &str, kind: UnitKind, zh: &str, en: &str) -> Unit {
        let label = Localized::from_pairs(vec![
            (Lang::parse("zh").expect("valid tag"), zh.to_string()),
            (Lang::parse("en").expect("valid tag"), en.to_string()),
        ]);
        Unit { id: id.to_string(), kind, label, scale: 1.0 }
    }

    /// The words after a number in `lang`; empty when the catalogue has none for it.
    pub fn label(&self, lang: &Lang) -> &str {
        self.label.get(lang).unwrap_or("")
    }
}

/// A unit a project declares in `site.yaml`, before it is checked.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "a unit: a map such as `{ kind: \"currency:USD\", scale: 1e9 }`")]
pub struct UnitDecl {
    /// `count`, `percent`, `percentage-points`, `ratio`, `rank` or `currency:XXX`.
    pub kind: String,
    #[serde(default)]
    pub label: Localized,
    #[serde(default)]
    pub scale: Option<f64>,
}

/// Every unit a project may use: the built-in ones and those declared in `site.yaml`.
#[derive(Clone, Debug)]
pub struct UnitCatalogue {
    units: BTreeMap<String, Unit>,
}

const ALIASES: &[(&str, &str)] = &[
    ("%", "percent"),
    ("people", "persons"),
    ("number", "count"),
    ("pp", "percentage-points"),
    ("times", "ratio"),
    ("×", "ratio"),
];

impl UnitCatalogue {
    /// The built-in units plus `declared` ones; an error names a declaration it cannot use.
    pub fn new(declared: &BTreeMap<String, UnitDecl>) -> Result<UnitCatalogue, String> {
        let mut units = BTreeMap::new();
        for unit in [
            Unit::builtin("count", UnitKind::Count, "", ""),
            Unit::builtin("persons", UnitKind::Count, "人", "people"),
            Unit::builtin("percent", UnitKind::Percent, "", ""),
            Unit::builtin("percentage-points", UnitKind::PercentagePoints, "个百分点", "percentage points"),
            Unit::builtin("ratio", UnitKind::Ratio, "", ""),
            Unit::builtin("rank", UnitKind::Rank, "", ""),
        ] {
            units.insert(unit.id.clone(), unit);
        }
        for (id, decl) in declared {
            let kind = parse_kind(&decl.kind).ok_or_else(|| {
                format!(
                    "unit `{id}`: `kind: {}` is not a unit kind (expected count, percent, percentage-points, ratio, rank or currency:XXX)",
                    decl.kind
                )
            })?;
            let scale = decl.scale.unwrap_or(1.0);
            let limit = crate::load::frontmatter::MAX_VALUE;
            // The range also refuses NaN, infinities, zero and negative numbers.
            if !(1.0 / limit..=limit).contains(&scale) {
                return Err(format!(
                    "unit `{id}`: `scale` must be a positive number between {:e} and {limit:e}, found {scale}",
                    1.0 / limit
                ));
            }
            units.insert(id.clone(), Unit { id: id.clone(), kind, label: decl.label.clone(), scale });
        }
        Ok(UnitCatalogue { units })
    }

    /// Looks up what an author wrote in `unit:`; `currency:XXX` works for any ISO code.
    pub fn get(&self, name: &str) -> Option<Unit> {
        let name = name.trim();
        if let Some(unit) = self.units.get(name) {
            return Some(unit.clone());
        }
        if let Some(&(_, target)) = ALIASES.iter().find(|(alias, _)| *alias == name) {
            return self.units.get(target).cloned();
        }
        match parse_kind(name)? {
            kind @ UnitKind::Currency(_) => {
                Some(Unit { id: name.to_string(), kind, label: Localized::default(), scale: 1.0 })
            }
            _ => None,
        }
    }

    /// The names an author can write, for "expected one of …" messages.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.units.keys().cloned().collect();
        names.push("currency:XXX (an ISO 4217 code such as USD or CNY)".to_string());
        names
    }
}

fn parse_kind(text: &str) -> Option<UnitKind> {
    Some(match text {
        "count" | "number" => UnitKind::Count,
        "percent" | "%" => UnitKind::Percent,
        "percentage-points" | "pp" => UnitKind::PercentagePoints,
        "ratio" => UnitKind::Ratio,
        "rank" => UnitKind::Rank,
        other => {
            let code = other.strip_prefix("currency:")?;
            if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                return None;
            }
            UnitKind::Currency(code.to_string())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_aliases_and_currencies() {
        let cat = UnitCatalogue::new(&BTreeMap::new()).unwrap();
        assert_eq!(cat.get("%").unwrap().kind, UnitKind::Percent);
        assert_eq!(cat.get("people").unwrap().id, "persons");
        assert_eq!(cat.get("currency:CNY").unwrap().kind, UnitKind::Currency("CNY".into()));
        assert!(cat.get("currency:usd").is_none());
        assert!(cat.get("furlongs").is_none());
    }

    #[test]
    fn declared_units_are_checked() {
        let mut declared = BTreeMap::new();
        declared.insert(
            "bn-usd".to_string(),
            UnitDecl { kind: "currency:USD".into(), label: Localized::default(), scale: Some(1e9) },
        );
        let cat = UnitCatalogue::new(&declared).unwrap();
        assert_eq!(cat.get("bn-usd").unwrap().scale, 1e9);

        declared
            .insert("bad".to_string(), UnitDecl { kind: "litres".into(), label: Localized::default(), scale: None });
        let err = UnitCatalogue::new(&declared).unwrap_err();
        assert!(err.contains("unit `bad`: `kind: litres` is not a unit kind"), "{err}");
    }
}
