//! Crisis plans in the store, on temporary files: versions survive reopening, the database
//! refuses to change or delete a saved version, the rules refuse bad plans, the Plans list
//! pages and filters, drafts round trip, and views and exports are audited.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::*;
use staywell::domain::audit::RecordKind;
use staywell::domain::person::PersonDetails;
use staywell::domain::plan::{
    Contact, PlanContent, PlanCursor, PlanListRow, PlanMeta, Section, SectionChange,
};
use staywell::store::audit::ChainStatus;
use staywell::store::plans::PLAN_REVIEW_DAYS;
use staywell::store::{Store, StoreError};
use std::collections::HashSet;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn person(store: &mut Store, name: Option<&str>) -> i64 {
    let details = PersonDetails {
        display_name: name.map(Into::into),
        ..Default::default()
    };
    store.add_person(&details, 1, now()).unwrap()
}

fn content() -> PlanContent {
    PlanContent {
        warning_signs: vec!["Not sleeping".into()],
        people_to_ask: vec![Contact::new("Mum", "07700 900123")],
        professionals: vec![Contact::new("Samaritans", "116 123")],
        what_helps: "Quiet room.\nA cup of tea.".into(),
        ..Default::default()
    }
}

fn meta(review_due: NaiveDate) -> PlanMeta {
    PlanMeta {
        co_produced: true,
        consent_to_share: true,
        copy_holders: "Me".into(),
        review_due,
    }
}

fn days(n: i64) -> NaiveDate {
    today() + Duration::days(n)
}

#[test]
fn two_versions_survive_reopening_with_authors_and_times() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let jo = store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
    let sam = person(&mut store, Some("Sam"));

    let first = content();
    let (plan_id, v1) = store
        .save_plan_version(sam, &first, &meta(days(90)), 1, now())
        .unwrap();
    assert_eq!(v1, 1);
    let later = now() + Duration::hours(2);
    let mut second = content();
    second.warning_signs.push("Cancelling plans".into());
    let (same_plan, v2) = store
        .save_plan_version(sam, &second, &meta(days(60)), jo, later)
        .unwrap();
    assert_eq!((same_plan, v2), (plan_id, 2));
    store.close().unwrap();

    let store = Store::open(&path, &passphrase()).unwrap();
    let summary = store.plan_for_person(sam).unwrap().unwrap();
    assert_eq!(summary.plan_id, plan_id);
    assert_eq!(summary.visitor, "Sam");
    assert_eq!(summary.latest_version, 2);
    assert_eq!(
        (summary.created_by_name.as_str(), summary.created_at),
        (LEAD, now())
    );
    assert_eq!((summary.updated_at, summary.review_due), (later, days(60)));
    assert!(!summary.is_overdue(days(60)) && summary.is_overdue(days(61)));

    let versions = store.plan_versions(plan_id).unwrap();
    let listed: Vec<(u32, &str, DateTime<Utc>, NaiveDate)> = versions
        .iter()
        .map(|v| (v.version, v.author.as_str(), v.saved_at, v.review_due))
        .collect();
    assert_eq!(
        listed,
        [
            (2, "Jo Sample", later, days(60)),
            (1, LEAD, now(), days(90))
        ]
    );
    let one = store.plan_version(plan_id, 1).unwrap();
    assert_eq!((one.content, one.meta), (first, meta(days(90))));
    assert_eq!(one.info.author_id, 1);
    let latest = store.latest_plan_version(plan_id).unwrap();
    assert_eq!((latest.info.version, latest.content), (2, second));
    assert!(matches!(
        store.plan_version(plan_id, 3),
        Err(StoreError::NotFound)
    ));
    let actions: Vec<String> = store
        .audit_entries_for(RecordKind::Plan, plan_id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["change", "create"]);
    assert!(matches!(
        store.verify_audit_chain().unwrap(),
        ChainStatus::Verified { .. }
    ));
}

#[test]
fn saved_versions_cannot_be_changed_or_deleted_in_sql() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let sam = person(&mut store, Some("Sam"));
    let (plan_id, _) = store
        .save_plan_version(sam, &content(), &meta(days(90)), 1, now())
        .unwrap();
    let mut second = content();
    second.on_my_own.push("Run a bath".into());
    store
        .save_plan_version(sam, &second, &meta(days(90)), 1, now())
        .unwrap();

    let c = store.connection();
    for sql in [
        "UPDATE plan_versions SET sections = '{}' WHERE plan_id = ?1 AND version = 1",
        "UPDATE plan_versions SET review_due = '2030-01-01' WHERE plan_id = ?1",
    ] {
        let err = c.execute(sql, [plan_id]).unwrap_err().to_string();
        assert!(err.contains("plan versions cannot be changed"), "{err}");
    }
    let err = c
        .execute(
            "DELETE FROM plan_versions WHERE plan_id = ?1 AND version = 1",
            [plan_id],
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("plan versions cannot be deleted"), "{err}");
    let err = c
        .execute(
            "INSERT INTO plan_versions (plan_id, version, sections, co_produced, consent_to_share,
                                        review_due, created_at, created_by)
             VALUES (?1, 5, '{}', 1, 1, '2027-01-01', '2026-11-22T19:30:00Z', 1)",
            [plan_id],
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("numbered in order"), "{err}");
    let err = c
        .execute("DELETE FROM crisis_plans WHERE id = ?1", [plan_id])
        .unwrap_err()
        .to_string();
    assert!(err.contains("FOREIGN KEY"), "{err}");
    let count: i64 = c
        .query_row("SELECT count(*) FROM plan_versions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);
    assert_eq!(store.plan_version(plan_id, 1).unwrap().content, content());

    // Marking the person erased does not open the way (issue 17): only the erasure itself
    // lifts the trigger, inside its own transaction.
    c.execute(
        "UPDATE people SET erased_at = '2026-11-23T10:00:00Z' WHERE id = ?1",
        [sam],
    )
    .unwrap();
    let err = c
        .execute("DELETE FROM plan_versions WHERE plan_id = ?1", [plan_id])
        .unwrap_err()
        .to_string();
    assert!(err.contains("plan versions cannot be deleted"), "{err}");
    c.execute("UPDATE people SET erased_at = NULL WHERE id = ?1", [sam])
        .unwrap();
    store.erase_person(sam, Some(1), now()).unwrap();
    let count: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM plan_versions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
}

#[test]
fn an_empty_plan_and_a_bad_phone_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let sam = person(&mut store, Some("Sam"));
    let audit_before = store.recent_audit_entries(100).unwrap().len();

    let blank = PlanContent {
        warning_signs: vec!["  ".into()],
        ..Default::default()
    };
    let err = store
        .save_plan_version(sam, &blank, &meta(days(90)), 1, now())
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)));
    assert!(err.to_string().starts_with("The plan is empty"), "{err}");

    let mut bad = content();
    bad.people_to_ask
        .push(Contact::new("Aunt Bea", "0770 090 01"));
    let err = store
        .save_plan_version(sam, &bad, &meta(days(90)), 1, now())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "The phone number for \"Aunt Bea\" (\"People I can ask for help\", entry 2) is not a \
             UK number."
        ),
        "{err}"
    );

    let err = store
        .save_plan_version(sam, &content(), &meta(days(-1)), 1, now())
        .unwrap_err()
        .to_string();
    assert!(err.contains("review date cannot be before"), "{err}");

    let err = store
        .save_plan_version(9999, &content(), &meta(days(90)), 1, now())
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");

    assert!(store.plan_for_person(sam).unwrap().is_none());
    let plans: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM crisis_plans", [], |r| r.get(0))
        .unwrap();
    assert_eq!(plans, 0, "the failed first save left no plan behind");
    assert_eq!(store.recent_audit_entries(100).unwrap().len(), audit_before);
}

#[test]
fn a_save_that_changes_nothing_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let sam = person(&mut store, Some("Sam"));
    let (plan_id, _) = store
        .save_plan_version(sam, &content(), &meta(days(90)), 1, now())
        .unwrap();
    // Extra spaces and blank rows are tidied away, so this is the same plan.
    let mut same = content();
    same.warning_signs[0] = " Not sleeping ".into();
    same.on_my_own.push(String::new());
    let err = store
        .save_plan_version(sam, &same, &meta(days(90)), 1, now())
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "Nothing has changed since version 1, so no new version was saved."
    );
    // A new review date alone is a change: the plan was reviewed.
    let (_, v) = store
        .save_plan_version(sam, &same, &meta(days(80)), 1, now())
        .unwrap();
    assert_eq!(v, 2);
    assert_eq!(store.plan_versions(plan_id).unwrap().len(), 2);
}

#[test]
fn the_review_interval_comes_from_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    assert_eq!(store.plan_review_days().unwrap(), 90);
    store.set_setting(PLAN_REVIEW_DAYS, "28", 1, now()).unwrap();
    assert_eq!(store.plan_review_days().unwrap(), 28);
    for nonsense in ["0", "-5", "abc", "4000"] {
        store
            .set_setting(PLAN_REVIEW_DAYS, nonsense, 1, now())
            .unwrap();
        assert_eq!(store.plan_review_days().unwrap(), 90, "{nonsense}");
    }
}

#[test]
fn the_save_day_is_the_services_day_not_utc() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let sam = person(&mut store, Some("Sam"));
    // 23:30 UTC on 1 June is 00:30 on 2 June in London (BST): a review due on 1 June is past.
    let late = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 6, 1, 23, 30, 0).unwrap();
    let june = |d| NaiveDate::from_ymd_opt(2026, 6, d).unwrap();
    let err = store
        .save_plan_version(sam, &content(), &meta(june(1)), 1, late)
        .unwrap_err();
    assert!(err.to_string().contains("review date cannot be before"));
    store
        .save_plan_version(sam, &content(), &meta(june(2)), 1, late)
        .unwrap();
}

/// Saves plans for `n` people an hour apart; every third is due for review soon (10 days),
/// the rest in 200 days. Returns the person ids, oldest save first.
fn many_plans(store: &mut Store, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            let name = match i % 4 {
                0 => None,
                1 => Some(format!("Sam {i}")),
                2 => Some(format!("Priya {i}")),
                _ => Some(format!("50%_off {i}")),
            };
            let id = person(store, name.as_deref());
            let due = if i % 3 == 0 { days(10) } else { days(200) };
            let at = now() + Duration::hours(i as i64);
            store
                .save_plan_version(id, &content(), &meta(due), 1, at)
                .unwrap();
            id
        })
        .collect()
}

/// Every page of the list, `limit` rows at a time.
fn all_pages(
    store: &Store,
    filter: Option<&str>,
    overdue_first: bool,
    limit: usize,
    today: NaiveDate,
) -> Vec<PlanListRow> {
    let mut rows: Vec<PlanListRow> = Vec::new();
    let mut after: Option<PlanCursor> = None;
    loop {
        let page = store
            .plans_page(filter, overdue_first, after.as_ref(), limit, today)
            .unwrap();
        assert!(page.len() <= limit);
        let Some(last) = page.last() else { break };
        after = Some(last.cursor());
        rows.extend(page);
    }
    rows
}

#[test]
fn the_plans_list_pages_newest_first_without_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let people = many_plans(&mut store, 23);
    let rows = all_pages(&store, None, false, 5, today());
    assert_eq!(rows.len(), 23);
    let ids: Vec<i64> = rows.iter().map(|r| r.person_id).collect();
    let newest_first: Vec<i64> = people.iter().rev().copied().collect();
    assert_eq!(ids, newest_first);
    let first = rows.last().unwrap();
    assert_eq!(first.visitor, format!("Anonymous #{}", people[0]));
    assert_eq!((first.versions, first.updated_at), (1, now()));
    assert_eq!(rows[0].visitor, "Priya 22");
    assert!(rows.iter().all(|r| !r.overdue), "nothing is overdue yet");
}

#[test]
fn overdue_plans_come_first_when_asked_across_page_boundaries() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let people = many_plans(&mut store, 20);
    let later = days(30);
    let overdue: Vec<i64> = people.iter().copied().step_by(3).rev().collect();
    let on_time: Vec<i64> = people
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 0)
        .map(|(_, id)| *id)
        .rev()
        .collect();
    for limit in [1, 3, 7, 50] {
        let rows = all_pages(&store, None, true, limit, later);
        let ids: Vec<i64> = rows.iter().map(|r| r.person_id).collect();
        let expected: Vec<i64> = overdue.iter().chain(&on_time).copied().collect();
        assert_eq!(ids, expected, "limit {limit}");
        assert!(rows[..overdue.len()].iter().all(|r| r.overdue));
        assert!(rows[overdue.len()..].iter().all(|r| !r.overdue));
    }
    // Without the flag the order is by update only, overdue or not.
    let plain = all_pages(&store, None, false, 4, later);
    assert_eq!(plain[0].person_id, *people.last().unwrap());
    assert_eq!(plain.iter().filter(|r| r.overdue).count(), overdue.len());
}

#[test]
fn the_plans_list_filters_on_the_visitors_name() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let people = many_plans(&mut store, 12);
    let names = |filter: &str| -> Vec<String> {
        all_pages(&store, Some(filter), false, 2, today())
            .into_iter()
            .map(|r| r.visitor)
            .collect()
    };
    assert_eq!(names("sam"), ["Sam 9", "Sam 5", "Sam 1"]);
    assert_eq!(names("PRIYA 1"), ["Priya 10"]);
    // LIKE's wildcards are taken literally.
    assert_eq!(names("50%_"), ["50%_off 11", "50%_off 7", "50%_off 3"]);
    assert_eq!(names("%"), names("50%_"));
    assert_eq!(
        names("anonymous"),
        [8, 4, 0].map(|i| format!("Anonymous #{}", people[i]))
    );
    assert_eq!(names(&format!("#{}", people[5])), ["Sam 5"]);
    assert!(names("nobody").is_empty());
    assert_eq!(names("  ").len(), 12, "a blank filter shows everyone");
    let overdue_sams: Vec<String> = all_pages(&store, Some("sam"), true, 1, days(30))
        .into_iter()
        .map(|r| r.visitor)
        .collect();
    assert_eq!(overdue_sams, ["Sam 9", "Sam 5", "Sam 1"]);

    // An erased visitor's plan leaves the list.
    store
        .connection()
        .execute(
            "UPDATE people SET erased_at = '2026-11-23T10:00:00Z' WHERE id = ?1",
            [people[5]],
        )
        .unwrap();
    assert_eq!(names("sam"), ["Sam 9", "Sam 1"]);
}

#[test]
fn drafts_round_trip_per_staff_member_and_go_when_the_version_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let jo = store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
    let sam = person(&mut store, Some("Sam"));
    assert!(store.plan_draft(sam, 1).unwrap().is_none());

    // A draft keeps whatever was typed, half-finished numbers included.
    let mut half = content();
    half.people_to_ask.push(Contact::new("Aunt Bea", "0770"));
    store
        .save_plan_draft(sam, 1, &half, &meta(days(90)), now())
        .unwrap();
    let later = now() + Duration::minutes(5);
    half.what_helps.push_str("\nMusic.");
    store
        .save_plan_draft(sam, 1, &half, &meta(days(80)), later)
        .unwrap();
    store
        .save_plan_draft(sam, jo, &content(), &meta(days(90)), now())
        .unwrap();
    store.close().unwrap();

    let mut store = Store::open(&path, &passphrase()).unwrap();
    let draft = store.plan_draft(sam, 1).unwrap().unwrap();
    assert_eq!(
        (draft.content, draft.meta, draft.saved_at),
        (half, meta(days(80)), later)
    );
    assert!(store.plan_draft(sam, jo).unwrap().is_some());

    store
        .save_plan_version(sam, &content(), &meta(days(90)), 1, later)
        .unwrap();
    assert!(
        store.plan_draft(sam, 1).unwrap().is_none(),
        "saved, so gone"
    );
    assert!(
        store.plan_draft(sam, jo).unwrap().is_some(),
        "a colleague's draft stays"
    );
    store.discard_plan_draft(sam, jo).unwrap();
    assert!(store.plan_draft(sam, jo).unwrap().is_none());
    store.discard_plan_draft(sam, jo).unwrap();
}

#[test]
fn views_and_exports_are_audited_without_plan_text() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let jo = store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
    let sam = person(&mut store, Some("Sam"));
    let (plan_id, _) = store
        .save_plan_version(sam, &content(), &meta(days(90)), 1, now())
        .unwrap();
    store.record_plan_view(plan_id, jo, now()).unwrap();
    store.record_plan_export(plan_id, jo, now()).unwrap();
    let entries = store.audit_entries_for(RecordKind::Plan, plan_id).unwrap();
    let seen: Vec<(&str, Option<i64>)> = entries
        .iter()
        .map(|e| (e.action.as_str(), e.staff_id))
        .collect();
    assert_eq!(
        seen,
        [
            ("export", Some(jo)),
            ("view", Some(jo)),
            ("create", Some(1))
        ]
    );
    assert!(matches!(
        store.record_plan_view(plan_id + 100, jo, now()),
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store
            .audit_entries_for(RecordKind::Plan, plan_id + 100)
            .unwrap(),
        []
    );
    let dump: String = store
        .connection()
        .prepare("SELECT coalesce(at,'')||action||coalesce(record_kind,'') FROM audit_log")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!dump.contains("Mum") && !dump.contains("sleeping"));
    assert!(matches!(
        store.verify_audit_chain().unwrap(),
        ChainStatus::Verified { .. }
    ));
}

/// The id of the newest entry named by the anchor file beside the database.
fn anchored_id(path: &std::path::Path) -> i64 {
    match staywell::store::sidecar::read_anchor(path) {
        staywell::store::sidecar::Anchor::Head(h) => h.last_id,
        other => panic!("no anchor: {other:?}"),
    }
}

fn last_audit_id(store: &Store) -> i64 {
    store
        .connection()
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

fn synchronous(store: &Store) -> i64 {
    store
        .connection()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_plans_read_is_audited_at_once_synced_after_and_anchored_only_once_synced() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let jo = store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
    let sam = person(&mut store, Some("Sam"));
    let (plan_id, _) = store
        .save_plan_version(sam, &content(), &meta(days(90)), 1, now())
        .unwrap();
    assert_eq!(synchronous(&store), 2, "FULL from the start");
    let before = last_audit_id(&store);
    assert_eq!(anchored_id(&path), before);
    assert!(!store.awaits_sync());

    let commits = store.commits();
    store.record_plan_view(plan_id, jo, now()).unwrap();
    // Written (every reader sees it), not yet synced, so not yet anchored.
    assert_eq!(last_audit_id(&store), before + 1);
    // No view shows it: the panes' change count, which makes them read again, stays.
    assert_eq!(store.commits(), commits);
    assert!(store.awaits_sync());
    assert_eq!(anchored_id(&path), before, "the anchor waits for the sync");
    assert_eq!(synchronous(&store), 2, "the connection is back at FULL");

    store.make_durable().unwrap();
    assert!(!store.awaits_sync());
    assert_eq!(anchored_id(&path), before + 1);
    store.make_durable().unwrap();

    // A FULL commit syncs the whole WAL: a read audited before it is then safe and anchored.
    store.record_plan_view(plan_id, jo, now()).unwrap();
    assert!(store.awaits_sync());
    store.add_staff("Ash Sample", "246801", 1, now()).unwrap();
    assert_eq!(store.commits(), commits + 1, "a change is counted");
    assert!(!store.awaits_sync());
    assert_eq!(anchored_id(&path), last_audit_id(&store));

    // What leaves the database waits for the disk itself.
    store.record_plan_export(plan_id, jo, now()).unwrap();
    store.record_plan_print(plan_id, jo, now()).unwrap();
    assert!(!store.awaits_sync());
    assert_eq!(anchored_id(&path), last_audit_id(&store));

    // Closing syncs and anchors a read audited just before.
    store.record_plan_view(plan_id, jo, now()).unwrap();
    let last = last_audit_id(&store);
    store.close().unwrap();
    assert_eq!(anchored_id(&path), last);
    let store = Store::open(&path, &passphrase()).unwrap();
    assert_eq!(last_audit_id(&store), last);
    assert!(matches!(
        store.verify_audit_chain().unwrap(),
        ChainStatus::Verified { .. }
    ));
}

#[test]
fn a_refused_read_leaves_the_connection_at_full() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let jo = store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
    assert!(matches!(
        store.record_plan_view(4040, jo, now()),
        Err(StoreError::NotFound)
    ));
    assert_eq!(synchronous(&store), 2);
    assert!(!store.awaits_sync(), "nothing was written");
}

#[test]
fn two_stored_versions_diff_section_by_section() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let sam = person(&mut store, Some("Sam"));
    let (plan_id, _) = store
        .save_plan_version(sam, &content(), &meta(days(90)), 1, now())
        .unwrap();
    let mut next = content();
    next.warning_signs = vec!["Cancelling plans".into(), "Not sleeping".into()];
    next.what_helps = "Quiet room.\nA walk.".into();
    let mut m = meta(days(90));
    m.consent_to_share = false;
    store.save_plan_version(sam, &next, &m, 1, now()).unwrap();

    let diff = store.plan_version_diff(plan_id, 1, 2).unwrap();
    assert_eq!(
        diff.summary(),
        "My warning signs, What helps and what does not, Consent to share"
    );
    assert_eq!(
        diff.changes[0],
        SectionChange::Items {
            section: Section::WarningSigns,
            added: vec!["Cancelling plans".into()],
            removed: vec![],
        }
    );
    assert!(store.plan_version_diff(plan_id, 2, 2).unwrap().is_empty());
    let back = store.plan_version_diff(plan_id, 2, 1).unwrap();
    assert!(
        matches!(&back.changes[0], SectionChange::Items { removed, .. } if removed == &["Cancelling plans"])
    );
}

#[test]
fn plan_text_is_encrypted_at_rest_and_the_board_sees_the_plan() {
    const CANARY: &str = "CANARY-plan-wombat-5521";
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let sam = person(&mut store, Some("Sam"));
    let mut c = content();
    c.reasons_for_living = CANARY.into();
    store
        .save_plan_version(sam, &c, &meta(days(10)), 1, now())
        .unwrap();
    store
        .save_plan_draft(sam, 1, &c, &meta(days(10)), now())
        .unwrap();
    assert!(!contains(&database_bytes(&path), CANARY.as_bytes()));

    // The Intake board reads the latest version's review date through its own query.
    let visit = staywell::store::visits::NewVisit {
        person: staywell::store::visits::PersonRef::Existing(sam),
        arrived_at: now(),
        contact_mode: staywell::domain::visit::ContactMode::WalkIn,
        referral_source_id: None,
        presenting_need: String::new(),
    };
    store.add_visit(&visit, 1, now()).unwrap();
    let board = |today| {
        store
            .board(
                now() - Duration::hours(1),
                now() + Duration::hours(1),
                today,
            )
            .unwrap()
    };
    let row = &board(today())[0];
    assert!(row.has_plan && !row.plan_overdue);
    assert!(board(days(11))[0].plan_overdue);
    let names: HashSet<String> = board(today()).iter().map(|r| r.label()).collect();
    assert!(names.contains("Sam"));
    store.close().unwrap();
    assert!(!contains(&database_bytes(&path), CANARY.as_bytes()));
}

#[test]
fn a_review_with_no_changes_moves_the_date_without_a_version_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let sam = person(&mut store, Some("Sam"));
    // Chosen by the lead: a fortnight, not the default 90 days.
    let (plan, _) = store
        .save_plan_version(sam, &content(), &meta(days(14)), 1, now())
        .unwrap();
    let next = store.review_plan_unchanged(plan, 1, now()).unwrap();
    assert_eq!(next, days(90), "the service's interval from today");
    assert!(store.review_plan_unchanged(9999, 1, now()).is_err());
    store.close().unwrap();
    let store = Store::open(&path, &passphrase()).unwrap();
    let summary = store.plan_for_person(sam).unwrap().unwrap();
    assert_eq!(summary.latest_version, 1, "no unchanged version saved");
    assert_eq!(summary.review_due, days(90));
    assert_eq!(
        store.latest_plan_version(plan).unwrap().meta.review_due,
        days(14),
        "the version is as saved"
    );
    let review = store.latest_plan_review(plan).unwrap().unwrap();
    assert_eq!(
        (review.version, review.reviewed_by, review.next_review_due),
        (1, 1, days(90))
    );
    let audit = store
        .audit_entries_for(staywell::domain::audit::RecordKind::Plan, plan)
        .unwrap();
    assert_eq!(audit[0].action, "review");
}
