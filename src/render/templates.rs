//! Templates: the Tera instance, loaded from the project's `templates/` over built-in defaults.
//!
//! A project may override any template or add its own; whatever it lacks comes from the
//! templates shipped with brief (the flagship brief's, generic enough for any site). Template
//! errors name the template file and line.

use crate::error::Location;
use crate::load::{TEMPLATES_DIR, TemplateSource};

use super::RenderError;

/// The templates shipped in the binary, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("data.html", include_str!("../../templates/data.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "partials/icon.html",
        include_str!("../../templates/partials/icon.html"),
    ),
    (
        "partials/masthead.html",
        include_str!("../../templates/partials/masthead.html"),
    ),
    (
        "partials/footer.html",
        include_str!("../../templates/partials/footer.html"),
    ),
    (
        "partials/body.html",
        include_str!("../../templates/partials/body.html"),
    ),
    (
        "partials/entry.html",
        include_str!("../../templates/partials/entry.html"),
    ),
];

/// The template names every site needs.
pub const REQUIRED: &[&str] = &["index.html", "article.html", "list.html", "404.html"];

pub struct Templates {
    pub tera: tera::Tera,
    /// Names that came from the project (the rest are built in), for error locations.
    project: Vec<String>,
}

impl Templates {
    pub fn load(project: &[TemplateSource]) -> Result<Templates, Vec<RenderError>> {
        let mut tera = tera::Tera::new();
        // Filters and functions must be registered before templates are added (Tera 2).
        let mut all: Vec<(String, String)> = BUILTIN
            .iter()
            .filter(|(name, _)| !project.iter().any(|t| t.name == *name))
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        all.extend(
            project
                .iter()
                .filter(|t| is_template(&t.name))
                .map(|t| (t.name.clone(), t.text.clone())),
        );
        let names: Vec<String> = project.iter().map(|t| t.name.clone()).collect();
        tera.add_raw_templates(all.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| vec![template_error(&names, None, &e)])?;
        Ok(Templates {
            tera,
            project: names,
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `name`; `page` is the content file being rendered, for the message.
    pub fn render(
        &self,
        name: &str,
        context: &tera::Context,
        page: Option<&Location>,
    ) -> Result<String, RenderError> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&self.project, page, &e))
    }
}

fn is_template(name: &str) -> bool {
    [".html", ".xml", ".txt", ".svg"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// A Tera error as a message naming the template file and line (and the page being rendered).
fn template_error(project: &[String], page: Option<&Location>, e: &tera::Error) -> RenderError {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let (at, message) = match report {
        Some(r) => {
            let file = if project.iter().any(|n| n == r.filename()) {
                format!("{TEMPLATES_DIR}/{}", r.filename())
            } else {
                format!("{} (built-in template)", r.filename())
            };
            let span = r.span();
            (
                Location::at(file, span.start_line, span.start_col + 1),
                r.message().to_string(),
            )
        }
        None => (Location::file(TEMPLATES_DIR), flatten(e)),
    };
    let message = match page {
        Some(p) => format!("{message} (while rendering {p})"),
        None => message,
    };
    RenderError::Template { at, message }
}

fn flatten(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}
