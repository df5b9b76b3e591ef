//! Live reload: the script `serve` adds to every HTML page it sends, the error overlay, and
//! the hub that tells open pages (server-sent events) to reload or to show a build error.
//!
//! Only `serve` uses this; `build` never puts a script in a page.

use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, Sender};

use crate::render::shortcodes::escape;

/// The URL pages listen to for events.
pub const EVENTS_PATH: &str = "/__brief/events";

/// What open pages are told.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The site changed: reload.
    Reload,
    /// The last edit broke the build: show this message (the previous site is still served).
    Failed(String),
}

impl Event {
    /// The event in the text/event-stream format.
    pub fn to_sse(&self) -> String {
        match self {
            Event::Reload => "event: reload\ndata: reload\n\n".to_string(),
            Event::Failed(message) => {
                let data: String = message.lines().map(|l| format!("data: {l}\n")).collect();
                format!("event: failed\n{data}\n")
            }
        }
    }
}

/// The open pages' event streams.
#[derive(Default)]
pub struct Hub {
    subscribers: Mutex<Vec<Sender<Event>>>,
}

impl Hub {
    pub fn subscribe(&self) -> Receiver<Event> {
        let (tx, rx) = mpsc::channel();
        self.subscribers.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
        rx
    }

    /// Sends to every open page; pages that went away are dropped.
    pub fn send(&self, event: &Event) {
        self.subscribers.lock().unwrap_or_else(|e| e.into_inner()).retain(|tx| tx.send(event.clone()).is_ok());
    }
}

/// Adds the live-reload script (and, while the build is broken, the error overlay) before
/// `</body>`.
pub fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let snippet = snippet(error);
    let text = String::from_utf8_lossy(html);
    let out = match text.rfind("</body>") {
        Some(pos) => format!("{}{snippet}{}", &text[..pos], &text[pos..]),
        None => format!("{text}{snippet}"),
    };
    out.into_bytes()
}

/// A page shown when the site could not be built at all.
pub fn error_page(message: &str) -> Vec<u8> {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>brief: build error</title></head><body>{}</body></html>",
        snippet(Some(message))
    )
    .into_bytes()
}

fn snippet(error: Option<&str>) -> String {
    let overlay = match error {
        Some(message) => {
            format!("<div id=\"brief-error\" role=\"alert\" style=\"{OVERLAY_STYLE}\">{}</div>", overlay_body(message))
        }
        None => String::new(),
    };
    format!("{overlay}<script>{SCRIPT}</script>")
}

// The overlay's look and heading, shared by the overlay a page is served with and the one the
// script makes when a build fails while the page is open.
macro_rules! overlay_style {
    () => {
        "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:50vh;overflow:auto;\
         margin:0;padding:1em 1.25em;background:#2b0b0e;color:#ffe8e8;border-top:4px solid #e5484d;\
         font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace"
    };
}
macro_rules! overlay_heading {
    () => {
        "brief: the last edit does not build; the page shows the last good version."
    };
}

fn overlay_body(message: &str) -> String {
    format!(
        concat!(
            "<strong style=\"display:block;margin-bottom:.5em\">",
            overlay_heading!(),
            "</strong><pre style=\"white-space:pre-wrap;margin:0;font:inherit\">{}</pre>"
        ),
        escape(message)
    )
}

const OVERLAY_STYLE: &str = overlay_style!();

/// Listens for events: reloads on `reload`, shows or updates the overlay on `failed`. Text
/// goes in with textContent, so a message cannot inject markup.
const SCRIPT: &str = concat!(
    r#"(function(){
var es=new EventSource("/__brief/events");
es.addEventListener("reload",function(){location.reload();});
es.addEventListener("failed",function(e){
var box=document.getElementById("brief-error");
if(!box){box=document.createElement("div");box.id="brief-error";box.setAttribute("role","alert");
box.style.cssText=""#,
    overlay_style!(),
    r#"";
document.body.appendChild(box);}
box.textContent=""#,
    overlay_heading!(),
    r#"\n\n"+e.data;
box.style.whiteSpace="pre-wrap";});
})();"#
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_body() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", None)).unwrap();
        assert!(out.contains("<p>x</p><script>"));
        assert!(out.ends_with("</script></body></html>"));
    }

    #[test]
    fn the_overlay_escapes_the_message() {
        let out = String::from_utf8(inject(b"<body></body>", Some("a.md:1: <script>alert(1)</script>"))).unwrap();
        assert!(out.contains("a.md:1: &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!out.contains("<script>alert(1)"));
    }

    #[test]
    fn multi_line_messages_become_multi_line_events() {
        assert_eq!(Event::Failed("a\nb".into()).to_sse(), "event: failed\ndata: a\ndata: b\n\n");
    }
}
