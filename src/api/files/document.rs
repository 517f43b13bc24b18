//! wx.openDocument: shows a `wxfile://` document in a new view over the device screen
//! (src/platform/views.js). PDFs render in the browser's PDF viewer (an iframe of a `blob:` URL
//! typed `application/pdf`); doc, docx, xls, xlsx, ppt and pptx, which a browser cannot
//! show, get a page naming the file with a download link. The result's `view` field
//! (a wxweb addition) says which: `"viewer"` or `"download"`. Other types fail with
//! `openDocument:fail filetype not supported`.

use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, Element};
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::files::kind::{classify, Presentation};
use wxweb_core::files::ledger;

use crate::bridge::result::wx_result;
use crate::bridge::{FromOptions, IntoResult, Options, Outcome, WxObject};
use crate::platform::files::{file_name, Files};

#[wasm_bindgen(module = "/src/platform/views.js")]
extern "C" {
    #[wasm_bindgen(js_name = openDocument)]
    fn open_document(container: &Element, url: &str, name: &str, viewer: bool);
}

/// Options of openDocument: `{filePath, fileType?}`.
struct Document {
    file_path: String,
    file_type: Option<String>,
}

impl FromOptions for Document {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(Document {
            file_path: options.string("filePath")?,
            file_type: options.optional_string("fileType")?,
        })
    }
}

/// Adds openDocument to `wx`, showing documents over `screen` (or the whole page).
pub fn install(wx: &WxObject, files: &Files, screen: Option<Element>) {
    let files = files.clone();
    wx.add_async("openDocument", move |document: Document| {
        std::future::ready(open(&files, screen.as_ref(), document))
    });
}

wx_result! {
    /// The success result of openDocument: how the document is shown (wxweb's own
    /// field, see [`Presentation`]).
    struct Opened {
        view: &'static str,
    }
}

fn open(files: &Files, screen: Option<&Element>, document: Document) -> Outcome {
    let blob = files.get(&document.file_path).ok_or(Fail::new("file not exist"))?;
    let file_type =
        document.file_type.or_else(|| ledger::extension(&document.file_path)).unwrap_or_default();
    let (mime, presentation) = classify(&file_type).ok_or(Fail::new("filetype not supported"))?;
    let container = screen
        .cloned()
        .or_else(|| web_sys::window()?.document()?.body().map(Into::into))
        .ok_or(Fail::new("no document"))?;
    let typed = retyped(&blob, mime).ok_or(Fail::new("no document"))?;
    let url =
        web_sys::Url::create_object_url_with_blob(&typed).map_err(|_| Fail::new("no document"))?;
    open_document(
        &container,
        &url,
        file_name(&document.file_path),
        presentation == Presentation::Viewer,
    );
    Ok(Opened { view: presentation.name() }.into_result())
}

/// The same bytes under the document's MIME type, so the browser picks the right viewer.
fn retyped(blob: &Blob, mime: &str) -> Option<Blob> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(blob);
    Blob::new_with_blob_sequence_and_options(&parts, &options).ok()
}
