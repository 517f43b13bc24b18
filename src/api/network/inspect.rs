//! The `wxweb:network` events that the simulator's Network panel lists (issue 16's
//! contract): one `CustomEvent` on `window` per step of every wx.request, uploadFile,
//! downloadFile and socket, with `detail` `{id, kind, phase, time, …}`. A call's steps:
//! `start` then `end` (with the wx result's errMsg, also for calls that fail before
//! anything is sent); a socket's: `start`, `open`, `send`/`receive` per frame, `close`,
//! `error`.
//!
//! Cost: nothing is built or dispatched unless `globalThis.wxweb.inspectNetwork` is `true`
//! when the call starts (one property read per call); the simulator sets it for the
//! panel. When it is set, bodies go into the event as the engine holds them (strings and
//! ArrayBuffers are not copied through wasm memory), and each step is one event.
//! Browser primitives: `CustomEvent`, `performance.now()` (inspect.js).

use std::cell::{Cell, RefCell};
use std::future::{ready, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{ready, Context, Poll};

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;
use wxweb_core::errmsg::{Fail, ParamError};

use super::headers::HeaderList;
use crate::bridge::params::{FromOptions, Options};
use crate::bridge::{object, Outcome};

#[wasm_bindgen(module = "/src/api/network/inspect.js")]
extern "C" {
    fn inspecting() -> bool;
    #[wasm_bindgen(js_name = requestFields)]
    fn request_fields(
        method: &str,
        url: &str,
        proxied: bool,
        headers: &Object,
        body: &JsValue,
        size: Option<f64>,
    ) -> Object;
    #[wasm_bindgen(js_name = responseFields)]
    fn response_fields(status: u16, headers: &JsValue, body: &JsValue, size: Option<f64>)
        -> Object;
    /// `blob.text()` when the `content-type` of `headers` is textual and the blob at most
    /// 1 MiB, else nothing.
    #[wasm_bindgen(js_name = blobText)]
    fn blob_text(blob: &Blob, headers: &Object) -> Option<Promise>;
    #[wasm_bindgen(js_name = frameFields)]
    fn frame_fields(data: &JsValue) -> Object;
    /// The response headers of an XMLHttpRequest as `{name: value}`.
    #[wasm_bindgen(js_name = xhrHeaders)]
    pub fn xhr_headers(xhr: &web_sys::XmlHttpRequest) -> Object;
    fn dispatch(id: u32, kind: &str, phase: &str, fields: &Object, started: f64) -> f64;
}

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// What a call is: the event's `kind`, and the wx function named in its errMsg.
#[derive(Clone, Copy)]
pub enum Kind {
    Request,
    UploadFile,
    DownloadFile,
    Socket,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Request => "request",
            Kind::UploadFile => "uploadFile",
            Kind::DownloadFile => "downloadFile",
            Kind::Socket => "socket",
        }
    }

    fn api(self) -> &'static str {
        match self {
            Kind::Socket => "connectSocket",
            other => other.name(),
        }
    }
}

/// The options of a network call, which may be refused with a parameter error.
pub trait Call: FromOptions {
    const KIND: Kind;
}

/// A network call's options, or the parameter error that fails it: such a call gets its
/// events too (with the `url` and `method` it gave, if they can be read), which it would
/// not if the bridge refused it before the body ran.
pub struct Checked<O>(pub Result<O, Refused>);

/// A call refused with a parameter error, and its events.
pub struct Refused {
    fail: Fail,
    probe: Probe,
}

impl Refused {
    /// The outcome of a refused request, uploadFile or downloadFile: its failure, after
    /// its `start` and `end`.
    pub fn outcome(self) -> Observed {
        Observed { call: Box::pin(ready(Err(self.fail.clone()))), probe: self.probe }
    }

    /// Dispatches the call's events (`start`, then `end` or a socket's `error`) and
    /// returns its failure.
    pub fn fail(self) -> Fail {
        match self.probe.0.as_ref().map(|inner| inner.kind) {
            Some(Kind::Socket) => self.probe.error(&self.fail.err_msg(Kind::Socket.api())),
            _ => self.probe.end(&Err(self.fail.clone())),
        }
        self.fail
    }
}

impl<O: Call> FromOptions for Checked<O> {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(Checked(O::from_options(options).map_err(|error| {
            let probe = Probe::with_fallback(O::KIND, &|| refused_fields(O::KIND, options));
            Refused { fail: error.into(), probe }
        })))
    }
}

/// A call's future, whose settling dispatches its `end` step: one type for every call
/// (the bridge boxes it again), so the state machines of the calls stay as they were.
pub struct Observed {
    call: Pin<Box<dyn Future<Output = Outcome>>>,
    probe: Probe,
}

impl Future for Observed {
    type Output = Outcome;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Outcome> {
        let this = self.get_mut();
        let outcome = ready!(this.call.as_mut().poll(context));
        this.probe.end(&outcome);
        Poll::Ready(outcome)
    }
}

/// The `start` fields of a refused call: what it asked for, read leniently.
fn refused_fields(kind: Kind, options: &Options) -> Object {
    let url = options.optional_string("url").ok().flatten().unwrap_or_default();
    let method = match kind {
        Kind::Socket => return socket_fields(&url, &Vec::new(), &[]),
        Kind::UploadFile => "POST".to_owned(),
        Kind::DownloadFile => "GET".to_owned(),
        Kind::Request => options
            .optional_string("method")
            .ok()
            .flatten()
            .map_or_else(|| "GET".to_owned(), |m| m.to_ascii_uppercase()),
    };
    start_fields(&Start {
        method: &method,
        url: &url,
        proxied: false,
        headers: &Vec::new(),
        body: None,
        size: None,
    })
}

/// A request's `start` step: what the mini program asked for, as sent.
pub struct Start<'a> {
    pub method: &'a str,
    /// The URL with the query of the call's data, not the proxy's.
    pub url: &'a str,
    pub proxied: bool,
    /// The mini program's headers (with the defaults added), not the proxy's own.
    pub headers: &'a HeaderList,
    /// A string or an ArrayBuffer.
    pub body: Option<JsValue>,
    /// The size when it is not the body's own (uploadFile: the file's).
    pub size: Option<f64>,
}

/// A response, for the `end` step of a call that succeeds.
pub struct Response {
    pub status: u16,
    /// `{name: value}`, names in lower case.
    pub headers: JsValue,
    /// The body as the mini program gets it (text or ArrayBuffer).
    pub body: Option<JsValue>,
    /// The size when it is not the body's own (downloadFile: the file's).
    pub size: Option<f64>,
}

/// The events of one call or socket; does nothing when nobody inspects. Clones share
/// the call.
#[derive(Clone)]
pub struct Probe(Option<Rc<Inner>>);

struct Inner {
    id: u32,
    kind: Kind,
    /// The `time` of `start`, once dispatched.
    started: Cell<Option<f64>>,
    /// The `start` fields to send if the call ends before it could tell more.
    fallback: RefCell<Option<Object>>,
    /// The `end` fields of a response, kept until the call's outcome is known.
    response: RefCell<Option<Object>>,
}

impl Probe {
    /// The probe of a new call of `kind`, made at the call with what it asked for (its
    /// `start` if it fails before it can tell more), or an idle one when nobody inspects.
    pub fn new(kind: Kind, method: &str, url: &str, headers: &HeaderList) -> Probe {
        Probe::with_fallback(kind, &|| {
            start_fields(&Start { method, url, proxied: false, headers, body: None, size: None })
        })
    }

    /// The probe of a new socket (`fallback`: the url and headers asked for).
    pub fn socket(url: &str, headers: &HeaderList, protocols: &[String]) -> Probe {
        Probe::with_fallback(Kind::Socket, &|| socket_fields(url, headers, protocols))
    }

    fn with_fallback(kind: Kind, fallback: &dyn Fn() -> Object) -> Probe {
        if !inspecting() {
            return Probe(None);
        }
        let id = NEXT_ID.with(|next| next.replace(next.get().wrapping_add(1)));
        Probe(Some(Rc::new(Inner {
            id,
            kind,
            started: Cell::new(None),
            fallback: RefCell::new(Some(fallback())),
            response: RefCell::default(),
        })))
    }

    /// `call`, with the `end` step dispatched when it settles.
    pub fn observe(self, call: impl Future<Output = Outcome> + 'static) -> Observed {
        Observed { call: Box::pin(call), probe: self }
    }

    /// Dispatches `start` with what is sent (the first time only).
    pub fn start<'a>(&self, start: &dyn Fn() -> Start<'a>) {
        if self.waiting() {
            self.start_with(&start_fields(&start()));
        }
    }

    /// Whether someone inspects and `start` is still to come.
    fn waiting(&self) -> bool {
        self.0.as_ref().is_some_and(|inner| inner.started.get().is_none())
    }

    /// Dispatches `start` with `fields` (the first time only).
    fn start_with(&self, fields: &Object) {
        let Some(inner) = &self.0 else { return };
        if inner.started.get().is_some() {
            return;
        }
        inner.fallback.borrow_mut().take();
        inner.started.set(Some(dispatch(inner.id, inner.kind.name(), "start", fields, -1.0)));
    }

    /// Dispatches the `start` known at the call, if none was dispatched yet.
    fn ensure_started(&self) {
        let Some(inner) = &self.0 else { return };
        let fallback = inner.fallback.borrow_mut().take();
        if let Some(fields) = fallback {
            self.start_with(&fields);
        }
    }

    /// Keeps the response for the `end` step.
    pub fn respond(&self, response: &dyn Fn() -> Response) {
        let Some(inner) = &self.0 else { return };
        let response = response();
        let fields = response_fields(
            response.status,
            &response.headers,
            response.body.as_ref().unwrap_or(&JsValue::UNDEFINED),
            response.size,
        );
        *inner.response.borrow_mut() = Some(fields);
    }

    /// Keeps a downloaded file's response for the `end` step: its text when the file is
    /// textual and at most 1 MiB (read from the Blob only when someone inspects), else
    /// its size.
    pub async fn respond_file(
        &self,
        status: u16,
        headers: &dyn Fn() -> Object,
        file: Option<&Blob>,
    ) {
        if self.0.is_none() {
            return;
        }
        let headers = headers();
        let text = match file.and_then(|file| blob_text(file, &headers)) {
            Some(reading) => JsFuture::from(reading).await.ok(),
            None => None,
        };
        self.respond(&|| Response {
            status,
            headers: headers.clone().into(),
            body: text.clone(),
            size: file.map(Blob::size),
        });
    }

    /// Dispatches `end` for the call's outcome: the response kept by [`Probe::respond`]
    /// and `errMsg` `<api>:ok`, or no response and the fail text (after a `start` with
    /// what was known, if the call failed before it).
    fn end(&self, outcome: &Result<JsValue, Fail>) {
        let Some(inner) = &self.0 else { return };
        self.ensure_started();
        let api = inner.kind.api();
        let (fields, err_msg) = match outcome {
            Ok(_) => (inner.response.borrow_mut().take(), format!("{api}:ok")),
            Err(fail) => (None, fail.err_msg(api)),
        };
        let fields = fields.unwrap_or_else(|| {
            fields_of(&[
                ("status", JsValue::NULL),
                ("responseHeaders", Object::new().into()),
                ("responseBody", JsValue::NULL),
                ("responseSize", JsValue::NULL),
            ])
        });
        set(&fields, "errMsg", &err_msg.into());
        let started = inner.started.get().unwrap_or(-1.0);
        dispatch(inner.id, inner.kind.name(), "end", &fields, started);
    }

    /// A socket's `start`: `{url, proxied, requestHeaders, protocols}`.
    pub fn socket_start(&self, url: &str, headers: &HeaderList, protocols: &[String]) {
        if self.waiting() {
            self.start_with(&socket_fields(url, headers, protocols));
        }
    }

    /// A socket's `open`.
    pub fn open(&self) {
        self.emit("open", &Object::new);
    }

    /// A socket frame sent (`send`) or received (`receive`): `{data, size, binary}`.
    pub fn frame(&self, phase: &'static str, data: &JsValue) {
        self.emit(phase, &|| frame_fields(data));
    }

    /// A socket's `close`: `{code, reason}`.
    pub fn close(&self, code: u16, reason: &str) {
        self.emit("close", &|| fields_of(&[("code", code.into()), ("reason", reason.into())]));
    }

    /// A socket's `error`: `{errMsg}` (a failed connectSocket after its `start`).
    pub fn error(&self, err_msg: &str) {
        self.ensure_started();
        self.emit("error", &|| fields_of(&[("errMsg", err_msg.into())]));
    }

    fn emit(&self, phase: &'static str, fields: &dyn Fn() -> Object) {
        if let Some(inner) = &self.0 {
            dispatch(inner.id, inner.kind.name(), phase, &fields(), -1.0);
        }
    }
}

fn start_fields(start: &Start) -> Object {
    request_fields(
        start.method,
        start.url,
        start.proxied,
        &header_object(start.headers),
        start.body.as_ref().unwrap_or(&JsValue::UNDEFINED),
        start.size,
    )
}

/// Sockets are never proxied (wxweb serve's proxy is for HTTP).
fn socket_fields(url: &str, headers: &HeaderList, protocols: &[String]) -> Object {
    let protocols: Array = protocols.iter().map(|p| JsValue::from_str(p)).collect();
    fields_of(&[
        ("url", url.into()),
        ("proxied", false.into()),
        ("requestHeaders", header_object(headers).into()),
        ("protocols", protocols.into()),
    ])
}

/// `{name: value}` of the mini program's headers, in its order.
fn header_object(headers: &HeaderList) -> Object {
    let object = Object::new();
    for (name, value) in headers {
        set(&object, name, &value.into());
    }
    object
}

fn fields_of(fields: &[(&str, JsValue)]) -> Object {
    object(fields).unchecked_into()
}

fn set(object: &Object, name: &str, value: &JsValue) {
    // Setting a property on our own fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}
