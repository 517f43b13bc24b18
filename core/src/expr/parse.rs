//! Parsing the expressions inside `{{ }}`: a tokenizer and a precedence-climbing parser
//! for WXML's subset of JS.
//!
//! The parser's recursion is capped at [`MAX_NESTING`] and the height of the tree it
//! builds at [`MAX_HEIGHT`], so parsing, evaluating, comparing or dropping an expression
//! cannot overflow the stack whatever the input (`a+a+a+…` builds a tall tree without
//! recursing, so heights are counted separately from recursion). The deepest accepted
//! expressions fit in 1 MiB of stack (wasm's default) even in unoptimised builds.

use std::rc::Rc;

use super::{BinaryOp, Element, Expr, Interp, Part, Property, SyntaxError, UnaryOp};
use crate::value::{number_to_string, Value};

/// How deeply brackets, unary operators and `?:` may nest.
const MAX_NESTING: usize = 100;

/// How tall a parsed expression's tree may be.
const MAX_HEIGHT: usize = 200;

/// Parses one expression, e.g. the inside of `{{a + 1}}`.
pub fn parse(source: &str) -> Result<Expr, SyntaxError> {
    let mut parser = Parser::new(source)?;
    let (expr, _) = parser.expression()?;
    parser.end()?;
    Ok(expr)
}

/// Parses the inside of a template's `data="{{…}}"`: an object literal without braces
/// (`...item, index, extra: 1`). Always gives an [`Expr::Object`].
pub fn parse_object_body(source: &str) -> Result<Expr, SyntaxError> {
    let mut parser = Parser::new(source)?;
    let (properties, _) = parser.properties(None)?;
    Ok(Expr::Object(properties))
}

impl Interp {
    /// Splits text with `{{ }}` into literal text and expressions. `{{a: 1}}` is an
    /// object, as in WeChat; `}}` inside a string or a nested object does not close;
    /// a blank `{{ }}` is `undefined` (shows nothing). Literal text is kept as written
    /// (the WXML parser decodes its entities).
    pub fn parse(source: &str) -> Result<Interp, SyntaxError> {
        let mut parts = Vec::new();
        let mut rest = 0;
        while let Some(open) = tail(source, rest).find("{{").map(|i| i + rest) {
            let inner_start = open + 2;
            let close = closing(source, inner_start)
                .map_err(|e| e.unwrap_or_else(|| error("unclosed `{{`", open)))?;
            if open > rest {
                parts.push(Part::Text(source.get(rest..open).unwrap_or("").into()));
            }
            let inner = source.get(inner_start..close).unwrap_or("");
            let expr = interpolated(inner).map_err(|e| error(e.message, e.offset + inner_start))?;
            parts.push(Part::Expr(expr));
            rest = close + 2;
        }
        if parts.is_empty() {
            return Ok(Interp::Static(source.into()));
        }
        if rest < source.len() {
            parts.push(Part::Text(tail(source, rest).into()));
        }
        if let [Part::Expr(_)] = parts.as_slice() {
            if let Some(Part::Expr(expr)) = parts.pop() {
                return Ok(Interp::Single(expr));
            }
        }
        Ok(Interp::Concat(parts))
    }
}

/// The inside of one `{{ }}`: an expression, else an object body (`{{a: 1, b}}`).
/// When both fail, the error that got further into the text is the more telling one.
fn interpolated(inner: &str) -> Result<Expr, SyntaxError> {
    if inner.trim().is_empty() {
        return Ok(Expr::Lit(Value::Undefined));
    }
    parse(inner).or_else(|first| {
        parse_object_body(inner)
            .map_err(|body| if body.offset > first.offset { body } else { first })
    })
}

/// The offset of the `}}` that closes an expression starting at `start`. `Err(None)`
/// when there is none; `Err(Some(_))` when a string literal inside never ends.
fn closing(source: &str, start: usize) -> Result<usize, Option<SyntaxError>> {
    let bytes = source.as_bytes();
    let (mut i, mut depth, mut quote) = (start, 0usize, None::<(u8, usize)>);
    while let Some(&b) = bytes.get(i) {
        match (quote, b) {
            (Some(_), b'\\') => i += 1,
            (Some((q, _)), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some((b, i)),
            (None, b'}') if depth == 0 && bytes.get(i + 1) == Some(&b'}') => return Ok(i),
            (None, b'{') => depth += 1,
            (None, b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Err(quote.map(|(_, at)| error("unterminated string", at)))
}

fn error(message: impl Into<String>, offset: usize) -> SyntaxError {
    SyntaxError { message: message.into(), offset }
}

/// `source` from byte `at`, or nothing when `at` is past the end.
fn tail(source: &str, at: usize) -> &str {
    source.get(at..).unwrap_or("")
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Num(f64),
    Str(Rc<str>),
    Ident(Rc<str>),
    Punct(&'static str),
    End,
}

/// Punctuators, longest first so that `===` wins over `==` and `=`.
const PUNCTS: [&str; 27] = [
    "===", "!==", "...", "==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">",
    "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}",
];

fn tokenize(source: &str) -> Result<Vec<(Token, usize)>, SyntaxError> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(c) = tail(source, i).chars().next() {
        let start = i;
        let token = if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        } else if c.is_ascii_digit()
            || (c == '.' && source.as_bytes().get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let (value, end) = number(source, start)?;
            i = end;
            Token::Num(value)
        } else if c == '\'' || c == '"' {
            let (text, end) = string(source, start, c)?;
            i = end;
            Token::Str(text.into())
        } else if is_ident_start(c) {
            let rest = tail(source, start);
            let len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
            i += len;
            Token::Ident(rest.get(..len).unwrap_or("").into())
        } else {
            let punct = PUNCTS
                .iter()
                .find(|p| tail(source, start).starts_with(**p))
                .ok_or_else(|| error(format!("unexpected character `{c}`"), start))?;
            i += punct.len();
            Token::Punct(punct)
        };
        tokens.push((token, start));
    }
    tokens.push((Token::End, source.len()));
    Ok(tokens)
}

/// Letters, `_`, `$` and any non-ASCII character that is not a space (without Unicode
/// tables, which would double the size of the wasm build for names no template uses).
fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '$' || (!c.is_ascii() && !c.is_whitespace())
}

fn is_ident_char(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}

/// A number literal at `start`: decimal with fraction and exponent, or `0x` hex.
fn number(source: &str, start: usize) -> Result<(f64, usize), SyntaxError> {
    let bytes = source.as_bytes();
    let digits = |mut i: usize, hex: bool| {
        while bytes
            .get(i)
            .is_some_and(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() })
        {
            i += 1;
        }
        i
    };
    // `3px`, `0xg` or `1.2.3` is one bad literal in JS, not several tokens.
    let invalid = |end: usize| {
        let end = tail(source, end)
            .find(|c: char| !(is_ident_char(c) || c == '.'))
            .map_or(source.len(), |e| e + end);
        error(format!("invalid number `{}`", source.get(start..end).unwrap_or("")), start)
    };
    let (value, end) = if bytes.get(start) == Some(&b'0')
        && matches!(bytes.get(start + 1), Some(b'x' | b'X'))
    {
        let end = digits(start + 2, true);
        let hex = source.get(start + 2..end).unwrap_or("");
        if hex.is_empty() {
            return Err(invalid(end));
        }
        (hex.chars().filter_map(|c| c.to_digit(16)).fold(0.0, |n, d| n * 16.0 + f64::from(d)), end)
    } else {
        let mut end = digits(start, false);
        if bytes.get(end) == Some(&b'.') {
            end = digits(end + 1, false);
        }
        if matches!(bytes.get(end), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
            if !bytes.get(end + 1 + sign).is_some_and(u8::is_ascii_digit) {
                return Err(invalid(end + 1 + sign));
            }
            end = digits(end + 1 + sign, false);
        }
        let text = source.get(start..end).unwrap_or("");
        (text.parse::<f64>().map_err(|_| invalid(end))?, end)
    };
    let next = tail(source, end).chars().next();
    if next.is_some_and(is_ident_char)
        || (next == Some('.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
    {
        return Err(invalid(end));
    }
    Ok((value, end))
}

/// A string literal at `start` (its opening `quote`), with JS escapes decoded.
fn string(source: &str, start: usize, quote: char) -> Result<(String, usize), SyntaxError> {
    let mut text = String::new();
    let mut i = start + quote.len_utf8();
    loop {
        let c =
            tail(source, i).chars().next().ok_or_else(|| error("unterminated string", start))?;
        i += c.len_utf8();
        if c == quote {
            return Ok((text, i));
        }
        if c != '\\' {
            text.push(c);
            continue;
        }
        let escape_at = i - 1;
        let e =
            tail(source, i).chars().next().ok_or_else(|| error("unterminated string", start))?;
        i += e.len_utf8();
        match e {
            'n' => text.push('\n'),
            't' => text.push('\t'),
            'r' => text.push('\r'),
            'b' => text.push('\u{8}'),
            'f' => text.push('\u{c}'),
            'v' => text.push('\u{b}'),
            '0' => text.push('\0'),
            'x' => {
                let code = tail(source, i)
                    .get(..2)
                    .and_then(hex_value)
                    .ok_or_else(|| error("invalid `\\x` escape", escape_at))?;
                i += 2;
                text.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            'u' => {
                let (code, end) = unicode_escape(source, i)
                    .ok_or_else(|| error("invalid `\\u` escape", escape_at))?;
                i = end;
                text.push(code);
            }
            // A line continuation adds nothing.
            '\r' => {
                if tail(source, i).starts_with('\n') {
                    i += 1;
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' => {}
            other => text.push(other),
        }
    }
}

/// The character of a `\u` escape whose hex digits start at `at`: `XXXX`, `{X…}`, or a
/// surrogate pair `\uD83D\uDE00`. A lone surrogate becomes U+FFFD. Returns the end too.
fn unicode_escape(source: &str, at: usize) -> Option<(char, usize)> {
    let rest = tail(source, at);
    if let Some(braced) = rest.strip_prefix('{') {
        let close = braced.find('}')?;
        let code = braced.get(..close).filter(|h| h.len() <= 6).and_then(hex_value)?;
        return Some((char::from_u32(code)?, at + close + 2));
    }
    let code = rest.get(..4).and_then(hex_value)?;
    if (0xD800..0xDC00).contains(&code) {
        let low =
            tail(source, at + 4).strip_prefix("\\u").and_then(|r| r.get(..4)).and_then(hex_value);
        if let Some(low @ 0xDC00..=0xDFFF) = low {
            let pair = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            return Some((char::from_u32(pair).unwrap_or('\u{fffd}'), at + 10));
        }
    }
    Some((char::from_u32(code).unwrap_or('\u{fffd}'), at + 4))
}

/// Hex digits only (no sign, no prefix), at least one.
fn hex_value(digits: &str) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits.chars().try_fold(0u32, |n, c| n.checked_mul(16)?.checked_add(c.to_digit(16)?))
}

/// A parsed expression and the height of its tree.
type Parsed = Result<(Expr, usize), SyntaxError>;

struct Parser {
    tokens: Vec<(Token, usize)>,
    at: usize,
    /// Current recursion depth of the parser.
    depth: usize,
    source_len: usize,
}

impl Parser {
    fn new(source: &str) -> Result<Parser, SyntaxError> {
        Ok(Parser { tokens: tokenize(source)?, at: 0, depth: 0, source_len: source.len() })
    }

    fn peek(&self) -> &Token {
        self.tokens.get(self.at).map_or(&Token::End, |(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.at).map_or(self.source_len, |(_, o)| *o)
    }

    fn next(&mut self) -> Token {
        let token = self.peek().clone();
        self.at += 1;
        token
    }

    fn is(&self, punct: &str) -> bool {
        matches!(self.peek(), Token::Punct(p) if *p == punct)
    }

    fn eat(&mut self, punct: &str) -> bool {
        let found = self.is(punct);
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, punct: &str) -> Result<(), SyntaxError> {
        if self.eat(punct) {
            return Ok(());
        }
        let found = match self.peek() {
            Token::End => "the end".to_owned(),
            token => describe(token),
        };
        Err(error(format!("expected `{punct}`, found {found}"), self.offset()))
    }

    /// "unexpected token `)`", or "unexpected end of expression".
    fn unexpected(&self) -> SyntaxError {
        match self.peek() {
            Token::End => error("unexpected end of expression", self.offset()),
            token => error(format!("unexpected token {}", describe(token)), self.offset()),
        }
    }

    fn end(&self) -> Result<(), SyntaxError> {
        match self.peek() {
            Token::End => Ok(()),
            Token::Punct("(") => {
                Err(error("function calls are not supported in WXML expressions", self.offset()))
            }
            _ => Err(self.unexpected()),
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(error("expression nested too deeply", self.offset()));
        }
        Ok(())
    }

    /// `expr` with tree `height`, refused when too tall.
    fn node(&self, expr: Expr, height: usize, offset: usize) -> Parsed {
        if height > MAX_HEIGHT {
            return Err(error("expression nested too deeply", offset));
        }
        Ok((expr, height))
    }

    /// `test ? then : otherwise` (right-associative), or a binary expression.
    fn expression(&mut self) -> Parsed {
        self.enter()?;
        let (test, height) = self.binary(1)?;
        let offset = self.offset();
        let parsed = if self.eat("?") {
            let (then, h1) = self.expression()?;
            self.expect(":")?;
            let (otherwise, h2) = self.expression()?;
            let cond = Expr::Cond(Box::new(test), Box::new(then), Box::new(otherwise));
            self.node(cond, height.max(h1).max(h2) + 1, offset)?
        } else {
            (test, height)
        };
        self.depth -= 1;
        Ok(parsed)
    }

    /// Binary operators of precedence `min` and above, left-associative.
    fn binary(&mut self, min: u8) -> Parsed {
        let (mut left, mut height) = self.unary()?;
        while let Token::Punct(p) = self.peek() {
            let Some((op, precedence)) = binary_op(p) else { break };
            if precedence < min {
                break;
            }
            let offset = self.offset();
            self.at += 1;
            let (right, right_height) = self.binary(precedence + 1)?;
            (left, height) = self.node(
                Expr::Binary(op, Box::new(left), Box::new(right)),
                height.max(right_height) + 1,
                offset,
            )?;
        }
        Ok((left, height))
    }

    fn unary(&mut self) -> Parsed {
        let op = match self.peek() {
            Token::Punct("!") => UnaryOp::Not,
            Token::Punct("-") => UnaryOp::Neg,
            Token::Punct("+") => UnaryOp::Plus,
            _ => return self.postfix(),
        };
        let offset = self.offset();
        self.at += 1;
        self.enter()?;
        let (operand, height) = self.unary()?;
        self.depth -= 1;
        self.node(Expr::Unary(op, Box::new(operand)), height + 1, offset)
    }

    /// A primary followed by `.name` and `[key]` accesses.
    fn postfix(&mut self) -> Parsed {
        let (mut expr, mut height) = self.primary()?;
        loop {
            let offset = self.offset();
            let key = if self.eat(".") {
                match self.peek() {
                    Token::Ident(name) => {
                        let key = Expr::Lit(Value::Str(name.clone()));
                        self.at += 1;
                        (key, 1)
                    }
                    _ => return Err(self.no_property_name(offset)),
                }
            } else if self.eat("[") {
                let key = self.expression()?;
                self.expect("]")?;
                key
            } else if self.is("(") {
                return Err(error("function calls are not supported in WXML expressions", offset));
            } else {
                return Ok((expr, height));
            };
            (expr, height) = self.node(
                Expr::Member(Box::new(expr), Box::new(key.0)),
                height.max(key.1) + 1,
                offset,
            )?;
        }
    }

    fn primary(&mut self) -> Parsed {
        let offset = self.offset();
        let literal = |value| Ok((Expr::Lit(value), 1));
        match self.next() {
            Token::Num(n) => literal(Value::Num(n)),
            Token::Str(s) => literal(Value::Str(s)),
            Token::Ident(name) => match &*name {
                "true" => literal(Value::Bool(true)),
                "false" => literal(Value::Bool(false)),
                "null" => literal(Value::Null),
                "undefined" => literal(Value::Undefined),
                _ => Ok((Expr::Ident(name), 1)),
            },
            Token::Punct("(") => {
                let inner = self.expression()?;
                self.expect(")")?;
                Ok(inner)
            }
            Token::Punct("[") => self.array(offset),
            Token::Punct("{") => {
                self.enter()?;
                let (properties, height) = self.properties(Some("}"))?;
                self.depth -= 1;
                self.node(Expr::Object(properties), height + 1, offset)
            }
            _ => {
                self.at -= 1;
                Err(self.unexpected())
            }
        }
    }

    /// The rest of an array literal whose `[` is at `offset`. (Separate from `primary`
    /// to keep the frames of the recursion small in unoptimised builds.)
    fn array(&mut self, offset: usize) -> Parsed {
        self.enter()?;
        let (mut items, mut height) = (Vec::new(), 0);
        while !self.eat("]") {
            // A hole (`[1, , 2]`) is `undefined`, as JS reads it.
            if self.eat(",") {
                items.push(Element::Item(Expr::Lit(Value::Undefined)));
                continue;
            }
            let spread = self.eat("...");
            let (item, h) = self.expression()?;
            height = height.max(h);
            items.push(if spread { Element::Spread(item) } else { Element::Item(item) });
            if !self.eat(",") {
                self.expect("]")?;
                break;
            }
        }
        self.depth -= 1;
        self.node(Expr::Array(items), height + 1, offset)
    }

    #[cold]
    fn no_property_name(&self, dot: usize) -> SyntaxError {
        match self.peek() {
            Token::End => error("expected a property name after `.`", dot),
            token => error(
                format!("expected a property name after `.`, found {}", describe(token)),
                self.offset(),
            ),
        }
    }

    /// Object properties up to `close` (`}`, consumed), or to the end of the input when
    /// `None`. Returns the tallest value's height too.
    fn properties(&mut self, close: Option<&str>) -> Result<(Vec<Property>, usize), SyntaxError> {
        let (mut properties, mut height) = (Vec::new(), 0);
        loop {
            let done = match close {
                Some(close) => self.eat(close),
                None => matches!(self.peek(), Token::End),
            };
            if done {
                return Ok((properties, height));
            }
            if self.eat("...") {
                let (value, h) = self.expression()?;
                height = height.max(h);
                properties.push(Property::Spread(value));
            } else {
                let key_offset = self.offset();
                let (key, shorthand): (Rc<str>, bool) = match self.next() {
                    Token::Ident(name) => {
                        let keyword = matches!(&*name, "true" | "false" | "null");
                        (name, !keyword)
                    }
                    Token::Str(name) => (name, false),
                    Token::Num(n) => (number_to_string(n).into(), false),
                    token => {
                        let found = if token == Token::End {
                            "the end".to_owned()
                        } else {
                            describe(&token)
                        };
                        return Err(error(
                            format!("expected a property name, found {found}"),
                            key_offset,
                        ));
                    }
                };
                let value = if shorthand && !self.is(":") {
                    (Expr::Ident(key.clone()), 1)
                } else {
                    self.expect(":")?;
                    self.expression()?
                };
                height = height.max(value.1);
                properties.push(Property::Pair(key, value.0));
            }
            if !self.eat(",") {
                match close {
                    Some(close) => self.expect(close)?,
                    None => self.end()?,
                }
                return Ok((properties, height));
            }
        }
    }
}

/// A token as error messages show it.
fn describe(token: &Token) -> String {
    match token {
        Token::End => "end of expression".to_owned(),
        Token::Num(n) => format!("`{}`", number_to_string(*n)),
        Token::Str(s) => format!("string {s:?}"),
        Token::Ident(name) => format!("`{name}`"),
        Token::Punct(p) => format!("`{p}`"),
    }
}

/// A binary operator and its precedence (higher binds tighter), as in JS.
fn binary_op(punct: &str) -> Option<(BinaryOp, u8)> {
    Some(match punct {
        "||" => (BinaryOp::Or, 1),
        "&&" => (BinaryOp::And, 2),
        "==" => (BinaryOp::Eq, 3),
        "!=" => (BinaryOp::Ne, 3),
        "===" => (BinaryOp::StrictEq, 3),
        "!==" => (BinaryOp::StrictNe, 3),
        "<" => (BinaryOp::Lt, 4),
        ">" => (BinaryOp::Gt, 4),
        "<=" => (BinaryOp::Le, 4),
        ">=" => (BinaryOp::Ge, 4),
        "+" => (BinaryOp::Add, 5),
        "-" => (BinaryOp::Sub, 5),
        "*" => (BinaryOp::Mul, 6),
        "/" => (BinaryOp::Div, 6),
        "%" => (BinaryOp::Rem, 6),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Scope;

    fn ok(source: &str) -> Expr {
        parse(source).unwrap_or_else(|e| panic!("{source}: {e:?}"))
    }

    fn id(name: &str) -> Expr {
        Expr::Ident(name.into())
    }

    fn num(n: f64) -> Expr {
        Expr::Lit(Value::Num(n))
    }

    fn st(s: &str) -> Expr {
        Expr::Lit(Value::str(s))
    }

    fn bin(op: BinaryOp, l: Expr, r: Expr) -> Expr {
        Expr::Binary(op, Box::new(l), Box::new(r))
    }

    fn member(o: Expr, k: Expr) -> Expr {
        Expr::Member(Box::new(o), Box::new(k))
    }

    fn un(op: UnaryOp, e: Expr) -> Expr {
        Expr::Unary(op, Box::new(e))
    }

    fn cond(t: Expr, a: Expr, b: Expr) -> Expr {
        Expr::Cond(Box::new(t), Box::new(a), Box::new(b))
    }

    fn fails(source: &str) -> (String, usize) {
        let e = parse(source).expect_err(source);
        (e.message, e.offset)
    }

    #[test]
    fn number_literals() {
        for (source, value) in [
            ("0", 0.0),
            ("42", 42.0),
            ("007", 7.0),
            ("3.25", 3.25),
            (".5", 0.5),
            ("5.", 5.0),
            ("1e3", 1000.0),
            ("1E3", 1000.0),
            ("2.5e-2", 0.025),
            ("2e+2", 200.0),
            ("1.e1", 10.0),
            ("0xff", 255.0),
            ("0XFF", 255.0),
            ("0x10000000000000000", 18446744073709551616.0),
        ] {
            assert_eq!(ok(source), num(value), "{source}");
        }
        assert_eq!(ok("1e400"), num(f64::INFINITY));
    }

    #[test]
    fn string_literals() {
        for (source, value) in [
            ("'a'", "a"),
            ("\"a b\"", "a b"),
            ("''", ""),
            ("'say \"hi\"'", "say \"hi\""),
            ("\"it's\"", "it's"),
            (r"'\n\t\r\b\f\v\0'", "\n\t\r\u{8}\u{c}\u{b}\0"),
            (r#"'\'\"\\'"#, "'\"\\"),
            (r"'\u0041\u00e9'", "Aé"),
            (r"'\x41'", "A"),
            (r"'\u{1F600}'", "😀"),
            (r"'\uD83D\uDE00'", "😀"),
            (r"'\uD83D'", "\u{fffd}"),
            (r"'\q\$'", "q$"),
            ("'a\\\nb'", "ab"),
            ("'a\\\r\nb'", "ab"),
            ("'中文 }}'", "中文 }}"),
        ] {
            assert_eq!(ok(source), st(value), "{source}");
        }
    }

    #[test]
    fn keywords_and_identifiers() {
        assert_eq!(ok("true"), Expr::Lit(Value::Bool(true)));
        assert_eq!(ok("false"), Expr::Lit(Value::Bool(false)));
        assert_eq!(ok("null"), Expr::Lit(Value::Null));
        assert_eq!(ok("undefined"), Expr::Lit(Value::Undefined));
        for name in ["a", "$", "_x", "a1", "$item_2", "中文", "trueish", "nullable", "été"] {
            assert_eq!(ok(&format!("  {name}\t")), id(name), "{name}");
        }
        // A non-ASCII space separates names like an ASCII one.
        assert_eq!(fails("a\u{3000}b"), ("unexpected token `b`".into(), 4));
    }

    #[test]
    fn precedence_and_associativity() {
        use BinaryOp::*;
        let (a, b, c, d) = (id("a"), id("b"), id("c"), id("d"));
        assert_eq!(ok("a + b * c"), bin(Add, a.clone(), bin(Mul, b.clone(), c.clone())));
        assert_eq!(ok("a * b + c"), bin(Add, bin(Mul, a.clone(), b.clone()), c.clone()));
        assert_eq!(ok("a - b - c"), bin(Sub, bin(Sub, a.clone(), b.clone()), c.clone()));
        assert_eq!(ok("a / b % c"), bin(Rem, bin(Div, a.clone(), b.clone()), c.clone()));
        assert_eq!(ok("(a + b) * c"), bin(Mul, bin(Add, a.clone(), b.clone()), c.clone()));
        assert_eq!(
            ok("a < b == c >= d"),
            bin(Eq, bin(Lt, a.clone(), b.clone()), bin(Ge, c.clone(), d.clone()))
        );
        assert_eq!(ok("a + b > c"), bin(Gt, bin(Add, a.clone(), b.clone()), c.clone()));
        assert_eq!(
            ok("a === b !== c"),
            bin(StrictNe, bin(StrictEq, a.clone(), b.clone()), c.clone())
        );
        assert_eq!(ok("a != b <= c"), bin(Ne, a.clone(), bin(Le, b.clone(), c.clone())));
        assert_eq!(ok("a || b && c"), bin(Or, a.clone(), bin(And, b.clone(), c.clone())));
        assert_eq!(ok("a && b || c"), bin(Or, bin(And, a.clone(), b.clone()), c.clone()));
        assert_eq!(ok("a == b && c"), bin(And, bin(Eq, a.clone(), b.clone()), c.clone()));
        assert_eq!(
            ok("a ? b : c ? d : a"),
            cond(a.clone(), b.clone(), cond(c.clone(), d.clone(), a.clone()))
        );
        assert_eq!(
            ok("a ? b ? c : d : a"),
            cond(a.clone(), cond(b.clone(), c.clone(), d.clone()), a.clone())
        );
        assert_eq!(ok("a || b ? c : d"), cond(bin(Or, a.clone(), b.clone()), c.clone(), d.clone()));
        assert_eq!(ok("-a * b"), bin(Mul, un(UnaryOp::Neg, a.clone()), b.clone()));
        assert_eq!(ok("!a.b"), un(UnaryOp::Not, member(a.clone(), st("b"))));
        assert_eq!(ok("!-+a"), un(UnaryOp::Not, un(UnaryOp::Neg, un(UnaryOp::Plus, a.clone()))));
        assert_eq!(ok("a - -b"), bin(Sub, a.clone(), un(UnaryOp::Neg, b.clone())));
        assert_eq!(ok("((a))"), a);
    }

    #[test]
    fn members() {
        let a = id("a");
        assert_eq!(ok("a.b"), member(a.clone(), st("b")));
        assert_eq!(ok("a . b"), member(a.clone(), st("b")));
        assert_eq!(ok("a.true.null"), member(member(a.clone(), st("true")), st("null")));
        assert_eq!(ok("a[0]"), member(a.clone(), num(0.0)));
        assert_eq!(ok("a['x'].y"), member(member(a.clone(), st("x")), st("y")));
        assert_eq!(ok("a[b + 1]"), member(a.clone(), bin(BinaryOp::Add, id("b"), num(1.0))));
        assert_eq!(ok("a[b[c]]"), member(a, member(id("b"), id("c"))));
        assert_eq!(ok("'ab'.length"), member(st("ab"), st("length")));
    }

    #[test]
    fn array_and_object_literals() {
        assert_eq!(ok("[]"), Expr::Array(vec![]));
        assert_eq!(ok("[1, ]"), Expr::Array(vec![Element::Item(num(1.0))]));
        assert_eq!(
            ok("[a, ...b]"),
            Expr::Array(vec![Element::Item(id("a")), Element::Spread(id("b"))])
        );
        assert_eq!(
            ok("[, 1]"),
            Expr::Array(vec![Element::Item(Expr::Lit(Value::Undefined)), Element::Item(num(1.0))])
        );
        assert_eq!(ok("{}"), Expr::Object(vec![]));
        assert_eq!(
            ok("{a: 1, 'b c': 2, \"e\": 3, 4: 5, d, ...e, true: 6, }"),
            Expr::Object(vec![
                Property::Pair("a".into(), num(1.0)),
                Property::Pair("b c".into(), num(2.0)),
                Property::Pair("e".into(), num(3.0)),
                Property::Pair("4".into(), num(5.0)),
                Property::Pair("d".into(), id("d")),
                Property::Spread(id("e")),
                Property::Pair("true".into(), num(6.0)),
            ])
        );
        assert_eq!(
            ok("{a: {b: [1]}}"),
            Expr::Object(vec![Property::Pair(
                "a".into(),
                Expr::Object(vec![Property::Pair(
                    "b".into(),
                    Expr::Array(vec![Element::Item(num(1.0))])
                )])
            )])
        );
    }

    #[test]
    fn object_bodies() {
        assert_eq!(
            parse_object_body("...item, index, a: 1,").unwrap(),
            Expr::Object(vec![
                Property::Spread(id("item")),
                Property::Pair("index".into(), id("index")),
                Property::Pair("a".into(), num(1.0))
            ])
        );
        assert_eq!(parse_object_body("").unwrap(), Expr::Object(vec![]));
        assert_eq!(
            parse_object_body("  item ").unwrap(),
            Expr::Object(vec![Property::Pair("item".into(), id("item"))])
        );
        let e = parse_object_body("a: 1 b").unwrap_err();
        assert_eq!((e.message.as_str(), e.offset), ("unexpected token `b`", 5));
        let e = parse_object_body("a b").unwrap_err();
        assert_eq!((e.message.as_str(), e.offset), ("unexpected token `b`", 2));
        assert!(parse_object_body("a: f(1)").unwrap_err().message.contains("function calls"));
        assert_eq!(
            parse_object_body(",").unwrap_err().message,
            "expected a property name, found `,`"
        );
    }

    #[test]
    fn syntax_errors() {
        for (source, message, offset) in [
            ("", "unexpected end of expression", 0),
            ("a +", "unexpected end of expression", 3),
            ("a + )", "unexpected token `)`", 4),
            ("()", "unexpected token `)`", 1),
            ("(a", "expected `)`, found the end", 2),
            ("(a]", "expected `)`, found `]`", 2),
            ("a ? b", "expected `:`, found the end", 5),
            ("a ? b c", "expected `:`, found `c`", 6),
            ("f(1)", "function calls are not supported in WXML expressions", 1),
            ("a.b(1)", "function calls are not supported in WXML expressions", 3),
            ("(a)(1)", "function calls are not supported in WXML expressions", 3),
            ("'open", "unterminated string", 0),
            ("a + \"x\\", "unterminated string", 4),
            ("a b", "unexpected token `b`", 2),
            ("a 'b'", "unexpected token string \"b\"", 2),
            ("a 1", "unexpected token `1`", 2),
            ("a = 1", "unexpected character `=`", 2),
            ("a & b", "unexpected character `&`", 2),
            ("a | b", "unexpected character `|`", 2),
            ("a # b", "unexpected character `#`", 2),
            ("a.", "expected a property name after `.`", 1),
            ("a.+", "expected a property name after `.`, found `+`", 2),
            ("a.'b'", "expected a property name after `.`, found string \"b\"", 2),
            ("a[1", "expected `]`, found the end", 3),
            ("3px", "invalid number `3px`", 0),
            ("1.2.3", "invalid number `1.2.3`", 0),
            ("0x", "invalid number `0x`", 0),
            ("0xg", "invalid number `0xg`", 0),
            ("1e", "invalid number `1e`", 0),
            ("1e+", "invalid number `1e+`", 0),
            (r"'\u12'", "invalid `\\u` escape", 1),
            (r"'\u+041'", "invalid `\\u` escape", 1),
            (r"'\u{110000}'", "invalid `\\u` escape", 1),
            (r"'\xZ1'", "invalid `\\x` escape", 1),
            ("[1 2]", "expected `]`, found `2`", 3),
            ("[...]", "unexpected token `]`", 4),
            ("{a: 1", "expected `}`, found the end", 5),
            ("{'a'}", "expected `:`, found `}`", 4),
            ("{1}", "expected `:`, found `}`", 2),
            ("{true}", "expected `:`, found `}`", 5),
            ("{a: 1 b: 2}", "expected `}`, found `b`", 6),
            ("{,}", "expected a property name, found `,`", 1),
            ("{[a]: 1}", "expected a property name, found `[`", 1),
            ("{a:}", "unexpected token `}`", 3),
            ("...a", "unexpected token `...`", 0),
            ("a ** b", "unexpected token `*`", 3),
            ("}", "unexpected token `}`", 0),
        ] {
            assert_eq!(fails(source), (message.to_owned(), offset), "{source}");
        }
    }

    #[test]
    fn nesting_is_capped() {
        let too_deep = |source: String| {
            let (message, _) = fails(&source);
            assert_eq!(
                message,
                "expression nested too deeply",
                "{}",
                source.get(..40).unwrap_or(&source)
            );
        };
        // Recursion in the parser…
        too_deep("(".repeat(100_000));
        too_deep("!".repeat(100_000) + "a");
        too_deep("[".repeat(100_000));
        too_deep("{a:".repeat(100_000));
        too_deep("a?".repeat(100_000));
        too_deep("a[".repeat(100_000));
        // …and tall trees built by loops.
        too_deep("a+".repeat(100_000) + "a");
        too_deep("a".to_owned() + &"[0]".repeat(100_000));
        too_deep("a".to_owned() + &".b".repeat(100_000));
        too_deep((0..3).fold("a".to_owned(), |inner, _| format!("({inner}{})", "+a".repeat(100))));
        assert!(parse_object_body(&"a:[".repeat(10_000)).is_err());
        // The exact limits: 100 levels of brackets, trees 200 high.
        assert!(parse(&("(".repeat(99) + "a" + &")".repeat(99))).is_ok());
        too_deep("(".repeat(100) + "a" + &")".repeat(100));
        assert!(parse(&("a+".repeat(199) + "a")).is_ok());
        too_deep("a+".repeat(200) + "a");
        // Wide literals are not deep.
        assert!(parse(&format!("[{}]", "1,".repeat(100_000))).is_ok());
    }

    /// The deepest accepted expressions parse, evaluate and drop within 1 MiB of stack
    /// (wasm's default), even unoptimised.
    #[test]
    fn deepest_accepted_fits_a_small_stack() {
        let deepest = [
            "(".repeat(99) + "a" + &")".repeat(99),
            "-".repeat(99) + "a",
            "[".repeat(49) + &"]".repeat(49),
            "{a:".repeat(49) + "1" + &"}".repeat(49),
            "a?".repeat(99) + "a" + &":a".repeat(99),
            "a".to_owned() + &"[a".repeat(99) + &"]".repeat(99),
            "a+".repeat(199) + "a",
            "a".to_owned() + &".b".repeat(199),
            "(".repeat(98) + &"a+".repeat(199) + "a" + &")".repeat(98),
        ];
        let worker = std::thread::Builder::new().stack_size(1 << 20).spawn(move || {
            for source in deepest {
                let expr = parse(&source)
                    .unwrap_or_else(|e| panic!("{}: {e:?}", source.get(..20).unwrap_or("")));
                expr.eval(&Empty);
                expr.visit_names(&mut |_| {});
                assert_eq!(expr.clone(), expr);
                Interp::parse(&format!("{{{{{source}}}}}")).unwrap().eval(&Empty);
            }
        });
        worker.unwrap().join().unwrap();
    }

    #[test]
    fn interpolations() {
        assert_eq!(Interp::parse("").unwrap(), Interp::Static("".into()));
        assert_eq!(Interp::parse("plain }} text").unwrap(), Interp::Static("plain }} text".into()));
        assert_eq!(Interp::parse("{{a}}").unwrap(), Interp::Single(id("a")));
        assert_eq!(Interp::parse("{{ a.b }}").unwrap(), Interp::Single(member(id("a"), st("b"))));
        assert_eq!(
            Interp::parse(" {{a}}").unwrap(),
            Interp::Concat(vec![Part::Text(" ".into()), Part::Expr(id("a"))])
        );
        assert_eq!(
            Interp::parse("{{a}}\n").unwrap(),
            Interp::Concat(vec![Part::Expr(id("a")), Part::Text("\n".into())])
        );
        assert_eq!(
            Interp::parse("{{a}}{{b}}").unwrap(),
            Interp::Concat(vec![Part::Expr(id("a")), Part::Expr(id("b"))])
        );
        assert_eq!(
            Interp::parse("x{{a}}y{{b}}z").unwrap(),
            Interp::Concat(vec![
                Part::Text("x".into()),
                Part::Expr(id("a")),
                Part::Text("y".into()),
                Part::Expr(id("b")),
                Part::Text("z".into())
            ])
        );
        assert_eq!(Interp::parse("{{ \"}}\" }}").unwrap(), Interp::Single(st("}}")));
        assert_eq!(Interp::parse("{{ '\\'}}' }}").unwrap(), Interp::Single(st("'}}")));
        assert_eq!(
            Interp::parse("{{ {a: 1} }}").unwrap(),
            Interp::Single(Expr::Object(vec![Property::Pair("a".into(), num(1.0))]))
        );
        assert_eq!(Interp::parse("{{{a: {b: 1}}}}").unwrap(), Interp::Single(ok("{a: {b: 1}}")));
        assert_eq!(Interp::parse("{{a: 1, b}}").unwrap(), Interp::Single(ok("{a: 1, b}")));
        assert_eq!(Interp::parse("{{...item}}").unwrap(), Interp::Single(ok("{...item}")));
        assert_eq!(Interp::parse("{{}}").unwrap(), Interp::Single(Expr::Lit(Value::Undefined)));
        assert_eq!(
            Interp::parse("{{a}}}").unwrap(),
            Interp::Concat(vec![Part::Expr(id("a")), Part::Text("}".into())])
        );
        assert_eq!(
            Interp::parse("{{ a < b }}").unwrap(),
            Interp::Single(bin(BinaryOp::Lt, id("a"), id("b")))
        );
    }

    #[test]
    fn interpolation_errors() {
        for (source, message, offset) in [
            ("{{a", "unclosed `{{`", 0),
            ("ok {{a}} {{b", "unclosed `{{`", 9),
            ("{{ 'a }}", "unterminated string", 3),
            ("x {{a + }}", "unexpected end of expression", 8),
            ("{{a b}}", "unexpected token `b`", 4),
            ("{{f(1)}}", "function calls are not supported in WXML expressions", 3),
            // The object-body reading got further, so its error is the one shown.
            ("{{a: 1 b: 2}}", "unexpected token `b`", 7),
            ("{{a: }}", "unexpected end of expression", 5),
        ] {
            let e = Interp::parse(source).expect_err(source);
            assert_eq!((e.message.as_str(), e.offset), (message, offset), "{source}");
        }
    }

    /// The xorshift64 generator: deterministic, no dependency.
    fn next(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    struct Empty;

    impl Scope for Empty {
        fn lookup(&self, _: &str) -> Value {
            Value::Undefined
        }
    }

    /// Parses (and evaluates) `source` every way the view does; only panics matter.
    fn exercise(source: &str) {
        if let Ok(expr) = parse(source) {
            expr.eval(&Empty);
            expr.visit_names(&mut |_| {});
            expr.as_path();
        }
        if let Ok(expr) = parse_object_body(source) {
            expr.eval(&Empty);
        }
        if let Ok(interp) = Interp::parse(source) {
            interp.eval(&Empty);
        }
        if let Ok(interp) = Interp::parse(&format!("x{{{{{source}}}}}y")) {
            interp.eval(&Empty);
        }
    }

    #[test]
    fn fuzzed_expressions_never_panic() {
        let pieces = [
            "a", "b", "1", ".5", "0x", "e", "'s'", "'", "\"", "\\", "\\u", "\\x", "{", "}", "{{",
            "}}", "[", "]", "(", ")", "+", "-", "*", "/", "%", "!", "?", ":", ".", ",", "...",
            "==", "===", "!=", "<", ">=", "&&", "||", " ", "é", "中", "\u{3000}", "😀", "true",
            "null", "9e9", "=", "&",
        ];
        let samples = [
            "a + b * 3",
            "user.name",
            "list[index].title",
            "flag ? 'on' : 'off'",
            "{a: 1, ...b, c}",
            "[1, ...list, 'x']",
            "!(a || b) && c >= 0x1f",
            "'\\u0041\\n' + \"x\"",
            "-a % 2 === 0",
            "...item, index",
            "{{a}} and {{ {b: 1} }}",
        ];
        let mut seed = 0xda94_2042_e4dd_58b5_u64;
        for case in 0..20_000 {
            let mut source = String::new();
            if case % 2 == 0 {
                for _ in 0..next(&mut seed) % 16 {
                    source.push_str(pieces[(next(&mut seed) % pieces.len() as u64) as usize]);
                }
            } else {
                // A valid sample with a few characters replaced, inserted or removed.
                let mut chars: Vec<char> =
                    samples[(next(&mut seed) % samples.len() as u64) as usize].chars().collect();
                for _ in 0..1 + next(&mut seed) % 3 {
                    let at = (next(&mut seed) % (chars.len() as u64 + 1)) as usize;
                    let piece = pieces[(next(&mut seed) % pieces.len() as u64) as usize];
                    match next(&mut seed) % 3 {
                        0 if at < chars.len() => {
                            chars.remove(at);
                        }
                        1 if at < chars.len() => {
                            chars.splice(at..=at, piece.chars());
                        }
                        _ => {
                            chars.splice(at..at, piece.chars());
                        }
                    }
                }
                source = chars.into_iter().collect();
            }
            exercise(&source);
        }
    }
}
