//! Network (网络): request, uploadFile, downloadFile and the WebSocket API, per
//! CONVENTIONS.md "Network". Browser primitives: fetch (request), XMLHttpRequest
//! (uploadFile, downloadFile: they report progress), WebSocket. Cross-origin requests
//! go through `wxweb serve`'s proxy when the page has one, since WeChat knows no CORS.

mod headers;
mod inspect;
mod request;
mod socket;
mod transfer;
mod values;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Url};
use wxweb_core::errmsg::Fail;
use wxweb_core::network::encode::encode_component;
use wxweb_core::network::scheduler::{Admission, Overflow, Scheduler};

use crate::bridge::{Profile, WxObject};
use crate::platform::files::Files;

/// `networkTimeout` of app.json, in milliseconds (60 s each by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub request: u32,
    pub connect_socket: u32,
    pub upload_file: u32,
    pub download_file: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            request: 60_000,
            connect_socket: 60_000,
            upload_file: 60_000,
            download_file: 60_000,
        }
    }
}

/// What the network functions of one `wx` share.
#[derive(Clone)]
pub struct Network {
    /// The page's origin, read once: requests elsewhere are cross-origin.
    origin: Option<String>,
    files: Files,
    scheduler: Rc<RefCell<Scheduler<Function>>>,
    proxy: Option<String>,
    timeouts: Timeouts,
    profile: Profile,
}

/// A parsed, checked URL.
pub struct Target {
    pub href: String,
    pub origin: String,
    pub path: String,
}

/// The longest URL handed to the browser, in UTF-16 units of the canonical URL.
/// Chromium refuses URLs over 2 MiB, and a longer WebSocket URL crashes the renderer;
/// the margin leaves room for the proxy's encoding of the target.
pub const MAX_URL_LENGTH: usize = 1 << 20;

/// Refuses a URL (the target, or the target with its query added) over [`MAX_URL_LENGTH`].
pub fn check_length(url: &str) -> Result<(), Fail> {
    if url.len() <= MAX_URL_LENGTH || url.encode_utf16().count() <= MAX_URL_LENGTH {
        return Ok(());
    }
    Err(Fail::owned(format!(
        "{} (longer than {MAX_URL_LENGTH} characters)",
        invalid_url(url).detail()
    )))
}

/// WeChat's `invalid url "…"`, with a long url cut short.
fn invalid_url(url: &str) -> Fail {
    const SHOWN: usize = 200;
    match url.char_indices().nth(SHOWN) {
        Some((end, _)) => Fail::owned(format!("invalid url \"{}…\"", &url[..end])),
        None => Fail::owned(format!("invalid url \"{url}\"")),
    }
}

impl Network {
    pub fn new(files: Files, proxy: Option<String>, timeouts: Timeouts, profile: Profile) -> Self {
        let scheduler = match profile {
            Profile::Seed => Scheduler::new(5, Overflow::Refuse),
            Profile::Modern => Scheduler::new(10, Overflow::Queue),
        };
        let origin = web_sys::window().and_then(|w| w.location().origin().ok());
        Network {
            origin,
            files,
            scheduler: Rc::new(RefCell::new(scheduler)),
            proxy,
            timeouts,
            profile,
        }
    }

    /// Checks that `url` is absolute with one of `schemes` (`"https:"`, …) and at most
    /// [`MAX_URL_LENGTH`] long; WeChat's text otherwise: `invalid url "…"`.
    pub fn target(url: &str, schemes: &[&str]) -> Result<Target, Fail> {
        check_length(url)?;
        let parsed = Url::new(url).map_err(|_| invalid_url(url))?;
        if !schemes.contains(&parsed.protocol().as_str()) {
            return Err(invalid_url(url));
        }
        let href = parsed.href();
        check_length(&href)?;
        Ok(Target { href, origin: parsed.origin(), path: parsed.pathname() })
    }

    /// Where to send a request for `target`: directly when the page may (same origin, or
    /// no proxy), through the proxy when the browser's CORS rules would get in the way
    /// or the method is one `fetch` refuses. Returns the URL and whether it is proxied.
    fn route(&self, target: &Target, tunnel: bool) -> Result<(String, bool), Fail> {
        let cross_origin = self.origin.as_ref().is_none_or(|origin| *origin != target.origin);
        match &self.proxy {
            Some(proxy) if tunnel || cross_origin => {
                Ok((format!("{proxy}?url={}", encode_component(&target.href)), true))
            }
            None if tunnel => {
                Err(Fail::new("browsers cannot send this method without the wxweb proxy"))
            }
            _ => Ok((target.href.clone(), false)),
        }
    }

    /// Waits for a free network slot (seed: fails at once when all 5 are taken; modern:
    /// queues behind the 10 running). The slot frees itself when dropped.
    async fn slot(&self, api: &str, signal: &AbortSignal) -> Result<Slot, Fail> {
        if signal.aborted() {
            return Err(Fail::new("abort"));
        }
        let mut wake = None;
        let started = Promise::new(&mut |resolve, _| wake = Some(resolve));
        let Some(wake) = wake else { return Err(Fail::new("abort")) };
        let admission = self.scheduler.borrow_mut().admit(wake);
        let ticket = match admission {
            Admission::Run => return Ok(Slot(self.scheduler.clone())),
            Admission::Refused => {
                let limit = self.scheduler.borrow().limit();
                return Err(Fail::owned(format!(
                    "{api} exceeds the limit of {limit} network requests at the same time"
                )));
            }
            Admission::Wait(ticket) => ticket,
        };
        let scheduler = self.scheduler.clone();
        let _on_abort = gloo_events::EventListener::once(signal, "abort", move |_| {
            let cancelled = scheduler.borrow_mut().cancel(ticket);
            if let Some(wake) = cancelled {
                let _ = wake.call1(&JsValue::UNDEFINED, &JsValue::FALSE);
            }
        });
        match JsFuture::from(started).await {
            Ok(value) if value.as_bool() == Some(true) => Ok(Slot(self.scheduler.clone())),
            _ => Err(Fail::new("abort")),
        }
    }
}

/// A running network task's place in the scheduler; dropping it lets the next one in.
struct Slot(Rc<RefCell<Scheduler<Function>>>);

impl Drop for Slot {
    fn drop(&mut self) {
        let next = self.0.borrow_mut().finish();
        if let Some(wake) = next {
            let _ = wake.call1(&JsValue::UNDEFINED, &JsValue::TRUE);
        }
    }
}

/// Adds request, uploadFile, downloadFile and the socket functions to `wx`.
pub fn install(wx: &WxObject, network: &Network) {
    request::install(wx, network);
    transfer::install(wx, network);
    socket::install(wx, network);
}
