//! wx.uploadFile and wx.downloadFile over XMLHttpRequest, which reports upload and
//! download progress (fetch does not). Upload sends a temporary file as multipart;
//! download turns the body into a Blob (kept off the wasm heap) behind a new
//! `wxfile://tmp_…` path. Both return a task with `abort()` and `onProgressUpdate(cb)`
//! (and, in the modern profile, `offProgressUpdate(cb)`), whose listeners follow the
//! bridge's listener contract.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Blob, FormData, ProgressEvent, XmlHttpRequest, XmlHttpRequestEventTarget,
    XmlHttpRequestResponseType,
};
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::network::encode::file_extension;

use super::headers::{self, HeaderList};
use super::inspect::{self, Call, Checked, Kind, Probe, Response, Start};
use super::Network;
use crate::bridge::params::{mismatch, FromOptions, Options};
use crate::bridge::read;
use crate::bridge::result::wx_result;
use crate::bridge::{method, object, IntoResult, Listeners, Outcome, Profile, WxObject};
use crate::platform::files::file_name;

wx_result! {
    /// The success result of wx.uploadFile: the response body as text.
    struct UploadResult {
        data: String,
        status_code as "statusCode": u16,
    }
}

wx_result! {
    /// The success result of wx.downloadFile; no `tempFilePath` unless the status is
    /// 200 or 304.
    struct DownloadResult {
        temp_file_path as "tempFilePath": Option<String>,
        status_code as "statusCode": u16,
    }
}

wx_result! {
    /// An UploadTask's onProgressUpdate event.
    struct UploadProgress {
        progress: f64,
        total_bytes_sent as "totalBytesSent": f64,
        total_bytes_expected_to_send as "totalBytesExpectedToSend": f64,
    }
}

wx_result! {
    /// A DownloadTask's onProgressUpdate event.
    struct DownloadProgress {
        progress: f64,
        total_bytes_written as "totalBytesWritten": f64,
        total_bytes_expected_to_write as "totalBytesExpectedToWrite": f64,
    }
}

/// An XHR progress event as (percent done, bytes so far, bytes expected).
fn progress_of(event: &ProgressEvent) -> (f64, f64, f64) {
    let (loaded, total) = (event.loaded(), event.total());
    let progress = if total > 0.0 { (loaded / total * 100.0).floor().min(100.0) } else { 0.0 };
    (progress, loaded, total)
}

/// The options of wx.uploadFile.
struct UploadOptions {
    url: String,
    file_path: String,
    name: String,
    header: HeaderList,
    form_data: Vec<(String, String)>,
}

impl Call for UploadOptions {
    const KIND: Kind = Kind::UploadFile;
}

impl FromOptions for UploadOptions {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        let form = options.get("formData");
        let form_data = if form.is_undefined() || form.is_null() {
            Vec::new()
        } else if form.is_object()
            && !read::is_array(&form).map_err(|t| ParamError::threw("formData", t))?
        {
            let mut fields = Vec::new();
            for (name, value) in
                read::entries(&form).map_err(|t| ParamError::threw("formData", t))?
            {
                let text = read::text(&value)
                    .map_err(|t| ParamError::threw(format!("formData.{name}"), t))?;
                fields.push((name, text));
            }
            fields
        } else {
            return Err(mismatch(&form, "formData", "Object"));
        };
        Ok(UploadOptions {
            url: options.string("url")?,
            file_path: options.string("filePath")?,
            name: options.string("name")?,
            header: headers::from_options(options)?,
            form_data,
        })
    }
}

/// The options of wx.downloadFile.
struct DownloadOptions {
    url: String,
    header: HeaderList,
}

impl Call for DownloadOptions {
    const KIND: Kind = Kind::DownloadFile;
}

impl FromOptions for DownloadOptions {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(DownloadOptions { url: options.string("url")?, header: headers::from_options(options)? })
    }
}

/// The moving parts of one transfer, shared by its task object and its future.
#[derive(Clone)]
struct Transfer {
    xhr: XmlHttpRequest,
    controller: AbortController,
    progress: Listeners,
}

impl Transfer {
    /// `progress_api` names the task's `onProgressUpdate` in error reports.
    fn new(progress_api: &'static str) -> Option<Transfer> {
        Some(Transfer {
            xhr: XmlHttpRequest::new().ok()?,
            controller: AbortController::new().ok()?,
            progress: Listeners::new(progress_api),
        })
    }

    /// The UploadTask/DownloadTask: `abort()`, `onProgressUpdate(callback)` and, in the
    /// modern profile, `offProgressUpdate(callback)`.
    fn task(&self, profile: Profile) -> JsValue {
        let task = Object::new();
        let this = self.clone();
        method(&task, "abort", move |_| {
            this.controller.abort();
            // Aborting before send() or after the end does nothing, as it should.
            let _ = this.xhr.abort();
        });
        let progress = self.progress.clone();
        method(&task, "onProgressUpdate", move |callback| {
            if let Ok(callback) = callback.dyn_into::<Function>() {
                progress.add(callback);
            }
        });
        if profile == Profile::Modern {
            let progress = self.progress.clone();
            method(&task, "offProgressUpdate", move |callback| progress.remove(&callback));
        }
        task.into()
    }

    /// Calls the progress listeners with the event `update` builds (built only when
    /// someone listens).
    fn report(&self, update: impl FnOnce() -> JsValue) {
        if self.progress.is_empty() {
            return;
        }
        self.progress.emit(&update());
    }

    /// Opens the request with the mini program's headers (and the proxy's).
    fn open(
        &self,
        method: &str,
        url: &str,
        header: &HeaderList,
        api: &str,
        proxied: bool,
        timeout: u32,
    ) -> Result<(), Fail> {
        self.xhr
            .open_with_async(method, url, true)
            .map_err(|_| Fail::owned(format!("invalid url \"{url}\"")))?;
        for (name, value) in header {
            // The multipart boundary is the browser's to set.
            if api == "uploadFile" && name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            self.xhr
                .set_request_header(headers::outgoing_name(name, proxied), value)
                .map_err(|_| Fail::owned(format!("invalid header \"{name}\"")))?;
        }
        if proxied {
            let _ = self.xhr.set_request_header("x-wxweb-api", api);
        }
        self.xhr.set_timeout(timeout);
        Ok(())
    }

    /// Waits for the end of the exchange: load, or the error/abort/timeout that ended it.
    async fn finished(&self) -> Result<(), Fail> {
        let mut handles = None;
        let done = Promise::new(&mut |resolve, reject| handles = Some((resolve, reject)));
        if let Some((resolve, reject)) = &handles {
            self.xhr.set_onload(Some(resolve));
            self.xhr.set_onerror(Some(reject));
            self.xhr.set_onabort(Some(reject));
            self.xhr.set_ontimeout(Some(reject));
        }
        let outcome = JsFuture::from(done).await;
        let events: &XmlHttpRequestEventTarget = &self.xhr;
        for clear in [
            XmlHttpRequestEventTarget::set_onload,
            XmlHttpRequestEventTarget::set_onerror,
            XmlHttpRequestEventTarget::set_onabort,
            XmlHttpRequestEventTarget::set_ontimeout,
        ] {
            clear(events, None);
        }
        match outcome {
            Ok(_) => Ok(()),
            Err(event) => Err(
                match Reflect::get(&event, &"type".into())
                    .ok()
                    .and_then(|t| t.as_string())
                    .as_deref()
                {
                    Some("timeout") => Fail::new("timeout"),
                    Some("abort") => Fail::new("abort"),
                    _ => Fail::new("network error"),
                },
            ),
        }
    }

    /// The response headers as the mini program would see them (a proxied `set-cookie`
    /// under its own name), for the Network panel.
    fn response_headers(&self, proxied: bool) -> Object {
        let header = inspect::xhr_headers(&self.xhr);
        if proxied {
            headers::restore_set_cookie(&header);
        }
        header
    }

    fn proxy_error(&self, proxied: bool) -> Result<(), Fail> {
        match self.xhr.get_response_header("x-wxweb-proxy-error") {
            Ok(Some(error)) if proxied => Err(Fail::owned(error)),
            _ => Ok(()),
        }
    }
}

/// What an upload sends, for the Network panel: `{filePath, name, formData}` as JSON.
fn describe_upload(options: &UploadOptions) -> JsValue {
    let form = Object::new();
    for (name, value) in &options.form_data {
        let _ = Reflect::set(&form, &name.into(), &value.into());
    }
    let described = object(&[
        ("filePath", options.file_path.as_str().into()),
        ("name", options.name.as_str().into()),
        ("formData", form.into()),
    ]);
    js_sys::JSON::stringify(&described).map(JsValue::from).unwrap_or(JsValue::NULL)
}

/// A task whose methods do nothing, for calls that failed their parameter check (or a
/// browser without XHR).
fn inert_task_of(profile: Profile) -> JsValue {
    let task = Object::new();
    method(&task, "abort", |_| {});
    method(&task, "onProgressUpdate", |_| {});
    if profile == Profile::Modern {
        method(&task, "offProgressUpdate", |_| {});
    }
    task.into()
}

fn inert_task() -> JsValue {
    inert_task_of(Profile::Seed)
}

fn inert_modern_task() -> JsValue {
    inert_task_of(Profile::Modern)
}

pub fn install(wx: &WxObject, network: &Network) {
    let profile = network.profile;
    let inert = match profile {
        Profile::Seed => inert_task,
        Profile::Modern => inert_modern_task,
    };
    let net = network.clone();
    wx.add_task("uploadFile", inert, move |options: Checked<UploadOptions>| {
        let options = match options.0 {
            Ok(options) => options,
            Err(refused) => return (inert(), refused.outcome()),
        };
        let transfer = Transfer::new("UploadTask.onProgressUpdate");
        let task = transfer.as_ref().map_or_else(inert, |t| t.task(profile));
        let probe = Probe::new(Kind::UploadFile, "POST", &options.url, &options.header);
        (task, probe.clone().observe(upload(net.clone(), options, transfer, probe)))
    });
    let net = network.clone();
    wx.add_task("downloadFile", inert, move |options: Checked<DownloadOptions>| {
        let options = match options.0 {
            Ok(options) => options,
            Err(refused) => return (inert(), refused.outcome()),
        };
        let transfer = Transfer::new("DownloadTask.onProgressUpdate");
        let task = transfer.as_ref().map_or_else(inert, |t| t.task(profile));
        let probe = Probe::new(Kind::DownloadFile, "GET", &options.url, &options.header);
        (task, probe.clone().observe(download(net.clone(), options, transfer, probe)))
    });
}

/// The upload; `probe` hears what is sent and what comes back.
async fn upload(
    net: Network,
    options: UploadOptions,
    transfer: Option<Transfer>,
    probe: Probe,
) -> Outcome {
    let transfer = transfer.ok_or(Fail::new("this browser cannot upload files"))?;
    let target = Network::target(&options.url, &["http:", "https:"])?;
    let file: Blob = net
        .files
        .get(&options.file_path)
        .ok_or_else(|| Fail::owned(format!("file not found \"{}\"", options.file_path)))?;
    let _slot = net.slot("uploadFile", &transfer.controller.signal()).await?;
    let (url, proxied) = net.route(&target, false)?;
    probe.start(&|| Start {
        method: "POST",
        url: &target.href,
        proxied,
        headers: &options.header,
        body: Some(describe_upload(&options)),
        size: Some(file.size()),
    });

    let form = FormData::new().map_err(|_| Fail::new("cannot build the form"))?;
    for (name, value) in &options.form_data {
        let _ = form.append_with_str(name, value);
    }
    form.append_with_blob_and_filename(&options.name, &file, file_name(&options.file_path))
        .map_err(|_| Fail::new("cannot add the file to the form"))?;

    transfer.open(
        "POST",
        &url,
        &options.header,
        "uploadFile",
        proxied,
        net.timeouts.upload_file,
    )?;
    let upload_events = transfer.xhr.upload().map_err(|_| Fail::new("no upload events"))?;
    let reporter = transfer.clone();
    let _progress = gloo_events::EventListener::new(&upload_events, "progress", move |event| {
        if let Some(event) = event.dyn_ref::<ProgressEvent>() {
            reporter.report(|| {
                let (progress, sent, expected) = progress_of(event);
                UploadProgress {
                    progress,
                    total_bytes_sent: sent,
                    total_bytes_expected_to_send: expected,
                }
                .into_result()
            });
        }
    });
    transfer.xhr.send_with_opt_form_data(Some(&form)).map_err(|_| Fail::new("network error"))?;
    transfer.finished().await?;
    transfer.proxy_error(proxied)?;
    let status = transfer.xhr.status().unwrap_or(0);
    probe.respond(&|| Response {
        status,
        headers: transfer.response_headers(proxied).into(),
        body: transfer.xhr.response().ok(),
        size: None,
    });
    let data = transfer.xhr.response_text().ok().flatten().unwrap_or_default();
    Ok(UploadResult { data, status_code: status }.into_result())
}

/// The download; `probe` hears what is sent and what comes back.
async fn download(
    net: Network,
    options: DownloadOptions,
    transfer: Option<Transfer>,
    probe: Probe,
) -> Outcome {
    let transfer = transfer.ok_or(Fail::new("this browser cannot download files"))?;
    let target = Network::target(&options.url, &["http:", "https:"])?;
    let _slot = net.slot("downloadFile", &transfer.controller.signal()).await?;
    let (url, proxied) = net.route(&target, false)?;
    probe.start(&|| Start {
        method: "GET",
        url: &target.href,
        proxied,
        headers: &options.header,
        body: None,
        size: None,
    });

    transfer.open(
        "GET",
        &url,
        &options.header,
        "downloadFile",
        proxied,
        net.timeouts.download_file,
    )?;
    transfer.xhr.set_response_type(XmlHttpRequestResponseType::Blob);
    let reporter = transfer.clone();
    let _progress = gloo_events::EventListener::new(&transfer.xhr, "progress", move |event| {
        if let Some(event) = event.dyn_ref::<ProgressEvent>() {
            reporter.report(|| {
                let (progress, written, expected) = progress_of(event);
                DownloadProgress {
                    progress,
                    total_bytes_written: written,
                    total_bytes_expected_to_write: expected,
                }
                .into_result()
            });
        }
    });
    transfer.xhr.send().map_err(|_| Fail::new("network error"))?;
    transfer.finished().await?;
    transfer.proxy_error(proxied)?;

    let status = transfer.xhr.status().unwrap_or(0);
    let blob = transfer.xhr.response().ok().and_then(|body| body.dyn_into::<Blob>().ok());
    probe.respond_file(status, &|| transfer.response_headers(proxied), blob.as_ref()).await;
    if status != 200 && status != 304 {
        return Ok(DownloadResult { temp_file_path: None, status_code: status }.into_result());
    }
    let blob = blob.ok_or(Fail::new("no body"))?;
    let header = |name: &str| transfer.xhr.get_response_header(name).ok().flatten();
    let extension = file_extension(
        &target.path,
        header("content-disposition").as_deref(),
        header("content-type").as_deref(),
    );
    let path = net.files.add_temp(blob, extension.as_deref());
    Ok(DownloadResult { temp_file_path: Some(path), status_code: status }.into_result())
}
