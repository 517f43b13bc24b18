//! The WXML parser: markup into raw elements first, then WXML's meaning — control
//! attributes, `<block>`, `<template>`, `<import>`, `<include>` — into [`Node`]s.
//!
//! `{{ }}` is parsed from the text as written, so expression errors point at the exact
//! line and column; entities are decoded in the literal text around it.

use std::rc::Rc;

use super::{
    Attr, Branch, Document, Element, ForLoop, Node, ParseError, Pos, TemplateDef, TemplateUse,
};
use crate::expr::{self, Interp, Part};

/// How many elements may enclose an element.
const MAX_DEPTH: usize = 256;

/// Parses a whole `.wxml` file.
pub fn parse(source: &str) -> Result<Document, ParseError> {
    let mut reader = Reader { src: source, pos: 0, lines: line_starts(source) };
    let raw = reader.children(None, 0)?;
    let mut doc = Document::default();
    doc.nodes = reader.convert(raw, &mut doc)?;
    Ok(doc)
}

/// Markup before its WXML meaning.
enum Raw {
    Text { text: String, at: usize },
    Element { tag: String, attrs: Vec<RawAttr>, children: Vec<Raw>, at: usize },
}

struct RawAttr {
    name: String,
    /// Where the name starts.
    at: usize,
    /// The value as written and the offset where it starts; `None` without `=`.
    value: Option<(String, usize)>,
}

struct Reader<'a> {
    src: &'a str,
    pos: usize,
    lines: Vec<usize>,
}

fn line_starts(source: &str) -> Vec<usize> {
    std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (!c.is_ascii() && !c.is_whitespace())
        || matches!(c, '-' | '_' | ':' | '.' | '@')
}

/// `<name`: the start of an element.
fn is_tag(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next() == Some('<')
        && chars.next().is_some_and(|c| {
            c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && !c.is_whitespace())
        })
}

/// An element, a close tag or a comment: markup rather than a `<` in text.
fn is_markup(text: &str) -> bool {
    is_tag(text) || text.starts_with("</") || text.starts_with("<!--")
}

/// Whitespace between tags, which is dropped (a no-break space is content).
fn is_blank(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_whitespace())
}

/// The offset of the `}}` that closes a `{{` whose inside starts at `start`: quotes and
/// nested braces are skipped, as [`Interp::parse`] does.
fn expression_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
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

/// The length of `text` up to the first character for which `stop` holds, skipping over
/// closed `{{ }}` (so a `<`, `>` or quote inside an expression does not stop it).
fn scan(text: &str, stop: impl Fn(&str) -> bool) -> usize {
    let mut i = 0;
    let mut expressions = true;
    while let Some(rest) = text.get(i..).filter(|r| !r.is_empty()) {
        if expressions && rest.starts_with("{{") {
            match expression_end(text, i + 2) {
                Some(end) => {
                    i = end + 2;
                    continue;
                }
                // Never closed: the error is for `Interp::parse`; look no further.
                None => expressions = false,
            }
        }
        if stop(rest) {
            break;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    i
}

impl<'a> Reader<'a> {
    fn at(&self, offset: usize) -> Pos {
        let line = self.lines.partition_point(|&start| start <= offset).max(1);
        let start = self.lines.get(line - 1).copied().unwrap_or(0);
        let column =
            self.src.get(start..offset.min(self.src.len())).map_or(0, |s| s.encode_utf16().count());
        Pos { line: line as u32, column: column as u32 + 1 }
    }

    fn error(&self, message: impl Into<String>, offset: usize) -> ParseError {
        ParseError { message: message.into(), pos: self.at(offset) }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn name(&mut self) -> String {
        let rest = self.rest();
        let end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        self.pos += end;
        rest.get(..end).unwrap_or("").to_owned()
    }

    /// Siblings until the close tag of `parent` (consumed) or the end of the file.
    fn children(
        &mut self,
        parent: Option<(&str, usize)>,
        depth: usize,
    ) -> Result<Vec<Raw>, ParseError> {
        let mut out = Vec::new();
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return match parent {
                    Some((tag, at)) => Err(self.error(format!("<{tag}> is not closed"), at)),
                    None => Ok(out),
                };
            }
            if rest.starts_with("<!--") {
                let end =
                    rest.find("-->").ok_or_else(|| self.error("unterminated comment", self.pos))?;
                self.pos += end + 3;
            } else if rest.starts_with("</") {
                let at = self.pos;
                self.pos += 2;
                let name = self.name();
                self.skip_space();
                if !self.rest().starts_with('>') {
                    return Err(self.error(format!("expected `>` to end `</{name}`"), self.pos));
                }
                self.pos += 1;
                return match parent {
                    Some((tag, _)) if tag == name => Ok(out),
                    Some((tag, _)) => {
                        Err(self.error(format!("expected `</{tag}>` but found `</{name}>`"), at))
                    }
                    None => Err(self.error(format!("unexpected `</{name}>`"), at)),
                };
            } else if is_tag(rest) {
                if let Some(element) = self.element(depth)? {
                    out.push(element);
                }
            } else {
                // Text up to the next markup; its first character is text even if a `<`.
                let at = self.pos;
                let len = scan(rest, |r| r.len() < rest.len() && is_markup(r));
                self.pos += len;
                out.push(Raw::Text { text: rest.get(..len).unwrap_or("").to_owned(), at });
            }
        }
    }

    /// One element, inside `depth` others, with its children; `None` for `<wxs>`, which
    /// is skipped.
    fn element(&mut self, depth: usize) -> Result<Option<Raw>, ParseError> {
        let at = self.pos;
        if depth >= MAX_DEPTH {
            return Err(self.error("elements nested too deeply", at));
        }
        self.pos += 1;
        let tag = self.name();
        let mut attrs = Vec::new();
        let self_closing = loop {
            self.skip_space();
            let rest = self.rest();
            if rest.starts_with("/>") {
                self.pos += 2;
                break true;
            }
            if rest.starts_with('>') {
                self.pos += 1;
                break false;
            }
            if rest.is_empty() {
                return Err(self.error(format!("<{tag}> is not closed"), at));
            }
            let name_at = self.pos;
            let name = self.name();
            if name.is_empty() {
                let c = rest.chars().next().unwrap_or(' ');
                return Err(self.error(format!("unexpected `{c}` in <{tag}>"), name_at));
            }
            self.skip_space();
            let value = if self.rest().starts_with('=') {
                self.pos += 1;
                self.skip_space();
                Some(self.attr_value(&name, name_at)?)
            } else {
                None
            };
            attrs.push(RawAttr { name, at: name_at, value });
        };
        if tag == "wxs" {
            if !self_closing {
                let end = self
                    .rest()
                    .find("</wxs>")
                    .ok_or_else(|| self.error("<wxs> is not closed", at))?;
                self.pos += end + "</wxs>".len();
            }
            return Ok(None);
        }
        let children = if self_closing {
            Vec::new()
        } else if matches!(tag.as_str(), "import" | "include") {
            // May be void; a close tag right after is optional.
            let close = format!("</{tag}>");
            let trimmed = self.rest().trim_start();
            if trimmed.starts_with(&close) {
                self.pos += self.rest().len() - trimmed.len() + close.len();
            }
            Vec::new()
        } else {
            self.children(Some((&tag, at)), depth + 1)?
        };
        Ok(Some(Raw::Element { tag, attrs, children, at }))
    }

    /// A quoted value up to its matching quote (a quote inside `{{ }}` does not end it),
    /// or an unquoted one up to a space, `>` or `/>`.
    fn attr_value(&mut self, name: &str, name_at: usize) -> Result<(String, usize), ParseError> {
        let rest = self.rest();
        let (start, len, skip) = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = rest.get(1..).unwrap_or("");
                let len = Some(scan(inner, |r| r.starts_with(quote)))
                    .filter(|&len| len < inner.len())
                    .or_else(|| inner.find(quote))
                    .ok_or_else(|| {
                        self.error(format!("the value of `{name}` is not closed"), name_at)
                    })?;
                (1, len, 2)
            }
            _ => (
                0,
                scan(rest, |r| {
                    r.starts_with(|c: char| c.is_whitespace() || c == '>') || r.starts_with("/>")
                }),
                0,
            ),
        };
        let value = rest.get(start..start + len).unwrap_or("").to_owned();
        let value_at = self.pos + start;
        self.pos += len + skip;
        Ok((value, value_at))
    }

    /// Text or an attribute value starting at byte `at`: `{{ }}` parsed, entities decoded
    /// in the literal parts. `{{a &amp;&amp; b}}` works too, as entity-encoded markup.
    fn interp(&self, text: &str, at: usize) -> Result<Interp, ParseError> {
        match Interp::parse(text) {
            Ok(interp) => Ok(decode_literals(interp)),
            Err(error) => {
                let decoded = decode_entities(text);
                match Interp::parse(&decoded) {
                    Ok(interp) if decoded != text => Ok(interp),
                    _ => Err(self.error(error.message, at + error.offset)),
                }
            }
        }
    }

    /// Gives the raw markup its WXML meaning.
    fn convert(&self, raw: Vec<Raw>, doc: &mut Document) -> Result<Vec<Node>, ParseError> {
        let mut out: Vec<Node> = Vec::new();
        for item in raw {
            let (tag, attrs, children, at) = match item {
                Raw::Text { text, at } => {
                    if !is_blank(&text) {
                        out.push(Node::Text(self.interp(&text, at)?));
                    }
                    continue;
                }
                Raw::Element { tag, attrs, children, at } => (tag, attrs, children, at),
            };
            let pos = self.at(at);
            let mut control = Control::default();
            let mut plain = Vec::new();
            for attr in attrs {
                let word = |attr: &RawAttr| {
                    attr.value.as_ref().map(|(v, _)| Rc::from(decode_entities(v.trim())))
                };
                match attr.name.as_str() {
                    "wx:if" => control.cond = Some(self.required(&attr)?),
                    "wx:elif" => control.elif = Some(self.required(&attr)?),
                    "wx:else" => control.otherwise = true,
                    "wx:for" | "wx:for-items" => control.list = Some(self.required(&attr)?),
                    "wx:for-item" => control.item = word(&attr),
                    "wx:for-index" => control.index = word(&attr),
                    "wx:key" => control.key = word(&attr),
                    _ => plain.push(attr),
                }
            }
            let find = |name: &str| plain.iter().find(|a| a.name == name);
            let value = |name: &str| find(name).and_then(|a| a.value.clone());
            let inner = match tag.as_str() {
                "template" if find("name").is_some() => {
                    let name =
                        value("name").map(|(n, _)| decode_entities(n.trim())).unwrap_or_default();
                    let nodes = self.convert(children, doc)?;
                    doc.templates.push(TemplateDef { name: name.into(), nodes: nodes.into() });
                    continue;
                }
                "import" => {
                    let (src, _) =
                        value("src").ok_or_else(|| self.error("<import> needs a src", at))?;
                    doc.imports.push(decode_entities(src.trim()).into());
                    continue;
                }
                "include" => {
                    let (src, _) =
                        value("src").ok_or_else(|| self.error("<include> needs a src", at))?;
                    Node::Include(decode_entities(src.trim()).into())
                }
                "block" => Node::Block(self.convert(children, doc)?),
                "template" => {
                    let (is, is_at) = value("is")
                        .ok_or_else(|| self.error("<template> needs a name or an is", at))?;
                    let data = match value("data") {
                        Some((text, data_at)) => Some(self.template_data(&text, data_at)?),
                        None => None,
                    };
                    Node::Template(TemplateUse { is: self.interp(&is, is_at)?, data, pos })
                }
                _ => {
                    let attrs = plain
                        .iter()
                        .map(|attr| {
                            let value = match &attr.value {
                                Some((text, value_at)) => Some(self.interp(text, *value_at)?),
                                None => None,
                            };
                            Ok(Attr { name: attr.name.as_str().into(), value })
                        })
                        .collect::<Result<Vec<_>, ParseError>>()?;
                    let children = self.convert(children, doc)?;
                    Node::Element(Element { tag: tag.as_str().into(), attrs, children, pos })
                }
            };
            // `wx:for` is outermost: it repeats the element together with its `wx:if`.
            let looped = |body: Node, control: &mut Control| match control.list.take() {
                Some(list) => Node::For(Box::new(ForLoop {
                    list,
                    item: control.item.take().unwrap_or_else(|| "item".into()),
                    index: control.index.take().unwrap_or_else(|| "index".into()),
                    key: control.key.take(),
                    body,
                })),
                None => body,
            };
            if control.elif.is_some() || control.otherwise {
                let which = if control.otherwise { "wx:else" } else { "wx:elif" };
                let cond = control.elif.take();
                let node = looped(inner, &mut control);
                match out.last_mut() {
                    Some(Node::If(branches))
                        if branches.last().is_some_and(|b| b.cond.is_some()) =>
                    {
                        branches.push(Branch { cond, node });
                    }
                    _ => return Err(self.error(format!("{which} without wx:if"), at)),
                }
            } else if let Some(cond) = control.cond.take() {
                let branch = Node::If(vec![Branch { cond: Some(cond), node: inner }]);
                out.push(looped(branch, &mut control));
            } else {
                out.push(looped(inner, &mut control));
            }
        }
        Ok(out)
    }

    /// The value of a control attribute that needs one.
    fn required(&self, attr: &RawAttr) -> Result<Interp, ParseError> {
        let (text, value_at) = attr
            .value
            .as_ref()
            .ok_or_else(|| self.error(format!("{} needs a value", attr.name), attr.at))?;
        self.interp(text, *value_at)
    }

    /// `data="{{...item, extra: 1}}"`: an object literal without its braces.
    fn template_data(&self, text: &str, at: usize) -> Result<expr::Expr, ParseError> {
        let trimmed = text.trim_start();
        let lead = text.len() - trimmed.len();
        let inner = trimmed
            .trim_end()
            .strip_prefix("{{")
            .and_then(|t| t.strip_suffix("}}"))
            .ok_or_else(|| self.error("template data must be written {{ … }}", at))?;
        let inner_at = at + lead + 2;
        expr::parse_object_body(inner)
            .or_else(|error| expr::parse_object_body(&decode_entities(inner)).map_err(|_| error))
            .map_err(|error| self.error(error.message, inner_at + error.offset))
    }
}

#[derive(Default)]
struct Control {
    cond: Option<Interp>,
    elif: Option<Interp>,
    otherwise: bool,
    list: Option<Interp>,
    item: Option<Rc<str>>,
    index: Option<Rc<str>>,
    key: Option<Rc<str>>,
}

/// Decodes the entities of the literal text of `interp`, not of its expressions.
fn decode_literals(interp: Interp) -> Interp {
    let decode =
        |text: Rc<str>| if text.contains('&') { decode_entities(&text).into() } else { text };
    match interp {
        Interp::Static(text) => Interp::Static(decode(text)),
        Interp::Concat(parts) => Interp::Concat(
            parts
                .into_iter()
                .map(|part| match part {
                    Part::Text(text) => Part::Text(decode(text)),
                    expr => expr,
                })
                .collect(),
        ),
        single => single,
    }
}

/// Decodes `&lt; &gt; &amp; &quot; &apos; &nbsp;` and numeric character references;
/// anything else (`&copy;`, a lone `&`) stays as written.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(rest.get(..start).unwrap_or(""));
        rest = rest.get(start..).unwrap_or("");
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let c = match rest.get(1..end)? {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                name => {
                    let (digits, radix) =
                        match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                            Some(hex) => (hex, 16),
                            None => (name.strip_prefix('#')?, 10),
                        };
                    let code = digits
                        .chars()
                        .all(|c| c.is_digit(radix))
                        .then(|| u32::from_str_radix(digits, radix).ok())
                        .flatten();
                    // Like HTML: NUL and surrogates become U+FFFD.
                    code.map(|code| {
                        char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{fffd}')
                    })?
                }
            };
            Some((c, end + 1))
        });
        let (c, len) = decoded.unwrap_or(('&', 1));
        out.push(c);
        rest = rest.get(len..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{Expr, Scope};
    use crate::value::Value;

    fn nodes(source: &str) -> Vec<Node> {
        parse(source).unwrap_or_else(|e| panic!("{source}: {e}")).nodes
    }

    fn element(node: &Node) -> &Element {
        match node {
            Node::Element(element) => element,
            other => panic!("not an element: {other:?}"),
        }
    }

    fn only(source: &str) -> Element {
        let parsed = nodes(source);
        assert_eq!(parsed.len(), 1, "{source}");
        element(&parsed[0]).clone()
    }

    fn attr(source: &str) -> Option<Interp> {
        only(source).attrs.into_iter().next().and_then(|a| a.value)
    }

    fn text_of(node: &Node) -> &Interp {
        match node {
            Node::Text(text) => text,
            other => panic!("not text: {other:?}"),
        }
    }

    fn error(source: &str) -> String {
        parse(source).unwrap_err().to_string()
    }

    fn stat(text: &str) -> Option<Interp> {
        Some(Interp::Static(text.into()))
    }

    fn single(source: &str) -> Option<Interp> {
        Some(Interp::Single(expr::parse(source).unwrap()))
    }

    struct Two;

    impl Scope for Two {
        fn lookup(&self, _: &str) -> Value {
            Value::Num(2.0)
        }
    }

    #[test]
    fn elements_attributes_and_text() {
        let view = only("<view id=\"a\" class='b {{c}}' hidden>\n  <text>x &amp; {{y}}</text>\n  <input value=plain/>\n</view>");
        assert_eq!(&*view.tag, "view");
        assert_eq!(view.pos, Pos { line: 1, column: 1 });
        assert_eq!(
            view.attrs.iter().map(|a| &*a.name).collect::<Vec<_>>(),
            ["id", "class", "hidden"]
        );
        assert_eq!(view.attrs[0].value, stat("a"));
        assert!(matches!(view.attrs[1].value, Some(Interp::Concat(_))));
        assert_eq!(view.attrs[2].value, None);
        assert_eq!(view.children.len(), 2);
        let text = element(&view.children[0]);
        assert_eq!(text.pos, Pos { line: 2, column: 3 });
        assert_eq!(
            text_of(&text.children[0]),
            &Interp::Concat(vec![Part::Text("x & ".into()), Part::Expr(Expr::Ident("y".into()))])
        );
        let input = element(&view.children[1]);
        assert_eq!((&*input.tag, input.attrs[0].value.clone()), ("input", stat("plain")));
        assert_eq!(only("<scroll-view/>").tag.as_ref(), "scroll-view");
        assert_eq!(only("<view></view >").children, []);
        assert_eq!(only("<my-comp.x_1 a:b=\"1\"/>").tag.as_ref(), "my-comp.x_1");
    }

    #[test]
    fn attribute_values() {
        assert_eq!(attr("<view a=\"x y\"/>"), stat("x y"));
        assert_eq!(attr("<view a='x \"y\"'/>"), stat("x \"y\""));
        assert_eq!(attr("<view a = \"x\" />"), stat("x"));
        assert_eq!(attr("<view a=\"\"/>"), stat(""));
        assert_eq!(attr("<view a=\"1 > 0\"/>"), stat("1 > 0"));
        assert_eq!(attr("<view a=\"line\nbreak\"/>"), stat("line\nbreak"));
        assert_eq!(attr("<view a=plain>x</view>"), stat("plain"));
        assert_eq!(nodes("<include src=a/b.wxml/>"), [Node::Include("a/b.wxml".into())]);
        assert_eq!(attr("<view a=x/>"), stat("x"));
        assert_eq!(attr("<view a=\"a &amp; b &lt;c&gt; &quot;&apos;\"/>"), stat("a & b <c> \"'"));
        assert_eq!(attr("<view a=\"{{n}}\"/>"), single("n"));
        assert_eq!(
            attr("<view a=\"{{ n > 1 ? 'big' : 'small' }}\"/>"),
            single("n > 1 ? 'big' : 'small'")
        );
        // A quote of the same kind inside `{{ }}` does not end the value.
        assert_eq!(attr("<view a=\"{{ n ? \"x\" : 'y' }}\" b=\"2\"/>"), single("n ? 'x' : 'y'"));
        assert_eq!(only("<view a=\"{{ \"\\\"\" }}\" b=\"2\"/>").attrs.len(), 2);
        assert_eq!(attr("<view a=\"{{a: 1, b: 2}}\"/>"), single("{a: 1, b: 2}"));
        assert_eq!(
            attr("<view a=\"&lt;{{n}}&gt;\"/>"),
            Some(Interp::Concat(vec![
                Part::Text("<".into()),
                Part::Expr(Expr::Ident("n".into())),
                Part::Text(">".into())
            ]))
        );
        // Entity-encoded operators inside an expression are understood.
        let Node::If(branches) = &nodes("<view wx:if=\"{{a &amp;&amp; b &lt; 2}}\">x</view>")[0]
        else {
            panic!("no if")
        };
        assert_eq!(branches[0].cond, single("a && b < 2"));
        // Names: bind:tap, data-*, catch.x.
        let names =
            only("<view bind:tap=\"go\" data-user-id=\"{{id}}\" catch.x=\"y\" _a=\"1\"/>").attrs;
        assert_eq!(
            names.iter().map(|a| &*a.name).collect::<Vec<_>>(),
            ["bind:tap", "data-user-id", "catch.x", "_a"]
        );
        let value = attr("<view data-n=\"{{n * 2}}\"/>").unwrap().eval(&Two);
        assert_eq!(value, Value::Num(4.0));
    }

    #[test]
    fn text_content() {
        let texts = |source: &str| {
            only(source).children.iter().map(|n| text_of(n).clone()).collect::<Vec<_>>()
        };
        assert_eq!(texts("<text>  a b  </text>"), [Interp::Static("  a b  ".into())]);
        assert_eq!(texts("<text>a < b</text>"), [Interp::Static("a < b".into())]);
        assert_eq!(texts("<text>a<1</text>"), [Interp::Static("a<1".into())]);
        assert_eq!(
            texts("<text>{{a < b}}</text>"),
            [Interp::Single(expr::parse("a < b").unwrap())]
        );
        assert_eq!(
            texts("<text>{{ '</text>' }}</text>"),
            [Interp::Single(expr::parse("'</text>'").unwrap())]
        );
        assert_eq!(texts("<text>{{a}}</text>"), [Interp::Single(Expr::Ident("a".into()))]);
        assert_eq!(texts("<text>\u{a0}</text>"), [Interp::Static("\u{a0}".into())]);
        assert_eq!(texts("<text>&nbsp;</text>"), [Interp::Static("\u{a0}".into())]);
        assert_eq!(
            texts("<text>&lt;&#65;&#x42;&#X43;&#0;&unknown; & &#xZZ; &#+65;</text>"),
            [Interp::Static("<ABC\u{fffd}&unknown; & &#xZZ; &#+65;".into())]
        );
        // An encoded `{{` is text, not an expression.
        assert_eq!(texts("<text>&#123;&#123;a}}</text>"), [Interp::Static("{{a}}".into())]);
        assert_eq!(texts("<text>{{a}} &amp; {{b}}</text>").len(), 1);
        assert_eq!(texts("<text><!DOCTYPE x></text>"), [Interp::Static("<!DOCTYPE x>".into())]);
        // Whitespace between tags is dropped, other text kept as written.
        assert_eq!(nodes("  \n <view/>  \n\t").len(), 1);
        assert_eq!(only("<view>\n  <text/>\n  x\n</view>").children.len(), 2);
        assert_eq!(nodes("hello"), [Node::Text(Interp::Static("hello".into()))]);
    }

    #[test]
    fn comments_are_dropped() {
        assert!(matches!(nodes("<!-- a --><view/><!-- <view> -->").as_slice(), [Node::Element(_)]));
        assert_eq!(only("<view><!--x-->a<!---->b</view>").children.len(), 2);
        let Node::If(branches) =
            &nodes("<view wx:if=\"{{a}}\"/>\n<!-- why -->\n<view wx:else/>")[0]
        else {
            panic!("no if")
        };
        assert_eq!(branches.len(), 2);
    }

    #[test]
    fn conditions_chain() {
        let parsed =
            nodes("<view wx:if=\"{{a}}\">1</view>\n<!-- c -->\n<view wx:elif=\"{{b}}\">2</view>\n<view wx:else>3</view><view>4</view>");
        assert_eq!(parsed.len(), 2);
        let Node::If(branches) = &parsed[0] else { panic!("no if") };
        assert_eq!(branches.len(), 3);
        assert_eq!(branches[0].cond, single("a"));
        assert_eq!(branches[1].cond, single("b"));
        assert!(branches[2].cond.is_none());
        assert!(branches.iter().all(|b| matches!(&b.node, Node::Element(e) if e.attrs.is_empty())));
        assert!(matches!(&parsed[1], Node::Element(_)));
        // Two chains in a row.
        assert_eq!(
            nodes("<a wx:if=\"{{x}}\"/><b wx:else/><c wx:if=\"{{y}}\"/><d wx:else/>").len(),
            2
        );
        // A static condition is kept as text for the renderer to judge.
        let Node::If(branches) = &nodes("<view wx:if=\"false\"/>")[0] else { panic!("no if") };
        assert_eq!(branches[0].cond, stat("false"));
        // wx:elif / wx:else need a wx:if right before.
        assert_eq!(error("<view wx:else>x</view>"), "1:1: wx:else without wx:if");
        assert_eq!(error("<view wx:elif=\"{{a}}\"/>"), "1:1: wx:elif without wx:if");
        assert_eq!(
            error("<view wx:if=\"{{a}}\"/><view wx:else/><view wx:else/>"),
            "1:37: wx:else without wx:if"
        );
        assert_eq!(
            error("<view wx:if=\"{{a}}\"/>text<view wx:else/>"),
            "1:26: wx:else without wx:if"
        );
        assert_eq!(
            error("<view wx:if=\"{{a}}\"/><view/><view wx:elif=\"{{b}}\"/>"),
            "1:29: wx:elif without wx:if"
        );
        assert_eq!(
            error("<view><view wx:if=\"{{a}}\"/></view><view wx:else/>"),
            "1:35: wx:else without wx:if"
        );
    }

    #[test]
    fn loops_wrap_conditions_and_blocks() {
        let parsed =
            nodes("<block wx:for=\"{{list}}\" wx:for-item=\"row\" wx:key=\"id\" wx:if=\"{{row.ok}}\"><text>{{row.n}}</text></block>");
        let Node::For(looped) = &parsed[0] else { panic!("no loop") };
        assert_eq!(Some(looped.list.clone()), single("list"));
        assert_eq!(
            (&*looped.item, &*looped.index, looped.key.as_deref()),
            ("row", "index", Some("id"))
        );
        let Node::If(branches) = &looped.body else { panic!("no if inside") };
        assert!(matches!(&branches[0].node, Node::Block(children) if children.len() == 1));
        let Node::For(looped) = &nodes(
            "<view wx:for-items=\"{{xs}}\" wx:for-index=\"i\" wx:key=\"*this\">{{item}}</view>",
        )[0] else {
            panic!("no loop")
        };
        assert_eq!(
            (&*looped.item, &*looped.index, looped.key.as_deref()),
            ("item", "i", Some("*this"))
        );
        let body = element(&looped.body);
        assert!(body.attrs.is_empty(), "control attributes are removed");
        // A loop on a wx:else branch stays inside the branch.
        let Node::If(branches) = &nodes("<a wx:if=\"{{x}}\"/><b wx:else wx:for=\"{{l}}\"/>")[0]
        else {
            panic!("no if")
        };
        assert!(matches!(&branches[1].node, Node::For(_)));
        assert_eq!(error("<view wx:for>x</view>"), "1:7: wx:for needs a value");
        assert_eq!(error("<view\n  wx:if>x</view>"), "2:3: wx:if needs a value");
    }

    #[test]
    fn blocks() {
        assert_eq!(nodes("<block><text/>x</block>").len(), 1);
        assert!(
            matches!(&nodes("<block><text/>x</block>")[0], Node::Block(children) if children.len() == 2)
        );
        let Node::If(branches) =
            &nodes("<block wx:if=\"{{a}}\"><view/></block><block wx:else>no</block>")[0]
        else {
            panic!("no if")
        };
        assert!(matches!(&branches[0].node, Node::Block(_)));
        assert!(
            matches!(&branches[1].node, Node::Block(children) if matches!(children[0], Node::Text(_)))
        );
    }

    #[test]
    fn templates_imports_includes() {
        let doc = parse(
            "<import src=\"a.wxml\"/><template name=\"t\"><text>{{x}}</text></template><template is=\"t\" data=\"{{...item, n: 1}}\"/>\
             <include src=\"b.wxml\"></include><wxs module=\"m\">var x = '<view>';</wxs><wxs src=\"./m.wxs\" module=\"n\"/>",
        )
        .unwrap();
        assert_eq!(doc.imports, [Rc::from("a.wxml")]);
        assert_eq!(doc.templates.len(), 1);
        assert_eq!(&*doc.templates[0].name, "t");
        assert_eq!(doc.templates[0].nodes.len(), 1);
        assert_eq!(doc.nodes.len(), 2);
        let Node::Template(using) = &doc.nodes[0] else { panic!("no template use") };
        assert_eq!(using.is, Interp::Static("t".into()));
        assert_eq!(using.data, Some(expr::parse_object_body("...item, n: 1").unwrap()));
        assert_eq!(using.pos, Pos { line: 1, column: 71 });
        assert_eq!(doc.nodes[1], Node::Include("b.wxml".into()));
        // Definitions are collected from any depth; imports and includes may be void.
        let doc =
            parse("<view><template name=\"inner\"><b/></template><import src=\"c.wxml\"><include src=\"d.wxml\"><text/></view>").unwrap();
        assert_eq!(doc.templates.iter().map(|t| &*t.name).collect::<Vec<_>>(), ["inner"]);
        assert_eq!(doc.imports, [Rc::from("c.wxml")]);
        assert_eq!(element(&doc.nodes[0]).children.len(), 2);
        // A template use may be computed, looped and conditional.
        let parsed = nodes("<template is=\"{{odd ? 'a' : 'b'}}\" data=\"{{item}}\" wx:for=\"{{rows}}\" wx:if=\"{{item.show}}\"/>");
        let Node::For(looped) = &parsed[0] else { panic!("no loop") };
        let Node::If(branches) = &looped.body else { panic!("no if") };
        let Node::Template(using) = &branches[0].node else { panic!("no template") };
        assert_eq!(Some(using.is.clone()), single("odd ? 'a' : 'b'"));
        assert_eq!(using.data, Some(expr::parse("{item}").unwrap()));
        assert_eq!(
            nodes("<template is=\"t\"/>"),
            [Node::Template(TemplateUse {
                is: Interp::Static("t".into()),
                data: None,
                pos: Pos { line: 1, column: 1 }
            })]
        );
        assert_eq!(nodes("<template is=\"t\" data=\" {{ }} \"/>").len(), 1);
    }

    #[test]
    fn errors_name_line_and_column() {
        for (source, expected) in [
            ("<view>\n  <text>x</view>", "2:10: expected `</text>` but found `</view>`"),
            ("<view>\n<text>", "2:1: <text> is not closed"),
            ("<view><text></text>", "1:1: <view> is not closed"),
            ("</view>", "1:1: unexpected `</view>`"),
            ("<view></view", "1:13: expected `>` to end `</view`"),
            ("<view", "1:1: <view> is not closed"),
            ("<view a=\"1\"", "1:1: <view> is not closed"),
            ("<view a=\"1\" \"x\">", "1:13: unexpected `\"` in <view>"),
            ("<view class=\"x/>", "1:7: the value of `class` is not closed"),
            ("<view class=\"{{a +}}\"/>", "1:19: unexpected end of expression"),
            ("<view>\n  {{ a b }}</view>", "2:8: unexpected token `b`"),
            ("<view>{{a</view>", "1:7: unclosed `{{`"),
            ("<view>\n x {{ 'a </view>", "2:7: unterminated string"),
            (
                "<view>中文 {{ f(1) }}</view>",
                "1:14: function calls are not supported in WXML expressions",
            ),
            ("<view\n  title=\"ok\"\n  class=\"a {{ b c }}\"/>", "3:17: unexpected token `c`"),
            ("<view a=\"{{x}}\" b=\"{{ (1 }}\"/>", "1:26: expected `)`, found the end"),
            ("<!-- open", "1:1: unterminated comment"),
            ("<view/><!-- open", "1:8: unterminated comment"),
            ("<include/>", "1:1: <include> needs a src"),
            ("<import/>", "1:1: <import> needs a src"),
            ("<template/>", "1:1: <template> needs a name or an is"),
            ("<template is=\"t\" data=\"item\"/>", "1:24: template data must be written {{ … }}"),
            ("<template is=\"t\" data=\"{{a: }}\"/>", "1:29: unexpected end of expression"),
            ("<template is=\"{{t\"/>", "1:15: unclosed `{{`"),
            ("<wxs module=\"m\">x", "1:1: <wxs> is not closed"),
        ] {
            assert_eq!(error(source), expected, "{source}");
        }
    }

    #[test]
    fn nesting_is_capped() {
        assert!(error(&"<view>".repeat(1000)).contains("elements nested too deeply"));
        assert!(error(&"<view><block wx:if=\"{{a}}\">".repeat(200))
            .contains("elements nested too deeply"));
        let fine = "<view>".repeat(200) + &"</view>".repeat(200);
        assert_eq!(nodes(&fine).len(), 1);
    }

    /// The deepest accepted document (elements with control attributes, the deepest
    /// expression inside) parses, evaluates and drops within 1 MiB of stack, wasm's
    /// default, when optimised; unoptimised frames are about four times larger.
    #[test]
    fn deepest_accepted_fits_a_small_stack() {
        let open = "<view wx:for=\"{{l}}\" wx:if=\"{{a}}\" class=\"x {{b}}\">".repeat(MAX_DEPTH);
        let deep_expression = "(".repeat(99) + "a" + &")".repeat(99);
        let source = format!("{open}{{{{{deep_expression}}}}}{}", "</view>".repeat(MAX_DEPTH));
        let stack = if cfg!(debug_assertions) { 4 << 20 } else { 1 << 20 };
        let worker = std::thread::Builder::new().stack_size(stack).spawn(move || {
            let doc = parse(&source).unwrap();
            evaluate(&doc.nodes);
            assert_eq!(doc.clone(), doc);
        });
        worker.unwrap().join().unwrap();
        let too_deep = format!("{open}\n<view/>");
        assert_eq!(error(&too_deep), "2:1: elements nested too deeply");
    }

    /// Evaluates every expression of `nodes` in an empty scope.
    fn evaluate(nodes: &[Node]) {
        struct Empty;
        impl Scope for Empty {
            fn lookup(&self, _: &str) -> Value {
                Value::Undefined
            }
        }
        for node in nodes {
            match node {
                Node::Text(text) => drop(text.eval(&Empty)),
                Node::Element(e) => {
                    e.attrs
                        .iter()
                        .filter_map(|a| a.value.as_ref())
                        .for_each(|v| drop(v.eval(&Empty)));
                    evaluate(&e.children);
                }
                Node::Block(children) => evaluate(children),
                Node::If(branches) => branches.iter().for_each(|b| {
                    b.cond.as_ref().map(|c| c.eval(&Empty));
                    evaluate(std::slice::from_ref(&b.node));
                }),
                Node::For(looped) => {
                    looped.list.eval(&Empty);
                    evaluate(std::slice::from_ref(&looped.body));
                }
                Node::Template(using) => {
                    using.is.eval(&Empty);
                    using.data.as_ref().map(|d| d.eval(&Empty));
                }
                Node::Include(_) => {}
            }
        }
    }

    #[test]
    fn fuzzed_markup_never_panics() {
        let pieces = [
            "<view",
            "<text",
            "<block",
            "<template",
            "<import",
            "<include",
            "<wxs>",
            "</wxs>",
            ">",
            "/>",
            "</view>",
            "</text>",
            "</block>",
            " a=\"",
            " b='",
            "=",
            "\"",
            "'",
            "{{",
            "}}",
            "{",
            "}",
            "x",
            "a + 1",
            " ",
            "\n",
            "&amp;",
            "&#",
            "&#x",
            ";",
            "&",
            "<",
            "</",
            "wx:if=\"{{a}}\"",
            " wx:elif=\"{{b}}\"",
            " wx:else",
            " wx:for=\"{{l}}\"",
            " wx:for-item=\"i\"",
            " is=\"t\"",
            " name=\"t\"",
            " data=\"{{...a}}\"",
            " src=\"a\"",
            "<!--",
            "-->",
            "é",
            "中",
            "😀",
            "\\",
            "?",
            ":",
        ];
        let samples = [
            "<view class=\"a {{b}}\" wx:if=\"{{c}}\">x &amp; {{y}}</view><view wx:else>z</view>",
            "<block wx:for=\"{{list}}\" wx:key=\"id\"><template is=\"t\" data=\"{{...item}}\"/></block>",
            "<import src=\"a.wxml\"/><template name=\"t\"><text>{{ n > 1 ? 'a' : \"b\" }}</text></template>",
            "<!-- c --><include src=\"b.wxml\"/><wxs module=\"m\">var a = 1;</wxs><text>a < b</text>",
        ];
        let mut seed = 0x5851_f42d_4c95_7f2d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for case in 0..20_000 {
            let source = if case % 2 == 0 {
                (0..next() % 20)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect::<String>()
            } else {
                let mut chars: Vec<char> =
                    samples[(next() % samples.len() as u64) as usize].chars().collect();
                for _ in 0..1 + next() % 4 {
                    let at = (next() % (chars.len() as u64 + 1)) as usize;
                    let piece = pieces[(next() % pieces.len() as u64) as usize];
                    match next() % 3 {
                        0 if at < chars.len() => drop(chars.remove(at)),
                        1 if at < chars.len() => drop(chars.splice(at..=at, piece.chars())),
                        _ => drop(chars.splice(at..at, piece.chars())),
                    }
                }
                chars.into_iter().collect()
            };
            if let Ok(doc) = parse(&source) {
                evaluate(&doc.nodes);
                doc.templates.iter().for_each(|t| evaluate(&t.nodes));
            }
        }
    }
}
