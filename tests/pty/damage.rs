//! A damaged page found by the first unlock's page check, which runs after the first frame:
//! the real binary shows the banner by itself (its own ticks), refuses saves, and the file is
//! left as it was.

use super::*;

#[test]
fn a_damaged_page_shows_the_banner_soon_after_unlocking_and_the_file_is_not_written() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    for i in 0..300 {
        walk_in(
            &mut store,
            Some(&format!("Visitor number {i} with a longer name")),
            at(19, 0),
        );
    }
    store.checkpoint().unwrap();
    store.close().unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    // The last page: not one that opening, signing in or the board reads.
    let last = bytes.len() - 4096 + 300;
    bytes[last] ^= 0x01;
    std::fs::write(&db, &bytes).unwrap();

    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("DAMAGED and open read-only");
    tui.wait_for("Restore from a backup");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the damaged file was not written"
    );
}
