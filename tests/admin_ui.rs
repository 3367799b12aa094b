//! Administration, mounted in the Reports pane: opened with A, used, and closed with Esc.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use common::harness::Harness;
use common::*;
use crossterm::event::KeyCode;

#[test]
fn administration_opens_from_reports_changes_a_setting_and_closes() {
    let mut h = Harness::signed_in_with(|_| {});
    h.type_text("5");
    h.type_text("A");
    let screen = h.screen();
    assert!(screen.contains(LEAD), "the staff list:\n{screen}");
    h.type_text("g");
    let screen = h.screen();
    assert!(screen.contains("Auto-lock"), "the settings:\n{screen}");
    h.key(KeyCode::Esc);
    let screen = h.screen();
    assert!(
        !screen.contains("Auto-lock"),
        "back to the report:\n{screen}"
    );
    assert_eq!(
        h.app.current_pane(),
        Some(staywell::ui::panes::PaneId::Reports)
    );
}

#[test]
fn administration_lists_page_with_pgdn_home_and_end() {
    let mut h = Harness::signed_in_with(|_| {});
    h.type_text("5");
    h.type_text("A");
    h.type_text("d"); // the signposting directory: 21 services
    let selected = |h: &mut Harness| {
        h.screen()
            .lines()
            .find(|l| l.contains('▸'))
            .unwrap_or_default()
            .to_string()
    };
    let first = selected(&mut h);
    assert!(first.contains("NHS 111"), "{}", h.screen());
    h.key(KeyCode::End);
    let last = selected(&mut h);
    assert!(last.contains("StepChange"), "{}", h.screen());
    h.key(KeyCode::Home);
    assert_eq!(selected(&mut h), first);
    h.key(KeyCode::PageDown);
    assert!(selected(&mut h).contains("Mind Infoline"), "{}", h.screen());
    h.key(KeyCode::PageUp);
    assert_eq!(selected(&mut h), first);
}

#[test]
fn a_click_on_an_administration_row_selects_it_and_a_second_edits_it() {
    let mut h = Harness::signed_in_with(|_| {});
    h.type_text("5");
    h.type_text("A");
    h.type_text("d");
    let (x, y) = h.find_on_screen("Mind Infoline").unwrap();
    h.click(x, y);
    let screen = h.screen();
    assert!(
        screen
            .lines()
            .any(|l| l.contains('▸') && l.contains("Mind Infoline")),
        "{screen}"
    );
    h.click(x, y);
    let screen = h.screen();
    assert!(
        screen.contains("Edit Mind Infoline"),
        "the edit form: {screen}"
    );
}
