//! The key contract of DESIGN.md §3: the global table (panes, find, help, lock, quit). Dispatch
//! and the help overlay both read it; the list keys are [`crate::ui::keys::LIST`].

use crate::ui::help::HelpRow;
use crate::ui::keys::{self, Binding, CTRL, Keymap, NONE, SHIFT};
use crate::ui::panes::PaneId;
use crate::ui::widgets::fields;
use crossterm::event::{KeyCode, KeyEvent};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ShowPane(PaneId),
    NextPane,
    PreviousPane,
    FindPerson,
    Help,
    Lock,
    Quit,
    ResumeDraft,
}

/// The global keys, outside text fields; the number keys are `action_for`'s own. The list
/// keys (j/k, Enter, n, e, /) are the pane's, from [`keys::LIST`].
pub const GLOBAL: Keymap<Action> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Tab, NONE)],
            label: "Tab",
            does: "next pane",
            short: "",
            action: Action::NextPane,
        },
        Binding {
            keys: &[(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)],
            label: "Shift-Tab",
            does: "previous pane",
            short: "",
            action: Action::PreviousPane,
        },
        Binding {
            keys: &[(KeyCode::Char('f'), CTRL)],
            label: "Ctrl-f",
            does: "find a person",
            short: "",
            action: Action::FindPerson,
        },
        Binding {
            keys: &[(KeyCode::Char('?'), NONE)],
            label: "?",
            does: "help for this pane",
            short: "",
            action: Action::Help,
        },
        Binding {
            keys: &[(KeyCode::Char('l'), CTRL)],
            label: "Ctrl-l",
            does: "lock now",
            short: "",
            action: Action::Lock,
        },
        Binding {
            keys: &[(KeyCode::Char('q'), NONE)],
            label: "q",
            does: "quit",
            short: "",
            action: Action::Quit,
        },
        Binding {
            keys: &[(KeyCode::Char('r'), CTRL)],
            label: "Ctrl-r",
            does: "back to the drafts waiting for you, newest first",
            short: "",
            action: Action::ResumeDraft,
        },
    ],
};

/// The action a key means outside text fields, resolved once.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    if let KeyCode::Char(c @ '1'..='5') = key.code
        && key.modifiers == NONE
    {
        return PaneId::from_number(c as u8 - b'0').map(Action::ShowPane);
    }
    GLOBAL.resolve(key)
}

/// Ctrl-c quits from anywhere, text fields included, saving drafts first.
pub fn is_force_quit(key: KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(CTRL)
}

/// Rows for the help overlay.
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows = vec![HelpRow {
        keys: "1-5".into(),
        does: "Intake, Plans, Peers, Handover, Reports".into(),
    }];
    // Moving between panes, then within one, then the rest (the order of DESIGN.md §3).
    let global = GLOBAL.help_rows();
    let between_panes = 2;
    rows.extend(global.iter().take(between_panes).cloned());
    rows.extend(keys::LIST.help_rows());
    rows.extend(global.into_iter().skip(between_panes));
    rows.extend(keys::FILTER.help_rows_in(keys::IN_FILTER));
    rows.extend(keys::PICK.help_rows_in(keys::IN_PICK));
    rows.extend(crate::ui::find::help_rows());
    // Each list pane handles these itself (a report scrolls, a list pages from the database),
    // so they are listed here rather than bound to one action.
    rows.push(HelpRow {
        keys: "PgUp PgDn g G".into(),
        does: "a page up / down a list, its top / end (also Home, End)".into(),
    });
    // Every form's own keys (the form's table: the same in every form).
    rows.extend(fields::FORM.help_rows_in("in a form"));
    rows.extend(keys::CONFIRM.help_rows());
    rows.push(HelpRow {
        keys: "Ctrl-c".into(),
        does: "quit from anywhere (drafts are saved)".into(),
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

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
        assert_eq!(action_for(k(KeyCode::Char('j'), NONE)), None, "the pane's");
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
        for b in GLOBAL.bindings {
            assert!(rows.iter().any(|r| r.keys == b.label && r.does == b.does));
        }
        for b in keys::LIST.bindings {
            assert!(rows.iter().any(|r| r.keys == b.label && r.does == b.does));
        }
        assert_eq!(
            fields::FORM.missing_from(&rows, Some("in a form")),
            Vec::<&str>::new(),
            "every key a form takes is in help"
        );
        assert_eq!(
            keys::FILTER.missing_from(&rows, Some(keys::IN_FILTER)),
            Vec::<&str>::new()
        );
        assert_eq!(
            keys::PICK.missing_from(&rows, Some(keys::IN_PICK)),
            Vec::<&str>::new()
        );
        assert_eq!(keys::pick_hint(), " Enter chooses · Esc back ");
        assert_eq!(keys::CONFIRM.missing_from(&rows, None), Vec::<&str>::new());
        assert_eq!(
            keys::confirm_hint("prints", " cancels"),
            "y prints · any other key cancels"
        );
        use crate::ui::find::{FIND, FIND_FOR, IN_FIND, IN_FIND_FOR};
        assert_eq!(FIND.missing_from(&rows, Some(IN_FIND)), Vec::<&str>::new());
        assert_eq!(
            FIND_FOR.missing_from(&rows, Some(IN_FIND_FOR)),
            Vec::<&str>::new()
        );
    }
}
