//! Markdown: a page body to HTML, with shortcodes expanded, links rebased, heading ids, a table
//! of contents, footnotes gathered at the end, and the words counted for a reading time.
//!
//! The body goes through pulldown-cmark once, as a list of events that each pass rewrites in
//! turn; only the final list is turned into HTML.

use std::collections::{BTreeMap, HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::RenderError;
use super::emphasis;
use super::rawhtml;
use super::shortcodes::{self, Env, Output, Piece, Uses};
use crate::error::Location;
use crate::load::{BodyPlace, SourcePage};
use crate::resolve::{Page, Site};

/// The Markdown features brief turns on (see the README).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A heading for the table of contents.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link to a page of this site found in the body, for the link checker.
#[derive(Clone, Debug, PartialEq)]
pub struct InternalLink {
    /// The target relative to the site root (`zh/talent/`), without the fragment.
    pub site_path: String,
    pub fragment: Option<String>,
    pub at: Location,
}

/// A rendered body.
#[derive(Debug, Default)]
pub struct Body {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub uses: Uses,
    pub links: Vec<InternalLink>,
    /// Every id the body defines (headings, footnotes, figures), for #anchor checks.
    pub anchors: Vec<String>,
}

/// What rendering a body needs besides the page.
pub struct BodyEnv<'a> {
    pub site: &'a Site,
    pub page: &'a Page,
    pub figure: &'a dyn Fn(&str) -> Result<String, String>,
}

/// Finds where events came from: pulldown-cmark borrows most text and URLs straight from the
/// source, so a slice's address gives its offset. Events it made up (smart quotes, entities)
/// have none; each pass decides which borrowed neighbour stands for them.
struct Locator<'s> {
    source: &'s SourcePage,
    start: usize,
    len: usize,
    /// The last place asked for. Places asked for in order (as the passes do) cost only the
    /// text between them, so a long body stays linear.
    last: std::cell::Cell<BodyPlace>,
}

impl<'s> Locator<'s> {
    fn new(source: &'s SourcePage) -> Locator<'s> {
        let body = source.body();
        Locator { source, start: body.as_ptr() as usize, len: body.len(), last: source.body_start().into() }
    }

    /// The offset of `slice` in the body, if it is borrowed from it.
    fn offset_of(&self, slice: &str) -> Option<usize> {
        let p = slice.as_ptr() as usize;
        (p >= self.start && p < self.start + self.len).then(|| p - self.start)
    }

    /// The offset of the text an event carries, if it is borrowed from the body.
    fn offset_of_event(&self, event: &Event) -> Option<usize> {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => self.offset_of(t),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => self.offset_of(dest_url),
            _ => None,
        }
    }

    fn location(&self, offset: usize) -> Location {
        let (location, place) = self.source.body_location_after(offset, self.last.get());
        self.last.set(place);
        location
    }
}

/// Renders the body of `source` (the page's Markdown after the front matter).
pub fn render_body(env: &BodyEnv, source: &SourcePage) -> Result<Body, Vec<RenderError>> {
    let text = source.body();
    let locator = Locator::new(source);
    let mut errors = Vec::new();
    let mut uses = Uses::default();
    // The emphasis pass reads the parser's events as they come (it tells escapes from
    // delimiters by where text lies in the source), so it runs first.
    let policy = env.site.config.raw_html;
    // Room for the events up front: about one per 20 to 30 bytes of Markdown, 80 bytes each,
    // so a page's are tens of kilobytes, and growing the vector would copy them again and again.
    let mut parsed = Vec::with_capacity(text.len() / 16);
    parsed.extend(Parser::new_ext(text, options()));
    let events = emphasis::cjk_emphasis(parsed);
    let events = rawhtml::author_events(events, policy);
    if let Some(context) = emphasis::leftover_marker(&events) {
        errors.push(RenderError::Emphasis {
            at: locate_snippet(&locator, &context),
            message: format!(
                "`**` or `__` would show as text in \"{}\": pair the markers, or escape them as \\*\\*",
                context.trim()
            ),
        });
    }
    let shortcode_env = Env { site: env.site, lang: &env.page.lang, figure: env.figure };
    let events = expand_shortcodes(events, &shortcode_env, &locator, &mut uses, &mut errors);
    let mut links = Vec::new();
    let events = rewrite_links(events, env, &locator, &mut links, &mut errors);
    let mut anchors = Vec::new();
    let (events, toc) = heading_ids(events, &mut anchors);
    let ui = |key| env.site.i18n.ui(&env.page.lang, key);
    let events = footnotes(events, (ui("footnotes"), ui("back_to_text")), &mut anchors);
    let events = scrolling_tables(events);
    if !errors.is_empty() {
        return Err(errors);
    }
    // Room for the text's markup and for the figures, whose HTML is most of a page.
    let inserted: usize = events.iter().map(|e| if let Event::Html(h) = e { h.len() } else { 0 }).sum();
    let html = rawhtml::to_html(events, policy, text.len() * 3 / 2 + inserted);
    for fig in &uses.charts {
        anchors.push(super::figure::dom_id(fig));
    }
    Ok(Body { html, toc, uses, links, anchors })
}

/// The line of the first place where the text around a leftover marker appears.
fn locate_snippet(locator: &Locator, context: &str) -> Location {
    let body = locator.source.body();
    let probe: String = context.trim().chars().take(12).collect();
    let offset = body.find(probe.as_str()).or_else(|| body.find("**")).or_else(|| body.find("__")).unwrap_or(0);
    locator.location(offset)
}

/// The first paragraph of a body as HTML, shortcodes expanded, for lists and feeds. Stops
/// parsing as soon as the paragraph ends.
pub fn first_paragraph(site: &Site, page: &Page, source: &SourcePage) -> Option<String> {
    let no_figures = |_: &str| Err("charts are not drawn in summaries".to_string());
    let env = Env { site, lang: &page.lang, figure: &no_figures };
    let mut depth = 0usize;
    let mut collected: Vec<Event> = vec![Event::Start(Tag::Paragraph)];
    for event in Parser::new_ext(source.body(), options()) {
        match &event {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                depth = 1;
                continue;
            }
            Event::End(TagEnd::Paragraph) if depth == 1 => {
                depth = 0;
                if collected.len() > 1 {
                    break;
                }
                continue;
            }
            Event::Start(_) if depth > 0 => depth += 1,
            Event::End(_) if depth > 1 => depth -= 1,
            _ => {}
        }
        if depth > 0 {
            collected.push(event);
        }
    }
    if collected.len() == 1 {
        return None;
    }
    collected.push(Event::End(TagEnd::Paragraph));
    let policy = site.config.raw_html;
    let events = rawhtml::author_events(emphasis::cjk_emphasis(collected), policy);
    let mut ignored = Vec::new();
    let events = expand_shortcodes(events, &env, &Locator::new(source), &mut Uses::default(), &mut ignored);
    let events = events.into_iter().filter_map(|e| match e {
        // The paragraph tags, links and footnote markers mean nothing out of context, and
        // images (their URLs are checked and rebased only in the body) leave their alt text.
        Event::Start(Tag::Paragraph | Tag::Link { .. } | Tag::Image { .. })
        | Event::End(TagEnd::Paragraph | TagEnd::Link | TagEnd::Image)
        | Event::FootnoteReference(_) => None,
        Event::Html(h) if h.starts_with(FIGURE_MARK) => None,
        other => Some(other),
    });
    Some(rawhtml::to_html(events.collect(), policy, 256))
}

/// Replaces shortcode calls in text with their HTML. A chart must be alone in its paragraph:
/// that paragraph is replaced by the figure.
fn expand_shortcodes<'a>(
    events: Vec<Event<'a>>,
    env: &Env,
    locator: &Locator,
    uses: &mut Uses,
    errors: &mut Vec<RenderError>,
) -> Vec<Event<'a>> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut pending: Vec<(CowStr<'a>, Option<usize>)> = Vec::new();
    let mut in_code_block = false;
    for event in events {
        match event {
            Event::Text(text) if !in_code_block => {
                let offset = locator.offset_of(&text);
                pending.push((text, offset));
                continue;
            }
            other => {
                flush_text(&mut pending, &mut out, env, locator, uses, errors);
                match &other {
                    Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
                    Event::End(TagEnd::CodeBlock) => in_code_block = false,
                    _ => {}
                }
                out.push(other);
            }
        }
    }
    flush_text(&mut pending, &mut out, env, locator, uses, errors);
    unwrap_figures(out, locator, errors)
}

/// Marks the HTML of a figure until the body is written out (see [`rawhtml::to_html`]).
pub(super) const FIGURE_MARK: &str = "<!--brief:figure-->";

/// Expands the calls in a run of text events, each with its offset in the body if it is
/// borrowed from it (escapes and smart quotes are not).
fn flush_text<'a>(
    pending: &mut Vec<(CowStr<'a>, Option<usize>)>,
    out: &mut Vec<Event<'a>>,
    env: &Env,
    locator: &Locator,
    uses: &mut Uses,
    errors: &mut Vec<RenderError>,
) {
    if pending.is_empty() {
        return;
    }
    if !pending.iter().any(|(t, _)| t.contains("{{")) {
        out.extend(pending.drain(..).map(|(t, _)| Event::Text(t)));
        return;
    }
    let joined: String = pending.iter().map(|(t, _)| t.as_ref()).collect();
    // Where each piece starts in `joined` and in the body: a position in `joined` maps to the
    // body through the last borrowed piece at or before it.
    let mut pieces: Vec<(usize, usize)> = Vec::with_capacity(pending.len());
    let mut start = 0;
    for (text, offset) in pending.drain(..) {
        if let Some(offset) = offset {
            pieces.push((start, offset));
        }
        start += text.len();
    }
    let at = |pos: usize| {
        let i = pieces.partition_point(|(start, _)| *start <= pos);
        let offset = match i.checked_sub(1).map(|i| pieces[i]) {
            Some((start, offset)) => offset + (pos - start),
            None => pieces.first().map_or(0, |p| p.1),
        };
        locator.location(offset)
    };
    for piece in shortcodes::split(&joined) {
        match piece {
            Piece::Text(t) => out.push(Event::Text(CowStr::from(t.to_string()))),
            Piece::Malformed { span, message } => {
                errors.push(RenderError::Shortcode {
                    at: at(span.start),
                    message: format!("malformed shortcode: {message}"),
                });
            }
            Piece::Call(call) => match shortcodes::evaluate(env, &call, uses) {
                Ok(Output::Inline(html)) => out.push(Event::InlineHtml(CowStr::from(html))),
                Ok(Output::Chart(mut html)) => {
                    // In place: the figure's buffer has room, and a figure is most of a page.
                    html.insert_str(0, FIGURE_MARK);
                    out.push(Event::Html(CowStr::from(html)))
                }
                Err(message) => errors.push(RenderError::Shortcode { at: at(call.span.start), message }),
            },
        }
    }
}

/// Turns `<p>` + figure + `</p>` into the figure alone; a figure inside text is an error.
fn unwrap_figures<'a>(mut events: Vec<Event<'a>>, locator: &Locator, errors: &mut Vec<RenderError>) -> Vec<Event<'a>> {
    let is_figure = |e: &Event| matches!(e, Event::Html(h) if h.starts_with(FIGURE_MARK));
    if !events.iter().any(is_figure) {
        return events;
    }
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut last_offset = 0;
    let mut i = 0;
    while i < events.len() {
        if let Some(offset) = locator.offset_of_event(&events[i]) {
            last_offset = offset;
        }
        if let Event::Start(Tag::Paragraph) = events[i] {
            let close = events[i..].iter().position(|e| matches!(e, Event::End(TagEnd::Paragraph))).map(|p| i + p);
            if let Some(close) = close {
                let inner = &events[i + 1..close];
                let blank =
                    |e: &Event| matches!(e, Event::Text(t) if t.trim().is_empty()) || matches!(e, Event::SoftBreak);
                let figures = inner.iter().filter(|e| is_figure(e)).count();
                if figures == 1 && inner.iter().all(|e| is_figure(e) || blank(e)) {
                    if let Some(at) = inner.iter().position(is_figure) {
                        out.push(take(&mut events, i + 1 + at));
                    }
                    i = close + 1;
                    continue;
                }
                if figures > 0 {
                    let offset = inner.iter().find_map(|e| locator.offset_of_event(e)).unwrap_or(last_offset);
                    errors.push(RenderError::Shortcode {
                        at: locator.location(offset),
                        message: "chart(...) must stand alone in its paragraph: put blank lines around it".into(),
                    });
                }
            }
        }
        out.push(take(&mut events, i));
        i += 1;
    }
    out
}

/// Moves event `i` out of `events` (leaving a cheap stand-in), for passes that read ahead
/// but never back: cloning would copy owned text, such as a figure's whole HTML.
fn take<'a>(events: &mut [Event<'a>], i: usize) -> Event<'a> {
    std::mem::replace(&mut events[i], Event::SoftBreak)
}

/// Rebases links so they work under the base path from any page (and in 404.html), resolves
/// links to `.md` files, and refuses URL schemes that could run script.
fn rewrite_links<'a>(
    events: Vec<Event<'a>>,
    env: &BodyEnv,
    locator: &Locator,
    links: &mut Vec<InternalLink>,
    errors: &mut Vec<RenderError>,
) -> Vec<Event<'a>> {
    let source = locator.source;
    // Where each event is: its own text if borrowed from the body, else (a URL whose entities the
    // parser decoded) the next borrowed text, such as the link's own text.
    let mut offsets: Vec<Option<usize>> = events.iter().map(|e| locator.offset_of_event(e)).collect();
    let mut next = None;
    for offset in offsets.iter_mut().rev() {
        next = offset.or(next);
        *offset = next;
    }
    let mut last_offset = 0;
    events
        .into_iter()
        .zip(offsets)
        .map(|(event, offset)| {
            if let Some(offset) = offset {
                last_offset = offset;
            }
            // Computed only for links, where a message may need it.
            let at = || locator.location(last_offset);
            match event {
                Event::Start(Tag::Link { link_type, dest_url, title, id }) if link_type != LinkType::Email => {
                    match rebase(env, source, &dest_url) {
                        Ok(Target::Internal { href, site_path, fragment }) => {
                            links.push(InternalLink { site_path, fragment, at: at() });
                            Event::Start(Tag::Link { link_type, dest_url: href.into(), title, id })
                        }
                        Ok(Target::External) => Event::Start(Tag::Link { link_type, dest_url, title, id }),
                        Err(message) => {
                            errors.push(RenderError::Link { at: at(), message });
                            Event::Start(Tag::Link { link_type, dest_url: "#".into(), title, id })
                        }
                    }
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => match rebase(env, source, &dest_url) {
                    Ok(Target::Internal { href, .. }) => {
                        Event::Start(Tag::Image { link_type, dest_url: href.into(), title, id })
                    }
                    Ok(Target::External) => Event::Start(Tag::Image { link_type, dest_url, title, id }),
                    Err(message) => {
                        errors.push(RenderError::Link { at: at(), message });
                        Event::Start(Tag::Image { link_type, dest_url: "".into(), title, id })
                    }
                },
                other => other,
            }
        })
        .collect()
}

enum Target {
    Internal { href: String, site_path: String, fragment: Option<String> },
    External,
}

fn rebase(env: &BodyEnv, source: &SourcePage, dest: &str) -> Result<Target, String> {
    let dest = dest.trim();
    if let Some(scheme) = scheme_of(dest) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" | "mailto" | "tel" | "ftp" => Ok(Target::External),
            other => Err(format!("links with `{other}:` URLs are not allowed (only http, https, mailto, tel, ftp)")),
        };
    }
    if dest.starts_with("//") {
        return Ok(Target::External);
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let site_path = if path.is_empty() {
        env.page.site_path.clone()
    } else if path.ends_with(".md") {
        markdown_target(env, source, path)?
    } else {
        resolve_path(&env.page.site_path, path)?
    };
    let base = &env.site.config.base_url;
    let href = match &fragment {
        Some(f) => format!("{}#{f}", base.href(&site_path)),
        None => base.href(&site_path),
    };
    Ok(Target::Internal { href, site_path, fragment })
}

fn scheme_of(dest: &str) -> Option<&str> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let valid = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // `/a:b` or `a/b:c` are paths, not schemes.
    valid.then_some(scheme)
}

/// Resolves a path written in a page (root-relative or relative to the page's URL) to a path
/// relative to the site root. Paths that climb above the site root are errors.
fn resolve_path(page_path: &str, path: &str) -> Result<String, String> {
    let mut parts: Vec<&str> =
        if path.starts_with('/') { Vec::new() } else { page_path.split('/').filter(|s| !s.is_empty()).collect() };
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..") || path == "." || path == "..";
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("the link `{path}` points above the site root; remove a `../`"));
                }
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if trailing && !joined.is_empty() {
        joined.push('/');
    }
    Ok(joined)
}

/// `talent.md`, `../zh/talent.md` or `/zh/talent.md` → the URL of that page.
fn markdown_target(env: &BodyEnv, source: &SourcePage, path: &str) -> Result<String, String> {
    let folder = match source.rel.rsplit_once('/') {
        Some((folder, _)) => format!("{}/{folder}/", source.lang),
        None => format!("{}/", source.lang),
    };
    let target = resolve_path(&folder, path)?;
    let (lang, rel) = target.split_once('/').ok_or_else(|| format!("the link `{path}` does not name a page"))?;
    let page = crate::lang::Lang::parse(lang).and_then(|l| env.site.page_at(&l, rel));
    match page {
        Some(p) => Ok(p.site_path.clone()),
        None => Err(format!("the link `{path}` names content/{target}, which does not exist")),
    }
}

/// Gives every heading an id (its own `{#id}`, or a slug of its text), unique in the page, and
/// collects the h2/h3 entries of the table of contents.
fn heading_ids<'a>(mut events: Vec<Event<'a>>, anchors: &mut Vec<String>) -> (Vec<Event<'a>>, Vec<TocEntry>) {
    let mut toc = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    // The next suffix to try for each base: many headings with one title stay linear.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, classes, attrs }) = &events[i] {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let title: String = events[i + 1..end].iter().map(plain_text).collect();
            let base = match id {
                Some(id) => id.to_string(),
                None => slugify(&title),
            };
            let mut unique = base.clone();
            if !used.insert(unique.clone()) {
                let n = next_suffix.entry(base.clone()).or_insert(1);
                loop {
                    unique = format!("{base}-{n}");
                    *n += 1;
                    if used.insert(unique.clone()) {
                        break;
                    }
                }
            }
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                toc.push(TocEntry { level: *level as u8, id: unique.clone(), title: title.trim().to_string() });
            }
            anchors.push(unique.clone());
            out.push(Event::Start(Tag::Heading {
                level: *level,
                id: Some(unique.into()),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
            i += 1;
            continue;
        }
        out.push(take(&mut events, i));
        i += 1;
    }
    (out, toc)
}

/// The text an event shows (for heading slugs and the table of contents).
fn plain_text(event: &Event) -> String {
    match event {
        Event::Text(t) | Event::Code(t) => t.to_string(),
        Event::InlineHtml(h) => strip_tags(h),
        _ => String::new(),
    }
}

/// The text of an HTML fragment, tags removed and the basic entities decoded.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
}

/// Undoes the escaping brief's HTML writers do (`&amp;` last, so `&amp;lt;` stays `&lt;`).
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// A URL fragment for a heading: lowercase, letters and digits of any script kept (Chinese
/// headings keep their characters), everything else folded into single hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '’') {
            gap = true;
        }
    }
    if slug.is_empty() { "section".to_string() } else { slug }
}

/// Wraps every table in a container that scrolls sideways on narrow screens (and can take the
/// keyboard focus, so it can be scrolled without a mouse).
fn scrolling_tables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events.iter().any(|e| matches!(e, Event::Start(Tag::Table(_)))) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    for event in events {
        let closing = matches!(event, Event::End(TagEnd::Table));
        if matches!(event, Event::Start(Tag::Table(_))) {
            out.push(Event::Html(TABLE_OPEN.into()));
        }
        out.push(event);
        if closing {
            out.push(Event::Html("</div>\n".into()));
        }
    }
    out
}

/// The container of every table (Markdown's and charts' data tables).
pub const TABLE_OPEN: &str = "<div class=\"table-scroll\" tabindex=\"0\">";

/// Moves footnote definitions to a numbered list at the end, with links both ways. Ids are
/// prefixed (`fn-1`, `fnref-1`) so they cannot collide with heading ids.
fn footnotes<'a>(events: Vec<Event<'a>>, labels: (&str, &str), anchors: &mut Vec<String>) -> Vec<Event<'a>> {
    let (heading, back_label) = labels;
    let (defined, referred) = events.iter().fold((0, false), |(defined, referred), e| match e {
        Event::Start(Tag::FootnoteDefinition(_)) => (defined + 1, referred),
        Event::FootnoteReference(_) => (defined, true),
        _ => (defined, referred),
    });
    if defined == 0 && !referred {
        return events;
    }
    let mut definitions: BTreeMap<String, Vec<Event<'a>>> = BTreeMap::new();
    // Room for the section as well: each definition's two tags come back as three (`<li>`,
    // the back link, `</li>`), plus the section's opening and closing. Growing a page's
    // events afterwards would copy them all.
    let mut body = Vec::with_capacity(events.len() + defined + 2);
    let mut current: Option<(String, Vec<Event<'a>>)> = None;
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => current = Some((label.to_string(), Vec::new())),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, content)) = current.take() {
                    definitions.entry(label).or_insert(content);
                }
            }
            other => match &mut current {
                Some((_, content)) => content.push(other),
                None => body.push(other),
            },
        }
    }
    let mut order: Vec<String> = Vec::new();
    // Each label's number (its place in `order`, from 1).
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut seen_count: BTreeMap<String, usize> = BTreeMap::new();
    let body: Vec<Event> = body
        .into_iter()
        .map(|event| match event {
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let n = *numbers.entry(label.clone()).or_insert_with(|| {
                    order.push(label.clone());
                    order.len()
                });
                let count = seen_count.entry(label).or_insert(0);
                *count += 1;
                let id = if *count == 1 { format!("fnref-{n}") } else { format!("fnref-{n}-{count}") };
                anchors.push(id.clone());
                Event::InlineHtml(
                    format!("<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\">{n}</a></sup>").into(),
                )
            }
            other => other,
        })
        .collect();
    let mut out = body;
    // Definitions nobody refers to are still shown, after the referenced ones.
    for label in definitions.keys() {
        if !numbers.contains_key(label) {
            order.push(label.clone());
        }
    }
    anchors.push("footnotes-title".into());
    out.push(Event::Html(
        format!(
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"footnotes-title\">\n<h2 id=\"footnotes-title\">{}</h2>\n<ol>\n",
            shortcodes::escape(heading)
        )
        .into(),
    ));
    for (i, label) in order.iter().enumerate() {
        let n = i + 1;
        anchors.push(format!("fn-{n}"));
        out.push(Event::Html(format!("<li id=\"fn-{n}\">").into()));
        let mut content = definitions.remove(label).unwrap_or_default();
        let back = format!(
            " <a href=\"#fnref-{n}\" class=\"footnote-back\" aria-label=\"{}\">↩</a>",
            shortcodes::escape(back_label)
        );
        match content.iter().rposition(|e| matches!(e, Event::End(TagEnd::Paragraph))) {
            Some(pos) if seen_count.contains_key(label) => content.insert(pos, Event::InlineHtml(back.into())),
            _ => {}
        }
        out.extend(content);
        out.push(Event::Html("</li>\n".into()));
    }
    out.push(Event::Html("</ol>\n</section>\n".into()));
    out
}

/// Counts what a reader reads: Chinese (and Japanese, Korean) characters one by one, other
/// text by words.
pub fn count_text(text: &str) -> (usize, usize) {
    let mut cjk = 0;
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        // ASCII first: most characters of most pages are, and the Unicode tables are not needed.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                words += usize::from(!in_word);
                in_word = true;
            } else {
                in_word = false;
            }
        } else if is_cjk(c) {
            cjk += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    (cjk, words)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // kana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0x20000..=0x2FA1F) // extensions B–F
}

/// Minutes to read: about 400 Chinese characters or 220 English words a minute, at least one.
pub fn reading_minutes(text: &str) -> usize {
    let (cjk, words) = count_text(text);
    let minutes = cjk as f64 / 400.0 + words as f64 / 220.0;
    (minutes.ceil() as usize).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_chinese_and_fold_punctuation() {
        assert_eq!(slugify("Key findings"), "key-findings");
        assert_eq!(slugify("主要发现（续1）"), "主要发现-续1");
        assert_eq!(slugify("Don't panic: it's fine!"), "dont-panic-its-fine");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn paths_resolve_against_the_page() {
        assert_eq!(resolve_path("zh/a/", "../b/").unwrap(), "zh/b/");
        assert_eq!(resolve_path("zh/a/", "/en/a/").unwrap(), "en/a/");
        assert_eq!(resolve_path("zh/a/", "img.png").unwrap(), "zh/a/img.png");
        assert!(resolve_path("zh/a/", "../../../etc/passwd").is_err());
    }

    #[test]
    fn schemes() {
        assert_eq!(scheme_of("javascript:alert(1)"), Some("javascript"));
        assert_eq!(scheme_of("/a:b"), None);
        assert_eq!(scheme_of("https://x"), Some("https"));
    }

    #[test]
    fn chinese_is_counted_by_characters() {
        assert_eq!(count_text("中美AI人才竞争 is fierce"), (6, 3));
        assert_eq!(reading_minutes(&"字".repeat(800)), 2);
        assert_eq!(reading_minutes(&"word ".repeat(230)), 2);
        assert_eq!(reading_minutes(""), 1);
    }
}
