//! Handover in the app: drafting from the shift, autosave, sign-off with the PIN, the banner,
//! acknowledgement by another lead, addenda and history (headless, fixed clock).

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
use staywell::domain::handover::HandoverState;

fn mode(h: &Harness) -> &'static str {
    h.app.handover().unwrap().mode_name()
}

fn with_a_visitor(store: &mut staywell::store::Store) {
    walk_in(store, Some("Kit"), at(19, 0));
    store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
}

#[test]
fn the_draft_comes_from_the_shift_and_autosaves_as_the_lead_types() {
    let mut h = Harness::signed_in_with(with_a_visitor);
    h.type_text("4");
    let screen = h.screen();
    assert!(
        screen.contains("drafted from tonight's records, not saved yet"),
        "{screen}"
    );
    assert!(
        screen.contains("Kit (to triage, waiting) — NOT ASSESSED"),
        "nobody is stable until the lead says so"
    );
    insta::assert_snapshot!("handover_draft", screen);

    h.key(KeyCode::Char('e'));
    assert_eq!(mode(&h), "edit");
    h.key(KeyCode::Right); // Kit: stable
    h.key(KeyCode::Right); // Kit: watcher
    h.key(KeyCode::Tab);
    h.type_text("Waiting for crisis team");
    h.clock.advance(Duration::seconds(1));
    h.app.tick();
    assert!(
        h.reopen_store()
            .handover(now().date_naive())
            .unwrap()
            .is_none(),
        "still typing"
    );
    h.clock.advance(Duration::seconds(1));
    h.app.tick();
    assert!(h.screen().contains("Draft saved 19:30:02"));
    let saved = h
        .reopen_store()
        .handover(now().date_naive())
        .unwrap()
        .unwrap();
    assert_eq!(saved.body.entries[0].summary, "Waiting for crisis team");
    insta::assert_snapshot!("handover_editor", h.screen());

    // Continuous typing still saves at least every five seconds.
    for i in 0..6 {
        h.type_text(&i.to_string());
        h.clock.advance(Duration::seconds(1));
        h.app.tick();
    }
    let saved = h
        .reopen_store()
        .handover(now().date_naive())
        .unwrap()
        .unwrap();
    assert!(
        saved.body.entries[0]
            .summary
            .starts_with("Waiting for crisis team0123"),
        "{}",
        saved.body.entries[0].summary
    );
}

#[test]
fn a_draft_on_show_takes_in_people_admitted_while_the_pane_was_hidden() {
    let mut h = Harness::signed_in_with(|_| {});
    h.type_text("4");
    assert!(h.screen().contains("No visitors to hand over."));
    h.type_text("1");
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("Kit");
    h.ctrl('s');
    assert!(h.screen().contains("Kit"), "on the board:\n{}", h.screen());
    h.type_text("4");
    let screen = h.screen();
    assert!(screen.contains("Kit (to triage, waiting)"), "{screen}");
    assert!(!screen.contains("No visitors to hand over."));
}

#[test]
fn unsaved_words_survive_a_lock() {
    let mut h = Harness::signed_in_with(with_a_visitor);
    h.type_text("4");
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Tab);
    h.type_text("Typed just before locking");
    h.ctrl('l');
    assert!(!h.app.holds_store());
    let saved = h
        .reopen_store()
        .handover(now().date_naive())
        .unwrap()
        .unwrap();
    assert_eq!(saved.body.entries[0].summary, "Typed just before locking");
}

#[test]
fn sign_off_with_the_pin_then_the_banner_until_another_lead_acknowledges() {
    let mut h = Harness::signed_in_with(with_a_visitor);
    h.type_text("4");
    h.key(KeyCode::Char('s'));
    assert_eq!(mode(&h), "sign");
    let screen = h.screen();
    assert!(
        screen.contains("Not assessed yet:") && screen.contains("Kit. Sign anyway"),
        "sign-off names who nobody judged:\n{screen}"
    );
    h.type_text("000000");
    h.ctrl('s');
    assert!(h.screen().contains("Wrong PIN."));
    for _ in 0..6 {
        h.key(KeyCode::Backspace);
    }
    h.type_text(PIN);
    h.ctrl('s');
    assert_eq!(mode(&h), "note", "{}", h.screen());
    assert!(h.screen().contains("SIGNED by Robin Example"));
    h.key(KeyCode::Char('e'));
    assert!(
        h.screen()
            .contains("This handover is signed; press d for a dated addendum.")
    );

    // The outgoing lead cannot acknowledge their own note.
    h.key(KeyCode::Char('a'));
    h.type_text("Kit waiting for the crisis team");
    h.key(KeyCode::Tab);
    h.type_text(PIN);
    h.ctrl('s');
    let screen = h.screen();
    assert!(screen.contains("You signed it"), "{screen}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);

    // Next start: Jo signs in and sees the banner and the note.
    h.ctrl('l');
    h.clock.advance(Duration::hours(20));
    h.enter_line(PASSPHRASE);
    h.key(KeyCode::Up); // from Robin to Jo
    h.enter_line("135790");
    let screen = h.screen();
    assert!(
        screen.contains("Unacknowledged handover from Sun 22 Nov"),
        "{screen}"
    );
    assert_eq!(
        h.app.current_pane(),
        Some(staywell::ui::panes::PaneId::Handover)
    );
    insta::assert_snapshot!("handover_banner", screen);
    // At 80 columns the banner wraps rather than losing its instruction.
    h.terminal.backend_mut().resize(80, 24);
    let narrow = h.screen();
    assert!(
        narrow
            .lines()
            .any(|l| l.contains("press a to acknowledge") || l.starts_with("acknowledge")),
        "the instruction's last word is shown:\n{narrow}"
    );
    h.terminal.backend_mut().resize(100, 30);
    h.key(KeyCode::Char('a'));
    h.type_text("ok");
    h.key(KeyCode::Tab);
    h.type_text("135790");
    h.ctrl('s');
    let screen = h.screen();
    assert!(screen.contains("Write a short read-back"), "{screen}");
    h.key(KeyCode::BackTab);
    h.type_text(" - Kit is waiting on the crisis team");
    h.ctrl('s');
    let screen = h.screen();
    assert!(screen.contains("ACKNOWLEDGED by Jo Sample"), "{screen}");
    assert!(!screen.contains("Unacknowledged handover"));

    h.key(KeyCode::Char('d'));
    h.type_text("Crisis team rang back at 23:10.");
    h.ctrl('s');
    assert!(
        h.screen()
            .contains("Addendum 23/11/2026 15:30 by Jo Sample")
    );
    h.app.quit_safely();
    let store = h.reopen_store();
    let note = store.handover(now().date_naive()).unwrap().unwrap();
    assert!(matches!(
        note.state,
        HandoverState::Acknowledged { signed_by: 1, .. }
    ));
    assert_eq!(note.readback, "ok - Kit is waiting on the crisis team");
    assert_eq!(note.addenda.len(), 1);
}

#[test]
fn history_lists_and_searches_past_notes() {
    let mut h = Harness::signed_in_with(|store| {
        let mut body = staywell::domain::handover::HandoverBody::default();
        for back in 1..=3 {
            body.facilities = if back == 2 {
                "Lift out of order".into()
            } else {
                "Fine".into()
            };
            store
                .save_handover_draft(now().date_naive() - Duration::days(back), &body, 1, now())
                .unwrap();
        }
    });
    h.type_text("4");
    h.key(KeyCode::Char('h'));
    assert_eq!(mode(&h), "history");
    let screen = h.screen();
    assert!(
        screen.contains("Sat 21/11/2026") && screen.contains("Thu 19/11/2026"),
        "{screen}"
    );
    h.key(KeyCode::Char('/'));
    h.type_text("lift");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("Fri 20/11/2026") && !screen.contains("Sat 21/11/2026"),
        "{screen}"
    );
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Lift out of order"));
}

#[test]
fn a_paste_into_the_handover_keeps_its_lines_and_autosaves_like_typing() {
    let mut h = Harness::signed_in_with(with_a_visitor);
    h.type_text("4");
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Tab);
    h.paste("Crisis team called.\r\nThey come at 21:00.\n");
    assert_eq!(
        mode(&h),
        "edit",
        "a pasted line break never leaves the editor"
    );
    h.clock.advance(Duration::seconds(2));
    h.app.tick();
    let saved = h
        .reopen_store()
        .handover(now().date_naive())
        .unwrap()
        .unwrap();
    assert_eq!(
        saved.body.entries[0].summary,
        "Crisis team called.\nThey come at 21:00.\n"
    );
    h.paste(&"x".repeat(20_000));
    assert!(
        h.screen()
            .contains("That paste is 10,040 characters too long for summary"),
        "{}",
        h.screen()
    );
}

#[test]
fn history_pages_with_end_home_and_pgdn() {
    let mut h = Harness::signed_in_with(|store| {
        let body = staywell::domain::handover::HandoverBody::default();
        for back in 1..=40 {
            store
                .save_handover_draft(now().date_naive() - Duration::days(back), &body, 1, now())
                .unwrap();
        }
    });
    h.type_text("4");
    h.key(KeyCode::Char('h'));
    assert_eq!(mode(&h), "history");
    let date = |back: i64| {
        (now().date_naive() - Duration::days(back))
            .format("%a %d/%m/%Y")
            .to_string()
    };
    h.key(KeyCode::PageDown);
    let selected = |h: &mut Harness| {
        h.screen()
            .lines()
            .find(|l| l.contains('▸'))
            .unwrap_or_default()
            .to_string()
    };
    assert!(selected(&mut h).contains(&date(11)), "{}", h.screen());
    h.key(KeyCode::End);
    h.key(KeyCode::End);
    assert!(
        selected(&mut h).contains(&date(40)),
        "the second page came in: {}",
        h.screen()
    );
    h.key(KeyCode::Home);
    assert!(selected(&mut h).contains(&date(1)), "{}", h.screen());
}

#[test]
fn a_signed_handover_prints_after_a_warning_and_the_print_is_audited() {
    use staywell::domain::audit::RecordKind;
    let dir = tempfile::tempdir().unwrap();
    let lp = fake_printer(dir.path(), false);
    let mut h = Harness::signed_in_printing(Some(lp), with_a_visitor);
    h.type_text("4");
    h.key(KeyCode::Char('p'));
    assert!(
        h.screen().contains("Only a signed handover can be printed"),
        "a draft is not printed"
    );
    h.key(KeyCode::Char('s'));
    h.type_text(PIN);
    h.ctrl('s');
    assert_eq!(mode(&h), "note", "{}", h.screen());
    assert!(h.screen().contains("p print"), "the hint names the key");
    h.key(KeyCode::Char('p'));
    let screen = h.screen();
    assert!(
        screen.contains("Print this handover? WARNING, not encrypted")
            && screen.contains("y prints"),
        "{screen}"
    );
    h.key(KeyCode::Char('n'));
    assert!(
        !h.screen().contains("Print this handover?"),
        "any other key cancels"
    );
    assert!(!dir.path().join("printed").exists());
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('y'));
    assert!(
        h.screen().contains("Sent to the printer 19:30:00"),
        "{}",
        h.screen()
    );
    let printed = std::fs::read_to_string(dir.path().join("printed")).unwrap();
    assert!(
        printed.starts_with("Staying Well handover — Sunday 22 November 2026\n"),
        "{printed}"
    );
    assert!(
        printed.contains("SIGNED by Robin Example") && printed.contains("Kit"),
        "{printed}"
    );
    let id = h.app.handover().unwrap().note().unwrap().id;
    let store = h.reopen_store();
    let prints = store
        .audit_entries_for(RecordKind::Handover, id)
        .unwrap()
        .iter()
        .filter(|e| e.action == "print")
        .count();
    assert_eq!(prints, 1);
}

#[test]
fn without_a_print_command_p_says_printing_is_not_available() {
    let mut h = Harness::signed_in_with(with_a_visitor);
    h.type_text("4");
    h.key(KeyCode::Char('s'));
    h.type_text(PIN);
    h.ctrl('s');
    h.key(KeyCode::Char('p'));
    assert!(
        h.screen()
            .contains("Printing is not available on this computer"),
        "{}",
        h.screen()
    );
    assert!(!h.screen().contains("Print this handover?"));
}

#[test]
fn a_search_of_past_handovers_replaces_the_last_and_shows_the_words_around_each_hit() {
    let mut h = Harness::signed_in_with(|store| {
        let mut body = staywell::domain::handover::HandoverBody::default();
        for back in 1..=4 {
            body.facilities = match back {
                2 => "The heating failed again before midnight so we moved everyone into the \
                      quiet room; the lift is out of order until the engineer comes on Monday \
                      morning with the part they ordered last week"
                    .into(),
                3 => "Lift fixed, café warm".into(),
                _ => "Fine".into(),
            };
            store
                .save_handover_draft(now().date_naive() - Duration::days(back), &body, 1, now())
                .unwrap();
        }
    });
    h.terminal.backend_mut().resize(80, 24);
    h.type_text("4");
    h.key(KeyCode::Char('h'));
    assert!(
        h.screen().contains("Past handovers · 4 handovers"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Char('/'));
    h.type_text("lift");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("Past handovers matching: lift · 2 handovers"),
        "{screen}"
    );
    // The words around the hit, cut at whole words with "…" where the note goes on.
    assert!(
        screen.contains("quiet room; the lift is out of order until"),
        "{screen}"
    );
    assert!(screen.contains("    …"), "cut at its start: {screen}");
    assert!(screen.contains("Lift fixed, café warm"), "{screen}");
    insta::assert_snapshot!("history_search_excerpts", screen);
    // A new search starts empty: "heating" alone, not "liftheating".
    h.key(KeyCode::Char('/'));
    h.type_text("heating");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("matching: heating · 1 handover "),
        "{screen}"
    );
    assert!(screen.contains("The heating failed again"), "{screen}");
    // A click on the row (its excerpt line too) opens it, as Enter does.
    let (x, y) = h.find_on_screen("The heating failed").unwrap();
    h.click(x, y);
    assert_eq!(mode(&h), "note", "{}", h.screen());
}

/// Keys as a terminal without bracketed paste sends them: a run of characters, line breaks
/// the Enter key, arriving faster than a frame.
fn by_keys(h: &mut Harness, text: &str) {
    for c in text.chars() {
        h.key(if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        });
    }
}

fn in_the_summary() -> Harness {
    let mut h = Harness::signed_in_with(with_a_visitor);
    h.type_text("4");
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Tab);
    h
}

#[test]
fn a_run_of_typed_keys_in_a_note_is_exactly_those_keys_one_by_one() {
    // Longer than the editor's undo history, with line breaks and accents.
    let text = "Crisis team called at 20:40.\nThey come at 21:00; café closed.\n".repeat(3);
    let mut one_by_one = in_the_summary();
    let mut at_once = in_the_summary();
    by_keys(&mut one_by_one, &text);
    at_once.app.handle_text(&text);
    assert_eq!(
        mode(&at_once),
        "edit",
        "Enter in a notes field starts a line"
    );
    assert_eq!(at_once.screen(), one_by_one.screen());
    // Where the cursor is: the next key lands in the same place in both.
    for h in [&mut one_by_one, &mut at_once] {
        h.key(KeyCode::Up);
        h.type_text("!");
    }
    assert_eq!(at_once.screen(), one_by_one.screen());
    // The same undo steps, one key each.
    for _ in 0..52 {
        one_by_one.ctrl('z');
        at_once.ctrl('z');
        assert_eq!(at_once.screen(), one_by_one.screen());
    }
    // The same draft, saved as typing saves it.
    for h in [&mut one_by_one, &mut at_once] {
        h.clock.advance(Duration::seconds(2));
        h.app.tick();
        assert!(h.screen().contains("Draft saved"), "{}", h.screen());
    }
    let saved = |h: &Harness| {
        h.reopen_store()
            .handover(now().date_naive())
            .unwrap()
            .unwrap()
            .body
            .entries[0]
            .summary
            .clone()
    };
    assert_eq!(saved(&at_once), saved(&one_by_one));
    assert!(saved(&at_once).starts_with("Crisis team called at 20:40.\nThey come"));
}

#[test]
fn a_run_of_keys_past_a_notes_limit_takes_what_fits_and_says_so_as_keys_do() {
    let mut one_by_one = in_the_summary();
    let mut at_once = in_the_summary();
    let room = staywell::domain::visit::LONG_TEXT_MAX - 5;
    for h in [&mut one_by_one, &mut at_once] {
        h.paste(&"x".repeat(room));
    }
    by_keys(&mut one_by_one, "abc\ndefgh");
    at_once.app.handle_text("abc\ndefgh");
    let screen = at_once.screen();
    assert!(
        screen.contains("summary is full: at most 10,000 characters"),
        "{screen}"
    );
    assert_eq!(screen, one_by_one.screen());
    for h in [&mut one_by_one, &mut at_once] {
        h.ctrl('s');
    }
    let saved = at_once
        .reopen_store()
        .handover(now().date_naive())
        .unwrap()
        .unwrap()
        .body
        .entries[0]
        .summary
        .clone();
    assert_eq!(
        saved,
        format!("{}abc\nd", "x".repeat(room)),
        "what fitted, in order"
    );
}

#[test]
fn a_run_of_letters_outside_a_text_field_is_still_commands_one_by_one() {
    let fill = |store: &mut staywell::store::Store| {
        with_a_visitor(store);
        walk_in(store, Some("Sam"), at(19, 5));
        walk_in(store, Some("Ash"), at(19, 10));
    };
    let mut one_by_one = Harness::signed_in_with(fill);
    let mut at_once = Harness::signed_in_with(fill);
    // On the board: j moves down, k up, and "4" then "e" opens the handover and its editor.
    by_keys(&mut one_by_one, "jjk");
    at_once.app.handle_text("jjk");
    assert_eq!(at_once.screen(), one_by_one.screen());
    by_keys(&mut one_by_one, "4e");
    at_once.app.handle_text("4e");
    assert_eq!(
        mode(&at_once),
        "edit",
        "the letters acted as the pane's keys"
    );
    assert_eq!(at_once.screen(), one_by_one.screen());
}
