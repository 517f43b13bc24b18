//! The media APIs' answers that need no sound: parameter errors, unknown files, and the
//! players' idle state, in headless Chromium. Recording and playback: tests/e2e/media.test.mjs.

mod common;

use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn play_voice_needs_a_file_of_this_wx() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "playVoice", &obj(&[])).await;
    assert_eq!(calls.labels(), ["fail", "complete"]);
    assert_eq!(
        calls.err_msg(),
        "playVoice:fail parameter error: parameter.filePath should be String instead of Undefined;"
    );
    let calls = call(&wx, "playVoice", &obj(&[("filePath", "wxfile://tmp_0123.wav".into())])).await;
    assert_eq!(calls.err_msg(), "playVoice:fail file not found");
    let calls =
        call(&wx, "playVoice", &obj(&[("filePath", "https://example.com/a.mp3".into())])).await;
    assert_eq!(calls.err_msg(), "playVoice:fail file not found");
}

#[wasm_bindgen_test]
async fn pausing_and_stopping_nothing_succeeds() {
    let wx = fresh_wx().await;
    for name in
        ["pauseVoice", "stopVoice", "stopRecord", "pauseBackgroundAudio", "stopBackgroundAudio"]
    {
        let calls = call(&wx, name, &obj(&[])).await;
        assert_eq!(calls.labels(), ["success", "complete"], "{name}");
        assert_eq!(calls.err_msg(), format!("{name}:ok"));
    }
}

#[wasm_bindgen_test]
async fn no_background_track_at_first() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "getBackgroundAudioPlayerState", &obj(&[])).await;
    assert_eq!(
        json(&calls.result()),
        r#"{"status":2,"duration":0,"currentPosition":0,"downloadPercent":0,"dataUrl":"","errMsg":"getBackgroundAudioPlayerState:ok"}"#
    );
    let calls = call(&wx, "seekBackgroundAudio", &obj(&[("position", "30".into())])).await;
    assert_eq!(calls.err_msg(), "seekBackgroundAudio:fail parameter error: parameter.position should be Number instead of String;");
    let calls =
        call(&wx, "playBackgroundAudio", &obj(&[("dataUrl", "wxfile://tmp_0123.mp3".into())]))
            .await;
    assert_eq!(calls.err_msg(), "playBackgroundAudio:fail file not found");
    let calls = call(&wx, "playBackgroundAudio", &obj(&[("title", "t".into())])).await;
    assert_eq!(calls.err_msg(), "playBackgroundAudio:fail parameter error: parameter.dataUrl should be String instead of Undefined;");
}

#[wasm_bindgen_test]
async fn background_audio_listeners_must_be_functions() {
    let wx = fresh_wx().await;
    assert_eq!(
        thrown_message(&wx, "onBackgroundAudioPlay", &["no".into()]),
        "onBackgroundAudioPlay:fail parameter error: parameter.callback should be Function instead of String;"
    );
    assert!(call_sync(&wx, "onBackgroundAudioStop", &[js("() => {}")]).unwrap().is_undefined());
    assert!(call_sync(&wx, "onBackgroundAudioPause", &[JsValue::UNDEFINED]).is_err());
}
