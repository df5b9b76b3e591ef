//! Helpers for integration tests: fixture sites copied into temporary folders, built with the
//! library, and their output read back parsed (HTML with scraper, XML with roxmltree).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod pages;

pub use scraper::{Html, Selector};

/// A fixture copied into a temporary folder, so tests can change files freely.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), dir.path());
        Project { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    /// Replaces the first `from` in a project file by `to`; `from` must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let source = self.read_source(rel);
        assert!(source.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, source.replacen(from, to, 1))
    }

    pub fn read_source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).expect("read")
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root().join(rel)).expect("remove");
        self
    }

    pub fn options(&self) -> brief::BuildOptions {
        brief::BuildOptions::new(self.root())
    }

    pub fn build(&self) -> Result<brief::BuildReport, brief::Error> {
        brief::build(&self.options())
    }

    /// Builds and panics with the error message if the build fails.
    pub fn build_ok(&self) -> brief::BuildReport {
        match self.build() {
            Ok(report) => report,
            Err(e) => panic!("build failed:\n{e}"),
        }
    }

    /// Builds, expecting failure; returns the message.
    pub fn build_err(&self) -> String {
        match self.build() {
            Ok(_) => panic!("the build succeeded but should have failed"),
            Err(e) => e.to_string(),
        }
    }

    /// The output file at `site_path` as text.
    pub fn output(&self, site_path: &str) -> String {
        let path = self.out().join(site_path);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The page at `site_path` (`zh/talent/`), parsed.
    pub fn page(&self, site_path: &str) -> Html {
        Html::parse_document(&self.output(&format!("{site_path}index.html")))
    }

    /// Every output file and its bytes.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        files_of(&self.out())
    }
}

pub fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("prefix").to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).expect("read"));
        }
    }
    files
}

/// Builds the shipped brief (this repository's own site) into `out`; with `base_url`, for
/// another address than its site.yaml's (a test server's).
pub fn build_the_brief(out: &Path, base_url: Option<String>) {
    let mut options = brief::BuildOptions::new(Path::new(env!("CARGO_MANIFEST_DIR")));
    options.out = Some(out.to_path_buf());
    options.base_url = base_url;
    if let Err(e) = brief::build(&options) {
        panic!("the shipped brief does not build:\n{e}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
    html.select(&selector).collect()
}

pub fn one<'a>(html: &'a Html, css: &str) -> scraper::ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(found.len(), 1, "expected exactly one `{css}`, found {}", found.len());
    found[0]
}

pub fn text(el: scraper::ElementRef) -> String {
    el.text().collect::<String>()
}

pub fn attr<'a>(el: scraper::ElementRef<'a>, name: &str) -> &'a str {
    el.value().attr(name).unwrap_or_else(|| panic!("no attribute {name} on <{}>", el.value().name()))
}

/// Parses XML and returns the texts of all elements named `name`.
pub fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("invalid XML: {e}\n{xml}"));
    doc.descendants().filter(|n| n.has_tag_name(name)).map(|n| n.text().unwrap_or("").to_string()).collect()
}

/// The basic fixture with `from` replaced by `to` (once) in `file`, built: the error message.
/// The failed build must not have created the output.
pub fn error_after(file: &str, from: &str, to: &str) -> String {
    let p = Project::fixture("basic");
    p.edit(file, from, to);
    let message = p.build_err();
    assert!(!p.out().exists(), "a failed build must not create the output");
    message
}
