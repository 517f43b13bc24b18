//! What a failed wx call says: the text after `name:fail ` in its errMsg.

use std::borrow::Cow;
use std::fmt;

/// A failure of one wx call. The bridge turns it into `{errMsg: "name:fail <detail>"}`
/// for async APIs and into a thrown `Error` with the same text for `*Sync` APIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fail(Cow<'static, str>);

impl Fail {
    /// A fixed detail text, such as `"data not found"`.
    pub const fn new(detail: &'static str) -> Self {
        Fail(Cow::Borrowed(detail))
    }

    /// A detail text made at run time (use sparingly on hot paths).
    pub fn owned(detail: String) -> Self {
        Fail(Cow::Owned(detail))
    }

    /// The person cancelled: `name:fail cancel`.
    pub const fn cancel() -> Self {
        Fail::new("cancel")
    }

    pub fn detail(&self) -> &str {
        &self.0
    }

    /// The whole errMsg, `name:fail <detail>`.
    pub fn err_msg(&self, api: &str) -> String {
        format!("{api}:fail {}", self.0)
    }
}

/// A parameter WeChat refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamError {
    /// Of the wrong type: WeChat's
    /// `parameter error: parameter.key should be String instead of Undefined;`.
    Mismatch { field: Cow<'static, str>, expected: &'static str, actual: String },
    /// A value that threw when read (a Proxy trap, a getter):
    /// `parameter error: parameter.data threw: <message>;`.
    Threw { field: Cow<'static, str>, message: String },
}

impl ParamError {
    /// A field of the wrong type, described by `actual` (`Undefined`, `"PATCH"`, …).
    pub fn mismatch(
        field: impl Into<Cow<'static, str>>,
        expected: &'static str,
        actual: String,
    ) -> Self {
        ParamError::Mismatch { field: field.into(), expected, actual }
    }

    /// A field whose value threw when read; `message` is the exception's.
    pub fn threw(field: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        ParamError::Threw { field: field.into(), message: message.into() }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamError::Mismatch { field, expected, actual } => write!(
                f,
                "parameter error: parameter.{field} should be {expected} instead of {actual};"
            ),
            ParamError::Threw { field, message } => {
                write!(f, "parameter error: parameter.{field} threw: {message};")
            }
        }
    }
}

impl From<ParamError> for Fail {
    fn from(error: ParamError) -> Self {
        Fail::owned(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn err_msg_joins_name_and_detail() {
        assert_eq!(
            Fail::new("data not found").err_msg("getStorage"),
            "getStorage:fail data not found"
        );
        assert_eq!(Fail::cancel().err_msg("showModal"), "showModal:fail cancel");
    }

    #[test]
    fn parameter_error_has_wechat_text() {
        let error = ParamError::mismatch("key", "String", "Undefined".into());
        assert_eq!(
            Fail::from(error).err_msg("setStorage"),
            "setStorage:fail parameter error: parameter.key should be String instead of Undefined;"
        );
        let error = ParamError::threw("data", "hostile");
        assert_eq!(
            Fail::from(error).err_msg("request"),
            "request:fail parameter error: parameter.data threw: hostile;"
        );
    }
}
