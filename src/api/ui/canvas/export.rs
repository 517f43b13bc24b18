//! `wx.canvasToTempFilePath({canvasId, x, y, width, height, destWidth, destHeight,
//! fileType, quality})` and its first name `wx.toTempFilePath({canvasId})`: the region
//! of the page's `<canvas canvas-id>` (CSS px) as a PNG or JPEG temporary file
//! (`wxfile://tmp_….png`), which `<image src>`, previewImage, saveFile and the other
//! file APIs take like any temporary file. Browser primitives: a second canvas's
//! `drawImage` and `toBlob` (export.js).
//!
//! The export waits for the drawCanvas calls on the same canvas made before it, as
//! WeChat's view handles them in order. `destWidth`/`destHeight` default to the region's
//! size in the seed profile (1.x documented "默认为width") and to that size ×
//! devicePixelRatio in the modern one. `fileType` and `quality` (later than 2016) are
//! taken in both: `jpg` is JPEG, anything else PNG; a quality outside (0, 1] is 1.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, HtmlCanvasElement};
use wxweb_core::errmsg::{Fail, ParamError};

use super::draw::{canvas_of, find, id_text, PageRoot, Turn};
use crate::bridge::params::mismatch;
use crate::bridge::result::wx_result;
use crate::bridge::{FromOptions, IntoResult, Options, Outcome, Profile};
use crate::platform::files::Files;

#[wasm_bindgen(module = "/src/api/ui/canvas/export.js")]
extern "C" {
    /// The Blob of a canvas region drawn at the output size (`export.js`).
    #[wasm_bindgen(js_name = exportCanvas, catch)]
    #[allow(clippy::too_many_arguments)]
    fn export_canvas(
        source: &HtmlCanvasElement,
        sx: f64,
        sy: f64,
        sw: f64,
        sh: f64,
        width: u32,
        height: u32,
        mime: &str,
        quality: f64,
    ) -> Result<Promise, JsValue>;
}

wx_result! {
    /// The success result of canvasToTempFilePath.
    struct TempFileResult {
        temp_file_path as "tempFilePath": String,
    }
}

/// The largest side of an exported image, in pixels (browsers refuse larger canvases).
const MAX_SIDE: f64 = 16_384.0;

/// The decoded options of canvasToTempFilePath.
pub struct ExportOptions {
    canvas_id: String,
    x: Option<f64>,
    y: Option<f64>,
    width: Option<f64>,
    height: Option<f64>,
    dest_width: Option<f64>,
    dest_height: Option<f64>,
    jpeg: bool,
    quality: f64,
}

impl FromOptions for ExportOptions {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        let id = options.get("canvasId");
        let canvas_id = id_text(&id).ok_or_else(|| mismatch(&id, "canvasId", "String"))?;
        let quality = options.optional_number("quality")?.unwrap_or(1.0);
        Ok(ExportOptions {
            canvas_id,
            x: options.optional_number("x")?,
            y: options.optional_number("y")?,
            width: options.optional_number("width")?,
            height: options.optional_number("height")?,
            dest_width: options.optional_number("destWidth")?,
            dest_height: options.optional_number("destHeight")?,
            jpeg: options.optional_string("fileType")?.as_deref() == Some("jpg"),
            quality: if quality > 0.0 && quality <= 1.0 { quality } else { 1.0 },
        })
    }
}

/// The body of canvasToTempFilePath (and toTempFilePath).
pub async fn export(
    options: ExportOptions,
    files: Files,
    page: Option<PageRoot>,
    profile: Profile,
) -> Outcome {
    // After the drawings already asked for on this canvas; later ones wait for this.
    let mut turn = Turn::take(&options.canvas_id);
    if let Some(before) = turn.before.take() {
        let _ = JsFuture::from(before).await;
    }
    let empty = || Fail::new("canvas is empty");
    let element = find(&options.canvas_id, page.as_ref()).ok_or_else(empty)?;
    let canvas = canvas_of(&element).ok_or_else(empty)?;
    let (css_width, css_height) =
        (f64::from(element.client_width()), f64::from(element.client_height()));
    if css_width <= 0.0 || css_height <= 0.0 || canvas.width() == 0 {
        return Err(empty());
    }
    // The canvas's backing pixels per CSS px (devicePixelRatio, as drawCanvas sizes it).
    let ratio = f64::from(canvas.width()) / css_width;
    let x = finite(options.x).unwrap_or(0.0);
    let y = finite(options.y).unwrap_or(0.0);
    let width = finite(options.width).unwrap_or(css_width - x);
    let height = finite(options.height).unwrap_or(css_height - y);
    if width <= 0.0 || height <= 0.0 {
        return Err(empty());
    }
    let scale = match profile {
        Profile::Seed => 1.0,
        Profile::Modern => ratio,
    };
    let side = |dest: Option<f64>, size: f64| {
        finite(dest).unwrap_or(size * scale).round().clamp(1.0, MAX_SIDE) as u32
    };
    let (dest_width, dest_height) =
        (side(options.dest_width, width), side(options.dest_height, height));
    let mime = if options.jpeg { "image/jpeg" } else { "image/png" };
    let encoded = export_canvas(
        &canvas,
        x * ratio,
        y * ratio,
        width * ratio,
        height * ratio,
        dest_width,
        dest_height,
        mime,
        options.quality,
    )
    .map_err(|_| empty())?;
    drop(turn);
    let blob: Blob = JsFuture::from(encoded)
        .await
        .ok()
        .and_then(|blob| blob.dyn_into().ok())
        .ok_or_else(empty)?;
    let path = files.add_temp(blob, Some(if options.jpeg { "jpg" } else { "png" }));
    Ok(TempFileResult { temp_file_path: path }.into_result())
}

/// A number option that is finite, or `None`.
fn finite(value: Option<f64>) -> Option<f64> {
    value.filter(|n| n.is_finite())
}
