//! Merging two records of the same visitor, in the store: every row naming the absorbed record
//! moves to the survivor and nothing is left orphaned, the chosen details are corrections of
//! the survivor, the absorbed record's details stay readable, one crisis plan stays current
//! with the other's versions in its history, audit rows hold ids only, `check` still verifies,
//! subject access and erasure of the survivor take in the merged record, and the unsafe cases
//! are refused with nothing changed. Temp files, reopened.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::Duration;
use common::*;
use staywell::domain::correction::{CorrectedField, CorrectedKind, DetailsCorrection};
use staywell::domain::draft::{DraftKey, FormDraft, FormKind};
use staywell::domain::handover::draft_from;
use staywell::domain::merge::{MergeChoice, MergeRequest, Side};
use staywell::domain::person::PersonDetails;
use staywell::domain::plan::{PlanContent, PlanMeta};
use staywell::domain::visit::*;
use staywell::store::visits::{NewVisit, PersonRef};
use staywell::store::{Store, StoreError};

const OLD_NAME: &str = "Quillon";
const FULL: &str = "Quillon Example";
const CANARY: &str = "marmalade-canary-9931";

fn later() -> chrono::DateTime<chrono::Utc> {
    now() + Duration::minutes(20)
}

fn visit_for(store: &mut Store, person: PersonRef, arrived: chrono::DateTime<chrono::Utc>) -> i64 {
    store
        .add_visit(
            &NewVisit {
                person,
                arrived_at: arrived,
                contact_mode: ContactMode::WalkIn,
                referral_source_id: Some(1),
                presenting_need: format!("need {CANARY}"),
            },
            1,
            now(),
        )
        .unwrap()
}

fn plan(store: &mut Store, person: i64, sign: &str) {
    let content = PlanContent {
        warning_signs: vec![sign.into()],
        ..Default::default()
    };
    store
        .save_plan_version(
            person,
            &content,
            &PlanMeta::new(now().date_naive(), 90),
            1,
            now(),
        )
        .unwrap();
}

/// Two records of the same person: the survivor `Quill` (#1: a visit, a plan) and the
/// duplicate `Quillon` (#2: a visit with safeguarding, an incident and a follow-up, a plan of
/// two versions, an assignment with a session, a correction of its name, a form draft, a
/// signed handover and an unsigned draft naming it). Returns (survivor, duplicate, the
/// duplicate's visit).
fn two_records(store: &mut Store) -> (i64, i64, i64) {
    let first = visit_for(
        store,
        PersonRef::New(PersonDetails {
            display_name: Some("Quill".into()),
            ..Default::default()
        }),
        at(18, 0),
    );
    let survivor = store.visit(first).unwrap().person_id;
    let visit = visit_for(
        store,
        PersonRef::New(PersonDetails {
            display_name: Some("Qillon".into()),
            full_name: Some(FULL.into()),
            date_of_birth: chrono::NaiveDate::from_ymd_opt(1991, 5, 6),
            phone: Some("07700 900555".into()),
        }),
        at(19, 0),
    );
    let dup = store.visit(visit).unwrap().person_id;
    // The duplicate's name corrected once already: that history stays with the old record.
    let v = store.visit(visit).unwrap();
    let p = store.person(dup).unwrap().details;
    store
        .correct_details(
            &DetailsCorrection {
                visit_id: visit,
                person_id: dup,
                arrived_at: v.arrived_at,
                contact_mode: v.contact_mode,
                referral_source_id: v.referral_source_id,
                person: PersonDetails {
                    display_name: Some(OLD_NAME.into()),
                    ..p
                },
                reason: "typed wrong".into(),
            },
            1,
            now(),
        )
        .unwrap();
    let update = VisitUpdate {
        presenting_need: v.presenting_need.clone(),
        triage_code: Some("C".into()),
        safety_formulation: format!("formulation {CANARY}"),
        suitability: None,
        suitability_reason: String::new(),
        status: VisitStatus::WithWorker,
        distress_arrival: Some(7),
        distress_leaving: None,
        swemwbs: None,
        swemwbs_completion: None,
        ons4: Default::default(),
        ons4_leaving: Default::default(),
        outcome: None,
        signposts: vec![],
        safeguarding: Safeguarding {
            categories: vec![CareActCategory::Neglect],
            other_detail: format!("detail {CANARY}"),
            ..Default::default()
        },
    };
    store.update_visit(visit, &update, 1, now()).unwrap();
    store
        .add_incident(
            &Incident {
                id: 0,
                visit_id: visit,
                occurred_at: at(19, 10),
                kind: format!("kind {CANARY}"),
                people: OLD_NAME.into(),
                action: "calmed".into(),
                staff: String::new(),
            },
            1,
            now(),
        )
        .unwrap();
    store
        .add_follow_up(
            &FollowUp {
                id: 0,
                visit_id: visit,
                person: OLD_NAME.into(),
                task: format!("task {CANARY}"),
                owner: "Day team".into(),
                due_on: None,
                done_at: None,
                done_by: None,
                ..Default::default()
            },
            1,
            now(),
        )
        .unwrap();
    plan(store, survivor, "survivor's sign");
    plan(store, dup, &format!("sign {CANARY}"));
    plan(store, dup, "second version");
    store
        .connection()
        .execute_batch(&format!(
            "INSERT INTO peer_workers (id, name, employment, created_at, created_by) VALUES (9, 'Sky Sample', 'paid', '2026-01-01T00:00:00Z', 1);
             INSERT INTO assignments (id, person_id, worker_id, started_on, sessions_planned, created_at, created_by)
               VALUES (5, {dup}, 9, '2026-11-22', 6, '2026-11-22T19:00:00Z', 1);
             INSERT INTO peer_sessions (assignment_id, held_on, minutes, note, created_at, created_by)
               VALUES (5, '2026-11-22', 45, 'note {CANARY}', '2026-11-22T20:00:00Z', 1);"
        ))
        .unwrap();
    store
        .save_form_draft(
            1,
            &FormDraft {
                key: DraftKey::new(FormKind::Visit, visit),
                person_id: None,
                fields: vec![],
            },
            now(),
        )
        .unwrap();
    let hours = store.service_hours().unwrap();
    let date = now().date_naive();
    let mut body = draft_from(&store.shift_facts(&hours, date).unwrap());
    assert!(body.entries.iter().any(|e| e.person_id == dup));
    body.free_text = format!("{OLD_NAME} was upset.");
    let yesterday = date - Duration::days(1);
    let signed = store
        .save_handover_draft(yesterday, &body, 1, now())
        .unwrap();
    store.sign_handover(signed, 1, now()).unwrap();
    store.save_handover_draft(date, &body, 1, now()).unwrap();
    (survivor, dup, visit)
}

fn request(a: i64, b: i64, store: &Store) -> MergeRequest {
    let (sa, sb) = (store.merge_side(a).unwrap(), store.merge_side(b).unwrap());
    MergeRequest {
        a,
        b,
        choice: MergeChoice::suggested(&sa, &sb),
        reason: "same person twice".into(),
    }
}

fn count(store: &Store, sql: &str, id: i64) -> i64 {
    store
        .connection()
        .query_row(sql, [id], |r| r.get(0))
        .unwrap()
}

/// Every table with a column naming a person: how many of its rows name `id`.
fn rows_naming(store: &Store, id: i64) -> Vec<(String, i64)> {
    let tables: Vec<String> = store
        .connection()
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let columns: Vec<String> = store
            .connection()
            .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for c in columns.iter().filter(|c| c.contains("person_id")) {
            let n = count(
                store,
                &format!("SELECT count(*) FROM \"{t}\" WHERE \"{c}\" = ?1"),
                id,
            );
            if n > 0 {
                out.push((format!("{t}.{c}"), n));
            }
        }
    }
    out
}

#[test]
fn a_merge_moves_every_record_and_keeps_the_original_readable() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let (survivor, dup, dup_visit) = two_records(&mut store);
    let before_plan = store.plan_for_person(survivor).unwrap().unwrap();
    let dup_plan = store.plan_for_person(dup).unwrap().unwrap();
    let req = request(dup, survivor, &store);
    assert_eq!(req.choice.record, Side::B, "the older record survives");
    assert_eq!(req.ids(), (survivor, dup));
    let merge_id = store.merge_people(&req, 1, later()).unwrap();
    store.close().unwrap();

    let mut store = Store::open(&path, &passphrase()).unwrap();
    // Everything moved: nothing names the duplicate but its own kept row and its plan, linked.
    assert_eq!(
        rows_naming(&store, dup),
        vec![("crisis_plans.person_id".to_string(), 1)],
        "only the duplicate's plan row, kept for its versions"
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM plan_merges WHERE plan_id = ?1",
            dup_plan.plan_id
        ),
        1
    );
    assert_eq!(store.visit(dup_visit).unwrap().person_id, survivor);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM visits WHERE person_id = ?1",
            survivor
        ),
        2
    );
    assert_eq!(store.incidents(dup_visit).unwrap().len(), 1);
    assert_eq!(store.follow_ups(dup_visit).unwrap().len(), 1);
    assert!(!store.visit(dup_visit).unwrap().safeguarding.is_empty());
    assert_eq!(
        count(&store, "SELECT person_id FROM assignments WHERE id = ?1", 5),
        survivor
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM form_drafts WHERE person_id = ?1",
            survivor
        ),
        1
    );
    // The unsigned draft names the survivor; the signed note is untouched.
    let date = now().date_naive();
    let draft = store.handover(date).unwrap().unwrap();
    assert!(draft.body.entries.iter().all(|e| e.person_id != dup));
    assert_eq!(
        draft
            .body
            .entries
            .iter()
            .filter(|e| e.person_id == survivor && e.person_label == "Quill")
            .count(),
        2,
        "both visits' entries, named as the survivor is"
    );
    let signed = store.handover(date - Duration::days(1)).unwrap().unwrap();
    assert!(signed.body.entries.iter().any(|e| e.person_id == dup));

    // Details: the survivor's name, the duplicate's full name, phone and date of birth.
    let p = store.person(survivor).unwrap().details;
    assert_eq!(p.display_name.as_deref(), Some("Quill"));
    assert_eq!(p.full_name.as_deref(), Some(FULL));
    assert_eq!(p.phone.as_deref(), Some("07700 900555"));
    let corrections = store.corrections(CorrectedKind::Person, survivor).unwrap();
    assert_eq!(corrections.len(), 3);
    assert!(corrections.iter().all(|c| c.reason == "same person twice"
        && c.staff_id == 1
        && c.at == later()
        && c.change.previous.is_none()));
    assert!(corrections.iter().any(
        |c| c.change.field == CorrectedField::FullName && c.change.new.as_deref() == Some(FULL)
    ));
    // The duplicate is no longer found; the survivor is, by its new details.
    assert!(store.find_people(&format!("#{dup}"), 5).unwrap().is_empty());
    assert!(store.person(dup).is_err());
    let found = store.find_people("07700900555", 5).unwrap();
    assert_eq!(found.iter().map(|f| f.id).collect::<Vec<_>>(), [survivor]);
    // The original stays readable: the merge record keeps both records as they were.
    let (kept, absorbed_details): (String, String) = store
        .connection()
        .query_row(
            "SELECT kept, absorbed_details FROM person_merges WHERE id = ?1",
            [merge_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(absorbed_details.contains(OLD_NAME) && absorbed_details.contains("1991-05-06"));
    assert!(kept.contains("\"full_name\":\"absorbed\""), "{kept}");
    let notes = store.merges_into(survivor).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!((notes[0].absorbed_id, notes[0].at), (dup, later()));
    assert_eq!(notes[0].by, LEAD);
    assert!(
        notes[0]
            .describe(chrono_tz::Europe::London)
            .starts_with(&format!("merged from #{dup} on 22/11/2026 19:50 by {LEAD}"))
    );

    // One plan stays current; the duplicate's two versions are in its history, readable.
    let after_plan = store.plan_for_person(survivor).unwrap().unwrap();
    assert_eq!(after_plan.plan_id, before_plan.plan_id);
    assert_eq!(after_plan.latest_version, 1);
    let merged = store.merged_plan_versions(after_plan.plan_id).unwrap();
    assert_eq!(merged.len(), 2);
    assert!(
        merged
            .iter()
            .all(|(from, plan, _)| (*from, *plan) == (dup, dup_plan.plan_id))
    );
    let v1 = store.plan_version(dup_plan.plan_id, 1).unwrap();
    assert_eq!(v1.content.warning_signs, [format!("sign {CANARY}")]);
    // The plans list shows one plan for the person.
    let list = store
        .plans_page(None, false, None, 10, now().date_naive())
        .unwrap();
    assert_eq!(list.iter().filter(|r| r.person_id == dup).count(), 0);

    // Audited with ids only; the chain and every plan version still verify.
    let merges: Vec<(Option<String>, Option<i64>)> = store
        .connection()
        .prepare("SELECT record_kind, record_id FROM audit_log WHERE action = 'merge' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        merges,
        [
            (Some("plan".into()), Some(after_plan.plan_id)),
            (Some("person".into()), Some(survivor)),
            (Some("person".into()), Some(dup)),
        ]
    );
    let audit_text: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action LIKE '%Quill%' OR record_kind LIKE '%Quill%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit_text, 0);
    store.checkpoint().unwrap();
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");

    // Nothing new can be recorded against the merged record.
    let err = store
        .add_visit(
            &NewVisit {
                person: PersonRef::Existing(dup),
                arrived_at: at(19, 40),
                contact_mode: ContactMode::WalkIn,
                referral_source_id: None,
                presenting_need: String::new(),
            },
            1,
            later(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("merged"), "{err}");
}

#[test]
fn subject_access_of_the_survivor_holds_the_merged_record_and_erasure_takes_it_too() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let (survivor, dup, _) = two_records(&mut store);
    let dup_plan = store.plan_for_person(dup).unwrap().unwrap().plan_id;
    store
        .merge_people(&request(survivor, dup, &store), 1, later())
        .unwrap();
    let export = store.subject_access(survivor, Some(1), later()).unwrap();
    let text = export.to_string();
    assert_eq!(export["merged_records"][0]["id"], dup);
    assert_eq!(
        export["merges"][0]["absorbed_details"]["display_name"],
        OLD_NAME
    );
    assert_eq!(export["visits"].as_array().unwrap().len(), 2);
    assert_eq!(
        export["crisis_plan_versions"].as_array().unwrap().len(),
        3,
        "the survivor's version and the two merged into its history"
    );
    assert!(
        export["corrections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["record_id"] == dup && c["new_value"] == OLD_NAME),
        "the duplicate's own correction"
    );
    assert!(
        export["handover_entries"].as_array().unwrap().len() >= 2,
        "the signed note's entry under the old id and the draft's"
    );
    assert!(text.contains("was upset"), "a line naming the old name");
    assert!(
        export["audit"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "merge" && a["record_id"] == dup)
    );

    store.erase_person(survivor, Some(1), later()).unwrap();
    for id in [survivor, dup] {
        let (erased, name): (Option<String>, Option<String>) = store
            .connection()
            .query_row(
                "SELECT erased_at, display_name FROM people WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert!(erased.is_some() && name.is_none(), "#{id}");
    }
    assert_eq!(store.erased_people().unwrap(), [survivor, dup]);
    let details: Option<String> = store
        .connection()
        .query_row("SELECT absorbed_details FROM person_merges", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(details, None);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM plan_versions WHERE plan_id = ?1",
            dup_plan
        ),
        0,
        "the merged plan's versions are erased with the person"
    );
    let signed = store
        .handover(now().date_naive() - Duration::days(1))
        .unwrap()
        .unwrap();
    assert!(!signed.body.free_text.contains(OLD_NAME));
    store.checkpoint().unwrap();
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
}

#[test]
fn a_plan_only_the_duplicate_had_becomes_the_survivors() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let a = known_person(&mut store, "Ana");
    let b = known_person(&mut store, "Anna");
    plan(&mut store, b, "b's sign");
    let b_plan = store.plan_for_person(b).unwrap().unwrap().plan_id;
    store
        .merge_people(&request(a, b, &store), 1, later())
        .unwrap();
    let p = store.plan_for_person(a).unwrap().unwrap();
    assert_eq!((p.plan_id, p.latest_version), (b_plan, 1));
    assert!(store.merged_plan_versions(p.plan_id).unwrap().is_empty());
    assert!(
        rows_naming(&store, b).is_empty(),
        "{:?}",
        rows_naming(&store, b)
    );
    // The survivor's plan can be saved again (version 2), the old record's cannot.
    plan(&mut store, a, "new sign");
    assert_eq!(store.plan_for_person(a).unwrap().unwrap().latest_version, 2);
    let err = store
        .save_plan_version(
            b,
            &PlanContent {
                what_helps: "tea".into(),
                ..Default::default()
            },
            &PlanMeta::new(now().date_naive(), 90),
            1,
            now(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("merged"), "{err}");
    assert!(store.check().unwrap().content.is_empty());
}

fn nothing_changed(store: &Store) {
    assert_eq!(
        count(store, "SELECT count(*) FROM person_merges WHERE ?1", 1),
        0
    );
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM people WHERE merged_into IS NOT NULL AND ?1",
            1
        ),
        0
    );
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM audit_log WHERE action = 'merge' AND ?1",
            1
        ),
        0
    );
}

#[test]
fn unsafe_merges_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let a = known_person(&mut store, "Ana");
    let b = known_person(&mut store, "Anna");
    store
        .connection()
        .execute_batch(&format!(
            "INSERT INTO peer_workers (id, name, employment, created_at, created_by) VALUES (8, 'Rowan Peer', 'paid', '2026-01-01T00:00:00Z', 1);
             INSERT INTO peer_workers (id, name, employment, created_at, created_by) VALUES (9, 'Sky Sample', 'paid', '2026-01-01T00:00:00Z', 1);
             INSERT INTO assignments (id, person_id, worker_id, started_on, sessions_planned, created_at, created_by)
               VALUES (1, {a}, 8, '2026-11-22', 6, '2026-11-22T19:00:00Z', 1);
             INSERT INTO assignments (id, person_id, worker_id, started_on, sessions_planned, created_at, created_by)
               VALUES (2, {b}, 9, '2026-11-22', 6, '2026-11-22T19:00:00Z', 1);"
        ))
        .unwrap();
    let refused = |store: &mut Store, req: &MergeRequest| match store.merge_people(req, 1, later())
    {
        Err(StoreError::Invalid(m)) => m,
        other => panic!("not refused: {other:?}"),
    };
    let m = {
        let r = request(a, b, &store);
        refused(&mut store, &r)
    };
    assert!(
        m.contains("both records have a peer worker")
            && m.contains("Rowan Peer")
            && m.contains("Sky Sample"),
        "{m}"
    );
    nothing_changed(&store);
    assert_eq!(
        count(&store, "SELECT person_id FROM assignments WHERE id = ?1", 2),
        b
    );
    // Once one assignment has ended, it can be done.
    store
        .connection()
        .execute(
            "UPDATE assignments SET ended_on = '2026-11-22' WHERE id = 2",
            [],
        )
        .unwrap();
    let m = {
        let r = request(a, a, &store);
        refused(&mut store, &r)
    };
    assert!(m.contains("same record"), "{m}");
    let mut no_reason = request(a, b, &store);
    no_reason.reason = "  ".into();
    let m = refused(&mut store, &no_reason);
    assert!(m.contains("reason"), "{m}");
    let mut too_long = request(a, b, &store);
    too_long.reason = "x".repeat(121);
    refused(&mut store, &too_long);
    nothing_changed(&store);
    // An erased record is refused.
    let c = known_person(&mut store, "Ann");
    store.erase_person(c, Some(1), now()).unwrap();
    let m = {
        let r = request(a, c, &store);
        refused(&mut store, &r)
    };
    assert!(m.contains("erased"), "{m}");
    nothing_changed(&store);
    // Unsaved plan edits of the record that would go, while the kept one has a plan.
    plan(&mut store, a, "a's sign");
    store
        .save_plan_draft(
            b,
            1,
            &PlanContent::default(),
            &PlanMeta::new(now().date_naive(), 90),
            now(),
        )
        .unwrap();
    let m = {
        let r = request(a, b, &store);
        refused(&mut store, &r)
    };
    assert!(m.contains("unsaved crisis plan edits"), "{m}");
    nothing_changed(&store);
    store.discard_plan_draft(b, 1).unwrap();
    store
        .merge_people(&request(a, b, &store), 1, later())
        .unwrap();
    // A record already merged cannot be merged again.
    let d = known_person(&mut store, "Anya");
    let m = {
        let r = request(d, b, &store);
        refused(&mut store, &r)
    };
    assert!(m.contains(&format!("already merged into #{a}")), "{m}");
    // Assignments with the same worker do not block a merge.
    store
        .connection()
        .execute_batch(&format!(
            "INSERT INTO assignments (id, person_id, worker_id, started_on, sessions_planned, created_at, created_by)
               VALUES (3, {d}, 8, '2026-11-22', 6, '2026-11-22T19:00:00Z', 1);"
        ))
        .unwrap();
    store
        .merge_people(&request(a, d, &store), 1, later())
        .unwrap();
    assert_eq!(store.merged_into_person(a).unwrap(), [b, d]);
}

#[test]
fn merging_into_a_record_that_absorbed_another_carries_both() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let a = known_person(&mut store, "Ana");
    let b = known_person(&mut store, "Anna");
    let c = known_person(&mut store, "Annie");
    plan(&mut store, a, "a");
    plan(&mut store, b, "b");
    plan(&mut store, c, "c");
    let plan_of = |store: &Store, p| store.plan_for_person(p).unwrap().unwrap().plan_id;
    let (pa, pb, pc) = (plan_of(&store, a), plan_of(&store, b), plan_of(&store, c));
    // c absorbs b, then a absorbs c: b's record and plan follow to a.
    let mut first = request(c, b, &store);
    first.choice.record = Side::A;
    store.merge_people(&first, 1, later()).unwrap();
    let mut req = request(a, c, &store);
    req.choice.record = Side::A;
    store.merge_people(&req, 1, later()).unwrap();
    assert_eq!(store.merged_into_person(a).unwrap(), [b, c]);
    let merged: Vec<i64> = store
        .merged_plan_versions(pa)
        .unwrap()
        .into_iter()
        .map(|(_, plan, _)| plan)
        .collect();
    assert!(merged.contains(&pb) && merged.contains(&pc), "{merged:?}");
    assert!(store.merged_plan_versions(pc).unwrap().is_empty());
}
