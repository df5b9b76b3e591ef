//! Render (placeholder while the stage is written).
pub mod emphasis;

use crate::error::Location;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("{at}: {message}")]
    Content { at: Location, message: String },
}
