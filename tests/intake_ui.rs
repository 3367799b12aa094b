//! Intake in the app: headless key flows and board snapshots (TestBackend, fixed clock).

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
use staywell::domain::visit::{ContactMode, VisitStatus, VisitUpdate};
use staywell::store::Store;
use staywell::ui::panes::PaneId;

fn busy_evening(store: &mut Store) {
    let rows = [
        (Some("Kit"), 17, 5, Some("C"), VisitStatus::WithWorker),
        (None, 19, 10, None, VisitStatus::Waiting),
        (Some("Bea"), 15, 20, Some("B"), VisitStatus::Waiting),
        (Some("Priya"), 18, 0, Some("E"), VisitStatus::Seen),
        (Some("Zoë ناصر"), 19, 25, Some("A"), VisitStatus::Waiting),
    ];
    for (name, h, m, code, status) in rows {
        let id = walk_in(store, name, at(h, m));
        let v = store.visit(id).unwrap();
        let mut path = vec![];
        match status {
            VisitStatus::WithWorker => path.push(VisitStatus::WithWorker),
            VisitStatus::Seen => path.extend([VisitStatus::WithWorker, VisitStatus::Seen]),
            _ => {}
        }
        path.insert(0, VisitStatus::Waiting);
        for s in path {
            let u = VisitUpdate {
                presenting_need: v.presenting_need.clone(),
                triage_code: code.map(String::from),
                safety_formulation: String::new(),
                suitability: None,
                suitability_reason: String::new(),
                status: s,
                distress_arrival: Some(6),
                distress_leaving: None,
                swemwbs: None,
                swemwbs_completion: None,
                ons4: Default::default(),
                ons4_leaving: Default::default(),
                outcome: None,
                signposts: vec![],
                safeguarding: Default::default(),
            };
            store
                .update_visit(id, &u, 1, at(h, m) + Duration::minutes(10))
                .unwrap();
        }
    }
}

fn intake_mode(h: &Harness) -> &'static str {
    h.app.intake().unwrap().mode_name()
}

fn visit_ids(h: &Harness) -> Vec<i64> {
    h.app
        .intake()
        .unwrap()
        .rows()
        .iter()
        .map(|r| r.visit_id)
        .collect()
}

#[test]
fn snapshot_empty_busy_and_small_boards() {
    let mut h = Harness::signed_in_with(|_| {});
    insta::assert_snapshot!("board_empty", h.screen());
    let mut h = Harness::signed_in_with(busy_evening);
    insta::assert_snapshot!("board_busy", h.screen());
    h.terminal.backend_mut().resize(80, 24);
    insta::assert_snapshot!("board_busy_80x24", h.screen());
}

#[test]
fn waiting_times_tick_with_the_clock_and_flags_appear_past_target() {
    let mut h = Harness::signed_in_with(busy_evening);
    let screen = h.screen();
    assert!(
        screen.contains("4 h 10 min !"),
        "Bea (B, 4 h target) is past target:\n{screen}"
    );
    assert!(screen.contains("past target (!)"));
    h.clock.advance(Duration::minutes(5));
    assert!(h.screen().contains("4 h 15 min !"));
}

#[test]
fn quick_add_an_anonymous_walk_in_in_a_few_keys() {
    let mut h = Harness::signed_in_with(|_| {});
    h.key(KeyCode::Char('n'));
    assert_eq!(intake_mode(&h), "quick-add");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("Panic attack on the bus");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "board");
    let screen = h.screen();
    assert!(screen.contains("Saved 19:30:00"), "{screen}");
    assert!(screen.contains("Anonymous #1"));
    assert!(screen.contains("to triage"));
    h.app.quit_safely();
    let store = h.reopen_store();
    let v = store.visit(1).unwrap();
    assert_eq!(v.presenting_need, "Panic attack on the bus");
    assert_eq!(v.arrived_at, at(19, 30));
    assert_eq!(v.display_name, None);
    assert_eq!(v.contact_mode, ContactMode::WalkIn);
}

/// The idle tick moves tonight's board when the next shift starts; a walk-in saved before
/// that tick (the same second, or just after the service hours were changed) must still land
/// on a board that shows it, not leave "Saved" over last night's empty board.
#[test]
fn a_walk_in_saved_as_the_next_shift_starts_is_on_the_board_it_lands_on() {
    let mut h = Harness::signed_in_with(|_| {});
    assert!(h.screen().contains("Sun 22 Nov 2026"));
    // Monday's shift starts at 17:00 (GMT in November); no tick has run since.
    h.clock
        .set(at(17, 0) + Duration::days(1) + Duration::seconds(20));
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("Ada");
    h.key(KeyCode::Tab);
    h.type_text("Came straight from work");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "board");
    let screen = h.screen();
    assert!(screen.contains("Tonight, Mon 23 Nov 2026"), "{screen}");
    assert!(
        screen.contains("Ada"),
        "the walk-in is on the board:\n{screen}"
    );
}

#[test]
fn a_returning_visitor_is_offered_and_confirmed() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Priya"), at(15, 0) - Duration::days(30));
    });
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Right); // phone contact
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("Pryia");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "match");
    let screen = h.screen();
    assert!(
        screen.contains("Has this person been before?") && screen.contains("matches on name"),
        "{screen}"
    );
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(&h), "board");
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(
        store.people_count().unwrap(),
        1,
        "linked to the existing person, not a new one"
    );
    assert_eq!(store.visit(2).unwrap().contact_mode, ContactMode::Phone);
}

#[test]
fn triage_then_seen_then_left_with_distress_scores() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, None, at(19, 0));
    });
    h.key(KeyCode::Char('e'));
    assert_eq!(intake_mode(&h), "edit");
    h.key(KeyCode::Tab);
    h.type_text("b");
    h.key(KeyCode::Tab);
    h.type_text("Feels unsafe tonight.");
    h.key(KeyCode::Enter);
    h.type_text("Sister can collect at 21:00.");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // Waiting → With worker
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.type_text("8");
    insta::assert_snapshot!("visit_form", h.screen());
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit");
    assert!(
        h.screen()
            .contains("B Very urgent (within 4 hours) · by Robin Example")
    );

    h.key(KeyCode::Char('e'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Right); // With worker → Seen
    h.ctrl('s');
    h.key(KeyCode::Char('e'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Right); // Seen → Left
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.type_text("3");
    h.ctrl('s');
    insta::assert_snapshot!("visit_view", h.screen());
    h.app.quit_safely();
    let v = h.reopen_store().visit(1).unwrap();
    assert_eq!(v.triage_code.as_deref(), Some("B"));
    assert_eq!(
        v.safety_formulation,
        "Feels unsafe tonight.\nSister can collect at 21:00."
    );
    assert_eq!(v.status, VisitStatus::Left);
    assert_eq!((v.distress_arrival, v.distress_leaving), (Some(8), Some(3)));
}

#[test]
fn bad_input_is_refused_in_the_form_and_nothing_typed_is_lost() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("Keep this formulation");
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.type_text("11");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "edit");
    let screen = h.screen();
    assert!(
        screen.contains("Distress is scored 0 to 10; 11 is outside that."),
        "{screen}"
    );
    assert!(screen.contains("Keep this formulation"));
    // Only legal moves are offered: from Waiting, never straight to Left.
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("unsaved changes"));
    h.key(KeyCode::Esc);
    assert_eq!(intake_mode(&h), "board");
    assert_eq!(h.reopen_store().visit(1).unwrap().safety_formulation, "");

    h.key(KeyCode::Char('n'));
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    for _ in 0..5 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("23:59");
    h.ctrl('s');
    assert!(h.screen().contains("The arrival time is in the future."));
    for _ in 0..5 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("14:00");
    h.ctrl('s');
    assert!(h.screen().contains("before this shift began"));
    for _ in 0..5 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("19:15");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("31/02/1990");
    h.ctrl('s');
    assert!(h.screen().contains("31/02/1990 does not exist."));
    assert_eq!(
        intake_mode(&h),
        "quick-add",
        "the form stays open with what was typed"
    );
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.ctrl('s');
    assert!(
        h.screen()
            .contains("\"31/02/19\" is not a date; write it as dd/mm/yyyy.")
    );
}

#[test]
fn the_status_field_offers_only_legal_moves() {
    use staywell::ui::panes::intake::visit_form::status_options;
    assert_eq!(
        status_options(VisitStatus::Waiting),
        [
            VisitStatus::Waiting,
            VisitStatus::WithWorker,
            VisitStatus::ReferredOn,
            VisitStatus::LeftUnseen
        ]
    );
    assert_eq!(status_options(VisitStatus::Left), [VisitStatus::Left]);
}

#[test]
fn filter_find_and_earlier_shifts() {
    let mut h = Harness::signed_in_with(|store| {
        busy_evening(store);
        walk_in(store, Some("Yan"), at(19, 0) - Duration::days(1));
    });
    // Tonight's five, after Yan's visit still open from last night.
    assert_eq!(visit_ids(&h).len(), 6);
    assert!(h.screen().contains("1 still open from earlier shifts"));
    h.key(KeyCode::Char('/'));
    h.type_text("bea");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("Bea") && !screen.contains("Priya"),
        "{screen}"
    );
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Priya"));

    h.key(KeyCode::Char('['));
    let screen = h.screen();
    assert!(
        screen.contains("Shift of Sat 21 Nov 2026") && screen.contains("Yan"),
        "{screen}"
    );
    h.key(KeyCode::Char('n'));
    assert_eq!(intake_mode(&h), "board", "no quick add on a past shift");
    h.key(KeyCode::Char('t'));
    assert!(h.screen().contains("Tonight, Sun 22 Nov 2026"));

    h.ctrl('f');
    h.type_text("yan");
    assert!(h.screen().contains("Find a person"));
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(&h), "person");
    assert!(h.screen().contains("Past visits — Yan"));
}

#[test]
fn incidents_and_follow_ups_from_the_visit_view() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('i'));
    h.key(KeyCode::Tab);
    h.type_text("Verbal aggression");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit");
    h.key(KeyCode::Char('f'));
    h.key(KeyCode::Tab);
    h.type_text("Call GP in the morning");
    h.key(KeyCode::Tab);
    h.type_text("Day team");
    h.ctrl('s');
    let screen = h.screen();
    assert!(
        screen.contains("Incidents (1)") && screen.contains("Verbal aggression"),
        "{screen}"
    );
    assert!(screen.contains("[open] Call GP in the morning · owner Day team"));
}

#[test]
fn a_visit_on_show_still_obeys_the_pane_keys_and_is_there_on_return() {
    let mut h = Harness::signed_in_with(busy_evening);
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(&h), "visit");
    h.key(KeyCode::Char('4'));
    assert_eq!(h.app.current_pane(), Some(PaneId::Handover));
    h.key(KeyCode::Char('1'));
    assert_eq!(intake_mode(&h), "visit");
    h.ctrl('f');
    assert!(h.screen().contains("Find a person"));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('q'));
    assert!(h.app.should_quit());
}

#[test]
fn a_paste_too_long_for_quick_adds_need_is_refused_whole_and_nothing_is_saved_shorter() {
    let mut h = Harness::signed_in_with(|_| {});
    h.key(KeyCode::Char('n'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.paste("Kept words. ");
    h.paste(&"x".repeat(10_000));
    let screen = h.screen();
    assert!(
        screen.contains("That paste is 9,512 characters too long for Presenting need (at most"),
        "{screen}"
    );
    assert_eq!(intake_mode(&h), "quick-add", "a paste never submits");
    // Typed up to the limit, the counter shows, and one more is refused by name.
    h.paste(&"y".repeat(488));
    assert!(h.screen().contains("500 / 500"));
    h.type_text("z");
    assert!(
        h.screen()
            .contains("Presenting need is full: at most 500 characters")
    );
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "board");
    h.app.quit_safely();
    let v = h.reopen_store().visit(1).unwrap();
    assert_eq!(
        v.presenting_need,
        format!("Kept words. {}", "y".repeat(488))
    );
}

#[test]
fn a_pasted_line_break_in_a_one_line_field_is_a_space_not_enter() {
    let mut h = Harness::signed_in_with(|_| {});
    h.key(KeyCode::Char('n'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.paste("Referral letter:\r\nlow mood\nsince May");
    assert_eq!(intake_mode(&h), "quick-add");
    h.ctrl('s');
    h.app.quit_safely();
    let v = h.reopen_store().visit(1).unwrap();
    assert_eq!(v.presenting_need, "Referral letter: low mood since May");
}

#[test]
fn distress_of_100_is_kept_as_typed_and_refused_with_the_forms_message() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Char('e'));
    for _ in 0..6 {
        h.key(KeyCode::Tab);
    }
    h.type_text("100");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "edit");
    let screen = h.screen();
    assert!(
        screen.contains("Distress is scored 0 to 10; 100 is outside that."),
        "{screen}"
    );
    assert_eq!(h.reopen_store().visit(1).unwrap().distress_arrival, None);
}

#[test]
fn a_multi_line_incident_action_is_saved_with_its_line_breaks() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('i'));
    h.key(KeyCode::Tab);
    h.type_text("Fall");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("First aid given.");
    h.key(KeyCode::Enter);
    h.paste("Called 111.\r\nStayed with them\u{202E} until the crew came.");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    h.app.quit_safely();
    let store = h.reopen_store();
    let incidents = store.incidents(1).unwrap();
    assert_eq!(
        incidents[0].action,
        "First aid given.\nCalled 111.\nStayed with them\u{202E} until the crew came.",
        "line breaks and the bidi override are stored as typed"
    );
}

/// A Saturday-night shift running past the clock change: 20:00 to 04:00.
fn late_weekend_hours(store: &mut Store) {
    store
        .set_setting(
            staywell::store::settings::WEEKEND_HOURS,
            "20:00-04:00",
            1,
            now(),
        )
        .unwrap();
}

/// Opens the quick add and moves to its arrival time, emptied.
fn quick_add_arrival(h: &mut Harness, need: &str) {
    h.key(KeyCode::Char('n'));
    assert_eq!(intake_mode(h), "quick-add");
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.type_text(need);
    h.key(KeyCode::Tab);
}

#[test]
fn in_the_repeated_hour_the_default_arrival_is_now_and_a_typed_time_asks_which() {
    let mut h = Harness::existing_with(late_weekend_hours);
    // 25 Oct 2026, 01:30 GMT: the second 01:30 (the clocks went back at 02:00 BST).
    let second_0130 =
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 10, 25, 1, 30, 0).unwrap();
    h.clock.set(second_0130);
    h.unlock_and_sign_in();
    quick_add_arrival(&mut h, "Default arrival");
    let screen = h.screen();
    assert!(screen.contains("01:30 GMT"), "{screen}");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "board", "{}", h.screen());
    let screen = h.screen();
    assert!(screen.contains("0 min"), "waited 0 min, not 1 h:\n{screen}");

    quick_add_arrival(&mut h, "Typed arrival");
    h.ctrl('u');
    h.type_text("01:15");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "quick-add", "not saved on a guess");
    let screen = h.screen();
    assert!(
        screen.contains("happened twice") && screen.contains("\"01:15 GMT\""),
        "{screen}"
    );
    h.type_text(" gmt");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "board", "{}", h.screen());
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(store.visit(1).unwrap().arrived_at, second_0130);
    assert_eq!(
        store.visit(2).unwrap().arrived_at,
        second_0130 - Duration::minutes(15)
    );
}

#[test]
fn a_time_the_clocks_skipped_is_refused_saying_so() {
    let mut h = Harness::existing_with(late_weekend_hours);
    // 28 Mar 2027, 03:00 BST: the clocks went forward at 01:00 GMT.
    let t = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2027, 3, 28, 2, 0, 0).unwrap();
    h.clock.set(t);
    h.unlock_and_sign_in();
    quick_add_arrival(&mut h, "Skipped hour");
    h.ctrl('u');
    h.type_text("01:30");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "quick-add");
    let screen = h.screen();
    assert!(
        screen.contains("01:30 does not exist on 28 Mar 2027: the clocks went forward."),
        "{screen}"
    );
    assert!(!screen.contains("before this shift began"));
}

#[test]
fn someone_waiting_to_triage_past_the_time_allowed_is_flagged() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 20));
    });
    let screen = h.screen();
    assert!(!screen.contains("past target"), "{screen}");
    h.clock.advance(Duration::minutes(5)); // 15 min: the limit itself
    assert!(!h.screen().contains("past target"));
    h.clock.advance(Duration::minutes(1));
    let screen = h.screen();
    assert!(screen.contains("16 min !"), "{screen}");
    assert!(screen.contains("1 past target (!)"), "{screen}");
}

#[test]
fn an_incident_time_later_than_now_is_refused() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('i'));
    h.ctrl('u');
    h.type_text("20:15");
    h.key(KeyCode::Tab);
    h.type_text("Verbal aggression");
    h.ctrl('s');
    let screen = h.screen();
    assert!(
        screen.contains("20:15 is later than now (19:30)"),
        "{screen}"
    );
    assert_eq!(intake_mode(&h), "incident");
}

/// The screen's text with each row's border and indent dropped and rows joined by a space, so
/// a wrapped hint reads as one sentence.
fn flat(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tabs from the presenting need to field `n` of the triage form.
fn tab_to(h: &mut Harness, n: usize) {
    for _ in 0..n {
        h.key(KeyCode::Tab);
    }
}

/// Tabs on through the open form until field `id` has the cursor (found by its id, wherever
/// it sits in the form).
fn tab_to_field(h: &mut Harness, id: staywell::ui::widgets::fields::FieldId) {
    for _ in 0..100 {
        let form = h
            .app
            .intake()
            .unwrap()
            .open_field_form()
            .expect("a form is open");
        assert!(form.index(id).is_some(), "the form has no field {id:?}");
        if form.is_focused(id) {
            return;
        }
        h.key(KeyCode::Tab);
    }
    panic!("Tab never reached {id:?}");
}

#[test]
fn ons4_and_swemwbs_are_entered_with_a_running_score_and_how_it_was_completed() {
    use staywell::domain::ons4::Ons4;
    use staywell::domain::swemwbs::{COPYRIGHT, Completion, INSTRUCTION};
    use staywell::ui::panes::intake::visit_form::ONS4;
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Sam"), at(19, 0));
    });
    h.key(KeyCode::Char('e'));
    tab_to_field(&mut h, ONS4[0]);
    let screen = h.screen();
    assert!(
        screen.contains("Overall, how satisfied are you with your life nowadays?"),
        "{screen}"
    );
    h.type_text("11");
    h.ctrl('s');
    assert!(
        h.screen()
            .contains("Life satisfaction is answered 0 to 10; 11 is outside that.")
    );
    assert_eq!(intake_mode(&h), "edit", "nothing lost, still editing");
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.type_text("4");
    h.key(KeyCode::Tab);
    h.type_text("6");
    h.key(KeyCode::Tab); // happy yesterday left blank: not asked
    h.key(KeyCode::Tab);
    h.type_text("8");
    h.key(KeyCode::Tab);
    // The four on leaving, left blank: this service does not ask them.
    assert!(h.screen().contains("▸ Leaving: Satisfaction"));
    tab_to(&mut h, 4);
    // SWEMWBS 1: the instruction and the copyright line are shown with the item.
    let screen = flat(&h.screen());
    assert!(screen.contains("Score: no items answered yet"), "{screen}");
    assert!(screen.contains(INSTRUCTION), "{screen}");
    assert!(screen.contains(COPYRIGHT), "{screen}");
    for (i, answer) in [3, 4, 2, 5, 3, 1, 4].into_iter().enumerate() {
        assert!(h.screen().contains(&format!("▸ SWEMWBS {}", i + 1)));
        for _ in 0..answer {
            h.key(KeyCode::Right);
        }
        if i == 1 {
            let screen = flat(&h.screen());
            assert!(screen.contains("2 of 7 answered, raw 7 so far"), "{screen}");
        }
        h.key(KeyCode::Tab);
    }
    assert!(h.screen().contains("▸ SWEMWBS completed"));
    h.key(KeyCode::Right); // by the visitor
    h.key(KeyCode::BackTab);
    let screen = flat(&h.screen());
    assert!(screen.contains("raw 22 of 35, metric 19.98"), "{screen}");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit");
    let screen = flat(&h.screen());
    assert!(
        screen.contains(
            "life satisfaction 4/10 · worthwhile 6/10 · happy yesterday — · anxious yesterday 8/10"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("raw 22 · metric 19.98 · By the visitor"),
        "{screen}"
    );
    assert!(screen.contains(COPYRIGHT), "{screen}");
    h.app.quit_safely();
    let v = h.reopen_store().visit(1).unwrap();
    assert_eq!(
        v.ons4,
        Ons4 {
            life_satisfaction: Some(4),
            worthwhile: Some(6),
            happy: None,
            anxious: Some(8),
        }
    );
    assert_eq!(v.swemwbs.map(|s| s.raw()), Some(22));
    assert_eq!(v.swemwbs_completion, Some(Completion::ByVisitor));
}

/// One correction is "1 correction" (found on the walk: it said "1 corrections").
#[test]
fn one_correction_is_counted_in_the_singular() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Jonh"), at(19, 5));
    });
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('E'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.ctrl('u');
    h.type_text("John");
    // Refused without a reason, which then has the cursor.
    h.ctrl('s');
    h.type_text("typed wrong");
    h.ctrl('s');
    let screen = h.screen();
    assert!(
        screen.contains("name Jonh → John (typed wrong)"),
        "{screen}"
    );
    assert!(screen.contains("History (1 correction)"), "{screen}");
}

#[test]
fn correcting_the_quick_add_details_asks_a_reason_and_shows_the_history() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Jonh"), at(19, 5));
    });
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('E'));
    assert_eq!(intake_mode(&h), "correct");
    insta::assert_snapshot!("correct_details_form", h.screen());
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.ctrl('u');
    h.type_text("18:50");
    h.key(KeyCode::Tab);
    h.ctrl('u');
    h.type_text("John");
    // No reason: refused, everything typed kept.
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "correct");
    assert!(
        h.screen().contains("A reason for the correction is needed"),
        "{}",
        h.screen()
    );
    // The refusal put the cursor on the reason.
    h.type_text("typed wrong");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    let screen = h.screen();
    assert!(screen.contains("Visit — John"), "{screen}");
    assert!(
        screen.contains(&format!(
            "corrected 19:30 by {LEAD}: arrival 19:05 → 18:50 (typed wrong)"
        )),
        "{screen}"
    );
    assert!(screen.contains(&format!(
        "corrected 19:30 by {LEAD}: name Jonh → John (typed wrong)"
    )));
    assert!(screen.contains("History (2 corrections)"), "{screen}");
    insta::assert_snapshot!("visit_after_correction", screen);
    // The board follows at once.
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("John"));
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(store.visit(1).unwrap().arrived_at, at(18, 50));
    assert_eq!(store.visit_history(1).unwrap().len(), 2);
}

/// At 80 columns a long value or note goes on under where its text began: a row's value
/// under the value column, a correction under its own indent, never back at the left edge
/// under the labels. Nothing of either is lost.
#[test]
fn at_80_columns_a_long_row_goes_on_under_its_value() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Sam Okafor"), at(19, 5));
    });
    h.terminal.backend_mut().resize(80, 24);
    h.key(KeyCode::Enter);
    // Triaged: the triage row, with who and when, is wider than the view.
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    h.key(KeyCode::Char('E'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.ctrl('u');
    h.type_text("Sam Okafur");
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.type_text("spelling: he wrote his name down for me at the desk");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    let screen = h.screen();
    insta::assert_snapshot!("visit_at_80_columns_after_a_long_correction", screen);
    let rows: Vec<&str> = screen.lines().collect();
    let triage = rows
        .iter()
        .position(|r| r.starts_with("│Triage "))
        .expect("the triage row is shown");
    assert!(
        rows[triage + 1].starts_with(&format!("│{:24}22/11/2026 19:30", "")),
        "the triage row goes on under its value:\n{screen}"
    );
    let at = rows
        .iter()
        .position(|r| r.contains("corrected 19:30 by"))
        .expect("the correction is shown");
    assert!(
        rows[at + 1].starts_with("│  ") && !rows[at + 1].starts_with("│   "),
        "the correction goes on under its own indent:\n{screen}"
    );
    let joined: String = rows[at..at + 2]
        .iter()
        .map(|r| r.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        joined.contains(
            "name Sam Okafor → Sam Okafur (spelling: he wrote his name down for me at the desk)"
        ),
        "nothing of it is lost: {joined}"
    );
}

#[test]
fn a_correction_that_changes_nothing_is_refused_and_esc_returns_to_the_visit() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('E'));
    for _ in 0..7 {
        h.key(KeyCode::Tab);
    }
    h.type_text("checking");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "correct");
    assert!(h.screen().contains("Nothing was changed"), "{}", h.screen());
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
}

#[test]
fn the_triage_form_asks_why_only_when_it_changes_a_recorded_value() {
    let mut h = Harness::signed_in_with(|store| {
        let id = walk_in(store, Some("Kit"), at(19, 0));
        let mut u = store.visit(id).unwrap().as_update();
        u.triage_code = Some("C".into());
        store.update_visit(id, &u, 1, at(19, 10)).unwrap();
    });
    // Moving the status on is progress: saved without a question.
    h.key(KeyCode::Char('e'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Right);
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    // Changing the recorded triage code is a correction: the reason is asked for.
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char('b'));
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "edit-reason");
    let screen = h.screen();
    assert!(screen.contains("Changes: triage"), "{screen}");
    h.ctrl('s');
    assert!(h.screen().contains("A reason for the correction is needed"));
    h.type_text("chose the wrong code");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    assert!(h.screen().contains(&format!(
        "corrected 19:30 by {LEAD}: triage C → B (chose the wrong code)"
    )));
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(store.visit(1).unwrap().triage_code.as_deref(), Some("B"));
    assert_eq!(store.visit_history(1).unwrap().len(), 1);
}

fn with_follow_ups(store: &mut Store) {
    use staywell::domain::visit::{FollowUp, Incident};
    let visit = walk_in(store, Some("Kit"), at(19, 0));
    for task in ["Ring to check in", "Send the leaflet"] {
        store
            .add_follow_up(
                &FollowUp {
                    id: 0,
                    visit_id: visit,
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
            .unwrap();
    }
    store
        .add_incident(
            &Incident {
                id: 0,
                visit_id: visit,
                occurred_at: at(19, 10),
                kind: "Fal".into(),
                people: String::new(),
                action: String::new(),
                staff: String::new(),
            },
            1,
            now(),
        )
        .unwrap();
}

#[test]
fn a_follow_up_is_chosen_and_closed_with_its_outcome_then_reopened_with_a_reason() {
    let mut h = Harness::signed_in_with(with_follow_ups);
    // Tall enough to show the visit's history and its follow-ups at once.
    h.terminal.backend_mut().resize(100, 40);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('d'));
    assert_eq!(intake_mode(&h), "pick");
    let screen = h.screen();
    assert!(screen.contains("Close which follow-up?"), "{screen}");
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(&h), "close-follow-up");
    assert!(h.screen().contains("Closes: Send the leaflet"));
    // Done needs what came of it.
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "close-follow-up");
    assert!(h.screen().contains("Outcome"), "{}", h.screen());
    h.type_text("Posted first class");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    let screen = h.screen();
    assert!(screen.contains("[open] Ring to check in"), "{screen}");
    assert!(
        screen.contains(&format!("[done 19:30 by {LEAD}] Send the leaflet")),
        "{screen}"
    );
    assert!(screen.contains("· Posted first class"), "{screen}");
    // Only the done one can be reopened; it needs a reason.
    h.key(KeyCode::Char('D'));
    assert!(h.screen().contains("Send the leaflet"));
    assert!(!h.screen().contains("▸ Ring to check in"));
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(&h), "reopen");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "reopen");
    h.type_text("leaflet not sent yet");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    let screen = h.screen();
    assert!(screen.contains("[open] Send the leaflet"), "{screen}");
    assert!(
        screen.contains("follow-up done 19:30 → (blank) (leaflet not sent yet)"),
        "{screen}"
    );
    assert!(
        screen.contains("follow-up closed as done: Posted first class → (blank)"),
        "{screen}"
    );
    h.app.quit_safely();
    let store = h.reopen_store();
    assert!(
        store
            .follow_ups(1)
            .unwrap()
            .iter()
            .all(|f| f.done_at.is_none())
    );
}

#[test]
fn an_incident_is_corrected_with_a_reason_and_its_history_shown() {
    let mut h = Harness::signed_in_with(with_follow_ups);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('I'));
    assert!(h.screen().contains("19:10 Fal"));
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(&h), "correct-incident");
    h.key(KeyCode::Tab);
    h.type_text("l");
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.type_text("typed wrong");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    let screen = h.screen();
    assert!(screen.contains("19:10 Fall"), "{screen}");
    assert!(
        screen.contains(&format!(
            "corrected 19:30 by {LEAD}: incident Fal → Fall (typed wrong)"
        )),
        "{screen}"
    );
    // A time later than now is refused in the form.
    h.key(KeyCode::Char('I'));
    h.key(KeyCode::Enter);
    h.ctrl('u');
    h.type_text("21:00");
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    h.type_text("later");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "correct-incident");
    assert!(h.screen().contains("later than now"), "{}", h.screen());
}

#[test]
fn the_board_says_how_each_visitor_made_contact() {
    let mut h = Harness::signed_in_with(|store| {
        use staywell::store::visits::{NewVisit, PersonRef};
        walk_in(store, Some("Kit"), at(18, 0));
        for (name, mode) in [("Sam", ContactMode::Phone), ("Ali", ContactMode::Video)] {
            let person = staywell::domain::person::PersonDetails {
                display_name: Some(name.into()),
                ..Default::default()
            };
            store
                .add_visit(
                    &NewVisit {
                        person: PersonRef::New(person),
                        arrived_at: at(18, 30),
                        contact_mode: mode,
                        referral_source_id: Some(2),
                        presenting_need: "needs to talk".into(),
                    },
                    1,
                    now(),
                )
                .unwrap();
        }
    });
    h.terminal.backend_mut().resize(80, 24);
    let screen = h.screen();
    let row = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} on the board:\n{screen}"))
            .to_string()
    };
    assert!(row("Kit").contains("Walk"), "{screen}");
    assert!(row("Sam").contains("Phone"), "{screen}");
    assert!(row("Ali").contains("Video"), "{screen}");
}

#[test]
fn the_visit_view_shows_phone_date_of_birth_and_when_they_were_seen() {
    let mut h = Harness::signed_in_with(|store| {
        use staywell::store::visits::{NewVisit, PersonRef};
        let person = staywell::domain::person::PersonDetails {
            display_name: Some("Sam".into()),
            date_of_birth: chrono::NaiveDate::from_ymd_opt(1990, 4, 3),
            phone: Some("07700 900123".into()),
            ..Default::default()
        };
        store
            .add_visit(
                &NewVisit {
                    person: PersonRef::New(person),
                    arrived_at: at(18, 30),
                    contact_mode: ContactMode::Phone,
                    referral_source_id: Some(2),
                    presenting_need: "needs to talk".into(),
                },
                1,
                now(),
            )
            .unwrap();
    });
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(&h), "visit");
    let screen = h.screen();
    assert!(
        screen.contains("07700 900123 · 03/04/1990"),
        "phone and date of birth: {screen}"
    );
    // Once: the person row names them and their record, without the phone again.
    assert_eq!(screen.matches("07700 900123").count(), 1, "{screen}");
    assert_eq!(screen.matches("03/04/1990").count(), 1, "{screen}");
    let person_row = screen.lines().find(|l| l.contains("Person ")).unwrap();
    assert!(
        person_row.contains("full name not given · record #"),
        "{person_row}"
    );
    assert!(
        screen.contains("Waiting · seen — · left —"),
        "seen and left: {screen}"
    );
    assert!(screen.contains("Peer worker"), "{screen}");
}

#[test]
fn the_open_follow_ups_list_is_one_key_from_the_board_and_closes_them_done_or_cancelled() {
    let mut h = Harness::signed_in_with(with_follow_ups);
    h.key(KeyCode::Char('o'));
    assert_eq!(intake_mode(&h), "follow-ups");
    let screen = h.screen();
    assert!(screen.contains("Open follow-ups · 2 open"), "{screen}");
    assert!(screen.contains("no due date"), "{screen}");
    assert!(screen.contains("Ring to check in"), "{screen}");
    // x cancels the selected one, with why.
    h.key(KeyCode::Char('x'));
    assert_eq!(intake_mode(&h), "close-follow-up");
    assert!(h.screen().contains("Cancelled"), "{}", h.screen());
    h.key(KeyCode::Tab);
    h.type_text("Kit rang us first");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "follow-ups", "{}", h.screen());
    let screen = h.screen();
    assert!(screen.contains("Open follow-ups · 1 open"), "{screen}");
    assert!(!screen.contains("Ring to check in"), "{screen}");
    // Esc from a closing form goes back to the list, nothing closed.
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Esc);
    assert_eq!(intake_mode(&h), "follow-ups");
    // Enter opens the visit it came from.
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    assert!(h.screen().contains("[cancelled 19:30 by"), "{}", h.screen());
    h.app.quit_safely();
    let store = h.reopen_store();
    let f = store.follow_ups(1).unwrap();
    assert_eq!(
        f[0].closed_as,
        Some(staywell::domain::follow_up::ClosedAs::Cancelled)
    );
    assert_eq!(f[0].outcome, "Kit rang us first");
    assert_eq!(f[1].done_at, None);
}

#[test]
fn snapshot_the_open_follow_ups_at_80x24() {
    let mut h = Harness::signed_in_with(|store| {
        use staywell::domain::visit::FollowUp;
        let kit = walk_in(store, Some("Kit Marlowe-Fitzgerald"), at(19, 0));
        for (task, due) in [
            (
                "Ring the GP surgery about the medication review",
                Some((11, 20)),
            ),
            ("Check the housing officer got the letter", Some((11, 22))),
            ("Send the recovery college leaflet", Some((11, 25))),
            ("Ask the sister to call back", None),
        ] {
            store
                .add_follow_up(
                    &FollowUp {
                        visit_id: kit,
                        task: task.into(),
                        owner: "day team".into(),
                        due_on: due
                            .map(|(m, d)| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap()),
                        ..Default::default()
                    },
                    1,
                    now(),
                )
                .unwrap();
        }
    });
    h.terminal.backend_mut().resize(80, 24);
    h.key(KeyCode::Char('o'));
    let screen = h.screen();
    assert!(screen.contains("overdue by 2 days"), "{screen}");
    assert!(screen.contains("due today"), "{screen}");
    insta::assert_snapshot!("open_follow_ups_80x24", screen);
}

#[test]
fn a_safeguarding_concern_is_closed_from_its_visit_with_what_came_of_it() {
    let mut h = Harness::signed_in_with(|store| {
        use staywell::domain::visit::{CareActCategory, Safeguarding};
        let kit = walk_in(store, Some("Kit"), at(19, 0));
        let mut u = store.visit(kit).unwrap().as_update();
        u.safeguarding = Safeguarding {
            categories: vec![CareActCategory::SelfNeglect],
            ..Default::default()
        };
        store.update_visit(kit, &u, 1, at(19, 5)).unwrap();
    });
    h.key(KeyCode::Enter);
    assert!(
        h.screen().contains("still open (S closes it)"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Char('S'));
    assert_eq!(intake_mode(&h), "close-safeguarding");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "close-safeguarding", "a line is needed");
    h.type_text("Duty social worker spoke to Kit");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    let screen = h.screen();
    assert!(
        screen.contains(&format!("by {LEAD}: Duty social worker spoke to Kit")),
        "{screen}"
    );
    // Nothing left to close.
    h.key(KeyCode::Char('S'));
    assert_eq!(intake_mode(&h), "visit");
    assert!(
        h.screen().contains("no open safeguarding concern"),
        "{}",
        h.screen()
    );
    h.app.quit_safely();
    let store = h.reopen_store();
    let c = store.safeguarding_closed(1).unwrap().unwrap();
    assert_eq!(
        (c.by, c.note.as_str()),
        (Some(1), "Duty social worker spoke to Kit")
    );
}

#[test]
fn ons4_on_leaving_is_entered_in_the_triage_form_and_shown_with_arrival() {
    use staywell::domain::ons4::Ons4;
    use staywell::ui::panes::intake::visit_form::ONS4_LEAVING;
    let mut h = Harness::signed_in_with(|store| {
        let id = walk_in(store, Some("Sam"), at(19, 0));
        let mut u = store.visit(id).unwrap().as_update();
        u.ons4 = Ons4 {
            life_satisfaction: Some(4),
            worthwhile: Some(5),
            happy: Some(3),
            anxious: Some(8),
        };
        store.update_visit(id, &u, 1, at(19, 5)).unwrap();
    });
    h.key(KeyCode::Char('e'));
    tab_to_field(&mut h, ONS4_LEAVING[0]);
    let screen = flat(&h.screen());
    assert!(screen.contains("▸ Leaving: Satisfaction"), "{screen}");
    // The harmonised wording, unchanged, with when it is asked.
    assert!(
        screen.contains(
            "ONS4 on leaving, where the service asks it. Overall, how satisfied are you with your life nowadays?"
        ),
        "{screen}"
    );
    h.type_text("12");
    h.ctrl('s');
    assert!(
        flat(&h.screen())
            .contains("On leaving: Life satisfaction is answered 0 to 10; 12 is outside that."),
        "{}",
        h.screen()
    );
    assert_eq!(intake_mode(&h), "edit", "nothing lost, still editing");
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.type_text("6");
    h.key(KeyCode::Tab);
    h.type_text("7");
    h.key(KeyCode::Tab);
    h.type_text("5");
    h.key(KeyCode::Tab);
    h.type_text("3");
    insta::assert_snapshot!("visit_form_ons4_leaving", h.screen());
    // Filling the blanks on leaving is progress: saved without asking why.
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    let screen = h.screen();
    let row = |label: &str| {
        screen
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{label}: {screen}"))
            .to_string()
    };
    assert!(row("ONS4 (arrival)").contains("life satisfaction 4/10"));
    assert!(row("ONS4 (leaving)").contains("life satisfaction 6/10"));
    let screen = flat(&screen);
    for answers in [
        "life satisfaction 4/10 · worthwhile 5/10 · happy yesterday 3/10 · anxious yesterday 8/10",
        "life satisfaction 6/10 · worthwhile 7/10 · happy yesterday 5/10 · anxious yesterday 3/10",
    ] {
        assert!(screen.contains(answers), "{answers}\n{screen}");
    }
    h.app.quit_safely();
    let v = h.reopen_store().visit(1).unwrap();
    assert_eq!(
        v.ons4_leaving,
        Ons4 {
            life_satisfaction: Some(6),
            worthwhile: Some(7),
            happy: Some(5),
            anxious: Some(3),
        }
    );
    assert_eq!(v.ons4.anxious, Some(8), "arrival unchanged");
    assert!(h.reopen_store().visit_history(1).unwrap().is_empty());
}

#[test]
fn changing_a_recorded_ons4_completion_signpost_or_safeguarding_value_asks_why_and_shows_it() {
    use staywell::domain::ons4::Ons4;
    use staywell::domain::swemwbs::{Completion, Swemwbs};
    use staywell::domain::visit::{CareActCategory, Safeguarding};
    use staywell::ui::panes::intake::visit_form::{
        ONS4_LEAVING, SG_CATEGORIES, SIGNPOSTS, SWEMWBS_COMPLETION,
    };
    let mut names = Vec::new();
    let mut h = Harness::signed_in_with(|store| {
        let id = walk_in(store, Some("Kit"), at(19, 0));
        let directory = store.directory().unwrap();
        names = directory.iter().map(|d| d.name.clone()).collect();
        let mut u = store.visit(id).unwrap().as_update();
        u.ons4_leaving = Ons4 {
            happy: Some(6),
            ..Ons4::default()
        };
        u.swemwbs = Some(Swemwbs::new([3, 3, 3, 3, 3, 3, 3]).unwrap());
        u.swemwbs_completion = Some(Completion::ByVisitor);
        u.signposts = vec![directory[0].id];
        u.safeguarding = Safeguarding {
            categories: vec![CareActCategory::Financial],
            referral_made: true,
            referred_to: "Adult social care".into(),
            // Seconds the form does not show: saving it again must not "correct" them.
            referred_at: Some(at(19, 10) + Duration::seconds(37)),
            ..Safeguarding::default()
        };
        store.update_visit(id, &u, 1, at(19, 10)).unwrap();
    });
    // Progress first: one more signpost ticked, the referral left as it is.
    h.key(KeyCode::Char('e'));
    tab_to_field(&mut h, SIGNPOSTS);
    h.key(KeyCode::Right);
    h.key(KeyCode::Char(' '));
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    assert!(h.reopen_store().visit_history(1).unwrap().is_empty());
    // Now recorded values changed: the leaving answer, how the SWEMWBS was completed, the
    // first signpost taken off, the financial-abuse category taken off.
    h.key(KeyCode::Char('e'));
    tab_to_field(&mut h, ONS4_LEAVING[2]);
    h.key(KeyCode::Backspace);
    h.type_text("7");
    tab_to_field(&mut h, SWEMWBS_COMPLETION);
    h.key(KeyCode::Right); // with help
    tab_to_field(&mut h, SIGNPOSTS);
    h.key(KeyCode::Char(' '));
    tab_to_field(&mut h, SG_CATEGORIES);
    let financial = CareActCategory::ALL
        .iter()
        .position(|c| *c == CareActCategory::Financial)
        .unwrap();
    for _ in 0..financial {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Char(' '));
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "edit-reason", "{}", h.screen());
    let screen = h.screen();
    assert!(
        screen.contains("Changes: ONS4 happy yesterday on leaving,")
            && screen.contains("SWEMWBS completed, signposted to, safeguarding")
            && screen.contains("│                           concern "),
        "{screen}"
    );
    h.type_text("asked the wrong visitor");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "{}", h.screen());
    let screen = flat(&h.screen());
    let by = format!("corrected 19:30 by {LEAD}:");
    for line in [
        format!("{by} ONS4 happy yesterday on leaving 6/10 → 7/10 (asked the wrong visitor)"),
        format!("{by} SWEMWBS completed By the visitor → With help (asked the wrong visitor)"),
        format!(
            "{by} safeguarding concern Financial or material abuse → (blank) (asked the wrong visitor)"
        ),
    ] {
        assert!(screen.contains(&line), "{line}\n{screen}");
    }
    h.app.quit_safely();
    let store = h.reopen_store();
    let history = store.visit_history(1).unwrap();
    assert_eq!(history.len(), 4, "{history:?}");
    let signposts = history
        .iter()
        .find(|c| c.change.field == staywell::domain::correction::CorrectedField::Signposts)
        .unwrap();
    assert_eq!(
        signposts.change.new.as_deref(),
        Some(names[1].as_str()),
        "the one ticked later stays"
    );
    let v = store.visit(1).unwrap();
    assert_eq!(v.ons4_leaving.happy, Some(7));
    assert_eq!(v.swemwbs_completion, Some(Completion::WithHelp));
    assert!(v.safeguarding.categories.is_empty());
    assert_eq!(
        v.safeguarding.referred_at,
        Some(at(19, 10) + Duration::seconds(37)),
        "the referral time kept to the second"
    );
}

#[test]
fn a_visit_left_open_by_an_earlier_shift_is_on_tonights_board_with_its_date_not_a_wait() {
    let mut h = Harness::signed_in_with(|store| {
        use chrono::TimeZone;
        // Saturday evening's visitor, never closed off.
        walk_in(
            store,
            Some("Ash"),
            chrono::Utc
                .with_ymd_and_hms(2026, 11, 21, 20, 0, 0)
                .unwrap(),
        );
        walk_in(store, Some("Kit"), at(19, 0));
    });
    let screen = h.screen();
    assert!(
        screen.contains("1 visit · 1 waiting · 1 still open from earlier shifts · 1 past target"),
        "{screen}"
    );
    let ash = screen.lines().find(|l| l.contains("Ash")).unwrap();
    assert!(ash.contains("21/11") && ash.contains("carried"), "{ash}");
    assert!(!ash.contains('!'), "not tonight's breach (Kit's is): {ash}");
    // First on the board: the lead who picks it up opens it and can close it.
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(&h), "visit");
    assert!(h.screen().contains("Visit — Ash"), "{}", h.screen());
    // While tonight's shift runs, x settles only what earlier shifts left open: Kit, here
    // tonight, is not offered.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('x'));
    assert_eq!(intake_mode(&h), "close-out", "{}", h.screen());
    let screen = h.screen();
    assert!(screen.contains("1 visit still open"), "{screen}");
    assert!(
        screen.contains("Ash") && !screen.contains(" Kit "),
        "{screen}"
    );
    h.key(KeyCode::Char('l'));
    assert_eq!(
        intake_mode(&h),
        "board",
        "nothing left to settle: {}",
        h.screen()
    );
    let screen = h.screen();
    assert!(!screen.contains("Ash"), "{screen}");
    assert!(!screen.contains("earlier shifts"), "{screen}");
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(store.visit(1).unwrap().status, VisitStatus::LeftUnseen);
}

#[test]
fn a_signpost_to_an_entry_retired_since_is_kept_when_the_form_is_saved() {
    use staywell::ui::panes::intake::visit_form::DISTRESS_ARRIVAL;
    let mut kept = Vec::new();
    let mut h = Harness::signed_in_with(|store| {
        let id = walk_in(store, Some("Kit"), at(19, 0));
        let directory = store.directory().unwrap();
        let mut u = store.visit(id).unwrap().as_update();
        u.signposts = vec![directory[0].id, directory[1].id];
        store.update_visit(id, &u, 1, at(19, 5)).unwrap();
        kept = store.visit(id).unwrap().signposts;
        // Retired afterwards: no longer offered, so the form cannot show it ticked.
        store
            .set_directory_entry_active(directory[0].id, false, 1, at(19, 6))
            .unwrap();
    });
    h.key(KeyCode::Char('e'));
    tab_to_field(&mut h, DISTRESS_ARRIVAL);
    h.type_text("6");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "visit", "no reason asked: {}", h.screen());
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(store.visit(1).unwrap().signposts, kept);
    assert!(store.visit_history(1).unwrap().is_empty());
}

#[test]
fn a_visit_added_by_another_process_appears_on_the_board_within_a_second() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    assert!(h.screen().contains(&board_count_text(1)), "{}", h.screen());
    // Another connection (another terminal, a script) commits a visit.
    let mut other = h.reopen_store();
    walk_in(&mut other, Some("Ola"), at(19, 20));
    other.close().unwrap();
    h.clock.advance(chrono::Duration::seconds(1));
    h.app.tick();
    let screen = h.screen();
    assert!(screen.contains("Ola"), "{screen}");
    assert!(screen.contains(&board_count_text(2)), "{screen}");
    // A form open in front is never reloaded under the lead: the board follows once it closes.
    h.key(KeyCode::Char('n'));
    let mut other = h.reopen_store();
    walk_in(&mut other, Some("Pip"), at(19, 25));
    other.close().unwrap();
    h.clock.advance(chrono::Duration::seconds(1));
    h.app.tick();
    assert_eq!(intake_mode(&h), "quick-add");
    h.key(KeyCode::Esc);
    h.app.tick();
    assert!(h.screen().contains("Pip"), "{}", h.screen());
}

fn board_count_text(n: usize) -> String {
    format!(
        " {} ·",
        staywell::domain::plural::count(n, "visit", "visits")
    )
}

#[test]
fn a_long_paste_into_a_choice_is_refused_and_never_picks_an_option_by_chance() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Char('e'));
    assert_eq!(intake_mode(&h), "edit");
    h.key(KeyCode::Tab); // the triage code, a choice
    h.paste("Referral from Dr Patel. Sam has been low since October; no plan to act.");
    let screen = h.screen();
    assert!(screen.contains("is a choice, not a text field"), "{screen}");
    assert!(screen.contains("— to triage —"), "nothing chosen: {screen}");
    // A letter pasted still picks, as typing it would.
    h.paste("B");
    assert!(!h.screen().contains("— to triage —"), "{}", h.screen());
}

#[test]
fn s_moves_a_visit_on_one_step_and_asks_for_the_worker_going_to_with_worker() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Char('s'));
    // Waiting → with worker: Kit has no worker yet, so the assignment form asks which.
    assert_eq!(
        h.app.current_pane(),
        Some(staywell::ui::panes::PaneId::Peers),
        "{}",
        h.screen()
    );
    let store = h.reopen_store();
    assert_eq!(store.visit(1).unwrap().status, VisitStatus::WithWorker);
    store.close().unwrap();
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Char('s'));
    let screen = h.screen();
    assert!(screen.contains("Left"), "{screen}");
    h.key(KeyCode::Char('s'));
    assert!(
        h.screen()
            .contains("Kit's visit has ended (left): nothing to move on."),
        "{}",
        h.screen()
    );
    h.app.quit_safely();
    let store = h.reopen_store();
    let v = store.visit(1).unwrap();
    assert_eq!(v.status, VisitStatus::Left);
    assert!(
        v.seen_at.is_some() && v.left_at.is_some(),
        "seen and left times set"
    );
    assert!(
        store.visit_history(1).unwrap().is_empty(),
        "progress, not a correction"
    );
}

#[test]
fn two_visitors_of_the_same_name_are_told_apart_by_number_on_the_board_and_in_the_finder() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Sam"), at(19, 0));
        walk_in(store, Some("Sam"), at(19, 5));
        walk_in(store, Some("Kit"), at(19, 10));
    });
    let screen = h.screen();
    assert!(
        screen.contains("Sam #1") && screen.contains("Sam #2"),
        "{screen}"
    );
    assert!(
        !screen.contains("Kit #"),
        "a name of its own needs no number: {screen}"
    );
    h.ctrl('f');
    h.type_text("sam");
    let screen = h.screen();
    assert!(screen.contains("Sam #1 · last here"), "{screen}");
    assert!(screen.contains("Sam #2 · last here"), "{screen}");
}

#[test]
fn the_triage_form_jumps_between_its_parts_and_says_which_part_it_is_in() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Char('e'));
    assert!(h.screen().contains("· Triage (1 of 4)"), "{}", h.screen());
    h.ctrl('n');
    assert!(
        h.screen().contains("· Wellbeing (2 of 4)"),
        "{}",
        h.screen()
    );
    h.ctrl('n');
    assert!(h.screen().contains("· Outcome (3 of 4)"), "{}", h.screen());
    h.ctrl('n');
    let screen = h.screen();
    assert!(screen.contains("· Safeguarding (4 of 4)"), "{screen}");
    assert!(
        screen.contains("▸ Safeguarding concern"),
        "the cursor on its first field: {screen}"
    );
    // Round again, and back.
    h.ctrl('n');
    assert!(h.screen().contains("· Triage (1 of 4)"));
    h.ctrl('p');
    assert!(h.screen().contains("· Safeguarding (4 of 4)"));
    // Tab across a part's edge moves the title with it.
    h.ctrl('p');
    h.ctrl('p');
    h.shift_tab();
    assert!(h.screen().contains("· Triage (1 of 4)"), "{}", h.screen());
    insta::assert_snapshot!("visit_form_safeguarding_part", {
        h.ctrl('p');
        h.screen()
    });
}

/// The screen as a terminal shows it: a wide cluster's symbol, then not the cell it covers.
fn drawn(h: &mut Harness) -> String {
    use unicode_width::UnicodeWidthStr;
    h.screen();
    let buffer = h.terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            x += symbol.width().max(1) as u16;
        }
        out.push('\n');
    }
    out
}

#[test]
fn an_emoji_family_name_is_typed_drawn_and_left_on_the_board_whole() {
    let family = "👨\u{200d}👩\u{200d}👧";
    let flag = "🇺🇦";
    let mut h = Harness::signed_in_with(|_| {});
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text(&format!("{family} Rene\u{301}x {flag}"));
    // Backspace takes the flag whole (two regional indicators), then the space; Left steps
    // over "x"; Backspace there takes "é" whole (e and its combining accent).
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Left);
    h.key(KeyCode::Backspace);
    let screen = drawn(&mut h);
    assert!(
        screen.contains(&format!("{family} Renx")),
        "the form shows the name whole:\n{screen}"
    );
    h.key(KeyCode::Tab);
    h.type_text("Came with the children");
    h.ctrl('s');
    assert_eq!(intake_mode(&h), "board", "{}", h.screen());
    let screen = drawn(&mut h);
    assert!(
        screen.contains(&format!("│{family} Renx "))
            || screen.contains(&format!(" {family} Renx ")),
        "{screen}"
    );
    assert_eq!(
        screen.matches(family).count(),
        1,
        "once on the board, nothing left of the closed form:\n{screen}"
    );
    for piece in ['👨', '👩', '👧', '\u{200d}', '\u{301}', '🇺', '🇦'] {
        let n = screen.matches(piece).count();
        let expected = family.matches(piece).count();
        assert_eq!(n, expected, "{piece:?} drawn {n} times:\n{screen}");
    }
    h.app.quit_safely();
    let store = h.reopen_store();
    assert_eq!(
        store.visit(1).unwrap().display_name.as_deref(),
        Some(format!("{family} Renx").as_str())
    );
}

#[test]
fn the_signposting_checkboxes_narrow_as_the_lead_types_and_keep_every_tick() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.terminal.backend_mut().resize(80, 24);
    h.key(KeyCode::Char('e'));
    h.ctrl('n');
    h.ctrl('n');
    for _ in 0..20 {
        if h.screen().contains("▸ Signposted to") {
            break;
        }
        h.key(KeyCode::Tab);
    }
    assert!(h.screen().contains("▸ Signposted to"), "{}", h.screen());
    // The first service, ticked before any filter.
    h.key(KeyCode::Char(' '));
    assert!(h.screen().contains("[x] NHS 111"), "{}", h.screen());
    h.type_text("lgbt");
    let screen = h.screen();
    assert!(
        screen.contains("2 of 21 match 'lgbt' · 1 more ticked"),
        "{screen}"
    );
    assert!(screen.contains("[ ] Galop LGBT+"), "{screen}");
    assert!(!screen.contains("NHS 111"), "{screen}");
    insta::assert_snapshot!("visit_form_signposting_filtered", screen);
    // → to the second on show, ticked; a click on the first ticks it too.
    h.key(KeyCode::Right);
    h.key(KeyCode::Char(' '));
    assert!(h.screen().contains("[x] Switchboard"), "{}", h.screen());
    let (x, y) = h.find_on_screen("[ ] Galop").unwrap();
    h.click(x, y);
    assert!(h.screen().contains("[x] Galop"), "{}", h.screen());
    // Backspace widens, Esc clears the filter and the form stays open, every tick kept.
    h.key(KeyCode::Backspace);
    assert!(h.screen().contains("match 'lgb'"), "{}", h.screen());
    h.key(KeyCode::Esc);
    let screen = h.screen();
    assert_eq!(h.app.intake().unwrap().mode_name(), "edit");
    assert!(!screen.contains(" match '"), "{screen}");
    assert!(screen.contains("[x] NHS 111"), "{screen}");
    h.ctrl('s');
    let store = h.reopen_store();
    let names: Vec<String> = store
        .directory()
        .unwrap()
        .into_iter()
        .filter(|d| store.visit(1).unwrap().signposts.contains(&d.id))
        .map(|d| d.name)
        .collect();
    assert_eq!(
        names,
        [
            "NHS 111, the mental health option",
            "Galop LGBT+ Domestic Abuse Helpline",
            "Switchboard LGBT+ helpline"
        ]
    );
}

#[test]
fn the_board_pages_with_pgdn_pgup_home_g_and_end_g() {
    let mut h = Harness::signed_in_with(|store| {
        for i in 0..15 {
            walk_in(store, Some(&format!("Visitor {i:02}")), at(17, 2 * i));
        }
    });
    let selected = |h: &Harness| {
        h.app
            .intake()
            .unwrap()
            .selected_row()
            .map(|r| r.label())
            .unwrap_or_default()
    };
    let names: Vec<String> = h
        .app
        .intake()
        .unwrap()
        .rows()
        .iter()
        .map(|r| r.label())
        .collect();
    assert_eq!(selected(&h), names[0]);
    h.key(KeyCode::PageDown);
    assert_eq!(selected(&h), names[10]);
    h.key(KeyCode::End);
    assert_eq!(selected(&h), names[14]);
    h.key(KeyCode::PageUp);
    assert_eq!(selected(&h), names[4]);
    h.key(KeyCode::Char('g'));
    assert_eq!(selected(&h), names[0]);
    h.key(KeyCode::Char('G'));
    assert_eq!(selected(&h), names[14]);
    h.key(KeyCode::Home);
    assert_eq!(selected(&h), names[0]);
}

#[test]
fn past_visits_page_to_the_end_fetching_what_is_not_loaded_yet() {
    use staywell::store::visits::{NewVisit, PersonRef};
    let mut h = Harness::signed_in_with(|store| {
        let first = walk_in(store, Some("Kit"), at(18, 0));
        let kit = store.visit(first).unwrap().person_id;
        for back in 1..60 {
            store
                .add_visit(
                    &NewVisit {
                        person: PersonRef::Existing(kit),
                        arrived_at: at(18, 0) - Duration::days(back),
                        contact_mode: ContactMode::WalkIn,
                        referral_source_id: Some(2),
                        presenting_need: "needs to talk".into(),
                    },
                    1,
                    now(),
                )
                .unwrap();
        }
    });
    h.key(KeyCode::Char('p'));
    assert_eq!(h.app.intake().unwrap().mode_name(), "person");
    let selected = |h: &mut Harness| {
        h.screen()
            .lines()
            .find(|l| l.contains('▸'))
            .unwrap_or_default()
            .to_string()
    };
    assert!(selected(&mut h).contains("22/11/2026"), "{}", h.screen());
    h.key(KeyCode::PageDown);
    assert!(selected(&mut h).contains("12/11/2026"), "{}", h.screen());
    // End: the last of the first page, which fetches the rest; End again: the oldest.
    h.key(KeyCode::End);
    h.key(KeyCode::End);
    let oldest = (at(18, 0) - Duration::days(59))
        .format("%d/%m/%Y")
        .to_string();
    assert!(selected(&mut h).contains(&oldest), "{}", h.screen());
    h.key(KeyCode::Char('g'));
    assert!(selected(&mut h).contains("22/11/2026"), "{}", h.screen());
}

#[test]
fn a_visit_key_with_nothing_to_choose_says_so_instead_of_doing_nothing() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Kit"), at(19, 0));
    });
    h.key(KeyCode::Enter);
    assert_eq!(intake_mode(&h), "visit");
    for (key, words) in [
        ('d', "no open follow-up to close"),
        ('D', "no follow-up marked done to reopen"),
        ('I', "no incident to correct"),
    ] {
        h.key(KeyCode::Char(key));
        assert_eq!(intake_mode(&h), "visit", "{key} stays on the visit");
        assert!(h.screen().contains(words), "{key}: {}", h.screen());
    }
}
