//! Media (媒体): images (chooseImage, previewImage, getImageInfo), chooseVideo,
//! recording (startRecord, stopRecord), voice (playVoice, pauseVoice, stopVoice),
//! background audio (playBackgroundAudio and its family), and the audio and video
//! contexts (createAudioContext, createVideoContext). Chosen and recorded files become
//! temporary `wxfile://` files; sources may be `wxfile://`, http(s) or paths relative to
//! the current page (or, starting with `/`, to the app's root). The rules are pure, in
//! `wxweb_core::media`; this is the browser layer.

mod background_audio;
mod context;
mod image;
mod pending;
mod record;
mod video;
mod voice;

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::Element;
use wxweb_core::app::source_path;
use wxweb_core::errmsg::{Fail, ParamError};

use crate::app::runtime::Runtime;
use crate::bridge::params::array;
use crate::bridge::{Options, WxObject};
use crate::platform::files::Files;

#[wasm_bindgen(module = "/src/platform/views.js")]
extern "C" {
    #[wasm_bindgen(js_name = pickFiles)]
    fn pick_files(accept: &str, multiple: bool, capture: Option<&str>) -> js_sys::Promise;
    #[wasm_bindgen(js_name = takePhoto)]
    fn take_photo(container: &Element, facing: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = compressImage)]
    fn compress_image(blob: &web_sys::Blob, quality: f64) -> js_sys::Promise;
    #[wasm_bindgen(js_name = imageSize)]
    fn image_size(url: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = videoMetadata)]
    fn video_metadata(url: &str) -> js_sys::Promise;
}

thread_local! {
    static PICKER_OPEN: Cell<bool> = const { Cell::new(false) };
}

/// The one picker (a file chooser or the camera preview) that may be open at a time:
/// in WeChat the picker covers the app, and a browser ignores a second file chooser
/// while one is open, so a later chooseImage/chooseVideo would never hear back. Held
/// for the whole call and released when dropped, on every path.
struct Picker;

impl Picker {
    fn open() -> Result<Picker, Fail> {
        if PICKER_OPEN.with(|open| open.replace(true)) {
            return Err(Fail::new("another chooseImage or chooseVideo is in progress"));
        }
        Ok(Picker)
    }
}

impl Drop for Picker {
    fn drop(&mut self) {
        PICKER_OPEN.with(|open| open.set(false));
    }
}

/// What the media functions share: the files, the device screen for overlays, and the
/// running app (for sources relative to its pages).
#[derive(Clone)]
pub struct Media {
    files: Files,
    screen: Option<Element>,
    runtime: Option<Rc<Runtime>>,
}

impl Media {
    /// The media functions' shared state; overlays go over `screen` when given.
    pub fn new(files: Files, screen: Option<Element>, runtime: Option<Rc<Runtime>>) -> Self {
        Media { files, screen, runtime }
    }

    /// The screen element overlays go over: the device screen, or the page's body.
    fn container(&self) -> Option<Element> {
        self.screen.clone().or_else(|| web_sys::window()?.document()?.body().map(Into::into))
    }

    /// A URL an `<img>` or `<video>` can load for `src`: a `blob:` URL for `wxfile://`
    /// files (`None` when the file does not exist), the address itself for http(s),
    /// `data:` and `blob:`, and for other paths the file in the app's folder, relative
    /// to the current page.
    fn url(&self, src: &str) -> Option<String> {
        if src.starts_with("wxfile://") {
            return self.files.object_url(src);
        }
        if src.contains("://")
            || src.starts_with("data:")
            || src.starts_with("blob:")
            || src.starts_with("//")
        {
            return Some(src.to_owned());
        }
        let route = self
            .runtime
            .as_ref()
            .and_then(|r| r.top())
            .map(|page| page.route().to_owned())
            .unwrap_or_default();
        let path = source_path::join(&format!("{route}.wxml"), src)?;
        Some(match &self.runtime {
            Some(runtime) => runtime.folder().url(&path),
            None => path,
        })
    }
}

/// An optional array of strings (`sizeType`, `sourceType`, `urls`); `None` when absent.
fn string_list(options: &Options, field: &'static str) -> Result<Option<Vec<String>>, ParamError> {
    let value = options.get(field);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    Ok(Some(array(&value, field)?.iter().filter_map(|item| item.as_string()).collect()))
}

/// Adds the media functions that need no running app.
pub fn install(wx: &WxObject, media: &Media) {
    image::install(wx, media);
    video::install(wx, media);
    record::install(wx, &media.files);
    voice::install(wx, &media.files);
    background_audio::install(wx, &media.files);
}

/// Adds the APIs that act on the current page's components: the audio and video contexts.
pub fn install_for_pages(wx: &WxObject, runtime: &Rc<Runtime>) {
    context::install(wx, runtime);
}
