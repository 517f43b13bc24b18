//! Code frames for errors in a mini program's files: the offending line with two lines
//! around it, each prefixed by its number, the offending one marked with `>`, and a caret
//! under the column, as the overlay, the console and `wxweb serve`'s terminal show them:
//!
//! ```text
//!   10 |   data: {
//! > 11 |     a: ,
//!      |        ^
//!   12 |   },
//! ```
//!
//! Columns are counted as the JS engine counts them (UTF-16 code units). Lines end at
//! `\n` (a `\r` before it is dropped). Pure code.

/// Lines shown before and after the offending one.
const AROUND: usize = 2;
/// Characters of a line shown at most; longer lines show a window around the column.
const WIDTH: usize = 100;

/// The code frame of `source` at the 1-based `line` and `column`; `None` when the line is
/// not in the source. Column 0 points at the line's start, a column past its end just
/// after it.
pub fn code_frame(source: &str, line: u32, column: u32) -> Option<String> {
    let lines: Vec<&str> =
        source.split('\n').map(|text| text.strip_suffix('\r').unwrap_or(text)).collect();
    let index = (line as usize).checked_sub(1).filter(|&i| i < lines.len())?;
    let target: Vec<char> = lines.get(index)?.chars().collect();
    let at = char_index(&target, column);
    // A long line shows a window of WIDTH characters holding the column; the lines
    // around it show the same window, so the code stays aligned.
    let start = if target.len() > WIDTH { at.saturating_sub(WIDTH / 2) } else { 0 };
    let first = index.saturating_sub(AROUND);
    // The empty "line" after a final newline shows only when the error is on it.
    let mut end = lines.len() - 1;
    if end > index && source.ends_with('\n') {
        end -= 1;
    }
    let last = (index + AROUND).min(end);
    let number_width = (last + 1).to_string().len();
    let mut out = String::new();
    for (i, text) in lines.iter().enumerate().take(last + 1).skip(first) {
        let chars: Vec<char> = text.chars().collect();
        let shown = window(&chars, start);
        let mark = if i == index { '>' } else { ' ' };
        let row = format!("{mark} {:>number_width$} | {shown}", i + 1);
        out.push_str(row.trim_end());
        out.push('\n');
        if i == index {
            let before = window(&chars[..at.min(chars.len())], start);
            let pad: String = before.chars().map(blank).collect();
            out.push_str(&format!("  {:number_width$} | {pad}^\n", ""));
        }
    }
    out.pop();
    Some(out)
}

/// The place just after the last character of `source` that is not white space: where
/// an error "at the end of the input" is shown, inside the file.
pub fn end_of_content(source: &str) -> (u32, u32) {
    let content = source.trim_end();
    let line = content.matches('\n').count() as u32 + 1;
    let last = content.rsplit('\n').next().unwrap_or_default();
    (line, last.trim_end_matches('\r').encode_utf16().count() as u32 + 1)
}

/// The 1-based line and column of a `JSON.parse` error in `source`, from the engine's
/// `message` (`… in JSON at position 20 (line 2 column 3)`, or only `at position 20`);
/// the end of the content for `Unexpected end of JSON input`.
pub fn json_error_position(source: &str, message: &str) -> Option<(u32, u32)> {
    if message.contains("end of JSON input") {
        return Some(end_of_content(source));
    }
    let after = |marker: &str| -> Option<u32> {
        let rest = &message[message.find(marker)? + marker.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    if let (Some(line), Some(column)) = (after("(line "), after(" column ")) {
        return Some((line, column));
    }
    let position = after("at position ")? as usize;
    let (mut line, mut column, mut units) = (1, 1, 0);
    for c in source.chars() {
        if units >= position {
            break;
        }
        units += c.len_utf16();
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += c.len_utf16() as u32;
        }
    }
    Some((line, column))
}

/// The index of the character at the 1-based UTF-16 `column` of `chars` (its length
/// when past the end; 0 for column 0).
fn char_index(chars: &[char], column: u32) -> usize {
    let mut units = 0;
    let wanted = column.saturating_sub(1) as usize;
    for (i, c) in chars.iter().enumerate() {
        if units >= wanted {
            return i;
        }
        units += c.len_utf16();
    }
    chars.len()
}

/// At most [`WIDTH`] characters of `chars` from `start`, with `…` where some are cut off.
fn window(chars: &[char], start: usize) -> String {
    let end = (start + WIDTH).min(chars.len());
    let mut shown = String::new();
    if start > 0 && !chars.is_empty() {
        shown.push('…');
    }
    shown.extend(chars.get(start.min(end)..end).unwrap_or_default());
    if end < chars.len() {
        shown.push('…');
    }
    shown
}

/// What stands under `c` in the caret line: a tab stays a tab (so tab stops agree), a
/// wide (East Asian) character takes two spaces, any other one.
fn blank(c: char) -> &'static str {
    match c {
        '\t' => "\t",
        c if is_wide(c) => "  ",
        _ => " ",
    }
}

/// Characters a monospace font shows two cells wide: CJK ideographs, kana, Hangul,
/// full-width forms and CJK punctuation.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::{code_frame, end_of_content, json_error_position};

    #[test]
    fn the_end_of_the_content() {
        assert_eq!(end_of_content("Page({\n  a: 1\n\n"), (2, 7));
        assert_eq!(end_of_content("x\r\n"), (1, 2));
        assert_eq!(end_of_content(""), (1, 1));
    }

    #[test]
    fn json_positions_from_the_engine_message() {
        let text = "{\n  \"a\": 1\n  \"b\": 2\n}";
        let chrome =
            "Expected ',' or '}' after property value in JSON at position 13 (line 3 column 3)";
        assert_eq!(json_error_position(text, chrome), Some((3, 3)));
        let older = "Unexpected string in JSON at position 13";
        assert_eq!(json_error_position(text, older), Some((3, 3)));
        assert_eq!(json_error_position("{\n", "Unexpected end of JSON input"), Some((1, 2)));
        assert_eq!(json_error_position("x", "Unexpected token 'x', \"x\" is not valid JSON"), None);
    }

    const PAGE: &str = "Page({\n  data: {\n    a: ,\n  },\n  onLoad() {}\n})\n";

    #[test]
    fn marks_the_line_and_the_column() {
        assert_eq!(
            code_frame(PAGE, 3, 8).as_deref(),
            Some(
                "  1 | Page({\n  2 |   data: {\n> 3 |     a: ,\n    |        ^\n  4 |   },\n  5 |   onLoad() {}"
            )
        );
    }

    #[test]
    fn numbers_align_to_the_widest() {
        let source: String = (1..=12).map(|i| format!("line {i}\n")).collect();
        assert_eq!(
            code_frame(&source, 10, 1).as_deref(),
            Some("   8 | line 8\n   9 | line 9\n> 10 | line 10\n     | ^\n  11 | line 11\n  12 | line 12")
        );
    }

    #[test]
    fn first_and_last_lines() {
        assert_eq!(code_frame("a\nb", 1, 1).as_deref(), Some("> 1 | a\n    | ^\n  2 | b"));
        assert_eq!(code_frame("a\nb", 2, 2).as_deref(), Some("  1 | a\n> 2 | b\n    |  ^"));
        // A file ending with a newline has an empty last line, which an error at the
        // very end points into.
        assert_eq!(code_frame("a {\n", 2, 1).as_deref(), Some("  1 | a {\n> 2 |\n    | ^"));
    }

    #[test]
    fn a_line_past_the_end_has_no_frame() {
        assert_eq!(code_frame("a\nb", 3, 1), None);
        assert_eq!(code_frame("a\nb", 0, 1), None);
        assert_eq!(code_frame("", 1, 1).as_deref(), Some("> 1 |\n    | ^"));
    }

    #[test]
    fn column_zero_and_past_the_end() {
        assert_eq!(code_frame("abc", 1, 0).as_deref(), Some("> 1 | abc\n    | ^"));
        assert_eq!(code_frame("abc", 1, 4).as_deref(), Some("> 1 | abc\n    |    ^"));
        assert_eq!(code_frame("abc", 1, 99).as_deref(), Some("> 1 | abc\n    |    ^"));
    }

    #[test]
    fn crlf_lines() {
        assert_eq!(
            code_frame("a\r\nbc\r\nd\r\n", 2, 2).as_deref(),
            Some("  1 | a\n> 2 | bc\n    |  ^\n  3 | d")
        );
    }

    #[test]
    fn tabs_stay_tabs_under_the_caret() {
        assert_eq!(code_frame("\t\tx: ,", 1, 6).as_deref(), Some("> 1 | \t\tx: ,\n    | \t\t   ^"));
    }

    #[test]
    fn chinese_columns_count_utf16_units_and_take_two_cells() {
        // 标题 are one UTF-16 unit each; the caret under `,` after them.
        let source = "title: '标题',";
        assert_eq!(
            code_frame(source, 1, 12).as_deref(),
            Some("> 1 | title: '标题',\n    |              ^")
        );
        // 😀 is two UTF-16 units.
        assert_eq!(code_frame("'😀'x", 1, 5).as_deref(), Some("> 1 | '😀'x\n    |     ^"));
    }

    #[test]
    fn long_lines_show_a_window_around_the_column() {
        let long = format!("{}!{}", "a".repeat(300), "b".repeat(300));
        let frame = code_frame(&long, 1, 301).unwrap_or_default();
        let rows: Vec<&str> = frame.lines().collect();
        assert_eq!(rows.len(), 2);
        let code = rows[0].trim_start_matches("> 1 | ");
        assert_eq!(code.chars().count(), 102, "{code}");
        assert!(code.starts_with('…') && code.ends_with('…'));
        let caret = rows[1].trim_start_matches("    | ");
        let under = code.chars().nth(caret.chars().count() - 1);
        assert_eq!(under, Some('!'));
        // A short line stays whole.
        assert_eq!(code_frame("short", 1, 3).as_deref(), Some("> 1 | short\n    |   ^"));
    }
}
