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
    files_of(&root.join(crate::config::CONFIG_FILE), root, &mut h);
    for dir in [crate::load::CONTENT_DIR, crate::load::TEMPLATES_DIR, crate::load::STATIC_DIR, crate::load::I18N_DIR] {
        files_of(&root.join(dir), root, &mut h);
    }
    h.finish()
}

/// The fingerprint of the files in the output folder.
pub fn outputs(out: &Path) -> u64 {
    let mut h = DefaultHasher::new();
    files_of(out, out, &mut h);
    h.finish()
}

/// Hashes path, size and modification time of every file below `path`, in a fixed order.
fn files_of(path: &Path, base: &Path, h: &mut DefaultHasher) {
    for entry in walkdir::WalkDir::new(path).follow_links(true).sort_by_file_name() {
        let Ok(entry) = entry else {
            // Unreadable entries change the fingerprint, so a build will report them.
            "unreadable".hash(h);
            continue;
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        entry.path().strip_prefix(base).unwrap_or(entry.path()).hash(h);
        meta.len().hash(h);
        if let Ok(modified) = meta.modified() {
            modified.hash(h);
        }
    }
}

/// The state the last build into `out` left, if any.
pub fn load(out: &Path) -> Option<State> {
    let text = std::fs::read_to_string(state_file(out)?).ok()?;
    let mut parts = text.split_whitespace();
    let mut next = || parts.next().and_then(|p| p.parse::<u64>().ok());
    Some(State { inputs: next()?, outputs: next()?, pages: next()? as usize })
}

/// Records the state after a build (failures to write it only cost the next build its shortcut).
pub fn save(out: &Path, inputs: u64, pages: usize) {
    if let Some(file) = state_file(out) {
        let _ = std::fs::write(file, format!("{inputs} {} {pages}\n", outputs(out)));
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
