//! PINs asked for again (handover sign-off and acknowledgement) back off exactly as sign-in
//! does, share one count for the session, and every wrong one is audited with ids only.

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

fn with_a_visitor(store: &mut staywell::store::Store) {
    walk_in(store, Some("Kit"), at(19, 0));
    store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
}

fn retype_pin(h: &mut Harness, pin: &str) {
    for _ in 0..8 {
        h.key(KeyCode::Backspace);
    }
    h.type_text(pin);
    h.ctrl('s');
}

fn failures(
    store: &staywell::store::Store,
    action: &str,
) -> Vec<staywell::domain::audit::AuditEntry> {
    store
        .recent_audit_entries(1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .collect()
}

#[test]
fn twenty_wrong_pins_at_sign_off_and_acknowledgement_are_slowed_and_audited() {
    let mut h = Harness::signed_in_with(with_a_visitor);
    h.type_text("4");
    h.key(KeyCode::Char('s'));
    h.type_text("000000");
    h.ctrl('s');
    assert!(h.screen().contains("Wrong PIN."));
    // Twenty tries within the same second: three are checked, the rest wait.
    let mut refused_unchecked = 0;
    for _ in 0..19 {
        retype_pin(&mut h, "000000");
        if h.screen().contains("Too many wrong PINs. Try again in") {
            refused_unchecked += 1;
        }
    }
    assert_eq!(refused_unchecked, 17, "{}", h.screen());
    // Even the right PIN waits out the back-off (nothing is checked while it runs).
    retype_pin(&mut h, PIN);
    assert!(h.screen().contains("Too many wrong PINs"), "{}", h.screen());
    assert_eq!(h.app.handover().unwrap().mode_name(), "sign");
    h.clock.advance(Duration::seconds(2));
    retype_pin(&mut h, PIN);
    assert!(
        h.screen().contains("SIGNED by Robin Example"),
        "{}",
        h.screen()
    );

    // Jo acknowledges on the next start; wrong PINs there back off too.
    h.ctrl('l');
    h.clock.advance(Duration::hours(20));
    h.enter_line(PASSPHRASE);
    h.key(KeyCode::Up);
    h.enter_line("135790");
    h.key(KeyCode::Char('a'));
    h.type_text("Kit is waiting on the crisis team");
    h.key(KeyCode::Tab);
    h.type_text("999999");
    h.ctrl('s');
    assert!(h.screen().contains("Wrong PIN."), "{}", h.screen());
    for _ in 0..5 {
        retype_pin(&mut h, "999999");
    }
    assert!(h.screen().contains("Too many wrong PINs"), "{}", h.screen());
    h.clock.advance(Duration::seconds(30));
    retype_pin(&mut h, "135790");
    assert!(
        h.screen().contains("ACKNOWLEDGED by Jo Sample"),
        "{}",
        h.screen()
    );
    h.app.quit_safely();

    let store = h.reopen_store();
    let note = store.handover(now().date_naive()).unwrap().unwrap();
    assert!(matches!(note.state, HandoverState::Acknowledged { .. }));
    let signed = failures(&store, "sign_off_failed");
    assert_eq!(
        signed.len(),
        3,
        "only the PINs actually checked are failures"
    );
    for e in &signed {
        assert_eq!(e.staff_id, Some(1));
        assert_eq!(e.record_kind.as_deref(), Some("handover"));
    }
    let acked = failures(&store, "acknowledge_failed");
    assert_eq!(acked.len(), 3);
    for e in &acked {
        assert_eq!(e.staff_id, Some(2));
        assert_eq!(e.record_kind.as_deref(), Some("handover"));
        assert_eq!(e.record_id, Some(note.id));
    }
}

#[test]
fn sign_in_and_sign_off_share_one_count() {
    let mut h = Harness::existing_with(with_a_visitor);
    h.enter_line(PASSPHRASE);
    for _ in 0..10 {
        h.key(KeyCode::Up);
    }
    for _ in 0..10 {
        if h.screen().contains(&format!("Signing in as {LEAD}")) {
            break;
        }
        h.key(KeyCode::Down);
    }
    h.enter_line("111111");
    h.key(KeyCode::Backspace);
    for _ in 0..8 {
        h.key(KeyCode::Backspace);
    }
    h.enter_line("111111");
    for _ in 0..8 {
        h.key(KeyCode::Backspace);
    }
    h.clock.advance(Duration::seconds(1));
    h.enter_line(PIN);
    assert_eq!(h.app.screen_name(), "main", "{:?}", h.app.message());
    // Two failures at sign-in: the first wrong PIN at sign-off is the third, and the next try
    // must wait.
    h.type_text("4");
    h.key(KeyCode::Char('s'));
    h.type_text("000000");
    h.ctrl('s');
    assert!(h.screen().contains("Wrong PIN."));
    retype_pin(&mut h, "000000");
    assert!(h.screen().contains("Too many wrong PINs"), "{}", h.screen());
}
