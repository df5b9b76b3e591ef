//! HTTP: answers the browser from the files the session keeps in memory (tiny_http).
//!
//! Paths map as on GitHub Pages: `/zh/talent/` serves `zh/talent/index.html`, `/zh/talent`
//! redirects there, anything else missing gets `404.html` with status 404. HTML gets the
//! live-reload script; `/__brief/events` streams reload and error events.

use std::io::Write;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tiny_http::{Header, Request, Response, StatusCode};

use super::live::{self, EVENTS_PATH, Event, Hub};
use crate::session::Files;

/// What the HTTP threads share with the watcher.
#[derive(Default)]
pub struct State {
    /// The site's files (absent until the first build succeeds).
    pub files: RwLock<Option<Files>>,
    /// The message of the last failed build, shown over every page until a build succeeds.
    pub error: RwLock<Option<String>>,
    pub hub: Hub,
}

impl State {
    pub fn error(&self) -> Option<String> {
        self.error.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set_error(&self, error: Option<String>) {
        *self.error.write().unwrap_or_else(|e| e.into_inner()) = error;
    }
}

/// What a path resolves to.
#[derive(Debug, PartialEq)]
pub enum Found {
    File { site_path: String, bytes: Arc<Vec<u8>> },
    Redirect(String),
    Missing(Option<Arc<Vec<u8>>>),
}

/// Finds the file for a URL path (already percent-decoded, without query).
pub fn lookup(files: &Files, path: &str) -> Found {
    let files = files.read().unwrap_or_else(|e| e.into_inner());
    let rel = path.trim_start_matches('/');
    let candidate = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
    if let Some(bytes) = files.get(&candidate) {
        return Found::File { site_path: candidate, bytes: Arc::clone(bytes) };
    }
    if !rel.is_empty() && !rel.ends_with('/') && files.contains_key(&format!("{rel}/index.html")) {
        return Found::Redirect(format!("/{rel}/"));
    }
    Found::Missing(files.get("404.html").cloned())
}

/// Answers one request (the event stream gets a thread of its own).
pub fn handle(state: &Arc<State>, request: Request) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH {
        let state = Arc::clone(state);
        std::thread::spawn(move || stream_events(&state, request));
        return;
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned();
    let response = respond(state, &decoded);
    // A browser that went away mid-response is not an error worth reporting.
    let _ = request.respond(response);
}

fn respond(state: &State, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let files = state.files.read().unwrap_or_else(|e| e.into_inner()).clone();
    let error = state.error();
    let Some(files) = files else {
        let page = live::error_page(error.as_deref().unwrap_or("building…"));
        return html(page, 500);
    };
    match lookup(&files, path) {
        Found::File { site_path, bytes } => {
            let mime = mime_guess::from_path(&site_path).first_or_octet_stream();
            let is_html = mime.essence_str() == "text/html";
            let body = if is_html { live::inject(&bytes, error.as_deref()) } else { bytes.to_vec() };
            let content_type = match mime.type_() {
                mime_guess::mime::TEXT => format!("{}; charset=utf-8", mime.essence_str()),
                _ if site_path.ends_with(".svg") || site_path.ends_with(".xml") => {
                    format!("{}; charset=utf-8", mime.essence_str())
                }
                _ => mime.essence_str().to_string(),
            };
            with_header(
                with_header(Response::from_data(body), "Content-Type", &content_type),
                "Cache-Control",
                "no-store",
            )
        }
        Found::Redirect(location) => {
            // Header values are ASCII: a folder named in Chinese is percent-encoded again.
            let location = percent_encoding::utf8_percent_encode(&location, LOCATION).to_string();
            with_header(Response::from_data(Vec::new()).with_status_code(StatusCode(301)), "Location", &location)
        }
        Found::Missing(page) => {
            let body = page.map_or_else(|| b"not found".to_vec(), |p| live::inject(&p, error.as_deref()));
            html(body, 404)
        }
    }
}

fn html(body: Vec<u8>, status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    let response = Response::from_data(body).with_status_code(StatusCode(status));
    with_header(with_header(response, "Content-Type", "text/html; charset=utf-8"), "Cache-Control", "no-store")
}

/// Adds a header (tiny_http takes ASCII only; anything else is left out).
fn with_header<R: std::io::Read>(response: Response<R>, name: &str, value: &str) -> Response<R> {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

/// What to percent-encode in a Location header: controls, spaces and non-ASCII.
const LOCATION: &percent_encoding::AsciiSet =
    &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

/// Streams events to one page until it goes away. A build error that is current when the page
/// connects is sent at once, so a page opened while the site is broken shows it.
fn stream_events(state: &State, request: Request) {
    let events = state.hub.subscribe();
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if writer.write_all(head.as_bytes()).and_then(|_| writer.flush()).is_err() {
        return;
    }
    if let Some(message) = state.error() {
        if writer.write_all(Event::Failed(message).to_sse().as_bytes()).and_then(|_| writer.flush()).is_err() {
            return;
        }
    }
    loop {
        let text = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => event.to_sse(),
            // Comments keep proxies and the browser from closing an idle stream, and tell us
            // when the page has gone (the write fails).
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if writer.write_all(text.as_bytes()).and_then(|_| writer.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn files(paths: &[&str]) -> Files {
        let map: BTreeMap<String, Arc<Vec<u8>>> =
            paths.iter().map(|p| (p.to_string(), Arc::new(p.as_bytes().to_vec()))).collect();
        Arc::new(RwLock::new(map))
    }

    #[test]
    fn paths_map_like_github_pages() {
        let f = files(&["index.html", "zh/talent/index.html", "style.css", "404.html"]);
        assert!(matches!(lookup(&f, "/"), Found::File { site_path, .. } if site_path == "index.html"));
        assert!(
            matches!(lookup(&f, "/zh/talent/"), Found::File { site_path, .. } if site_path == "zh/talent/index.html")
        );
        assert_eq!(lookup(&f, "/zh/talent"), Found::Redirect("/zh/talent/".into()));
        assert!(matches!(lookup(&f, "/style.css"), Found::File { .. }));
        assert!(matches!(lookup(&f, "/nope/"), Found::Missing(Some(_))));
        assert!(matches!(lookup(&f, "/../etc/passwd"), Found::Missing(_)));
    }
}
