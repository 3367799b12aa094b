//! The shift as a loop, across two evenings in the real binary (issue 16, point 8): the last
//! evening ends with a visitor carried forward and a follow-up still open; tonight's lead sees
//! both in the handover draft, saying where they came from, and closes them; then the store
//! is read to check every value.

use super::*;
use staywell::domain::closeout::CloseOut;
use staywell::domain::person::PersonDetails;
use staywell::domain::visit::{ContactMode, FollowUp, VisitStatus};
use staywell::store::visits::{NewVisit, PersonRef};

fn arrived(store: &mut Store, name: &str, at: chrono::DateTime<chrono::Utc>) -> i64 {
    store
        .add_visit(
            &NewVisit {
                person: PersonRef::New(PersonDetails {
                    display_name: Some(name.into()),
                    ..Default::default()
                }),
                arrived_at: at,
                contact_mode: ContactMode::WalkIn,
                referral_source_id: None,
                presenting_need: String::new(),
            },
            1,
            at,
        )
        .unwrap()
}

#[test]
fn what_last_evening_left_open_is_in_tonights_draft_and_tonights_lead_closes_it() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    let hours = store.service_hours().unwrap();
    // Whatever the time this runs: "tonight" is the shift the app shows, "last evening" the
    // one before it.
    let tonight = hours.current_or_last_shift(chrono::Utc::now());
    let last = hours.shift_on(tonight.service_date - chrono::Duration::days(1));
    let t0 = last.starts_at + chrono::Duration::minutes(30);
    let ash = arrived(&mut store, "Ash", t0);
    store
        .close_out_visit(
            ash,
            &CloseOut::carried("crisis team to ring at 09:00").unwrap(),
            last.service_date,
            1,
            last.ends_at,
        )
        .unwrap();
    let kit = arrived(&mut store, "Kit", t0 + chrono::Duration::minutes(10));
    let mut left = store.visit(kit).unwrap().as_update();
    left.status = VisitStatus::LeftUnseen;
    store
        .update_visit(kit, &left, 1, t0 + chrono::Duration::minutes(20))
        .unwrap();
    let gp = store
        .add_follow_up(
            &FollowUp {
                visit_id: kit,
                task: "Ring the GP about the letter".into(),
                owner: "incoming lead".into(),
                due_on: Some(tonight.service_date),
                ..Default::default()
            },
            1,
            t0 + chrono::Duration::minutes(25),
        )
        .unwrap();
    store.close().unwrap();
    let from = format!("from {}", last.service_date.format("%a %-d %b"));

    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("1 still open from earlier shifts");
    tui.wait_for("carried");
    // The draft: Ash's entry and Kit's follow-up, each saying where it came from.
    tui.send("4");
    tui.wait_for("Handover —");
    tui.wait_for("carried: crisis team to ring at 09:00");
    tui.wait_for("Ring the GP about the letter");
    tui.wait_for(&from);
    // Intake, the open list, close the follow-up with what came of it.
    tui.send("1");
    tui.wait_for("Intake │");
    tui.send("o");
    tui.wait_for("Open follow-ups · 1 open");
    tui.send("d");
    tui.wait_for("Close a follow-up");
    tui.send("\t");
    tui.send("GP has the letter, review Friday");
    tui.send("\x13");
    tui.wait_for("No follow-ups are open");
    // Back on the board, settle Ash: the crisis team rang, Ash has left.
    tui.send("\x1b");
    tui.wait_for("carried");
    tui.send("x");
    tui.wait_for("1 visit still open");
    tui.send("l");
    tui.wait_for(&board_count(0));
    tui.send("4");
    tui.wait_for("Handover —");
    // Nothing left for the next lead: the draft (never edited, so rebuilt) is empty again.
    tui.wait_for("No visitors to hand over.");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let store = Store::open(&db, &passphrase()).unwrap();
    let f = store
        .follow_ups(kit)
        .unwrap()
        .into_iter()
        .find(|f| f.id == gp)
        .unwrap();
    assert_eq!(f.outcome, "GP has the letter, review Friday");
    assert_eq!(f.done_by, Some(1));
    assert!(!store.visit(ash).unwrap().status.is_open());
    let facts = store.shift_facts(&hours, tonight.service_date).unwrap();
    assert!(facts.follow_ups.is_empty(), "{:?}", facts.follow_ups);
    assert!(
        store
            .unsettled_visits(&hours, tonight.service_date)
            .unwrap()
            .is_empty()
    );
    assert!(store.check().unwrap().is_ok());
}
