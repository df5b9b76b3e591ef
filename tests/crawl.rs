//! The shipped brief, built for a GitHub Pages project site and served under /brief/ on
//! 127.0.0.1: a crawl from the home page must find every link, asset and #anchor, and nothing
//! may point outside the base path.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use scraper::{Html, Selector};

/// Serves `dir` under `/brief/` like GitHub Pages: folders serve their index.html, a missing
/// path gets 404.html with status 404. Returns the port.
fn serve(dir: PathBuf) -> u16 {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("listen"));
    let port = server.server_addr().to_ip().expect("ip").port();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
            let path = percent_encoding::percent_decode_str(&url).decode_utf8_lossy().into_owned();
            let file = path.strip_prefix("/brief/").map(|rest| {
                let candidate = dir.join(rest);
                if candidate.is_dir() { candidate.join("index.html") } else { candidate }
            });
            let response = match file.filter(|f| f.is_file()) {
                Some(f) => tiny_http::Response::from_data(std::fs::read(f).expect("read")).with_status_code(200),
                None => tiny_http::Response::from_data(std::fs::read(dir.join("404.html")).unwrap_or_default())
                    .with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    port
}

fn copy_site(to: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(root).expect("prefix");
        let top = rel.iter().next().and_then(|c| c.to_str()).unwrap_or_default();
        if !matches!(top, "content" | "templates" | "static" | "i18n" | "site.yaml") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn get(agent: &ureq::Agent, url: &str) -> (u16, String) {
    let mut response = agent.get(url).call().expect("request");
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    (status, body)
}

#[test]
fn every_link_and_anchor_of_the_brief_resolves_under_the_base_path() {
    let tmp = tempfile::tempdir().unwrap();
    copy_site(tmp.path());
    let out = tmp.path().join("public");
    let port = serve(out.clone());
    let base = format!("http://127.0.0.1:{port}/brief/");
    let mut options = brief::BuildOptions::new(tmp.path());
    options.base_url = Some(base.clone());
    brief::build(&options).unwrap_or_else(|e| panic!("{e}"));

    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let selector = Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut queue: VecDeque<String> = VecDeque::from([base.clone()]);
    let mut seen: BTreeSet<String> = BTreeSet::from([base.clone()]);
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    while let Some(page) = queue.pop_front() {
        let (status, body) = get(&agent, &page);
        if status != 200 {
            problems.push(format!("{page}: HTTP {status}"));
            continue;
        }
        if !(page.ends_with('/') || page.ends_with(".html")) {
            continue; // CSS, CSV, SVG: reached, not crawled
        }
        let html = Html::parse_document(&body);
        let page_ids: BTreeSet<String> = html
            .select(&Selector::parse("[id]").unwrap())
            .filter_map(|e| e.value().attr("id").map(String::from))
            .collect();
        ids.insert(page.clone(), page_ids);
        for element in html.select(&selector) {
            let raw = element.value().attr("href").or_else(|| element.value().attr("src")).unwrap_or_default();
            let Ok(url) = url::Url::parse(&page).and_then(|p| p.join(raw)) else {
                problems.push(format!("{page}: unparsable link {raw}"));
                continue;
            };
            if url.scheme() == "data" || url.host_str() != Some("127.0.0.1") {
                continue;
            }
            if !url.path().starts_with("/brief/") {
                problems.push(format!("{page}: {raw} points outside /brief/"));
                continue;
            }
            let mut target = url.clone();
            target.set_fragment(None);
            if let Some(fragment) = url.fragment() {
                let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy().into_owned();
                fragments.push((page.clone(), target.to_string(), fragment));
            }
            if seen.insert(target.to_string()) {
                queue.push_back(target.to_string());
            }
        }
    }
    for (from, target, fragment) in &fragments {
        if !ids.get(target).is_some_and(|set| set.contains(fragment)) {
            problems.push(format!("{from}: link to {target}#{fragment}: no such id"));
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    let pages = ids.len();
    assert!(pages >= 14, "the crawl reached only {pages} pages: {:?}", ids.keys().collect::<Vec<_>>());

    // A missing page at any depth gets the 404 page, whose links work from there.
    let (status, body) = get(&agent, &format!("{base}zh/no/such/page/"));
    assert_eq!(status, 404);
    let html = Html::parse_document(&body);
    for element in html.select(&Selector::parse("link[href], a[href]").unwrap()) {
        let href = element.value().attr("href").unwrap_or_default();
        if href.starts_with('#') || href.starts_with("data:") {
            continue;
        }
        let url = url::Url::parse(&format!("{base}zh/no/such/page/")).unwrap().join(href).unwrap();
        assert_eq!(get(&agent, url.as_str()).0, 200, "{href} from the 404 page");
    }
}
