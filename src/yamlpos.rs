//! Finds the line of a key in a YAML text, for messages about values that parsed but do not make
//! sense (an unknown indicator, a duplicate id). serde_yaml reports positions only for errors it
//! raises itself; this covers the checks made after parsing.
//!
//! It understands block-style YAML (the style front matter is written in), which is enough to
//! point an author at the right line; when it cannot tell, it answers `None` and the message names
//! only the file.

/// The 1-based line of the key at `path` (`["indicators", "gdp", "series"]`), or `None`.
pub fn key_line(yaml: &str, path: &[&str]) -> Option<usize> {
    let mut search_from = 0usize;
    let mut parent_indent: Option<usize> = None;
    let lines: Vec<&str> = yaml.lines().collect();
    let mut found = None;
    for key in path {
        found = None;
        let mut child_indent: Option<usize> = None;
        for (i, line) in lines.iter().enumerate().skip(search_from) {
            let Some((indent, rest)) = content_of(line) else {
                continue;
            };
            if let Some(p) = parent_indent {
                if indent <= p {
                    break;
                }
            }
            // Only keys at the first indentation seen below the parent are its own keys.
            let own = *child_indent.get_or_insert(indent);
            if indent != own {
                continue;
            }
            if key_matches(rest, key) {
                found = Some(i);
                search_from = i + 1;
                parent_indent = Some(indent);
                break;
            }
        }
        found?;
    }
    found.map(|i| i + 1)
}

/// The direct child keys of the top-level key `parent` with their 1-based lines, in one pass
/// (for locating every indicator of a page without scanning its YAML once per indicator).
pub fn child_key_lines(yaml: &str, parent: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut child_indent: Option<usize> = None;
    for (i, line) in yaml.lines().enumerate() {
        let Some((indent, rest)) = content_of(line) else { continue };
        if indent == 0 {
            inside = key_matches(rest, parent);
            child_indent = None;
            continue;
        }
        if !inside {
            continue;
        }
        let own = *child_indent.get_or_insert(indent);
        if indent != own {
            continue;
        }
        if let Some(colon) = rest.find(':') {
            out.push((unquote(rest[..colon].trim()).to_string(), i + 1));
        }
    }
    out
}

/// The `field` value of every list item below `list_path` with its 1-based line, such as each
/// chart's `id:` under `charts` (one pass for every chart of a page).
pub fn item_lines(yaml: &str, list_path: &[&str], field: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let Some(start) = key_line(yaml, list_path) else { return out };
    let mut lines = yaml.lines().enumerate().skip(start - 1);
    let Some(list_indent) = lines.next().and_then(|(_, line)| content_of(line)).map(|(indent, _)| indent) else {
        return out;
    };
    for (i, line) in lines {
        let Some((indent, rest)) = content_of(line) else {
            continue;
        };
        if indent < list_indent || (indent == list_indent && !rest.starts_with('-')) {
            break;
        }
        let rest = rest.trim_start_matches('-').trim_start();
        if let Some(v) = rest.strip_prefix(field).and_then(|r| r.trim_start().strip_prefix(':')) {
            out.push((unquote(v.trim()).to_string(), i + 1));
        }
    }
    out
}

/// The 1-based lines of the first two `key`s of the block mapping whose first key is at `line`
/// and `column` (1-based, as serde_yaml reports a mapping), or `None` (a flow mapping `{…}`, or
/// not found).
pub fn repeated_key_lines(yaml: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let indent = column.checked_sub(1)?;
    let mut first = None;
    for (i, text) in yaml.lines().enumerate().skip(line.checked_sub(1)?) {
        let Some((at, rest)) = content_of(text) else {
            continue;
        };
        if at < indent {
            break;
        }
        if at == indent && key_matches(rest, key) {
            match first {
                None => first = Some(i + 1),
                Some(first) => return Some((first, i + 1)),
            }
        }
    }
    None
}

/// Indentation (list dashes count as indentation) and the rest, or `None` for blank and comment
/// lines.
fn content_of(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    let mut indent = line.len() - trimmed.len();
    let mut rest = trimmed;
    while let Some(after) = rest.strip_prefix("- ") {
        let after_trim = after.trim_start();
        indent += rest.len() - after_trim.len();
        rest = after_trim;
    }
    Some((indent, rest))
}

fn key_matches(rest: &str, key: &str) -> bool {
    let candidates = [key.to_string(), format!("\"{key}\""), format!("'{key}'")];
    candidates.iter().any(|c| rest.strip_prefix(c.as_str()).is_some_and(|after| after.trim_start().starts_with(':')))
}

fn unquote(v: &str) -> &str {
    let v = v.split(" #").next().unwrap_or(v).trim();
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "title: x\nindicators:\n  gdp:\n    label: GDP\n    series:\n      CN: {2020: 1}\n  pop:\n    series:\n      US: [1]\ncharts:\n  - id: a\n    kind: bar\n  - id: \"b\"\n    kind: line\n";

    #[test]
    fn finds_nested_keys() {
        assert_eq!(key_line(DOC, &["title"]), Some(1));
        assert_eq!(key_line(DOC, &["indicators", "gdp", "series"]), Some(5));
        assert_eq!(key_line(DOC, &["indicators", "pop", "series", "US"]), Some(9));
        assert_eq!(key_line(DOC, &["indicators", "pop", "label"]), None);
        assert_eq!(key_line(DOC, &["missing"]), None);
    }

    #[test]
    fn lists_the_children_of_a_key_in_one_pass() {
        assert_eq!(child_key_lines(DOC, "indicators"), [("gdp".to_string(), 3), ("pop".to_string(), 7)]);
        assert!(child_key_lines(DOC, "nothing").is_empty());
    }

    #[test]
    fn finds_a_key_given_twice() {
        let doc =
            "title: a\nindicators:\n  gdp:\n    label: x\n    unit: count\n    label: y\ndate: 2025-01-01\ntitle: b\n";
        assert_eq!(repeated_key_lines(doc, 1, 1, "title"), Some((1, 8)));
        assert_eq!(repeated_key_lines(doc, 4, 5, "label"), Some((4, 6)));
        assert_eq!(repeated_key_lines(doc, 4, 5, "unit"), None);
        assert_eq!(repeated_key_lines(doc, 0, 0, "title"), None);
    }

    #[test]
    fn finds_list_items_by_field() {
        assert_eq!(item_lines(DOC, &["charts"], "id"), [("a".to_string(), 11), ("b".to_string(), 13)]);
        assert_eq!(item_lines(DOC, &["indicators"], "id"), []);
    }
}
