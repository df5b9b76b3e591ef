//! Render: turns the site model into output files — pages through Tera, charts through
//! `crate::chart`, data files, feeds and the sitemap.
//!
//! Pages are independent, so they render in parallel (rayon) and stream to the [`Sink`] the
//! caller gives: the write stage's temporary directory for a build, memory for `serve`, nothing
//! for `check`. Site-wide values are computed once before the parallel part. The files beside
//! the pages (data, feeds, sitemap, static) are written while the pages render; only the
//! standalone charts no page drew wait for them.

pub mod context;
pub mod emphasis;
pub mod feeds;
pub mod figure;
pub mod markdown;
pub mod rawhtml;
pub mod shortcodes;
pub mod templates;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::error::Location;
use crate::lang::Lang;
use crate::resolve::{Page, PageKind, Site};
use crate::write::Sink;
use context::{PageSummary, PageView};
use markdown::{Body, BodyEnv, InternalLink};
use templates::Templates;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("{at}: {message}")]
    Shortcode { at: Location, message: String },
    #[error("{at}: {message}")]
    Link { at: Location, message: String },
    #[error("{at}: {message}")]
    Emphasis { at: Location, message: String },
    #[error("{at}: {message}")]
    Template { at: Location, message: String },
    #[error("{at}: {message}")]
    Page { at: Location, message: String },
    #[error("{at}: cannot write the output: {message}")]
    Output { at: Location, message: String },
}

impl RenderError {
    pub fn location(&self) -> &Location {
        match self {
            RenderError::Shortcode { at, .. }
            | RenderError::Link { at, .. }
            | RenderError::Emphasis { at, .. }
            | RenderError::Template { at, .. }
            | RenderError::Page { at, .. }
            | RenderError::Output { at, .. } => at,
        }
    }
}

/// What a render produced, for the build report.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RenderReport {
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
    /// How long each part took, for `--timings`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// One rendered page: what the link checker and incremental rebuilds need to know about it.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub index: usize,
    pub links: Vec<InternalLink>,
    pub anchors: Vec<String>,
    /// Indicators and charts its shortcodes used.
    pub uses: shortcodes::Uses,
    /// The http(s) URLs it links to outside the site (for `check --external`).
    pub external: Vec<String>,
}

/// Renders the whole site into `sink`. All errors of all pages are returned together.
pub fn render_site(
    site: &Site,
    sink: &dyn Sink,
) -> Result<(RenderReport, Prepared, Vec<RenderedPage>), Vec<RenderError>> {
    let mut clock = Clock::start();
    let templates = Templates::load(&site.templates)?;
    clock.lap("templates");
    let prepared = Prepared::new(site, templates)?;
    clock.lap("summaries and site-wide views");
    let all: Vec<usize> = (0..site.pages.len()).collect();
    // The files beside the pages need nothing the pages make: they are written meanwhile,
    // keeping both cores busy through the serial parts (sitemap, feeds) of either.
    let mut which = Extras::everything();
    let ((rendered, mut errors, standalone_written), extras) =
        rayon::join(|| render_pages(site, &prepared, &all, sink), || write_extras(site, &prepared, &which, sink));
    clock.lap("pages, data, feeds, static");
    let mut report = RenderReport { pages: rendered.len(), ..RenderReport::default() };
    if errors.is_empty() {
        let anchors = anchor_index(site, &rendered);
        let find = |path: &str| anchors.get(path).copied();
        errors.extend(crate::links::check(site, rendered.iter().flat_map(|r| &r.links), &find));
    }
    clock.lap("links");
    // A failed page is reported alone: what the extras say of the same mistake adds nothing.
    if errors.is_empty() {
        which.svg_written = standalone_written;
        match all_written(extras, write_standalone_charts(site, &which, sink)) {
            Ok(files) => {
                // Pages, the root copy of the home page, standalone charts drawn with pages.
                report.files = files + rendered.len() + 1 + which.svg_written.len();
                report.charts = site.charts.len();
            }
            Err(e) => errors.extend(e),
        }
    }
    clock.lap("standalone charts");
    if !errors.is_empty() {
        return Err(sorted(errors));
    }
    report.timings = clock.laps;
    Ok((report, prepared, rendered))
}

/// The files two writers wrote, or the errors of both.
pub fn all_written(
    a: Result<usize, Vec<RenderError>>,
    b: Result<usize, Vec<RenderError>>,
) -> Result<usize, Vec<RenderError>> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok(a + b),
        (a, b) => Err(a.err().into_iter().chain(b.err()).flatten().collect()),
    }
}

pub fn sorted(mut errors: Vec<RenderError>) -> Vec<RenderError> {
    errors.sort_by(|a, b| a.location().cmp(b.location()));
    errors.dedup();
    errors
}

/// Renders the pages at `indices` into `sink`, in parallel. Also returns the paths of the
/// charts' standalone files the pages wrote.
pub fn render_pages(
    site: &Site,
    prepared: &Prepared,
    indices: &[usize],
    sink: &dyn Sink,
) -> (Vec<RenderedPage>, Vec<RenderError>, BTreeSet<String>) {
    // Every page that shows a chart draws its standalone file; the first to finish writes it
    // (the drawing depends only on the chart and the language), so each path is written once.
    let standalone_written = Mutex::new(BTreeSet::new());
    let results: Vec<Result<RenderedPage, Vec<RenderError>>> =
        indices.par_iter().map(|&i| render_page(site, prepared, i, sink, &standalone_written)).collect();
    let mut errors = Vec::new();
    let mut rendered = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(page) => rendered.push(page),
            Err(e) => errors.extend(e),
        }
    }
    (rendered, errors, standalone_written.into_inner().unwrap_or_else(PoisonError::into_inner))
}

/// Wall-clock time per phase.
pub struct Clock {
    last: std::time::Instant,
    pub laps: Vec<(&'static str, std::time::Duration)>,
}

impl Clock {
    pub fn start() -> Clock {
        Clock { last: std::time::Instant::now(), laps: Vec::new() }
    }

    pub fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }
}

/// What rendering needs besides the model: the templates, every page's summary, and the
/// per-language values shared by every page (cheap to clone: Tera values are reference counted).
pub struct Prepared {
    pub templates: Templates,
    /// Per page, as lists show it.
    pub summaries: Vec<PageSummary>,
    /// Per page, the summary HTML for feeds.
    pub feed_summaries: Vec<String>,
    /// Per language, the site view, and the same as a Tera value.
    pub views: Vec<context::SiteView>,
    site_values: Vec<tera::Value>,
    ui: Vec<tera::Value>,
    /// Whether some template shows the indicator tables (`site.indicators`).
    with_indicators: bool,
}

impl Prepared {
    pub fn new(site: &Site, templates: Templates) -> Result<Prepared, Vec<RenderError>> {
        check_templates(site, &templates)?;
        check_static_paths(site)?;
        let (summaries, feed_summaries) = summaries(site);
        let with_indicators = uses_indicators(site, &templates);
        let ui = site
            .config
            .languages
            .iter()
            .map(|l| tera::Value::from_serializable(&site.i18n.ui_table(&l.lang).cloned().unwrap_or_default()))
            .collect();
        let mut prepared = Prepared {
            templates,
            summaries,
            feed_summaries,
            views: Vec::new(),
            site_values: Vec::new(),
            ui,
            with_indicators,
        };
        let n = site.config.languages.len();
        let views: Vec<context::SiteView> =
            (0..n).into_par_iter().map(|i| context::site_view(site, i, &prepared.summaries, with_indicators)).collect();
        prepared.site_values = views.par_iter().map(tera::Value::from_serializable).collect();
        prepared.views = views;
        Ok(prepared)
    }

    /// Puts new templates in place; returns whether that changes if the indicator tables are
    /// needed (then every site view must be rebuilt).
    pub fn set_templates(&mut self, site: &Site, templates: Templates) -> bool {
        let with_indicators = uses_indicators(site, &templates);
        self.templates = templates;
        let flipped = with_indicators != self.with_indicators;
        self.with_indicators = with_indicators;
        flipped
    }

    /// Whether some template shows the indicator tables (`site.indicators`).
    pub fn shows_indicators(&self) -> bool {
        self.with_indicators
    }

    /// Recomputes the summaries of `pages` (after their source changed); returns those whose
    /// summary, as lists show it, differs.
    pub fn refresh_summaries(&mut self, site: &Site, pages: &[usize]) -> Vec<usize> {
        let mut changed = Vec::new();
        for &i in pages {
            let (summary, feed) = summary_of(site, &site.pages[i]);
            if summary != self.summaries[i] || feed != self.feed_summaries[i] {
                changed.push(i);
            }
            self.summaries[i] = summary;
            self.feed_summaries[i] = feed;
        }
        changed
    }

    /// Rebuilds the site view of language `li`; returns the names of the parts that changed
    /// (`menu`, `latest`, `articles`, `tags`, `indicators`), so only the pages whose templates
    /// show them are rendered again.
    pub fn refresh_view(&mut self, site: &Site, li: usize) -> Vec<&'static str> {
        let new = context::site_view(site, li, &self.summaries, self.with_indicators);
        let old = &self.views[li];
        let mut changed = Vec::new();
        if new.menu != old.menu {
            changed.push("menu");
        }
        if new.latest != old.latest {
            changed.push("latest");
        }
        if new.articles != old.articles {
            changed.push("articles");
        }
        if new.tags != old.tags {
            changed.push("tags");
        }
        if new.indicators != old.indicators {
            changed.push("indicators");
        }
        if !changed.is_empty() {
            self.site_values[li] = tera::Value::from_serializable(&new);
            self.views[li] = new;
        }
        changed
    }
}

/// Whether a template some page uses shows the indicator tables (`site.indicators`).
fn uses_indicators(site: &Site, templates: &Templates) -> bool {
    let mut used: Vec<&str> = site.pages.iter().map(|p| p.template.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    used.iter().any(|t| templates.mentions(t, "site.indicators"))
}

/// Every id each rendered page defines, by the page's site path (ids are sorted).
pub fn anchor_index<'a>(site: &'a Site, rendered: &'a [RenderedPage]) -> BTreeMap<&'a str, &'a [String]> {
    rendered.iter().map(|r| (site.pages[r.index].site_path.as_str(), r.anchors.as_slice())).collect()
}

/// Every page's summary (as lists show it) and its plain HTML summary (for feeds).
fn summaries(site: &Site) -> (Vec<PageSummary>, Vec<String>) {
    site.pages.par_iter().map(|page| summary_of(site, page)).unzip()
}

fn summary_of(site: &Site, page: &Page) -> (PageSummary, String) {
    let (html, minutes) = match &page.source {
        None => (String::new(), 1),
        Some(source) => {
            let summary = match &source.front.summary {
                Some(s) => shortcodes::escape(s.trim()),
                None => markdown::first_paragraph(site, page, source).unwrap_or_default(),
            };
            (summary, markdown::reading_minutes(source.body()))
        }
    };
    (context::page_summary(site, page, &html, minutes), html)
}

fn check_templates(site: &Site, templates: &Templates) -> Result<(), Vec<RenderError>> {
    let errors: Vec<RenderError> = site
        .pages
        .iter()
        .filter(|p| !templates.has(&p.template))
        .map(|p| RenderError::Page {
            at: p.source.as_ref().map_or_else(|| p.location(), |s| s.key_location(&["template"])),
            message: format!("template `{}` does not exist in templates/ (nor among the built-in ones)", p.template),
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// A static file (from `static/`, or beside the pages in `content/<lang>/`) must not land where
/// brief writes a file of its own, nor where another static file lands: one would silently
/// replace the other, whichever was written last.
fn check_static_paths(site: &Site) -> Result<(), Vec<RenderError>> {
    if site.static_files.is_empty() {
        return Ok(());
    }
    // Every page's file is an `index.html` (see `output_paths`): the list of them, 20,000
    // paths on a large site, is only needed when a static file has that name.
    let pages: BTreeSet<String> = if site.static_files.iter().any(|f| f.site_path.ends_with("index.html")) {
        (0..site.pages.len()).flat_map(|i| output_paths(site, i)).collect()
    } else {
        BTreeSet::new()
    };
    let shown = |f: &crate::load::StaticFile| Location::file(f.source.strip_prefix(&site.root).unwrap_or(&f.source));
    let mut seen: BTreeMap<&str, &crate::load::StaticFile> = BTreeMap::new();
    let mut errors = Vec::new();
    for file in &site.static_files {
        let path = file.site_path.as_str();
        if pages.contains(path) || is_generated_file(site, path) {
            errors.push(RenderError::Page {
                at: shown(file),
                message: format!("brief writes /{path} itself, and this file would replace it; rename or remove it"),
            });
        } else if let Some(other) = seen.insert(path, file) {
            errors.push(RenderError::Page {
                at: shown(file),
                message: format!("this file and {} are both published at /{path}; keep one", shown(other)),
            });
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(sorted(errors)) }
}

/// Whether brief writes a file of its own (not a page) at `path`: one of the site-wide files,
/// a feed, a chart's standalone SVG ([`figure::svg_path`]) or an indicator's CSV
/// ([`figure::csv_path`]). A question about one path, so no list of every file is built.
pub fn is_generated_file(site: &Site, path: &str) -> bool {
    const SITE_FILES: [&str; 5] = ["404.html", "sitemap.xml", "robots.txt", ".nojekyll", "CNAME"];
    let chart_of = |lang: &str| {
        let file = path.strip_prefix(lang)?.strip_prefix("/charts/")?.strip_suffix(".svg")?;
        site.charts.contains_key(file).then_some(())
    };
    SITE_FILES.contains(&path)
        || path
            .strip_prefix("data/")
            .and_then(|f| f.strip_suffix(".csv"))
            .is_some_and(|id| site.indicators.contains_key(id))
        || site
            .config
            .languages
            .iter()
            .any(|l| path == context::feed_path(&l.lang) || chart_of(l.lang.as_str()).is_some())
}

fn render_page(
    site: &Site,
    prepared: &Prepared,
    index: usize,
    sink: &dyn Sink,
    standalone_written: &Mutex<BTreeSet<String>>,
) -> Result<RenderedPage, Vec<RenderError>> {
    let page = &site.pages[index];
    let standalone: std::cell::RefCell<Vec<(String, String)>> = std::cell::RefCell::default();
    let body = match &page.source {
        Some(source) => {
            // The standalone file of each chart is drawn with its figure, and written with the page.
            let figure = |id: &str| {
                let f = figure::figure(site, &page.lang, id)?;
                standalone.borrow_mut().push((figure::svg_path(&page.lang, id), f.standalone));
                Ok(f.html)
            };
            markdown::render_body(&BodyEnv { site, page, figure: &figure }, source)?
        }
        None => Body::default(),
    };
    let html = page_html(site, prepared, index, &body).map_err(|e| vec![e])?;
    let mut scanned = crate::links::scan(&html);
    let mut anchors = body.anchors;
    anchors.append(&mut scanned.ids);
    anchors.sort_unstable();
    anchors.dedup();
    let mut links = crate::links::template_links(site, index, &scanned, &body.links);
    links.extend(body.links);
    let external = crate::links::external_urls(site, &scanned).cloned().collect();
    for path in output_paths(site, index) {
        write(sink, &path, &html, page).map_err(|e| vec![e])?;
    }
    for (path, svg) in standalone.into_inner() {
        let first = standalone_written.lock().unwrap_or_else(PoisonError::into_inner).insert(path.clone());
        if first {
            write(sink, &path, svg.as_bytes(), page).map_err(|e| vec![e])?;
        }
    }
    let mut uses = body.uses;
    if let Some(source) = &page.source {
        uses.indicators.extend(source.front.key_figures.iter().map(|k| k.indicator.clone()));
    }
    Ok(RenderedPage { index, links, anchors, uses, external })
}

/// Where a page's HTML goes: its own folder, and the site root for the default home page
/// (which is served at `/` too; its canonical URL stays `/<lang>/`).
pub fn output_paths(site: &Site, index: usize) -> Vec<String> {
    let page = &site.pages[index];
    let mut paths = vec![format!("{}index.html", page.site_path)];
    if page.kind == PageKind::Home && page.lang == site.config.default_language {
        paths.push("index.html".to_string());
    }
    paths
}

fn write(sink: &dyn Sink, path: &str, bytes: &[u8], page: &Page) -> Result<(), RenderError> {
    sink.write(path, bytes).map_err(|e| RenderError::Output { at: page.location(), message: e.to_string() })
}

fn page_html(site: &Site, prepared: &Prepared, index: usize, body: &Body) -> Result<Vec<u8>, RenderError> {
    let page = &site.pages[index];
    let li = site.lang_index(&page.lang);
    let view =
        page_view(site, prepared, index, body).map_err(|message| RenderError::Page { at: page.location(), message })?;
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", prepared.site_values[li].clone());
    ctx.insert_value("t", prepared.ui[li].clone());
    ctx.insert("lang", page.lang.as_str());
    ctx.insert("html_lang", &site.config.languages[li].html_lang);
    // A page view is a struct, so a map; taken over, not cloned, to add the HTML.
    let mut page_value = tera::Value::from_serializable(&view).into_map().unwrap_or_default();
    page_value.insert("content".into(), tera::Value::safe_string(&body.html));
    page_value.insert("summary".into(), tera::Value::safe_string(&prepared.summaries[index].summary));
    ctx.insert_value("page", tera::Value::from(page_value));
    let location = page.location();
    // The template's own markup rarely passes 16 KB.
    let size_hint = body.html.len() + prepared.summaries[index].summary.len() + 16 * 1024;
    prepared.templates.render(&page.template, &ctx, Some(&location), size_hint)
}

fn page_view(site: &Site, prepared: &Prepared, index: usize, body: &Body) -> Result<PageView, String> {
    let page = &site.pages[index];
    let base = &site.config.base_url;
    let (translations, alternates) = context::translations(site, page);
    let parent = page
        .parent
        .map(|p| context::Link { title: site.pages[p].title.clone(), url: base.href(&site.pages[p].site_path) });
    let summary = &prepared.summaries[index];
    let link =
        |i: usize| context::Link { title: site.pages[i].title.clone(), url: base.href(&site.pages[i].site_path) };
    Ok(PageView {
        kind: page.kind,
        title: page.title.clone(),
        url: base.href(&page.site_path),
        permalink: base.absolute(&page.site_path),
        canonical: base.absolute(&page.site_path),
        lang: page.lang.to_string(),
        date: page.date.map(|d| d.to_string()),
        date_display: summary.date_display.clone(),
        updated: page.updated.map(|d| d.to_string()),
        updated_display: page.updated.map(|d| crate::format::date(d, &page.lang)),
        reading_minutes: summary.reading_minutes,
        tags: page.tags.clone(),
        toc: body.toc.clone(),
        translations,
        alternates,
        parent,
        children: page.children.iter().map(|&c| prepared.summaries[c].clone()).collect(),
        previous: page.previous.map(link),
        next: page.next.map(link),
        description: markdown::strip_tags(&summary.summary).split_whitespace().collect::<Vec<_>>().join(" "),
        summary_given: page.source.as_ref().is_some_and(|s| s.front.summary.is_some()),
        key_figures: context::key_figures(site, page)?,
        source_file: page.file().map(|f| f.to_string_lossy().replace('\\', "/")),
    })
}

/// Which of the files beside the pages to write.
#[derive(Debug, Default, Clone)]
pub struct Extras {
    pub not_found: bool,
    pub feeds: bool,
    pub sitemap: bool,
    /// Indicator ids whose CSV to write.
    pub csv: BTreeSet<String>,
    /// Chart ids whose standalone SVGs to write (in every language).
    pub svg: BTreeSet<String>,
    /// Paths of standalone SVGs the pages rendered in this pass have already written (drawn
    /// together with their figures), so not drawn again here.
    pub svg_written: BTreeSet<String>,
    /// Site paths of static files to copy.
    pub statics: BTreeSet<String>,
    pub all: bool,
}

impl Extras {
    pub fn everything() -> Extras {
        Extras { all: true, ..Extras::default() }
    }
}

/// The 404 page, feeds, sitemap, robots.txt, data files and static files (all of them, or
/// those `which` names; standalone charts are [`write_standalone_charts`]'s). Returns the
/// number of files written.
pub fn write_extras(
    site: &Site,
    prepared: &Prepared,
    which: &Extras,
    sink: &dyn Sink,
) -> Result<usize, Vec<RenderError>> {
    let mut files = 0;
    let out = |path: &str, bytes: &[u8]| {
        sink.write(path, bytes)
            .map_err(|e| vec![RenderError::Output { at: Location::file(path), message: e.to_string() }])
    };
    if which.all || which.not_found {
        out("404.html", &not_found_page(site, prepared)?)?;
        files += 1;
    }
    if which.all || which.sitemap {
        out("sitemap.xml", feeds::sitemap(site).as_bytes())?;
        files += 1;
    }
    if which.all {
        out("robots.txt", feeds::robots(site).as_bytes())?;
        out(".nojekyll", b"")?;
        files += 2;
        if let Some(cname) = &site.config.cname {
            out("CNAME", format!("{cname}\n").as_bytes())?;
            files += 1;
        }
    }
    if which.all || which.feeds {
        for (i, language) in site.config.languages.iter().enumerate() {
            out(&context::feed_path(&language.lang), feeds::atom(site, i, &prepared.feed_summaries).as_bytes())?;
            files += 1;
        }
    }
    let indicators: Vec<&crate::resolve::Indicator> = if which.all {
        site.indicators.values().collect()
    } else {
        which.csv.iter().filter_map(|id| site.indicators.get(id)).collect()
    };
    let csvs: Vec<Result<(), Vec<RenderError>>> = indicators
        .par_iter()
        .map(|ind| {
            let bytes = figure::csv(site, ind)
                .map_err(|m| vec![RenderError::Output { at: ind.defined_at.clone(), message: m }])?;
            out(&figure::csv_path(&ind.id), &bytes)
        })
        .collect();
    files += indicators.len();
    let statics: Vec<&crate::load::StaticFile> =
        site.static_files.iter().filter(|f| which.all || which.statics.contains(&f.site_path)).collect();
    let copies: Vec<Result<(), Vec<RenderError>>> = statics
        .par_iter()
        .map(|f| {
            sink.copy(&f.site_path, &f.source)
                .map_err(|e| vec![RenderError::Output { at: Location::file(&f.site_path), message: e.to_string() }])
        })
        .collect();
    files += statics.len();
    let errors: Vec<RenderError> = csvs.into_iter().chain(copies).filter_map(Result::err).flatten().collect();
    if errors.is_empty() { Ok(files) } else { Err(errors) }
}

/// The standalone SVG files of the charts `which` names (all with `all`) in every language,
/// but those the pages already wrote (`which.svg_written`). Returns the number written.
pub fn write_standalone_charts(site: &Site, which: &Extras, sink: &dyn Sink) -> Result<usize, Vec<RenderError>> {
    let charts: Vec<&crate::resolve::Chart> = if which.all {
        site.charts.values().collect()
    } else {
        which.svg.iter().filter_map(|id| site.charts.get(id)).collect()
    };
    let jobs: Vec<(&Lang, &crate::resolve::Chart)> = charts
        .into_iter()
        .flat_map(|c| site.config.languages.iter().map(move |l| (&l.lang, c)))
        .filter(|(lang, c)| !which.svg_written.contains(&figure::svg_path(lang, &c.id)))
        .collect();
    let svgs: Vec<Result<(), Vec<RenderError>>> = jobs
        .par_iter()
        .map(|(lang, chart)| {
            let svg = figure::standalone_svg(site, lang, chart)
                .map_err(|message| vec![RenderError::Page { at: chart.defined_at.clone(), message }])?;
            let path = figure::svg_path(lang, &chart.id);
            sink.write(&path, svg.as_bytes())
                .map_err(|e| vec![RenderError::Output { at: Location::file(&path), message: e.to_string() }])
        })
        .collect();
    let errors: Vec<RenderError> = svgs.into_iter().filter_map(Result::err).flatten().collect();
    if errors.is_empty() { Ok(jobs.len()) } else { Err(errors) }
}

fn not_found_page(site: &Site, prepared: &Prepared) -> Result<Vec<u8>, Vec<RenderError>> {
    let li = site.lang_index(&site.config.default_language);
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", prepared.site_values[li].clone());
    ctx.insert_value("t", prepared.ui[li].clone());
    ctx.insert("lang", site.config.default_language.as_str());
    ctx.insert("html_lang", &site.config.languages[li].html_lang);
    ctx.insert_value("ui_by_language", tera::Value::from(prepared.ui.clone()));
    prepared.templates.render("404.html", &ctx, None, 16 * 1024).map_err(|e| vec![e])
}
