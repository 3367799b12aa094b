//! Plans in the app: headless key flows and snapshots (TestBackend, fixed clock): a plan
//! started from an Intake visit, edited into a second version, the history and the change
//! between versions, the list's overdue-first order, filter and paging, bad input refused in
//! the form, drafts kept across a lock and Ctrl-c, views and exports audited.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::harness::Harness;
use common::*;
use crossterm::event::KeyCode;
use staywell::domain::audit::RecordKind;
use staywell::domain::person::PersonDetails;
use staywell::domain::plan::{Contact, PlanContent, PlanMeta};
use staywell::store::Store;
use staywell::ui::panes::PaneId;

fn mode(h: &Harness) -> &'static str {
    h.app.plans().expect("signed in").mode_name()
}

fn person(store: &mut Store, name: Option<&str>) -> i64 {
    let details = PersonDetails {
        display_name: name.map(Into::into),
        ..Default::default()
    };
    store.add_person(&details, 1, now()).unwrap()
}

fn content(sign: &str) -> PlanContent {
    PlanContent {
        warning_signs: vec![sign.into(), "Not answering the phone".into()],
        on_my_own: vec!["Walk by the canal".into()],
        people_to_ask: vec![Contact::new("Mum", "07700 900123")],
        professionals: vec![Contact::new("Samaritans", "116 123")],
        reasons_for_living: "My dog, Biscuit.".into(),
        ..Default::default()
    }
}

fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 18, 0, 0).unwrap()
}

/// Saves a version on `when` with its review `review_in` days later.
fn save(store: &mut Store, person: i64, sign: &str, when: DateTime<Utc>, review_in: i64) {
    let meta = PlanMeta {
        co_produced: true,
        consent_to_share: false,
        copy_holders: "Me".into(),
        review_due: when.date_naive() + Duration::days(review_in),
    };
    store
        .save_plan_version(person, &content(sign), &meta, 1, when)
        .unwrap();
}

/// Five plans: two overdue for review (Sam, Bea), one with a very long name.
fn several_plans(store: &mut Store) {
    let sam = person(store, Some("Sam"));
    save(store, sam, "Not sleeping", day(2026, 6, 1), 90);
    save(store, sam, "Pacing at night", day(2026, 7, 1), 90);
    let kit = person(store, Some("Kit"));
    save(store, kit, "Skipping meals", day(2026, 11, 20), 90);
    let bea = person(store, Some("Bea"));
    save(store, bea, "Staying in bed", day(2026, 3, 1), 90);
    let anon = person(store, None);
    save(
        store,
        anon,
        "Shouting",
        day(2026, 11, 22) - Duration::hours(2),
        90,
    );
    let long = person(
        store,
        Some("Priyanka Alexandra Montgomery-Featherstonehaugh of the Very Long Name Street"),
    );
    save(store, long, "Crying", day(2026, 10, 1), 120);
}

fn visitors(h: &Harness) -> Vec<String> {
    h.app
        .plans()
        .unwrap()
        .rows()
        .iter()
        .map(|r| r.visitor.clone())
        .collect()
}

fn audit_count(store: &Store, plan_id: i64, action: &str) -> usize {
    store
        .audit_entries_for(RecordKind::Plan, plan_id)
        .unwrap()
        .iter()
        .filter(|e| e.action == action)
        .count()
}

/// Tab `n` times.
fn tabs(h: &mut Harness, n: usize) {
    for _ in 0..n {
        h.key(KeyCode::Tab);
    }
}

/// Types lines into a multi-line field (Enter between them).
fn lines(h: &mut Harness, lines: &[&str]) {
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            h.key(KeyCode::Enter);
        }
        h.type_text(l);
    }
}

// ----- snapshots -----

#[test]
fn snapshot_list_with_overdue_reviews_in_words() {
    let mut h = Harness::signed_in_with(several_plans);
    h.key(KeyCode::Char('2'));
    let screen = h.screen();
    insta::assert_snapshot!("list", screen);
    assert!(screen.contains("OVERDUE"), "said in words, not colour");
    h.key(KeyCode::Char('o'));
    h.terminal.backend_mut().resize(80, 24);
    insta::assert_snapshot!("list_overdue_first_80x24", h.screen());
}

#[test]
fn a_plan_from_an_intake_visit_edited_into_two_versions_with_history_and_diff() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Sam"), at(19, 0));
    });
    h.key(KeyCode::Enter);
    assert_eq!(h.app.intake().unwrap().mode_name(), "visit");
    h.key(KeyCode::Char('c'));
    assert_eq!(h.app.current_pane(), Some(PaneId::Plans));
    assert_eq!(mode(&h), "edit", "no plan yet: a new one starts");

    lines(&mut h, &["Not sleeping", "Pacing at night"]);
    h.key(KeyCode::Tab);
    lines(&mut h, &["Walk by the canal", "Music, loud"]);
    tabs(&mut h, 2);
    lines(&mut h, &["Mum - 07700 900123", "Jo (neighbour)"]);
    h.key(KeyCode::Tab);
    h.ctrl('o');
    assert!(h.screen().contains("Add to professionals and services"));
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter); // Samaritans, the second national line offered
    tabs(&mut h, 2);
    lines(&mut h, &["My dog, Biscuit.", "Seeing my niece grow up."]);
    insta::assert_snapshot!("editor", h.screen());
    h.ctrl('s');
    assert_eq!(mode(&h), "plan");
    let screen = h.screen();
    assert!(screen.contains("Saved 19:30:00"), "{screen}");
    assert!(screen.contains("Plans — Sam — version 1 of 1"), "{screen}");
    assert!(screen.contains("• Samaritans — 116 123"), "{screen}");
    assert!(screen.contains("Review due 20/02/2027"), "{screen}");
    insta::assert_snapshot!("plan_view", screen);

    h.clock.advance(Duration::minutes(50));
    h.key(KeyCode::Char('e'));
    assert_eq!(mode(&h), "edit");
    assert!(h.screen().contains("saving makes version 2"));
    // Warning signs: add a line at the end; people to ask: drop Jo; what helps: new text.
    h.key(KeyCode::Down);
    h.key(KeyCode::End);
    h.key(KeyCode::Enter);
    h.type_text("Cancelling plans with friends");
    tabs(&mut h, 3);
    h.key(KeyCode::Down);
    h.key(KeyCode::End);
    for _ in 0.."Jo (neighbour)".len() + 1 {
        h.key(KeyCode::Backspace);
    }
    tabs(&mut h, 4);
    lines(&mut h, &["A quiet room.", "Not being rushed."]);
    tabs(&mut h, 3);
    h.key(KeyCode::Right); // consent to share: yes
    h.ctrl('s');
    assert_eq!(mode(&h), "plan", "{}", h.screen());
    assert!(h.screen().contains("version 2 of 2"));

    h.key(KeyCode::Char('h'));
    assert_eq!(mode(&h), "history");
    insta::assert_snapshot!("history", h.screen());
    h.key(KeyCode::Enter);
    assert_eq!(mode(&h), "diff");
    let screen = h.screen();
    insta::assert_snapshot!("diff", screen);
    assert!(
        screen.contains("+ Cancelling plans with friends"),
        "{screen}"
    );
    assert!(screen.contains("- Jo (neighbour)"), "{screen}");
    assert!(screen.contains("+ A quiet room."), "{screen}");
    h.key(KeyCode::Esc);
    assert_eq!(mode(&h), "history");
    h.key(KeyCode::Esc);
    assert_eq!(mode(&h), "plan");
    h.key(KeyCode::Esc);
    assert_eq!(mode(&h), "list");
    assert_eq!(visitors(&h), ["Sam"]);
    h.app.quit_safely();

    let store = h.reopen_store();
    let plan = store.plan_for_person(1).unwrap().unwrap();
    assert_eq!(plan.latest_version, 2);
    let versions = store.plan_versions(plan.plan_id).unwrap();
    assert_eq!(versions[0].saved_at, now() + Duration::minutes(50));
    assert_eq!(versions[1].saved_at, now());
    assert!(versions.iter().all(|v| v.author == LEAD));
    let v1 = store.plan_version(plan.plan_id, 1).unwrap();
    assert_eq!(
        v1.content.warning_signs,
        ["Not sleeping", "Pacing at night"]
    );
    assert_eq!(
        v1.content.people_to_ask,
        [
            Contact::new("Mum", "07700 900123"),
            Contact::new("Jo (neighbour)", "")
        ]
    );
    assert_eq!(
        v1.content.professionals,
        [Contact::new("Samaritans", "116 123")]
    );
    let v2 = store.plan_version(plan.plan_id, 2).unwrap();
    assert_eq!(v2.content.what_helps, "A quiet room.\nNot being rushed.");
    assert!(v2.meta.consent_to_share && !v1.meta.consent_to_share);
    assert_eq!(
        audit_count(&store, plan.plan_id, "create") + audit_count(&store, plan.plan_id, "change"),
        2
    );
    assert_eq!(
        audit_count(&store, plan.plan_id, "view"),
        0,
        "written, not opened: saving is audited as create and change"
    );
}

// ----- the list -----

#[test]
fn overdue_first_toggles_and_the_filter_narrows_the_list() {
    let mut h = Harness::signed_in_with(several_plans);
    h.key(KeyCode::Char('2'));
    assert_eq!(
        visitors(&h),
        [
            "Anonymous #4",
            "Kit",
            "Priyanka Alexandra Montgomery-Featherstonehaugh of the Very Long Name Street",
            "Sam",
            "Bea"
        ]
    );
    h.key(KeyCode::Char('o'));
    assert_eq!(
        visitors(&h),
        [
            "Sam",
            "Bea",
            "Anonymous #4",
            "Kit",
            "Priyanka Alexandra Montgomery-Featherstonehaugh of the Very Long Name Street"
        ]
    );
    assert!(h.screen().contains("overdue reviews first"));
    h.key(KeyCode::Char('/'));
    assert_eq!(mode(&h), "filter");
    h.type_text("bea");
    assert_eq!(visitors(&h), ["Bea"], "filtered from the database as typed");
    h.key(KeyCode::Enter);
    assert_eq!(mode(&h), "list");
    assert!(h.screen().contains("filter: bea"));
    assert!(
        h.screen().contains(" 1 plan · "),
        "the total follows the filter: {}",
        h.screen()
    );
    h.key(KeyCode::Esc);
    assert_eq!(visitors(&h).len(), 5);
    h.key(KeyCode::Char('/'));
    h.type_text("#4");
    assert_eq!(visitors(&h), ["Anonymous #4"]);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('/'));
    h.type_text("nobody");
    assert!(h.screen().contains("No plan matches the filter."));
}

#[test]
fn the_list_pages_from_the_database_as_the_selection_nears_the_end() {
    let mut h = Harness::signed_in_with(|store| {
        store
            .write(|tx| {
                for i in 0..120 {
                    tx.execute(
                        "INSERT INTO people (display_name, created_at, created_by)
                         VALUES (?1, '2026-01-01T10:00:00Z', 1)",
                        [format!("Visitor {i:03}")],
                    )?;
                    let person = tx.last_insert_rowid();
                    let at = format!("2026-{:02}-{:02}T10:00:00Z", 1 + i / 28, 1 + i % 28);
                    tx.execute(
                        "INSERT INTO crisis_plans (person_id, created_at, created_by)
                         VALUES (?1, ?2, 1)",
                        rusqlite::params![person, at],
                    )?;
                    tx.execute(
                        "INSERT INTO plan_versions (plan_id, version, sections, co_produced,
                             consent_to_share, review_due, created_at, created_by)
                         VALUES (?1, 1, '{\"warning_signs\":[\"x\"]}', 1, 0, '2027-01-01', ?2, 1)",
                        rusqlite::params![tx.last_insert_rowid(), at],
                    )?;
                }
                Ok(())
            })
            .unwrap();
    });
    h.key(KeyCode::Char('2'));
    assert_eq!(visitors(&h).len(), 50, "one page");
    assert!(
        h.screen().contains("120 plans · 0 overdue"),
        "the total, not the page: {}",
        h.screen()
    );
    for _ in 0..39 {
        h.key(KeyCode::Char('j'));
    }
    assert_eq!(visitors(&h).len(), 50, "not yet near the end");
    h.key(KeyCode::Char('j'));
    assert_eq!(visitors(&h).len(), 100, "the next page, by keyset");
    for _ in 0..80 {
        h.key(KeyCode::Down);
    }
    let rows = visitors(&h);
    assert_eq!(rows.len(), 120);
    let mut sorted = rows.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 120, "no row twice, none missed");
    assert_eq!(rows[0], "Visitor 119");
    let screen = h.screen();
    assert!(
        screen.contains("▸Visitor 000") && screen.contains("120 plans"),
        "{screen}"
    );
    // The paging keys: to the top, a page at a time, and to the end.
    h.key(KeyCode::Char('g'));
    assert!(h.screen().contains("▸Visitor 119"), "{}", h.screen());
    h.key(KeyCode::PageDown);
    assert!(h.screen().contains("▸Visitor 109"), "{}", h.screen());
    h.key(KeyCode::PageUp);
    h.key(KeyCode::End);
    assert!(h.screen().contains("▸Visitor 000"), "{}", h.screen());
    h.key(KeyCode::Home);
    assert!(h.screen().contains("▸Visitor 119"), "{}", h.screen());
}

#[test]
fn end_fetches_the_next_page_as_moving_onto_the_last_row_does() {
    let mut h = Harness::signed_in_with(|store| {
        for i in 0..60 {
            let person = known_person(store, &format!("Visitor {i:03}"));
            save(store, person, "x", day(2026, 1, 1) + Duration::hours(i), 90);
        }
    });
    h.key(KeyCode::Char('2'));
    assert_eq!(visitors(&h).len(), 50, "one page");
    h.key(KeyCode::Char('G'));
    assert_eq!(visitors(&h).len(), 60, "the next page, by keyset");
    h.key(KeyCode::Char('G'));
    assert!(h.screen().contains("▸Visitor 000"), "{}", h.screen());
}

// ----- bad input -----

#[test]
fn an_empty_plan_and_a_bad_phone_are_refused_in_the_form_with_nothing_lost() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Char('c'));
    assert_eq!(mode(&h), "edit");
    h.ctrl('s');
    assert_eq!(mode(&h), "edit");
    assert!(
        h.screen()
            .contains("The plan is empty: write something in at least one section")
    );
    tabs(&mut h, 3);
    lines(&mut h, &["Mum - 0123 45"]);
    h.key(KeyCode::Tab);
    h.type_text("Dr Shah 0161 496 0000");
    h.ctrl('s');
    let screen = h.screen();
    assert!(
        screen.contains("\"Professionals and services\", line 1: put a dash or colon"),
        "{screen}"
    );
    h.key(KeyCode::Home);
    for _ in 0.."Dr Shah".len() {
        h.key(KeyCode::Right);
    }
    h.type_text(":");
    h.ctrl('s');
    let screen = h.screen();
    assert!(
        screen.contains("The phone number for \"Mum\"") && screen.contains("is not a UK"),
        "{screen}"
    );
    assert_eq!(mode(&h), "edit");
    assert!(screen.contains("Mum - 0123 45"), "nothing typed is lost");
    assert!(
        screen.contains("▸ People to ask for help"),
        "focus on the field"
    );
    for _ in 0.."0123 45".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("07700 900123");
    tabs(&mut h, 9);
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("01/01/2026");
    h.ctrl('s');
    assert!(
        h.screen()
            .contains("The review date cannot be before the day the plan is saved.")
    );
    h.ctrl('u');
    h.type_text("01/03/2027");
    h.ctrl('s');
    assert_eq!(mode(&h), "plan", "{}", h.screen());
    h.app.quit_safely();
    let store = h.reopen_store();
    let plan = store.plan_for_person(1).unwrap().unwrap();
    let v = store.latest_plan_version(plan.plan_id).unwrap();
    assert_eq!(
        v.content.people_to_ask,
        [Contact::new("Mum", "07700 900123")]
    );
    assert_eq!(
        v.content.professionals,
        [Contact::new("Dr Shah", "0161 496 0000")]
    );
    assert_eq!(
        v.meta.review_due,
        NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
    );
}

#[test]
fn very_long_text_is_refused_by_the_rules_and_does_not_break_the_layout() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.terminal.backend_mut().resize(80, 24);
    h.key(KeyCode::Char('c'));
    h.type_text(&"word ".repeat(50));
    let screen = h.screen();
    assert!(
        screen.contains("An item of Warning signs holds at most 200 characters"),
        "refused as typed, at the item:\n{screen}"
    );
    for _ in 0..250 {
        h.key(KeyCode::Backspace);
    }
    h.type_text(&"long ".repeat(39));
    tabs(&mut h, 6);
    h.type_text(&"A sentence that goes on. ".repeat(40));
    h.ctrl('s');
    assert_eq!(mode(&h), "plan", "{}", h.screen());
    let screen = h.screen();
    for line in screen.lines() {
        assert_eq!(line.chars().count(), 80, "{screen}");
    }
    assert!(
        screen.contains("e edit · r reviewed as is · h history"),
        "{screen}"
    );
    for _ in 0..200 {
        h.key(KeyCode::Char('j'));
    }
    let screen = h.screen();
    assert!(
        screen.contains("Practical needs"),
        "scrolled to the end, and no further:\n{screen}"
    );
}

// ----- drafts -----

#[test]
fn a_run_of_typed_keys_in_a_plan_section_is_the_keys_one_by_one_and_kept_as_the_draft() {
    let open = || {
        let mut h = Harness::signed_in_with(|store| {
            let sam = person(store, Some("Sam"));
            save(store, sam, "Not sleeping", now() - Duration::days(3), 90);
        });
        h.key(KeyCode::Char('2'));
        h.key(KeyCode::Char('e'));
        h.key(KeyCode::Down);
        h.key(KeyCode::End);
        h
    };
    // A terminal without bracketed paste: keys faster than a frame, Enter a new line here.
    let text = "\nGiving things away\nWithdrawn from friends, café closed\nSays sorry a lot";
    let mut one_by_one = open();
    let mut at_once = open();
    for c in text.chars() {
        one_by_one.key(if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        });
    }
    at_once.app.handle_text(text);
    assert_eq!(mode(&at_once), "edit");
    assert_eq!(at_once.screen(), one_by_one.screen());
    for h in [&mut one_by_one, &mut at_once] {
        h.ctrl('z');
        h.ctrl('z');
        h.ctrl('l');
        assert!(h.app.is_locked());
    }
    let warning_signs = |h: &Harness| {
        let store = h.reopen_store();
        let draft = store.plan_draft(1, 1).unwrap().expect("kept on the lock");
        draft.content.warning_signs.clone()
    };
    assert_eq!(warning_signs(&at_once), warning_signs(&one_by_one));
    assert_eq!(
        warning_signs(&at_once).last().map(String::as_str),
        Some("Says sorry a l"),
        "two keys undone, one each"
    );
}

#[test]
fn an_unsaved_edit_survives_a_lock_as_a_draft_and_is_offered_back() {
    let mut h = Harness::signed_in_with(|store| {
        let sam = person(store, Some("Sam"));
        save(store, sam, "Not sleeping", now() - Duration::days(3), 90);
    });
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('e'));
    assert_eq!(mode(&h), "edit");
    h.key(KeyCode::Down);
    h.key(KeyCode::End);
    h.key(KeyCode::Enter);
    h.type_text("Giving things away");
    tabs(&mut h, 4);
    h.key(KeyCode::End);
    h.key(KeyCode::Enter);
    h.type_text("Mum: 0770"); // half typed: a draft is not checked
    h.ctrl('l');
    assert!(h.app.is_locked());
    {
        let store = h.reopen_store();
        let draft = store
            .plan_draft(1, 1)
            .unwrap()
            .expect("kept before closing");
        assert_eq!(
            draft.content.warning_signs.last().unwrap(),
            "Giving things away"
        );
        store.close().unwrap();
    }
    h.unlock_and_sign_in();
    assert_eq!(h.app.current_pane(), Some(PaneId::Plans));
    // Straight back into the editor the lock closed, filled from the kept draft (as if the
    // lead had opened the plan and chosen to continue the draft offered).
    assert_eq!(mode(&h), "edit");
    assert_eq!(
        h.app.message().as_deref(),
        Some("Back in your draft of a crisis plan.")
    );
    let screen = h.screen();
    assert!(
        screen.contains("Giving things away") && screen.contains("Continuing your unsaved draft"),
        "{screen}"
    );
    h.key(KeyCode::Esc);
    assert!(
        h.screen().contains("unsaved changes"),
        "a draft counts as changes"
    );
    h.key(KeyCode::Home); // any other key keeps editing
    // The cursor came back in "People to ask", where the lock found it.
    h.key(KeyCode::Down);
    h.key(KeyCode::End);
    h.type_text("0 900123");
    h.ctrl('s');
    assert_eq!(mode(&h), "plan", "{}", h.screen());
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(
        store.plan_draft(1, 1).unwrap(),
        None,
        "saving removes the draft"
    );
    let v = store.latest_plan_version(1).unwrap();
    assert_eq!(v.info.version, 2);
    assert!(
        v.content
            .warning_signs
            .contains(&"Giving things away".to_string())
    );
    assert!(
        v.content
            .professionals
            .contains(&Contact::new("Mum", "07700 900123")),
        "{:?}",
        v.content.professionals
    );
}

#[test]
fn ctrl_c_keeps_a_new_plan_as_a_draft_and_discarding_it_forgets_it() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Char('c'));
    h.type_text("Not eating");
    h.ctrl('c');
    assert!(h.app.should_quit());
    {
        let store = h.reopen_store();
        let draft = store.plan_draft(1, 1).unwrap().expect("kept on Ctrl-c");
        assert_eq!(draft.content.warning_signs, ["Not eating"]);
        assert_eq!(
            draft.meta.review_due,
            NaiveDate::from_ymd_opt(2027, 2, 20).unwrap()
        );
        assert_eq!(store.plan_for_person(1).unwrap(), None, "not a version");
        store.close().unwrap();
    }
    let mut h = Harness::with(tempfile::tempdir().unwrap(), h.db.clone(), None, None);
    h.unlock_and_sign_in();
    h.key(KeyCode::Char('c'));
    assert_eq!(mode(&h), "draft-offer");
    h.key(KeyCode::Char('d'));
    assert_eq!(mode(&h), "edit");
    assert!(!h.screen().contains("Not eating"));
    assert_eq!(h.reopen_store().plan_draft(1, 1).unwrap(), None);
}

// ----- opening, views audited, take-away copies -----

/// The view entries of plan 1 that another connection can read (what is durable), as
/// (staff id, plan id).
fn views_on_disk(h: &Harness) -> Vec<(Option<i64>, Option<i64>)> {
    h.reopen_store()
        .audit_entries_for(RecordKind::Plan, 1)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "view")
        .map(|e| (e.staff_id, e.record_id))
        .collect()
}

#[test]
fn a_plan_whose_view_cannot_be_recorded_is_not_shown() {
    let mut h = Harness::signed_in_with(|store| {
        let sam = person(store, Some("Sam"));
        save(store, sam, "Not sleeping", now() - Duration::days(3), 90);
    });
    h.app
        .with_store_for_tests(|s| {
            s.settle_page_check();
            s.connection().execute_batch(
                "CREATE TEMP TRIGGER no_views BEFORE INSERT ON audit_log WHEN NEW.action = 'view'
                 BEGIN SELECT RAISE(ABORT, 'no views in this test'); END;",
            )
        })
        .unwrap()
        .unwrap();
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(!screen.contains("Not sleeping"), "{screen}");
    assert_eq!(mode(&h), "list");
    assert!(
        h.app
            .message()
            .is_some_and(|m| m.starts_with("That was refused")),
        "a failure is said: {screen}"
    );
    assert_eq!(views_on_disk(&h), []);
    // Once the entry can be written, the plan opens, and is recorded by then.
    h.app
        .with_store_for_tests(|s| s.connection().execute_batch("DROP TRIGGER temp.no_views"))
        .unwrap()
        .unwrap();
    h.key(KeyCode::Enter);
    assert_eq!(views_on_disk(&h), [(Some(1), Some(1))]);
    assert!(h.screen().contains("Not sleeping"));
}

#[test]
fn a_plans_read_is_recorded_before_it_is_shown_and_synced_once_the_frame_is_drawn() {
    let mut h = Harness::signed_in_with(|store| {
        let sam = person(store, Some("Sam"));
        save(store, sam, "Not sleeping", now() - Duration::days(3), 90);
    });
    // Anything the sign-in left to sync is synced, as the event loop would have.
    h.app.after_frame();
    let db = h.db.clone();
    let anchored = || match staywell::store::sidecar::read_anchor(&db) {
        staywell::store::sidecar::Anchor::Head(head) => head.last_id,
        other => panic!("no anchor: {other:?}"),
    };
    let before = anchored();
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Not sleeping"));
    // Another connection reads the entry as soon as the plan is shown...
    assert_eq!(views_on_disk(&h), [(Some(1), Some(1))]);
    // ...and it is synced, and anchored, once the frame is out.
    assert_eq!(anchored(), before, "not anchored before the sync");
    assert!(h.app.after_frame(), "the entry is synced after the frame");
    assert_eq!(anchored(), before + 1);
    assert!(!h.app.after_frame(), "nothing more to sync");
    // Moving in the plan and going back records nothing and syncs nothing.
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Esc);
    assert!(!h.app.after_frame());
}

#[test]
fn opening_a_plan_is_audited_once_and_n_finds_a_visitor_to_start_one() {
    let mut h = Harness::signed_in_with(|store| {
        let sam = person(store, Some("Sam"));
        save(store, sam, "Not sleeping", now() - Duration::days(3), 90);
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    assert_eq!(mode(&h), "plan");
    for k in ['j', 'j', 'k', 'h'] {
        h.key(KeyCode::Char(k));
    }
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Esc);
    assert_eq!(mode(&h), "plan");
    assert_eq!(
        audit_count(&h.reopen_store(), 1, "view"),
        1,
        "once per opening"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    assert_eq!(audit_count(&h.reopen_store(), 1, "view"), 2);

    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('n'));
    assert!(h.screen().contains("Whose plan? Find the visitor"));
    h.type_text("kit");
    h.key(KeyCode::Enter);
    assert_eq!(mode(&h), "edit");
    assert!(h.screen().contains("crisis plan for Kit — new plan"));
}

#[test]
fn the_take_away_copy_warns_then_writes_a_0600_file_or_shows_it_and_is_audited() {
    use std::os::unix::fs::PermissionsExt;
    let mut h = Harness::signed_in_with(|store| {
        let sam = person(store, Some("Sam"));
        save(store, sam, "Not sleeping", now() - Duration::days(3), 90);
    });
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('x'));
    assert_eq!(mode(&h), "export");
    let screen = h.screen();
    assert!(
        screen.contains("The file or paper is NOT encrypted")
            && screen.contains("crisis-plan-1-v1.txt"),
        "{screen}"
    );
    h.ctrl('u');
    h.type_text("/nowhere/sam.txt");
    insta::assert_snapshot!("export_warning", h.screen());
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("That folder does not exist"));
    assert_eq!(mode(&h), "export", "the path stays to correct");
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("sam.txt");
    h.ctrl('u');
    h.type_text(file.to_str().unwrap());
    h.key(KeyCode::Enter);
    assert_eq!(mode(&h), "plan", "{}", h.screen());
    let screen = h.screen();
    assert!(
        screen.contains("Copy written 19:30:00, NOT encrypted"),
        "{screen}"
    );
    assert_eq!(
        h.app.message().unwrap(),
        format!("Copy written 19:30:00, NOT encrypted: {}", file.display())
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("My crisis prevention plan\n"), "{text}");
    assert!(text.contains("- Not sleeping") && text.contains("Mum: 07700 900123"));
    let mode_bits = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode_bits & 0o777, 0o600);
    assert_eq!(audit_count(&h.reopen_store(), 1, "export"), 1);

    h.key(KeyCode::Char('x'));
    h.ctrl('u');
    h.type_text(file.to_str().unwrap());
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("already exists"), "never replaced");
    assert_eq!(audit_count(&h.reopen_store(), 1, "export"), 1);
    h.ctrl('p');
    assert_eq!(mode(&h), "copy");
    let screen = h.screen();
    assert!(
        screen.contains("on screen only") && screen.contains("My crisis prevention plan"),
        "{screen}"
    );
    assert_eq!(audit_count(&h.reopen_store(), 1, "export"), 2);
    h.key(KeyCode::Esc);
    assert_eq!(mode(&h), "plan");
}

#[test]
fn the_take_away_copy_is_printed_through_the_print_command_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let lp = fake_printer(dir.path(), false);
    let fill = |store: &mut Store| {
        let sam = person(store, Some("Sam"));
        save(store, sam, "Not sleeping", now() - Duration::days(3), 90);
    };
    let mut h = Harness::signed_in_printing(Some(lp), fill);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('x'));
    let screen = h.screen();
    assert!(
        screen.contains("Ctrl-t prints it") && screen.contains("NOT encrypted"),
        "{screen}"
    );
    h.ctrl('t');
    assert_eq!(mode(&h), "plan", "{}", h.screen());
    assert_eq!(
        h.app.message().unwrap(),
        "Sent to the printer 19:30:00: collect it now, paper is NOT encrypted"
    );
    let printed = std::fs::read_to_string(dir.path().join("printed")).unwrap();
    let who = printed.find("Who to call now").unwrap();
    let mum = printed.find("- Mum: 07700 900123").unwrap();
    let samaritans = printed.find("- Samaritans: 116 123").unwrap();
    let emergency = printed.find("999").unwrap();
    let signs = printed.find("My warning signs").unwrap();
    assert!(
        who < mum && mum < samaritans && samaritans < emergency && emergency < signs,
        "their people, then services, then 999, then the plan:\n{printed}"
    );
    let store = h.reopen_store();
    assert_eq!(audit_count(&store, 1, "print"), 1);
    assert_eq!(
        audit_count(&store, 1, "export"),
        0,
        "printing is its own entry"
    );

    // A failing printer says what it said, and the form stays open.
    let mut h = Harness::signed_in_printing(Some(fake_printer(dir.path(), true)), fill);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('x'));
    h.ctrl('t');
    assert_eq!(mode(&h), "export");
    assert!(
        h.screen().contains("Printing failed: lp said"),
        "{}",
        h.screen()
    );

    // No print command: the form says so, and Ctrl-t prints nothing.
    let mut h = Harness::signed_in_printing(None, fill);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('x'));
    assert!(
        h.screen()
            .contains("Printing is not available on this computer")
    );
    h.ctrl('t');
    assert_eq!(mode(&h), "export");
    assert_eq!(audit_count(&h.reopen_store(), 1, "print"), 0);
}

#[test]
fn a_plan_on_show_still_obeys_the_pane_keys_but_the_editor_types_them() {
    let mut h = Harness::signed_in_with(several_plans);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    assert_eq!(mode(&h), "plan");
    assert!(h.screen().contains("? help  Ctrl-l lock  q quit"));
    h.key(KeyCode::Char('?'));
    assert!(h.screen().contains("Help — Plans"));
    h.key(KeyCode::Esc);
    assert_eq!(mode(&h), "plan", "Esc closed the help, not the plan");
    h.key(KeyCode::Char('4'));
    assert_eq!(h.app.current_pane(), Some(PaneId::Handover));
    h.key(KeyCode::Char('2'));
    assert_eq!(mode(&h), "plan", "the plan is still open on return");
    h.key(KeyCode::Tab);
    assert_eq!(h.app.current_pane(), Some(PaneId::Peers));
    h.shift_tab();
    assert_eq!(mode(&h), "plan");

    h.key(KeyCode::Char('e'));
    assert_eq!(mode(&h), "edit");
    assert!(h.screen().contains("Esc back  Ctrl-l lock"));
    h.type_text(" 4?q");
    assert_eq!(h.app.current_pane(), Some(PaneId::Plans));
    assert!(!h.app.should_quit());
    assert!(
        h.screen().contains("Not answering the phone 4?q"),
        "{}",
        h.screen()
    );
}

#[test]
fn a_paste_into_a_plan_section_becomes_its_items_and_a_too_long_one_is_refused() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Sam"), at(19, 0));
    });
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('c'));
    assert_eq!(mode(&h), "edit");
    h.paste("Not sleeping\r\nPacing at night\r\n");
    h.paste(&"x".repeat(7_000));
    assert!(
        h.screen()
            .contains("too long for Warning signs (at most 6,030)"),
        "{}",
        h.screen()
    );
    h.ctrl('s');
    assert_eq!(mode(&h), "plan", "{}", h.screen());
    assert!(h.screen().contains("• Pacing at night"));
}

#[test]
fn an_item_longer_than_a_plan_allows_is_refused_as_it_is_typed_or_pasted_not_first_at_saving() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Sam"), at(19, 0));
    });
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('c'));
    assert_eq!(mode(&h), "edit");
    // A referral note pasted whole into a list section: one line of 300 characters.
    h.paste(&"a".repeat(300));
    let screen = h.screen();
    assert!(
        screen.contains("That paste would make an item of Warning signs 300 characters long"),
        "{screen}"
    );
    assert!(screen.contains("nothing was added"), "{screen}");
    // Lines each short enough go in, as items.
    h.paste(&format!("{}\r\nPacing at night", "b".repeat(200)));
    // The item is full: the next character is refused, and Enter starts the next item.
    h.key(KeyCode::Up);
    h.key(KeyCode::End);
    h.key(KeyCode::Char('c'));
    assert!(
        h.screen().contains(
            "An item of Warning signs holds at most 200 characters: Enter starts the next"
        ),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Down);
    h.key(KeyCode::End);
    h.key(KeyCode::Enter);
    // Typing faster than a frame (a run, as an unbracketed paste arrives) stops at the item's
    // limit too, a plain 'm' included.
    h.app
        .handle_text(&format!("{}bcm and more", "n".repeat(198)));
    assert!(
        h.screen().contains("Enter starts the next"),
        "{}",
        h.screen()
    );
    h.ctrl('s');
    assert_eq!(mode(&h), "plan", "{}", h.screen());
    h.app.quit_safely();
    let store = h.reopen_store();
    let plan = store.plan_for_person(1).unwrap().unwrap();
    let v = store.latest_plan_version(plan.plan_id).unwrap();
    assert_eq!(
        v.content.warning_signs,
        [
            "b".repeat(200),
            "Pacing at night".into(),
            format!("{}bc", "n".repeat(198))
        ]
    );
}

#[test]
fn follow_up_calls_chosen_on_saving_join_the_visit_and_the_handover() {
    const FOLLOW_UP_CALLS: usize = 13; // after the nine sections and four details
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Sam"), at(19, 0));
    });
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('c'));
    assert_eq!(mode(&h), "edit");
    lines(&mut h, &["Not sleeping"]);
    tabs(&mut h, FOLLOW_UP_CALLS);
    let screen = h.screen();
    assert!(screen.contains("▸ Follow-up calls"), "{screen}");
    assert!(screen.contains("Stanley et al. 2018"), "{screen}");
    h.key(KeyCode::Right);
    h.ctrl('s');
    assert_eq!(mode(&h), "plan");
    let screen = h.screen();
    assert!(
        screen.contains("Saved 19:30:00 · 2 follow-up calls"),
        "{screen}"
    );
    h.app.quit_safely();
    let store = h.reopen_store();
    let calls = store.follow_ups(1).unwrap();
    assert_eq!(calls.len(), 2);
    let today = now().date_naive();
    assert_eq!(calls[0].due_on, Some(today + Duration::days(3)));
    assert_eq!(calls[1].due_on, Some(today + Duration::days(7)));
    assert!(
        calls[0]
            .task
            .starts_with("Follow-up call after the crisis plan (1 of 2")
    );
    assert_eq!(calls[0].owner, "Robin Example");
    let kind: String = store
        .connection()
        .query_row(
            "SELECT kind FROM follow_ups WHERE id = ?1",
            [calls[0].id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kind, "plan_call");
    // Open follow-ups are drafted into the handover.
    let hours = store.service_hours().unwrap();
    let facts = store.shift_facts(&hours, today).unwrap();
    assert!(
        facts
            .follow_ups
            .iter()
            .filter(|f| f.contains("Follow-up call after the crisis plan"))
            .count()
            == 2,
        "{:?}",
        facts.follow_ups
    );
}

#[test]
fn a_plan_saved_from_intake_shows_on_the_board_with_no_other_key() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Sam"), at(19, 0));
    });
    assert!(!h.app.intake().unwrap().rows()[0].has_plan);
    h.key(KeyCode::Char('c'));
    assert_eq!(mode(&h), "edit");
    h.type_text("Not sleeping");
    h.ctrl('s');
    assert_eq!(mode(&h), "plan");
    // Straight back to the board: the row already knows.
    h.key(KeyCode::Char('1'));
    assert!(h.app.intake().unwrap().rows()[0].has_plan);
    assert!(h.screen().contains("Plan"), "{}", h.screen());
}

#[test]
fn reviewed_with_the_visitor_no_changes_is_recorded_without_a_new_version() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Sam"), at(19, 0));
    });
    h.key(KeyCode::Char('c'));
    h.type_text("Not sleeping");
    h.ctrl('s');
    assert_eq!(mode(&h), "plan");
    h.clock.advance(Duration::days(30));
    h.key(KeyCode::Char('r'));
    assert!(
        h.screen()
            .contains("Reviewed with the visitor and nothing changes?")
    );
    assert!(
        h.screen().contains("y records it"),
        "the yes key is named from the yes/no table: {}",
        h.screen()
    );
    h.key(KeyCode::Char('n'));
    assert!(
        !h.screen().contains("nothing changes?"),
        "any other key cancels"
    );
    h.key(KeyCode::Char('r'));
    h.key(KeyCode::Char('y'));
    let screen = h.screen();
    assert!(screen.contains("version 1 of 1"), "{screen}");
    assert!(
        screen.contains(&format!(
            "Reviewed with the visitor 22/12/2026 19:30 by {LEAD}, no changes"
        )),
        "{screen}"
    );
    assert!(screen.contains("Review due 22/03/2027"), "{screen}");
}

#[test]
fn two_visitors_of_the_same_name_are_told_apart_by_number_and_last_visit() {
    let mut h = Harness::signed_in_with(|store| {
        let visit = common::walk_in(store, Some("Sam"), day(2026, 11, 20));
        let here = store.visit(visit).unwrap().person_id;
        save(store, here, "Not sleeping", day(2026, 11, 20), 90);
        let other = person(store, Some("Sam"));
        save(store, other, "Pacing", day(2026, 11, 21), 90);
        let kit = person(store, Some("Kit"));
        save(store, kit, "Skipping meals", day(2026, 11, 21), 90);
    });
    h.terminal.backend_mut().resize(80, 24);
    h.key(KeyCode::Char('2'));
    let screen = h.screen();
    assert!(screen.contains("Sam #1 · last here 20/11/26"), "{screen}");
    assert!(screen.contains("Sam #2 · no visits"), "{screen}");
    assert!(!screen.contains("Kit #"), "{screen}");
    insta::assert_snapshot!("list_same_names_80x24", screen);
}

#[test]
fn a_long_history_pages_with_pgdn_end_and_g() {
    let mut h = Harness::signed_in_with(|store| {
        let sam = person(store, Some("Sam"));
        for i in 0..15 {
            save(
                store,
                sam,
                &format!("Sign {i}"),
                day(2026, 1, 1) + Duration::days(i * 7),
                90,
            );
        }
    });
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('h'));
    assert!(
        h.screen().contains("history (15 versions)"),
        "{}",
        h.screen()
    );
    let selected = |h: &mut Harness| {
        h.screen()
            .lines()
            .find(|l| l.contains('▸'))
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let top = selected(&mut h);
    h.key(KeyCode::PageDown);
    let paged = selected(&mut h);
    assert_ne!(paged, top, "{}", h.screen());
    h.key(KeyCode::End);
    let end = selected(&mut h);
    assert!(end != paged && end != top, "{}", h.screen());
    h.key(KeyCode::Char('g'));
    assert_eq!(selected(&mut h), top);
    h.key(KeyCode::Char('G'));
    assert_eq!(selected(&mut h), end);
}
