//! Incremental rebuilds (`serve`): after each edit, the files served must equal those of a
//! fresh full build, and only what the edit touches is rendered again.

mod common;

use std::collections::BTreeMap;

use brief::session::Session;
use common::*;

fn files(session: &Session) -> BTreeMap<String, Vec<u8>> {
    session.files().read().unwrap().iter().map(|(k, v)| (k.clone(), v.to_vec())).collect()
}

/// The files of a full build of the project as it is now.
fn fresh(p: &Project) -> BTreeMap<String, Vec<u8>> {
    files(&Session::start(p.options()).expect("full build"))
}

/// Asserts two sets of files are equal, naming the paths that differ.
#[track_caller]
fn assert_same(served: BTreeMap<String, Vec<u8>>, expected: BTreeMap<String, Vec<u8>>) {
    let differ: Vec<&String> =
        served.keys().chain(expected.keys()).filter(|k| served.get(*k) != expected.get(*k)).collect();
    assert!(differ.is_empty(), "served files differ from a full build: {differ:?}");
}

fn edit(p: &Project, rel: &str, from: &str, to: &str) -> std::path::PathBuf {
    p.edit(rel, from, to);
    p.root().join(rel)
}

fn html(session: &Session, path: &str) -> Html {
    let bytes = session.files().read().unwrap().get(path).cloned().unwrap_or_else(|| panic!("{path} not served"));
    Html::parse_document(std::str::from_utf8(&bytes).unwrap())
}

#[test]
fn an_indicator_edit_updates_every_page_that_uses_it_in_both_languages() {
    let p = Project::fixture("basic");
    let mut s = Session::start(p.options()).unwrap();
    let changed = edit(&p, "content/zh/talent.md", "CN: { 2020: 3570000 }", "CN: { 2020: 4100000 }");
    let rebuild = s.apply([changed]).unwrap();
    assert!(!rebuild.full);
    for path in ["zh/talent/index.html", "en/talent/index.html", "zh/index.html", "index.html", "data/grads.csv"] {
        assert!(rebuild.changed.contains(&path.to_string()), "{path} not rebuilt: {:?}", rebuild.changed);
    }
    for path in ["zh/charts/grads-bar.svg", "en/charts/grads-bar.svg"] {
        assert!(rebuild.changed.contains(&path.to_string()), "{path} not redrawn");
    }
    assert!(!rebuild.changed.contains(&"zh/reports/q1/index.html".to_string()), "{:?}", rebuild.changed);
    let zh: Vec<String> = select(&html(&s, "zh/talent/index.html"), ".prose data.num").into_iter().map(text).collect();
    assert_eq!(zh[0], "410万");
    let en: Vec<String> = select(&html(&s, "en/talent/index.html"), ".prose data.num").into_iter().map(text).collect();
    assert_eq!(en[0], "4.1 million");
    assert_same(files(&s), fresh(&p));
}

#[test]
fn a_prose_edit_renders_only_that_page() {
    let p = Project::fixture("basic");
    let mut s = Session::start(p.options()).unwrap();
    let changed = edit(&p, "content/en/talent.md", "See the [slope]", "Now see the [slope]");
    let rebuild = s.apply([changed]).unwrap();
    assert_eq!(rebuild.pages, 1, "{rebuild:?}");
    assert_eq!(rebuild.changed, ["en/talent/index.html"]);
    assert_same(files(&s), fresh(&p));
}

#[test]
fn a_title_edit_updates_lists_menus_and_feeds() {
    let p = Project::fixture("basic");
    let mut s = Session::start(p.options()).unwrap();
    let changed = edit(&p, "content/en/talent.md", "title: The scale of talent", "title: How many graduates");
    let rebuild = s.apply([changed]).unwrap();
    assert!(rebuild.changed.contains(&"en/atom.xml".to_string()), "{:?}", rebuild.changed);
    assert!(rebuild.changed.contains(&"en/index.html".to_string()), "the menu shows the title: {:?}", rebuild.changed);
    assert_same(files(&s), fresh(&p));
}

#[test]
fn a_broken_edit_keeps_the_last_good_files_and_the_fix_catches_up() {
    let p = Project::fixture("basic");
    let mut s = Session::start(p.options()).unwrap();
    let before = files(&s);
    // The value changes (fine) and a shortcode breaks (not fine): nothing may be served.
    let source = p.read_source("content/zh/talent.md").replacen("3570000", "5000000", 1).replacen(
        "year=2020) }}名",
        "year=2019) }}名",
        1,
    );
    p.write("content/zh/talent.md", source);
    let err = s.apply([p.root().join("content/zh/talent.md")]).unwrap_err().to_string();
    assert!(err.starts_with("content/zh/talent.md:39:10:"), "{err}");
    assert_same(files(&s), before);
    // Fixing only the shortcode must also bring the new value to every page that shows it.
    let fixed = edit(&p, "content/zh/talent.md", "year=2019) }}名", "year=2020) }}名");
    s.apply([fixed]).unwrap();
    assert_same(files(&s), fresh(&p));
    let en: Vec<String> = select(&html(&s, "en/talent/index.html"), ".prose data.num").into_iter().map(text).collect();
    assert_eq!(en[0], "5 million");
}

#[test]
fn links_into_a_page_are_checked_again_when_its_ids_change_whatever_their_form() {
    // `zh/talent/index.html#…` names the same page as `zh/talent/#…`; a full build checks both.
    let p = Project::fixture("basic");
    p.write("content/zh/reports/q1.md", "---\ntitle: 报告\n---\n\n见[规模](/zh/talent/index.html#规模)。\n");
    let mut s = Session::start(p.options()).unwrap();
    let talent = p.read_source("content/zh/talent.md").replace("## 规模", "## 总量");
    p.write("content/zh/talent.md", talent);
    let err = s.apply([p.root().join("content/zh/talent.md")]).unwrap_err().to_string();
    assert_eq!(err, p.build_err());
    assert!(err.contains("content/zh/reports/q1.md") && err.contains("no element with id `规模`"), "{err}");
}

#[test]
fn a_chart_whose_ids_would_clash_is_refused_as_a_full_build_refuses_it() {
    // `chart-grads-bar-svg` is the root id of `grads-bar`'s wide drawing.
    let p = Project::fixture("basic");
    let mut s = Session::start(p.options()).unwrap();
    let added = "  - id: grads-bar-svg\n    kind: bar\n    indicator: grads\n  - id: share-slope";
    let talent = edit(&p, "content/zh/talent.md", "  - id: share-slope", added);
    let err = s.apply([talent]).unwrap_err().to_string();
    assert!(err.contains("chart id `grads-bar-svg` cannot be used next to the chart `grads-bar`"), "{err}");
    assert_eq!(err, p.build_err());
}

#[test]
fn a_yaml_error_is_reported_and_kept_pending_until_fixed() {
    let p = Project::fixture("basic");
    let mut s = Session::start(p.options()).unwrap();
    let before = files(&s);
    let broken = edit(&p, "content/zh/talent.md", "unit: persons", "unit: [persons");
    assert!(s.apply([broken]).is_err());
    assert_same(files(&s), before);
    // Another file changes meanwhile; then the first is fixed: both edits land.
    let other = edit(&p, "content/en/talent.md", "See the [slope]", "Look at the [slope]");
    assert!(s.apply([other]).is_err(), "the broken file is still pending");
    let fixed = edit(&p, "content/zh/talent.md", "unit: [persons", "unit: persons");
    s.apply([fixed]).unwrap();
    assert_same(files(&s), fresh(&p));
}

#[test]
fn a_template_edit_renders_the_pages_that_use_it() {
    let p = Project::fixture("basic");
    p.write(
        "templates/list.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{% endblock main %}",
    );
    let mut s = Session::start(p.options()).unwrap();
    p.write(
        "templates/list.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"list\">{{ page.title }}</h1>{% endblock main %}",
    );
    let rebuild = s.apply([p.root().join("templates/list.html")]).unwrap();
    assert_eq!(rebuild.pages, 1, "only the reports list uses list.html: {rebuild:?}");
    assert_eq!(rebuild.changed, ["zh/reports/index.html"]);
    assert_same(files(&s), fresh(&p));
}

#[test]
fn adding_a_page_rebuilds_everything() {
    let p = Project::fixture("basic");
    let mut s = Session::start(p.options()).unwrap();
    p.write("content/en/reports/q1.md", "---\ntitle: First quarter\ndate: 2025-03-01\n---\n\nThe English report.\n");
    let rebuild = s.apply([p.root().join("content/en/reports/q1.md")]).unwrap();
    assert!(rebuild.full);
    assert!(rebuild.changed.contains(&"en/reports/q1/index.html".to_string()));
    assert_same(files(&s), fresh(&p));
}

#[test]
fn a_static_edit_copies_that_file() {
    let p = Project::fixture("basic");
    let mut s = Session::start(p.options()).unwrap();
    p.write("static/style.css", "body { color: navy; }\n");
    let rebuild = s.apply([p.root().join("static/style.css")]).unwrap();
    assert_eq!((rebuild.full, rebuild.pages), (false, 0));
    assert_eq!(rebuild.changed, ["style.css"]);
    assert_same(files(&s), fresh(&p));
}

/// A copy of the shipped brief (content, templates, static, i18n, site.yaml).
fn the_brief() -> Project {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(root).unwrap();
        let top = rel.iter().next().and_then(|c| c.to_str()).unwrap_or_default();
        if !matches!(top, "content" | "templates" | "static" | "i18n" | "site.yaml") {
            continue;
        }
        let target = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    Project { dir }
}

#[test]
fn many_edits_of_the_brief_each_serve_what_a_full_build_gives() {
    let p = the_brief();
    let mut s = Session::start(p.options()).unwrap();
    // A fixed sequence of edits of the kinds authors make (deterministic, no randomness).
    let edits: &[(&str, &str, &str)] = &[
        ("content/zh/talent-pipeline.md", "CN: { 2020: 3570000 }", "CN: { 2020: 3600000 }"),
        ("content/en/talent-pipeline.md", "title: \"A wider pipeline", "title: \"A broader pipeline"),
        ("content/zh/more-with-less.md", "weight: 2", "weight: 9"),
        ("content/en/data-and-patents.md", "summary:", "summary: New words first."),
        ("content/zh/talent-pipeline.md", "CN: { 2020: 3600000 }", "CN: { 2020: 3570000 }"),
        ("content/zh/_index.md", "label: 2020年中国理工科毕业生", "label: 中国理工科毕业生（2020年）"),
        ("templates/article.html", "{{ page.reading_minutes }}", "≈{{ page.reading_minutes }}"),
        ("static/style.css", "body", "body "),
        ("content/en/flows-and-power.md", "## ", "## Also: "),
    ];
    for (i, (file, from, to)) in edits.iter().enumerate() {
        p.edit(file, from, to);
        s.apply([p.root().join(file)]).unwrap_or_else(|e| panic!("edit {i} ({file}): {e}"));
        assert_same(files(&s), fresh(&p));
    }
}
