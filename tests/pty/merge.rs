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
