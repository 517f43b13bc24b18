//! The one way the integration tests start `wxweb serve` and talk to it over HTTP/1.1:
//! a child process on the port it prints, its stdout lines, raw requests on fresh
//! connections. `WXWEB_SERVER_BIN` runs the tests against another build (e.g. one of an
//! older commit, to see a test fail there).

// Each test file is its own crate and uses a part of this module.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

/// How long the server may take to print a line.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// The `wxweb` binary under test.
pub fn bin() -> String {
    std::env::var("WXWEB_SERVER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_wxweb").to_owned())
}

/// `wxweb serve ARGS…` run to its end (for the ways it refuses to start).
pub fn run(args: &[&str]) -> Output {
    Command::new(bin()).arg("serve").args(args).output().unwrap()
}

/// A running `wxweb serve`, killed when dropped (also when a test fails).
pub struct Server {
    child: Child,
    /// What it printed so far, one entry a line; the first names its URL.
    pub lines: Vec<String>,
    stdout: Receiver<String>,
}

impl Server {
    /// Starts `wxweb serve ARGS…` and waits for its first line.
    pub fn start(args: &[&str]) -> Server {
        Server::start_until(args, |_| true)
    }

    /// Starts `wxweb serve ARGS…` and keeps its lines up to the first that `last` accepts
    /// (all it printed if it stops or stays silent before).
    pub fn start_until(args: &[&str], last: impl Fn(&str) -> bool) -> Server {
        let mut child = Command::new(bin())
            .arg("serve")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, receive) = mpsc::channel();
        // Read to the end, so that the server never blocks on a full pipe.
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        let mut server = Server { child, lines: Vec::new(), stdout: receive };
        while let Ok(line) = server.stdout.recv_timeout(START_TIMEOUT) {
            let done = last(&line);
            server.lines.push(line);
            if done {
                break;
            }
        }
        server
    }

    /// The first line.
    pub fn first_line(&self) -> &str {
        self.lines.first().map_or("", String::as_str)
    }

    /// The URL the first line ends with (`… at http://127.0.0.1:PORT/`).
    pub fn url(&self) -> &str {
        self.first_line().rsplit_once(" at ").unwrap().1
    }

    /// `host:port` of a plain HTTP URL.
    pub fn address(&self) -> &str {
        self.url().strip_prefix("http://").unwrap().trim_end_matches('/')
    }

    pub fn port(&self) -> &str {
        self.address().rsplit_once(':').unwrap().1
    }

    /// `http://host:port`, the server's origin.
    pub fn origin(&self) -> String {
        format!("http://{}", self.address())
    }

    /// The raw response to `METHOD path` with `headers` on a new connection (Host is the
    /// server's address unless given).
    pub fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> String {
        let mut stream = TcpStream::connect(self.address()).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut text = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("host")) {
            text += &format!("Host: {}\r\n", self.address());
        }
        for (name, value) in headers {
            text += &format!("{name}: {value}\r\n");
        }
        if method == "POST" {
            text += "Content-Length: 0\r\n";
        }
        text += "\r\n";
        stream.write_all(text.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        String::from_utf8_lossy(&response).into_owned()
    }

    /// As [`Server::raw`]: the status, the head in lower case, and the body.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
    ) -> (u16, String, String) {
        let response = self.raw(method, path, headers);
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let status = head.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
        (status, head.to_ascii_lowercase(), body.to_owned())
    }

    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> (u16, String, String) {
        self.request("GET", path, headers)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
