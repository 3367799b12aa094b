//! Store round trips on temporary files: creation, reopening, encryption at rest, migrations,
//! staff, settings and the audit log.

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
use staywell::domain::audit::{AuditAction, ChainBreak, RecordKind};
use staywell::domain::person::PersonDetails as NewPerson;
use staywell::store::audit::ChainStatus;
use staywell::store::migrations;
use staywell::store::{OpenError, STAYWELL_APPLICATION_ID, Store};

#[test]
fn create_then_reopen_keeps_staff_seed_data_and_audit() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = new_db(dir.path());
    store.close().unwrap();

    let store = Store::open(&path, &passphrase()).unwrap();
    let staff = store.active_staff().unwrap();
    assert_eq!(staff.len(), 1);
    assert_eq!(staff[0].name, LEAD);
    assert!(staff[0].is_admin);
    assert!(store.verify_pin(staff[0].id, PIN).unwrap());
    assert!(!store.verify_pin(staff[0].id, "000000").unwrap());

    let count = |table: &str| -> i64 {
        store
            .connection()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count("referral_sources"), 10);
    assert_eq!(count("triage_codes"), 7);
    assert!(count("directory_entries") >= 20);
    assert!(count("bank_holidays") >= 100);
    let b_target: i64 = store
        .connection()
        .query_row(
            "SELECT target_minutes FROM triage_codes WHERE code = 'B'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(b_target, 240);
    assert_eq!(
        store.verify_audit_chain().unwrap(),
        ChainStatus::Verified { entries: 2 }
    );
    let user_version: i64 = store
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(user_version, migrations::latest_version());
}

#[test]
fn connection_is_configured_as_designed() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = new_db(dir.path());
    let c = store.connection();
    let text = |sql: &str| -> String {
        c.query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
            .unwrap()
    };
    assert_eq!(text("PRAGMA journal_mode"), "wal");
    assert_eq!(text("PRAGMA synchronous"), "2"); // FULL
    assert_eq!(text("PRAGMA temp_store"), "2"); // MEMORY
    assert_eq!(text("PRAGMA secure_delete"), "1");
    assert_eq!(text("PRAGMA foreign_keys"), "1");
    assert_eq!(
        text("PRAGMA cache_size"),
        format!("-{}", staywell::store::PAGE_CACHE_KIB)
    );
    assert_eq!(
        text("PRAGMA application_id"),
        STAYWELL_APPLICATION_ID.to_string()
    );
    assert_eq!(text("PRAGMA kdf_iter"), "256000");
    assert_eq!(text("PRAGMA cipher_kdf_algorithm"), "PBKDF2_HMAC_SHA512");
}

#[test]
fn files_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    store.add_person(&NewPerson::default(), 1, now()).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{suffix} is readable by others: {mode:o}");
    }
}

const CANARY: &str = "CANARY-quokka-7731-visitor-words";

fn write_canary(conn: &Connection) {
    conn.execute(
        "INSERT INTO people (display_name, created_at, created_by) VALUES (?1, '2026-11-22T19:30:00Z', 1)",
        [CANARY],
    )
    .unwrap();
}

#[test]
fn encrypted_file_has_no_header_and_no_canary_but_a_plain_file_would() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let person = NewPerson {
        display_name: Some(CANARY.into()),
        ..Default::default()
    };
    store.add_person(&person, 1, now()).unwrap();
    // Before a checkpoint the canary lives in the WAL; after one, in the main file.
    let bytes = database_bytes(&path);
    assert!(!bytes.starts_with(b"SQLite format 3"));
    assert!(!contains(&bytes, CANARY.as_bytes()));
    store.close().unwrap();
    let bytes = database_bytes(&path);
    assert!(!contains(&bytes, CANARY.as_bytes()));

    // The same write to an unkeyed database shows the canary, so the check can fail.
    let plain_path = dir.path().join("plain.db");
    let plain = Connection::open(&plain_path).unwrap();
    plain.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
    plain
        .execute_batch(include_str!("../src/store/migrations/0001_core.sql"))
        .unwrap();
    plain
        .execute_batch(
            "INSERT INTO staff (name, pin_hash, created_at) VALUES ('x', 'x', 'x');
             CREATE TABLE people (display_name TEXT, created_at TEXT, created_by INTEGER);",
        )
        .unwrap();
    write_canary(&plain);
    let plain_bytes = database_bytes(&plain_path);
    assert!(plain_bytes.starts_with(b"SQLite format 3"));
    assert!(contains(&plain_bytes, CANARY.as_bytes()));
}

#[test]
fn wrong_passphrase_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = new_db(dir.path());
    store.close().unwrap();
    let err = Store::open(&path, &SecretString::from("not the passphrase at all")).unwrap_err();
    assert!(
        matches!(err, OpenError::WrongPassphraseOrForeign),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Wrong passphrase, or not a staywell database."
    );
}

#[test]
fn audit_log_is_append_only_and_chained() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    store
        .audit(now(), Some(1), AuditAction::Unlock, None, None)
        .unwrap();
    store
        .audit(
            now(),
            Some(1),
            AuditAction::View,
            Some(RecordKind::Plan),
            Some(4),
        )
        .unwrap();
    assert_eq!(
        store.verify_audit_chain().unwrap(),
        ChainStatus::Verified { entries: 4 }
    );

    let c = store.connection();
    let update = c.execute("UPDATE audit_log SET staff_id = 2 WHERE id = 3", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = c.execute("DELETE FROM audit_log WHERE id = 3", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));

    // Someone who drops the triggers to tamper is caught by the chain.
    c.execute_batch(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET record_id = 5 WHERE id = 4;",
    )
    .unwrap();
    assert_eq!(
        store.verify_audit_chain().unwrap(),
        ChainStatus::Broken(ChainBreak::Content { id: 4 })
    );
}

#[test]
fn audit_rows_hold_no_names_or_free_text() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
    store
        .add_person(
            &NewPerson {
                display_name: Some("Kit".into()),
                ..Default::default()
            },
            1,
            now(),
        )
        .unwrap();
    let dump: Vec<String> = store
        .connection()
        .prepare("SELECT coalesce(at,'')||action||coalesce(record_kind,'') FROM audit_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let all = dump.join("|");
    assert!(!all.contains("Jo Sample") && !all.contains("Kit") && !all.contains(LEAD));
    let entries = store.audit_entries_for(RecordKind::Person, 1).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "create");
}

#[test]
fn staff_rules_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let id = store.add_staff("Jo Sample", "135790", 1, now()).unwrap();
    assert!(store.verify_pin(id, "135790").unwrap());
    let dup = store
        .add_staff("jo sample", "135791", 1, now())
        .unwrap_err();
    assert!(dup.to_string().contains("already exists"));
    assert!(
        store
            .add_staff("Al", "123", 1, now())
            .unwrap_err()
            .to_string()
            .contains("6 digits")
    );
    assert!(store.add_staff("A\x1b[2J", "123456", 1, now()).is_err());
    assert_eq!(store.active_staff().unwrap().len(), 2);
}

#[test]
fn settings_round_trip_and_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    assert_eq!(store.auto_lock_minutes().unwrap(), 5);
    store
        .set_setting("auto_lock_minutes", "12", 1, now())
        .unwrap();
    store
        .set_setting("weekday_hours", "20:00-02:00", 1, now())
        .unwrap();
    store.close().unwrap();
    let store = Store::open(&path, &passphrase()).unwrap();
    assert_eq!(store.auto_lock_minutes().unwrap(), 12);
    let hours = store.service_hours().unwrap();
    assert!(hours.weekday.crosses_midnight());
    assert!(
        hours
            .bank_holidays
            .contains(&chrono::NaiveDate::from_ymd_opt(2026, 12, 28).unwrap())
    );
    assert_eq!(
        store.recent_audit_entries(1).unwrap()[0].action,
        "settings_change"
    );
}

#[test]
fn every_earlier_schema_version_migrates_to_the_latest() {
    migrations::migrations().validate().unwrap();
    let latest = migrations::latest_version() as usize;
    for k in 0..=latest {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        migrations::migrations().to_version(&mut conn, k).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, k);
        migrations::to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, latest);
        let fk: Vec<String> = conn
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(fk.is_empty());
    }
}

#[test]
fn schema_covers_every_record_the_design_names() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = new_db(dir.path());
    for table in [
        "people",
        "visits",
        "safeguarding",
        "incidents",
        "follow_ups",
        "crisis_plans",
        "plan_versions",
        "peer_workers",
        "availability_slots",
        "availability_exceptions",
        "assignments",
        "peer_sessions",
        "shifts",
        "handovers",
        "handover_addenda",
        "staff",
        "directory_entries",
        "referral_sources",
        "triage_codes",
        "bank_holidays",
        "settings",
        "audit_log",
        "supervision_log",
        "visit_signposts",
        "erased_people",
    ] {
        let n: i64 = store
            .connection()
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type='table' AND name=?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "missing table {table}");
    }
}
