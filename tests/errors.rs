//! Broken input: each case gets one clear message naming the file, line and what was expected,
//! and the build writes nothing.

mod common;

use common::*;

#[test]
fn malformed_yaml_names_file_line_and_column() {
    let message = error_after("content/zh/talent.md", "summary: 中国的毕业生数量。", "summary: \"unclosed");
    assert_eq!(
        message,
        "content/zh/talent.md:3:10: found unexpected end of stream, while scanning a quoted scalar; a quoted value starts here and its closing quote is missing"
    );
}

#[test]
fn unknown_front_matter_key_is_named() {
    let message = error_after("content/zh/talent.md", "weight: 1", "wieght: 1");
    assert!(
        message.starts_with("content/zh/talent.md:5:1: unknown field `wieght`, expected one of `title`, `summary`"),
        "{message}"
    );
}

#[test]
fn text_where_a_number_belongs() {
    let message = error_after("content/zh/talent.md", "CN: { 2020: 3570000 }", "CN: { 2020: 3.57 million }");
    assert_eq!(
        message,
        "content/zh/talent.md:17:19: indicators.grads.series.CN.2020: expected a number, found the text \"3.57 million\" (write numbers without quotes, units or thousands separators, e.g. 3570000)"
    );
}

#[test]
fn a_list_where_a_map_belongs() {
    let message = error_after("content/zh/talent.md", "source:\n      name: 测试来源", "source:\n      - 测试来源");
    assert_eq!(
        message,
        "content/zh/talent.md:13:7: indicators.grads.source: invalid type: sequence, expected a source: a map such as `{ name: ..., year: 2020 }`"
    );
}

#[test]
fn unclosed_front_matter() {
    let p = Project::fixture("basic");
    p.write("content/zh/reports/q1.md", "---\ntitle: 报告\n\n正文\n");
    assert_eq!(
        p.build_err(),
        "content/zh/reports/q1.md: the front matter opened by `---` on line 1 is never closed; add a line `---` after it"
    );
}

#[test]
fn invalid_utf8() {
    let p = Project::fixture("basic");
    p.write("content/zh/reports/q1.md", b"---\ntitle: \xff\xfe\n---\n".as_slice());
    assert_eq!(p.build_err(), "content/zh/reports/q1.md:2: the file is not valid UTF-8; save it as UTF-8");
}

#[test]
fn unknown_unit_lists_the_known_ones() {
    let message = error_after("content/zh/talent.md", "unit: persons", "unit: heads");
    assert_eq!(
        message,
        "content/zh/talent.md:11: indicator `grads`: unknown unit `heads`; expected one of count, percent, percentage-points, persons, rank, ratio, currency:XXX (an ISO 4217 code such as USD or CNY), or declare it under `units:` in site.yaml"
    );
}

#[test]
fn the_same_indicator_id_on_two_pages() {
    let p = Project::fixture("basic");
    p.write(
        "content/zh/reports/q1.md",
        "---\ntitle: 报告\nindicators:\n  grads:\n    label: 另一个\n    unit: count\n    series: { CN: { 2021: 1 } }\n---\n",
    );
    assert_eq!(
        p.build_err(),
        "content/zh/talent.md:9: indicator `grads` is already declared in content/zh/reports/q1.md:4; ids are site-wide, so rename one (any page can use the other's)"
    );
}

#[test]
fn a_translation_that_states_a_number_differently() {
    let p = Project::fixture("basic");
    let en = p.read_source("content/en/talent.md");
    p.write(
        "content/en/talent.md",
        en.replacen(
            "    label: STEM graduates\n",
            "    label: STEM graduates\n    series:\n      CN: { 2020: 3750000 }\n",
            1,
        ),
    );
    assert_eq!(
        p.build_err(),
        "content/en/talent.md:9: indicator `grads`: series `CN`, 2020 is 3750000 here but 3570000 in content/zh/talent.md:9 (numbers, units and sources come from the zh file; remove them from this one or make them equal)"
    );
}

#[test]
fn a_chart_of_an_unknown_indicator_suggests_the_near_one() {
    let message = error_after("content/zh/talent.md", "indicator: grads\n    title", "indicator: grad\n    title");
    assert_eq!(message, "content/zh/talent.md:28: chart `grads-bar`: unknown indicator `grad`; did you mean `grads`?");
}

#[test]
fn a_chart_of_an_unknown_series() {
    let message = error_after(
        "content/zh/talent.md",
        "indicator: grads\n    title",
        "indicator: grads\n    series: [CN, JP]\n    title",
    );
    assert_eq!(
        message,
        "content/zh/talent.md:28: chart `grads-bar`: indicator `grads` has no series `JP` (it has CN, US)"
    );
}

#[test]
fn a_shortcode_with_an_unknown_year_names_the_line() {
    let message =
        error_after("content/zh/talent.md", "series=\"CN\", year=2020) }}名", "series=\"CN\", year=2019) }}名");
    assert_eq!(
        message,
        "content/zh/talent.md:39:10: indicator `grads`, series `CN` has no value for 2019 (it has 2020)"
    );
}

#[test]
fn an_unknown_shortcode() {
    let message = error_after("content/zh/talent.md", "{{ source(id=\"grads\") }}", "{{ sauce(id=\"grads\") }}");
    assert_eq!(
        message,
        "content/zh/talent.md:51:11: unknown shortcode `sauce`; did you mean `source`?; shortcodes are value, ratio, change, source, chart"
    );
}

#[test]
fn a_broken_internal_link() {
    let message = error_after("content/zh/_index.md", "[报告](reports/)", "[报告](reprots/)");
    assert_eq!(message, "content/zh/_index.md:15:30: broken link: nothing is published at /zh/reprots/");
}

#[test]
fn a_link_to_a_missing_anchor() {
    let message = error_after("content/zh/reports/q1.md", "#规模", "#规模2");
    assert_eq!(message, "content/zh/reports/q1.md:6:24: broken link: /zh/talent/ has no element with id `规模2`");
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let p = Project::fixture("basic");
    p.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title | nosuchfilter }}\n{% endblock main %}\n",
    );
    let message = p.build_err();
    assert!(message.starts_with("templates/article.html:3:"), "{message}");
    assert!(message.contains("nosuchfilter"), "{message}");
}

#[test]
fn a_missing_site_yaml() {
    let p = Project::fixture("basic");
    p.remove("site.yaml");
    let message = p.build_err();
    assert!(message.starts_with("no site.yaml in "), "{message}");
    assert!(message.ends_with(": is this a brief project? `brief new DIR` creates one"), "{message}");
}

#[test]
fn a_page_outside_a_language_folder() {
    let p = Project::fixture("basic");
    p.write("content/stray.md", "---\ntitle: x\n---\n");
    assert_eq!(p.build_err(), "content/stray.md: pages go in a language folder: move it to content/zh/stray.md");
}

#[test]
fn javascript_links_are_refused() {
    let message = error_after("content/en/_index.md", "[talent](/en/talent/)", "[talent](javascript:alert(1))");
    assert_eq!(
        message,
        "content/en/_index.md:10:23: links with `javascript:` URLs are not allowed (only http, https, mailto, tel, ftp)"
    );
}

#[test]
fn chinese_emphasis_renders_bold_and_stray_markers_fail_the_build() {
    let p = Project::fixture("basic");
    p.write("content/zh/reports/q1.md", "---\ntitle: 报告\n---\n\n这是**“强调”**文字，**加粗：**后文。\n");
    p.build_ok();
    let page = p.page("zh/reports/q1/");
    let strong: Vec<String> = select(&page, ".prose strong").into_iter().map(text).collect();
    assert_eq!(strong, ["“强调”", "加粗："]);
    assert!(!text(one(&page, ".prose p")).contains("**"));

    p.write("content/zh/reports/q1.md", "---\ntitle: 报告\n---\n\n第一段。\n\n价格是 5 ** 2 元。\n");
    assert_eq!(
        p.build_err(),
        "content/zh/reports/q1.md:7:1: `**` or `__` would show as text in \"价格是 5 ** 2 元。\": pair the markers, or escape them as \\*\\*"
    );
}

#[test]
fn a_broken_link_in_a_template_names_the_template_and_the_page() {
    let p = Project::fixture("basic");
    p.write(
        "templates/list.html",
        "{% extends \"base.html\" %}{% block main %}<a href=\"{{ site.base_path }}zh/missing/\">x</a><a href=\"#nowhere\">y</a>{% endblock main %}",
    );
    assert_eq!(
        p.build_err(),
        "2 errors:\n- templates/list.html (rendering content/zh/reports/_index.md): broken link: nothing is published at /zh/missing/\n- templates/list.html (rendering content/zh/reports/_index.md): broken link: /zh/reports/ has no element with id `nowhere`"
    );
}
