//! The Administration screen's keys outside forms. [`ADMIN`] holds every key of the screen
//! in general words; each section has a table of the keys that act there, in its own words
//! ("e reset PIN" on staff, "e change" on settings). A key is resolved against the section's
//! table, then against [`ADMIN`] (where `n` on the audit log says why it does nothing). Help
//! lists [`ADMIN`] and the section in front; the footer is the section's table and `Esc`.

use super::Section;
use crate::ui::help::HelpRow;
use crate::ui::keys::{Binding, Chord, Keymap, NONE};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminKey {
    Show(Section),
    New,
    Edit,
    Retire,
    ResetPin,
    Filter,
    ClearFilter,
    Verify,
    Down,
    Up,
    Page,
    Leave,
}

const EDIT_KEYS: &[Chord] = &[(KeyCode::Char('e'), NONE), (KeyCode::Enter, NONE)];

/// A section's letter: shows it.
macro_rules! show {
    ($key:literal, ($label:literal, $does:literal), $section:expr) => {
        Binding {
            keys: &[(KeyCode::Char($key), NONE)],
            label: $label,
            does: $does,
            short: "",
            action: AdminKey::Show($section),
        }
    };
}

pub const ADMIN: Keymap<AdminKey> = Keymap {
    bindings: &[
        show!('s', ("s", "staff"), Section::Staff),
        show!('d', ("d", "the signposting directory"), Section::Directory),
        show!('r', ("r", "referral sources"), Section::ReferralSources),
        show!('t', ("t", "the triage table"), Section::Triage),
        show!('b', ("b", "bank holidays"), Section::BankHolidays),
        show!('g', ("g", "settings"), Section::Settings),
        show!('a', ("a", "the audit log"), Section::Audit),
        Binding {
            keys: &[(KeyCode::Char('n'), NONE)],
            label: "n",
            does: "add one (staff, directory, referral sources, triage, bank holidays)",
            short: "add",
            action: AdminKey::New,
        },
        Binding {
            keys: EDIT_KEYS,
            label: "e / Enter",
            does: "edit or change the selected row (e on staff resets a PIN)",
            short: "edit",
            action: AdminKey::Edit,
        },
        Binding {
            keys: &[(KeyCode::Char('x'), NONE)],
            label: "x",
            does: "retire or reinstate, deactivate or reactivate, remove (asks first)",
            short: "retire",
            action: AdminKey::Retire,
        },
        Binding {
            keys: &[(KeyCode::Char('p'), NONE)],
            label: "p",
            does: "reset a staff member's PIN",
            short: "reset PIN",
            action: AdminKey::ResetPin,
        },
        Binding {
            keys: &[(KeyCode::Char('/'), NONE)],
            label: "/",
            does: "filter the audit log",
            short: "filter",
            action: AdminKey::Filter,
        },
        Binding {
            keys: &[(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)],
            label: "j / ↓",
            does: "move down",
            short: "",
            action: AdminKey::Down,
        },
        Binding {
            keys: &[(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)],
            label: "k / ↑",
            does: "move up",
            short: "",
            action: AdminKey::Up,
        },
        // `g` is the settings section here, so Home and End go to the top and the end.
        Binding {
            keys: &[
                (KeyCode::PageUp, NONE),
                (KeyCode::PageDown, NONE),
                (KeyCode::Home, NONE),
                (KeyCode::End, NONE),
            ],
            label: "PgUp PgDn",
            does: "a page up / down (Home, End: the top, the end)",
            short: "",
            action: AdminKey::Page,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "leave administration",
            short: "leave",
            action: AdminKey::Leave,
        },
    ],
};

const NEW: &[Chord] = &[(KeyCode::Char('n'), NONE)];
const RETIRE: &[Chord] = &[(KeyCode::Char('x'), NONE)];

pub const STAFF: Keymap<AdminKey> = Keymap {
    bindings: &[
        Binding {
            keys: NEW,
            label: "n",
            does: "add a staff member",
            short: "add",
            action: AdminKey::New,
        },
        Binding {
            keys: EDIT_KEYS,
            label: "e",
            does: "reset the selected one's PIN (p too)",
            short: "reset PIN",
            action: AdminKey::Edit,
        },
        Binding {
            keys: RETIRE,
            label: "x",
            does: "deactivate or reactivate (asks first)",
            short: "deactivate/reactivate",
            action: AdminKey::Retire,
        },
    ],
};

/// The directory, referral sources and the triage table.
pub const RECORDS: Keymap<AdminKey> = Keymap {
    bindings: &[
        Binding {
            keys: NEW,
            label: "n",
            does: "add one",
            short: "add",
            action: AdminKey::New,
        },
        Binding {
            keys: EDIT_KEYS,
            label: "e",
            does: "edit the selected one",
            short: "edit",
            action: AdminKey::Edit,
        },
        Binding {
            keys: RETIRE,
            label: "x",
            does: "retire or reinstate (asks first; past visits keep it)",
            short: "retire/reinstate",
            action: AdminKey::Retire,
        },
    ],
};

pub const HOLIDAYS: Keymap<AdminKey> = Keymap {
    bindings: &[
        Binding {
            keys: NEW,
            label: "n",
            does: "add a bank holiday",
            short: "add",
            action: AdminKey::New,
        },
        Binding {
            keys: RETIRE,
            label: "x",
            does: "remove the selected one (asks first)",
            short: "remove",
            action: AdminKey::Retire,
        },
    ],
};

pub const SETTINGS: Keymap<AdminKey> = Keymap {
    bindings: &[Binding {
        keys: EDIT_KEYS,
        label: "e",
        does: "change the selected setting or target",
        short: "change",
        action: AdminKey::Edit,
    }],
};

pub const AUDIT: Keymap<AdminKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('/'), NONE)],
            label: "/",
            does: "filter the log",
            short: "filter",
            action: AdminKey::Filter,
        },
        Binding {
            keys: &[(KeyCode::Char('c'), NONE)],
            label: "c",
            does: "clear the filter",
            short: "clear",
            action: AdminKey::ClearFilter,
        },
        Binding {
            keys: &[(KeyCode::Enter, NONE), (KeyCode::Char('e'), NONE)],
            label: "Enter",
            does: "every entry about the selected entry's record",
            short: "this record",
            action: AdminKey::Edit,
        },
        Binding {
            keys: &[(KeyCode::Char('v'), NONE)],
            label: "v",
            does: "verify the hash chain again",
            short: "verify",
            action: AdminKey::Verify,
        },
    ],
};

/// The table of the keys that act in `section`.
pub fn of(section: Section) -> &'static Keymap<AdminKey> {
    match section {
        Section::Staff => &STAFF,
        Section::Directory | Section::ReferralSources | Section::Triage => &RECORDS,
        Section::BankHolidays => &HOLIDAYS,
        Section::Settings => &SETTINGS,
        Section::Audit => &AUDIT,
    }
}

/// What `key` means in `section`: the section's own table first, then the screen's.
pub fn resolve(section: Section, key: crossterm::event::KeyEvent) -> Option<AdminKey> {
    of(section).resolve(key).or_else(|| ADMIN.resolve(key))
}

/// How help names the section in front ("in staff").
fn view(section: Section) -> String {
    format!("in {}", section.title().to_lowercase())
}

/// Help: the screen's keys, then what they do in the section in front.
pub fn help_rows(section: Section) -> Vec<HelpRow> {
    let mut rows = ADMIN.help_rows();
    rows.extend(of(section).help_rows_in(&view(section)));
    rows
}

/// The section's footer: its own keys, then leaving.
pub fn hint(section: Section) -> String {
    let table = of(section);
    let own: Vec<AdminKey> = table.bindings.iter().map(|b| b.action).collect();
    format!(
        " {} · {} ",
        table.hint(&own),
        ADMIN.hint(&[AdminKey::Leave])
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    #[test]
    fn every_binding_is_in_help_in_every_section() {
        for section in Section::ALL {
            let rows = help_rows(section);
            assert_eq!(ADMIN.missing_from(&rows, None), Vec::<&str>::new());
            assert_eq!(
                of(section).missing_from(&rows, Some(&view(section))),
                Vec::<&str>::new(),
                "{section:?}"
            );
        }
    }

    #[test]
    fn each_section_letter_shows_its_section_and_the_footers_say_the_sections_words() {
        for section in Section::ALL {
            let key = KeyEvent::from(KeyCode::Char(section.key()));
            let from = if section == Section::Audit {
                Section::Staff
            } else {
                Section::Audit
            };
            assert_eq!(resolve(from, key), Some(AdminKey::Show(section)));
        }
        assert_eq!(
            hint(Section::Staff),
            " n add · e reset PIN · x deactivate/reactivate · Esc leave "
        );
        assert_eq!(
            hint(Section::Triage),
            " n add · e edit · x retire/reinstate · Esc leave "
        );
        assert_eq!(
            hint(Section::BankHolidays),
            " n add · x remove · Esc leave "
        );
        assert_eq!(hint(Section::Settings), " e change · Esc leave ");
        assert_eq!(
            hint(Section::Audit),
            " / filter · c clear · Enter this record · v verify · Esc leave "
        );
        assert_eq!(
            resolve(Section::Staff, KeyEvent::from(KeyCode::Char('v'))),
            None,
            "v verifies only on the audit log"
        );
    }
}
