//! Binding tables. Each context has one: the global keys, the list keys of the key contract,
//! and a pane's views. A binding holds:
//! - the keys that press it;
//! - how help names them;
//! - what it does;
//! - the action it means.
//!
//! A key is resolved once, against the table of the place it was pressed. The help overlay and
//! the footer hints are made from the same tables, so they cannot disagree with what a key
//! does. Models: atuin's `Keymap::resolve`, gitui's key list with hints built from bindings.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A row of the help overlay: the keys as help names them, and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub keys: String,
    pub does: String,
}

/// A key and the modifiers held with it.
pub type Chord = (KeyCode, KeyModifiers);

pub const NONE: KeyModifiers = KeyModifiers::NONE;
pub const CTRL: KeyModifiers = KeyModifiers::CONTROL;
pub const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

pub struct Binding<A: 'static> {
    pub keys: &'static [Chord],
    /// How help and hints name the keys ("j / ↓").
    pub label: &'static str,
    /// What pressing it does, in the words help shows.
    pub does: &'static str,
    /// The same in the fewest words, for a footer hint ("" when `does` is short already).
    pub short: &'static str,
    pub action: A,
}

/// One context's bindings, in the order help lists them.
pub struct Keymap<A: 'static> {
    pub bindings: &'static [Binding<A>],
}

impl<A: Copy> Keymap<A> {
    /// The action `key` means here, if any.
    pub fn resolve(&self, key: KeyEvent) -> Option<A> {
        self.bindings
            .iter()
            .find(|b| b.keys.iter().any(|chord| presses(*chord, key)))
            .map(|b| b.action)
    }

    /// Every binding as a row of the help overlay.
    pub fn help_rows(&self) -> Vec<HelpRow> {
        self.bindings
            .iter()
            .map(|b| HelpRow {
                keys: b.label.into(),
                does: b.does.into(),
            })
            .collect()
    }

    /// The same rows said for one view of a pane ("in a visit: log an incident"), so one
    /// pane's help can hold the keys of each of its views.
    pub fn help_rows_in(&self, view: &str) -> Vec<HelpRow> {
        self.bindings
            .iter()
            .map(|b| HelpRow {
                keys: b.label.into(),
                does: format!("{view}: {}", b.does),
            })
            .collect()
    }

    /// The bindings `help` does not list, by label: empty when help shows every key of this
    /// table (plainly, or said for `view`).
    pub fn missing_from(&self, help: &[HelpRow], view: Option<&str>) -> Vec<&'static str> {
        self.bindings
            .iter()
            .filter(|b| {
                let does = match view {
                    Some(v) => format!("{v}: {}", b.does),
                    None => b.does.to_string(),
                };
                !help.iter().any(|r| r.keys == b.label && r.does == does)
            })
            .map(|b| b.label)
            .collect()
    }

    /// A footer hint: "label short" for each of `actions`, in the order given (the most
    /// needed first: a narrow window drops from the end), joined by " · ". The words are the
    /// binding's own, so the hint says what help says.
    pub fn hint(&self, actions: &[A]) -> String
    where
        A: PartialEq,
    {
        self.hint_items(actions).join(" · ")
    }

    /// The hint's items one by one ("n new"), for a footer that wraps between items.
    pub fn hint_items(&self, actions: &[A]) -> Vec<String>
    where
        A: PartialEq,
    {
        actions
            .iter()
            .filter_map(|a| self.bindings.iter().find(|b| b.action == *a))
            .map(|b| {
                let words = if b.short.is_empty() { b.does } else { b.short };
                format!("{} {words}", b.label)
            })
            .collect()
    }
}

/// True if `key` is `chord`. A character is the same with or without Shift (terminals differ in
/// whether they report Shift with `?` or `G`); any other modifier must match exactly.
pub fn presses(chord: Chord, key: KeyEvent) -> bool {
    let (code, mods) = chord;
    match code {
        KeyCode::Char(_) => code == key.code && key.modifiers - SHIFT == mods - SHIFT,
        _ => code == key.code && key.modifiers == mods,
    }
}

/// A yes/no question's one key: `y` (or `Y`, with caps lock on) says yes. Any other key is
/// no, which is why "no" is not a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
}

pub const CONFIRM: Keymap<Answer> = Keymap {
    bindings: &[Binding {
        keys: &[(KeyCode::Char('y'), NONE), (KeyCode::Char('Y'), NONE)],
        label: "y",
        does: "yes, to a question on screen (any other key: no)",
        short: "yes",
        action: Answer::Yes,
    }],
};

/// Whether `key` answers a yes/no question with yes.
pub fn says_yes(key: KeyEvent) -> bool {
    CONFIRM.resolve(key) == Some(Answer::Yes)
}

/// A yes/no question's footer from the table: `y`, what it does here, and what any other
/// key does (`otherwise` with its own lead-in: " cancels", ": no").
pub fn confirm_hint(yes: &str, otherwise: &str) -> String {
    let label = CONFIRM.bindings.first().map_or("y", |b| b.label);
    format!("{label} {yes} · any other key{otherwise}")
}

/// How far a moving key takes a list's selection (`widgets::list` carries it out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Down,
    Up,
    PageDown,
    PageUp,
    First,
    Last,
}

/// What each moving key of a list does: the one place a list's keys are read, so every list
/// moves and pages alike. Its keys are [`MOVE_KEYS`]; help names them through the view's
/// own binding ("j / k move (also ↓ ↑ PgUp PgDn g G Home End)").
pub const STEPS: Keymap<Step> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)],
            label: "j / ↓",
            does: "move down",
            short: "",
            action: Step::Down,
        },
        Binding {
            keys: &[(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)],
            label: "k / ↑",
            does: "move up",
            short: "",
            action: Step::Up,
        },
        Binding {
            keys: &[(KeyCode::PageDown, NONE)],
            label: "PgDn",
            does: "move down a page",
            short: "",
            action: Step::PageDown,
        },
        Binding {
            keys: &[(KeyCode::PageUp, NONE)],
            label: "PgUp",
            does: "move up a page",
            short: "",
            action: Step::PageUp,
        },
        Binding {
            keys: &[(KeyCode::Home, NONE), (KeyCode::Char('g'), NONE)],
            label: "g / Home",
            does: "to the first row",
            short: "",
            action: Step::First,
        },
        Binding {
            keys: &[(KeyCode::End, NONE), (KeyCode::Char('G'), NONE)],
            label: "G / End",
            does: "to the last row loaded (a list paged from the database then fetches more)",
            short: "",
            action: Step::Last,
        },
    ],
};

/// The paging keys every list takes (what each does is in [`STEPS`]).
pub const PAGE_KEYS: &[Chord] = &[
    (KeyCode::PageUp, NONE),
    (KeyCode::PageDown, NONE),
    (KeyCode::Home, NONE),
    (KeyCode::End, NONE),
    (KeyCode::Char('g'), NONE),
    (KeyCode::Char('G'), NONE),
];

/// The keys that move a list's selection (what each does is in [`STEPS`]): `j` `k` `↓` `↑`
/// and the paging keys.
pub const MOVE_KEYS: &[Chord] = &[
    (KeyCode::Char('j'), NONE),
    (KeyCode::Char('k'), NONE),
    (KeyCode::Down, NONE),
    (KeyCode::Up, NONE),
    (KeyCode::PageUp, NONE),
    (KeyCode::PageDown, NONE),
    (KeyCode::Home, NONE),
    (KeyCode::End, NONE),
    (KeyCode::Char('g'), NONE),
    (KeyCode::Char('G'), NONE),
];

/// The same without the letters, for a list where letters are typed or mean something else.
pub const ARROW_KEYS: &[Chord] = &[
    (KeyCode::Down, NONE),
    (KeyCode::Up, NONE),
    (KeyCode::PageUp, NONE),
    (KeyCode::PageDown, NONE),
    (KeyCode::Home, NONE),
    (KeyCode::End, NONE),
];

/// The list keys of the key contract (DESIGN.md §3), the same in every pane's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMove {
    Up,
    Down,
    Open,
    New,
    Edit,
    Filter,
}

pub const LIST: Keymap<ListMove> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)],
            label: "j / ↓",
            does: "move down",
            short: "",
            action: ListMove::Down,
        },
        Binding {
            keys: &[(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)],
            label: "k / ↑",
            does: "move up",
            short: "",
            action: ListMove::Up,
        },
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "open",
            short: "",
            action: ListMove::Open,
        },
        Binding {
            keys: &[(KeyCode::Char('n'), NONE)],
            label: "n",
            does: "new",
            short: "",
            action: ListMove::New,
        },
        Binding {
            keys: &[(KeyCode::Char('e'), NONE)],
            label: "e",
            does: "edit",
            short: "",
            action: ListMove::Edit,
        },
        Binding {
            keys: &[(KeyCode::Char('/'), NONE)],
            label: "/",
            does: "filter the list",
            short: "filter",
            action: ListMove::Filter,
        },
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    Keep,
    Clear,
}

/// While a list's filter is typed (after `/`): every other key is typing.
pub const FILTER: Keymap<FilterKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "keep the filter and go back to the list",
            short: "keep",
            action: FilterKey::Keep,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "clear the filter",
            short: "clear",
            action: FilterKey::Clear,
        },
    ],
};

/// How help names the time a filter is typed.
pub const IN_FILTER: &str = "typing a filter";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKey {
    Choose,
    Move,
    Back,
}

/// A pick list over a view: which follow-up to close or reopen, which incident or session
/// to correct.
pub const PICK: Keymap<PickKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "choose the one selected",
            short: "chooses",
            action: PickKey::Choose,
        },
        Binding {
            keys: MOVE_KEYS,
            label: "j / k",
            does: "move (also ↓ ↑ PgUp PgDn g G Home End)",
            short: "move",
            action: PickKey::Move,
        },
        Binding {
            keys: &[(KeyCode::Esc, NONE)],
            label: "Esc",
            does: "back",
            short: "",
            action: PickKey::Back,
        },
    ],
};

pub fn pick_hint() -> String {
    format!(" {} ", PICK.hint(&[PickKey::Choose, PickKey::Back]))
}

pub const IN_PICK: &str = "pick list";

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn a_key_resolves_to_its_binding_once_shift_aside_for_characters() {
        assert_eq!(
            LIST.resolve(k(KeyCode::Char('j'), NONE)),
            Some(ListMove::Down)
        );
        assert_eq!(LIST.resolve(k(KeyCode::Down, NONE)), Some(ListMove::Down));
        assert_eq!(
            LIST.resolve(k(KeyCode::Char('/'), SHIFT)),
            Some(ListMove::Filter)
        );
        assert_eq!(LIST.resolve(k(KeyCode::Char('j'), CTRL)), None);
        assert_eq!(LIST.resolve(k(KeyCode::Down, SHIFT)), None);
        assert_eq!(LIST.resolve(k(KeyCode::Char('x'), NONE)), None);
    }

    #[test]
    fn every_moving_key_has_a_step_and_every_step_a_moving_key() {
        for chord in MOVE_KEYS {
            assert!(
                STEPS.resolve(k(chord.0, chord.1)).is_some(),
                "{chord:?} moves a list"
            );
        }
        for b in STEPS.bindings {
            assert!(b.keys.iter().all(|c| MOVE_KEYS.contains(c)), "{}", b.label);
        }
        for chord in ARROW_KEYS.iter().chain(PAGE_KEYS) {
            assert!(MOVE_KEYS.contains(chord), "{chord:?}");
        }
    }

    #[test]
    fn help_and_hints_come_from_the_same_bindings() {
        let rows = LIST.help_rows();
        assert_eq!(rows.len(), LIST.bindings.len());
        assert_eq!(LIST.missing_from(&rows, None), Vec::<&str>::new());
        assert_eq!(
            LIST.missing_from(&rows[1..], None),
            vec!["j / ↓"],
            "a row left out is found"
        );
        assert_eq!(
            LIST.missing_from(&LIST.help_rows_in("in a list"), Some("in a list")),
            Vec::<&str>::new()
        );
        assert_eq!(
            LIST.hint(&[ListMove::Open, ListMove::Down]),
            "Enter open · j / ↓ move down"
        );
        assert_eq!(
            LIST.hint(&[ListMove::Filter]),
            "/ filter",
            "the short words"
        );
    }
}
