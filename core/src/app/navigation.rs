//! Navigation between pages (wx.navigateTo, redirectTo, navigateBack and `<navigator>`):
//! what is asked, why it can fail, and the [`Navigator`] that carries it out, handed to
//! the parts that navigate (the wx functions, events) instead of the whole runtime.

use std::fmt;

use super::route::RouteError;

/// One navigation, as wx and `<navigator open-type>` ask for it.
#[derive(Clone, Debug, PartialEq)]
pub enum Navigation {
    /// `wx.navigateTo({url})`: the page opens over the current one.
    To(String),
    /// `wx.redirectTo({url})`: the page replaces the current one.
    Redirect(String),
    /// `wx.navigateBack({delta})`: `delta` pages are closed.
    Back(f64),
}

/// Why a navigation failed; its text is WeChat's errMsg detail (`navigateTo:fail <text>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NavError {
    /// The url cannot name a page (empty, or above the folder).
    Url(RouteError),
    /// The url names no page of app.json.
    NotAPage,
    /// The stack already holds as many pages as the profile allows.
    TooManyPages,
    /// navigateBack on the first page.
    AtFirstPage,
}

impl fmt::Display for NavError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NavError::Url(error) => error.fmt(f),
            NavError::NotAPage => f.write_str("url not in app.json"),
            NavError::TooManyPages => f.write_str("webview count limit exceed"),
            NavError::AtFirstPage => f.write_str("cannot navigate back at first page."),
        }
    }
}

/// What carries out navigations: the running app's page stack.
pub trait Navigator {
    fn navigate(&self, to: Navigation) -> Result<(), NavError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::route;

    #[test]
    fn errors_read_as_wechat_errmsg_details() {
        assert_eq!(NavError::NotAPage.to_string(), "url not in app.json");
        assert_eq!(NavError::TooManyPages.to_string(), "webview count limit exceed");
        assert_eq!(NavError::AtFirstPage.to_string(), "cannot navigate back at first page.");
        let Err(empty) = route::resolve("", None) else { panic!("an empty url resolved") };
        assert_eq!(NavError::Url(empty).to_string(), "url is empty");
    }
}
