//! The keys of the Plans views over a plan, one table each: its history of versions, the
//! changes between two, the take-away warning, the copy shown on screen, the editor's own key
//! and its "add a service" picker. Each view resolves a key once against its table; its footer
//! and the pane's help rows are made from it.

use crate::ui::help::HelpRow;
use crate::ui::keys::{self, Binding, CTRL, Keymap, NONE};
use crate::ui::widgets::fields::{FormKey, Say};
use crate::ui::widgets::scroll::SCROLL_KEYS;
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionsKey {
    Move,
    Mark,
    Compare,
    Back,
}

pub const VERSIONS: Keymap<VersionsKey> = Keymap {
    bindings: &[
        Binding {
            keys: keys::MOVE_KEYS,
            label: "j/k",
            does: "move (also ↓ ↑ PgUp PgDn g G Home End)",
            short: "move",
            action: VersionsKey::Move,
        },
        Binding {
            keys: &[(KeyCode::Char(' '), NONE)],
            label: "Space",
            does: "mark a version to compare with another",
            short: "mark to compare",
            action: VersionsKey::Mark,
        },
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "the changes: marked to selected, or from the version before",
            short: "show the changes",
            action: VersionsKey::Compare,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back to the plan",
            short: "back",
            action: VersionsKey::Back,
        },
    ],
};

pub fn versions_hint() -> String {
    format!(
        " {} ",
        VERSIONS.hint(&[
            VersionsKey::Move,
            VersionsKey::Mark,
            VersionsKey::Compare,
            VersionsKey::Back,
        ])
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKey {
    Scroll,
    Close,
}

/// The changes between two versions.
pub const CHANGES: Keymap<TextKey> = Keymap {
    bindings: &[
        Binding {
            keys: SCROLL_KEYS,
            label: "j/k",
            does: "scroll (PgDn, Space, PgUp a page)",
            short: "scroll",
            action: TextKey::Scroll,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back to the versions",
            short: "",
            action: TextKey::Close,
        },
    ],
};

pub fn changes_hint() -> String {
    format!(
        " + added · - removed · {} ",
        CHANGES.hint(&[TextKey::Scroll, TextKey::Close])
    )
}

/// The take-away copy shown on screen, to copy from.
pub const SHOWN: Keymap<TextKey> = Keymap {
    bindings: &[
        Binding {
            keys: SCROLL_KEYS,
            label: "j/k",
            does: "scroll (PgDn, Space, PgUp a page)",
            short: "scroll",
            action: TextKey::Scroll,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "close it (nothing is kept)",
            short: "closes",
            action: TextKey::Close,
        },
    ],
};

pub fn shown_hint() -> String {
    format!(
        " Copy it from the screen · {} ",
        SHOWN.hint(&[TextKey::Scroll, TextKey::Close])
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakeAwayKey {
    Write,
    Show,
    Print,
    Cancel,
}

/// The take-away warning, with the file name to write; every other key edits the name.
pub const TAKE_AWAY: Keymap<TakeAwayKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Enter, NONE), (KeyCode::Char('s'), CTRL)],
            label: "Enter",
            does: "write the file (Ctrl-s too)",
            short: "writes the file",
            action: TakeAwayKey::Write,
        },
        Binding {
            keys: &[(KeyCode::Char('p'), CTRL)],
            label: "Ctrl-p",
            does: "show it on screen instead",
            short: "on screen",
            action: TakeAwayKey::Show,
        },
        Binding {
            keys: &[(KeyCode::Char('t'), CTRL)],
            label: "Ctrl-t",
            does: "print it, where a printer is set up",
            short: "prints",
            action: TakeAwayKey::Print,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "no copy",
            short: "cancels",
            action: TakeAwayKey::Cancel,
        },
    ],
};

pub fn take_away_hint(can_print: bool) -> String {
    let keys: &[TakeAwayKey] = if can_print {
        &[
            TakeAwayKey::Write,
            TakeAwayKey::Show,
            TakeAwayKey::Print,
            TakeAwayKey::Cancel,
        ]
    } else {
        &[TakeAwayKey::Write, TakeAwayKey::Show, TakeAwayKey::Cancel]
    };
    format!(" {} ", TAKE_AWAY.hint(keys))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorKey {
    AddService,
}

/// The editor's own key; the rest are the form's.
pub const EDITOR: Keymap<EditorKey> = Keymap {
    bindings: &[Binding {
        keys: &[(KeyCode::Char('o'), CTRL)],
        label: "Ctrl-o",
        does: "add NHS 111, Samaritans, SHOUT or a service",
        short: "add a service",
        action: EditorKey::AddService,
    }],
};

/// The editor's footer: the form's keys in its words, and its own Ctrl-o.
pub fn editor_footer() -> Vec<Say> {
    vec![
        Say::As(FormKey::Submit, "saves a new version"),
        Say::Key(FormKey::Cancel),
        Say::Own(EDITOR.hint(&[EditorKey::AddService])),
        Say::Moves("sections"),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKey {
    Move,
    Add,
    Unnarrow,
    Close,
}

/// "Add to professionals and services": letters narrow the offers, so only the arrows move.
pub const PICKER: Keymap<PickerKey> = Keymap {
    bindings: &[
        Binding {
            keys: keys::ARROW_KEYS,
            label: "↑/↓",
            does: "choose (PgUp PgDn Home End too)",
            short: "choose",
            action: PickerKey::Move,
        },
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "add the one chosen to the plan",
            short: "adds",
            action: PickerKey::Add,
        },
        Binding {
            keys: &[(KeyCode::Backspace, NONE)],
            label: "Backspace",
            does: "narrow less (letters narrow)",
            short: "",
            action: PickerKey::Unnarrow,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "empty what was typed, then close",
            short: "closes",
            action: PickerKey::Close,
        },
    ],
};

pub fn picker_hint() -> String {
    format!(
        " type to narrow · {} ",
        PICKER.hint(&[PickerKey::Move, PickerKey::Add, PickerKey::Close])
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferKey {
    Continue,
    Discard,
    NotNow,
}

/// Opening a plan with an unsaved draft of it.
pub const DRAFT_OFFER: Keymap<OfferKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "continue the draft",
            short: "",
            action: OfferKey::Continue,
        },
        Binding {
            keys: &[(KeyCode::Char('d'), NONE)],
            label: "d",
            does: "discard it and start from the saved plan",
            short: "",
            action: OfferKey::Discard,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "not now (the draft is kept)",
            short: "",
            action: OfferKey::NotNow,
        },
    ],
};

/// The draft offer's choices, a line each ("  Enter  continue the draft").
pub fn draft_offer_lines() -> Vec<String> {
    DRAFT_OFFER
        .bindings
        .iter()
        .map(|b| format!("  {:<6} {}", b.label, b.does))
        .collect()
}

pub const IN_DRAFT_OFFER: &str = "an unsaved draft";
pub const IN_VERSIONS: &str = "history";
pub const IN_CHANGES: &str = "changes";
pub const IN_SHOWN: &str = "copy on screen";
pub const IN_TAKE_AWAY: &str = "take-away";
pub const IN_EDITOR: &str = "in the editor";
pub const IN_PICKER: &str = "adding a service";

/// These views' rows of the pane's help, each said for its view.
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows = EDITOR.help_rows_in(IN_EDITOR);
    rows.extend(PICKER.help_rows_in(IN_PICKER));
    rows.extend(VERSIONS.help_rows_in(IN_VERSIONS));
    rows.extend(CHANGES.help_rows_in(IN_CHANGES));
    rows.extend(TAKE_AWAY.help_rows_in(IN_TAKE_AWAY));
    rows.extend(SHOWN.help_rows_in(IN_SHOWN));
    rows.extend(DRAFT_OFFER.help_rows_in(IN_DRAFT_OFFER));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_of_every_view_is_in_help() {
        let rows = help_rows();
        let none: Vec<&str> = Vec::new();
        assert_eq!(EDITOR.missing_from(&rows, Some(IN_EDITOR)), none);
        assert_eq!(PICKER.missing_from(&rows, Some(IN_PICKER)), none);
        assert_eq!(VERSIONS.missing_from(&rows, Some(IN_VERSIONS)), none);
        assert_eq!(CHANGES.missing_from(&rows, Some(IN_CHANGES)), none);
        assert_eq!(TAKE_AWAY.missing_from(&rows, Some(IN_TAKE_AWAY)), none);
        assert_eq!(SHOWN.missing_from(&rows, Some(IN_SHOWN)), none);
        assert_eq!(DRAFT_OFFER.missing_from(&rows, Some(IN_DRAFT_OFFER)), none);
    }

    #[test]
    fn the_footers_say_what_the_bindings_say() {
        assert_eq!(
            versions_hint(),
            " j/k move · Space mark to compare · Enter show the changes · Esc back "
        );
        assert_eq!(
            changes_hint(),
            " + added · - removed · j/k scroll · Esc back to the versions "
        );
        assert_eq!(
            shown_hint(),
            " Copy it from the screen · j/k scroll · Esc closes "
        );
        assert_eq!(
            take_away_hint(true),
            " Enter writes the file · Ctrl-p on screen · Ctrl-t prints · Esc cancels "
        );
        assert_eq!(
            take_away_hint(false),
            " Enter writes the file · Ctrl-p on screen · Esc cancels "
        );
        assert_eq!(
            crate::ui::widgets::fields::footer(&editor_footer()),
            "Ctrl-s saves a new version · Esc cancels · Ctrl-o add a service · Tab/Shift-Tab sections"
        );
        assert_eq!(
            draft_offer_lines(),
            [
                "  Enter  continue the draft",
                "  d      discard it and start from the saved plan",
                "  Esc    not now (the draft is kept)",
            ]
        );
        assert_eq!(
            picker_hint(),
            " type to narrow · ↑/↓ choose · Enter adds · Esc closes "
        );
    }
}
