//! The key contract of DESIGN.md §3, as one table. Dispatch and the help overlay both read it.

use crate::ui::help::HelpRow;
use crate::ui::panes::PaneId;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ShowPane(PaneId),
    NextPane,
    PreviousPane,
    MoveUp,
    MoveDown,
    Open,
    New,
    Edit,
    Filter,
    FindPerson,
    Help,
    Lock,
    Quit,
}

struct Binding {
    keys: &'static [(KeyCode, KeyModifiers)],
    label: &'static str,
    action: Action,
    does: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

/// Outside text fields. Number keys are handled by `action_for` directly.
const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Tab, NONE)],
        label: "Tab",
        action: Action::NextPane,
        does: "next pane",
    },
    Binding {
        keys: &[(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)],
        label: "Shift-Tab",
        action: Action::PreviousPane,
        does: "previous pane",
    },
    Binding {
        keys: &[(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)],
        label: "j / ↓",
        action: Action::MoveDown,
        does: "move down",
    },
    Binding {
        keys: &[(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)],
        label: "k / ↑",
        action: Action::MoveUp,
        does: "move up",
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        action: Action::Open,
        does: "open",
    },
    Binding {
        keys: &[(KeyCode::Char('n'), NONE)],
        label: "n",
        action: Action::New,
        does: "new",
    },
    Binding {
        keys: &[(KeyCode::Char('e'), NONE)],
        label: "e",
        action: Action::Edit,
        does: "edit",
    },
    Binding {
        keys: &[(KeyCode::Char('/'), NONE)],
        label: "/",
        action: Action::Filter,
        does: "filter the list",
    },
    Binding {
        keys: &[(KeyCode::Char('f'), CTRL)],
        label: "Ctrl-f",
        action: Action::FindPerson,
        does: "find a person",
    },
    Binding {
        keys: &[(KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT)],
        label: "?",
        action: Action::Help,
        does: "help for this pane",
    },
    Binding {
        keys: &[(KeyCode::Char('l'), CTRL)],
        label: "Ctrl-l",
        action: Action::Lock,
        does: "lock now",
    },
    Binding {
        keys: &[(KeyCode::Char('q'), NONE)],
        label: "q",
        action: Action::Quit,
        does: "quit",
    },
];

/// The action a key means outside text fields.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    if let KeyCode::Char(c @ '1'..='5') = key.code
        && key.modifiers == NONE
    {
        return PaneId::from_number(c as u8 - b'0').map(Action::ShowPane);
    }
    BINDINGS
        .iter()
        .find(|b| {
            b.keys
                .iter()
                .any(|(code, mods)| *code == key.code && *mods == key.modifiers)
        })
        .map(|b| b.action)
}

/// Ctrl-c quits from anywhere, text fields included, saving drafts first.
pub fn is_force_quit(key: KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(CTRL)
}

/// Rows for the help overlay.
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows = vec![HelpRow {
        keys: "1-5".into(),
        does: "Intake, Plans, Peers, Handover, Reports",
    }];
    rows.extend(BINDINGS.iter().map(|b| HelpRow {
        keys: b.label.into(),
        does: b.does,
    }));
    // Each list pane handles these itself (a report scrolls, a list pages from the database),
    // so they are listed here rather than bound to one action.
    rows.push(HelpRow {
        keys: "PgUp PgDn g G".into(),
        does: "a page up / down a list, its top / end (also Home, End)",
    });
    rows.push(HelpRow {
        keys: "Ctrl-c".into(),
        does: "quit from anywhere (drafts are saved)",
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn contract_keys_map_to_their_actions() {
        assert_eq!(
            action_for(k(KeyCode::Char('3'), NONE)),
            Some(Action::ShowPane(PaneId::Peers))
        );
        assert_eq!(action_for(k(KeyCode::Char('6'), NONE)), None);
        assert_eq!(action_for(k(KeyCode::Tab, NONE)), Some(Action::NextPane));
        assert_eq!(
            action_for(k(KeyCode::BackTab, SHIFT)),
            Some(Action::PreviousPane)
        );
        assert_eq!(
            action_for(k(KeyCode::Char('j'), NONE)),
            Some(Action::MoveDown)
        );
        assert_eq!(action_for(k(KeyCode::Up, NONE)), Some(Action::MoveUp));
        assert_eq!(
            action_for(k(KeyCode::Char('f'), CTRL)),
            Some(Action::FindPerson)
        );
        assert_eq!(action_for(k(KeyCode::Char('l'), CTRL)), Some(Action::Lock));
        assert_eq!(action_for(k(KeyCode::Char('q'), NONE)), Some(Action::Quit));
        assert_eq!(action_for(k(KeyCode::Char('?'), SHIFT)), Some(Action::Help));
        assert!(is_force_quit(k(KeyCode::Char('c'), CTRL)));
    }

    #[test]
    fn every_binding_appears_in_help() {
        let rows = help_rows();
        for b in BINDINGS {
            assert!(rows.iter().any(|r| r.keys == b.label && r.does == b.does));
        }
    }
}
