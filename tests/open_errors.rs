//! Every error DESIGN.md §4 tells apart, each with its own message, and the file's bytes
//! unchanged afterwards.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use common::*;
use rusqlite::Connection;
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use staywell::store::lock::TuiLock;
use staywell::store::{OpenError, OpenOptions, Store, migrations};
use std::path::Path;
use std::time::Duration;

fn fingerprint(path: &Path) -> [u8; 32] {
    Sha256::digest(std::fs::read(path).unwrap()).into()
}

/// A closed staywell database in `dir`.
fn closed_db(dir: &Path) -> std::path::PathBuf {
    let (path, store) = new_db(dir);
    store.close().unwrap();
    path
}

fn assert_refused_unchanged(
    path: &Path,
    passphrase: &str,
    expected: fn(&OpenError) -> bool,
) -> OpenError {
    let before = fingerprint(path);
    let err = Store::open(path, &SecretString::from(passphrase)).unwrap_err();
    assert!(expected(&err), "unexpected error: {err:?}");
    assert_eq!(before, fingerprint(path), "the file changed");
    err
}

#[test]
fn wrong_passphrase_leaves_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = closed_db(dir.path());
    let err = assert_refused_unchanged(&path, "wrong wrong wrong wrong", |e| {
        matches!(e, OpenError::WrongPassphraseOrForeign)
    });
    assert_eq!(err.exit_code(), 10);
}

#[test]
fn a_plain_sqlite_file_is_recognised_before_keying() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let err = assert_refused_unchanged(&path, PASSPHRASE, |e| {
        matches!(e, OpenError::PlainSqlite(_))
    });
    assert!(err.to_string().contains("unencrypted SQLite file"));
    assert_eq!(err.exit_code(), 11);
}

#[test]
fn a_foreign_file_gets_the_wrong_passphrase_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "Shopping list: milk, eggs, bread. ".repeat(300)).unwrap();
    assert_refused_unchanged(&path, PASSPHRASE, |e| {
        matches!(e, OpenError::WrongPassphraseOrForeign)
    });
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert_refused_unchanged(&empty, PASSPHRASE, |e| {
        matches!(e, OpenError::WrongPassphraseOrForeign)
    });
}

#[test]
fn another_programs_sqlcipher_file_with_the_same_passphrase_is_foreign() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let c = Connection::open(&path).unwrap();
    c.execute_batch(&format!(
        "PRAGMA key = '{PASSPHRASE}'; CREATE TABLE x (y); INSERT INTO x VALUES (1);"
    ))
    .unwrap();
    drop(c);
    assert_refused_unchanged(&path, PASSPHRASE, |e| {
        matches!(e, OpenError::WrongPassphraseOrForeign)
    });
}

#[test]
fn a_damaged_first_page_gets_the_same_message_as_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = closed_db(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    for b in &mut bytes[100..200] {
        *b ^= 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();
    assert_refused_unchanged(&path, PASSPHRASE, |e| {
        matches!(e, OpenError::WrongPassphraseOrForeign)
    });
}

#[test]
fn a_newer_schema_is_refused_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = new_db(dir.path());
    let newer = migrations::latest_version() + 1;
    store
        .connection()
        .pragma_update(None, "user_version", newer)
        .unwrap();
    store.close().unwrap();
    let err = assert_refused_unchanged(&path, PASSPHRASE, |e| {
        matches!(e, OpenError::NewerSchema { .. })
    });
    assert!(err.to_string().contains("newer version of staywell"));
    assert_eq!(err.exit_code(), 12);
}

#[test]
fn a_database_locked_by_another_program_is_reported_as_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = closed_db(dir.path());
    let other = Connection::open(&path).unwrap();
    other
        .execute_batch(&format!(
            "PRAGMA key = '{PASSPHRASE}'; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;"
        ))
        .unwrap();
    let options = OpenOptions {
        busy_timeout: Duration::from_millis(200),
        ..OpenOptions::default()
    };
    let before = fingerprint(&path);
    let err = Store::open_with(&path, &passphrase(), &options).unwrap_err();
    assert!(matches!(err, OpenError::Locked), "{err:?}");
    assert_eq!(err.exit_code(), 15);
    assert_eq!(before, fingerprint(&path));
}

#[test]
fn damage_beyond_the_first_page_is_reported_as_corrupt_after_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = new_db(dir.path());
    let staff_root: i64 = store
        .connection()
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'staff'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // SQLCipher 4's page size; its PRAGMA page_size answers no row on a keyed connection.
    let page_size: i64 = 4096;
    store.close().unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes.len() as i64 % page_size, 0);
    let start = ((staff_root - 1) * page_size + 200) as usize;
    for b in &mut bytes[start..start + 64] {
        *b ^= 0xFF;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = assert_refused_unchanged(&path, PASSPHRASE, |e| matches!(e, OpenError::Corrupt));
    assert!(err.to_string().contains("damaged"));
    assert_eq!(err.exit_code(), 17);
}

#[test]
fn a_folder_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path(), &passphrase()).unwrap_err();
    assert!(matches!(err, OpenError::IsDirectory(_)), "{err:?}");
    assert_eq!(err.exit_code(), 18);
    let err = Store::create(
        dir.path(),
        &passphrase(),
        &staywell::store::CreateOptions {
            first_staff_name: LEAD,
            first_staff_pin: PIN,
        },
        now(),
    )
    .unwrap_err();
    assert!(matches!(err, OpenError::IsDirectory(_)), "{err:?}");
}

#[test]
fn a_missing_file_and_an_existing_one_on_create() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.db");
    assert!(matches!(
        Store::open(&missing, &passphrase()),
        Err(OpenError::NotFound(_))
    ));
    assert!(!missing.exists(), "opening must not create a file");
    let path = closed_db(dir.path());
    let before = fingerprint(&path);
    let err = Store::create(
        &path,
        &passphrase(),
        &staywell::store::CreateOptions {
            first_staff_name: LEAD,
            first_staff_pin: PIN,
        },
        now(),
    )
    .unwrap_err();
    assert!(matches!(err, OpenError::AlreadyExists(_)));
    assert_eq!(before, fingerprint(&path));
}

#[test]
fn a_second_tui_lock_is_refused_and_released_when_the_first_goes() {
    let dir = tempfile::tempdir().unwrap();
    let path = closed_db(dir.path());
    let first = TuiLock::acquire(&path).unwrap();
    assert!(TuiLock::is_held(&path));
    let err = TuiLock::acquire(&path).unwrap_err();
    assert!(matches!(err, OpenError::InUse));
    assert!(err.to_string().contains("already open"));
    drop(first);
    assert!(!TuiLock::is_held(&path));
    TuiLock::acquire(&path).unwrap();
}
