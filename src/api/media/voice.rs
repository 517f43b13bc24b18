//! wx.playVoice, wx.pauseVoice and wx.stopVoice over one `HTMLAudioElement` (not in
//! the page, so a voice is not cut by navigation). The rules — one voice at a time,
//! resume of the paused file, when each call settles — are [`VoiceMachine`]'s.
//!
//! playVoice takes `wxfile://` paths (recordings, downloads, saved files); another path
//! fails with `playVoice:fail file not found`. A call settles `playVoice:ok` when its
//! playback ends: the file's end, stopVoice, or a later playVoice (see voice_machine).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::Reflect;
use rustc_hash::FxHashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::HtmlAudioElement;
use wxweb_core::errmsg::ParamError;
use wxweb_core::media::voice_machine::{Effect, VoiceMachine};

use super::pending::{pending, Settle};
use crate::bridge::{FromOptions, Options, WxObject};
use crate::platform::files::Files;

/// `{filePath}` of playVoice.
struct PlayOptions(String);

impl FromOptions for PlayOptions {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        options.string("filePath").map(PlayOptions)
    }
}

/// The voice player of one `wx`.
struct Voice {
    element: HtmlAudioElement,
    files: Files,
    machine: RefCell<VoiceMachine>,
    calls: RefCell<FxHashMap<u64, Settle>>,
    next_call: Cell<u64>,
    listeners: RefCell<Vec<EventListener>>,
}

/// What a media element's `error.code` means (MediaError).
const MEDIA_ERRORS: [&str; 5] = [
    "",
    "MEDIA_ERR_ABORTED",
    "MEDIA_ERR_NETWORK",
    "MEDIA_ERR_DECODE",
    "MEDIA_ERR_SRC_NOT_SUPPORTED",
];

pub fn install(wx: &WxObject, files: &Files) {
    let Ok(element) = HtmlAudioElement::new() else { return };
    let voice = Rc::new(Voice {
        element,
        files: files.clone(),
        machine: RefCell::default(),
        calls: RefCell::default(),
        next_call: Cell::new(0),
        listeners: RefCell::default(),
    });
    voice.listen();
    let v = voice.clone();
    wx.add_async("playVoice", move |PlayOptions(path)| {
        let (settle, outcome) = pending();
        v.play(&path, settle);
        outcome
    });
    let v = voice.clone();
    wx.add_async("pauseVoice", move |()| {
        let effects = v.machine.borrow_mut().pause();
        v.apply(effects);
        std::future::ready(Ok(JsValue::UNDEFINED))
    });
    let v = voice;
    wx.add_async("stopVoice", move |()| {
        let effects = v.machine.borrow_mut().stop();
        v.apply(effects);
        std::future::ready(Ok(JsValue::UNDEFINED))
    });
}

impl Voice {
    /// The element's end and errors, for the current call. The player lives as long
    /// as the `wx` functions that hold it, and its listeners with it.
    fn listen(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let ended = EventListener::new(&self.element, "ended", move |_| {
            let Some(voice) = weak.upgrade() else { return };
            let Some(call) = voice.current_call() else { return };
            let effects = voice.machine.borrow_mut().ended(call);
            voice.apply(effects);
        });
        let weak = Rc::downgrade(self);
        let error = EventListener::new(&self.element, "error", move |_| {
            let Some(voice) = weak.upgrade() else { return };
            let Some(call) = voice.current_call() else { return };
            let code = voice.element.error().map_or(0, |e| e.code()) as usize;
            let detail = MEDIA_ERRORS.get(code).copied().unwrap_or("MEDIA_ERR");
            let effects = voice.machine.borrow_mut().failed(call, detail);
            voice.apply(effects);
        });
        self.listeners.borrow_mut().extend([ended, error]);
    }

    fn current_call(&self) -> Option<u64> {
        self.machine.borrow().current().map(|current| current.call)
    }

    fn play(self: &Rc<Self>, path: &str, settle: Settle) {
        if self.files.get(path).is_none() {
            return settle.fail("file not found");
        }
        let call = self.next_call.get() + 1;
        self.next_call.set(call);
        self.calls.borrow_mut().insert(call, settle);
        let effects = self.machine.borrow_mut().play(path, call);
        self.apply(effects);
    }

    fn apply(self: &Rc<Self>, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Finish(call) => {
                    if let Some(settle) = self.calls.borrow_mut().remove(&call) {
                        settle.ok(&JsValue::UNDEFINED);
                    }
                }
                Effect::Fail(call, detail) => {
                    if let Some(settle) = self.calls.borrow_mut().remove(&call) {
                        settle.fail(&detail);
                    }
                }
                Effect::Start(path) => {
                    match self.files.object_url(&path) {
                        Some(url) => self.element.set_src(&url),
                        None => {
                            let _ = self.element.remove_attribute("src");
                        }
                    }
                    self.element.set_current_time(0.0);
                    self.sound();
                }
                Effect::Resume => self.sound(),
                Effect::Pause => {
                    let _ = self.element.pause();
                }
                Effect::Stop => {
                    let _ = self.element.pause();
                    self.element.set_current_time(0.0);
                }
            }
        }
    }

    /// `play()`; a refusal (no autoplay allowed, a file that cannot play) fails the
    /// current call, while an AbortError only means a later pause or file came first.
    fn sound(self: &Rc<Self>) {
        let Some(call) = self.current_call() else { return };
        let Ok(started) = self.element.play() else { return };
        let weak = Rc::downgrade(self);
        spawn_local(async move {
            let Err(error) = JsFuture::from(started).await else { return };
            let name = Reflect::get(&error, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            let Some(voice) = weak.upgrade() else { return };
            if name == "AbortError" {
                return;
            }
            let detail = crate::platform::js::error_message(&error, &name);
            let effects = voice.machine.borrow_mut().failed(call, &detail);
            voice.apply(effects);
        });
    }
}
