//! The mouse, through the app as the terminal delivers it: tabs, rows, the wheel, form fields
//! and checkboxes. Every click does what keys already do; nothing here is reachable only by
//! the mouse.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use common::harness::Harness;
use common::*;
use crossterm::event::{KeyCode, MouseEventKind};
use staywell::store::Store;
use staywell::ui::panes::PaneId;

fn five_visitors(store: &mut Store) {
    for (name, h) in [
        ("Kit", 17),
        ("Bea", 18),
        ("Priya", 18),
        ("Sam", 19),
        ("Ali", 19),
    ] {
        walk_in(store, Some(name), at(h, 5));
    }
}

fn selected_name(h: &Harness) -> String {
    h.app
        .intake()
        .unwrap()
        .selected_row()
        .map(|r| r.label())
        .unwrap_or_default()
}

fn click_text(h: &mut Harness, text: &str) {
    let (x, y) = h
        .find_on_screen(text)
        .unwrap_or_else(|| panic!("{text:?} on screen:\n{}", h.screen()));
    h.click(x, y);
}

#[test]
fn clicking_a_tab_shows_its_pane_and_the_active_tab_does_nothing() {
    let mut h = Harness::signed_in_with(|_| {});
    click_text(&mut h, "3 Peers");
    assert_eq!(h.app.current_pane(), Some(PaneId::Peers));
    click_text(&mut h, "2 Plans");
    assert_eq!(h.app.current_pane(), Some(PaneId::Plans));
    click_text(&mut h, "[2 Plans]");
    assert_eq!(h.app.current_pane(), Some(PaneId::Plans));
    click_text(&mut h, "1 Intake");
    assert_eq!(h.app.current_pane(), Some(PaneId::Intake));
}

#[test]
fn clicking_a_row_selects_it_and_clicking_it_again_opens_it() {
    let mut h = Harness::signed_in_with(five_visitors);
    let first = selected_name(&h);
    click_text(&mut h, "Sam");
    assert_eq!(selected_name(&h), "Sam", "was {first}");
    assert_eq!(h.app.intake().unwrap().mode_name(), "board");
    click_text(&mut h, "Kit");
    assert_eq!(selected_name(&h), "Kit", "upwards too");
    // A double-click is two clicks: the first selects, the second opens.
    let (x, y) = h.find_on_screen("Priya").unwrap();
    h.click(x, y);
    h.click(x, y);
    assert_eq!(h.app.intake().unwrap().mode_name(), "visit");
    assert!(h.screen().contains("Priya"));
}

#[test]
fn the_wheel_moves_through_a_list_but_not_from_the_tabs() {
    let mut h = Harness::signed_in_with(five_visitors);
    let (x, y) = h.find_on_screen("Kit").unwrap();
    let names: Vec<String> = h
        .app
        .intake()
        .unwrap()
        .rows()
        .iter()
        .map(|r| r.label())
        .collect();
    let start = names.iter().position(|n| *n == selected_name(&h)).unwrap();
    h.wheel(x, y, true);
    let after = names.iter().position(|n| *n == selected_name(&h)).unwrap();
    assert_eq!(after, (start + 3).min(names.len() - 1));
    h.wheel(x, y, false);
    let back = names.iter().position(|n| *n == selected_name(&h)).unwrap();
    assert_eq!(back, after.saturating_sub(3));
    h.wheel(0, 0, true);
    assert_eq!(
        names.iter().position(|n| *n == selected_name(&h)).unwrap(),
        back,
        "the tab row has no list"
    );
    // Moving the pointer alone is nothing.
    h.mouse(MouseEventKind::Moved, x, y);
    assert_eq!(h.app.intake().unwrap().mode_name(), "board");
}

#[test]
fn clicking_a_field_focuses_it_and_a_checkbox_ticks_it() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, None, at(19, 0));
    });
    h.key(KeyCode::Char('e'));
    assert_eq!(h.app.intake().unwrap().mode_name(), "edit");
    click_text(&mut h, "Safety formulation");
    h.type_text("Sister can collect at 21:00.");
    assert!(
        h.screen().contains("Sister can collect at 21:00."),
        "{}",
        h.screen()
    );
    // A tab while the form has the keyboard: the form stays, and the lead is told how to leave.
    click_text(&mut h, "2 Plans");
    assert_eq!(h.app.current_pane(), Some(PaneId::Intake));
    assert_eq!(h.app.intake().unwrap().mode_name(), "edit");
    // Any checkbox on the form: Tab down until one shows, then click the last unticked one
    // on screen (not the focused field's first option, so the click has to move to it).
    for _ in 0..40 {
        if h.screen().contains("[ ] ") {
            break;
        }
        h.key(KeyCode::Tab);
    }
    let screen = h.screen();
    let chip = screen
        .lines()
        .rev()
        .find_map(|l| {
            let at = l.rfind("[ ] ")?;
            let rest = &l[at + 4..];
            Some(rest.split("  ").next().unwrap().to_string())
        })
        .expect("a checkbox on the form");
    click_text(&mut h, &format!("[ ] {chip}"));
    assert!(
        h.screen().contains(&format!("[x] {chip}")),
        "{chip} ticked:\n{}",
        h.screen()
    );
    // A click on the form's empty space is not a click on the board under it.
    h.click(40, 2);
    assert_eq!(h.app.intake().unwrap().mode_name(), "edit");
}
