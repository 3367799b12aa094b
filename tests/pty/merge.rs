//! Merging a duplicate through the real binary: two quick adds of the same person, the second
//! merged into the first from its visit (`M`), then the database reopened through the store.

use super::*;
use staywell::domain::correction::{CorrectedField, CorrectedKind};

#[test]
fn two_visitors_for_the_same_person_are_merged_from_a_visit() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, store) = new_db(home.path());
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Nobody on the board");

    tui.send("n");
    tui.wait_for("New arrival");
    tui.send("\t\tJo");
    tui.send("\x13");
    tui.wait_for(&board_count(1));
    tui.send("n");
    tui.wait_for("New arrival");
    tui.send("\t\tJoanne\t\t\t07700 900777");
    tui.send("\x13");
    tui.wait_for(&board_count(2));

    // Joanne's visit (the second row), then M and the search for the first record.
    tui.send("j");
    tui.send("\r");
    tui.wait_for("Visit — Joanne");
    tui.send("M");
    tui.wait_for("Merge with which record?");
    tui.send("Jo");
    tui.wait_for("last here");
    tui.send("\r");
    tui.wait_for("Merge two records of the same person");
    tui.wait_for("#2 (this visit)");
    // Keep Joanne's name (the name row, ←); the phone is hers already (#1 has none).
    tui.send("\x1b[B");
    tui.send("\x1b[D");
    tui.wait_for("(•) Joanne");
    tui.send("\t\t\t\t");
    tui.send("added twice tonight");
    tui.wait_for("added twice tonight");
    tui.send("\x13");
    tui.wait_for("Merge #2 into #1?");
    tui.send("y");
    tui.wait_for("merged from #2 on");
    tui.wait_for("Merged #2 into #1");
    tui.send("\x1b");
    tui.wait_for(&board_count(2));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let store = Store::open(&db, &passphrase()).unwrap();
    assert_eq!(store.visit(1).unwrap().person_id, 1);
    assert_eq!(store.visit(2).unwrap().person_id, 1, "the visit moved");
    let p = store.person(1).unwrap().details;
    assert_eq!(p.display_name.as_deref(), Some("Joanne"));
    assert_eq!(p.phone.as_deref(), Some("07700 900777"));
    assert!(store.person(2).is_err(), "the duplicate is no longer found");
    let history = store.corrections(CorrectedKind::Person, 1).unwrap();
    let fields: Vec<CorrectedField> = history.iter().map(|c| c.change.field).collect();
    assert_eq!(fields, [CorrectedField::DisplayName, CorrectedField::Phone]);
    assert_eq!(history[0].change.previous.as_deref(), Some("Jo"));
    assert!(history.iter().all(|c| c.reason == "added twice tonight"));
    let merges = store.merges_into(1).unwrap();
    assert_eq!(merges.len(), 1);
    assert_eq!((merges[0].absorbed_id, merges[0].by.as_str()), (2, LEAD));
    let audited: Vec<String> = store
        .audit_entries_for(staywell::domain::audit::RecordKind::Person, 2)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(audited.first().map(String::as_str), Some("merge"));
    assert!(
        store
            .form_draft(
                1,
                &staywell::domain::draft::DraftKey::new(
                    staywell::domain::draft::FormKind::MergePeople,
                    "2+1"
                )
            )
            .unwrap()
            .is_none()
    );
    assert!(store.check().unwrap().is_ok());
}

/// Issue 15's journey in one run of the real binary: a visitor added with a typo, the name and
/// the arrival corrected, a follow-up logged and closed, a duplicate merged; then the database
/// reopened through the store and every value and the history checked.
#[test]
fn a_typo_is_corrected_a_follow_up_closed_and_a_duplicate_merged_in_one_evening() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, store) = new_db(home.path());
    let hours = store.service_hours().unwrap();
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Nobody on the board");
    // Three minutes before the arrival the form fills in, on the same board (chosen first).
    let arrived_really =
        room_on_the_board(chrono::Duration::minutes(3)) - chrono::Duration::minutes(3);
    tui.send("n");
    tui.wait_for("New arrival");
    tui.send("\t\tJonh\tLow mood");
    tui.send("\x13");
    tui.wait_for(&board_count(1));

    // Correct the name and the arrival (a few minutes earlier than typed), with a reason.
    let hhmm = arrived_really
        .with_timezone(&hours.tz)
        .format("%H:%M")
        .to_string();
    tui.send("\r");
    tui.wait_for("Visit — Jonh");
    tui.send("E");
    tui.wait_for("Correct the quick-add details");
    tui.send(&format!("\t\t\x15{hhmm}\t\x15John"));
    tui.send("\t\t\t\ttyped in a hurry");
    tui.send("\x13");
    tui.wait_for("name Jonh → John");
    tui.wait_for("Visit — John");

    // A follow-up, then closed with what came of it.
    tui.send("f");
    tui.wait_for("Add a follow-up");
    tui.send("\tRing the GP surgery");
    tui.send("\x13");
    tui.wait_for("[open] Ring the GP surgery");
    tui.send("d");
    tui.wait_for("Close which follow-up?");
    tui.send("\r");
    tui.wait_for("Close a follow-up");
    tui.send("\tGP will see John on Friday");
    tui.send("\x13");
    tui.wait_for("GP will see John on Friday");

    // The same person added again, then merged into the first record.
    tui.send("\x1b");
    tui.wait_for(&board_count(1));
    tui.send("n");
    tui.wait_for("New arrival");
    tui.send("\t\tJohnny\t\t\t07700 900123");
    tui.send("\x13");
    tui.wait_for(&board_count(2));
    tui.send("j");
    tui.send("\r");
    tui.wait_for("Visit — Johnny");
    tui.send("M");
    tui.wait_for("Merge with which record?");
    tui.send("John");
    tui.wait_for("last here");
    tui.send("\r");
    tui.wait_for("Merge two records of the same person");
    tui.send("\t\t\t\t\t"); // past the record kept and the four details, to the reason
    tui.send("the same man, added twice");
    tui.wait_for("the same man, added twice");
    tui.send("\x13");
    tui.wait_for("Merge #2 into #1?");
    tui.send("y");
    tui.wait_for("Merged #2 into #1");
    tui.send("\x1b");
    tui.wait_for(&board_count(2));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let store = Store::open(&db, &passphrase()).unwrap();
    let first = store.visit(1).unwrap();
    assert_eq!(first.display_name.as_deref(), Some("John"));
    let local =
        |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&hours.tz).format("%H:%M").to_string();
    assert_eq!(local(first.arrived_at), hhmm, "the arrival as corrected");
    assert_eq!(
        store.visit(2).unwrap().person_id,
        1,
        "the duplicate's visit moved"
    );
    let p = store.person(1).unwrap().details;
    assert_eq!(
        p.phone.as_deref(),
        Some("07700 900123"),
        "blanks filled from #2"
    );
    // The history: name and arrival corrected with the reason, the original kept.
    let history = store.visit_history(1).unwrap();
    let name = history
        .iter()
        .find(|c| c.change.field == CorrectedField::DisplayName && c.reason == "typed in a hurry")
        .expect("the name correction");
    assert_eq!(name.change.previous.as_deref(), Some("Jonh"));
    assert!(
        history
            .iter()
            .any(|c| c.change.field == CorrectedField::Arrival && c.reason == "typed in a hurry"),
        "{history:?}"
    );
    let f = &store.follow_ups(1).unwrap()[0];
    assert_eq!(f.outcome, "GP will see John on Friday");
    assert_eq!(
        f.closed_as,
        Some(staywell::domain::follow_up::ClosedAs::Done)
    );
    assert_eq!(f.done_by, Some(1));
    assert_eq!(store.merges_into(1).unwrap().len(), 1);
    assert!(store.check().unwrap().is_ok());
}
