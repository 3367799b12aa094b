//! Peers in the app: headless key flows and snapshots (TestBackend, fixed clock: Sunday 22
//! November 2026 19:30 London, inside tonight's 15:00-22:30 shift).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{NaiveDate, NaiveTime};
use common::harness::Harness;
use common::*;
use crossterm::event::KeyCode;
use staywell::domain::peers::*;
use staywell::store::Store;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}
fn slot(weekday: u8, starts: NaiveTime, ends: NaiveTime) -> Slot {
    Slot {
        weekday,
        starts,
        ends,
    }
}
const SUNDAY: u8 = 6;

fn profile(name: &str, languages: &[&str], lived: &[&str]) -> WorkerProfile {
    WorkerProfile {
        name: name.into(),
        employment: Employment::Volunteer,
        lived_experience: lived.iter().map(|s| s.to_string()).collect(),
        languages: languages.iter().map(|s| s.to_string()).collect(),
        dbs_checked_on: Some(d(2025, 6, 1)),
        training: "Peer support induction".into(),
        caseload_cap: None,
    }
}

fn assign(store: &mut Store, person_id: i64, worker_id: i64, visit_id: Option<i64>) -> i64 {
    let shift = tonight();
    store
        .assign(
            &NewAssignment {
                person_id,
                worker_id,
                visit_id,
                started_on: d(2026, 11, 1),
                sessions_planned: 6,
                override_reason: None,
            },
            &shift,
            1,
            now(),
        )
        .unwrap()
}

/// Three workers on tonight (one full), one off tonight with a DBS renewal due, one who left;
/// visitors Kit (here, with Ash), Bea (here) and Priya (not here, with Ash).
fn team(store: &mut Store) {
    let sky = store
        .save_worker(
            None,
            &profile(
                "Sky Sample",
                &["English", "Polish"],
                &["bereavement", "self-harm"],
            ),
            &[
                slot(SUNDAY, t(15, 0), t(22, 30)),
                slot(0, t(17, 0), t(22, 30)),
            ],
            1,
            now(),
        )
        .unwrap();
    let mut ash = profile("Ash Example", &["English"], &["anxiety"]);
    ash.employment = Employment::Paid;
    ash.caseload_cap = Some(2);
    let ash = store
        .save_worker(None, &ash, &[slot(SUNDAY, t(18, 0), t(23, 0))], 1, now())
        .unwrap();
    let mut bo = profile("Bo Specimen", &["English", "Urdu"], &["psychosis"]);
    bo.dbs_checked_on = Some(d(2022, 3, 1));
    store
        .save_worker(None, &bo, &[slot(0, t(17, 0), t(22, 30))], 1, now())
        .unwrap();
    let dee = store
        .save_worker(
            None,
            &profile("Dee Placeholder", &["English", "BSL"], &["trauma"]),
            &[],
            1,
            now(),
        )
        .unwrap();
    store
        .add_exception(
            dee,
            &AvailabilityException {
                kind: ExceptionKind::Extra,
                from: d(2026, 11, 22),
                to: d(2026, 11, 22),
                times: Some((t(19, 0), t(22, 0))),
            },
            1,
            now(),
        )
        .unwrap();
    let cy = store
        .save_worker(
            None,
            &profile("Cy Madeup", &["English"], &[]),
            &[],
            1,
            now(),
        )
        .unwrap();
    store.deactivate_worker(cy, 1, now()).unwrap();
    store
        .add_supervision(
            sky,
            &Supervision {
                held_on: d(2026, 11, 12),
                supervisor: "Casey Specimen".into(),
                kind: SupervisionKind::OneToOne,
            },
            1,
            now(),
        )
        .unwrap();
    let kit_visit = walk_in(store, Some("Kit"), at(18, 5));
    let kit = store.visit(kit_visit).unwrap().person_id;
    walk_in(store, Some("Bea"), at(19, 10));
    let priya = {
        use staywell::domain::person::PersonDetails;
        store
            .add_person(
                &PersonDetails {
                    display_name: Some("Priya".into()),
                    ..Default::default()
                },
                1,
                now(),
            )
            .unwrap()
    };
    assign(store, kit, ash, Some(kit_visit));
    assign(store, priya, ash, None);
}

fn peers_mode(h: &Harness) -> &'static str {
    h.app.peers().unwrap().mode_name()
}

/// The screen's words in reading order, borders dropped and spacing collapsed, so a message
/// wrapped over two rows still reads as one.
fn flat(text: &str) -> String {
    text.chars()
        .map(|c| {
            if "│┌┐└┘─".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn screen_has(h: &mut Harness, text: &str) {
    let screen = h.screen();
    assert!(
        flat(&screen).contains(&flat(text)),
        "expected {text:?} on:\n{screen}"
    );
}

fn bea_visit(h: &mut Harness) {
    // Kit arrived first; Bea is second on the board.
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    screen_has(h, "Visit — Bea");
}

#[test]
fn snapshots_of_on_tonight_the_roster_a_worker_and_the_assignment_form() {
    let mut h = Harness::signed_in_with(team);
    h.key(KeyCode::Char('3'));
    assert_eq!(peers_mode(&h), "tonight");
    insta::assert_snapshot!("on_tonight", h.screen());
    h.key(KeyCode::Char('r'));
    assert_eq!(peers_mode(&h), "roster");
    insta::assert_snapshot!("roster", h.screen());
    // Sky Sample is fourth on the roster.
    for _ in 0..3 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    assert_eq!(peers_mode(&h), "worker");
    insta::assert_snapshot!("worker", h.screen());

    bea_visit(&mut h);
    h.key(KeyCode::Char('w'));
    assert_eq!(
        h.app.current_pane(),
        Some(staywell::ui::panes::PaneId::Peers)
    );
    assert_eq!(peers_mode(&h), "assign");
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.type_text("polish");
    h.key(KeyCode::Tab);
    h.type_text("Bereavement");
    h.key(KeyCode::Tab); // moving off the needs re-ranks the candidates
    insta::assert_snapshot!("assignment_form", h.screen());
    h.terminal.backend_mut().resize(80, 24);
    insta::assert_snapshot!("assignment_form_80x24", h.screen());
}

/// At 80×24 a worker's long training and lived experience (each wider than its row) go on
/// under themselves: every word is on the page, the rows under them still show, and so do the
/// assignments.
#[test]
fn at_80_columns_a_workers_long_profile_wraps_and_nothing_is_cut() {
    let training = "Peer support induction 2024; safeguarding adults level 2; suicide \
                    prevention (Zero Suicide Alliance); mental health first aid; lone working";
    let mut h = Harness::signed_in_with(|store| {
        let mut p = profile(
            "Sky Sample",
            &["English"],
            &[
                "bereavement",
                "self-harm",
                "psychosis",
                "hearing voices",
                "recovery through running",
            ],
        );
        p.training = training.into();
        store.save_worker(None, &p, &[], 1, now()).unwrap();
    });
    h.terminal.backend_mut().resize(80, 24);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('r'));
    h.key(KeyCode::Enter);
    assert_eq!(peers_mode(&h), "worker");
    let screen = h.screen();
    insta::assert_snapshot!("worker_long_profile_80x24", screen);
    let text: String = screen
        .lines()
        .map(|r| r.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains(training),
        "the training is all there:\n{screen}"
    );
    assert!(
        text.contains(
            "bereavement, self-harm, psychosis, hearing voices, recovery through running"
        ),
        "{screen}"
    );
    for row in ["│Weekly", "Supervision", "Assignments (0)"] {
        assert!(screen.contains(row), "{row} still shows:\n{screen}");
    }
}

#[test]
fn add_a_worker_with_availability_and_see_them_on_tonight() {
    let mut h = Harness::signed_in_with(|_| {});
    h.key(KeyCode::Char('3'));
    screen_has(&mut h, "Nobody is on in this shift.");
    h.key(KeyCode::Char('n'));
    assert_eq!(peers_mode(&h), "worker-form");
    h.type_text("Zoë Sample");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Left); // Volunteer → Paid
    h.key(KeyCode::Tab);
    h.type_text("bereavement, self-harm");
    h.key(KeyCode::Tab);
    h.type_text("English, Polish");
    h.key(KeyCode::Tab);
    h.type_text("01/06/2025");
    h.key(KeyCode::Tab);
    h.type_text("Peer support induction");
    h.key(KeyCode::Tab);
    h.type_text("3");
    h.key(KeyCode::Tab);
    h.enter_line("Sun 15:00-22:30");
    h.type_text("Mon-Fri 17:00-22:30");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "worker");
    screen_has(&mut h, "Saved 19:30:00");
    screen_has(&mut h, "Peer worker — Zoë Sample");
    screen_has(&mut h, "Mon–Fri 17:00–22:30 · Sun 15:00–22:30");
    h.key(KeyCode::Esc);
    assert_eq!(peers_mode(&h), "tonight");
    let screen = h.screen();
    assert!(
        screen.contains("Zoë Sample")
            && screen.contains("15:00–22:30")
            && screen.contains("0 of 3 visitors"),
        "{screen}"
    );
    h.app.quit_safely();
    let store = h.reopen_store();
    let w = store.worker(1).unwrap();
    assert_eq!(w.profile.employment, Employment::Paid);
    assert_eq!(w.profile.languages, ["English", "Polish"]);
    assert_eq!(w.profile.lived_experience, ["bereavement", "self-harm"]);
    assert_eq!(w.profile.dbs_checked_on, Some(d(2025, 6, 1)));
    assert_eq!(w.profile.caseload_cap, Some(3));
    let slots = store.availability(1).unwrap();
    assert_eq!(slots.len(), 6);
    assert_eq!(slots[5], slot(SUNDAY, t(15, 0), t(22, 30)));
}

#[test]
fn bad_slots_are_refused_line_by_line_and_nothing_typed_is_lost() {
    let mut h = Harness::signed_in_with(|_| {});
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('n'));
    h.type_text("Sky Sample");
    for _ in 0..7 {
        h.key(KeyCode::Tab);
    }
    h.enter_line("Mon 17:00-22:30");
    h.enter_line("Mnday 17:00-20:00");
    h.type_text("Tue 18:00");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "worker-form");
    screen_has(
        &mut h,
        "Line 2 \"Mnday 17:00-20:00\": \"mnday\" is not a day",
    );
    screen_has(
        &mut h,
        "Line 3 \"Tue 18:00\": give the hours as hh:mm-hh:mm",
    );
    screen_has(&mut h, "Sky Sample");
    screen_has(&mut h, "Mon 17:00-22:30");
    // Lines 2 and 3 out; an overlapping slot in.
    for _ in 0.."Tue 18:00\nMnday 17:00-20:00\n".chars().count() {
        h.key(KeyCode::Backspace);
    }
    h.key(KeyCode::Enter);
    h.type_text("Mon 20:00-23:00");
    h.ctrl('s');
    screen_has(&mut h, "Monday 17:00–22:30 overlaps Monday 20:00–23:00.");
    for _ in 0.."23:00".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("20:00");
    h.ctrl('s');
    screen_has(&mut h, "it starts and ends at 20:00");
    assert_eq!(peers_mode(&h), "worker-form");
    for _ in 0.."Mon 20:00-20:00".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("Fri 20:00-02:00");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "worker", "{:?}", h.app.message());
    h.app.quit_safely();
    let slots = h.reopen_store().availability(1).unwrap();
    assert_eq!(
        slots,
        [slot(0, t(17, 0), t(22, 30)), slot(4, t(20, 0), t(2, 0))],
        "the overnight slot is kept as typed"
    );
}

#[test]
fn a_run_of_typed_keys_in_the_worker_form_is_the_keys_one_by_one() {
    let open = || {
        let mut h = Harness::signed_in_with(|_| {});
        h.key(KeyCode::Char('3'));
        h.key(KeyCode::Char('n'));
        h
    };
    let mut one_by_one = open();
    let mut at_once = open();
    // The name (a one-line field: a run without line breaks), then the week's slots.
    one_by_one.type_text("Sky Sample");
    at_once.app.handle_text("Sky Sample");
    assert_eq!(at_once.screen(), one_by_one.screen());
    for h in [&mut one_by_one, &mut at_once] {
        for _ in 0..7 {
            h.key(KeyCode::Tab);
        }
    }
    let slots = "Mon 17:00-22:30\nFri 20:00-02:00";
    for c in slots.chars() {
        one_by_one.key(if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        });
    }
    at_once.app.handle_text(slots);
    assert_eq!(at_once.screen(), one_by_one.screen());
    at_once.ctrl('s');
    assert_eq!(
        peers_mode(&at_once),
        "worker",
        "{:?}",
        at_once.app.message()
    );
    at_once.app.quit_safely();
    assert_eq!(
        at_once.reopen_store().availability(1).unwrap(),
        [slot(0, t(17, 0), t(22, 30)), slot(4, t(20, 0), t(2, 0))]
    );
}

#[test]
fn a_duplicate_worker_is_refused_in_the_form() {
    let mut h = Harness::signed_in_with(team);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('n'));
    h.type_text("  sky   SAMPLE ");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("bereavement");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "worker-form");
    let screen = h.screen();
    assert!(
        screen.contains("There is already a peer worker called Sky Sample."),
        "{screen}"
    );
    assert!(screen.contains("bereavement"), "what was typed stays");
    // A worker who left is named as such.
    for _ in 0..15 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("cy madeup");
    h.ctrl('s');
    screen_has(&mut h, "(inactive: reactivate them instead)");
    assert_eq!(
        h.reopen_store()
            .roster(None, 20, d(2026, 11, 22))
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn assign_from_an_intake_visit_then_log_a_session() {
    let mut h = Harness::signed_in_with(team);
    bea_visit(&mut h);
    h.key(KeyCode::Char('w'));
    assert_eq!(peers_mode(&h), "assign");
    let subject = h.app.peers().unwrap().assign_subject().unwrap();
    assert_eq!(
        (subject.person_label.as_str(), subject.visit_id),
        ("Bea", Some(2))
    );
    screen_has(
        &mut h,
        "Dee Placeholder        on now to 22:00 (extra) · 0 of 5 visitors",
    );
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment", "{:?}", h.app.message());
    screen_has(&mut h, "Assignment — Bea with Dee Placeholder");
    screen_has(&mut h, "Saved 19:30:00");
    screen_has(&mut h, "0 of 12 sessions planned");

    h.key(KeyCode::Char('l'));
    assert_eq!(peers_mode(&h), "session");
    h.key(KeyCode::Tab);
    h.type_text("45");
    h.key(KeyCode::Tab);
    h.type_text("Talked through the week; a walk planned");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment", "{:?}", h.app.message());
    screen_has(&mut h, "Session log (1)");
    screen_has(
        &mut h,
        "Sun 22 Nov 2026 · 45 min · Talked through the week; a walk planned",
    );
    screen_has(&mut h, "1 of 12 sessions planned · 45 minutes");

    // The Intake board shows the worker beside Bea.
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Esc);
    screen_has(&mut h, "Bea to triage Waiting Dee Plac…");
    h.app.quit_safely();
    let store = h.reopen_store();
    let a = store
        .assignments_for_person(subject_person(&store))
        .unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].worker_name, "Dee Placeholder");
    assert_eq!(a[0].visit_id, Some(2));
    assert_eq!(a[0].started_on, d(2026, 11, 22));
    assert_eq!(
        (a[0].sessions_planned, a[0].sessions_used, a[0].minutes_used),
        (12, 1, 45)
    );
    assert_eq!(a[0].override_reason, "");
    let s = store.sessions(a[0].id).unwrap();
    assert_eq!(s[0].note, "Talked through the week; a walk planned");
}

fn subject_person(store: &Store) -> i64 {
    store.visit(2).unwrap().person_id
}

#[test]
fn over_cap_is_refused_with_the_reason_then_overridden_with_a_recorded_reason() {
    let mut h = Harness::signed_in_with(team);
    bea_visit(&mut h);
    h.key(KeyCode::Char('w'));
    h.type_text("ASH"); // narrows the workers to those holding "ash": Ash Example, full
    screen_has(&mut h, "Suggested peer workers (1 of 4 match 'ASH')");
    screen_has(
        &mut h,
        "▸ 3. Ash Example            on now to 22:30 · 2 of 2 visitors (full)",
    );
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assign");
    screen_has(
        &mut h,
        "Refused: Ash Example already has 2 of 2 visitors (their cap). To go ahead anyway, \
         give a reason for the override.",
    );
    h.type_text("Bea knows Ash; agreed with the clinical lead");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment", "{:?}", h.app.message());
    screen_has(
        &mut h,
        "assigned despite a refusal: Bea knows Ash; agreed with the clinical lead",
    );
    h.app.quit_safely();
    let store = h.reopen_store();
    let a = &store
        .assignments_for_person(subject_person(&store))
        .unwrap()[0];
    assert_eq!(a.worker_name, "Ash Example");
    assert_eq!(
        a.override_reason,
        "Bea knows Ash; agreed with the clinical lead"
    );
    let actions: Vec<String> = store
        .audit_entries_for(staywell::domain::audit::RecordKind::Assignment, a.id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"override".to_string()), "{actions:?}");
}

#[test]
fn planning_past_the_limit_and_bad_session_input_are_refused_in_the_form() {
    let mut h = Harness::signed_in_with(team);
    bea_visit(&mut h);
    h.key(KeyCode::Char('w'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.type_text("13");
    h.ctrl('s');
    screen_has(
        &mut h,
        "13 sessions planned is over the limit of 12 per visitor.",
    );
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.type_text("1");
    h.key(KeyCode::Tab);
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment");

    h.key(KeyCode::Char('l'));
    h.key(KeyCode::Tab);
    h.type_text("0");
    h.key(KeyCode::Tab);
    h.type_text("Keep this note");
    h.ctrl('s');
    screen_has(
        &mut h,
        "A session lasts 1 to 240 minutes; 0 is outside that.",
    );
    h.key(KeyCode::Backspace);
    h.type_text("241");
    h.ctrl('s');
    screen_has(&mut h, "241 is outside that.");
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.type_text("50");
    h.key(KeyCode::BackTab);
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("21/11/2026");
    h.ctrl('s');
    screen_has(
        &mut h,
        "The session (21 November 2026) is before the assignment started (22 November 2026).",
    );
    screen_has(&mut h, "Keep this note");
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("22/11/2026");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment", "{}", h.screen());

    // One session was planned: the second needs a reason, said before anything is typed.
    h.key(KeyCode::Char('l'));
    h.key(KeyCode::Tab);
    h.type_text("30");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    screen_has(
        &mut h,
        "Needed: This would be session 2, and 1 were planned.",
    );
    h.ctrl('s');
    screen_has(
        &mut h,
        "Refused: This would be session 2, and 1 were planned. The visitor has a session on",
    );
    h.type_text("Crisis this week; one more agreed");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment", "{:?}", h.app.message());
    screen_has(&mut h, "override: Crisis this week; one more agreed");
}

#[test]
fn ending_an_assignment_checks_its_dates_and_needs_a_reason() {
    let mut h = Harness::signed_in_with(team);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Enter); // Ash Example, first on tonight
    assert_eq!(h.app.peers().unwrap().worker_id(), Some(2));
    h.key(KeyCode::Enter); // the newest assignment: Priya
    screen_has(&mut h, "Assignment — Priya with Ash Example");
    h.key(KeyCode::Char('x'));
    assert_eq!(peers_mode(&h), "end");
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("31/10/2026");
    h.ctrl('s');
    screen_has(
        &mut h,
        "An assignment cannot end (31 October 2026) before it started (1 November 2026).",
    );
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("20/11/2026");
    h.ctrl('s');
    screen_has(&mut h, "Reason for ending cannot be empty.");
    h.type_text("Sessions completed");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment", "{:?}", h.app.message());
    screen_has(&mut h, "ended 20 November 2026: Sessions completed");
    h.key(KeyCode::Esc);
    screen_has(&mut h, "1 of 2 visitors · their cap");
    h.key(KeyCode::Esc);
    screen_has(
        &mut h,
        "Ash Example ! on now to 22:30 18:00–22:30 1 of 2 visitors Kit",
    );
}

#[test]
fn time_off_supervision_and_deactivating() {
    let mut h = Harness::signed_in_with(team);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    screen_has(&mut h, "Peer worker — Sky Sample");
    h.key(KeyCode::Char('o'));
    assert_eq!(peers_mode(&h), "exception");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("01/11/2026");
    h.ctrl('s');
    screen_has(
        &mut h,
        "The leave ends (1 November 2026) before it starts (22 November 2026).",
    );
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("24/11/2026");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "worker", "{:?}", h.app.message());
    screen_has(&mut h, "Leave 22–24 Nov 2026");

    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Tab);
    h.type_text("Jordan Sample");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // One-to-one → Group
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "worker", "{:?}", h.app.message());
    screen_has(&mut h, "22 Nov 2026 · Group · Jordan Sample");
    screen_has(&mut h, "12 Nov 2026 · One-to-one · Casey Specimen");

    // On leave tonight: shown as off, in words, below those on now.
    h.key(KeyCode::Esc);
    let screen = h.screen();
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Sky Sample") && l.contains("off tonight: on leave")),
        "{screen}"
    );
    assert!(
        screen.contains("2 on now · 1 off tonight · 1 full"),
        "{screen}"
    );

    // Deactivating asks first, and refuses someone with visitors.
    h.key(KeyCode::Char('r'));
    h.key(KeyCode::Char('x'));
    assert_eq!(peers_mode(&h), "confirm");
    screen_has(&mut h, "Deactivate Ash Example?");
    h.key(KeyCode::Char('y'));
    assert_eq!(
        h.app.message().as_deref(),
        Some("Ash Example still has 2 active visitors; end or hand over those assignments first.")
    );
    h.key(KeyCode::Down);
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Char('n'));
    assert_eq!(peers_mode(&h), "roster", "any other key keeps them");
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Char('y'));
    assert!(h.app.message().unwrap().starts_with("Saved"));
    screen_has(&mut h, "Bo Specimen");
    assert!(!h.reopen_store().worker(3).unwrap().active);
    let last = h
        .app
        .peers()
        .unwrap()
        .roster()
        .rows
        .last()
        .unwrap()
        .worker
        .clone();
    assert!(!last.active, "workers who left sink to the bottom");
}

#[test]
fn assign_from_peers_by_finding_the_visitor_and_filter_the_roster() {
    let mut h = Harness::signed_in_with(team);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Down);
    h.key(KeyCode::Down); // Sky Sample
    h.key(KeyCode::Char('a'));
    assert_eq!(peers_mode(&h), "pick-visitor");
    screen_has(&mut h, "Assign a peer worker: which visitor?");
    h.type_text("bea");
    h.key(KeyCode::Enter);
    assert_eq!(peers_mode(&h), "assign");
    screen_has(&mut h, "Bea · from visit #2 · no other peer worker");
    screen_has(&mut h, "◂ Sky Sample ▸");
    h.key(KeyCode::Esc);
    assert_eq!(
        peers_mode(&h),
        "tonight",
        "cancelled from Peers: back to the board"
    );

    h.key(KeyCode::Char('r'));
    h.key(KeyCode::Char('/'));
    h.type_text("urdu");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("Bo Specimen") && !screen.contains("Sky Sample"),
        "{screen}"
    );
    h.key(KeyCode::Esc);
    screen_has(&mut h, "Sky Sample");
}

#[test]
fn cancelling_an_assignment_started_from_intake_returns_there_and_help_lists_the_keys() {
    let mut h = Harness::signed_in_with(team);
    bea_visit(&mut h);
    h.key(KeyCode::Char('w'));
    h.key(KeyCode::Esc);
    assert_eq!(
        h.app.current_pane(),
        Some(staywell::ui::panes::PaneId::Intake)
    );
    assert_eq!(
        h.app.intake().unwrap().mode_name(),
        "visit",
        "back in the visit"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('?'));
    screen_has(&mut h, "in a visit: assign a peer worker");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    for row in [
        "on tonight",
        "the roster",
        "in a worker: time off or an extra shift",
        "in a worker: a supervision",
        "in an assignment: log a session",
    ] {
        assert!(screen.contains(row), "{row}:\n{screen}");
    }
}

#[test]
fn the_roster_pages_from_the_database_as_the_lead_moves_down() {
    let mut h = Harness::signed_in_with(|store| {
        for i in 0..57 {
            store
                .save_worker(
                    None,
                    &profile(&format!("Worker {i:02} Sample"), &["English"], &[]),
                    &[],
                    1,
                    now(),
                )
                .unwrap();
        }
    });
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('r'));
    let roster = |h: &Harness| h.app.peers().unwrap().roster().clone();
    assert_eq!(roster(&h).rows.len(), 50);
    assert!(roster(&h).has_more);
    // The whole roster's count, though only the first page is loaded.
    screen_has(&mut h, "57 peer workers · 57 active");
    for _ in 0..49 {
        h.key(KeyCode::Down);
    }
    assert_eq!(roster(&h).rows.len(), 57);
    assert!(!roster(&h).has_more);
    for _ in 0..10 {
        h.key(KeyCode::Down);
    }
    screen_has(&mut h, "▸Worker 56 Sample");
    // A filter reaches workers not loaded yet.
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('/'));
    h.type_text("worker 5");
    let screen = h.screen();
    assert!(
        screen.contains("Worker 55 Sample") && !screen.contains("Worker 49"),
        "{screen}"
    );
}

#[test]
fn a_worker_not_on_in_this_shift_is_refused_with_the_reason_until_overridden() {
    let mut h = Harness::signed_in_with(team);
    bea_visit(&mut h);
    h.key(KeyCode::Char('w'));
    h.type_text("b"); // Bo Specimen, on Mondays only
    screen_has(&mut h, "▸ 4. Bo Specimen");
    screen_has(&mut h, "not on tonight · 0 of 5 visitors");
    h.ctrl('s');
    screen_has(
        &mut h,
        "Refused: Bo Specimen is not on in this shift. To go ahead anyway, give a reason for the \
         override.",
    );
    assert_eq!(peers_mode(&h), "assign");
    h.type_text("Speaks Urdu with Bea; starts on Monday");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment", "{:?}", h.app.message());
    screen_has(&mut h, "Assignment — Bea with Bo Specimen");
    screen_has(
        &mut h,
        "assigned despite a refusal: Speaks Urdu with Bea; starts on Monday",
    );
}

#[test]
fn a_worker_whose_hours_are_over_is_refused_until_overridden() {
    let mut h = Harness::signed_in_with(team);
    // Dee's extra shift was 19:00-22:00; at 22:05 it is over, though the shift runs to 22:30.
    h.clock.set(at(22, 5));
    bea_visit(&mut h);
    h.key(KeyCode::Char('w'));
    h.type_text("d");
    screen_has(&mut h, "finished 22:00 (extra) · 0 of 5 visitors");
    h.ctrl('s');
    screen_has(
        &mut h,
        "Refused: Dee Placeholder's hours in this shift ended at 22:00. To go ahead anyway, give a \
         reason for the override.",
    );
    assert_eq!(peers_mode(&h), "assign");
    h.type_text("Dee stayed on to see Bea");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment", "{:?}", h.app.message());
    screen_has(
        &mut h,
        "assigned despite a refusal: Dee stayed on to see Bea",
    );
}

#[test]
fn an_assignment_is_handed_over_with_a_reason_and_the_override_when_refused() {
    let mut h = Harness::signed_in_with(team);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Enter); // Ash Example
    h.key(KeyCode::Enter); // Priya
    screen_has(&mut h, "Assignment — Priya with Ash Example");
    h.key(KeyCode::Char('h'));
    assert_eq!(peers_mode(&h), "hand-over");
    // Bo Specimen (first by name) is not on tonight.
    screen_has(&mut h, "Bo Specimen");
    h.ctrl('s');
    screen_has(&mut h, "A reason for the correction is needed");
    h.type_text("Ash is on leave");
    h.ctrl('s');
    screen_has(&mut h, "Bo Specimen is not on in this shift.");
    assert_eq!(peers_mode(&h), "hand-over");
    h.type_text("Bo covers by phone");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment", "{:?}", h.app.message());
    screen_has(&mut h, "Assignment — Priya with Bo Specimen");
    let new_id = h.app.peers().unwrap().assignment_id().unwrap();
    h.app.quit_safely();
    let store = h.reopen_store();
    let priya = store.assignment(new_id).unwrap();
    assert_eq!(priya.override_reason, "Bo covers by phone");
    let all = store.assignments_for_person(priya.person_id).unwrap();
    let old = all.iter().find(|a| a.worker_name == "Ash Example").unwrap();
    assert_eq!(
        old.end_reason,
        "Handed over to Bo Specimen: Ash is on leave"
    );
}

#[test]
fn a_logged_session_is_chosen_and_corrected_with_a_reason() {
    let mut h = Harness::signed_in_with(team);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Enter); // Ash Example
    h.key(KeyCode::Enter); // Priya
    h.key(KeyCode::Char('l'));
    h.key(KeyCode::Tab);
    h.type_text("5");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment", "{:?}", h.app.message());
    h.key(KeyCode::Char('c'));
    assert_eq!(peers_mode(&h), "pick-session");
    screen_has(&mut h, "Correct which session?");
    h.key(KeyCode::Enter);
    assert_eq!(peers_mode(&h), "correct-session");
    h.key(KeyCode::Tab);
    h.ctrl('u');
    h.type_text("50");
    h.ctrl('s');
    screen_has(&mut h, "A reason for the correction is needed");
    h.type_text("typed 5 for 50");
    h.ctrl('s');
    assert_eq!(peers_mode(&h), "assignment", "{:?}", h.app.message());
    screen_has(&mut h, "50 min");
    // The assignment lists the correction, the original kept readable.
    screen_has(&mut h, "History (1 correction)");
    screen_has(&mut h, "session 1: corrected 19:30 by");
    screen_has(&mut h, "minutes 5 → 50 (typed 5 for 50)");
    let a = h.app.peers().unwrap().assignment_id().unwrap();
    h.app.quit_safely();
    let store = h.reopen_store();
    let s = &store.sessions(a).unwrap()[0];
    assert_eq!(s.minutes, 50);
    let history = store
        .corrections(
            staywell::domain::correction::CorrectedKind::PeerSession,
            s.id,
        )
        .unwrap();
    assert_eq!(history[0].reason, "typed 5 for 50");
}

#[test]
fn the_roster_pages_with_pgdn_home_and_end() {
    let mut h = Harness::signed_in_with(|store| {
        for i in 0..57 {
            store
                .save_worker(
                    None,
                    &profile(&format!("Worker {i:02} Sample"), &["English"], &[]),
                    &[],
                    1,
                    now(),
                )
                .unwrap();
        }
    });
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('r'));
    let loaded = |h: &Harness| h.app.peers().unwrap().roster().rows.len();
    h.key(KeyCode::PageDown);
    screen_has(&mut h, "▸Worker 10 Sample");
    h.key(KeyCode::End);
    assert_eq!(
        loaded(&h),
        57,
        "End on the last loaded row fetches the next page"
    );
    h.key(KeyCode::Char('G'));
    screen_has(&mut h, "▸Worker 56 Sample");
    h.key(KeyCode::Char('g'));
    screen_has(&mut h, "▸Worker 00 Sample");
    h.key(KeyCode::PageUp);
    screen_has(&mut h, "▸Worker 00 Sample");
}

/// Issue 16 point 6: supervision due and a DBS renewal due soon are said in words on the
/// on-tonight board too, for the workers on it (not for someone who is not on tonight).
#[test]
fn the_on_tonight_board_says_in_words_whose_supervision_and_dbs_renewal_are_due() {
    let mut h = Harness::signed_in_with(|store| {
        // Uma: on now; her DBS check renews in 19 days and her monthly supervision is due.
        let mut uma = profile("Uma Example", &["English"], &["anxiety"]);
        uma.dbs_checked_on = Some(d(2023, 12, 11));
        let uma = store
            .save_worker(None, &uma, &[slot(SUNDAY, t(15, 0), t(22, 30))], 1, now())
            .unwrap();
        let one_to_one = |held_on| Supervision {
            held_on,
            supervisor: "Casey Specimen".into(),
            kind: SupervisionKind::OneToOne,
        };
        store
            .add_supervision(uma, &one_to_one(d(2026, 10, 20)), 1, now())
            .unwrap();
        // Vic: on later tonight, everything current.
        let vic = store
            .save_worker(
                None,
                &profile("Vic Sample", &["English"], &["trauma"]),
                &[slot(SUNDAY, t(20, 0), t(22, 30))],
                1,
                now(),
            )
            .unwrap();
        store
            .add_supervision(vic, &one_to_one(d(2026, 11, 15)), 1, now())
            .unwrap();
        // Wren: DBS overdue, but not on tonight, so not on this board.
        let mut wren = profile("Wren Madeup", &["English"], &[]);
        wren.dbs_checked_on = Some(d(2022, 1, 10));
        store
            .save_worker(None, &wren, &[slot(0, t(17, 0), t(22, 30))], 1, now())
            .unwrap();
    });
    h.key(KeyCode::Char('3'));
    assert_eq!(peers_mode(&h), "tonight");
    screen_has(
        &mut h,
        "1 on now · 1 later · 0 full · 0 with a visitor here now · 1 supervision due (!) · 1 DBS due (!)",
    );
    screen_has(
        &mut h,
        "! Uma Example: supervision due since 20 November 2026; DBS renewal due 11 December 2026",
    );
    let screen = h.screen();
    assert!(screen.contains("Uma Example !"), "{screen}");
    assert!(!screen.contains("Vic Sample !") && !screen.contains("Vic Sample:"));
    assert!(!screen.contains("Wren"), "{screen}");
    insta::assert_snapshot!("on_tonight_due", screen);
    // The same, read from the store.
    let store = h.reopen_store();
    let hours = store.service_hours().unwrap();
    let board = store
        .on_tonight(&hours.current_or_last_shift(now()), hours.tz, now())
        .unwrap();
    let uma = board
        .iter()
        .find(|r| r.worker.name() == "Uma Example")
        .unwrap();
    assert_eq!(
        uma.dbs,
        DbsStatus::DueSoon {
            renew_by: d(2026, 12, 11)
        }
    );
    assert_eq!(
        uma.supervision,
        SupervisionStatus::Due {
            since: d(2026, 11, 20)
        }
    );
    let vic = board
        .iter()
        .find(|r| r.worker.name() == "Vic Sample")
        .unwrap();
    assert!(vic.due().is_empty());
}

#[test]
fn two_visitors_of_the_same_name_with_one_worker_are_told_apart_by_number_and_last_visit() {
    let mut h = Harness::signed_in_with(|store| {
        let mut ash = profile("Ash Example", &["English"], &[]);
        ash.caseload_cap = Some(5);
        let ash = store
            .save_worker(None, &ash, &[slot(SUNDAY, t(15, 0), t(23, 0))], 1, now())
            .unwrap();
        for (name, h) in [("Sam", 18), ("Sam", 19), ("Kit", 19)] {
            let visit = walk_in(store, Some(name), at(h, 0));
            let person = store.visit(visit).unwrap().person_id;
            assign(store, person, ash, Some(visit));
        }
    });
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Enter); // Ash Example, on tonight
    assert_eq!(peers_mode(&h), "worker");
    let screen = h.screen();
    assert!(
        screen.contains("Sam #1 · last here") && screen.contains("Sam #2 · last here"),
        "{screen}"
    );
    assert!(
        !screen.contains("Kit #") && !screen.contains("Kit ·"),
        "{screen}"
    );
}

/// Ash Example, on tonight, with an ended assignment for each of `names` in turn (each a
/// visitor walked in a minute after the last, from 17:00), so the newest is the last name.
fn ash_with_ended_assignments(store: &mut Store, names: impl IntoIterator<Item = String>) {
    let ash = profile("Ash Example", &["English"], &[]);
    let ash = store
        .save_worker(None, &ash, &[slot(SUNDAY, t(15, 0), t(23, 0))], 1, now())
        .unwrap();
    for (i, name) in names.into_iter().enumerate() {
        let arrived = at(17, 0) + chrono::Duration::minutes(i as i64);
        let visit = walk_in(store, Some(&name), arrived);
        let person = store.visit(visit).unwrap().person_id;
        let id = assign(store, person, ash, Some(visit));
        store
            .end_assignment(id, d(2026, 11, 20), "Moved on", 1, now())
            .unwrap();
    }
}

/// A namesake can come on a later page: the earlier row is told apart once it has loaded.
#[test]
fn a_namesake_on_a_later_page_tells_the_first_pages_visitor_apart_too() {
    let mut h = Harness::signed_in_with(|store| {
        // Newest first: the second Sam heads the list, the first is its last row.
        let names = std::iter::once("Sam".to_string())
            .chain((0..60).map(|i| format!("Visitor {i}")))
            .chain(std::iter::once("Sam".to_string()));
        ash_with_ended_assignments(store, names);
    });
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Enter); // Ash Example, on tonight
    assert_eq!(peers_mode(&h), "worker");
    let screen = h.screen();
    assert!(screen.contains("Assignments (62)"), "{screen}");
    assert!(!screen.contains("Sam #"), "one Sam loaded yet: {screen}");
    while !h.screen().contains("Visitor 0") {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Down);
    h.key(KeyCode::Home);
    let screen = h.screen();
    assert!(screen.contains("Sam #62 · last here"), "{screen}");
}

/// The selected row of a worker's assignments follows the assignment, not the position:
/// Esc from a new assignment comes back to it, and from an old one to that one.
#[test]
fn after_assigning_from_a_workers_page_esc_comes_back_to_the_new_assignment() {
    let mut h = Harness::signed_in_with(|store| {
        ash_with_ended_assignments(store, ["Ola", "Pim", "Quin"].map(String::from));
        walk_in(store, Some("Zed"), at(18, 0));
    });
    let selected = |h: &mut Harness| {
        let screen = h.screen();
        let line = screen.lines().find(|l| l.contains('▸')).unwrap_or("");
        line.to_string()
    };
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Enter); // Ash Example, on tonight
    assert_eq!(peers_mode(&h), "worker");
    // Newest first: Quin, Pim, Ola. Ola, the last row, is selected.
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    assert!(selected(&mut h).contains("Ola"), "{}", h.screen());
    h.key(KeyCode::Char('a'));
    h.type_text("zed");
    h.key(KeyCode::Enter);
    assert_eq!(peers_mode(&h), "assign");
    h.ctrl('s');
    screen_has(&mut h, "Assignment — Zed with Ash Example");
    h.key(KeyCode::Esc);
    screen_has(&mut h, "Assignments (4)");
    assert!(selected(&mut h).contains("Zed"), "{}", h.screen());
    // An older one opened and closed again stays selected too.
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    screen_has(&mut h, "Assignment — Pim with Ash Example");
    h.key(KeyCode::Esc);
    assert!(selected(&mut h).contains("Pim"), "{}", h.screen());
}

#[test]
fn the_worker_picker_narrows_to_the_names_typed_and_esc_clears_it() {
    let mut h = Harness::signed_in_with(team);
    h.terminal.backend_mut().resize(80, 24);
    bea_visit(&mut h);
    h.key(KeyCode::Char('w'));
    assert_eq!(peers_mode(&h), "assign");
    h.type_text("s");
    // Sample, Example and Specimen hold an s; Dee Placeholder does not.
    screen_has(&mut h, "Suggested peer workers (3 of 4 match 's')");
    let screen = h.screen();
    assert!(!screen.contains("Dee Placeholder"), "{screen}");
    h.type_text("k");
    screen_has(&mut h, "◂ Sky Sample ▸ 1 of 4 match 'sk'");
    insta::assert_snapshot!("assignment_form_filtered_80x24", h.screen());
    // A letter that would leave nobody is refused, and the choice stays.
    h.type_text("z");
    screen_has(&mut h, "No option of Peer worker holds 'skz'");
    screen_has(&mut h, "◂ Sky Sample ▸ 1 of 4 match 'sk'");
    h.key(KeyCode::Backspace);
    screen_has(&mut h, "3 of 4 match 's'");
    assert!(
        !h.screen().contains("No option"),
        "widening clears the refusal"
    );
    h.key(KeyCode::Esc);
    screen_has(&mut h, "Suggested peer workers (4 active)");
    assert_eq!(
        peers_mode(&h),
        "assign",
        "Esc cleared the filter, the form stays"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert_ne!(peers_mode(&h), "assign", "then Esc leaves as before");
}

/// Coming back to Peers reads nothing again while the data and the minute are the same (the
/// board is a function of both), but shows at once whoever came on at a later minute, and
/// what another process wrote, without waiting for the tick.
#[test]
fn coming_back_to_peers_shows_the_clock_and_the_data_however_soon() {
    let mut h = Harness::signed_in_with(|store| {
        store
            .save_worker(
                None,
                &profile("Cal Later", &["English"], &[]),
                &[slot(SUNDAY, t(19, 31), t(22, 30))],
                1,
                now(),
            )
            .unwrap();
    });
    h.key(KeyCode::Char('3'));
    screen_has(&mut h, "Cal Later");
    screen_has(&mut h, "from 19:31");
    // The same minute, the same data: the same board.
    h.key(KeyCode::Char('1'));
    h.clock.advance(chrono::Duration::seconds(59));
    h.key(KeyCode::Char('3'));
    screen_has(&mut h, "from 19:31");
    // 19:31:00: Cal's hours have started.
    h.key(KeyCode::Char('1'));
    h.clock.advance(chrono::Duration::seconds(1));
    h.key(KeyCode::Char('3'));
    screen_has(&mut h, "on now to 22:30");
    // Another process adds a worker within the same minute: shown on coming back, before
    // any tick has noticed the commit.
    h.key(KeyCode::Char('1'));
    {
        let mut other = h.reopen_store();
        other
            .save_worker(
                None,
                &profile("Dot Elsewhere", &["English"], &[]),
                &[slot(SUNDAY, t(15, 0), t(22, 30))],
                1,
                now(),
            )
            .unwrap();
    }
    h.key(KeyCode::Char('3'));
    screen_has(&mut h, "Dot Elsewhere");
}

/// A worker's page opened again after Esc is the one a fresh read shows (the first assignment
/// selected); once the data has changed (here from another process), it is read again.
#[test]
fn a_worker_opened_again_shows_what_a_fresh_read_shows() {
    let mut h = Harness::signed_in_with(team);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('r'));
    h.key(KeyCode::Enter);
    screen_has(&mut h, "Peer worker — Ash Example");
    let fresh = h.screen();
    // The second assignment selected, then back and in again.
    h.key(KeyCode::Down);
    assert_ne!(h.screen(), fresh, "the selection moved");
    h.key(KeyCode::Esc);
    assert_eq!(peers_mode(&h), "roster");
    h.key(KeyCode::Enter);
    assert_eq!(h.screen(), fresh);

    // Another process logs a supervision: the page is read again.
    h.key(KeyCode::Esc);
    let mut other = h.reopen_store();
    let ash = h.app.peers().unwrap().roster().rows[0].worker.id;
    other
        .add_supervision(
            ash,
            &Supervision {
                held_on: d(2026, 11, 20),
                supervisor: "Robin Newcomer".into(),
                kind: SupervisionKind::Group,
            },
            1,
            now(),
        )
        .unwrap();
    h.key(KeyCode::Enter);
    screen_has(&mut h, "Robin Newcomer");
    assert_ne!(h.screen(), fresh);
}

/// A worker with 70 assignments (ended, so the cap allows them) and 9 supervisions.
fn long_serving(store: &mut Store) {
    use staywell::domain::person::PersonDetails;
    let lee = store
        .save_worker(
            None,
            &profile("Lee Longserving", &["English"], &[]),
            &[slot(SUNDAY, t(15, 0), t(22, 30))],
            1,
            now(),
        )
        .unwrap();
    for month in 1..=9 {
        store
            .add_supervision(
                lee,
                &Supervision {
                    held_on: d(2026, month, 3),
                    supervisor: format!("Supervisor {month}"),
                    kind: SupervisionKind::Group,
                },
                1,
                now(),
            )
            .unwrap();
    }
    for i in 0..70 {
        let person = store
            .add_person(
                &PersonDetails {
                    display_name: Some(format!("Visitor {i:02}")),
                    ..Default::default()
                },
                1,
                now(),
            )
            .unwrap();
        let a = assign(store, person, lee, None);
        store
            .end_assignment(a, d(2026, 11, 2), "Moved on", 1, now())
            .unwrap();
    }
}

#[test]
fn a_long_serving_worker_shows_every_assignment_and_supervision_count_as_the_full_lists() {
    let mut h = Harness::signed_in_with(long_serving);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('r'));
    // Drawn, as after every key: the pane's height decides how many are read first.
    h.screen();
    h.key(KeyCode::Enter);
    screen_has(&mut h, "Peer worker — Lee Longserving");
    let store = h.reopen_store();
    let lee = h.app.peers().unwrap().worker_id().unwrap();
    let all: Vec<Assignment> = store.assignments_for_worker(lee, None, 1000).unwrap();
    assert_eq!(all.len(), 70);
    // The whole count in the title, though only what the table shows is read first.
    screen_has(&mut h, "Assignments (70)");
    let view = |h: &Harness| h.app.peers().unwrap().worker_view().unwrap().clone();
    let first = view(&h).assignments.len();
    assert!((5..50).contains(&first), "{first} read first");
    assert_eq!(view(&h).assignments.rows(), &all[..first]);
    assert!(view(&h).assignments.has_more());
    // The supervision box: the four most recent of nine, and how many more.
    let log = store.supervision_log(lee).unwrap();
    assert_eq!(log.len(), 9);
    for s in &log[..4] {
        screen_has(&mut h, &s.supervision.supervisor);
    }
    screen_has(&mut h, "and 5 earlier");
    assert!(!h.screen().contains(&log[4].supervision.supervisor));
    // Down through the list: every assignment in the full list's order, read as the lead
    // comes to the end of what is loaded, and the list ends where it ends.
    let mut seen = vec![view(&h).selected_assignment().unwrap().id];
    screen_has(&mut h, &format!("▸{}", all[0].person_label()));
    for a in &all[1..] {
        h.key(KeyCode::Down);
        seen.push(view(&h).selected_assignment().unwrap().id);
        screen_has(&mut h, &format!("▸{}", a.person_label()));
    }
    assert_eq!(seen, all.iter().map(|a| a.id).collect::<Vec<_>>());
    h.key(KeyCode::Down);
    assert_eq!(view(&h).selected_assignment().unwrap().id, all[69].id);
    assert_eq!(view(&h).assignments.rows(), &all[..]);
    assert!(!view(&h).assignments.has_more());
    screen_has(&mut h, "Assignments (70)");
    // Back and in again: read again (more than a first page was loaded), the newest first.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    let again = view(&h);
    assert_eq!(again.assignments.rows(), &all[..first]);
    assert_eq!(again.selected_assignment().unwrap().id, all[0].id);
    screen_has(&mut h, &format!("▸{}", all[0].person_label()));
}
