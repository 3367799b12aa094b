//! A plan's read is recorded before the plan is shown, and a crash right after cannot lose the
//! record: the real binary shows a plan and is killed with SIGKILL at once.

use super::*;
use staywell::domain::audit::RecordKind;
use staywell::domain::plan::PlanContent;
use staywell::store::audit::ChainStatus;

#[test]
fn a_plan_shown_then_killed_at_once_is_still_recorded_as_read() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    let sam = known_person(&mut store, "Sam");
    let content = PlanContent {
        warning_signs: vec!["Not sleeping".into()],
        ..Default::default()
    };
    let plan_id = saved_plan(&mut store, sam, &content);
    store.close().unwrap();

    let mut tui = Tui::start(home.path(), &["--db", db.to_str().unwrap()]);
    unlock_and_sign_in(&mut tui);
    tui.send("2");
    tui.wait_for("1 plan");
    tui.send("\r");
    tui.wait_for("Not sleeping");
    tui.sigkill();

    let store = Store::open(&db, &passphrase()).unwrap();
    let views = store
        .audit_entries_for(RecordKind::Plan, plan_id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "view")
        .count();
    assert_eq!(views, 1, "the read survived the crash");
    assert!(matches!(
        store.verify_audit_chain().unwrap(),
        ChainStatus::Verified { .. }
    ));
}
