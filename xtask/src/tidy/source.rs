//! The rules of the house that a read of one file can check, for `cargo xtask tidy`: a
//! header on every file, no panicking call in the runtime's non-test code, no path that
//! leads outside the repository.

use std::path::Path;

use super::imports::strip_comments;

/// Calls that panic on bad input. A panic in wasm poisons the instance, so the runtime's
/// code outside tests returns a `fail` instead (`self.expect(…)`, a parser's own method,
/// is not `Option::expect`).
const PANICKING: [&str; 9] = [
    ".unwrap()",
    ".expect(",
    "panic!(",
    "unreachable!(",
    "todo!(",
    "unimplemented!(",
    "assert!(",
    "assert_eq!(",
    "assert_ne!(",
];

/// Paths that lead outside the repository: a sibling checkout, a home, the machine's
/// own folders. Code and tests must run from any clone anywhere.
const OUTSIDE_PATHS: [&str; 4] = ["../shared", "/work/", "/root/", "/home/"];

/// A problem found in one file, for the report.
#[derive(Debug, PartialEq)]
pub struct Finding {
    pub line: usize,
    pub message: String,
}

/// A Rust file opens with `//!`: what the module is for.
pub fn rust_header(text: &str) -> Option<Finding> {
    let first = text.lines().map(str::trim).find(|line| !line.is_empty());
    match first {
        Some(line) if line.starts_with("//!") => None,
        _ => Some(Finding {
            line: 1,
            message: "no `//!` header saying what this module is for".into(),
        }),
    }
}

/// Our JavaScript opens with a `//` or `/**` comment saying what the file is for.
pub fn js_header(text: &str) -> Option<Finding> {
    let first = text.lines().map(str::trim).find(|line| !line.is_empty());
    match first {
        Some(line) if line.starts_with("//") || line.starts_with("/*") => None,
        _ => Some(Finding {
            line: 1,
            message: "no header comment saying what this file is for".into(),
        }),
    }
}

/// Panicking calls in the non-test part of a runtime file: everything before its first
/// `#[cfg(test)]` line, comments and string contents left out.
pub fn panicking_calls(text: &str) -> Vec<Finding> {
    let code = strip_comments(text);
    code.lines()
        .enumerate()
        .take_while(|(_, line)| line.trim() != "#[cfg(test)]")
        .flat_map(|(index, line)| {
            PANICKING
                .iter()
                .filter(move |call| {
                    line.match_indices(*call).any(|(at, _)| {
                        let before = &line[..at];
                        let is_parser_method = **call == ".expect(" && before.ends_with("self");
                        let is_debug = call.starts_with("assert") && before.ends_with("debug_");
                        let is_part_of_name = call.starts_with(|c: char| c.is_alphabetic())
                            && before.ends_with(|c: char| c.is_alphanumeric() || c == '_');
                        !(is_parser_method || is_debug || is_part_of_name)
                    })
                })
                .map(move |call| Finding {
                    line: index + 1,
                    message: format!(
                        "`{}` outside tests: return a fail (a panic poisons the wasm instance)",
                        call.trim_end_matches('(')
                    ),
                })
        })
        .collect()
}

/// Paths in `text` that lead outside the repository.
pub fn outside_paths(text: &str) -> Vec<Finding> {
    text.lines()
        .enumerate()
        .flat_map(|(index, line)| {
            OUTSIDE_PATHS.iter().filter(|path| line.contains(*path)).map(move |path| Finding {
                line: index + 1,
                message: format!(
                    "`{path}` leads outside the repository: code and tests must run from any clone"
                ),
            })
        })
        .collect()
}

/// Whether `path` (relative to the repository) holds test code, where panics are fine.
pub fn is_test_file(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == "tests.rs")
        || path.components().any(|part| part.as_os_str() == "tests")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert!(rust_header("//! The page stack.\nuse x;").is_none());
        assert!(rust_header("\n//! After a blank line.").is_none());
        assert!(rust_header("/// An item doc.\nfn f() {}").is_some());
        assert!(rust_header("").is_some());
        assert!(js_header("// The console panel.\nexport {}").is_none());
        assert!(js_header("/** Boots. */").is_none());
        assert!(js_header("Page({})").is_some());
    }

    #[test]
    fn panicking_calls_outside_tests_are_found() {
        let text = "fn f(x: Option<u8>) -> u8 {\n    x.unwrap()\n}\n\
                    fn g(&self) { self.expect(\":\")?; debug_assert!(true); }\n\
                    // x.unwrap() in a comment\n\
                    const M: &str = \"panic!(\";\n\
                    fn h() { my_assert!(1); v.expect(\"set\"); assert!(ok); }\n\
                    #[cfg(test)]\nmod tests { fn t() { None::<u8>.unwrap(); } }";
        let found: Vec<(usize, String)> =
            panicking_calls(text).into_iter().map(|f| (f.line, f.message)).collect();
        let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 7, 7], "{found:?}");
        assert!(found[0].1.starts_with("`.unwrap()` outside tests"));
        assert!(found[1].1.starts_with("`.expect` outside tests"));
        assert!(found[2].1.starts_with("`assert!` outside tests"));
    }

    #[test]
    fn outside_paths_are_found() {
        let found = outside_paths("const A = 'ok';\nnew URL('../../../shared/spec/x.md');\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert!(outside_paths("let dir = project.root.join(\"tests/e2e\");").is_empty());
    }

    #[test]
    fn test_files() {
        assert!(is_test_file(Path::new("src/api/ui/canvas/tests.rs")));
        assert!(is_test_file(Path::new("server/tests/security.rs")));
        assert!(!is_test_file(Path::new("src/app/page.rs")));
    }
}
