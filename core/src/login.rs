//! What wx.login makes of `wxweb serve`'s answer (pure logic, tested on the host).
//!
//! The server answers `POST /__wxweb/login?appid=…` with `200 {"code": "…"}`, or with an
//! error status and `{"error": "…"}`. Anything else (a network error, an HTML 404 from a
//! server that is not wxweb's) means no wxweb server is there: wx.login needs one, as a
//! mini program's needs WeChat's.

use crate::errmsg::Fail;

/// The path wx.login calls, on the page's origin.
pub const LOGIN_PATH: &str = "/__wxweb/login";

/// The text after `login:fail ` when no wxweb server answered.
pub const NO_SERVER: &str = "no wxweb server answered (wx.login needs `wxweb serve`)";

/// The path wx.getUserInfo calls, on the page's origin.
pub const USERINFO_PATH: &str = "/__wxweb/userinfo";

/// The text after `getUserInfo:fail ` when no wxweb server answered.
pub const USERINFO_NO_SERVER: &str =
    "no wxweb server answered (wx.getUserInfo needs `wxweb serve`)";

/// The user-info endpoint's URL for `appid`.
pub fn userinfo_path(appid: &str) -> String {
    format!("{USERINFO_PATH}?appid={appid}")
}

/// The login endpoint's URL for `appid` (appids are plain words: see config.rs).
pub fn login_path(appid: &str) -> String {
    format!("{LOGIN_PATH}?appid={appid}")
}

/// The answer as the server sent it: its status and the `code` and `error` fields of its
/// body when that was a JSON object.
#[derive(Debug, Default)]
pub struct Answer {
    pub status: u16,
    pub code: Option<String>,
    pub error: Option<String>,
}

/// The code, or why there is none.
pub fn code_of(answer: Answer) -> Result<String, Fail> {
    match answer {
        Answer { status: 200, code: Some(code), .. } if !code.is_empty() => Ok(code),
        Answer { error: Some(error), .. } => Err(Fail::owned(error)),
        Answer { status, .. } => {
            Err(Fail::owned(format!("{NO_SERVER}: HTTP {status} from {LOGIN_PATH}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_from_the_server() {
        let answer = Answer { status: 200, code: Some("061abc".into()), error: None };
        assert_eq!(code_of(answer), Ok("061abc".to_owned()));
    }

    #[test]
    fn the_servers_refusal_is_passed_on() {
        let answer = Answer { status: 503, code: None, error: Some("too many live codes".into()) };
        assert_eq!(code_of(answer).unwrap_err().err_msg("login"), "login:fail too many live codes");
    }

    #[test]
    fn another_server_is_no_wxweb_server() {
        for answer in [
            Answer { status: 404, ..Answer::default() },
            Answer { status: 200, code: Some(String::new()), error: None },
        ] {
            let status = answer.status;
            assert_eq!(
                code_of(answer).unwrap_err().err_msg("login"),
                format!("login:fail no wxweb server answered (wx.login needs `wxweb serve`): HTTP {status} from /__wxweb/login")
            );
        }
    }

    #[test]
    fn the_path_carries_the_appid() {
        assert_eq!(login_path("wx123"), "/__wxweb/login?appid=wx123");
    }
}
