//! Load: reads the project from disk into typed values. Nothing is rendered or cross-checked here.
//!
//! Owns walking `content/`, `templates/`, `static/` and `i18n/` (walkdir), splitting front
//! matter and parsing it (serde_yaml) into [`frontmatter::FrontMatter`], and every message about a
//! file that cannot be read or parsed, with its file, line and column.

pub mod frontmatter;

use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::error::Location;
use crate::lang::Lang;
use crate::yamlpos;
use frontmatter::FrontMatter;

pub const CONTENT_DIR: &str = "content";
pub const TEMPLATES_DIR: &str = "templates";
pub const STATIC_DIR: &str = "static";
pub const I18N_DIR: &str = "i18n";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("{at}: cannot read: {message}")]
    Io { at: Location, message: String },
    #[error("{at}: the file is not valid UTF-8; save it as UTF-8")]
    NotUtf8 { at: Location },
    #[error("{at}: the front matter opened by `---` on line 1 is never closed; add a line `---` after it")]
    Unclosed { at: Location },
    #[error("{at}: {message}")]
    FrontMatter { at: Location, message: String },
    #[error("{at}: {message}")]
    Layout { at: Location, message: String },
}

impl LoadError {
    pub fn location(&self) -> &Location {
        match self {
            LoadError::Io { at, .. }
            | LoadError::NotUtf8 { at }
            | LoadError::Unclosed { at }
            | LoadError::FrontMatter { at, .. }
            | LoadError::Layout { at, .. } => at,
        }
    }
}

/// One Markdown file of `content/<lang>/`, read and parsed.
#[derive(Debug)]
pub struct SourcePage {
    /// Relative to the project root, as in `content/zh/talent.md`.
    pub file: PathBuf,
    pub lang: Lang,
    /// The path inside the language folder with `/` separators (`talent.md`, `_index.md`):
    /// a page and its translation share it.
    pub rel: String,
    /// The file's text, BOM removed and line ends normalised to `\n`.
    pub text: String,
    yaml: Range<usize>,
    body: Range<usize>,
    pub body_line: usize,
    pub front: FrontMatter,
    /// The line of each key under `indicators:`, found on first use.
    indicator_lines: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
    /// The line of each chart's `id:` under `charts:`, found on first use.
    chart_lines: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

impl SourcePage {
    pub fn yaml(&self) -> &str {
        &self.text[self.yaml.clone()]
    }

    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// Where a front-matter key is, for messages about its value; the file alone if not found.
    pub fn key_location(&self, path: &[&str]) -> Location {
        match yamlpos::key_line(self.yaml(), path) {
            Some(line) => Location::line(&self.file, line + 1),
            None => Location::file(&self.file),
        }
    }

    /// Where the indicator `id` is declared in `indicators:` (one scan of the YAML per page,
    /// however many indicators it declares).
    pub fn indicator_location(&self, id: &str) -> Location {
        let lines =
            self.indicator_lines.get_or_init(|| first_lines(yamlpos::child_key_lines(self.yaml(), "indicators")));
        match lines.get(id) {
            Some(line) => Location::line(&self.file, line + 1),
            // A key the quick scan reads differently (quoted, with a `:` inside): the full one.
            None => self.key_location(&["indicators", id]),
        }
    }

    /// Where the chart with this id is declared in `charts:` (one scan of the YAML per page,
    /// however many charts it declares).
    pub fn chart_location(&self, id: &str) -> Location {
        let lines = self.chart_lines.get_or_init(|| first_lines(yamlpos::item_lines(self.yaml(), &["charts"], "id")));
        match lines.get(id) {
            Some(line) => Location::line(&self.file, line + 1),
            None => self.key_location(&["charts"]),
        }
    }

    /// The location of a byte offset into the body. Rendering asks through
    /// [`SourcePage::body_location_after`], counting on from the last place; the fuzz harness
    /// checks this one on every input.
    pub fn body_location(&self, offset: usize) -> Location {
        self.body_location_after(offset, self.body_start()).0
    }

    /// The place where the body starts, for [`SourcePage::body_location_after`].
    pub fn body_start(&self) -> BodyPlace {
        BodyPlace { offset: 0, line: self.body_line, column: 1 }
    }

    /// The location of a byte offset into the body, counted on from `from` (a place found
    /// before) when that is not past it: asking for places in order costs only the text
    /// between them. Also returns the place found, to count on from next time.
    pub fn body_location_after(&self, offset: usize, from: BodyPlace) -> (Location, BodyPlace) {
        let body = self.body();
        let mut offset = offset.min(body.len());
        // Offsets computed from rendered text can land inside a character: step back to its start.
        while !body.is_char_boundary(offset) {
            offset -= 1;
        }
        let mut place = if from.offset <= offset { from } else { self.body_start() };
        // Counted with memchr and `chars().count()`, both word-at-a-time: a page's links and
        // shortcodes walk its whole body this way.
        let passed = &body[place.offset..offset];
        match memchr::memrchr(b'\n', passed.as_bytes()) {
            Some(last) => {
                place.line += memchr::memchr_iter(b'\n', passed.as_bytes()).count();
                place.column = 1 + passed[last + 1..].chars().count();
            }
            None => place.column += passed.chars().count(),
        }
        place.offset = offset;
        (Location::at(&self.file, place.line, place.column), place)
    }

    /// `_index.md` files are the list pages of their folder (the home page at the top).
    pub fn is_index(&self) -> bool {
        self.rel == "_index.md" || self.rel.ends_with("/_index.md")
    }
}

/// A place in a page's body: byte offset, line and column (both from 1, in the whole file).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyPlace {
    offset: usize,
    line: usize,
    column: usize,
}

/// A template file, by its name as templates refer to it (`base.html`, `partials/nav.html`).
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub name: String,
    pub file: PathBuf,
    pub text: String,
}

/// A file copied as is: from `static/`, or an image beside a page in `content/<lang>/`.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Where to read it (absolute or relative to the working directory).
    pub source: PathBuf,
    /// Where it goes, relative to the site root with `/` separators.
    pub site_path: String,
}

/// A translation file `i18n/<lang>.yaml`: UI strings and series names.
#[derive(Debug, Clone)]
pub struct I18nSource {
    pub lang: Lang,
    pub file: PathBuf,
    pub text: String,
}

/// The project as read from disk.
#[derive(Debug)]
pub struct LoadedSite {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// In language order (as in site.yaml), then by path: the order of every list built later.
    pub pages: Vec<SourcePage>,
    pub templates: Vec<TemplateSource>,
    pub static_files: Vec<StaticFile>,
    pub i18n: Vec<I18nSource>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
}

/// Reads everything under `root`. All errors of all files are returned together, sorted.
pub fn load(root: &Path, config: SiteConfig, options: LoadOptions) -> Result<LoadedSite, Vec<LoadError>> {
    let mut errors = Vec::new();
    let walked = walk_content(root, &config, &mut errors);
    let results: Vec<Result<SourcePage, LoadError>> =
        walked.markdown.par_iter().map(|(lang, rel)| read_page(root, lang, rel)).collect();
    let mut pages = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(page) if page.front.draft && !options.drafts => {}
            Ok(page) => pages.push(page),
            Err(e) => errors.push(e),
        }
    }
    let templates = read_templates(root, &mut errors);
    let mut static_files = list_files(root, STATIC_DIR, &mut errors)
        .into_iter()
        .map(|rel| StaticFile { source: root.join(STATIC_DIR).join(&rel), site_path: rel })
        .collect::<Vec<_>>();
    static_files.extend(walked.assets);
    let i18n = read_i18n(root, &config, &mut errors);
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.location().cmp(b.location()));
        errors.dedup();
        return Err(errors);
    }
    let order = |lang: &Lang| config.languages.iter().position(|l| &l.lang == lang).unwrap_or(usize::MAX);
    pages.sort_by(|a, b| (order(&a.lang), &a.rel).cmp(&(order(&b.lang), &b.rel)));
    static_files.sort_by(|a, b| a.site_path.cmp(&b.site_path));
    Ok(LoadedSite { root: root.to_path_buf(), config, pages, templates, static_files, i18n })
}

/// Where the first byte that is not UTF-8 is: the file, and the line.
pub fn not_utf8_at(file: &Path, e: &std::string::FromUtf8Error) -> Location {
    let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
    Location::line(file, valid.iter().filter(|b| **b == b'\n').count() + 1)
}

/// Normalises what editors and spreadsheets write: a UTF-8 BOM and CRLF line ends.
pub fn normalise_text(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    let mut text = String::from_utf8(bytes)?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n");
    }
    Ok(text)
}

/// Reads and parses one page file (`rel_file` relative to `root`, as in `content/zh/a.md`).
pub fn read_page(root: &Path, lang: &Lang, rel_file: &Path) -> Result<SourcePage, LoadError> {
    let at = Location::file(rel_file);
    let bytes =
        std::fs::read(root.join(rel_file)).map_err(|e| LoadError::Io { at: at.clone(), message: e.to_string() })?;
    parse_page(lang, rel_file, bytes)
}

/// Each key with the line it first appears on (as a scan from the top would find it).
fn first_lines(lines: Vec<(String, usize)>) -> std::collections::HashMap<String, usize> {
    let mut first = std::collections::HashMap::with_capacity(lines.len());
    for (key, line) in lines {
        first.entry(key).or_insert(line);
    }
    first
}

/// Parses the bytes of a page file (`rel_file` as in `content/zh/a.md`, for messages and its
/// place in the site): no file system access, so it can be tested and fuzzed on its own.
pub fn parse_page(lang: &Lang, rel_file: &Path, bytes: Vec<u8>) -> Result<SourcePage, LoadError> {
    let at = Location::file(rel_file);
    let text = normalise_text(bytes).map_err(|e| LoadError::NotUtf8 { at: not_utf8_at(rel_file, &e) })?;
    let split = frontmatter::split(&text).map_err(|_| LoadError::Unclosed { at: at.clone() })?;
    let front: FrontMatter = if split.yaml.trim().is_empty() {
        FrontMatter::default()
    } else {
        from_yaml(split.yaml).map_err(|e| front_matter_error(rel_file, split.yaml, split.yaml_line, &e))?
    };
    let base = text.as_ptr() as usize;
    let yaml = (split.yaml.as_ptr() as usize - base)..(split.yaml.as_ptr() as usize - base + split.yaml.len());
    let body = (split.body.as_ptr() as usize - base)..text.len();
    let body_line = split.body_line;
    let rel = rel_file
        .strip_prefix(Path::new(CONTENT_DIR))
        .ok()
        .and_then(|p| p.iter().skip(1).map(|c| c.to_str()).collect::<Option<Vec<_>>>())
        .map(|parts| parts.join("/"))
        .unwrap_or_default();
    let page = SourcePage {
        file: rel_file.to_path_buf(),
        lang: lang.clone(),
        rel,
        text,
        yaml,
        body,
        body_line,
        front,
        indicator_lines: std::sync::OnceLock::new(),
        chart_lines: std::sync::OnceLock::new(),
    };
    check_tables(&page)?;
    Ok(page)
}

/// A row of values in table form must have one value per entry of `years:`.
fn check_tables(page: &SourcePage) -> Result<(), LoadError> {
    use frontmatter::SeriesDef;
    for (id, def) in page.front.indicators.iter() {
        let Some(series) = &def.series else { continue };
        for (key, s) in series.iter() {
            let SeriesDef::Row(row) = s else { continue };
            let message = match &def.years {
                None => format!(
                    "indicator `{id}`, series `{key}`: a list of values needs `years:` beside `series:` to say which year each value is for"
                ),
                Some(years) if years.len() != row.len() => format!(
                    "indicator `{id}`, series `{key}`: {} value(s) for {} year(s) in `years:`; give one value per year",
                    row.len(),
                    years.len()
                ),
                Some(_) => continue,
            };
            return Err(LoadError::FrontMatter { at: page.key_location(&["indicators", id, "series", key]), message });
        }
    }
    Ok(())
}

/// How much text a YAML document may expand to through aliases (`*name`), in bytes: ten times
/// its own length, plus 1 MB.
fn alias_budget(text: &str) -> usize {
    text.len().saturating_mul(10).saturating_add(1 << 20)
}

const ALIAS_MESSAGE: &str = "the aliases (`*name`) in this YAML expand it to far more text than the file holds (an alias bomb?); write the values out instead";

/// Parses YAML into `T`, refusing documents whose aliases expand them far beyond their size.
///
/// serde_yaml stops nested alias bombs ("repetition limit exceeded") but not a long string
/// repeated by many aliases, which makes a 100 KB file take gigabytes. A first pass walks the
/// document as serde_yaml expands it, counting without allocating, and gives up past the budget.
pub fn from_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_yaml::Error> {
    // An alias needs an anchor (`&name`) to refer to: most documents have neither.
    if text.contains('&') && text.contains('*') {
        let remaining = std::cell::Cell::new(alias_budget(text));
        serde::de::DeserializeSeed::deserialize(Budget(&remaining), serde_yaml::Deserializer::from_str(text))?;
    }
    serde_yaml::from_str(text)
}

/// Walks any YAML value, counting its scalars' bytes (and one per node) against a budget.
#[derive(Clone, Copy)]
struct Budget<'a>(&'a std::cell::Cell<usize>);

impl Budget<'_> {
    fn spend<E: serde::de::Error>(self, bytes: usize) -> Result<(), E> {
        match self.0.get().checked_sub(bytes + 1) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => Err(E::custom(ALIAS_MESSAGE)),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Budget<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Budget<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(8)
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(8)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(8)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.spend(v.len())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag value`): the tag, then the value.
        let ((), variant) = data.variant_seed(self)?;
        serde::de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

fn front_matter_error(file: &Path, yaml: &str, yaml_line: usize, e: &serde_yaml::Error) -> LoadError {
    let (at, message) = yaml_error(file, yaml, yaml_line, e);
    LoadError::FrontMatter { at, message }
}

/// Where a serde_yaml error is and what it says, for the YAML text `yaml` starting at
/// `first_line` of `file`. Syntax errors inside a construct that never closes (a quote, `[`,
/// `{`) point at where the construct starts, which is where the author must look; a key given
/// twice points at its second place.
pub fn yaml_error(file: &Path, yaml: &str, first_line: usize, e: &serde_yaml::Error) -> (Location, String) {
    let text = e.to_string();
    let shift = |line: usize| line + first_line - 1;
    let mut at = match e.location() {
        Some(l) => Location::at(file, shift(l.line()), l.column()),
        None => Location::file(file),
    };
    // "<problem> at line 4 column 1, while scanning a quoted scalar at line 2 column 10"
    let (problem, context) = match text.split_once(", while ") {
        Some((p, c)) => (p, Some(c)),
        None => (text.as_str(), None),
    };
    let problem = strip_position(problem);
    let mut message = problem.strip_prefix(": ").unwrap_or(problem).to_string();
    if let Some(context) = context {
        let (what, position) = match context.split_once(" at line ") {
            Some((w, p)) => (w, Some(p)),
            None => (context, None),
        };
        if let Some((line, column)) = position.and_then(parse_position) {
            at = Location::at(file, shift(line), column);
        }
        let hint = match what {
            w if w.contains("quoted scalar") => "; a quoted value starts here and its closing quote is missing",
            w if w.contains("flow sequence") => "; a list `[` starts here and its `]` is missing",
            w if w.contains("flow mapping") => "; a map `{` starts here and its `}` is missing",
            _ => "",
        };
        message = format!("{message}, while {what}{hint}");
    }
    if let Some(((path, key), mapping)) = repeated_key(&message).zip(e.location()) {
        // serde_yaml points at the map that holds the key; the author needs the second place.
        let lines = yamlpos::repeated_key_lines(yaml, mapping.line(), mapping.column(), &key);
        message = match lines {
            Some((first, second)) => {
                at = Location::line(file, shift(second));
                format!("{path}`{key}` is given twice (also on line {}); keep one", shift(first))
            }
            None => format!("{path}`{key}` is given twice; keep one"),
        };
    }
    if let Some(field) = message.split_once("missing field `").and_then(|(_, rest)| rest.split_once('`')) {
        let path = message.split_once("missing field `").map_or("", |(path, _)| path);
        message = format!("{path}`{}:` is missing; add it", field.0);
    }
    // serde's "invalid type: …, expected a string": say how to write what is expected.
    let how = [
        ("expected a string", "write one text (in quotes if it starts with [ { & * ! or holds `: `)"),
        ("expected a sequence", "write a list, e.g. `[a, b]` or one `- item` per line"),
        ("expected a boolean", "write true or false"),
        ("expected i64", "write a whole number"),
    ];
    if let Some((_, hint)) = how.iter().find(|(end, _)| message.ends_with(end)) {
        message = format!("{message}; {hint}");
    }
    if message.contains("repetition limit exceeded") || message.contains(ALIAS_MESSAGE) {
        message = ALIAS_MESSAGE.into();
    } else if message.contains("recursion limit exceeded") {
        message = "the YAML is nested more than 128 levels deep; nest it less deeply".into();
    } else if message.contains("cannot start any token") && text.contains("\t") {
        message.push_str(" (YAML does not allow tabs for indentation; use spaces)");
    }
    (at, message)
}

/// serde_yaml's message without its own " at line N column M" (callers give the location).
pub fn yaml_message(e: &serde_yaml::Error) -> String {
    yaml_error(Path::new(""), "", 1, e).1
}

/// The path before it and the key of a "key given twice" message: serde's "duplicate field
/// `title`" for the keys of a struct, our own "`CN` is given twice" for ordered maps.
fn repeated_key(message: &str) -> Option<(String, String)> {
    let (path, key) = match message.split_once("duplicate field `") {
        Some((path, rest)) => (path, rest.split('`').next()?),
        None => message.strip_suffix("` is given twice")?.rsplit_once('`')?,
    };
    (!key.is_empty()).then(|| (path.to_string(), key.to_string()))
}

fn strip_position(text: &str) -> &str {
    match text.find(" at line ") {
        Some(i) => &text[..i],
        None => text,
    }
}

fn parse_position(text: &str) -> Option<(usize, usize)> {
    let (line, rest) = text.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

struct Walked {
    /// (language, path relative to the root) of every page file.
    markdown: Vec<(Lang, PathBuf)>,
    /// Other files beside pages, copied to the same place under the language's folder.
    assets: Vec<StaticFile>,
}

fn walk_content(root: &Path, config: &SiteConfig, errors: &mut Vec<LoadError>) -> Walked {
    let mut walked = Walked { markdown: Vec::new(), assets: Vec::new() };
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        errors.push(LoadError::Layout {
            at: Location::file(CONTENT_DIR),
            message: "there is no content/ folder: pages go in content/<language>/, e.g. content/zh/_index.md".into(),
        });
        return walked;
    }
    let mut seen_langs: Vec<(Lang, String)> = Vec::new();
    for rel in list_files(root, CONTENT_DIR, errors) {
        let mut parts = rel.splitn(2, '/');
        let (dir, rest) = (parts.next().unwrap_or_default(), parts.next());
        let rel_file = Path::new(CONTENT_DIR).join(&rel);
        let Some(rest) = rest else {
            if rel.ends_with(".md") {
                errors.push(LoadError::Layout {
                    at: Location::file(&rel_file),
                    message: format!(
                        "pages go in a language folder: move it to content/{}/{rel}",
                        config.default_language
                    ),
                });
            }
            continue;
        };
        let lang = Lang::parse(dir).filter(|l| config.language(l).is_some());
        let Some(lang) = lang else {
            let known: Vec<&str> = config.languages.iter().map(|l| l.lang.as_str()).collect();
            errors.push(LoadError::Layout {
                at: Location::file(Path::new(CONTENT_DIR).join(dir)),
                message: format!("`{dir}` is not a language of site.yaml (languages: {})", known.join(", ")),
            });
            continue;
        };
        match seen_langs.iter().find(|(l, _)| *l == lang) {
            Some((_, other)) if other != dir => {
                errors.push(LoadError::Layout {
                    at: Location::file(Path::new(CONTENT_DIR).join(dir)),
                    message: format!("content/{dir}/ and content/{other}/ are the same language; merge them"),
                });
                continue;
            }
            Some(_) => {}
            None => seen_langs.push((lang.clone(), dir.to_string())),
        }
        if rel.ends_with(".md") {
            walked.markdown.push((lang, rel_file));
        } else {
            walked.assets.push(StaticFile { source: root.join(&rel_file), site_path: format!("{lang}/{rest}") });
        }
    }
    walked
}

/// Every file below `root/dir`, as `/`-separated paths relative to `dir`, sorted. Symlinks are
/// followed only when they stay inside the project; loops and escapes are errors.
fn list_files(root: &Path, dir: &str, errors: &mut Vec<LoadError>) -> Vec<String> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let project = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(&base).follow_links(true).sort_by_file_name();
    let mut it = walker.into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = Location::file(e.path().map(|p| relative(root, p)).unwrap_or_else(|| PathBuf::from(dir)));
                errors.push(match e.loop_ancestor() {
                    Some(ancestor) => LoadError::Layout {
                        at,
                        message: format!(
                            "a symbolic link loops back to {}; remove the link",
                            relative(root, ancestor).display()
                        ),
                    },
                    None if e.path().is_some_and(Path::is_symlink) => LoadError::Layout {
                        at,
                        message: "a symbolic link to a file that does not exist; fix or remove the link".into(),
                    },
                    None => {
                        LoadError::Io { at, message: e.io_error().map_or_else(|| e.to_string(), |io| io.to_string()) }
                    }
                });
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0 && name.starts_with('.') {
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink() {
            let inside = std::fs::canonicalize(entry.path()).is_ok_and(|target| target.starts_with(&project));
            if !inside {
                errors.push(LoadError::Layout {
                    at: Location::file(relative(root, entry.path())),
                    message: "a symbolic link points outside the project; copy the file in instead".into(),
                });
                if entry.file_type().is_dir() {
                    it.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&base).unwrap_or(entry.path());
        match rel.iter().map(|c| c.to_str()).collect::<Option<Vec<_>>>() {
            Some(parts) => files.push(parts.join("/")),
            None => errors.push(LoadError::Layout {
                at: Location::file(relative(root, entry.path())),
                message: "the file name is not valid UTF-8; rename it".into(),
            }),
        }
    }
    files
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Reads every file of `templates/`.
pub fn templates(root: &Path) -> Result<Vec<TemplateSource>, Vec<LoadError>> {
    let mut errors = Vec::new();
    let templates = read_templates(root, &mut errors);
    if errors.is_empty() { Ok(templates) } else { Err(errors) }
}

fn read_templates(root: &Path, errors: &mut Vec<LoadError>) -> Vec<TemplateSource> {
    let mut templates = Vec::new();
    for name in list_files(root, TEMPLATES_DIR, errors) {
        let file = Path::new(TEMPLATES_DIR).join(&name);
        match std::fs::read(root.join(&file)).map(normalise_text) {
            Ok(Ok(text)) => templates.push(TemplateSource { name, file, text }),
            Ok(Err(e)) => errors.push(LoadError::NotUtf8 { at: not_utf8_at(&file, &e) }),
            Err(e) => errors.push(LoadError::Io { at: Location::file(file), message: e.to_string() }),
        }
    }
    templates
}

fn read_i18n(root: &Path, config: &SiteConfig, errors: &mut Vec<LoadError>) -> Vec<I18nSource> {
    let mut out = Vec::new();
    for name in list_files(root, I18N_DIR, errors) {
        let file = Path::new(I18N_DIR).join(&name);
        let lang = name.strip_suffix(".yaml").or_else(|| name.strip_suffix(".yml")).and_then(Lang::parse);
        let Some(lang) = lang.filter(|l| config.language(l).is_some()) else {
            errors.push(LoadError::Layout {
                at: Location::file(&file),
                message: "i18n files are named after a language of site.yaml, e.g. i18n/zh.yaml".into(),
            });
            continue;
        };
        match std::fs::read(root.join(&file)).map(normalise_text) {
            Ok(Ok(text)) => out.push(I18nSource { lang, file, text }),
            Ok(Err(e)) => errors.push(LoadError::NotUtf8 { at: not_utf8_at(&file, &e) }),
            Err(e) => errors.push(LoadError::Io { at: Location::file(file), message: e.to_string() }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte offset of a body with Chinese, blank lines and a final newline gets the line
    /// and column that counting characters one by one gives, asked for in order or afresh.
    #[test]
    fn body_locations_count_lines_and_characters() {
        let text = "---\ntitle: t\n---\n中美 AI\n\n人才 *talent*\nend\n";
        let lang = Lang::parse("zh").expect("zh is a language code");
        let page = parse_page(&lang, Path::new("content/zh/t.md"), text.as_bytes().to_vec()).expect("page parses");
        let body = page.body();
        let mut from = page.body_start();
        for offset in (0..=body.len()).filter(|&o| body.is_char_boundary(o)) {
            let before = &body[..offset];
            let line = page.body_line + before.matches('\n').count();
            let column = 1 + before.rsplit('\n').next().unwrap_or("").chars().count();
            let expected = Location::at(&page.file, line, column);
            let (in_order, place) = page.body_location_after(offset, from);
            assert_eq!(in_order, expected, "offset {offset} counted on");
            assert_eq!(page.body_location(offset), expected, "offset {offset} afresh");
            from = place;
        }
    }
}
