//! The command line: exit codes for each error, the passphrase-file rules, `check` and
//! `--help`. Runs the real binary.

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
    assert!(String::from_utf8_lossy(&out.stdout).contains("BROKEN"));
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
