//! Parsing the expressions inside `{{ }}`: a tokenizer and a precedence-climbing parser
//! for WXML's subset of JS.

use std::rc::Rc;

use super::{BinaryOp, Element, Expr, Interp, Part, Property, SyntaxError, UnaryOp};
use crate::view::value::Value;

/// Parses one expression, e.g. the inside of `{{a + 1}}`.
pub fn parse(source: &str) -> Result<Expr, SyntaxError> {
    let mut parser = Parser::new(source)?;
    let expr = parser.expression()?;
    parser.end()?;
    Ok(expr)
}

/// Parses the inside of a template's `data="{{…}}"`: an object literal without braces
/// (`...item, index, extra: 1`).
pub fn parse_object_body(source: &str) -> Result<Expr, SyntaxError> {
    let mut parser = Parser::new(source)?;
    let properties = parser.properties(None)?;
    parser.end()?;
    Ok(Expr::Object(properties))
}

impl Interp {
    /// Splits text with `{{ }}` into literal text and expressions. `{{a: 1}}` is an
    /// object, as in WeChat; `}}` inside a string or a nested object does not close.
    pub fn parse(source: &str) -> Result<Interp, SyntaxError> {
        let mut parts = Vec::new();
        let mut rest = 0;
        while let Some(open) = source[rest..].find("{{").map(|i| i + rest) {
            let inner_start = open + 2;
            let close = closing(source, inner_start).ok_or(SyntaxError { message: "unclosed {{".into(), offset: open })?;
            if open > rest {
                parts.push(Part::Text(source[rest..open].into()));
            }
            let inner = &source[inner_start..close];
            let expr = parse(inner)
                .or_else(|first| parse_object_body(inner).map_err(|_| first))
                .map_err(|e| SyntaxError { message: e.message, offset: e.offset + inner_start })?;
            parts.push(Part::Expr(expr));
            rest = close + 2;
        }
        if parts.is_empty() {
            return Ok(Interp::Static(source.into()));
        }
        if rest < source.len() {
            parts.push(Part::Text(source[rest..].into()));
        }
        if let [Part::Expr(_)] = parts.as_slice() {
            if let Some(Part::Expr(expr)) = parts.pop() {
                return Ok(Interp::Single(expr));
            }
        }
        Ok(Interp::Concat(parts))
    }
}

/// The offset of the `}}` that closes an expression starting at `start`.
fn closing(source: &str, start: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let (mut i, mut depth, mut quote) = (start, 0usize, None::<u8>);
    while let Some(&b) = bytes.get(i) {
        match (quote, b) {
            (Some(_), b'\\') => i += 1,
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'}') if depth == 0 && bytes.get(i + 1) == Some(&b'}') => return Some(i),
            (None, b'{') => depth += 1,
            (None, b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Num(f64),
    Str(Rc<str>),
    Ident(Rc<str>),
    Punct(&'static str),
    End,
}

const PUNCTS: [&str; 26] = [
    "===", "!==", "...", "==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "!", "?", ":", ".", ",",
    "(", ")", "[", "]", "{",
];

/// How deeply expressions may nest before the parser refuses them.
const MAX_DEPTH: usize = 200;

struct Parser {
    tokens: Vec<(Token, usize)>,
    at: usize,
    depth: usize,
    source_len: usize,
}

fn error(message: impl Into<String>, offset: usize) -> SyntaxError {
    SyntaxError { message: message.into(), offset }
}

fn tokenize(source: &str) -> Result<Vec<(Token, usize)>, SyntaxError> {
    let mut tokens = Vec::new();
    let mut chars = source.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_digit() || (c == '.' && source[start + 1..].starts_with(|d: char| d.is_ascii_digit())) {
            let end = number_end(source, start);
            let text = &source[start..end];
            let value = if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
                u64::from_str_radix(hex, 16).map(|n| n as f64).map_err(|_| error(format!("invalid number `{text}`"), start))?
            } else {
                text.parse::<f64>().map_err(|_| error(format!("invalid number `{text}`"), start))?
            };
            tokens.push((Token::Num(value), start));
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
        } else if c == '\'' || c == '"' {
            chars.next();
            let mut text = String::new();
            loop {
                match chars.next() {
                    None => return Err(error("unterminated string", start)),
                    Some((_, q)) if q == c => break,
                    Some((i, '\\')) => match chars.next() {
                        Some((_, 'n')) => text.push('\n'),
                        Some((_, 't')) => text.push('\t'),
                        Some((_, 'r')) => text.push('\r'),
                        Some((_, 'u')) => {
                            let hex: String = (0..4).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                            let code = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                            text.push(code.ok_or_else(|| error("invalid \\u escape", i))?);
                        }
                        Some((_, other)) => text.push(other),
                        None => return Err(error("unterminated string", start)),
                    },
                    Some((_, other)) => text.push(other),
                }
            }
            tokens.push((Token::Str(text.into()), start));
        } else if is_ident_start(c) {
            let end = source[start..].find(|c: char| !(is_ident_start(c) || c.is_ascii_digit())).map_or(source.len(), |e| e + start);
            tokens.push((Token::Ident(source[start..end].into()), start));
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
        } else if c == '}' {
            tokens.push((Token::Punct("}"), start));
            chars.next();
        } else {
            let punct = PUNCTS.iter().find(|p| source[start..].starts_with(**p)).ok_or_else(|| error(format!("unexpected character `{c}`"), start))?;
            tokens.push((Token::Punct(punct), start));
            for _ in 0..punct.len() {
                chars.next();
            }
        }
    }
    tokens.push((Token::End, source.len()));
    Ok(tokens)
}

/// Letters, `_`, `$` and any non-ASCII character (without Unicode tables, which would
/// double the size of the wasm build for names no template uses).
fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '$' || !c.is_ascii()
}

/// The end of a number literal starting at `start`: digits, a fraction, an exponent, or hex.
fn number_end(source: &str, start: usize) -> usize {
    let bytes = source.as_bytes();
    let mut i = start;
    if bytes.get(i) == Some(&b'0') && matches!(bytes.get(i + 1), Some(b'x' | b'X')) {
        i += 2;
        while bytes.get(i).is_some_and(u8::is_ascii_hexdigit) {
            i += 1;
        }
        return i;
    }
    while bytes.get(i).is_some_and(|b| b.is_ascii_digit() || *b == b'.') {
        i += 1;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if bytes.get(j).is_some_and(u8::is_ascii_digit) {
            i = j;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    i
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

    fn eat(&mut self, punct: &str) -> bool {
        if matches!(self.peek(), Token::Punct(p) if *p == punct) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, punct: &str) -> Result<(), SyntaxError> {
        if self.eat(punct) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("expected `{punct}`")))
        }
    }

    fn unexpected(&self, expected: &str) -> SyntaxError {
        let found = match self.peek() {
            Token::End => "the end".to_owned(),
            Token::Num(n) => format!("`{n}`"),
            Token::Str(s) => format!("\"{s}\""),
            Token::Ident(name) => format!("`{name}`"),
            Token::Punct(p) => format!("`{p}`"),
        };
        error(format!("{expected}, found {found}"), self.offset())
    }

    fn end(&self) -> Result<(), SyntaxError> {
        match self.peek() {
            Token::End => Ok(()),
            _ => Err(self.unexpected("unexpected token")),
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(error("expression nested too deeply", self.offset()));
        }
        Ok(())
    }

    /// `test ? then : otherwise`, or a binary expression.
    fn expression(&mut self) -> Result<Expr, SyntaxError> {
        self.enter()?;
        let test = self.binary(1)?;
        let expr = if self.eat("?") {
            let then = self.expression()?;
            self.expect(":")?;
            let otherwise = self.expression()?;
            Expr::Cond(Box::new(test), Box::new(then), Box::new(otherwise))
        } else {
            test
        };
        self.depth -= 1;
        Ok(expr)
    }

    fn binary(&mut self, min: u8) -> Result<Expr, SyntaxError> {
        let mut left = self.unary()?;
        while let Token::Punct(p) = self.peek() {
            let Some((op, precedence)) = binary_op(p) else { break };
            if precedence < min {
                break;
            }
            self.at += 1;
            let right = self.binary(precedence + 1)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        let op = match self.peek() {
            Token::Punct("!") => UnaryOp::Not,
            Token::Punct("-") => UnaryOp::Neg,
            Token::Punct("+") => UnaryOp::Plus,
            _ => return self.postfix(),
        };
        self.at += 1;
        self.enter()?;
        let operand = self.unary()?;
        self.depth -= 1;
        Ok(Expr::Unary(op, Box::new(operand)))
    }

    fn postfix(&mut self) -> Result<Expr, SyntaxError> {
        let mut expr = self.primary()?;
        loop {
            if self.eat(".") {
                match self.next() {
                    Token::Ident(name) => expr = Expr::Member(Box::new(expr), Box::new(Expr::Lit(Value::Str(name)))),
                    _ => {
                        self.at -= 1;
                        return Err(self.unexpected("expected a property name after `.`"));
                    }
                }
            } else if self.eat("[") {
                let key = self.expression()?;
                self.expect("]")?;
                expr = Expr::Member(Box::new(expr), Box::new(key));
            } else if matches!(self.peek(), Token::Punct("(")) {
                return Err(error("function calls are not supported in WXML expressions", self.offset()));
            } else {
                return Ok(expr);
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        match self.next() {
            Token::Num(n) => Ok(Expr::Lit(Value::Num(n))),
            Token::Str(s) => Ok(Expr::Lit(Value::Str(s))),
            Token::Ident(name) => Ok(match &*name {
                "true" => Expr::Lit(Value::Bool(true)),
                "false" => Expr::Lit(Value::Bool(false)),
                "null" => Expr::Lit(Value::Null),
                "undefined" => Expr::Lit(Value::Undefined),
                _ => Expr::Ident(name),
            }),
            Token::Punct("(") => {
                let inner = self.expression()?;
                self.expect(")")?;
                Ok(inner)
            }
            Token::Punct("[") => {
                self.enter()?;
                let mut items = Vec::new();
                while !self.eat("]") {
                    items.push(if self.eat("...") { Element::Spread(self.expression()?) } else { Element::Item(self.expression()?) });
                    if !self.eat(",") {
                        self.expect("]")?;
                        break;
                    }
                }
                self.depth -= 1;
                Ok(Expr::Array(items))
            }
            Token::Punct("{") => {
                self.enter()?;
                let properties = self.properties(Some("}"))?;
                self.depth -= 1;
                Ok(Expr::Object(properties))
            }
            _ => {
                self.at -= 1;
                Err(self.unexpected("expected a value"))
            }
        }
    }

    /// Object properties up to `close` (`}`), or to the end of the input when `None`.
    fn properties(&mut self, close: Option<&str>) -> Result<Vec<Property>, SyntaxError> {
        let mut properties = Vec::new();
        loop {
            let done = match close {
                Some(close) => self.eat(close),
                None => matches!(self.peek(), Token::End),
            };
            if done {
                return Ok(properties);
            }
            if self.eat("...") {
                properties.push(Property::Spread(self.expression()?));
            } else {
                let key: Rc<str> = match self.next() {
                    Token::Ident(name) | Token::Str(name) => name,
                    Token::Num(n) => crate::view::value::number_to_string(n).into(),
                    _ => {
                        self.at -= 1;
                        return Err(self.unexpected("expected a property name"));
                    }
                };
                let value = if self.eat(":") { self.expression()? } else { Expr::Ident(key.clone()) };
                properties.push(Property::Pair(key, value));
            }
            if !self.eat(",") {
                match close {
                    Some(close) => self.expect(close)?,
                    None => self.end()?,
                }
                return Ok(properties);
            }
        }
    }
}

/// A binary operator and its precedence (higher binds tighter).
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
