//! Intake's store: quick add, the board and its markers, the triage form's rules, incidents,
//! follow-ups, person search and returning-visitor candidates. Temp files, reopened.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use common::*;
use staywell::domain::person::{MatchReason, PersonDetails};
use staywell::domain::swemwbs::Swemwbs;
use staywell::domain::visit::*;
use staywell::store::Store;

fn update_from(v: &VisitRecord) -> VisitUpdate {
    v.as_update()
}

#[test]
fn a_quick_add_round_trips_with_its_reporting_code() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let id = walk_in(&mut store, None, at(19, 0));
    store.close().unwrap();
    let store = Store::open(&path, &passphrase()).unwrap();
    let v = store.visit(id).unwrap();
    assert_eq!(v.arrived_at, at(19, 0));
    assert_eq!(v.display_name, None);
    assert_eq!(v.status, VisitStatus::Waiting);
    assert_eq!(v.referral_code.as_deref(), Some("SELF"));
    assert_eq!(v.contact_mode, ContactMode::WalkIn);
    assert_eq!((v.created_by, v.created_at), (1, now()));
    let board = store
        .board(tonight().starts_at, tonight().ends_at, now().date_naive())
        .unwrap();
    assert_eq!(board.len(), 1);
    assert_eq!(board[0].label(), format!("Anonymous #{}", v.person_id));
}

#[test]
fn the_board_is_in_triage_order_with_markers_from_other_tables() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let c_early = walk_in(&mut store, Some("Cal"), at(17, 0));
    let untriaged = walk_in(&mut store, Some("Una"), at(19, 0));
    let b_late = walk_in(&mut store, Some("Bea"), at(18, 30));
    let yesterday = walk_in(
        &mut store,
        Some("Yan"),
        at(19, 0) - chrono::Duration::days(1),
    );
    for (id, code) in [(c_early, "C"), (b_late, "B")] {
        let mut u = update_from(&store.visit(id).unwrap());
        u.triage_code = Some(code.into());
        store.update_visit(id, &u, 1, now()).unwrap();
    }
    // Markers read the foundation's tables: a plan overdue for review, an open safeguarding
    // concern and a current peer worker.
    let bea = store.visit(b_late).unwrap().person_id;
    let c = store.connection();
    c.execute_batch(&format!(
        "INSERT INTO crisis_plans (id, person_id, created_at, created_by) VALUES (1, {bea}, '2026-01-01T00:00:00Z', 1);
         INSERT INTO plan_versions (plan_id, version, sections, co_produced, consent_to_share, review_due, created_at, created_by)
           VALUES (1, 1, '{{}}', 1, 1, '2026-04-01', '2026-01-01T00:00:00Z', 1);
         INSERT INTO safeguarding (visit_id, categories, created_at, created_by, updated_at, updated_by)
           VALUES ({c_early}, 'self_neglect', '2026-11-22T19:00:00Z', 1, '2026-11-22T19:00:00Z', 1);
         INSERT INTO peer_workers (id, name, employment, created_at, created_by) VALUES (1, 'Sky Sample', 'volunteer', '2026-01-01T00:00:00Z', 1);
         INSERT INTO assignments (person_id, worker_id, started_on, sessions_planned, created_at, created_by)
           VALUES ({bea}, 1, '2026-11-22', 6, '2026-11-22T19:00:00Z', 1);"
    ))
    .unwrap();
    let board = store
        .board(tonight().starts_at, tonight().ends_at, now().date_naive())
        .unwrap();
    let ids: Vec<i64> = board.iter().map(|r| r.visit_id).collect();
    assert_eq!(ids, [untriaged, b_late, c_early]);
    assert!(!ids.contains(&yesterday));
    let bea_row = &board[1];
    assert!(bea_row.has_plan && bea_row.plan_overdue);
    assert_eq!(bea_row.peer_worker.as_deref(), Some("Sky Sample"));
    assert!(board[2].safeguarding);
    assert!(!board[0].safeguarding && !board[0].has_plan);
    // B's target is 4 hours: Bea arrived 18:30, so at 22:31 she is flagged while still waiting.
    assert!(!bea_row.waiting_too_long(at(22, 30)));
    assert!(bea_row.waiting_too_long(at(22, 31)));
}

#[test]
fn triage_form_fields_round_trip_and_are_attributed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let jo = store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
    let id = walk_in(&mut store, Some("Kit"), at(19, 0));
    let mut u = update_from(&store.visit(id).unwrap());
    u.triage_code = Some("B".into());
    u.safety_formulation = "Line one.\nLine two: protective factors.".into();
    u.status = VisitStatus::WithWorker;
    u.suitability = Some(Suitability::OnwardReferral);
    u.suitability_reason = "Needs crisis team".into();
    u.distress_arrival = Some(8);
    u.swemwbs = Some(Swemwbs::new([2, 3, 2, 1, 2, 3, 2]).unwrap());
    u.signposts = vec![1, 3];
    u.safeguarding = Safeguarding {
        categories: vec![CareActCategory::Domestic, CareActCategory::Financial],
        other_detail: String::new(),
        children_in_household: Some(true),
        referral_made: true,
        referred_to: "Adult social care".into(),
        referred_at: Some(at(19, 20)),
        reference: "ASC-1".into(),
        consent_obtained: Some(false),
        consent_override_reason: "Risk to children".into(),
    };
    store.update_visit(id, &u, jo, at(19, 25)).unwrap();
    let mut u2 = u.clone();
    u2.status = VisitStatus::Seen;
    store.update_visit(id, &u2, 1, at(20, 0)).unwrap();
    u2.status = VisitStatus::Left;
    u2.distress_leaving = Some(4);
    u2.outcome = Some(Outcome::UrgentFaceToFace);
    store.update_visit(id, &u2, 1, at(20, 30)).unwrap();
    store.close().unwrap();

    let store = Store::open(&path, &passphrase()).unwrap();
    let v = store.visit(id).unwrap();
    assert_eq!(v.triage_code.as_deref(), Some("B"));
    assert_eq!(
        (v.triaged_by, v.triaged_at),
        (Some(jo), Some(at(19, 25))),
        "who triaged, and when"
    );
    assert_eq!(v.safety_formulation, u.safety_formulation);
    assert_eq!(v.status, VisitStatus::Left);
    assert_eq!(
        v.seen_at,
        Some(at(19, 25)),
        "seen from the moment they were with a worker"
    );
    assert_eq!(v.left_at, Some(at(20, 30)));
    assert_eq!((v.distress_arrival, v.distress_leaving), (Some(8), Some(4)));
    assert_eq!(v.swemwbs.unwrap().raw(), 15);
    assert_eq!(v.outcome, Some(Outcome::UrgentFaceToFace));
    assert_eq!(v.signposts, [1, 3]);
    assert_eq!(v.safeguarding, u.safeguarding);
    assert_eq!((v.updated_by, v.updated_at), (1, at(20, 30)));
    let changes = store
        .audit_entries_for(staywell::domain::audit::RecordKind::Visit, id)
        .unwrap();
    assert_eq!(changes.iter().filter(|e| e.action == "change").count(), 3);
    assert_eq!(changes.iter().filter(|e| e.action == "create").count(), 1);
}

#[test]
fn illegal_changes_and_bad_values_are_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let id = walk_in(&mut store, Some("Kit"), at(19, 0));
    let before = store.visit(id).unwrap();
    let mut u = update_from(&before);
    u.status = VisitStatus::Left;
    let e = store.update_visit(id, &u, 1, now()).unwrap_err();
    assert!(
        e.to_string()
            .contains("cannot go from \"Waiting\" to \"Left\""),
        "{e}"
    );
    let mut u = update_from(&before);
    u.suitability = Some(Suitability::Declined);
    assert!(
        store
            .update_visit(id, &u, 1, now())
            .unwrap_err()
            .to_string()
            .contains("reason")
    );
    let mut u = update_from(&before);
    u.safeguarding.consent_obtained = Some(false);
    assert!(
        store
            .update_visit(id, &u, 1, now())
            .unwrap_err()
            .to_string()
            .contains("overridden")
    );
    let mut u = update_from(&before);
    u.presenting_need = "x".repeat(NEED_MAX + 1);
    assert!(
        store
            .update_visit(id, &u, 1, now())
            .unwrap_err()
            .to_string()
            .contains("too long")
    );
    // The database itself refuses a distress score outside 0-10.
    let sql = store.connection().execute(
        "UPDATE visits SET distress_arrival = 11 WHERE id = ?1",
        [id],
    );
    assert!(sql.is_err());
    assert_eq!(store.visit(id).unwrap(), before);
}

#[test]
fn incidents_and_follow_ups_are_logged_from_a_visit() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let id = walk_in(&mut store, Some("Kit"), at(19, 0));
    let incident = Incident {
        id: 0,
        visit_id: id,
        occurred_at: at(19, 40),
        kind: "Verbal aggression".into(),
        people: "Kit, another visitor".into(),
        action: "De-escalated; moved to quiet room".into(),
        staff: "Robin, Jo".into(),
    };
    store.add_incident(&incident, 1, now()).unwrap();
    let got = store.incidents(id).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        Incident {
            id: 0,
            ..got[0].clone()
        },
        incident
    );
    let f = FollowUp {
        id: 0,
        visit_id: id,
        person: "Kit".into(),
        task: "Call GP surgery".into(),
        owner: "Day team".into(),
        due_on: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        done_at: None,
        done_by: None,
        ..Default::default()
    };
    store.add_follow_up(&f, 1, now()).unwrap();
    assert_eq!(
        FollowUp {
            id: 0,
            ..store.follow_ups(id).unwrap()[0].clone()
        },
        f
    );
    let bad = Incident {
        kind: " ".into(),
        ..incident
    };
    assert!(store.add_incident(&bad, 1, now()).is_err());
}

#[test]
fn people_are_found_by_name_phone_date_and_id() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let dob = chrono::NaiveDate::from_ymd_opt(1990, 3, 4).unwrap();
    let priya = store
        .add_person(
            &PersonDetails {
                display_name: Some("Priya".into()),
                full_name: Some("Priya Example".into()),
                date_of_birth: Some(dob),
                phone: Some("07700 900123".into()),
            },
            1,
            now(),
        )
        .unwrap();
    store
        .add_person(
            &PersonDetails {
                display_name: Some("Sam".into()),
                ..Default::default()
            },
            1,
            now(),
        )
        .unwrap();
    let ids = |q: &str| {
        store
            .find_people(q, 10)
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("pri"), [priya]);
    assert_eq!(ids("Pryia"), [priya], "one transposition away");
    assert_eq!(ids("example"), [priya]);
    assert_eq!(ids("+44 7700 900123"), [priya]);
    assert_eq!(ids("900123"), [priya]);
    assert_eq!(ids("04/03/1990"), [priya]);
    assert_eq!(ids(&format!("#{priya}")), [priya]);
    assert!(ids("Zed").is_empty());
    assert!(ids("").is_empty());

    let new = PersonDetails {
        display_name: Some("Priyа".into()),
        date_of_birth: Some(chrono::NaiveDate::from_ymd_opt(1990, 4, 3).unwrap()),
        ..Default::default()
    };
    let found = store.match_candidates(&new, 5).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0.id, priya);
    assert!(found[0].1.contains(&MatchReason::DateOfBirth));
    assert!(
        store
            .match_candidates(&PersonDetails::default(), 5)
            .unwrap()
            .is_empty(),
        "anonymous: no guesses"
    );
}

#[test]
fn a_persons_visits_page_from_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let first = walk_in(&mut store, Some("Kit"), at(17, 0));
    let person = store.visit(first).unwrap().person_id;
    for day in 1..=7 {
        store
            .add_visit(
                &staywell::store::visits::NewVisit {
                    person: staywell::store::visits::PersonRef::Existing(person),
                    arrived_at: at(18, 0) - chrono::Duration::days(day),
                    contact_mode: ContactMode::Phone,
                    referral_source_id: None,
                    presenting_need: String::new(),
                },
                1,
                now(),
            )
            .unwrap();
    }
    let page1 = store.person_visits(person, None, 3).unwrap();
    assert_eq!(page1.len(), 3);
    assert_eq!(page1[0].id, first, "newest first");
    let last = page1.last().unwrap();
    let page2 = store
        .person_visits(person, Some((last.arrived_at, last.id)), 3)
        .unwrap();
    let page3 = store
        .person_visits(person, Some((page2[2].arrived_at, page2[2].id)), 3)
        .unwrap();
    assert_eq!(page3.len(), 2);
    let mut all: Vec<i64> = page1
        .iter()
        .chain(&page2)
        .chain(&page3)
        .map(|v| v.id)
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 8);
}

#[test]
fn search_sees_people_added_or_erased_by_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    walk_in(&mut store, Some("Kit"), at(19, 0));
    assert_eq!(
        store.find_people("kit", 5).unwrap().len(),
        1,
        "builds the name index"
    );
    let mut other = Store::open(&path, &passphrase()).unwrap();
    walk_in(&mut other, Some("Zed"), at(19, 5));
    assert_eq!(
        store.find_people("zed", 5).unwrap().len(),
        1,
        "another connection's commit is noticed"
    );
    let kit = store.find_people("kit", 5).unwrap()[0].id;
    other.erase_person(kit, None, now()).unwrap();
    assert!(
        store.find_people("kit", 5).unwrap().is_empty(),
        "an erased name is not found"
    );
}

#[test]
fn ons4_answers_and_how_swemwbs_was_completed_round_trip_and_reach_subject_access() {
    use staywell::domain::ons4::Ons4;
    use staywell::domain::swemwbs::{COPYRIGHT, Completion};
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let id = walk_in(&mut store, Some("Sam"), at(19, 0));
    let mut u = update_from(&store.visit(id).unwrap());
    u.ons4 = Ons4 {
        life_satisfaction: Some(3),
        worthwhile: Some(0),
        happy: None,
        anxious: Some(10),
    };
    u.swemwbs_completion = Some(Completion::WithHelp);
    let refused = store.update_visit(id, &u, 1, now()).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("only when it has been answered"),
        "{refused}"
    );
    u.swemwbs = Some(Swemwbs::new([3, 4, 2, 5, 3, 1, 4]).unwrap());
    store.update_visit(id, &u, 1, now()).unwrap();
    u.ons4.worthwhile = Some(11);
    assert!(store.update_visit(id, &u, 1, now()).is_err(), "0-10 only");
    store.close().unwrap();
    let mut store = Store::open(&path, &passphrase()).unwrap();
    let v = store.visit(id).unwrap();
    assert_eq!(v.ons4.life_satisfaction, Some(3));
    assert_eq!(v.ons4.worthwhile, Some(0));
    assert_eq!(v.ons4.happy, None);
    assert_eq!(v.ons4.anxious, Some(10));
    assert_eq!(v.swemwbs_completion, Some(Completion::WithHelp));
    let sar = store.subject_access(v.person_id, Some(1), now()).unwrap();
    let visit = &sar["visits"][0];
    assert_eq!(visit["ons4_life_satisfaction"], 3);
    assert_eq!(visit["ons4_anxious"], 10);
    assert_eq!(visit["swemwbs_completion"], "with_help");
    assert_eq!(sar["swemwbs_notice"], COPYRIGHT);
}

#[test]
fn ons4_on_leaving_round_trips_beside_arrival_and_reaches_subject_access() {
    use staywell::domain::ons4::Ons4;
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let id = walk_in(&mut store, Some("Sam"), at(19, 0));
    let mut u = update_from(&store.visit(id).unwrap());
    u.ons4 = Ons4 {
        life_satisfaction: Some(3),
        happy: Some(2),
        ..Ons4::default()
    };
    u.ons4_leaving = Ons4 {
        life_satisfaction: Some(5),
        worthwhile: Some(10),
        happy: None,
        anxious: Some(0),
    };
    store.update_visit(id, &u, 1, now()).unwrap();
    // Out of range on leaving: refused, naming when it was asked; nothing changed.
    let mut wrong = u.clone();
    wrong.ons4_leaving.happy = Some(11);
    let refused = store.update_visit(id, &wrong, 1, now()).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("Happy yesterday on leaving is answered 0 to 10"),
        "{refused}"
    );
    store.close().unwrap();
    let mut store = Store::open(&path, &passphrase()).unwrap();
    let v = store.visit(id).unwrap();
    assert_eq!(v.ons4, u.ons4, "arrival kept apart from leaving");
    assert_eq!(v.ons4_leaving, u.ons4_leaving);
    let sar = store.subject_access(v.person_id, Some(1), now()).unwrap();
    let visit = &sar["visits"][0];
    assert_eq!(visit["ons4_life_satisfaction"], 3);
    assert_eq!(visit["ons4_leaving_life_satisfaction"], 5);
    assert_eq!(visit["ons4_leaving_worthwhile"], 10);
    assert!(visit["ons4_leaving_happy"].is_null());
    assert_eq!(visit["ons4_leaving_anxious"], 0);
    let questions = &sar["ons4_questions"];
    assert_eq!(
        questions["ons4_leaving_happy"], "Overall, how happy did you feel yesterday? (on leaving)",
        "the harmonised wording, unchanged, with when it was asked"
    );
    assert_eq!(
        questions["ons4_happy"],
        "Overall, how happy did you feel yesterday? (on arrival)"
    );
}
