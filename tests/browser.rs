//! The shipped brief as readers see it: built under a subpath like a GitHub Pages project site,
//! served from 127.0.0.1, and checked in a real browser (Chromium through playwright-core), by
//! axe-core and by the W3C Nu Html Checker. The checks themselves are `tests/e2e/run.mjs`.
//!
//! The browser suite needs Chromium, Java (for the Nu checker), Node 20 and `npm ci` run in
//! `tests/e2e`. Without them it says why on stderr and passes, unless `BRIEF_BROWSER_TESTS=require`
//! (as in `.ci/run`), which turns a skip into a failure; `BRIEF_BROWSER_TESTS=off` skips it.
//! Screenshots go to `target/screenshots/`.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::pages::StaticServer;

#[test]
fn the_test_server_answers_like_github_pages() {
    common::pages::check_server();
}

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
    common::build_the_brief(&out, Some(base_url.clone()));

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
