//! Serve: builds the site in memory, serves it on 127.0.0.1, watches the project and rebuilds
//! what each edit touches, and tells open pages to reload (or shows the error of a broken edit
//! over the last good page).
//!
//! The HTTP side is in `http`, the reload script and event hub in `live`; incremental rebuilds
//! are the session's job (`crate::session`).

pub mod http;
pub mod live;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::BuildOptions;
use crate::load::{CONTENT_DIR, I18N_DIR, STATIC_DIR, TEMPLATES_DIR};
use crate::session::{Rebuild, Session};
use http::State;
use live::Event;

/// How long the watcher waits for more changes before rebuilding (editors write in bursts).
const DEBOUNCE: Duration = Duration::from_millis(10);

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub build: BuildOptions,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on 127.0.0.1:{port}: {message} (is another server using it? try --port 0)")]
    Listen { port: u16, message: String },
    #[error("cannot watch {}: {message}", .path.display())]
    Watch { path: PathBuf, message: String },
}

/// Runs until the process is stopped. `ready` is called with the address once the server
/// listens (the command line prints it; tests read it).
pub fn serve(options: ServeOptions, ready: impl FnOnce(&str)) -> Result<(), ServeError> {
    let server = tiny_http::Server::http(("127.0.0.1", options.port))
        .map_err(|e| ServeError::Listen { port: options.port, message: e.to_string() })?;
    let port = server.server_addr().to_ip().map_or(options.port, |a| a.port());
    let address = format!("http://127.0.0.1:{port}/");
    let mut build = options.build.clone();
    // Pages link to each other under the address they are served from.
    build.base_url = Some(address.clone());

    let state = Arc::new(State::default());
    let server = Arc::new(server);
    for _ in 0..4 {
        let (server, state) = (Arc::clone(&server), Arc::clone(&state));
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                http::handle(&state, request);
            }
        });
    }

    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let _ = tx.send(result);
    })
    .map_err(|e| ServeError::Watch { path: build.root.clone(), message: e.to_string() })?;
    for dir in [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, I18N_DIR] {
        let path = build.root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| ServeError::Watch { path: path.clone(), message: e.to_string() })?;
        }
    }
    // The root itself, not recursively: site.yaml (and folders created later).
    debouncer
        .watch(&build.root, RecursiveMode::NonRecursive)
        .map_err(|e| ServeError::Watch { path: build.root.clone(), message: e.to_string() })?;

    let started = std::time::Instant::now();
    let mut session = match Session::start(build.clone()) {
        Ok(session) => {
            *state.files.write().unwrap_or_else(|e| e.into_inner()) = Some(session.files());
            eprintln!("Built {} pages in {} ms", session.site().pages.len(), started.elapsed().as_millis());
            Some(session)
        }
        Err(e) => {
            report_error(&state, &e.to_string());
            None
        }
    };
    ready(&address);
    if options.open {
        if let Err(e) = opener::open(&address) {
            eprintln!("warning: could not open a browser: {e}");
        }
    }

    for result in rx {
        let paths: Vec<PathBuf> = match result {
            // Reading a file (our own build does) is not a change.
            Ok(events) => events
                .into_iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect(),
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching files: {e}");
                }
                continue;
            }
        };
        let root = std::fs::canonicalize(&build.root).unwrap_or_else(|_| build.root.clone());
        let relevant: Vec<PathBuf> = paths
            .into_iter()
            .map(|p| p.strip_prefix(&root).map(|r| r.to_path_buf()).unwrap_or(p))
            .map(|p| p.strip_prefix(&build.root).map(|r| r.to_path_buf()).unwrap_or(p))
            .filter(|p| crate::session::is_watched(p))
            .collect();
        if relevant.is_empty() {
            continue;
        }
        match &mut session {
            Some(s) => match s.apply(relevant.iter().map(|p| build.root.join(p))) {
                Ok(rebuild) => report_rebuild(&state, &rebuild),
                Err(e) => report_error(&state, &e.to_string()),
            },
            None => match Session::start(build.clone()) {
                Ok(s) => {
                    *state.files.write().unwrap_or_else(|e| e.into_inner()) = Some(s.files());
                    state.set_error(None);
                    state.hub.send(&Event::Reload);
                    eprintln!("Built {} pages", s.site().pages.len());
                    session = Some(s);
                }
                Err(e) => report_error(&state, &e.to_string()),
            },
        }
    }
    Ok(())
}

fn report_rebuild(state: &State, rebuild: &Rebuild) {
    let was_broken = state.error().is_some();
    state.set_error(None);
    if rebuild.changed.is_empty() && !was_broken {
        return;
    }
    let what = if rebuild.full { "everything".to_string() } else { format!("{} page(s)", rebuild.pages) };
    eprintln!(
        "Rebuilt {what} in {:.1} ms; {} file(s) changed{}",
        rebuild.elapsed.as_secs_f64() * 1000.0,
        rebuild.changed.len(),
        preview(&rebuild.changed)
    );
    state.hub.send(&Event::Reload);
}

fn preview(changed: &[String]) -> String {
    match changed {
        [] => String::new(),
        [a] => format!(": {a}"),
        [a, b] => format!(": {a}, {b}"),
        [a, b, rest @ ..] => format!(": {a}, {b} and {} more", rest.len()),
    }
}

fn report_error(state: &State, message: &str) {
    eprintln!("error: {message}\n(the last good version is still served; fix the file and save)");
    state.set_error(Some(message.to_string()));
    state.hub.send(&Event::Failed(message.to_string()));
}
