//! Closing a shift out (issue 16): from closing time the board says the shift has ended and
//! waits stop ticking; a close-out step settles each visit still open with one key; the
//! handover's sign-off names what is still open and carries it forward; the next evening's
//! draft says where each carried visit came from and why.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{Duration, NaiveDate};
use common::harness::Harness;
use common::*;
use crossterm::event::KeyCode;
use staywell::domain::closeout::CloseOut;
use staywell::domain::visit::VisitStatus;
use staywell::store::Store;

fn sunday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// Sunday's shift (15:00–22:30) with Kit waiting, Bea with a worker and Cal already gone.
fn evening(store: &mut Store) -> (i64, i64, i64) {
    let kit = walk_in(store, Some("Kit"), at(19, 0));
    let bea = walk_in(store, Some("Bea"), at(19, 10));
    let cal = walk_in(store, Some("Cal"), at(18, 0));
    let mut u = store.visit(bea).unwrap().as_update();
    u.status = VisitStatus::WithWorker;
    store.update_visit(bea, &u, 1, at(19, 20)).unwrap();
    let mut u = store.visit(cal).unwrap().as_update();
    u.status = VisitStatus::LeftUnseen;
    store.update_visit(cal, &u, 1, at(18, 30)).unwrap();
    (kit, bea, cal)
}

#[test]
fn each_close_out_choice_is_stored_and_only_unsettled_visits_remain() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let (kit, bea, _cal) = evening(&mut store);
    let hours = store.service_hours().unwrap();
    assert_eq!(
        store.unsettled_visits(&hours, sunday()).unwrap(),
        [kit, bea]
    );
    let late = at(22, 45);
    store
        .close_out_visit(bea, &CloseOut::Left, sunday(), 1, late)
        .unwrap();
    let carried = CloseOut::carried("Crisis team to ring Kit at 09:00").unwrap();
    store
        .close_out_visit(kit, &carried, sunday(), 1, late)
        .unwrap();
    assert!(store.unsettled_visits(&hours, sunday()).unwrap().is_empty());
    store.close().unwrap();

    let store = Store::open(&path, &passphrase()).unwrap();
    let bea_now = store.visit(bea).unwrap();
    assert_eq!(
        bea_now.status,
        VisitStatus::Left,
        "with a worker, then seen, then left"
    );
    assert_eq!(
        bea_now.left_at,
        Some(at(22, 30)),
        "settled at 22:45, she had left by closing: her wait stops where the board's did"
    );
    assert_eq!(
        bea_now.seen_at,
        Some(at(19, 20)),
        "seen when a worker took her, kept"
    );
    assert_eq!(bea_now.updated_at, late, "when the lead settled it");
    assert_eq!(
        store.visit(kit).unwrap().status,
        VisitStatus::Waiting,
        "carried stays open"
    );
    // Sunday's own note says why Kit is carried forward, for the lead who reads it.
    let sunday_facts = store.shift_facts(&hours, sunday()).unwrap();
    let kit_line = sunday_facts
        .visitors
        .iter()
        .find(|v| v.visit_id == kit)
        .unwrap();
    assert_eq!(
        kit_line.situation,
        "to triage, waiting · carried forward: Crisis team to ring Kit at 09:00"
    );
    // Monday's draft hears of Kit first, with where and why.
    let monday = store
        .shift_facts(&hours, sunday() + Duration::days(1))
        .unwrap();
    assert_eq!(monday.visitors.len(), 1);
    assert_eq!(
        monday.visitors[0].situation,
        "to triage, waiting · from Sun 22 Nov · carried: Crisis team to ring Kit at 09:00"
    );
    assert!(store.check().unwrap().is_ok());
}

/// Seen by a worker after closing, then closed out later still: they left when they were
/// seen at the earliest, never before it.
#[test]
fn a_visit_seen_after_closing_is_not_recorded_as_leaving_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let (kit, _bea, _cal) = evening(&mut store);
    let mut u = store.visit(kit).unwrap().as_update();
    u.status = VisitStatus::WithWorker;
    store.update_visit(kit, &u, 1, at(22, 35)).unwrap();
    assert_eq!(store.visit(kit).unwrap().seen_at, Some(at(22, 35)));
    store
        .close_out_visit(kit, &CloseOut::Left, sunday(), 1, at(22, 50))
        .unwrap();
    let kit_now = store.visit(kit).unwrap();
    assert_eq!(kit_now.seen_at, Some(at(22, 35)));
    assert_eq!(kit_now.left_at, Some(at(22, 35)));
}

#[test]
fn after_closing_the_board_says_so_and_a_close_out_settles_every_open_visit() {
    let mut h = Harness::signed_in_with(|store| {
        evening(store);
    });
    let screen = h.screen();
    assert!(screen.contains("Tonight, Sun 22 Nov 2026"), "{screen}");
    h.key(KeyCode::Char('x'));
    assert!(
        h.app
            .message()
            .is_some_and(|m| m.contains("open until 22:30; close-out starts then")),
        "{:?}",
        h.app.message()
    );

    // Next morning, the lead back at the screen (t: tonight's board, read again): the shift
    // has ended and waits stopped at closing.
    h.clock.advance(Duration::hours(12));
    h.key(KeyCode::Char('t'));
    let screen = h.screen();
    assert!(
        screen.contains("Shift ended 22:30, Sun 22 Nov 2026"),
        "{screen}"
    );
    assert!(!screen.contains("Tonight,"), "{screen}");
    assert!(
        screen.contains(
            "3 visits · 1 waiting · 1 past target (!) · 2 still open: x closes the shift out"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("3 h 30 min"),
        "Kit waited 19:00 to 22:30, not all night:\n{screen}"
    );

    h.key(KeyCode::Char('x'));
    assert_eq!(h.app.intake().unwrap().mode_name(), "close-out");
    let screen = h.screen();
    assert!(
        screen.contains("Close out Sun 22 Nov — 2 visits still open"),
        "{screen}"
    );
    // Kit: carried, with a reason; an empty reason is refused first.
    h.key(KeyCode::Char('c'));
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Say why it is carried forward"));
    h.type_text("Crisis team to ring at 09:00");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("1 visit still open"), "{screen}");
    // Bea: left. Nothing is left to settle, so the board comes back.
    h.key(KeyCode::Char('l'));
    assert_eq!(h.app.intake().unwrap().mode_name(), "board");
    assert_eq!(
        h.app.message().as_deref(),
        Some("Shift closed out: every visit is closed or carried forward.")
    );
    assert!(!h.screen().contains("still open"));
    // The note says why Kit is carried forward, drafted and once signed.
    h.type_text("4");
    let carried = "Kit (to triage, waiting · carried forward: Crisis team to ring at 09:00)";
    assert!(h.screen().contains(carried), "{}", h.screen());
    h.key(KeyCode::Char('s'));
    h.type_text(PIN);
    h.ctrl('s');
    let screen = h.screen();
    assert!(screen.contains("SIGNED by Robin Example"), "{screen}");
    assert!(screen.contains(carried), "{screen}");
    let store = h.reopen_store();
    assert_eq!(store.visit(2).unwrap().status, VisitStatus::Left);
    let hours = store.service_hours().unwrap();
    assert!(store.unsettled_visits(&hours, sunday()).unwrap().is_empty());
}

#[test]
fn sign_off_names_the_visits_still_open_and_signing_carries_them_forward() {
    let mut h = Harness::signed_in_with(|store| {
        evening(store);
    });
    h.type_text("4");
    h.key(KeyCode::Char('s'));
    let screen = h.screen();
    assert!(
        screen.contains("2 visits still open: close them in Intake (d on a visit, or x once"),
        "{screen}"
    );
    h.type_text(PIN);
    h.ctrl('s');
    assert!(
        h.screen().contains("SIGNED by Robin Example"),
        "{}",
        h.screen()
    );
    let store = h.reopen_store();
    let hours = store.service_hours().unwrap();
    assert!(store.unsettled_visits(&hours, sunday()).unwrap().is_empty());
    let monday = store
        .shift_facts(&hours, sunday() + Duration::days(1))
        .unwrap();
    let situations: Vec<&str> = monday
        .visitors
        .iter()
        .map(|v| v.situation.as_str())
        .collect();
    assert_eq!(
        situations,
        [
            "to triage, waiting · from Sun 22 Nov · carried: still open when the handover was signed",
            "to triage, with worker · from Sun 22 Nov · carried: still open when the handover was signed"
        ]
    );
}

/// Out of hours (issue 16 point 1): a contact after closing, or the next morning, is listed
/// apart with its date, never counted in the evening's board, waits, close-out or handover,
/// and is in the next shift's draft saying when it came.
#[test]
fn a_contact_out_of_hours_is_listed_apart_with_its_date_and_goes_to_the_next_handover() {
    let mut h = Harness::signed_in_with(|store| {
        evening(store);
        // Exactly at closing is already out of hours; a minute before is the shift's.
        walk_in(store, Some("Nia"), at(22, 30));
        walk_in(store, Some("Ola"), at(22, 29));
    });
    // Monday 07:40: the lead records someone at the door.
    h.clock.advance(Duration::minutes(12 * 60 + 10));
    h.key(KeyCode::Char('t'));
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("Zed");
    h.key(KeyCode::Tab);
    h.type_text("Rang the bell, wants to talk");
    h.ctrl('s');
    assert_eq!(h.app.intake().unwrap().mode_name(), "board");
    assert!(
        h.app.message().is_some_and(|m| m.contains("out of hours")),
        "{:?}",
        h.app.message()
    );
    let screen = h.screen();
    assert!(
        screen.contains("Shift ended 22:30, Sun 22 Nov 2026"),
        "{screen}"
    );
    // Kit, Bea, Cal and Ola are the shift's; Nia and Zed are not counted with them.
    assert!(
        screen.contains(
            "4 visits · 2 waiting · 1 past target (!) · 3 still open: x closes the shift out · 2 out of hours"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("Out of hours since 22:30 Sun 22 Nov"),
        "{screen}"
    );
    assert!(screen.contains("Sun 22 Nov 22:30"), "{screen}");
    assert!(screen.contains("Mon 23 Nov 07:40"), "{screen}");
    insta::assert_snapshot!("out_of_hours_board", screen);

    // Either list answers the mouse: a click selects a row, a second opens it.
    for name in ["Kit", "Nia"] {
        let (x, y) = h.find_on_screen(name).unwrap();
        h.click(x, y);
        h.click(x, y);
        assert!(
            h.screen().contains(&format!("Visit — {name}")),
            "{}",
            h.screen()
        );
        h.key(KeyCode::Esc);
    }

    // The close-out lists the shift's open visits only.
    h.key(KeyCode::Char('x'));
    let screen = h.screen();
    assert!(
        screen.contains("Close out Sun 22 Nov — 3 visits still open"),
        "{screen}"
    );
    assert!(
        !screen.contains("Zed") && !screen.contains("Nia"),
        "{screen}"
    );
    h.key(KeyCode::Esc);

    // Sunday's handover does not name them.
    h.type_text("4");
    let screen = h.screen();
    assert!(screen.contains("Kit"), "{screen}");
    assert!(
        !screen.contains("Zed") && !screen.contains("Nia"),
        "{screen}"
    );

    let store = h.reopen_store();
    let hours = store.service_hours().unwrap();
    let name = |id: i64| store.visit(id).unwrap().display_name.unwrap_or_default();
    let unsettled: Vec<String> = store
        .unsettled_visits(&hours, sunday())
        .unwrap()
        .into_iter()
        .map(name)
        .collect();
    assert_eq!(unsettled, ["Kit", "Bea", "Ola"]);
    let sunday_facts = store.shift_facts(&hours, sunday()).unwrap();
    let labels: Vec<&str> = sunday_facts
        .visitors
        .iter()
        .map(|v| v.person_label.as_str())
        .collect();
    assert_eq!(labels, ["Kit", "Bea", "Ola"]);

    // Monday's draft: Sunday's open visits, then every out-of-hours contact since Sunday's
    // closing, saying when it came.
    let monday = store
        .shift_facts(&hours, sunday() + Duration::days(1))
        .unwrap();
    let lines: Vec<String> = monday
        .visitors
        .iter()
        .map(|v| format!("{}: {}", v.person_label, v.situation))
        .collect();
    assert_eq!(
        lines,
        [
            "Kit: to triage, waiting · from Sun 22 Nov",
            "Bea: to triage, with worker · from Sun 22 Nov",
            "Ola: to triage, waiting · from Sun 22 Nov",
            "Nia: to triage, waiting · out of hours contact Sun 22 Nov 22:30",
            "Zed: to triage, waiting · out of hours contact Mon 23 Nov 07:40",
        ]
    );
    // The live draft follows them the same way.
    let ids: Vec<i64> = monday.visitors.iter().map(|v| v.visit_id).collect();
    let live = store
        .visit_situations(&ids, &hours, sunday() + Duration::days(1))
        .unwrap();
    assert_eq!(
        live.last().unwrap().1,
        "to triage, waiting · out of hours contact Mon 23 Nov 07:40"
    );
}

/// The next evening's lead sees the out-of-hours contacts in their draft, each saying when.
/// The screen's first line naming `name` (empty if none does).
fn line_with(screen: &str, name: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_next_shifts_draft_names_each_out_of_hours_contact_with_its_date() {
    let mut h = Harness::existing_with(|store| {
        evening(store);
        walk_in(store, Some("Nia"), at(23, 10));
        walk_in(store, Some("Zed"), at(7, 40) + Duration::days(1));
    });
    // Monday 17:30: Monday's shift is on.
    h.clock.advance(Duration::hours(22));
    h.unlock_and_sign_in();
    h.type_text("4");
    let screen = h.screen();
    assert!(screen.contains("Mon 23 Nov"), "{screen}");
    assert!(
        screen.contains("Nia (to triage, waiting · out of hours contact Sun 22 Nov 23:10)"),
        "{screen}"
    );
    assert!(
        screen.contains("Zed (to triage, waiting · out of hours contact Mon 23 Nov 07:40)"),
        "{screen}"
    );
    insta::assert_snapshot!("out_of_hours_in_next_handover", screen);
    // Tonight's board starts with them too, still open, each dated by its own day.
    h.type_text("1");
    let screen = h.screen();
    assert!(
        screen.contains("0 visits · 0 waiting · 4 still open from earlier shifts"),
        "{screen}"
    );
    let row = |name: &str| line_with(&screen, name);
    assert!(row("Zed").contains("23/11 Walk  carried"), "{screen}");
    assert!(row("Nia").contains("22/11 Walk  carried"), "{screen}");
    assert!(!screen.contains("Out of hours since"), "{screen}");
    // The close-out lists them by their day and time too (found on the walk: a carried
    // visit showed only "19:00", as if it had come tonight).
    h.key(KeyCode::Char('x'));
    let screen = h.screen();
    let row = |name: &str| line_with(&screen, name);
    assert!(
        screen.contains("Close out Mon 23 Nov — 4 visits still open"),
        "{screen}"
    );
    assert!(row("Nia").contains("22/11 23:10  Nia"), "{screen}");
    assert!(row("Zed").contains("23/11 07:40  Zed"), "{screen}");
}

/// A handover draft saved while Kit waited; the app opened again after closing, and Kit closed
/// out as left: the draft the lead signs reads "left" for Kit, not the "waiting" it was saved
/// with (found on the walk: the note was signed saying Kit was waiting), and why Bea is carried
/// forward (found on a later walk: the draft said why, the signed note did not).
#[test]
fn a_saved_drafts_lines_follow_a_close_out_before_it_is_signed() {
    let mut h = Harness::existing_with(|store| {
        evening(store);
        let hours = store.service_hours().unwrap();
        let facts = store.shift_facts(&hours, sunday()).unwrap();
        let body = staywell::domain::handover::draft_from(&facts);
        store
            .save_handover_draft(sunday(), &body, 1, at(21, 0))
            .unwrap();
    });
    h.clock.advance(Duration::hours(12));
    h.unlock_and_sign_in();
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Char('l')); // Kit: left before being seen
    h.key(KeyCode::Char('c')); // Bea: carried, with a reason
    h.type_text("Crisis team to ring at 09:00");
    h.key(KeyCode::Enter);
    assert_eq!(
        h.app.message().as_deref(),
        Some("Shift closed out: every visit is closed or carried forward.")
    );
    h.type_text("4");
    let screen = h.screen();
    assert!(!screen.contains("Kit (to triage, waiting)"), "{screen}");
    assert!(
        screen.contains("Kit (to triage, left before being seen)"),
        "{screen}"
    );
    // Signed as read: the stored note says Kit left, not the "waiting" it was saved with.
    h.key(KeyCode::Char('s'));
    h.type_text(PIN);
    h.ctrl('s');
    assert!(h.screen().contains("SIGNED by"), "{}", h.screen());
    let signed = h.reopen_store().handover(sunday()).unwrap().unwrap();
    let lines: Vec<(&str, &str)> = signed
        .body
        .entries
        .iter()
        .map(|e| (e.person_label.as_str(), e.situation.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            ("Kit", "to triage, left before being seen"),
            (
                "Bea",
                "to triage, with worker · carried forward: Crisis team to ring at 09:00"
            )
        ],
        "and says why Bea is carried forward"
    );
}
