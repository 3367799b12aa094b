//! The Peers pane's own keys, one table per view: the lists (on tonight, the roster), a
//! worker, an assignment. `keys.rs` resolves a key against the table of the view in front;
//! the help overlay and each view's footer hint are made from these tables (with the list
//! keys of [`keys::LIST`]), so what help says is what a key does.

use crate::ui::help::HelpRow;
use crate::ui::keys::{self, Binding, Keymap, ListMove, NONE};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKey {
    Tonight,
    Roster,
    Assign,
    ToggleActive,
    ClearFilter,
    Page,
}

pub const LISTS: Keymap<ListKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('t'), NONE)],
            label: "t",
            does: "on tonight",
            short: "",
            action: ListKey::Tonight,
        },
        Binding {
            keys: &[(KeyCode::Char('r'), NONE)],
            label: "r",
            does: "the roster",
            short: "roster",
            action: ListKey::Roster,
        },
        Binding {
            keys: &[(KeyCode::Char('a'), NONE)],
            label: "a",
            does: "assign a visitor",
            short: "assign",
            action: ListKey::Assign,
        },
        Binding {
            keys: &[(KeyCode::Char('x'), NONE)],
            label: "x",
            does: "deactivate or reactivate",
            short: "deactivate",
            action: ListKey::ToggleActive,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "clear the filter",
            short: "",
            action: ListKey::ClearFilter,
        },
        Binding {
            keys: keys::PAGE_KEYS,
            label: "PgUp PgDn g G",
            does: "a page up / down, the top / the end",
            short: "",
            action: ListKey::Page,
        },
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerKey {
    Assign,
    TimeOff,
    Supervision,
    ToggleActive,
    Back,
    Page,
}

pub const WORKER: Keymap<WorkerKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('a'), NONE)],
            label: "a",
            does: "assign a visitor to them",
            short: "assign",
            action: WorkerKey::Assign,
        },
        Binding {
            keys: &[(KeyCode::Char('o'), NONE)],
            label: "o",
            does: "time off or an extra shift",
            short: "time off / extra shift",
            action: WorkerKey::TimeOff,
        },
        Binding {
            keys: &[(KeyCode::Char('s'), NONE)],
            label: "s",
            does: "a supervision",
            short: "supervision",
            action: WorkerKey::Supervision,
        },
        Binding {
            keys: &[(KeyCode::Char('x'), NONE)],
            label: "x",
            does: "deactivate or reactivate",
            short: "deactivate",
            action: WorkerKey::ToggleActive,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back",
            short: "",
            action: WorkerKey::Back,
        },
        Binding {
            keys: keys::PAGE_KEYS,
            label: "PgUp PgDn g G",
            does: "page through their assignments",
            short: "page",
            action: WorkerKey::Page,
        },
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentKey {
    LogSession,
    HandOver,
    End,
    CorrectSession,
    Back,
}

pub const ASSIGNMENT: Keymap<AssignmentKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('l'), NONE)],
            label: "l",
            does: "log a session",
            short: "",
            action: AssignmentKey::LogSession,
        },
        Binding {
            keys: &[(KeyCode::Char('h'), NONE)],
            label: "h",
            does: "hand over",
            short: "",
            action: AssignmentKey::HandOver,
        },
        Binding {
            keys: &[(KeyCode::Char('x'), NONE)],
            label: "x",
            does: "end the assignment",
            short: "",
            action: AssignmentKey::End,
        },
        Binding {
            keys: &[(KeyCode::Char('c'), NONE)],
            label: "c",
            does: "correct a logged session",
            short: "",
            action: AssignmentKey::CorrectSession,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back",
            short: "",
            action: AssignmentKey::Back,
        },
    ],
};

/// The pane's rows of the help overlay: each view's table, the worker's and the assignment's
/// said as such.
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows = LISTS.help_rows();
    rows.extend(WORKER.help_rows_in("in a worker"));
    rows.extend(ASSIGNMENT.help_rows_in("in an assignment"));
    rows
}

/// The lists' footer: the list keys, then the view's own.
pub fn lists_hint(roster: bool) -> String {
    let list = keys::LIST.hint(&[
        ListMove::Open,
        ListMove::New,
        ListMove::Edit,
        ListMove::Filter,
    ]);
    let own = if roster {
        LISTS.hint(&[ListKey::Assign, ListKey::ToggleActive, ListKey::Tonight])
    } else {
        LISTS.hint(&[ListKey::Assign, ListKey::Roster])
    };
    format!(" {list} · {own}")
}

pub fn worker_hint() -> String {
    let list = keys::LIST.hint(&[ListMove::Open, ListMove::Edit]);
    let own = WORKER.hint(&[
        WorkerKey::Assign,
        WorkerKey::TimeOff,
        WorkerKey::Supervision,
        WorkerKey::ToggleActive,
        WorkerKey::Back,
    ]);
    format!(" {list} · {own}")
}

pub fn assignment_hint(active: bool) -> String {
    let own = if active {
        ASSIGNMENT.hint(&[
            AssignmentKey::LogSession,
            AssignmentKey::HandOver,
            AssignmentKey::End,
        ])
    } else {
        String::new()
    };
    let scroll = "j/k scroll";
    let back = ASSIGNMENT.hint(&[AssignmentKey::Back]);
    let parts: Vec<&str> = [own.as_str(), scroll, back.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    format!(" {} ", parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_of_every_view_is_in_help() {
        let rows = help_rows();
        assert_eq!(LISTS.missing_from(&rows, None), Vec::<&str>::new());
        assert_eq!(
            WORKER.missing_from(&rows, Some("in a worker")),
            Vec::<&str>::new()
        );
        assert_eq!(
            ASSIGNMENT.missing_from(&rows, Some("in an assignment")),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn hints_say_what_the_bindings_say() {
        assert!(lists_hint(true).contains("a assign · x deactivate · t on tonight"));
        assert!(worker_hint().contains("o time off / extra shift"));
        assert_eq!(
            assignment_hint(false),
            " j/k scroll · Esc back ",
            "an ended assignment offers only scrolling and back"
        );
    }
}
