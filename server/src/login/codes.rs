//! WeChat's login server, as pure logic: the table of login codes that `wx.login` hands
//! out and `jscode2session` takes back, with WeChat's error codes. Time and randomness
//! come from the caller, so tests control both.
//!
//! - A code is 32 letters and digits, each drawn uniformly (see [`code_from`]), works once,
//!   and expires 5 minutes after it was issued. An expired or unknown code is `40029 invalid code`; a code used before is
//!   `40163 code been used` (until it would have expired).
//! - `45011`: at most [`EXCHANGES_PER_MINUTE`] exchanges per appid and user within any 60 s
//!   (WeChat's documented limit for jscode2session: 100 a minute per user). A refused
//!   exchange does not use the code up. Unknown codes belong to no user and are not counted.
//! - At most [`CODES_PER_CLIENT`] live codes per appid and client (the address wx.login came
//!   from), and [`MAX_LIVE_CODES`] in all: a new code beyond that replaces the oldest of
//!   that client (or the oldest of all), so no client can keep another from logging in.
//! - The openid is a digest of the appid and the user, so it is the same in every run.
//! - errmsg texts are the seed document's (`invalid code`); today's WeChat appends
//!   `, rid: …`, which no client should parse.

use std::collections::{HashMap, VecDeque};

use sha2::{Digest, Sha256};

/// How long a code stays valid, in milliseconds.
pub const CODE_LIFETIME_MS: u64 = 5 * 60 * 1000;
/// Exchanges allowed per appid and user within [`RATE_WINDOW_MS`].
pub const EXCHANGES_PER_MINUTE: usize = 100;
pub const RATE_WINDOW_MS: u64 = 60 * 1000;
/// Codes alive at once per appid and client (ten times what a user may exchange in a
/// minute); a new one beyond that replaces the oldest.
pub const CODES_PER_CLIENT: usize = 1_000;
/// Codes alive at once in all; a new one beyond that replaces the oldest.
pub const MAX_LIVE_CODES: usize = 100_000;
/// `expires_in` of a session, as in the seed document's example (30 days).
pub const SESSION_EXPIRES_IN: u64 = 2_592_000;

const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
pub const CODE_LENGTH: usize = 32;
/// Random bytes a session key is made of (WeChat's are 16 bytes, base64: 24 characters).
pub const SESSION_KEY_BYTES: usize = 16;

/// `{errcode, errmsg}` of WeChat's server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WxError {
    pub errcode: i32,
    pub errmsg: &'static str,
}

pub const INVALID_CODE: WxError = WxError { errcode: 40029, errmsg: "invalid code" };
pub const CODE_BEEN_USED: WxError = WxError { errcode: 40163, errmsg: "code been used" };
pub const RATE_LIMITED: WxError = WxError {
    errcode: 45011,
    errmsg: "api minute-quota reach limit  mustslower  retry next minute",
};
pub const INVALID_APPID: WxError = WxError { errcode: 40013, errmsg: "invalid appid" };
pub const INVALID_SECRET: WxError = WxError { errcode: 40125, errmsg: "invalid appsecret" };
pub const INVALID_GRANT_TYPE: WxError = WxError { errcode: 40002, errmsg: "invalid grant_type" };
pub const APPID_MISSING: WxError = WxError { errcode: 41002, errmsg: "appid missing" };
pub const SECRET_MISSING: WxError = WxError { errcode: 41004, errmsg: "appsecret missing" };
pub const CODE_MISSING: WxError = WxError { errcode: 41008, errmsg: "missing code" };

/// The appid and secret the server accepts, and the simulated user who logs in.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub appid: String,
    pub secret: String,
    pub user: String,
}

/// The query of `GET /sns/jscode2session`; absent parameters are `None`.
#[derive(Debug, Default, Clone)]
pub struct Exchange<'a> {
    pub appid: Option<&'a str>,
    pub secret: Option<&'a str>,
    pub js_code: Option<&'a str>,
    pub grant_type: Option<&'a str>,
}

/// A successful exchange: `{openid, session_key, expires_in}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub openid: String,
    pub session_key: String,
    pub expires_in: u64,
}

/// Random bytes [`code_from`] takes: enough that 32 of them are below 248 but once in
/// 10^20 draws.
pub const CODE_RANDOM_BYTES: usize = 64;

#[derive(Debug)]
struct Issued {
    appid: String,
    user: String,
    client: String,
    at_ms: u64,
    used: bool,
    /// The session key that exchanging this code gives (drawn when wx.login asked).
    session_key: [u8; SESSION_KEY_BYTES],
}

/// A code of [`CODE_LENGTH`] characters of the 62 letters and digits, each uniformly
/// distributed: bytes from 248 up are skipped (248 = 4 × 62, so `byte % 62` favours no
/// character). `None` if `random` has too few bytes below 248.
pub fn code_from(random: &[u8]) -> Option<String> {
    let limit = (256 / CODE_ALPHABET.len() * CODE_ALPHABET.len()) as u8;
    let code: String = random
        .iter()
        .filter(|&&b| b < limit)
        .take(CODE_LENGTH)
        .map(|&b| char::from(CODE_ALPHABET[usize::from(b) % CODE_ALPHABET.len()]))
        .collect();
    (code.len() == CODE_LENGTH).then_some(code)
}

/// The live codes and the recent exchanges of each appid and user.
#[derive(Debug, Default)]
pub struct CodeTable {
    codes: HashMap<String, Issued>,
    /// Codes in the order they were issued (some maybe gone already).
    order: VecDeque<String>,
    /// Each appid and client's codes in the order they were issued (some maybe gone).
    by_client: HashMap<(String, String), VecDeque<String>>,
    /// The session of each appid and client: the key of the last code issued to it, which
    /// wx.getUserInfo signs with; it outlives the code, as WeChat's session does.
    sessions: HashMap<(String, String), [u8; SESSION_KEY_BYTES]>,
    exchanges: HashMap<(String, String), VecDeque<u64>>,
}

impl CodeTable {
    /// wx.login: `code` (from [`code_from`]) becomes a live code for `user` of `appid`,
    /// asked for by `client`. Beyond the limits, the oldest code of that appid and client
    /// (or of all) is forgotten.
    pub fn issue(
        &mut self,
        appid: &str,
        user: &str,
        client: &str,
        now_ms: u64,
        code: String,
        session_key: [u8; SESSION_KEY_BYTES],
    ) -> String {
        self.forget_expired(now_ms);
        let bucket = self.by_client.entry((appid.to_owned(), client.to_owned())).or_default();
        while bucket.len() >= CODES_PER_CLIENT {
            if let Some(oldest) = bucket.pop_front() {
                self.codes.remove(&oldest);
            }
        }
        bucket.push_back(code.clone());
        while self.codes.len() >= MAX_LIVE_CODES {
            match self.order.pop_front() {
                Some(oldest) => self.forget_oldest(&oldest),
                None => break,
            }
        }
        self.order.push_back(code.clone());
        let issued = Issued {
            appid: appid.to_owned(),
            user: user.to_owned(),
            client: client.to_owned(),
            at_ms: now_ms,
            used: false,
            session_key,
        };
        self.codes.insert(code.clone(), issued);
        let session = (appid.to_owned(), client.to_owned());
        if self.sessions.len() >= MAX_LIVE_CODES && !self.sessions.contains_key(&session) {
            self.sessions.clear();
        }
        self.sessions.insert(session, session_key);
        code
    }

    /// The session key of `appid` and `client`: that of the last code issued to them.
    pub fn session_key(&self, appid: &str, client: &str) -> Option<[u8; SESSION_KEY_BYTES]> {
        self.sessions.get(&(appid.to_owned(), client.to_owned())).copied()
    }

    /// Live codes (for tests and limits).
    pub fn live(&self) -> usize {
        self.codes.len()
    }

    /// jscode2session: checks the request against `credentials` and uses the code up.
    pub fn exchange(
        &mut self,
        credentials: &Credentials,
        request: &Exchange<'_>,
        now_ms: u64,
    ) -> Result<Session, WxError> {
        let appid = present(request.appid).ok_or(APPID_MISSING)?;
        if appid != credentials.appid {
            return Err(INVALID_APPID);
        }
        let secret = present(request.secret).ok_or(SECRET_MISSING)?;
        if secret != credentials.secret {
            return Err(INVALID_SECRET);
        }
        if request.grant_type != Some("authorization_code") {
            return Err(INVALID_GRANT_TYPE);
        }
        let code = present(request.js_code).ok_or(CODE_MISSING)?;
        self.forget_expired(now_ms);
        let issued = match self.codes.get_mut(code) {
            Some(issued) if issued.appid == appid => issued,
            _ => return Err(INVALID_CODE),
        };
        if issued.used {
            return Err(CODE_BEEN_USED);
        }
        let recent = self.exchanges.entry((appid.to_owned(), issued.user.clone())).or_default();
        while recent.front().is_some_and(|&at| now_ms.saturating_sub(at) >= RATE_WINDOW_MS) {
            recent.pop_front();
        }
        if recent.len() >= EXCHANGES_PER_MINUTE {
            return Err(RATE_LIMITED);
        }
        recent.push_back(now_ms);
        issued.used = true;
        Ok(Session {
            openid: openid(appid, &issued.user),
            session_key: base64(&issued.session_key),
            expires_in: SESSION_EXPIRES_IN,
        })
    }

    fn forget_expired(&mut self, now_ms: u64) {
        // Codes were issued in time order: the expired ones (and the forgotten) lead.
        while let Some(oldest) = self.order.front() {
            if self
                .codes
                .get(oldest)
                .is_some_and(|issued| now_ms.saturating_sub(issued.at_ms) < CODE_LIFETIME_MS)
            {
                break;
            }
            if let Some(oldest) = self.order.pop_front() {
                self.forget_oldest(&oldest);
            }
        }
        self.exchanges.retain(|_, recent| {
            recent.back().is_some_and(|&at| now_ms.saturating_sub(at) < RATE_WINDOW_MS)
        });
    }

    /// Forgets `code`, the oldest of all live codes (so also the oldest of its client's),
    /// if it is still there.
    fn forget_oldest(&mut self, code: &str) {
        let Some(issued) = self.codes.remove(code) else { return };
        let key = (issued.appid, issued.client);
        if let Some(bucket) = self.by_client.get_mut(&key) {
            if bucket.front().is_some_and(|front| front == code) {
                bucket.pop_front();
            }
            if bucket.is_empty() {
                self.by_client.remove(&key);
            }
        }
    }
}

/// A parameter given with a value.
fn present(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

/// The user's openid in `appid`: `o` and 27 URL-safe base64 characters of a SHA-256 of
/// both, like WeChat's 28-character openids. Stable across runs; different per appid.
pub fn openid(appid: &str, user: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"wxweb openid\0")
        .chain_update(appid.as_bytes())
        .chain_update(b"\0")
        .chain_update(user.as_bytes())
        .finalize();
    let text = base64(&digest).replace('+', "-").replace('/', "_");
    format!("o{}", &text[..27])
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> Credentials {
        Credentials { appid: "wx123".into(), secret: "s3cret".into(), user: "alice".into() }
    }

    fn request(code: &str) -> Exchange<'_> {
        Exchange {
            appid: Some("wx123"),
            secret: Some("s3cret"),
            js_code: Some(code),
            grant_type: Some("authorization_code"),
        }
    }

    /// A distinct code for each n.
    fn random(n: u32) -> String {
        let digest = Sha256::digest(n.to_le_bytes());
        let mut bytes = [0; CODE_RANDOM_BYTES];
        bytes[..32].copy_from_slice(&digest);
        bytes[32..].copy_from_slice(&Sha256::digest(digest));
        code_from(&bytes).unwrap()
    }

    /// Issues `random(n)` for alice from client "c".
    fn issue(table: &mut CodeTable, appid: &str, user: &str, now_ms: u64, code: String) -> String {
        table.issue(appid, user, "c", now_ms, code, KEY)
    }

    const KEY: [u8; SESSION_KEY_BYTES] = [7; SESSION_KEY_BYTES];

    #[test]
    fn the_session_key_is_drawn_at_login_and_the_last_one_is_the_clients() {
        let mut table = CodeTable::default();
        let first = table.issue("wx123", "alice", "c", 0, random(1), [1; SESSION_KEY_BYTES]);
        assert_eq!(table.session_key("wx123", "c"), Some([1; SESSION_KEY_BYTES]));
        let second = table.issue("wx123", "alice", "c", 0, random(2), [2; SESSION_KEY_BYTES]);
        assert_eq!(table.session_key("wx123", "c"), Some([2; SESSION_KEY_BYTES]));
        assert_eq!(table.session_key("wx123", "other"), None);
        assert_eq!(table.session_key("wx999", "c"), None);
        let session = table.exchange(&credentials(), &request(&first), 0).unwrap();
        assert_eq!(session.session_key, base64(&[1; SESSION_KEY_BYTES]));
        let session = table.exchange(&credentials(), &request(&second), 0).unwrap();
        assert_eq!(session.session_key, base64(&[2; SESSION_KEY_BYTES]));
        // The session outlives its code.
        table.exchange(&credentials(), &request("nope"), CODE_LIFETIME_MS * 2).unwrap_err();
        assert_eq!(table.session_key("wx123", "c"), Some([2; SESSION_KEY_BYTES]));
    }

    #[test]
    fn a_code_gives_the_session_once() {
        let mut table = CodeTable::default();
        let code = issue(&mut table, "wx123", "alice", 0, random(1));
        assert_eq!(code.len(), 32);
        assert!(code.bytes().all(|b| b.is_ascii_alphanumeric()));
        let session = table.exchange(&credentials(), &request(&code), 1000).unwrap();
        assert_eq!(session.openid, openid("wx123", "alice"));
        assert_eq!(session.session_key, base64(&KEY));
        assert_eq!(session.expires_in, 2_592_000);
        assert_eq!(table.exchange(&credentials(), &request(&code), 2000), Err(CODE_BEEN_USED));
        assert_eq!(CODE_BEEN_USED.errcode, 40163);
    }

    #[test]
    fn unknown_and_expired_codes_are_invalid() {
        let mut table = CodeTable::default();
        assert_eq!(table.exchange(&credentials(), &request("nope"), 0), Err(INVALID_CODE));
        let code = issue(&mut table, "wx123", "alice", 0, random(1));
        let late = CODE_LIFETIME_MS;
        assert_eq!(table.exchange(&credentials(), &request(&code), late), Err(INVALID_CODE));
        let code = issue(&mut table, "wx123", "alice", late, random(2));
        assert!(table
            .exchange(&credentials(), &request(&code), late + CODE_LIFETIME_MS - 1)
            .is_ok());
        assert_eq!(INVALID_CODE.errcode, 40029);
    }

    #[test]
    fn a_code_of_another_appid_is_invalid() {
        let mut table = CodeTable::default();
        let code = issue(&mut table, "wxother", "alice", 0, random(1));
        assert_eq!(table.exchange(&credentials(), &request(&code), 0), Err(INVALID_CODE));
    }

    #[test]
    fn wrong_credentials_and_parameters_are_refused_without_using_the_code() {
        let mut table = CodeTable::default();
        let code = issue(&mut table, "wx123", "alice", 0, random(1));
        let cases = [
            (Exchange { appid: None, ..request(&code) }, APPID_MISSING),
            (Exchange { appid: Some(""), ..request(&code) }, APPID_MISSING),
            (Exchange { appid: Some("wx999"), ..request(&code) }, INVALID_APPID),
            (Exchange { secret: None, ..request(&code) }, SECRET_MISSING),
            (Exchange { secret: Some("guess"), ..request(&code) }, INVALID_SECRET),
            (Exchange { grant_type: None, ..request(&code) }, INVALID_GRANT_TYPE),
            (
                Exchange { grant_type: Some("client_credential"), ..request(&code) },
                INVALID_GRANT_TYPE,
            ),
            (Exchange { js_code: None, ..request(&code) }, CODE_MISSING),
        ];
        for (exchange, error) in cases {
            assert_eq!(table.exchange(&credentials(), &exchange, 0), Err(error), "{exchange:?}");
        }
        assert_eq!((INVALID_SECRET.errcode, INVALID_APPID.errcode), (40125, 40013));
        assert!(table.exchange(&credentials(), &request(&code), 0).is_ok());
    }

    #[test]
    fn a_hundred_exchanges_a_minute_per_user() {
        let mut table = CodeTable::default();
        for n in 0..100 {
            let code = issue(&mut table, "wx123", "alice", u64::from(n), random(n));
            assert!(table.exchange(&credentials(), &request(&code), u64::from(n)).is_ok(), "{n}");
        }
        let code = issue(&mut table, "wx123", "alice", 500, random(100));
        assert_eq!(table.exchange(&credentials(), &request(&code), 500), Err(RATE_LIMITED));
        assert_eq!(RATE_LIMITED.errcode, 45011);
        // Another user is not limited.
        let bob = issue(&mut table, "wx123", "bob", 500, random(101));
        assert!(table.exchange(&credentials(), &request(&bob), 500).is_ok());
        // A minute after the first exchange, one more fits, with the code refused before.
        assert_eq!(
            table.exchange(&credentials(), &request(&code), RATE_WINDOW_MS - 1),
            Err(RATE_LIMITED)
        );
        assert!(table.exchange(&credentials(), &request(&code), RATE_WINDOW_MS).is_ok());
    }

    #[test]
    fn each_client_holds_a_bounded_number_of_codes_and_blocks_no_one() {
        let mut table = CodeTable::default();
        let first = table.issue("wx123", "alice", "flood", 0, random(0), KEY);
        for n in 1..=(CODES_PER_CLIENT as u32 * 3) {
            table.issue("wx123", "alice", "flood", u64::from(n), random(n), KEY);
        }
        assert_eq!(table.live(), CODES_PER_CLIENT, "the flooding client's oldest codes went");
        assert_eq!(table.exchange(&credentials(), &request(&first), 5000), Err(INVALID_CODE));
        // Another client, and the same client for another appid, still log in.
        let other = table.issue("wx123", "alice", "page", 5000, random(100_000), KEY);
        assert!(table.exchange(&credentials(), &request(&other), 5000).is_ok());
        table.issue("wx999", "alice", "flood", 5000, random(100_001), KEY);
        assert_eq!(table.live(), CODES_PER_CLIENT + 2);
        // The newest of the flood still works.
        let newest = table.issue("wx123", "alice", "flood", 5001, random(100_002), KEY);
        assert!(table.exchange(&credentials(), &request(&newest), 5001).is_ok());
        // Expired codes are forgotten, with their clients.
        table.issue("wx123", "alice", "late", CODE_LIFETIME_MS + 6000, random(100_003), KEY);
        assert_eq!(table.live(), 1);
        assert_eq!(table.by_client.len(), 1);
    }

    #[test]
    fn the_table_holds_a_bounded_number_of_codes_in_all() {
        let mut table = CodeTable::default();
        let first = table.issue("wx123", "alice", "client 0", 0, random(0), KEY);
        for n in 1..=MAX_LIVE_CODES as u32 {
            table.issue("wx123", "alice", &format!("client {}", n / 50), 0, random(n), KEY);
        }
        assert_eq!(table.live(), MAX_LIVE_CODES);
        assert_eq!(table.exchange(&credentials(), &request(&first), 0), Err(INVALID_CODE));
    }

    #[test]
    fn codes_are_uniform_over_62_characters() {
        // Each byte value below 248 four times: each character comes out exactly 16 times.
        let bytes: Vec<u8> = (0..4).flat_map(|_| 0..248u8).collect();
        let mut counts = HashMap::new();
        for chunk in bytes.chunks(32) {
            for c in code_from(chunk).unwrap().chars() {
                *counts.entry(c).or_insert(0) += 1;
            }
        }
        assert_eq!(counts.len(), 62);
        assert!(counts.values().all(|&n| n == 16), "{counts:?}");
        // The bytes 248..=255, which would favour '0'..'7', are skipped.
        let with_high: Vec<u8> = (248..=255u8).chain(0..32).collect();
        assert_eq!(code_from(&with_high), code_from(&(0..32).collect::<Vec<u8>>()));
        assert_eq!(code_from(&[250; 64]), None, "too few usable bytes");
        assert_eq!(code_from(&[1; 31]), None);
    }

    #[test]
    fn openids_are_stable_per_appid_and_user() {
        let alice = openid("wx123", "alice");
        assert_eq!(alice.len(), 28);
        assert!(alice.starts_with('o'));
        assert!(alice.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(alice, openid("wx123", "alice"));
        assert_ne!(alice, openid("wx456", "alice"));
        assert_ne!(alice, openid("wx123", "bob"));
    }

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (input, output) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")]
        {
            assert_eq!(base64(input.as_bytes()), output);
        }
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
        assert_eq!(base64(&KEY).len(), 24);
    }
}
