//! Every form is a draft, as a crash breaks it: the real binary is killed with SIGKILL while a
//! lead types into each kind of form, and the loss is measured in characters. What the timer
//! saved (two seconds after a pause) must be there; only what was typed after it may be lost.

use super::*;
use staywell::domain::draft::{DraftKey, DraftValue, FormKind};

/// Every text field of the draft, joined, as the store holds it now (None: no draft yet).
fn draft_text(db: &Path, key: &DraftKey) -> Option<String> {
    let store = Store::open(db, &passphrase()).unwrap();
    let draft = store.form_draft(1, key).unwrap()?;
    Some(
        draft
            .fields
            .iter()
            .filter_map(|f| match &f.value {
                DraftValue::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("|"),
    )
}

/// Polls the store until the draft holds `text`, for at most the ceiling.
fn wait_for_draft(db: &Path, key: &DraftKey, text: &str) {
    let start = Instant::now();
    while start.elapsed() < CEILING {
        if draft_text(db, key).is_some_and(|t| t.contains(text)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no draft holding {text:?}: {:?}", draft_text(db, key));
}

struct Case {
    kind: FormKind,
    /// Keys that open the form from the Intake board and reach a text field, each followed
    /// by what the screen shows once it has acted.
    open: &'static [(&'static str, &'static str)],
}

const CASES: &[Case] = &[
    Case {
        kind: FormKind::QuickAdd,
        open: &[("n", "New arrival"), ("\t\t\t", "Presenting need")],
    },
    Case {
        kind: FormKind::Visit,
        open: &[("e", "Visit — Kit — arrived")],
    },
    Case {
        kind: FormKind::Incident,
        open: &[
            ("\r", " Visit — Kit "),
            ("i", "Log an incident"),
            ("\t", "What happened"),
        ],
    },
    Case {
        kind: FormKind::FollowUp,
        open: &[
            ("\r", " Visit — Kit "),
            ("f", "Add a follow-up"),
            ("\t", "Task"),
        ],
    },
    Case {
        kind: FormKind::Worker,
        open: &[
            ("3", "Nobody is on in this shift."),
            ("n", "New peer worker"),
        ],
    },
    Case {
        kind: FormKind::Session,
        open: &[
            // A worker on all day, then Kit assigned to them from the visit, then a session.
            ("3", "Nobody is on in this shift."),
            ("n", "New peer worker"),
            (
                "Sky Sample\t\t\t\t\t\t1\tDaily 00:00-23:59\x13",
                "Peer worker — Sky Sample",
            ),
            ("\x1b", " Peers — "),
            ("1", "Intake │"),
            ("\r", " Visit — Kit "),
            ("w", "Assign a peer worker — Kit"),
            ("\x13", "Assignment — Kit with Sky Sample"),
            ("l", "Log session 1"),
            ("\t45\t", "45"),
        ],
    },
    Case {
        kind: FormKind::AdminDirectory,
        open: &[
            ("5", "Reports —"),
            ("A", "Administration"),
            ("d", "Directory"),
            ("n", "New directory entry"),
        ],
    },
];

#[test]
fn a_kill_in_any_kind_of_form_loses_only_what_was_typed_after_the_last_timed_draft() {
    let _one = serial();
    for case in CASES {
        let home = tempfile::tempdir().unwrap();
        let (db, mut store) = new_db(home.path());
        let kit = walk_in(
            &mut store,
            Some("Kit"),
            chrono::Utc::now() - chrono::Duration::minutes(5),
        );
        store.close().unwrap();
        // Forms that make a new record are keyed by kind alone.
        let key = match case.kind {
            FormKind::QuickAdd | FormKind::Worker | FormKind::AdminDirectory => {
                DraftKey::fresh(case.kind)
            }
            // The first assignment in a new database.
            FormKind::Session => DraftKey::new(FormKind::Session, 1),
            kind => DraftKey::new(kind, kit),
        };
        let mut tui = signed_in(home.path(), &db);
        tui.wait_for("Intake │");
        for (keys, shows) in case.open {
            tui.send(keys);
            tui.wait_for(shows);
        }
        let kept = "words the timer keeps";
        let after = " and a few more";
        tui.send(kept);
        wait_for_draft(&db, &key, kept);
        tui.send(after);
        tui.wait_for("a few more");
        tui.sigkill();

        let saved = draft_text(&db, &key).expect("the draft outlives the kill");
        let typed = format!("{kept}{after}");
        let survived = (0..=typed.len())
            .rev()
            .find(|n| saved.contains(&typed[..*n]))
            .unwrap();
        let lost = typed.len() - survived;
        println!(
            "{:?}: {lost} of {} characters lost to SIGKILL",
            case.kind,
            typed.len()
        );
        assert!(
            lost <= after.len(),
            "{:?}: lost {lost} characters, more than were typed after the last draft",
            case.kind
        );
    }
}
