//! Putting peer records right: a session corrected with the reason and the previous values
//! kept; an assignment handed to another worker under the same cap and availability rules,
//! with the same override. "Tonight" is Sunday 22 November 2026.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{NaiveDate, NaiveTime};
use common::*;
use staywell::domain::audit::RecordKind;
use staywell::domain::correction::{CorrectedField, CorrectedKind};
use staywell::domain::peers::*;
use staywell::domain::person::PersonDetails;
use staywell::domain::shift::Shift;
use staywell::store::{Store, StoreError};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}
fn tonight(store: &Store) -> Shift {
    store.service_hours().unwrap().shift_on(today())
}

fn worker(store: &mut Store, name: &str, on_tonight: bool, cap: Option<u32>) -> i64 {
    let p = WorkerProfile {
        name: name.into(),
        employment: Employment::Volunteer,
        lived_experience: vec![],
        languages: vec![],
        dbs_checked_on: None,
        training: String::new(),
        caseload_cap: cap,
    };
    let id = store.add_worker(&p, 1, now()).unwrap();
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    // Sunday (6) evenings, or Mondays (0) only.
    let weekday = if on_tonight { 6 } else { 0 };
    store
        .set_availability(
            id,
            &[Slot {
                weekday,
                starts: t(15),
                ends: t(22),
            }],
            1,
            now(),
        )
        .unwrap();
    id
}

fn person(store: &mut Store, name: &str) -> i64 {
    let details = PersonDetails {
        display_name: Some(name.into()),
        ..Default::default()
    };
    store.add_person(&details, 1, now()).unwrap()
}

fn assign(store: &mut Store, person_id: i64, worker_id: i64, planned: u32) -> i64 {
    let shift = tonight(store);
    let a = NewAssignment {
        person_id,
        worker_id,
        visit_id: None,
        started_on: today(),
        sessions_planned: planned,
        override_reason: None,
    };
    store.assign(&a, &shift, 1, now()).unwrap()
}

#[test]
fn a_session_is_corrected_with_the_reason_and_the_previous_values_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let sky = worker(&mut store, "Sky Sample", true, None);
    let kit = person(&mut store, "Kit");
    let a = assign(&mut store, kit, sky, 6);
    let id = store
        .log_session(
            &NewSession {
                assignment_id: a,
                held_on: today(),
                minutes: 5,
                note: String::new(),
                override_reason: None,
            },
            1,
            now(),
        )
        .unwrap();
    let mut s = store.sessions(a).unwrap()[0].clone();
    assert!(
        matches!(store.correct_session(&s, "typed wrong", 1, now()), Err(StoreError::Invalid(m)) if m.contains("Nothing"))
    );
    s.minutes = 50;
    assert!(matches!(
        store.correct_session(&s, "", 1, now()),
        Err(StoreError::Invalid(_))
    ));
    s.held_on = today() + chrono::Duration::days(1);
    assert!(
        store.correct_session(&s, "typed wrong", 1, now()).is_err(),
        "a future date"
    );
    s.held_on = today();
    assert_eq!(
        store
            .correct_session(&s, "typed 5 for 50", 1, now())
            .unwrap(),
        1
    );
    store.close().unwrap();
    let store = Store::open(&path, &passphrase()).unwrap();
    assert_eq!(store.sessions(a).unwrap()[0].minutes, 50);
    let h = store.corrections(CorrectedKind::PeerSession, id).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].change.field, CorrectedField::SessionMinutes);
    assert_eq!(
        (h[0].change.previous.as_deref(), h[0].change.new.as_deref()),
        (Some("5"), Some("50"))
    );
    assert_eq!(
        store.audit_entries_for(RecordKind::Assignment, a).unwrap()[0].action,
        "correct"
    );
}

#[test]
fn an_assignment_is_handed_over_under_the_same_rules_and_override() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let sky = worker(&mut store, "Sky Sample", true, None);
    let ash = worker(&mut store, "Ash Example", true, Some(1));
    let mon = worker(&mut store, "Mon Day", false, None);
    let kit = person(&mut store, "Kit");
    let lou = person(&mut store, "Lou");
    let a = assign(&mut store, kit, sky, 6);
    store
        .log_session(
            &NewSession {
                assignment_id: a,
                held_on: today(),
                minutes: 30,
                note: String::new(),
                override_reason: None,
            },
            1,
            now(),
        )
        .unwrap();
    assign(&mut store, lou, ash, 4);
    let shift = tonight(&store);

    // Ash is at their cap, Mon is not on tonight: refused with the reason, nothing changed.
    let e = store
        .hand_over_assignment(a, ash, "Sky is on leave", None, &shift, 1, now())
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Refused(m) if m.contains("Ash Example already has 1 of 1")),
        "{e:?}"
    );
    let e = store
        .hand_over_assignment(a, mon, "Sky is on leave", None, &shift, 1, now())
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Refused(m) if m.contains("not on in this shift")),
        "{e:?}"
    );
    assert!(
        store
            .hand_over_assignment(a, sky, "x", None, &shift, 1, now())
            .is_err()
    );
    assert!(
        store
            .hand_over_assignment(a, mon, "", Some("ok"), &shift, 1, now())
            .is_err(),
        "a reason is needed"
    );
    assert_eq!(store.assignment(a).unwrap().ended_on, None);

    // With the override's reason it goes ahead: Sky's sessions stay with Sky.
    let b = store
        .hand_over_assignment(
            a,
            mon,
            "Sky is on leave",
            Some("Mon covers by phone"),
            &shift,
            1,
            now(),
        )
        .unwrap();
    store.close().unwrap();
    let store = Store::open(&path, &passphrase()).unwrap();
    let old = store.assignment(a).unwrap();
    assert_eq!(old.ended_on, Some(today()));
    assert_eq!(old.end_reason, "Handed over to Mon Day: Sky is on leave");
    assert_eq!(old.sessions_used, 1);
    let new = store.assignment(b).unwrap();
    assert_eq!(
        (new.worker_id, new.person_id, new.sessions_planned),
        (mon, kit, 5)
    );
    assert_eq!(new.override_reason, "Mon covers by phone");
    let actions: Vec<String> = store
        .audit_entries_for(RecordKind::Assignment, b)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["override", "create"]);
    // An ended assignment is not handed over again.
    drop(store);
    let mut store = Store::open(&path, &passphrase()).unwrap();
    assert!(
        store
            .hand_over_assignment(a, sky, "back", None, &shift, 1, now())
            .is_err()
    );
}
