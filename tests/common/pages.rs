//! A static server that behaves like GitHub Pages for a project site, for tests that look at a
//! built site as browsers reach it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The subpath a project site lives under (https://USER.github.io/REPO/).
pub const PREFIX: &str = "/brief/";

/// Serves `root` under [`PREFIX`] on 127.0.0.1 until dropped: `dir/` serves `dir/index.html`,
/// `dir` (no slash) redirects to `dir/`, and anything missing serves `404.html` with status 404.
pub struct StaticServer {
    server: Arc<tiny_http::Server>,
    threads: Vec<std::thread::JoinHandle<()>>,
    pub port: u16,
}

impl StaticServer {
    pub fn start(root: PathBuf) -> StaticServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let port = match server.server_addr().to_ip() {
            Some(SocketAddr::V4(a)) => a.port(),
            Some(SocketAddr::V6(a)) => a.port(),
            None => panic!("not an IP listener"),
        };
        let root = Arc::new(root);
        // Two threads: the browser loads pages two at a time.
        let threads = (0..2)
            .map(|_| {
                let (server, root) = (Arc::clone(&server), Arc::clone(&root));
                std::thread::spawn(move || {
                    for request in server.incoming_requests() {
                        respond(&root, request);
                    }
                })
            })
            .collect();
        StaticServer { server, threads, port }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}{PREFIX}", self.port)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        self.server.unblock();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// What the server answers for a request path.
#[derive(Debug, PartialEq)]
pub enum Answer {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

pub fn resolve(root: &Path, url: &str) -> Answer {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix(PREFIX) else {
        return if path == PREFIX.trim_end_matches('/') { Answer::Redirect(PREFIX.into()) } else { Answer::NotFound };
    };
    let Ok(decoded) = percent_encoding::percent_decode_str(rest).decode_utf8() else { return Answer::NotFound };
    let mut file = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == ".." || segment == "." || segment.contains('\\') {
            return Answer::NotFound;
        }
        file.push(segment);
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            return Answer::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    if file.is_file() { Answer::File(file) } else { Answer::NotFound }
}

fn respond(root: &Path, request: tiny_http::Request) {
    let header = |name: &str, value: &str| tiny_http::Header::from_bytes(name, value).expect("header");
    let file_response = |path: &Path, status: u16| {
        let body = std::fs::read(path).unwrap_or_default();
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let mime = if mime.type_() == "text" || mime.subtype() == "xml" || mime.subtype() == "svg" {
            format!("{mime}; charset=utf-8")
        } else {
            mime.to_string()
        };
        tiny_http::Response::from_data(body).with_status_code(status).with_header(header("Content-Type", &mime))
    };
    let response = match resolve(root, request.url()) {
        Answer::File(path) => file_response(&path, 200),
        Answer::Redirect(to) => {
            tiny_http::Response::from_data(Vec::new()).with_status_code(301).with_header(header("Location", &to))
        }
        Answer::NotFound => file_response(&root.join("404.html"), 404),
    };
    let _ = request.respond(response);
}

/// Checks the server itself (called from a test).
pub fn check_server() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("en/talent")).unwrap();
    std::fs::write(dir.path().join("en/talent/index.html"), "talent").unwrap();
    std::fs::write(dir.path().join("404.html"), "missing").unwrap();
    std::fs::write(dir.path().join("style.css"), "body{}").unwrap();
    let root = dir.path();
    assert_eq!(resolve(root, "/brief/en/talent/"), Answer::File(root.join("en/talent/index.html")));
    assert_eq!(resolve(root, "/brief/en/talent/?x=1#top"), Answer::File(root.join("en/talent/index.html")));
    assert_eq!(resolve(root, "/brief/en/talent"), Answer::Redirect("/brief/en/talent/".into()));
    assert_eq!(resolve(root, "/brief"), Answer::Redirect("/brief/".into()));
    assert_eq!(resolve(root, "/brief/style.css"), Answer::File(root.join("style.css")));
    assert_eq!(resolve(root, "/style.css"), Answer::NotFound, "only under the subpath");
    assert_eq!(resolve(root, "/brief/../404.html"), Answer::NotFound);
    assert_eq!(resolve(root, "/brief/%2e%2e/404.html"), Answer::NotFound);
    assert_eq!(resolve(root, "/brief/no/such/page/"), Answer::NotFound);

    let server = StaticServer::start(root.to_path_buf());
    let get = |path: &str| {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().max_redirects(0).http_status_as_error(false).build().into();
        let mut response = agent.get(&format!("http://127.0.0.1:{}{path}", server.port)).call().expect("request");
        let ctype = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        (response.status().as_u16(), ctype, response.body_mut().read_to_string().unwrap_or_default())
    };
    assert_eq!(get("/brief/en/talent/"), (200, "text/html; charset=utf-8".into(), "talent".into()));
    assert_eq!(get("/brief/style.css"), (200, "text/css; charset=utf-8".into(), "body{}".into()));
    assert_eq!(get("/brief/deep/missing/path/"), (404, "text/html; charset=utf-8".into(), "missing".into()));
    assert_eq!(get("/brief/en/talent").0, 301);
}
