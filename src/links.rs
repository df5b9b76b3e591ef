//! Links: finds every link and id in rendered pages, and checks that internal links reach a
//! page or file and their `#fragment` an id on it; `check --external` also asks every outside
//! URL whether it answers.
//!
//! Links written in Markdown are reported at their line; links made by templates at the
//! template, with the page being rendered.

use std::collections::BTreeSet;
use std::time::Duration;

use rayon::prelude::*;

use crate::error::Location;
use crate::render::RenderError;
use crate::render::markdown::{InternalLink, decode_entities};
use crate::resolve::Site;

/// The `href`/`src` values and `id`s of an HTML page, entities decoded.
#[derive(Debug, Default, PartialEq)]
pub struct Scanned {
    pub urls: Vec<String>,
    pub ids: Vec<String>,
}

/// Scans rendered HTML (UTF-8 bytes, as templates render it) for `href="…"`, `src="…"` and
/// `id="…"` attributes (brief's templates and renderer always quote attributes with double
/// quotes), in document order.
pub fn scan(bytes: &[u8]) -> Scanned {
    // Each pattern's matches come in document order; only hrefs and srcs need interleaving.
    let values = |pattern: &'static [u8]| {
        memchr::memmem::find_iter(bytes, pattern).filter_map(move |pos| {
            // An attribute name starts after white space (`data-id="` is not an id).
            if !pos.checked_sub(1).is_some_and(|p| bytes[p].is_ascii_whitespace()) {
                return None;
            }
            let start = pos + pattern.len();
            let len = memchr::memchr(b'"', &bytes[start..])?;
            Some((pos, decode_entities(&String::from_utf8_lossy(&bytes[start..start + len]))))
        })
    };
    let mut urls: Vec<(usize, String)> = values(b"href=\"").collect();
    let sources: Vec<(usize, String)> = values(b"src=\"").collect();
    if !sources.is_empty() {
        urls.extend(sources);
        urls.sort_unstable_by_key(|(pos, _)| *pos);
    }
    Scanned { urls: urls.into_iter().map(|(_, url)| url).collect(), ids: values(b"id=\"").map(|(_, id)| id).collect() }
}

/// An internal link's target: the site path (relative to the site root) and the fragment,
/// percent-decoded. `None` for links that leave the site (other hosts, mailto:, …).
pub fn target(site: &Site, page_path: &str, url: &str) -> Option<(String, Option<String>)> {
    let base = site.config.base_url.path();
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(decode(f))),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((page_path.to_string(), fragment));
    }
    let absolute = site.config.base_url.as_str();
    let rest = path.strip_prefix(absolute).or_else(|| path.strip_prefix(base))?;
    Some((decode(rest), fragment))
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The links of a rendered page that its template made (those not written in its Markdown),
/// as internal links located at the template.
pub fn template_links(site: &Site, index: usize, scanned: &Scanned, markdown: &[InternalLink]) -> Vec<InternalLink> {
    let page = &site.pages[index];
    let written: BTreeSet<(&str, Option<&str>)> =
        markdown.iter().map(|l| (l.site_path.as_str(), l.fragment.as_deref())).collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let at = Location::file(format!("templates/{} (rendering {})", page.template, page.location()));
    for url in &scanned.urls {
        let Some((site_path, fragment)) = target(site, &page.site_path, url) else { continue };
        if written.contains(&(site_path.as_str(), fragment.as_deref()))
            || !seen.insert((site_path.clone(), fragment.clone()))
        {
            continue;
        }
        out.push(InternalLink { site_path, fragment, at: at.clone() });
    }
    out
}

/// The site path of the page a link path names, if it names one: `zh/a/`, `zh/a` and
/// `zh/a/index.html` all mean the page `zh/a/`.
pub fn page_form(path: &str) -> std::borrow::Cow<'_, str> {
    if let Some(folder) = path.strip_suffix("index.html") {
        folder.into()
    } else if path.is_empty() || path.ends_with('/') {
        path.into()
    } else {
        format!("{path}/").into()
    }
}

/// Every link must reach a page (or a published file) and, if it has a `#fragment`, an id on
/// that page. `anchors` gives the (sorted) ids of the page at a site path, or `None` if no
/// page is there.
pub fn check<'a, 'b>(
    site: &Site,
    links: impl Iterator<Item = &'a InternalLink>,
    anchors: &dyn Fn(&str) -> Option<&'b [String]>,
) -> Vec<RenderError> {
    let statics: BTreeSet<&str> = site.static_files.iter().map(|f| f.site_path.as_str()).collect();
    let is_file = |path: &str| statics.contains(path) || crate::render::is_generated_file(site, path);
    let mut errors = Vec::new();
    for link in links {
        let path = link.site_path.as_str();
        let page_anchors = anchors(&page_form(path));
        let exists = page_anchors.is_some() || path.is_empty() || is_file(path);
        if !exists {
            errors.push(RenderError::Link {
                at: link.at.clone(),
                message: format!("broken link: nothing is published at /{path}"),
            });
            continue;
        }
        if let (Some(fragment), Some(ids)) = (&link.fragment, page_anchors) {
            if !fragment.is_empty() && ids.binary_search_by(|id| id.as_str().cmp(fragment)).is_err() {
                errors.push(RenderError::Link {
                    at: link.at.clone(),
                    message: format!("broken link: /{path} has no element with id `{fragment}`"),
                });
            }
        }
    }
    errors
}

/// An outside link that did not answer well.
#[derive(Debug, Clone, PartialEq)]
pub struct External {
    pub url: String,
    pub problem: String,
}

/// Asks every http(s) URL outside the site whether it answers (HEAD, then GET when HEAD is not
/// allowed), 8 at a time, 15 s each. Only `brief check --external` does this: builds never
/// touch the network.
pub fn check_external(urls: &BTreeSet<String>) -> Vec<External> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(15)))
        .http_status_as_error(false)
        .user_agent(concat!("brief/", env!("CARGO_PKG_VERSION"), " (link check)"))
        .build()
        .into();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build();
    let run = |url: &String| -> Option<External> {
        let status = match agent.head(url).call() {
            Ok(r) if r.status().as_u16() == 405 || r.status().as_u16() == 403 => {
                agent.get(url).call().map(|r| r.status().as_u16())
            }
            Ok(r) => Ok(r.status().as_u16()),
            Err(e) => Err(e),
        };
        match status {
            Ok(code) if code < 400 => None,
            Ok(code) => Some(External { url: url.clone(), problem: format!("HTTP {code}") }),
            Err(e) => Some(External { url: url.clone(), problem: e.to_string() }),
        }
    };
    let urls: Vec<&String> = urls.iter().collect();
    match pool {
        Ok(pool) => pool.install(|| urls.par_iter().filter_map(|u| run(u)).collect()),
        Err(_) => urls.iter().filter_map(|u| run(u)).collect(),
    }
}

/// The http(s) URLs of a page that lead off the site.
pub fn external_urls<'a>(site: &Site, scanned: &'a Scanned) -> impl Iterator<Item = &'a String> {
    let base = site.config.base_url.as_str().to_string();
    scanned
        .urls
        .iter()
        .filter(move |u| (u.starts_with("http://") || u.starts_with("https://")) && !u.starts_with(&base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_attributes_and_decodes_entities() {
        let s = scan(
            r#"<a href="/brief/a/?x=1&amp;y=2">x</a><h2 id="规模">规模</h2><img src="/brief/i.png" alt="a=b"><p data-x="1">"#
                .as_bytes(),
        );
        assert_eq!(s.urls, ["/brief/a/?x=1&y=2", "/brief/i.png"]);
        assert_eq!(s.ids, ["规模"]);
    }
}
