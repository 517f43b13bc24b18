//! WXSS to CSS: `rpx` lengths become CSS that scales with the window (`--wx-rpx` is
//! 1/750 of its width, set by the runtime), `@import`s are listed for the caller to
//! inline, component type selectors name the rendered elements (`view` → `wx-view`),
//! and `page` names the page's root. A page's own sheet is scoped to its root, so its
//! rules never reach another page. Comments are dropped; strings, `url()`s, keyframe
//! selectors and `@font-face` are kept as written. Arguments of functional pseudo-classes
//! (`:not(view)`) are deliberately left alone. Pure code.

use std::fmt;

/// A compiled style sheet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    pub css: String,
    /// `@import` paths, in order, as written.
    pub imports: Vec<String>,
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
/// page's root.
pub fn compile(source: &str, scope: Option<&str>) -> Result<Sheet, WxssError> {
    let mut compiler = Compiler { src: source, pos: 0, scope, sheet: Sheet::default() };
    let css = compiler.rules(0)?;
    if compiler.pos < source.len() {
        return Err(compiler.error("unexpected }"));
    }
    compiler.sheet.css = css;
    Ok(compiler.sheet)
}

/// The text of a `style` attribute with its rpx lengths converted.
pub fn inline_style(text: &str) -> String {
    convert_rpx(text)
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

impl Compiler<'_> {
    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or_default()
    }

    fn error(&self, message: &str) -> WxssError {
        let before = self.src.get(..self.pos).unwrap_or(self.src);
        let line = before.matches('\n').count() as u32 + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
        WxssError { message: message.to_owned(), line, column }
    }

    /// Rules until the `}` closing the block (left unread) or the end.
    fn rules(&mut self, depth: usize) -> Result<String, WxssError> {
        if depth > MAX_DEPTH {
            return Err(self.error("blocks nested too deeply"));
        }
        let mut out = String::new();
        loop {
            let (prelude, end) = self.prelude()?;
            let prelude = prelude.trim();
            match end {
                None | Some('}') if prelude.is_empty() => return Ok(out),
                None | Some('}') => return Err(self.error("expected { after a selector")),
                Some(';') => {
                    if let Some(rest) = strip_at(prelude, "import") {
                        self.sheet.imports.push(import_path(rest));
                    } else if !prelude.is_empty() {
                        out.push_str(prelude);
                        out.push_str(";\n");
                    }
                }
                _ if prelude.is_empty() => return Err(self.error("expected a selector before {")),
                _ => {
                    let at = prelude.starts_with('@');
                    if at
                        && (strip_at(prelude, "media").is_some()
                            || strip_at(prelude, "supports").is_some())
                    {
                        let inner = self.rules(depth + 1)?;
                        self.close()?;
                        out.push_str(&format!("{prelude}{{\n{inner}}}\n"));
                    } else {
                        let body = self.block()?;
                        let head = if at { prelude.to_owned() } else { self.selectors(prelude) };
                        out.push_str(&format!("{head}{{{}}}\n", convert_rpx(&body)));
                    }
                }
            }
        }
    }

    /// Reads up to `{`, `;` or `}` (consumed except `}`), skipping comments and strings.
    fn prelude(&mut self) -> Result<(String, Option<char>), WxssError> {
        let mut out = String::new();
        while let Some(c) = self.rest().chars().next() {
            match c {
                '{' | ';' => {
                    self.pos += 1;
                    return Ok((out, Some(c)));
                }
                '}' => return Ok((out, Some('}'))),
                _ => self.token(&mut out)?,
            }
        }
        Ok((out, None))
    }

    /// A declaration block's text up to its `}` (consumed).
    fn block(&mut self) -> Result<String, WxssError> {
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
                    return Ok(out);
                }
                '}' => {
                    depth -= 1;
                    out.push(c);
                    self.pos += 1;
                }
                _ => self.token(&mut out)?,
            }
        }
        Err(self.error("missing }"))
    }

    fn close(&mut self) -> Result<(), WxssError> {
        if self.rest().starts_with('}') {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error("missing }"))
        }
    }

    /// Copies one character, string or comment (comments are dropped) into `out`.
    fn token(&mut self, out: &mut String) -> Result<(), WxssError> {
        let rest = self.rest();
        if let Some(comment) = rest.strip_prefix("/*") {
            let end = comment.find("*/").ok_or_else(|| self.error("unterminated comment"))?;
            self.pos += end + 4;
            // A comment separates tokens but is no whitespace: `view/**/.a` is `view.a`.
            let next = self.rest().chars().next();
            if out.chars().next_back().is_some_and(is_name_char) && next.is_some_and(is_name_char) {
                out.push(' ');
            }
            return Ok(());
        }
        let Some(c) = rest.chars().next() else { return Ok(()) };
        if c == '"' || c == '\'' {
            let len = string_len(rest).ok_or_else(|| self.error("unterminated string"))?;
            out.push_str(rest.get(..len).unwrap_or_default());
            self.pos += len;
        } else {
            out.push(c);
            self.pos += c.len_utf8();
        }
        Ok(())
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

/// `"a.wxss"`, `'a.wxss'` or `url("a.wxss")` (a media list after it ignored) → `a.wxss`.
fn import_path(rest: &str) -> String {
    let rest = rest.trim_start();
    let (url, rest) = match rest.get(..4) {
        Some(head) if head.eq_ignore_ascii_case("url(") => {
            (true, rest.get(4..).unwrap_or_default().trim_start())
        }
        _ => (false, rest),
    };
    if let Some(len) = string_len(rest).filter(|_| rest.starts_with(['"', '\''])) {
        return rest.get(1..len - 1).unwrap_or_default().to_owned();
    }
    let end =
        rest.find(|c: char| if url { c == ')' } else { c.is_whitespace() }).unwrap_or(rest.len());
    rest.get(..end).unwrap_or_default().trim().to_owned()
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

/// Converts every `Nrpx` outside strings and `url()`.
fn convert_rpx(text: &str) -> String {
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
            let unit = text.get(end..end + 3).is_some_and(|u| u.eq_ignore_ascii_case("rpx"));
            let unit_ends = !bytes.get(end + 3).is_some_and(|&b| {
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'\\') || b >= 0x80
            });
            match text.get(start..end).map(str::parse::<f64>) {
                Some(Ok(n)) if unit && unit_ends => {
                    out.push_str(&rpx(n));
                    i = end + 3;
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
        compile(source, scope).unwrap().css
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
        let sheet = compile("@import \"a.wxss\";\n@import url('b.wxss');\n@media (max-width: 100px) { view { width: 10rpx } }\n@keyframes k { from { left: 0rpx } to { left: 10rpx } }\n@charset \"utf-8\";", None).unwrap();
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
        let sheet = compile("@import 'c.wxss' screen;\n@-webkit-keyframes k { 50% { top: 8rpx } }\n@font-face { font-family: f; src: url('f.ttf') }", Some(SCOPE)).unwrap();
        assert_eq!(sheet.imports, ["c.wxss"]);
        assert_eq!(sheet.css, "@-webkit-keyframes k{ 50% { top: calc(8 * var(--wx-rpx)) } }\n@font-face{ font-family: f; src: url('f.ttf') }\n");
    }

    #[test]
    fn comments_and_strings() {
        assert_eq!(css("/* view {} */ .a { content: \"}\" }", None), ".a{ content: \"}\" }\n");
    }

    #[test]
    fn errors_have_positions() {
        assert_eq!(compile(".a { color: red", None).unwrap_err().to_string(), "1:16: missing }");
        assert_eq!(compile(".a {}\n}", None).unwrap_err().line, 2);
        assert!(compile("/* open", None).is_err());
        assert!(compile(".a { content: \"x }", None).is_err());
        assert!(compile(".a", None).is_err());
        assert_eq!(
            compile("\n  /* open", None).unwrap_err().to_string(),
            "2:3: unterminated comment"
        );
        assert_eq!(
            compile(".a { content: 'x\n' }", None).unwrap_err().to_string(),
            "1:15: unterminated string"
        );
        assert_eq!(
            compile("{ color: red }", None).unwrap_err().to_string(),
            "1:2: expected a selector before {"
        );
        assert_eq!(compile("@media screen { .a {}", None).unwrap_err().message, "missing }");
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
