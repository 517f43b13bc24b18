//! Which phone numbers makePhoneCall accepts, and the `tel:` address of one. No browser
//! calls.
//!
//! WeChat hands the number to the phone's dialer, which takes digits with the usual
//! punctuation. wxweb accepts a number of at most 32 characters made of digits, spaces
//! and `+ - ( ) . * # , ;`, with at least one digit and `+` only in front; anything else
//! (letters, `tel:` prefixes, an empty string) fails with `invalid phoneNumber`.

/// The longest phone number accepted, in characters.
const MAX_LENGTH: usize = 32;

/// The number with its surrounding spaces trimmed, if it is one a dialer takes.
pub fn checked(number: &str) -> Option<&str> {
    let number = number.trim();
    let allowed = |(index, c): (usize, char)| {
        c.is_ascii_digit()
            || matches!(c, ' ' | '-' | '(' | ')' | '.' | '*' | '#' | ',' | ';')
            || (c == '+' && index == 0)
    };
    let ok = !number.is_empty()
        && number.chars().count() <= MAX_LENGTH
        && number.chars().any(|c| c.is_ascii_digit())
        && number.chars().enumerate().all(allowed);
    ok.then_some(number)
}

/// The `tel:` URI of a checked number: punctuation that dialers ignore is dropped
/// (spaces, dashes, brackets, dots); `#`, `,` and `;` are percent-encoded.
pub fn tel_uri(number: &str) -> String {
    let mut uri = String::from("tel:");
    for c in number.chars() {
        match c {
            ' ' | '-' | '(' | ')' | '.' => {}
            '#' => uri.push_str("%23"),
            ',' => uri.push_str("%2C"),
            ';' => uri.push_str("%3B"),
            c => uri.push(c),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialable_numbers_pass_trimmed() {
        assert_eq!(checked("1340000"), Some("1340000"));
        assert_eq!(checked(" +86 138-0013-8000 "), Some("+86 138-0013-8000"));
        assert_eq!(checked("(010) 6552.9988"), Some("(010) 6552.9988"));
        assert_eq!(checked("10086,1#"), Some("10086,1#"));
        assert_eq!(checked("*21#"), Some("*21#"));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "   ",
            "abc",
            "138 0013 800a",
            "tel:10086",
            "1+2",
            "++86",
            "-",
            "#*",
            &"1".repeat(33),
            "１３８",
        ] {
            assert_eq!(checked(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn tel_uris_drop_dialer_punctuation() {
        assert_eq!(tel_uri("+86 138-0013-8000"), "tel:+8613800138000");
        assert_eq!(tel_uri("(010) 6552.9988"), "tel:01065529988");
        assert_eq!(tel_uri("10086,1#"), "tel:10086%2C1%23");
    }
}
