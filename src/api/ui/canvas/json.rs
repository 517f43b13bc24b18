//! A minimal JSON reader over the text of `JSON.stringify(actions)`: values are read
//! in place, strings borrowed from the text unless they hold escapes, so reading a
//! list of actions allocates nothing per action. Pure: no browser calls.

use std::borrow::Cow;

/// Why the text could not be read (only for text that is not JSON).
pub const BAD_JSON: &str = "actions are not valid JSON";

/// A position in JSON text.
pub struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte after white space, not consumed.
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(b) = self.bytes().get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(*b);
            }
            self.pos += 1;
        }
        None
    }

    /// Consumes `byte` if it comes next.
    pub fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    pub fn expect(&mut self, byte: u8) -> Result<(), &'static str> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(BAD_JSON)
        }
    }

    /// Starts reading a list (`[`) or an object (`{`); `false` if something else comes.
    pub fn open(&mut self, byte: u8) -> bool {
        self.eat(byte)
    }

    /// Moves to the next item of an open list or object closed by `close`: `true` when
    /// there is one, `false` (after consuming `close`) at the end. `first` tells whether
    /// no item was read yet.
    pub fn next_item(&mut self, close: u8, first: bool) -> Result<bool, &'static str> {
        if self.eat(close) {
            return Ok(false);
        }
        if !first {
            self.expect(b',')?;
        }
        Ok(true)
    }

    /// Reads a string.
    pub fn string(&mut self) -> Result<Cow<'a, str>, &'static str> {
        self.expect(b'"')?;
        let start = self.pos;
        let bytes = self.bytes();
        let mut escaped = false;
        loop {
            match bytes.get(self.pos) {
                None => return Err(BAD_JSON),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 2;
                }
                Some(_) => self.pos += 1,
            }
        }
        let raw = self.text.get(start..self.pos).ok_or(BAD_JSON)?;
        self.pos += 1;
        if escaped {
            unescape(raw).map(Cow::Owned)
        } else {
            Ok(Cow::Borrowed(raw))
        }
    }

    /// Reads a number; `null` (how JSON writes NaN and ±Infinity) reads as NaN.
    pub fn number(&mut self) -> Result<f64, &'static str> {
        self.peek();
        if self.literal("null") {
            return Ok(f64::NAN);
        }
        let start = self.pos;
        while let Some(b) = self.bytes().get(self.pos) {
            if !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                break;
            }
            self.pos += 1;
        }
        self.text.get(start..self.pos).and_then(|s| s.parse().ok()).ok_or(BAD_JSON)
    }

    /// Whether the next value is a string (without consuming it).
    pub fn at_string(&mut self) -> bool {
        self.peek() == Some(b'"')
    }

    /// Reads `true`/`false`; `null` reads as `false`.
    pub fn boolean(&mut self) -> Result<bool, &'static str> {
        self.peek();
        if self.literal("true") {
            Ok(true)
        } else if self.literal("false") || self.literal("null") {
            Ok(false)
        } else {
            Err(BAD_JSON)
        }
    }

    fn literal(&mut self, word: &str) -> bool {
        let found = self.bytes().get(self.pos..self.pos + word.len()) == Some(word.as_bytes());
        if found {
            self.pos += word.len();
        }
        found
    }

    /// Skips one value of any kind and returns its text.
    pub fn skip(&mut self) -> Result<&'a str, &'static str> {
        let start = match self.peek() {
            Some(_) => self.pos,
            None => return Err(BAD_JSON),
        };
        match self.peek() {
            Some(b'"') => {
                self.string()?;
            }
            Some(open @ (b'[' | b'{')) => {
                let close = if open == b'[' { b']' } else { b'}' };
                self.pos += 1;
                let mut first = true;
                while self.next_item(close, first)? {
                    first = false;
                    if open == b'{' {
                        self.string()?;
                        self.expect(b':')?;
                    }
                    self.skip()?;
                }
            }
            Some(b't' | b'f' | b'n') => {
                if !(self.literal("true") || self.literal("false") || self.literal("null")) {
                    return Err(BAD_JSON);
                }
            }
            _ => {
                self.number()?;
            }
        }
        self.text.get(start..self.pos).ok_or(BAD_JSON)
    }
}

fn unescape(raw: &str) -> Result<String, &'static str> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next().ok_or(BAD_JSON)? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'u' => {
                let unit = hex4(&mut chars)?;
                let code = if (0xd800..0xdc00).contains(&unit) {
                    let (Some('\\'), Some('u')) = (chars.next(), chars.next()) else { return Err(BAD_JSON) };
                    let low = hex4(&mut chars)?;
                    0x10000 + ((unit - 0xd800) << 10) + (low.wrapping_sub(0xdc00) & 0x3ff)
                } else {
                    unit
                };
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Result<u32, &'static str> {
    let mut value = 0;
    for _ in 0..4 {
        value = value * 16 + chars.next().and_then(|c| c.to_digit(16)).ok_or(BAD_JSON)?;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_in_place() {
        let mut c = Cursor::new(r#" [ "a\"b\u00e9", -1.5e2, true, null, {"k": [1, {}]} ] "#);
        assert!(c.open(b'['));
        assert!(c.next_item(b']', true).unwrap());
        assert_eq!(c.string().unwrap(), "a\"bé");
        assert!(c.next_item(b']', false).unwrap());
        assert_eq!(c.number().unwrap(), -150.0);
        assert!(c.next_item(b']', false).unwrap());
        assert!(c.boolean().unwrap());
        assert!(c.next_item(b']', false).unwrap());
        assert!(c.number().unwrap().is_nan());
        assert!(c.next_item(b']', false).unwrap());
        assert_eq!(c.skip().unwrap(), r#"{"k": [1, {}]}"#);
        assert!(!c.next_item(b']', false).unwrap());
    }

    #[test]
    fn bad_text_is_an_error_not_a_panic() {
        assert!(Cursor::new("\"abc").string().is_err());
        assert!(Cursor::new("[1,").skip().is_err());
        assert!(Cursor::new("x").number().is_err());
        assert!(Cursor::new(r#""\ud800""#).string().is_err());
    }
}
