//! The mouse, through the app as the terminal delivers it: tabs, rows, the wheel, form fields
//! and checkboxes. Every click does what keys already do; nothing here is reachable only by
//! the mouse.

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

#[test]
fn the_finder_takes_clicks_on_its_rows_and_nothing_beside_it() {
    let mut h = Harness::signed_in_with(|store| {
        walk_in(store, Some("Sam Able"), at(17, 0));
        walk_in(store, Some("Sam Baker"), at(18, 0));
        walk_in(store, Some("Kit"), at(18, 30));
    });
    h.ctrl('f');
    h.type_text("sam");
    assert!(h.screen().contains("Sam Baker"), "{}", h.screen());
    // Beside the finder: nothing happens, the finder stays.
    h.click(0, 10);
    assert!(h.screen().contains("Search: sam"), "{}", h.screen());
    // The second result: a click selects it, a second click opens it.
    // The finder's rows say when each was last here (the board under it does not).
    let row = |h: &mut Harness| {
        h.screen()
            .lines()
            .find(|l| l.contains('▸') && l.contains(" · last here"))
            .unwrap_or_default()
            .to_string()
    };
    let other = if row(&mut h).contains("Sam Able") {
        "Sam Baker · last here"
    } else {
        "Sam Able · last here"
    };
    click_text(&mut h, other);
    assert!(row(&mut h).contains(other), "{}", h.screen());
    click_text(&mut h, other);
    assert!(!h.screen().contains("Search: sam"), "{}", h.screen());
    assert_eq!(h.app.intake().unwrap().mode_name(), "person");
    let name = other.trim_end_matches(" · last here");
    assert!(
        h.screen().contains(&format!("Past visits — {name}")),
        "{}",
        h.screen()
    );
}

#[test]
fn a_click_in_a_filtered_directory_picker_takes_the_row_it_lands_on() {
    let mut h = Harness::signed_in_with(|store| {
        known_person(store, "Sam");
    });
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('n'));
    h.type_text("Sam");
    h.key(KeyCode::Enter);
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.ctrl('o');
    h.type_text("line");
    let screen = h.screen();
    assert!(screen.contains(" match 'line'"), "{screen}");
    // The third row on show, two below the selection: a click selects it, a second adds it.
    let third = screen
        .lines()
        .filter(|l| l.contains("│  ") && l.contains(" — "))
        .nth(1)
        .and_then(|l| l.split("│  ").nth(2))
        .map(|t| t.split(" — ").next().unwrap().trim().to_string())
        .unwrap_or_else(|| panic!("a third row:\n{screen}"));
    // Named with its number: the name alone is also in the editor's prompt above.
    let in_picker = format!("{third} — ");
    click_text(&mut h, &in_picker);
    assert!(
        h.screen().contains(&format!("▸ {in_picker}")),
        "{}",
        h.screen()
    );
    click_text(&mut h, &in_picker);
    let screen = h.screen();
    assert!(
        !screen.contains("match 'line'"),
        "the picker closed: {screen}"
    );
    assert!(
        screen.contains(&format!("{third} — ")),
        "{third} added: {screen}"
    );
}

#[test]
fn a_footer_item_is_a_button_that_presses_its_key() {
    let mut h = Harness::signed_in_with(five_visitors);
    assert_eq!(h.app.intake().unwrap().mode_name(), "board");
    // "n new" on the board's footer opens the quick-add form, as n does.
    click_text(&mut h, "n new");
    assert_eq!(
        h.app.intake().unwrap().mode_name(),
        "quick-add",
        "{}",
        h.screen()
    );
    // The board's footer still shows beside the form: its letters are not typed into a field
    // (the name field here; had "c" gone in, Esc below would ask before discarding).
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    click_text(&mut h, "c plan");
    assert_eq!(h.app.intake().unwrap().mode_name(), "quick-add");
    // The form's footer: "Esc cancels" closes it (nothing typed, so nothing to ask).
    click_text(&mut h, "Esc cancels");
    assert_eq!(
        h.app.intake().unwrap().mode_name(),
        "board",
        "{}",
        h.screen()
    );
    // A visit's footer, in its bottom border: "p visits" shows the person's past visits.
    h.key(KeyCode::Enter);
    assert_eq!(h.app.intake().unwrap().mode_name(), "visit");
    click_text(&mut h, "p visits");
    assert_eq!(
        h.app.intake().unwrap().mode_name(),
        "person",
        "{}",
        h.screen()
    );
}
