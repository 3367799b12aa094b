//! Damage is named (issue 17, point 8): a truncated or corrupted file is "damaged" (exit 17),
//! never "wrong passphrase", and is not counted as a failed unlock; `check` opens a damaged
//! file and names the damaged pages.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use common::*;
use secrecy::SecretString;
use staywell::store::{OpenError, Store};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_staywell");

fn check(db: &Path) -> Output {
    let pass = db.with_extension("pass");
    std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap();
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    Command::new(BIN)
        .args([
            "--db",
            db.to_str().unwrap(),
            "--passphrase-file",
            pass.to_str().unwrap(),
            "check",
        ])
        .env_remove("STAYWELL_DB")
        .env_remove("STAYWELL_PASSPHRASE_FILE")
        .output()
        .unwrap()
}

fn unlock_failures_recorded(db: &Path) -> bool {
    let mut p = db.as_os_str().to_owned();
    p.push(".unlock-failures");
    PathBuf::from(p).exists()
}

const PAGE: usize = 4096;

/// A closed database with enough rows to span many pages.
fn filled_db(dir: &Path) -> PathBuf {
    let (path, mut store) = new_db(dir);
    for i in 0..300 {
        walk_in(
            &mut store,
            Some(&format!("Visitor number {i} with a longer name")),
            at(19, 0),
        );
    }
    store.checkpoint().unwrap();
    store.close().unwrap();
    path
}

fn open(path: &Path) -> Result<Store, OpenError> {
    Store::open(path, &SecretString::from(PASSPHRASE))
}

#[test]
fn a_file_cut_to_half_is_damaged_not_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled_db(dir.path());
    let len = std::fs::metadata(&path).unwrap().len() as usize;
    assert!(len > 20 * PAGE, "{len}");
    for cut in [len / 2 / PAGE * PAGE, len / 2 + 100, 2 * PAGE, PAGE + 10] {
        let bytes = std::fs::read(&path).unwrap();
        let copy = dir.path().join(format!("cut-{cut}.db"));
        std::fs::write(&copy, &bytes[..cut]).unwrap();
        let err = open(&copy).expect_err("a cut file does not open");
        assert!(matches!(err, OpenError::Corrupt), "cut at {cut}: {err:?}");
        assert_eq!(err.exit_code(), 17);
        assert!(err.to_string().contains("damaged"), "{err}");
        // `check` says damaged, names where, and counts no failed unlock.
        let out = check(&copy);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(17), "{stdout}");
        if cut % PAGE == 0 {
            assert!(
                stdout.contains(&format!("the file ends after page {}", cut / PAGE)),
                "{stdout}"
            );
        } else {
            assert!(
                stdout.contains(&format!("page {} has an invalid size", cut / PAGE + 1)),
                "{stdout}"
            );
        }
        assert!(
            !unlock_failures_recorded(&copy),
            "damage is not a wrong passphrase"
        );
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            &bytes[..cut],
            "check wrote nothing"
        );
        // The wrong passphrase on the same cut file is still the wrong passphrase.
        let err = Store::open(&copy, &SecretString::from("not the passphrase at all"))
            .err()
            .unwrap();
        assert!(
            matches!(err, OpenError::WrongPassphraseOrForeign),
            "{err:?}"
        );
    }
}

#[test]
fn a_flipped_byte_on_any_later_page_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled_db(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    let pages = bytes.len() / PAGE;
    for page in [2, pages / 2, pages] {
        let mut b = bytes.clone();
        b[(page - 1) * PAGE + 300] ^= 0x01;
        let copy = dir.path().join(format!("flip-{page}.db"));
        std::fs::write(&copy, &b).unwrap();
        match open(&copy) {
            Err(OpenError::Corrupt) => {}
            Err(e) => panic!("page {page}: {e:?}"),
            Ok(store) => {
                // Not on a page read when opening: check finds it (or cannot finish, and the
                // command line then looks page by page).
                if let Ok(report) = store.check() {
                    assert!(!report.is_ok(), "page {page}: {report:?}");
                }
                store.close().unwrap();
            }
        }
        let out = check(&copy);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(17), "page {page}: {stdout}");
        assert!(
            stdout.contains(&format!("HMAC verification failed for page {page}")),
            "page {page}: {stdout}"
        );
        assert!(!unlock_failures_recorded(&copy));
    }
}

// ----- in the app -----

use common::harness::Harness;
use crossterm::event::KeyCode;

/// Caps the app's connection at the pages it has, then fills them: the disk is full.
fn fill_the_disk(h: &mut Harness) {
    h.app
        .with_store_for_tests(|store| {
            let pages: i64 = store
                .connection()
                .query_row("PRAGMA page_count", [], |r| r.get(0))
                .unwrap();
            store
                .connection()
                .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
                .unwrap();
            let mut full = false;
            for _ in 0..100_000 {
                if let Err(e) = store.audit(
                    now(),
                    Some(1),
                    staywell::domain::audit::AuditAction::Change,
                    Some(staywell::domain::audit::RecordKind::Setting),
                    Some(1),
                ) {
                    assert!(matches!(e, staywell::store::StoreError::DiskFull), "{e:?}");
                    full = true;
                    break;
                }
            }
            assert!(full, "the capped database filled up");
        })
        .unwrap();
}

fn free_the_disk(h: &mut Harness) {
    h.app
        .with_store_for_tests(|store| {
            store
                .connection()
                .query_row("PRAGMA max_page_count = 1000000000", [], |_| Ok(()))
                .unwrap();
        })
        .unwrap();
}

fn count(store: &Store, action: &str) -> usize {
    store
        .recent_audit_entries(100_000)
        .unwrap()
        .iter()
        .filter(|e| e.action == action)
        .count()
}

/// The screen once the damage banner shows, ticking until it does (with a ceiling).
fn banner_within_seconds(h: &mut Harness, seconds: u64) -> String {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    loop {
        h.app.tick();
        let screen = h.screen();
        if screen.contains("DAMAGED") || std::time::Instant::now() > until {
            return screen;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn a_damaged_page_opens_read_only_with_a_banner_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled_db(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    // The last page: not one that opening or signing in reads.
    let last = bytes.len() - PAGE + 300;
    bytes[last] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    let mut h = Harness::with(dir, path.clone(), None, None);
    h.unlock_and_sign_in();
    // The pages are checked after the first frame, on a connection of their own: the banner
    // comes with the verdict, at a tick.
    let screen = banner_within_seconds(&mut h, 20);
    assert!(screen.contains("DAMAGED and open read-only"), "{screen}");
    assert!(screen.contains("Restore from a backup"), "{screen}");
    // A save is refused with the reason; the form keeps what was typed.
    h.key(KeyCode::Char('n'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.type_text("a need");
    h.ctrl('s');
    let screen = h.screen();
    assert!(
        screen.contains("open read-only, so this was not saved"),
        "{screen}"
    );
    h.clock.advance(chrono::Duration::seconds(10));
    h.app.tick();
    h.app.quit_safely();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the damaged file was not written"
    );
}

#[test]
fn a_full_disk_never_blocks_signing_in_or_reading_a_plan_and_the_audit_catches_up() {
    let mut h = Harness::existing_with(|store| {
        let details = staywell::domain::person::PersonDetails {
            display_name: Some("Sam".into()),
            ..Default::default()
        };
        let sam = store.add_person(&details, 1, now()).unwrap();
        let content = staywell::domain::plan::PlanContent {
            warning_signs: vec!["Not sleeping".into()],
            reasons_for_living: "My dog, Biscuit.".into(),
            ..Default::default()
        };
        let meta = staywell::domain::plan::PlanMeta {
            co_produced: true,
            consent_to_share: false,
            copy_holders: "Me".into(),
            review_due: now().date_naive() + chrono::Duration::days(90),
        };
        store
            .save_plan_version(sam, &content, &meta, 1, now())
            .unwrap();
    });
    h.enter_line(PASSPHRASE);
    assert_eq!(h.app.screen_name(), "sign-in");
    fill_the_disk(&mut h);
    h.enter_line(PIN);
    assert_eq!(h.app.screen_name(), "main", "{:?}", h.app.message());
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    assert_eq!(h.app.plans().unwrap().mode_name(), "plan");
    let screen = h.screen();
    assert!(
        screen.contains("My dog, Biscuit."),
        "the plan is shown:\n{screen}"
    );
    {
        let store = h.reopen_store();
        assert_eq!(count(&store, "sign_in"), 0);
        assert_eq!(count(&store, "view"), 0);
    }
    free_the_disk(&mut h);
    h.clock.advance(chrono::Duration::seconds(3));
    h.app.tick();
    let store = h.reopen_store();
    assert_eq!(count(&store, "sign_in"), 1, "held, then written");
    assert_eq!(count(&store, "view"), 1);
    assert!(matches!(
        store.verify_audit_chain().unwrap(),
        staywell::store::audit::ChainStatus::Verified { .. }
    ));
}

/// The earlier note: `cipher_integrity_check` "failed" pages while another connection held a
/// read snapshot and the WAL was not checkpointed. A checkpoint held back by the snapshot
/// extends the file but leaves the newest pages unwritten there (they live in the WAL), which
/// the raw page check took for damage. Neither `check` nor the app's unlock may call that
/// damage; a real flipped byte in the same state still is.
#[test]
fn pages_held_in_the_wal_behind_a_reader_are_not_damage() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled_db(dir.path());
    let mut writer = open(&path).unwrap();
    for i in 0..100 {
        walk_in(
            &mut writer,
            Some(&format!("Earlier visitor {i} with a long name")),
            at(20, 0),
        );
    }
    let reader = open(&path).unwrap();
    reader
        .connection()
        .execute_batch("BEGIN; SELECT count(*) FROM audit_log;")
        .unwrap();
    for i in 0..200 {
        walk_in(
            &mut writer,
            Some(&format!("Later visitor {i} with a long name")),
            at(20, 0),
        );
    }
    // Held back by the reader: the file grows, its last pages stay unwritten.
    writer.checkpoint().unwrap();
    let raw: Vec<String> = writer
        .connection()
        .prepare("PRAGMA cipher_integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        !raw.is_empty(),
        "the state the note described is reproduced"
    );
    let checker = open(&path).unwrap();
    assert_eq!(checker.damaged_pages().unwrap(), Vec::<String>::new());
    let report = checker.check().unwrap();
    assert!(
        report.cipher.is_empty() && report.integrity.is_empty(),
        "{report:?}"
    );
    let out = check(&path);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    drop(checker);

    // A flipped byte on a page that is only in the main file is still found.
    drop(reader);
    drop(writer);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[2 * PAGE + 300] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    let out = check(&path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("HMAC verification failed for page 3"),
        "{stdout}"
    );
}

#[test]
#[ignore = "a measurement: cargo test --test damage zz_cost -- --ignored --nocapture"]
fn zz_cost_of_memory_security() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled_db(dir.path());
    for on in ["OFF", "ON", "OFF", "ON"] {
        let store = open(&path).unwrap();
        store
            .connection()
            .execute_batch(&format!("PRAGMA cipher_memory_security = {on};"))
            .unwrap();
        let t = std::time::Instant::now();
        for _ in 0..200 {
            store.find_people("Visitor number 1", 20).unwrap();
            store.recent_audit_entries(500).unwrap();
            store
                .connection()
                .execute_batch("PRAGMA shrink_memory;")
                .unwrap();
        }
        eprintln!("memory_security {on}: {:?}", t.elapsed());
    }
}
