//! The Handover pane's keys on a note, as one table. The pane resolves a key there once; its
//! help rows and the note's footer (which depends on whether the note is a draft, signed or
//! acknowledged) are made from it. `e` is the key contract's edit (see [`keys::LIST`]).

use crate::ui::help::HelpRow;
use crate::ui::keys::{self, Binding, Keymap, ListMove, NONE};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKey {
    Down,
    Up,
    SignOff,
    Acknowledge,
    Addendum,
    Print,
    History,
    Tonight,
    Reread,
}

pub const NOTE: Keymap<NoteKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('s'), NONE)],
            label: "s",
            does: "sign off (asks for your PIN)",
            short: "sign off",
            action: NoteKey::SignOff,
        },
        Binding {
            keys: &[(KeyCode::Char('a'), NONE)],
            label: "a",
            does: "acknowledge as the incoming lead",
            short: "acknowledge",
            action: NoteKey::Acknowledge,
        },
        Binding {
            keys: &[(KeyCode::Char('d'), NONE)],
            label: "d",
            does: "add a dated addendum to a signed note",
            short: "addendum",
            action: NoteKey::Addendum,
        },
        Binding {
            keys: &[(KeyCode::Char('p'), NONE)],
            label: "p",
            does: "print a signed note (asks first; paper is not encrypted)",
            short: "print",
            action: NoteKey::Print,
        },
        Binding {
            keys: &[(KeyCode::Char('h'), NONE)],
            label: "h",
            does: "past handovers; / searches them",
            short: "history",
            action: NoteKey::History,
        },
        Binding {
            keys: &[(KeyCode::Char('t'), NONE)],
            label: "t",
            does: "back to tonight's note",
            short: "tonight",
            action: NoteKey::Tonight,
        },
        Binding {
            keys: &[(KeyCode::Char('r'), NONE)],
            label: "r",
            does: "read this note again from the database",
            short: "",
            action: NoteKey::Reread,
        },
        Binding {
            keys: &[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)],
            label: "j / ↓",
            does: "scroll the note down",
            short: "",
            action: NoteKey::Down,
        },
        Binding {
            keys: &[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)],
            label: "k / ↑",
            does: "scroll the note up",
            short: "",
            action: NoteKey::Up,
        },
    ],
};

/// The pane's help rows: `e` (the contract's edit, here tonight's draft), then the note's.
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows = vec![HelpRow {
        keys: "e".into(),
        does: "edit tonight's draft (saved as you type)".into(),
    }];
    rows.extend(NOTE.help_rows());
    rows
}

/// The note's footer: what can be done to a note in its state.
pub fn note_hint(draft: bool, acknowledged: bool) -> String {
    let own = if draft {
        let edit = keys::LIST.hint(&[ListMove::Edit]);
        let rest = NOTE.hint(&[NoteKey::SignOff, NoteKey::History, NoteKey::Tonight]);
        format!("{edit} · {rest}")
    } else if acknowledged {
        NOTE.hint(&[
            NoteKey::Addendum,
            NoteKey::Print,
            NoteKey::History,
            NoteKey::Tonight,
        ])
    } else {
        NOTE.hint(&[
            NoteKey::Acknowledge,
            NoteKey::Addendum,
            NoteKey::Print,
            NoteKey::History,
            NoteKey::Tonight,
        ])
    };
    format!(" {own} ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_is_in_help_and_each_state_has_its_footer() {
        let rows = help_rows();
        assert_eq!(NOTE.missing_from(&rows, None), Vec::<&str>::new());
        assert_eq!(
            note_hint(true, false),
            " e edit · s sign off · h history · t tonight "
        );
        assert_eq!(
            note_hint(false, false),
            " a acknowledge · d addendum · p print · h history · t tonight "
        );
        assert_eq!(
            note_hint(false, true),
            " d addendum · p print · h history · t tonight "
        );
    }
}
