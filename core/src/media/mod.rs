//! Media (媒体) without the browser: [`choice`] (chooseImage's and chooseVideo's
//! options), [`record_rules`] (startRecord), [`voice_machine`] (playVoice, pauseVoice,
//! stopVoice) and [`background_machine`] (the background audio player).

pub mod background_machine;
pub mod choice;
pub mod record_rules;
pub mod voice_machine;
