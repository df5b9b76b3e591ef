//! Resolve: turns the loaded files into the immutable site model that rendering reads.
//!
//! Owns page kinds and URLs, translation pairing (same path under each language folder),
//! list pages and their children, indicators and charts merged and checked across files, UI
//! strings, and series colours. Knows nothing about HTML.

pub mod data;
pub mod patch;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::SiteConfig;
use crate::error::{Location, Warning};
use crate::i18n::{I18n, I18nError};
use crate::lang::Lang;
use crate::load::frontmatter::Date;
use crate::load::{LoadedSite, SourcePage, StaticFile, TemplateSource};
pub use data::{Chart, Indicator, Series, Source};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("{at}: {message}")]
    Data { at: Location, message: String },
    #[error("{at}: {message}")]
    Duplicate { at: Location, message: String },
    #[error("{at}: {message}")]
    Disagree { at: Location, message: String },
    #[error("{at}: {message}")]
    Page { at: Location, message: String },
    #[error(transparent)]
    I18n(#[from] I18nError),
}

impl ResolveError {
    pub fn location(&self) -> &Location {
        match self {
            ResolveError::Data { at, .. }
            | ResolveError::Duplicate { at, .. }
            | ResolveError::Disagree { at, .. }
            | ResolveError::Page { at, .. } => at,
            ResolveError::I18n(e) => &e.at,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// The home page of a language (`content/<lang>/_index.md`).
    Home,
    /// The list page of a folder (`_index.md` below the top).
    Section,
    Article,
}

/// A page of the site, in one language.
#[derive(Debug)]
pub struct Page {
    pub kind: PageKind,
    pub lang: Lang,
    /// The path inside the language folder; translations share it (`talent.md`).
    pub rel: String,
    /// Where the page is served, relative to the site root: `zh/talent/`.
    pub site_path: String,
    /// `None` for list pages generated for folders without an `_index.md`.
    pub source: Option<SourcePage>,
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub weight: Option<i64>,
    pub tags: Vec<String>,
    pub menu: bool,
    /// Shown in article lists and feeds (front matter `in_lists`).
    pub in_lists: bool,
    pub template: String,
    /// Indices into [`Site::pages`] of this page in every language of the site, in site.yaml
    /// order (including itself); `None` where a language lacks it.
    pub translations: Vec<Option<usize>>,
    /// The list page this page belongs to.
    pub parent: Option<usize>,
    /// For list pages: the pages below them, in list order.
    pub children: Vec<usize>,
    /// The pages before and after this one in its list (for "previous / next" links).
    pub previous: Option<usize>,
    pub next: Option<usize>,
}

impl Page {
    pub fn file(&self) -> Option<&std::path::Path> {
        self.source.as_ref().map(|s| s.file.as_path())
    }

    pub fn location(&self) -> Location {
        match self.file() {
            Some(f) => Location::file(f),
            None => Location::file(format!("content/{}/{}", self.lang, self.rel)),
        }
    }

    pub fn is_list(&self) -> bool {
        self.kind != PageKind::Article
    }
}

/// The site model: built once, then only read (shared by reference with parallel renderers).
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub i18n: I18n,
    /// In language order, then by path.
    pub pages: Vec<Page>,
    pub indicators: BTreeMap<String, Indicator>,
    pub charts: BTreeMap<String, Chart>,
    /// Palette slot of every series key, so a country has one colour everywhere.
    pub series_colours: BTreeMap<String, SeriesColour>,
    pub templates: Vec<TemplateSource>,
    pub static_files: Vec<StaticFile>,
    pub warnings: Vec<Warning>,
    /// The warnings, by kind, that make up `warnings` (kept apart so a patch can redo one).
    i18n_warnings: Vec<Warning>,
    translation_warnings: Vec<Warning>,
    label_warnings: BTreeMap<String, Vec<Warning>>,
    /// Indicator id → the pages that declare it (any language), and the same for charts.
    indicator_declarers: BTreeMap<String, Vec<usize>>,
    chart_declarers: BTreeMap<String, Vec<usize>>,
    homes: Vec<usize>,
    /// (language, rel) → index into `pages`.
    by_path: PageIndex,
    /// Indicator id → the ids of the charts drawn from it.
    charts_by_indicator: BTreeMap<String, Vec<String>>,
    /// Set by [`Site::forget_written_numbers`]: the site can no longer be patched.
    numbers_forgotten: bool,
}

/// A series' colour: pinned in site.yaml, or the n-th colour of the chart palette.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeriesColour {
    Fixed(String),
    Palette(usize),
}

impl Site {
    /// The home page of the language at `lang_index` in site.yaml order.
    pub fn home(&self, lang_index: usize) -> &Page {
        &self.pages[self.homes[lang_index]]
    }

    pub fn home_of(&self, lang: &Lang) -> &Page {
        &self.pages[self.homes[self.lang_index(lang)]]
    }

    pub fn lang_index(&self, lang: &Lang) -> usize {
        self.config.languages.iter().position(|l| &l.lang == lang).unwrap_or(0)
    }

    /// The page at `rel` (path inside the language folder) in `lang`.
    pub fn page_at(&self, lang: &Lang, rel: &str) -> Option<&Page> {
        self.by_path.get(&(lang.clone(), rel.to_string())).map(|&i| &self.pages[i])
    }

    /// The charts drawn from an indicator.
    pub fn charts_of(&self, indicator: &str) -> &[String] {
        self.charts_by_indicator.get(indicator).map_or(&[], Vec::as_slice)
    }

    pub fn articles(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(|p| p.kind == PageKind::Article)
    }

    /// Frees the numbers as the pages wrote them (`years:` and `series:` under `indicators:`):
    /// every [`Indicator`] holds its own merged copy, and rendering reads only that. A one-shot
    /// build calls this; on a generated 2,000-page site it lowers the peak memory by a tenth.
    /// `serve` must not: [`patch::patch`] merges an edited page's numbers with those of the
    /// pages that declare the same indicator.
    pub fn forget_written_numbers(&mut self) {
        for source in self.pages.iter_mut().filter_map(|p| p.source.as_mut()) {
            for (_, def) in source.front.indicators.0.iter_mut() {
                def.years = None;
                def.series = None;
            }
        }
        self.numbers_forgotten = true;
    }
}

/// Builds the site model; all problems found are returned together, sorted by place.
pub fn resolve(loaded: LoadedSite) -> Result<Site, Vec<ResolveError>> {
    let LoadedSite { root, config, pages: sources, templates, static_files, i18n: i18n_sources } = loaded;
    let mut errors = Vec::new();
    let (i18n, i18n_warnings) = match I18n::build(&config, &i18n_sources) {
        Ok(x) => x,
        Err(e) => return Err(vec![e.into()]),
    };
    // The pages are built first so that the data and the page tables, which need only the
    // sources, can be worked out side by side (at 20,000 pages each is a good part of a second).
    let (pages, homes, by_path) = build_pages(&config, sources);
    let ((indicators, charts, data_errors), (title_errors, collisions, by_page)) = rayon::join(
        || {
            let mut errors = Vec::new();
            let refs: Vec<&SourcePage> = pages.iter().filter_map(|p| p.source.as_ref()).collect();
            let indicators = data::indicators(&refs, &config.units, &config.default_language, &mut errors);
            let charts = data::charts(&refs, &indicators, &config.default_language, &mut errors);
            errors.extend(data::clashing_ids(charts.values(), |id| charts.contains_key(id)));
            (indicators, charts, errors)
        },
        || {
            let untitled: Vec<ResolveError> =
                pages.iter().filter_map(|p| p.source.as_ref().and_then(untitled)).collect();
            (untitled, same_place(&pages), PageTables::of(&config, &pages))
        },
    );
    errors.extend(data_errors);
    errors.extend(title_errors);
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.location().cmp(b.location()));
        return Err(errors);
    }
    if !collisions.is_empty() {
        return Err(collisions);
    }
    let PageTables { translation_warnings, indicator_declarers, chart_declarers } = by_page;
    let (label_warnings, (series_colours, charts_by_indicator)) = rayon::join(
        || label_warnings(&config, indicators.values()),
        || (assign_colours(&config, &indicators), charts_by_indicator(&charts)),
    );
    let warnings = all_warnings(&i18n_warnings, &translation_warnings, &label_warnings);
    Ok(Site {
        root,
        config,
        i18n,
        pages,
        indicators,
        charts,
        series_colours,
        templates,
        static_files,
        warnings,
        i18n_warnings,
        translation_warnings,
        label_warnings,
        indicator_declarers,
        chart_declarers,
        homes,
        by_path,
        charts_by_indicator,
        numbers_forgotten: false,
    })
}

/// The error for a page written without a title (list pages get one from their folder).
fn untitled(source: &SourcePage) -> Option<ResolveError> {
    let missing = source.front.title.as_deref().is_none_or(|t| t.trim().is_empty()) && !source.is_index();
    missing.then(|| ResolveError::Page {
        at: Location::file(&source.file),
        message: "the page has no title: add `title: ...` to its front matter".into(),
    })
}

/// What the site keeps about its pages besides the pages themselves.
struct PageTables {
    translation_warnings: Vec<Warning>,
    indicator_declarers: BTreeMap<String, Vec<usize>>,
    chart_declarers: BTreeMap<String, Vec<usize>>,
}

impl PageTables {
    fn of(config: &SiteConfig, pages: &[Page]) -> PageTables {
        let (indicator_declarers, chart_declarers) = declarers(pages);
        PageTables { translation_warnings: translation_warnings(config, pages), indicator_declarers, chart_declarers }
    }
}

fn charts_by_indicator(charts: &BTreeMap<String, Chart>) -> BTreeMap<String, Vec<String>> {
    let mut by_indicator: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for chart in charts.values() {
        by_indicator.entry(chart.indicator.clone()).or_default().push(chart.id.clone());
    }
    by_indicator
}

/// Indices into [`Site::pages`] by language and path inside the language folder.
type PageIndex = BTreeMap<(Lang, String), usize>;

/// URL path of a page file: `talent.md` → `zh/talent/`, `a/_index.md` → `zh/a/`.
fn site_path(lang: &Lang, rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let stem = if stem == "_index" { "" } else { stem.strip_suffix("/_index").unwrap_or(stem) };
    if stem.is_empty() { format!("{lang}/") } else { format!("{lang}/{stem}/") }
}

fn folder_of(rel: &str) -> &str {
    let without_index = rel.strip_suffix("/_index.md").or_else(|| (rel == "_index.md").then_some(""));
    match without_index {
        // A list page belongs to the folder above its own.
        Some(folder) => folder.rsplit_once('/').map_or("", |(parent, _)| parent),
        None => rel.rsplit_once('/').map_or("", |(folder, _)| folder),
    }
}

fn list_rel(folder: &str) -> String {
    if folder.is_empty() { "_index.md".to_string() } else { format!("{folder}/_index.md") }
}

/// The pages in site order, the home page of each language, and each page's index by
/// language and path.
fn build_pages(config: &SiteConfig, sources: Vec<SourcePage>) -> (Vec<Page>, Vec<usize>, PageIndex) {
    let mut pages: Vec<Page> = sources.into_iter().map(|s| page_from_source(config, s)).collect();
    // Every language gets a home page, and every folder with pages a list page.
    let written: std::collections::HashSet<(Lang, String)> =
        pages.iter().map(|p| (p.lang.clone(), p.rel.clone())).collect();
    for language in &config.languages {
        let lang = &language.lang;
        let mut needed: Vec<String> = vec![String::new()];
        for p in pages.iter().filter(|p| &p.lang == lang) {
            let mut folder = folder_of(&p.rel).to_string();
            loop {
                needed.push(folder.clone());
                match folder.rsplit_once('/') {
                    Some((parent, _)) => folder = parent.to_string(),
                    None if !folder.is_empty() => folder = String::new(),
                    None => break,
                }
            }
        }
        needed.sort();
        needed.dedup();
        for folder in needed {
            let rel = list_rel(&folder);
            if !written.contains(&(lang.clone(), rel.clone())) {
                pages.push(generated_list(config, lang, &folder, rel));
            }
        }
    }
    let order = |lang: &Lang| config.languages.iter().position(|l| &l.lang == lang).unwrap_or(usize::MAX);
    pages.sort_by(|a, b| (order(&a.lang), &a.rel).cmp(&(order(&b.lang), &b.rel)));

    let index: PageIndex = pages.iter().enumerate().map(|(i, p)| ((p.lang.clone(), p.rel.clone()), i)).collect();
    for page in pages.iter_mut() {
        page.translations =
            config.languages.iter().map(|l| index.get(&(l.lang.clone(), page.rel.clone())).copied()).collect();
        if page.kind != PageKind::Home {
            let parent_rel = list_rel(folder_of(&page.rel));
            page.parent = index.get(&(page.lang.clone(), parent_rel)).copied();
        }
    }
    for i in 0..pages.len() {
        if let (Some(parent), true) = (pages[i].parent, pages[i].in_lists) {
            pages[parent].children.push(i);
        }
    }
    for i in 0..pages.len() {
        let mut children = std::mem::take(&mut pages[i].children);
        children.sort_by(|&a, &b| list_order(&pages[a], &pages[b]));
        link_neighbours(&mut pages, &children);
        pages[i].children = children;
    }
    let homes = config.languages.iter().map(|l| index[&(l.lang.clone(), "_index.md".to_string())]).collect();
    (pages, homes, index)
}

/// Two pages published at one URL (`a.md` and `a/_index.md`, or `a.md` beside a folder `a/`
/// whose list page brief makes): one would silently replace the other.
fn same_place(pages: &[Page]) -> Vec<ResolveError> {
    let mut first: BTreeMap<&str, &Page> = BTreeMap::new();
    let mut errors = Vec::new();
    for page in pages {
        let Some(other) = first.insert(&page.site_path, page) else { continue };
        let (with_file, generated) = match (&page.source, &other.source) {
            (Some(_), None) => (page, Some(other)),
            (None, Some(_)) => (other, Some(page)),
            _ => (page, None),
        };
        let message = match generated {
            Some(list) => format!(
                "this page is published at /{}, where the list page of the folder content/{}/{} goes; rename the file or the folder (a folder's own page is its _index.md)",
                list.site_path,
                list.lang,
                list.rel.trim_end_matches("_index.md")
            ),
            None => format!(
                "this page and {} are both published at /{}; rename or move one of them",
                other.location(),
                page.site_path
            ),
        };
        errors.push(ResolveError::Page { at: with_file.location(), message });
    }
    errors
}

/// Sets `previous` and `next` along a list; returns the pages whose neighbours changed.
fn link_neighbours(pages: &mut [Page], list: &[usize]) -> Vec<usize> {
    let mut changed = Vec::new();
    for (pos, &i) in list.iter().enumerate() {
        let previous = pos.checked_sub(1).map(|p| list[p]);
        let next = list.get(pos + 1).copied();
        if (pages[i].previous, pages[i].next) != (previous, next) {
            pages[i].previous = previous;
            pages[i].next = next;
            changed.push(i);
        }
    }
    changed
}

/// Lists show weighted pages first (lowest weight first), then the newest, then by title.
pub fn list_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    let weight = |p: &Page| p.weight.map_or((1, 0), |w| (0, w));
    weight(a)
        .cmp(&weight(b))
        .then_with(|| b.date.cmp(&a.date))
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.rel.cmp(&b.rel))
}

fn page_from_source(config: &SiteConfig, source: SourcePage) -> Page {
    let kind = match source.rel.as_str() {
        "_index.md" => PageKind::Home,
        rel if rel.ends_with("/_index.md") => PageKind::Section,
        _ => PageKind::Article,
    };
    let front = &source.front;
    let title = match &front.title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => default_list_title(config, &source.lang, folder_of(&source.rel), kind),
    };
    Page {
        kind,
        lang: source.lang.clone(),
        rel: source.rel.clone(),
        site_path: site_path(&source.lang, &source.rel),
        title,
        date: front.date,
        updated: front.updated,
        weight: front.weight,
        tags: front.tags.clone(),
        menu: front.menu,
        in_lists: front.in_lists,
        template: front.template.clone().unwrap_or_else(|| default_template(kind).to_string()),
        translations: Vec::new(),
        parent: None,
        previous: None,
        next: None,
        children: Vec::new(),
        source: Some(source),
    }
}

fn generated_list(config: &SiteConfig, lang: &Lang, folder: &str, rel: String) -> Page {
    let kind = if folder.is_empty() { PageKind::Home } else { PageKind::Section };
    Page {
        kind,
        lang: lang.clone(),
        site_path: site_path(lang, &rel),
        rel,
        source: None,
        title: default_list_title(config, lang, folder, kind),
        date: None,
        updated: None,
        weight: None,
        tags: Vec::new(),
        menu: false,
        in_lists: true,
        template: default_template(kind).to_string(),
        translations: Vec::new(),
        parent: None,
        previous: None,
        next: None,
        children: Vec::new(),
    }
}

fn default_list_title(config: &SiteConfig, lang: &Lang, folder: &str, kind: PageKind) -> String {
    match kind {
        PageKind::Home => config.title.get_or(lang, &config.default_language).unwrap_or("brief").to_string(),
        _ => folder.rsplit('/').next().unwrap_or(folder).to_string(),
    }
}

pub fn default_template(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "index.html",
        PageKind::Section => "list.html",
        PageKind::Article => "article.html",
    }
}

fn translation_warnings(config: &SiteConfig, pages: &[Page]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for page in pages.iter().filter(|p| p.source.is_some() && p.kind != PageKind::Home) {
        for (slot, language) in page.translations.iter().zip(&config.languages) {
            if slot.is_none() {
                warnings.push(Warning::new(
                    Some(page.location()),
                    format!(
                        "no {} translation (content/{}/{}); its language switch leads to the {} home page",
                        language.name, language.lang, page.rel, language.name
                    ),
                ));
            }
        }
    }
    warnings
}

/// Warnings about indicators without a label in some language, by indicator id.
fn label_warnings<'a>(
    config: &SiteConfig,
    indicators: impl Iterator<Item = &'a Indicator>,
) -> BTreeMap<String, Vec<Warning>> {
    let mut out = BTreeMap::new();
    for indicator in indicators {
        let warnings: Vec<Warning> = config
            .languages
            .iter()
            .filter(|language| indicator.label.get(&language.lang).is_none())
            .map(|language| {
                Warning::new(
                    Some(indicator.defined_at.clone()),
                    format!(
                        "indicator `{}` has no {} label; give one in the {} translation of this page",
                        indicator.id, language.name, language.name
                    ),
                )
            })
            .collect();
        if !warnings.is_empty() {
            out.insert(indicator.id.clone(), warnings);
        }
    }
    out
}

fn all_warnings(i18n: &[Warning], translation: &[Warning], labels: &BTreeMap<String, Vec<Warning>>) -> Vec<Warning> {
    i18n.iter().chain(translation).chain(labels.values().flatten()).cloned().collect()
}

/// Which pages declare each indicator and each chart.
#[allow(clippy::type_complexity)]
fn declarers(pages: &[Page]) -> (BTreeMap<String, Vec<usize>>, BTreeMap<String, Vec<usize>>) {
    let mut indicators: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut charts: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        let Some(source) = &page.source else { continue };
        for (id, _) in source.front.indicators.iter() {
            indicators.entry(id.clone()).or_default().push(i);
        }
        for chart in &source.front.charts {
            charts.entry(chart.id.clone()).or_default().push(i);
        }
    }
    (indicators, charts)
}

/// The distinct series keys of `indicators`, sorted.
pub fn series_keys<'a>(indicators: impl Iterator<Item = &'a Indicator>) -> Vec<&'a str> {
    // Deduplicated before sorting: a large site has a few hundred thousand series and a few
    // dozen distinct keys.
    let unique: std::collections::HashSet<&str> =
        indicators.flat_map(|i| i.series.iter().map(|s| s.key.as_str())).collect();
    let mut keys: Vec<&str> = unique.into_iter().collect();
    keys.sort_unstable();
    keys
}

fn assign_colours(config: &SiteConfig, indicators: &BTreeMap<String, Indicator>) -> BTreeMap<String, SeriesColour> {
    let mut colours: BTreeMap<String, SeriesColour> =
        config.colors.iter().map(|(k, c)| (k.clone(), SeriesColour::Fixed(c.clone()))).collect();
    let mut next = 0;
    for key in series_keys(indicators.values()) {
        if !colours.contains_key(key) {
            colours.insert(key.to_string(), SeriesColour::Palette(next));
            next += 1;
        }
    }
    colours
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_folders() {
        let zh = Lang::parse("zh").unwrap();
        assert_eq!(site_path(&zh, "_index.md"), "zh/");
        assert_eq!(site_path(&zh, "talent.md"), "zh/talent/");
        assert_eq!(site_path(&zh, "a/_index.md"), "zh/a/");
        assert_eq!(site_path(&zh, "a/b.md"), "zh/a/b/");
        assert_eq!(folder_of("talent.md"), "");
        assert_eq!(folder_of("a/b.md"), "a");
        assert_eq!(folder_of("a/_index.md"), "");
        assert_eq!(folder_of("a/b/_index.md"), "a");
    }
}
