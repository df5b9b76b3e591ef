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
fn an_empty_file() {
    assert_eq!(
        with_q1("").build_err(),
        "content/zh/reports/q1.md: the page has no title: add `title: ...` to its front matter"
    );
    // An empty home page is fine: list pages have default titles.
    let p = Project::fixture("basic");
    p.write("content/en/_index.md", "");
    p.build_ok();
    // An empty i18n file adds nothing; the built-in strings stay.
    p.write("i18n/zh.yaml", "");
    p.build_ok();
    assert!(text(one(&p.page("zh/talent/"), ".prose")).contains("来源"));
    let p = Project::fixture("basic");
    p.write("site.yaml", "");
    assert_eq!(
        p.build_err(),
        "site.yaml:1:1: `title:` is missing; add the site's name, e.g. `title: { zh: 简报, en: Brief }`"
    );
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
    p.edit("content/zh/talent.md", "unit: persons", "unit: heads");
    assert!(p.build_err().starts_with("content/zh/talent.md:11: indicator `grads`: unknown unit `heads`"));
}

#[test]
fn invalid_utf8_in_other_files() {
    let p = Project::fixture("basic");
    p.write("i18n/zh.yaml", b"ui:\n  source: \xff\n".as_slice());
    assert_eq!(p.build_err(), "i18n/zh.yaml:2: the file is not valid UTF-8; save it as UTF-8");
    let p = Project::fixture("basic");
    p.write("templates/article.html", b"\xfe\xff{{ page.title }}".as_slice());
    assert_eq!(p.build_err(), "templates/article.html:1: the file is not valid UTF-8; save it as UTF-8");
    let p = Project::fixture("basic");
    let site = p.read_source("site.yaml");
    p.write("site.yaml", [site.as_bytes(), b"description: \xc3\x28\n"].concat());
    assert_eq!(p.build_err(), "site.yaml:13: the file is not valid UTF-8; save it as UTF-8");
}

// ---------------------------------------------------------------------------------------------
// YAML that is malformed, mistyped, repeated or explosive

#[test]
fn malformed_yaml_in_site_yaml_and_i18n_files() {
    assert_eq!(
        error_after("site.yaml", "CN: \"#c4373a\"", "CN: \"#c4373a"),
        "site.yaml:12:7: found unexpected end of stream, while scanning a quoted scalar; a quoted value starts here and its closing quote is missing"
    );
    assert_eq!(
        error_after("site.yaml", "languages:\n  - code: zh\n  - code: en\n", "languages: [zh, en]\n"),
        "site.yaml:8:13: languages[0]: invalid type: string \"zh\", expected a language: a map such as `{ code: zh }`"
    );
    let p = Project::fixture("basic");
    p.write("i18n/en.yaml", "ui:\n  source: \"Source\n");
    assert_eq!(
        p.build_err(),
        "i18n/en.yaml:2:11: found unexpected end of stream, while scanning a quoted scalar; a quoted value starts here and its closing quote is missing"
    );
}

#[test]
fn wrong_types_elsewhere() {
    let p = with_q1("---\ntitle: [报告, 二]\n---\n");
    assert_eq!(
        p.build_err(),
        "content/zh/reports/q1.md:2:8: title: invalid type: sequence, expected a string; write one text (in quotes if it starts with [ { & * ! or holds `: `)"
    );
    let p = with_q1("---\ntitle: 报告\ntags: 人才\n---\n");
    assert_eq!(
        p.build_err(),
        "content/zh/reports/q1.md:3:7: tags: invalid type: string \"人才\", expected a sequence; write a list, e.g. `[a, b]` or one `- item` per line"
    );
    assert_eq!(
        error_after("site.yaml", "languages:\n  - code: zh\n  - code: en\n", "languages: zh, en\n"),
        "site.yaml:8:12: languages: invalid type: string \"zh, en\", expected a sequence; write a list, e.g. `[a, b]` or one `- item` per line"
    );
    let p = Project::fixture("basic");
    p.write("i18n/zh.yaml", "ui: [来源]\n");
    assert_eq!(p.build_err(), "i18n/zh.yaml:1:5: ui: invalid type: sequence, expected a map of names to entries");
}

#[test]
fn keys_given_twice_point_at_the_second() {
    let p = with_q1("---\ntitle: 报告\ndate: 2025-03-01\ntitle: 又一个\n---\n");
    assert_eq!(p.build_err(), "content/zh/reports/q1.md:4: `title` is given twice (also on line 2); keep one");
    let p = with_q1(
        "---\ntitle: 报告\nindicators:\n  x:\n    label: 一\n    unit: count\n    label: 二\n    series:\n      CN: { 2020: 1 }\n      CN: { 2021: 2 }\n---\n",
    );
    assert_eq!(
        p.build_err(),
        "content/zh/reports/q1.md:7: indicators.x: `label` is given twice (also on line 5); keep one"
    );
    let p = with_q1("---\ntitle: 报告\nindicators:\n  x:\n    series:\n      CN: { 2020: 1, 2020: 2 }\n---\n");
    assert_eq!(
        p.build_err(),
        "content/zh/reports/q1.md:6:11: indicators.x.series.CN: year 2020 is given twice; keep one"
    );
    let p = Project::fixture("basic");
    p.write("i18n/zh.yaml", "ui:\n  source: 出处\n  source: 来源\n");
    assert_eq!(p.build_err(), "i18n/zh.yaml:3: ui: `source` is given twice (also on line 2); keep one");
    assert_eq!(
        error_after("site.yaml", "  en: Test brief\n", "  en: Test brief\n  zh: 又一个\n"),
        "site.yaml:4: title: language `zh` is given twice (also on line 2); keep one"
    );
}

#[test]
fn an_alias_bomb() {
    // "Billion laughs": nine aliases per level, nine levels.
    let mut yaml = String::from("---\ntitle: 报告\ntags: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n");
    let mut previous = 'a';
    for level in 'b'..='i' {
        yaml.push_str(&format!("{level}: &{level} [{}]\n", vec![format!("*{previous}"); 9].join(", ")));
        previous = level;
    }
    yaml.push_str("---\n");
    assert_eq!(
        with_q1(&yaml).build_err(),
        "content/zh/reports/q1.md: the aliases (`*name`) in this YAML expand it to far more text than the file holds (an alias bomb?); write the values out instead"
    );
    // An alias inside the value it names would be infinitely deep.
    let recursive = "---\ntitle: 报告\nindicators: &a { x: &b { label: [*a, *a] } }\n---\n";
    assert_eq!(
        with_q1(recursive).build_err(),
        "content/zh/reports/q1.md:3:21: the YAML is nested more than 128 levels deep; nest it less deeply"
    );
    // The same in the other YAML files.
    let p = Project::fixture("basic");
    let mut i18n = String::from("ui:\n  source: &a 哈哈哈哈哈哈哈哈哈哈\n");
    let mut previous = "a".to_string();
    for level in 0..9 {
        let name = format!("l{level}");
        i18n.push_str(&format!("x{level}: &{name} [{}]\n", vec![format!("*{previous}"); 9].join(", ")));
        previous = name;
    }
    p.write("i18n/zh.yaml", i18n);
    assert_eq!(
        p.build_err(),
        "i18n/zh.yaml: the aliases (`*name`) in this YAML expand it to far more text than the file holds (an alias bomb?); write the values out instead"
    );
}

#[test]
fn one_long_text_repeated_by_aliases_is_refused() {
    // Not nested, so serde_yaml's own limit lets it through: 90 KB that once took 2.7 GB of memory
    // and 27 s, rendering every tag into the page.
    let long = "哈".repeat(3000);
    let aliases = vec!["*t"; 20_000].join(", ");
    let p = with_q1(format!("---\ntitle: &t \"{long}\"\ntags: [{aliases}]\n---\n"));
    let started = std::time::Instant::now();
    assert_eq!(
        p.build_err(),
        "content/zh/reports/q1.md:2:8: the aliases (`*name`) in this YAML expand it to far more text than the file holds (an alias bomb?); write the values out instead"
    );
    eprintln!("refused in {:?}", started.elapsed());
    // A few aliases, as authors use them, are fine.
    let p = with_q1("---\ntitle: &t 报告\nsummary: *t\ntags: [*t, 二]\n---\n正文。\n");
    p.build_ok();
    assert_eq!(text(one(&p.page("zh/reports/q1/"), ".lede")), "报告");
}

#[test]
fn nesting_ten_thousand_levels_deep() {
    let deep = |open: &str, close: &str| format!("{}1{}", open.repeat(10_000), close.repeat(10_000));
    let p = with_q1(format!("---\ntitle: 报告\ntags: {}\n---\n", deep("[", "]")));
    assert_eq!(
        p.build_err(),
        "content/zh/reports/q1.md:3:8: tags[0]: invalid type: sequence, expected a string; write one text (in quotes if it starts with [ { & * ! or holds `: `)"
    );
    let p = with_q1(format!("---\ntitle: 报告\nindicators: {}\n---\n", deep("{a: ", "}")));
    assert!(p.build_err().starts_with("content/zh/reports/q1.md:3:18: indicators.a: unknown field `a`"));
    // Where any value is accepted, the depth limit speaks.
    let p = Project::fixture("basic");
    p.write("i18n/zh.yaml", format!("ui: {{}}\nx: &a {}\ny: *a\n", deep("[", "]")));
    assert_eq!(p.build_err(), "i18n/zh.yaml:2:134: the YAML is nested more than 128 levels deep; nest it less deeply");
    // Markdown nested as deep renders.
    for deep_body in [">".repeat(10_000), "- ".repeat(10_000), "[".repeat(10_000), "1. ".repeat(10_000)] {
        let p = with_q1(format!("---\ntitle: 报告\n---\n\n{deep_body}x\n"));
        p.build_ok();
        assert!(p.output("zh/reports/q1/index.html").contains("x"));
    }
    let p = with_q1(format!("---\ntitle: 报告\n---\n\n{}x\n", "*".repeat(10_000)));
    assert_eq!(
        p.build_err(),
        "content/zh/reports/q1.md:5:1: `**` or `__` would show as text in \"************************\": pair the markers, or escape them as \\*\\*"
    );
}

// ---------------------------------------------------------------------------------------------
// Numbers and years that are not numbers and years

#[test]
fn nan_and_infinity_in_data() {
    for (written, shown) in [(".nan", "NaN"), (".inf", "inf"), ("-.inf", "-inf")] {
        assert_eq!(
            error_after("content/zh/talent.md", "CN: { 2020: 3570000 }", &format!("CN: {{ 2020: {written} }}")),
            format!(
                "content/zh/talent.md:17:19: indicators.grads.series.CN.2020: {shown} is not a usable number: expected a finite number such as 14.1"
            )
        );
    }
    // In table form, and as the value of an approximate point.
    let p = with_q1(
        "---\ntitle: 报告\nindicators:\n  x:\n    label: x\n    unit: count\n    years: [2020, 2021]\n    series:\n      CN: [1, .NaN]\n      US: { 2020: { value: .inf, approx: true } }\n---\n",
    );
    assert_eq!(
        p.build_err(),
        "content/zh/reports/q1.md:9:15: indicators.x.series.CN[1]: NaN is not a usable number: expected a finite number such as 14.1"
    );
}

#[test]
fn numbers_too_large_to_draw() {
    // 1e308 is finite, but an axis up to it overflows: it once panicked while laying out ticks.
    assert_eq!(
        error_after("content/zh/talent.md", "CN: { 2020: 3570000 }", "CN: { 2020: 1e308 }"),
        "content/zh/talent.md:17:19: indicators.grads.series.CN.2020: 1e308 is too large: brief takes numbers up to 1e100 in size"
    );
    // So do the tiniest (5e-324 once made an axis step of 0, and NaN ticks).
    assert_eq!(
        error_after("content/zh/talent.md", "CN: { 2020: 3570000 }", "CN: { 2020: 5e-324 }"),
        "content/zh/talent.md:17:19: indicators.grads.series.CN.2020: 5e-324 is too small: brief takes numbers down to 1e-100 in size (or 0)"
    );
    // Large but plausible numbers (training compute in FLOP) draw.
    let p = Project::fixture("basic");
    p.edit("content/zh/talent.md", "CN: { 2020: 3570000 }", "CN: { 2020: 3.8e25 }").build_ok();
    assert!(p.output("zh/charts/grads-bar.svg").contains("<svg"));
}

#[test]
fn years_outside_1_to_9999() {
    let cases = [
        (
            "CN: { 2020: 3570000 }",
            "CN: { 99999: 3570000 }",
            "content/zh/talent.md:17:13: indicators.grads.series.CN: 99999 is not a year: expected a year between 1 and 9999, such as 2020",
        ),
        (
            "CN: { 2020: 3570000 }",
            "CN: { -5: 3570000 }",
            "content/zh/talent.md:17:13: indicators.grads.series.CN: -5 is not a year: expected a year between 1 and 9999, such as 2020",
        ),
        (
            "year: 2020\n    series",
            "year: 99999\n    series",
            "content/zh/talent.md:15:13: indicators.grads.source.year: 99999 is not a year: expected a year between 1 and 9999, such as 2020",
        ),
        (
            "source: { name: 测试来源, year: 2021 }",
            "source: { name: 测试来源, date: 99999-01 }",
            "content/zh/talent.md:23:33: indicators.share.source.date: expected a year or date such as 2025, 2025-08 or 2025-08-15, found \"99999-01\"",
        ),
        (
            "date: 2025-12-10",
            "date: 99999-12-10",
            "content/zh/talent.md:4:7: date: expected a date written YYYY-MM-DD such as 2025-12-10, found \"99999-12-10\"",
        ),
    ];
    for (from, to, message) in cases {
        assert_eq!(error_after("content/zh/talent.md", from, to), message);
    }
    assert_eq!(
        error_after("content/zh/talent.md", "series=\"CN\", year=2020) }}名", "series=\"CN\", year=99999) }}名"),
        "content/zh/talent.md:39:10: `year=99999` is not a year between 1 and 9999"
    );
}

// ---------------------------------------------------------------------------------------------
// Paths that try to leave the project, or collide

#[test]
fn links_and_images_that_leave_the_site_are_refused() {
    let cases = [
        ("[x](../../../etc/passwd)", "content/zh/reports/q1.md:5:5: broken link: nothing is published at /etc/passwd"),
        (
            "[x](../../../../etc/passwd)",
            "content/zh/reports/q1.md:5:5: the link `../../../../etc/passwd` points above the site root; remove a `../`",
        ),
        ("[x](/etc/passwd)", "content/zh/reports/q1.md:5:5: broken link: nothing is published at /etc/passwd"),
        (
            "![x](../../../../etc/passwd)",
            "content/zh/reports/q1.md:5:6: the link `../../../../etc/passwd` points above the site root; remove a `../`",
        ),
        (
            "[x](../../../../etc/passwd.md)",
            "content/zh/reports/q1.md:5:5: the link `../../../../etc/passwd.md` points above the site root; remove a `../`",
        ),
        (
            "[x](file:///etc/passwd)",
            "content/zh/reports/q1.md:5:5: links with `file:` URLs are not allowed (only http, https, mailto, tel, ftp)",
        ),
        (
            "[x](data:text/html,<script>alert(1)</script>)",
            "content/zh/reports/q1.md:5:5: links with `data:` URLs are not allowed (only http, https, mailto, tel, ftp)",
        ),
        (
            "![x](data:image/svg+xml,<svg/onload=alert(1)>)",
            "content/zh/reports/q1.md:5:6: links with `data:` URLs are not allowed (only http, https, mailto, tel, ftp)",
        ),
        (
            "[x](JaVaScRiPt:alert(1))",
            "content/zh/reports/q1.md:5:5: links with `javascript:` URLs are not allowed (only http, https, mailto, tel, ftp)",
        ),
        (
            "[x](&#106;avascript:alert(1))",
            "content/zh/reports/q1.md:5:2: links with `javascript:` URLs are not allowed (only http, https, mailto, tel, ftp)",
        ),
        (
            "<javascript:alert(1)>",
            "content/zh/reports/q1.md:5:2: links with `javascript:` URLs are not allowed (only http, https, mailto, tel, ftp)",
        ),
        (
            "[x][r]\n\n[r]: vbscript:msgbox",
            "content/zh/reports/q1.md:7:6: links with `vbscript:` URLs are not allowed (only http, https, mailto, tel, ftp)",
        ),
    ];
    for (markdown, message) in cases {
        let p = with_q1(format!("---\ntitle: 报告\n---\n\n{markdown}\n"));
        assert_eq!(p.build_err(), message, "{markdown}");
    }
    // A control character before a scheme makes it a path under the site, not a URL.
    let p = with_q1("---\ntitle: 报告\n---\n\n[x](%01javascript:alert(1))\n");
    let message = p.build_err();
    assert!(
        message.starts_with(
            "2 errors:\n- content/zh/reports/q1.md:5:5: broken link: nothing is published at /zh/reports/q1/%01javascript:alert(1)"
        ),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_project_and_loops() {
    use std::os::unix::fs::symlink;
    let p = Project::fixture("basic");
    symlink("/etc/passwd", p.root().join("content/zh/passwd.md")).unwrap();
    symlink("/etc", p.root().join("static/etc")).unwrap();
    assert_eq!(
        p.build_err(),
        "2 errors:\n- content/zh/passwd.md: a symbolic link points outside the project; copy the file in instead\n- static/etc: a symbolic link points outside the project; copy the file in instead"
    );
    let p = Project::fixture("basic");
    symlink("..", p.root().join("content/zh/reports/up")).unwrap();
    assert_eq!(p.build_err(), "content/zh/reports/up: a symbolic link loops back to content/zh; remove the link");
    let p = Project::fixture("basic");
    symlink("missing.md", p.root().join("content/zh/dangling.md")).unwrap();
    assert_eq!(
        p.build_err(),
        "content/zh/dangling.md: a symbolic link to a file that does not exist; fix or remove the link"
    );
    // Links inside the project are followed.
    let p = Project::fixture("basic");
    symlink("../../static/style.css", p.root().join("content/zh/style.css")).unwrap();
    p.build_ok();
    assert_eq!(p.output("zh/style.css"), p.read_source("static/style.css"));
}

#[test]
fn the_template_key_cannot_name_a_file_outside_templates() {
    let p = with_q1("---\ntitle: 报告\ntemplate: ../../../../etc/passwd\n---\n");
    assert_eq!(
        p.build_err(),
        "content/zh/reports/q1.md:3: template `../../../../etc/passwd` does not exist in templates/ (nor among the built-in ones)"
    );
}

#[test]
fn two_pages_at_one_url_are_an_error() {
    let p = Project::fixture("basic");
    p.write("content/zh/reports.md", "---\ntitle: 报告\n---\n");
    assert_eq!(
        p.build_err(),
        "content/zh/reports.md: this page is published at /zh/reports/, where the list page of the folder content/zh/reports/ goes; rename the file or the folder (a folder's own page is its _index.md)"
    );
    p.write("content/zh/reports/_index.md", "---\ntitle: 报告\n---\n");
    assert_eq!(
        p.build_err(),
        "content/zh/reports/_index.md: this page and content/zh/reports.md are both published at /zh/reports/; rename or move one of them"
    );
}

#[test]
fn files_that_would_replace_generated_ones_are_an_error() {
    let p = Project::fixture("basic");
    p.write("static/robots.txt", "User-agent: *\n");
    p.write("static/zh/talent/index.html", "<p>not the page</p>");
    p.write("static/data/grads.csv", "a,b\n");
    p.write("content/en/charts/grads-bar.svg", "<svg/>");
    p.write("static/zh/logo.png", "one");
    p.write("content/zh/logo.png", "two");
    assert_eq!(
        p.build_err(),
        "5 errors:\n\
         - content/en/charts/grads-bar.svg: brief writes /en/charts/grads-bar.svg itself, and this file would replace it; rename or remove it\n\
         - content/zh/logo.png: this file and static/zh/logo.png are both published at /zh/logo.png; keep one\n\
         - static/data/grads.csv: brief writes /data/grads.csv itself, and this file would replace it; rename or remove it\n\
         - static/robots.txt: brief writes /robots.txt itself, and this file would replace it; rename or remove it\n\
         - static/zh/talent/index.html: brief writes /zh/talent/index.html itself, and this file would replace it; rename or remove it"
    );
}

#[test]
fn a_failed_build_never_writes_through_into_the_old_output() {
    // Unchanged files are hard-linked from the previous output; a second write to the same path
    // once went through the link into the live public/, whatever happened to the build next.
    let p = Project::fixture("basic");
    p.write("content/zh/a.md", "---\ntitle: A\n---\n\n旧。\n");
    p.build_ok();
    let before = p.snapshot();
    p.write("content/zh/a/_index.md", "---\ntitle: A\n---\n\n新。\n");
    assert!(p.build_err().starts_with("content/zh/a/_index.md: this page and content/zh/a.md are both published"));
    assert!(p.snapshot() == before, "the old output changed");
    // Written twice all the same (by a caller that skips the checks), the sink refuses.
    let staging = brief::write::Staging::new(&p.out()).unwrap();
    use brief::write::Sink;
    let sink = staging.sink();
    sink.write("zh/a/index.html", &before["zh/a/index.html"]).unwrap();
    // A build writes each path once: a second write is refused, whatever it holds.
    for bytes in [&before["zh/a/index.html"][..], b"changed"] {
        assert_eq!(
            sink.write("zh/a/index.html", bytes).unwrap_err().to_string(),
            "`zh/a/index.html` would be written twice in one build: two sources are published at the same place"
        );
    }
    drop(staging);
    assert!(p.snapshot() == before, "the old output changed");
}

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

#[test]
fn key_figure_digits_are_bounded() {
    // `digits: 18446744073709551615` once panicked in the formatter.
    assert_eq!(
        error_after(
            "content/zh/_index.md",
            "    label: 中国毕业生\n",
            "    label: 中国毕业生\n    digits: 18446744073709551615\n"
        ),
        "content/zh/_index.md:8:13: key_figures[0].digits: `digits: 18446744073709551615` is not a number of decimal places from 0 to 6"
    );
}

// ---------------------------------------------------------------------------------------------
// Injection: every text a project gives comes out as text

/// Breaks out of an element, a double- or single-quoted attribute and `<title>`, and tries an
/// event handler and a script URL.
const PAYLOAD: &str = "<script>alert(1)</script>\"onmouseover=\"alert(2)' onfocus='alert(3)</title><img src=x onerror=alert(4)>javascript:alert(5)";

/// The basic fixture with the payload in every text field: site title and description, page
/// titles, summaries and tags, indicator labels, notes, source names and URLs, series names
/// and keys, chart titles, subtitles, notes and descriptions, key-figure labels and UI strings.
fn injected() -> Project {
    let p = Project::fixture("basic");
    let q = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let x = |label: &str| q(&format!("{label} {PAYLOAD}"));
    let formula = |f: &str| q(&format!("{f}{PAYLOAD}"));
    p.write(
        "site.yaml",
        format!(
            "title:\n  zh: {}\n  en: {}\ndescription:\n  zh: {}\n  en: {}\nbase_url: https://example.github.io/brief/\nlanguages:\n  - code: zh\n  - code: en\n",
            x("简报"),
            x("Brief"),
            x("描述"),
            x("About")
        ),
    );
    p.write(
        "i18n/zh.yaml",
        format!(
            "ui:\n  source: {}\n  note: {}\nseries:\n  CN: {}\n  US: {}\n",
            x("来源"),
            x("注"),
            formula("="),
            formula("+")
        ),
    );
    p.write(
        "i18n/en.yaml",
        format!("ui:\n  source: {}\nseries:\n  CN: {}\n  US: {}\n", x("Source"), formula("-"), formula("@")),
    );
    let talent = p.read_source("content/zh/talent.md");
    let talent = talent
        .replacen("title: 人才规模", &format!("title: {}", x("人才规模")), 1)
        .replacen("summary: 中国的毕业生数量。", &format!("summary: {}", x("摘要")), 1)
        .replacen("tags: [人才, 教育]", &format!("tags: [{}, 'javascript:alert(6)']", x("人才")), 1)
        .replacen("label: 理工科毕业生", &format!("label: {}\n    notes: {}", x("毕业生"), x("注释")), 1)
        .replacen("name: 测试来源\n", &format!("name: {}\n", formula("\t")), 1)
        .replacen(
            "url: https://example.org/source",
            "url: 'https://example.org/source?q=\"><script>alert(7)</script>&x=''onmouseover=alert(8)'",
            1,
        )
        .replacen(
            "      US: { 2020: 820000 }",
            &format!("      US: {{ 2020: 820000 }}\n      {}: {{ 2020: 5 }}", formula("=")),
            1,
        )
        .replacen(
            "title: 理工科毕业生\n    notes: 测试注释",
            &format!(
                "title: {}\n    subtitle: {}\n    notes: {}\n    description: {}",
                x("图表"),
                x("副标题"),
                x("注"),
                x("描述")
            ),
            1,
        )
        .replacen("title: 硕士比例", &format!("title: {}", x("比例")), 1);
    p.write("content/zh/talent.md", talent);
    let home = p.read_source("content/zh/_index.md");
    p.write("content/zh/_index.md", home.replacen("label: 中国毕业生", &format!("label: {}", x("卡片")), 1));
    // A file name is text too: it becomes a URL in links, feeds and the sitemap.
    if cfg!(unix) {
        p.write(
            "content/zh/reports/\"><img src=x onerror=alert(9)>'.md",
            "---\ntitle: 文件名\ndate: 2025-01-02\n---\n",
        );
    }
    let en = p.read_source("content/en/talent.md");
    p.write(
        "content/en/talent.md",
        en.replacen("title: The scale of talent", &format!("title: {}", x("Talent")), 1)
            .replacen("label: STEM graduates", &format!("label: {}", x("Graduates")), 1)
            .replacen("name: Test source", &format!("name: {}", x("Source")), 1),
    );
    p
}

/// Elements that run or load something, and URL attributes.
const ACTIVE: &[&str] = &["script", "iframe", "object", "embed", "form", "base", "frame", "foreignObject"];
const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction", "xlink:href", "poster", "data"];

fn assert_inert_attribute(file: &str, element: &str, name: &str, value: &str) {
    assert!(!name.to_ascii_lowercase().starts_with("on"), "{file}: <{element} {name}=…> is an event handler");
    if URL_ATTRIBUTES.contains(&name) {
        let url: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
        let url = url.to_ascii_lowercase();
        // The favicon is the templates' own data: URL.
        let favicon = element == "link" && url.starts_with("data:image/svg+xml,");
        assert!(
            !url.starts_with("javascript:") && !url.starts_with("vbscript:") && (!url.starts_with("data:") || favicon),
            "{file}: <{element} {name}=\"{value}\">"
        );
    }
}

/// No injected element or attribute anywhere in an HTML document (inline SVG included).
fn assert_inert_html(file: &str, html: &str) {
    let doc = Html::parse_document(html);
    for node in doc.tree.nodes() {
        let Some(element) = node.value().as_element() else { continue };
        let name = element.name();
        assert!(!ACTIVE.contains(&name), "{file}: an injected <{name}>");
        for (attribute, value) in element.attrs() {
            assert_inert_attribute(file, name, attribute, value);
        }
    }
}

/// No injected element or attribute in an XML document (SVG, Atom, sitemap); returns it parsed.
fn assert_inert_xml(file: &str, xml: &str) {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{file}: not well-formed XML: {e}"));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(!ACTIVE.contains(&name) && name != "img", "{file}: an injected <{name}>");
        for attribute in node.attributes() {
            assert_inert_attribute(file, name, attribute.name(), attribute.value());
        }
    }
}

#[test]
fn injected_text_comes_out_as_text_everywhere() {
    let p = injected();
    p.build_ok();
    let files = p.snapshot();
    let mut kinds = std::collections::BTreeSet::new();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        let kind = path.rsplit('.').next().unwrap_or("");
        kinds.insert(kind.to_string());
        match kind {
            "html" => assert_inert_html(path, &text),
            "svg" | "xml" => assert_inert_xml(path, &text),
            _ => {}
        }
    }
    assert!(["html", "svg", "xml", "csv"].iter().all(|k| kinds.contains(*k)), "{kinds:?}");

    // The words are all there, as text: in the title, headings, cards, captions, tooltips.
    let page = p.page("zh/talent/");
    let title = text(one(&page, "head > title"));
    assert!(title.starts_with(&format!("人才规模 {PAYLOAD} · 简报 {PAYLOAD}")), "{title}");
    assert_eq!(text(one(&page, "h1")), format!("人才规模 {PAYLOAD}"));
    assert_eq!(text(one(&page, ".lede")), format!("摘要 {PAYLOAD}"));
    assert_eq!(text(one(&page, ".kicker")), format!("人才 {PAYLOAD} · javascript:alert(6)"));
    assert_eq!(attr(one(&page, "meta[name=description]"), "content"), format!("摘要 {PAYLOAD}"));
    let figure = one(&page, "figure#chart-grads-bar");
    assert_eq!(text(select(&page, "figure#chart-grads-bar svg title")[0]), format!("图表 {PAYLOAD}"));
    assert!(text(figure).contains(&format!("注 {PAYLOAD}")));
    let tip = attr(select(&page, ".prose data.num")[0], "title");
    assert!(tip.starts_with(&format!("毕业生 {PAYLOAD}（={PAYLOAD}，2020年）")), "{tip}");
    let cite = one(&page, ".prose cite a");
    assert_eq!(attr(cite, "href"), "https://example.org/source?q=\"><script>alert(7)</script>&x='onmouseover=alert(8)");
    let home = p.page("zh/");
    assert!(select(&home, ".card-label").iter().any(|l| text(*l) == format!("卡片 {PAYLOAD}")));

    // The standalone SVG keeps the words as text too.
    let svg = p.output("zh/charts/grads-bar.svg");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some(format!("图表 {PAYLOAD}").as_str()));

    // Feeds and the sitemap parse, with titles as text and summaries as escaped HTML.
    let feed = p.output("zh/atom.xml");
    assert_eq!(xml_texts(&feed, "title")[0], format!("简报 {PAYLOAD}"));
    assert!(xml_texts(&feed, "title").contains(&format!("人才规模 {PAYLOAD}")));
    for summary in xml_texts(&feed, "summary") {
        assert_inert_html("zh/atom.xml summary", &summary);
    }
    assert_inert_xml("sitemap.xml", &p.output("sitemap.xml"));
}

#[test]
fn csv_cells_cannot_start_a_formula() {
    let p = injected();
    p.build_ok();
    let bytes = p.snapshot().remove("data/grads.csv").unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["indicator", "series", "name_zh", "name_en", "year", "value", "unit", "approx", "source", "source_url"]
    );
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        for (column, cell) in header.iter().zip(record.iter()) {
            if column == "value" {
                assert!(cell.parse::<f64>().is_ok(), "{cell}");
                continue;
            }
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{column}: {cell:?}");
        }
        // Neutralised, not lost: the text follows the apostrophe.
        assert!(record[8].starts_with("'\t"), "{:?}", &record[8]);
    }
    assert_eq!(rows, 3);
}

#[test]
fn the_injection_checks_catch_an_injection() {
    for html in [
        "<p><img src=x onerror=alert(1)></p>",
        "<a href=' javascript:alert(1)'>x</a>",
        "<script>alert(1)</script>",
        "<svg><foreignObject></foreignObject></svg>",
    ] {
        let caught = std::panic::catch_unwind(|| assert_inert_html("test", html));
        assert!(caught.is_err(), "{html} passed the check");
    }
}

// ---------------------------------------------------------------------------------------------
// Raw HTML in Markdown bodies: `raw_html: allow | escape | sanitize` in site.yaml

const RAW: &str = "---\ntitle: 报告\ndate: 2025-03-01\n---\n\nCO<sub>2</sub> 是 10<sup>3</sup> 吨<script>alert(1)</script><img src=x onerror=alert(2)>，<a href=\"javascript:alert(3)\" onclick=\"alert(4)\">链接</a>，<a href=\"https://example.org/\">好的</a>。\n\n<div style=\"position:fixed\" onmouseover=\"alert(5)\"><iframe src=\"https://evil.example/\"></iframe><b>块</b></div>\n\n## 标题 {#t onclick=alert(6)}\n\n<!--brief:figure--><script>alert(7)</script>\n\n{{ value(id=\"grads\", series=\"CN\", year=2020) }}\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n";

fn raw_html_site(policy: Option<&str>) -> Project {
    let p = with_q1(RAW);
    if let Some(policy) = policy {
        let site = p.read_source("site.yaml");
        p.write("site.yaml", format!("{site}raw_html: {policy}\n"));
    }
    let talent = p.read_source("content/zh/talent.md");
    p.write("content/zh/talent.md", format!("{talent}\n<p onclick=\"alert(8)\">尾</p>\n"));
    p.build_ok();
    p
}

#[test]
fn raw_html_is_passed_through_by_default() {
    // Trusted authors: what they write is what the page gets.
    let p = raw_html_site(None);
    let page = p.page("zh/reports/q1/");
    assert_eq!(select(&page, ".prose script").len(), 2);
    assert_eq!(text(one(&page, ".prose sub")), "2");
    assert_eq!(attr(one(&page, ".prose h2"), "onclick"), "alert(6)");
}

#[test]
fn raw_html_escaped_shows_as_text() {
    let p = raw_html_site(Some("escape"));
    let html = p.output("zh/reports/q1/index.html");
    assert_inert_html("zh/reports/q1/", &html);
    let page = p.page("zh/reports/q1/");
    let prose = text(one(&page, ".prose"));
    assert!(prose.contains("CO<sub>2</sub> 是 10<sup>3</sup> 吨<script>alert(1)</script>"), "{prose}");
    assert!(prose.contains("<div style=\"position:fixed\" onmouseover=\"alert(5)\">"), "{prose}");
    assert!(select(&page, ".prose sub, .prose div[style], .prose iframe").is_empty());
    let h2 = one(&page, ".prose h2");
    assert_eq!(attr(h2, "id"), "t");
    assert_eq!(h2.value().attr("onclick"), None);
    // brief's own HTML is untouched: the number, the table, and the figure of another page.
    assert_eq!(text(one(&page, ".prose data.num")), "357万");
    assert_eq!(select(&page, ".prose table th").len(), 2);
    let talent = p.page("zh/talent/");
    let drawings = select(&talent, "figure.chart svg").len();
    assert!(drawings > 0 && select(&talent, "figure.chart svg style").len() == drawings);
    assert!(text(one(&talent, ".prose")).contains("<p onclick=\"alert(8)\">尾</p>"));
    // So are summaries in lists and feeds.
    assert_inert_html("zh/reports/", &p.output("zh/reports/index.html"));
    for summary in xml_texts(&p.output("zh/atom.xml"), "summary") {
        assert_inert_html("zh/atom.xml summary", &summary);
    }
}

#[test]
fn raw_html_sanitised_keeps_what_is_harmless() {
    let p = raw_html_site(Some("sanitize"));
    let html = p.output("zh/reports/q1/index.html");
    assert_inert_html("zh/reports/q1/", &html);
    let page = p.page("zh/reports/q1/");
    assert_eq!(text(one(&page, ".prose sub")), "2");
    assert_eq!(text(one(&page, ".prose sup")), "3");
    assert_eq!(text(one(&page, ".prose div b")), "块");
    assert!(select(&page, ".prose div[style], .prose iframe, .prose [onclick], .prose [onmouseover]").is_empty());
    let links: Vec<Option<&str>> = select(&page, ".prose a").into_iter().map(|a| a.value().attr("href")).collect();
    assert_eq!(links, [None, Some("https://example.org/")]);
    assert_eq!(attr(one(&page, ".prose h2"), "id"), "t");
    let number = one(&page, ".prose data.num");
    assert_eq!((text(number).as_str(), attr(number, "value")), ("357万", "3570000"));
    assert!(attr(number, "title").contains("来源：测试来源"));
    let aligned: Vec<&str> = select(&page, ".prose th").into_iter().map(|th| attr(th, "style")).collect();
    assert_eq!(aligned, ["text-align: center", "text-align: right"]);
    assert_eq!(attr(one(&page, ".prose .table-scroll"), "tabindex"), "0");
    // The figures of the article stay whole (inline SVG with its scoped style), its footnotes
    // keep their links both ways, and its own raw HTML is cleaned.
    let talent = p.page("zh/talent/");
    assert_inert_html("zh/talent/", &p.output("zh/talent/index.html"));
    let drawings = select(&talent, ".prose figure.chart svg").len();
    assert!(drawings > 0 && select(&talent, ".prose figure.chart svg style").len() == drawings);
    assert_eq!(select(&talent, ".prose figure.chart table").len(), 1);
    assert_eq!(attr(one(&talent, ".prose sup.footnote-ref a"), "href"), "#fn-1");
    assert_eq!(attr(one(&talent, ".prose section.footnotes li a.footnote-back"), "href"), "#fnref-1");
    assert!(text(one(&talent, ".prose")).contains("尾"));
    assert!(select(&talent, ".prose [onclick]").is_empty());
    for summary in xml_texts(&p.output("zh/atom.xml"), "summary") {
        assert_inert_html("zh/atom.xml summary", &summary);
    }
}

#[test]
fn raw_html_takes_three_values() {
    let p = Project::fixture("basic");
    let site = p.read_source("site.yaml");
    p.write("site.yaml", format!("{site}raw_html: strip\n"));
    assert_eq!(
        p.build_err(),
        "site.yaml:13:11: raw_html: unknown variant `strip`, expected one of `allow`, `escape`, `sanitize`"
    );
}

// ---------------------------------------------------------------------------------------------
// Nothing lost: a build killed at any moment

/// Writes a site of `articles` articles per language, each with an indicator, a line chart and
/// some prose; `version` changes every page's text (and so most output files).
#[cfg(unix)]
fn generate_site(root: &std::path::Path, articles: usize, version: &str) {
    let write = |rel: String, text: String| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("site.yaml".into(), std::fs::read_to_string("tests/fixtures/basic/site.yaml").unwrap());
    write("static/style.css".into(), "body { color: black; }\n".into());
    for lang in ["zh", "en"] {
        write(format!("content/{lang}/_index.md"), format!("---\ntitle: {version} home\n---\n\n{version}.\n"));
    }
    let prose = "中国的理工科毕业生数量在过去二十年里增长了数倍，超过了美国与欧洲的总和。".repeat(20);
    for i in 0..articles {
        let series: String = ["CN", "US", "EU", "JP", "IN"]
            .iter()
            .enumerate()
            .map(|(s, key)| {
                let values: Vec<String> = (0..10).map(|y| format!("{}", (i + 1) * (s + 1) * (y + 3))).collect();
                format!("      {key}: [{}]\n", values.join(", "))
            })
            .collect();
        write(
            format!("content/zh/a{i:04}.md"),
            format!(
                "---\ntitle: {version} 第{i}篇\ndate: 2025-01-01\nindicators:\n  x{i}:\n    label: 指标{i}\n    unit: count\n    source: {{ name: 来源, year: 2024 }}\n    years: [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]\n    series:\n{series}charts:\n  - id: c{i}\n    kind: line\n    indicator: x{i}\n    title: {version} 图{i}\n---\n\n{version}：{prose}\n\n{{{{ chart(id=\"c{i}\") }}}}\n\n## 小结\n\n{prose}\n"
            ),
        );
        write(
            format!("content/en/a{i:04}.md"),
            format!(
                "---\ntitle: {version} article {i}\ndate: 2025-01-01\nindicators:\n  x{i}:\n    label: Indicator {i}\ncharts:\n  - id: c{i}\n    title: {version} chart {i}\n---\n\n{version}: text.\n\n{{{{ chart(id=\"c{i}\") }}}}\n"
            ),
        );
    }
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_previous_output_whole() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let articles: usize = std::env::var("BRIEF_KILL_TEST_ARTICLES").map_or(150, |n| n.parse().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let public = root.join("public");
    let brief = env!("CARGO_BIN_EXE_brief");
    let build = |extra: &[&str]| {
        let status = Command::new(brief)
            .args(["build", "--root"])
            .arg(root)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    };
    let staged = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(root)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".public.tmp-"))
            .map(|e| e.path())
            .collect()
    };

    generate_site(root, articles, "v1");
    build(&[]);
    let old = files_of(&public);
    generate_site(root, articles, "v2");
    let started = Instant::now();
    let expected = root.join("expected");
    build(&["--out", expected.to_str().unwrap()]);
    let full = started.elapsed();
    let new = files_of(&expected);
    std::fs::remove_dir_all(&expected).unwrap();
    let changed = old.iter().filter(|(path, bytes)| new.get(*path) != Some(bytes)).count();
    eprintln!("{} files, {changed} of them changed; a full build takes {full:?}", new.len());
    assert!(changed > new.len() / 2, "only {changed} files change");

    // Kill at moments spread over a build, and when the new output is partly written.
    let mut outcomes = Vec::new();
    let moments: Vec<Option<f64>> =
        [0.02, 0.1, 0.25, 0.4, 0.55, 0.7, 0.8, 0.9, 0.95, 1.0, 1.1].into_iter().map(Some).chain([None, None]).collect();
    for (n, moment) in moments.into_iter().enumerate() {
        let mut child = Command::new(brief)
            .args(["build", "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        match moment {
            Some(fraction) => std::thread::sleep(full.mul_f64(fraction)),
            None => {
                // Until the temporary output holds some files (a third, then two thirds).
                let want = new.len() * (n % 2 + 1) / 3;
                while child.try_wait().unwrap().is_none() {
                    // The folder may be renamed or removed while it is counted.
                    let count = |d: &std::path::PathBuf| {
                        walkdir::WalkDir::new(d).into_iter().flatten().filter(|e| e.file_type().is_file()).count()
                    };
                    let written: usize = staged().iter().map(count).sum();
                    if written >= want {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = files_of(&public);
        let which = if now == old {
            "old"
        } else if now == new {
            "new"
        } else {
            let differ: Vec<&String> =
                now.keys().chain(old.keys()).filter(|p| now.get(*p) != old.get(*p)).take(5).collect();
            panic!("killed at {moment:?}: public/ is neither the old output nor the new one (e.g. {differ:?})");
        };
        let leftover = !staged().is_empty();
        outcomes.push((moment, which, leftover));
        if which == "new" {
            // Swapped in before the kill: put the old output back for the next round.
            std::fs::remove_dir_all(&public).unwrap();
            for (path, bytes) in &old {
                let target = public.join(path);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::write(target, bytes).unwrap();
            }
        }
    }
    eprintln!("killed at (fraction of a build, output found, temporary folder left): {outcomes:?}");
    assert!(
        outcomes.iter().any(|(_, which, leftover)| *which == "old" && *leftover),
        "no kill landed while the new output was being written: {outcomes:?}"
    );

    // The next build removes what killed builds left, and completes.
    build(&[]);
    assert_eq!(staged(), Vec::<std::path::PathBuf>::new());
    assert!(files_of(&public) == new, "the next build is the new output");
}

#[test]
fn summaries_keep_the_alt_text_of_images() {
    // The first paragraph became the summary with its images' URLs as written: not rebased
    // under the base URL, nor checked (`javascript:` reached lists when the body was not built).
    let p = with_q1("---\ntitle: 报告\ndate: 2025-03-01\n---\n\n开头![图表](chart.png)结尾。\n");
    p.write("content/zh/reports/q1/chart.png", "png");
    p.build_ok();
    let list = p.page("zh/reports/");
    assert_eq!(text(one(&list, ".entry-summary")), "开头图表结尾。");
    assert!(select(&list, ".entry-summary img").is_empty());
    let site = brief::prepare(&p.options()).unwrap();
    let page = site.pages.iter().find(|p| p.rel == "reports/q1.md").unwrap();
    let source = brief::load::parse_page(
        &page.lang,
        std::path::Path::new("content/zh/reports/q1.md"),
        b"![x](javascript:alert(1))\n".to_vec(),
    )
    .unwrap();
    assert_eq!(brief::render::markdown::first_paragraph(&site, page, &source).unwrap(), "x");
}

#[test]
fn a_long_run_of_attribute_like_text_is_scanned_in_one_pass() {
    // Raw HTML passes `x="x="…` through; the link scanner once looked back from every `="` to
    // the last space (30 s for 300 KB in a release build).
    let run = "x=\"".repeat(100_000);
    let p = with_q1(format!("---\ntitle: 报告\n---\n\n<div>\n{run}\n</div>\n"));
    p.build_ok();
    assert!(p.output("zh/reports/q1/index.html").contains(&run));
}

#[test]
fn ids_that_would_make_paths_outside_the_output_are_refused() {
    // Indicator ids name data/<id>.csv, chart ids <lang>/charts/<id>.svg.
    let p = with_q1(
        "---\ntitle: 报告\nindicators:\n  ../../etc/passwd:\n    label: x\n    unit: count\n    series: { CN: { 2020: 1 } }\ncharts:\n  - id: ../../../tmp/x\n    kind: bar\n    indicator: ../../etc/passwd\n---\n",
    );
    assert_eq!(
        p.build_err(),
        "2 errors:\n\
         - content/zh/reports/q1.md:4: indicator id `../../etc/passwd` may use only letters, digits, `_` and `-`; rename it\n\
         - content/zh/reports/q1.md:9: chart id `../../../tmp/x` may use only letters, digits, `_` and `-`; rename it"
    );
}

#[test]
fn shortcodes_name_ids_never_paths() {
    let p = with_q1(
        "---\ntitle: 报告\n---\n\n{{ chart(id=\"../../../etc/passwd\") }}\n\n见{{ source(id=\"/etc/passwd\") }}。\n",
    );
    assert_eq!(
        p.build_err(),
        "2 errors:\n\
         - content/zh/reports/q1.md:5:1: unknown chart `../../../etc/passwd`\n\
         - content/zh/reports/q1.md:7:2: unknown indicator `/etc/passwd`"
    );
}

#[test]
fn a_quoted_indicator_id_with_a_colon_is_still_located_at_its_line() {
    let message = error_after("content/zh/talent.md", "  grads:", "  \"gr:ads\":");
    assert!(
        message.contains("content/zh/talent.md:9: indicator id `gr:ads` may use only letters, digits, `_` and `-`"),
        "{message}"
    );
}
