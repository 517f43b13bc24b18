//! Telling what device and network the page runs on, from the strings the browser
//! gives (user agent, `navigator.connection`, `navigator.language`). No browser calls.

/// What a user agent says about the phone: `model`, `system` and `platform` as
/// getSystemInfo reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub model: String,
    pub system: String,
    pub platform: &'static str,
}

/// Reads model, system and platform from a user agent. iOS Safari gives only the
/// device family ("iPhone"); Android gives the model unless the browser reduces it.
pub fn phone_from_user_agent(user_agent: &str) -> Phone {
    if let Some(family) =
        ["iPhone", "iPad", "iPod"].into_iter().find(|f| user_agent.contains(&format!("({f};")))
    {
        let version = between(user_agent, "OS ", " like Mac OS X").unwrap_or("").replace('_', ".");
        return Phone {
            model: family.to_owned(),
            system: format!("iOS {version}").trim_end().to_owned(),
            platform: "ios",
        };
    }
    if let Some(details) = between(user_agent, "(Linux; Android ", ")") {
        let mut parts = details.split(';').map(str::trim);
        let version = parts.next().unwrap_or("");
        let model =
            parts.find(|part| !part.is_empty() && !part.starts_with("wv")).unwrap_or("Android");
        let model = model.split(" Build/").next().unwrap_or(model);
        return Phone {
            model: model.to_owned(),
            system: format!("Android {version}"),
            platform: "android",
        };
    }
    let (system, platform) = if user_agent.contains("Windows") {
        ("Windows", "windows")
    } else if user_agent.contains("Mac OS X") {
        ("macOS", "mac")
    } else {
        ("Linux", "devtools")
    };
    Phone { model: "PC".to_owned(), system: system.to_owned(), platform }
}

/// WeChat's `networkType` (`wifi`, `2g`, `3g`, `4g`, `unknown`, `none`) from
/// `navigator.onLine` and the Network Information API's `type` and `effectiveType`
/// (either may be missing: Safari and Firefox have neither, desktop Chrome lacks `type`).
pub fn network_type(on_line: bool, kind: Option<&str>, effective: Option<&str>) -> &'static str {
    if !on_line {
        return "none";
    }
    match kind {
        Some("none") => "none",
        Some("wifi" | "ethernet" | "wimax") => "wifi",
        Some("cellular") | None => match effective {
            Some("slow-2g" | "2g") => "2g",
            Some("3g") => "3g",
            Some("4g") => "4g",
            _ => "unknown",
        },
        Some(_) => "unknown",
    }
}

/// WeChat writes languages with an underscore: `zh_CN`, `en_US`.
pub fn wechat_language(browser_language: &str) -> String {
    browser_language.replace('-', "_")
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let length = text[from..].find(end)?;
    Some(&text[from..from + length])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iphone_safari() {
        let ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
        assert_eq!(
            phone_from_user_agent(ua),
            Phone { model: "iPhone".into(), system: "iOS 17.1.2".into(), platform: "ios" }
        );
    }

    #[test]
    fn ipad_safari() {
        let ua = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1";
        let phone = phone_from_user_agent(ua);
        assert_eq!(
            (phone.model.as_str(), phone.system.as_str(), phone.platform),
            ("iPad", "iOS 16.6", "ios")
        );
    }

    #[test]
    fn android_chrome_with_and_without_build() {
        let ua = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36";
        assert_eq!(
            phone_from_user_agent(ua),
            Phone { model: "Pixel 7".into(), system: "Android 13".into(), platform: "android" }
        );
        let ua = "Mozilla/5.0 (Linux; Android 7.0; MI 5 Build/NRD90M; wv) AppleWebKit/537.36";
        assert_eq!(phone_from_user_agent(ua).model, "MI 5");
    }

    #[test]
    fn desktops() {
        let windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36";
        assert_eq!(phone_from_user_agent(windows).platform, "windows");
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15";
        assert_eq!(phone_from_user_agent(mac).platform, "mac");
        let linux =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/156.0 Safari/537.36";
        assert_eq!(
            phone_from_user_agent(linux),
            Phone { model: "PC".into(), system: "Linux".into(), platform: "devtools" }
        );
        assert_eq!(phone_from_user_agent("").model, "PC");
    }

    #[test]
    fn network_types() {
        assert_eq!(network_type(false, Some("wifi"), Some("4g")), "none");
        assert_eq!(network_type(true, Some("wifi"), Some("2g")), "wifi");
        assert_eq!(network_type(true, Some("ethernet"), None), "wifi");
        assert_eq!(network_type(true, Some("cellular"), Some("3g")), "3g");
        assert_eq!(network_type(true, Some("cellular"), Some("slow-2g")), "2g");
        assert_eq!(network_type(true, None, Some("4g")), "4g");
        assert_eq!(network_type(true, None, None), "unknown");
        assert_eq!(network_type(true, Some("none"), None), "none");
        assert_eq!(network_type(true, Some("bluetooth"), Some("4g")), "unknown");
    }

    #[test]
    fn languages() {
        assert_eq!(wechat_language("zh-CN"), "zh_CN");
        assert_eq!(wechat_language("en"), "en");
    }
}
