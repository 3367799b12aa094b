//! The command line: exit codes for each error, the passphrase-file rules, `check` and
//! `--help`. Runs the real binary.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_staywell");

fn passphrase_file(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("passphrase");
    std::fs::write(&p, format!("{text}\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    p
}

fn staywell(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("STAYWELL_DB")
        .env_remove("STAYWELL_PASSPHRASE_FILE")
        .output()
        .unwrap()
}

fn check(db: &Path, pass: &Path) -> Output {
    staywell(&[
        "--db",
        db.to_str().unwrap(),
        "--passphrase-file",
        pass.to_str().unwrap(),
        "check",
    ])
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_is_available_everywhere() {
    for args in [
        &["--help"][..],
        &["run", "--help"],
        &["demo", "--help"],
        &["check", "--help"],
    ] {
        let out = staywell(args);
        assert!(out.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"));
    }
    let out = staywell(&["--passphrase", "x"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the passphrase is never taken on the command line"
    );
}

#[test]
fn check_passes_on_a_good_database_and_reads_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = new_db(dir.path());
    store.close().unwrap();
    let pass = passphrase_file(dir.path(), PASSPHRASE);
    let out = check(&db, &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Integrity:        ok"));
    assert!(stdout.contains("Cipher integrity: ok"));
    assert!(stdout.contains("Audit chain:      verified (2 entries)"));

    let out = Command::new(BIN)
        .arg("check")
        .env("STAYWELL_DB", &db)
        .env("STAYWELL_PASSPHRASE_FILE", &pass)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn each_open_error_has_its_message_and_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = new_db(dir.path());
    store.close().unwrap();
    let wrong = passphrase_file(dir.path(), "not the right passphrase");
    let out = check(&db, &wrong);
    assert_eq!(out.status.code(), Some(10));
    assert!(stderr(&out).contains("Wrong passphrase, or not a staywell database."));

    let right = passphrase_file(dir.path(), PASSPHRASE);
    let plain = dir.path().join("plain.db");
    rusqlite::Connection::open(&plain)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let out = check(&plain, &right);
    assert_eq!(out.status.code(), Some(11));
    assert!(stderr(&out).contains("unencrypted SQLite file"));

    let out = check(dir.path(), &right);
    assert_eq!(out.status.code(), Some(18));
    assert!(stderr(&out).contains("is a folder"));

    let out = check(&dir.path().join("missing.db"), &right);
    assert_eq!(out.status.code(), Some(19));
}

#[test]
fn a_passphrase_file_others_can_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = new_db(dir.path());
    store.close().unwrap();
    let pass = passphrase_file(dir.path(), PASSPHRASE);
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = check(&db, &pass);
    assert_eq!(out.status.code(), Some(23));
    assert!(stderr(&out).contains("chmod 600"));
    assert!(!stderr(&out).contains(PASSPHRASE));
}

#[test]
fn check_reports_a_broken_audit_chain() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = new_db(dir.path());
    store
        .connection()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET staff_id = 9 WHERE id = 1;",
        )
        .unwrap();
    store.close().unwrap();
    let out = check(&db, &passphrase_file(dir.path(), PASSPHRASE));
    assert_eq!(out.status.code(), Some(22));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("BROKEN: entry 1 was altered"),
        "in words: {stdout}"
    );
    assert!(
        !stdout.contains('{') && !stdout.contains("Content"),
        "no Rust debug text: {stdout}"
    );
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Runs the binary as an unprivileged user when we are root (root ignores file permissions),
/// or as ourselves otherwise.
fn staywell_unprivileged(args: &[&str]) -> Output {
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    cmd.args(args)
        .env_remove("STAYWELL_DB")
        .env_remove("STAYWELL_PASSPHRASE_FILE")
        .output()
        .unwrap()
}

fn give_to_unprivileged_user(path: &Path) {
    if is_root() {
        std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
    }
}

#[test]
fn permission_denied_and_an_unwritable_folder_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let (db, store) = new_db(dir.path());
    store.close().unwrap();
    let pass = passphrase_file(dir.path(), PASSPHRASE);
    give_to_unprivileged_user(&pass);
    let args = [
        "--db",
        db.to_str().unwrap(),
        "--passphrase-file",
        pass.to_str().unwrap(),
        "check",
    ];

    // The database belongs to someone else and is 0600: cannot be read.
    let before = std::fs::read(&db).unwrap();
    if !is_root() {
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let out = staywell_unprivileged(&args);
    assert_eq!(out.status.code(), Some(13), "{}", stderr(&out));
    assert!(stderr(&out).contains("Permission denied"));

    // Now the file is theirs but the folder is not writable.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    give_to_unprivileged_user(&db);
    if !is_root() {
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let out = staywell_unprivileged(&args);
    assert_eq!(out.status.code(), Some(14), "{}", stderr(&out));
    assert!(stderr(&out).contains("not writable"));
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(before, std::fs::read(&db).unwrap(), "the file changed");
}

fn run_with(db: &Path, pass: &Path, args: &[&str]) -> Output {
    let mut all = vec![
        "--db",
        db.to_str().unwrap(),
        "--passphrase-file",
        pass.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    staywell(&all)
}

#[test]
fn backup_works_while_the_app_runs_and_restore_refuses_until_it_quits() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(dir.path());
    walk_in(&mut store, Some("Kit"), at(19, 0));
    store.close().unwrap();
    let pass = passphrase_file(dir.path(), PASSPHRASE);
    let backup = dir.path().join("nightly.db");
    let app = staywell::store::lock::TuiLock::acquire(&db).unwrap();
    let out = run_with(&db, &pass, &["backup", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let out = run_with(&db, &pass, &["restore", backup.to_str().unwrap(), "--yes"]);
    assert_eq!(out.status.code(), Some(16), "{}", stderr(&out));
    drop(app);
    let out = run_with(&db, &pass, &["restore", backup.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(26),
        "no terminal and no --yes: not confirmed"
    );
    let out = run_with(&db, &pass, &["restore", backup.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("kept, encrypted"));
    assert!(check(&db, &pass).status.success());
}

#[test]
fn rekey_export_erase_and_retention_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(dir.path());
    let visit = walk_in(&mut store, Some("Kit"), at(19, 0));
    let person = store.visit(visit).unwrap().person_id;
    store.close().unwrap();
    let pass = passphrase_file(dir.path(), PASSPHRASE);
    let id = person.to_string();

    let out_file = dir.path().join("sar.json");
    let out = run_with(
        &db,
        &pass,
        &[
            "export",
            "--person",
            &id,
            "--out",
            out_file.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(26),
        "an unencrypted export needs confirming"
    );
    assert!(stderr(&out).contains("NOT encrypted"));
    assert!(!out_file.exists());
    let out = run_with(
        &db,
        &pass,
        &[
            "export",
            "--person",
            &id,
            "--out",
            out_file.to_str().unwrap(),
            "--yes",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::metadata(&out_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let sar: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(sar["person"]["display_name"], "Kit");
    let exports = |db: &Path| {
        let store = staywell::store::Store::open(db, &passphrase()).unwrap();
        let entries = store
            .audit_entries_for(staywell::domain::audit::RecordKind::Person, person)
            .unwrap();
        entries.iter().filter(|e| e.action == "export").count()
    };
    assert_eq!(exports(&db), 1);
    let again = [
        "export",
        "--person",
        &id,
        "--out",
        out_file.to_str().unwrap(),
        "--yes",
    ];
    assert_eq!(
        run_with(&db, &pass, &again).status.code(),
        Some(27),
        "never overwrites"
    );
    assert_eq!(exports(&db), 1, "a refused export is not logged as one");

    let out = run_with(&db, &pass, &["retention", "--years", "20"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 people with no contact"));
    let out = run_with(&db, &pass, &["erase", "--person", &id, "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run_with(&db, &pass, &["erase", "--person", &id, "--yes"]);
    assert_eq!(out.status.code(), Some(27), "already erased");

    let new_dir = dir.path().join("new");
    std::fs::create_dir(&new_dir).unwrap();
    let new_pass = passphrase_file(&new_dir, "violet harbour kettle zebra");
    let out = run_with(
        &db,
        &pass,
        &["rekey", "--new-passphrase-file", new_pass.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        check(&db, &pass).status.code(),
        Some(10),
        "the old passphrase stops working"
    );
    assert!(check(&db, &new_pass).status.success());
    let weak = passphrase_file(dir.path(), "password");
    let out = run_with(
        &db,
        &new_pass,
        &["rekey", "--new-passphrase-file", weak.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(27), "weak passphrases are refused");
}

#[test]
fn report_gives_aggregated_csv_with_counts_perturbed_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(dir.path());
    for (i, name) in ["Ada", "Bob", "Cyd"].iter().enumerate() {
        walk_in(&mut store, Some(name), at(18, i as u32 * 10));
    }
    store.close().unwrap();
    let pass = passphrase_file(dir.path(), PASSPHRASE);
    let out = run_with(
        &db,
        &pass,
        &["report", "--from", "22/11/2026", "--to", "22/11/2026"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8_lossy(&out.stdout).to_string();
    // Three visits are rounded to 0 or 5 by their records' key (README "Reports").
    assert!(
        csv.contains("visits,total,0\n") || csv.contains("visits,total,5\n"),
        "three visits are a small count:\n{csv}"
    );
    for name in ["Ada", "Bob", "Cyd"] {
        assert!(!csv.contains(name), "aggregated only");
    }
    // The key secret is kept in the database: asking again gives the same file, not a fresh
    // draw to average.
    let again = run_with(
        &db,
        &pass,
        &["report", "--from", "22/11/2026", "--to", "22/11/2026"],
    );
    assert_eq!(String::from_utf8_lossy(&again.stdout), csv);
    let out = run_with(
        &db,
        &pass,
        &[
            "report",
            "--from",
            "2026-11-22",
            "--to",
            "2026-11-22",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let total = json
        .get("visits")
        .or_else(|| json.get("report").and_then(|r| r.get("visits")));
    assert_eq!(
        total.and_then(|v| v.as_u64()),
        Some(3),
        "unsuppressed: {json}"
    );
    let out = run_with(
        &db,
        &pass,
        &["report", "--from", "31/02/2026", "--to", "01/03/2026"],
    );
    assert_eq!(out.status.code(), Some(27));
    assert!(stderr(&out).contains("does not exist"));
}

// ----- issue 17: back-off on every command, closed pipes, a missing folder -----

#[test]
fn wrong_passphrases_back_off_on_every_command_and_are_all_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = new_db(dir.path());
    store.close().unwrap();
    let wrong_dir = tempfile::tempdir().unwrap();
    let wrong = passphrase_file(wrong_dir.path(), "not the passphrase at all");
    let failures = format!("{}.unlock-failures", db.display());
    let mut codes = Vec::new();
    for args in [
        &["check"][..],
        &["report", "--from", "01/11/2026", "--to", "30/11/2026"],
        &["backup", "/nonexistent-never/x.db"],
    ] {
        codes.push(run_with(&db, &wrong, args).status.code());
    }
    assert_eq!(codes, [Some(10); 3], "three free tries");
    let recorded = std::fs::read_to_string(&failures).unwrap();
    assert_eq!(
        recorded.lines().count(),
        3,
        "every command recorded its failure"
    );
    // Three more failures just now: the pause (eight seconds) outlasts the commands below
    // however slowly a loaded machine runs them. (After three failures alone it is one
    // second, and failures are kept to the second, so how fast the next command starts
    // would decide the test.)
    let just_now = staywell::domain::time::to_stored(chrono::Utc::now());
    std::fs::write(
        &failures,
        format!("{recorded}{just_now}\n{just_now}\n{just_now}\n"),
    )
    .unwrap();
    let mut paused = Vec::new();
    for args in [&["export", "--person", "1", "--yes"][..], &["check"]] {
        paused.push(run_with(&db, &wrong, args).status.code());
    }
    assert_eq!(
        paused,
        [Some(28), Some(28)],
        "then a pause on every command"
    );
    let out = run_with(&db, &wrong, &["check"]);
    assert!(stderr(&out).contains("try again in"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&db).unwrap().len(),
        std::fs::metadata(&db).unwrap().len() as usize
    );

    // Failures long past the window still reach the audit log.
    std::fs::write(
        &failures,
        "2026-01-01T10:00:00Z\n2026-01-01T10:00:05Z\n2026-01-01T10:00:09Z\n",
    )
    .unwrap();
    let good = passphrase_file(dir.path(), PASSPHRASE);
    let out = run_with(&db, &good, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = staywell::store::Store::open(&db, &passphrase()).unwrap();
    let failed = store
        .recent_audit_entries(50)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "unlock_failed")
        .count();
    assert_eq!(failed, 3);
    assert!(!Path::new(&failures).exists());
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(dir.path());
    for i in 0..3 {
        walk_in(&mut store, Some(&format!("P{i}")), at(19, i));
    }
    store.close().unwrap();
    let pass = passphrase_file(dir.path(), PASSPHRASE);
    for args in [
        &["report", "--from", "01/11/2026", "--to", "30/11/2026"][..],
        &["check"],
    ] {
        let mut child = Command::new(BIN)
            .args([
                "--db",
                db.to_str().unwrap(),
                "--passphrase-file",
                pass.to_str().unwrap(),
            ])
            .args(args)
            .env_remove("STAYWELL_DB")
            .env_remove("STAYWELL_PASSPHRASE_FILE")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away before anything is written
        let out = child.wait_with_output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0) | Some(141)),
            "{args:?}: {:?} {}",
            out.status,
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

#[test]
fn a_database_in_a_missing_folder_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no-such-folder").join("staywell.db");
    let pass = passphrase_file(dir.path(), PASSPHRASE);
    for args in [&["check"][..], &["run"], &["demo"], &["backup", "x.db"]] {
        let out = run_with(&db, &pass, args);
        assert_eq!(out.status.code(), Some(29), "{args:?}");
        assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
        assert!(!stderr(&out).contains("os error"), "{}", stderr(&out));
    }
}

#[test]
fn erasing_a_merged_record_names_the_record_kept_and_erasing_that_takes_both() {
    use staywell::domain::merge::{MergeChoice, MergeRequest};
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(dir.path());
    let a = known_person(&mut store, "Kit");
    let b = known_person(&mut store, "Kitt");
    let (sa, sb) = (store.merge_side(a).unwrap(), store.merge_side(b).unwrap());
    let request = MergeRequest {
        a,
        b,
        choice: MergeChoice::suggested(&sa, &sb),
        reason: "same person".into(),
    };
    store.merge_people(&request, 1, now()).unwrap();
    store.close().unwrap();
    let pass = passphrase_file(dir.path(), PASSPHRASE);
    let out = run_with(&db, &pass, &["erase", "--person", &b.to_string(), "--yes"]);
    assert_eq!(out.status.code(), Some(27));
    assert!(
        stderr(&out).contains(&format!("was merged into person {a}")),
        "{}",
        stderr(&out)
    );
    let out = run_with(&db, &pass, &["erase", "--person", &a.to_string(), "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = staywell::store::Store::open(&db, &passphrase()).unwrap();
    assert_eq!(store.erased_people().unwrap(), [a, b]);
}

#[test]
fn version_completions_and_man_page_come_from_the_command_definitions() {
    let out = staywell(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("staywell {}", env!("CARGO_PKG_VERSION"))
    );
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = staywell(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = String::from_utf8_lossy(&out.stdout);
        for sub in [
            "check",
            "report",
            "backup",
            "restore",
            "export",
            "completions",
            "man",
        ] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    let out = staywell(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
    assert!(
        stderr(&out).contains("bash"),
        "it lists the shells it knows"
    );

    let out = staywell(&["man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH staywell 1"), "{page}");
    for section in ["STAYWELL CHECK", "STAYWELL REPORT", "STAYWELL ERASE"] {
        assert!(page.contains(section), "no section {section}");
    }
    assert!(
        page.contains("First service date"),
        "each command's options are described"
    );
}

#[test]
fn completions_and_man_need_no_database_or_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let open_to_all = dir.path().join("pass");
    std::fs::write(&open_to_all, "x\n").unwrap();
    std::fs::set_permissions(&open_to_all, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = Command::new(BIN)
        .args(["man"])
        .env("STAYWELL_DB", dir.path().join("no/such/folder/db"))
        .env("STAYWELL_PASSPHRASE_FILE", &open_to_all)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dir.path().join("no").exists());
}

#[test]
fn every_command_error_is_a_plain_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = new_db(dir.path());
    store.close().unwrap();
    let pass = passphrase_file(dir.path(), PASSPHRASE);
    let taken = dir.path().join("taken.db");
    std::fs::write(&taken, "x").unwrap();
    let none = dir.path().join("none.db");
    let cases: [&[&str]; 7] = [
        &["check", "--head", "nonsense"],
        &["report", "--from", "31/02/2026", "--to", "01/03/2026"],
        &["report", "--from", "02/03/2026", "--to", "01/03/2026"],
        &["export", "--person", "999", "--yes"],
        &["erase", "--person", "999", "--yes"],
        &["backup", taken.to_str().unwrap()],
        &["restore", none.to_str().unwrap(), "--yes"],
    ];
    for args in cases {
        let out = run_with(&db, &pass, args);
        let err = stderr(&out);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(err.starts_with("staywell: "), "{args:?}: {err}");
        for debug in ["{", "}", "Some(", "Err(", "Ok(", "\\\"", "os error"] {
            assert!(
                !err.contains(debug),
                "{args:?} prints Rust debug text: {err}"
            );
        }
    }
}
