//! Errors and warnings shared by every stage.
//!
//! Each stage has its own typed error enum (in its module); they all carry a [`Location`] so that
//! the top-level [`Error`] can sort them by file and line and print them together.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a project file, printed as `content/zh/talent.md:12:5`.
///
/// `file` is relative to the project root, so messages read the same on every machine.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Location {
        Location { file: file.into(), line: None, column: None }
    }

    pub fn line(file: impl Into<PathBuf>, line: usize) -> Location {
        Location { file: file.into(), line: Some(line), column: None }
    }

    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Location {
        Location { file: file.into(), line: Some(line), column: Some(column) }
    }

    pub fn path(&self) -> &Path {
        &self.file
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Forward slashes on every platform: the messages are compared in tests and docs.
        let file = self.file.to_string_lossy().replace('\\', "/");
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{file}:{line}:{column}"),
            (Some(line), None) => write!(f, "{file}:{line}"),
            _ => f.write_str(&file),
        }
    }
}

/// Something worth the author's attention that does not stop the build (unless `--strict`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub at: Option<Location>,
    pub message: String,
}

impl Warning {
    pub fn new(at: Option<Location>, message: impl Into<String>) -> Warning {
        Warning { at, message: message.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Everything that can stop a build, as returned by [`crate::build`] and [`crate::check`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("{}", numbered(.0))]
    Load(Vec<crate::load::LoadError>),
    #[error("{}", numbered(.0))]
    Resolve(Vec<crate::resolve::ResolveError>),
    #[error("{}", numbered(.0))]
    Render(Vec<crate::render::RenderError>),
    #[error(transparent)]
    Write(#[from] crate::write::WriteError),
    #[error("{} warning(s) with --strict:\n{}", .0.len(), lines(.0))]
    Strict(Vec<Warning>),
}

impl Error {
    /// How many problems this error reports (a stage can report several at once).
    pub fn count(&self) -> usize {
        match self {
            Error::Load(v) => v.len(),
            Error::Resolve(v) => v.len(),
            Error::Render(v) => v.len(),
            Error::Strict(v) => v.len(),
            Error::Config(_) | Error::Write(_) => 1,
        }
    }
}

fn numbered<T: fmt::Display>(errors: &[T]) -> String {
    if errors.len() == 1 {
        return errors[0].to_string();
    }
    let mut out = format!("{} errors:", errors.len());
    for e in errors {
        out.push_str("\n- ");
        out.push_str(&e.to_string());
    }
    out
}

fn lines<T: fmt::Display>(items: &[T]) -> String {
    items.iter().map(|w| format!("- {w}")).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_print_as_editors_expect() {
        assert_eq!(Location::at("content/zh/a.md", 3, 7).to_string(), "content/zh/a.md:3:7");
        assert_eq!(Location::line("site.yaml", 2).to_string(), "site.yaml:2");
        assert_eq!(Location::file("static").to_string(), "static");
    }
}
