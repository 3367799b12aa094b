//! Handover store: facts from a fixed shift, drafts, sign-off enforced by SQL, addenda,
//! acknowledgement, the unacknowledged list and searchable, paged history.

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
use staywell::domain::handover::{HandoverState, Stability, draft_from};
use staywell::domain::visit::*;
use staywell::store::Store;

fn tonight_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn facts(store: &Store) -> staywell::domain::handover::ShiftFacts {
    let hours = store.service_hours().unwrap();
    store.shift_facts(&hours, tonight_date()).unwrap()
}

fn busy_shift(store: &mut Store) -> (i64, i64, i64) {
    let kit = walk_in(store, Some("Kit"), at(18, 0));
    let gone = walk_in(store, Some("Gone"), at(17, 0));
    let done = walk_in(store, Some("Done"), at(16, 0));
    // Kit: still here, with safeguarding and an incident and a follow-up.
    let v = store.visit(kit).unwrap();
    let u = VisitUpdate {
        presenting_need: v.presenting_need.clone(),
        triage_code: Some("B".into()),
        safety_formulation: String::new(),
        suitability: Some(Suitability::OnwardReferral),
        suitability_reason: "Crisis team to call".into(),
        status: VisitStatus::WithWorker,
        distress_arrival: None,
        distress_leaving: None,
        swemwbs: None,
        swemwbs_completion: None,
        ons4: Default::default(),
        ons4_leaving: Default::default(),
        outcome: None,
        signposts: vec![],
        safeguarding: Safeguarding {
            categories: vec![CareActCategory::Domestic],
            referral_made: true,
            referred_to: "Adult social care".into(),
            reference: "ASC-1".into(),
            ..Default::default()
        },
    };
    store.update_visit(kit, &u, 1, at(18, 10)).unwrap();
    store
        .add_incident(
            &Incident {
                id: 0,
                visit_id: kit,
                occurred_at: at(19, 40),
                kind: "Verbal aggression".into(),
                people: String::new(),
                action: "De-escalated".into(),
                staff: String::new(),
            },
            1,
            now(),
        )
        .unwrap();
    // Gone: left, but a follow-up is still open, so they are handed over.
    let mut g = u.clone();
    g.triage_code = None;
    g.suitability = None;
    g.suitability_reason = String::new();
    g.safeguarding = Default::default();
    g.status = VisitStatus::LeftUnseen;
    store.update_visit(gone, &g, 1, at(17, 30)).unwrap();
    store
        .add_follow_up(
            &FollowUp {
                id: 0,
                visit_id: gone,
                person: "Gone".into(),
                task: "Ring to check in".into(),
                owner: "Day team".into(),
                due_on: Some(tonight_date() + Duration::days(1)),
                done_at: None,
                done_by: None,
                ..Default::default()
            },
            1,
            now(),
        )
        .unwrap();
    // Done: seen and left, nothing outstanding: not handed over.
    let mut d = g.clone();
    d.status = VisitStatus::WithWorker;
    store.update_visit(done, &d, 1, at(16, 10)).unwrap();
    d.status = VisitStatus::Seen;
    store.update_visit(done, &d, 1, at(16, 20)).unwrap();
    d.status = VisitStatus::Left;
    store.update_visit(done, &d, 1, at(16, 40)).unwrap();
    (kit, gone, done)
}

#[test]
fn facts_from_a_fixed_shift_make_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let (kit, gone, done) = busy_shift(&mut store);
    let f = facts(&store);
    let ids: Vec<i64> = f.visitors.iter().map(|v| v.visit_id).collect();
    assert_eq!(
        ids,
        [gone, kit],
        "still here or with follow-up to do; not {done}"
    );
    assert_eq!(f.visitors[1].situation, "B, with worker");
    assert_eq!(
        f.safeguarding,
        ["Kit: Domestic abuse; referred to Adult social care (ref ASC-1)"]
    );
    assert_eq!(
        f.follow_ups,
        ["Gone: Ring to check in (owner Day team) due 23/11"]
    );
    assert_eq!(f.referrals, ["Kit: Crisis team to call"]);
    assert_eq!(f.incidents, ["19:40 Verbal aggression (Kit): De-escalated"]);
    let body = draft_from(&f);
    assert_eq!(body.entries.len(), 2);
}

#[test]
fn a_draft_round_trips_then_sign_off_makes_it_read_only_in_sql() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    busy_shift(&mut store);
    let jo = store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
    let mut body = draft_from(&facts(&store));
    body.entries[1].stability = Stability::Watcher;
    body.entries[1].summary = "Calmer; sister collecting".into();
    body.free_text = "Quiet night otherwise.\nSecond line.".into();
    let id = store
        .save_handover_draft(tonight_date(), &body, 1, at(22, 0))
        .unwrap();
    body.staffing = "Two staff; no lone working".into();
    assert_eq!(
        store
            .save_handover_draft(tonight_date(), &body, 1, at(22, 5))
            .unwrap(),
        id
    );
    store.close().unwrap();

    let mut store = Store::open(&path, &passphrase()).unwrap();
    let h = store.handover(tonight_date()).unwrap().unwrap();
    assert_eq!(h.body, body);
    assert_eq!(h.state, HandoverState::Draft);
    assert_eq!(h.draft_saved_at, at(22, 5));

    store.sign_handover(id, 1, at(22, 30)).unwrap();
    let e = store
        .save_handover_draft(tonight_date(), &body, 1, at(22, 31))
        .unwrap_err();
    assert!(e.to_string().contains("signed"), "{e}");
    let c = store.connection();
    assert!(
        c.execute("UPDATE handovers SET body = '{}' WHERE id = ?1", [id])
            .unwrap_err()
            .to_string()
            .contains("read-only")
    );
    assert!(
        c.execute("UPDATE handovers SET signed_by = 2 WHERE id = ?1", [id])
            .is_err()
    );
    assert!(
        c.execute("DELETE FROM handovers WHERE id = ?1", [id])
            .is_err()
    );

    store
        .add_handover_addendum(id, "Kit's sister arrived at 22:50.", 1, at(22, 55))
        .unwrap();
    assert!(
        store
            .add_handover_addendum(id, "  ", 1, at(22, 56))
            .is_err()
    );
    assert_eq!(store.unacknowledged_handovers().unwrap().len(), 1);

    let e = store
        .acknowledge_handover(id, 1, "Read it all, thanks very much", at(23, 0))
        .unwrap_err();
    assert!(e.to_string().contains("the incoming lead"), "{e}");
    assert!(
        store.acknowledge_handover(id, jo, "ok", at(23, 0)).is_err(),
        "read-back too short"
    );
    store
        .acknowledge_handover(id, jo, "Kit is a watcher; ring Gone tomorrow.", at(23, 1))
        .unwrap();
    assert!(store.unacknowledged_handovers().unwrap().is_empty());
    let c = store.connection();
    assert!(
        c.execute(
            "UPDATE handovers SET readback = 'changed' WHERE id = ?1",
            [id]
        )
        .is_err(),
        "acknowledged once, for good"
    );

    let h = store.handover_by_id(id).unwrap();
    assert_eq!(
        h.state,
        HandoverState::Acknowledged {
            signed_by: 1,
            at: at(23, 1),
            by: jo
        }
    );
    assert_eq!(h.readback, "Kit is a watcher; ring Gone tomorrow.");
    assert_eq!(h.addenda.len(), 1);
    assert_eq!((h.addenda[0].at, h.addenda[0].by), (at(22, 55), 1));
    let actions: Vec<String> = store
        .audit_entries_for(staywell::domain::audit::RecordKind::Handover, id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .rev()
        .collect();
    assert_eq!(actions, ["create", "sign_off", "change", "acknowledge"]);
}

#[test]
fn history_pages_newest_first_and_searches_text_and_addenda() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let mut body = staywell::domain::handover::HandoverBody::default();
    for back in 0..12 {
        body.facilities = if back == 5 {
            "Boiler broken, heaters in room two".into()
        } else {
            format!("Night {back}")
        };
        let date = tonight_date() - Duration::days(back);
        let id = store.save_handover_draft(date, &body, 1, now()).unwrap();
        if back == 7 {
            store.sign_handover(id, 1, now()).unwrap();
            store
                .add_handover_addendum(id, "Locksmith booked for Tuesday", 1, now())
                .unwrap();
        }
    }
    let page1 = store.handover_history(None, None, 5).unwrap();
    assert_eq!(page1.len(), 5);
    assert_eq!(page1[0].service_date, tonight_date());
    let page2 = store
        .handover_history(None, Some(page1[4].service_date), 5)
        .unwrap();
    assert_eq!(page2[0].service_date, tonight_date() - Duration::days(5));
    let found = store.handover_history(Some("boil"), None, 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].service_date, tonight_date() - Duration::days(5));
    let found = store.handover_history(Some("locksmith"), None, 10).unwrap();
    assert_eq!(
        found[0].service_date,
        tonight_date() - Duration::days(7),
        "addenda are searched too"
    );
    assert!(
        store
            .handover_history(Some("\"; DROP"), None, 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_open_visit_is_carried_into_later_drafts_until_closed_and_entries_follow_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let (kit, _gone, _done) = busy_shift(&mut store);
    let hours = store.service_hours().unwrap();
    let next = tonight_date() + Duration::days(1);
    let bea = walk_in(&mut store, Some("Bea"), at(18, 0) + Duration::days(1));
    let tomorrow = store.shift_facts(&hours, next).unwrap();
    let carried: Vec<(i64, &str)> = tomorrow
        .visitors
        .iter()
        .map(|v| (v.visit_id, v.situation.as_str()))
        .collect();
    assert_eq!(
        carried,
        [
            (kit, "B, with worker · from Sun 22 Nov"),
            (bea, "to triage, waiting")
        ],
        "Kit was never closed off on Sunday, so Monday's lead hears of them first"
    );
    let mut draft = draft_from(&tomorrow);
    draft.entries[0].summary = "Still with Sky".into();

    // Kit leaves on Monday evening: the entry stays, with the lead's words, and says so.
    let mut u = store.visit(kit).unwrap().as_update();
    u.status = VisitStatus::Seen;
    store
        .update_visit(kit, &u, 1, at(18, 30) + Duration::days(1))
        .unwrap();
    u.status = VisitStatus::Left;
    store
        .update_visit(kit, &u, 1, at(18, 40) + Duration::days(1))
        .unwrap();
    let mut later = store.shift_facts(&hours, next).unwrap();
    assert!(later.visitors.iter().all(|v| v.visit_id != kit), "closed");
    later.situations = store.visit_situations(&[kit, bea], &hours, next).unwrap();
    staywell::domain::handover::merge_facts(&mut draft, &later);
    assert_eq!(draft.entries[0].situation, "B, left · from Sun 22 Nov");
    assert_eq!(draft.entries[0].summary, "Still with Sky");
}

#[test]
fn printing_is_audited_with_ids_only_and_refused_for_a_draft() {
    use staywell::domain::audit::RecordKind;
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    busy_shift(&mut store);
    let body = draft_from(&facts(&store));
    let id = store
        .save_handover_draft(tonight_date(), &body, 1, at(22, 0))
        .unwrap();
    let refused = store.record_handover_print(id, 1, at(22, 1)).unwrap_err();
    assert!(
        refused.to_string().contains("only a signed handover"),
        "{refused}"
    );
    store.sign_handover(id, 1, at(22, 2)).unwrap();
    store.record_handover_print(id, 1, at(22, 3)).unwrap();
    let prints: Vec<_> = store
        .audit_entries_for(RecordKind::Handover, id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "print")
        .collect();
    assert_eq!(prints.len(), 1, "the refused one left no entry");
    assert!(store.check().unwrap().is_ok(), "the chain still verifies");
}
