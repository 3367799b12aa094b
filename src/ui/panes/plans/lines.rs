//! A plan's list and contact sections as the editor shows them: one entry per line, a contact
//! as "name — phone". Reading them back is strict for saving (a line that seems to hold a
//! number but no separator is refused, by line number) and lenient for drafts (every line is
//! kept, so nothing typed is lost).

use crate::domain::plan::Contact;
use crate::ui::safe;

/// Written between a contact's name and number.
pub const SEPARATOR: &str = " — ";
/// Read between a name and a number: the em dash the editor writes, and what people type.
const SEPARATORS: [&str; 4] = ["—", "–", " - ", ":"];
/// A line with this many digits and no separator is taken for a number typed without one.
const DIGITS_OF_A_NUMBER: usize = 3;

/// Contacts as the editor holds them: the saved names and numbers as they are.
pub fn contacts_text(contacts: &[Contact]) -> String {
    let line = |c: &Contact| {
        if c.phone.trim().is_empty() {
            c.name.clone()
        } else {
            format!("{}{SEPARATOR}{}", c.name, c.phone)
        }
    };
    contacts.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// "Mum — 07700 900123", or just the name when there is no number.
pub fn contact_line(c: &Contact) -> String {
    let (name, phone) = (safe(&c.name), safe(&c.phone));
    if phone.trim().is_empty() {
        name
    } else {
        format!("{name}{SEPARATOR}{phone}")
    }
}

/// The non-blank lines, trimmed.
pub fn items_from(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Splits a line at the last separator that has a digit after it: names may hold dashes
/// ("GP – Riverside Surgery — 020 7946 0000"), numbers rarely do.
fn split_contact(line: &str) -> Option<(&str, &str)> {
    let mut best: Option<(usize, usize)> = None;
    for sep in SEPARATORS {
        for (at, _) in line.match_indices(sep) {
            let after = &line[at + sep.len()..];
            let later = best.is_none_or(|(b, _)| at > b);
            if later && after.chars().any(|c| c.is_ascii_digit()) {
                best = Some((at, at + sep.len()));
            }
        }
    }
    best.map(|(a, b)| (line[..a].trim(), line[b..].trim()))
}

/// Contacts for saving. Err names the line (counted as shown, from 1) that needs a separator.
pub fn contacts_from(text: &str) -> Result<Vec<Contact>, usize> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        match split_contact(line) {
            Some((name, phone)) => out.push(Contact::new(name, phone)),
            None if line.chars().filter(char::is_ascii_digit).count() >= DIGITS_OF_A_NUMBER => {
                return Err(n + 1);
            }
            None => out.push(Contact::new(line, "")),
        }
    }
    Ok(out)
}

/// Contacts for a draft: a line that does not read as "name — phone" is kept whole as a name,
/// so it comes back exactly as typed.
pub fn contacts_lenient(text: &str) -> Vec<Contact> {
    items_from(text)
        .into_iter()
        .map(|line| match split_contact(&line) {
            Some((name, phone)) => Contact::new(name, phone),
            None => Contact::new(&line, ""),
        })
        .collect()
}

/// The digits one dials, ignoring a menu choice ("111, option 2" → "111") and a text keyword
/// ("text SHOUT to 85258" → "85258"), so an offer is not made twice in two spellings.
pub fn dial_digits(phone: &str) -> String {
    let lower = phone.to_ascii_lowercase();
    let before_menu = lower
        .find("option")
        .or_else(|| lower.find("press"))
        .map_or(lower.as_str(), |at| &lower[..at]);
    before_menu.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_round_trip_through_lines() {
        let contacts = vec![
            Contact::new("Mum", "07700 900123"),
            Contact::new("GP – Riverside Surgery", "020 7946 0000"),
            Contact::new("Neighbour at 4", ""),
            Contact::new("SHOUT (text)", "text SHOUT to 85258"),
            Contact::new("NHS 111 (mental health)", "111, option 2"),
        ];
        let text = contacts_text(&contacts);
        assert_eq!(
            text.lines().next(),
            Some("Mum — 07700 900123"),
            "the editor writes an em dash"
        );
        assert_eq!(contacts_from(&text), Ok(contacts.clone()));
        assert_eq!(contacts_lenient(&text), contacts);
    }

    #[test]
    fn typed_separators_are_read() {
        assert_eq!(
            contacts_from("Mum - 07700 900123\nDad: 07700 900456\n\n  Jo – 07700 900789  "),
            Ok(vec![
                Contact::new("Mum", "07700 900123"),
                Contact::new("Dad", "07700 900456"),
                Contact::new("Jo", "07700 900789"),
            ])
        );
        assert_eq!(
            contacts_from("Ward 7 nurses"),
            Ok(vec![Contact::new("Ward 7 nurses", "")]),
            "a name may hold a digit or two"
        );
    }

    #[test]
    fn a_number_without_a_separator_names_its_line_but_a_draft_keeps_it() {
        assert_eq!(
            contacts_from("Mum — 07700 900123\n\nDad 07700 900456"),
            Err(3)
        );
        assert_eq!(
            contacts_lenient("Dad 07700 900456"),
            [Contact::new("Dad 07700 900456", "")]
        );
        assert_eq!(
            contact_line(&contacts_lenient("Dad 07700 900456")[0]),
            "Dad 07700 900456",
            "it comes back as typed"
        );
    }

    #[test]
    fn contact_lines_are_drawn_safe() {
        let line = contact_line(&Contact::new("M\u{1b}[31mum", "07700\u{202e} 900123"));
        assert!(!line.contains('\u{1b}') && !line.contains('\u{202e}'));
    }

    #[test]
    fn dial_digits_ignore_menus_and_keywords() {
        assert_eq!(dial_digits("111, option 2"), "111");
        assert_eq!(dial_digits("text SHOUT to 85258"), "85258");
        assert_eq!(dial_digits("116 123"), "116123");
    }
}
