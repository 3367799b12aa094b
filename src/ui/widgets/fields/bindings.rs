//! The keys every form takes, as a binding table: the form resolves a key against it, help
//! lists it, and a form's footer is made from it.

use crate::ui::keys::{Binding, CTRL, Keymap, NONE, SHIFT};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Next,
    Previous,
    /// On to the next field, or saving from the last (a new line in a multi-line field).
    Enter,
    Down,
    Up,
    Submit,
    Cancel,
}

pub const FORM: Keymap<FormKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Tab, NONE)],
            label: "Tab",
            does: "next field",
            short: "",
            action: FormKey::Next,
        },
        Binding {
            keys: &[(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)],
            label: "Shift-Tab",
            does: "previous field",
            short: "",
            action: FormKey::Previous,
        },
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "next field; save on the last (notes: new line)",
            short: "next",
            action: FormKey::Enter,
        },
        Binding {
            keys: &[(KeyCode::Down, NONE)],
            label: "↓",
            does: "next field (in a notes field, a line down)",
            short: "next",
            action: FormKey::Down,
        },
        Binding {
            keys: &[(KeyCode::Up, NONE)],
            label: "↑",
            does: "previous field (in a notes field, a line up)",
            short: "previous",
            action: FormKey::Up,
        },
        Binding {
            keys: &[(KeyCode::Char('s'), CTRL)],
            label: "Ctrl-s",
            does: "save the form",
            short: "saves",
            action: FormKey::Submit,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "cancel (asks first when something was typed)",
            short: "cancels",
            action: FormKey::Cancel,
        },
    ],
};

/// One item of a form's footer.
#[derive(Debug, Clone)]
pub enum Say {
    /// The key in the table's own words ("Ctrl-s saves").
    Key(FormKey),
    /// The key with what it does in this form ("Ctrl-s assigns", "Esc back").
    As(FormKey, &'static str),
    /// Tab and Shift-Tab together: "Tab/Shift-Tab fields".
    Moves(&'static str),
    /// Either of two keys, doing the same here: "Esc or Ctrl-s close".
    Either(FormKey, FormKey, &'static str),
    /// Words of the pane's own: a key its table describes ("Ctrl-o add a service"), or a
    /// note ("Saved as you type").
    Also(&'static str),
    /// The hint of a pane's own table for the keys it adds (`Keymap::hint`).
    Own(String),
}

/// Most forms' footer: "Ctrl-s saves · Tab next field · Esc cancels".
pub const SAVE_NEXT_CANCEL: &[Say] = &[
    Say::Key(FormKey::Submit),
    Say::Key(FormKey::Next),
    Say::Key(FormKey::Cancel),
];

/// A short form's footer: "Ctrl-s saves · Esc cancels".
pub const SAVE_CANCEL: &[Say] = &[Say::Key(FormKey::Submit), Say::Key(FormKey::Cancel)];

/// A form's footer hint: its items in order (the most needed first, as a narrow form drops
/// from the end), joined by " · ", every form key named as the table names it.
pub fn footer(items: &[Say]) -> String {
    let label = |k: FormKey| {
        FORM.bindings
            .iter()
            .find(|b| b.action == k)
            .map_or("", |b| b.label)
    };
    items
        .iter()
        .map(|item| match item {
            Say::Key(k) => FORM.hint(&[*k]),
            Say::As(k, words) => format!("{} {words}", label(*k)),
            Say::Moves(words) => format!(
                "{}/{} {words}",
                label(FormKey::Next),
                label(FormKey::Previous)
            ),
            Say::Either(a, b, words) => format!("{} or {} {words}", label(*a), label(*b)),
            Say::Also(text) => text.to_string(),
            Say::Own(hint) => hint.clone(),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    #[test]
    fn a_footer_names_the_keys_as_the_table_does() {
        assert_eq!(
            footer(&[
                Say::Key(FormKey::Submit),
                Say::Key(FormKey::Next),
                Say::Key(FormKey::Cancel)
            ]),
            "Ctrl-s saves · Tab next field · Esc cancels"
        );
        assert_eq!(
            footer(&[
                Say::As(FormKey::Submit, "assigns"),
                Say::Moves("fields"),
                Say::As(FormKey::Cancel, "back")
            ]),
            "Ctrl-s assigns · Tab/Shift-Tab fields · Esc back"
        );
    }

    #[test]
    fn every_form_key_resolves_and_shift_tab_with_or_without_shift() {
        for b in FORM.bindings {
            for &(code, mods) in b.keys {
                assert_eq!(FORM.resolve(KeyEvent::new(code, mods)), Some(b.action));
            }
        }
        assert_eq!(
            FORM.resolve(KeyEvent::new(KeyCode::BackTab, SHIFT)),
            Some(FormKey::Previous)
        );
        assert_eq!(FORM.resolve(KeyEvent::new(KeyCode::Char('s'), NONE)), None);
    }
}
