//! wx.request over `fetch`: WeChat's defaults and data encoding, any HTTP status as a
//! success with `{data, statusCode, header}`, the network timeout, and a RequestTask
//! whose `abort()` fails the call with `request:fail abort` (a no-op once settled).

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{ArrayBuffer, Object, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCache, RequestInit};
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::network::encode::{append_query, is_form, Method};

use super::headers::{self, HeaderList};
use super::inspect::{Call, Checked, Kind, Probe, Response, Start};
use super::values::query_of;
use super::{check_length, Network};
use crate::bridge::params::{FromOptions, Options};
use crate::bridge::read::Thrown;
use crate::bridge::result::wx_result;
use crate::bridge::{method, IntoResult, Outcome, WxObject};
use crate::platform::js::error_message;

#[derive(Clone, Copy, PartialEq, Eq)]
enum ResponseType {
    Text,
    ArrayBuffer,
}

wx_result! {
    /// The success result of wx.request: any HTTP status; `data` parsed as JSON when
    /// `dataType` is "json" and it parses, else the text or the ArrayBuffer.
    struct RequestResult {
        data: JsValue,
        status_code as "statusCode": u16,
        header: Object,
    }
}

/// The options of wx.request.
struct RequestOptions {
    url: String,
    data: JsValue,
    header: HeaderList,
    method: Method,
    data_type: String,
    response_type: ResponseType,
}

impl Call for RequestOptions {
    const KIND: Kind = Kind::Request;
}

impl FromOptions for RequestOptions {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        let method = match options.optional_string("method")? {
            None => Method::Get,
            Some(name) => Method::parse(&name).ok_or_else(|| {
                ParamError::mismatch(
                    "method",
                    "OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE or CONNECT",
                    format!("\"{name}\""),
                )
            })?,
        };
        let response_type = match options.optional_string("responseType")?.as_deref() {
            None | Some("text") => ResponseType::Text,
            Some("arraybuffer") => ResponseType::ArrayBuffer,
            Some(other) => {
                return Err(ParamError::mismatch(
                    "responseType",
                    "text or arraybuffer",
                    format!("\"{other}\""),
                ))
            }
        };
        Ok(RequestOptions {
            url: options.string("url")?,
            data: options.get("data"),
            header: headers::from_options(options)?,
            method,
            data_type: options.optional_string("dataType")?.unwrap_or_else(|| "json".into()),
            response_type,
        })
    }
}

pub fn install(wx: &WxObject, network: &Network) {
    let net = network.clone();
    wx.add_task("request", inert_task, move |options: Checked<RequestOptions>| {
        let options = match options.0 {
            Ok(options) => options,
            Err(refused) => return (inert_task(), refused.outcome()),
        };
        let controller = AbortController::new().ok();
        let task = Object::new();
        if let Some(controller) = controller.clone() {
            method(&task, "abort", move |_| controller.abort());
        }
        let probe =
            Probe::new(Kind::Request, options.method.as_str(), &options.url, &options.header);
        (task.into(), probe.clone().observe(run(net.clone(), options, controller, probe)))
    });
}

/// The RequestTask of a call that failed its parameter check.
fn inert_task() -> JsValue {
    let task = Object::new();
    method(&task, "abort", |_| {});
    task.into()
}

/// The call; `probe` hears what is sent and what comes back.
async fn run(
    net: Network,
    options: RequestOptions,
    controller: Option<AbortController>,
    probe: Probe,
) -> Outcome {
    let controller = controller.ok_or(Fail::new("this browser cannot abort requests"))?;
    let target = Network::target(&options.url, &["http:", "https:"])?;
    // Everything that reads the caller's values, or can fail, comes before the slot.
    let mut header = options.header;
    if headers::find(&header, "content-type").is_none() {
        header.push(("content-type".into(), "application/json".into()));
    }
    let content_type = headers::find(&header, "content-type").unwrap_or_default().to_owned();
    let (href, body) = if options.method.data_in_query() {
        (append_query(&target.href, &query_of(&options.data).map_err(data_threw)?), None)
    } else {
        (target.href.clone(), body_of(&options.data, &content_type)?)
    };
    check_length(&href)?;
    let target = super::Target { href, ..target };
    let tunnel = options.method.needs_tunnel();
    let (url, proxied) = net.route(&target, tunnel)?;
    probe.start(&|| Start {
        method: options.method.as_str(),
        url: &target.href,
        proxied,
        headers: &header,
        body: body.clone(),
        size: None,
    });
    let signal = controller.signal();
    let _slot = net.slot("request", &signal).await?;

    let fetch_headers = Headers::new().map_err(|_| Fail::new("cannot build headers"))?;
    for (name, value) in &header {
        fetch_headers
            .append(headers::outgoing_name(name, proxied), value)
            .map_err(|_| Fail::owned(format!("invalid header \"{name}\"")))?;
    }
    if proxied {
        let _ = fetch_headers.set("x-wxweb-api", "request");
        if tunnel {
            let _ = fetch_headers.set("x-wxweb-method", options.method.as_str());
        }
    }
    let init = RequestInit::new();
    init.set_method(if tunnel { "POST" } else { options.method.as_str() });
    init.set_headers(&fetch_headers);
    init.set_signal(Some(&signal));
    // WeChat's network layer has no browser cache: every request reaches the server
    // (and identical GETs are not held back by the HTTP cache's lock).
    init.set_cache(RequestCache::NoStore);
    if let Some(body) = &body {
        init.set_body(body);
    }

    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        gloo_timers::callback::Timeout::new(net.timeouts.request, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let failed = |error: JsValue| transport_fail(&error, &timed_out);
    let window = web_sys::window().ok_or(Fail::new("no window"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(failed)?
        .unchecked_into();
    if proxied {
        if let Ok(Some(error)) = response.headers().get("x-wxweb-proxy-error") {
            return Err(Fail::owned(error));
        }
    }
    let status = response.status();
    let header = headers::object_from_fetch(&response.headers());
    if proxied {
        headers::restore_set_cookie(&header);
    }
    let body = match options.response_type {
        ResponseType::ArrayBuffer => read(response.array_buffer()).await,
        ResponseType::Text => read(response.text()).await,
    }
    .map_err(failed)?;
    probe.respond(&|| Response {
        status,
        headers: header.clone().into(),
        body: Some(body.clone()),
        size: None,
    });
    let data = if options.response_type == ResponseType::Text && options.data_type == "json" {
        parse_json(body)
    } else {
        body
    };
    Ok(RequestResult { data, status_code: status, header }.into_result())
}

async fn read(body: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(body?).await
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` on the body as the engine holds it (no copy through wasm memory).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_body(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// With `dataType: "json"` WeChat parses the body when it is JSON and keeps the text otherwise.
fn parse_json(text: JsValue) -> JsValue {
    parse_body(&text).unwrap_or(text)
}

/// The body of other methods: strings and ArrayBuffers as they are; objects
/// form-encoded for `application/x-www-form-urlencoded`, JSON otherwise.
fn body_of(data: &JsValue, content_type: &str) -> Result<Option<JsValue>, Fail> {
    if data.is_undefined() || data.is_null() {
        return Ok(None);
    }
    if data.is_string() || data.is_instance_of::<ArrayBuffer>() {
        return Ok(Some(data.clone()));
    }
    if is_form(content_type) && data.is_object() {
        return Ok(Some(JsValue::from_str(&query_of(data).map_err(data_threw)?)));
    }
    match JSON::stringify(data) {
        Ok(json) => Ok(Some(json.into())),
        Err(_) => Err(Fail::new("data cannot be serialized to JSON")),
    }
}

/// `data` threw while it was encoded: a parameter error.
fn data_threw(thrown: Thrown) -> Fail {
    ParamError::threw("data", thrown).into()
}

fn transport_fail(error: &JsValue, timed_out: &Cell<bool>) -> Fail {
    if timed_out.get() {
        return Fail::new("timeout");
    }
    let name = js_sys::Reflect::get(error, &"name".into()).ok().and_then(|n| n.as_string());
    if name.as_deref() == Some("AbortError") {
        return Fail::new("abort");
    }
    Fail::owned(error_message(error, "network error"))
}
