//! Up to date: skips a build when nothing it reads or writes changed since the last one.
//!
//! After a successful build, a small state file beside the output (`.public.brief-state`,
//! never published) records a fingerprint of every input file (path, size, modification time),
//! of the options and of brief itself (version and binary), and of every output file. A later build whose
//! fingerprints all match has nothing to do: the output is exactly what it would write. Any
//! difference — an edited page, a touched template, a file changed or deleted in the output by
//! hand, another `--base-url` — makes it a full build.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::BuildOptions;

/// The fingerprints of a project and its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    inputs: u64,
    outputs: u64,
    pub pages: usize,
}

/// Where the state of the build into `out` is kept: a hidden file beside it.
fn state_file(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy();
    Some(out.with_file_name(format!(".{name}.brief-state")))
}

/// The fingerprint of everything a build reads, and of how it is asked to build.
pub fn inputs(options: &BuildOptions) -> u64 {
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // A rebuilt brief of the same version may write different bytes: its binary counts too.
    if let Some(meta) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
        meta.len().hash(&mut h);
        meta.modified().ok().hash(&mut h);
    }
    (&options.base_url, options.strict, options.drafts).hash(&mut h);
    let root = &options.root;
    let stamps = Stamps::default();
    stamp_files(&root.join(crate::config::CONFIG_FILE), root, &stamps);
    for dir in [crate::load::CONTENT_DIR, crate::load::TEMPLATES_DIR, crate::load::STATIC_DIR, crate::load::I18N_DIR] {
        stamp_files(&root.join(dir), root, &stamps);
    }
    stamps.fingerprint().hash(&mut h);
    h.finish()
}

/// The fingerprint of the files in the output folder.
pub fn outputs(out: &Path) -> u64 {
    let stamps = Stamps::default();
    stamp_files(out, out, &stamps);
    stamps.fingerprint()
}

/// Adds every file below `path` (a file or a folder) to `stamps`, with its path relative to
/// `base`.
fn stamp_files(path: &Path, base: &Path, stamps: &Stamps) {
    for entry in walkdir::WalkDir::new(path).follow_links(true) {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if let Ok(meta) = entry.metadata() {
                    stamps.add(entry.path().strip_prefix(base).unwrap_or(entry.path()), &meta);
                }
            }
            Ok(_) => {}
            // Unreadable entries (and a missing folder) count too. A build never writes one,
            // so in an output folder they force a build, which reports them.
            Err(_) => stamps.unreadable(),
        }
    }
}

/// The fingerprint of a set of files (path, size, modification time), gathered file by file
/// in any order and from any thread: the sink adds each file as it writes it, so a build never
/// lists its output again (on a tmpfs, listing a folder of 50,000 CSV files alone takes 0.2 s).
#[derive(Debug, Default)]
pub struct Stamps {
    sum: AtomicU64,
    count: AtomicU64,
}

impl Stamps {
    /// Adds the file at `relative` (to the folder fingerprinted) with its metadata.
    pub fn add(&self, relative: &Path, meta: &std::fs::Metadata) {
        let mut h = DefaultHasher::new();
        relative.hash(&mut h);
        meta.len().hash(&mut h);
        meta.modified().ok().hash(&mut h);
        // A sum does not depend on the order the files came in.
        self.sum.fetch_add(h.finish(), Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts an entry that could not be read.
    fn unreadable(&self) {
        self.count.fetch_add(1 << 40, Ordering::Relaxed);
    }

    pub fn fingerprint(&self) -> u64 {
        let mut h = DefaultHasher::new();
        (self.sum.load(Ordering::Relaxed), self.count.load(Ordering::Relaxed)).hash(&mut h);
        h.finish()
    }
}

/// The state the last build into `out` left, if any.
pub fn load(out: &Path) -> Option<State> {
    let text = std::fs::read_to_string(state_file(out)?).ok()?;
    let mut parts = text.split_whitespace();
    let mut next = || parts.next().and_then(|p| p.parse::<u64>().ok());
    Some(State { inputs: next()?, outputs: next()?, pages: next()? as usize })
}

/// Records the state after a build whose output has the fingerprint `outputs` (failures to
/// write the state only cost the next build its shortcut).
pub fn save(out: &Path, inputs: u64, outputs: u64, pages: usize) {
    if let Some(file) = state_file(out) {
        let _ = std::fs::write(file, format!("{inputs} {outputs} {pages}\n"));
    }
}

/// Forgets the state (before a build replaces the output).
pub fn forget(out: &Path) {
    if let Some(file) = state_file(out) {
        let _ = std::fs::remove_file(file);
    }
}

/// Whether the output is exactly what the last build left and its inputs did not change.
pub fn is_current(out: &Path, inputs: u64) -> Option<State> {
    let state = load(out)?;
    (state.inputs == inputs && out.is_dir() && state.outputs == outputs(out)).then_some(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::{DirSink, Sink};

    #[test]
    fn the_fingerprint_of_what_was_written_is_the_fingerprint_of_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let sink = DirSink::new(out.clone(), None);
        for (path, text) in [("a.txt", "1"), ("a/b.html", "22"), ("a-b/c", "333"), ("a/c/d.txt", ""), ("é", "5")] {
            sink.write(path, text.as_bytes()).unwrap();
        }
        let source = dir.path().join("style.css");
        std::fs::write(&source, "body{}").unwrap();
        sink.copy("static/style.css", &source).unwrap();
        let written = sink.output_fingerprint();
        assert_eq!(written, outputs(&out));

        // A file changed, added or removed by hand is another fingerprint.
        std::fs::write(out.join("a/b.html"), "2").unwrap();
        let changed = outputs(&out);
        assert_ne!(changed, written);
        std::fs::write(out.join("new.txt"), "").unwrap();
        let added = outputs(&out);
        assert_ne!(added, changed);
        std::fs::remove_file(out.join("é")).unwrap();
        assert_ne!(outputs(&out), added);
    }
}
