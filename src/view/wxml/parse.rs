//! The WXML parser: markup into raw elements first, then WXML's meaning — control
//! attributes, `<block>`, `<template>`, `<import>`, `<include>` — into [`Node`]s.

use std::rc::Rc;

use super::{Attr, Branch, Document, Element, ForLoop, Node, ParseError, Pos, TemplateDef, TemplateUse};
use crate::view::expr::{self, Interp, SyntaxError};

/// How deeply elements may nest.
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
    /// The value and the offset where it starts; `None` without `=`.
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
    c.is_ascii_alphanumeric() || !c.is_ascii() || matches!(c, '-' | '_' | ':' | '.' | '@')
}

impl<'a> Reader<'a> {
    fn at(&self, offset: usize) -> Pos {
        let line = self.lines.partition_point(|&start| start <= offset).max(1);
        let start = self.lines.get(line - 1).copied().unwrap_or(0);
        let column = self.src.get(start..offset.min(self.src.len())).map_or(0, |s| s.chars().count());
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
        rest[..end].to_owned()
    }

    /// Siblings until the close tag of `parent` (consumed) or the end of the file.
    fn children(&mut self, parent: Option<(&str, usize)>, depth: usize) -> Result<Vec<Raw>, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("elements nested too deeply", self.pos));
        }
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
                let end = rest.find("-->").ok_or_else(|| self.error("unterminated comment", self.pos))?;
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
                    Some((tag, _)) => Err(self.error(format!("expected `</{tag}>` but found `</{name}>`"), at)),
                    None => Err(self.error(format!("unexpected `</{name}>`"), at)),
                };
            } else if rest.starts_with('<') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || !c.is_ascii()) {
                if let Some(element) = self.element(depth)? {
                    out.push(element);
                }
            } else {
                let at = self.pos;
                let text = self.text();
                out.push(Raw::Text { text, at });
            }
        }
    }

    /// Text up to the next tag; a `<` inside `{{ }}` does not end it.
    fn text(&mut self) -> String {
        let rest = self.rest();
        let mut i = 0;
        while i < rest.len() {
            let tail = &rest[i..];
            if tail.starts_with("{{") {
                match tail.find("}}") {
                    Some(end) => i += end + 2,
                    None => i = rest.len(),
                }
            } else if tail.starts_with('<') && i > 0 {
                break;
            } else {
                i += tail.chars().next().map_or(1, char::len_utf8);
            }
        }
        self.pos += i;
        rest[..i].to_owned()
    }

    /// One element with its children; `None` for `<wxs>`, which is skipped.
    fn element(&mut self, depth: usize) -> Result<Option<Raw>, ParseError> {
        let at = self.pos;
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
                let c = self.rest().chars().next().unwrap_or(' ');
                return Err(self.error(format!("unexpected `{c}` in <{tag}>"), name_at));
            }
            self.skip_space();
            let value = if self.rest().starts_with('=') {
                self.pos += 1;
                self.skip_space();
                Some(self.attr_value(&name)?)
            } else {
                None
            };
            attrs.push(RawAttr { name, value });
        };
        if tag == "wxs" {
            if !self_closing {
                let end = self.rest().find("</wxs>").ok_or_else(|| self.error("<wxs> is not closed", at))?;
                self.pos += end + "</wxs>".len();
            }
            return Ok(None);
        }
        let void = matches!(tag.as_str(), "import" | "include");
        let children = if self_closing {
            Vec::new()
        } else if void {
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

    fn attr_value(&mut self, name: &str) -> Result<(String, usize), ParseError> {
        let rest = self.rest();
        match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let end = rest[1..].find(quote).ok_or_else(|| self.error(format!("the value of `{name}` is not closed"), self.pos))?;
                let value = (rest[1..end + 1].to_owned(), self.pos + 1);
                self.pos += end + 2;
                Ok(value)
            }
            _ => {
                let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
                let value = (rest[..end].to_owned(), self.pos);
                self.pos += end;
                Ok(value)
            }
        }
    }

    fn interp(&self, text: &str, at: usize) -> Result<Interp, ParseError> {
        Interp::parse(&decode_entities(text)).map_err(|e| self.expr_error(e, at))
    }

    fn expr_error(&self, error: SyntaxError, at: usize) -> ParseError {
        self.error(error.message, at + error.offset)
    }

    /// Gives the raw markup its WXML meaning.
    fn convert(&self, raw: Vec<Raw>, doc: &mut Document) -> Result<Vec<Node>, ParseError> {
        let mut out: Vec<Node> = Vec::new();
        for item in raw {
            let (tag, attrs, children, at) = match item {
                Raw::Text { text, at } => {
                    if !text.trim().is_empty() {
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
                let value = attr.value.clone();
                match attr.name.as_str() {
                    "wx:if" => control.cond = Some(self.required(&attr, at)?),
                    "wx:elif" => control.elif = Some(self.required(&attr, at)?),
                    "wx:else" => control.otherwise = true,
                    "wx:for" | "wx:for-items" => control.list = Some(self.required(&attr, at)?),
                    "wx:for-item" => control.item = value.map(|(v, _)| v.trim().into()),
                    "wx:for-index" => control.index = value.map(|(v, _)| v.trim().into()),
                    "wx:key" => control.key = value.map(|(v, _)| v.trim().into()),
                    _ => plain.push(attr),
                }
            }
            let find = |name: &str| plain.iter().find(|a| a.name == name).and_then(|a| a.value.clone());
            let inner = match tag.as_str() {
                "template" if find("name").is_some() => {
                    let name = find("name").map(|(n, _)| n).unwrap_or_default();
                    let nodes = self.convert(children, doc)?;
                    doc.templates.push(TemplateDef { name: name.into(), nodes: nodes.into() });
                    continue;
                }
                "import" => {
                    let src = find("src").ok_or_else(|| self.error("<import> needs a src", at))?.0;
                    doc.imports.push(src.into());
                    continue;
                }
                "include" => Node::Include(find("src").ok_or_else(|| self.error("<include> needs a src", at))?.0.into()),
                "block" => Node::Block(self.convert(children, doc)?),
                "template" => {
                    let (is, is_at) = find("is").ok_or_else(|| self.error("<template> needs a name or an is", at))?;
                    let data = match find("data") {
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
                    Some(Node::If(branches)) if branches.last().is_some_and(|b| b.cond.is_some()) => {
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
    fn required(&self, attr: &RawAttr, at: usize) -> Result<Interp, ParseError> {
        let (text, value_at) = attr.value.as_ref().ok_or_else(|| self.error(format!("{} needs a value", attr.name), at))?;
        self.interp(text, *value_at)
    }

    /// `data="{{...item, extra: 1}}"`: an object literal without its braces.
    fn template_data(&self, text: &str, at: usize) -> Result<expr::Expr, ParseError> {
        let decoded = decode_entities(text);
        let trimmed = decoded.trim();
        let inner = trimmed
            .strip_prefix("{{")
            .and_then(|t| t.strip_suffix("}}"))
            .ok_or_else(|| self.error("template data must be written {{ … }}", at))?;
        let offset = at + decoded.find("{{").unwrap_or(0) + 2;
        expr::parse_object_body(inner).map_err(|e| self.expr_error(e, offset))
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

/// Decodes `&lt; &gt; &amp; &quot; &apos; &nbsp;` and numeric character references.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    code.and_then(char::from_u32)?
                }
            };
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::value::Value;

    fn nodes(source: &str) -> Vec<Node> {
        parse(source).unwrap_or_else(|e| panic!("{source}: {e}")).nodes
    }

    fn element(node: &Node) -> &Element {
        match node {
            Node::Element(element) => element,
            other => panic!("not an element: {other:?}"),
        }
    }

    fn error(source: &str) -> String {
        parse(source).unwrap_err().to_string()
    }

    #[test]
    fn elements_attributes_and_text() {
        let parsed = nodes("<view id=\"a\" class='b {{c}}' hidden>\n  <text>x &amp; {{y}}</text>\n  <input value=plain/>\n</view>");
        let view = element(&parsed[0]);
        assert_eq!(&*view.tag, "view");
        assert_eq!(view.pos, Pos { line: 1, column: 1 });
        assert_eq!(view.attrs.len(), 3);
        assert_eq!(view.attrs[0].value, Some(Interp::Static("a".into())));
        assert!(matches!(view.attrs[1].value, Some(Interp::Concat(_))));
        assert_eq!(view.attrs[2].value, None);
        assert_eq!(view.children.len(), 2);
        let text = element(&view.children[0]);
        assert_eq!(text.pos, Pos { line: 2, column: 3 });
        assert!(matches!(&text.children[0], Node::Text(Interp::Concat(parts)) if parts.len() == 2));
        assert_eq!(element(&view.children[1]).attrs[0].value, Some(Interp::Static("plain".into())));
    }

    #[test]
    fn conditions_chain() {
        let parsed = nodes("<view wx:if=\"{{a}}\">1</view>\n<!-- c -->\n<view wx:elif=\"{{b}}\">2</view>\n<view wx:else>3</view><view>4</view>");
        assert_eq!(parsed.len(), 2);
        let Node::If(branches) = &parsed[0] else { panic!("no if") };
        assert_eq!(branches.len(), 3);
        assert!(branches[2].cond.is_none());
        assert!(error("<view wx:else>x</view>").contains("wx:else without wx:if"));
        assert!(error("<view wx:if=\"{{a}}\"/><view wx:else/><view wx:else/>").contains("wx:else without wx:if"));
    }

    #[test]
    fn loops_wrap_conditions_and_blocks() {
        let parsed = nodes("<block wx:for=\"{{list}}\" wx:for-item=\"row\" wx:key=\"id\" wx:if=\"{{row.ok}}\"><text>{{row.n}}</text></block>");
        let Node::For(looped) = &parsed[0] else { panic!("no loop") };
        assert_eq!((&*looped.item, &*looped.index, looped.key.as_deref()), ("row", "index", Some("id")));
        let Node::If(branches) = &looped.body else { panic!("no if inside") };
        assert!(matches!(branches[0].node, Node::Block(_)));
        let items = nodes("<view wx:for-items=\"{{xs}}\">{{item}}</view>");
        assert!(matches!(&items[0], Node::For(l) if &*l.item == "item"));
    }

    #[test]
    fn templates_imports_includes() {
        let doc = parse("<import src=\"a.wxml\"/><template name=\"t\"><text>{{x}}</text></template><template is=\"t\" data=\"{{...item, n: 1}}\"/><include src=\"b.wxml\"></include><wxs module=\"m\">var x = '<view>';</wxs>").unwrap();
        assert_eq!(doc.imports, [Rc::from("a.wxml")]);
        assert_eq!(doc.templates.len(), 1);
        assert_eq!(&*doc.templates[0].name, "t");
        assert_eq!(doc.nodes.len(), 2);
        let Node::Template(using) = &doc.nodes[0] else { panic!("no template use") };
        assert_eq!(using.is, Interp::Static("t".into()));
        assert!(matches!(using.data, Some(expr::Expr::Object(ref p)) if p.len() == 2));
        assert_eq!(doc.nodes[1], Node::Include("b.wxml".into()));
    }

    #[test]
    fn whitespace_and_entities() {
        assert!(nodes("  \n <view/>  \n").len() == 1);
        let parsed = nodes("<text>&lt;&#65;&#x42;&nbsp;&unknown; &</text>");
        let Node::Text(Interp::Static(text)) = &element(&parsed[0]).children[0] else { panic!("no text") };
        assert_eq!(&**text, "<AB\u{a0}&unknown; &");
        let parsed = nodes("<text>{{a < b ? 'x' : 'y'}}</text>");
        assert!(matches!(&element(&parsed[0]).children[0], Node::Text(Interp::Single(_))));
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(error("<view>\n  <text>x</view>"), "2:10: expected `</text>` but found `</view>`");
        assert_eq!(error("<view>\n<text>"), "2:1: <text> is not closed");
        assert_eq!(error("</view>"), "1:1: unexpected `</view>`");
        assert_eq!(error("<view class=\"{{a +}}\"/>"), "1:19: expected a value, found the end");
        assert_eq!(error("<view>\n  {{ a b }}</view>"), "2:8: unexpected token, found `b`");
        assert_eq!(error("<view class=\"x/>"), "1:13: the value of `class` is not closed");
        assert!(error("<!-- open").contains("unterminated comment"));
        assert!(error("<template is=\"t\" data=\"item\"/>").contains("template data"));
        assert!(error(&"<view>".repeat(1000)).contains("nested too deeply"));
    }

    #[test]
    fn evaluates_parsed_attributes() {
        struct Empty;
        impl expr::Scope for Empty {
            fn lookup(&self, _: &str) -> Value {
                Value::Num(2.0)
            }
        }
        let parsed = nodes("<view data-n=\"{{n * 2}}\"/>");
        let value = element(&parsed[0]).attrs[0].value.as_ref().unwrap().eval(&Empty);
        assert_eq!(value, Value::Num(4.0));
    }

    #[test]
    fn fuzzed_markup_never_panics() {
        let pieces = ["<view", "<text", ">", "/>", "</view>", "</text>", " a=\"", "\"", "'", "{{", "}}", "x", " ", "\n", "&amp;", "&#", ";",
            "wx:if=\"{{a}}\"", "wx:else", "wx:for=\"{{l}}\"", "<block", "<template", " is=\"t\"", " data=\"{{...a}}\"", "<!--", "-->", "é", "<wxs>", "<include src=\"a\"/>"];
        let mut seed = 0x5851f42d4c957f2d_u64;
        for _ in 0..20_000 {
            let mut source = String::new();
            for _ in 0..(seed % 16) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                source.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let _ = parse(&source);
        }
    }
}
