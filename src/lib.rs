//! brief: a static site generator for bilingual, data-driven research briefs.
//!
//! The pipeline runs one way: [`load`] reads the project, [`resolve`] builds the immutable site
//! model, [`render`] turns it into files (in parallel), [`write`] puts them on disk atomically.
//! [`build`], [`check`] and [`serve`] are the three ways to run it.

pub mod audit;
pub mod chart;
pub mod config;
pub mod error;
pub mod format;
pub mod i18n;
pub mod lang;
pub mod links;
pub mod load;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod session;
pub mod units;
pub mod uptodate;
pub mod write;
mod yamlpos;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use error::{Error, Location, Warning};

/// What to build and how.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The project folder (with site.yaml).
    pub root: PathBuf,
    /// Where the site goes; `<root>/public` by default.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` of site.yaml (e.g. the URL GitHub Pages gives).
    pub base_url: Option<String>,
    /// Warnings are errors.
    pub strict: bool,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// `check` only: also ask every outside link whether it answers (needs the network).
    pub external: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions { root: root.into(), out: None, base_url: None, strict: false, drafts: false, external: false }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a build or check did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
    pub indicators: usize,
    pub warnings: Vec<Warning>,
    pub elapsed: Duration,
    /// Wall-clock time per phase (load, resolve, render parts, write).
    pub timings: Vec<(&'static str, Duration)>,
    /// What each language still lacks (`check` only: a build does not print it).
    pub audit: Option<audit::Audit>,
    /// Nothing changed since the last build: the output was left as it was.
    pub up_to_date: bool,
}

/// Reads and checks the project: site.yaml, content, and the site model.
pub fn prepare(options: &BuildOptions) -> Result<resolve::Site, Error> {
    prepare_timed(options, &mut render::Clock::start())
}

fn prepare_timed(options: &BuildOptions, clock: &mut render::Clock) -> Result<resolve::Site, Error> {
    let mut config = config::SiteConfig::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config.base_url = config::BaseUrl::parse(url)
            .map_err(|message| config::ConfigError::Invalid { at: Location::file("--base-url"), message })?;
    }
    let loaded =
        load::load(&options.root, config, load::LoadOptions { drafts: options.drafts }).map_err(Error::Load)?;
    clock.lap("load");
    let site = resolve::resolve(loaded).map_err(Error::Resolve)?;
    clock.lap("resolve");
    Ok(site)
}

/// Builds the site into the output folder, replacing it only if everything succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let mut clock = render::Clock::start();
    let out = options.out_dir();
    let fingerprint = uptodate::inputs(options);
    if let Some(state) = uptodate::is_current(&out, fingerprint) {
        return Ok(BuildReport {
            pages: state.pages,
            up_to_date: true,
            elapsed: started.elapsed(),
            ..BuildReport::default()
        });
    }
    clock.lap("up-to-date check");
    let mut site = prepare_timed(options, &mut clock)?;
    site.forget_written_numbers();
    strict(options, &site.warnings)?;
    let staging = write::Staging::new(&options.out_dir())?;
    let sink = staging.sink();
    let (rendered, prepared, pages) = render::render_site(&site, &sink).map_err(Error::Render)?;
    let mut clock2 = render::Clock::start();
    uptodate::forget(&out);
    staging.commit()?;
    clock2.lap("swap in");
    uptodate::save(&out, fingerprint, sink.output_fingerprint(), rendered.pages);
    clock.laps.extend(rendered.timings.iter().copied());
    clock.laps.extend(clock2.laps);
    let mut report = report(&site, rendered, started);
    report.timings = clock.laps;
    drop_in_background((site, prepared, pages));
    Ok(report)
}

/// Frees `value` on a thread of its own. Freeing the model and the rendered pages of a
/// 20,000-page site takes about 0.5 s, which nobody needs to wait for: the command line exits
/// without waiting for it.
fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// Does everything a build does except writing the output.
pub fn check(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let mut clock = render::Clock::start();
    let mut site = prepare_timed(options, &mut clock)?;
    site.forget_written_numbers();
    strict(options, &site.warnings)?;
    let (rendered, _, pages) = render::render_site(&site, &write::NullSink).map_err(Error::Render)?;
    clock.laps.extend(rendered.timings.iter().copied());
    if options.external {
        check_external(&site, &pages)?;
        clock.lap("external links");
    }
    let mut report = report(&site, rendered, started);
    report.timings = clock.laps;
    report.audit = Some(audit::Audit::of(&site));
    Ok(report)
}

/// Asks every outside URL of the site whether it answers; failures are errors naming a page
/// that links there.
fn check_external(site: &resolve::Site, pages: &[render::RenderedPage]) -> Result<(), Error> {
    let mut first_page: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for page in pages {
        for url in &page.external {
            first_page.entry(url.as_str()).or_insert(page.index);
        }
    }
    let urls = first_page.keys().map(|u| u.to_string()).collect();
    let problems = links::check_external(&urls);
    if problems.is_empty() {
        return Ok(());
    }
    let errors = problems
        .into_iter()
        .map(|p| {
            let at =
                first_page.get(p.url.as_str()).map_or_else(|| Location::file("content"), |&i| site.pages[i].location());
            render::RenderError::Link {
                at,
                message: format!("the outside link {} does not answer: {}", p.url, p.problem),
            }
        })
        .collect();
    Err(Error::Render(render::sorted(errors)))
}

fn strict(options: &BuildOptions, warnings: &[Warning]) -> Result<(), Error> {
    if options.strict && !warnings.is_empty() {
        return Err(Error::Strict(warnings.to_vec()));
    }
    Ok(())
}

fn report(site: &resolve::Site, rendered: render::RenderReport, started: Instant) -> BuildReport {
    BuildReport {
        pages: rendered.pages,
        charts: rendered.charts,
        files: rendered.files,
        indicators: site.indicators.len(),
        warnings: site.warnings.clone(),
        elapsed: started.elapsed(),
        timings: Vec::new(),
        audit: None,
        up_to_date: false,
    }
}

/// Creates a new project in `dir` (see [`scaffold`]).
pub fn new_project(dir: &Path) -> Result<Vec<PathBuf>, scaffold::ScaffoldError> {
    scaffold::create(dir)
}
