//! Navigation between pages (wx.navigateTo, redirectTo, navigateBack, switchTab, reLaunch
//! and `<navigator>`): what is asked, why it can fail (WeChat's texts, the tab-page rules),
//! and the [`Navigator`] that carries it out, handed to the parts that navigate (the wx
//! functions, events, the tab bar) instead of the whole runtime.

use std::fmt;

use super::route::{self, RouteError};

/// One navigation, as wx and `<navigator open-type>` ask for it.
#[derive(Clone, Debug, PartialEq)]
pub enum Navigation {
    /// `wx.navigateTo({url})`: the page opens over the current one.
    To(String),
    /// `wx.redirectTo({url})`: the page replaces the current one.
    Redirect(String),
    /// `wx.navigateBack({delta})`: `delta` pages are closed.
    Back(f64),
    /// `wx.switchTab({url})`: the non-tab pages close and the tab page shows.
    SwitchTab(String),
    /// `wx.reLaunch({url})`: every page closes and the page opens alone.
    ReLaunch(String),
}

/// The navigations that open a page by url, for [`check`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    To,
    Redirect,
    SwitchTab,
    ReLaunch,
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
    /// navigateTo or redirectTo (the function's name) to a page of app.json's tabBar.
    TabPage(&'static str),
    /// switchTab to a page that is not in app.json's tabBar.
    NotATabPage,
}

impl fmt::Display for NavError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NavError::Url(error) => error.fmt(f),
            NavError::NotAPage => f.write_str("url not in app.json"),
            NavError::TooManyPages => f.write_str("webview count limit exceed"),
            NavError::AtFirstPage => f.write_str("cannot navigate back at first page."),
            NavError::TabPage(function) => write!(f, "can not {function} a tabbar page"),
            NavError::NotATabPage => f.write_str("can not switch to no-tabBar page"),
        }
    }
}

/// Whether a navigation of `kind` may open `route`: it must be one of app.json's `pages`;
/// navigateTo and redirectTo may not open a page of the tabBar (`tabs`), switchTab only
/// those; reLaunch opens any page.
pub fn check(kind: Kind, route: &str, pages: &[String], tabs: &[String]) -> Result<(), NavError> {
    if !route::is_page(route, pages) {
        return Err(NavError::NotAPage);
    }
    let tab = route::is_page(route, tabs);
    match kind {
        Kind::To if tab => Err(NavError::TabPage("navigateTo")),
        Kind::Redirect if tab => Err(NavError::TabPage("redirectTo")),
        Kind::SwitchTab if !tab => Err(NavError::NotATabPage),
        _ => Ok(()),
    }
}

/// The stack a launch rebuilds from the browser's history (`(route, query)` entries, the
/// current page last): pages of app.json only, a tab page only at the bottom (as
/// switchTab and reLaunch leave it), at most `max` pages.
pub fn restorable(
    saved: Vec<(String, String)>,
    pages: &[String],
    tabs: &[String],
    max: usize,
) -> Vec<(String, String)> {
    saved
        .into_iter()
        .filter(|(route, _)| route::is_page(route, pages))
        .enumerate()
        .take_while(|(index, (route, _))| *index == 0 || !route::is_page(route, tabs))
        .map(|(_, entry)| entry)
        .take(max)
        .collect()
}

/// What carries out navigations: the running app's page stack.
pub trait Navigator {
    fn navigate(&self, to: Navigation) -> Result<(), NavError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_wechat_errmsg_details() {
        assert_eq!(NavError::NotAPage.to_string(), "url not in app.json");
        assert_eq!(NavError::TooManyPages.to_string(), "webview count limit exceed");
        assert_eq!(NavError::AtFirstPage.to_string(), "cannot navigate back at first page.");
        let Err(empty) = route::resolve("", None) else { panic!("an empty url resolved") };
        assert_eq!(NavError::Url(empty).to_string(), "url is empty");
    }

    fn list(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn tab_page_rules_and_their_texts() {
        let pages = list(&["pages/a/a", "pages/b/b", "pages/detail/detail"]);
        let tabs = list(&["pages/a/a", "pages/b/b"]);
        let check = |kind, route| check(kind, route, &pages, &tabs);
        assert_eq!(check(Kind::To, "pages/detail/detail"), Ok(()));
        assert_eq!(check(Kind::To, "pages/a/a"), Err(NavError::TabPage("navigateTo")));
        assert_eq!(check(Kind::Redirect, "pages/b/b"), Err(NavError::TabPage("redirectTo")));
        assert_eq!(check(Kind::SwitchTab, "pages/b/b"), Ok(()));
        assert_eq!(check(Kind::SwitchTab, "pages/detail/detail"), Err(NavError::NotATabPage));
        assert_eq!(check(Kind::ReLaunch, "pages/a/a"), Ok(()));
        assert_eq!(check(Kind::ReLaunch, "pages/detail/detail"), Ok(()));
        for kind in [Kind::To, Kind::Redirect, Kind::SwitchTab, Kind::ReLaunch] {
            assert_eq!(check(kind, "pages/x/x"), Err(NavError::NotAPage));
        }
        assert_eq!(NavError::TabPage("navigateTo").to_string(), "can not navigateTo a tabbar page");
        assert_eq!(NavError::TabPage("redirectTo").to_string(), "can not redirectTo a tabbar page");
        assert_eq!(NavError::NotATabPage.to_string(), "can not switch to no-tabBar page");
    }

    #[test]
    fn a_restored_stack_keeps_tab_pages_at_the_bottom() {
        let pages = list(&["pages/a/a", "pages/b/b", "pages/d/d"]);
        let tabs = list(&["pages/a/a", "pages/b/b"]);
        let entry = |route: &str, query: &str| (route.to_owned(), query.to_owned());
        let saved =
            vec![entry("pages/a/a", ""), entry("pages/d/d", "id=1"), entry("pages/d/d", "")];
        assert_eq!(restorable(saved.clone(), &pages, &tabs, 5), saved);
        assert_eq!(restorable(saved.clone(), &pages, &tabs, 2), saved[..2].to_vec());
        let saved =
            vec![entry("pages/x/x", ""), entry("pages/d/d", "id=1"), entry("pages/b/b", "")];
        assert_eq!(restorable(saved, &pages, &tabs, 5), vec![entry("pages/d/d", "id=1")]);
        assert!(restorable(Vec::new(), &pages, &tabs, 5).is_empty());
    }
}
