//! project.config.json as the page gets it: without `appsecret`, wxweb's field for its
//! login server (WeChat keeps the secret in its admin console). Read whole and rewritten,
//! so it never goes through a file server, which would send the file as it is.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// Whether a file is a project.config.json (by its last name, in any case: some file
/// systems ignore case).
pub fn is_project_config(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|name| name.eq_ignore_ascii_case("project.config.json"))
}

/// The config without `appsecret` (in any case), pretty-printed; `None` if not JSON.
fn without_secret(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut config = serde_json::from_slice::<serde_json::Value>(bytes).ok()?;
    if let Some(fields) = config.as_object_mut() {
        fields.retain(|key, _| !key.eq_ignore_ascii_case("appsecret"));
    }
    serde_json::to_vec_pretty(&config).ok()
}

/// The response for a project.config.json of `bytes`: 422 if it is not JSON (not served).
pub fn response(bytes: &[u8]) -> Response {
    match without_secret(bytes) {
        Some(text) => ([(header::CONTENT_TYPE, "application/json")], text).into_response(),
        None => (StatusCode::UNPROCESSABLE_ENTITY, "project.config.json is not valid JSON\n")
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_configs_by_their_last_name_in_any_case() {
        assert!(is_project_config("project.config.json"));
        assert!(is_project_config("sub/PROJECT.CONFIG.JSON"));
        assert!(!is_project_config("project.config.json.bak"));
        assert!(!is_project_config("project.private.config.json"));
    }

    #[test]
    fn the_secret_is_dropped_in_any_case_and_the_rest_kept() {
        let text = without_secret(br#"{"appid": "wx1", "appsecret": "S1", "AppSecret": "S2"}"#);
        let config: serde_json::Value = serde_json::from_slice(&text.unwrap()).unwrap();
        assert_eq!(config, serde_json::json!({"appid": "wx1"}));
        assert_eq!(without_secret(b"[1]").as_deref(), Some(&b"[\n  1\n]"[..]));
        assert_eq!(without_secret(b"{\"appsecret\": "), None);
    }
}
