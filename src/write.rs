//! Write: puts rendered files on disk atomically.
//!
//! A build writes into a temporary directory beside the output (`.public.tmp-<pid>-…`) and
//! swaps it in only when everything succeeded: on Linux with one atomic `renameat2` exchange,
//! elsewhere with two renames. A failed or killed build leaves the previous `public/` as it was;
//! the leftovers of a killed build are removed by the next one. A file whose bytes did not
//! change is hard-linked from the previous output rather than rewritten, so its mtime stays and
//! deploy tools see no change.

use std::collections::BTreeMap;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::uptodate::Stamps;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: {message}", .path.display())]
    Io { path: PathBuf, message: String },
    #[error("refusing to write `{0}`: output paths must stay inside the output folder")]
    UnsafePath(String),
    #[error("{}: the output path exists and is not a folder", .0.display())]
    NotADirectory(PathBuf),
    #[error("`{0}` would be written twice in one build: two sources are published at the same place")]
    Twice(String),
}

fn io(path: &Path, e: std::io::Error) -> WriteError {
    WriteError::Io { path: path.to_path_buf(), message: e.to_string() }
}

/// Where rendered files go.
pub trait Sink: Sync {
    /// Stores `bytes` at `site_path` (relative to the site root, `/`-separated).
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<(), WriteError>;
    /// Stores a copy of the file at `source`.
    fn copy(&self, site_path: &str, source: &Path) -> Result<(), WriteError>;
}

/// Checks that a site path names a file inside the output and turns it into a relative path.
pub fn safe_relative(site_path: &str) -> Result<PathBuf, WriteError> {
    let path = Path::new(site_path);
    let ok = !site_path.is_empty()
        && !site_path.contains('\\')
        && !site_path.contains('\0')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if ok { Ok(path.to_path_buf()) } else { Err(WriteError::UnsafePath(site_path.to_string())) }
}

/// Writes into a directory, reusing unchanged files of a previous output by hard link.
pub struct DirSink {
    dir: PathBuf,
    previous: Option<PathBuf>,
    /// Folders already created: shared ones (`data/`, `zh/charts/`, a page's parent folder)
    /// are asked for by many files, and one lookup here saves the file system calls of
    /// `create_dir_all`.
    created: Mutex<HashSet<PathBuf>>,
    /// The fingerprint of the files written so far.
    stamps: Stamps,
}

impl DirSink {
    pub fn new(dir: PathBuf, previous: Option<PathBuf>) -> DirSink {
        DirSink { dir, previous, created: Mutex::default(), stamps: Stamps::default() }
    }

    /// The fingerprint of everything written, as [`crate::uptodate::outputs`] would compute it.
    pub fn output_fingerprint(&self) -> u64 {
        self.stamps.fingerprint()
    }

    fn stamp(&self, relative: &Path, meta: std::io::Result<std::fs::Metadata>) {
        // A file whose metadata cannot be read is left out, as `uptodate::outputs` leaves it.
        if let Ok(meta) = meta {
            self.stamps.add(relative, &meta);
        }
    }

    fn prepare(&self, site_path: &str) -> Result<(PathBuf, PathBuf), WriteError> {
        let rel = safe_relative(site_path)?;
        let target = self.dir.join(&rel);
        if let Some(parent) = target.parent() {
            let known = self.created.lock().unwrap_or_else(PoisonError::into_inner).contains(parent);
            if !known {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
                self.created.lock().unwrap_or_else(PoisonError::into_inner).insert(parent.to_path_buf());
            }
        }
        Ok((rel, target))
    }

    /// Hard-links the previous output's file if it holds exactly `bytes`.
    fn reuse(&self, rel: &Path, target: &Path, same: impl FnOnce(&Path) -> bool) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(rel);
        old.is_file() && same(&old) && std::fs::hard_link(&old, target).is_ok()
    }
}

impl Sink for DirSink {
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let (rel, target) = self.prepare(site_path)?;
        let same = |old: &Path| {
            std::fs::metadata(old).is_ok_and(|m| m.len() == bytes.len() as u64)
                && std::fs::read(old).is_ok_and(|b| b == bytes)
        };
        if self.reuse(&rel, &target, same) {
            self.stamp(&rel, std::fs::metadata(&target));
            return Ok(());
        }
        let file = create_new(site_path, &target, |file| std::io::Write::write_all(file, bytes))?;
        self.stamp(&rel, file.metadata());
        Ok(())
    }

    fn copy(&self, site_path: &str, source: &Path) -> Result<(), WriteError> {
        let (rel, target) = self.prepare(site_path)?;
        let same = |old: &Path| match (std::fs::metadata(old), std::fs::metadata(source)) {
            (Ok(a), Ok(b)) if a.len() == b.len() => {
                matches!((std::fs::read(old), std::fs::read(source)), (Ok(x), Ok(y)) if x == y)
            }
            _ => false,
        };
        if self.reuse(&rel, &target, same) {
            self.stamp(&rel, std::fs::metadata(&target));
            return Ok(());
        }
        let mut from = std::fs::File::open(source).map_err(|e| io(source, e))?;
        let file = create_new(site_path, &target, |file| std::io::copy(&mut from, file).map(|_| ()))?;
        self.stamp(&rel, file.metadata());
        Ok(())
    }
}

/// Creates `target` with what `fill` writes. A file already there is never opened: it may be
/// a hard link to the previous output (see [`DirSink::reuse`]), which must stay as it was until
/// the new output is complete. A build writes each path once (pages elect one writer for a
/// chart's standalone file), so a file already there means two sources are published at one
/// place. (A second write cannot be reused either: its hard link finds the place taken.)
fn create_new(
    site_path: &str,
    target: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<std::fs::File, WriteError> {
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(target) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(WriteError::Twice(site_path.to_string()));
        }
        Err(e) => return Err(io(target, e)),
    };
    fill(&mut file).map_err(|e| io(target, e))?;
    Ok(file)
}

/// Keeps every file in memory (for `serve`).
#[derive(Default)]
pub struct MemorySink {
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        safe_relative(site_path)?;
        self.files
            .lock()
            .map_err(|_| WriteError::UnsafePath(site_path.into()))?
            .insert(site_path.to_string(), bytes.to_vec());
        Ok(())
    }

    fn copy(&self, site_path: &str, source: &Path) -> Result<(), WriteError> {
        let bytes = std::fs::read(source).map_err(|e| io(source, e))?;
        self.write(site_path, &bytes)
    }
}

/// Discards everything (for `check`), but still refuses unsafe paths.
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, site_path: &str, _: &[u8]) -> Result<(), WriteError> {
        safe_relative(site_path).map(|_| ())
    }

    fn copy(&self, site_path: &str, source: &Path) -> Result<(), WriteError> {
        safe_relative(site_path)?;
        std::fs::metadata(source).map(|_| ()).map_err(|e| io(source, e))
    }
}

/// A new output being built beside the old one; dropped without [`Staging::commit`], it is
/// removed and the old output stays.
pub struct Staging {
    temp: tempfile::TempDir,
    out: PathBuf,
}

impl Staging {
    /// Creates the temporary directory next to `out` (and removes leftovers of killed builds).
    pub fn new(out: &Path) -> Result<Staging, WriteError> {
        let out = absolute(out)?;
        if out.exists() && !out.is_dir() {
            return Err(WriteError::NotADirectory(out));
        }
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(|e| io(&parent, e))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        remove_leftovers(&parent, &name);
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}.tmp-{}-", std::process::id()))
            .tempdir_in(&parent)
            .map_err(|e| io(&parent, e))?;
        Ok(Staging { temp, out })
    }

    /// The sink that writes into the temporary directory.
    pub fn sink(&self) -> DirSink {
        let previous = self.out.is_dir().then(|| self.out.clone());
        DirSink::new(self.temp.path().to_path_buf(), previous)
    }

    /// Swaps the new output in and removes the old one.
    pub fn commit(self) -> Result<(), WriteError> {
        let temp = self.temp.keep();
        if !self.out.exists() {
            return std::fs::rename(&temp, &self.out).map_err(|e| io(&self.out, e));
        }
        swap(&temp, &self.out)?;
        // `temp` now holds the previous output.
        remove_tree(&temp).map_err(|e| io(&temp, e))
    }
}

/// Removes a folder and everything in it, its subfolders in parallel (a site has thousands of
/// page folders, and unlinking them one by one is a good part of a build on a fast disk).
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            for inner in std::fs::read_dir(entry.path())? {
                folders.push(inner?.path());
            }
        }
    }
    folders
        .par_iter()
        .try_for_each(|path| if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) })?;
    std::fs::remove_dir_all(dir)
}

fn absolute(path: &Path) -> Result<PathBuf, WriteError> {
    std::path::absolute(path).map_err(|e| io(path, e))
}

#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> Result<(), WriteError> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(|e| io(b, e.into()))
}

#[cfg(not(target_os = "linux"))]
fn swap(a: &Path, b: &Path) -> Result<(), WriteError> {
    // Two renames: between them the output is missing for a moment; the next build finds the
    // previous output under the `.old-` name if a crash happens right there.
    let old = b.with_file_name(format!(
        ".{}.old-{}",
        b.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id()
    ));
    std::fs::rename(b, &old).map_err(|e| io(b, e))?;
    std::fs::rename(a, b).map_err(|e| io(b, e))?;
    std::fs::rename(&old, a).map_err(|e| io(a, e))
}

/// Removes `.<name>.tmp-<pid>-*` folders whose build process is gone.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|pid| pid == std::process::id() || process_alive(pid));
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    // Without a cheap portable check, assume it may still be running: leftovers stay.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\b", "./a"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
        assert!(safe_relative("zh/talent/index.html").is_ok());
    }

    #[test]
    fn commit_swaps_and_failure_keeps_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.txt"), "old").unwrap();

        let staging = Staging::new(&out).unwrap();
        staging.sink().write("new.txt", b"new").unwrap();
        drop(staging); // a failed build
        assert!(out.join("old.txt").exists());
        assert!(!out.join("new.txt").exists());

        let staging = Staging::new(&out).unwrap();
        staging.sink().write("new.txt", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!out.join("old.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("new.txt")).unwrap(), "new");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_keep_their_inode() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out).unwrap();
        staging.sink().write("a.html", b"same").unwrap();
        staging.sink().write("b.html", b"before").unwrap();
        staging.commit().unwrap();
        let ino_a = std::fs::metadata(out.join("a.html")).unwrap().ino();
        let ino_b = std::fs::metadata(out.join("b.html")).unwrap().ino();

        let staging = Staging::new(&out).unwrap();
        staging.sink().write("a.html", b"same").unwrap();
        staging.sink().write("b.html", b"after").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::metadata(out.join("a.html")).unwrap().ino(), ino_a);
        assert_ne!(std::fs::metadata(out.join("b.html")).unwrap().ino(), ino_b);
    }
}
