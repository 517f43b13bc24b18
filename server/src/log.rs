//! `POST /__wxweb/log`: the simulator reports each compile error and uncaught error of the
//! mini program (`{type, file, line, column, message, frame, stack}`, `file` relative to
//! the served folder) and it is printed in the terminal of `wxweb serve` (stderr) with the
//! local path (`/abs/folder/pages/index/index.js:12:5`), the message and the code frame,
//! where the developer's editor can open it.
//!
//! The text comes from the page, so control characters (ANSI escape sequences, carriage
//! returns, bidirectional overrides) are stripped from every field before it reaches the
//! terminal; a body is at most [`MAX_BODY`]; at most [`PER_SECOND`] reports a second are
//! printed, then one "N more" line. Like the proxy, only the runtime may call it (the
//! `x-wxweb-api` header, same origin): a form of another site cannot print here. Colours
//! only when stderr is a terminal and `NO_COLOR` is not set.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

use crate::access;
use crate::source::AppSource;

/// The largest report body, in bytes.
pub const MAX_BODY: usize = 64 * 1024;
/// Reports printed at most in one second.
pub const PER_SECOND: u32 = 20;
/// Lines of a frame or a stack printed at most.
const MAX_LINES: usize = 24;

/// Where reports are printed, and how.
pub struct ErrorLog {
    out: Mutex<Box<dyn Write + Send>>,
    color: bool,
    /// The served folder on disk, `None` for the bundled demo.
    folder: Option<PathBuf>,
    rate: Mutex<Rate>,
}

/// The current one-second window of the rate limit.
struct Rate {
    start: Option<Instant>,
    shown: u32,
    /// Reports held back and not yet counted in an "N more" line.
    held: u32,
    /// A timer will print the "N more" line.
    timer: bool,
}

/// A report, as the simulator sends it (`wxweb:error`'s detail).
#[derive(Deserialize, Default)]
#[serde(default)]
struct ErrorDetail {
    #[serde(rename = "type")]
    kind: Option<String>,
    file: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    message: Option<String>,
    frame: Option<String>,
    stack: Option<String>,
}

impl ErrorLog {
    /// Prints to `out`, in colour if `color`, paths under `folder`.
    pub fn new(out: Box<dyn Write + Send>, color: bool, folder: Option<PathBuf>) -> ErrorLog {
        let rate = Mutex::new(Rate { start: None, shown: 0, held: 0, timer: false });
        ErrorLog { out: Mutex::new(out), color, folder, rate }
    }

    /// Prints to stderr, in colour if it is a terminal and `NO_COLOR` is unset or empty.
    pub fn stderr(app: &AppSource) -> ErrorLog {
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
        let folder = match app {
            AppSource::Folder(root) => Some(root.path().to_path_buf()),
            AppSource::BundledDemo => None,
        };
        ErrorLog::new(Box::new(std::io::stderr()), color, folder)
    }

    fn write(&self, text: &str) {
        let mut out = self.out.lock().unwrap_or_else(PoisonError::into_inner);
        // Nobody reading the terminal is no reason to fail the request.
        let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    }

    /// Whether a report may be printed now; the first one held in a second starts the
    /// timer that prints how many were.
    fn admit(self: &Arc<Self>) -> bool {
        let now = Instant::now();
        let mut rate = self.rate.lock().unwrap_or_else(PoisonError::into_inner);
        let start = match rate.start {
            Some(start) if now.duration_since(start) < Duration::from_secs(1) => start,
            _ => {
                // What the last window held is still the timer's to print.
                (rate.start, rate.shown) = (Some(now), 0);
                now
            }
        };
        if rate.shown < PER_SECOND {
            rate.shown += 1;
            return true;
        }
        rate.held += 1;
        if !rate.timer {
            rate.timer = true;
            let log = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep_until((start + Duration::from_secs(1)).into()).await;
                let held = {
                    let mut rate = log.rate.lock().unwrap_or_else(PoisonError::into_inner);
                    rate.timer = false;
                    std::mem::take(&mut rate.held)
                };
                let s = if held == 1 { "" } else { "s" };
                log.write(&format!(
                    "{}\n",
                    log.paint(
                        "2",
                        &format!(
                            "wxweb: {held} more error{s} not shown (at most {PER_SECOND} a second)"
                        )
                    )
                ));
            });
        }
        false
    }

    /// `text` in the SGR colour `code` when colours are on.
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// The report as printed: a line with the kind and the place, the message, then the
    /// frame (or, without one, the stack), indented.
    fn format(&self, detail: &ErrorDetail) -> String {
        let line_of = |text: &Option<String>| text.as_deref().map(|text| clean(text, false));
        let kind = match line_of(&detail.kind).as_deref() {
            Some("compile") => "compile error",
            _ => "error",
        };
        let mut place = line_of(&detail.file).map(|file| self.local_path(&file));
        if let Some(place) = &mut place {
            for number in [detail.line, detail.column].into_iter().map_while(|n| n) {
                let _ = write!(place, ":{number}");
            }
        }
        let mut text = self.paint("1;31", &format!("wxweb: {kind}"));
        if let Some(place) = place {
            let _ = write!(text, " in {}", self.paint("36", &place));
        }
        text.push('\n');
        let message = detail.message.as_deref().map(|message| clean(message, true));
        for line in message.as_deref().unwrap_or("(no message)").lines().take(MAX_LINES) {
            let _ = writeln!(text, "  {}", self.paint("1", line));
        }
        let more =
            detail.frame.as_deref().or(detail.stack.as_deref()).map(|more| clean(more, true));
        for line in more.as_deref().unwrap_or_default().lines().take(MAX_LINES) {
            // The frame's offending line and its caret stand out.
            let marked = line.trim_start().starts_with('>')
                || line.split_once('|').is_some_and(|(_, rest)| rest.trim() == "^");
            let _ = match marked {
                true => writeln!(text, "  {}", self.paint("1;31", line)),
                false => writeln!(text, "  {line}"),
            };
        }
        text
    }

    /// `file` (relative to the served folder) as a path on this machine, when it is a
    /// plain relative path; as given otherwise.
    fn local_path(&self, file: &str) -> String {
        let plain = !file.starts_with('/')
            && !file.contains('\\')
            && file.split('/').all(|segment| segment != ".." && !segment.contains(':'));
        match &self.folder {
            Some(folder) if plain => folder.join(file).display().to_string(),
            _ => file.to_owned(),
        }
    }
}

/// `text` without control characters: escape sequences (CSI, OSC, …) are dropped whole,
/// as are carriage returns and bidirectional controls; newlines (and tabs) are kept in
/// `multiline` text, else made spaces.
pub fn clean(text: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' if multiline => out.push(c),
            '\n' | '\t' => out.push(' '),
            '\x1b' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&mut chars),
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\u{200e}'
            | '\u{200f}'
            | '\u{061c}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => {}
            _ if c.is_control() => {}
            _ => out.push(c),
        }
    }
    out
}

/// Skips a control sequence's parameters up to its final byte (`@` to `~`).
fn skip_csi(chars: &mut impl Iterator<Item = char>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// Skips a control string (OSC, DCS, …) up to its terminator: BEL, ST or `ESC \`.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\x07' | '\u{9c}' => break,
            '\x1b' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// The route, printing to `log`.
pub fn router(log: Arc<ErrorLog>) -> Router {
    Router::new()
        .route(
            "/__wxweb/log",
            post(report)
                .layer(DefaultBodyLimit::max(MAX_BODY))
                .layer(middleware::from_fn(runtime_only)),
        )
        .with_state(log)
}

/// Other sites, navigations and requests without `x-wxweb-api` are refused.
async fn runtime_only(request: Request, next: Next) -> Response {
    match access::not_from_the_runtime(request.headers()) {
        Some(why) => (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("wxweb: {why}\n"),
        )
            .into_response(),
        None => next.run(request).await,
    }
}

async fn report(State(log): State<Arc<ErrorLog>>, Json(detail): Json<ErrorDetail>) -> StatusCode {
    if log.admit() {
        log.write(&log.format(&detail));
    }
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_stripped() {
        assert_eq!(clean("\x1b[31mred\x1b[0m", false), "red");
        assert_eq!(clean("a\x1b]0;title\x07b", false), "ab");
        assert_eq!(clean("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", false), "alinkb");
        assert_eq!(clean("a\rb\x08c\u{202e}d\u{9b}2Je", false), "abcde");
        assert_eq!(clean("one\ntwo\tthree", false), "one two three");
        assert_eq!(clean("one\ntwo\tthree", true), "one\ntwo\tthree");
        assert_eq!(clean("中文 ok", true), "中文 ok");
    }

    #[test]
    fn paths_are_local_only_when_plain() {
        let log = ErrorLog::new(Box::new(std::io::sink()), false, Some(PathBuf::from("/f")));
        assert_eq!(log.local_path("pages/a.js"), "/f/pages/a.js");
        assert_eq!(log.local_path("../x.js"), "../x.js");
        assert_eq!(log.local_path("/etc/passwd"), "/etc/passwd");
        assert_eq!(log.local_path("C:/x.js"), "C:/x.js");
    }
}
