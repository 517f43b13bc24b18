//! The WXML parser. (Stub: replaced by the real parser.)

use super::{Document, ParseError};

/// Parses a whole `.wxml` file.
pub fn parse(source: &str) -> Result<Document, ParseError> {
    let _ = source;
    Ok(Document::default())
}
