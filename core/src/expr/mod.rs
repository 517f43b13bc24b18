//! The expressions inside WXML's `{{ }}`: parsing ([`parse()`], [`parse_object_body`],
//! [`Interp::parse`]) and evaluation over [`Value`]s ([`Expr::eval`]). Pure code.
//!
//! The language is the 2016 WXML subset of JS: literals, data paths (`a.b`, `a[i]`),
//! unary `! - +`, arithmetic, comparison, logical and ternary operators, string
//! concatenation, array and object literals with `...` spread. There are no function
//! calls. Evaluation never fails: a missing path is `undefined`, as in WeChat.

mod eval;
mod parse;

use std::rc::Rc;

use crate::value::Value;

pub use parse::{parse, parse_object_body};

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Lit(Value),
    /// A name: a data field, or a `wx:for` item/index alias.
    Ident(Rc<str>),
    /// `object.name` (the key is a string literal) or `object[key]`.
    Member(Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `test ? then : otherwise`
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Array(Vec<Element>),
    Object(Vec<Property>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Plus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    StrictEq,
    StrictNe,
    And,
    Or,
}

/// An item of an array literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Element {
    Item(Expr),
    Spread(Expr),
}

/// A property of an object literal: `key: value`, shorthand `key` (stored as
/// `Pair(key, Ident(key))`), or `...spread`.
#[derive(Clone, Debug, PartialEq)]
pub enum Property {
    Pair(Rc<str>, Expr),
    Spread(Expr),
}

/// A syntax error at a byte offset of the expression's source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// What names mean while evaluating: `wx:for` aliases first, then the data in scope.
pub trait Scope {
    fn lookup(&self, name: &str) -> Value;
}

/// A string that may hold `{{ }}` parts: an attribute value or a text node.
#[derive(Clone, Debug, PartialEq)]
pub enum Interp {
    /// No `{{ }}` at all.
    Static(Rc<str>),
    /// Exactly one `{{expr}}` and nothing around it: evaluates to the value itself, so
    /// `data-item="{{item}}"` passes the object, not its text.
    Single(Expr),
    /// Literal text and expressions, concatenated as text (`undefined`/`null` show nothing).
    Concat(Vec<Part>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Text(Rc<str>),
    Expr(Expr),
}
