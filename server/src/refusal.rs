//! The answers when a requested file is not served: 404 when there is none (folders are
//! never listed), 403 when the path leaves the served folder or names a hidden file.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Nothing there, or a folder.
pub fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

/// Outside the served folder, or a hidden name.
pub fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "forbidden: outside the served folder, or a hidden file (.git, .env, …)\n",
    )
        .into_response()
}
