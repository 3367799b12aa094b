//! The demo generator: clearly fictional, deterministic, and covering what each pane shows.

mod common;

use common::*;
use staywell::demo::{self, Size};
use staywell::domain::visit::{Outcome, VisitStatus};
use staywell::store::Store;

fn codes(store: &Store, sql: &str) -> Vec<String> {
    store
        .connection()
        .prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn digest(store: &Store) -> String {
    codes(
        store,
        "SELECT group_concat(person_id || arrived_at || status || coalesce(triage_code,'') || coalesce(outcome_code,''), '|')
         FROM (SELECT * FROM visits ORDER BY id)",
    )
    .join("")
}

#[test]
fn the_small_demo_covers_every_status_code_and_outcome_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let store = demo::generate(&path, Size::Small, now()).unwrap();
    let statuses = codes(&store, "SELECT DISTINCT status FROM visits ORDER BY 1");
    for s in VisitStatus::ALL {
        assert!(statuses.contains(&s.code().to_string()), "status {s:?}");
    }
    let triage = codes(
        &store,
        "SELECT DISTINCT triage_code FROM visits WHERE triage_code IS NOT NULL ORDER BY 1",
    );
    assert_eq!(triage, ["A", "B", "C", "D", "E", "F", "G"]);
    let outcomes = codes(
        &store,
        "SELECT DISTINCT outcome_code FROM visits WHERE outcome_code IS NOT NULL ORDER BY 1",
    );
    assert_eq!(outcomes.len(), Outcome::ALL.len());
    let count = |t: &str| {
        codes(&store, &format!("SELECT count(*) || '' FROM {t}"))[0]
            .parse::<i64>()
            .unwrap()
    };
    assert!(count("incidents") > 0 && count("follow_ups") > 0 && count("safeguarding") > 0);
    // Tonight's board has people waiting, with a worker and seen.
    let hours = store.service_hours().unwrap();
    let (from, to) = hours.board_window(hours.current_or_last_shift(now()).service_date);
    let board = store.board(from, to, now().date_naive()).unwrap();
    assert!(board.iter().any(|r| r.status == VisitStatus::Waiting));
    assert!(board.iter().any(|r| r.status == VisitStatus::WithWorker));
    assert!(board.iter().all(|r| r.arrived_at <= now()));
    // Clearly fictional: every full name uses one of the fiction surnames.
    for name in codes(
        &store,
        "SELECT full_name FROM people WHERE full_name IS NOT NULL",
    ) {
        assert!(
            [
                "Example",
                "Sample",
                "Specimen",
                "Placeholder",
                "Madeup",
                "Fictional",
                "Pretend",
                "Dummy"
            ]
            .iter()
            .any(|s| name.ends_with(s)),
            "{name}"
        );
    }
    for phone in codes(&store, "SELECT phone FROM people WHERE phone IS NOT NULL") {
        assert!(phone.starts_with("07700 900"), "Ofcom drama range: {phone}");
    }
    // Handovers: signed and acknowledged, and the latest one waiting for acknowledgement.
    assert_eq!(count("handovers"), 60);
    assert_eq!(store.unacknowledged_handovers().unwrap().len(), 1);
    assert!(
        !store
            .handover_history(Some("heating"), None, 100)
            .unwrap()
            .is_empty()
    );
    assert!(store.check().unwrap().is_ok());
    let first = digest(&store);
    store.close().unwrap();

    let again = dir.path().join("again.db");
    let store = demo::generate(&again, Size::Small, now()).unwrap();
    assert_eq!(digest(&store), first, "same seed, same data");
    assert!(demo::is_demo_database(&again));
}
