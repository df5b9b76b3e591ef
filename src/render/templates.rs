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
    ("partials/icon.html", include_str!("../../templates/partials/icon.html")),
    ("partials/masthead.html", include_str!("../../templates/partials/masthead.html")),
    ("partials/footer.html", include_str!("../../templates/partials/footer.html")),
    ("partials/body.html", include_str!("../../templates/partials/body.html")),
    ("partials/entry.html", include_str!("../../templates/partials/entry.html")),
];

/// The template names every site needs.
pub const REQUIRED: &[&str] = &["index.html", "article.html", "list.html", "404.html"];

pub struct Templates {
    pub tera: tera::Tera,
    /// Names that came from the project (the rest are built in), for error locations.
    project: Vec<String>,
    /// Every template's text, by name.
    sources: std::collections::BTreeMap<String, String>,
}

impl Templates {
    pub fn load(project: &[TemplateSource]) -> Result<Templates, Vec<RenderError>> {
        let mut tera = tera::Tera::new();
        // Filters and functions must be registered before templates are added (Tera 2).
        tera.register_filter("safe", safe);
        let mut all: Vec<(String, String)> = BUILTIN
            .iter()
            .filter(|(name, _)| !project.iter().any(|t| t.name == *name))
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        all.extend(project.iter().filter(|t| is_template(&t.name)).map(|t| (t.name.clone(), t.text.clone())));
        let names: Vec<String> = project.iter().map(|t| t.name.clone()).collect();
        tera.add_raw_templates(all.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| vec![template_error(&names, None, &e)])?;
        Ok(Templates { tera, project: names, sources: all.into_iter().collect() })
    }

    /// `name` and every template it extends or includes, transitively (each once).
    pub fn chain(&self, name: &str) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        let mut todo = vec![name];
        while let Some(next) = todo.pop() {
            let Some((key, text)) = self.sources.get_key_value(next) else { continue };
            if seen.contains(&key.as_str()) {
                continue;
            }
            seen.push(key.as_str());
            todo.extend(referenced(text));
        }
        seen
    }

    /// Whether `name`, or a template it extends or includes, contains `needle` (such as
    /// `site.indicators`): costly site-wide values are only built when some template asks.
    pub fn mentions(&self, name: &str, needle: &str) -> bool {
        self.chain(name).iter().any(|t| self.sources.get(*t).is_some_and(|text| text.contains(needle)))
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `name` as UTF-8 bytes (Tera writes only strings), to be written out as they
    /// are: checking a whole page again as a `String` cost more than the link scan reading it.
    /// `page` is the content file being rendered, for the message. The output starts with room
    /// for `size_hint` bytes: a page is mostly its body, and growing the buffer from Tera's
    /// small default copies it over and over.
    pub fn render(
        &self,
        name: &str,
        context: &tera::Context,
        page: Option<&Location>,
        size_hint: usize,
    ) -> Result<Vec<u8>, RenderError> {
        let mut output = Vec::with_capacity(size_hint);
        self.tera.render_to(name, context, &mut output).map_err(|e| template_error(&self.project, page, &e))?;
        Ok(output)
    }
}

/// Tera's `safe` filter, without its copy: Tera's own rebuilds the string it marks, and a
/// page's content (tens of kilobytes, already a safe string) passes through it on every page.
/// Strings are marked in place (they are shared, not copied); anything else is written out and
/// marked, as Tera does.
fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    match value.as_str() {
        Some(_) => value.clone().mark_safe(),
        None => tera::Value::safe_string(&value.to_string()),
    }
}

/// The names in `{% extends "…" %}` and `{% include "…" %}` tags.
fn referenced(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for keyword in ["extends", "include"] {
        let mut rest = text;
        while let Some(pos) = rest.find(keyword) {
            rest = &rest[pos + keyword.len()..];
            let trimmed = rest.trim_start();
            let Some(quote) = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
            if let Some(end) = trimmed[1..].find(quote) {
                names.push(&trimmed[1..1 + end]);
            }
        }
    }
    names
}

fn is_template(name: &str) -> bool {
    [".html", ".xml", ".txt", ".svg"].iter().any(|ext| name.ends_with(ext))
}

/// A Tera error as a message naming the template file and line (and the page being rendered).
fn template_error(project: &[String], page: Option<&Location>, e: &tera::Error) -> RenderError {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let place = |name: &str, line: usize, column: usize| {
        let file = if project.iter().any(|n| n == name) {
            format!("{TEMPLATES_DIR}/{name}")
        } else {
            format!("{name} (built-in template)")
        };
        Location::at(file, line, column)
    };
    let (at, message) = match report {
        Some(r) => {
            let span = r.span();
            (place(r.filename(), span.start_line, span.start_col + 1), r.message().to_string())
        }
        None => {
            let text = flatten(e);
            match first_report(&text) {
                Some((name, line, column, message)) => (place(&name, line, column), message),
                None => (Location::file(TEMPLATES_DIR), text),
            }
        }
    };
    let message = match page {
        Some(p) => format!("{message} (while rendering {p})"),
        None => message,
    };
    RenderError::Template { at, message }
}

/// Tera reports unknown filters, functions and includes as text reports
/// (`error: Unknown filter `x`` then ` --> name.html:3:17`): the first one's place and message.
fn first_report(text: &str) -> Option<(String, usize, usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let arrow = lines.iter().position(|l| l.trim_start().starts_with("--> "))?;
    let place = lines[arrow].trim_start().trim_start_matches("--> ");
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.to_string();
    let message =
        lines[..arrow].iter().rev().find_map(|l| l.split("error: ").nth(1)).unwrap_or("template error").to_string();
    Some((name, line, column, message))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_marks_strings_and_writes_out_other_values() {
        let project = [TemplateSource {
            name: "t.html".into(),
            file: "templates/t.html".into(),
            text: "{{ raw | safe }}|{{ raw }}|{{ marked | safe }}|{{ n | safe }}|{{ list | safe }}".into(),
        }];
        let templates = Templates::load(&project).map_err(|e| format!("{e:?}")).expect("templates load");
        let mut ctx = tera::Context::new();
        ctx.insert("raw", "<b>&</b>");
        ctx.insert("marked", &tera::Value::safe_string("<i>"));
        ctx.insert("n", &2.5);
        ctx.insert("list", &["<a>"]);
        let html = templates.render("t.html", &ctx, None, 0).map_err(|e| format!("{e:?}")).expect("renders");
        let html = String::from_utf8(html).expect("Tera writes UTF-8");
        assert_eq!(html, r#"<b>&</b>|&lt;b&gt;&amp;&lt;/b&gt;|<i>|2.5|["<a>"]"#);
    }
}
