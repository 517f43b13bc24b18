//! Runs the `wxweb` binary: the address line, a real HTTP request, and the failures.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_wxweb");

/// A running server, killed when dropped (also when a test fails).
struct Server {
    child: Child,
    first_line: String,
}

impl Server {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(BIN)
            .arg("serve")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, receive) = mpsc::channel();
        thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = send.send(line);
        });
        let mut server = Self { child, first_line: String::new() };
        server.first_line = receive.recv_timeout(Duration::from_secs(20)).unwrap();
        server
    }

    /// The `http://…/` URL of the first line, which must be the whole rest of that line.
    fn url(&self) -> &str {
        let (_, url) = self.first_line.trim_end().split_once(" at ").unwrap();
        url
    }

    /// `host:port`, from the URL.
    fn address(&self) -> &str {
        self.url().strip_prefix("http://").unwrap().strip_suffix('/').unwrap()
    }

    fn port(&self) -> &str {
        self.address().rsplit_once(':').unwrap().1
    }

    /// The raw HTTP/1.1 response to `GET path`.
    fn get(&self, path: &str) -> String {
        let mut stream = TcpStream::connect(self.address()).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).arg("serve").args(args).output().unwrap()
}

fn assert_one_line(stderr: &[u8], expected: &str) {
    let stderr = String::from_utf8_lossy(stderr);
    assert_eq!(stderr, format!("{expected}\n"));
}

#[test]
fn serves_the_bundled_demo_and_refuses_a_busy_port() {
    let server = Server::start(&["--port", "0"]);
    let port = server.port().to_owned();
    assert_eq!(
        server.first_line,
        format!("wxweb: serving the bundled demo at http://127.0.0.1:{port}/\n")
    );
    assert_ne!(port, "0");

    let response = server.get("/__wxweb/health");
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
fn serves_a_folder_and_nothing_outside_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir(&app).unwrap();
    std::fs::write(app.join("app.json"), r#"{"pages":["pages/index/index"]}"#).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET").unwrap();
    let app = app.to_str().unwrap();

    let server = Server::start(&[app, "--port", "0", "--host", "127.0.0.1"]);
    assert_eq!(
        server.first_line,
        format!("wxweb: serving {app} at http://127.0.0.1:{}/\n", server.port())
    );

    let response = server.get("/app/app.json");
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.ends_with(r#"{"pages":["pages/index/index"]}"#), "{response}");

    for path in ["/app/../secret.txt", "/app/%2e%2e/secret.txt", "/app/..%2Fsecret.txt"] {
        let response = server.get(path);
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
