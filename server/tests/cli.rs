//! Runs the `wxweb` binary: the address line, a real HTTP request, and the failures.

mod common;

use std::path::Path;

use common::{run, Server};

fn assert_one_line(stderr: &[u8], expected: &str) {
    let stderr = String::from_utf8_lossy(stderr);
    assert_eq!(stderr, format!("{expected}\n"));
}

#[test]
fn serves_the_bundled_demo_and_refuses_a_busy_port() {
    let server = Server::start(&["--port", "0"]);
    let port = server.port().to_owned();
    assert_eq!(
        server.first_line(),
        format!("wxweb: serving the bundled demo at http://127.0.0.1:{port}/")
    );
    assert_ne!(port, "0");

    let response = server.raw("GET", "/__wxweb/health", &[]);
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(
        response.to_ascii_lowercase().contains("\r\ncache-control: no-cache\r\n"),
        "{response}"
    );
    assert!(response.ends_with("\r\n\r\nok"), "{response}");

    let second = run(&["--port", &port]);
    assert_eq!(second.status.code(), Some(1));
    assert_one_line(
        &second.stderr,
        &format!(
            "wxweb: cannot listen on 127.0.0.1:{port}: address already in use (try --port 0 for any free port)"
        ),
    );
    assert!(second.stdout.is_empty());
}

#[test]
fn prints_the_url_line_tools_parse() {
    let server = Server::start_until(&["--port", "0"], |line| line.starts_with("WXWEB_URL="));
    let port = server.port().to_owned();
    assert_eq!(server.lines.len(), 2, "{:?}", server.lines);
    assert_eq!(server.lines[1], format!("WXWEB_URL=http://127.0.0.1:{port}/"));
}

#[test]
fn serves_a_folder_and_nothing_outside_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir(&app).unwrap();
    std::fs::write(app.join("app.json"), r#"{"pages":["pages/index/index"]}"#).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET").unwrap();
    let app = app.to_str().unwrap();

    let server = Server::start(&[app, "--port", "0", "--host", "127.0.0.1"]);
    assert_eq!(
        server.first_line(),
        format!("wxweb: serving {app} at http://127.0.0.1:{}/", server.port())
    );

    let response = server.raw("GET", "/app/app.json", &[]);
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.ends_with(r#"{"pages":["pages/index/index"]}"#), "{response}");

    for path in ["/app/../secret.txt", "/app/%2e%2e/secret.txt", "/app/..%2Fsecret.txt"] {
        let response = server.raw("GET", path, &[]);
        assert!(response.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{path}: {response}");
        assert!(!response.contains("TOP-SECRET"), "{path}: {response}");
    }
}

#[test]
fn a_missing_folder_is_one_line_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let missing = missing.to_str().unwrap();
    let output = run(&[missing, "--port", "0"]);
    assert_eq!(output.status.code(), Some(2));
    assert_one_line(&output.stderr, &format!("wxweb: no such folder: {missing}"));
    assert!(output.stdout.is_empty());
}

#[test]
fn a_file_is_not_a_folder() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let file = file.to_str().unwrap();
    let output = run(&[file, "--port", "0"]);
    assert_eq!(output.status.code(), Some(2));
    assert_one_line(&output.stderr, &format!("wxweb: not a folder: {file}"));
}
