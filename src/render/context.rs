//! Template context: what templates see, as plain serializable views of the site model.
//!
//! Site-wide values (menus, article lists, indicators) are built once per language and handed
//! to every page as a shared `tera::Value` (reference-counted inside), never rebuilt per page.
//! The README's "Templates" section documents every field.

use serde::Serialize;

use crate::format::{self, Style};
use crate::lang::Lang;
use crate::resolve::{Page, PageKind, Site};

use super::figure;
use super::markdown::TocEntry;
use super::shortcodes::source_line;

/// A page as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PageSummary {
    pub title: String,
    pub url: String,
    pub kind: PageKind,
    pub date: Option<String>,
    pub date_display: Option<String>,
    /// HTML (safe to print).
    pub summary: String,
    pub reading_minutes: usize,
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LanguageView {
    pub code: String,
    pub name: String,
    pub html_lang: String,
    pub url: String,
    pub feed_url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TagView {
    pub name: String,
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesView {
    pub key: String,
    pub name: String,
    /// One entry per year of the indicator; `None` where the series has no value.
    pub values: Vec<Option<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorView {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub source: String,
    pub source_name: String,
    pub source_url: Option<String>,
    pub as_of: Option<String>,
    pub approx: bool,
    pub notes: Option<String>,
    pub csv_url: String,
    pub years: Vec<i32>,
    pub series: Vec<SeriesView>,
    /// The page that declares it, in this language if translated.
    pub page: Option<Link>,
    /// The charts drawn from it.
    pub charts: Vec<String>,
}

/// Everything templates know about the site, in one language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub base_path: String,
    pub home_url: String,
    pub feed_url: String,
    pub languages: Vec<LanguageView>,
    pub menu: Vec<Link>,
    /// The newest articles (up to 10).
    pub latest: Vec<PageSummary>,
    /// All articles, in list order.
    pub articles: Vec<PageSummary>,
    pub tags: Vec<TagView>,
    pub indicators: Vec<IndicatorView>,
    pub generator: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TranslationView {
    pub code: String,
    pub name: String,
    pub html_lang: String,
    pub url: String,
    pub exists: bool,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyFigureView {
    pub value: String,
    pub label: String,
    pub source: String,
    pub approx: bool,
}

/// The page being rendered (its `content`, `summary` and `toc` are added as safe HTML).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PageView {
    pub kind: PageKind,
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub canonical: String,
    pub lang: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub reading_minutes: usize,
    pub tags: Vec<String>,
    pub toc: Vec<TocEntry>,
    pub translations: Vec<TranslationView>,
    pub alternates: Vec<Alternate>,
    pub parent: Option<Link>,
    pub children: Vec<PageSummary>,
    pub key_figures: Vec<KeyFigureView>,
    pub source_file: Option<String>,
}

pub fn page_summary(site: &Site, page: &Page, summary: &str, reading_minutes: usize) -> PageSummary {
    PageSummary {
        title: page.title.clone(),
        url: site.config.base_url.href(&page.site_path),
        kind: page.kind,
        date: page.date.map(|d| d.to_string()),
        date_display: page.date.map(|d| format::date(d, &page.lang)),
        summary: summary.to_string(),
        reading_minutes,
        tags: page.tags.clone(),
    }
}

/// Builds the site view of one language. `summaries[i]` is the summary of `site.pages[i]`.
/// `with_indicators`: the indicator tables (for a Data page) are built only when a template
/// used by some page asks for them: on a large site they are the costliest part.
pub fn site_view(site: &Site, lang_index: usize, summaries: &[PageSummary], with_indicators: bool) -> SiteView {
    let config = &site.config;
    let language = &config.languages[lang_index];
    let lang = &language.lang;
    let in_lang: Vec<usize> = (0..site.pages.len()).filter(|&i| &site.pages[i].lang == lang).collect();
    let mut articles: Vec<usize> = in_lang
        .iter()
        .copied()
        .filter(|&i| site.pages[i].kind == PageKind::Article && site.pages[i].in_lists)
        .collect();
    articles.sort_by(|&a, &b| crate::resolve::list_order(&site.pages[a], &site.pages[b]));
    let mut latest: Vec<usize> = articles.clone();
    latest.sort_by(|&a, &b| {
        site.pages[b].date.cmp(&site.pages[a].date).then_with(|| site.pages[a].rel.cmp(&site.pages[b].rel))
    });
    latest.truncate(10);
    let mut menu_pages: Vec<usize> = in_lang.iter().copied().filter(|&i| site.pages[i].menu).collect();
    menu_pages.sort_by(|&a, &b| crate::resolve::list_order(&site.pages[a], &site.pages[b]));
    let mut tags: std::collections::BTreeMap<&str, usize> = Default::default();
    for &i in &articles {
        for tag in &site.pages[i].tags {
            *tags.entry(tag.as_str()).or_default() += 1;
        }
    }
    SiteView {
        title: config.title.get_or(lang, &config.default_language).unwrap_or_default().to_string(),
        description: config.description.get_or(lang, &config.default_language).unwrap_or_default().to_string(),
        base_url: config.base_url.as_str().to_string(),
        base_path: config.base_url.path().to_string(),
        home_url: config.base_url.href(&site.home(lang_index).site_path),
        feed_url: config.base_url.href(&feed_path(lang)),
        languages: languages(site),
        menu: menu_pages
            .iter()
            .map(|&i| Link { title: site.pages[i].title.clone(), url: config.base_url.href(&site.pages[i].site_path) })
            .collect(),
        latest: latest.iter().map(|&i| summaries[i].clone()).collect(),
        articles: articles.iter().map(|&i| summaries[i].clone()).collect(),
        tags: tags.into_iter().map(|(name, count)| TagView { name: name.to_string(), count }).collect(),
        indicators: if with_indicators {
            site.indicators.values().map(|ind| indicator_view(site, lang, ind)).collect()
        } else {
            Vec::new()
        },
        generator: format!("brief {}", env!("CARGO_PKG_VERSION")),
    }
}

pub fn feed_path(lang: &Lang) -> String {
    format!("{lang}/atom.xml")
}

fn languages(site: &Site) -> Vec<LanguageView> {
    site.config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| LanguageView {
            code: l.lang.to_string(),
            name: l.name.clone(),
            html_lang: l.html_lang.clone(),
            url: site.config.base_url.href(&site.home(i).site_path),
            feed_url: site.config.base_url.href(&feed_path(&l.lang)),
        })
        .collect()
}

fn indicator_view(site: &Site, lang: &Lang, ind: &crate::resolve::Indicator) -> IndicatorView {
    let default = &site.config.default_language;
    let years = ind.years();
    let series = ind
        .series
        .iter()
        .map(|s| SeriesView {
            key: s.key.clone(),
            name: site.i18n.series_name(lang, &s.key).to_string(),
            values: years
                .iter()
                .map(|y| {
                    s.at(*y).map(|p| {
                        let style = Style { approx: p.approx || ind.approx, full: true, ..Style::default() };
                        format::value(p.value, &ind.unit, lang, style)
                    })
                })
                .collect(),
        })
        .collect();
    let page = site
        .page_at(lang, &ind.page_rel)
        .or_else(|| site.page_at(&site.config.default_language, &ind.page_rel))
        .map(|p| Link { title: p.title.clone(), url: site.config.base_url.href(&p.site_path) });
    IndicatorView {
        id: ind.id.clone(),
        label: ind.label.get_or(lang, default).unwrap_or(&ind.id).to_string(),
        unit: format::unit_caption(&ind.unit, lang),
        source: source_line(site, lang, ind),
        source_name: ind.source.name.get_or(lang, default).unwrap_or_default().to_string(),
        source_url: ind.source.url.clone(),
        as_of: ind.as_of.map(|d| format::partial_date(d, lang)),
        approx: ind.approx,
        notes: ind.notes.get_or(lang, default).map(str::to_string),
        csv_url: site.config.base_url.href(&figure::csv_path(&ind.id)),
        years: years.iter().map(|y| y.0).collect(),
        series,
        page,
        charts: site.charts_of(&ind.id).to_vec(),
    }
}

/// The language switch and hreflang alternates of a page. A language without a translation
/// links to its home page, with `#no-translation` so the home page can show a notice.
pub fn translations(site: &Site, page: &Page) -> (Vec<TranslationView>, Vec<Alternate>) {
    let base = &site.config.base_url;
    let mut views = Vec::new();
    let mut alternates = Vec::new();
    for (i, (slot, language)) in page.translations.iter().zip(&site.config.languages).enumerate() {
        let (url, exists) = match slot {
            Some(t) => (base.href(&site.pages[*t].site_path), true),
            None => (format!("{}#no-translation", base.href(&site.home(i).site_path)), false),
        };
        if let Some(t) = slot {
            alternates.push(Alternate {
                hreflang: language.html_lang.clone(),
                url: base.absolute(&site.pages[*t].site_path),
            });
        }
        views.push(TranslationView {
            code: language.lang.to_string(),
            name: language.name.clone(),
            html_lang: language.html_lang.clone(),
            url,
            exists,
            current: language.lang == page.lang,
        });
    }
    let default_index = site.lang_index(&site.config.default_language);
    let x_default = page
        .translations
        .get(default_index)
        .copied()
        .flatten()
        .or_else(|| page.translations.iter().flatten().next().copied());
    if let Some(t) = x_default {
        alternates.push(Alternate { hreflang: "x-default".into(), url: base.absolute(&site.pages[t].site_path) });
    }
    (views, alternates)
}

/// The key figures of a page's front matter, formatted; errors name the figure.
pub fn key_figures(site: &Site, page: &Page) -> Result<Vec<KeyFigureView>, String> {
    let Some(source) = &page.source else {
        return Ok(Vec::new());
    };
    let lang = &page.lang;
    let mut out = Vec::new();
    for fig in &source.front.key_figures {
        let ind = site
            .indicators
            .get(&fig.indicator)
            .ok_or_else(|| format!("key figure `{}`: unknown indicator `{}`", fig.label, fig.indicator))?;
        let series = match &fig.series {
            Some(s) => ind
                .series(s)
                .ok_or_else(|| format!("key figure `{}`: indicator `{}` has no series `{s}`", fig.label, ind.id))?,
            None if ind.series.len() == 1 => &ind.series[0],
            None => {
                return Err(format!(
                    "key figure `{}`: indicator `{}` has several series; add `series:`",
                    fig.label, ind.id
                ));
            }
        };
        let year = match (fig.year, series.points.as_slice()) {
            (Some(y), _) => y,
            (None, [(y, _)]) => *y,
            (None, _) => {
                return Err(format!(
                    "key figure `{}`: series `{}` has several years; add `year:`",
                    fig.label, series.key
                ));
            }
        };
        let point = series.at(year).ok_or_else(|| {
            format!("key figure `{}`: series `{}` of `{}` has no value for {year}", fig.label, series.key, ind.id)
        })?;
        let (value, approx) = match &fig.to {
            None => {
                let approx = point.approx || ind.approx;
                (
                    format::value(
                        point.value,
                        &ind.unit,
                        lang,
                        Style { approx, digits: fig.digits, ..Style::default() },
                    ),
                    approx,
                )
            }
            Some(to) => {
                let other = ind.series(to).and_then(|s| s.at(year)).ok_or_else(|| {
                    format!("key figure `{}`: series `{to}` of `{}` has no value for {year}", fig.label, ind.id)
                })?;
                if other.value == 0.0 {
                    return Err(format!("key figure `{}`: the value of `{to}` is 0", fig.label));
                }
                let ratio_unit = crate::units::Unit {
                    id: "ratio".into(),
                    kind: crate::units::UnitKind::Ratio,
                    label: Default::default(),
                    scale: 1.0,
                };
                let approx = point.approx || other.approx || ind.approx;
                let style = Style { approx, digits: Some(fig.digits.unwrap_or(1)), ..Style::default() };
                (format::value(point.value / other.value, &ratio_unit, lang, style), approx)
            }
        };
        out.push(KeyFigureView { value, label: fig.label.clone(), source: source_line(site, lang, ind), approx });
    }
    Ok(out)
}
