//! Pickers narrow as the lead types, in a real terminal: the plan editor's list of national
//! lines and directory services.

use super::*;

#[test]
fn the_directory_picker_narrows_as_the_lead_types_and_esc_clears_before_it_closes() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    known_person(&mut store, "Sam");
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Nobody on the board");

    start_a_plan_for_sam(&mut tui);
    tui.send("\t\t\t\t\x0f"); // Tab to professionals, Ctrl-o
    tui.wait_for("Add to professionals and services");
    tui.send("zq");
    tui.wait_for("match 'zq'");
    tui.send("\x1b"); // Esc empties the filter; the picker stays
    tui.wait_for("Add to professionals and services ─");
    tui.send("Calm");
    tui.wait_for("1 of ");
    tui.wait_for("match 'Calm'");
    tui.send("\x7f"); // Backspace widens
    tui.wait_for("match 'Cal'");
    tui.send("m\r");
    tui.send("\x13"); // Ctrl-s
    tui.wait_for("Plans — Sam — version 1 of 1");
    tui.wait_for("• CALM (Campaign Against Living Miserably) — 0800 58 58 58");
    tui.send("\x1b");
    tui.wait_for("1 plan · 0 overdue");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
