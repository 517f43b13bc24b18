//! The background audio player (音乐播放控制): playBackgroundAudio,
//! pauseBackgroundAudio, seekBackgroundAudio, stopBackgroundAudio,
//! getBackgroundAudioPlayerState and onBackgroundAudioPlay/Pause/Stop, over one
//! `HTMLAudioElement` that belongs to no page, so the music goes on across navigation.
//! The rules are [`BackgroundMachine`]'s. The Media Session API (where the browser has
//! it) shows the title and cover and lets the system's media keys play, pause and stop.
//!
//! playBackgroundAudio succeeds once the track sounds, and fails when the browser cannot
//! play it (`playBackgroundAudio:fail <reason>`). `dataUrl` is a URL (or a `wxfile://`
//! path); the state's `duration` and `currentPosition` are in seconds, unrounded.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlAudioElement;
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::media::background_machine::{BackgroundMachine, Effect, Event, Status};

use crate::bridge::params::mismatch;
use crate::bridge::result::wx_result;
use crate::bridge::{
    listener, object, FromOptions, IntoResult, Listeners, Options, Outcome, WxObject,
};
use crate::platform::files::Files;

wx_result! {
    /// The result of getBackgroundAudioPlayerState: status 0 paused, 1 playing, 2 none;
    /// times in seconds.
    struct PlayerState {
        status: u8,
        duration: f64,
        current_position as "currentPosition": f64,
        download_percent as "downloadPercent": f64,
        data_url as "dataUrl": String,
    }
}

wx_result! {
    /// What onBackgroundAudioPlay/Pause/Stop listeners receive (the typings'
    /// `GeneralCallbackResult`).
    struct EventResult {
        err_msg as "errMsg": &'static str,
    }
}

/// The `errMsg` of an event's result: `onBackgroundAudioPlay:ok`, ….
fn event_err_msg(event: Event) -> &'static str {
    match event {
        Event::Play => "onBackgroundAudioPlay:ok",
        Event::Pause => "onBackgroundAudioPause:ok",
        Event::Stop => "onBackgroundAudioStop:ok",
    }
}

/// The options of playBackgroundAudio.
struct Track {
    data_url: String,
    title: String,
    cover: String,
}

impl FromOptions for Track {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(Track {
            data_url: options.string("dataUrl")?,
            title: options.optional_string("title")?.unwrap_or_default(),
            cover: options.optional_string("coverImgUrl")?.unwrap_or_default(),
        })
    }
}

/// `{position}` of seekBackgroundAudio, in seconds.
struct Position(f64);

impl FromOptions for Position {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        let position = options.get("position");
        position.as_f64().map(Position).ok_or_else(|| mismatch(&position, "position", "Number"))
    }
}

/// The player of one `wx`: a page-lifetime singleton, like the `wx` object.
struct Player {
    element: HtmlAudioElement,
    files: Files,
    machine: RefCell<BackgroundMachine>,
    /// onBackgroundAudioPlay, …Pause, …Stop: the newest handler of each.
    handlers: Handlers,
    listeners: RefCell<Vec<EventListener>>,
}

/// The handlers of the three events (listeners.rs's contract, one handler each).
struct Handlers {
    play: Listeners,
    pause: Listeners,
    stop: Listeners,
}

impl Handlers {
    fn of(&self, event: Event) -> &Listeners {
        match event {
            Event::Play => &self.play,
            Event::Pause => &self.pause,
            Event::Stop => &self.stop,
        }
    }
}

pub fn install(wx: &WxObject, files: &Files) {
    let Ok(element) = HtmlAudioElement::new() else { return };
    let player = Rc::new(Player {
        element,
        files: files.clone(),
        machine: RefCell::default(),
        handlers: Handlers {
            play: Listeners::new("wx.onBackgroundAudioPlay"),
            pause: Listeners::new("wx.onBackgroundAudioPause"),
            stop: Listeners::new("wx.onBackgroundAudioStop"),
        },
        listeners: RefCell::default(),
    });
    player.listen();
    let p = player.clone();
    wx.add_async("playBackgroundAudio", move |track: Track| {
        let missing =
            track.data_url.starts_with("wxfile://") && p.files.get(&track.data_url).is_none();
        let played = (!missing).then(|| p.play(track));
        async move {
            match played {
                Some(played) => played.await,
                None => Err(Fail::new("file not found")),
            }
        }
    });
    let p = player.clone();
    wx.add_async("pauseBackgroundAudio", move |()| {
        let effects = p.machine.borrow_mut().pause();
        p.apply(effects);
        std::future::ready(Ok(JsValue::UNDEFINED))
    });
    let p = player.clone();
    wx.add_async("seekBackgroundAudio", move |Position(seconds)| {
        let effects = p.machine.borrow_mut().seek(seconds);
        p.apply(effects);
        std::future::ready(Ok(JsValue::UNDEFINED))
    });
    let p = player.clone();
    wx.add_async("stopBackgroundAudio", move |()| {
        let effects = p.machine.borrow_mut().stop();
        p.apply(effects);
        std::future::ready(Ok(JsValue::UNDEFINED))
    });
    let p = player.clone();
    wx.add_async("getBackgroundAudioPlayerState", move |()| {
        std::future::ready(Ok(p.state().into_result()))
    });
    for (name, event) in [
        ("onBackgroundAudioPlay", Event::Play),
        ("onBackgroundAudioPause", Event::Pause),
        ("onBackgroundAudioStop", Event::Stop),
    ] {
        let handlers = player.handlers.of(event).clone();
        wx.add_sync(name, move |callback, _| {
            handlers.set(listener(callback)?);
            Ok(JsValue::UNDEFINED)
        });
    }
    media_keys(&player);
}

impl Player {
    /// Follows the element: the end of the track, and a source it cannot load.
    fn listen(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let ended = EventListener::new(&self.element, "ended", move |_| {
            let Some(player) = weak.upgrade() else { return };
            let effects = player.machine.borrow_mut().ended();
            set_playback_state("none");
            player.apply(effects);
        });
        let weak = Rc::downgrade(self);
        let failed = EventListener::new(&self.element, "error", move |_| {
            let Some(player) = weak.upgrade() else { return };
            let effects = player.machine.borrow_mut().source_failed();
            player.apply(effects);
        });
        self.listeners.borrow_mut().extend([ended, failed]);
    }

    fn play(self: &Rc<Self>, track: Track) -> impl Future<Output = Outcome> {
        let effects = self.machine.borrow_mut().play(&track.data_url);
        self.show_metadata(&track);
        let started = self.apply(effects);
        let player = self.clone();
        async move {
            let Some((load, started)) = started else { return Ok(JsValue::UNDEFINED) };
            match JsFuture::from(started).await {
                Ok(_) => {
                    let effects = player.machine.borrow_mut().started(load);
                    player.apply(effects);
                    Ok(JsValue::UNDEFINED)
                }
                Err(error) => {
                    let effects = player.machine.borrow_mut().failed(load);
                    if effects.is_empty() {
                        return Ok(JsValue::UNDEFINED); // a pause or another track came first
                    }
                    player.apply(effects);
                    Err(Fail::owned(crate::platform::js::error_message(&error, "cannot play")))
                }
            }
        }
    }

    /// Carries out `effects`; for a load or resume, returns its number and `play()`'s
    /// Promise.
    fn apply(&self, effects: Vec<Effect>) -> Option<(u64, Promise)> {
        let mut started = None;
        for effect in effects {
            match effect {
                Effect::Load { url, load } => {
                    let src = if url.starts_with("wxfile://") {
                        self.files.object_url(&url)
                    } else {
                        Some(url)
                    };
                    self.element.set_src(&src.unwrap_or_default());
                    started = Some((load, self.sound()));
                }
                Effect::Resume { load } => started = Some((load, self.sound())),
                Effect::Pause => {
                    let _ = self.element.pause();
                    set_playback_state("paused");
                }
                Effect::Seek(seconds) => self.element.set_current_time(seconds),
                Effect::Stop => {
                    let _ = self.element.pause();
                    let _ = self.element.remove_attribute("src");
                    self.element.load();
                    set_playback_state("none");
                }
                Effect::Emit(event) => {
                    let result = EventResult { err_msg: event_err_msg(event) };
                    self.handlers.of(event).emit(&result.into_result());
                }
            }
        }
        started
    }

    fn sound(&self) -> Promise {
        set_playback_state("playing");
        self.element.play().unwrap_or_else(|error| Promise::reject(&error))
    }

    /// getBackgroundAudioPlayerState's result.
    fn state(&self) -> PlayerState {
        let machine = self.machine.borrow();
        let status = machine.status();
        let (duration, position) = match status {
            Status::None => (0.0, 0.0),
            _ => (finite(self.element.duration()), finite(self.element.current_time())),
        };
        let buffered = self.element.buffered();
        let loaded = match buffered.length() {
            0 => 0.0,
            n => buffered.end(n - 1).unwrap_or(0.0),
        };
        let percent = if duration > 0.0 {
            (loaded / duration * 100.0).clamp(0.0, 100.0).floor()
        } else {
            0.0
        };
        PlayerState {
            status: status as u8,
            duration,
            current_position: position,
            download_percent: if status == Status::None { 0.0 } else { percent },
            data_url: machine.data_url().to_owned(),
        }
    }

    /// Media Session metadata: the title and the cover as artwork.
    fn show_metadata(&self, track: &Track) {
        let Some(session) = media_session() else { return };
        let Ok(constructor) = Reflect::get(&js_sys::global(), &"MediaMetadata".into()) else {
            return;
        };
        let Ok(constructor) = constructor.dyn_into::<Function>() else { return };
        let cover = if track.cover.starts_with("wxfile://") {
            self.files.object_url(&track.cover).unwrap_or_default()
        } else {
            track.cover.clone()
        };
        let artwork = Array::new();
        if !cover.is_empty() {
            artwork.push(&object(&[("src", cover.into())]));
        }
        let init = object(&[("title", track.title.as_str().into()), ("artwork", artwork.into())]);
        if let Ok(metadata) = Reflect::construct(&constructor, &Array::of1(&init)) {
            let _ = Reflect::set(&session, &"metadata".into(), &metadata);
        }
    }
}

fn finite(value: f64) -> f64 {
    if value.is_finite() {
        value
    } else {
        0.0
    }
}

/// `navigator.mediaSession`, where the browser has it.
fn media_session() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    Reflect::get(&navigator, &"mediaSession".into()).ok().filter(|s| s.is_object())
}

fn set_playback_state(state: &str) {
    if let Some(session) = media_session() {
        let _ = Reflect::set(&session, &"playbackState".into(), &state.into());
    }
}

/// What a media key does to the player, given the track's `dataUrl`.
type MediaKey = fn(&mut BackgroundMachine, &str) -> Vec<Effect>;

/// The system's play, pause and stop keys act on the background player. The handlers
/// live as long as the page (`into_js_value`: the media session holds them).
fn media_keys(player: &Rc<Player>) {
    let Some(session) = media_session() else { return };
    let Some(set) = Reflect::get(&session, &"setActionHandler".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return;
    };
    let actions: [(&str, MediaKey); 3] = [
        ("play", |machine, url| if url.is_empty() { Vec::new() } else { machine.play(url) }),
        ("pause", |machine, _| machine.pause()),
        ("stop", |machine, _| machine.stop()),
    ];
    for (action, change) in actions {
        let weak = Rc::downgrade(player);
        let handler = Closure::<dyn Fn()>::new(move || {
            let Some(player) = weak.upgrade() else { return };
            let url = player.machine.borrow().data_url().to_owned();
            let effects = change(&mut player.machine.borrow_mut(), &url);
            if let Some((load, started)) = player.apply(effects) {
                let player = player.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let effects = match JsFuture::from(started).await {
                        Ok(_) => player.machine.borrow_mut().started(load),
                        Err(_) => player.machine.borrow_mut().failed(load),
                    };
                    player.apply(effects);
                });
            }
        });
        // A browser that does not know an action throws; the others still work.
        let _ = set.call2(&session, &action.into(), &handler.into_js_value());
    }
}
