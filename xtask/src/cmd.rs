//! Running commands: each is announced (`xtask: $ …`), then run with the terminal as its
//! output, or teed (streamed to the terminal and handed line by line to a parser);
//! version checks run silently through [`query`].

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use crate::Result;

/// How long to keep reading a teed command's output after it exited: its children may
/// still hold the pipes (a browser left behind must not hang the xtask).
const LINGER: Duration = Duration::from_secs(2);

/// Runs `command` with inherited stdio; an error unless it succeeds.
pub fn run(command: &mut Command) -> Result {
    let status = status(command)?;
    check(command, status)
}

/// Runs `command` with inherited stdio and returns how it exited.
pub fn status(command: &mut Command) -> Result<ExitStatus> {
    announce(command);
    command.status().map_err(|e| cannot_start(command, e))
}

/// An error naming `command` unless `status` is success.
pub fn check(command: &Command, status: ExitStatus) -> Result {
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", show(command)))
    }
}

/// Runs `command` silently: its stdout if it started and succeeded.
pub fn query(command: &mut Command) -> Option<String> {
    let output = command.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs `command`, copying its stdout and stderr to ours as they come and passing each
/// line (without its line ending) to `on_line`.
pub fn tee(command: &mut Command, mut on_line: impl FnMut(&str)) -> Result<ExitStatus> {
    announce(command);
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| cannot_start(command, e))?;
    let (sender, lines) = mpsc::channel();
    forward(child.stdout.take().expect("stdout is piped"), io::stdout, sender.clone());
    forward(child.stderr.take().expect("stderr is piped"), io::stderr, sender);
    let mut exited_at = None;
    loop {
        match lines.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => on_line(&line),
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {
                if child.try_wait().map_err(|e| e.to_string())?.is_none() {
                    continue;
                }
                if exited_at.get_or_insert_with(Instant::now).elapsed() > LINGER {
                    break;
                }
            }
        }
    }
    child.wait().map_err(|e| format!("`{}`: {e}", show(command)))
}

/// Copies `from` to the stream `to()` in a thread, sending each line to `lines`.
fn forward<W: Write + 'static>(
    from: impl Read + Send + 'static,
    to: fn() -> W,
    lines: Sender<String>,
) {
    thread::spawn(move || {
        let mut reader = BufReader::new(from);
        let mut line = Vec::new();
        while matches!(reader.read_until(b'\n', &mut line), Ok(n) if n > 0) {
            let mut out = to();
            let _ = out.write_all(&line).and_then(|()| out.flush());
            let text = String::from_utf8_lossy(&line);
            if lines.send(text.trim_end_matches(['\r', '\n']).to_owned()).is_err() {
                break;
            }
            line.clear();
        }
    });
}

fn announce(command: &Command) {
    println!("xtask: $ {}", show(command));
}

fn cannot_start(command: &Command, error: io::Error) -> String {
    format!("cannot run `{}`: {error}", show(command))
}

/// `command` as a shell line: explicit env vars, program and arguments, with paths
/// inside the command's working directory shown relative to it.
pub fn show(command: &Command) -> String {
    let base =
        command.get_current_dir().map(Path::to_path_buf).or_else(|| std::env::current_dir().ok());
    let word = |text: &std::ffi::OsStr| {
        let path = Path::new(text);
        let text = match base.as_deref().and_then(|base| path.strip_prefix(base).ok()) {
            Some(relative) if !relative.as_os_str().is_empty() => relative.to_string_lossy(),
            _ => text.to_string_lossy(),
        };
        quote(&text)
    };
    let envs = command
        .get_envs()
        .filter_map(|(key, value)| Some(format!("{}={}", key.to_string_lossy(), word(value?))));
    let program = program_name(Path::new(command.get_program()), base.as_deref());
    let words = std::iter::once(word(program)).chain(command.get_args().map(word));
    envs.chain(words).collect::<Vec<_>>().join(" ")
}

/// A program outside `base` given by absolute path (like `$CARGO`, deep in the
/// toolchain) shows as its file name.
fn program_name<'a>(program: &'a Path, base: Option<&Path>) -> &'a std::ffi::OsStr {
    match program.file_name() {
        Some(name)
            if program.is_absolute() && !base.is_some_and(|base| program.starts_with(base)) =>
        {
            name
        }
        _ => program.as_os_str(),
    }
}

fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,%^".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_commands_like_a_shell_line() {
        let mut command = Command::new("/srv/wxweb/tools/node_modules/.bin/wasm-opt");
        command
            .current_dir("/srv/wxweb")
            .args(["-Oz", "pkg/x.wasm", "a b", "it's"])
            .env("K", "/srv/wxweb/v");
        let shown = r"K=v tools/node_modules/.bin/wasm-opt -Oz pkg/x.wasm 'a b' 'it'\''s'";
        assert_eq!(show(&command), shown);
        let mut cargo = Command::new("/opt/rust/bin/cargo");
        cargo.arg("test").current_dir("/work");
        assert_eq!(show(&cargo), "cargo test");
    }

    #[test]
    fn tee_streams_and_collects_lines() {
        let mut lines = Vec::new();
        let mut command = Command::new("sh");
        command
            .args(["-c", "echo tee-test-out; echo tee-test-err >&2; printf tee-test-tail; exit 3"]);
        let status = tee(&mut command, |line| lines.push(line.to_owned())).unwrap();
        assert_eq!(status.code(), Some(3));
        lines.sort();
        assert_eq!(lines, ["tee-test-err", "tee-test-out", "tee-test-tail"]);
    }
}
