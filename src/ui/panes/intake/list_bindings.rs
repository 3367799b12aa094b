//! The keys of the lists Intake opens over the board, one table each: the open follow-ups, a
//! person's past visits, the close-out step (and its reason line), the "has this person been
//! before?" choice (a visit's pick lists use the shared [`keys::PICK`]). Each list resolves a key once against its
//! table; its footer and the pane's help rows are made from it.

use crate::ui::help::HelpRow;
use crate::ui::keys::{self, Binding, Keymap, NONE, PickKey};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpsKey {
    Done,
    Cancel,
    Open,
    Move,
    Back,
}

pub const FOLLOW_UPS: Keymap<FollowUpsKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('d'), NONE)],
            label: "d",
            does: "done, with its outcome",
            short: "done",
            action: FollowUpsKey::Done,
        },
        Binding {
            keys: &[(KeyCode::Char('x'), NONE)],
            label: "x",
            does: "cancel it, saying why",
            short: "cancel",
            action: FollowUpsKey::Cancel,
        },
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "the visit it came from",
            short: "its visit",
            action: FollowUpsKey::Open,
        },
        Binding {
            keys: keys::MOVE_KEYS,
            label: "PgUp/PgDn",
            does: "move (also j k ↓ ↑ g G Home End)",
            short: "page",
            action: FollowUpsKey::Move,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back to the board",
            short: "back",
            action: FollowUpsKey::Back,
        },
    ],
};

pub fn follow_ups_hint() -> String {
    format!(
        " {} ",
        FOLLOW_UPS.hint(&[
            FollowUpsKey::Done,
            FollowUpsKey::Cancel,
            FollowUpsKey::Open,
            FollowUpsKey::Move,
            FollowUpsKey::Back,
        ])
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PastVisitsKey {
    Open,
    Plan,
    Export,
    Move,
    Back,
}

pub const PAST_VISITS: Keymap<PastVisitsKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "open the visit",
            short: "open",
            action: PastVisitsKey::Open,
        },
        Binding {
            keys: &[(KeyCode::Char('c'), NONE)],
            label: "c",
            does: "the person's crisis plan",
            short: "crisis plan",
            action: PastVisitsKey::Plan,
        },
        Binding {
            keys: &[(KeyCode::Char('x'), NONE)],
            label: "x",
            does: "subject access export to a file (asks first)",
            short: "subject access export",
            action: PastVisitsKey::Export,
        },
        Binding {
            keys: keys::MOVE_KEYS,
            label: "j / k",
            does: "move (also ↓ ↑ PgUp PgDn g G Home End)",
            short: "move",
            action: PastVisitsKey::Move,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back",
            short: "",
            action: PastVisitsKey::Back,
        },
    ],
};

pub fn past_visits_hint() -> String {
    format!(
        " {} ",
        PAST_VISITS.hint(&[
            PastVisitsKey::Open,
            PastVisitsKey::Plan,
            PastVisitsKey::Export,
            PastVisitsKey::Back,
        ])
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseOutKey {
    Left,
    ReferredOn,
    Carry,
    Move,
    Back,
}

pub const CLOSE_OUT: Keymap<CloseOutKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('l'), NONE)],
            label: "l",
            does: "the visitor has left",
            short: "left",
            action: CloseOutKey::Left,
        },
        Binding {
            keys: &[(KeyCode::Char('r'), NONE)],
            label: "r",
            does: "referred on",
            short: "",
            action: CloseOutKey::ReferredOn,
        },
        Binding {
            keys: &[(KeyCode::Char('c'), NONE)],
            label: "c",
            does: "carry it to the next shift, with a reason",
            short: "carry forward",
            action: CloseOutKey::Carry,
        },
        Binding {
            keys: keys::MOVE_KEYS,
            label: "j / k",
            does: "move (also ↓ ↑ PgUp PgDn g G Home End)",
            short: "move",
            action: CloseOutKey::Move,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back to the board",
            short: "back",
            action: CloseOutKey::Back,
        },
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonKey {
    Carry,
    Cancel,
}

/// While the reason a visit is carried forward is typed: every other key is typing.
pub const CARRY_REASON: Keymap<ReasonKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "carry it with the reason typed",
            short: "carries it forward",
            action: ReasonKey::Carry,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "do not carry it",
            short: "cancels",
            action: ReasonKey::Cancel,
        },
    ],
};

pub fn close_out_hint(asking: bool) -> String {
    if asking {
        CARRY_REASON.hint(&[ReasonKey::Carry, ReasonKey::Cancel])
    } else {
        CLOSE_OUT.hint(&[
            CloseOutKey::Left,
            CloseOutKey::ReferredOn,
            CloseOutKey::Carry,
            CloseOutKey::Back,
        ])
    }
}

/// "Has this person been before?": one of the people found, or someone new.
pub const MATCH: Keymap<PickKey> = Keymap {
    bindings: &[
        Binding {
            keys: keys::MOVE_KEYS,
            label: "↑/↓",
            does: "choose (also j k PgUp PgDn g G Home End)",
            short: "choose",
            action: PickKey::Move,
        },
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "this is the person (or someone new)",
            short: "confirm",
            action: PickKey::Choose,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back to the form",
            short: "",
            action: PickKey::Back,
        },
    ],
};

pub fn match_hint() -> String {
    format!(
        " {} ",
        MATCH.hint(&[PickKey::Move, PickKey::Choose, PickKey::Back])
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeKey {
    Merge,
    Cancel,
    Enter,
    Next,
    Previous,
    Toggle,
    KeepFirst,
    KeepSecond,
}

/// Merging two records: a row per field, each kept from one side, then the reason. On the
/// reason's row every key but these (and the two arrows' sides) is typing.
pub const MERGE: Keymap<MergeKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Tab, NONE), (KeyCode::Down, NONE)],
            label: "↑/↓",
            does: "the next row (Tab too; ↑ and Shift-Tab go back)",
            short: "row",
            action: MergeKey::Next,
        },
        Binding {
            keys: &[
                (KeyCode::BackTab, NONE),
                (KeyCode::BackTab, keys::SHIFT),
                (KeyCode::Up, NONE),
            ],
            label: "↑ / Shift-Tab",
            does: "the row before",
            short: "",
            action: MergeKey::Previous,
        },
        Binding {
            keys: &[(KeyCode::Char(' '), NONE)],
            label: "Space or ←/→",
            does: "keep the other side's value of this row",
            short: "keep",
            action: MergeKey::Toggle,
        },
        Binding {
            keys: &[(KeyCode::Left, NONE), (KeyCode::Char('h'), NONE)],
            label: "← / h",
            does: "keep the first record's value",
            short: "",
            action: MergeKey::KeepFirst,
        },
        Binding {
            keys: &[(KeyCode::Right, NONE), (KeyCode::Char('l'), NONE)],
            label: "→ / l",
            does: "keep the second record's value",
            short: "",
            action: MergeKey::KeepSecond,
        },
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "the next row; on the reason, merge (asks first)",
            short: "",
            action: MergeKey::Enter,
        },
        Binding {
            keys: &[(KeyCode::Char('s'), keys::CTRL)],
            label: "Ctrl-s",
            does: "merge (asks first; y merges)",
            short: "merge",
            action: MergeKey::Merge,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "cancel (twice when something was changed)",
            short: "cancel",
            action: MergeKey::Cancel,
        },
    ],
};

pub fn merge_hint() -> String {
    format!(
        " {} ",
        MERGE.hint(&[
            MergeKey::Next,
            MergeKey::Toggle,
            MergeKey::Merge,
            MergeKey::Cancel,
        ])
    )
}

/// What each list is called in help.
pub const IN_FOLLOW_UPS: &str = "follow-ups";
pub const IN_PAST_VISITS: &str = "past visits";
pub const IN_CLOSE_OUT: &str = "close-out";
pub const IN_CARRY_REASON: &str = "carry reason";
pub const IN_MATCH: &str = "been before?";
pub const IN_MERGE: &str = "merging";

/// These lists' rows of the pane's help, each said for its list.
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows = FOLLOW_UPS.help_rows_in(IN_FOLLOW_UPS);
    rows.extend(PAST_VISITS.help_rows_in(IN_PAST_VISITS));
    rows.extend(CLOSE_OUT.help_rows_in(IN_CLOSE_OUT));
    rows.extend(CARRY_REASON.help_rows_in(IN_CARRY_REASON));
    rows.extend(MATCH.help_rows_in(IN_MATCH));
    rows.extend(MERGE.help_rows_in(IN_MERGE));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_of_every_list_is_in_help() {
        let rows = help_rows();
        let none: Vec<&str> = Vec::new();
        assert_eq!(FOLLOW_UPS.missing_from(&rows, Some(IN_FOLLOW_UPS)), none);
        assert_eq!(PAST_VISITS.missing_from(&rows, Some(IN_PAST_VISITS)), none);
        assert_eq!(CLOSE_OUT.missing_from(&rows, Some(IN_CLOSE_OUT)), none);
        assert_eq!(
            CARRY_REASON.missing_from(&rows, Some(IN_CARRY_REASON)),
            none
        );
        assert_eq!(MATCH.missing_from(&rows, Some(IN_MATCH)), none);
        assert_eq!(MERGE.missing_from(&rows, Some(IN_MERGE)), none);
    }

    #[test]
    fn the_footers_say_what_the_bindings_say() {
        assert_eq!(
            past_visits_hint(),
            " Enter open · c crisis plan · x subject access export · Esc back "
        );
        assert_eq!(
            close_out_hint(false),
            "l left · r referred on · c carry forward · Esc back"
        );
        assert_eq!(
            close_out_hint(true),
            "Enter carries it forward · Esc cancels"
        );
        assert_eq!(
            merge_hint(),
            " ↑/↓ row · Space or ←/→ keep · Ctrl-s merge · Esc cancel "
        );
        assert_eq!(
            match_hint(),
            " ↑/↓ choose · Enter confirm · Esc back to the form "
        );
        assert_eq!(
            follow_ups_hint(),
            " d done · x cancel · Enter its visit · PgUp/PgDn page · Esc back "
        );
    }
}
