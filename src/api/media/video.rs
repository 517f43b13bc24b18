//! chooseVideo (视频): a hidden file input (`accept=video/*`, with `capture` facing the
//! `camera` option when `sourceType` is camera only; `camera` is the typings' string or
//! the seed's array, see [`choice::facing`]), then the file's metadata read by a
//! `<video>` element. Result `{tempFilePath, duration, size, width, height}`.
//!
//! `maxDuration` (WeChat: at most 60 s) must be a number but cannot limit a browser's camera app or a file
//! from the album; wxweb does not trim or refuse longer videos. On desktops the camera
//! option opens the file picker (desktop browsers ignore `capture`).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::media::choice::{self, Source};

use super::{pick_files, string_list, video_metadata, Media, Picker};
use crate::bridge::params::mismatch;
use crate::bridge::read;
use crate::bridge::result::wx_result;
use crate::bridge::{FromOptions, IntoResult, Options, Outcome, WxObject};
use crate::platform::js::error_message;

wx_result! {
    /// The success result of chooseVideo; duration in seconds, size in bytes.
    struct VideoResult {
        temp_file_path as "tempFilePath": String,
        duration: f64,
        size: f64,
        width: f64,
        height: f64,
    }
}

struct ChooseVideo {
    source: Source,
    facing: &'static str,
}

impl FromOptions for ChooseVideo {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        // maxDuration must be a number when given, though nothing can enforce it (above).
        options.optional_number("maxDuration")?;
        Ok(ChooseVideo {
            source: choice::source(&string_list(options, "sourceType")?.unwrap_or_default()),
            facing: choice::facing(&camera(options)?),
        })
    }
}

/// The `camera` option as a list: the typings' string (`'front'`) or the seed's array
/// (`['front', 'back']`); empty when absent.
fn camera(options: &Options) -> Result<Vec<String>, ParamError> {
    let value = options.get("camera");
    if let Some(text) = value.as_string() {
        return Ok(vec![text]);
    }
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    match read::elements(&value) {
        Ok(Some(list)) => Ok(list.iter().filter_map(|item| item.as_string()).collect()),
        Ok(None) => Err(mismatch(&value, "camera", "String")),
        Err(thrown) => Err(ParamError::threw("camera", thrown)),
    }
}

/// Adds chooseVideo to `wx`.
pub fn install(wx: &WxObject, media: &Media) {
    let m = media.clone();
    wx.add_async("chooseVideo", move |options: ChooseVideo| choose(m.clone(), options));
}

async fn choose(media: Media, options: ChooseVideo) -> Outcome {
    let _picker = Picker::open()?;
    let capture = (options.source == Source::Camera).then_some(options.facing);
    let files = JsFuture::from(pick_files("video/*", false, capture))
        .await
        .map_err(|error| Fail::owned(error_message(&error, "not available")))?;
    let file =
        read::elements(&files).ok().flatten().map(|files| files.get(0)).ok_or(Fail::cancel())?;
    let file = file.dyn_into::<Blob>().map_err(|_| Fail::cancel())?;
    let size = file.size();
    let path = media.files.add_temp(file.clone(), choice::extension(&file.type_()));
    let url = media.files.object_url(&path).ok_or(Fail::new("video cannot be read"))?;
    let metadata = JsFuture::from(video_metadata(&url))
        .await
        .map_err(|_| Fail::new("video cannot be read"))?;
    let metadata: js_sys::Array = metadata.unchecked_into();
    let number = |index| metadata.get(index).as_f64().filter(|n| n.is_finite()).unwrap_or(0.0);
    Ok(VideoResult {
        temp_file_path: path,
        duration: number(0),
        size,
        width: number(1),
        height: number(2),
    }
    .into_result())
}
