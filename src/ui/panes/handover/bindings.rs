//! The Handover pane's keys, one table per view: a note, the past handovers, a search being
//! typed. The pane resolves a key there once; its help rows and the footers (the note's
//! depends on whether it is a draft, signed or acknowledged) are made from them. `e` is the
//! key contract's edit (see [`keys::LIST`]).

use crate::ui::help::HelpRow;
use crate::ui::keys::{self, Binding, Keymap, NONE};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKey {
    Edit,
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
        // The key contract's edit: `keys::LIST` takes `e` first and the pane opens the draft;
        // it is here for its words, so help and the footer say what it does in a note.
        Binding {
            keys: &[(KeyCode::Char('e'), NONE)],
            label: "e",
            does: "edit tonight's draft (saved as you type)",
            short: "edit",
            action: NoteKey::Edit,
        },
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryKey {
    Open,
    Search,
    Move,
    Back,
}

/// The list of past handovers.
pub const HISTORY: Keymap<HistoryKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "open the handover",
            short: "open",
            action: HistoryKey::Open,
        },
        Binding {
            keys: &[(KeyCode::Char('/'), NONE)],
            label: "/",
            does: "search their words (starts empty)",
            short: "search",
            action: HistoryKey::Search,
        },
        Binding {
            keys: keys::MOVE_KEYS,
            label: "j / k",
            does: "move (also ↓ ↑ PgUp PgDn g G Home End)",
            short: "move",
            action: HistoryKey::Move,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back to the note",
            short: "back",
            action: HistoryKey::Back,
        },
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKey {
    Search,
    Clear,
}

/// While a search of past handovers is typed: every other key is typing.
pub const SEARCH: Keymap<SearchKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "search for the words typed",
            short: "search",
            action: SearchKey::Search,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "clear it: every handover again",
            short: "clear",
            action: SearchKey::Clear,
        },
    ],
};

pub const IN_HISTORY: &str = "past handovers";
pub const IN_SEARCH: &str = "a search";

pub fn history_hint() -> String {
    format!(
        " {} ",
        HISTORY.hint(&[HistoryKey::Open, HistoryKey::Search, HistoryKey::Back])
    )
}

/// The pane's help rows: the note's (`e` first), then the past handovers' and a search's.
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows = NOTE.help_rows();
    rows.extend(HISTORY.help_rows_in(IN_HISTORY));
    rows.extend(SEARCH.help_rows_in(IN_SEARCH));
    rows
}

/// The note's footer: what can be done to a note in its state.
pub fn note_hint(draft: bool, acknowledged: bool) -> String {
    let own = if draft {
        NOTE.hint(&[
            NoteKey::Edit,
            NoteKey::SignOff,
            NoteKey::History,
            NoteKey::Tonight,
        ])
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
            HISTORY.missing_from(&rows, Some(IN_HISTORY)),
            Vec::<&str>::new()
        );
        assert_eq!(
            SEARCH.missing_from(&rows, Some(IN_SEARCH)),
            Vec::<&str>::new()
        );
        // `e` is the list table's edit; the note's table names it with the same key.
        let e = crossterm::event::KeyEvent::from(KeyCode::Char('e'));
        assert_eq!(NOTE.resolve(e), Some(NoteKey::Edit));
        assert_eq!(keys::LIST.resolve(e), Some(keys::ListMove::Edit));
        assert_eq!(rows.first().map(|r| r.keys.as_str()), Some("e"));
        assert_eq!(history_hint(), " Enter open · / search · Esc back ");
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
