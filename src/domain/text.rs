//! Text rules shared by every field: what may be stored and what may be drawn.

use std::fmt;

/// Removes everything that could change a terminal's state or reorder what is shown:
/// C0/C1 control characters (so escape sequences lose their ESC), DEL, and Unicode bidi
/// controls. Tabs become a space. Every string that comes from the database is drawn through
/// this one function.
pub fn sanitize_for_terminal(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if c == '\t' || c == '\n' || c == '\r' {
            out.push(' ');
        } else if !is_unsafe_char(c) {
            out.push(c);
        }
    }
    out
}

/// Like [`sanitize_for_terminal`] but keeps line breaks, for multi-line text shown as lines.
pub fn sanitize_multiline(input: &str) -> String {
    input
        .split('\n')
        .map(|line| sanitize_for_terminal(line.trim_end_matches('\r')))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_unsafe_char(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || c == '\u{FEFF}'
}

/// Unicode bidirectional formatting characters (the "Trojan Source" set plus marks).
fn is_bidi_control(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}')
}

/// Why a piece of text was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    Empty { field: &'static str },
    TooLong { field: &'static str, max: usize },
    ControlCharacters { field: &'static str },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Empty { field } => write!(f, "{field} cannot be empty"),
            TextError::TooLong { field, max } => {
                write!(f, "{field} is too long (at most {max} characters)")
            }
            TextError::ControlCharacters { field } => {
                write!(f, "{field} contains control characters; please retype it")
            }
        }
    }
}

impl std::error::Error for TextError {}

/// A single-line field: trimmed, not empty, at most `max` characters, no control or bidi
/// characters.
pub fn single_line(field: &'static str, value: &str, max: usize) -> Result<String, TextError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty { field });
    }
    optional_line(field, trimmed, max).map(|v| v.unwrap_or_default())
}

/// A single-line field that may be empty (returns `None` when it is).
pub fn optional_line(
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<Option<String>, TextError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > max {
        return Err(TextError::TooLong { field, max });
    }
    if trimmed.chars().any(is_unsafe_char) {
        return Err(TextError::ControlCharacters { field });
    }
    Ok(Some(trimmed.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_lose_their_escape() {
        let s = sanitize_for_terminal("a\x1b[2Jb\x1b]0;title\x07c");
        assert!(!s.contains('\x1b'));
        assert!(!s.contains('\x07'));
        assert_eq!(s, "a[2Jb]0;titlec");
    }

    #[test]
    fn bidi_overrides_and_c1_controls_are_removed() {
        let s = sanitize_for_terminal("x\u{202E}y\u{2066}z\u{009B}w\u{200F}");
        assert_eq!(s, "xyzw");
    }

    #[test]
    fn ordinary_unicode_is_kept() {
        let s = "Zoë 👋 e\u{0301} ناصر";
        assert_eq!(sanitize_for_terminal(s), s);
    }

    #[test]
    fn newlines_become_spaces_on_one_line_but_survive_multiline() {
        assert_eq!(sanitize_for_terminal("a\nb\tc"), "a b c");
        assert_eq!(sanitize_multiline("a\r\nb\x1b"), "a\nb");
    }

    #[test]
    fn single_line_rules() {
        assert_eq!(single_line("Name", "  Sam ", 10), Ok("Sam".into()));
        assert_eq!(
            single_line("Name", "   ", 10),
            Err(TextError::Empty { field: "Name" })
        );
        assert_eq!(
            single_line("Name", "abcdefghijk", 10),
            Err(TextError::TooLong {
                field: "Name",
                max: 10
            })
        );
        assert_eq!(
            single_line("Name", "a\x1bb", 10),
            Err(TextError::ControlCharacters { field: "Name" })
        );
        assert_eq!(optional_line("Phone", " ", 10), Ok(None));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(single_line("Name", "éééééééééé", 10).is_ok());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sanitised_text_never_holds_anything_that_changes_the_terminal(s in any::<String>()) {
            let out = sanitize_for_terminal(&s);
            prop_assert!(!out.chars().any(|c| c.is_control() || is_bidi_control(c)));
            let multi = sanitize_multiline(&s);
            prop_assert!(!multi.chars().any(|c| (c.is_control() && c != '\n') || is_bidi_control(c)));
        }

        #[test]
        fn accepted_lines_are_stored_as_typed_less_outer_space(s in "[a-zA-Z0-9 ,.'éü👋-]{1,80}") {
            if let Ok(Some(v)) = optional_line("Field", &s, 80) {
                prop_assert_eq!(v, s.trim());
            }
        }
    }
}
