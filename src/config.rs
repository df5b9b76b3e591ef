//! `site.yaml`: the project's settings, read once and checked before any content is loaded.
//!
//! Owns the language list (order and default), the base URL the site is published under, and
//! the site-wide settings templates and charts need (titles, series colours, extra units).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Location;
use crate::lang::{Lang, Localized};
use crate::units::{UnitCatalogue, UnitDecl};
use crate::yamlpos;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("no site.yaml in {}: is this a brief project? `brief new DIR` creates one", .root.display())]
    Missing { root: PathBuf },
    #[error("{at}: cannot read the file: {message}")]
    Io { at: Location, message: String },
    #[error("{at}: {message}")]
    Invalid { at: Location, message: String },
}

/// One edition of the site.
#[derive(Clone, Debug)]
pub struct Language {
    pub lang: Lang,
    /// The language's own name, shown in the language switch (`中文`, `English`).
    pub name: String,
    /// The value of `<html lang>` and `hreflang` (`zh-CN`, `en`).
    pub html_lang: String,
}

/// The URL the site is published under, always ending in `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(url::Url);

impl BaseUrl {
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let mut url = url::Url::parse(text.trim()).map_err(|e| {
            format!("`{text}` is not an absolute URL ({e}); expected e.g. https://user.github.io/repo/")
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(format!("`{text}` must be an http:// or https:// URL with a host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("`{text}` must not have a query or #fragment"));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(BaseUrl(url))
    }

    /// The path part, such as `/brief/`; `/` for a site at the root of its host.
    pub fn path(&self) -> &str {
        self.0.path()
    }

    /// The link to `site_path` (relative to the site root, as in `zh/talent/`) used inside pages:
    /// root-relative, so it works from any depth and in 404.html.
    pub fn href(&self, site_path: &str) -> String {
        format!("{}{}", self.path(), site_path)
    }

    /// The absolute URL of `site_path`, for canonical links, feeds and the sitemap.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.0.as_str(), site_path)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// The checked contents of `site.yaml`.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    pub title: Localized,
    pub description: Localized,
    pub base_url: BaseUrl,
    /// In the order of site.yaml: the order of language switches, hreflang links and feeds.
    pub languages: Vec<Language>,
    pub default_language: Lang,
    /// A custom domain for GitHub Pages, written to `public/CNAME`.
    pub cname: Option<String>,
    /// Fixed colours for series keys (`CN: "#c8102e"`); others get palette colours.
    pub colors: BTreeMap<String, String>,
    pub units: UnitCatalogue,
    /// What happens to HTML written in Markdown bodies (see [`RawHtml`]).
    pub raw_html: RawHtml,
}

/// What to do with HTML written in Markdown (`<sup>2</sup>`, `<div>…</div>`), by `raw_html:` in
/// site.yaml. Every other text a project gives (titles, labels, names, front matter) is always
/// escaped, whatever this says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase", expecting = "`allow`, `escape` or `sanitize`")]
pub enum RawHtml {
    /// Passed through as written: the authors are trusted (the default).
    #[default]
    Allow,
    /// Shown as text, as written.
    Escape,
    /// Kept, but only the harmless parts (formatting, links, images, tables): no scripts, event
    /// handlers, styles, forms or frames, links only to http(s), mailto, tel and ftp. For sites
    /// that publish pull requests from people they do not know. Done by the ammonia crate.
    Sanitize,
}

impl SiteConfig {
    pub fn language(&self, lang: &Lang) -> Option<&Language> {
        self.languages.iter().find(|l| &l.lang == lang)
    }

    pub fn default(&self) -> &Language {
        self.language(&self.default_language).unwrap_or(&self.languages[0])
    }

    /// Reads `site.yaml` from the project root.
    pub fn load(root: &Path) -> Result<SiteConfig, ConfigError> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| ConfigError::Invalid {
                at: crate::load::not_utf8_at(Path::new(CONFIG_FILE), &e),
                message: "the file is not valid UTF-8; save it as UTF-8".into(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ConfigError::Missing { root: root.to_path_buf() });
            }
            Err(e) => {
                return Err(ConfigError::Io { at: Location::file(CONFIG_FILE), message: e.to_string() });
            }
        };
        SiteConfig::parse(&text)
    }

    /// Parses the text of `site.yaml` (a leading BOM and CRLF line ends are fine).
    pub fn parse(text: &str) -> Result<SiteConfig, ConfigError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawConfig = crate::load::from_yaml(text).map_err(|e| yaml_error(text, &e))?;
        let invalid = |path: &[&str], message: String| ConfigError::Invalid {
            at: match yamlpos::key_line(text, path) {
                Some(line) => Location::line(CONFIG_FILE, line),
                None => Location::file(CONFIG_FILE),
            },
            message,
        };

        let base_url = BaseUrl::parse(&raw.base_url).map_err(|m| invalid(&["base_url"], format!("base_url: {m}")))?;
        if raw.languages.is_empty() {
            return Err(invalid(&["languages"], "languages: list at least one language, e.g. `- code: zh`".into()));
        }
        let mut languages: Vec<Language> = Vec::new();
        for raw_lang in raw.languages {
            let lang = Lang::parse(&raw_lang.code).ok_or_else(|| {
                invalid(
                    &["languages"],
                    format!("languages: `{}` is not a language code (expected e.g. zh or en)", raw_lang.code),
                )
            })?;
            if languages.iter().any(|l| l.lang == lang) {
                return Err(invalid(
                    &["languages"],
                    format!(
                        "languages: `{}` is listed twice (zh, zh-CN and zh-Hans are the same language)",
                        raw_lang.code
                    ),
                ));
            }
            languages.push(Language {
                name: raw_lang.name.unwrap_or_else(|| lang.default_name()),
                html_lang: raw_lang.html_lang.unwrap_or_else(|| lang.default_html_lang()),
                lang,
            });
        }
        let default_language = match &raw.default_language {
            None => languages[0].lang.clone(),
            Some(code) => {
                let lang = Lang::parse(code).filter(|l| languages.iter().any(|x| &x.lang == l));
                lang.ok_or_else(|| {
                    invalid(
                        &["default_language"],
                        format!("default_language: `{code}` is not one of the languages listed in `languages`"),
                    )
                })?
            }
        };
        for (key, colour) in &raw.colors {
            if !is_hex_colour(colour) {
                return Err(invalid(
                    &["colors", key],
                    format!("colors: `{colour}` for `{key}` is not a colour like \"#c8102e\""),
                ));
            }
        }
        if let Some(cname) = &raw.cname {
            let ok = !cname.is_empty() && cname.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if !ok {
                return Err(invalid(
                    &["cname"],
                    format!("cname: `{cname}` is not a domain name like brief.example.org"),
                ));
            }
        }
        let units = UnitCatalogue::new(&raw.units).map_err(|m| invalid(&["units"], format!("units: {m}")))?;
        Ok(SiteConfig {
            title: raw.title,
            description: raw.description,
            base_url,
            languages,
            default_language,
            cname: raw.cname,
            raw_html: raw.raw_html,
            colors: raw.colors,
            units,
        })
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

fn yaml_error(text: &str, e: &serde_yaml::Error) -> ConfigError {
    let (at, mut message) = crate::load::yaml_error(Path::new(CONFIG_FILE), text, 1, e);
    // The settings every site needs, with an example of each.
    let example = match message.as_str() {
        "`title:` is missing; add it" => Some("the site's name, e.g. `title: { zh: 简报, en: Brief }`"),
        "`base_url:` is missing; add it" => {
            Some("the URL the site is published at, e.g. `base_url: https://user.github.io/brief/`")
        }
        "`languages:` is missing; add it" => {
            Some("the site's languages, e.g. `languages: [{ code: zh }, { code: en }]`")
        }
        _ => None,
    };
    if let Some(example) = example {
        message = format!("{}; add {example}", message.trim_end_matches("; add it"));
    }
    ConfigError::Invalid { at, message }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "site settings: a map with title, base_url and languages")]
struct RawConfig {
    title: Localized,
    #[serde(default)]
    description: Localized,
    base_url: String,
    languages: Vec<RawLanguage>,
    #[serde(default)]
    default_language: Option<String>,
    #[serde(default)]
    cname: Option<String>,
    #[serde(default, deserialize_with = "crate::load::frontmatter::unique_map")]
    colors: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "crate::load::frontmatter::unique_map")]
    units: BTreeMap<String, UnitDecl>,
    #[serde(default)]
    raw_html: RawHtml,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a language: a map such as `{ code: zh }`")]
struct RawLanguage {
    code: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    html_lang: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "title: { zh: 简报, en: Brief }\nbase_url: https://example.github.io/brief\nlanguages:\n  - code: zh-CN\n  - code: en\n";

    #[test]
    fn parses_languages_in_order_with_default_first() {
        let c = SiteConfig::parse(GOOD).unwrap();
        let codes: Vec<&str> = c.languages.iter().map(|l| l.lang.as_str()).collect();
        assert_eq!(codes, ["zh", "en"]);
        assert_eq!(c.default_language.as_str(), "zh");
        assert_eq!(c.default().html_lang, "zh-CN");
        assert_eq!(c.base_url.path(), "/brief/");
        assert_eq!(c.base_url.href("zh/a/"), "/brief/zh/a/");
        assert_eq!(c.base_url.absolute("zh/a/"), "https://example.github.io/brief/zh/a/");
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = SiteConfig::parse(&format!("{GOOD}colour: red\n")).unwrap_err().to_string();
        assert!(err.starts_with("site.yaml:6:1: unknown field `colour`"), "{err}");
    }

    #[test]
    fn default_language_must_be_listed() {
        let err = SiteConfig::parse(&format!("{GOOD}default_language: fr\n")).unwrap_err().to_string();
        assert_eq!(err, "site.yaml:6: default_language: `fr` is not one of the languages listed in `languages`");
    }

    #[test]
    fn same_language_twice_is_refused() {
        let text = GOOD.replace("  - code: en\n", "  - code: zh-Hans\n");
        let err = SiteConfig::parse(&text).unwrap_err().to_string();
        assert!(err.contains("`zh-Hans` is listed twice"), "{err}");
    }

    #[test]
    fn bad_base_url_is_explained() {
        let err =
            SiteConfig::parse(&GOOD.replace("https://example.github.io/brief", "/brief/")).unwrap_err().to_string();
        assert!(err.starts_with("site.yaml:2: base_url: `/brief/` is not an absolute URL"), "{err}");
    }
}
