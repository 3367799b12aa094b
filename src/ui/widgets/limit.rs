//! What every text field shares about its limit and about pasted text: the counter shown as the
//! text nears the limit, the words of a refusal, and how a paste is cleaned before it goes in.
//! A field never cuts what it is given: too much is refused whole, with a message.

use zeroize::Zeroizing;

/// Fields this short (times, dates, numbers) explain themselves with their hint; a counter on
/// every date would be noise. A refusal still says when one is full.
const COUNTER_FROM_MAX: usize = 20;

/// Why a field did not take what was typed or pasted. The form adds the field's label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The field already holds its limit.
    Full { max: usize },
    /// A paste with `over` characters more than the room left.
    PasteTooLong { max: usize, over: usize },
    /// A list's item (one line) already holds its limit.
    LineFull { max: usize },
    /// A paste that would make one item (line) `longest` characters, past its limit.
    PasteLineTooLong { max: usize, longest: usize },
    /// A digits-only field (a PIN) was pasted something else.
    NotDigits,
    /// A picker's filter would have matched no option (the filter as it would have been).
    NoMatch(String),
}

impl Refusal {
    pub fn message(&self, label: &str) -> String {
        let label = label.trim();
        match self {
            Refusal::Full { max } => format!("{label} is full: at most {}", characters(*max)),
            Refusal::PasteTooLong { max, over } => format!(
                "That paste is {} too long for {label} (at most {}); nothing was added",
                characters(*over),
                grouped(*max)
            ),
            Refusal::LineFull { max } => format!(
                "An item of {label} holds at most {}: Enter starts the next",
                characters(*max)
            ),
            Refusal::PasteLineTooLong { max, longest } => format!(
                "That paste would make an item of {label} {} long (at most {} each, one per \
                 line); nothing was added",
                characters(*longest),
                grouped(*max)
            ),
            Refusal::NotDigits => {
                format!(
                    "{label} takes digits only; that paste has other characters, so nothing was added"
                )
            }
            Refusal::NoMatch(filter) => format!(
                "No option of {label} holds '{}': Backspace to widen, Esc to clear",
                crate::ui::safe(filter)
            ),
        }
    }
}

/// What a run of typed keys did to a field, as the keys one at a time would have told the form:
/// whether any of them edited it, and the last one that edited or was refused (a key the field
/// ignores says nothing), which decides the form's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    pub edited: bool,
    pub last: Option<Result<(), Refusal>>,
}

/// "480 / 500" once the text reaches nine tenths of the limit (or passes it, for a value
/// saved before the limit was lowered: it is shown whole, and saving it is refused).
pub fn counter(len: usize, max: usize) -> Option<String> {
    (max >= COUNTER_FROM_MAX && len * 10 >= max * 9)
        .then(|| format!("{} / {}", grouped(len), grouped(max)))
}

/// Checks that `adding` characters fit beside the `len` already there.
pub fn room_for(len: usize, adding: usize, max: usize) -> Result<(), Refusal> {
    if len + adding <= max {
        Ok(())
    } else if len >= max {
        Err(Refusal::Full { max })
    } else {
        Err(Refusal::PasteTooLong {
            max,
            over: len + adding - max,
        })
    }
}

/// "1 character", "9,500 characters".
fn characters(n: usize) -> String {
    match n {
        1 => "1 character".to_string(),
        n => format!("{} characters", grouped(n)),
    }
}

/// 9500 as "9,500".
pub fn grouped(n: usize) -> String {
    crate::domain::plural::grouped(n)
}

/// Pasted text made ready for a field, with how many characters it holds and how many
/// control characters (ESC, NUL…) were left out because nobody means to store them.
pub struct Cleaned {
    pub text: Zeroizing<String>,
    pub chars: usize,
    pub dropped: usize,
}

/// For a one-line field: a line break at the very end is dropped (copies often end with one,
/// and a pasted passphrase must not gain a space), other line breaks and tabs become spaces.
pub fn one_line(pasted: &str) -> Cleaned {
    let pasted = pasted.strip_suffix('\n').unwrap_or(pasted);
    let pasted = pasted.strip_suffix('\r').unwrap_or(pasted);
    clean(pasted.replace("\r\n", " ").as_str(), |c| {
        matches!(c, '\n' | '\r' | '\t').then_some(' ')
    })
}

/// For a multi-line field: `\r\n` and a lone `\r` become `\n`, tabs become spaces.
pub fn multi_line(pasted: &str) -> Cleaned {
    clean(pasted.replace("\r\n", "\n").as_str(), |c| match c {
        '\n' => Some('\n'),
        '\r' | '\t' => Some(if c == '\r' { '\n' } else { ' ' }),
        _ => None,
    })
}

/// One pass over the text: `keep` maps the control characters the field accepts (in some
/// other form); every other control character is dropped and counted.
fn clean(text: &str, keep: impl Fn(char) -> Option<char>) -> Cleaned {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let (mut chars, mut dropped) = (0, 0);
    for c in text.chars() {
        let c = if c.is_control() { keep(c) } else { Some(c) };
        match c {
            Some(c) => {
                out.push(c);
                chars += 1;
            }
            None => dropped += 1,
        }
    }
    Cleaned {
        text: out,
        chars,
        dropped,
    }
}

/// The note a form shows after a paste that left control characters out.
pub fn dropped_note(dropped: usize) -> Option<String> {
    match dropped {
        0 => None,
        1 => Some("Pasted; 1 invisible control character was left out".to_string()),
        n => Some(format!(
            "Pasted; {} invisible control characters were left out",
            grouped(n)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(500), "500");
        assert_eq!(grouped(9_500), "9,500");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn the_counter_appears_from_nine_tenths() {
        assert_eq!(counter(449, 500), None);
        assert_eq!(counter(450, 500).as_deref(), Some("450 / 500"));
        assert_eq!(counter(520, 500).as_deref(), Some("520 / 500"));
        assert_eq!(counter(10, 10), None, "short formatted fields have none");
    }

    #[test]
    fn one_line_pastes_lose_their_breaks_and_controls() {
        let c = one_line("a\r\nb\nc\rd\te\x1bf\n");
        assert_eq!(c.text.as_str(), "a b c d ef");
        assert_eq!((c.chars, c.dropped), (10, 1));
    }

    #[test]
    fn multi_line_pastes_keep_their_breaks() {
        let c = multi_line("a\r\nb\rc\nd\te\u{7}");
        assert_eq!(c.text.as_str(), "a\nb\nc\nd e");
        assert_eq!(c.dropped, 1);
    }

    #[test]
    fn refusals_say_by_how_much() {
        let r = room_for(0, 10_000, 500).unwrap_err();
        assert_eq!(
            r.message("Presenting need"),
            "That paste is 9,500 characters too long for Presenting need (at most 500); nothing \
             was added"
        );
        assert_eq!(
            room_for(500, 1, 500).unwrap_err().message("  summary"),
            "summary is full: at most 500 characters"
        );
        assert!(room_for(499, 1, 500).is_ok());
    }
}
