//! wx.createAudioContext(audioId) and wx.createVideoContext(videoId): objects whose
//! methods act on the `<audio id>` / `<video id>` of the page that was current when the
//! context was made (the `wx-audio` / `wx-video` custom elements of components.js,
//! which implement play, pause, seek(seconds) and sendDanmu({text, color}); the audio
//! context's setSrc(src) sets the element's `src` property, resolved as the WXML's). The
//! element is looked up at each call, so a context outlives re-rendering; a missing
//! element is reported with `console.warn` and the call does nothing, as in WeChat.

use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::app::runtime::Runtime;
use crate::bridge::params::string;
use crate::bridge::{method, WxObject};
use crate::platform::js::console_warn;

pub fn install(wx: &WxObject, runtime: &Rc<Runtime>) {
    let app = runtime.clone();
    wx.add_sync("createAudioContext", move |id, _| {
        let id = string(id, "audioId")?;
        Ok(context(&app, "wx-audio", id, &["setSrc", "play", "pause", "seek"]))
    });
    let app = runtime.clone();
    wx.add_sync("createVideoContext", move |id, _| {
        let id = string(id, "videoId")?;
        Ok(context(&app, "wx-video", id, &["play", "pause", "seek", "sendDanmu"]))
    });
}

/// A context object with `methods`, each forwarding its argument to the same method
/// of the page's `<tag id>`.
fn context(
    runtime: &Rc<Runtime>,
    tag: &'static str,
    id: String,
    methods: &[&'static str],
) -> JsValue {
    let page = runtime.top().map(|page| page.root().clone());
    let context = Object::new();
    let id = Rc::new(id);
    for &name in methods {
        let page = page.clone();
        let id = id.clone();
        method(&context, name, move |argument| {
            let Some(element) = page.as_ref().and_then(|root| find(root, tag, &id)) else {
                return console_warn(&format!(
                    "{name}: no <{}> with id \"{id}\" on the page",
                    tag.trim_start_matches("wx-")
                ));
            };
            if name == "setSrc" {
                // The component's `src` setter resolves and loads it, as a WXML `src` does.
                let _ = Reflect::set(&element, &"src".into(), &argument);
                return;
            }
            let function = Reflect::get(&element, &name.into())
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok());
            if let Some(function) = function {
                let _ = function.call1(&element, &argument);
            }
        });
    }
    context.into()
}

/// The first `<tag>` under `root` whose id is `id`.
fn find(root: &HtmlElement, tag: &str, id: &str) -> Option<Element> {
    let all = root.query_selector_all(tag).ok()?;
    (0..all.length())
        .filter_map(|i| all.item(i)?.dyn_into::<Element>().ok())
        .find(|element| element.id() == id)
}
