//! chooseImage, previewImage and getImageInfo (图片), over a hidden file input
//! (`<input type=file accept=image/* multiple>`, `capture` for the camera), the desktop
//! camera (getUserMedia), canvas re-encoding, an `<img>` decode and the image viewer of src/platform/views.js.
//!
//! chooseImage: `count` (default 9, at most 9) is enforced by keeping the first `count`
//! images chosen, since a browser's picker cannot limit how many are selected. With
//! `sourceType: ['camera']` a phone opens its camera through the input's `capture`
//! attribute and a desktop shows a live camera preview with a shutter. A cancel fails
//! with `chooseImage:fail cancel`.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::media::choice::{self, Source};

use super::{compress_image, image_size, pick_files, string_list, take_photo, Media, Picker};
use crate::bridge::params::array;
use crate::bridge::result::wx_result;
use crate::bridge::{FromOptions, IntoResult, Options, Outcome, WxObject};
use crate::platform::js::error_message;

/// The JPEG quality of sizeType `compressed`.
const QUALITY: f64 = 0.6;

wx_result! {
    /// The success result of chooseImage.
    struct ImagesResult {
        temp_file_paths as "tempFilePaths": Vec<String>,
        temp_files as "tempFiles": Vec<TempFile>,
    }
}

wx_result! {
    /// One of chooseImage's `tempFiles`; size in bytes.
    struct TempFile {
        path: String,
        size: f64,
    }
}

wx_result! {
    /// The success result of getImageInfo; sizes in px.
    struct ImageInfo {
        width: f64,
        height: f64,
        path: String,
    }
}

struct ChooseImage {
    count: u32,
    compressed: bool,
    source: Source,
}

impl FromOptions for ChooseImage {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(ChooseImage {
            count: choice::image_count(options.optional_number("count")?),
            compressed: choice::compressed(&string_list(options, "sizeType")?.unwrap_or_default()),
            source: choice::source(&string_list(options, "sourceType")?.unwrap_or_default()),
        })
    }
}

struct Preview {
    current: Option<String>,
    urls: Vec<String>,
}

impl FromOptions for Preview {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        let urls =
            array(&options.get("urls"), "urls")?.iter().filter_map(|url| url.as_string()).collect();
        Ok(Preview { current: options.optional_string("current")?, urls })
    }
}

struct Src(String);

impl FromOptions for Src {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        options.string("src").map(Src)
    }
}

#[wasm_bindgen(module = "/src/platform/views.js")]
extern "C" {
    #[wasm_bindgen(js_name = previewImage)]
    fn preview_image(container: &web_sys::Element, urls: &Array, index: u32);
}

/// Adds chooseImage, previewImage and getImageInfo to `wx`.
pub fn install(wx: &WxObject, media: &Media) {
    let m = media.clone();
    wx.add_async("chooseImage", move |options: ChooseImage| choose(m.clone(), options));
    let m = media.clone();
    wx.add_async("previewImage", move |options: Preview| std::future::ready(preview(&m, options)));
    let m = media.clone();
    wx.add_async("getImageInfo", move |Src(src)| info(m.clone(), src));
}

async fn choose(media: Media, options: ChooseImage) -> Outcome {
    let _picker = Picker::open()?;
    let blobs = match options.source {
        Source::Camera if !is_phone() => {
            let container = media.container().ok_or(Fail::new("no document"))?;
            let photo = settle(take_photo(&container, "environment")).await?;
            if photo.is_null() {
                return Err(Fail::cancel());
            }
            vec![photo.unchecked_into::<Blob>()]
        }
        source => {
            let capture = (source == Source::Camera).then_some("environment");
            let files = settle(pick_files("image/*", options.count > 1, capture)).await?;
            if files.is_null() {
                return Err(Fail::cancel());
            }
            files
                .unchecked_into::<Array>()
                .iter()
                .filter_map(|file| file.dyn_into::<Blob>().ok())
                .collect()
        }
    };
    let mut paths = Vec::new();
    let mut temp_files = Vec::new();
    for blob in blobs.into_iter().take(options.count as usize) {
        let blob = if options.compressed {
            settle(compress_image(&blob, QUALITY))
                .await?
                .dyn_into::<Blob>()
                .map_err(|_| Fail::new("image cannot be read"))?
        } else {
            blob
        };
        let size = blob.size();
        let path = media.files.add_temp(blob.clone(), choice::extension(&blob.type_()));
        temp_files.push(TempFile { path: path.clone(), size });
        paths.push(path);
    }
    Ok(ImagesResult { temp_file_paths: paths, temp_files }.into_result())
}

fn preview(media: &Media, options: Preview) -> Outcome {
    let container = media.container().ok_or(Fail::new("no document"))?;
    if options.urls.is_empty() {
        return Err(Fail::new("urls is empty"));
    }
    let index = options
        .current
        .as_ref()
        .and_then(|current| options.urls.iter().position(|url| url == current))
        .unwrap_or(0);
    let urls: Array = options
        .urls
        .iter()
        .map(|url| JsValue::from_str(&media.url(url).unwrap_or_default()))
        .collect();
    preview_image(&container, &urls, index as u32);
    Ok(JsValue::UNDEFINED)
}

/// getImageInfo: `{width, height, path}`; `path` is `src` as given (a `wxfile://` path,
/// an http(s) address or an app path — WeChat downloads network images to a local path).
async fn info(media: Media, src: String) -> Outcome {
    let remote = src.starts_with("http://") || src.starts_with("https://");
    let not_found = || Fail::new(if remote { "download image fail" } else { "file not found" });
    let url = media.url(&src).ok_or_else(not_found)?;
    let size = JsFuture::from(image_size(&url)).await.map_err(|_| not_found())?;
    let size: Array = size.unchecked_into();
    let px = |index| size.get(index).as_f64().unwrap_or(0.0);
    Ok(ImageInfo { width: px(0), height: px(1), path: src }.into_result())
}

/// Whether this is a phone or tablet (a coarse pointer), whose file input can open the
/// camera itself.
fn is_phone() -> bool {
    web_sys::window()
        .and_then(|window| window.match_media("(pointer: coarse)").ok().flatten())
        .is_some_and(|query| query.matches())
}

/// The value a picker Promise resolves with; its rejection (no camera, permission
/// denied, unreadable image) as a fail with the browser's message.
async fn settle(promise: Promise) -> Result<JsValue, Fail> {
    JsFuture::from(promise)
        .await
        .map_err(|error| Fail::owned(error_message(&error, "not available")))
}
