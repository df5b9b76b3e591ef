//! The shipped brief as readers see it: built under a subpath like a GitHub Pages project site,
//! served from 127.0.0.1, and checked in a real browser (Chromium through playwright-core), by
//! axe-core and by the W3C Nu Html Checker. The checks themselves are `tests/e2e/run.mjs`.
//!
//! The browser suite needs Chromium, Java (for the Nu checker), Node 20 and `npm ci` run in
//! `tests/e2e`. Without them it says why on stderr and passes, unless `BRIEF_BROWSER_TESTS=require`
//! (as in `.ci/run`), which turns a skip into a failure; `BRIEF_BROWSER_TESTS=off` skips it.
//! Screenshots go to `target/screenshots/`.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The subpath the site is served under, as on GitHub Pages (`https://user.github.io/brief/`).
const PREFIX: &str = "/brief/";

/// The whole Node suite must finish within this (it takes well under a minute).
const SUITE_TIMEOUT: Duration = Duration::from_secs(300);

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn e2e_dir() -> PathBuf {
    manifest_dir().join("tests/e2e")
}

/// Where screenshots go: `<target dir>/screenshots`.
fn screenshot_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("screenshots")
}

// ---------------------------------------------------------------------------------------------
// A static server that behaves like GitHub Pages for a project site.

/// Serves `root` under [`PREFIX`] on 127.0.0.1 until dropped: `dir/` serves `dir/index.html`,
/// `dir` (no slash) redirects to `dir/`, and anything missing serves `404.html` with status 404.
struct StaticServer {
    server: Arc<tiny_http::Server>,
    threads: Vec<std::thread::JoinHandle<()>>,
    port: u16,
}

impl StaticServer {
    fn start(root: PathBuf) -> StaticServer {
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

    fn base_url(&self) -> String {
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
enum Answer {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

fn resolve(root: &Path, url: &str) -> Answer {
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

#[test]
fn the_test_server_answers_like_github_pages() {
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

// ---------------------------------------------------------------------------------------------
// The browser suite.

/// What `BRIEF_BROWSER_TESTS` asks for.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Run if the tools are there, skip (and pass) otherwise.
    Auto,
    /// Missing tools fail the test (CI).
    Require,
    /// Do not run.
    Off,
}

fn mode() -> Mode {
    match std::env::var("BRIEF_BROWSER_TESTS").unwrap_or_default().trim().to_ascii_lowercase().as_str() {
        "" | "auto" => Mode::Auto,
        "require" | "required" | "1" | "true" | "yes" => Mode::Require,
        "off" | "skip" | "0" | "false" | "no" => Mode::Off,
        other => panic!("BRIEF_BROWSER_TESTS={other}: expected require, auto or off"),
    }
}

/// Says something on the real stderr, past the test harness's capture, so a skip is seen.
fn say(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// The Chromium binary: `$BRIEF_CHROMIUM`, or `chromium` / `chromium-browser` on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("BRIEF_CHROMIUM") {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    ["chromium", "chromium-browser"].iter().find_map(|name| on_path(name))
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|p| p.is_file())
}

fn runs(program: &str, arg: &str) -> Option<String> {
    let out = Command::new(program).arg(arg).stdin(Stdio::null()).output().ok()?;
    out.status.success().then(|| {
        let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        text.trim().to_string()
    })
}

/// Everything the suite needs, or what is missing.
fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    match runs("node", "--version") {
        None => missing.push("Node.js (`node` is not on PATH)".to_string()),
        Some(v) => {
            let major: u32 = v.trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
            if major < 20 {
                missing.push(format!("Node.js 20 or later (found {v})"));
            }
        }
    }
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        if !e2e_dir().join("node_modules").join(package).join("package.json").is_file() {
            missing.push(format!("tests/e2e/node_modules/{package} (run `npm ci` in tests/e2e)"));
        }
    }
    if chromium().is_none() {
        missing.push("Chromium (`apt-get install chromium fonts-noto-cjk`, or set BRIEF_CHROMIUM)".to_string());
    }
    if runs("java", "-version").is_none() {
        missing.push("Java for the Nu Html Checker (`apt-get install default-jre-headless`)".to_string());
    }
    missing
}

#[test]
fn the_shipped_brief_works_in_a_browser() {
    let mode = mode();
    if mode == Mode::Off {
        say("browser suite: skipped (BRIEF_BROWSER_TESTS=off)");
        return;
    }
    let missing = missing_tools();
    if !missing.is_empty() {
        let list = missing.iter().map(|m| format!("  - {m}")).collect::<Vec<_>>().join("\n");
        if mode == Mode::Require {
            panic!("browser suite: BRIEF_BROWSER_TESTS=require, but these are missing:\n{list}");
        }
        say(&format!(
            "browser suite: SKIPPED, missing:\n{list}\n  (set BRIEF_BROWSER_TESTS=require to make this a failure)"
        ));
        return;
    }

    let site = tempfile::tempdir().expect("temp dir");
    let out = site.path().join("site");
    let server = StaticServer::start(out.clone());
    let base_url = server.base_url();
    let mut options = brief::BuildOptions::new(manifest_dir());
    options.out = Some(out.clone());
    options.base_url = Some(base_url.clone());
    if let Err(e) = brief::build(&options) {
        panic!("the shipped brief does not build:\n{e}");
    }

    let screenshots = screenshot_dir();
    let mut command = Command::new("node");
    command
        .arg(e2e_dir().join("run.mjs"))
        .arg("--base-url")
        .arg(&base_url)
        .arg("--site")
        .arg(&out)
        .arg("--screenshots")
        .arg(&screenshots)
        .current_dir(e2e_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(path) = chromium() {
        command.env("BRIEF_CHROMIUM", path);
    }
    let (status, output) = run_with_timeout(command, SUITE_TIMEOUT);
    // Shown by the harness when the test fails, or with `-- --nocapture`.
    print!("{output}");
    match status {
        Some(status) if status.success() => {}
        Some(status) => panic!("browser suite failed ({status}); its report is above"),
        None => panic!("browser suite did not finish within {} s; its output is above", SUITE_TIMEOUT.as_secs()),
    }
}

/// Runs `command`, collecting stdout and stderr (interleaved by line as they arrive); kills it
/// (and returns no status) after `timeout`.
fn run_with_timeout(mut command: Command, timeout: Duration) -> (Option<std::process::ExitStatus>, String) {
    let mut child = command.spawn().expect("start node");
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let readers: Vec<_> = [
        child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
        child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|stream| {
        let tx = tx.clone();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        })
    })
    .collect();
    drop(tx);
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    for r in readers {
        let _ = r.join();
    }
    let output: String = rx.iter().map(|line| line + "\n").collect();
    (status, output)
}
