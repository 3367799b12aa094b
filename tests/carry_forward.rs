//! The shift as a loop, through the store: what one evening leaves open (a follow-up, a
//! safeguarding concern, peer support with sessions left, someone the lead flagged) is in the
//! next evening's draft, saying where it came from, until a lead closes it; the open list
//! across shifts; closing a follow-up done or cancelled, and a safeguarding concern.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use common::*;
use staywell::domain::follow_up::{ClosedAs, Closure, FollowUpKind};
use staywell::domain::handover::{HandoverBody, IpassEntry, Stability, draft_from, merge_facts};
use staywell::domain::peers::{Employment, NewAssignment, Slot, WorkerProfile};
use staywell::domain::visit::*;
use staywell::store::{Store, StoreError};

/// Sunday 22 November 2026 is "tonight" in the common fixture; the next evening is Monday.
fn sunday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}
fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}
fn monday_at(h: u32, m: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

fn follow_up(store: &mut Store, visit_id: i64, task: &str, due: Option<NaiveDate>) -> i64 {
    store
        .add_follow_up(
            &FollowUp {
                visit_id,
                task: task.into(),
                owner: "day team".into(),
                due_on: due,
                ..Default::default()
            },
            1,
            at(19, 45),
        )
        .unwrap()
}

fn with_concern(store: &mut Store, visit_id: i64) {
    let v = store.visit(visit_id).unwrap();
    let u = VisitUpdate {
        presenting_need: v.presenting_need.clone(),
        triage_code: Some("C".into()),
        safety_formulation: String::new(),
        suitability: None,
        suitability_reason: String::new(),
        status: VisitStatus::LeftUnseen,
        distress_arrival: None,
        distress_leaving: None,
        swemwbs: None,
        swemwbs_completion: None,
        ons4: Default::default(),
        ons4_leaving: Default::default(),
        outcome: None,
        signposts: vec![],
        safeguarding: Safeguarding {
            categories: vec![CareActCategory::SelfNeglect],
            referral_made: true,
            referred_to: "Adult social care".into(),
            reference: "ASC-9".into(),
            ..Default::default()
        },
    };
    store.update_visit(visit_id, &u, 1, at(19, 50)).unwrap();
}

fn left(store: &mut Store, visit_id: i64) {
    let mut u = store.visit(visit_id).unwrap().as_update();
    u.status = VisitStatus::LeftUnseen;
    store.update_visit(visit_id, &u, 1, at(20, 0)).unwrap();
}

/// Sunday: Kit leaves with a follow-up due Monday and a safeguarding referral; Sam starts
/// peer support (6 sessions, one held); Jo is signed off as "watcher" with an action.
fn sunday_evening(store: &mut Store) -> (i64, i64, i64) {
    let kit = walk_in(store, Some("Kit"), at(19, 0));
    let gp = follow_up(store, kit, "Ring the GP", Some(monday()));
    let leaflet = follow_up(store, kit, "Post the leaflet", None);
    with_concern(store, kit);
    let sam = walk_in(store, Some("Sam"), at(19, 5));
    left(store, sam);
    let sam_person = store.visit(sam).unwrap().person_id;
    let worker = store
        .add_worker(
            &WorkerProfile {
                name: "Sky Sample".into(),
                employment: Employment::Volunteer,
                lived_experience: vec![],
                languages: vec!["English".into()],
                dbs_checked_on: Some(NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()),
                training: String::new(),
                caseload_cap: None,
            },
            1,
            now(),
        )
        .unwrap();
    store
        .set_availability(
            worker,
            &[Slot {
                weekday: 6,
                starts: NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
                ends: NaiveTime::from_hms_opt(22, 30, 0).unwrap(),
            }],
            1,
            now(),
        )
        .unwrap();
    let shift = store.service_hours().unwrap().shift_on(sunday());
    store
        .assign(
            &NewAssignment {
                person_id: sam_person,
                worker_id: worker,
                visit_id: Some(sam),
                started_on: sunday(),
                sessions_planned: 6,
                override_reason: None,
            },
            &shift,
            1,
            now(),
        )
        .unwrap();
    let jo = walk_in(store, Some("Jo"), at(19, 10));
    left(store, jo);
    let jo_person = store.visit(jo).unwrap().person_id;
    let body = HandoverBody {
        entries: vec![IpassEntry {
            visit_id: jo,
            person_id: jo_person,
            person_label: "Jo".into(),
            situation: "D, left".into(),
            stability: Stability::Watcher,
            actions: "Ring Jo at 18:00\nif no answer, try the sister".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let id = store
        .save_handover_draft(sunday(), &body, 1, at(22, 0))
        .unwrap();
    store.sign_handover(id, 1, at(22, 20)).unwrap();
    (kit, gp, leaflet)
}

#[test]
fn the_next_evening_is_handed_what_is_still_open_saying_where_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let (_kit, gp, _leaflet) = sunday_evening(&mut store);
    let hours = store.service_hours().unwrap();
    let facts = store.shift_facts(&hours, monday()).unwrap();
    assert_eq!(
        facts.follow_ups,
        vec![
            "Kit: Ring the GP (owner day team) due 23/11 · from Sun 22 Nov".to_string(),
            "Kit: Post the leaflet (owner day team) · from Sun 22 Nov".to_string(),
        ]
    );
    assert_eq!(facts.safeguarding.len(), 1);
    assert!(
        facts.safeguarding[0].starts_with("Kit: Self-neglect; referred to Adult social care"),
        "{:?}",
        facts.safeguarding
    );
    assert!(facts.safeguarding[0].ends_with(" · from Sun 22 Nov"));
    assert_eq!(
        facts.continuing,
        vec!["Sam with Sky Sample, 0 of 6 sessions · from Sun 22 Nov".to_string()]
    );
    assert_eq!(
        facts.flagged,
        vec![
            "Flagged by the last lead (Sun 22 Nov): Jo, watcher: Ring Jo at 18:00 if no answer, try the sister"
                .to_string()
        ]
    );
    let draft = draft_from(&facts);
    assert!(
        draft
            .follow_ups
            .contains("- Peer support continues: Sam with Sky Sample")
    );
    assert!(
        draft
            .follow_ups
            .contains("- Flagged by the last lead (Sun 22 Nov): Jo")
    );

    // On Tuesday the GP call is overdue, and says so.
    let tuesday = monday() + Duration::days(1);
    let facts = store.shift_facts(&hours, tuesday).unwrap();
    assert_eq!(
        facts.follow_ups[0],
        "Kit: Ring the GP (owner day team) due 23/11 (overdue by 1 day) · from Sun 22 Nov"
    );
    // Monday's note was never signed: Sunday's flags are still the last signed.
    assert_eq!(facts.flagged.len(), 1);
    let _ = gp;
}

#[test]
fn closing_takes_an_item_out_of_the_next_draft_and_out_of_a_draft_that_still_has_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let (kit, gp, leaflet) = sunday_evening(&mut store);
    let hours = store.service_hours().unwrap();
    let mut body = draft_from(&store.shift_facts(&hours, monday()).unwrap());
    body.follow_ups.push_str("\n- my own note about Kit");

    let done = Closure::new(ClosedAs::Done, "GP has booked a review").unwrap();
    store
        .close_follow_up(gp, &done, 1, monday_at(18, 0))
        .unwrap();
    let why = Closure::new(ClosedAs::Cancelled, "Kit collected one in person").unwrap();
    store
        .close_follow_up(leaflet, &why, 1, monday_at(18, 5))
        .unwrap();
    store
        .close_safeguarding(kit, "ASC allocated a social worker", 1, monday_at(18, 10))
        .unwrap();

    let facts = store.shift_facts(&hours, monday()).unwrap();
    assert!(facts.follow_ups.is_empty(), "{:?}", facts.follow_ups);
    assert!(facts.safeguarding.is_empty(), "{:?}", facts.safeguarding);
    merge_facts(&mut body, &facts);
    assert!(
        !body.follow_ups.contains("Ring the GP"),
        "{}",
        body.follow_ups
    );
    assert!(!body.follow_ups.contains("Post the leaflet"));
    assert!(
        body.follow_ups.contains("- my own note about Kit"),
        "the lead's words stay"
    );
    assert!(body.follow_ups.contains("Peer support continues"));

    // The visit says how each was closed, by whom and when.
    let closed = store.follow_ups(kit).unwrap();
    assert_eq!(
        closed
            .iter()
            .map(|f| (f.closed_as, f.outcome.as_str(), f.done_by))
            .collect::<Vec<_>>(),
        vec![
            (Some(ClosedAs::Done), "GP has booked a review", Some(1)),
            (
                Some(ClosedAs::Cancelled),
                "Kit collected one in person",
                Some(1)
            ),
        ]
    );
    let c = store.safeguarding_closed(kit).unwrap().unwrap();
    assert_eq!(
        (c.at, c.by, c.note.as_str()),
        (monday_at(18, 10), Some(1), "ASC allocated a social worker")
    );
    // Closing twice is refused, and so is a closure without its line.
    assert!(matches!(
        store.close_follow_up(gp, &done, 1, monday_at(18, 20)),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.close_safeguarding(kit, "again", 1, monday_at(18, 20)),
        Err(StoreError::Invalid(_))
    ));
    let blank = Closure {
        closed_as: ClosedAs::Done,
        line: "  ".into(),
    };
    let other = follow_up(&mut store, kit, "Another", None);
    assert!(matches!(
        store.close_follow_up(other, &blank, 1, monday_at(18, 20)),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn the_open_list_spans_every_shift_soonest_due_first_with_its_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let kit = walk_in(&mut store, Some("Kit"), at(19, 0));
    let undated = follow_up(&mut store, kit, "Undated", None);
    let later = follow_up(&mut store, kit, "Later", Some(monday() + Duration::days(7)));
    let overdue = follow_up(&mut store, kit, "Overdue", Some(sunday()));
    let closed = follow_up(&mut store, kit, "Closed", Some(sunday()));
    store
        .close_follow_up(
            closed,
            &Closure::new(ClosedAs::Done, "done").unwrap(),
            1,
            at(20, 0),
        )
        .unwrap();
    let calls = store
        .add_plan_follow_up_calls(kit_person(&store, kit), "lead on shift", 1, at(20, 5))
        .unwrap();
    assert_eq!(calls, 2);
    let hours = store.service_hours().unwrap();
    let list = store.open_follow_ups(&hours, monday_at(18, 0), 50).unwrap();
    let ids: Vec<i64> = list.iter().map(|f| f.id).collect();
    assert_eq!(ids[0], overdue);
    assert!(ids.ends_with(&[later, undated]), "{ids:?}");
    assert!(!ids.contains(&closed));
    assert!(list.iter().all(|f| f.from_date == sunday()));
    assert!(list.iter().all(|f| f.person_label == "Kit"));
    let plan_calls = list
        .iter()
        .filter(|f| f.kind == FollowUpKind::PlanCall)
        .count();
    assert_eq!(
        plan_calls, 2,
        "a crisis plan's follow-up calls are on the list"
    );
    let (total, overdue_count) = store.open_follow_up_counts(monday()).unwrap();
    assert_eq!(total, list.len());
    assert_eq!(overdue_count, 1, "only Sunday's is past on Monday");
    assert_eq!(total, 3 + plan_calls);
}

fn kit_person(store: &Store, visit: i64) -> i64 {
    store.visit(visit).unwrap().person_id
}

#[test]
fn erasure_blanks_how_a_follow_up_and_a_concern_were_closed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let (kit, gp, _) = sunday_evening(&mut store);
    store
        .close_follow_up(
            gp,
            &Closure::new(ClosedAs::Done, "Zanzibarcanary rang back").unwrap(),
            1,
            monday_at(18, 0),
        )
        .unwrap();
    store
        .close_safeguarding(kit, "Quokkacanary allocated", 1, monday_at(18, 1))
        .unwrap();
    let person = store.visit(kit).unwrap().person_id;
    store
        .erase_person(person, Some(1), monday_at(19, 0))
        .unwrap();
    store.close().unwrap();
    let store = Store::open(&path, &passphrase()).unwrap();
    // The rows stay (the visit happened), their words are gone.
    let follow_ups = store.follow_ups(kit).unwrap();
    assert_eq!(follow_ups.len(), 2);
    assert!(
        follow_ups.iter().all(|f| f.outcome.is_empty()),
        "{follow_ups:?}"
    );
    let closed = store
        .safeguarding_closed(kit)
        .unwrap()
        .expect("still closed");
    assert_eq!(closed.note, "");
}
