//! Evaluating expressions with JS semantics. (Stub: replaced by the real evaluator.)

use std::rc::Rc;

use super::{Expr, Interp, Scope};
use crate::view::value::Value;

impl Expr {
    /// The value of the expression; never fails.
    pub fn eval(&self, scope: &dyn Scope) -> Value {
        let _ = scope;
        Value::Undefined
    }

    /// Calls `visit` with each free name the expression reads (each `Ident`).
    pub fn visit_names(&self, visit: &mut dyn FnMut(&Rc<str>)) {
        let _ = visit;
    }
}

impl Interp {
    /// `Static` → the string; `Single` → the value; `Concat` → the joined text.
    pub fn eval(&self, scope: &dyn Scope) -> Value {
        let _ = scope;
        Value::Undefined
    }

    pub fn visit_names(&self, visit: &mut dyn FnMut(&Rc<str>)) {
        let _ = visit;
    }
}
