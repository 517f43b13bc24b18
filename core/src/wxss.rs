//! WXSS to CSS: `rpx` lengths become CSS that scales with the window (`--wx-rpx` is
//! 1/750 of its width, set by the runtime) and `vw`/`vh`/`vmin`/`vmax` the window's
//! container units (`cqw`/`cqh`/`cqmin`/`cqmax`: the phone's window, not the browser's),
//! `@import`s are listed for the caller to inline, component type selectors name the
//! rendered elements (`view` → `wx-view`), and `page` names the page's root. A page's own
//! sheet is scoped to its root, so its rules never reach another page. Comments are
//! dropped; strings, `url()`s, keyframe selectors and `@font-face` are kept as written.
//! Arguments of functional pseudo-classes (`:not(view)`) are deliberately left alone.
//! An error loses only what it must, as in a CSS parser: the bad rule is skipped (a stray
//! `}`, a block without selector), an unclosed block or string ends where CSS ends it,
//! and a missing `;` after `@import` loses nothing; each is reported with its line. Pure code.

use std::fmt;

/// A compiled style sheet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    pub css: String,
    /// `@import` paths, in order, as written.
    pub imports: Vec<String>,
    /// What was wrong in the source, and recovered from.
    pub warnings: Vec<WxssError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WxssError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for WxssError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Compiles `source`. `scope` is the selector of the page root a page's sheet is kept
/// to (`wx-page[data-route="pages/a/a"]`); `None` for app.wxss, whose `page` is any
/// page's root. Problems are in the sheet's `warnings`; what is valid is kept.
pub fn compile(source: &str, scope: Option<&str>) -> Sheet {
    let mut compiler = Compiler { src: source, pos: 0, scope, sheet: Sheet::default() };
    compiler.sheet.css = compiler.rules(0);
    compiler.sheet
}

/// The text of a `style` attribute with its rpx and viewport lengths converted.
pub fn inline_style(text: &str) -> String {
    convert_units(text)
}

/// How an `N rpx` length is written in CSS. A non-zero length never shows thinner than
/// 1px, as in WeChat (a `1rpx` hairline stays visible on narrow screens).
fn rpx(n: f64) -> String {
    let number = crate::value::number_to_string(n);
    if n == 0.0 {
        "0px".into()
    } else if n > 0.0 && n < 4.0 {
        format!("max(1px, calc({number} * var(--wx-rpx)))")
    } else if n < 0.0 && n > -4.0 {
        format!("min(-1px, calc({number} * var(--wx-rpx)))")
    } else {
        format!("calc({number} * var(--wx-rpx))")
    }
}

const MAX_DEPTH: usize = 32;

struct Compiler<'a> {
    src: &'a str,
    pos: usize,
    scope: Option<&'a str>,
    sheet: Sheet,
}

impl<'a> Compiler<'a> {
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or_default()
    }

    /// Where `pos` is, as a problem with `message`.
    fn error_at(&self, pos: usize, message: &str) -> WxssError {
        let before = self.src.get(..pos).unwrap_or(self.src);
        let line = before.matches('\n').count() as u32 + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.encode_utf16().count()) as u32 + 1;
        WxssError { message: message.to_owned(), line, column }
    }

    fn warn_at(&mut self, pos: usize, message: &str) {
        let warning = self.error_at(pos, message);
        self.sheet.warnings.push(warning);
    }

    fn warn(&mut self, message: &str) {
        self.warn_at(self.pos, message);
    }

    /// Rules until the `}` closing the block (left unread) or the end; at the top level,
    /// a stray `}` is reported and skipped.
    fn rules(&mut self, depth: usize) -> String {
        let mut out = String::new();
        loop {
            let skipped = self.rest().len() - self.rest().trim_start().len();
            self.pos += skipped;
            let start = self.pos;
            let (prelude, end) = self.prelude();
            let prelude = prelude.trim();
            match end {
                Some('}') if depth == 0 => {
                    // A stray `}`: CSS drops it, and the text before it, as one bad rule.
                    self.warn("unexpected }");
                    self.pos += 1;
                }
                None | Some('}') if prelude.is_empty() => return out,
                None | Some('}') => {
                    self.warn("expected { after a selector");
                    return out;
                }
                Some(';') => {
                    if strip_at(prelude, "import").is_some() {
                        self.imports(prelude, start, false);
                    } else if !prelude.is_empty() {
                        out.push_str(prelude);
                        out.push_str(";\n");
                    }
                }
                _ if prelude.is_empty() => {
                    self.warn_at(start, "expected a selector before {");
                    self.block();
                }
                _ => {
                    let prelude = self.imports(prelude, start, true);
                    let at = prelude.starts_with('@');
                    if at
                        && (strip_at(prelude, "media").is_some()
                            || strip_at(prelude, "supports").is_some())
                    {
                        if depth >= MAX_DEPTH {
                            self.warn_at(start, "blocks nested too deeply");
                            self.block();
                            continue;
                        }
                        let inner = self.rules(depth + 1);
                        self.close();
                        out.push_str(&format!("{prelude}{{\n{inner}}}\n"));
                    } else if !prelude.is_empty() {
                        let body = self.block();
                        let head = if at { prelude.to_owned() } else { self.selectors(prelude) };
                        out.push_str(&format!("{head}{{{}}}\n", convert_units(&body)));
                    }
                }
            }
        }
    }

    /// Takes the `@import`s at the start of `prelude` (read from `start`), returning what
    /// follows them. Before a block (`block`), what follows is the rule the `;` was missing
    /// before; before a `;`, it is a media list, ignored unless it is another `@import`.
    fn imports<'p>(&mut self, prelude: &'p str, start: usize, block: bool) -> &'p str {
        let mut rest = prelude;
        while let Some(after) = strip_at(rest, "import") {
            let (path, tail) = import_path(after);
            self.sheet.imports.push(path);
            let tail = tail.trim();
            let next_import = strip_at(tail, "import").is_some();
            if next_import || (block && !tail.is_empty()) {
                // Where this `@import` starts (exact unless comments came before it).
                let offset = prelude.len() - rest.len();
                self.warn_at((start + offset).min(self.pos), "missing ; after @import");
            }
            rest = if next_import || block { tail } else { "" };
        }
        rest
    }

    /// Reads up to `{`, `;` or `}` (consumed except `}`), skipping comments and strings.
    fn prelude(&mut self) -> (String, Option<char>) {
        let mut out = String::new();
        while let Some(c) = self.rest().chars().next() {
            match c {
                '{' | ';' => {
                    self.pos += 1;
                    return (out, Some(c));
                }
                '}' => return (out, Some('}')),
                _ => self.token(&mut out),
            }
        }
        (out, None)
    }

    /// A declaration block's text up to its `}` (consumed); at the end of the source, the
    /// block ends there, as in CSS.
    fn block(&mut self) -> String {
        let mut out = String::new();
        let mut depth = 0;
        while let Some(c) = self.rest().chars().next() {
            match c {
                '{' => {
                    depth += 1;
                    out.push(c);
                    self.pos += 1;
                }
                '}' if depth == 0 => {
                    self.pos += 1;
                    return out;
                }
                '}' => {
                    depth -= 1;
                    out.push(c);
                    self.pos += 1;
                }
                _ => self.token(&mut out),
            }
        }
        self.warn("missing }");
        for _ in 0..depth {
            out.push('}');
        }
        out
    }

    fn close(&mut self) {
        if self.rest().starts_with('}') {
            self.pos += 1;
        } else {
            self.warn("missing }");
        }
    }

    /// Copies one character, string or comment (comments are dropped) into `out`. An
    /// unclosed comment runs to the end, an unclosed string to the end of its line (CSS's
    /// bad string, which drops its declaration).
    fn token(&mut self, out: &mut String) {
        let rest = self.rest();
        if let Some(comment) = rest.strip_prefix("/*") {
            let Some(end) = comment.find("*/") else {
                self.warn("unterminated comment");
                self.pos = self.src.len();
                return;
            };
            self.pos += end + 4;
            // A comment separates tokens but is no whitespace: `view/**/.a` is `view.a`.
            let next = self.rest().chars().next();
            if out.chars().next_back().is_some_and(is_name_char) && next.is_some_and(is_name_char) {
                out.push(' ');
            }
            return;
        }
        let Some(c) = rest.chars().next() else { return };
        if c == '"' || c == '\'' {
            let len = match string_len(rest) {
                Some(len) => len,
                None => {
                    self.warn("unterminated string");
                    rest.find('\n').unwrap_or(rest.len())
                }
            };
            out.push_str(rest.get(..len).unwrap_or_default());
            self.pos += len;
        } else {
            out.push(c);
            self.pos += c.len_utf8();
        }
    }

    /// Rewrites a selector list: component types, `page`, and the page's scope.
    fn selectors(&self, list: &str) -> String {
        split_top(list, ',')
            .iter()
            .map(|selector| {
                let (rewritten, starts_with_page) =
                    rewrite(selector.trim(), self.scope.unwrap_or("wx-page"));
                match self.scope {
                    Some(scope) if !starts_with_page => format!("{scope} {rewritten}"),
                    _ => rewritten,
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `@name rest` → `rest`, for at-rule `name`.
fn strip_at<'a>(prelude: &'a str, name: &str) -> Option<&'a str> {
    let rest = prelude.strip_prefix('@')?.strip_prefix(name)?;
    (rest.is_empty()
        || rest.starts_with(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '('))
    .then_some(rest)
}

/// `"a.wxss"`, `'a.wxss'` or `url("a.wxss")` → `a.wxss`, and the text after it (a media
/// list, or what a missing `;` ran into).
fn import_path(rest: &str) -> (String, &str) {
    let rest = rest.trim_start();
    let (url, rest) = match rest.get(..4) {
        Some(head) if head.eq_ignore_ascii_case("url(") => {
            (true, rest.get(4..).unwrap_or_default().trim_start())
        }
        _ => (false, rest),
    };
    let after_url = |tail: &'_ str| -> usize {
        if url {
            tail.find(')').map_or(tail.len(), |e| e + 1)
        } else {
            0
        }
    };
    if let Some(len) = string_len(rest).filter(|_| rest.starts_with(['"', '\''])) {
        let tail = rest.get(len..).unwrap_or_default();
        let path = rest.get(1..len - 1).unwrap_or_default().to_owned();
        return (path, tail.get(after_url(tail)..).unwrap_or_default());
    }
    let end =
        rest.find(|c: char| if url { c == ')' } else { c.is_whitespace() }).unwrap_or(rest.len());
    let path = rest.get(..end).unwrap_or_default().trim().to_owned();
    let tail = rest.get(end..).unwrap_or_default();
    (path, tail.get(after_url(tail)..).unwrap_or_default())
}

/// A character that may continue a CSS identifier or number.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || !c.is_ascii()
}

/// The byte length of the string literal at the start of `text`, quotes included.
fn string_len(text: &str) -> Option<usize> {
    let quote = text.chars().next()?;
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '\n' => return None,
            c if c == quote => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Splits at `sep` outside strings, brackets and parentheses.
fn split_top(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start, mut skip_to) = (0i32, 0, 0);
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        match c {
            '"' | '\'' => {
                skip_to = i + text.get(i..).and_then(string_len).unwrap_or(text.len() - i)
            }
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            c if c == sep && depth == 0 => {
                parts.push(text.get(start..i).unwrap_or_default());
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(text.get(start..).unwrap_or_default());
    parts
}

/// Rewrites the type selectors of one complex selector; also says whether it begins
/// with `page` (then already scoped). `:not(view)` and other arguments are left alone.
fn rewrite(selector: &str, page: &str) -> (String, bool) {
    let mut out = String::with_capacity(selector.len() + 8);
    let mut starts_with_page = false;
    let mut at_compound_start = true;
    let mut chars = selector.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if at_compound_start && (c.is_ascii_alphabetic() || c == '_') {
            let end = selector
                .get(i..)
                .unwrap_or_default()
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .map_or(selector.len(), |e| e + i);
            let name = selector.get(i..end).unwrap_or_default();
            if name == "page" {
                starts_with_page |= out.trim().is_empty();
                out.push_str(page);
            } else if matches!(name, "html" | "body") || name.starts_with("wx-") {
                out.push_str(name);
            } else {
                out.push_str("wx-");
                out.push_str(name);
            }
            while chars.peek().is_some_and(|(j, _)| *j < end) {
                chars.next();
            }
            at_compound_start = false;
            continue;
        }
        match c {
            '[' | '(' => {
                // Copied as written up to the matching bracket, strings included.
                let mut depth = 0usize;
                let mut end = selector.len();
                let mut skip_to = 0;
                for (j, inner) in
                    selector.get(i..).unwrap_or_default().char_indices().map(|(j, ch)| (j + i, ch))
                {
                    if j < skip_to {
                        continue;
                    }
                    match inner {
                        '"' | '\'' => {
                            skip_to = j + selector
                                .get(j..)
                                .and_then(string_len)
                                .unwrap_or(selector.len() - j)
                        }
                        '[' | '(' => depth += 1,
                        ']' | ')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                end = j + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                out.push_str(selector.get(i..end).unwrap_or_default());
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
                at_compound_start = false;
            }
            c if c.is_whitespace() || c == '>' || c == '+' || c == '~' => {
                out.push(c);
                at_compound_start = true;
            }
            _ => {
                out.push(c);
                at_compound_start = false;
            }
        }
    }
    (out, starts_with_page)
}

/// The byte length of the `url(…)` at the start of `text`, a quoted argument included.
fn url_len(text: &str) -> usize {
    let inner = text.get(4..).unwrap_or_default();
    let arg = inner.trim_start();
    let after_string = match arg.chars().next() {
        Some('"' | '\'') => string_len(arg).map_or(0, |len| len + inner.len() - arg.len()),
        _ => 0,
    };
    inner
        .get(after_string..)
        .and_then(|tail| tail.find(')'))
        .map_or(text.len(), |e| 4 + after_string + e + 1)
}

/// The units rewritten: `rpx` (to [`rpx`]'s CSS), and the browser's viewport units, which
/// become the phone window's container units (the runtime makes the window a container).
const UNITS: [(&str, Option<&str>); 5] = [
    ("rpx", None),
    ("vmin", Some("cqmin")),
    ("vmax", Some("cqmax")),
    ("vw", Some("cqw")),
    ("vh", Some("cqh")),
];

/// Converts every `Nrpx`, `Nvw`, `Nvh`, `Nvmin` and `Nvmax` outside strings and `url()`.
fn convert_units(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = text.get(i..).unwrap_or_default();
        if rest.starts_with('"') || rest.starts_with('\'') {
            let len = string_len(rest).unwrap_or(rest.len());
            out.push_str(rest.get(..len).unwrap_or_default());
            i += len;
            continue;
        }
        let after_word = i.checked_sub(1).and_then(|p| bytes.get(p)).is_some_and(|&b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'#' | b'\\') || b >= 0x80
        });
        if !after_word && rest.get(..4).is_some_and(|head| head.eq_ignore_ascii_case("url(")) {
            let len = url_len(rest);
            out.push_str(rest.get(..len).unwrap_or_default());
            i += len;
            continue;
        }
        let byte = bytes.get(i).copied().unwrap_or_default();
        let starts_number = starts_number_at(bytes, i);
        let signed = matches!(byte, b'-' | b'+') && starts_number_at(bytes, i + 1);
        if !after_word && (starts_number || signed) {
            // A `+` sign is dropped (`+calc(…)` is no CSS); a `-` stays in the number.
            let start = if byte == b'+' { i + 1 } else { i };
            let digits = |from: usize| {
                bytes
                    .get(from..)
                    .map_or(0, |tail| tail.iter().take_while(|b| b.is_ascii_digit()).count())
            };
            let sign = usize::from(signed);
            let mut end = i + sign + digits(i + sign);
            if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end += 1 + digits(end + 1);
            }
            let unit = UNITS.iter().find(|(unit, _)| {
                text.get(end..end + unit.len()).is_some_and(|u| u.eq_ignore_ascii_case(unit))
                    && !bytes.get(end + unit.len()).is_some_and(|&b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'\\') || b >= 0x80
                    })
            });
            match (unit, text.get(start..end).map(str::parse::<f64>)) {
                (Some((unit, None)), Some(Ok(n))) => {
                    out.push_str(&rpx(n));
                    i = end + unit.len();
                }
                (Some((unit, Some(window_unit))), Some(Ok(_))) => {
                    out.push_str(text.get(start..end).unwrap_or_default());
                    out.push_str(window_unit);
                    i = end + unit.len();
                }
                _ => {
                    out.push_str(text.get(i..end).unwrap_or_default());
                    i = end;
                }
            }
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn starts_number_at(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_some_and(|b| {
        b.is_ascii_digit() || (*b == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCOPE: &str = "wx-page[data-route=\"pages/a/a\"]";

    fn css(source: &str, scope: Option<&str>) -> String {
        let sheet = compile(source, scope);
        assert_eq!(sheet.warnings, [], "{source}");
        sheet.css
    }

    /// The warnings of compiling `source`, as `line:column: message`.
    fn warnings(source: &str) -> Vec<String> {
        compile(source, None).warnings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn converts_rpx() {
        assert_eq!(inline_style("width: 750rpx"), "width: calc(750 * var(--wx-rpx))");
        assert_eq!(
            inline_style("margin: 0rpx -20rpx .5rpx"),
            "margin: 0px calc(-20 * var(--wx-rpx)) max(1px, calc(0.5 * var(--wx-rpx)))"
        );
        assert_eq!(
            inline_style("border: 1rpx solid"),
            "border: max(1px, calc(1 * var(--wx-rpx))) solid"
        );
        assert_eq!(
            inline_style("content: '10rpx'; background: url(a10rpx.png)"),
            "content: '10rpx'; background: url(a10rpx.png)"
        );
        assert_eq!(
            inline_style("width: calc(100% - 20rpx); color: #10rpx; x10rpx: 1px"),
            "width: calc(100% - calc(20 * var(--wx-rpx))); color: #10rpx; x10rpx: 1px"
        );
    }

    #[test]
    fn rpx_thresholds() {
        assert_eq!(rpx(0.0), "0px");
        assert_eq!(rpx(3.5), "max(1px, calc(3.5 * var(--wx-rpx)))");
        assert_eq!(rpx(-1.5), "min(-1px, calc(-1.5 * var(--wx-rpx)))");
        assert_eq!(rpx(4.0), "calc(4 * var(--wx-rpx))");
        assert_eq!(rpx(-4.0), "calc(-4 * var(--wx-rpx))");
    }

    #[test]
    fn rpx_edge_cases() {
        assert_eq!(
            inline_style("margin: +10rpx -0rpx 2RPX"),
            "margin: calc(10 * var(--wx-rpx)) 0px max(1px, calc(2 * var(--wx-rpx)))"
        );
        assert_eq!(
            inline_style("a: url( \"x)10rpx\" ) 10rpx; b: 10rpxs"),
            "a: url( \"x)10rpx\" ) calc(10 * var(--wx-rpx)); b: 10rpxs"
        );
        assert_eq!(
            inline_style("transform: translate(-10rpx,.5rpx)"),
            "transform: translate(calc(-10 * var(--wx-rpx)),max(1px, calc(0.5 * var(--wx-rpx))))"
        );
        assert_eq!(
            css(".a { width: /* 10rpx */ 10rpx }", None),
            ".a{ width:  calc(10 * var(--wx-rpx)) }\n"
        );
    }

    #[test]
    fn rewrites_selectors_for_app_sheets() {
        assert_eq!(
            css("view.a:first-child::after { color: red }", None),
            "wx-view.a:first-child::after{ color: red }\n"
        );
        assert_eq!(
            css("page, scroll-view > text + .x ~ icon {}", None),
            "wx-page, wx-scroll-view > wx-text + .x ~ wx-icon{}\n"
        );
        assert_eq!(
            css("[data-x=\"view\"], *, body, .a view:not(view) {}", None),
            "[data-x=\"view\"], *, body, .a wx-view:not(view){}\n"
        );
        assert_eq!(
            css("page .a, wx-view, html, #id>image {}", None),
            "wx-page .a, wx-view, html, #id>wx-image{}\n"
        );
        assert_eq!(
            css("[title=\"] view\"] text, view/**/.a, view /**/ .b {}", None),
            "[title=\"] view\"] wx-text, wx-view.a, wx-view  .b{}\n"
        );
    }

    #[test]
    fn scopes_page_sheets() {
        assert_eq!(
            css(".a, page .b, page {x:1}", Some(SCOPE)),
            format!("{SCOPE} .a, {SCOPE} .b, {SCOPE}{{x:1}}\n")
        );
        assert_eq!(
            css("view > text, page.dark view, * {}", Some(SCOPE)),
            format!("{SCOPE} wx-view > wx-text, {SCOPE}.dark wx-view, {SCOPE} *{{}}\n")
        );
        let media = css("@supports (display: grid) { @media screen { view {} } }", Some(SCOPE));
        assert_eq!(
            media,
            format!("@supports (display: grid){{\n@media screen{{\n{SCOPE} wx-view{{}}\n}}\n}}\n")
        );
    }

    #[test]
    fn at_rules() {
        let sheet = compile("@import \"a.wxss\";\n@import url('b.wxss');\n@media (max-width: 100px) { view { width: 10rpx } }\n@keyframes k { from { left: 0rpx } to { left: 10rpx } }\n@charset \"utf-8\";", None);
        assert_eq!(sheet.imports, ["a.wxss", "b.wxss"]);
        assert!(
            sheet.css.contains(
                "@media (max-width: 100px){\nwx-view{ width: calc(10 * var(--wx-rpx)) }\n}"
            ),
            "{}",
            sheet.css
        );
        assert!(
            sheet.css.contains(
                "@keyframes k{ from { left: 0px } to { left: calc(10 * var(--wx-rpx)) } }"
            ),
            "{}",
            sheet.css
        );
        assert!(sheet.css.contains("@charset \"utf-8\";"));
        let sheet = compile("@import 'c.wxss' screen;\n@-webkit-keyframes k { 50% { top: 8rpx } }\n@font-face { font-family: f; src: url('f.ttf') }", Some(SCOPE));
        assert_eq!(sheet.warnings, []);
        assert_eq!(sheet.imports, ["c.wxss"]);
        assert_eq!(sheet.css, "@-webkit-keyframes k{ 50% { top: calc(8 * var(--wx-rpx)) } }\n@font-face{ font-family: f; src: url('f.ttf') }\n");
    }

    #[test]
    fn comments_and_strings() {
        assert_eq!(css("/* view {} */ .a { content: \"}\" }", None), ".a{ content: \"}\" }\n");
    }

    #[test]
    fn errors_have_positions() {
        assert_eq!(warnings(".a { color: red"), ["1:16: missing }"]);
        assert_eq!(warnings(".a {}\n}"), ["2:1: unexpected }"]);
        assert_eq!(warnings("/* open"), ["1:1: unterminated comment"]);
        assert_eq!(
            warnings(".a { content: \"x }"),
            ["1:15: unterminated string", "1:19: missing }"]
        );
        assert_eq!(warnings(".a"), ["1:3: expected { after a selector"]);
        assert_eq!(warnings("\n  /* open"), ["2:3: unterminated comment"]);
        assert_eq!(
            warnings(".a { content: 'x\n' }"),
            ["1:15: unterminated string", "2:1: unterminated string", "2:4: missing }"]
        );
        assert_eq!(warnings("{ color: red }"), ["1:1: expected a selector before {"]);
        assert_eq!(warnings("@media screen { .a {}"), ["1:22: missing }"]);
    }

    #[test]
    fn recovers_from_a_bad_rule() {
        // A stray `}` loses only itself; the rules after it stay.
        let sheet = compile(".a { color: red }}\n.b { color: blue }", None);
        assert_eq!(sheet.css, ".a{ color: red }\n.b{ color: blue }\n");
        assert_eq!(sheet.warnings.len(), 1);
        // A block without selector, and text before a `}`, are dropped.
        let sheet = compile("{ x: 1 }\n.a { y: 2 }\n.c d }\n.e { z: 3 }", None);
        assert_eq!(sheet.css, ".a{ y: 2 }\n.e{ z: 3 }\n");
        assert_eq!(
            sheet.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["1:1: expected a selector before {", "3:6: unexpected }"]
        );
        // An unclosed block ends at the end, as in CSS.
        let sheet = compile(".a { color: red; .b { x: 1 }", None);
        assert_eq!(sheet.css, ".a{ color: red; .b { x: 1 }}\n");
        // Inside @media, a selector without block ends the block; the rest goes on.
        let sheet = compile("@media screen { .a }\n.b { x: 1 }", None);
        assert_eq!(sheet.css, "@media screen{\n}\n.b{ x: 1 }\n");
        assert_eq!(warnings("@media screen { .a }"), ["1:20: expected { after a selector"]);
    }

    #[test]
    fn recovers_from_a_missing_semicolon_after_import() {
        let sheet = compile("@import \"common.wxss\"\n.a { color: red }\n", None);
        assert_eq!(sheet.imports, ["common.wxss"]);
        assert_eq!(sheet.css, ".a{ color: red }\n");
        assert_eq!(
            sheet.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["1:1: missing ; after @import"]
        );
        let sheet =
            compile("@import 'a.wxss'\n@import url(b.wxss)\n@import \"c.wxss\";\npage {}", None);
        assert_eq!(sheet.imports, ["a.wxss", "b.wxss", "c.wxss"]);
        assert_eq!(sheet.css, "wx-page{}\n");
        assert_eq!(
            sheet.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["1:1: missing ; after @import", "2:1: missing ; after @import"]
        );
        let sheet = compile("@import url(\"a.wxss\")\nview { x: 1 }", Some(SCOPE));
        assert_eq!(sheet.imports, ["a.wxss"]);
        assert_eq!(sheet.css, format!("{SCOPE} wx-view{{ x: 1 }}\n"));
    }

    #[test]
    fn viewport_units_are_the_window() {
        assert_eq!(
            inline_style("width: 93vw; height: 50VH; a: 10vmin -2.5vmax; b: +1vw"),
            "width: 93cqw; height: 50cqh; a: 10cqmin -2.5cqmax; b: 1cqw"
        );
        assert_eq!(
            inline_style("x: 10vwx; y: a10vh; c: '10vw'; d: url(10vh.png); e: calc(100vh - 10rpx)"),
            "x: 10vwx; y: a10vh; c: '10vw'; d: url(10vh.png); e: calc(100cqh - calc(10 * var(--wx-rpx)))"
        );
        assert_eq!(css("page { height: 100vh }", None), "wx-page{ height: 100cqh }\n");
    }

    #[test]
    fn fuzzed_sheets_never_panic() {
        let mut seed = 0x853c49e6748fea9b_u64;
        let pieces = [
            "view",
            "page",
            ".a",
            "{",
            "}",
            ";",
            "@media",
            "@import",
            "@keyframes",
            "'",
            "\"",
            "/*",
            "*/",
            "10rpx",
            "-",
            "+",
            ".5",
            "url(",
            "(",
            ")",
            "[",
            "]",
            ",",
            ">",
            "*",
            ":not(",
            "\\",
            " ",
            "\n",
            "é",
        ];
        for _ in 0..20_000 {
            let mut source = String::new();
            for _ in 0..(seed % 20) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                source.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let _ = compile(&source, Some(SCOPE));
            let _ = compile(&source, None);
            let _ = inline_style(&source);
        }
    }
}
