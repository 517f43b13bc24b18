//! WXML documents: [`parse()`] turns a `.wxml` file into a tree of [`Node`]s, with the
//! control attributes (`wx:if`/`wx:elif`/`wx:else`, `wx:for`) and `<block>`,
//! `<template>`, `<import>`, `<include>` already resolved into their own node kinds.
//! Pure code; errors carry the line and column.

mod parse;

use std::rc::Rc;

use crate::expr::{Expr, Interp};

pub use parse::parse;

/// One parsed `.wxml` file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// What the file renders (everything but template definitions and imports).
    pub nodes: Vec<Node>,
    /// `<template name="…">` definitions found at any depth, in document order.
    pub templates: Vec<TemplateDef>,
    /// `<import src="…"/>` sources, as written.
    pub imports: Vec<Rc<str>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TemplateDef {
    pub name: Rc<str>,
    pub nodes: Rc<[Node]>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Text content (entities decoded); whitespace-only text between tags is dropped.
    Text(Interp),
    Element(Element),
    /// `<block>` without control attributes: its children, with no element of its own.
    Block(Vec<Node>),
    /// A `wx:if` with its `wx:elif`/`wx:else` siblings, in order.
    If(Vec<Branch>),
    For(Box<ForLoop>),
    /// `<template is="…" data="…"/>`.
    Template(TemplateUse),
    /// `<include src="…"/>`, to be replaced by that file's nodes.
    Include(Rc<str>),
}

/// One branch of an `If`: `cond` is `None` for `wx:else`.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    pub cond: Option<Interp>,
    pub node: Node,
}

/// `wx:for` (or the older `wx:for-items`) on an element or a `<block>`. `wx:for` applies
/// before `wx:if` on the same element, so `body` may be an `If`.
#[derive(Clone, Debug, PartialEq)]
pub struct ForLoop {
    pub list: Interp,
    /// `wx:for-item`, default `item`.
    pub item: Rc<str>,
    /// `wx:for-index`, default `index`.
    pub index: Rc<str>,
    /// `wx:key` as written: a property name of each item, or `*this`.
    pub key: Option<Rc<str>>,
    pub body: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TemplateUse {
    pub is: Interp,
    /// `data="{{...item, index}}"`: an object literal without its braces.
    pub data: Option<Expr>,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// As written: `view`, `button`, `scroll-view`…
    pub tag: Rc<str>,
    /// Every other attribute in document order, including `id`, `class`, `style`,
    /// `data-*`, `bind*`/`catch*` and the component's own.
    pub attrs: Vec<Attr>,
    pub children: Vec<Node>,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    pub name: Rc<str>,
    /// `None` for an attribute written without a value (`controls`), which means true.
    pub value: Option<Interp>,
}

/// A 1-based line and column in the source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A WXML syntax error; `Display` gives `line:column: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub pos: Pos,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.column, self.message)
    }
}
