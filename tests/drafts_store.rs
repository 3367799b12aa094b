//! Form drafts in the store: kept per staff member, form and record, replaced as the lead
//! types, listed at sign-in, deleted, found by subject access and removed by erasure.

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
use staywell::domain::draft::{DraftField, DraftKey, DraftValue, FormDraft, FormKind};

fn draft(key: DraftKey, need: &str) -> FormDraft {
    FormDraft {
        key,
        person_id: None,
        fields: vec![
            DraftField {
                label: "Presenting need".into(),
                value: DraftValue::Text(need.into()),
                focused: false,
            },
            DraftField {
                label: "Triage code".into(),
                value: DraftValue::Choice("B very urgent".into()),
                focused: false,
            },
            DraftField {
                label: "Concerns".into(),
                value: DraftValue::Multi(vec!["Neglect".into()]),
                focused: false,
            },
        ],
    }
}

#[test]
fn a_draft_round_trips_is_replaced_listed_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let visit = walk_in(&mut store, Some("Sam"), at(19, 0));
    let key = DraftKey::new(FormKind::Visit, visit);
    assert_eq!(store.form_draft(1, &key).unwrap(), None);
    store
        .save_form_draft(1, &draft(key.clone(), "Low mood"), now())
        .unwrap();
    store
        .save_form_draft(
            1,
            &draft(key.clone(), "Low mood, not sleeping"),
            now() + Duration::seconds(5),
        )
        .unwrap();
    let quick = DraftKey::fresh(FormKind::QuickAdd);
    store
        .save_form_draft(
            1,
            &draft(quick.clone(), "Walk-in"),
            now() + Duration::seconds(9),
        )
        .unwrap();
    let back = store.form_draft(1, &key).unwrap().unwrap();
    assert_eq!(
        back.fields,
        draft(key.clone(), "Low mood, not sleeping").fields
    );
    assert_eq!(
        back.person_id,
        Some(store.visit(visit).unwrap().person_id),
        "the visitor is found from the visit"
    );
    let waiting = store.waiting_drafts(1).unwrap();
    assert_eq!(
        waiting.iter().map(|w| w.key.clone()).collect::<Vec<_>>(),
        [quick.clone(), key.clone()],
        "one per form, newest first"
    );
    assert_eq!(
        staywell::domain::draft::describe(&waiting).unwrap(),
        "2 drafts: a new visit, a visit's triage"
    );
    store.delete_form_draft(1, &key).unwrap();
    assert_eq!(store.form_draft(1, &key).unwrap(), None);
    assert!(store.form_draft(1, &quick).unwrap().is_some());
    store.delete_form_draft(1, &key).unwrap();
    store.close().unwrap();
}

#[test]
fn drafts_are_in_subject_access_and_erasure_removes_them() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let visit = walk_in(&mut store, Some("Sam"), at(19, 0));
    let other = walk_in(&mut store, Some("Kit"), at(19, 5));
    let sam = store.visit(visit).unwrap().person_id;
    const CANARY: &str = "draftcanary4471";
    for kind in [FormKind::Visit, FormKind::Incident] {
        store
            .save_form_draft(1, &draft(DraftKey::new(kind, visit), CANARY), now())
            .unwrap();
    }
    store
        .save_form_draft(
            1,
            &draft(DraftKey::new(FormKind::Visit, other), "Kit's"),
            now(),
        )
        .unwrap();
    let sar = store.subject_access(sam, Some(1), now()).unwrap();
    let drafts = sar["unsaved_drafts"].as_array().unwrap();
    assert_eq!(drafts.len(), 2, "{sar}");
    assert_eq!(drafts[0]["fields"][0]["value"]["Text"], CANARY);
    assert!(!sar.to_string().contains("Kit's"));

    store.erase_person(sam, Some(1), now()).unwrap();
    assert_eq!(
        store.waiting_drafts(1).unwrap().len(),
        1,
        "only the other visitor's draft is left"
    );
    store.close().unwrap();
    assert!(
        !contains(&database_bytes(&path), CANARY.as_bytes()),
        "nothing of the draft is left in the file"
    );
}
