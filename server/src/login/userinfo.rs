//! wx.getUserInfo's answer as WeChat's server makes it, for the simulated user: `userInfo`,
//! `rawData` (the JSON text of `userInfo`), `signature` = hex SHA-1 of `rawData` followed
//! by the session key (base64, as jscode2session gives it), and `encryptedData` =
//! base64 of AES-128-CBC with PKCS#7 padding, keyed by the session key's 16 bytes and a
//! fresh 16-byte `iv`, of `{openId, nickName, gender, language, city, province, country,
//! avatarUrl, watermark: {timestamp, appid}}`. A developer's server verifies and decrypts
//! it exactly as it does WeChat's (RustCrypto `sha1`, `aes`, `cbc`).
//!
//! The user's fields come from project.config.json's `"wxweb": {"user": {…}}` and
//! `wxweb serve --user-name/--user-avatar`; the default avatar is served at [`AVATAR_PATH`].

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockEncryptMut, KeyIvInit};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha1::{Digest, Sha1};

use super::codes::{base64, SESSION_KEY_BYTES};

/// Where the default avatar is served.
pub const AVATAR_PATH: &str = "/__wxweb/avatar.png";
/// The default avatar: a 132 × 132 PNG silhouette (WeChat's avatars come 132 px wide).
pub const DEFAULT_AVATAR: &[u8] = include_bytes!("avatar.png");

/// The simulated user as configured (`"wxweb": {"user": {…}}` in project.config.json),
/// with WeChat's field names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SimulatedUser {
    pub nick_name: String,
    /// A URL, or a path in the mini-program folder; `None`: the default avatar.
    pub avatar_url: Option<String>,
    /// 1 male, 2 female, 0 unknown.
    pub gender: u8,
    pub city: String,
    pub province: String,
    pub country: String,
    pub language: String,
}

impl Default for SimulatedUser {
    fn default() -> Self {
        SimulatedUser {
            nick_name: "wxweb".to_owned(),
            avatar_url: None,
            gender: 1,
            city: "Guangzhou".to_owned(),
            province: "Guangdong".to_owned(),
            country: "China".to_owned(),
            language: "zh_CN".to_owned(),
        }
    }
}

impl SimulatedUser {
    /// The avatar's absolute URL for a page served from `origin` (`http://host:port`).
    pub fn avatar_for(&self, origin: &str) -> String {
        match self.avatar_url.as_deref().filter(|url| !url.is_empty()) {
            None => format!("{origin}{AVATAR_PATH}"),
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                url.to_owned()
            }
            Some(path) => format!("{origin}/app/{}", path.trim_start_matches('/')),
        }
    }
}

/// `userInfo` in WeChat's key order (rawData is its JSON text).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserInfo<'a> {
    nick_name: &'a str,
    gender: u8,
    language: &'a str,
    city: &'a str,
    province: &'a str,
    country: &'a str,
    avatar_url: &'a str,
}

/// What `encryptedData` holds.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Sensitive<'a> {
    open_id: &'a str,
    #[serde(flatten)]
    info: &'a UserInfo<'a>,
    watermark: Watermark<'a>,
}

#[derive(Serialize)]
struct Watermark<'a> {
    timestamp: u64,
    appid: &'a str,
}

/// Who asks, and with which session.
pub struct Asker<'a> {
    pub appid: &'a str,
    pub openid: &'a str,
    pub avatar_url: &'a str,
    /// Seconds since the Unix epoch, for the watermark.
    pub timestamp: u64,
    pub session_key: &'a [u8; SESSION_KEY_BYTES],
    pub iv: &'a [u8; 16],
}

/// `{userInfo, rawData, signature, encryptedData, iv}` for `user`, as `asker` gets it.
pub fn signed(user: &SimulatedUser, asker: &Asker<'_>) -> Value {
    let info = UserInfo {
        nick_name: &user.nick_name,
        gender: user.gender,
        language: &user.language,
        city: &user.city,
        province: &user.province,
        country: &user.country,
        avatar_url: asker.avatar_url,
    };
    let raw_data = serde_json::to_string(&info).unwrap_or_default();
    let signature = hex(&Sha1::new()
        .chain_update(raw_data.as_bytes())
        .chain_update(base64(asker.session_key).as_bytes())
        .finalize());
    let sensitive = Sensitive {
        open_id: asker.openid,
        info: &info,
        watermark: Watermark { timestamp: asker.timestamp, appid: asker.appid },
    };
    let plain = serde_json::to_vec(&sensitive).unwrap_or_default();
    json!({
        "userInfo": serde_json::to_value(&info).unwrap_or(Value::Null),
        "rawData": raw_data,
        "signature": signature,
        "encryptedData": base64(&encrypt(&plain, asker.session_key, asker.iv)),
        "iv": base64(asker.iv),
    })
}

/// AES-128-CBC with PKCS#7 padding.
fn encrypt(plain: &[u8], key: &[u8; 16], iv: &[u8; 16]) -> Vec<u8> {
    let mut buffer = vec![0; (plain.len() / 16 + 1) * 16];
    let encryptor = cbc::Encryptor::<aes::Aes128>::new(key.into(), iv.into());
    match encryptor.encrypt_padded_b2b_mut::<Pkcs7>(plain, &mut buffer) {
        Ok(cipher) => cipher.to_vec(),
        // The buffer always has room for the padding.
        Err(_) => Vec::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes::cipher::BlockDecryptMut;

    const KEY: [u8; 16] = [7; 16];
    const IV: [u8; 16] = [9; 16];

    fn asker() -> Asker<'static> {
        Asker {
            appid: "wx123",
            openid: "oABC",
            avatar_url: "http://127.0.0.1:1/__wxweb/avatar.png",
            timestamp: 1_480_000_000,
            session_key: &KEY,
            iv: &IV,
        }
    }

    fn unbase64(text: &str) -> Vec<u8> {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut bits = 0u32;
        let mut count = 0;
        let mut out = Vec::new();
        for c in text.bytes().filter(|&c| c != b'=') {
            bits = bits << 6 | ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
            count += 6;
            if count >= 8 {
                count -= 8;
                out.push((bits >> count) as u8);
            }
        }
        out
    }

    #[test]
    fn raw_data_is_the_user_info_in_wechats_order() {
        let answer = signed(&SimulatedUser::default(), &asker());
        assert_eq!(
            answer["rawData"],
            r#"{"nickName":"wxweb","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"China","avatarUrl":"http://127.0.0.1:1/__wxweb/avatar.png"}"#
        );
        let parsed: Value = serde_json::from_str(answer["rawData"].as_str().unwrap()).unwrap();
        assert_eq!(parsed, answer["userInfo"]);
    }

    #[test]
    fn the_signature_is_sha1_of_raw_data_and_session_key() {
        let answer = signed(&SimulatedUser::default(), &asker());
        let text = format!("{}{}", answer["rawData"].as_str().unwrap(), base64(&KEY));
        assert_eq!(answer["signature"], hex(&Sha1::digest(text.as_bytes())));
        assert_eq!(answer["signature"].as_str().unwrap().len(), 40);
    }

    #[test]
    fn encrypted_data_decrypts_with_the_session_key() {
        let answer = signed(&SimulatedUser::default(), &asker());
        assert_eq!(unbase64(answer["iv"].as_str().unwrap()), IV);
        let mut data = unbase64(answer["encryptedData"].as_str().unwrap());
        let plain = cbc::Decryptor::<aes::Aes128>::new(&KEY.into(), &IV.into())
            .decrypt_padded_mut::<Pkcs7>(&mut data)
            .unwrap();
        let plain: Value = serde_json::from_slice(plain).unwrap();
        assert_eq!(plain["openId"], "oABC");
        assert_eq!(plain["nickName"], "wxweb");
        assert_eq!(plain["avatarUrl"], answer["userInfo"]["avatarUrl"]);
        assert_eq!(plain["watermark"], json!({"timestamp": 1_480_000_000, "appid": "wx123"}));
    }

    #[test]
    fn avatars_are_urls_or_files_of_the_folder() {
        let mut user = SimulatedUser::default();
        assert_eq!(user.avatar_for("http://h:1"), "http://h:1/__wxweb/avatar.png");
        user.avatar_url = Some("/images/me.png".into());
        assert_eq!(user.avatar_for("http://h:1"), "http://h:1/app/images/me.png");
        user.avatar_url = Some("https://example.com/a.png".into());
        assert_eq!(user.avatar_for("http://h:1"), "https://example.com/a.png");
    }

    #[test]
    fn the_default_avatar_is_a_png() {
        assert!(DEFAULT_AVATAR.starts_with(b"\x89PNG\r\n\x1a\n"));
    }
}
