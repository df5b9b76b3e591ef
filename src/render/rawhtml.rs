//! Raw HTML in Markdown bodies: passed through, shown as text, or sanitised, as `raw_html:` in
//! site.yaml says ([`RawHtml`]). Owns telling the author's HTML from the HTML brief makes
//! (numbers, citations, figures, footnotes).
//!
//! The author's HTML is what the Markdown parser hands over as HTML events, so `escape` is
//! applied to the parser's events before brief adds any of its own. Sanitising needs whole
//! elements, not the single tags of inline HTML, so it runs on the body's finished HTML with the
//! figures (inline SVG, which a sanitiser would strip) set aside as placeholders and put back
//! afterwards. Everything else brief writes into a body passes through the sanitiser too, so
//! its allowlist ([`sanitiser`]) names that markup as well: keep it in step with the HTML
//! `shortcodes.rs` and `markdown.rs` write (`raw_html_sanitised_keeps_what_is_harmless` in
//! tests/hostile.rs checks that numbers, tables, footnotes and figures survive it).

use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::markdown::FIGURE_MARK;
use crate::config::RawHtml;

/// The author's events as the policy wants them, straight from the parser.
pub fn author_events(events: Vec<Event<'_>>, policy: RawHtml) -> Vec<Event<'_>> {
    if policy == RawHtml::Allow {
        return events;
    }
    events
        .into_iter()
        .map(|event| match event {
            // `# Title {onclick=…}`: attributes other than the id and classes are HTML too.
            Event::Start(Tag::Heading { level, id, classes, attrs: _ }) => {
                Event::Start(Tag::Heading { level, id, classes, attrs: Vec::new() })
            }
            Event::Html(h) | Event::InlineHtml(h) if policy == RawHtml::Escape => Event::Text(h),
            Event::Start(Tag::HtmlBlock) if policy == RawHtml::Escape => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) if policy == RawHtml::Escape => Event::End(TagEnd::Paragraph),
            // Only brief's own figures may carry the figure mark.
            Event::Html(h) if h.contains(FIGURE_MARK) => Event::Html(unmark(&h)),
            Event::InlineHtml(h) if h.contains(FIGURE_MARK) => Event::InlineHtml(unmark(&h)),
            other => other,
        })
        .collect()
}

fn unmark(html: &str) -> CowStr<'static> {
    html.replace(FIGURE_MARK, "").into()
}

/// Private-use characters around a placeholder's number: a paragraph holding only such a
/// placeholder is where a figure goes back.
const OPEN: char = '\u{e000}';
const CLOSE: char = '\u{e001}';

/// A figure's HTML without its mark, reusing its buffer (a figure is most of a page's bytes).
fn unmarked(figure: pulldown_cmark::CowStr<'_>) -> String {
    let mut html = figure.into_string();
    html.drain(..FIGURE_MARK.len());
    html
}

/// The final HTML of a body: figures unmarked, and the author's HTML sanitised if asked.
pub fn to_html(events: Vec<Event<'_>>, policy: RawHtml, capacity: usize) -> String {
    let mut html = String::with_capacity(capacity);
    if policy != RawHtml::Sanitize {
        let events = events.into_iter().map(|e| match e {
            Event::Html(h) if h.starts_with(FIGURE_MARK) => Event::Html(unmarked(h).into()),
            other => other,
        });
        pulldown_cmark::html::push_html(&mut html, events);
        return html;
    }
    let mut figures: Vec<String> = Vec::new();
    let events = events.into_iter().map(|e| match e {
        Event::Html(h) if h.starts_with(FIGURE_MARK) => {
            figures.push(unmarked(h));
            Event::Html(format!("<p>{OPEN}{}{CLOSE}</p>\n", figures.len() - 1).into())
        }
        other => other,
    });
    pulldown_cmark::html::push_html(&mut html, events);
    let clean = sanitiser().clean(&html).to_string();
    if figures.is_empty() {
        return clean;
    }
    // Put the figures back: the sanitiser keeps a paragraph of plain text as it is, and only a
    // paragraph can hold exactly a placeholder (an author who writes one gets a figure twice).
    let mut out = String::with_capacity(clean.len() + figures.iter().map(String::len).sum::<usize>());
    let mut rest = clean.as_str();
    while let Some(start) = rest.find(&format!("<p>{OPEN}")) {
        let after = &rest[start + 3 + OPEN.len_utf8()..];
        let figure = after
            .split_once(CLOSE)
            .filter(|(n, tail)| tail.starts_with("</p>") && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|(n, _)| Some((n.len(), figures.get(n.parse::<usize>().ok()?)?)));
        match figure {
            Some((digits, figure)) => {
                out.push_str(&rest[..start]);
                out.push_str(figure);
                rest = &after[digits + CLOSE.len_utf8() + "</p>".len()..];
            }
            None => {
                out.push_str(&rest[..start + 3]);
                rest = &rest[start + 3..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What the sanitiser keeps: formatting, links, images and tables, and what brief itself writes
/// into a body (numbers in `<data>`, citations, footnotes, scrolling tables, heading ids).
fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags(["section", "data", "cite", "sup", "sub"])
            .add_generic_attributes(["id"])
            .url_schemes(["http", "https", "mailto", "tel", "ftp"].into_iter().collect())
            .link_rel(None)
            .add_tag_attributes("a", ["class", "aria-label", "download"])
            .add_tag_attributes("data", ["class", "value"])
            .add_tag_attributes("cite", ["class"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("div", ["class", "tabindex"])
            .add_tag_attributes("section", ["class", "role", "aria-labelledby"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .attribute_filter(|_, attribute, value| match attribute {
                // Table column alignment, as the Markdown renderer writes it; no other style.
                "style" => matches!(value, "text-align: left" | "text-align: center" | "text-align: right")
                    .then(|| value.into()),
                "tabindex" => (value == "0").then(|| value.into()),
                _ => Some(value.into()),
            });
        b
    })
}
