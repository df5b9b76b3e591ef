//! `brief new DIR`: a working skeleton of a bilingual brief, to copy and change.
//!
//! It holds a site.yaml, a home page and one article in each language (the article declares an
//! indicator, charts it and quotes it in prose), and copies of the built-in templates and
//! stylesheet so they can be edited.

use std::path::{Path, PathBuf};

use crate::render::templates::BUILTIN;

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{} already exists and is not empty; choose a new folder", .0.display())]
    NotEmpty(PathBuf),
    #[error("{}: {message}", .path.display())]
    Io { path: PathBuf, message: String },
}

pub const STYLESHEET: &str = include_str!("../static/style.css");

const SITE_YAML: &str = r#"# Site settings: see the README of brief for every key.
title:
  zh: 示例简报
  en: Example brief
description:
  zh: 用 brief 制作的中英双语数据简报。
  en: A bilingual data brief made with brief.
# The address the site is published at (for GitHub Pages: https://USER.github.io/REPO/).
base_url: https://example.org/
languages:
  - code: zh
    name: 中文
  - code: en
    name: English
default_language: zh
"#;

const HOME_ZH: &str = r#"---
title: 示例简报
summary: 这是一个用 brief 生成的双语数据简报骨架。
---

欢迎！这个骨架包含一篇[示例文章](/zh/example/)：它在前置数据中定义一个指标，画出图表，并在正文中引用数字。
"#;

const HOME_EN: &str = r#"---
title: Example brief
summary: A skeleton of a bilingual data brief made with brief.
---

Welcome! This skeleton holds one [example article](/en/example/): it declares an indicator in its
front matter, charts it, and quotes its numbers in the text.
"#;

const ARTICLE_ZH: &str = r#"---
title: 示例文章
summary: 一个指标、一张图表和正文中引用的数字。
date: 2025-01-15
tags: [示例]
indicators:
  widgets:
    label: 小部件产量（示例数据）
    unit: count
    source:
      name: 示例数据，请替换为您的来源
      year: 2024
    series:
      North: { 2022: 120000, 2023: 135000, 2024: 152000 }
      South: { 2022: 98000, 2023: 101000, 2024: 99500 }
charts:
  - id: widgets-by-region
    kind: line
    indicator: widgets
    title: 各地区小部件产量
---

2024年，北部地区生产了{{ value(id="widgets", series="North", year=2024) }}个小部件，是南部的{{ ratio(id="widgets", series="North", to="South", year=2024) }}。

{{ chart(id="widgets-by-region") }}

修改前置数据中的数字并重新构建，图表、正文和英文版本会一起更新。
"#;

const ARTICLE_EN: &str = r#"---
title: An example article
summary: One indicator, one chart, and its numbers quoted in the text.
date: 2025-01-15
tags: [example]
indicators:
  widgets:
    label: Widgets produced (example data)
    source:
      name: Example data; replace with your source
charts:
  - id: widgets-by-region
    title: Widgets produced by region
---

In 2024 the North produced {{ value(id="widgets", series="North", year=2024) }} widgets,
{{ ratio(id="widgets", series="North", to="South", year=2024) }} as many as the South.

{{ chart(id="widgets-by-region") }}

Change a number in the front matter of the Chinese page and rebuild: the chart, the text and
both languages follow.
"#;

const I18N_ZH: &str = "series:\n  North: 北部\n  South: 南部\n";
const I18N_EN: &str = "series:\n  North: North\n  South: South\n";

/// Writes the skeleton into `dir` (which must not exist or be empty); returns the files written.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let mut files: Vec<(String, &str)> = vec![
        ("site.yaml".into(), SITE_YAML),
        ("content/zh/_index.md".into(), HOME_ZH),
        ("content/en/_index.md".into(), HOME_EN),
        ("content/zh/example.md".into(), ARTICLE_ZH),
        ("content/en/example.md".into(), ARTICLE_EN),
        ("i18n/zh.yaml".into(), I18N_ZH),
        ("i18n/en.yaml".into(), I18N_EN),
        ("static/style.css".into(), STYLESHEET),
    ];
    files.extend(BUILTIN.iter().map(|(name, text)| (format!("templates/{name}"), *text)));
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| ScaffoldError::Io { path: parent.to_path_buf(), message: e.to_string() })?;
        }
        std::fs::write(&path, text).map_err(|e| ScaffoldError::Io { path: path.clone(), message: e.to_string() })?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}
