//! The `Content-Type` of a served file, by its extension: the web's own types, and the
//! mini program's sources (WXML, WXSS, WXS), which the runtime fetches and reads as text.

use std::path::Path;

/// The `Content-Type` for a file name, by its extension.
pub fn content_type(name: &str) -> &'static str {
    let extension = Path::new(name)
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("wasm") => "application/wasm",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wxml" | "wxss" | "wxs") => "text/plain; charset=utf-8",
        _ => mime_guess::from_path(name).first_raw().unwrap_or("application/octet-stream"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(content_type("pkg/wxweb_bg.wasm"), "application/wasm");
        assert_eq!(content_type("a.JS"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("a.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("a.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("app.json"), "application/json");
        assert_eq!(content_type("a.wxss"), "text/plain; charset=utf-8");
        assert_eq!(content_type("a.wxs"), "text/plain; charset=utf-8");
        assert_eq!(content_type("logo.png"), "image/png");
        assert_eq!(content_type("icon.svg"), "image/svg+xml");
        assert_eq!(content_type("blob.unknownext"), "application/octet-stream");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
