//! Words are never cut: every screen a lead walks through, at 80×24 and 120×40, with long
//! fictional names, scanned for a word running into the edge of its box or the window (what
//! ratatui leaves when a line is clipped: "c plan · [ ] other shi"). A cut that ends in "…" is
//! a deliberate truncation and passes.

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
use staywell::store::Store;

const LONG_NAMES: [&str; 3] = [
    "Yasmin Placeholder-Exampleton",
    "Bartholomew Specimen",
    "Kit",
];

fn evening(store: &mut Store) {
    for (i, name) in LONG_NAMES.iter().enumerate() {
        walk_in(store, Some(name), at(18, 10 * i as u32));
    }
}

/// Rows known to end exactly at the edge with a whole word (the scan cannot tell these from a
/// cut): each was looked at on screen.
const EXACT_FITS: [&str; 1] = [
    // The plan editor's first prompt: 79 characters and a leading space, at 80 columns.
    "that tell me a crisis may be coming",
];

const BORDERS: [&str; 6] = ["│", "┐", "┘", "┤", "┌", "└"];

/// Rows whose text runs into the right edge mid-word: the last cell before the right border
/// (or the window's edge) and the one before it are both letters, and the next row does not
/// carry on at the same column (prose wrapped to fill its row exactly is whole).
fn cut_words(screen: &str) -> Vec<String> {
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let mut found = Vec::new();
    for (y, chars) in rows.iter().enumerate() {
        let Some(last) = chars.len().checked_sub(1) else {
            continue;
        };
        let edge = if BORDERS.contains(&chars[last].to_string().as_str()) {
            last
        } else {
            last + 1
        };
        if edge < 2 {
            continue;
        }
        let (a, b) = (chars[edge - 2], chars[edge - 1]);
        if !(a.is_alphanumeric() && b.is_alphanumeric()) {
            continue;
        }
        let start = chars
            .iter()
            .position(|c| !c.is_whitespace() && !BORDERS.contains(&c.to_string().as_str()));
        let continues = start.is_some_and(|x| {
            x > 0
                && rows.get(y + 1).is_some_and(|next| {
                    next.get(x).is_some_and(|c| c.is_alphanumeric())
                        && next.get(x - 1).is_some_and(|c| c.is_whitespace())
                })
        });
        let row = chars.iter().collect::<String>().trim_end().to_string();
        if !continues && !EXACT_FITS.iter().any(|fit| row.ends_with(fit)) {
            found.push(row);
        }
    }
    found
}

fn check(h: &mut Harness, what: &str, failures: &mut Vec<String>) {
    let screen = h.screen();
    for line in cut_words(&screen) {
        let (w, hgt) = {
            let area = h.terminal.backend().buffer().area;
            (area.width, area.height)
        };
        failures.push(format!("{what} at {w}×{hgt}: {line}"));
    }
}

fn walk(width: u16, height: u16, failures: &mut Vec<String>) {
    let mut h = Harness::existing_with(evening);
    h.terminal.backend_mut().resize(width, height);
    check(&mut h, "the unlock screen", failures);
    h.enter_line(PASSPHRASE);
    check(&mut h, "the sign-in screen", failures);
    h.enter_line(PIN);
    assert_eq!(h.app.screen_name(), "main");
    check(&mut h, "the Intake board", failures);
    h.key(KeyCode::Enter);
    check(&mut h, "the visit view", failures);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('e'));
    // Every field of the visit form, so each field's hint is drawn once.
    for i in 0..30 {
        check(&mut h, &format!("the visit form, field {i}"), failures);
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('n'));
    check(&mut h, "a new arrival", failures);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('c'));
    assert!(
        h.screen().contains("Ctrl-s saves a new version"),
        "{}",
        h.screen()
    );
    check(&mut h, "the plan editor", failures);
    for i in 0..12 {
        h.key(KeyCode::Tab);
        check(&mut h, &format!("the plan editor, section {i}"), failures);
    }
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('1'));
    for (key, pane) in [
        ('2', "Plans"),
        ('3', "Peers"),
        ('4', "Handover"),
        ('5', "Reports"),
    ] {
        h.key(KeyCode::Char(key));
        assert!(
            h.screen().contains(&format!("[{key} {pane}]")),
            "{}",
            h.screen()
        );
        check(&mut h, pane, failures);
    }
    h.key(KeyCode::Char('?'));
    check(&mut h, "the help overlay", failures);
    h.key(KeyCode::Esc);
    // Administration (from Reports, A): each section, with its bar of sections on top.
    h.key(KeyCode::Char('A'));
    for (key, section) in [
        ('s', "Staff"),
        ('d', "Signposting directory"),
        ('r', "Referral sources"),
        ('t', "Triage table"),
        ('b', "Bank holidays"),
        ('g', "Settings"),
        ('a', "Audit log"),
    ] {
        h.key(KeyCode::Char(key));
        assert!(
            h.screen().contains(&format!("Administration — {section}")),
            "{}",
            h.screen()
        );
        check(&mut h, &format!("Administration, {section}"), failures);
    }
}

#[test]
fn no_screen_cuts_a_word_at_80x24_or_120x40() {
    let mut failures = Vec::new();
    walk(80, 24, &mut failures);
    walk(120, 40, &mut failures);
    failures.dedup();
    assert!(failures.is_empty(), "cut words:\n{}", failures.join("\n"));
}

#[test]
fn the_scan_sees_a_cut_word_and_passes_an_ellipsis() {
    assert_eq!(cut_words("│ c plan · [ ] other shi│\n").len(), 1);
    assert_eq!(cut_words(" c plan · [ ] other shi\n").len(), 1);
    assert!(cut_words("│ c plan · [ ] other sh…│\n").is_empty());
    assert!(cut_words("│ Esc back                │\n").is_empty());
    assert!(
        cut_words("│ shown beside each│\n│ code             │\n").is_empty(),
        "wrapped prose carries on"
    );
}
