//! Counting tests from their runners' output: cargo's (and wasm-bindgen-test-runner's)
//! `test result: ok. N passed; M failed; …` lines, one per test binary, which add up; and
//! node's TAP summary `# pass N` / `# fail M` / `# cancelled K`, where the last of each wins
//! (a test's own output appears earlier as `# …` lines, so only the final summary counts).

use std::fmt;
use std::ops::AddAssign;

/// Passed and failed test counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

impl Counts {
    pub fn total(self) -> u64 {
        self.passed + self.failed
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// `N passed, M failed`: the form of `cargo xtask test`'s last line.
impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)
    }
}

/// Counts from one command's output, fed line by line.
#[derive(Debug, Default)]
pub struct Tally {
    cargo: Counts,
    node_pass: Option<u64>,
    node_fail: Option<u64>,
    node_cancelled: Option<u64>,
}

impl Tally {
    pub fn feed(&mut self, line: &str) {
        let line = strip_ansi(line);
        if let Some(counts) = cargo_result(&line) {
            self.cargo += counts;
        } else if let Some((key, n)) = node_summary(&line) {
            match key {
                "pass" => self.node_pass = Some(n),
                "fail" => self.node_fail = Some(n),
                _ => self.node_cancelled = Some(n),
            }
        }
    }

    /// Cancelled node tests (timeouts, a failed parent) count as failed.
    pub fn counts(&self) -> Counts {
        let mut counts = self.cargo;
        counts += Counts {
            passed: self.node_pass.unwrap_or(0),
            failed: self.node_fail.unwrap_or(0) + self.node_cancelled.unwrap_or(0),
        };
        counts
    }
}

/// `test result: FAILED. 2 passed; 1 failed; 0 ignored; …` → 2 passed, 1 failed.
fn cargo_result(line: &str) -> Option<Counts> {
    let rest = line.trim_start().strip_prefix("test result: ")?;
    let (_, rest) = rest.split_once(". ")?;
    let (mut passed, mut failed) = (None, None);
    for part in rest.split(';') {
        match part.split_whitespace().collect::<Vec<_>>().as_slice() {
            [n, "passed"] => passed = n.parse().ok(),
            [n, "failed"] => failed = n.parse().ok(),
            _ => {}
        }
    }
    Some(Counts { passed: passed?, failed: failed? })
}

/// `# pass 4` → ("pass", 4); likewise `# fail` and `# cancelled`. Only unindented lines:
/// nested TAP (subtests) is indented.
fn node_summary(line: &str) -> Option<(&str, u64)> {
    let (key, n) = line.strip_prefix("# ")?.split_once(' ')?;
    let key = ["pass", "fail", "cancelled"].into_iter().find(|k| *k == key)?;
    Some((key, n.trim().parse().ok()?))
}

/// Removes terminal colour codes (`ESC [ … letter`).
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(output: &str) -> Counts {
        let mut tally = Tally::default();
        output.lines().for_each(|line| tally.feed(line));
        tally.counts()
    }

    const CARGO: &str = "\
   Compiling xtask v0.1.0 (/srv/wxweb/xtask)
    Finished `test` profile [unoptimized + debuginfo] target(s) in 2.81s
     Running unittests src/main.rs (target/debug/deps/xtask-0b3c8f6c0a0d1e2f)

running 3 tests
test summary::tests::a ... ok
test summary::tests::b ... FAILED
test summary::tests::c ... ok

failures:

---- summary::tests::b stdout ----
test result: this line is a test's own output and is not counted

failures:
    summary::tests::b

test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s

     Running tests/api.rs (target/debug/deps/api-5f6e7d8c9b0a1f2e)

running 4 tests
test result: ok. 4 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

   Doc-tests wxweb

running 0 tests

test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";

    #[test]
    fn adds_up_cargo_test_results() {
        assert_eq!(tally(CARGO), Counts { passed: 6, failed: 1 });
    }

    #[test]
    fn reads_wasm_bindgen_test_runner_results() {
        let output = "\
Running headless tests in Chrome on `http://127.0.0.1:39043/`
Try find `webdriver.json` for configure browser's capabilities:
Ok
running 5 tests

test storage::set_then_get ... ok

test result: ok. 5 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.21s
";
        assert_eq!(tally(output), Counts { passed: 5, failed: 0 });
    }

    #[test]
    fn strips_colours() {
        let line = "test result: \u{1b}[31mFAILED\u{1b}[0m. 3 passed; 2 failed; 0 ignored";
        assert_eq!(tally(line), Counts { passed: 3, failed: 2 });
    }

    const NODE: &str = "\
TAP version 13
# Subtest: opens the demo
ok 1 - opens the demo
  ---
  duration_ms: 1.023657
  ...
# \\# pass 99
# pass 42
# Subtest: slow
not ok 2 - slow
  ---
  failureType: 'testTimeoutFailure'
  ...
# Subtest: parent
    # Subtest: child ok
    ok 1 - child ok
    1..1
    # pass 1
ok 3 - parent
1..3
# tests 6
# suites 0
# pass 4
# fail 1
# cancelled 1
# skipped 0
# todo 0
# duration_ms 1173.474836
";

    #[test]
    fn reads_the_final_node_tap_summary() {
        // `# pass 42` is a test's console.log; the real summary comes last.
        assert_eq!(tally(NODE), Counts { passed: 4, failed: 2 });
    }

    #[test]
    fn no_results_means_no_tests() {
        assert_eq!(
            tally("error[E0425]: cannot find value `x`\nerror: could not compile `wxweb`"),
            Counts::default()
        );
        assert_eq!(tally("no tests to run!"), Counts::default());
    }

    #[test]
    fn the_last_line_format() {
        let mut total = Counts { passed: 6, failed: 1 };
        total += Counts { passed: 4, failed: 2 };
        assert_eq!(total.to_string(), "10 passed, 3 failed");
        assert_eq!(total.total(), 13);
    }
}
