//! UK phone numbers as people write them on a safety plan: "07700 900123", "+44 (0)20 7946
//! 0000", "116 123", "111, option 2", "text SHOUT to 85258". Spaces, dashes and brackets are
//! allowed; letters only in the "text WORD to" and "option N" forms.

/// Whether `raw` is a number a visitor in the UK could dial or text.
pub fn is_uk_phone(raw: &str) -> bool {
    // ASCII lowercasing keeps byte offsets, so the slices below line up.
    let lower = raw.trim().to_ascii_lowercase();
    let Some(number) = strip_text_keyword(&lower) else {
        return false;
    };
    let Some(number) = strip_menu_option(number) else {
        return false;
    };
    let Some(digits) = digits_of(number) else {
        return false;
    };
    if let Some(national) = international_to_national(number, &digits) {
        return is_national(&national);
    }
    is_national(&digits) || is_short_code(&digits)
}

/// "text shout to 85258" → "85258". Anything else passes through unchanged; a "text" with no
/// keyword or no "to" is refused (None).
fn strip_text_keyword(s: &str) -> Option<&str> {
    let Some(rest) = s.strip_prefix("text ") else {
        return Some(s);
    };
    let (keyword, number) = rest.split_once(" to ")?;
    let keyword = keyword.trim();
    let ok = !keyword.is_empty()
        && keyword.len() <= 20
        && keyword.chars().all(|c| c.is_ascii_alphanumeric());
    ok.then_some(number.trim())
}

/// "111, option 2" / "111 (option 2)" / "0800 123 4567 press 3" → the number before it.
fn strip_menu_option(s: &str) -> Option<&str> {
    let at = s.rfind("option").or_else(|| s.rfind("press"));
    let Some(at) = at else {
        return Some(s);
    };
    let word_len = if s[at..].starts_with("option") { 6 } else { 5 };
    let choice = s[at + word_len..].trim().trim_end_matches(')').trim();
    let ok = (1..=2).contains(&choice.len()) && choice.chars().all(|c| c.is_ascii_digit());
    ok.then(|| s[..at].trim_end_matches([',', '(', ' ']))
}

/// The digits, if every other character is a space, dash, bracket or a leading '+'.
fn digits_of(s: &str) -> Option<String> {
    let body = s.strip_prefix('+').unwrap_or(s);
    let allowed = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'));
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    (allowed && !digits.is_empty()).then_some(digits)
}

/// "+44 7700 900123", "0044 ...", "+44 (0)20 ..." → "07700900123". None: not international.
/// A '+' with another country code gives a string no national rule accepts.
fn international_to_national(s: &str, digits: &str) -> Option<String> {
    let rest = if s.starts_with('+') {
        digits.strip_prefix("44").unwrap_or("x")
    } else {
        digits.strip_prefix("0044")?
    };
    // "+44 (0)20 7946 0000" writes the trunk 0 in brackets; dialled, it is dropped.
    let rest = if rest.len() == 11 {
        rest.strip_prefix('0').unwrap_or("x")
    } else {
        rest
    };
    Some(format!("0{rest}"))
}

/// A national number with its trunk 0. Ofcom's plan: 11 digits starting 01, 02, 03, 05, 07,
/// 08 or 09. Also the few 10-digit forms in real use on plans: some 01 areas (016977 ...),
/// 10-digit 0800 numbers (CALM, 0800 58 58 58) and Childline's 0800 1111.
fn is_national(d: &str) -> bool {
    let b = d.as_bytes();
    match d.len() {
        11 => matches!(
            b,
            [b'0', b'1' | b'2' | b'3' | b'5' | b'7' | b'8' | b'9', ..]
        ),
        10 => d.starts_with("01") || d.starts_with("0800"),
        8 => d == "08001111",
        _ => false,
    }
}

/// Emergency and helpline short codes: 999, 112, 111, 116 xxx (Samaritans' 116 123 and the
/// other harmonised European helplines), 5-digit text short codes (SHOUT 85258), 18000
/// (emergency text relay) and Relay UK's 18001 before a national number.
fn is_short_code(d: &str) -> bool {
    match d {
        "999" | "112" | "111" | "18000" => true,
        _ if d.len() == 6 && d.starts_with("116") => true,
        _ if d.len() == 5 && matches!(d.as_bytes().first(), Some(b'6' | b'7' | b'8')) => true,
        _ => d.strip_prefix("18001").is_some_and(is_national),
    }
}

#[cfg(test)]
mod tests {
    use super::is_uk_phone;

    #[test]
    fn good_numbers() {
        for n in [
            "07700 900123",
            "07700900123",
            "07700-900-123",
            "(020) 7946 0000",
            "0113 496 0000",
            "0300 123 3393",
            "05601 234567",
            "0808 808 4994",
            "0909 879 0000",
            "+44 7700 900123",
            "+447700900123",
            "0044 7700 900123",
            "+44 (0)20 7946 0000",
            "016977 3456",
            "0800 58 58 58",
            "0800 1111",
            "999",
            "111",
            "112",
            "116 123",
            "116123",
            "116 117",
            "85258",
            "18000",
            "18001 0800 123 4567",
            "111, option 2",
            "111 option 2",
            "111 (option 2)",
            "0800 123 4567 press 3",
            "text SHOUT to 85258",
            "Text shout to 85258",
            "  116 123  ",
        ] {
            assert!(is_uk_phone(n), "should accept {n:?}");
        }
    }

    #[test]
    fn bad_numbers() {
        for n in [
            "",
            "hello",
            "0770090012",
            "077009001234",
            "06700 900123",
            "04700 900123",
            "7700 900123",
            "+1 212 555 0100",
            "+44 999",
            "0044 116 123",
            "12345",
            "116 12",
            "1161234",
            "998",
            "0800 1112",
            "07700 900123 ext 4",
            "07700 9OO123",
            "07700.900.123",
            "text to 85258",
            "text SHOUT 85258",
            "text SH OUT to 85258",
            "111, option",
            "111, option 123",
            "+44 +7700 900123",
            "++447700900123",
        ] {
            assert!(!is_uk_phone(n), "should refuse {n:?}");
        }
    }
}
