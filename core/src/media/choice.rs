//! The options of chooseImage and chooseVideo, decided without the browser: how many
//! images, whether to compress, where to take them from, and extensions for the
//! temporary files. Pure.

/// chooseImage's default and largest `count`.
pub const MAX_IMAGES: u32 = 9;

/// Where a chosen file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The file picker (which on phones also offers the camera).
    Any,
    /// The camera only.
    Camera,
    /// The album (file picker) only.
    Album,
}

/// `count`: 1 to 9, default 9. Fractions round down; out-of-range values are clamped.
pub fn image_count(count: Option<f64>) -> u32 {
    match count {
        Some(count) if count.is_finite() => (count.floor().max(1.0) as u32).min(MAX_IMAGES),
        _ => MAX_IMAGES,
    }
}

/// Whether chosen images are re-encoded smaller: only when `sizeType` asks for
/// `compressed` and not `original` (with both, the default, the person would pick in
/// WeChat; wxweb keeps the original).
pub fn compressed(size_type: &[String]) -> bool {
    size_type.iter().any(|s| s == "compressed") && !size_type.iter().any(|s| s == "original")
}

/// The source from `sourceType` (default both): camera only, album only, or either.
pub fn source(source_type: &[String]) -> Source {
    let camera = source_type.iter().any(|s| s == "camera");
    let album = source_type.iter().any(|s| s == "album");
    match (album, camera) {
        (false, true) => Source::Camera,
        (true, false) => Source::Album,
        _ => Source::Any,
    }
}

/// The `capture` attribute for chooseVideo's `camera` option, given as a string
/// (`'front'`, the typings) or as the seed's array (`['front', 'back']`): `user` when
/// the front camera is the only one named, `environment` otherwise (the back camera,
/// WeChat's default when both are allowed).
pub fn facing(camera: &[String]) -> &'static str {
    if !camera.is_empty() && camera.iter().all(|c| c == "front") {
        "user"
    } else {
        "environment"
    }
}

/// The extension for a temporary file of MIME type `mime` (`image/jpeg` → `jpg`);
/// `None` for types without a well-known one.
pub fn extension(mime: &str) -> Option<&'static str> {
    let mime = mime.split(';').next().unwrap_or(mime).trim();
    Some(match mime {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/bmp" => "bmp",
        "image/svg+xml" => "svg",
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        "video/quicktime" => "mov",
        "video/ogg" => "ogv",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn count_defaults_to_nine_and_stays_between_one_and_nine() {
        assert_eq!(image_count(None), 9);
        assert_eq!(image_count(Some(3.0)), 3);
        assert_eq!(image_count(Some(2.7)), 2);
        assert_eq!(image_count(Some(0.0)), 1);
        assert_eq!(image_count(Some(-5.0)), 1);
        assert_eq!(image_count(Some(20.0)), 9);
        assert_eq!(image_count(Some(f64::NAN)), 9);
    }

    #[test]
    fn compresses_only_when_asked_for_compressed_alone() {
        assert!(compressed(&list(&["compressed"])));
        assert!(!compressed(&list(&["original", "compressed"])));
        assert!(!compressed(&list(&["original"])));
        assert!(!compressed(&list(&[])));
    }

    #[test]
    fn source_follows_source_type() {
        assert_eq!(source(&list(&["camera"])), Source::Camera);
        assert_eq!(source(&list(&["album"])), Source::Album);
        assert_eq!(source(&list(&["album", "camera"])), Source::Any);
        assert_eq!(source(&list(&[])), Source::Any);
    }

    #[test]
    fn video_camera_faces_the_back_unless_front() {
        assert_eq!(facing(&list(&["front"])), "user");
        assert_eq!(facing(&list(&["back"])), "environment");
        assert_eq!(facing(&[]), "environment");
        assert_eq!(facing(&list(&["front", "back"])), "environment");
        assert_eq!(facing(&list(&["back", "front"])), "environment");
    }

    #[test]
    fn extensions_from_mime_types() {
        assert_eq!(extension("image/jpeg"), Some("jpg"));
        assert_eq!(extension("video/webm;codecs=vp8"), Some("webm"));
        assert_eq!(extension("application/x-unknown"), None);
        assert_eq!(extension(""), None);
    }
}
