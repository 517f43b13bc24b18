//! What the server reads from the mini program's `project.config.json`: the appid (for
//! the Referer WeChat sends and the login server), wxweb's `appsecret` (WeChat keeps the
//! secret in its admin console, wxweb's login server reads it here), and the domain lists that WeChat's developer tools check
//! when `setting.urlCheck` is on; and wxweb's own section, `"wxweb": {"user": {…}}`, the
//! simulated user of wx.getUserInfo.

use serde::Deserialize;

use crate::assets::Demo;
use crate::files::Lookup;
use crate::login::userinfo::SimulatedUser;
use crate::source::AppSource;

/// The APIs whose targets WeChat checks against a list of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Request,
    UploadFile,
    DownloadFile,
}

impl Api {
    /// From the proxy's `x-wxweb-api` header; `request` by default.
    pub fn from_header(value: Option<&str>) -> Api {
        match value {
            Some("uploadFile") => Api::UploadFile,
            Some("downloadFile") => Api::DownloadFile,
            _ => Api::Request,
        }
    }
}

/// The fields of project.config.json the server uses.
#[derive(Debug, Default, Deserialize)]
pub struct Project {
    #[serde(default)]
    pub appid: Option<String>,
    /// The secret the login server accepts from the developer's server (wxweb only).
    #[serde(default)]
    pub appsecret: Option<String>,
    #[serde(default)]
    setting: Setting,
    /// wxweb's stand-in for the domain lists of WeChat's admin console:
    /// `{"request": ["https://api.example.com"], "uploadFile": […], "downloadFile": […]}`.
    #[serde(default)]
    domains: Option<Domains>,
    /// wxweb's own settings.
    #[serde(default)]
    pub wxweb: Wxweb,
}

/// `"wxweb": {…}` in project.config.json.
#[derive(Debug, Default, Deserialize)]
pub struct Wxweb {
    /// `"user": {"nickName", "avatarUrl", "gender", "city", "province", "country",
    /// "language"}`: wx.getUserInfo's simulated user (missing fields keep the defaults).
    #[serde(default)]
    pub user: SimulatedUser,
}

#[derive(Debug, Default, Deserialize)]
struct Setting {
    #[serde(default, rename = "urlCheck")]
    url_check: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Domains {
    #[serde(default)]
    request: Vec<String>,
    #[serde(default)]
    upload_file: Vec<String>,
    #[serde(default)]
    download_file: Vec<String>,
}

impl Project {
    /// Reads the project's config; a missing or malformed file reads as defaults.
    pub fn read(app: &AppSource) -> Project {
        let bytes = match app {
            AppSource::BundledDemo => {
                Demo::get("project.config.json").map(|file| file.data.into_owned())
            }
            AppSource::Folder(root) => match root.lookup("project.config.json") {
                Lookup::Found(path) => std::fs::read(path).ok(),
                Lookup::NotFound | Lookup::Refused => None,
            },
        };
        bytes.and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
    }

    pub fn appid(&self) -> &str {
        self.appid.as_deref().filter(|id| !id.is_empty()).unwrap_or("touristappid")
    }

    /// Whether `origin` (`https://host[:port]`) may be called by `api`: always, unless
    /// `setting.urlCheck` is on and the project lists domains.
    pub fn allows(&self, api: Api, origin: &str) -> bool {
        let Some(domains) = self.domains.as_ref().filter(|_| self.setting.url_check) else {
            return true;
        };
        let list = match api {
            Api::Request => &domains.request,
            Api::UploadFile => &domains.upload_file,
            Api::DownloadFile => &domains.download_file,
        };
        list.iter().any(|allowed| allowed.trim_end_matches('/').eq_ignore_ascii_case(origin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(json: &str) -> Project {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn no_check_unless_url_check_is_on_and_domains_are_listed() {
        assert!(Project::default().allows(Api::Request, "https://any.example"));
        let off = project(r#"{"setting": {"urlCheck": false}, "domains": {"request": []}}"#);
        assert!(off.allows(Api::Request, "https://any.example"));
        let unlisted = project(r#"{"setting": {"urlCheck": true}}"#);
        assert!(unlisted.allows(Api::Request, "https://any.example"));
    }

    #[test]
    fn each_api_has_its_own_list() {
        let checked = project(
            r#"{"appid": "wx1", "setting": {"urlCheck": true},
                "domains": {"request": ["https://api.example.com/"], "downloadFile": ["https://cdn.example.com"]}}"#,
        );
        assert!(checked.allows(Api::Request, "https://api.example.com"));
        assert!(!checked.allows(Api::Request, "https://cdn.example.com"));
        assert!(checked.allows(Api::DownloadFile, "https://cdn.example.com"));
        assert!(!checked.allows(Api::UploadFile, "https://api.example.com"));
        assert_eq!(checked.appid(), "wx1");
        assert_eq!(Project::default().appid(), "touristappid");
    }

    #[test]
    fn the_api_comes_from_the_proxy_header() {
        assert_eq!(Api::from_header(Some("uploadFile")), Api::UploadFile);
        assert_eq!(Api::from_header(Some("downloadFile")), Api::DownloadFile);
        assert_eq!(Api::from_header(None), Api::Request);
    }
}
