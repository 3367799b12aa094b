//! Headless key flows and render snapshots of the app (TestBackend, fixed clock).

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
use staywell::store::Store;
use staywell::ui::panes::PaneId;
use staywell::ui::unlock::DemoHint;

fn audit_actions(store: &Store) -> Vec<String> {
    let mut v: Vec<String> = store
        .recent_audit_entries(1000)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    v.reverse();
    v
}

fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"/\S*/staywell\.db", "[DB]");
    s
}

// ----- flows -----

#[test]
fn creating_a_database_refuses_weak_passphrases_and_bad_pins_then_signs_in() {
    let mut h = Harness::new_database();
    assert_eq!(h.app.screen_name(), "create");
    h.enter_line("short");
    h.enter_line("short");
    assert!(h.screen().contains("Passphrase too short"));
    h.enter_line("passwordpassword");
    h.enter_line("passwordpassword");
    assert!(h.screen().contains("too easy to guess"));
    h.enter_line(PASSPHRASE);
    h.enter_line("lantern orbit teacup");
    assert!(h.screen().contains("do not match"));
    h.enter_line(PASSPHRASE);
    let s = h.screen();
    assert!(s.contains("step 2 of 2"), "{s}");
    h.enter_line(LEAD);
    h.enter_line("12345");
    h.enter_line("12345");
    assert!(h.screen().contains("at least 6 digits"));
    h.enter_line("123456");
    h.enter_line("123457");
    assert!(h.screen().contains("do not match"));
    h.enter_line("123456");
    assert_eq!(h.app.screen_name(), "main");
    assert_eq!(h.app.signed_in_staff().unwrap().name, LEAD);
    h.app.quit_safely();

    let store = h.reopen_store();
    let staff = store.active_staff().unwrap();
    assert_eq!(staff.len(), 1);
    assert!(store.verify_pin(staff[0].id, "123456").unwrap());
    assert_eq!(
        audit_actions(&store),
        [
            "database_created",
            "create",
            "unlock",
            "sign_in",
            "sign_out"
        ]
    );
}

#[test]
fn the_key_contract_moves_between_all_five_panes() {
    let mut h = Harness::existing();
    h.unlock_and_sign_in();
    assert_eq!(h.app.current_pane(), Some(PaneId::Intake));
    for p in PaneId::ALL {
        h.type_text(&p.number().to_string());
        assert_eq!(h.app.current_pane(), Some(p));
        assert!(
            h.screen().contains(&format!("┌ {} ", p.title())),
            "{} title",
            p.title()
        );
    }
    h.key(KeyCode::Tab);
    assert_eq!(h.app.current_pane(), Some(PaneId::Intake));
    h.shift_tab();
    assert_eq!(h.app.current_pane(), Some(PaneId::Reports));
    h.key(KeyCode::Char('?'));
    assert!(h.screen().contains("Help — Reports"));
    h.key(KeyCode::Char('1'));
    assert_eq!(
        h.app.current_pane(),
        Some(PaneId::Reports),
        "keys go to help while it is open"
    );
    h.key(KeyCode::Esc);
    assert!(!h.screen().contains("Help — Reports"));
    h.key(KeyCode::Char('q'));
    assert!(h.app.should_quit());
    assert!(!h.app.holds_store());
}

#[test]
fn locking_drops_the_store_and_unlocking_returns_to_the_same_pane() {
    let mut h = Harness::existing();
    h.unlock_and_sign_in();
    h.key(KeyCode::Char('3'));
    h.ctrl('l');
    assert!(h.app.is_locked());
    assert!(!h.app.holds_store());
    assert_eq!(h.app.screen_name(), "unlock");
    let screen = h.screen();
    assert!(screen.contains("Unlock") && screen.contains("Locked."));
    assert!(
        !screen.contains(LEAD),
        "nothing from the database is shown while locked"
    );
    assert_eq!(h.app.resume_point().unwrap().pane, PaneId::Peers);

    h.enter_line(PASSPHRASE);
    assert!(h.screen().contains(&format!("Signing in as {LEAD}")));
    h.enter_line(PIN);
    assert_eq!(h.app.current_pane(), Some(PaneId::Peers));
    h.app.quit_safely();
    let actions = audit_actions(&h.reopen_store());
    assert_eq!(
        &actions[2..],
        ["unlock", "sign_in", "lock", "unlock", "sign_in", "sign_out"]
    );
}

#[test]
fn inactivity_locks_after_the_configured_minutes() {
    let mut h = Harness::existing();
    h.unlock_and_sign_in();
    h.clock
        .advance(Duration::minutes(4) + Duration::seconds(59));
    h.app.tick();
    assert!(!h.app.is_locked());
    h.key(KeyCode::Char('2'));
    h.clock.advance(Duration::minutes(4));
    h.app.tick();
    assert!(!h.app.is_locked(), "a key resets the timer");
    h.clock.advance(Duration::minutes(1));
    h.app.tick();
    assert!(h.app.is_locked());
    assert!(!h.app.holds_store());
    assert!(
        h.screen()
            .contains("Locked after 5 minutes without activity.")
    );
}

#[test]
fn wrong_passphrases_back_off_and_are_audited_after_unlocking() {
    let mut h = Harness::existing();
    for _ in 0..3 {
        h.enter_line("not it, not it at all");
        assert!(
            h.screen()
                .contains("Wrong passphrase, or not a staywell database.")
        );
    }
    h.enter_line(PASSPHRASE);
    assert!(
        h.screen()
            .contains("Too many wrong passphrases. Try again in 1 second.")
    );
    assert_eq!(h.app.screen_name(), "unlock");
    h.clock.advance(Duration::seconds(1));
    h.enter_line(PASSPHRASE);
    assert_eq!(h.app.screen_name(), "sign-in");
    // Written once the first unlock's page check (after the first frame) finds the file
    // sound: a tick after its verdict.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let actions = loop {
        h.app.tick();
        let actions = audit_actions(&h.reopen_store());
        if actions.last().map(String::as_str) == Some("unlock") || std::time::Instant::now() > until
        {
            break actions;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    assert_eq!(
        &actions[2..],
        ["unlock_failed", "unlock_failed", "unlock_failed", "unlock"]
    );
}

#[test]
fn back_off_survives_a_restart_of_the_app() {
    let mut h = Harness::existing();
    for _ in 0..4 {
        h.clock.advance(Duration::seconds(40));
        h.enter_line("wrong wrong wrong wrong");
    }
    let mut again = Harness::with(tempfile::tempdir().unwrap(), h.db.clone(), None, None);
    again.clock.set(h.clock.now_for_test());
    again.enter_line(PASSPHRASE);
    assert!(again.screen().contains("Too many wrong passphrases"));
}

#[test]
fn a_wrong_pin_is_refused_and_audited() {
    let mut h = Harness::existing();
    h.enter_line(PASSPHRASE);
    h.enter_line("999999");
    assert_eq!(h.app.screen_name(), "sign-in");
    assert!(h.screen().contains("Wrong PIN."));
    h.enter_line(PIN);
    assert_eq!(h.app.screen_name(), "main");
    h.app.quit_safely();
    assert!(audit_actions(&h.reopen_store()).contains(&"sign_in_failed".to_string()));
}

#[test]
fn a_signed_in_colleague_adds_another_who_can_then_sign_in() {
    let mut h = Harness::existing();
    h.enter_line(PASSPHRASE);
    h.type_text(PIN);
    h.ctrl('n');
    assert!(h.screen().contains("Add a colleague"));
    h.enter_line("Jo Sample");
    h.enter_line("135790");
    h.enter_line("135790");
    assert!(h.screen().contains("Colleague added"));
    assert!(h.screen().contains("Signing in as Jo Sample"));
    h.enter_line("135790");
    assert_eq!(h.app.signed_in_staff().unwrap().name, "Jo Sample");
}

#[test]
fn ctrl_c_quits_from_inside_a_text_field() {
    let mut h = Harness::existing();
    h.type_text("half a passphrase");
    h.ctrl('c');
    assert!(h.app.should_quit());
}

#[test]
fn a_passphrase_file_unlocks_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = new_db(dir.path());
    store.close().unwrap();
    let mut h = Harness::with(dir, db, None, Some(PASSPHRASE));
    assert_eq!(h.app.screen_name(), "sign-in");
    h.enter_line(PIN);
    assert_eq!(h.app.screen_name(), "main");
}

#[test]
fn no_color_theme_draws_without_colour() {
    let mut h = Harness::existing();
    h.unlock_and_sign_in();
    h.screen();
    let buffer = h.terminal.backend().buffer();
    assert!(
        buffer
            .content
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset)
    );
}

// ----- snapshots -----

#[test]
fn snapshot_create_and_unlock_and_sign_in() {
    let _g = snapshot_settings().bind_to_scope();
    let mut h = Harness::new_database();
    insta::assert_snapshot!("create_step_1", h.screen());

    let mut h = Harness::existing();
    insta::assert_snapshot!("unlock", h.screen());
    h.enter_line(PASSPHRASE);
    insta::assert_snapshot!("sign_in", h.screen());
}

#[test]
fn snapshot_demo_unlock_shows_the_demo_passphrase_and_pin() {
    let _g = snapshot_settings().bind_to_scope();
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = new_db(dir.path());
    store.close().unwrap();
    let hint = DemoHint {
        passphrase: "demo only, fictional people".into(),
        staff_name: "Robin Example".into(),
        pin: "123456".into(),
    };
    let mut h = Harness::with(dir, db, Some(hint), None);
    insta::assert_snapshot!("unlock_demo", h.screen());
}

#[test]
fn snapshot_shell_help_and_small_window() {
    let mut h = Harness::existing();
    h.unlock_and_sign_in();
    insta::assert_snapshot!("shell_intake", h.screen());
    h.key(KeyCode::Char('?'));
    insta::assert_snapshot!("shell_help", h.screen());
    h.key(KeyCode::Esc);
    h.terminal.backend_mut().resize(79, 24);
    insta::assert_snapshot!("too_small", h.screen());
    h.terminal.backend_mut().resize(80, 24);
    insta::assert_snapshot!("shell_80x24", h.screen());
}

#[test]
fn typing_a_letter_on_the_sign_in_screen_chooses_that_name() {
    let mut h = Harness::existing_with(|store| {
        store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
        store.add_staff("Jay Specimen", "135791", 1, now()).unwrap();
    });
    h.enter_line(PASSPHRASE);
    h.type_text("r");
    assert!(h.screen().contains(&format!("Signing in as {LEAD}")));
    h.type_text("j");
    assert!(h.screen().contains("Signing in as Jay Specimen"));
    h.type_text("j");
    assert!(
        h.screen().contains("Signing in as Jo Sample"),
        "the next one with that letter"
    );
    h.enter_line("135790");
    assert_eq!(h.app.signed_in_staff().unwrap().name, "Jo Sample");
}

#[test]
fn keys_and_pastes_behind_the_too_small_screen_do_nothing_but_ctrl_c_still_quits() {
    let mut h = Harness::existing();
    h.terminal.backend_mut().resize(60, 20);
    assert!(h.screen().contains("Please make this window at least"));
    // A passphrase typed blind must not unlock.
    h.enter_line(PASSPHRASE);
    h.app.handle_paste(PASSPHRASE);
    h.app.handle_text(PASSPHRASE);
    h.key(KeyCode::Enter);
    h.terminal.backend_mut().resize(100, 30);
    let screen = h.screen();
    assert_eq!(h.app.screen_name(), "unlock");
    assert!(
        !screen.contains('•'),
        "nothing was typed into the field:\n{screen}"
    );
    h.terminal.backend_mut().resize(60, 20);
    h.screen();
    h.ctrl('c');
    assert!(h.app.should_quit(), "Ctrl-c always quits safely");
}

#[test]
fn a_run_of_typed_characters_acts_as_keys_outside_a_text_field() {
    let mut h = Harness::existing();
    h.unlock_and_sign_in();
    // "2" then "3" arriving in one read are two pane switches, not text.
    h.app.handle_text("23");
    assert_eq!(h.app.current_pane(), Some(PaneId::Peers));
}

#[test]
fn a_pasted_passphrase_waits_for_enter_and_a_pasted_pin_must_be_digits() {
    let mut h = Harness::existing();
    h.paste(&format!("{PASSPHRASE}\n"));
    assert_eq!(
        h.app.screen_name(),
        "unlock",
        "a pasted line break does not unlock"
    );
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen_name(), "sign-in", "{:?}", h.app.message());
    h.paste("24 68 10");
    assert!(
        h.screen().contains("PIN takes digits only"),
        "{}",
        h.screen()
    );
    h.paste(PIN);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen_name(), "main", "{:?}", h.app.message());
}

#[test]
fn a_message_too_long_for_the_status_bar_at_80_columns_gets_its_own_row_whole() {
    let mut h = Harness::existing();
    h.terminal.backend_mut().resize(80, 24);
    h.unlock_and_sign_in();
    // The longest thing the status bar is asked to say at sign-in: a paste refused.
    h.app.paste_too_long(5 * 1024 * 1024);
    let screen = h.screen();
    assert!(
        screen.contains("✗ That paste was too large to take in (5120 KB); nothing was added."),
        "{screen}"
    );
    let last = screen.lines().last().unwrap();
    assert!(last.starts_with(" Intake │ Robin Example │"), "{last}");
    assert!(
        !last.contains("paste"),
        "not also cut into the status bar: {last}"
    );
}

#[test]
fn at_80x24_the_help_scrolls_to_its_last_line_and_says_there_is_more() {
    let mut h = Harness::signed_in_with(|_| {});
    h.terminal.backend_mut().resize(80, 24);
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(screen.contains("more below"), "{screen}");
    assert!(!screen.contains("Esc or ? closes this help."), "{screen}");
    h.key(KeyCode::End);
    let screen = h.screen();
    assert!(screen.contains("Esc or ? closes this help."), "{screen}");
    assert!(screen.contains("the end"), "{screen}");
    insta::assert_snapshot!("help_80x24_end", screen);
    // Scrolling back up reaches the first row again: the pane's own keys come first.
    h.key(KeyCode::Char('g'));
    assert!(
        h.screen()
            .contains("move the visit on: waiting, with worker, seen, left")
    );
    h.key(KeyCode::Esc);
    assert!(!h.screen().contains("Help —"));
}
