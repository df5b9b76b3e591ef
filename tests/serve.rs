//! `brief serve` as a user runs it: edits show up in both languages without a manual reload,
//! a broken edit keeps the last good page and shows the error, and the pages are told to reload.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::Project;

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(p: &Project) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["serve", "--port", "0", "--root"])
        .arg(p.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start brief serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("read the address");
    let address = line.split_whitespace().find(|w| w.starts_with("http://")).expect("an address").to_string();
    Server { child, address }
}

fn get(server: &Server, path: &str) -> (u16, String) {
    let url = format!("{}{}", server.address, path.trim_start_matches('/'));
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response = agent.get(&url).call().expect("request");
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().expect("body"))
}

/// Polls until `check` holds (at most 10 s: a rebuild takes milliseconds; CI machines are slow).
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

/// Collects the event names the server streams to pages.
fn listen(server: &Server) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let url = format!("{}__brief/events", server.address);
    std::thread::spawn(move || {
        let Ok(response) = ureq::get(&url).call() else { return };
        let reader = BufReader::new(response.into_body().into_reader());
        for line in reader.lines() {
            let Ok(line) = line else { return };
            if let Some(name) = line.strip_prefix("event: ") {
                if tx.send(name.to_string()).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

/// Waits for an event named `name` (others before it, such as a second `failed` for an editor
/// that saves twice, are skipped).
fn expect_event(events: &mpsc::Receiver<String>, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok(event) if event == name => return,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no `{name}` event");
}

#[test]
fn a_data_edit_reaches_both_languages_and_a_broken_edit_shows_the_error() {
    let p = Project::fixture("basic");
    let server = start(&p);
    let (status, zh) = get(&server, "/zh/talent/");
    assert_eq!(status, 200);
    assert!(zh.contains("357万"));
    assert!(zh.contains("/__brief/events"), "serve adds the live-reload script");
    let events = listen(&server);
    std::thread::sleep(Duration::from_millis(300));

    p.edit("content/zh/talent.md", "CN: { 2020: 3570000 }", "CN: { 2020: 4100000 }");
    eventually("the new number in Chinese", || get(&server, "/zh/talent/").1.contains("410万"));
    eventually("the new number in English", || get(&server, "/en/talent/").1.contains("4.1 million"));
    expect_event(&events, "reload");

    p.edit("content/zh/talent.md", "year=2020) }}名", "year=2019) }}名");
    // (An editor's save can be seen half-written first; wait for the message of the whole file.)
    let message = "content/zh/talent.md:39:10: indicator `grads`, series `CN` has no value for 2019";
    eventually("the error overlay", || {
        let page = get(&server, "/zh/talent/").1;
        page.contains("<div id=\"brief-error\"") && page.contains(message)
    });
    let (_, page) = get(&server, "/zh/talent/");
    assert!(page.contains("410万"), "the last good page is still served");
    assert!(
        page.contains("content/zh/talent.md:39:10: indicator `grads`, series `CN` has no value for 2019"),
        "{}",
        &page[page.find("brief-error").unwrap_or(0)..]
    );
    expect_event(&events, "failed");

    p.edit("content/zh/talent.md", "year=2019) }}名", "year=2020) }}名");
    eventually("the overlay to go", || !get(&server, "/zh/talent/").1.contains("<div id=\"brief-error\""));
    expect_event(&events, "reload");
}

#[test]
fn paths_are_served_like_github_pages() {
    let p = Project::fixture("basic");
    let server = start(&p);
    let (status, body) = get(&server, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("找不到页面"), "the site's 404 page");
    let (status, css) = get(&server, "/style.css");
    assert_eq!((status, css.contains("color")), (200, true));
    let agent: ureq::Agent = ureq::Agent::config_builder().max_redirects(0).http_status_as_error(false).build().into();
    let response = agent.get(&format!("{}zh/talent", server.address)).call().expect("request");
    assert_eq!(response.status().as_u16(), 301);
    assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some("/zh/talent/"));
    // The built site never carries the script: only serve adds it.
    let mut public = String::new();
    p.build_ok();
    std::fs::File::open(p.out().join("zh/talent/index.html")).unwrap().read_to_string(&mut public).unwrap();
    assert!(!public.contains("__brief"));
}
