//! Paths of a mini program's own files, relative to its root (`pages/index/index.wxml`):
//! how `<import src>`, `<include src>` and WXSS `@import` name other files. Pure code.

/// Resolves `spec` as written in the file `from`: absolute (`/common/a.wxml`) from the
/// root, otherwise relative to `from`'s folder (`../x.wxml`, `./x.wxml`, `x.wxml`).
/// `None` when it is empty or climbs above the root.
pub fn join(from: &str, spec: &str) -> Option<String> {
    let spec = spec.trim();
    if spec.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    if !spec.starts_with('/') {
        parts.extend(from.split('/').filter(|p| !p.is_empty()));
        parts.pop(); // the file name of `from`
    }
    for part in spec.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `path` with `extension` (without the dot) added unless it already ends with it.
pub fn with_extension(path: String, extension: &str) -> String {
    let dotted = format!(".{extension}");
    if path.ends_with(&dotted) {
        path
    } else {
        path + &dotted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_and_absolute() {
        let from = "pages/index/index.wxml";
        assert_eq!(join(from, "a.wxml").as_deref(), Some("pages/index/a.wxml"));
        assert_eq!(join(from, "./a.wxml").as_deref(), Some("pages/index/a.wxml"));
        assert_eq!(join(from, "../common/a.wxml").as_deref(), Some("pages/common/a.wxml"));
        assert_eq!(join(from, "/common/a.wxml").as_deref(), Some("common/a.wxml"));
        assert_eq!(join("app.wxss", "common.wxss").as_deref(), Some("common.wxss"));
    }

    #[test]
    fn refuses_escapes_and_empty() {
        assert_eq!(join("pages/a.wxml", "../../x.wxml"), None);
        assert_eq!(join("pages/a.wxml", ""), None);
        assert_eq!(join("pages/a.wxml", "/"), None);
    }

    #[test]
    fn adds_missing_extension() {
        assert_eq!(with_extension("a/b".into(), "wxml"), "a/b.wxml");
        assert_eq!(with_extension("a/b.wxml".into(), "wxml"), "a/b.wxml");
    }
}
