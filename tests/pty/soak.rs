//! Crash soak: the real binary is killed with SIGKILL at seeded points while it saves visits,
//! crisis plan versions and handover text, each kill after the screen confirmed some saves. After every kill the file is
//! reopened: SQLite integrity, SQLCipher page integrity and the audit chain must hold, and every
//! save the screen confirmed must be there. 20 points by default; `STAYWELL_SOAK=N` runs N more;
//! `STAYWELL_SOAK_SEED=S` replays a run.

use super::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

struct Confirmed {
    needs: Vec<String>,
    handover_prefix: Option<String>,
    /// The newest plan version the screen showed saved, and its warning signs.
    plan: Option<(u32, Vec<String>)>,
}

/// Where Sam's plan stands in the file: its latest version and that version's warning signs.
struct PlanState {
    person_id: i64,
    version: u32,
    signs: Vec<String>,
}

impl PlanState {
    fn read(store: &Store, person_id: i64) -> PlanState {
        let (version, signs) = match store.plan_for_person(person_id).unwrap() {
            Some(plan) => {
                let latest = store
                    .plan_version(plan.plan_id, plan.latest_version)
                    .unwrap();
                (plan.latest_version, latest.content.warning_signs)
            }
            None => (0, Vec::new()),
        };
        PlanState {
            person_id,
            version,
            signs,
        }
    }
}

fn start_and_sign_in(home: &Path, db: &Path) -> Tui {
    let tui = signed_in(home, db);
    tui.wait_for("Intake │");
    tui
}

/// Adds `count` walk-ins, waiting after each for the board to count it; returns their needs.
fn confirmed_visits(
    tui: &mut Tui,
    point: usize,
    count: usize,
    board_total: &mut usize,
) -> Vec<String> {
    let mut needs = Vec::new();
    for k in 0..count {
        let need = format!("soak {point}-{k}");
        tui.send("n");
        tui.wait_for("New arrival");
        tui.send("\t\t\t");
        tui.send(&need);
        tui.send("\x13");
        *board_total += 1;
        tui.wait_for(&board_count(*board_total));
        needs.push(need);
    }
    needs
}

/// Opens Sam's plan editor from the Plans list: a new plan, or the next version.
fn open_plan_editor(tui: &mut Tui, plan: &PlanState) {
    if plan.version == 0 {
        start_a_plan_for_sam(tui);
    } else {
        tui.send("2");
        tui.wait_for("1 plan · 0 overdue · most recently updated first");
        tui.send("e");
        tui.wait_for(&format!("saving makes version {}", plan.version + 1));
    }
}

/// How many warning signs the soak's plan grows to before it rewrites its last one; below
/// the plan's limit (30) with room for an unconfirmed line.
const SIGNS_KEPT: usize = staywell::domain::plan::ITEMS_MAX - 10;

/// Saves `count` plan versions, each adding one warning sign and waiting for the screen to
/// show it saved; leaves the plan on show.
fn confirmed_plan_versions(tui: &mut Tui, point: usize, count: usize, plan: &mut PlanState) {
    for k in 0..count {
        if k == 0 {
            open_plan_editor(tui, plan);
        } else {
            tui.send("e");
            tui.wait_for(&format!("saving makes version {}", plan.version + 1));
        }
        // The cursor starts at the end of the warning signs: a new line adds a sign. Past
        // SIGNS_KEPT the last sign is rewritten instead, so a long soak stays within the
        // plan's limit on items (a refused save would confirm nothing).
        let sign = format!("sign {point}-{k}");
        let typed = if plan.signs.is_empty() {
            sign.clone()
        } else if plan.signs.len() >= SIGNS_KEPT {
            let last = plan.signs.pop().expect("not empty");
            format!("{}{sign}", "\x7f".repeat(last.chars().count()))
        } else {
            format!("\r{sign}")
        };
        tui.send(&typed);
        tui.send("\x13");
        plan.version += 1;
        plan.signs.push(sign);
        tui.wait_for(&format!("Plans — Sam — version {0} of {0} ", plan.version));
    }
}

fn verify(db: &Path, confirmed: &Confirmed, sam: i64, seed: u64, point: usize) {
    let store = Store::open(db, &passphrase())
        .unwrap_or_else(|e| panic!("seed {seed} point {point}: reopen: {e}"));
    let report = store.check().unwrap();
    assert!(report.is_ok(), "seed {seed} point {point}: {report:?}");
    let needs: Vec<String> = store
        .connection()
        .prepare("SELECT presenting_need FROM visits")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for need in &confirmed.needs {
        assert!(
            needs.contains(need),
            "seed {seed} point {point}: confirmed visit {need:?} missing"
        );
    }
    if let Some((version, signs)) = &confirmed.plan {
        let plan = store
            .plan_for_person(sam)
            .unwrap()
            .unwrap_or_else(|| panic!("seed {seed} point {point}: confirmed plan missing"));
        assert!(
            plan.latest_version >= *version,
            "seed {seed} point {point}: plan at version {}, {version} was confirmed",
            plan.latest_version
        );
        let saved = store.plan_version(plan.plan_id, *version).unwrap();
        assert_eq!(
            &saved.content.warning_signs, signs,
            "seed {seed} point {point}: confirmed plan version {version}"
        );
    }
    if let Some(prefix) = &confirmed.handover_prefix {
        let hours = store.service_hours().unwrap();
        let date = hours.current_or_last_shift(chrono::Utc::now()).service_date;
        let note = store
            .handover(date)
            .unwrap()
            .unwrap_or_else(|| panic!("seed {seed} point {point}: no draft"));
        assert!(
            note.body.free_text.starts_with(prefix.as_str()),
            "seed {seed} point {point}: draft {:?} lost confirmed {prefix:?}",
            note.body.free_text
        );
    }
}

#[test]
fn sigkill_at_seeded_points_never_loses_a_confirmed_save() {
    let _one = serial();
    let extra: usize = std::env::var("STAYWELL_SOAK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let seed: u64 = std::env::var("STAYWELL_SOAK_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs()
        });
    println!("soak seed: {seed} (replay with STAYWELL_SOAK_SEED={seed})");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    // Someone known, with no visit tonight, whose crisis plan is written and rewritten.
    let sam = known_person(&mut store, "Sam");
    store.close().unwrap();
    let mut plan = PlanState {
        person_id: sam,
        version: 0,
        signs: Vec::new(),
    };
    let mut confirmed = Confirmed {
        needs: Vec::new(),
        handover_prefix: None,
        plan: None,
    };
    let mut board_total = 0usize;
    let mut handover_text = String::new();
    for point in 0..20 + extra {
        let mut tui = start_and_sign_in(home.path(), &db);
        // The board counts everything added tonight, so read where it stands now.
        tui.wait_for(&board_count(board_total));
        let work = rng.random_range(0..3);
        if work == 0 {
            let n = rng.random_range(1..=3);
            confirmed
                .needs
                .extend(confirmed_visits(&mut tui, point, n, &mut board_total));
            // Kill in the middle of the next one: typing, or with its save in flight.
            tui.send("n");
            tui.wait_for("New arrival");
            tui.send(&format!("\t\t\tunconfirmed {point}"));
            if rng.random_bool(0.5) {
                tui.send("\x13");
            }
        } else if work == 1 {
            let n = rng.random_range(1..=2);
            confirmed_plan_versions(&mut tui, point, n, &mut plan);
            confirmed.plan = Some((plan.version, plan.signs.clone()));
            // Kill in the middle of the next version: typing, or with its save in flight.
            tui.send("e");
            tui.wait_for(&format!("saving makes version {}", plan.version + 1));
            tui.send(&format!("\runconfirmed {point}"));
            if rng.random_bool(0.5) {
                tui.send("\x13");
            }
        } else {
            tui.send("4");
            tui.wait_for("Handover —");
            tui.send("e");
            tui.wait_for("saved as you type");
            // Down to the last section, "Anything else".
            tui.send("\x1b[Z");
            let words = format!("p{point} ");
            tui.send(&words);
            handover_text.push_str(&words);
            tui.wait_for("Draft saved");
            confirmed.handover_prefix = Some(handover_text.clone());
            tui.send("and more unconfirmed ");
            handover_text.push_str("and more unconfirmed ");
        }
        // A moment of work in flight, decided by the seed, then the kill.
        let spin = rng.random_range(0..3);
        for _ in 0..spin {
            let _ = tui.contents();
        }
        tui.sigkill();
        verify(&db, &confirmed, sam, seed, point);
        // What the dead process had typed may or may not have been saved: learn which.
        let store = Store::open(&db, &passphrase()).unwrap();
        let hours = store.service_hours().unwrap();
        let now = chrono::Utc::now();
        let date = hours.current_or_last_shift(now).service_date;
        let (from, to) = hours.board_window(date);
        board_total = store.board(from, to, now.date_naive()).unwrap().len();
        plan = PlanState::read(&store, plan.person_id);
        handover_text = store
            .handover(date)
            .unwrap()
            .map(|h| h.body.free_text)
            .unwrap_or_default();
    }
}
