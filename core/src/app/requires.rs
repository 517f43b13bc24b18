//! A module's dependencies, found before it runs: `require` is synchronous, so the loader
//! fetches every file that a `require('…')` with a string literal names. Comments, strings
//! and template literals are skipped (so is a `require` inside a template's `${…}`).
//! Regular expression literals are told from division by the previous token, as a
//! tokenizer without a parser must: a `/` after an operator, an opening bracket, a comma,
//! `;`, `{`, `}` or a keyword such as `return` starts one. That guess is wrong only in
//! odd code (`a = {} / 2`, `if (x) /re/.test(y)`), where a quote in the mistaken region
//! could hide a `require` later on the same statement. Pure code.

use super::source_path;

/// The string arguments of `require(…)` calls in `source`, in order, each once.
pub fn requires(source: &str) -> Vec<String> {
    let bytes = source.as_bytes();
    let mut found: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = find(bytes, i, b"\n").unwrap_or(bytes.len())
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |end| end + 2)
            }
            b'/' if starts_regex(bytes, i) => i = skip_regex(bytes, i),
            b'\'' | b'"' | b'`' => i = skip_string(bytes, i).1,
            b'r' if bytes.get(i..).is_some_and(|t| t.starts_with(b"require"))
                && i.checked_sub(1)
                    .and_then(|p| bytes.get(p))
                    .is_none_or(|&p| !is_word_byte(p) && p != b'.') =>
            {
                i += "require".len();
                if is_word(bytes, i) {
                    continue;
                }
                let mut j = skip_space(bytes, i);
                if bytes.get(j) != Some(&b'(') {
                    continue;
                }
                j = skip_space(bytes, j + 1);
                if let Some(&quote @ (b'\'' | b'"' | b'`')) = bytes.get(j) {
                    let (literal, end) = skip_string(bytes, j);
                    let closes = bytes.get(skip_space(bytes, end)) == Some(&b')');
                    if let Some(spec) =
                        literal.filter(|s| closes && !(quote == b'`' && s.contains("${")))
                    {
                        if !found.contains(&spec) {
                            found.push(spec);
                        }
                    }
                    i = end;
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// The file a `require(spec)` in the file `from` means: relative to `from`'s folder (a
/// bare name too, as in WeChat) or from the root, with `.js` added when missing.
pub fn resolve(from: &str, spec: &str) -> Option<String> {
    source_path::join(from, spec).map(|path| source_path::with_extension(path, "js"))
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

fn is_word(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).copied().is_some_and(is_word_byte)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Whether the `/` at `i` (not a comment) starts a regular expression rather than a
/// division, judged by the token before it.
fn starts_regex(bytes: &[u8], i: usize) -> bool {
    let before = bytes.get(..i).unwrap_or_default();
    let end = before.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |p| p + 1);
    let start = before
        .get(..end)
        .and_then(|b| b.iter().rposition(|&c| !is_word_byte(c)))
        .map_or(0, |p| p + 1);
    match before.get(start..end) {
        Some([]) | None => {
            before.get(..end).and_then(|b| b.last()).is_none_or(|&p| !matches!(p, b')' | b']'))
        }
        Some(word) => matches!(
            word,
            b"return"
                | b"typeof"
                | b"instanceof"
                | b"in"
                | b"of"
                | b"new"
                | b"delete"
                | b"void"
                | b"throw"
                | b"case"
                | b"do"
                | b"else"
                | b"yield"
                | b"await"
        ),
    }
}

/// From the `/` opening a regular expression: the index after its closing `/` (classes
/// `[…]` and escapes respected), or after the `/` alone when the line ends first.
fn skip_regex(bytes: &[u8], start: usize) -> usize {
    let mut in_class = false;
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 1,
            b'\n' | b'\r' => return start + 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'/' if !in_class => return i + 1,
            _ => {}
        }
        i += 1;
    }
    start + 1
}

/// From an opening quote at `start`: the literal's text (escapes of the quote and
/// backslash undone; `None` when unterminated) and the index after it.
fn skip_string(bytes: &[u8], start: usize) -> (Option<String>, usize) {
    let quote = bytes.get(start).copied().unwrap_or_default();
    let mut text = Vec::new();
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => {
                if let Some(&next) = bytes.get(i + 1) {
                    text.push(next);
                }
                i += 2;
            }
            b if b == quote => return (String::from_utf8(text).ok(), i + 1),
            b'\n' if quote != b'`' => return (None, i),
            b => {
                text.push(b);
                i += 1;
            }
        }
    }
    (None, bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_requires() {
        let source = r#"
            var a = require('./a')
            var b = require ( "../b.js" )
            const c = require(`c`)
            // require('commented')
            /* require('block') */
            var s = "require('in a string')"
            obj.require('method'); myrequire('other'); require(variable); require(`x${y}`)
            require('./a')
        "#;
        assert_eq!(requires(source), ["./a", "../b.js", "c"]);
        assert!(requires("require('unterminated").is_empty());
    }

    #[test]
    fn tells_regular_expressions_from_division() {
        let source = "var r = /'/g; require('a');\nx = a / b; require('b') // '\nif (/\"[/]/.test(s)) require('c')\nreturn /`/, require('d')";
        assert_eq!(requires(source), ["a", "b", "c", "d"]);
        assert_eq!(requires("x = (a) / 2 + require('e') / 3"), ["e"]);
        assert_eq!(requires("const u = `${require('x')}`; s = '\\'' + require('y')"), ["y"]);
    }

    #[test]
    fn resolves_specs() {
        assert_eq!(
            resolve("pages/index/index.js", "../../utils/util").as_deref(),
            Some("utils/util.js")
        );
        assert_eq!(
            resolve("pages/index/index.js", "util.js").as_deref(),
            Some("pages/index/util.js")
        );
        assert_eq!(resolve("app.js", "/utils/util").as_deref(), Some("utils/util.js"));
        assert_eq!(resolve("app.js", "../x"), None);
        assert_eq!(resolve("app.js", ""), None);
        assert_eq!(
            resolve("pages/index/index.js", "./lib/x.js").as_deref(),
            Some("pages/index/lib/x.js")
        );
    }

    #[test]
    fn fuzzed_sources_never_panic() {
        let mut seed = 0x2545f4914f6cdd1d_u64;
        let pieces = [
            "require", "(", ")", "'", "\"", "`", "\\", "/", "*", "\n", "x", " ", "${", "é", "[",
            "]", "=", "return",
        ];
        for _ in 0..20_000 {
            let mut source = String::new();
            for _ in 0..(seed % 16) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                source.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let _ = requires(&source);
        }
    }
}
