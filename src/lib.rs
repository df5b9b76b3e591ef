//! brief: a static site generator for bilingual, data-driven research briefs.

pub mod chart;
pub mod config;
pub mod error;
pub mod format;
pub mod i18n;
pub mod lang;
pub mod load;
pub mod render;
pub mod resolve;
pub mod units;
pub mod write;
mod yamlpos;

pub use error::{Error, Location, Warning};
