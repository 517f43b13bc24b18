//! Page urls of wx.navigateTo / redirectTo / switchTab / reLaunch and `<navigator url>`:
//! `test?id=1` relative to the current page's folder, `../logs/logs`, or `/pages/a/a` from
//! the root. Query values reach `onLoad(query)` as written (WeChat does not decode them;
//! switchTab drops them). Pure code.

use std::fmt;

/// A page and the query it opens with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `pages/logs/logs`: no leading slash, no extension.
    pub route: String,
    pub query: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteError(&'static str);

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// Resolves `url` against the route of the current page (`None` before the first).
pub fn resolve(url: &str, current: Option<&str>) -> Result<Target, RouteError> {
    let url = url.split('#').next().unwrap_or_default();
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path.is_empty() {
        return Err(RouteError("url is empty"));
    }
    let base = if path.starts_with('/') { "" } else { current.unwrap_or("") };
    let route = crate::app::source_path::join(base, path)
        .ok_or(RouteError("url leaves the mini program's folder"))?;
    Ok(Target { route, query: parse_query(query) })
}

/// `a=1&b=` → `[("a", "1"), ("b", "")]`, values as written.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key.to_owned(), value.to_owned())
        })
        .collect()
}

/// The query string again, for the page's entry in the browser's history.
pub fn query_string(query: &[(String, String)]) -> String {
    query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// Whether `route` is one of app.json's pages.
pub fn is_page(route: &str, pages: &[String]) -> bool {
    pages.iter().any(|page| page == route)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn resolves_relative_and_absolute_urls() {
        let current = Some("pages/index/index");
        assert_eq!(
            resolve("test?id=1", current).unwrap(),
            Target { route: "pages/index/test".into(), query: pairs(&[("id", "1")]) }
        );
        assert_eq!(resolve("../logs/logs", current).unwrap().route, "pages/logs/logs");
        assert_eq!(resolve("./x", current).unwrap().route, "pages/index/x");
        assert_eq!(
            resolve("/pages/a/a?x=1&y=a%20b#top", current).unwrap().query,
            pairs(&[("x", "1"), ("y", "a%20b")])
        );
        assert_eq!(resolve("/pages/a/a", None).unwrap().route, "pages/a/a");
        assert_eq!(
            resolve("logs?a=b=c&d=#x", None).unwrap(),
            Target { route: "logs".into(), query: pairs(&[("a", "b=c"), ("d", "")]) }
        );
        assert_eq!(resolve("../../a?x", Some("pages/b/b")).unwrap().route, "a");
    }

    #[test]
    fn refuses_bad_urls() {
        assert!(resolve("", Some("pages/a/a")).is_err());
        assert!(resolve("?x=1", Some("pages/a/a")).is_err());
        assert!(resolve("../../../x", Some("pages/a/a")).is_err());
        assert!(resolve("#top", Some("pages/a/a")).is_err());
        assert_eq!(resolve("", None).unwrap_err().to_string(), "url is empty");
    }

    #[test]
    fn queries_round_trip() {
        let query = parse_query("a=1&b=&c=x=y&&d");
        assert_eq!(query, pairs(&[("a", "1"), ("b", ""), ("c", "x=y"), ("d", "")]));
        assert_eq!(query_string(&query), "a=1&b=&c=x=y&d=");
        assert!(is_page("pages/a/a", &["pages/a/a".to_owned()]));
        assert!(!is_page("pages/b/b", &["pages/a/a".to_owned()]));
    }
}
