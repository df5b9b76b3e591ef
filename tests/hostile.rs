//! Hostile input: whatever a project holds, brief answers with a clear error (naming the file,
//! the line where there is one, and what to do) or safe output, never a panic, a hang, a
//! half-written site or an injected script. Broken input that tests/errors.rs covers is not
//! repeated here.

mod common;

use common::*;

/// The basic fixture with `content/zh/reports/q1.md` (a page nothing else depends on, but the
/// home page links to its folder) replaced by `text`.
fn with_q1(text: impl AsRef<[u8]>) -> Project {
    let p = Project::fixture("basic");
    p.write("content/zh/reports/q1.md", text);
    p
}

// ---------------------------------------------------------------------------------------------
// Files that are not what they should be

#[test]
fn a_page_without_front_matter_is_all_body() {
    // Its (empty) front matter once pointed outside the file: a panic in debug builds.
    let p = Project::fixture("basic");
    p.write("content/zh/_index.md", "欢迎。见[报告](reports/)。\n");
    p.build_ok();
    assert_eq!(text(one(&p.page("zh/"), ".prose p")), "欢迎。见报告。");
}

#[test]
fn a_bom_and_crlf_line_ends_are_accepted_everywhere() {
    let p = Project::fixture("basic");
    let crlf = |text: &str| format!("\u{feff}{}", text.replace('\n', "\r\n"));
    for file in ["site.yaml", "content/zh/talent.md", "content/en/talent.md"] {
        let text = p.read_source(file);
        p.write(file, crlf(&text));
    }
    p.write("i18n/zh.yaml", crlf("ui:\n  source: 出处\n"));
    p.write("templates/404.html", crlf("{{ site.title }}\n"));
    p.build_ok();
    let page = p.page("zh/talent/");
    assert_eq!(text(one(&page, "h1")), "人才规模");
    assert!(text(one(&page, ".prose")).contains("出处"), "the i18n file was read");
    // Line numbers stay right in messages about such files.
    let talent = p.read_source("content/zh/talent.md");
    p.write("content/zh/talent.md", talent.replacen("unit: persons", "unit: heads", 1));
    assert!(p.build_err().starts_with("content/zh/talent.md:11: indicator `grads`: unknown unit `heads`"));
}

// ---------------------------------------------------------------------------------------------
// YAML that is malformed, mistyped, repeated or explosive

// ---------------------------------------------------------------------------------------------
// Numbers and years that are not numbers and years

// ---------------------------------------------------------------------------------------------
// Paths that try to leave the project, or collide

// ---------------------------------------------------------------------------------------------
// Markdown that once broke the renderer

#[test]
fn a_shortcode_after_smart_quotes_is_placed_exactly() {
    // Each `"` becomes a 3-byte “ or ”: positions once drifted into the middle of a Chinese
    // character, and the message panicked.
    for quotes in 6..=10 {
        let p = with_q1(format!("---\ntitle: 报告\n---\n\n{} {{{{ nope() }}}}中中中中中中中中\n", "\"".repeat(quotes)));
        assert_eq!(
            p.build_err(),
            format!(
                "content/zh/reports/q1.md:5:{}: unknown shortcode `nope`; shortcodes are value, ratio, change, source, chart",
                quotes + 2
            )
        );
    }
}

#[test]
fn many_headings_with_one_title_get_unique_ids() {
    // Each repeat once tried every suffix from 1 again: quadratic in the number of headings.
    let body = "## 规模\n\n".repeat(20_000);
    let p = with_q1(format!("---\ntitle: 报告\n---\n\n{body}[^a] [^b]\n\n[^a]: 一\n[^b]: 二\n"));
    p.build_ok();
    let page = p.page("zh/reports/q1/");
    let ids: Vec<&str> = select(&page, ".prose h2[id]").into_iter().map(|h| attr(h, "id")).collect();
    assert_eq!(ids.len(), 20_001);
    assert_eq!(&ids[..3], ["规模", "规模-1", "规模-2"]);
    assert_eq!(ids[19_999], "规模-19999");
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
}
