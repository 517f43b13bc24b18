//! Saved files in headless Chromium: the `Files` store behind saveFile and friends
//! (IndexedDB persistence across a fresh open, as after a reload; the 10 MB limit;
//! moves and double removals) and the wx functions' results and errMsg texts.

mod common;

use common::*;
use js_sys::{Array, Uint8Array};
use wasm_bindgen_test::*;
use web_sys::Blob;
use wxweb::platform::files::{Files, SaveError, TEMP_PREFIX};
use wxweb_core::files::ledger::{LIMIT_BYTES, STORE_PREFIX};

wasm_bindgen_test_configure!(run_in_browser);

fn blob_of(size: usize) -> Blob {
    let bytes = Uint8Array::new_with_length(size as u32);
    bytes.fill(7, 0, size as u32);
    Blob::new_with_u8_array_sequence(&Array::of1(&bytes)).unwrap()
}

async fn opened(appid: &str) -> Files {
    let files = Files::default();
    files.open_saved(appid).await;
    files
}

#[wasm_bindgen_test]
async fn a_saved_file_survives_a_fresh_open_and_its_temp_path_is_gone() {
    let appid = fresh_appid();
    let files = opened(&appid).await;
    let temp = files.add_temp(blob_of(1000), Some("pdf"));
    assert!(temp.starts_with(TEMP_PREFIX));
    let saved = files.save(&temp).await.unwrap();
    assert!(saved.starts_with(STORE_PREFIX) && saved.ends_with(".pdf"), "{saved}");
    assert!(files.get(&temp).is_none(), "saving moves the file");
    assert_eq!(files.get(&saved).unwrap().size(), 1000.0);
    assert_eq!(
        files.save(&temp).await,
        Err(SaveError::NotFound),
        "a second save of the same temp path fails"
    );

    let again = opened(&appid).await;
    let list = again.saved_list();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].0, saved);
    assert_eq!(list[0].1.size, 1000);
    let now = (js_sys::Date::now() / 1000.0) as u64;
    assert!(list[0].1.create_time.abs_diff(now) <= 2, "createTime is in seconds");
    assert_eq!(again.get(&saved).unwrap().size(), 1000.0, "the Blob itself is back");
    assert!(again.object_url(&saved).unwrap().starts_with("blob:"));
    assert!(again.get(&temp).is_none(), "temporary files do not outlive the page");
    assert!(opened(&fresh_appid()).await.saved_list().is_empty(), "saved files are per appid");
}

#[wasm_bindgen_test]
async fn the_ten_megabyte_limit_refuses_a_save_and_changes_nothing() {
    let appid = fresh_appid();
    let files = opened(&appid).await;
    let big = files.add_temp(blob_of(LIMIT_BYTES as usize - 100), None);
    let big_saved = files.save(&big).await.unwrap();
    let over = files.add_temp(blob_of(101), Some("bin"));
    assert_eq!(files.save(&over).await, Err(SaveError::LimitExceeded));
    assert_eq!(files.get(&over).unwrap().size(), 101.0, "the temp file is still there");
    assert_eq!(files.saved_list().len(), 1);
    assert_eq!(opened(&appid).await.saved_list().len(), 1, "nothing was written");
    let fits = files.add_temp(blob_of(100), None);
    files.save(&fits).await.unwrap();

    files.remove_saved(&big_saved).await.unwrap();
    assert_eq!(
        files.remove_saved(&big_saved).await,
        Err(SaveError::NotFound),
        "removing twice fails"
    );
    assert!(files.get(&big_saved).is_none());
    files.save(&over).await.unwrap();
    let after = opened(&appid).await.saved_list();
    assert_eq!(after.iter().map(|(_, info)| info.size).sum::<u64>(), 201);
}

#[wasm_bindgen_test]
async fn wx_saved_file_functions_answer_with_wechat_texts() {
    let wx = fresh_wx().await;
    let calls =
        call(&wx, "saveFile", &obj(&[("tempFilePath", "wxfile://tmp_nothing".into())])).await;
    assert_eq!(calls.labels(), ["fail", "complete"]);
    assert_eq!(calls.err_msg(), "saveFile:fail tempFilePath file not exist");
    let calls = call(&wx, "saveFile", &obj(&[])).await;
    assert_eq!(calls.err_msg(), "saveFile:fail parameter error: parameter.tempFilePath should be String instead of Undefined;");

    let calls = call(&wx, "getSavedFileList", &obj(&[])).await;
    assert_eq!(calls.err_msg(), "getSavedFileList:ok");
    assert_eq!(json(&get(&calls.result(), "fileList")), "[]");

    let unknown = obj(&[("filePath", "wxfile://store_nothing".into())]);
    assert_eq!(
        call(&wx, "getSavedFileInfo", &unknown).await.err_msg(),
        "getSavedFileInfo:fail file not exist"
    );
    assert_eq!(
        call(&wx, "removeSavedFile", &unknown).await.err_msg(),
        "removeSavedFile:fail file not exist"
    );

    let document =
        call(&wx, "openDocument", &obj(&[("filePath", "wxfile://tmp_nothing.pdf".into())])).await;
    assert_eq!(document.err_msg(), "openDocument:fail file not exist");
}

#[wasm_bindgen_test]
async fn image_and_video_options_are_checked_before_anything_opens() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "chooseImage", &obj(&[("sizeType", "compressed".into())])).await;
    assert_eq!(
        calls.err_msg(),
        "chooseImage:fail parameter error: parameter.sizeType should be Array instead of String;"
    );
    let calls = call(&wx, "previewImage", &obj(&[("current", "a.png".into())])).await;
    assert_eq!(
        calls.err_msg(),
        "previewImage:fail parameter error: parameter.urls should be Array instead of Undefined;"
    );
    let calls =
        call(&wx, "getImageInfo", &obj(&[("src", "wxfile://tmp_missing.png".into())])).await;
    assert_eq!(calls.err_msg(), "getImageInfo:fail file not found");
    let calls = call(&wx, "chooseVideo", &obj(&[("maxDuration", "long".into())])).await;
    assert_eq!(calls.err_msg(), "chooseVideo:fail parameter error: parameter.maxDuration should be Number instead of String;");
}
