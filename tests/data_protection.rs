//! Data protection: backup and restore, rekey, subject access, erasure and retention.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::Duration;
use common::*;
use secrecy::SecretString;
use staywell::domain::handover::draft_from;
use staywell::domain::plan::{PlanContent, PlanMeta};
use staywell::store::backup::{RestoreError, restore};
use staywell::store::lock::TuiLock;
use staywell::store::{OpenError, Store};
use std::path::Path;

const NAME: &str = "Quillon";
const FULL: &str = "Quillon Example";
const CANARY: &str = "marmalade-canary-4417";

/// A person with a visit, a plan, an assignment with a session, and a signed handover that
/// names them, every free-text field carrying the canary.
fn person_everywhere(store: &mut Store) -> i64 {
    use staywell::domain::person::PersonDetails;
    use staywell::domain::visit::*;
    use staywell::store::visits::{NewVisit, PersonRef};
    let visit = store
        .add_visit(
            &NewVisit {
                person: PersonRef::New(PersonDetails {
                    display_name: Some(NAME.into()),
                    full_name: Some(FULL.into()),
                    date_of_birth: chrono::NaiveDate::from_ymd_opt(1991, 5, 6),
                    phone: Some("07700 900555".into()),
                }),
                arrived_at: at(19, 0),
                contact_mode: ContactMode::WalkIn,
                referral_source_id: Some(1),
                presenting_need: format!("need {CANARY}"),
            },
            1,
            now(),
        )
        .unwrap();
    let person = store.visit(visit).unwrap().person_id;
    let v = store.visit(visit).unwrap();
    let update = VisitUpdate {
        presenting_need: v.presenting_need.clone(),
        triage_code: Some("C".into()),
        safety_formulation: format!("formulation {CANARY}"),
        suitability: None,
        suitability_reason: String::new(),
        status: VisitStatus::WithWorker,
        distress_arrival: Some(7),
        distress_leaving: None,
        swemwbs: None,
        swemwbs_completion: None,
        ons4: Default::default(),
        ons4_leaving: Default::default(),
        outcome: None,
        signposts: vec![],
        safeguarding: Safeguarding {
            categories: vec![CareActCategory::Neglect],
            other_detail: format!("detail {CANARY}"),
            ..Default::default()
        },
    };
    store.update_visit(visit, &update, 1, now()).unwrap();
    store
        .add_incident(
            &Incident {
                id: 0,
                visit_id: visit,
                occurred_at: at(19, 10),
                kind: format!("kind {CANARY}"),
                people: NAME.into(),
                action: format!("action {CANARY}"),
                staff: String::new(),
            },
            1,
            now(),
        )
        .unwrap();
    store
        .add_follow_up(
            &FollowUp {
                id: 0,
                visit_id: visit,
                person: NAME.into(),
                task: format!("task {CANARY}"),
                owner: "Day team".into(),
                due_on: None,
                done_at: None,
                done_by: None,
                ..Default::default()
            },
            1,
            now(),
        )
        .unwrap();
    let content = PlanContent {
        warning_signs: vec![format!("sign {CANARY}")],
        ..Default::default()
    };
    store
        .save_plan_version(
            person,
            &content,
            &PlanMeta::new(now().date_naive(), 90),
            1,
            now(),
        )
        .unwrap();
    store
        .connection()
        .execute_batch(&format!(
            "INSERT INTO peer_workers (id, name, employment, created_at, created_by) VALUES (9, 'Sky Sample', 'paid', '2026-01-01T00:00:00Z', 1);
             INSERT INTO assignments (id, person_id, worker_id, started_on, sessions_planned, created_at, created_by)
               VALUES (5, {person}, 9, '2026-11-22', 6, '2026-11-22T19:00:00Z', 1);
             INSERT INTO peer_sessions (assignment_id, held_on, minutes, note, created_at, created_by)
               VALUES (5, '2026-11-22', 45, 'note {CANARY}', '2026-11-22T20:00:00Z', 1);"
        ))
        .unwrap();
    let hours = store.service_hours().unwrap();
    let date = now().date_naive();
    let mut body = draft_from(&store.shift_facts(&hours, date).unwrap());
    body.entries[0].summary = format!("summary {CANARY}");
    body.free_text = format!("{NAME} was upset; later {FULL} felt better.");
    let id = store.save_handover_draft(date, &body, 1, now()).unwrap();
    store.sign_handover(id, 1, now()).unwrap();
    store
        .add_handover_addendum(id, &format!("{NAME} rang back"), 1, now())
        .unwrap();
    person
}

fn dump(store: &Store) -> String {
    let tables: Vec<String> = store
        .connection()
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("\n#{t}#"));
        let mut stmt = store
            .connection()
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                if let Ok(rusqlite::types::ValueRef::Text(s)) = r.get_ref(i) {
                    out.push_str(&String::from_utf8_lossy(s));
                    out.push('|');
                }
            }
        }
    }
    out
}

fn traces(bytes: &[u8]) -> Vec<&'static str> {
    [NAME, CANARY, "07700 900555", "1991-05-06"]
        .into_iter()
        .filter(|n| contains(bytes, n.as_bytes()))
        .collect()
}

#[test]
fn erasure_leaves_no_trace_in_the_bytes_of_an_unkeyed_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.db");
    // No key at all: plain SQLite, so the bytes can be searched.
    let mut store = Store::create_unencrypted_for_tests(
        &path,
        &staywell::store::CreateOptions {
            first_staff_name: LEAD,
            first_staff_pin: PIN,
        },
        now(),
    )
    .unwrap();
    let person = person_everywhere(&mut store);
    store.checkpoint().unwrap();
    assert!(
        database_bytes(&path).starts_with(b"SQLite format 3"),
        "unkeyed, so the search can see"
    );
    assert_eq!(
        traces(&database_bytes(&path)),
        [NAME, CANARY, "07700 900555", "1991-05-06"],
        "the check can fail"
    );
    let visits_before: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
        .unwrap();

    store.erase_person(person, Some(1), now()).unwrap();
    assert_eq!(traces(&database_bytes(&path)), Vec::<&str>::new());
    let visits_after: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
        .unwrap();
    assert_eq!(visits_before, visits_after, "statistics stay countable");
    store.close().unwrap();
    assert_eq!(traces(&database_bytes(&path)), Vec::<&str>::new());
}

#[test]
fn erasure_in_the_keyed_database_leaves_a_countable_skeleton() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    assert!(dump(&store).contains(CANARY), "the dump can fail");
    store.erase_person(person, Some(1), now()).unwrap();
    let all = dump(&store);
    for trace in [NAME, CANARY, "07700 900555", "1991-05-06"] {
        let table = all
            .lines()
            .find(|l| l.contains(trace))
            .map(|l| l.split('#').nth(1).unwrap_or("?").to_string());
        let row = all
            .split('#')
            .skip_while(|s| !s.contains("handovers"))
            .nth(1)
            .unwrap_or("")
            .chars()
            .take(600)
            .collect::<String>();
        assert!(!all.contains(trace), "{trace} survived in {table:?}: {row}");
    }
    let v: (String, Option<i64>, String) = store
        .connection()
        .query_row(
            "SELECT triage_code, distress_arrival, status FROM visits WHERE person_id = ?1",
            [person],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(v, ("C".into(), Some(7), "with_worker".into()));
    assert_eq!(store.erased_people().unwrap(), [person]);
    let left: (Option<String>, Option<String>, Option<String>) = store
        .connection()
        .query_row(
            "SELECT display_name, phone, erased_at FROM people WHERE id = ?1",
            [person],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((left.0, left.1, left.2.is_some()), (None, None, true));
    assert!(store.find_people(NAME, 5).unwrap().is_empty());
    assert!(store.verify_audit_chain().is_ok());
    assert_eq!(store.recent_audit_entries(1).unwrap()[0].action, "erase");
    let h = store.handover(now().date_naive()).unwrap().unwrap();
    assert_eq!(h.body.entries[0].person_label, "[erased]");
    assert_eq!(h.body.free_text, "[erased]");
    assert_eq!(h.addenda[0].text, "[erased]");
    assert_eq!(h.body.follow_ups, "- [erased]\n- [erased]");
    assert!(
        store
            .handover_history(Some(NAME), None, 10)
            .unwrap()
            .is_empty(),
        "gone from the search index"
    );
}

#[test]
fn subject_access_exports_everything_about_the_person_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    walk_in(&mut store, Some("Someone Else"), at(19, 5));
    let sar = store.subject_access(person, Some(1), now()).unwrap();
    let text = sar.to_string();
    assert_eq!(sar["person"]["display_name"], NAME);
    assert_eq!(sar["visits"].as_array().unwrap().len(), 1);
    let visit = &sar["visits"][0];
    assert_eq!(visit["safety_formulation"], format!("formulation {CANARY}"));
    assert_eq!(visit["incidents"].as_array().unwrap().len(), 1);
    assert_eq!(visit["follow_ups"].as_array().unwrap().len(), 1);
    assert_eq!(
        visit["safeguarding"][0]["other_detail"],
        format!("detail {CANARY}")
    );
    assert_eq!(sar["crisis_plan_versions"].as_array().unwrap().len(), 1);
    assert_eq!(
        sar["peer_assignments"][0]["sessions"][0]["note"],
        format!("note {CANARY}")
    );
    assert_eq!(
        sar["handover_entries"][0]["entry"]["summary"],
        format!("summary {CANARY}")
    );
    assert!(sar["audit"].as_array().unwrap().len() >= 3);
    assert!(!text.contains("Someone Else"), "nobody else's data");
    assert_eq!(store.recent_audit_entries(1).unwrap()[0].action, "export");
}

#[test]
fn subject_access_is_readable_names_staff_and_codes_and_finds_every_line_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    let sar = store.subject_access(person, Some(1), now()).unwrap();
    // Plan sections are structure, not a string of JSON.
    let sections = &sar["crisis_plan_versions"][0]["sections"];
    assert!(sections.is_object() || sections.is_array(), "{sections}");
    // Staff by name and codes by meaning, beside their ids.
    let visit = &sar["visits"][0];
    assert_eq!(visit["created_by_name"], "Robin Example", "{visit}");
    assert_eq!(visit["triage_code"], "C");
    assert!(
        visit["triage_code_meaning"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{visit}"
    );
    // The handover's free text and the addendum that name them, each marked for review.
    let lines = sar["handover_lines_naming_them"].as_array().unwrap();
    let sections: Vec<&str> = lines
        .iter()
        .map(|l| l["section"].as_str().unwrap())
        .collect();
    assert!(sections.contains(&"free_text"), "{lines:?}");
    assert!(sections.contains(&"addendum"), "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|l| l["review"].as_str().is_some_and(|r| r.contains("review")))
    );
    assert!(sar["subject_access_export"]["review_before_release"].is_string());
    // A plain-text rendering the person can read.
    let text = staywell::store::subject_access::plain_text(&sar);
    assert!(text.contains(&format!("Display name: {NAME}")), "{text}");
    assert!(text.contains("Handover lines naming them:"), "{text}");
    assert!(text.contains(&format!("{NAME} rang back")), "{text}");
    assert!(!text.contains("{\""), "no JSON in the readable copy");
}

#[test]
fn backup_and_restore_round_trip_while_another_connection_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    walk_in(&mut store, Some("Before"), at(18, 0));
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || {
        let mut other = Store::open(&writer_path, &passphrase()).unwrap();
        for i in 0..20 {
            walk_in(&mut other, Some(&format!("During {i}")), at(18, 30));
        }
    });
    let backup = dir.path().join("backup.db");
    store.backup_to(&backup).unwrap();
    writer.join().unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(
        !std::fs::read(&backup)
            .unwrap()
            .starts_with(b"SQLite format 3")
    );
    assert!(store.backup_to(&backup).is_err(), "never overwrites");
    walk_in(&mut store, Some("After"), at(20, 0));
    store.close().unwrap();

    let restored = restore(&path, &backup, &passphrase(), now()).unwrap();
    assert_eq!(
        restored.previous.as_deref(),
        Some(Path::new(&format!("{}.before-restore", path.display())))
    );
    let store = Store::open(&path, &passphrase()).unwrap();
    let names: Vec<String> = store
        .find_people("after", 5)
        .unwrap()
        .into_iter()
        .map(|p| p.label())
        .collect();
    assert!(names.is_empty(), "the restore replaced the newer data");
    assert_eq!(store.find_people("before", 5).unwrap().len(), 1);
    let v: i64 = store
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, staywell::store::migrations::latest_version());
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn a_restore_applies_erasures_made_after_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    let backup = dir.path().join("backup.db");
    store.backup_to(&backup).unwrap();
    store.erase_person(person, Some(1), now()).unwrap();
    store.close().unwrap();
    let restored = restore(&path, &backup, &passphrase(), now() + Duration::minutes(5)).unwrap();
    assert_eq!(restored.erasures_reapplied, 1);
    let store = Store::open(&path, &passphrase()).unwrap();
    assert!(
        !dump(&store).contains(CANARY),
        "an erased person never comes back"
    );
}

#[test]
fn a_corrupt_backup_is_refused_and_the_database_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = new_db(dir.path());
    let backup = dir.path().join("backup.db");
    store.backup_to(&backup).unwrap();
    store.close().unwrap();
    let mut bytes = std::fs::read(&backup).unwrap();
    let n = bytes.len();
    for b in &mut bytes[n - 3000..n - 2000] {
        *b ^= 0xA5;
    }
    std::fs::write(&backup, &bytes).unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = restore(&path, &backup, &passphrase(), now()).unwrap_err();
    // Damage that reaches the schema reads as "wrong passphrase, or not a staywell database".
    assert!(
        matches!(e, RestoreError::BackupDamaged(_) | RestoreError::Backup(_)),
        "{e:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!Path::new(&format!("{}.restoring", path.display())).exists());
}

#[test]
fn restore_refuses_while_the_app_holds_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = new_db(dir.path());
    let backup = dir.path().join("backup.db");
    store.backup_to(&backup).unwrap();
    store.close().unwrap();
    let _app = TuiLock::acquire(&path).unwrap();
    assert!(matches!(
        restore(&path, &backup, &passphrase(), now()),
        Err(RestoreError::InUse)
    ));
}

#[test]
fn rekey_changes_the_passphrase_and_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    walk_in(&mut store, Some("Kept"), at(19, 0));
    let new = SecretString::from("violet harbour kettle zebra");
    store.rekey(&new).unwrap();
    store.close().unwrap();
    assert!(matches!(
        Store::open(&path, &passphrase()),
        Err(OpenError::WrongPassphraseOrForeign)
    ));
    let store = Store::open(&path, &new).unwrap();
    assert_eq!(store.find_people("kept", 5).unwrap().len(), 1);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn retention_lists_people_without_contact_for_longer_than_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    assert_eq!(store.retention_years().unwrap(), 20);
    let old = walk_in(
        &mut store,
        Some("Old"),
        at(19, 0) - Duration::days(365 * 21),
    );
    walk_in(&mut store, Some("Recent"), at(19, 0) - Duration::days(365));
    let old_person = store.visit(old).unwrap().person_id;
    let cutoff = now() - Duration::days(365 * 20);
    let found = store.retention_candidates(cutoff).unwrap();
    assert_eq!(
        found.iter().map(|c| c.person_id).collect::<Vec<_>>(),
        [old_person]
    );
    store.erase_person(old_person, Some(1), now()).unwrap();
    assert!(store.retention_candidates(cutoff).unwrap().is_empty());
}

// ----- tamper evidence: the tail, the content, the triggers (issue 17, point 5) -----

use staywell::domain::audit::{ContentKind, HeadCheck};
use staywell::store::check::{AnchorStatus, ContentProblem};

/// An independent connection with the key, as someone holding the passphrase and the file
/// would open it (the sqlcipher shell, a script), keyed in DESIGN §4's order.
fn raw(path: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = '{PASSPHRASE}'; PRAGMA cipher_log_level = NONE; PRAGMA cipher_compatibility = 4;"
    ))
    .unwrap();
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .unwrap();
    conn
}

fn checked(path: &Path) -> staywell::store::check::CheckReport {
    Store::open(path, &passphrase()).unwrap().check().unwrap()
}

fn audit_rows(path: &Path) -> i64 {
    raw(path)
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_fresh_database_with_signed_records_and_an_erasure_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    walk_in(&mut store, Some("Other Person"), at(19, 20));
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    store.erase_person(person, Some(1), now()).unwrap();
    let report = store.check().unwrap();
    assert!(
        report.is_ok(),
        "erasure re-binds what it redacts: {report:?}"
    );
    store.close().unwrap();
    let report = checked(&path);
    assert_eq!(
        report.anchor,
        AnchorStatus::Checked(HeadCheck::Matches { newer: 0 })
    );
    assert_eq!(report.head.unwrap().entries, audit_rows(&path) as u64);
}

#[test]
fn deleting_the_last_audit_row_or_every_row_is_caught_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    person_everywhere(&mut store);
    store.close().unwrap();
    assert!(checked(&path).is_ok());
    let before = audit_rows(&path);

    let conn = raw(&path);
    assert!(
        conn.execute(
            "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
            []
        )
        .is_err(),
        "the trigger refuses"
    );
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_delete;
         DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log);",
    )
    .unwrap();
    drop(conn);
    let report = checked(&path);
    assert!(
        matches!(
            report.audit,
            staywell::store::audit::ChainStatus::Verified { .. }
        ),
        "the rest still chains"
    );
    assert_eq!(
        report.anchor,
        AnchorStatus::Checked(HeadCheck::Truncated {
            anchored: before as u64,
            found: before as u64 - 1
        })
    );
    assert!(!report.is_ok());

    // An ordinary save after the truncation must not move the anchor back over the evidence.
    let mut store = Store::open(&path, &passphrase()).unwrap();
    walk_in(&mut store, Some("Later"), at(20, 0));
    store.close().unwrap();
    assert!(
        !checked(&path).is_ok(),
        "the anchor was not rewritten to the shorter chain"
    );

    raw(&path).execute_batch("DELETE FROM audit_log;").unwrap();
    let report = checked(&path);
    assert!(matches!(
        report.anchor,
        AnchorStatus::Checked(HeadCheck::Truncated { found: 0, .. })
    ));
    assert!(!report.is_ok());
}

#[test]
fn the_cli_prints_the_head_and_compares_with_one_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    walk_in(&mut store, Some("Someone"), at(19, 0));
    store.close().unwrap();
    let pass = dir.path().join("pass");
    std::fs::write(&pass, PASSPHRASE).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "--db",
            path.to_str().unwrap(),
            "--passphrase-file",
            pass.to_str().unwrap(),
            "check",
        ];
        args.extend_from_slice(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_staywell"))
            .args(&args)
            .env_remove("STAYWELL_DB")
            .env_remove("STAYWELL_PASSPHRASE_FILE")
            .output()
            .unwrap()
    };
    let out = run(&[]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    let kept = text
        .lines()
        .find_map(|l| l.strip_prefix("Audit head:"))
        .unwrap()
        .trim()
        .to_string();
    assert!(kept.contains(':'));
    assert!(run(&["--head", &kept]).status.success());

    // Someone who also deletes the anchor file is still caught by the head the manager kept.
    raw(&path)
        .execute_batch(
            "DROP TRIGGER audit_log_no_delete;
             DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log);",
        )
        .unwrap();
    std::fs::remove_file(staywell::store::sidecar::anchor_path(&path)).unwrap();
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(22));
    assert!(String::from_utf8_lossy(&out.stdout).contains("MISSING"));
    let out = run(&["--head", &kept]);
    assert_eq!(out.status.code(), Some(22));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Head you kept:    TRUNCATED"));
}

#[test]
fn the_anchor_and_the_erased_ids_hold_no_personal_data_and_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    store.erase_person(person, Some(1), now()).unwrap();
    let backup = dir.path().join("b.db");
    store.backup_to(&backup).unwrap();
    for f in [
        staywell::store::sidecar::anchor_path(&path),
        staywell::store::sidecar::erased_path(&path),
        staywell::store::sidecar::anchor_path(&backup),
        staywell::store::sidecar::erased_path(&backup),
    ] {
        let text = std::fs::read_to_string(&f).unwrap();
        assert_eq!(
            std::fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o600,
            "{f:?}"
        );
        assert!(traces(text.as_bytes()).is_empty(), "{f:?}: {text}");
        assert!(!text.contains(LEAD));
    }
    let (ids, _) = staywell::store::sidecar::read_erased(&path);
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), [person]);
}

#[test]
fn a_signed_body_changed_with_the_triggers_dropped_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    let plan = store.plan_for_person(person).unwrap().unwrap().plan_id;
    store.close().unwrap();
    let conn = raw(&path);
    assert!(
        conn.execute(
            "UPDATE handovers SET body = replace(body, 'upset', 'fine')",
            []
        )
        .is_err()
    );
    assert!(
        conn.execute("UPDATE plan_versions SET sections = '{}'", [])
            .is_err()
    );
    assert!(
        conn.execute("UPDATE handover_addenda SET text = 'x'", [])
            .is_err()
    );
    conn.execute_batch(
        "DROP TRIGGER handovers_signed_read_only;
         DROP TRIGGER plan_versions_immutable;
         DROP TRIGGER handover_addenda_immutable;
         UPDATE handovers SET body = replace(body, 'upset', 'fine');
         UPDATE plan_versions SET copy_holders = 'nobody';
         UPDATE handover_addenda SET text = 'nothing happened';",
    )
    .unwrap();
    drop(conn);
    let report = checked(&path);
    assert!(!report.is_ok());
    let handover: i64 = raw(&path)
        .query_row("SELECT id FROM handovers", [], |r| r.get(0))
        .unwrap();
    let version: i64 = raw(&path)
        .query_row(
            "SELECT id FROM plan_versions WHERE plan_id = ?1",
            [plan],
            |r| r.get(0),
        )
        .unwrap();
    for p in [
        ContentProblem::Changed {
            kind: ContentKind::Handover,
            id: handover,
        },
        ContentProblem::Changed {
            kind: ContentKind::PlanVersion,
            id: version,
        },
        ContentProblem::Changed {
            kind: ContentKind::Addendum,
            id: 1,
        },
    ] {
        assert!(report.content.contains(&p), "{p:?} in {:?}", report.content);
    }
}

#[test]
fn addenda_cannot_be_deleted_and_a_deleted_or_forged_record_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    let plan = store.plan_for_person(person).unwrap().unwrap().plan_id;
    store.close().unwrap();
    let conn = raw(&path);
    let e = conn
        .execute("DELETE FROM handover_addenda", [])
        .unwrap_err();
    assert!(e.to_string().contains("cannot be deleted"), "{e}");
    conn.execute_batch("DROP TRIGGER handover_addenda_no_delete; DELETE FROM handover_addenda;")
        .unwrap();
    // A version slipped in around the app has no binding.
    conn.execute(
        "INSERT INTO plan_versions (plan_id, version, sections, co_produced, consent_to_share,
                                    review_due, created_at, created_by)
         SELECT plan_id, version + 1, sections, co_produced, consent_to_share, review_due,
                created_at, created_by FROM plan_versions WHERE plan_id = ?1",
        [plan],
    )
    .unwrap();
    drop(conn);
    let report = checked(&path);
    assert!(report.content.contains(&ContentProblem::Missing {
        kind: ContentKind::Addendum,
        id: 1
    }));
    assert!(report.content.iter().any(|p| matches!(
        p,
        ContentProblem::Unbound {
            kind: ContentKind::PlanVersion,
            ..
        }
    )));
}

#[test]
fn no_table_switches_the_protection_off_for_another_connection() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    store.close().unwrap();
    let conn = raw(&path);
    // The old switch is gone; and marking the person erased no longer unlocks their plan.
    assert!(
        conn.execute("INSERT INTO erasing (person_id) VALUES (1)", [])
            .is_err()
    );
    conn.execute(
        "UPDATE people SET erased_at = '2026-11-22T19:00:00Z' WHERE id = ?1",
        [person],
    )
    .unwrap();
    assert!(conn.execute("DELETE FROM plan_versions", []).is_err());
    assert!(
        conn.execute("UPDATE handovers SET body = '{}'", [])
            .is_err()
    );
    assert!(
        conn.execute("UPDATE handover_addenda SET text = 'x'", [])
            .is_err()
    );
    let triggers: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%erasing%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 0);
}

#[test]
fn an_erasure_never_shows_another_connection_the_triggers_gone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    let reader = raw(&path);
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM audit_log;")
        .unwrap();
    store.erase_person(person, Some(1), now()).unwrap();
    let seen = |c: &rusqlite::Connection| -> i64 {
        c.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN
             ('handovers_signed_read_only', 'handover_addenda_immutable', 'plan_versions_no_delete')",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(seen(&reader), 3, "a reader's snapshot keeps them");
    reader.execute_batch("COMMIT;").unwrap();
    assert_eq!(seen(&reader), 3, "and they are back after the erasure");
    drop(reader);
    store.checkpoint().unwrap();
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
}

#[test]
fn an_old_database_is_sealed_once_when_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = new_db(dir.path());
    store.close().unwrap();
    // Back to schema 9 as it was (no binding columns, the erasing switch), then signed records
    // written as schema 9 wrote them: without any binding.
    let conn = raw(&path);
    conn.execute_batch(
        "DROP TRIGGER worker_assignment_counts_on_insert;
         DROP TRIGGER worker_assignment_counts_on_update;
         DROP TRIGGER worker_assignment_counts_on_delete;
         DROP TABLE worker_assignment_counts;
         DROP INDEX peer_sessions_by_assignment;
         CREATE INDEX peer_sessions_by_assignment ON peer_sessions (assignment_id, held_on);
         DROP TRIGGER first_arrivals_on_insert;
         DROP TRIGGER first_arrivals_on_update;
         DROP TRIGGER first_arrivals_on_delete;
         DROP TABLE first_arrivals;
         DROP INDEX visits_for_reports;
         DROP INDEX audit_log_by_content;
         ALTER TABLE audit_log DROP COLUMN content_kind;
         ALTER TABLE audit_log DROP COLUMN content_ref;
         ALTER TABLE audit_log DROP COLUMN content_hash;
         CREATE TABLE erasing (person_id INTEGER PRIMARY KEY) STRICT;
         DROP TRIGGER handover_addenda_no_delete;
         DROP TRIGGER plan_drafts_not_for_erased;
         DROP TRIGGER plan_drafts_not_for_erased_update;
         DROP TABLE form_drafts;
         DROP INDEX visits_open;
         DROP TABLE visit_carried;
         ALTER TABLE visits DROP COLUMN swemwbs_completion;
         ALTER TABLE visits DROP COLUMN ons4_life_satisfaction;
         ALTER TABLE visits DROP COLUMN ons4_worthwhile;
         ALTER TABLE visits DROP COLUMN ons4_happy;
         ALTER TABLE visits DROP COLUMN ons4_anxious;
         ALTER TABLE follow_ups DROP COLUMN kind;
         DROP TABLE corrections;
         DROP TABLE plan_reviews;
         ALTER TABLE follow_ups DROP COLUMN done_by;
         DROP INDEX follow_ups_open_by_due;
         ALTER TABLE follow_ups DROP COLUMN closed_as;
         ALTER TABLE follow_ups DROP COLUMN outcome;
         DROP INDEX safeguarding_open;
         ALTER TABLE safeguarding DROP COLUMN closed_by;
         ALTER TABLE safeguarding DROP COLUMN closed_note;
         ALTER TABLE visits DROP COLUMN ons4_leaving_life_satisfaction;
         ALTER TABLE visits DROP COLUMN ons4_leaving_worthwhile;
         ALTER TABLE visits DROP COLUMN ons4_leaving_happy;
         ALTER TABLE visits DROP COLUMN ons4_leaving_anxious;
         DROP TRIGGER visits_not_for_merged;
         DROP TRIGGER assignments_not_for_merged;
         DROP TRIGGER plan_versions_not_for_merged;
         DROP TRIGGER crisis_plans_not_for_merged;
         DROP TRIGGER plan_drafts_not_for_merged;
         DROP TABLE plan_merges;
         DROP TABLE person_merges;
         DROP INDEX people_merged_into;
         ALTER TABLE people DROP COLUMN merged_into;
         PRAGMA user_version = 9;
         INSERT INTO people (id, display_name, created_at, created_by) VALUES (1, 'Old Timer', '2026-01-01T00:00:00Z', 1);
         INSERT INTO crisis_plans (id, person_id, created_at, created_by) VALUES (1, 1, '2026-01-01T00:00:00Z', 1);
         INSERT INTO plan_versions (plan_id, version, sections, co_produced, consent_to_share, review_due, created_at, created_by)
           VALUES (1, 1, '{}', 1, 0, '2026-04-01', '2026-01-01T00:00:00Z', 1);
         INSERT INTO handovers (id, service_date, body, draft_saved_at, drafted_by, signed_at, signed_by)
           VALUES (1, '2026-01-01', '{}', '2026-01-01T22:00:00Z', 1, '2026-01-01T22:30:00Z', 1);
         INSERT INTO handover_addenda (handover_id, text, created_at, created_by) VALUES (1, 'later', '2026-01-02T10:00:00Z', 1);",
    )
    .unwrap();
    drop(conn);
    std::fs::remove_file(staywell::store::sidecar::anchor_path(&path)).unwrap();
    let report = checked(&path);
    assert!(report.is_ok(), "{report:?}");
    let sealed: i64 = raw(&path)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'seal'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        sealed, 3,
        "the plan version, the signed handover and its addendum"
    );
    // Once only: a version slipped in after the upgrade stays unbound.
    raw(&path)
        .execute_batch(
            "INSERT INTO plan_versions (plan_id, version, sections, co_produced, consent_to_share, review_due, created_at, created_by)
             VALUES (1, 2, '{}', 0, 0, '2026-04-01', '2026-01-03T00:00:00Z', 1);",
        )
        .unwrap();
    let report = checked(&path);
    assert!(matches!(
        report.content[..],
        [ContentProblem::Unbound {
            kind: ContentKind::PlanVersion,
            ..
        }]
    ));
}

// ----- erasures survive restores (point 4), retention (point 3), drafts (point 1) -----

fn remove_db(path: &Path) {
    for s in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{s}", path.display()));
    }
}

#[test]
fn an_old_backup_restored_with_the_database_gone_keeps_the_erased_person_erased() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    let backup = dir.path().join("old.db");
    store.backup_to(&backup).unwrap();
    store.erase_person(person, Some(1), now()).unwrap();
    store.close().unwrap();
    remove_db(&path);
    assert!(!path.exists());
    let knowledge = staywell::store::backup::ErasureKnowledge::of(&path, &backup);
    assert!(
        !knowledge.uncertain(),
        "the list beside the database is still there"
    );
    let restored = restore(&path, &backup, &passphrase(), now()).unwrap();
    assert_eq!(restored.erasures_reapplied, 1);
    let store = Store::open(&path, &passphrase()).unwrap();
    assert!(
        !dump(&store).contains(CANARY),
        "an erased person never comes back"
    );
    assert_eq!(store.erased_people().unwrap(), [person]);
    assert!(
        store.check().unwrap().is_ok(),
        "{:?}",
        store.check().unwrap()
    );
}

#[test]
fn a_restore_applies_an_erasure_only_the_backups_list_knows() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    let backup = dir.path().join("b.db");
    store.backup_to(&backup).unwrap();
    store.close().unwrap();
    // Erased on another copy after this backup was made; that copy's list was put beside it.
    staywell::store::sidecar::record_erased(&backup, [person]).unwrap();
    remove_db(&path);
    let _ = std::fs::remove_file(staywell::store::sidecar::erased_path(&path));
    let knowledge = staywell::store::backup::ErasureKnowledge::of(&path, &backup);
    assert!(knowledge.uncertain() && knowledge.beside_backup);
    let restored = restore(&path, &backup, &passphrase(), now()).unwrap();
    assert_eq!(restored.erasures_reapplied, 1);
    let store = Store::open(&path, &passphrase()).unwrap();
    assert!(!dump(&store).contains(CANARY));
    let (ids, _) = staywell::store::sidecar::read_erased(&path);
    assert!(
        ids.contains(&person),
        "and the database's own list has it now"
    );
}

#[test]
fn a_backup_whose_audit_tail_was_cut_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    walk_in(&mut store, Some("Someone"), at(19, 0));
    let backup = dir.path().join("b.db");
    store.backup_to(&backup).unwrap();
    store.close().unwrap();
    raw(&backup)
        .execute_batch(
            "DROP TRIGGER audit_log_no_delete;
             DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log);",
        )
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = restore(&path, &backup, &passphrase(), now()).unwrap_err();
    assert!(matches!(e, RestoreError::BackupTampered), "{e:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn retention_counts_every_contact_and_names_the_last() {
    use staywell::store::erasure::ContactKind;
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let long_ago = at(19, 0) - Duration::days(365 * 21);
    let visit = walk_in(&mut store, Some("Planned"), long_ago);
    let planned = store.visit(visit).unwrap().person_id;
    let only_visit = walk_in(&mut store, Some("Gone"), long_ago);
    let gone = store.visit(only_visit).unwrap().person_id;
    // A plan saved this week is a contact.
    store
        .save_plan_version(
            planned,
            &PlanContent {
                warning_signs: vec!["sign".into()],
                ..Default::default()
            },
            &PlanMeta::new(now().date_naive(), 90),
            1,
            now(),
        )
        .unwrap();
    let cutoff = now() - Duration::days(365 * 20);
    let found = store.retention_candidates(cutoff).unwrap();
    assert_eq!(
        found.iter().map(|c| c.person_id).collect::<Vec<_>>(),
        [gone],
        "the person whose plan was saved this week is not a candidate"
    );
    assert_eq!(found[0].last_kind, ContactKind::Visit);
    let everyone = store
        .retention_candidates(now() + Duration::days(1))
        .unwrap();
    let p = everyone.iter().find(|c| c.person_id == planned).unwrap();
    assert_eq!(
        (p.last_kind, p.last_contact),
        (ContactKind::PlanVersion, now())
    );

    // A peer session, a follow-up and a plan draft each count too.
    let sessions = walk_in(&mut store, Some("Peer"), long_ago);
    let peer = store.visit(sessions).unwrap().person_id;
    store
        .connection()
        .execute_batch(&format!(
            "INSERT INTO peer_workers (id, name, employment, created_at, created_by) VALUES (9, 'Sky Sample', 'paid', '2006-01-01T00:00:00Z', 1);
             INSERT INTO assignments (id, person_id, worker_id, started_on, sessions_planned, created_at, created_by)
               VALUES (5, {peer}, 9, '2006-01-01', 6, '2006-01-01T19:00:00Z', 1);
             INSERT INTO peer_sessions (assignment_id, held_on, minutes, note, created_at, created_by)
               VALUES (5, '2026-11-01', 45, '', '2006-01-01T20:00:00Z', 1);"
        ))
        .unwrap();
    let fu = walk_in(&mut store, Some("Followed"), long_ago);
    let followed = store.visit(fu).unwrap().person_id;
    store
        .connection()
        .execute(
            "INSERT INTO follow_ups (visit_id, person, task, owner, done_at, created_at, created_by)
             VALUES (?1, '', 'ring', '', '2026-11-20T10:00:00Z', '2006-01-01T00:00:00Z', 1)",
            [fu],
        )
        .unwrap();
    let dv = walk_in(&mut store, Some("Drafted"), long_ago);
    let drafted = store.visit(dv).unwrap().person_id;
    store
        .save_plan_draft(
            drafted,
            1,
            &PlanContent::default(),
            &PlanMeta::new(now().date_naive(), 90),
            now(),
        )
        .unwrap();
    let everyone = store
        .retention_candidates(now() + Duration::days(1))
        .unwrap();
    let kind = |id| {
        everyone
            .iter()
            .find(|c| c.person_id == id)
            .unwrap()
            .last_kind
    };
    assert_eq!(kind(peer), ContactKind::PeerSession);
    assert_eq!(kind(followed), ContactKind::FollowUp);
    assert_eq!(kind(drafted), ContactKind::PlanDraft);
    let ids: Vec<i64> = store
        .retention_candidates(cutoff)
        .unwrap()
        .iter()
        .map(|c| c.person_id)
        .collect();
    assert_eq!(ids, [gone]);
}

#[test]
fn no_plan_draft_can_be_written_for_an_erased_person() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let person = person_everywhere(&mut store);
    let meta = PlanMeta::new(now().date_naive(), 90);
    let content = PlanContent {
        warning_signs: vec![format!("typed after {CANARY}")],
        ..Default::default()
    };
    // An app with their plan open keeps its own connection across the erasure.
    store
        .save_plan_draft(person, 1, &content, &meta, now())
        .unwrap();
    let mut other = Store::open(&path, &passphrase()).unwrap();
    other.erase_person(person, None, now()).unwrap();
    let e = store
        .save_plan_draft(person, 1, &content, &meta, now())
        .unwrap_err();
    assert!(e.to_string().contains("erased"), "{e}");
    let drafts: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM plan_drafts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(drafts, 0);
    assert!(!dump(&store).contains(CANARY));
}

/// The memory the process has locked (VmLck in /proc/self/status), in KiB.
fn locked_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmLck:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap()
}

/// SQLCipher's memory security is on, so it overwrites every block it frees, but it is built
/// without the mlock() it would make for every allocation (`.cargo/config.toml`: that was
/// 9.8 ms of a 10 ms open, and it never kept the 32 MiB page cache out of swap). Built without
/// the flag, the open below locks memory (432 KiB when tried) and this fails. That the wiping
/// still works is read from the running app's memory after a lock (`tests/pty/memory.rs`).
#[test]
fn sqlcipher_wipes_what_it_frees_and_locks_no_memory_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    walk_in(&mut store, Some(FULL), common::at(19, 0));
    store.close().unwrap();
    let store = Store::open(&path, &SecretString::from(PASSPHRASE)).unwrap();
    assert_eq!(store.find_people(NAME, 20).unwrap().len(), 1);
    let security: rusqlite::types::Value = store
        .connection()
        .query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))
        .unwrap();
    assert!(
        matches!(&security, rusqlite::types::Value::Integer(1))
            || matches!(&security, rusqlite::types::Value::Text(t) if t == "1"),
        "memory security is on: {security:?}"
    );
    assert_eq!(locked_kib(), 0, "no memory is locked");
}
