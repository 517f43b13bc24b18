//! Authorisation (授权) as pure logic: the scopes wx.authorize knows, with the texts of
//! WeChat's permission sheet and settings page, and the answers a person gave, kept per
//! appid (the shell stores [`Settings::encode`] in localStorage).

/// A scope: its name, the line of the permission sheet, the label in the settings page.
pub struct Scope {
    pub name: &'static str,
    pub sheet: &'static str,
    pub label: &'static str,
}

/// The scopes of WeChat's authorize list (names only: what each guards is up to the API).
pub const SCOPES: [Scope; 8] = [
    Scope {
        name: "scope.userInfo", sheet: "获得你的公开信息（昵称、头像等）", label: "用户信息"
    },
    Scope { name: "scope.userLocation", sheet: "获取你的地理位置", label: "地理位置" },
    Scope { name: "scope.address", sheet: "获取你的通讯地址", label: "通讯地址" },
    Scope { name: "scope.invoiceTitle", sheet: "获取你的发票抬头", label: "发票抬头" },
    Scope {
        name: "scope.werun", sheet: "获取你的微信运动步数", label: "微信运动步数"
    },
    Scope { name: "scope.record", sheet: "使用你的麦克风", label: "录音功能" },
    Scope {
        name: "scope.writePhotosAlbum",
        sheet: "保存图片或视频到你的相册",
        label: "保存到相册",
    },
    Scope { name: "scope.camera", sheet: "使用你的摄像头", label: "摄像头" },
];

/// The scope named `name`, if WeChat has it.
pub fn scope(name: &str) -> Option<&'static Scope> {
    SCOPES.iter().find(|scope| scope.name == name)
}

/// The fail text of a refused scope (`authorize:fail auth deny`, `getUserInfo:fail auth deny`).
pub const AUTH_DENY: &str = "auth deny";
/// The fail text of wx.authorize for a scope WeChat does not have.
pub const INVALID_SCOPE: &str = "invalid scope";

/// The answers given so far, in the order the scopes were first asked.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Settings(Vec<(&'static str, bool)>);

impl Settings {
    /// The answer for `scope`: `None` when it was never asked.
    pub fn get(&self, scope: &str) -> Option<bool> {
        self.0.iter().find(|(name, _)| *name == scope).map(|&(_, allowed)| allowed)
    }

    /// Records an answer (a scope WeChat does not have is ignored).
    pub fn set(&mut self, scope: &str, allowed: bool) {
        let Some(known) = self::scope(scope) else { return };
        match self.0.iter_mut().find(|(name, _)| *name == known.name) {
            Some(entry) => entry.1 = allowed,
            None => self.0.push((known.name, allowed)),
        }
    }

    /// The answers as `(scope, allowed)` pairs.
    pub fn entries(&self) -> &[(&'static str, bool)] {
        &self.0
    }

    /// `scope.userInfo=1;scope.record=0`: the stored form.
    pub fn encode(&self) -> String {
        let parts: Vec<String> =
            self.0.iter().map(|(name, allowed)| format!("{name}={}", u8::from(*allowed))).collect();
        parts.join(";")
    }

    /// Reads [`Settings::encode`]'s form; what it does not understand is left out.
    pub fn decode(text: &str) -> Settings {
        let mut settings = Settings::default();
        for part in text.split(';') {
            match part.split_once('=') {
                Some((name, "1")) => settings.set(name, true),
                Some((name, "0")) => settings.set(name, false),
                _ => {}
            }
        }
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_keep_their_order_and_round_trip() {
        let mut settings = Settings::default();
        settings.set("scope.record", false);
        settings.set("scope.userInfo", true);
        settings.set("scope.record", true);
        settings.set("scope.bogus", true);
        assert_eq!(settings.encode(), "scope.record=1;scope.userInfo=1");
        assert_eq!(Settings::decode(&settings.encode()), settings);
        assert_eq!(settings.get("scope.camera"), None);
        assert_eq!(settings.get("scope.userInfo"), Some(true));
    }

    #[test]
    fn garbage_decodes_to_nothing() {
        assert_eq!(Settings::decode("x;scope.userInfo=2;=;scope.nope=1"), Settings::default());
    }

    #[test]
    fn eight_scopes() {
        assert!(scope("scope.werun").is_some());
        assert!(scope("scope.phone").is_none());
        assert_eq!(SCOPES.len(), 8);
    }
}
