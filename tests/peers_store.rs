//! Peers store round trips on temporary files: workers, supervision, availability, assignments
//! and sessions; refusals with their reasons, overrides stored and audited; the on-tonight
//! board and matching help. "Tonight" is Sunday 22 November 2026 (15:00-22:30 GMT).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{Duration, NaiveDate, NaiveTime};
use common::*;
use staywell::domain::audit::RecordKind;
use staywell::domain::peers::*;
use staywell::domain::person::PersonDetails;
use staywell::domain::shift::Shift;
use staywell::domain::visit::{ContactMode, VisitStatus, VisitUpdate};
use staywell::store::peers::{CASELOAD_CAP, SESSION_LIMIT};
use staywell::store::visits::{NewVisit, PersonRef};
use staywell::store::{Store, StoreError};

const SUNDAY: u8 = 6;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}
fn today() -> NaiveDate {
    d(2026, 11, 22)
}
fn tonight(store: &Store) -> Shift {
    store.service_hours().unwrap().shift_on(today())
}
fn slot(weekday: u8, starts: NaiveTime, ends: NaiveTime) -> Slot {
    Slot {
        weekday,
        starts,
        ends,
    }
}

fn profile(name: &str) -> WorkerProfile {
    WorkerProfile {
        name: name.into(),
        employment: Employment::Volunteer,
        lived_experience: vec![],
        languages: vec!["English".into()],
        dbs_checked_on: Some(d(2025, 6, 1)),
        training: "Peer support induction".into(),
        caseload_cap: None,
    }
}

/// A worker on every Sunday afternoon and evening, so on tonight.
fn worker_on_tonight(store: &mut Store, p: WorkerProfile) -> i64 {
    let id = store.add_worker(&p, 1, now()).unwrap();
    store
        .set_availability(id, &[slot(SUNDAY, t(15, 0), t(22, 30))], 1, now())
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

fn visit(store: &mut Store, person_id: i64, arrived_minutes_ago: i64) -> i64 {
    let v = NewVisit {
        person: PersonRef::Existing(person_id),
        arrived_at: now() - Duration::minutes(arrived_minutes_ago),
        contact_mode: ContactMode::WalkIn,
        referral_source_id: None,
        presenting_need: String::new(),
    };
    store.add_visit(&v, 1, now()).unwrap()
}

fn leave_unseen(store: &mut Store, visit_id: i64) {
    let r = store.visit(visit_id).unwrap();
    let u = VisitUpdate {
        presenting_need: r.presenting_need,
        triage_code: r.triage_code,
        safety_formulation: r.safety_formulation,
        suitability: r.suitability,
        suitability_reason: r.suitability_reason,
        status: VisitStatus::LeftUnseen,
        distress_arrival: r.distress_arrival,
        distress_leaving: r.distress_leaving,
        swemwbs: r.swemwbs,
        swemwbs_completion: r.swemwbs_completion,
        ons4: r.ons4,
        ons4_leaving: r.ons4_leaving,
        outcome: r.outcome,
        signposts: r.signposts,
        safeguarding: r.safeguarding,
    };
    store.update_visit(visit_id, &u, 1, now()).unwrap();
}

fn new_assignment(person_id: i64, worker_id: i64, planned: u32) -> NewAssignment {
    NewAssignment {
        person_id,
        worker_id,
        visit_id: None,
        started_on: today(),
        sessions_planned: planned,
        override_reason: None,
    }
}

fn session(assignment_id: i64, minutes: u32) -> NewSession {
    NewSession {
        assignment_id,
        held_on: today(),
        minutes,
        note: String::new(),
        override_reason: None,
    }
}

fn refused_text(e: StoreError) -> String {
    match e {
        StoreError::Refused(msg) => msg,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn invalid_text(e: StoreError) -> String {
    match e {
        StoreError::Invalid(msg) => msg,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

fn audit_actions(store: &Store, kind: RecordKind, id: i64) -> Vec<String> {
    let mut actions: Vec<String> = store
        .audit_entries_for(kind, id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    actions.reverse(); // oldest first
    actions
}

#[test]
fn a_worker_their_supervision_slots_and_exceptions_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let mut p = profile("Sky Sample");
    p.employment = Employment::Paid;
    p.lived_experience = vec!["bereavement".into(), "Self-harm".into()];
    p.languages = vec!["English".into(), "Polish".into()];
    p.caseload_cap = Some(3);
    let id = store.add_worker(&p, 1, now()).unwrap();
    p.training = "Peer support induction; suicide awareness".into();
    store.edit_worker(id, &p, 1, now()).unwrap();
    let supervision = Supervision {
        held_on: d(2026, 11, 20),
        supervisor: "Casey Specimen".into(),
        kind: SupervisionKind::OneToOne,
    };
    store.add_supervision(id, &supervision, 1, now()).unwrap();
    let slots = [
        slot(0, t(17, 0), t(22, 30)),
        slot(4, t(20, 0), t(2, 0)), // Friday night into Saturday
        slot(5, t(2, 0), t(6, 0)),  // touching, not overlapping
    ];
    store.set_availability(id, &slots, 1, now()).unwrap();
    let leave = AvailabilityException {
        kind: ExceptionKind::Leave,
        from: d(2026, 12, 21),
        to: d(2027, 1, 2),
        times: None,
    };
    let sick = AvailabilityException {
        kind: ExceptionKind::Sickness,
        from: d(2026, 11, 23),
        to: d(2026, 11, 23),
        times: Some((t(17, 0), t(19, 0))),
    };
    store.add_exception(id, &leave, 1, now()).unwrap();
    store.add_exception(id, &sick, 1, now()).unwrap();
    store.close().unwrap();

    let store = Store::open(&path, &passphrase()).unwrap();
    let w = store.worker(id).unwrap();
    assert_eq!(w.profile, p);
    assert!(w.active);
    let log = store.supervision_log(id).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].supervision, supervision);
    assert_eq!(store.availability(id).unwrap(), slots);
    let all: Vec<_> = store
        .exceptions(id, None)
        .unwrap()
        .into_iter()
        .map(|e| e.exception)
        .collect();
    assert_eq!(all, [sick, leave]);
    let upcoming = store.exceptions(id, Some(d(2026, 11, 24))).unwrap();
    assert_eq!(upcoming.len(), 1);
    assert_eq!(upcoming[0].exception, leave);
    assert_eq!(
        audit_actions(&store, RecordKind::PeerWorker, id),
        ["create", "change", "change", "change", "change", "change"]
    );
}

#[test]
fn an_assignment_and_its_sessions_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let worker = worker_on_tonight(&mut store, profile("Sky Sample"));
    let kit = person(&mut store, "Kit");
    let visit_id = visit(&mut store, kit, 30);
    let shift = tonight(&store);
    let mut a = new_assignment(kit, worker, 6);
    a.visit_id = Some(visit_id);
    a.started_on = d(2026, 11, 1);
    let id = store.assign(&a, &shift, 1, now()).unwrap();
    let mut s = session(id, 50);
    s.held_on = d(2026, 11, 8);
    s.note = "Talked about sleep; will call the GP".into();
    store.log_session(&s, 1, now()).unwrap();
    store.log_session(&session(id, 45), 1, now()).unwrap();
    store
        .end_assignment(id, today(), "Visitor moving away", 1, now())
        .unwrap();
    store.close().unwrap();

    let store = Store::open(&path, &passphrase()).unwrap();
    let got = store.assignment(id).unwrap();
    assert_eq!(
        got,
        Assignment {
            id,
            person_id: kit,
            person_name: Some("Kit".into()),
            worker_id: worker,
            worker_name: "Sky Sample".into(),
            visit_id: Some(visit_id),
            started_on: d(2026, 11, 1),
            sessions_planned: 6,
            sessions_used: 2,
            minutes_used: 95,
            ended_on: Some(today()),
            end_reason: "Visitor moving away".into(),
            override_reason: String::new(),
            // Read only for a namesake (`tell_namesakes_apart`).
            last_visit: None,
        }
    );
    assert!(!got.is_active());
    assert_eq!(got.sessions_text(), "2 of 6 sessions");
    let sessions = store.sessions(id).unwrap();
    assert_eq!(
        sessions
            .iter()
            .map(|s| (s.held_on, s.minutes))
            .collect::<Vec<_>>(),
        [(d(2026, 11, 8), 50), (today(), 45)]
    );
    assert_eq!(sessions[0].note, "Talked about sleep; will call the GP");
    assert_eq!(
        store.assignments_for_person(kit).unwrap(),
        std::slice::from_ref(&got)
    );
    assert_eq!(
        store.assignments_for_worker(worker, None, 10).unwrap(),
        [got]
    );
    assert_eq!(
        audit_actions(&store, RecordKind::Assignment, id),
        ["create", "change", "change", "change"]
    );
}

#[test]
fn over_the_cap_is_refused_with_the_reason_until_a_lead_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let mut p = profile("Sky Sample");
    p.caseload_cap = Some(2);
    let worker = worker_on_tonight(&mut store, p);
    let shift = tonight(&store);
    for name in ["Kit", "Lou"] {
        let id = person(&mut store, name);
        store
            .assign(&new_assignment(id, worker, 6), &shift, 1, now())
            .unwrap();
    }
    let mo = person(&mut store, "Mo");
    let a = new_assignment(mo, worker, 6);
    let refusals = store.check_assignment(&a, &shift, now()).unwrap();
    assert_eq!(
        refusals.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["Sky Sample already has 2 of 2 visitors (their cap)."]
    );
    let e = refused_text(store.assign(&a, &shift, 1, now()).unwrap_err());
    assert_eq!(
        e,
        "Sky Sample already has 2 of 2 visitors (their cap). To go ahead anyway, give a reason \
         for the override."
    );
    assert!(store.assignments_for_person(mo).unwrap().is_empty());

    let overridden = NewAssignment {
        override_reason: Some("Mo asked for Sky; clinical lead agreed".into()),
        ..a
    };
    let id = store.assign(&overridden, &shift, 1, now()).unwrap();
    assert_eq!(
        store.assignment(id).unwrap().override_reason,
        "Mo asked for Sky; clinical lead agreed"
    );
    assert_eq!(
        audit_actions(&store, RecordKind::Assignment, id),
        ["create", "override"]
    );

    // Without their own cap the service's applies, and the message says so.
    let other = worker_on_tonight(&mut store, profile("Ash Example"));
    store.set_setting(CASELOAD_CAP, "1", 1, now()).unwrap();
    store
        .assign(&new_assignment(mo, other, 6), &shift, 1, now())
        .unwrap();
    let nell = person(&mut store, "Nell");
    let e = refused_text(
        store
            .assign(&new_assignment(nell, other, 6), &shift, 1, now())
            .unwrap_err(),
    );
    assert!(e.starts_with("Ash Example already has 1 of 1 visitor (the service's cap)."));
}

#[test]
fn a_worker_not_on_in_the_shift_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let shift = tonight(&store);
    let monday_only = store.add_worker(&profile("Bo Sample"), 1, now()).unwrap();
    store
        .set_availability(monday_only, &[slot(0, t(17, 0), t(22, 30))], 1, now())
        .unwrap();
    let sick = worker_on_tonight(&mut store, profile("Cy Madeup"));
    let sickness = AvailabilityException {
        kind: ExceptionKind::Sickness,
        from: today(),
        to: today(),
        times: None,
    };
    store.add_exception(sick, &sickness, 1, now()).unwrap();
    let kit = person(&mut store, "Kit");

    for (worker, words) in [
        (monday_only, "Bo Sample is not on in this shift."),
        (sick, "Cy Madeup is off tonight (off sick)."),
    ] {
        let e = refused_text(
            store
                .assign(&new_assignment(kit, worker, 4), &shift, 1, now())
                .unwrap_err(),
        );
        assert!(e.starts_with(words), "{e}");
    }
    // The same worker is fine on a Monday.
    let monday = store
        .service_hours()
        .unwrap()
        .shift_on(today() + Duration::days(1));
    assert!(
        store
            .check_assignment(&new_assignment(kit, monday_only, 4), &monday, now())
            .unwrap()
            .is_empty()
    );
    let a = NewAssignment {
        override_reason: Some("Phone support from home".into()),
        ..new_assignment(kit, monday_only, 4)
    };
    let id = store.assign(&a, &shift, 1, now()).unwrap();
    assert_eq!(
        audit_actions(&store, RecordKind::Assignment, id),
        ["create", "override"]
    );
}

#[test]
fn planning_past_the_session_limit_is_refused_even_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let worker = worker_on_tonight(&mut store, profile("Sky Sample"));
    let kit = person(&mut store, "Kit");
    let shift = tonight(&store);
    let a = NewAssignment {
        override_reason: Some("Needs longer".into()),
        ..new_assignment(kit, worker, 13)
    };
    let e = refused_text(store.assign(&a, &shift, 1, now()).unwrap_err());
    assert_eq!(
        e,
        "13 sessions planned is over the limit of 12 per visitor."
    );
    store.set_setting(SESSION_LIMIT, "6", 1, now()).unwrap();
    let e = refused_text(
        store
            .assign(&new_assignment(kit, worker, 7), &shift, 1, now())
            .unwrap_err(),
    );
    assert!(e.contains("7 sessions planned is over the limit of 6 per visitor."));
    let e = invalid_text(
        store
            .assign(&new_assignment(kit, worker, 0), &shift, 1, now())
            .unwrap_err(),
    );
    assert_eq!(e, "Plan at least one session.");
    assert!(store.assignments_for_person(kit).unwrap().is_empty());
}

/// A session `weeks_ago` weeks before today.
fn session_on(assignment_id: i64, weeks_ago: i64) -> NewSession {
    NewSession {
        held_on: today() - Duration::weeks(weeks_ago),
        ..session(assignment_id, 60)
    }
}

fn assignment_from(person_id: i64, worker_id: i64, planned: u32, weeks_ago: i64) -> NewAssignment {
    NewAssignment {
        started_on: today() - Duration::weeks(weeks_ago),
        ..new_assignment(person_id, worker_id, planned)
    }
}

#[test]
fn logging_past_the_plan_or_the_limit_needs_an_override() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    store.set_setting(SESSION_LIMIT, "3", 1, now()).unwrap();
    let worker = worker_on_tonight(&mut store, profile("Sky Sample"));
    let kit = person(&mut store, "Kit");
    let shift = tonight(&store);
    let id = store
        .assign(&assignment_from(kit, worker, 2, 4), &shift, 1, now())
        .unwrap();
    store.log_session(&session_on(id, 3), 1, now()).unwrap();
    store.log_session(&session_on(id, 2), 1, now()).unwrap();
    let e = refused_text(store.log_session(&session_on(id, 1), 1, now()).unwrap_err());
    assert_eq!(
        e,
        "This would be session 3, and 2 were planned. To go ahead anyway, give a reason for the \
         override."
    );
    let third = NewSession {
        override_reason: Some("Crisis this week".into()),
        ..session_on(id, 1)
    };
    store.log_session(&third, 1, now()).unwrap();
    let e = refused_text(store.log_session(&session_on(id, 0), 1, now()).unwrap_err());
    assert!(
        e.contains(
            "This would be session 4 in this episode of support, past the limit of 3 per visitor."
        ),
        "{e}"
    );
    let sessions = store.sessions(id).unwrap();
    assert_eq!(
        sessions
            .iter()
            .map(|s| s.override_reason.as_str())
            .collect::<Vec<_>>(),
        ["", "", "Crisis this week"]
    );
    assert_eq!(
        audit_actions(&store, RecordKind::Assignment, id),
        ["create", "change", "change", "change", "override"]
    );
}

#[test]
fn the_session_limit_counts_the_visitors_episode_with_every_worker() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    store.set_setting(SESSION_LIMIT, "3", 1, now()).unwrap();
    let sky = worker_on_tonight(&mut store, profile("Sky Sample"));
    let ash = worker_on_tonight(&mut store, profile("Ash Example"));
    let kit = person(&mut store, "Kit");
    let shift = tonight(&store);
    // Two sessions with Sky, then the assignment ends and Ash takes over.
    let first = store
        .assign(&assignment_from(kit, sky, 2, 5), &shift, 1, now())
        .unwrap();
    store.log_session(&session_on(first, 5), 1, now()).unwrap();
    store.log_session(&session_on(first, 4), 1, now()).unwrap();
    store
        .end_assignment(first, today() - Duration::weeks(3), "Moved on", 1, now())
        .unwrap();
    // Planning 3 more would make 5 in the episode: asked for a reason, not refused outright.
    let e = refused_text(
        store
            .assign(&assignment_from(kit, ash, 3, 3), &shift, 1, now())
            .unwrap_err(),
    );
    assert_eq!(
        e,
        "3 sessions planned, after 2 already in this episode of support, is over the limit of 3 \
         per visitor. To go ahead anyway, give a reason for the override."
    );
    let second = store
        .assign(&assignment_from(kit, ash, 1, 3), &shift, 1, now())
        .unwrap();
    store.log_session(&session_on(second, 2), 1, now()).unwrap();
    let fourth = NewSession {
        override_reason: None,
        ..session_on(second, 1)
    };
    let e = refused_text(store.log_session(&fourth, 1, now()).unwrap_err());
    assert!(e.contains("session 4 in this episode"), "{e}");
    assert!(
        e.contains("This would be session 2, and 1 were planned."),
        "{e}"
    );
}

#[test]
fn an_episode_ends_after_the_gap_and_the_count_starts_again() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    store.set_setting(SESSION_LIMIT, "2", 1, now()).unwrap();
    store
        .set_setting(staywell::store::peers::EPISODE_GAP_WEEKS, "4", 1, now())
        .unwrap();
    let sky = worker_on_tonight(&mut store, profile("Sky Sample"));
    let kit = person(&mut store, "Kit");
    let shift = tonight(&store);
    let id = store
        .assign(&assignment_from(kit, sky, 12, 20), &shift, 1, now())
        .unwrap_err();
    assert!(refused_text(id).contains("12 sessions planned is over the limit of 2"));
    let id = store
        .assign(&assignment_from(kit, sky, 2, 20), &shift, 1, now())
        .unwrap();
    store.log_session(&session_on(id, 20), 1, now()).unwrap();
    store.log_session(&session_on(id, 19), 1, now()).unwrap();
    // 19 weeks later, past the 4-week gap: a new episode, so no limit refusal (only the plan).
    let e = refused_text(store.log_session(&session_on(id, 0), 1, now()).unwrap_err());
    assert!(!e.contains("limit"), "{e}");
    assert!(e.contains("and 2 were planned"), "{e}");
}

#[test]
fn a_second_session_within_a_week_asks_for_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let sky = worker_on_tonight(&mut store, profile("Sky Sample"));
    let kit = person(&mut store, "Kit");
    let shift = tonight(&store);
    let id = store
        .assign(&assignment_from(kit, sky, 12, 2), &shift, 1, now())
        .unwrap();
    let mut six_days_ago = session(id, 60);
    six_days_ago.held_on = today() - Duration::days(6);
    store.log_session(&six_days_ago, 1, now()).unwrap();
    let e = refused_text(store.log_session(&session(id, 60), 1, now()).unwrap_err());
    assert_eq!(
        e,
        format!(
            "The visitor has a session on {}, less than a week from this one (sessions are once \
             a week). To go ahead anyway, give a reason for the override.",
            staywell::domain::peers::long_date(six_days_ago.held_on)
        )
    );
    let reasoned = NewSession {
        override_reason: Some("Follow-up after a crisis".into()),
        ..session(id, 60)
    };
    store.log_session(&reasoned, 1, now()).unwrap();
    // A week to the day is fine.
    let mut week_before = session(id, 60);
    week_before.held_on = today() - Duration::days(13);
    store.log_session(&week_before, 1, now()).unwrap();
}

#[test]
fn session_minutes_and_dates_outside_the_rules_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let worker = worker_on_tonight(&mut store, profile("Sky Sample"));
    let kit = person(&mut store, "Kit");
    let shift = tonight(&store);
    let id = store
        .assign(&new_assignment(kit, worker, 6), &shift, 1, now())
        .unwrap();
    for minutes in [0, 241] {
        let e = invalid_text(
            store
                .log_session(&session(id, minutes), 1, now())
                .unwrap_err(),
        );
        assert_eq!(
            e,
            format!("A session lasts 1 to 240 minutes; {minutes} is outside that.")
        );
    }
    let mut early = session(id, 30);
    early.held_on = today() - Duration::days(1);
    assert!(invalid_text(store.log_session(&early, 1, now()).unwrap_err()).contains("before"));
    let mut future = session(id, 30);
    future.held_on = today() + Duration::days(1);
    assert!(store.log_session(&future, 1, now()).is_err());
    assert!(store.sessions(id).unwrap().is_empty());
    store.log_session(&session(id, 240), 1, now()).unwrap();
    let same_day = NewSession {
        override_reason: Some("A short check-in after the first".into()),
        ..session(id, 1)
    };
    store.log_session(&same_day, 1, now()).unwrap();
}

#[test]
fn ending_an_assignment_checks_its_dates() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let worker = worker_on_tonight(&mut store, profile("Sky Sample"));
    let kit = person(&mut store, "Kit");
    let shift = tonight(&store);
    let id = store
        .assign(&new_assignment(kit, worker, 6), &shift, 1, now())
        .unwrap();
    let e = invalid_text(
        store
            .end_assignment(id, today() - Duration::days(1), "Done", 1, now())
            .unwrap_err(),
    );
    assert_eq!(
        e,
        "An assignment cannot end (21 November 2026) before it started (22 November 2026)."
    );
    assert!(
        store
            .end_assignment(id, today() + Duration::days(1), "Done", 1, now())
            .is_err()
    );
    assert!(store.end_assignment(id, today(), " ", 1, now()).is_err());
    store
        .end_assignment(id, today(), "Sessions completed", 1, now())
        .unwrap();
    assert!(
        invalid_text(
            store
                .end_assignment(id, today(), "Again", 1, now())
                .unwrap_err()
        )
        .contains("already ended")
    );
    // Ended, it no longer counts against the worker's cap.
    let entry = &store.roster(None, 10, today()).unwrap()[0];
    assert_eq!(entry.active_caseload, 0);
}

#[test]
fn a_duplicate_worker_name_is_refused_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let zoe = store.add_worker(&profile("Zoë Example"), 1, now()).unwrap();
    let e = invalid_text(
        store
            .add_worker(&profile(" ZOË   example "), 1, now())
            .unwrap_err(),
    );
    assert_eq!(e, "There is already a peer worker called Zoë Example.");
    let other = store.add_worker(&profile("Ash Example"), 1, now()).unwrap();
    assert!(
        store
            .edit_worker(other, &profile("zoë example"), 1, now())
            .is_err()
    );
    // Renaming oneself in another case is fine.
    store
        .edit_worker(zoe, &profile("ZOË Example"), 1, now())
        .unwrap();
    assert_eq!(store.worker(zoe).unwrap().name(), "ZOË Example");
    store.deactivate_worker(other, 1, now()).unwrap();
    let e = invalid_text(
        store
            .add_worker(&profile("ash example"), 1, now())
            .unwrap_err(),
    );
    assert_eq!(
        e,
        "There is already a peer worker called Ash Example (inactive: reactivate them instead)."
    );
}

#[test]
fn bad_slots_and_exceptions_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let id = worker_on_tonight(&mut store, profile("Sky Sample"));
    let before = store.availability(id).unwrap();
    let overlapping = [slot(0, t(20, 0), t(2, 0)), slot(1, t(1, 0), t(5, 0))];
    assert_eq!(
        invalid_text(
            store
                .set_availability(id, &overlapping, 1, now())
                .unwrap_err()
        ),
        "Monday 20:00–02:00 overlaps Tuesday 01:00–05:00."
    );
    assert!(
        store
            .set_availability(id, &[slot(2, t(18, 0), t(18, 0))], 1, now())
            .is_err()
    );
    assert_eq!(store.availability(id).unwrap(), before);
    let backwards = AvailabilityException {
        kind: ExceptionKind::Leave,
        from: d(2026, 12, 5),
        to: d(2026, 12, 3),
        times: None,
    };
    assert_eq!(
        invalid_text(store.add_exception(id, &backwards, 1, now()).unwrap_err()),
        "The leave ends (3 December 2026) before it starts (5 December 2026)."
    );
    assert!(store.exceptions(id, None).unwrap().is_empty());
}

#[test]
fn the_on_tonight_board_shows_who_is_on_their_load_and_who_they_are_with() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let shift = tonight(&store);
    let sky = worker_on_tonight(&mut store, profile("Sky Sample"));
    let ash = worker_on_tonight(&mut store, profile("ash Example"));
    let late = store.add_worker(&profile("Di Dummy"), 1, now()).unwrap();
    // Saturday night into Sunday morning: over before tonight's shift.
    store
        .set_availability(late, &[slot(5, t(22, 0), t(4, 0))], 1, now())
        .unwrap();
    let away = worker_on_tonight(&mut store, profile("Bo Sample"));
    let leave = AvailabilityException {
        kind: ExceptionKind::Leave,
        from: d(2026, 11, 20),
        to: d(2026, 11, 27),
        times: None,
    };
    store.add_exception(away, &leave, 1, now()).unwrap();
    let gone = worker_on_tonight(&mut store, profile("Cy Madeup"));
    store.deactivate_worker(gone, 1, now()).unwrap();
    let extra = store.add_worker(&profile("Eli Pretend"), 1, now()).unwrap();
    let extra_shift = AvailabilityException {
        kind: ExceptionKind::Extra,
        from: today(),
        to: today(),
        times: Some((t(19, 0), t(21, 0))),
    };
    store.add_exception(extra, &extra_shift, 1, now()).unwrap();

    // Sky has three visitors: Kit is here now, Lou left unseen, Mo came last night and is
    // still marked waiting (another shift's visit).
    let kit = person(&mut store, "Kit");
    let lou = person(&mut store, "Lou");
    let mo = person(&mut store, "Mo");
    let kit_visit = visit(&mut store, kit, 60);
    let lou_visit = visit(&mut store, lou, 90);
    leave_unseen(&mut store, lou_visit);
    visit(&mut store, mo, 24 * 60);
    let mut kit_assignment = 0;
    for p in [kit, lou, mo] {
        let id = store
            .assign(&new_assignment(p, sky, 6), &shift, 1, now())
            .unwrap();
        if p == kit {
            kit_assignment = id;
        }
    }

    let board = store
        .on_tonight(&shift, chrono_tz::Europe::London, now())
        .unwrap();
    let names: Vec<&str> = board.iter().map(|o| o.worker.name()).collect();
    // On now by name, then Bo, whose leave takes tonight off (shown, in words).
    assert_eq!(
        names,
        ["ash Example", "Eli Pretend", "Sky Sample", "Bo Sample"]
    );
    let tz = chrono_tz::Europe::London;
    let words: Vec<String> = board.iter().map(|o| o.on.text(tz)).collect();
    assert_eq!(
        words,
        [
            "on now to 22:30",
            "on now to 21:00 (extra)",
            "on now to 22:30",
            "off tonight: on leave"
        ]
    );
    let sky_row = board.iter().find(|o| o.worker.id == sky).unwrap();
    assert_eq!(sky_row.active_caseload, 3);
    assert_eq!(
        load_text(sky_row.active_caseload, sky_row.cap),
        "3 of 5 visitors"
    );
    assert_eq!(sky_row.with_now.len(), 1);
    assert_eq!(sky_row.with_now[0].assignment_id, kit_assignment);
    assert_eq!(sky_row.with_now[0].visit_id, kit_visit);
    assert_eq!(sky_row.with_now[0].label(), "Kit");
    let ash_row = board.iter().find(|o| o.worker.id == ash).unwrap();
    assert_eq!((ash_row.active_caseload, ash_row.with_now.len()), (0, 0));
    assert_eq!(
        (ash_row.windows[0].starts_at, ash_row.windows[0].ends_at),
        (shift.starts_at, shift.ends_at)
    );
    let extra_row = board.iter().find(|o| o.worker.id == extra).unwrap();
    assert_eq!(
        extra_row.windows[0].ends_at - extra_row.windows[0].starts_at,
        Duration::hours(2)
    );
}

#[test]
fn candidates_are_ranked_with_the_reasons_shown_to_the_lead() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let shift = tonight(&store);
    let mut polish = profile("Pat Placeholder");
    polish.languages = vec!["English".into(), "Polish".into()];
    polish.lived_experience = vec!["Bereavement".into()];
    let pat = worker_on_tonight(&mut store, polish);
    let sky = worker_on_tonight(&mut store, profile("Sky Sample"));
    let mut full = profile("Fran Fictional");
    full.caseload_cap = Some(1);
    full.languages = vec!["Polish".into()];
    let fran = worker_on_tonight(&mut store, full);
    let mut away = profile("Al Specimen");
    away.languages = vec!["Polish".into()];
    store.add_worker(&away, 1, now()).unwrap();

    let kit = person(&mut store, "Kit");
    let other = person(&mut store, "Lou");
    // Kit saw Sky before; Fran is full with someone else.
    let earlier = store
        .assign(&new_assignment(kit, sky, 2), &shift, 1, now())
        .unwrap();
    store
        .end_assignment(earlier, today(), "Sessions completed", 1, now())
        .unwrap();
    store
        .assign(&new_assignment(other, fran, 2), &shift, 1, now())
        .unwrap();

    let needs = VisitorNeeds {
        languages: vec!["polish".into()],
        lived_experience: vec!["bereavement".into()],
    };
    let ranked = store.candidates_for(kit, &needs, &shift, now()).unwrap();
    let rows: Vec<(&str, Vec<&str>)> = ranked
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.reasons.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Pat Placeholder",
                vec![
                    "on now to 22:30",
                    "0 of 5 visitors",
                    "speaks Polish",
                    "lived experience: Bereavement"
                ]
            ),
            (
                "Sky Sample",
                vec!["on now to 22:30", "0 of 5 visitors", "saw them before"]
            ),
            (
                "Fran Fictional",
                vec!["on now to 22:30", "1 of 1 visitor (full)", "speaks Polish"]
            ),
            (
                "Al Specimen",
                vec!["not on tonight", "0 of 5 visitors", "speaks Polish"]
            ),
        ]
    );
    assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
    assert_eq!(ranked[0].worker_id, pat);
}

#[test]
fn the_roster_pages_active_workers_first_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let mut ids = Vec::new();
    for name in [
        "delta Dummy",
        "Alpha Example",
        "charlie Sample",
        "Bravo Madeup",
        "Echo Pretend",
    ] {
        ids.push(store.add_worker(&profile(name), 1, now()).unwrap());
    }
    store.deactivate_worker(ids[1], 1, now()).unwrap(); // Alpha
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.roster(cursor.as_ref(), 2, today()).unwrap();
        if page.is_empty() {
            break;
        }
        cursor = page.last().map(|e| e.cursor());
        seen.extend(
            page.into_iter()
                .map(|e| (e.worker.active, e.worker.profile.name)),
        );
    }
    assert_eq!(
        seen,
        [
            (true, "Bravo Madeup".to_string()),
            (true, "charlie Sample".to_string()),
            (true, "delta Dummy".to_string()),
            (true, "Echo Pretend".to_string()),
            (false, "Alpha Example".to_string()),
        ]
    );
    store.reactivate_worker(ids[1], 1, now()).unwrap();
    assert_eq!(
        store.roster(None, 1, today()).unwrap()[0].worker.name(),
        "Alpha Example"
    );
}

#[test]
fn a_worker_with_visitors_cannot_be_deactivated_and_an_inactive_one_cannot_be_assigned() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let sky = worker_on_tonight(&mut store, profile("Sky Sample"));
    let kit = person(&mut store, "Kit");
    let shift = tonight(&store);
    let id = store
        .assign(&new_assignment(kit, sky, 6), &shift, 1, now())
        .unwrap();
    assert_eq!(
        invalid_text(store.deactivate_worker(sky, 1, now()).unwrap_err()),
        "Sky Sample still has 1 active visitor; end or hand over those assignments first."
    );
    let e = refused_text(
        store
            .assign(&new_assignment(kit, sky, 6), &shift, 1, now())
            .unwrap_err(),
    );
    assert_eq!(e, "Sky Sample is already working with this visitor.");
    store.end_assignment(id, today(), "Done", 1, now()).unwrap();
    store.deactivate_worker(sky, 1, now()).unwrap();
    let a = NewAssignment {
        override_reason: Some("Please".into()),
        ..new_assignment(kit, sky, 6)
    };
    let e = refused_text(store.assign(&a, &shift, 1, now()).unwrap_err());
    assert!(e.starts_with("Sky Sample is no longer active."), "{e}");
}

#[test]
fn a_visit_must_be_the_visitors_own() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let sky = worker_on_tonight(&mut store, profile("Sky Sample"));
    let kit = person(&mut store, "Kit");
    let lou = person(&mut store, "Lou");
    let lous_visit = visit(&mut store, lou, 10);
    let shift = tonight(&store);
    let a = NewAssignment {
        visit_id: Some(lous_visit),
        ..new_assignment(kit, sky, 6)
    };
    assert_eq!(
        invalid_text(store.assign(&a, &shift, 1, now()).unwrap_err()),
        "That visit is another visitor's."
    );
    assert!(matches!(
        store.assign(&new_assignment(9999, sky, 6), &shift, 1, now()),
        Err(StoreError::NotFound)
    ));
}

#[test]
fn dbs_checks_older_than_the_renewal_period_are_flagged_on_the_roster() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let mut old = profile("Old Check");
    old.dbs_checked_on = Some(d(2023, 11, 21));
    store.add_worker(&old, 1, now()).unwrap();
    let mut none = profile("No Check");
    none.dbs_checked_on = None;
    store.add_worker(&none, 1, now()).unwrap();
    store
        .add_worker(&profile("Recent Check"), 1, now())
        .unwrap();
    let roster = store.roster(None, 10, today()).unwrap();
    let flags: Vec<(&str, bool)> = roster
        .iter()
        .map(|e| (e.worker.name(), e.dbs.is_flagged()))
        .collect();
    assert_eq!(
        flags,
        [
            ("No Check", true),
            ("Old Check", true),
            ("Recent Check", false)
        ]
    );
    assert_eq!(
        roster[1].dbs.text(),
        "DBS renewal due since 21 November 2026"
    );
}

#[test]
fn a_worker_and_their_weekly_pattern_are_saved_together_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let slots = [
        slot(SUNDAY, t(15, 0), t(22, 30)),
        slot(4, t(20, 0), t(2, 0)),
    ];
    let id = store
        .save_worker(None, &profile("Sky Sample"), &slots, 1, now())
        .unwrap();
    assert_eq!(
        audit_actions(&store, RecordKind::PeerWorker, id),
        ["create"]
    );
    // A duplicate name saves neither the worker nor their slots.
    let e = invalid_text(
        store
            .save_worker(None, &profile("sky sample"), &slots, 1, now())
            .unwrap_err(),
    );
    assert_eq!(e, "There is already a peer worker called Sky Sample.");
    assert_eq!(store.roster(None, 10, today()).unwrap().len(), 1);
    // Overlapping slots change nothing, profile included.
    let mut renamed = profile("Sky Renamed");
    let overlapping = [slot(0, t(17, 0), t(21, 0)), slot(0, t(20, 0), t(22, 0))];
    assert!(
        store
            .save_worker(Some(id), &renamed, &overlapping, 1, now())
            .is_err()
    );
    assert_eq!(store.worker(id).unwrap().name(), "Sky Sample");
    renamed.caseload_cap = Some(3);
    store
        .save_worker(Some(id), &renamed, &slots[..1], 1, now())
        .unwrap();
    store.close().unwrap();

    let store = Store::open(&path, &passphrase()).unwrap();
    assert_eq!(store.availability(id).unwrap(), slots[..1]);
    let entry = store.roster_entry(id, today()).unwrap();
    assert_eq!(entry.worker.name(), "Sky Renamed");
    assert_eq!((entry.active_caseload, entry.cap.limit), (0, 3));
    assert!(!entry.dbs.is_flagged());
    assert_eq!(
        audit_actions(&store, RecordKind::PeerWorker, id),
        ["create", "change"]
    );
}

/// A worker's page reads the most recent supervisions and the first assignments, and counts
/// all of each: the same rows as the whole lists, the same totals.
#[test]
fn a_workers_page_reads_the_first_rows_and_counts_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let worker = worker_on_tonight(&mut store, profile("Sky Sample"));
    let other = worker_on_tonight(&mut store, profile("Ash Example"));
    // Two on one day: the later one (by id) first.
    for (month, day) in [(1, 5), (3, 9), (3, 9), (6, 1), (8, 20), (10, 2), (11, 20)] {
        let s = Supervision {
            held_on: d(2026, month, day),
            supervisor: format!("Supervisor {month}/{day}"),
            kind: SupervisionKind::OneToOne,
        };
        store.add_supervision(worker, &s, 1, now()).unwrap();
    }
    let shift = tonight(&store);
    for i in 0..8 {
        let kit = person(&mut store, &format!("Visitor {i}"));
        let id = store
            .assign(&assignment_from(kit, worker, 6, 10 - i), &shift, 1, now())
            .unwrap();
        store
            .end_assignment(id, today(), "Moved on", 1, now())
            .unwrap();
    }
    let log = store.supervision_log(worker).unwrap();
    assert_eq!(log.len(), 7);
    for limit in [0, 1, 5, 7, 20] {
        let (recent, count) = store.recent_supervisions(worker, limit).unwrap();
        assert_eq!(recent, log[..limit.min(7)], "limit {limit}");
        assert_eq!(count, 7, "limit {limit}");
    }
    assert_eq!(store.recent_supervisions(other, 5).unwrap(), (vec![], 0));
    let all = store.assignments_for_worker(worker, None, 100).unwrap();
    assert_eq!(all.len(), 8);
    assert_eq!(store.worker_assignment_count(worker).unwrap(), 8);
    assert_eq!(store.worker_assignment_count(other).unwrap(), 0);
    let page = store.worker_page(worker, today(), 3, 5).unwrap();
    assert_eq!(page.entry, store.roster_entry(worker, today()).unwrap());
    assert_eq!(page.slots, store.availability(worker).unwrap());
    assert_eq!(page.supervision, log[..5]);
    assert_eq!(page.supervision_count, 7);
    assert_eq!(page.assignments, all[..3]);
    assert_eq!(page.assignment_count, 8);
    let empty = store.worker_page(other, today(), 3, 5).unwrap();
    assert_eq!((empty.supervision_count, empty.assignment_count), (0, 0));
    assert!(empty.supervision.is_empty() && empty.assignments.is_empty());
}

/// Each worker's id with their count of assignments.
type Counts = Vec<(i64, i64)>;

/// The counts kept by triggers, against a count of the assignments themselves.
fn kept_and_counted(store: &Store) -> (Counts, Counts) {
    let rows = |sql: &str| -> Counts {
        let conn = store.connection();
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    (
        rows("SELECT worker_id, assignments FROM worker_assignment_counts ORDER BY worker_id"),
        rows("SELECT worker_id, count(*) FROM assignments GROUP BY worker_id ORDER BY worker_id"),
    )
}

#[test]
fn each_workers_count_of_assignments_follows_every_change_and_an_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let sky = worker_on_tonight(&mut store, profile("Sky Sample"));
    let ash = worker_on_tonight(&mut store, profile("Ash Example"));
    let idle = worker_on_tonight(&mut store, profile("Rue Idle"));
    let shift = tonight(&store);
    let mut ids = Vec::new();
    for i in 0..4 {
        let kit = person(&mut store, &format!("Visitor {i}"));
        let id = store
            .assign(&new_assignment(kit, sky, 6), &shift, 1, now())
            .unwrap();
        ids.push(id);
    }
    // Handing over ends Sky's assignment (still counted as theirs) and starts one with Ash.
    store
        .hand_over_assignment(ids[0], ash, "Sky is away", None, &shift, 1, now())
        .unwrap();
    assert_eq!(store.worker_assignment_count(sky).unwrap(), 4);
    assert_eq!(store.worker_assignment_count(ash).unwrap(), 1);
    assert_eq!(store.worker_assignment_count(idle).unwrap(), 0);
    let (kept, counted) = kept_and_counted(&store);
    assert_eq!(kept, counted);

    // The app never moves or removes an assignment; if one is, the counts follow, and a
    // worker left with none has no row (the count is never zero or below).
    let conn = store.connection();
    conn.execute(
        "UPDATE assignments SET worker_id = ?1 WHERE id = ?2",
        [idle, ids[1]],
    )
    .unwrap();
    conn.execute("DELETE FROM assignments WHERE worker_id = ?1", [ash])
        .unwrap();
    let (kept, counted) = kept_and_counted(&store);
    assert_eq!(kept, counted);
    assert_eq!(kept, vec![(sky, 3), (idle, 1)]);
    conn.execute(
        "UPDATE assignments SET end_reason = 'x' WHERE id = ?1",
        [ids[2]],
    )
    .unwrap();
    assert_eq!(
        kept_and_counted(&store).0,
        kept,
        "not moved, not counted again"
    );

    // A database from before migration 0022 gets its counts from the assignments it holds.
    conn.execute_batch(
        "DROP TRIGGER worker_assignment_counts_on_insert;
         DROP TRIGGER worker_assignment_counts_on_update;
         DROP TRIGGER worker_assignment_counts_on_delete;
         DROP TABLE worker_assignment_counts;
         PRAGMA user_version = 21;",
    )
    .unwrap();
    store.close().unwrap();
    let store = Store::open(&path, &passphrase()).unwrap();
    let (kept, counted) = kept_and_counted(&store);
    assert_eq!(kept, counted);
    assert_eq!(kept, vec![(sky, 3), (idle, 1)]);
}

#[test]
fn a_namesakes_last_visit_is_read_and_no_one_elses() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let sky = worker_on_tonight(&mut store, profile("Sky Sample"));
    let shift = tonight(&store);
    let (sam, other_sam, kit) = (
        person(&mut store, "Sam"),
        person(&mut store, "Sam"),
        person(&mut store, "Kit"),
    );
    let sam_visit = visit(&mut store, sam, 90);
    visit(&mut store, sam, 30);
    visit(&mut store, kit, 20);
    for p in [sam, other_sam, kit] {
        store
            .assign(&new_assignment(p, sky, 6), &shift, 1, now())
            .unwrap();
    }
    let mut rows = store.assignments_for_worker(sky, None, 10).unwrap();
    assert!(rows.iter().all(|a| a.last_visit.is_none()));
    store.tell_namesakes_apart(&mut rows).unwrap();
    let last = |id: i64| rows.iter().find(|a| a.person_id == id).unwrap().last_visit;
    let latest = store.visit(sam_visit).unwrap().arrived_at + Duration::minutes(60);
    assert_eq!(last(sam), Some(latest), "the later of Sam's two visits");
    assert_eq!(last(other_sam), None, "no visits");
    assert_eq!(last(kit), None, "no namesake: not read");
    let page = store.worker_page(sky, today(), 10, 3).unwrap();
    assert_eq!(page.assignments, rows, "a worker's page reads the same");
}
