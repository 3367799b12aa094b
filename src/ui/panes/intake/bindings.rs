//! The Intake pane's own keys, one table per view: the board and an open visit. The pane
//! resolves a key once against the view in front; its help rows and both footers are made
//! from these tables (with the list keys of [`keys::LIST`]). Forms, pickers and the other
//! lists over the board keep their keys in their own files.

use crate::ui::help::HelpRow;
use crate::ui::keys::{self, Binding, Keymap, ListMove, NONE};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardKey {
    MoveOn,
    PastVisits,
    Plan,
    FollowUps,
    Earlier,
    Later,
    Tonight,
    CloseOut,
    ClearFilter,
    Page,
}

pub const BOARD: Keymap<BoardKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('s'), NONE)],
            label: "s",
            does: "move the visit on: waiting, with worker, seen, left",
            short: "move on",
            action: BoardKey::MoveOn,
        },
        Binding {
            keys: &[(KeyCode::Char('p'), NONE)],
            label: "p",
            does: "the person's past visits",
            short: "past visits",
            action: BoardKey::PastVisits,
        },
        Binding {
            keys: &[(KeyCode::Char('c'), NONE)],
            label: "c",
            does: "the person's crisis plan",
            short: "plan",
            action: BoardKey::Plan,
        },
        Binding {
            keys: &[(KeyCode::Char('o'), NONE)],
            label: "o",
            does: "open follow-ups of every shift (d done, x cancel)",
            short: "follow-ups",
            action: BoardKey::FollowUps,
        },
        Binding {
            keys: &[(KeyCode::Char('['), NONE)],
            label: "[",
            does: "the shift before",
            short: "earlier",
            action: BoardKey::Earlier,
        },
        Binding {
            keys: &[(KeyCode::Char(']'), NONE)],
            label: "]",
            does: "the shift after",
            short: "later",
            action: BoardKey::Later,
        },
        Binding {
            keys: &[(KeyCode::Char('t'), NONE)],
            label: "t",
            does: "back to tonight",
            short: "tonight",
            action: BoardKey::Tonight,
        },
        Binding {
            keys: &[(KeyCode::Char('x'), NONE)],
            label: "x",
            does: "once the shift has ended: close out the visits still open",
            short: "close out",
            action: BoardKey::CloseOut,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "clear the filter",
            short: "",
            action: BoardKey::ClearFilter,
        },
        Binding {
            keys: keys::PAGE_KEYS,
            label: "PgUp PgDn g G",
            does: "a page up / down, the top / the end of the board",
            short: "page",
            action: BoardKey::Page,
        },
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitKey {
    Edit,
    Correct,
    Incident,
    CorrectIncident,
    FollowUp,
    FollowUpDone,
    FollowUpReopen,
    CloseSafeguarding,
    Worker,
    PastVisits,
    Plan,
    Merge,
    Down,
    Up,
    Back,
}

pub const VISIT: Keymap<VisitKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('e'), NONE)],
            label: "e",
            does: "edit its triage",
            short: "edit",
            action: VisitKey::Edit,
        },
        Binding {
            keys: &[(KeyCode::Char('E'), NONE)],
            label: "E",
            does: "correct its details",
            short: "correct",
            action: VisitKey::Correct,
        },
        Binding {
            keys: &[(KeyCode::Char('i'), NONE)],
            label: "i",
            does: "log an incident",
            short: "incident",
            action: VisitKey::Incident,
        },
        Binding {
            keys: &[(KeyCode::Char('I'), NONE)],
            label: "I",
            does: "correct an incident",
            short: "",
            action: VisitKey::CorrectIncident,
        },
        Binding {
            keys: &[(KeyCode::Char('f'), NONE)],
            label: "f",
            does: "log a follow-up",
            short: "follow-up",
            action: VisitKey::FollowUp,
        },
        Binding {
            keys: &[(KeyCode::Char('d'), NONE)],
            label: "d",
            does: "close a follow-up",
            short: "done",
            action: VisitKey::FollowUpDone,
        },
        Binding {
            keys: &[(KeyCode::Char('D'), NONE)],
            label: "D",
            does: "reopen a follow-up",
            short: "",
            action: VisitKey::FollowUpReopen,
        },
        Binding {
            keys: &[(KeyCode::Char('S'), NONE)],
            label: "S",
            does: "close its safeguarding concern",
            short: "",
            action: VisitKey::CloseSafeguarding,
        },
        Binding {
            keys: &[(KeyCode::Char('w'), NONE)],
            label: "w",
            does: "assign a peer worker",
            short: "worker",
            action: VisitKey::Worker,
        },
        Binding {
            keys: &[(KeyCode::Char('p'), NONE)],
            label: "p",
            does: "the person's past visits",
            short: "visits",
            action: VisitKey::PastVisits,
        },
        Binding {
            keys: &[(KeyCode::Char('c'), NONE)],
            label: "c",
            does: "the person's crisis plan",
            short: "plan",
            action: VisitKey::Plan,
        },
        Binding {
            keys: &[(KeyCode::Char('M'), NONE)],
            label: "M",
            does: "merge two records of the same person",
            short: "",
            action: VisitKey::Merge,
        },
        Binding {
            keys: &[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)],
            label: "j / ↓",
            does: "scroll down",
            short: "",
            action: VisitKey::Down,
        },
        Binding {
            keys: &[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)],
            label: "k / ↑",
            does: "scroll up",
            short: "",
            action: VisitKey::Up,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back",
            short: "",
            action: VisitKey::Back,
        },
    ],
};

/// The triage form's own keys, beside the form table's: a step between its four parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKey {
    Next,
    Before,
}

pub const TRIAGE_PARTS: Keymap<PartKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('n'), keys::CTRL)],
            label: "Ctrl-n",
            does: "the next of its four parts",
            short: "next part",
            action: PartKey::Next,
        },
        Binding {
            keys: &[(KeyCode::Char('p'), keys::CTRL)],
            label: "Ctrl-p",
            does: "the part before",
            short: "part before",
            action: PartKey::Before,
        },
    ],
};

pub const IN_TRIAGE: &str = "in the triage form";

/// "Ctrl-n/Ctrl-p parts": the triage form's footer names its part keys together.
pub fn parts_hint() -> String {
    let labels: Vec<&str> = TRIAGE_PARTS.bindings.iter().map(|b| b.label).collect();
    format!("{} parts", labels.join("/"))
}

/// The pane's help rows: the board's table, then the visit's and the triage form's (said as
/// such).
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows = BOARD.help_rows();
    rows.extend(VISIT.help_rows_in("in a visit"));
    rows.extend(TRIAGE_PARTS.help_rows_in(IN_TRIAGE));
    rows
}

/// The board's footer items: tonight's work first; an earlier shift is for reading.
pub fn board_hint(tonight: bool) -> Vec<String> {
    if tonight {
        let mut items = keys::LIST.hint_items(&[
            ListMove::New,
            ListMove::Open,
            ListMove::Edit,
            ListMove::Filter,
        ]);
        items.extend(BOARD.hint_items(&[
            BoardKey::MoveOn,
            BoardKey::PastVisits,
            BoardKey::Plan,
            BoardKey::FollowUps,
            BoardKey::Earlier,
            BoardKey::Later,
        ]));
        items
    } else {
        let mut items = keys::LIST.hint_items(&[ListMove::Open, ListMove::Filter]);
        items.extend(BOARD.hint_items(&[BoardKey::Earlier, BoardKey::Later, BoardKey::Tonight]));
        items
    }
}

pub fn visit_hint() -> String {
    format!(
        " {} ",
        VISIT.hint(&[
            VisitKey::Edit,
            VisitKey::Correct,
            VisitKey::Incident,
            VisitKey::FollowUp,
            VisitKey::FollowUpDone,
            VisitKey::Worker,
            VisitKey::PastVisits,
            VisitKey::Plan,
            VisitKey::Back,
        ])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_of_both_views_is_in_help() {
        let rows = help_rows();
        assert_eq!(BOARD.missing_from(&rows, None), Vec::<&str>::new());
        assert_eq!(
            VISIT.missing_from(&rows, Some("in a visit")),
            Vec::<&str>::new()
        );
        assert_eq!(
            TRIAGE_PARTS.missing_from(&rows, Some(IN_TRIAGE)),
            Vec::<&str>::new()
        );
        assert_eq!(parts_hint(), "Ctrl-n/Ctrl-p parts");
        assert_eq!(
            visit_hint(),
            " e edit · E correct · i incident · f follow-up · d done · w worker · p visits · c plan · Esc back "
        );
        assert_eq!(board_hint(true).first().map(String::as_str), Some("n new"));
    }
}
