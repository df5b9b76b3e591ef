//! The `brief` binary as a user runs it: `new`, `build`, `check`, flags and exit codes.

mod common;

use std::process::{Command, Output};

fn brief(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief")).args(args).current_dir(dir).output().expect("run brief")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn new_gives_a_site_that_builds_with_its_chart_and_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let created = brief(&["new", "mybrief"], tmp.path());
    assert!(created.status.success(), "{}", stderr(&created));
    assert!(stdout(&created).contains("Created a new brief in mybrief"));
    let site = tmp.path().join("mybrief");
    let built = brief(&["build"], &site);
    assert!(built.status.success(), "{}", stderr(&built));
    let summary = stdout(&built);
    assert!(summary.starts_with("Built 4 pages, 1 charts, 1 indicators"), "{summary}");
    let page = std::fs::read_to_string(site.join("public/en/example/index.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    let numbers: Vec<String> = common::select(&html, "data.num").into_iter().map(common::text).collect();
    assert_eq!(numbers, ["152,000", "1.5×"]);
    // Drawn for a column and for a phone; the stylesheet shows one.
    assert_eq!(common::select(&html, "figure.chart svg").len(), 2);
    // Building into an existing directory refuses.
    let again = brief(&["new", "mybrief"], tmp.path());
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists and is not empty"), "{}", stderr(&again));
}

#[test]
fn check_writes_nothing_and_reports_errors_with_a_non_zero_exit() {
    let p = common::Project::fixture("basic");
    let ok = brief(&["check", "--root", p.root().to_str().unwrap()], p.root());
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("Checked 6 pages, 2 charts, 2 indicators"), "{}", stdout(&ok));
    // The translation audit, with counts per language and what is missing.
    let report = stdout(&ok);
    assert!(report.contains("pages without a translation: 中文 0, English 1"), "{report}");
    assert!(report.contains("    English: content/zh/reports/q1.md"), "{report}");
    assert!(report.contains("indicators without a label: 中文 0, English 0"), "{report}");
    assert!(!p.out().exists(), "check must not write");
    p.write(
        "content/zh/talent.md",
        p.read_source("content/zh/talent.md").replace("year=2020) }}名", "year=1999) }}名"),
    );
    let bad = brief(&["check", "--root", p.root().to_str().unwrap()], p.root());
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad)
            .contains("error: content/zh/talent.md:39:10: indicator `grads`, series `CN` has no value for 1999")
    );
}

#[test]
fn base_url_flag_moves_every_link() {
    let p = common::Project::fixture("basic");
    let out =
        brief(&["build", "--root", p.root().to_str().unwrap(), "--base-url", "https://user.github.io/repo"], p.root());
    assert!(out.status.success(), "{}", stderr(&out));
    let html = p.page("zh/talent/");
    assert_eq!(
        common::attr(common::one(&html, "link[rel=canonical]"), "href"),
        "https://user.github.io/repo/zh/talent/"
    );
    for a in common::select(&html, "a[href^='/']") {
        assert!(common::attr(a, "href").starts_with("/repo/"), "{}", common::attr(a, "href"));
    }
}

#[test]
fn strict_turns_warnings_into_errors() {
    let p = common::Project::fixture("basic");
    let relaxed = brief(&["build", "--root", p.root().to_str().unwrap()], p.root());
    assert!(relaxed.status.success());
    assert!(
        stderr(&relaxed).contains("warning: content/zh/reports/q1.md: no English translation"),
        "{}",
        stderr(&relaxed)
    );
    let strict = brief(&["build", "--strict", "--root", p.root().to_str().unwrap()], p.root());
    assert_eq!(strict.status.code(), Some(1));
    assert!(stderr(&strict).contains("1 warning(s) with --strict"), "{}", stderr(&strict));
}

#[test]
fn version_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let v = brief(&["--version"], dir.path());
    assert_eq!(stdout(&v).trim(), format!("brief {}", env!("CARGO_PKG_VERSION")));
    let help = brief(&["build", "--help"], dir.path());
    for flag in ["--root", "--out", "--base-url", "--strict", "--drafts"] {
        assert!(stdout(&help).contains(flag), "{flag} missing from build --help");
    }
}
