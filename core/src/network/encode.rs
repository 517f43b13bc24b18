//! WeChat's request encoding rules without the browser: methods, the query string that
//! GET data becomes, form bodies, and the extension of a downloaded temporary file.

/// A request method wx.request accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Options,
    Get,
    Head,
    Post,
    Put,
    Delete,
    Trace,
    Connect,
}

impl Method {
    /// Parses a method name, in any case (WeChat upper-cases it).
    pub fn parse(name: &str) -> Option<Method> {
        Some(match name.to_ascii_uppercase().as_str() {
            "OPTIONS" => Method::Options,
            "GET" => Method::Get,
            "HEAD" => Method::Head,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "DELETE" => Method::Delete,
            "TRACE" => Method::Trace,
            "CONNECT" => Method::Connect,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Options => "OPTIONS",
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Trace => "TRACE",
            Method::Connect => "CONNECT",
        }
    }

    /// Methods `fetch` refuses to send; they travel through the proxy as POST.
    pub fn needs_tunnel(self) -> bool {
        matches!(self, Method::Trace | Method::Connect)
    }

    /// Whether data goes in the query string (GET, HEAD) rather than the body.
    pub fn data_in_query(self) -> bool {
        matches!(self, Method::Get | Method::Head)
    }
}

/// `encodeURIComponent`.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `k1=v1&k2=v2`, each part percent-encoded.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .map(|(key, value)| format!("{}={}", encode_component(key), encode_component(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `url` with `query` added to its query string, before any `#fragment`.
pub fn append_query(url: &str, query: &str) -> String {
    if query.is_empty() {
        return url.to_owned();
    }
    let (base, fragment) = match url.find('#') {
        Some(at) => url.split_at(at),
        None => (url, ""),
    };
    let joiner = if !base.contains('?') {
        "?"
    } else if base.ends_with('?') || base.ends_with('&') {
        ""
    } else {
        "&"
    };
    format!("{base}{joiner}{query}{fragment}")
}

/// Whether a content type asks for a form-encoded body.
pub fn is_form(content_type: &str) -> bool {
    content_type.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded")
}

/// The extension a temporary file keeps, from the file name the server gives
/// (`Content-Disposition`), the URL's last path segment, or else the content type:
/// `wxfile://tmp_….pdf`.
pub fn file_extension(
    url_path: &str,
    disposition: Option<&str>,
    content_type: Option<&str>,
) -> Option<String> {
    let given = disposition.and_then(disposition_filename);
    let from_url = url_path.rsplit('/').next();
    for name in given.as_deref().into_iter().chain(from_url) {
        if let Some((_, ext)) = name.rsplit_once('.') {
            if (1..=5).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Some(ext.to_ascii_lowercase());
            }
        }
    }
    let mime = content_type?.split(';').next()?.trim().to_ascii_lowercase();
    let ext = match mime.as_str() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "audio/mpeg" => "mp3",
        "audio/mp4" | "audio/aac" => "m4a",
        "audio/wav" | "audio/x-wav" => "wav",
        "video/mp4" => "mp4",
        "application/pdf" => "pdf",
        "text/plain" => "txt",
        "application/json" => "json",
        _ => return None,
    };
    Some(ext.to_owned())
}

/// `filename="report.pdf"` (or unquoted) of a `Content-Disposition` header.
fn disposition_filename(disposition: &str) -> Option<String> {
    disposition.split(';').find_map(|part| {
        let value = part.trim().strip_prefix("filename=")?;
        Some(value.trim_matches('"').to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_parse_in_any_case_and_two_need_the_tunnel() {
        assert_eq!(Method::parse("get"), Some(Method::Get));
        assert_eq!(Method::parse("CONNECT").map(Method::as_str), Some("CONNECT"));
        assert_eq!(Method::parse("PATCH"), None);
        assert!(Method::Trace.needs_tunnel() && Method::Connect.needs_tunnel());
        assert!(!Method::Post.needs_tunnel());
        assert!(Method::Get.data_in_query() && !Method::Delete.data_in_query());
    }

    #[test]
    fn components_encode_like_encode_uri_component() {
        assert_eq!(encode_component("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(encode_component("-_.!~*'()"), "-_.!~*'()");
        assert_eq!(query_string([("x", ""), ("y", "1 2")]), "x=&y=1%202");
    }

    #[test]
    fn queries_join_existing_ones_and_keep_the_fragment() {
        assert_eq!(append_query("https://a.b/p", "x=1"), "https://a.b/p?x=1");
        assert_eq!(append_query("https://a.b/p?y=2", "x=1"), "https://a.b/p?y=2&x=1");
        assert_eq!(append_query("https://a.b/p?", "x=1"), "https://a.b/p?x=1");
        assert_eq!(append_query("https://a.b/p#top", "x=1"), "https://a.b/p?x=1#top");
        assert_eq!(append_query("https://a.b/p", ""), "https://a.b/p");
    }

    #[test]
    fn form_content_types() {
        assert!(is_form("application/x-www-form-urlencoded; charset=UTF-8"));
        assert!(is_form("Application/X-WWW-Form-Urlencoded"));
        assert!(!is_form("application/json"));
    }

    #[test]
    fn extensions_from_the_given_name_the_url_or_the_content_type() {
        assert_eq!(file_extension("/files/report.PDF", None, None).as_deref(), Some("pdf"));
        assert_eq!(file_extension("/audio/123", None, Some("audio/mpeg")).as_deref(), Some("mp3"));
        assert_eq!(file_extension("/x.tar.gz", None, None).as_deref(), Some("gz"));
        assert_eq!(file_extension("/a.b/c", None, Some("application/x-unknown")), None);
        assert_eq!(file_extension("/weird.ext!", None, None), None);
        let given = Some("attachment; filename=\"big.bin\"");
        assert_eq!(file_extension("/bytes/10", given, Some("image/png")).as_deref(), Some("bin"));
        assert_eq!(file_extension("/doc.pdf", Some("inline"), None).as_deref(), Some("pdf"));
    }
}
