//! Reliability and hostile input, headless: a full disk, escape sequences and bidi overrides,
//! 10,000-character fields, emoji and combining characters, and random keys.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::Duration;
use common::harness::Harness;
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;

#[test]
fn a_full_disk_refuses_the_save_keeps_the_form_and_loses_nothing() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Saved Before"), at(19, 0));
    });
    h.app
        .with_store_for_tests(|store| {
            let pages: i64 = store
                .connection()
                .query_row("PRAGMA page_count", [], |r| r.get(0))
                .unwrap();
            store
                .connection()
                .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
                .unwrap();
        })
        .unwrap();
    let mut refused = false;
    for i in 0..60 {
        h.key(KeyCode::Char('n'));
        for _ in 0..3 {
            h.key(KeyCode::Tab);
        }
        h.type_text(&"a need that takes up room ".repeat(18));
        h.type_text(&format!("marker{i}"));
        h.ctrl('s');
        let screen = h.screen();
        if screen.contains("The disk is full, so this was not saved.") {
            assert_eq!(
                h.app.intake().unwrap().mode_name(),
                "quick-add",
                "the typed form stays open"
            );
            assert!(
                screen.contains(&format!("marker{i}")),
                "nothing typed is lost:\n{screen}"
            );
            refused = true;
            break;
        }
        assert!(screen.contains("Saved 19:30:00"), "{screen}");
    }
    assert!(refused, "the capped database filled up");
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(store.find_people("Saved Before", 5).unwrap().len(), 1);
    assert!(store.check().unwrap().is_ok());
}

/// `text`, a line break, then padding to exactly the 10,000-character limit.
fn at_limit(text: &str, long: &str) -> String {
    let head = format!("{text}\n");
    let pad = 10_000 - head.chars().count();
    format!("{head}{}", &long[..pad])
}

const HOSTILE: &[&str] = &[
    "\x1b[2J\x1b[31mred\x1b]0;title\x07",
    "\u{202E}evil\u{2066}bidi\u{200F}",
    "Zoë 👩‍👩‍👧 e\u{0301}\u{0301} ﷽",
    "\u{9b}31m C1 CSI",
];

#[test]
fn hostile_text_round_trips_exactly_and_draws_safely_with_the_layout_intact() {
    let long = "x".repeat(10_000);
    let mut h = Harness::signed_in_with(|store| {
        for (i, text) in HOSTILE.iter().enumerate() {
            let id = walk_in(store, Some("placeholder"), at(18, i as u32));
            // As if hostile names had reached the file some other way (an import, an old version).
            let person = store.visit(id).unwrap().person_id;
            store
                .connection()
                .execute(
                    "UPDATE people SET display_name = ?2 WHERE id = ?1",
                    rusqlite::params![person, text],
                )
                .unwrap();
            let v = store.visit(id).unwrap();
            let mut u = staywell::domain::visit::VisitUpdate {
                presenting_need: String::new(),
                triage_code: None,
                safety_formulation: at_limit(text, &long),
                suitability: None,
                suitability_reason: String::new(),
                status: v.status,
                distress_arrival: None,
                distress_leaving: None,
                swemwbs: None,
                swemwbs_completion: None,
                ons4: Default::default(),
                ons4_leaving: Default::default(),
                outcome: None,
                signposts: vec![],
                safeguarding: Default::default(),
            };
            // Control characters (ESC, BEL, C1) are refused at the door for one-line fields;
            // bidi controls are text as typed, stored, and made safe only when drawn...
            u.presenting_need = text.to_string();
            // Replacing the recorded need is a correction, so a reason goes with it.
            let refused = store
                .update_visit_corrected(id, &u, Some("hostile text"), 1, now())
                .is_err();
            assert_eq!(refused, text.chars().any(char::is_control), "{text:?}");
            if !refused {
                assert_eq!(store.visit(id).unwrap().presenting_need, *text, "as typed");
            }
            // ...while the multi-line formulation keeps exactly what was written.
            // Clearing what was recorded is a correction: it needs a reason.
            u.presenting_need.clear();
            store
                .update_visit_corrected(id, &u, Some("cleared for the next case"), 1, now())
                .unwrap();
            assert_eq!(
                store.visit(id).unwrap().safety_formulation,
                at_limit(text, &long),
                "round trip"
            );
        }
    });
    for target in [0, 1, 2, 3] {
        let screen = h.screen();
        let bad = screen.chars().find(|c| {
            (c.is_control() && *c != '\n')
                || ('\u{202A}'..='\u{202E}').contains(c)
                || ('\u{2066}'..='\u{2069}').contains(c)
        });
        assert_eq!(bad, None, "nothing that changes the terminal reaches it");
        // Every board row still ends at the right border.
        for line in screen.lines().filter(|l| l.starts_with('│')) {
            assert!(line.ends_with('│'), "layout broken: {line}");
        }
        if target < 3 {
            h.key(KeyCode::Char('j'));
        }
    }
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(!screen.contains('\x1b'));
    for line in screen.lines().filter(|l| l.starts_with('│')) {
        assert!(
            line.ends_with('│'),
            "layout broken in the visit view: {line}"
        );
    }
}

fn arbitrary_key() -> impl Strategy<Value = KeyEvent> {
    let codes = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Backspace),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        prop::sample::select(vec![
            '1', '2', '3', '4', '5', 'n', 'e', 'j', 'k', '/', '?', '[', ']', 'h', 's', 'a', 'd',
            'i', 'f', 'p', 'c', 't'
        ])
        .prop_map(KeyCode::Char),
    ];
    let mods = prop_oneof![
        4 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::SHIFT),
        1 => Just(KeyModifiers::ALT),
        // Ctrl with anything but c and l (they quit and lock, ending the run early).
        1 => Just(KeyModifiers::CONTROL),
    ];
    (codes, mods)
        .prop_filter("not quit or lock", |(c, m)| {
            let quits_or_locks =
                m.contains(KeyModifiers::CONTROL) && matches!(c, KeyCode::Char('c' | 'l'));
            let quits = *m == KeyModifiers::NONE && *c == KeyCode::Char('q');
            !(quits_or_locks || quits)
        })
        .prop_map(|(c, m)| KeyEvent::new(c, m))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_key_sequences_never_panic(keys in prop::collection::vec(arbitrary_key(), 1..250), advance in 0u32..600) {
        let mut h = Harness::signed_in_with(|store| {
            walk_in(store, Some("Kit"), at(19, 0));
        });
        for (i, key) in keys.iter().enumerate() {
            h.app.handle_key(*key);
            if i % 25 == 0 {
                h.clock.advance(Duration::seconds(i64::from(advance) / 10));
                h.app.tick();
                h.screen();
            }
        }
        h.screen();
    }
}

#[test]
fn a_resize_while_editing_keeps_what_was_typed_and_the_form_usable() {
    let mut h = Harness::signed_in_with(|_| {});
    h.key(KeyCode::Char('n'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.type_text("typed before the resize");
    h.terminal.backend_mut().resize(60, 20);
    assert!(
        h.screen()
            .contains("Please make this window at least 80×24")
    );
    // Typed blind, behind the "too small" screen: ignored, since the lead cannot see it.
    h.type_text(" and during it");
    h.terminal.backend_mut().resize(80, 24);
    let screen = h.screen();
    assert!(screen.contains("New arrival"), "{screen}");
    h.type_text(" and after it");
    h.ctrl('s');
    assert!(h.screen().contains("Saved 19:30:00"));
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(
        store.visit(1).unwrap().presenting_need,
        "typed before the resize and after it"
    );
}
