//! Session: a site kept in memory and rebuilt incrementally as its files change (for `serve`).
//!
//! An edit to a page re-parses that file, patches the model (`resolve::patch`) and renders
//! again only what depends on it: the page, pages that quote or chart an indicator it declares
//! (in every language), list pages and site-wide lists that show its title or summary, the
//! CSV and standalone charts of its indicators, feeds and the sitemap when dates or titles
//! move. A template edit renders the pages that use that template. Anything that changes the
//! shape of the site (site.yaml, UI strings, a page added or removed) rebuilds it all.
//!
//! A rebuild is all or nothing: if it fails, the files served stay those of the last good
//! build, and the work it owed is carried into the next attempt.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::load::{self, CONTENT_DIR, I18N_DIR, STATIC_DIR, SourcePage, TEMPLATES_DIR};
use crate::render::templates::Templates;
use crate::render::{self, Extras, Prepared, RenderedPage};
use crate::resolve::{self, Site};
use crate::write::MemorySink;
use crate::{BuildOptions, Error};

/// The files being served, by site path; shared with the HTTP threads.
pub type Files = Arc<RwLock<BTreeMap<String, Arc<Vec<u8>>>>>;

/// What a rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// Everything was rebuilt (not an incremental update).
    pub full: bool,
    /// Pages rendered again.
    pub pages: usize,
    /// Site paths whose bytes changed.
    pub changed: Vec<String>,
    pub elapsed: Duration,
}

pub struct Session {
    options: BuildOptions,
    site: Site,
    prepared: Prepared,
    /// By page index: what the last render found (links, anchors, indicators used).
    rendered: Vec<RenderedPage>,
    /// Site path → page index, for links between pages.
    by_site_path: HashMap<String, usize>,
    files: Files,
    /// Changed paths not yet taken into the model (a failed patch leaves them here).
    pending: BTreeSet<PathBuf>,
    /// Work a failed rebuild did not finish, redone by the next one.
    owed: Work,
}

/// What a rebuild must render and write.
#[derive(Debug, Default, Clone)]
struct Work {
    pages: BTreeSet<usize>,
    extras: Extras,
}

/// How a set of changed paths must be handled.
enum Plan {
    Full,
    Incremental { pages: Vec<SourcePage>, templates: bool, statics: BTreeSet<String> },
}

impl Session {
    /// Builds the whole site in memory.
    pub fn start(options: BuildOptions) -> Result<Session, Error> {
        let files: Files = Arc::default();
        let Built { site, prepared, rendered, files: outputs } = build_all(&options)?;
        *files.write().unwrap_or_else(|e| e.into_inner()) = outputs;
        let by_site_path = index_paths(&site);
        Ok(Session {
            options,
            site,
            prepared,
            rendered,
            by_site_path,
            files,
            pending: BTreeSet::new(),
            owed: Work::default(),
        })
    }

    /// The files served, shared with the HTTP threads.
    pub fn files(&self) -> Files {
        Arc::clone(&self.files)
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Takes changed files into the site and renders again what they affect.
    pub fn apply(&mut self, changed: impl IntoIterator<Item = PathBuf>) -> Result<Rebuild, Error> {
        let started = Instant::now();
        for path in changed {
            let rel = path.strip_prefix(&self.options.root).map(Path::to_path_buf).unwrap_or(path);
            if is_watched(&rel) {
                self.pending.insert(rel);
            }
        }
        if self.pending.is_empty() && self.owed.pages.is_empty() && !self.owed.extras.all {
            return Ok(Rebuild { elapsed: started.elapsed(), ..Rebuild::default() });
        }
        let plan = if self.owed.extras.all { Ok(Plan::Full) } else { self.plan() };
        let result = match plan {
            Ok(Plan::Full) => self.rebuild_all(),
            Ok(Plan::Incremental { pages, templates, statics }) => self.update(pages, templates, statics),
            Err(e) => Err(e),
        };
        result.map(|mut r| {
            r.elapsed = started.elapsed();
            r
        })
    }

    fn rebuild_all(&mut self) -> Result<Rebuild, Error> {
        let Built { site, prepared, rendered, files: outputs } = build_all(&self.options).inspect_err(|_| {
            self.owed.extras.all = true;
        })?;
        let pages = site.pages.len();
        self.by_site_path = index_paths(&site);
        self.site = site;
        self.prepared = prepared;
        self.rendered = rendered;
        self.pending.clear();
        self.owed = Work::default();
        let changed = replace_files(&self.files, outputs);
        Ok(Rebuild { full: true, pages, changed, elapsed: Duration::ZERO })
    }

    /// Sorts the pending paths into what an incremental update can take, or asks for a full
    /// rebuild when the site's shape may change.
    fn plan(&self) -> Result<Plan, Error> {
        let root = &self.options.root;
        let mut pages = Vec::new();
        let mut templates = false;
        let mut statics = BTreeSet::new();
        for rel in &self.pending {
            let mut parts = rel.iter().filter_map(|c| c.to_str());
            let first = parts.next().unwrap_or_default();
            let exists = root.join(rel).is_file();
            match first {
                "site.yaml" | I18N_DIR => return Ok(Plan::Full),
                TEMPLATES_DIR => templates = true,
                STATIC_DIR | CONTENT_DIR => {
                    let Some(site_path) = site_path_of_file(rel) else { continue };
                    let page = self.page_of_file(rel);
                    match (page, exists) {
                        (Some(index), true) => {
                            let Some(lang) = self.site.pages.get(index).map(|p| p.lang.clone()) else {
                                return Ok(Plan::Full);
                            };
                            let source = load::read_page(root, &lang, rel).map_err(|e| Error::Load(vec![e]))?;
                            if source.front.draft && !self.options.drafts {
                                return Ok(Plan::Full);
                            }
                            pages.push(source);
                        }
                        (None, true) if self.site.static_files.iter().any(|f| f.site_path == site_path) => {
                            statics.insert(site_path);
                        }
                        // Added, removed, or a page file that is not yet a page: the site's shape.
                        (_, _) if rel.extension().is_some_and(|e| e == "md") || !exists || first == STATIC_DIR => {
                            return Ok(Plan::Full);
                        }
                        _ => return Ok(Plan::Full),
                    }
                }
                _ => {}
            }
        }
        Ok(Plan::Incremental { pages, templates, statics })
    }

    /// The page whose file is `rel` (`content/zh/a.md`), if it is one.
    fn page_of_file(&self, rel: &Path) -> Option<usize> {
        self.site.pages.iter().position(|p| p.file() == Some(rel))
    }

    fn update(&mut self, pages: Vec<SourcePage>, templates: bool, statics: BTreeSet<String>) -> Result<Rebuild, Error> {
        let mut work = std::mem::take(&mut self.owed);
        work.extras.statics.extend(statics);
        let outcome = self.update_inner(pages, templates, &mut work);
        if outcome.is_err() {
            self.owed = work;
        }
        outcome
    }

    fn update_inner(&mut self, pages: Vec<SourcePage>, templates: bool, work: &mut Work) -> Result<Rebuild, Error> {
        if templates {
            let sources = load::templates(&self.options.root).map_err(Error::Load)?;
            let compiled = Templates::load(&sources).map_err(Error::Render)?;
            let changed_names = changed_templates(&self.site.templates, &sources);
            for (i, page) in self.site.pages.iter().enumerate() {
                let chain = compiled.chain(&page.template);
                if chain.iter().any(|t| changed_names.contains(*t)) {
                    work.pages.insert(i);
                }
            }
            if compiled.chain("404.html").iter().any(|t| changed_names.contains(*t)) {
                work.extras.not_found = true;
            }
            let flipped = self.prepared.set_templates(&self.site, compiled);
            if flipped {
                self.refresh_all_views(work);
            }
            self.site.templates = sources;
        }
        self.pending.retain(|p| !p.starts_with(TEMPLATES_DIR));

        if !pages.is_empty() {
            let patch = resolve::patch::patch(&mut self.site, pages).map_err(Error::Resolve)?;
            self.pending.clear();
            work.pages.extend(&patch.pages);
            work.pages.extend(&patch.relinked);
            let resummarised = self.prepared.refresh_summaries(&self.site, &patch.pages);
            let mut relisted: BTreeSet<usize> = patch.listed.iter().copied().collect();
            relisted.extend(resummarised);
            for &i in &relisted {
                let page = &self.site.pages[i];
                // Its list, and its neighbours' "previous / next" links, show its title.
                work.pages.extend(page.parent.into_iter().chain(page.previous).chain(page.next));
                work.extras.feeds = true;
                work.extras.sitemap = true;
            }
            for (i, rendered) in self.rendered.iter().enumerate() {
                let uses = &rendered.uses;
                if uses.indicators.iter().any(|id| patch.indicators.contains(id))
                    || uses.charts.iter().any(|id| patch.charts.contains(id))
                {
                    work.pages.insert(i);
                }
            }
            work.extras.csv.extend(patch.indicators.iter().cloned());
            work.extras.svg.extend(patch.charts.iter().cloned());
            for id in &patch.indicators {
                work.extras.svg.extend(self.site.charts_of(id).iter().cloned());
            }
            let mut languages: BTreeSet<usize> =
                relisted.iter().map(|&i| self.site.lang_index(&self.site.pages[i].lang)).collect();
            if !patch.indicators.is_empty() && self.prepared.shows_indicators() {
                languages.extend(0..self.site.config.languages.len());
            }
            for li in languages {
                self.refresh_view(li, work);
            }
        }
        self.pending.clear();
        self.render(work)
    }

    fn refresh_all_views(&mut self, work: &mut Work) {
        for li in 0..self.site.config.languages.len() {
            self.refresh_view(li, work);
        }
    }

    /// Rebuilds a language's site-wide view; pages whose templates show a part that changed
    /// are rendered again.
    fn refresh_view(&mut self, li: usize, work: &mut Work) {
        let parts = self.prepared.refresh_view(&self.site, li);
        if parts.is_empty() {
            return;
        }
        let lang = self.site.config.languages[li].lang.clone();
        let needles: Vec<String> = parts.iter().map(|p| format!("site.{p}")).collect();
        let mut by_template: HashMap<&str, bool> = HashMap::new();
        for (i, page) in self.site.pages.iter().enumerate() {
            if page.lang != lang {
                continue;
            }
            let shows = *by_template
                .entry(page.template.as_str())
                .or_insert_with(|| needles.iter().any(|n| self.prepared.templates.mentions(&page.template, n)));
            if shows {
                work.pages.insert(i);
            }
        }
        if li == self.site.lang_index(&self.site.config.default_language) {
            work.extras.not_found |= needles.iter().any(|n| self.prepared.templates.mentions("404.html", n));
        }
    }

    /// Renders the pages and files `work` names; commits them only if everything succeeds.
    fn render(&mut self, work: &mut Work) -> Result<Rebuild, Error> {
        let sink = MemorySink::default();
        let indices: Vec<usize> = work.pages.iter().copied().collect();
        let (rendered, errors, standalone_written) = render::render_pages(&self.site, &self.prepared, &indices, &sink);
        if !errors.is_empty() {
            return Err(Error::Render(render::sorted(errors)));
        }
        let updated: HashMap<usize, &RenderedPage> = rendered.iter().map(|r| (r.index, r)).collect();
        let current = |i: usize| updated.get(&i).copied().unwrap_or(&self.rendered[i]);
        let anchors = |path: &str| self.by_site_path.get(path).map(|&i| current(i).anchors.as_slice());
        // Links from the pages rendered, and links into those whose ids changed from anywhere.
        let mut touched: BTreeSet<&str> = BTreeSet::new();
        for r in rendered.iter().filter(|r| r.anchors != self.rendered[r.index].anchors) {
            touched.insert(self.site.pages[r.index].site_path.as_str());
        }
        let own = rendered.iter().flat_map(|r| &r.links);
        let incoming = self
            .rendered
            .iter()
            .filter(|_| !touched.is_empty())
            .filter(|r| !updated.contains_key(&r.index))
            .flat_map(|r| &r.links)
            .filter(|l| touched.contains(crate::links::page_form(&l.site_path).as_ref()));
        let link_errors = crate::links::check(&self.site, own.chain(incoming), &anchors);
        if !link_errors.is_empty() {
            return Err(Error::Render(render::sorted(link_errors)));
        }
        work.extras.svg_written = standalone_written;
        render::all_written(
            render::write_extras(&self.site, &self.prepared, &work.extras, &sink),
            render::write_standalone_charts(&self.site, &work.extras, &sink),
        )
        .map_err(|e| Error::Render(render::sorted(e)))?;
        for r in rendered {
            let index = r.index;
            self.rendered[index] = r;
        }
        let outputs = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let changed = merge_files(&self.files, outputs);
        let pages = indices.len();
        *work = Work::default();
        Ok(Rebuild { full: false, pages, changed, elapsed: Duration::ZERO })
    }
}

/// A whole site built in memory.
struct Built {
    site: Site,
    prepared: Prepared,
    rendered: Vec<RenderedPage>,
    files: BTreeMap<String, Arc<Vec<u8>>>,
}

fn build_all(options: &BuildOptions) -> Result<Built, Error> {
    let site = crate::prepare(options)?;
    let sink = MemorySink::default();
    let (_, prepared, mut rendered) = render::render_site(&site, &sink).map_err(Error::Render)?;
    rendered.sort_by_key(|r| r.index);
    let files = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(Built { site, prepared, rendered, files: files.into_iter().map(|(k, v)| (k, Arc::new(v))).collect() })
}

fn index_paths(site: &Site) -> HashMap<String, usize> {
    site.pages.iter().enumerate().map(|(i, p)| (p.site_path.clone(), i)).collect()
}

/// Replaces every file; returns the paths whose bytes changed (or appeared or went away).
fn replace_files(files: &Files, new: BTreeMap<String, Arc<Vec<u8>>>) -> Vec<String> {
    let mut guard = files.write().unwrap_or_else(|e| e.into_inner());
    let mut changed: Vec<String> =
        new.iter().filter(|(k, v)| guard.get(*k).is_none_or(|old| old != *v)).map(|(k, _)| k.clone()).collect();
    changed.extend(guard.keys().filter(|k| !new.contains_key(*k)).cloned());
    changed.sort();
    *guard = new;
    changed
}

/// Adds or replaces files; returns the paths whose bytes changed.
fn merge_files(files: &Files, new: BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut guard = files.write().unwrap_or_else(|e| e.into_inner());
    let mut changed = Vec::new();
    for (path, bytes) in new {
        if guard.get(&path).is_none_or(|old| **old != bytes) {
            changed.push(path.clone());
            guard.insert(path, Arc::new(bytes));
        }
    }
    changed
}

/// Names of templates added, removed or edited.
fn changed_templates(old: &[load::TemplateSource], new: &[load::TemplateSource]) -> BTreeSet<String> {
    let old: BTreeMap<&str, &str> = old.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
    let new: BTreeMap<&str, &str> = new.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
    old.keys().chain(new.keys()).filter(|name| old.get(*name) != new.get(*name)).map(|name| name.to_string()).collect()
}

/// The files `serve` watches: site.yaml and what is under content/, templates/, static/, i18n/
/// (hidden files such as editors' swap files left out).
pub fn is_watched(rel: &Path) -> bool {
    let hidden = rel.iter().any(|c| c.to_str().is_some_and(|s| s.starts_with('.') || s.ends_with('~')));
    let top = rel.iter().next().and_then(|c| c.to_str()).unwrap_or_default();
    !hidden && matches!(top, "site.yaml" | CONTENT_DIR | TEMPLATES_DIR | STATIC_DIR | I18N_DIR)
}

/// Where a file of static/ or a non-page file of content/ is published.
fn site_path_of_file(rel: &Path) -> Option<String> {
    let parts: Vec<&str> = rel.iter().map(|c| c.to_str()).collect::<Option<_>>()?;
    match parts.as_slice() {
        [STATIC_DIR, rest @ ..] if !rest.is_empty() => Some(rest.join("/")),
        [CONTENT_DIR, lang, rest @ ..] if !rest.is_empty() => {
            let lang = crate::lang::Lang::parse(lang)?;
            Some(format!("{lang}/{}", rest.join("/")))
        }
        _ => None,
    }
}
