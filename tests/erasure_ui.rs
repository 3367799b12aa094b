//! An erasure made by another process while the app is open: the app notices it on its tick
//! (data_version), closes what it held about the person without saving it, reloads every pane
//! and tells the lead; nothing it held about them reaches the database afterwards, even on
//! lock. Other people's unsaved work is kept.

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
use crossterm::event::KeyCode;
use staywell::domain::person::PersonDetails;
use staywell::domain::plan::{Contact, PlanContent, PlanMeta};
use staywell::store::Store;

const ERASED: &str = "A record you had open was erased by the data-protection officer";

fn person(store: &mut Store, name: &str) -> i64 {
    let details = PersonDetails {
        display_name: Some(name.into()),
        ..Default::default()
    };
    store.add_person(&details, 1, now()).unwrap()
}

fn plan_for(store: &mut Store, person: i64) {
    let content = PlanContent {
        warning_signs: vec!["Not sleeping".into()],
        people_to_ask: vec![Contact::new("Mum", "07700 900123")],
        reasons_for_living: "My dog, Biscuit.".into(),
        ..Default::default()
    };
    let meta = PlanMeta {
        co_produced: true,
        consent_to_share: false,
        copy_holders: "Me".into(),
        review_due: now().date_naive() + Duration::days(90),
    };
    store
        .save_plan_version(person, &content, &meta, 1, now() - Duration::days(3))
        .unwrap();
}

/// `staywell erase` in another process: a second connection that erases and closes.
fn erase_elsewhere(h: &Harness, person: i64) {
    let mut other = h.reopen_store();
    other.erase_person(person, None, now()).unwrap();
    other.close().unwrap();
}

fn open_plan_editor_and_type(h: &mut Harness, text: &str) {
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('e'));
    assert_eq!(h.app.plans().unwrap().mode_name(), "edit");
    h.key(KeyCode::Down);
    h.key(KeyCode::End);
    h.key(KeyCode::Enter);
    h.type_text(text);
}

#[test]
fn an_open_plan_erased_elsewhere_is_closed_and_never_written_back() {
    let mut h = Harness::signed_in_with(|store| {
        let sam = person(store, "Sam Canary");
        plan_for(store, sam);
    });
    open_plan_editor_and_type(&mut h, "Giving things away");
    // A timed draft is saved before the erasure (as in the report: the plan draft existed).
    h.clock.advance(Duration::seconds(3));
    h.app.tick();
    assert!(h.reopen_store().plan_draft(1, 1).unwrap().is_some());

    erase_elsewhere(&h, 1);
    // The lead keeps typing for a moment: no tick has looked yet.
    h.type_text(" and more");
    h.clock.advance(Duration::seconds(1));
    h.app.tick();
    let message = h.app.message().unwrap_or_default();
    assert!(message.contains(ERASED), "{message}");
    assert_ne!(h.app.plans().unwrap().mode_name(), "edit");
    assert_eq!(h.app.plans().unwrap().open_person(), None);
    let screen = h.screen();
    assert!(!screen.contains("Sam Canary"), "{screen}");
    assert!(!screen.contains("Giving things away"), "{screen}");

    // Typing on and locking writes nothing of theirs back.
    h.type_text("e");
    h.type_text("xyz");
    h.ctrl('l');
    assert!(h.app.is_locked());
    let store = h.reopen_store();
    assert_eq!(store.plan_draft(1, 1).unwrap(), None);
    assert!(store.waiting_drafts(1).unwrap().is_empty());
    assert_eq!(store.erased_people().unwrap(), [1]);
}

#[test]
fn a_handover_being_edited_does_not_write_an_erased_name_back() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit Canary"), at(19, 0));
    });
    h.type_text("4");
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Tab);
    h.type_text("Kit Canary waiting for the crisis team");
    h.clock.advance(Duration::seconds(6));
    h.app.tick(); // the note is saved with the name, as the lead typed it
    let saved = h.reopen_store().handover(now().date_naive()).unwrap();
    assert!(format!("{:?}", saved).contains("Kit Canary"));

    erase_elsewhere(&h, 1);
    h.type_text(" still");
    h.clock.advance(Duration::seconds(1));
    h.app.tick();
    assert!(
        h.app
            .message()
            .unwrap_or_default()
            .contains("erased by the data-protection officer"),
        "{:?}",
        h.app.message()
    );
    h.clock.advance(Duration::seconds(10));
    h.app.tick();
    h.ctrl('l');
    let note = h.reopen_store().handover(now().date_naive()).unwrap();
    let text = format!("{:?}", note);
    assert!(!text.contains("Kit Canary"), "{text}");
    assert!(!text.contains("Kit"), "{text}");
}

#[test]
fn another_persons_open_form_is_kept_and_reopened() {
    let mut h = Harness::signed_in_with(|store| {
        let bea = person(store, "Bea");
        plan_for(store, bea);
        walk_in(store, Some("Sam Canary"), at(19, 0));
    });
    open_plan_editor_and_type(&mut h, "Giving things away");
    // No erasure yet: ticks leave the form alone.
    h.clock.advance(Duration::seconds(1));
    h.app.tick();
    assert_eq!(h.app.plans().unwrap().mode_name(), "edit");

    erase_elsewhere(&h, 2);
    h.clock.advance(Duration::seconds(1));
    h.app.tick();
    let message = h.app.message().unwrap_or_default();
    assert!(
        message.contains("erased by the data-protection officer"),
        "{message}"
    );
    assert!(
        !message.contains(ERASED),
        "Bea's plan was not theirs: {message}"
    );
    assert_eq!(h.app.plans().unwrap().mode_name(), "edit", "{}", h.screen());
    assert!(h.screen().contains("Giving things away"));
    assert!(!h.screen().contains("Sam Canary"));
}
