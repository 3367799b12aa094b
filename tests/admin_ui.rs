//! Administration, mounted in the Reports pane: opened with A, used, and closed with Esc.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
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
