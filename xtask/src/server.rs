//! The `wxweb` server: `cargo xtask serve` runs it in the foreground; [`Server`] starts a
//! fresh instance on a free port for tests and benches, and kills it when dropped.

use std::io::{self, BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::cmd;
use crate::config::Project;
use crate::wasm;
use crate::Result;

/// How long a fresh server may take to print its URL.
const STARTUP: Duration = Duration::from_secs(30);

/// `cargo xtask serve ARGS…`: builds, then runs `wxweb serve ARGS…` in the caller's
/// directory (so a relative mini-program folder works).
pub fn serve(project: &Project, args: &[String]) -> Result {
    wasm::build(project, false)?;
    cmd::run(Command::new(project.server_bin()).arg("serve").args(args))
}

/// A `wxweb serve --port 0` child process; its later output is copied to our stdout.
pub struct Server {
    child: Child,
    url: String,
    output: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts the server and waits for its first line, `wxweb: serving … at URL`.
    pub fn start(project: &Project) -> Result<Server> {
        let mut command = project.command(project.server_bin());
        command.args(["serve", "--port", "0"]).stdin(Stdio::null()).stdout(Stdio::piped());
        println!("xtask: $ {} &", cmd::show(&command));
        let mut child =
            command.spawn().map_err(|e| format!("cannot run `{}`: {e}", cmd::show(&command)))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let (first_line, first_line_received) = mpsc::channel();
        let output = thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = first_line.send(line);
            let _ = io::copy(&mut reader, &mut io::stdout());
        });
        // From here on, dropping `server` (on any error below) kills the process.
        let mut server = Server { child, url: String::new(), output: Some(output) };
        let line = first_line_received
            .recv_timeout(STARTUP)
            .map_err(|_| format!("`wxweb serve` printed nothing within {}s", STARTUP.as_secs()))?;
        server.url = match parse_url(&line) {
            Some(url) => url.to_owned(),
            None if line.is_empty() => {
                return Err("`wxweb serve` exited before printing its URL".into())
            }
            None => return Err(format!("no URL in `wxweb serve`'s first line {line:?}")),
        };
        println!("xtask: server at {}", server.url);
        Ok(server)
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The pipe is closed now: this returns once the last output is copied.
        if let Some(output) = self.output.take() {
            let _ = output.join();
        }
    }
}

/// The URL in the server's first line, `wxweb: serving <what> at http://HOST:PORT/`.
fn parse_url(line: &str) -> Option<&str> {
    let rest = line.trim_end().strip_prefix("wxweb: serving ")?;
    let (_, url) = rest.rsplit_once(" at ")?;
    (url.starts_with("http://") || url.starts_with("https://")).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_url_in_the_first_line() {
        let line = "wxweb: serving the bundled demo at http://127.0.0.1:41577/\n";
        assert_eq!(parse_url(line), Some("http://127.0.0.1:41577/"));
        let line = "wxweb: serving /srv/my app at http://[::1]:8420/";
        assert_eq!(parse_url(line), Some("http://[::1]:8420/"));
    }

    #[test]
    fn rejects_other_lines() {
        assert_eq!(parse_url(""), None);
        assert_eq!(parse_url("error: address in use"), None);
        assert_eq!(parse_url("wxweb: serving demo at 127.0.0.1:8420"), None);
    }
}
