//! A 50 MB Markdown file: brief builds it, whole, in bounded memory.
//!
//! The only test in this binary, so that the peak resident size the kernel reports for this
//! process's children is the one build's. Time is not asserted (the machines are noisy); the
//! README's "Hostile input" section records it (5.9 s and 1.4 GiB in a release build, linear in
//! the size: pulldown-cmark keeps a tree of the whole document, about 12 bytes per byte).

mod common;

use common::*;
use std::fmt::Write as _;
use std::process::Command;

const TARGET_BYTES: usize = 50 * 1024 * 1024;

/// Paragraphs in both scripts with the constructs that make work per byte: CJK emphasis, links
/// (rebased and checked), inline code, a value shortcode, lists, headings (unique ids, table of
/// contents) and a footnote reference.
fn big_article() -> (String, usize) {
    let mut text = String::with_capacity(TARGET_BYTES + 4096);
    text.push_str("---\ntitle: 大文件\nsummary: 五十兆字节。\n---\n\n");
    let mut sections = 0;
    while text.len() < TARGET_BYTES {
        sections += 1;
        let _ = write!(
            text,
            "## 第{sections}节\n\n研究显示，**2020年：**毕业生达到{{{{ value(id=\"grads\", series=\"CN\", year=2020) }}}}，\
             其中“**新兴行业**”贡献最大，详见[规模](/zh/talent/)与`table_1`。\n\n\
             The *share* of **graduates** rose; see [the scale](/zh/talent/).[^n]\n\n- one\n- two\n\n"
        );
    }
    text.push_str("\n[^n]: 注释。\n");
    (text, sections)
}

/// Peak resident set size, in bytes, of the largest child this process has waited for.
fn children_peak_rss() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; RUSAGE_CHILDREN is always valid.
    let usage = unsafe {
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()), 0);
        usage.assume_init()
    };
    usage.ru_maxrss as u64 * 1024 // kilobytes on Linux
}

#[test]
fn a_50_mb_markdown_file_builds_whole_in_bounded_memory() {
    let p = Project::fixture("basic");
    let (article, sections) = big_article();
    p.write("content/zh/big.md", &article);

    let run = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["build", "--root"])
        .arg(p.root())
        .arg("--out")
        .arg(p.out())
        .output()
        .expect("run brief");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");

    let html = p.output("zh/big/index.html");
    let last = format!("id=\"第{sections}节\"");
    assert!(html.contains(&last), "the last heading is rendered with its id");
    assert_eq!(html.matches("<strong>2020年：</strong>").count(), sections, "every CJK emphasis is bold");
    assert_eq!(html.matches("357万").count(), sections, "every shortcode quotes the number");
    assert!(!html.contains("**"), "no emphasis marker survives");

    // 1.4 GiB in a release build and a little more in a debug one; 4 GiB would mean the
    // document is copied more often than it needs to be.
    let peak = children_peak_rss();
    assert!(peak < 4 << 30, "peak resident size {} MiB for a {} MiB file", peak >> 20, article.len() >> 20);
}
