//! The rules of wx.startRecord, without the browser: the one-minute limit, the file
//! extension of what the browser's recorder makes, and the fail texts.

/// A recording ends by itself after one minute, with success (WeChat's limit).
pub const LIMIT_MS: u32 = 60_000;

/// The extension of a recording of MIME type `mime` (`audio/webm;codecs=opus` → `webm`).
/// WeChat's recordings were `.silk`; a browser records in its own container, named as it is.
pub fn extension(mime: &str) -> &'static str {
    let essence = mime.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match essence.as_str() {
        "audio/ogg" | "video/ogg" => "ogg",
        "audio/mp4" | "video/mp4" | "audio/x-m4a" => "m4a",
        "audio/mpeg" => "mp3",
        "audio/wav" | "audio/wave" | "audio/x-wav" => "wav",
        "audio/aac" => "aac",
        _ => "webm",
    }
}

/// The fail detail for getUserMedia's rejection named `name` (a DOMException name).
pub fn fail_detail(name: &str, message: &str) -> String {
    match name {
        "NotAllowedError" | "SecurityError" => "auth deny".into(),
        "NotFoundError" | "OverconstrainedError" => "no microphone".into(),
        "NotReadableError" | "AbortError" => format!("microphone not readable: {message}"),
        _ if message.is_empty() => name.into(),
        _ => format!("{name}: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_follow_the_container() {
        assert_eq!(extension("audio/webm;codecs=opus"), "webm");
        assert_eq!(extension("audio/ogg; codecs=opus"), "ogg");
        assert_eq!(extension("audio/mp4"), "m4a");
        assert_eq!(extension("Audio/WAV"), "wav");
        assert_eq!(extension(""), "webm");
    }

    #[test]
    fn fail_texts() {
        assert_eq!(fail_detail("NotAllowedError", "Permission denied"), "auth deny");
        assert_eq!(fail_detail("NotFoundError", "Requested device not found"), "no microphone");
        assert_eq!(fail_detail("NotReadableError", "busy"), "microphone not readable: busy");
        assert_eq!(fail_detail("TypeError", "bad"), "TypeError: bad");
        assert_eq!(fail_detail("Weird", ""), "Weird");
    }
}
