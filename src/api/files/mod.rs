//! Files (文件): saveFile, getSavedFileList, getSavedFileInfo, removeSavedFile over the
//! saved files of [`Files`] (IndexedDB), and openDocument (a view in the device frame).
//!
//! errMsg texts are WeChat's: `saveFile:fail tempFilePath file not exist` for a path that
//! is not a temporary file (including one already saved, since saving moves it),
//! `saveFile:fail the maximum size of the file storage limit is exceeded` past 10 MB,
//! `…:fail file not exist` for unknown saved paths.

mod document;

use wasm_bindgen::prelude::*;
use web_sys::Element;
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::files::ledger::SavedInfo;

use crate::bridge::result::wx_result;
use crate::bridge::{FromOptions, IntoResult, Options, WxObject};
use crate::platform::files::{Files, SaveError};

/// Options of saveFile: `{tempFilePath}`.
struct TempFilePath(String);

impl FromOptions for TempFilePath {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        options.string("tempFilePath").map(TempFilePath)
    }
}

/// Options of getSavedFileInfo and removeSavedFile: `{filePath}`.
struct FilePath(String);

impl FromOptions for FilePath {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        options.string("filePath").map(FilePath)
    }
}

const NOT_EXIST: Fail = Fail::new("file not exist");

fn save_fail(error: SaveError) -> Fail {
    match error {
        SaveError::NotFound => Fail::new("tempFilePath file not exist"),
        SaveError::LimitExceeded => {
            Fail::new("the maximum size of the file storage limit is exceeded")
        }
        SaveError::Storage(message) => Fail::owned(message),
    }
}

wx_result! {
    /// The success result of saveFile.
    struct Saved {
        saved_file_path as "savedFilePath": String,
    }
}

wx_result! {
    /// The success result of getSavedFileList.
    struct SavedList {
        file_list as "fileList": Vec<SavedFile>,
    }
}

wx_result! {
    /// One file of getSavedFileList: size in bytes, createTime in seconds.
    struct SavedFile {
        file_path as "filePath": String,
        size: f64,
        create_time as "createTime": f64,
    }
}

wx_result! {
    /// The success result of getSavedFileInfo: size in bytes, createTime in seconds.
    struct SavedFileInfo {
        size: f64,
        create_time as "createTime": f64,
    }
}

impl From<SavedInfo> for SavedFileInfo {
    fn from(info: SavedInfo) -> Self {
        SavedFileInfo { size: info.size as f64, create_time: info.create_time as f64 }
    }
}

/// Tells the simulator's Storage panel of a saved-file change (`wxweb:storage`).
fn changed(op: &'static str, path: &str) {
    crate::platform::hooks::storage_changed("files", op, Some(path));
}

/// Adds the file functions to `wx`; openDocument's view goes over `screen`.
pub fn install(wx: &WxObject, files: &Files, screen: Option<Element>) {
    let f = files.clone();
    wx.add_async("saveFile", move |TempFilePath(temp)| {
        let f = f.clone();
        async move {
            let saved = f.save(&temp).await.map_err(save_fail)?;
            changed("saveFile", &saved);
            Ok(Saved { saved_file_path: saved }.into_result())
        }
    });

    let f = files.clone();
    wx.add_async("getSavedFileList", move |()| {
        let file_list = f
            .saved_list()
            .into_iter()
            .map(|(path, info)| {
                let SavedFileInfo { size, create_time } = info.into();
                SavedFile { file_path: path, size, create_time }
            })
            .collect();
        std::future::ready(Ok(SavedList { file_list }.into_result()))
    });

    let f = files.clone();
    wx.add_async("getSavedFileInfo", move |FilePath(path)| {
        std::future::ready(
            f.saved_info(&path)
                .map(|info| SavedFileInfo::from(info).into_result())
                .ok_or(NOT_EXIST),
        )
    });

    let f = files.clone();
    wx.add_async("removeSavedFile", move |FilePath(path)| {
        let f = f.clone();
        async move {
            f.remove_saved(&path).await.map_err(|error| match error {
                SaveError::NotFound => NOT_EXIST,
                other => save_fail(other),
            })?;
            changed("removeSavedFile", &path);
            Ok(JsValue::UNDEFINED)
        }
    });

    document::install(wx, files, screen);
}
