//! A small HTTP forward proxy between Chromium and the wasm-bindgen test runner's page
//! server, used by `cargo xtask test`'s wasm stage.
//!
//! The runner serves the test page with tiny_http 0.12. Its thread pool can lose a
//! connection when several arrive at once (two hand-offs may count on the same idle
//! thread), and with keep-alive every other thread stays busy reading its own idle
//! connection, so the lost one is never served: the page stays at "Loading scripts…"
//! until chromedriver gives up after five minutes. It happens as soon as the page loads
//! more than about four modules in parallel. Through this proxy every request reaches
//! the runner on a fresh connection that closes after its response, so each pool thread
//! is freed at once and a queued connection is always picked up.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

/// How long one exchange may stall before the proxy drops it.
const IDLE: Duration = Duration::from_secs(120);

/// A running proxy on a free loopback port; it lives as long as the xtask.
pub struct Proxy {
    port: u16,
}

impl Proxy {
    pub fn start() -> io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                thread::spawn(move || {
                    let _ = forward(client);
                });
            }
        });
        Ok(Proxy { port })
    }

    /// The value for Chromium's `--proxy-server`.
    pub fn address(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// Serves one request from `client` (absolute-form, as browsers send to a proxy) through
/// a new connection to its origin, then closes both.
fn forward(client: TcpStream) -> io::Result<()> {
    client.set_read_timeout(Some(IDLE))?;
    let mut reader = BufReader::new(client.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut words = line.split_whitespace();
    let (Some(method), Some(target)) = (words.next(), words.next()) else {
        return Ok(());
    };
    let Some((authority, path)) = split_target(target) else {
        return reply(&client, "400 Bad Request");
    };
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        let name = header.split(':').next().unwrap_or_default().trim().to_ascii_lowercase();
        if name == "content-length" {
            length = header.split_once(':').and_then(|(_, v)| v.trim().parse().ok()).unwrap_or(0);
        }
        if !matches!(name.as_str(), "connection" | "proxy-connection" | "keep-alive") {
            head.push_str(&header);
        }
    }
    head.push_str("Connection: close\r\n\r\n");
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;

    let Ok(mut origin) = TcpStream::connect(authority) else {
        return reply(&client, "502 Bad Gateway");
    };
    origin.set_read_timeout(Some(IDLE))?;
    origin.write_all(head.as_bytes())?;
    origin.write_all(&body)?;
    io::copy(&mut origin, &mut &client)?;
    client.shutdown(Shutdown::Both)
}

/// `http://host:port/path?query` → (`host:port`, `/path?query`).
fn split_target(target: &str) -> Option<(&str, String)> {
    let rest = target.strip_prefix("http://")?;
    Some(match rest.find('/') {
        Some(slash) => (&rest[..slash], rest[slash..].to_owned()),
        None => (rest, "/".to_owned()),
    })
}

fn reply(mut client: &TcpStream, status: &str) -> io::Result<()> {
    write!(client, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_split_into_authority_and_path() {
        assert_eq!(
            split_target("http://127.0.0.1:8000/run.js?x=1"),
            Some(("127.0.0.1:8000", "/run.js?x=1".into()))
        );
        assert_eq!(split_target("http://127.0.0.1:8000"), Some(("127.0.0.1:8000", "/".into())));
        assert_eq!(split_target("https://example.com/"), None);
    }

    #[test]
    fn a_request_goes_through_on_a_connection_that_closes() {
        let origin = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = origin.local_addr().unwrap();
        let server = thread::spawn(move || {
            let (mut stream, _) = origin.accept().unwrap();
            let mut request = Vec::new();
            let mut byte = [0; 1];
            while !request.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap() == 1 {
                request.push(byte[0]);
            }
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi").unwrap();
            String::from_utf8(request).unwrap()
        });
        let proxy = Proxy::start().unwrap();
        let mut client = TcpStream::connect(proxy.address().trim_start_matches("http://")).unwrap();
        write!(client, "GET http://{address}/run.js HTTP/1.1\r\nHost: {address}\r\nConnection: keep-alive\r\n\r\n").unwrap();
        let mut response = String::new();
        client.read_to_string(&mut response).unwrap();
        let request = server.join().unwrap();
        assert!(request.starts_with("GET /run.js HTTP/1.1\r\n"), "{request}");
        assert!(
            request.contains("Connection: close") && !request.contains("keep-alive"),
            "{request}"
        );
        assert!(response.ends_with("\r\n\r\nhi"), "{response}");
    }
}
