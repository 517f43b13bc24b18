//! Media (媒体): recording (startRecord, stopRecord), voice (playVoice, pauseVoice,
//! stopVoice), background audio (playBackgroundAudio and its family), and the audio
//! and video contexts (createAudioContext, createVideoContext). The rules live in the
//! pure `*_machine` and `record_rules` modules; the rest is the browser layer.

mod background_audio;
pub mod background_machine;
mod context;
mod pending;
mod record;
pub mod record_rules;
mod voice;
pub mod voice_machine;

use std::rc::Rc;

use crate::app::runtime::Runtime;
use crate::bridge::WxObject;
use crate::platform::files::Files;

/// Adds the media APIs that need no running app; their files come from `files`.
pub fn install(wx: &WxObject, files: &Files) {
    record::install(wx, files);
    voice::install(wx, files);
    background_audio::install(wx, files);
}

/// Adds the APIs that act on the current page's components: the audio and video contexts.
pub fn install_for_pages(wx: &WxObject, runtime: &Rc<Runtime>) {
    context::install(wx, runtime);
}
