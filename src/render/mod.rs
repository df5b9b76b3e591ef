//! Render: turns the site model into output files — pages through Tera, charts through
//! `crate::chart`, data files, feeds and the sitemap.
//!
//! Pages are independent, so they render in parallel (rayon) and stream to the [`Sink`] the
//! caller gives: the write stage's temporary directory for a build, memory for `serve`, nothing
//! for `check`. Site-wide values are computed once before the parallel part.

pub mod context;
pub mod emphasis;
pub mod feeds;
pub mod figure;
pub mod markdown;
pub mod shortcodes;
pub mod templates;

use rayon::prelude::*;

use crate::error::Location;
use crate::lang::Lang;
use crate::load::SourcePage;
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

/// One rendered page, kept by `serve` for incremental rebuilds and by the link checker.
#[derive(Debug)]
pub struct RenderedPage {
    pub index: usize,
    pub links: Vec<InternalLink>,
    pub anchors: Vec<String>,
}

/// Renders the whole site into `sink`. All errors of all pages are returned together.
pub fn render_site(site: &Site, sink: &dyn Sink) -> Result<RenderReport, Vec<RenderError>> {
    let mut clock = Clock::start();
    let templates = Templates::load(&site.templates)?;
    check_templates(site, &templates)?;
    clock.lap("templates");
    let (summaries, plain_summaries) = summaries(site);
    clock.lap("summaries");
    let shared = Shared::new(site, &templates, &summaries);
    clock.lap("site-wide views");

    let results: Vec<Result<RenderedPage, Vec<RenderError>>> =
        (0..site.pages.len()).into_par_iter().map(|i| render_page(site, &templates, &shared, i, sink)).collect();
    clock.lap("pages");
    let mut errors: Vec<RenderError> = Vec::new();
    let mut rendered = Vec::new();
    for r in results {
        match r {
            Ok(page) => rendered.push(page),
            Err(e) => errors.extend(e),
        }
    }
    let mut report = RenderReport { pages: rendered.len(), ..RenderReport::default() };
    if errors.is_empty() {
        errors.extend(check_links(site, &rendered));
    }
    clock.lap("links");
    if errors.is_empty() {
        match write_extras(site, &templates, &shared, &plain_summaries, sink) {
            Ok((files, charts)) => {
                report.files = files + rendered.len() + 1;
                report.charts = charts;
            }
            Err(e) => errors.extend(e),
        }
    }
    clock.lap("data, charts, feeds, static");
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.location().cmp(b.location()));
        errors.dedup();
        return Err(errors);
    }
    report.timings = clock.laps;
    Ok(report)
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

/// Per-language values shared by every page (cheap to clone: Tera values are reference counted).
struct Shared {
    site_views: Vec<tera::Value>,
    ui: Vec<tera::Value>,
    summaries: Vec<PageSummary>,
}

impl Shared {
    fn new(site: &Site, templates: &Templates, summaries: &[PageSummary]) -> Shared {
        let mut used: Vec<&str> = site.pages.iter().map(|p| p.template.as_str()).collect();
        used.sort_unstable();
        used.dedup();
        let with_indicators = used.iter().any(|t| templates.mentions(t, "site.indicators"));
        let n = site.config.languages.len();
        let site_views = (0..n)
            .into_par_iter()
            .map(|i| tera::Value::from_serializable(&context::site_view(site, i, summaries, with_indicators)))
            .collect();
        let ui = site
            .config
            .languages
            .iter()
            .map(|l| tera::Value::from_serializable(&site.i18n.ui_table(&l.lang).cloned().unwrap_or_default()))
            .collect();
        Shared { site_views, ui, summaries: summaries.to_vec() }
    }
}

/// Every page's summary (as lists show it) and its plain HTML summary (for feeds).
fn summaries(site: &Site) -> (Vec<PageSummary>, Vec<String>) {
    let html: Vec<(String, usize)> = site
        .pages
        .par_iter()
        .map(|page| match &page.source {
            None => (String::new(), 1),
            Some(source) => {
                let summary = match &source.front.summary {
                    Some(s) => shortcodes::escape(s.trim()),
                    None => markdown::first_paragraph(site, page, source).unwrap_or_default(),
                };
                (summary, markdown::reading_minutes(source.body()))
            }
        })
        .collect();
    let views = site.pages.iter().zip(&html).map(|(p, (s, m))| context::page_summary(site, p, s, *m)).collect();
    (views, html.into_iter().map(|(s, _)| s).collect())
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

fn lang_index(site: &Site, lang: &Lang) -> usize {
    site.lang_index(lang)
}

fn render_page(
    site: &Site,
    templates: &Templates,
    shared: &Shared,
    index: usize,
    sink: &dyn Sink,
) -> Result<RenderedPage, Vec<RenderError>> {
    let page = &site.pages[index];
    let body = match &page.source {
        Some(source) => {
            let figure = |id: &str| figure::figure_html(site, &page.lang, id);
            markdown::render_body(&BodyEnv { site, page, figure: &figure }, source)?
        }
        None => Body::default(),
    };
    let html = page_html(site, templates, shared, index, &body).map_err(|e| vec![e])?;
    let mut anchors = body.anchors;
    anchors.extend(html_ids(&html));
    let out_path = format!("{}index.html", page.site_path);
    write(sink, &out_path, html.as_bytes(), page).map_err(|e| vec![e])?;
    if page.kind == PageKind::Home && page.lang == site.config.default_language {
        // The site root serves the default language's home page (canonical: /<lang>/).
        write(sink, "index.html", html.as_bytes(), page).map_err(|e| vec![e])?;
    }
    Ok(RenderedPage { index, links: body.links, anchors })
}

fn write(sink: &dyn Sink, path: &str, bytes: &[u8], page: &Page) -> Result<(), RenderError> {
    sink.write(path, bytes).map_err(|e| RenderError::Output { at: page.location(), message: e.to_string() })
}

fn page_html(
    site: &Site,
    templates: &Templates,
    shared: &Shared,
    index: usize,
    body: &Body,
) -> Result<String, RenderError> {
    let page = &site.pages[index];
    let li = lang_index(site, &page.lang);
    let view =
        page_view(site, shared, index, body).map_err(|message| RenderError::Page { at: page.location(), message })?;
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", shared.site_views[li].clone());
    ctx.insert_value("t", shared.ui[li].clone());
    ctx.insert("lang", page.lang.as_str());
    ctx.insert("html_lang", &site.config.languages[li].html_lang);
    let mut page_value = tera::Value::from_serializable(&view);
    if let Some(map) = page_value.as_map() {
        let mut map = map.clone();
        map.insert("content".into(), tera::Value::safe_string(&body.html));
        map.insert("summary".into(), tera::Value::safe_string(&shared.summaries[index].summary));
        page_value = tera::Value::from(map);
    }
    ctx.insert_value("page", page_value);
    let location = page.location();
    templates.render(&page.template, &ctx, Some(&location))
}

fn page_view(site: &Site, shared: &Shared, index: usize, body: &Body) -> Result<PageView, String> {
    let page = &site.pages[index];
    let base = &site.config.base_url;
    let (translations, alternates) = context::translations(site, page);
    let parent = page
        .parent
        .map(|p| context::Link { title: site.pages[p].title.clone(), url: base.href(&site.pages[p].site_path) });
    let summary = &shared.summaries[index];
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
        children: page.children.iter().map(|&c| shared.summaries[c].clone()).collect(),
        key_figures: context::key_figures(site, page)?,
        source_file: page.file().map(|f| f.to_string_lossy().replace('\\', "/")),
    })
}

/// The values of every `id="…"` attribute in rendered HTML.
fn html_ids(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(pos) = rest.find(" id=\"") {
        rest = &rest[pos + 5..];
        if let Some(end) = rest.find('"') {
            ids.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    ids
}

/// Every link written in Markdown must reach a page (or a published file) and, if it has a
/// `#fragment`, an id on that page.
fn check_links(site: &Site, rendered: &[RenderedPage]) -> Vec<RenderError> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut anchors: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in rendered {
        let path = site.pages[r.index].site_path.as_str();
        anchors.entry(path).or_default().extend(r.anchors.iter().map(String::as_str));
    }
    let files: BTreeSet<String> = site
        .static_files
        .iter()
        .map(|f| f.site_path.clone())
        .chain(site.indicators.keys().map(|id| figure::csv_path(id)))
        .chain(site.charts.keys().flat_map(|c| site.config.languages.iter().map(move |l| figure::svg_path(&l.lang, c))))
        .collect();
    let mut errors = Vec::new();
    for link in rendered.iter().flat_map(|r| &r.links) {
        let path = link.site_path.as_str();
        let with_slash = format!("{path}/");
        let page_anchors = anchors.get(path).or_else(|| anchors.get(with_slash.as_str()));
        let exists = page_anchors.is_some()
            || files.contains(path)
            || path.is_empty()
            || files.contains(&format!("{path}index.html"));
        if !exists {
            errors.push(RenderError::Link {
                at: link.at.clone(),
                message: format!("broken link: nothing is published at /{path}"),
            });
            continue;
        }
        if let (Some(fragment), Some(ids)) = (&link.fragment, page_anchors) {
            if !fragment.is_empty() && !ids.contains(fragment.as_str()) {
                errors.push(RenderError::Link {
                    at: link.at.clone(),
                    message: format!("broken link: /{path} has no element with id `{fragment}`"),
                });
            }
        }
    }
    errors
}

/// The 404 page, feeds, sitemap, robots.txt, data files, standalone charts and static files.
fn write_extras(
    site: &Site,
    templates: &Templates,
    shared: &Shared,
    plain_summaries: &[String],
    sink: &dyn Sink,
) -> Result<(usize, usize), Vec<RenderError>> {
    let mut files = 0;
    let out = |path: &str, bytes: &[u8]| {
        sink.write(path, bytes)
            .map_err(|e| vec![RenderError::Output { at: Location::file(path), message: e.to_string() }])
    };
    let home = site.home_of(&site.config.default_language);
    let li = lang_index(site, &home.lang);
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", shared.site_views[li].clone());
    ctx.insert_value("t", shared.ui[li].clone());
    ctx.insert("lang", home.lang.as_str());
    ctx.insert("html_lang", &site.config.languages[li].html_lang);
    let all_ui: Vec<tera::Value> = shared.ui.clone();
    ctx.insert_value("ui_by_language", tera::Value::from(all_ui));
    let not_found = templates.render("404.html", &ctx, None).map_err(|e| vec![e])?;
    out("404.html", not_found.as_bytes())?;
    out("sitemap.xml", feeds::sitemap(site).as_bytes())?;
    out("robots.txt", feeds::robots(site).as_bytes())?;
    out(".nojekyll", b"")?;
    files += 4;
    if let Some(cname) = &site.config.cname {
        out("CNAME", format!("{cname}\n").as_bytes())?;
        files += 1;
    }
    for (i, language) in site.config.languages.iter().enumerate() {
        out(&context::feed_path(&language.lang), feeds::atom(site, i, plain_summaries).as_bytes())?;
        files += 1;
    }
    let csvs: Vec<Result<(), Vec<RenderError>>> = site
        .indicators
        .values()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|ind| {
            let bytes = figure::csv(site, ind)
                .map_err(|m| vec![RenderError::Output { at: ind.defined_at.clone(), message: m }])?;
            out(&figure::csv_path(&ind.id), &bytes)
        })
        .collect();
    files += site.indicators.len();
    let jobs: Vec<(&Lang, &crate::resolve::Chart)> =
        site.charts.values().flat_map(|c| site.config.languages.iter().map(move |l| (&l.lang, c))).collect();
    let svgs: Vec<Result<(), Vec<RenderError>>> = jobs
        .par_iter()
        .map(|(lang, chart)| {
            let svg = figure::standalone_svg(site, lang, chart)
                .map_err(|message| vec![RenderError::Page { at: chart.defined_at.clone(), message }])?;
            out(&figure::svg_path(lang, &chart.id), svg.as_bytes())
        })
        .collect();
    files += jobs.len();
    let copies: Vec<Result<(), Vec<RenderError>>> = site
        .static_files
        .par_iter()
        .map(|f| {
            sink.copy(&f.site_path, &f.source)
                .map_err(|e| vec![RenderError::Output { at: Location::file(&f.site_path), message: e.to_string() }])
        })
        .collect();
    files += site.static_files.len();
    let errors: Vec<RenderError> =
        csvs.into_iter().chain(svgs).chain(copies).filter_map(Result::err).flatten().collect();
    if errors.is_empty() { Ok((files, site.charts.len())) } else { Err(errors) }
}

/// Pairs the `**` CommonMark leaves around Chinese punctuation (see `emphasis`), and fails the
/// page if any survives.
fn emphasis_pass<'a>(
    events: Vec<pulldown_cmark::Event<'a>>,
    _source: &SourcePage,
    _errors: &mut Vec<RenderError>,
) -> Vec<pulldown_cmark::Event<'a>> {
    events
}
