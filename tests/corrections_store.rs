//! Corrections in the store: a change applied and recorded in one transaction, the original
//! kept with who, when and why, audited with ids only, refused without a reason or a change.
//! Temp files, reopened.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{Duration, NaiveDate};
use common::*;
use staywell::domain::audit::RecordKind;
use staywell::domain::correction::{CorrectedField, CorrectedKind, DetailsCorrection, describe};
use staywell::domain::follow_up::{ClosedAs, Closure};
use staywell::domain::person::PersonDetails;
use staywell::domain::visit::ContactMode;
use staywell::store::{Store, StoreError};

fn details_of(store: &Store, visit_id: i64) -> DetailsCorrection {
    let v = store.visit(visit_id).unwrap();
    let p = store.person(v.person_id).unwrap();
    DetailsCorrection {
        visit_id,
        person_id: v.person_id,
        arrived_at: v.arrived_at,
        contact_mode: v.contact_mode,
        referral_source_id: v.referral_source_id,
        person: p.details,
        reason: "typed wrong".into(),
    }
}

#[test]
fn correcting_the_details_keeps_the_original_with_who_when_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let visit = walk_in(&mut store, Some("Jonh"), at(19, 5));
    let mut c = details_of(&store, visit);
    c.arrived_at = at(18, 50);
    c.contact_mode = ContactMode::Phone;
    c.referral_source_id = Some(1);
    c.person = PersonDetails {
        display_name: Some("John".into()),
        full_name: Some("John Smith".into()),
        date_of_birth: Some(NaiveDate::from_ymd_opt(1990, 3, 4).unwrap()),
        phone: Some("07700 900123".into()),
    };
    let later = now() + Duration::minutes(10);
    assert_eq!(store.correct_details(&c, 1, later).unwrap(), 7);
    store.close().unwrap();

    let store = Store::open(&path, &passphrase()).unwrap();
    let v = store.visit(visit).unwrap();
    assert_eq!(v.arrived_at, at(18, 50));
    assert_eq!(v.contact_mode, ContactMode::Phone);
    assert_eq!(v.referral_source_id, Some(1));
    assert_eq!((v.updated_by, v.updated_at), (1, later));
    let p = store.person(v.person_id).unwrap();
    assert_eq!(p.details, c.person);
    // The person is found by the corrected name and phone.
    let found = store.find_people("John", 5).unwrap();
    assert!(found.iter().any(|f| f.id == v.person_id));
    assert!(
        store
            .find_people("07700900123", 5)
            .unwrap()
            .iter()
            .any(|f| f.id == v.person_id)
    );

    let history = store.visit_history(visit).unwrap();
    assert_eq!(history.len(), 7);
    assert!(
        history
            .iter()
            .all(|h| h.reason == "typed wrong" && h.staff_id == 1 && h.at == later)
    );
    let arrival = history
        .iter()
        .find(|h| h.change.field == CorrectedField::Arrival)
        .unwrap();
    assert_eq!(arrival.kind, CorrectedKind::Visit);
    assert_eq!(
        describe(arrival, "Lead", chrono_tz::Europe::London, later),
        "corrected 19:40 by Lead: arrival 19:05 → 18:50 (typed wrong)"
    );
    let name = history
        .iter()
        .find(|h| h.change.field == CorrectedField::DisplayName)
        .unwrap();
    assert_eq!(
        (name.kind, name.record_id),
        (CorrectedKind::Person, v.person_id)
    );
    assert_eq!(name.change.previous.as_deref(), Some("Jonh"));
    assert_eq!(name.change.new.as_deref(), Some("John"));
    let phone = history
        .iter()
        .find(|h| h.change.field == CorrectedField::Phone)
        .unwrap();
    assert_eq!(phone.change.previous, None);
    assert_eq!(
        store
            .corrections(CorrectedKind::Person, v.person_id)
            .unwrap()
            .len(),
        4
    );

    // Audited with ids only: one row for the visit, one for the person.
    let visit_audit = store.audit_entries_for(RecordKind::Visit, visit).unwrap();
    assert_eq!(visit_audit[0].action, "correct");
    let person_audit = store
        .audit_entries_for(RecordKind::Person, v.person_id)
        .unwrap();
    assert_eq!(person_audit[0].action, "correct");
}

#[test]
fn a_correction_needs_a_reason_and_a_change_and_an_arrival_that_has_happened() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let visit = walk_in(&mut store, Some("Ann"), at(19, 5));
    let same = details_of(&store, visit);
    assert!(
        matches!(store.correct_details(&same, 1, now()), Err(StoreError::Invalid(m)) if m.contains("Nothing was changed"))
    );
    let mut c = same.clone();
    c.person.display_name = Some("Anne".into());
    for reason in ["", "   ", "two\nlines"] {
        c.reason = reason.into();
        assert!(matches!(
            store.correct_details(&c, 1, now()),
            Err(StoreError::Invalid(_))
        ));
    }
    let mut late = same.clone();
    late.arrived_at = now() + Duration::minutes(30);
    assert!(
        matches!(store.correct_details(&late, 1, now()), Err(StoreError::Invalid(m)) if m.contains("later than now"))
    );
    // Nothing refused left a trace.
    assert!(store.visit_history(visit).unwrap().is_empty());
    assert_eq!(
        store
            .person(same.person_id)
            .unwrap()
            .details
            .display_name
            .as_deref(),
        Some("Ann")
    );
}

#[test]
fn corrections_are_kept_and_blanked_only_by_erasure_and_exported_by_subject_access() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let visit = walk_in(&mut store, Some("Jonh"), at(19, 5));
    let mut c = details_of(&store, visit);
    c.person.display_name = Some("John".into());
    store.correct_details(&c, 1, now()).unwrap();
    let conn = store.connection();
    assert!(conn.execute("DELETE FROM corrections", []).is_err());
    assert!(
        conn.execute("UPDATE corrections SET new_value = 'x'", [])
            .is_err()
    );
    assert!(
        conn.execute("UPDATE corrections SET corrected_at = 'x'", [])
            .is_err()
    );

    let export = store.subject_access(c.person_id, Some(1), now()).unwrap();
    let rows = export["corrections"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["previous_value"], "Jonh");
    assert_eq!(rows[0]["reason"], "typed wrong");
    store.erase_person(c.person_id, Some(1), now()).unwrap();
    let blanked: Vec<(Option<String>, Option<String>, String)> = store
        .connection()
        .prepare("SELECT previous_value, new_value, reason FROM corrections")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(blanked, [(None, None, "erased".to_string())]);
}

#[test]
fn the_triage_form_records_a_changed_value_as_a_correction_and_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let visit = walk_in(&mut store, Some("Kit"), at(19, 0));
    let mut u = store.visit(visit).unwrap().as_update();
    // Filling blanks is progress: no reason, no correction.
    u.triage_code = Some("C".into());
    u.distress_arrival = Some(7);
    store.update_visit(visit, &u, 1, now()).unwrap();
    u.triage_code = Some("B".into());
    u.distress_arrival = Some(5);
    assert!(
        matches!(store.update_visit(visit, &u, 1, now()), Err(StoreError::Invalid(m)) if m.contains("triage, distress on arrival"))
    );
    assert_eq!(
        store.visit(visit).unwrap().triage_code.as_deref(),
        Some("C"),
        "refused whole"
    );
    store
        .update_visit_corrected(visit, &u, Some("scored before the talk"), 1, now())
        .unwrap();
    store.close().unwrap();
    let store = Store::open(&path, &passphrase()).unwrap();
    let h = store.corrections(CorrectedKind::Visit, visit).unwrap();
    let got: Vec<(CorrectedField, Option<&str>, Option<&str>)> = h
        .iter()
        .map(|c| {
            (
                c.change.field,
                c.change.previous.as_deref(),
                c.change.new.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (CorrectedField::TriageCode, Some("C"), Some("B")),
            (CorrectedField::DistressArrival, Some("7/10"), Some("5/10")),
        ]
    );
    assert_eq!(
        store.audit_entries_for(RecordKind::Visit, visit).unwrap()[1].action,
        "correct"
    );
}

fn follow_up(store: &mut Store, visit_id: i64, task: &str) -> i64 {
    use staywell::domain::visit::FollowUp;
    store
        .add_follow_up(
            &FollowUp {
                id: 0,
                visit_id,
                person: String::new(),
                task: task.into(),
                owner: "Day team".into(),
                due_on: None,
                done_at: None,
                done_by: None,
                ..Default::default()
            },
            1,
            now(),
        )
        .unwrap()
}

#[test]
fn a_follow_up_is_closed_with_its_outcome_by_whom_and_when_leaves_the_handover_and_can_be_reopened()
{
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let visit = walk_in(&mut store, Some("Kit"), at(19, 0));
    let ring = follow_up(&mut store, visit, "Ring to check in");
    let letter = follow_up(&mut store, visit, "Send the leaflet");
    let hours = staywell::domain::shift::ServiceHours::default();
    let facts = store.shift_facts(&hours, tonight().service_date).unwrap();
    assert_eq!(facts.follow_ups.len(), 2);

    let done_at = now() + Duration::minutes(5);
    let done = Closure::new(ClosedAs::Done, "Rang, doing better").unwrap();
    store.close_follow_up(ring, &done, 1, done_at).unwrap();
    assert!(matches!(
        store.close_follow_up(ring, &done, 1, done_at),
        Err(StoreError::Invalid(_))
    ));
    let facts = store.shift_facts(&hours, tonight().service_date).unwrap();
    assert_eq!(facts.follow_ups.len(), 1, "done: no longer handed over");
    assert!(facts.follow_ups[0].contains("Send the leaflet"));

    assert!(
        matches!(
            store.reopen_follow_up(letter, "by mistake", 1, now()),
            Err(StoreError::Invalid(_))
        ),
        "still open"
    );
    assert!(matches!(
        store.reopen_follow_up(ring, " ", 1, now()),
        Err(StoreError::Invalid(_))
    ));
    store.close().unwrap();
    let mut store = Store::open(&path, &passphrase()).unwrap();
    let f = &store.follow_ups(visit).unwrap()[0];
    assert_eq!((f.done_at, f.done_by), (Some(done_at), Some(1)));
    assert_eq!(
        (f.closed_as, f.outcome.as_str()),
        (Some(ClosedAs::Done), "Rang, doing better")
    );
    store
        .reopen_follow_up(ring, "not done after all", 1, done_at)
        .unwrap();
    let f = &store.follow_ups(visit).unwrap()[0];
    assert_eq!((f.done_at, f.done_by, f.closed_as), (None, None, None));
    assert_eq!(f.outcome, "");
    // How it had been closed stays readable in its history.
    let h = store.corrections(CorrectedKind::FollowUp, ring).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        describe(&h[0], "Lead", chrono_tz::Europe::London, done_at),
        "corrected 19:35 by Lead: follow-up done 19:35 → (blank) (not done after all)"
    );
    assert_eq!(
        describe(&h[1], "Lead", chrono_tz::Europe::London, done_at),
        "corrected 19:35 by Lead: follow-up closed as done: Rang, doing better → (blank) (not done after all)"
    );
    assert_eq!(store.visit_history(visit).unwrap().len(), 2);
    let facts = store.shift_facts(&hours, tonight().service_date).unwrap();
    assert_eq!(facts.follow_ups.len(), 2, "open again: handed over again");
}

#[test]
fn an_incident_is_edited_as_a_correction_and_never_to_a_time_later_than_now() {
    use staywell::domain::visit::Incident;
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let visit = walk_in(&mut store, Some("Kit"), at(19, 0));
    let mut i = Incident {
        id: 0,
        visit_id: visit,
        occurred_at: at(19, 10),
        kind: "Fal".into(),
        people: String::new(),
        action: "First aid".into(),
        staff: "Robin".into(),
    };
    i.id = store.add_incident(&i, 1, now()).unwrap();
    let same = i.clone();
    assert!(
        matches!(store.correct_incident(&same, "typo", 1, now()), Err(StoreError::Invalid(m)) if m.contains("Nothing"))
    );
    let mut late = i.clone();
    late.occurred_at = now() + Duration::hours(1);
    assert!(
        matches!(store.correct_incident(&late, "typo", 1, now()), Err(StoreError::Invalid(m)) if m.contains("later than now"))
    );
    let mut fixed = i.clone();
    fixed.kind = "Fall".into();
    fixed.occurred_at = at(19, 15);
    assert!(matches!(
        store.correct_incident(&fixed, "", 1, now()),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.correct_incident(&fixed, "typo", 1, now()).unwrap(), 2);
    store.close().unwrap();
    let store = Store::open(&path, &passphrase()).unwrap();
    assert_eq!(store.incidents(visit).unwrap(), [fixed.clone()]);
    let h = store.corrections(CorrectedKind::Incident, i.id).unwrap();
    let fields: Vec<CorrectedField> = h.iter().map(|c| c.change.field).collect();
    assert_eq!(
        fields,
        [CorrectedField::IncidentTime, CorrectedField::IncidentKind]
    );
    assert_eq!(h[1].change.previous.as_deref(), Some("Fal"));
    assert_eq!(store.visit_history(visit).unwrap().len(), 2);
    assert_eq!(
        store.audit_entries_for(RecordKind::Visit, visit).unwrap()[0].action,
        "correct"
    );
}

/// Every kind of triage-form field that was not counted before: an ONS4 answer (on arrival
/// and on leaving), how the SWEMWBS was completed, a signpost taken off, and safeguarding
/// values. Without a reason the save is refused and nothing changes; with one, each is kept
/// with who, when and before → after, and the values read back after reopening.
#[test]
fn ons4_swemwbs_completion_signposts_and_safeguarding_are_corrected_with_the_original_kept() {
    use staywell::domain::ons4::{Ons4, Question, When};
    use staywell::domain::swemwbs::{Completion, Swemwbs};
    use staywell::domain::visit::{CareActCategory, Safeguarding};
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let visit = walk_in(&mut store, Some("Kit"), at(19, 0));
    let directory = store.directory().unwrap();
    let (first, second) = (directory[0].clone(), directory[1].clone());
    let mut u = store.visit(visit).unwrap().as_update();
    u.ons4 = Ons4 {
        happy: Some(4),
        ..Ons4::default()
    };
    u.ons4_leaving = Ons4 {
        worthwhile: Some(8),
        ..Ons4::default()
    };
    u.swemwbs = Some(Swemwbs::new([3, 3, 3, 3, 3, 3, 3]).unwrap());
    u.swemwbs_completion = Some(Completion::ByVisitor);
    u.signposts = vec![first.id, second.id];
    u.safeguarding = Safeguarding {
        categories: vec![CareActCategory::Financial],
        children_in_household: Some(true),
        referral_made: true,
        referred_to: "Adult social care".into(),
        reference: "ASC-1".into(),
        referred_at: Some(at(19, 20)),
        consent_obtained: Some(true),
        ..Safeguarding::default()
    };
    store.update_visit(visit, &u, 1, at(19, 20)).unwrap();
    assert!(
        store.visit_history(visit).unwrap().is_empty(),
        "filling blanks is progress"
    );

    let recorded = store.visit(visit).unwrap();
    let mut c = recorded.as_update();
    c.ons4.happy = Some(5);
    c.ons4_leaving.worthwhile = None;
    c.swemwbs_completion = Some(Completion::ReadOut);
    c.signposts = vec![second.id];
    c.safeguarding.categories = vec![CareActCategory::Domestic];
    c.safeguarding.children_in_household = Some(false);
    c.safeguarding.reference = "ASC-7".into();
    c.safeguarding.consent_obtained = Some(false);
    c.safeguarding.consent_override_reason = "Risk to a child".into();
    let later = at(19, 25);
    let refused = store
        .update_visit_corrected(visit, &c, None, 1, later)
        .unwrap_err();
    let text = refused.to_string();
    for label in [
        "ONS4 happy yesterday on arrival",
        "ONS4 worthwhile on leaving",
        "SWEMWBS completed",
        "signposted to",
        "safeguarding concern",
        "children in household",
        "consent",
        "referral reference",
    ] {
        assert!(text.contains(label), "{label}: {text}");
    }
    assert_eq!(store.visit(visit).unwrap(), recorded, "nothing changed");
    store
        .update_visit_corrected(visit, &c, Some("entered on the wrong visit"), 1, later)
        .unwrap();
    store.close().unwrap();

    let store = Store::open(&path, &passphrase()).unwrap();
    let v = store.visit(visit).unwrap();
    assert_eq!(v.ons4.happy, Some(5));
    assert_eq!(v.ons4_leaving.worthwhile, None);
    assert_eq!(v.swemwbs_completion, Some(Completion::ReadOut));
    assert_eq!(v.signposts, vec![second.id]);
    assert_eq!(v.safeguarding.categories, vec![CareActCategory::Domestic]);
    assert_eq!(v.safeguarding.consent_obtained, Some(false));
    let history = store.visit_history(visit).unwrap();
    assert!(
        history
            .iter()
            .all(|h| h.reason == "entered on the wrong visit"
                && h.staff_id == 1
                && h.at == later
                && h.kind == CorrectedKind::Visit)
    );
    let change = |f: CorrectedField| {
        let h = history
            .iter()
            .find(|h| h.change.field == f)
            .unwrap_or_else(|| panic!("{f:?} not in {history:?}"));
        (h.change.previous.clone(), h.change.new.clone())
    };
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        change(CorrectedField::Ons4(When::Arrival, Question::Happy)),
        (s("4/10"), s("5/10"))
    );
    assert_eq!(
        change(CorrectedField::Ons4(When::Leaving, Question::Worthwhile)),
        (s("8/10"), None)
    );
    assert_eq!(
        change(CorrectedField::SwemwbsCompletion),
        (s("By the visitor"), s("Read out to them"))
    );
    // Named as the directory names them, in the order they are stored (by entry).
    let mut both = [&first, &second];
    both.sort_by_key(|d| d.id);
    assert_eq!(
        change(CorrectedField::Signposts),
        (
            Some(format!("{}; {}", both[0].name, both[1].name)),
            Some(second.name.clone())
        )
    );
    assert_eq!(
        change(CorrectedField::SafeguardingCategories),
        (s("Financial or material abuse"), s("Domestic abuse"))
    );
    assert_eq!(
        change(CorrectedField::SafeguardingChildren),
        (s("yes"), s("no"))
    );
    assert_eq!(
        change(CorrectedField::SafeguardingConsent),
        (s("obtained"), s("overridden"))
    );
    assert_eq!(
        change(CorrectedField::SafeguardingReference),
        (s("ASC-1"), s("ASC-7"))
    );
    assert_eq!(history.len(), 8, "{history:?}");
    // Read as a sentence in the visit's History.
    let sentence = describe(
        history
            .iter()
            .find(|h| h.change.field == CorrectedField::Signposts)
            .unwrap(),
        "Lead",
        chrono_tz::Europe::London,
        later,
    );
    assert!(
        sentence.ends_with(&format!(
            "signposted to {} → {} (entered on the wrong visit)",
            change(CorrectedField::Signposts).0.unwrap(),
            second.name
        )),
        "{sentence}"
    );
}

/// A signpost ticked on top of those recorded, and more written after the referral's
/// destination, are the visit progressing: no reason asked, nothing in the history.
#[test]
fn saving_unchanged_safeguarding_and_adding_a_signpost_ask_no_reason() {
    use staywell::domain::visit::Safeguarding;
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let visit = walk_in(&mut store, Some("Kit"), at(19, 0));
    let directory = store.directory().unwrap();
    let mut u = store.visit(visit).unwrap().as_update();
    u.signposts = vec![directory[0].id];
    u.safeguarding = Safeguarding {
        referral_made: true,
        referred_to: "Adult social care".into(),
        referred_at: Some(at(19, 20) + Duration::seconds(37)),
        ..Safeguarding::default()
    };
    store.update_visit(visit, &u, 1, at(19, 21)).unwrap();
    let mut u = store.visit(visit).unwrap().as_update();
    u.signposts.push(directory[1].id);
    u.safeguarding.referred_to = "Adult social care, duty team".into();
    store.update_visit(visit, &u, 1, at(19, 25)).unwrap();
    assert!(store.visit_history(visit).unwrap().is_empty());
    assert_eq!(store.visit(visit).unwrap().signposts.len(), 2);
}
