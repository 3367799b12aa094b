//! Text rules shared by every field: what may be stored and what may be drawn.

use std::fmt;

/// The longest a short free-text line may be (a kind of incident, who was referred to).
pub const SHORT_TEXT_MAX: usize = 200;

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

/// A character nobody means to type or store: a C0 or C1 control (ESC, NUL, BEL…) or DEL.
/// Line breaks and tabs are controls too: one-line fields turn them into spaces as they are
/// typed or pasted, and multi-line fields keep only `\n`. Bidi controls and zero-width
/// characters are not in this set: they are part of what was typed (right-to-left names,
/// joined emoji), so they are stored and only made safe when drawn.
pub fn is_stray_control(c: char) -> bool {
    c.is_control()
}

/// A short name for a control character, as a lead could look it up ("ESC", "U+0085").
pub fn control_name(c: char) -> String {
    const C0: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF",
        "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM",
        "SUB", "ESC", "FS", "GS", "RS", "US",
    ];
    match c {
        '\u{7f}' => "DEL".to_string(),
        c if let Some(name) = C0.get(c as usize) => name.to_string(),
        c => format!("U+{:04X}", c as u32),
    }
}

/// The same text with every character that must not reach the terminal replaced by a visible
/// '�', one for one, so an editing field can show the text with its cursor in the right place
/// and the lead can see (and remove) what would otherwise be invisible.
pub fn visible_for_editing(input: &str) -> String {
    input
        .chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if is_unsafe_char(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Why a piece of text was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    Empty {
        field: &'static str,
    },
    TooLong {
        field: &'static str,
        max: usize,
    },
    /// A control character nobody means to type, `at` counted in characters from 1.
    ControlCharacter {
        field: &'static str,
        name: String,
        at: usize,
    },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Empty { field } => write!(f, "{field} cannot be empty"),
            TextError::TooLong { field, max } => {
                write!(f, "{field} is too long (at most {max} characters)")
            }
            TextError::ControlCharacter { field, name, at } => write!(
                f,
                "{field} has an invisible control character ({name}) at character {at}: \
                 Backspace removes it"
            ),
        }
    }
}

impl std::error::Error for TextError {}

/// The first character of `value` that `allowed` refuses, as an error naming it.
fn first_control(
    field: &'static str,
    value: &str,
    allowed: impl Fn(char) -> bool,
) -> Result<(), TextError> {
    match value
        .chars()
        .enumerate()
        .find(|(_, c)| is_stray_control(*c) && !allowed(*c))
    {
        Some((i, c)) => Err(TextError::ControlCharacter {
            field,
            name: control_name(c),
            at: i + 1,
        }),
        None => Ok(()),
    }
}

/// A single-line field: trimmed, not empty, at most `max` characters, no control characters
/// (bidi and zero-width characters are kept as typed).
pub fn single_line(field: &'static str, value: &str, max: usize) -> Result<String, TextError> {
    match optional_line(field, value, max)? {
        Some(v) => Ok(v),
        None => Err(TextError::Empty { field }),
    }
}

/// A single-line field that may be empty (returns `None` when it is).
pub fn optional_line(
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<Option<String>, TextError> {
    // Positions are counted in the text as it stands in the field, before trimming.
    first_control(field, value, |_| false)?;
    checked_length(field, value.trim(), max)
}

/// A multi-line field that may be empty: line breaks are kept (a `\r\n` or lone `\r` counts
/// as one `\n`), outer blank space is trimmed, other control characters are refused.
pub fn optional_text(
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<Option<String>, TextError> {
    let value = value.replace("\r\n", "\n").replace('\r', "\n");
    first_control(field, &value, |c| c == '\n')?;
    checked_length(field, value.trim(), max)
}

fn checked_length(
    field: &'static str,
    trimmed: &str,
    max: usize,
) -> Result<Option<String>, TextError> {
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > max {
        return Err(TextError::TooLong { field, max });
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
            Err(TextError::ControlCharacter {
                field: "Name",
                name: "ESC".into(),
                at: 2
            })
        );
        assert_eq!(optional_line("Phone", " ", 10), Ok(None));
    }

    #[test]
    fn a_refused_control_character_is_named_with_its_position() {
        let err = single_line("Name", " Sam Wilson\x1bx", 80).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Name has an invisible control character (ESC) at character 12: Backspace removes it"
        );
        let err = optional_line("Name", "a\u{85}", 80).unwrap_err();
        assert!(err.to_string().contains("(U+0085) at character 2"), "{err}");
        assert!(
            optional_line("Name", "a\nb", 80).is_err(),
            "one line holds no breaks"
        );
    }

    #[test]
    fn bidi_and_zero_width_characters_are_stored_as_typed_and_drawn_safe() {
        let typed = "\u{202E}txet\u{200B}a\u{200D}b\u{2066}";
        assert_eq!(
            optional_line("Name", typed, 80),
            Ok(Some(typed.to_string()))
        );
        assert_eq!(
            optional_text("Notes", typed, 80),
            Ok(Some(typed.to_string()))
        );
        let drawn = sanitize_for_terminal(typed);
        assert!(!drawn.contains('\u{202E}') && !drawn.contains('\u{2066}'));
        let editing = visible_for_editing(typed);
        assert_eq!(
            editing.chars().count(),
            typed.chars().count(),
            "one for one"
        );
        assert!(editing.starts_with('\u{FFFD}') && !editing.contains('\u{202E}'));
    }

    #[test]
    fn multi_line_text_keeps_its_line_breaks() {
        assert_eq!(
            optional_text("Action taken", "  Called 999\r\nStayed with them\n", 100),
            Ok(Some("Called 999\nStayed with them".to_string()))
        );
        let err = optional_text("Action taken", "ok\n\x07", 100).unwrap_err();
        assert!(err.to_string().contains("(BEL) at character 4"), "{err}");
        assert!(optional_text("Action taken", &"x".repeat(101), 100).is_err());
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
