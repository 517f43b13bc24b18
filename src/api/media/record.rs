//! wx.startRecord and wx.stopRecord over `navigator.mediaDevices.getUserMedia({audio})`
//! and `MediaRecorder`. startRecord settles when the recording ends (stopRecord, or the
//! one-minute limit, both with success) with `{tempFilePath}`: a `wxfile://tmp_…` path
//! named after the recorder's container (`.webm` in Chromium and Firefox), which
//! playVoice plays and uploadFile sends. A refused or missing microphone fails
//! (`startRecord:fail auth deny`, `startRecord:fail no microphone`).
//!
//! Where wxweb differs from WeChat: a startRecord while another recording runs fails
//! (`startRecord:fail is recording`) instead of replacing it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    Blob, BlobEvent, BlobPropertyBag, MediaRecorder, MediaStream, MediaStreamConstraints,
    MediaStreamTrack,
};
use wxweb_core::media::record_rules::{extension, fail_detail, LIMIT_MS};

use super::pending::{pending, Settle};
use crate::bridge::result::wx_result;
use crate::bridge::{IntoResult, WxObject};
use crate::platform::files::Files;

wx_result! {
    /// The success result of startRecord.
    struct RecordResult {
        temp_file_path as "tempFilePath": String,
    }
}

/// The recording under way, from startRecord until it settles.
struct Session {
    settle: Settle,
    /// Set once the microphone is open.
    running: Option<Running>,
    /// stopRecord came while the microphone was still opening.
    stop_requested: bool,
}

struct Running {
    recorder: MediaRecorder,
    stream: MediaStream,
    chunks: Array,
    _limit: Timeout,
    _listeners: [EventListener; 3],
}

/// The microphone of one `wx`: at most one recording; clones share it.
#[derive(Clone, Default)]
struct Microphone(Rc<RefCell<Option<Session>>>);

pub fn install(wx: &WxObject, files: &Files) {
    let microphone = Microphone::default();
    let mic = microphone.clone();
    let files = files.clone();
    wx.add_async("startRecord", move |()| {
        let (settle, outcome) = pending();
        mic.start(settle, files.clone());
        outcome
    });
    let mic = microphone;
    wx.add_async("stopRecord", move |()| {
        mic.stop();
        std::future::ready(Ok(JsValue::UNDEFINED))
    });
}

impl Microphone {
    fn start(&self, settle: Settle, files: Files) {
        if self.0.borrow().is_some() {
            return settle.fail("is recording");
        }
        let media = web_sys::window().and_then(|w| w.navigator().media_devices().ok());
        let constraints = MediaStreamConstraints::new();
        constraints.set_audio(&JsValue::TRUE);
        let request = media.and_then(|m| m.get_user_media_with_constraints(&constraints).ok());
        let Some(request) = request else {
            return settle.fail("not supported");
        };
        *self.0.borrow_mut() = Some(Session { settle, running: None, stop_requested: false });
        let mic = self.clone();
        spawn_local(async move {
            match JsFuture::from(request).await {
                Ok(stream) => match stream.dyn_into::<MediaStream>() {
                    Ok(stream) => mic.opened(stream, files),
                    Err(_) => mic.finish(Err("not supported".into())),
                },
                Err(error) => {
                    let text = |field: &str| {
                        Reflect::get(&error, &field.into())
                            .ok()
                            .and_then(|v| v.as_string())
                            .unwrap_or_default()
                    };
                    let (name, message) = (text("name"), text("message"));
                    mic.finish(Err(fail_detail(&name, &message)));
                }
            }
        });
    }

    /// The microphone is open: record until stopRecord or the limit.
    fn opened(&self, stream: MediaStream, files: Files) {
        if self.0.borrow().as_ref().is_some_and(|s| s.stop_requested) {
            stop_tracks(&stream);
            return self.finish(Err("stopped before the microphone opened".into()));
        }
        let recorder = match MediaRecorder::new_with_media_stream(&stream) {
            Ok(recorder) => recorder,
            Err(error) => {
                stop_tracks(&stream);
                return self
                    .finish(Err(crate::platform::js::error_message(&error, "not supported")));
            }
        };
        let chunks = Array::new();
        let kept = chunks.clone();
        let data = EventListener::new(&recorder, "dataavailable", move |event| {
            if let Some(blob) = event.dyn_ref::<BlobEvent>().and_then(BlobEvent::data) {
                kept.push(&blob);
            }
        });
        let mic = self.clone();
        let stopped = EventListener::new(&recorder, "stop", move |_| mic.stopped(&files));
        let mic = self.clone();
        let failed = EventListener::new(&recorder, "error", move |_| {
            mic.finish(Err("recorder error".into()))
        });
        let mic = self.clone();
        let limit = Timeout::new(LIMIT_MS, move || mic.stop());
        if let Err(error) = recorder.start() {
            stop_tracks(&stream);
            return self.finish(Err(crate::platform::js::error_message(&error, "recorder error")));
        }
        if let Some(session) = self.0.borrow_mut().as_mut() {
            session.running = Some(Running {
                recorder,
                stream,
                chunks,
                _limit: limit,
                _listeners: [data, stopped, failed],
            });
        }
    }

    /// stopRecord (or the limit): the recorder's `stop` event ends the call.
    fn stop(&self) {
        let mut session = self.0.borrow_mut();
        let Some(session) = session.as_mut() else { return };
        match &session.running {
            Some(running) => {
                let _ = running.recorder.stop();
            }
            None => session.stop_requested = true,
        }
    }

    /// The recorder has delivered its last data: the file.
    fn stopped(&self, files: &Files) {
        let blob = {
            let session = self.0.borrow();
            let Some(running) = session.as_ref().and_then(|s| s.running.as_ref()) else { return };
            let mime = running.recorder.mime_type();
            let options = BlobPropertyBag::new();
            options.set_type(&mime);
            Blob::new_with_blob_sequence_and_options(&running.chunks, &options)
                .map(|blob| (blob, extension(&mime)))
        };
        match blob {
            Ok((blob, ext)) => {
                let path = files.add_temp(blob, Some(ext));
                self.finish(Ok(path));
            }
            Err(error) => {
                self.finish(Err(crate::platform::js::error_message(&error, "recorder error")))
            }
        }
    }

    /// Settles startRecord, closes the microphone and frees the recording's listeners
    /// (after the current event: one of them may be running).
    fn finish(&self, result: Result<String, String>) {
        let Some(session) = self.0.borrow_mut().take() else { return };
        if let Some(running) = &session.running {
            stop_tracks(&running.stream);
        }
        match result {
            Ok(path) => session.settle.ok(&RecordResult { temp_file_path: path }.into_result()),
            Err(detail) => session.settle.fail(&detail),
        }
        let running = session.running;
        spawn_local(async move { drop(running) });
    }
}

fn stop_tracks(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
}
