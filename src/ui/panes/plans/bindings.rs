//! The Plans pane's own keys, one table per view: the list of plans and an open plan. The
//! pane resolves a key once against the view in front; help and both footers are made from
//! these tables (with the list keys of [`keys::LIST`]). The editor, history and take-away
//! forms keep their own keys (see their files).

use crate::ui::help::HelpRow;
use crate::ui::keys::{self, Binding, Keymap, ListMove, NONE};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKey {
    OverdueFirst,
    ClearFilter,
    Page,
}

pub const LIST: Keymap<ListKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('o'), NONE)],
            label: "o",
            does: "overdue reviews first, or most recently updated first",
            short: "overdue first",
            action: ListKey::OverdueFirst,
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
            does: "a page up / down, the top / the end of the list",
            short: "page",
            action: ListKey::Page,
        },
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanKey {
    Edit,
    Reviewed,
    History,
    TakeAway,
    Down,
    Up,
    PageDown,
    PageUp,
    Back,
}

pub const PLAN: Keymap<PlanKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('e'), NONE)],
            label: "e",
            does: "edit: a new version",
            short: "edit",
            action: PlanKey::Edit,
        },
        Binding {
            keys: &[(KeyCode::Char('r'), NONE)],
            label: "r",
            does: "reviewed with the visitor, no changes",
            short: "reviewed as is",
            action: PlanKey::Reviewed,
        },
        Binding {
            keys: &[(KeyCode::Char('h'), NONE)],
            label: "h",
            does: "versions; Space marks one, Enter shows changes",
            short: "history",
            action: PlanKey::History,
        },
        Binding {
            keys: &[(KeyCode::Char('x'), NONE)],
            label: "x",
            does: "take-away copy (unencrypted file, on screen, or Ctrl-t printed)",
            short: "take-away copy",
            action: PlanKey::TakeAway,
        },
        Binding {
            keys: &[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)],
            label: "j / ↓",
            does: "scroll down",
            short: "scroll",
            action: PlanKey::Down,
        },
        Binding {
            keys: &[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)],
            label: "k / ↑",
            does: "scroll up",
            short: "",
            action: PlanKey::Up,
        },
        Binding {
            keys: &[(KeyCode::PageDown, NONE), (KeyCode::Char(' '), NONE)],
            label: "PgDn / Space",
            does: "a page down",
            short: "",
            action: PlanKey::PageDown,
        },
        Binding {
            keys: &[(KeyCode::PageUp, NONE)],
            label: "PgUp",
            does: "a page up",
            short: "",
            action: PlanKey::PageUp,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back",
            short: "",
            action: PlanKey::Back,
        },
    ],
};

/// The pane's help rows: the list's table, then the plan's (said as such), then the editor's
/// one key of its own.
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows = LIST.help_rows();
    rows.extend(PLAN.help_rows_in("in a plan"));
    rows.extend(super::view_bindings::help_rows());
    rows
}

pub fn list_hint() -> String {
    let list = keys::LIST.hint(&[
        ListMove::Open,
        ListMove::Edit,
        ListMove::New,
        ListMove::Filter,
    ]);
    format!(" {list} · {}", LIST.hint(&[ListKey::OverdueFirst]))
}

pub fn plan_hint() -> String {
    format!(
        " {} ",
        PLAN.hint(&[
            PlanKey::Edit,
            PlanKey::Reviewed,
            PlanKey::History,
            PlanKey::TakeAway,
            PlanKey::Down,
            PlanKey::Back,
        ])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_of_both_views_is_in_help() {
        let rows = help_rows();
        assert_eq!(LIST.missing_from(&rows, None), Vec::<&str>::new());
        assert_eq!(
            PLAN.missing_from(&rows, Some("in a plan")),
            Vec::<&str>::new()
        );
        assert_eq!(
            plan_hint(),
            " e edit · r reviewed as is · h history · x take-away copy · j / ↓ scroll · Esc back "
        );
    }
}
