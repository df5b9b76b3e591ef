//! The GitHub Pages workflow does what the README promises: builds on push to main, daily and
//! by hand; takes the base URL from configure-pages; caches cargo; deploys with the Pages
//! actions. (actionlint checks its syntax in CI.)

use serde_yaml::Value;

fn workflow() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.github/workflows/pages.yml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

fn steps<'a>(wf: &'a Value, job: &str) -> Vec<&'a Value> {
    wf["jobs"][job]["steps"].as_sequence().map(|s| s.iter().collect()).unwrap_or_default()
}

fn uses(step: &Value) -> &str {
    step["uses"].as_str().unwrap_or_default()
}

#[test]
fn triggers_on_push_schedule_and_by_hand() {
    let wf = workflow();
    let on = &wf["on"];
    assert_eq!(on["push"]["branches"][0].as_str(), Some("main"));
    assert!(on["schedule"][0]["cron"].as_str().is_some_and(|c| c.split_whitespace().count() == 5));
    assert!(on.get("workflow_dispatch").is_some());
    assert_eq!(wf["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(wf["permissions"]["id-token"].as_str(), Some("write"));
}

#[test]
fn builds_with_the_pages_base_url_and_deploys() {
    let wf = workflow();
    let build = steps(&wf, "build");
    let configure = build.iter().find(|s| uses(s).starts_with("actions/configure-pages@")).expect("configure-pages");
    let id = configure["id"].as_str().expect("configure-pages has an id");
    let run = build.iter().filter_map(|s| s["run"].as_str()).find(|r| r.contains(" build")).expect("a build step");
    assert!(run.contains(&format!("steps.{id}.outputs.base_url")), "{run}");
    assert!(run.contains("--release") && run.contains("--strict"), "{run}");
    assert!(
        build.iter().any(|s| uses(s).starts_with("actions/cache@")
            && s["with"]["path"].as_str().is_some_and(|p| p.contains("target")))
    );
    let upload = build.iter().find(|s| uses(s).starts_with("actions/upload-pages-artifact@")).expect("upload");
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    let deploy = steps(&wf, "deploy");
    assert!(deploy.iter().any(|s| uses(s).starts_with("actions/deploy-pages@")));
    assert_eq!(wf["jobs"]["deploy"]["needs"].as_str(), Some("build"));
}
