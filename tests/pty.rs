//! Real-terminal end-to-end tests: the built binary in a pseudo-terminal, its screen parsed by
//! vt100, every wait a poll with a ceiling (never a fixed sleep). All pty tests live in this
//! one binary and take a shared lock, so they run one at a time.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use common::*;
use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use staywell::store::Store;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_staywell");
const CEILING: Duration = Duration::from_secs(30);
const ROWS: u16 = 30;
const COLS: u16 = 100;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

#[path = "pty/soak.rs"]
mod soak;

#[path = "pty/input.rs"]
mod input;

#[path = "pty/damage.rs"]
mod damage;
#[path = "pty/drafts.rs"]
mod drafts;

#[path = "pty/memory.rs"]
mod memory;
#[path = "pty/merge.rs"]
mod merge;
#[path = "pty/mouse.rs"]
mod mouse;
#[path = "pty/pickers.rs"]
mod pickers;
#[path = "pty/plan_view.rs"]
mod plan_view;
#[path = "pty/print.rs"]
mod print;
#[path = "pty/shift_loop.rs"]
mod shift_loop;

/// Saves a first plan version for `person` with `content` (co-produced, review in 90 days),
/// as Plans tests start from; returns the plan's id.
fn saved_plan(
    store: &mut Store,
    person: i64,
    content: &staywell::domain::plan::PlanContent,
) -> i64 {
    let meta = staywell::domain::plan::PlanMeta {
        co_produced: true,
        consent_to_share: false,
        copy_holders: "Me".into(),
        review_due: now().date_naive() + chrono::Duration::days(90),
    };
    store
        .save_plan_version(person, content, &meta, 1, now())
        .unwrap()
        .0
}

/// A pseudo-terminal of the tests' size.
fn open_pty() -> portable_pty::PtyPair {
    native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap()
}

/// Gives `cmd` a terminal type, and a HOME, XDG folders and TMPDIR inside `home`, so nothing
/// outside it is touched.
fn in_home(cmd: &mut CommandBuilder, home: &Path) {
    if cmd.get_env("PATH").is_none() {
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", home);
    for (var, sub) in [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ] {
        cmd.env(var, home.join(sub));
    }
    cmd.env("TMPDIR", home);
    cmd.cwd(home);
}

fn serial() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
}

impl Tui {
    /// Starts the binary with HOME and XDG folders inside `home`, so nothing outside is touched.
    fn start(home: &Path, args: &[&str]) -> Tui {
        Self::start_with(home, args, &[])
    }

    /// As `start`, with extra environment variables.
    fn start_with(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Tui {
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Self::spawn(home, cmd)
    }

    /// Runs `cmd` in a fresh pseudo-terminal, its HOME, XDG folders and TMPDIR inside `home`.
    fn spawn(home: &Path, mut cmd: CommandBuilder) -> Tui {
        let pair = open_pty();
        in_home(&mut cmd, home);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            ROWS.try_into().unwrap(),
            COLS.try_into().unwrap(),
            0,
        )));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let _master = pair.master; // kept open while the reader runs
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        Tui {
            child,
            writer,
            screen,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Polls the screen until it shows `text`, for at most the ceiling.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < CEILING {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?}; the screen shows:\n{}",
            self.contents()
        );
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn line(&mut self, text: &str) {
        self.send(text);
        self.send("\r");
    }

    /// SIGKILL, nothing gentler, then waits until the process is gone and checks that the
    /// signal is what ended it: no handler ran, nothing was saved on the way out.
    /// (portable-pty's `Child::kill` sends SIGHUP first and waits, which the app answers by
    /// saving drafts and quitting, so it cannot stand in for a crash.)
    fn sigkill(&mut self) {
        let pid = self.child.process_id().expect("a running child");
        let pid = rustix::process::Pid::from_raw(pid as i32).expect("a real pid");
        rustix::process::kill_process(pid, rustix::process::Signal::KILL).unwrap();
        let start = Instant::now();
        while start.elapsed() < CEILING {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert_eq!(status.signal(), Some("Killed"), "{status:?}");
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("SIGKILL did not end the app");
    }

    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < CEILING {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!(
            "the app did not exit; the screen shows:\n{}",
            self.contents()
        );
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

#[test]
fn create_sign_in_visit_every_pane_lock_unlock_and_quit() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("staywell.db");
    let mut tui = Tui::start(home.path(), &["--db", db.to_str().unwrap()]);

    tui.wait_for("Create a database — step 1 of 2");
    tui.line(PASSPHRASE);
    tui.line(PASSPHRASE);
    tui.wait_for("step 2 of 2");
    tui.line(LEAD);
    tui.line(PIN);
    tui.line(PIN);
    tui.wait_for(&format!("Intake │ {LEAD}"));

    for (key, title) in [
        ("2", "Plans"),
        ("3", "Peers"),
        ("4", "Handover"),
        ("5", "Reports"),
        ("1", "Intake"),
    ] {
        tui.send(key);
        tui.wait_for(&format!("┌ {title} "));
        tui.wait_for(&format!(" {title} │ {LEAD}"));
    }
    tui.send("\t");
    tui.wait_for("┌ Plans ");

    tui.send("\x0c"); // Ctrl-l
    tui.wait_for("Locked.");
    assert!(
        !tui.contents().contains(LEAD),
        "nothing from the database shows while locked"
    );
    tui.line(PASSPHRASE);
    tui.wait_for(&format!("Signing in as {LEAD}"));
    tui.line(PIN);
    tui.wait_for(&format!(" Plans │ {LEAD}"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let store = Store::open(&db, &passphrase()).unwrap();
    let staff = store.active_staff().unwrap();
    assert_eq!(staff.len(), 1);
    assert_eq!(staff[0].name, LEAD);
    assert!(store.verify_pin(staff[0].id, PIN).unwrap());
    let mut actions: Vec<String> = store
        .recent_audit_entries(100)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    actions.reverse();
    assert_eq!(
        actions,
        [
            "database_created",
            "create",
            "unlock",
            "sign_in",
            "lock",
            "unlock",
            "sign_in",
            "sign_out"
        ]
    );
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn a_second_tui_on_the_same_database_is_refused_until_the_first_quits() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, store) = new_db(home.path());
    store.close().unwrap();
    let db_arg = db.to_str().unwrap();
    let mut first = Tui::start(home.path(), &["--db", db_arg]);
    first.wait_for("Unlock");

    let mut second = Tui::start(home.path(), &["--db", db_arg]);
    assert_eq!(second.wait_exit(), 16);
    second.wait_for("already open on this database in another window");

    first.send("\x03"); // Ctrl-c
    assert_eq!(first.wait_exit(), 0);
    let mut third = Tui::start(home.path(), &["--db", db_arg]);
    third.wait_for("Unlock");
    third.send("\x03");
    assert_eq!(third.wait_exit(), 0);
}

#[test]
fn a_killed_tui_leaves_no_stale_lock() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, store) = new_db(home.path());
    store.close().unwrap();
    let db_arg = db.to_str().unwrap();
    let mut first = Tui::start(home.path(), &["--db", db_arg]);
    first.wait_for("Unlock");
    first.sigkill();
    let mut next = Tui::start(home.path(), &["--db", db_arg]);
    next.wait_for("Unlock");
    next.send("\x03");
    assert_eq!(next.wait_exit(), 0);
}

#[test]
fn the_demo_shows_its_passphrase_and_pin_and_opens() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), &["demo"]);
    tui.wait_for("Demo passphrase: demo only, fictional people");
    tui.wait_for("PIN 123456");
    tui.line("demo only, fictional people");
    tui.wait_for("Sign in");
    tui.send("\x1b[B\x1b[B"); // down twice, to Robin Example
    tui.wait_for("Signing in as Robin Example");
    tui.line("123456");
    // The demo's latest handover waits for acknowledgement: every start opens it.
    tui.wait_for("Unacknowledged handover from");
    tui.wait_for("Handover │ Robin Example");
    tui.send("1");
    tui.wait_for("Intake │ Robin Example");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let demo_db = home.path().join("data/staywell/demo/staywell-demo.db");
    assert!(demo_db.exists(), "the demo lives in the data folder");
}

#[test]
fn intake_add_an_anonymous_walk_in_triage_it_and_see_it_through() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, store) = new_db(home.path());
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Nobody on the board");

    tui.send("n");
    tui.wait_for("New arrival");
    tui.send("\t\t\t");
    tui.send("Panic attack, shaking");
    tui.send("\x13"); // Ctrl-s
    tui.wait_for("Anonymous #1");
    tui.wait_for("Saved ");

    tui.send("e");
    tui.wait_for("Visit — Anonymous #1 — arrived");
    tui.send("\tb\t");
    tui.send("Frightened of being alone tonight.\rFriend can stay over.");
    tui.send("\t\x1b[C"); // Tab, → : Waiting to With worker
    tui.send("\t\t\t7");
    tui.send("\x13");
    tui.wait_for("B Very urgent (within 4 hours) · by Robin Example");

    tui.send("e");
    tui.wait_for("Visit — Anonymous #1 — arrived");
    tui.send("\t\t\t\x1b[C"); // With worker to Seen
    tui.send("\x13");
    tui.wait_for("Status                  Seen");

    tui.send("e");
    tui.wait_for("Visit — Anonymous #1 — arrived");
    tui.send("\t\t\t\x1b[C"); // Seen to Left
    tui.send("\t\t\t\t3");
    tui.send("\x13");
    tui.wait_for("on arrival 7/10 · on leaving 3/10");
    tui.send("\x1b");
    tui.wait_for(&board_summary(1, 0));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let store = Store::open(&db, &passphrase()).unwrap();
    let v = store.visit(1).unwrap();
    assert_eq!(v.display_name, None, "anonymous");
    assert_eq!(v.presenting_need, "Panic attack, shaking");
    assert_eq!(v.contact_mode, staywell::domain::visit::ContactMode::WalkIn);
    assert_eq!(v.triage_code.as_deref(), Some("B"));
    assert_eq!(v.triaged_by, Some(1));
    assert_eq!(
        v.safety_formulation,
        "Frightened of being alone tonight.\nFriend can stay over."
    );
    assert_eq!(v.status, staywell::domain::visit::VisitStatus::Left);
    assert_eq!((v.distress_arrival, v.distress_leaving), (Some(7), Some(3)));
    assert!(v.seen_at.is_some() && v.left_at.is_some());
    assert!(v.seen_at <= v.left_at);
    let changes = store
        .audit_entries_for(staywell::domain::audit::RecordKind::Visit, 1)
        .unwrap();
    assert_eq!(changes.len(), 4, "created, then changed three times");
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn sigterm_and_sighup_keep_the_draft_restore_the_terminal_and_quit() {
    for signal in [rustix::process::Signal::TERM, rustix::process::Signal::HUP] {
        let _one = serial();
        let home = tempfile::tempdir().unwrap();
        let (db, mut store) = new_db(home.path());
        let sam = known_person(&mut store, "Sam");
        store.close().unwrap();
        let mut tui = signed_in(home.path(), &db);
        tui.wait_for("Nobody on the board");
        // A plan being written, not saved: only a safe quit keeps it (as a draft).
        start_a_plan_for_sam(&mut tui);
        tui.send("Unsaved sign");
        tui.wait_for("Unsaved sign");
        assert!(tui.screen.lock().unwrap().screen().alternate_screen());

        let pid = rustix::process::Pid::from_raw(tui.child.process_id().unwrap() as i32).unwrap();
        rustix::process::kill_process(pid, signal).unwrap();
        assert_eq!(tui.wait_exit(), 0, "{signal:?}: the loop quit by itself");
        // The restore's bytes may still be on their way to the screen reader: wait for them.
        let start = Instant::now();
        while tui.screen.lock().unwrap().screen().alternate_screen() && start.elapsed() < CEILING {
            std::thread::sleep(Duration::from_millis(20));
        }
        {
            let parser = tui.screen.lock().unwrap();
            let screen = parser.screen();
            assert!(!screen.alternate_screen(), "{signal:?}: normal screen back");
            assert!(!screen.hide_cursor(), "{signal:?}: cursor shown again");
            assert!(!screen.contents().contains("Unsaved sign"), "{signal:?}");
        }
        let store = Store::open(&db, &passphrase()).unwrap();
        let draft = store
            .plan_draft(sam, 1)
            .unwrap()
            .unwrap_or_else(|| panic!("{signal:?}: the unsaved plan was kept as a draft"));
        assert_eq!(draft.content.warning_signs, ["Unsaved sign"], "{signal:?}");
        assert!(
            store.plan_for_person(sam).unwrap().is_none(),
            "a draft only"
        );
        let last = store.recent_audit_entries(1).unwrap();
        assert_eq!(last[0].action, "sign_out", "{signal:?}");
        assert!(store.check().unwrap().is_ok());
    }
}

#[test]
fn the_running_app_has_umask_077_and_no_core_dumps() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, store) = new_db(home.path());
    store.close().unwrap();
    let mut tui = Tui::start(home.path(), &["--db", db.to_str().unwrap()]);
    tui.wait_for("Unlock");
    let pid = tui.child.process_id().unwrap();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    assert!(status.lines().any(|l| l == "Umask:\t0077"), "{status}");
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    assert_eq!(core.split_whitespace().nth(4), Some("0"), "{core}");
    assert_eq!(core.split_whitespace().nth(5), Some("0"), "{core}");
    tui.send("\x03");
    assert_eq!(tui.wait_exit(), 0);
}

/// The app on `db`, unlocked and signed in as the only (or first) staff member.
fn signed_in(home: &Path, db: &Path) -> Tui {
    let mut tui = Tui::start(home, &["--db", db.to_str().unwrap()]);
    unlock_and_sign_in(&mut tui);
    tui
}

/// What the shared flows below need of a terminal: to type, and to wait for the screen.
trait Keys {
    fn type_keys(&mut self, text: &str);
    fn wait_until(&mut self, text: &str);
}

impl Keys for Tui {
    fn type_keys(&mut self, text: &str) {
        self.send(text);
    }
    fn wait_until(&mut self, text: &str) {
        self.wait_for(text);
    }
}

/// Unlocks with the test passphrase and signs in as whoever the sign-in screen offers.
fn unlock_and_sign_in(t: &mut impl Keys) {
    t.wait_until("Unlock");
    t.type_keys(&format!("{PASSPHRASE}\r"));
    t.wait_until("Signing in as");
    t.type_keys(&format!("{PIN}\r"));
}

/// Whether the service (default hours) is open on the real clock, which the pty tests run
/// on: outside hours, a contact recorded now is listed apart as out of hours (issue 16).
fn open_now() -> bool {
    staywell::domain::shift::ServiceHours::default().is_open_at(chrono::Utc::now())
}

/// Now on the real clock, once `before` it the board files arrivals with now: the same
/// service date and the same side of opening and closing. A test that seeds or corrects an
/// arrival "a few minutes ago" must not put it across a boundary (at 17:02, three minutes ago
/// is before opening and the visit is carried from an earlier shift), so just after one this
/// polls the clock, with a ceiling, until there is room.
fn room_on_the_board(before: chrono::Duration) -> chrono::DateTime<chrono::Utc> {
    let hours = staywell::domain::shift::ServiceHours::default();
    let ceiling = Duration::from_secs(before.num_seconds().unsigned_abs() + 60);
    let deadline = Instant::now() + ceiling;
    loop {
        let now = chrono::Utc::now();
        let then = now - before;
        if hours.service_date_of(then) == hours.service_date_of(now)
            && hours.is_open_at(then) == hours.is_open_at(now)
        {
            return now;
        }
        assert!(
            Instant::now() < deadline,
            "the clock never left a shift boundary"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// How the Intake board's summary counts `n` visits recorded on the real clock ("1 visit ·",
/// "3 visits ·"; outside hours, "· 3 out of hours").
fn board_count(n: usize) -> String {
    if open_now() || n == 0 {
        format!(
            " {} ·",
            staywell::domain::plural::count(n, "visit", "visits")
        )
    } else {
        format!(" · {n} out of hours")
    }
}

/// The board's summary with `n` visits recorded on the real clock, `waiting` of them waiting
/// ("2 visits · 2 waiting"; outside hours none is counted with the shift's).
fn board_summary(n: usize, waiting: usize) -> String {
    if open_now() {
        format!(
            "{} · {waiting} waiting",
            staywell::domain::plural::count(n, "visit", "visits")
        )
    } else {
        format!("0 visits · 0 waiting · {n} out of hours")
    }
}

/// `minutes` before now on the real clock, within the shift the board shows: once it has
/// closed, before its closing (a contact after closing is out of hours, on no shift's note).
fn in_the_shift(minutes: i64) -> chrono::DateTime<chrono::Utc> {
    let now = chrono::Utc::now();
    let shift = staywell::domain::shift::ServiceHours::default().current_or_last_shift(now);
    (now.min(shift.ends_at) - chrono::Duration::minutes(minutes)).max(shift.starts_at)
}

/// A new database with one visitor, Kit, who arrived five minutes ago (before closing, once
/// the shift has closed), on tonight's handover; and Kit's visit.
fn kit_waiting(home: &Path) -> (std::path::PathBuf, i64) {
    let (db, mut store) = new_db(home);
    let visit = walk_in(&mut store, Some("Kit"), in_the_shift(5));
    store.close().unwrap();
    (db, visit)
}

/// From the Intake board: Handover, edit, and on to the first visitor's summary.
fn open_the_handover_summary(t: &mut impl Keys) {
    t.wait_until("Intake │");
    t.type_keys("4");
    t.wait_until("Handover —");
    t.type_keys("e");
    t.wait_until("saved as you type");
    t.type_keys("\t");
}

/// From any pane with no plan yet: Plans, new, find Sam (who has no visits), open the editor.
fn start_a_plan_for_sam(t: &mut impl Keys) {
    t.type_keys("2");
    t.wait_until("No crisis plans yet");
    t.type_keys("n");
    t.wait_until("Whose plan? Find the visitor");
    t.type_keys("Sam");
    t.wait_until("no visits");
    t.type_keys("\r");
    t.wait_until("crisis plan for Sam — new plan");
}

/// Signs in as `name`: typing its first letter chooses it on the sign-in screen.
fn sign_in_as(tui: &mut Tui, name: &str, pin: &str) {
    tui.wait_for("Sign in");
    let initial = name.chars().next().unwrap().to_string();
    tui.send(&initial);
    tui.wait_for(&format!("Signing in as {name}"));
    tui.line(pin);
}

#[test]
fn a_handover_draft_survives_sigkill_up_to_the_last_confirmed_autosave() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, _) = kit_waiting(home.path());
    let mut tui = signed_in(home.path(), &db);
    open_the_handover_summary(&mut tui);
    tui.send("Confirmed words before the kill");
    tui.wait_for("Draft saved");
    tui.send(" and then some unconfirmed ones");
    tui.sigkill();

    let store = Store::open(&db, &passphrase()).unwrap();
    let hours = store.service_hours().unwrap();
    let date = hours.current_or_last_shift(chrono::Utc::now()).service_date;
    let note = store.handover(date).unwrap().expect("the draft was saved");
    assert!(
        note.body.entries[0]
            .summary
            .starts_with("Confirmed words before the kill"),
        "{:?}",
        note.body.entries[0].summary
    );
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn a_handover_written_and_signed_by_one_lead_is_acknowledged_by_the_next() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    walk_in(&mut store, Some("Kit"), in_the_shift(5));
    store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
    store.close().unwrap();
    let db_arg = db.to_str().unwrap();

    let mut tui = Tui::start(home.path(), &["--db", db_arg]);
    tui.wait_for("Unlock");
    tui.line(PASSPHRASE);
    sign_in_as(&mut tui, LEAD, PIN);
    tui.wait_for("Intake │");
    tui.send("4");
    tui.wait_for("Handover —");
    tui.send("e");
    tui.wait_for("saved as you type");
    tui.send("\x1b[C\x1b[C\t"); // Kit: not assessed → stable → watcher, then the summary
    tui.send("Waiting for the crisis team to ring back.");
    tui.send("\x13"); // Ctrl-s: close the editor, saving
    tui.wait_for("DRAFT — last saved");
    tui.send("s");
    tui.wait_for("Sign off this handover");
    tui.send(PIN);
    tui.send("\x13");
    tui.wait_for("SIGNED by Robin Example");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let mut tui = Tui::start(home.path(), &["--db", db_arg]);
    tui.wait_for("Unlock");
    tui.line(PASSPHRASE);
    sign_in_as(&mut tui, "Jo Sample", "135790");
    tui.wait_for("Unacknowledged handover from");
    tui.wait_for("WATCHER");
    tui.send("a");
    tui.wait_for("Acknowledge this handover");
    tui.send("Kit is a watcher; crisis team to ring back.\t135790");
    tui.send("\x13");
    tui.wait_for("ACKNOWLEDGED by Jo Sample");
    assert!(!tui.contents().contains("Unacknowledged handover"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let store = Store::open(&db, &passphrase()).unwrap();
    let rows = store.handover_history(None, None, 10).unwrap();
    assert_eq!(rows.len(), 1);
    let note = store.handover_by_id(rows[0].id).unwrap();
    assert_eq!(
        note.body.entries[0].summary,
        "Waiting for the crisis team to ring back."
    );
    assert_eq!(
        note.body.entries[0].stability,
        staywell::domain::handover::Stability::Watcher
    );
    match note.state {
        staywell::domain::handover::HandoverState::Acknowledged { signed_by, by, .. } => {
            assert_eq!(signed_by, 1);
            assert_eq!(store.staff_member(by).unwrap().name, "Jo Sample");
        }
        other => panic!("not acknowledged: {other:?}"),
    }
    assert_eq!(note.readback, "Kit is a watcher; crisis team to ring back.");
    let actions: Vec<String> = store
        .audit_entries_for(staywell::domain::audit::RecordKind::Handover, note.id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"sign_off".to_string()) && actions.contains(&"acknowledge".to_string())
    );
}

#[test]
fn files_are_private_whatever_umask_the_app_inherits() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("fresh.db");
    // Start through a shell that sets a permissive umask first.
    let mut cmd = CommandBuilder::new("sh");
    cmd.args([
        "-c",
        &format!("umask 000; exec {BIN} --db {}", db.display()),
    ]);
    let mut tui = Tui::spawn(home.path(), cmd);
    tui.wait_for("Create a database");
    tui.line(PASSPHRASE);
    tui.line(PASSPHRASE);
    tui.wait_for("step 2 of 2");
    tui.line(LEAD);
    tui.line(PIN);
    tui.line(PIN);
    tui.wait_for("Intake │");
    use std::os::unix::fs::PermissionsExt;
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let path = format!("{}{suffix}", db.display());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{path}: {mode:o}");
    }
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn no_color_draws_without_colour() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, store) = new_db(home.path());
    store.close().unwrap();
    for (no_color, expect_colour) in [(Some("1"), false), (None, true)] {
        let env: Vec<(&str, &str)> = no_color.map(|v| vec![("NO_COLOR", v)]).unwrap_or_default();
        let mut tui = Tui::start_with(home.path(), &["--db", db.to_str().unwrap()], &env);
        tui.wait_for("Unlock");
        tui.line(PASSPHRASE);
        tui.wait_for("Signing in as");
        tui.line(PIN);
        tui.wait_for("Intake │");
        let coloured = {
            let parser = tui.screen.lock().unwrap();
            let s = parser.screen();
            (0..ROWS).any(|r| {
                (0..COLS).any(|c| {
                    s.cell(r, c).is_some_and(|cell| {
                        cell.fgcolor() != vt100::Color::Default
                            || cell.bgcolor() != vt100::Color::Default
                    })
                })
            })
        };
        assert_eq!(coloured, expect_colour, "NO_COLOR={no_color:?}");
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    }
}

#[test]
fn a_panic_restores_the_terminal_and_shows_no_data() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    walk_in(
        &mut store,
        Some("Visible Name"),
        chrono::Utc::now() - chrono::Duration::minutes(1),
    );
    store.close().unwrap();
    let mut tui = Tui::start_with(
        home.path(),
        &["--db", db.to_str().unwrap()],
        &[("STAYWELL_TEST_PANIC", "1")],
    );
    tui.wait_for("Unlock");
    tui.line(PASSPHRASE);
    tui.wait_for("Signing in as");
    tui.line(PIN);
    tui.wait_for("Visible Name");
    assert!(tui.screen.lock().unwrap().screen().alternate_screen());
    tui.send("\x1b[24~"); // F12
    tui.wait_for("stopped because of an internal error");
    assert_ne!(tui.wait_exit(), 0);
    let parser = tui.screen.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "back on the normal screen"
    );
    assert!(
        !parser.screen().contents().contains("Visible Name"),
        "no visitor data after the panic"
    );
}

/// Every file under `dir` that holds any of `needles`.
fn files_holding(dir: &Path, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                for n in needles {
                    if contains(&bytes, n.as_bytes()) {
                        found.push(format!("{} holds {n}", path.display()));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn no_visitor_words_anywhere_on_disk_or_on_the_locked_screen() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    // One canary for each kind of text a lead types, in every pane.
    let canaries = [
        "QZXNAME",
        "QZXNEED",
        "QZXFORMULATION",
        "QZXPLAN",
        "QZXWORKER",
        "QZXSESSION",
        "QZXHANDOVER",
        "QZXDIRECTORY",
    ];
    let mut tui = Tui::start(home.path(), &[]);
    tui.wait_for("Create a database");
    tui.line(PASSPHRASE);
    tui.line(PASSPHRASE);
    tui.wait_for("step 2 of 2");
    tui.line(LEAD);
    tui.line(PIN);
    tui.line(PIN);
    tui.wait_for("Intake │");
    tui.send("n");
    tui.wait_for("New arrival");
    tui.send("\t\tQZXNAME\tQZXNEED\x13");
    tui.wait_for("QZXNAME");
    tui.send("e");
    tui.wait_for("Visit — QZXNAME");
    tui.send("\t\tQZXFORMULATION\x13");
    tui.wait_for("QZXFORMULATION");
    tui.send("\x1b");
    tui.wait_for(&board_count(1));

    // Plans: a crisis plan for the visitor.
    tui.send("2");
    tui.wait_for("No crisis plans yet");
    tui.send("n");
    tui.wait_for("Whose plan? Find the visitor");
    tui.send("QZXNAME");
    tui.wait_for("last here");
    tui.send("\r");
    tui.wait_for("crisis plan for QZXNAME — new plan");
    tui.send("QZXPLAN\x13");
    tui.wait_for("Plans — QZXNAME — version 1 of 1");
    tui.send("\x1b");
    tui.wait_for("1 plan · 0 overdue · most recently updated first");

    // Peers: a worker on at any hour, the visitor assigned to them, a session logged.
    tui.send("3");
    tui.wait_for("Nobody is on in this shift.");
    tui.send("n");
    tui.wait_for("New peer worker");
    tui.send("QZXWORKER\t\t\t\t\t\t1\tDaily 00:00-23:59\x13");
    tui.wait_for("Peer worker — QZXWORKER");
    tui.send("\x1b");
    // "1 on now" in the shift, "1 finished" after closing: the real clock decides.
    tui.wait_for(" · 0 full · ");
    tui.send("1");
    tui.wait_for(&board_count(1));
    tui.send("\r");
    tui.wait_for("Visit — QZXNAME");
    tui.send("w");
    tui.wait_for("Assign a peer worker — QZXNAME");
    tui.send("\x13");
    tui.wait_for("Assignment — QZXNAME with QZXWORKER");
    tui.send("l");
    tui.wait_for("Log session 1");
    tui.send("\t45\tQZXSESSION\x13");
    tui.wait_for("Session log (1)");

    tui.send("4");
    tui.wait_for("Handover —");
    tui.send("e");
    tui.wait_for("saved as you type");
    tui.send("\x1b[ZQZXHANDOVER\x13");
    tui.wait_for("DRAFT — last saved");
    // Ctrl-s closed the editor: the note's own keys are back. (Not the status bar's "? help":
    // after closing time the bar gives its room to the next shift's hours.)
    tui.wait_for("e edit · s sign off");

    // Reports, and Administration inside it: a directory entry.
    tui.send("5");
    tui.wait_for("Reports —");
    tui.send("A");
    tui.send("d");
    tui.send("n");
    tui.wait_for("New directory entry");
    tui.send("QZXDIRECTORY\thousing\x13");
    // Its row in the list (name, then category), so the form has closed on a committed save.
    tui.wait_for("QZXDIRECTORY                              housing");

    // A backup while the app is open.
    let pass = home.path().join("passphrase");
    std::fs::write(&pass, PASSPHRASE).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let backup = home.path().join("backup.db");
    let out = std::process::Command::new(BIN)
        .args([
            "--passphrase-file",
            pass.to_str().unwrap(),
            "backup",
            backup.to_str().unwrap(),
        ])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("TMPDIR", home.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    tui.send("\x0c");
    tui.wait_for("Locked.");
    let screen = tui.contents();
    for c in canaries {
        assert!(!screen.contains(c), "{c} on the locked screen");
    }
    tui.send("\x03");
    assert_eq!(tui.wait_exit(), 0);

    assert!(backup.exists() && home.path().join("data/staywell/staywell.db").exists());
    assert_eq!(files_holding(home.path(), &canaries), Vec::<String>::new());
    // The scan can fail: a stray file holding a canary is found.
    std::fs::write(home.path().join("data/stray.txt"), "notes about QZXNAME").unwrap();
    assert_eq!(files_holding(home.path(), &canaries).len(), 1);
}

#[test]
fn plans_create_a_plan_edit_it_and_see_the_change_between_two_versions() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    let sam = known_person(&mut store, "Sam");
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Nobody on the board");

    start_a_plan_for_sam(&mut tui);
    tui.send("Not sleeping\rPacing at night");
    tui.send("\t\t\t");
    tui.send("Mum - 07700 900123");
    tui.send("\t\x0f"); // Tab to professionals, Ctrl-o
    tui.wait_for("Add to professionals and services");
    tui.send("\r"); // the first national line offered: NHS 111, the mental health option
    tui.wait_for("NHS 111, the mental health option — 111");
    tui.send("\x13"); // Ctrl-s
    tui.wait_for("Plans — Sam — version 1 of 1");
    tui.wait_for("Saved ");

    tui.send("e");
    tui.wait_for("saving makes version 2");
    tui.send("\x1b[B"); // down to the second warning sign
    tui.send("\x1b[F"); // End
    tui.send("\rCancelling plans with friends");
    tui.wait_for("Cancelling plans with friends");
    tui.send("\x13");
    tui.wait_for("Plans — Sam — version 2 of 2");

    tui.send("h");
    tui.wait_for("history (2 versions)");
    tui.send("\r");
    tui.wait_for("changes from version 1 to version 2");
    tui.wait_for("+ Cancelling plans with friends");
    tui.send("\x1b");
    tui.wait_for("history (2 versions)");
    tui.send("\x1b");
    tui.wait_for("e edit · r reviewed as is · h history · x take-away copy");
    tui.send("\x1b");
    tui.wait_for("1 plan · 0 overdue · most recently updated first");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let store = Store::open(&db, &passphrase()).unwrap();
    let plan = store.plan_for_person(sam).unwrap().expect("saved");
    assert_eq!(plan.latest_version, 2);
    let versions = store.plan_versions(plan.plan_id).unwrap();
    assert_eq!(versions.len(), 2);
    assert!(versions.iter().all(|v| v.author == LEAD));
    let v1 = store.plan_version(plan.plan_id, 1).unwrap();
    assert_eq!(
        v1.content.warning_signs,
        ["Not sleeping", "Pacing at night"]
    );
    assert_eq!(
        v1.content.people_to_ask,
        [staywell::domain::plan::Contact::new("Mum", "07700 900123")]
    );
    assert_eq!(
        v1.content.professionals,
        [staywell::domain::plan::Contact::new(
            "NHS 111, the mental health option",
            "111"
        )]
    );
    let v2 = store.plan_version(plan.plan_id, 2).unwrap();
    assert_eq!(
        v2.content.warning_signs,
        [
            "Not sleeping",
            "Pacing at night",
            "Cancelling plans with friends"
        ]
    );
    assert_eq!(v2.content.people_to_ask, v1.content.people_to_ask);
    let diff = store.plan_version_diff(plan.plan_id, 1, 2).unwrap();
    assert_eq!(diff.summary(), "My warning signs");
    let actions: Vec<String> = store
        .audit_entries_for(staywell::domain::audit::RecordKind::Plan, plan.plan_id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["change", "create"], "newest first");
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn check_export_and_backup_work_while_the_app_writes() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, store) = new_db(home.path());
    store.close().unwrap();
    let pass = home.path().join("pass");
    std::fs::write(&pass, PASSPHRASE).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let cli = |args: &[&str]| {
        let mut all = vec![
            "--db",
            db.to_str().unwrap(),
            "--passphrase-file",
            pass.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        std::process::Command::new(BIN).args(all).output().unwrap()
    };
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Intake │");
    for (i, args) in [
        vec!["check"],
        vec![
            "export",
            "--person",
            "1",
            "--yes",
            "--out",
            home.path().join("sar.json").to_str().unwrap(),
        ],
        vec!["backup", home.path().join("b.db").to_str().unwrap()],
    ]
    .into_iter()
    .enumerate()
    {
        tui.send("n");
        tui.wait_for("New arrival");
        let name = ["Ada", "Bob", "Cyd"][i];
        tui.send(&format!("\t\t{name}\x13"));
        tui.wait_for(&board_count(i + 1));
        let out = cli(&args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let out = cli(&["check"]);
    assert!(out.status.success());
}

/// A visitor who walked in a moment ago (real time: the pty test runs on the real clock, and a
/// visit from before a shift began would be carried on its board, not counted as tonight's).
fn walked_in(store: &mut Store, name: &str, seconds_ago: i64) -> i64 {
    use staywell::domain::person::PersonDetails;
    use staywell::domain::visit::ContactMode;
    use staywell::store::visits::{NewVisit, PersonRef};
    let now = room_on_the_board(chrono::Duration::seconds(seconds_ago));
    store
        .add_visit(
            &NewVisit {
                person: PersonRef::New(PersonDetails {
                    display_name: Some(name.into()),
                    ..Default::default()
                }),
                arrived_at: now - chrono::Duration::seconds(seconds_ago),
                contact_mode: ContactMode::WalkIn,
                referral_source_id: None,
                presenting_need: String::new(),
            },
            1,
            now,
        )
        .unwrap()
}

#[test]
fn peers_add_a_worker_assign_a_visitor_log_a_session_and_see_over_cap_refused() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    let kit_visit = walked_in(&mut store, "Kit", 3);
    let bea_visit = walked_in(&mut store, "Bea", 2);
    let kit = store.visit(kit_visit).unwrap().person_id;
    let bea = store.visit(bea_visit).unwrap().person_id;
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for(&board_summary(2, 2));

    // A worker with a cap of one, on every day at (almost) every hour, so on in whatever shift
    // the real clock is in.
    tui.send("3");
    tui.wait_for("Nobody is on in this shift.");
    tui.send("n");
    tui.wait_for("New peer worker");
    tui.send("Sky Sample");
    tui.send("\t\t\t\t\t\t1\t");
    tui.send("Daily 00:00-23:59");
    tui.send("\x13"); // Ctrl-s
    tui.wait_for("Peer worker — Sky Sample");
    tui.wait_for("Saved ");
    tui.send("\x1b");
    // "1 on now" in the shift, "1 finished" after closing: the real clock decides.
    tui.wait_for(" · 0 full · ");
    tui.wait_for("0 of 1 visitor");

    // Assign Kit from their Intake visit, then log a session.
    tui.send("1");
    tui.wait_for(&board_summary(2, 2));
    tui.send("\r");
    tui.wait_for("Visit — Kit");
    tui.send("w");
    tui.wait_for("Assign a peer worker — Kit");
    tui.wait_for("1. Sky Sample");
    tui.send("\x13");
    tui.wait_for("Assignment — Kit with Sky Sample");
    tui.send("l");
    tui.wait_for("Log session 1");
    tui.send("\t45\tWalked and talked");
    tui.send("\x13");
    tui.wait_for("Session log (1)");
    tui.wait_for("45 min · Walked and talked");

    // Bea for the same worker: over the cap, refused with the reason.
    tui.send("\x1b");
    tui.wait_for(" · 1 full · ");
    tui.wait_for("1 of 1 visitor (full)");
    tui.send("1");
    tui.wait_for("Visit — Kit"); // where the lead left Intake
    tui.send("\x1b");
    tui.wait_for(&board_summary(2, 2));
    tui.send("j");
    tui.send("\r");
    tui.wait_for("Visit — Bea");
    tui.send("w");
    tui.wait_for("Assign a peer worker — Bea");
    tui.send("\x13");
    tui.wait_for("Refused: Sky Sample already has 1 of 1 visitor (their cap).");
    tui.send("\x03"); // Ctrl-c quits safely from anywhere
    assert_eq!(tui.wait_exit(), 0);

    let store = Store::open(&db, &passphrase()).unwrap();
    let worker = store.worker(1).unwrap();
    assert_eq!(worker.name(), "Sky Sample");
    assert_eq!(worker.profile.caseload_cap, Some(1));
    assert_eq!(store.availability(1).unwrap().len(), 7);
    let kits = store.assignments_for_person(kit).unwrap();
    assert_eq!(kits.len(), 1);
    assert_eq!(kits[0].worker_id, 1);
    assert_eq!(kits[0].visit_id, Some(kit_visit));
    assert_eq!(kits[0].override_reason, "");
    assert_eq!((kits[0].sessions_used, kits[0].minutes_used), (1, 45));
    let sessions = store.sessions(kits[0].id).unwrap();
    assert_eq!(sessions[0].note, "Walked and talked");
    assert!(
        store.assignments_for_person(bea).unwrap().is_empty(),
        "the refused assignment was not saved"
    );
    let actions: Vec<String> = store
        .audit_entries_for(staywell::domain::audit::RecordKind::Assignment, kits[0].id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions.len(), 2, "created, then a session: {actions:?}");
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn a_subject_access_export_from_the_app_warns_then_writes_a_private_file() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    let visit = walk_in(
        &mut store,
        Some("Ada"),
        chrono::Utc::now() - chrono::Duration::minutes(3),
    );
    let person = store.visit(visit).unwrap().person_id;
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Intake │");
    tui.send("\x06"); // Ctrl-f
    tui.wait_for("Find a person");
    tui.send("ada");
    tui.wait_for("last here");
    tui.send("\r");
    tui.wait_for("Past visits — Ada");
    tui.send("x");
    tui.wait_for("The file is NOT encrypted");
    let file = home.path().join(format!("subject-access-{person}.json"));
    tui.send("n"); // anything but y cancels
    tui.wait_for("x subject access export");
    assert!(!file.exists());
    tui.send("x");
    tui.wait_for("The file is NOT encrypted");
    tui.send("y");
    tui.wait_for("Unencrypted file written");
    tui.send("\x03");
    assert_eq!(tui.wait_exit(), 0);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(json["person"]["display_name"], "Ada");
    let store = Store::open(&db, &passphrase()).unwrap();
    let audit = store
        .audit_entries_for(staywell::domain::audit::RecordKind::Person, person)
        .unwrap();
    assert!(audit.iter().any(|e| e.action == "export"));
}

#[test]
fn a_plan_being_written_survives_sigkill_up_to_its_last_timed_draft() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    let sam = known_person(&mut store, "Sam");
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Nobody on the board");
    start_a_plan_for_sam(&mut tui);
    tui.send("Typed before the pause");
    tui.wait_for("Typed before the pause");
    // No key after this: the draft timer alone must save it, in a committed transaction.
    let start = Instant::now();
    let saved = loop {
        let store = Store::open(&db, &passphrase()).unwrap();
        let draft = store.plan_draft(sam, 1).unwrap();
        store.close().unwrap();
        if let Some(d) = draft {
            break d;
        }
        assert!(start.elapsed() < CEILING, "no draft saved by the timer");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(saved.content.warning_signs, ["Typed before the pause"]);
    tui.send(" and after");
    tui.sigkill();

    let store = Store::open(&db, &passphrase()).unwrap();
    let draft = store
        .plan_draft(sam, 1)
        .unwrap()
        .expect("survived the kill");
    let kept = &draft.content.warning_signs[0];
    let typed = "Typed before the pause and after";
    assert!(typed.starts_with(kept.as_str()), "{kept:?}");
    assert!(
        typed.len() - kept.len() <= " and after".len(),
        "at most what was typed in the last seconds is lost: {kept:?}"
    );
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn a_name_typed_wrong_is_corrected_with_a_reason_and_the_original_kept() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    let visit = walked_in(&mut store, "Jonh", 300);
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Jonh");
    tui.send("\r");
    tui.wait_for("Visit — Jonh");
    tui.send("E");
    tui.wait_for("Correct the quick-add details");
    tui.send("\t\t\t\x15John"); // to the name, Ctrl-u clears it
    tui.send("\t\t\t\ttyped wrong");
    tui.send("\x13");
    tui.wait_for("name Jonh → John (typed wrong)");
    tui.wait_for("Visit — John");
    tui.send("\x1b");
    tui.wait_for(&board_count(1));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let store = Store::open(&db, &passphrase()).unwrap();
    let v = store.visit(visit).unwrap();
    assert_eq!(v.display_name.as_deref(), Some("John"));
    let history = store.visit_history(visit).unwrap();
    assert_eq!(history.len(), 1, "only the name changed: {history:?}");
    assert_eq!(history[0].change.previous.as_deref(), Some("Jonh"));
    assert_eq!(history[0].reason, "typed wrong");
    assert_eq!(history[0].staff_id, 1);
    assert!(store.check().unwrap().is_ok());
}
