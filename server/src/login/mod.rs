//! `wxweb serve` plays WeChat's login server (the seed's 开发接口 / wx.login):
//!
//! - `POST /__wxweb/login?appid=APPID` → `{"code": "…"}`: what `wx.login` calls on the
//!   serving origin (with `x-wxweb-api: login`; navigations and other sites are refused,
//!   see `access`); a fresh single-use code for the simulated user. Nothing else.
//! - `GET /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code` →
//!   `{openid, session_key, expires_in}` or `{errcode, errmsg}` (HTTP 200 either way, as
//!   WeChat answers): what the developer's server calls. The only place a session key
//!   appears. Browsers' requests from other sites are refused.
//! - `POST /__wxweb/userinfo?appid=APPID` (the runtime's, as login) → wx.getUserInfo's
//!   `{userInfo, rawData, signature, encryptedData, iv}`, signed and encrypted with the
//!   session key of this client's last wx.login (see [`userinfo`]); `GET /__wxweb/avatar.png`
//!   is the default avatar.
//! - `POST /__wxweb/test/clock?advance=MS`: moves the clock forward, only when the server
//!   runs with `--test-clock` (a clock that stands still until told); 404 otherwise. Browsers'
//!   requests from other sites are refused.
//!
//! The rules (expiry, single use, rate limit, errcodes) are in [`codes`].

pub mod codes;
pub mod userinfo;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::extract::{RawQuery, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::access;
use crate::testing::query_map;
use codes::{code_from, CodeTable, Credentials, Exchange, CODE_RANDOM_BYTES, SESSION_KEY_BYTES};
use userinfo::{signed, Asker, SimulatedUser, AVATAR_PATH, DEFAULT_AVATAR};

/// The simulated WeChat user who logs in.
pub const SIMULATED_USER: &str = "wxweb-user";
/// The secret when neither `--secret` nor project.config.json's `appsecret` gives one.
pub const DEFAULT_SECRET: &str = "wxweb-secret";

/// Where the login server's time comes from.
#[derive(Debug)]
pub enum Clock {
    /// Real time since the server started.
    Real(Instant),
    /// Stands still until a test moves it (`--test-clock`).
    Manual(AtomicU64),
}

impl Clock {
    fn now_ms(&self) -> u64 {
        match self {
            Clock::Real(start) => u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
            Clock::Manual(now) => now.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock forward; `false` for the real one.
    fn advance(&self, ms: u64) -> bool {
        match self {
            Clock::Real(_) => false,
            Clock::Manual(now) => {
                now.fetch_add(ms, Ordering::SeqCst);
                true
            }
        }
    }
}

/// The login server's state: who may exchange codes, the clock, and the live codes.
#[derive(Debug)]
pub struct LoginServer {
    credentials: Credentials,
    clock: Clock,
    table: Mutex<CodeTable>,
    /// Who wx.getUserInfo says the user is.
    user: SimulatedUser,
}

impl LoginServer {
    /// A login server accepting `appid` and `secret`, with the real clock unless `test_clock`.
    pub fn new(appid: &str, secret: &str, test_clock: bool) -> LoginServer {
        let clock =
            if test_clock { Clock::Manual(AtomicU64::new(0)) } else { Clock::Real(Instant::now()) };
        LoginServer {
            credentials: Credentials {
                appid: appid.to_owned(),
                secret: secret.to_owned(),
                user: SIMULATED_USER.to_owned(),
            },
            clock,
            table: Mutex::new(CodeTable::default()),
            user: SimulatedUser::default(),
        }
    }

    /// `wxweb serve --user-name/--user-avatar`: over project.config.json's user.
    pub fn override_user(&mut self, nick_name: Option<&str>, avatar_url: Option<&str>) {
        if let Some(name) = nick_name {
            name.clone_into(&mut self.user.nick_name);
        }
        if let Some(url) = avatar_url {
            self.user.avatar_url = Some(url.to_owned());
        }
    }

    /// The same server, with `user` as the simulated user.
    pub fn with_user(mut self, user: SimulatedUser) -> LoginServer {
        self.user = user;
        self
    }

    pub fn appid(&self) -> &str {
        &self.credentials.appid
    }

    pub fn secret(&self) -> &str {
        &self.credentials.secret
    }

    fn table(&self) -> std::sync::MutexGuard<'_, CodeTable> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The routes above, on `login`'s state.
pub fn router(login: Arc<LoginServer>) -> Router {
    let same_site = middleware::from_fn(same_site_only);
    Router::new()
        .route("/__wxweb/login", post(issue).layer(middleware::from_fn(runtime_only)))
        .route("/__wxweb/userinfo", post(user_info).layer(middleware::from_fn(runtime_only)))
        .route(AVATAR_PATH, get(avatar))
        .route("/sns/jscode2session", get(jscode2session).layer(same_site.clone()))
        .route("/__wxweb/test/clock", post(advance_clock).layer(same_site))
        .with_state(login)
}

/// `login` is the runtime's: other sites, navigations, and requests without `x-wxweb-api`
/// are refused (in the JSON the runtime reads: `login:fail <why>`).
async fn runtime_only(request: Request, next: Next) -> Response {
    match access::not_from_the_runtime(request.headers()) {
        Some(why) => refuse(StatusCode::FORBIDDEN, why),
        None => next.run(request).await,
    }
}

/// jscode2session and the test clock take servers' requests, never other sites'.
async fn same_site_only(request: Request, next: Next) -> Response {
    match access::cross_site(request.headers()) {
        Some(why) => refuse(StatusCode::FORBIDDEN, why),
        None => next.run(request).await,
    }
}

/// Who asked for a code: the client's address (one for every page of this machine).
fn client_of(extensions: &axum::http::Extensions) -> String {
    access::peer(extensions).map_or_else(|| "unknown".to_owned(), |peer| peer.ip().to_string())
}

/// Fills `bytes` from the system's secure random source (the one rustls uses).
fn random<const N: usize>() -> Option<[u8; N]> {
    let mut bytes = [0; N];
    rustls::crypto::ring::default_provider().secure_random.fill(&mut bytes).ok()?;
    Some(bytes)
}

fn refuse(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "error": text }))).into_response()
}

async fn issue(State(login): State<Arc<LoginServer>>, request: Request) -> Response {
    let client = client_of(request.extensions());
    let query = query_map(request.uri().query().unwrap_or(""));
    let Some(appid) = query.get("appid").and_then(Value::as_str).filter(|id| !id.is_empty()) else {
        return refuse(StatusCode::BAD_REQUEST, "appid missing");
    };
    // Practically always the first draw (see CODE_RANDOM_BYTES).
    let Some(code) =
        (0..8).find_map(|_| random::<CODE_RANDOM_BYTES>().and_then(|bytes| code_from(&bytes)))
    else {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "no random source");
    };
    let Some(session_key) = random::<SESSION_KEY_BYTES>() else {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "no random source");
    };
    let now = login.clock.now_ms();
    let code = login.table().issue(appid, &login.credentials.user, &client, now, code, session_key);
    Json(json!({ "code": code })).into_response()
}

/// `POST /__wxweb/userinfo?appid=…` (the runtime's, as login): wx.getUserInfo's answer,
/// signed and encrypted with the session key of this client's last wx.login. Without one,
/// it logs in implicitly (a code nobody sees), as WeChat 1.x's getUserInfo did.
async fn user_info(State(login): State<Arc<LoginServer>>, request: Request) -> Response {
    let client = client_of(request.extensions());
    let query = query_map(request.uri().query().unwrap_or(""));
    let Some(appid) = query.get("appid").and_then(Value::as_str).filter(|id| !id.is_empty()) else {
        return refuse(StatusCode::BAD_REQUEST, "appid missing");
    };
    let known = login.table().session_key(appid, &client);
    let session_key = match known {
        Some(key) => key,
        None => {
            let fresh = random::<CODE_RANDOM_BYTES>().and_then(|bytes| code_from(&bytes));
            let (Some(code), Some(key)) = (fresh, random::<SESSION_KEY_BYTES>()) else {
                return refuse(StatusCode::INTERNAL_SERVER_ERROR, "no random source");
            };
            let now = login.clock.now_ms();
            login.table().issue(appid, &login.credentials.user, &client, now, code, key);
            key
        }
    };
    let Some(iv) = random::<16>() else {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "no random source");
    };
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let avatar_url = login.user.avatar_for(&origin_of(request.headers()));
    let asker = Asker {
        appid,
        openid: &codes::openid(appid, &login.credentials.user),
        avatar_url: &avatar_url,
        timestamp,
        session_key: &session_key,
        iv: &iv,
    };
    Json(signed(&login.user, &asker)).into_response()
}

/// The page's origin: its `Origin` header (a POST from the page has one), else the host.
fn origin_of(headers: &axum::http::HeaderMap) -> String {
    let text = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
    match (text(axum::http::header::ORIGIN), text(axum::http::header::HOST)) {
        (Some(origin), _) if origin != "null" => origin.to_owned(),
        (_, Some(host)) => format!("http://{host}"),
        _ => String::new(),
    }
}

/// The default avatar (`GET /__wxweb/avatar.png`).
async fn avatar() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "image/png")], DEFAULT_AVATAR).into_response()
}

async fn jscode2session(
    State(login): State<Arc<LoginServer>>,
    RawQuery(query): RawQuery,
) -> Json<Value> {
    let query = query_map(query.as_deref().unwrap_or(""));
    let text = |key: &str| query.get(key).and_then(Value::as_str);
    let request = Exchange {
        appid: text("appid"),
        secret: text("secret"),
        js_code: text("js_code"),
        grant_type: text("grant_type"),
    };
    let now = login.clock.now_ms();
    match login.table().exchange(&login.credentials, &request, now) {
        Ok(session) => Json(json!({
            "openid": session.openid,
            "session_key": session.session_key,
            "expires_in": session.expires_in,
        })),
        Err(error) => Json(json!({ "errcode": error.errcode, "errmsg": error.errmsg })),
    }
}

async fn advance_clock(
    State(login): State<Arc<LoginServer>>,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query_map(query.as_deref().unwrap_or(""));
    let Some(ms) = query.get("advance").and_then(Value::as_str).and_then(|ms| ms.parse().ok())
    else {
        return refuse(StatusCode::BAD_REQUEST, "advance=MS missing");
    };
    if !login.clock.advance(ms) {
        return refuse(StatusCode::NOT_FOUND, "the test clock is off (wxweb serve --test-clock)");
    }
    Json(json!({ "now": login.clock.now_ms() })).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{to_bytes, Body};
    use tower::ServiceExt;

    fn server(test_clock: bool) -> Router {
        router(Arc::new(LoginServer::new("wx123", "s3cret", test_clock)))
    }

    async fn call(router: &Router, method: &str, uri: &str) -> (StatusCode, Value) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header("x-wxweb-api", "login")
            .body(Body::empty())
            .unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, serde_json::from_slice(&body).unwrap())
    }

    async fn login(router: &Router) -> String {
        let (status, body) = call(router, "POST", "/__wxweb/login?appid=wx123").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body.as_object().unwrap().len(), 1, "only the code: {body}");
        body["code"].as_str().unwrap().to_owned()
    }

    fn exchange_uri(code: &str) -> String {
        format!("/sns/jscode2session?appid=wx123&secret=s3cret&js_code={code}&grant_type=authorization_code")
    }

    #[tokio::test]
    async fn login_then_exchange_once() {
        let router = server(false);
        let code = login(&router).await;
        assert_ne!(code, login(&router).await, "each login a fresh code");
        let (status, body) = call(&router, "GET", &exchange_uri(&code)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["openid"], codes::openid("wx123", SIMULATED_USER));
        assert_eq!(body["session_key"].as_str().unwrap().len(), 24);
        assert_eq!(body["expires_in"], 2_592_000);
        let (status, body) = call(&router, "GET", &exchange_uri(&code)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, json!({"errcode": 40163, "errmsg": "code been used"}));
    }

    #[tokio::test]
    async fn errors_are_wechats() {
        let router = server(false);
        let code = login(&router).await;
        for (query, errcode, errmsg) in [
            (
                "appid=wx123&secret=s3cret&js_code=bogus&grant_type=authorization_code".to_owned(),
                40029,
                "invalid code",
            ),
            (
                format!("appid=wx123&secret=nope&js_code={code}&grant_type=authorization_code"),
                40125,
                "invalid appsecret",
            ),
            (
                format!("appid=wx999&secret=s3cret&js_code={code}&grant_type=authorization_code"),
                40013,
                "invalid appid",
            ),
            (format!("appid=wx123&secret=s3cret&js_code={code}"), 40002, "invalid grant_type"),
            (
                format!("appid=wx123&secret=s3cret&js_code={code}&grant_type=password"),
                40002,
                "invalid grant_type",
            ),
            ("".to_owned(), 41002, "appid missing"),
        ] {
            let (_, body) = call(&router, "GET", &format!("/sns/jscode2session?{query}")).await;
            assert_eq!(body, json!({"errcode": errcode, "errmsg": errmsg}), "{query}");
        }
        let (_, body) = call(&router, "GET", &exchange_uri(&code)).await;
        assert!(body["openid"].is_string(), "the refusals left the code unused: {body}");
    }

    #[tokio::test]
    async fn codes_expire_after_five_minutes_on_the_test_clock() {
        let router = server(true);
        let fresh = login(&router).await;
        let (status, _) = call(&router, "POST", "/__wxweb/test/clock?advance=299999").await;
        assert_eq!(status, StatusCode::OK);
        let later = login(&router).await;
        assert!(call(&router, "GET", &exchange_uri(&later)).await.1["openid"].is_string());
        let later = login(&router).await;
        call(&router, "POST", "/__wxweb/test/clock?advance=1").await;
        let (_, body) = call(&router, "GET", &exchange_uri(&fresh)).await;
        assert_eq!(body["errcode"], 40029);
        assert!(call(&router, "GET", &exchange_uri(&later)).await.1["openid"].is_string());
    }

    #[tokio::test]
    async fn the_clock_moves_only_in_tests() {
        let (status, _) = call(&server(false), "POST", "/__wxweb/test/clock?advance=1000").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn user_info_is_signed_with_the_key_of_the_last_login() {
        use sha1::{Digest, Sha1};
        let router = server(false);
        login(&router).await;
        let code = login(&router).await;
        let (status, info) = call(&router, "POST", "/__wxweb/userinfo?appid=wx123").await;
        assert_eq!(status, StatusCode::OK);
        let key = call(&router, "GET", &exchange_uri(&code)).await.1["session_key"].clone();
        let text = format!("{}{}", info["rawData"].as_str().unwrap(), key.as_str().unwrap());
        let digest: String =
            Sha1::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(info["signature"], digest);
        assert_eq!(info["userInfo"]["nickName"], "wxweb");
        let (status, _) = call(&router, "POST", "/__wxweb/userinfo").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn login_needs_an_appid() {
        let (status, body) = call(&server(false), "POST", "/__wxweb/login").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["error"], "appid missing");
    }
}
