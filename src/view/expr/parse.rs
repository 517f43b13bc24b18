//! Parsing `{{ }}` expressions. (Stub: replaced by the real parser.)

use super::{Expr, Interp, SyntaxError};

/// Parses one expression, e.g. the inside of `{{a + 1}}`.
pub fn parse(source: &str) -> Result<Expr, SyntaxError> {
    Err(SyntaxError { message: format!("not implemented: {source}"), offset: 0 })
}

/// Parses the inside of a template's `data="{{…}}"`: an object literal without braces.
pub fn parse_object_body(source: &str) -> Result<Expr, SyntaxError> {
    parse(source)
}

impl Interp {
    /// Splits text with `{{ }}` into literal and expression parts.
    pub fn parse(source: &str) -> Result<Interp, SyntaxError> {
        Ok(Interp::Static(source.into()))
    }
}
