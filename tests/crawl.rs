//! The shipped brief, built for a GitHub Pages project site and served under /brief/ on
//! 127.0.0.1: a crawl from the home page must find every link, asset and #anchor, and nothing
//! may point outside the base path.

mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use scraper::{Html, Selector};

fn get(agent: &ureq::Agent, url: &str) -> (u16, String) {
    let mut response = agent.get(url).call().expect("request");
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    (status, body)
}

#[test]
fn every_link_and_anchor_of_the_brief_resolves_under_the_base_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let server = common::pages::StaticServer::start(out.clone());
    let base = server.base_url();
    common::build_the_brief(&out, Some(base.clone()));

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
