//! Merging two records of the same person, in the app: `M` in a visit, the search for the
//! other record, the side-by-side form (keys and clicks), the refusal in words, the draft kept
//! over a lock, the confirmation, and the survivor's visit showing the merge. Headless, with a
//! fixed clock; a render snapshot of the form at 80×24.

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
use staywell::domain::draft::{DraftKey, FormKind};
use staywell::domain::person::PersonDetails;
use staywell::domain::visit::ContactMode;
use staywell::store::Store;
use staywell::store::visits::{NewVisit, PersonRef};

/// Sam (#1, a visit at 18:00) and the same person added again as "Sam Smith" (#2, a visit at
/// 19:00, with a phone).
fn twice(store: &mut Store) {
    walk_in(store, Some("Sam"), at(18, 0));
    store
        .add_visit(
            &NewVisit {
                person: PersonRef::New(PersonDetails {
                    display_name: Some("Sammy".into()),
                    full_name: Some("Sam Smith".into()),
                    phone: Some("07700 900123".into()),
                    date_of_birth: None,
                }),
                arrived_at: at(19, 0),
                contact_mode: ContactMode::WalkIn,
                referral_source_id: None,
                presenting_need: "back again".into(),
            },
            1,
            now(),
        )
        .unwrap();
}

fn intake_mode(h: &Harness) -> &'static str {
    h.app.intake().unwrap().mode_name()
}

/// From the board: open the visit of #2 (newest first on the board? the board is in arrival
/// order, so the second row), press M and find #1.
fn to_form(h: &mut Harness) {
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(h), "visit");
    assert!(h.screen().contains("Visit — Sammy"), "{}", h.screen());
    h.key(KeyCode::Char('M'));
    assert_eq!(intake_mode(h), "merge-find");
    assert!(h.screen().contains("Merge with which record?"));
    h.type_text("#2");
    assert!(
        h.screen().contains("No one found."),
        "the person the merge started from is left out"
    );
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("#1");
    assert!(h.screen().contains("Sam"), "{}", h.screen());
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(h), "merge");
}

#[test]
fn a_merge_from_a_visit_moves_it_and_the_survivor_shows_it() {
    let mut h = Harness::signed_in_with(twice);
    to_form(&mut h);
    let screen = h.screen();
    // Side by side: #2 (this visit) then #1; the older #1 is kept, its blanks filled from #2.
    assert!(screen.contains("#2 (this visit)"), "{screen}");
    assert!(screen.contains("( ) #2 · 1 visit"), "{screen}");
    assert!(screen.contains("(•) #1 · 1 visit"), "{screen}");
    assert!(screen.contains("(•) Sam Smith"), "{screen}");
    // The name: keep #2's "Sammy" instead (Down to the name row, ← keeps A's).
    h.key(KeyCode::Down);
    h.key(KeyCode::Left);
    assert!(h.screen().contains("(•) Sammy"), "{}", h.screen());
    // Space toggles the phone back to #1's (none), and again to #2's.
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Char(' '));
    assert!(h.screen().contains("( ) 07700 900123"));
    h.key(KeyCode::Char(' '));
    assert!(h.screen().contains("(•) 07700 900123"));
    // No reason: refused, focus on the reason.
    h.ctrl('s');
    assert!(
        h.screen().contains("A reason for the merge is needed"),
        "{}",
        h.screen()
    );
    h.type_text("added twice tonight");
    h.ctrl('s');
    assert!(h.screen().contains("Merge #2 into #1?"), "{}", h.screen());
    // Any other key goes back; y merges.
    h.key(KeyCode::Char('n'));
    assert_eq!(intake_mode(&h), "merge");
    h.ctrl('s');
    h.key(KeyCode::Char('y'));
    assert_eq!(
        intake_mode(&h),
        "visit",
        "back on the visit, now the survivor's"
    );
    let screen = h.screen();
    assert!(screen.contains("Visit — Sammy"), "{screen}");
    assert!(
        screen.contains(&format!(
            "merged from #2 on 22/11/2026 19:30 by {LEAD} (added twice tonight)"
        )),
        "{screen}"
    );
    assert!(screen.contains("Sam Smith · record #1"), "{screen}");
    assert!(screen.contains("07700 900123 · "), "{screen}");
    assert_eq!(
        h.app.message().as_deref(),
        Some("Merged #2 into #1: everything recorded is now on #1.")
    );
    // The board shows both visits under one person.
    h.key(KeyCode::Esc);
    let rows = h.app.intake().unwrap().rows().to_vec();
    assert!(rows.iter().all(|r| r.person_id == 1), "{rows:?}");
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(store.visit(2).unwrap().person_id, 1);
    let p = store.person(1).unwrap().details;
    assert_eq!(p.display_name.as_deref(), Some("Sammy"));
    assert_eq!(store.merges_into(1).unwrap()[0].absorbed_id, 2);
    assert!(
        store
            .form_draft(1, &DraftKey::new(FormKind::MergePeople, "2+1"))
            .unwrap()
            .is_none(),
        "the draft goes once merged"
    );
}

#[test]
fn a_merge_that_cannot_be_done_safely_says_why_before_anything_is_saved() {
    let mut h = Harness::signed_in_with(|store| {
        twice(store);
        store
            .connection()
            .execute_batch(
                "INSERT INTO peer_workers (id, name, employment, created_at, created_by) VALUES (8, 'Rowan Peer', 'paid', '2026-01-01T00:00:00Z', 1);
                 INSERT INTO peer_workers (id, name, employment, created_at, created_by) VALUES (9, 'Sky Sample', 'paid', '2026-01-01T00:00:00Z', 1);
                 INSERT INTO assignments (person_id, worker_id, started_on, sessions_planned, created_at, created_by)
                   VALUES (1, 8, '2026-11-22', 6, '2026-11-22T19:00:00Z', 1);
                 INSERT INTO assignments (person_id, worker_id, started_on, sessions_planned, created_at, created_by)
                   VALUES (2, 9, '2026-11-22', 6, '2026-11-22T19:00:00Z', 1);",
            )
            .unwrap();
    });
    to_form(&mut h);
    let screen = h.screen();
    assert!(
        screen.contains("both records have a peer worker"),
        "said at once: {screen}"
    );
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    h.type_text("same person");
    h.ctrl('s');
    assert!(!h.screen().contains("Merge #2 into #1?"));
    assert!(h.screen().contains("Rowan Peer"), "{}", h.screen());
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert_eq!(intake_mode(&h), "visit");
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(store.visit(2).unwrap().person_id, 2, "nothing moved");
    assert!(store.merges_into(1).unwrap().is_empty());
}

#[test]
fn the_merge_form_is_a_draft_kept_over_a_lock() {
    let mut h = Harness::signed_in_with(twice);
    to_form(&mut h);
    h.key(KeyCode::Down);
    h.key(KeyCode::Left);
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.type_text("typed twice");
    h.clock.advance(Duration::seconds(3));
    h.app.tick();
    let key = DraftKey::new(FormKind::MergePeople, "2+1");
    let store = h.reopen_store();
    let draft = store.form_draft(1, &key).unwrap().expect("kept");
    assert_eq!(draft.person_id, Some(2));
    store.close().unwrap();
    h.ctrl('l');
    assert!(h.app.is_locked());
    h.unlock_and_sign_in();
    assert_eq!(intake_mode(&h), "merge", "straight back into the form");
    let screen = h.screen();
    assert!(screen.contains("(•) Sammy"), "{screen}");
    assert!(screen.contains("typed twice"), "{screen}");
}

#[test]
fn a_click_on_a_value_keeps_it() {
    let mut h = Harness::signed_in_with(twice);
    to_form(&mut h);
    let (x, y) = h.find_on_screen("( ) Sammy").expect("#2's name, not kept");
    h.click(x + 1, y);
    assert!(h.screen().contains("(•) Sammy"), "{}", h.screen());
    let (x, y) = h
        .find_on_screen("( ) Sam ")
        .expect("#1's name, no longer kept");
    h.click(x + 1, y);
    assert!(h.screen().contains("( ) Sammy"), "{}", h.screen());
}

#[test]
fn snapshot_the_side_by_side_form_at_80x24() {
    let mut h = Harness::signed_in_with(twice);
    h.terminal.backend_mut().resize(80, 24);
    to_form(&mut h);
    insta::assert_snapshot!("merge_form_80x24", h.screen());
}

#[test]
fn the_kept_plan_lists_the_merged_plans_versions_and_shows_what_differs() {
    use staywell::domain::merge::{MergeChoice, MergeRequest};
    use staywell::domain::plan::{PlanContent, PlanMeta};
    let mut h = Harness::signed_in_with(|store| {
        twice(store);
        for (person, sign) in [(1, "Not sleeping"), (2, "Pacing at night")] {
            let content = PlanContent {
                warning_signs: vec![sign.into()],
                ..Default::default()
            };
            let meta = PlanMeta::new(now().date_naive(), 90);
            store
                .save_plan_version(person, &content, &meta, 1, now())
                .unwrap();
        }
        let (a, b) = (store.merge_side(2).unwrap(), store.merge_side(1).unwrap());
        let request = MergeRequest {
            a: 2,
            b: 1,
            choice: MergeChoice::suggested(&a, &b),
            reason: "same person".into(),
        };
        store.merge_people(&request, 1, now()).unwrap();
    });
    h.key(KeyCode::Char('2'));
    let screen = h.screen();
    assert!(
        screen.contains("1 plan"),
        "one plan for the person: {screen}"
    );
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('h'));
    assert_eq!(h.app.plans().unwrap().mode_name(), "history");
    let screen = h.screen();
    assert!(screen.contains("history (1 version, 1 merged)"), "{screen}");
    assert!(screen.contains("#2 v1"), "{screen}");
    h.key(KeyCode::Down);
    assert!(
        h.screen().contains("Merged from #2: Enter shows"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Enter);
    assert_eq!(h.app.plans().unwrap().mode_name(), "diff");
    let screen = h.screen();
    assert!(
        screen.contains("changes from #2's version 1 to version 1"),
        "{screen}"
    );
    assert!(screen.contains("- Pacing at night"), "{screen}");
    assert!(screen.contains("+ Not sleeping"), "{screen}");
}
#[test]
fn snapshot_a_refusal_in_words_at_80x24() {
    let mut h = Harness::signed_in_with(|store| {
        twice(store);
        store
            .connection()
            .execute_batch(
                "INSERT INTO peer_workers (id, name, employment, created_at, created_by) VALUES (8, 'Rowan Peer', 'paid', '2026-01-01T00:00:00Z', 1);
                 INSERT INTO peer_workers (id, name, employment, created_at, created_by) VALUES (9, 'Sky Sample', 'paid', '2026-01-01T00:00:00Z', 1);
                 INSERT INTO assignments (person_id, worker_id, started_on, sessions_planned, created_at, created_by)
                   VALUES (1, 8, '2026-11-22', 6, '2026-11-22T19:00:00Z', 1);
                 INSERT INTO assignments (person_id, worker_id, started_on, sessions_planned, created_at, created_by)
                   VALUES (2, 9, '2026-11-22', 6, '2026-11-22T19:00:00Z', 1);",
            )
            .unwrap();
    });
    h.terminal.backend_mut().resize(80, 24);
    to_form(&mut h);
    insta::assert_snapshot!("merge_refused_80x24", h.screen());
}

#[test]
fn after_a_merge_the_plans_list_shows_one_plan_for_the_person() {
    use staywell::domain::plan::{PlanContent, PlanMeta};
    let mut h = Harness::signed_in_with(|store| {
        twice(store);
        for person in [1, 2] {
            let content = PlanContent {
                warning_signs: vec![format!("sign {person}")],
                ..Default::default()
            };
            let meta = PlanMeta::new(now().date_naive(), 90);
            store
                .save_plan_version(person, &content, &meta, 1, now())
                .unwrap();
        }
    });
    h.key(KeyCode::Char('2'));
    assert_eq!(h.app.plans().unwrap().rows().len(), 2);
    h.key(KeyCode::Char('1'));
    to_form(&mut h);
    assert!(
        h.screen().contains("v1, kept in the history"),
        "{}",
        h.screen()
    );
    assert!(h.screen().contains("v1, stays current"), "{}", h.screen());
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    h.type_text("same person");
    h.ctrl('s');
    h.key(KeyCode::Char('y'));
    assert_eq!(intake_mode(&h), "visit");
    let rows = h.app.plans().unwrap().rows().to_vec();
    assert_eq!(rows.iter().map(|r| r.person_id).collect::<Vec<_>>(), [1]);
}
