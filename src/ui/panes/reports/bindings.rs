//! The Reports pane's keys, as one table: the periods, moving between them, scrolling the
//! report, and administration. The pane resolves a key here once; its help rows and the
//! report's footer hint are made from the same bindings.

use crate::ui::keys::{Binding, Keymap, NONE};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKey {
    Shift,
    Week,
    Month,
    Quarter,
    Year,
    Range,
    Before,
    After,
    PageDown,
    PageUp,
    Top,
    End,
    Down,
    Up,
    Admin,
}

pub const REPORT: Keymap<ReportKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('s'), NONE)],
            label: "s",
            does: "tonight's shift",
            short: "shift",
            action: ReportKey::Shift,
        },
        Binding {
            keys: &[(KeyCode::Char('w'), NONE)],
            label: "w",
            does: "this week",
            short: "week",
            action: ReportKey::Week,
        },
        Binding {
            keys: &[(KeyCode::Char('m'), NONE)],
            label: "m",
            does: "this month",
            short: "month",
            action: ReportKey::Month,
        },
        Binding {
            keys: &[(KeyCode::Char('t'), NONE)],
            label: "t",
            does: "this quarter",
            short: "quarter",
            action: ReportKey::Quarter,
        },
        Binding {
            keys: &[(KeyCode::Char('y'), NONE)],
            label: "y",
            does: "this financial year (April to March)",
            short: "year",
            action: ReportKey::Year,
        },
        Binding {
            keys: &[(KeyCode::Char('r'), NONE)],
            label: "r",
            does: "a range of dates (dd/mm/yyyy to dd/mm/yyyy)",
            short: "range",
            action: ReportKey::Range,
        },
        Binding {
            keys: &[(KeyCode::Char('['), NONE)],
            label: "[",
            does: "the period before",
            short: "before",
            action: ReportKey::Before,
        },
        Binding {
            keys: &[(KeyCode::Char(']'), NONE)],
            label: "]",
            does: "the period after",
            short: "after",
            action: ReportKey::After,
        },
        Binding {
            keys: &[(KeyCode::Char('A'), NONE)],
            label: "A",
            does: "administration: staff, directory, settings, audit log",
            short: "administration",
            action: ReportKey::Admin,
        },
        Binding {
            keys: &[(KeyCode::PageDown, NONE), (KeyCode::Char(' '), NONE)],
            label: "PgDn / Space",
            does: "scroll the report a page down",
            short: "page down",
            action: ReportKey::PageDown,
        },
        Binding {
            keys: &[(KeyCode::PageUp, NONE)],
            label: "PgUp",
            does: "scroll the report a page up",
            short: "page up",
            action: ReportKey::PageUp,
        },
        Binding {
            keys: &[(KeyCode::Home, NONE), (KeyCode::Char('g'), NONE)],
            label: "g / Home",
            does: "the top of the report",
            short: "top",
            action: ReportKey::Top,
        },
        Binding {
            keys: &[(KeyCode::End, NONE), (KeyCode::Char('G'), NONE)],
            label: "G / End",
            does: "the end of the report",
            short: "end",
            action: ReportKey::End,
        },
        Binding {
            keys: &[(KeyCode::Down, NONE)],
            label: "j / ↓",
            does: "scroll down a line",
            short: "scroll",
            action: ReportKey::Down,
        },
        Binding {
            keys: &[(KeyCode::Up, NONE)],
            label: "k / ↑",
            does: "scroll up a line",
            short: "",
            action: ReportKey::Up,
        },
    ],
};

/// The report's footer, the periods first (a narrow window keeps those).
pub fn hint() -> String {
    format!(
        " {} ",
        REPORT.hint(&[
            ReportKey::Shift,
            ReportKey::Week,
            ReportKey::Month,
            ReportKey::Quarter,
            ReportKey::Year,
            ReportKey::Range,
            ReportKey::Before,
            ReportKey::After,
        ])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_is_in_help_and_the_hint_uses_their_words() {
        let rows = REPORT.help_rows();
        assert_eq!(REPORT.missing_from(&rows, None), Vec::<&str>::new());
        assert!(
            hint().starts_with(" s shift · w week · m month"),
            "{}",
            hint()
        );
    }
}
