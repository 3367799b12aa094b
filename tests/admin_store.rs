//! Administration store functions on temporary files, each read back after reopening with
//! `Store::open`: staff deactivation and PIN resets, the directory, referral sources, the
//! triage table, bank holidays, typed settings and the filtered, paged audit query. Refusals
//! carry clear messages; every change writes an audit row of ids only.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::*;
use staywell::domain::audit::{AuditAction, AuditEntry, RecordKind};
use staywell::store::admin::*;
use staywell::store::audit::ChainStatus;
use staywell::store::{Store, StoreError};
use std::path::Path;

const LEAD_ID: i64 = 1;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn reopen(path: &Path) -> Store {
    Store::open(path, &passphrase()).unwrap()
}

fn message(e: StoreError) -> String {
    e.to_string()
}

/// The newest audit entry.
fn last_entry(store: &Store) -> AuditEntry {
    store.recent_audit_entries(1).unwrap().remove(0)
}

fn assert_entry(e: &AuditEntry, action: AuditAction, kind: RecordKind, id: Option<i64>, by: i64) {
    assert_eq!(e.action, action.as_str(), "{e:?}");
    assert_eq!(e.record_kind.as_deref(), Some(kind.as_str()), "{e:?}");
    assert_eq!(e.record_id, id, "{e:?}");
    assert_eq!(e.staff_id, Some(by), "{e:?}");
}

/// Every audit row is vocabulary and numbers: no names, labels, PINs or values, and the chain
/// still verifies.
fn assert_audit_holds_no_values(store: &Store, values: &[&str]) {
    let mut stmt = store
        .connection()
        .prepare("SELECT at, action, coalesce(record_kind, ''), coalesce(CAST(record_id AS TEXT), '') FROM audit_log")
        .unwrap();
    let rows: Vec<(String, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (at, action, kind, id) in &rows {
        assert!(AuditAction::parse(action).is_some(), "{action}");
        assert!(
            kind.is_empty() || RecordKind::parse(kind).is_some(),
            "{kind}"
        );
        assert!(id.chars().all(|c| c.is_ascii_digit()), "{id}");
        assert!(staywell::domain::time::from_stored(at).is_some(), "{at}");
        for v in values {
            for field in [at, action, kind, id] {
                assert!(!field.contains(v), "{v:?} in the audit log");
            }
        }
    }
    assert!(matches!(
        store.verify_audit_chain().unwrap(),
        ChainStatus::Verified { .. }
    ));
}

#[test]
fn staff_are_deactivated_and_reactivated_but_never_the_last_or_yourself() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());

    let err = store
        .set_staff_active(LEAD_ID, false, LEAD_ID, now())
        .unwrap_err();
    assert_eq!(
        message(err),
        "This is the only active staff member: add a colleague before deactivating them."
    );

    let jo = store
        .add_staff("Jo Sample", "135790", LEAD_ID, now())
        .unwrap();
    let err = store
        .set_staff_active(LEAD_ID, false, LEAD_ID, now())
        .unwrap_err();
    assert_eq!(
        message(err),
        "You cannot deactivate yourself while signed in; ask a colleague to."
    );

    store.set_staff_active(jo, false, LEAD_ID, now()).unwrap();
    assert_entry(
        &last_entry(&store),
        AuditAction::Change,
        RecordKind::Staff,
        Some(jo),
        LEAD_ID,
    );
    let err = store
        .set_staff_active(jo, false, LEAD_ID, now())
        .unwrap_err();
    assert_eq!(message(err), "That colleague is already deactivated.");
    store.close().unwrap();

    let mut store = reopen(&path);
    let all = store.all_staff().unwrap();
    assert_eq!(
        all.iter()
            .map(|s| (s.name.as_str(), s.active))
            .collect::<Vec<_>>(),
        [(LEAD, true), ("Jo Sample", false)],
        "active first; the deactivated colleague is still listed"
    );
    assert_eq!(store.active_staff().unwrap().len(), 1);
    assert!(
        !store.verify_pin(jo, "135790").unwrap(),
        "a deactivated PIN never verifies"
    );
    assert_eq!(
        store.staff_names().unwrap()[&jo],
        "Jo Sample",
        "old records still name them"
    );

    // Now the lead is the last active one, even when someone else asks.
    let err = store
        .set_staff_active(LEAD_ID, false, jo, now())
        .unwrap_err();
    assert!(message(err).contains("only active staff member"));

    store.set_staff_active(jo, true, LEAD_ID, now()).unwrap();
    store.close().unwrap();
    let store = reopen(&path);
    assert!(store.verify_pin(jo, "135790").unwrap());
    assert!(matches!(
        store.staff_member(999).unwrap_err(),
        StoreError::NotFound
    ));
    assert_audit_holds_no_values(&store, &["Jo Sample", "135790"]);
}

#[test]
fn a_colleague_resets_a_pin_and_the_pin_is_never_logged() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let jo = store
        .add_staff("Jo Sample", "135790", LEAD_ID, now())
        .unwrap();

    let err = store
        .reset_staff_pin(jo, "12345", LEAD_ID, now())
        .unwrap_err();
    assert_eq!(message(err), "A PIN needs at least 6 digits.");
    let err = store
        .reset_staff_pin(jo, "12345a", LEAD_ID, now())
        .unwrap_err();
    assert_eq!(message(err), "A PIN is digits only.");
    assert!(matches!(
        store
            .reset_staff_pin(999, "975310", LEAD_ID, now())
            .unwrap_err(),
        StoreError::NotFound
    ));

    store.reset_staff_pin(jo, "975310", LEAD_ID, now()).unwrap();
    assert_entry(
        &last_entry(&store),
        AuditAction::Change,
        RecordKind::Staff,
        Some(jo),
        LEAD_ID,
    );
    store.close().unwrap();

    let mut store = reopen(&path);
    assert!(store.verify_pin(jo, "975310").unwrap());
    assert!(
        !store.verify_pin(jo, "135790").unwrap(),
        "the old PIN is gone"
    );
    let stored: String = store
        .connection()
        .query_row("SELECT pin_hash FROM staff WHERE id = ?1", [jo], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains("975310"));

    // A deactivated colleague is reactivated before a reset; a deactivated one cannot reset.
    store.set_staff_active(jo, false, LEAD_ID, now()).unwrap();
    let err = store
        .reset_staff_pin(jo, "864200", LEAD_ID, now())
        .unwrap_err();
    assert_eq!(
        message(err),
        "That colleague is deactivated: reactivate them first (x)."
    );
    let err = store
        .reset_staff_pin(LEAD_ID, "864200", jo, now())
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err}");
    assert!(
        store.verify_pin(LEAD_ID, PIN).unwrap(),
        "refusals change nothing"
    );

    // Resetting your own PIN is a reset like any other.
    store
        .reset_staff_pin(LEAD_ID, "112233", LEAD_ID, now())
        .unwrap();
    assert!(store.verify_pin(LEAD_ID, "112233").unwrap());
    assert_audit_holds_no_values(&store, &["975310", "135790", "112233", "864200"]);
}

fn samaritans_like() -> DirectoryInput {
    DirectoryInput {
        name: "Example Town Night Shelter".into(),
        category: "housing".into(),
        phone: "01234 567890".into(),
        website: "".into(),
        hours: " Every night from 20:00 ".into(),
        description: "Beds for the night; call first.".into(),
    }
}

#[test]
fn directory_entries_are_added_edited_and_retired_never_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let seeded = store.directory_records().unwrap().len();
    assert!(seeded > 0);

    let id = store
        .add_directory_entry(&samaritans_like(), LEAD_ID, now())
        .unwrap();
    assert_entry(
        &last_entry(&store),
        AuditAction::Create,
        RecordKind::DirectoryEntry,
        Some(id),
        LEAD_ID,
    );

    let err = store
        .add_directory_entry(&samaritans_like(), LEAD_ID, now())
        .unwrap_err();
    assert_eq!(
        message(err),
        "There is already a directory entry with that name."
    );
    let err = store
        .add_directory_entry(
            &DirectoryInput {
                name: "  ".into(),
                ..samaritans_like()
            },
            LEAD_ID,
            now(),
        )
        .unwrap_err();
    assert_eq!(message(err), "Name cannot be empty");
    let err = store
        .add_directory_entry(
            &DirectoryInput {
                name: "Bad\u{1b}[2J".into(),
                ..samaritans_like()
            },
            LEAD_ID,
            now(),
        )
        .unwrap_err();
    assert!(
        message(err).contains("invisible control character (ESC) at character 4"),
        "the refusal names the character and where it is"
    );

    let edited = DirectoryInput {
        phone: "".into(),
        website: "example.org".into(),
        ..samaritans_like()
    };
    store
        .edit_directory_entry(id, &edited, LEAD_ID, now())
        .unwrap();
    assert_entry(
        &last_entry(&store),
        AuditAction::Change,
        RecordKind::DirectoryEntry,
        Some(id),
        LEAD_ID,
    );
    assert!(matches!(
        store
            .edit_directory_entry(
                999_999,
                &DirectoryInput {
                    name: "Nowhere".into(),
                    ..edited.clone()
                },
                LEAD_ID,
                now()
            )
            .unwrap_err(),
        StoreError::NotFound
    ));
    store.close().unwrap();

    let mut store = reopen(&path);
    let e = store
        .directory_records()
        .unwrap()
        .into_iter()
        .find(|e| e.id == id)
        .unwrap();
    assert_eq!(
        e,
        DirectoryRecord {
            id,
            name: "Example Town Night Shelter".into(),
            category: "housing".into(),
            phone: None,
            website: Some("example.org".into()),
            hours: Some("Every night from 20:00".into()),
            description: "Beds for the night; call first.".into(),
            active: true,
        }
    );
    assert!(store.directory().unwrap().iter().any(|e| e.id == id));

    store
        .set_directory_entry_active(id, false, LEAD_ID, now())
        .unwrap();
    let err = store
        .set_directory_entry_active(id, false, LEAD_ID, now())
        .unwrap_err();
    assert_eq!(message(err), "That directory entry is already retired.");
    store.close().unwrap();

    let mut store = reopen(&path);
    let all = store.directory_records().unwrap();
    assert_eq!(all.len(), seeded + 1, "retired, not deleted");
    assert!(
        !all.last().unwrap().active,
        "retired entries are listed last"
    );
    assert!(
        !store.directory().unwrap().iter().any(|e| e.id == id),
        "Intake no longer offers it"
    );
    store
        .set_directory_entry_active(id, true, LEAD_ID, now())
        .unwrap();
    assert!(store.directory().unwrap().iter().any(|e| e.id == id));
    assert_audit_holds_no_values(&store, &["Shelter", "01234", "example.org"]);
}

#[test]
fn referral_sources_keep_their_order_and_one_always_stays_active() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let id = store
        .add_referral_source(" Street triage ", "street-triage", LEAD_ID, now())
        .unwrap();
    assert_entry(
        &last_entry(&store),
        AuditAction::Create,
        RecordKind::ReferralSource,
        Some(id),
        LEAD_ID,
    );
    let err = store
        .add_referral_source("street TRIAGE", "ST", LEAD_ID, now())
        .unwrap_err();
    assert_eq!(
        message(err),
        "There is already a referral source with that label."
    );
    let err = store
        .add_referral_source("Outreach", "OUT REACH", LEAD_ID, now())
        .unwrap_err();
    assert_eq!(
        message(err),
        "A reporting code is letters, digits, - and _ only (e.g. NHS111)."
    );
    store.close().unwrap();

    let mut store = reopen(&path);
    let last = store.referral_sources().unwrap().pop().unwrap();
    assert_eq!(
        (last.id, last.label.as_str(), last.reporting_code.as_str()),
        (id, "Street triage", "STREET-TRIAGE"),
        "added at the end, code in capitals"
    );
    store
        .edit_referral_source(id, "Street triage team", "STT", LEAD_ID, now())
        .unwrap();
    assert_entry(
        &last_entry(&store),
        AuditAction::Change,
        RecordKind::ReferralSource,
        Some(id),
        LEAD_ID,
    );
    store.close().unwrap();

    let mut store = reopen(&path);
    let rec = store
        .referral_source_records()
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap();
    assert_eq!(
        rec,
        ReferralSourceRecord {
            id,
            label: "Street triage team".into(),
            reporting_code: "STT".into(),
            active: true
        }
    );
    // Retire every source but one; the last is refused.
    let ids: Vec<i64> = store
        .referral_sources()
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    for sid in &ids[..ids.len() - 1] {
        store
            .set_referral_source_active(*sid, false, LEAD_ID, now())
            .unwrap();
    }
    let err = store
        .set_referral_source_active(*ids.last().unwrap(), false, LEAD_ID, now())
        .unwrap_err();
    assert_eq!(
        message(err),
        "This is the last active referral source; add another before retiring it."
    );
    store.close().unwrap();

    let store = reopen(&path);
    assert_eq!(store.referral_sources().unwrap().len(), 1);
    assert_eq!(
        store.referral_source_records().unwrap().len(),
        ids.len(),
        "none deleted"
    );
    assert_audit_holds_no_values(&store, &["Street", "STT"]);
}

#[test]
fn triage_codes_are_added_edited_targeted_and_retired() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let input = TriageInput {
        code: "h".into(),
        label: "Follow-up call".into(),
        description: "Call back within a week.".into(),
        target_minutes: Some(7 * 24 * 60),
    };
    store.add_triage_code(&input, LEAD_ID, now()).unwrap();
    let h = store
        .triage_records()
        .unwrap()
        .into_iter()
        .find(|t| t.code == "H")
        .unwrap();
    assert_entry(
        &last_entry(&store),
        AuditAction::Create,
        RecordKind::TriageCode,
        Some(h.row_id),
        LEAD_ID,
    );
    let err = store.add_triage_code(&input, LEAD_ID, now()).unwrap_err();
    assert_eq!(message(err), "Code H already exists.");
    let err = store
        .add_triage_code(
            &TriageInput {
                code: "H!".into(),
                ..input.clone()
            },
            LEAD_ID,
            now(),
        )
        .unwrap_err();
    assert_eq!(
        message(err),
        "A triage code is 1 to 4 letters or digits (e.g. B)."
    );
    let err = store
        .add_triage_code(
            &TriageInput {
                code: "I".into(),
                target_minutes: Some(TARGET_MINUTES_MAX + 1),
                ..input.clone()
            },
            LEAD_ID,
            now(),
        )
        .unwrap_err();
    assert_eq!(message(err), "A target time is at most 30 days.");
    store.close().unwrap();

    let mut store = reopen(&path);
    let codes = store.triage_codes().unwrap();
    let last = codes.last().unwrap();
    assert_eq!(
        (last.code.as_str(), last.target_minutes),
        ("H", Some(10080))
    );
    store
        .edit_triage_code(
            &TriageInput {
                code: "H".into(),
                label: "Call back".into(),
                description: "Call back within three days.".into(),
                target_minutes: None,
            },
            LEAD_ID,
            now(),
        )
        .unwrap();
    assert_entry(
        &last_entry(&store),
        AuditAction::Change,
        RecordKind::TriageCode,
        Some(h.row_id),
        LEAD_ID,
    );
    store
        .set_triage_target("B", Some(180), LEAD_ID, now())
        .unwrap();
    let b = store
        .triage_records()
        .unwrap()
        .into_iter()
        .find(|t| t.code == "B")
        .unwrap();
    assert_entry(
        &last_entry(&store),
        AuditAction::SettingsChange,
        RecordKind::TriageCode,
        Some(b.row_id),
        LEAD_ID,
    );
    assert!(matches!(
        store
            .set_triage_target("Z", None, LEAD_ID, now())
            .unwrap_err(),
        StoreError::NotFound
    ));
    store
        .set_triage_code_active("H", false, LEAD_ID, now())
        .unwrap();
    let err = store
        .add_triage_code(
            &TriageInput {
                code: "H".into(),
                ..input.clone()
            },
            LEAD_ID,
            now(),
        )
        .unwrap_err();
    assert_eq!(
        message(err),
        "Code H exists but is retired: reinstate it (x) instead."
    );
    store.close().unwrap();

    let mut store = reopen(&path);
    let all = store.triage_records().unwrap();
    let h2 = all.iter().find(|t| t.code == "H").unwrap();
    assert_eq!(
        (h2.label.as_str(), h2.target_minutes, h2.active, h2.row_id),
        ("Call back", None, false, h.row_id),
        "edited, retired, and the same audit id after reopening"
    );
    assert_eq!(
        all.iter().find(|t| t.code == "B").unwrap().target_minutes,
        Some(180)
    );
    assert!(!store.triage_codes().unwrap().iter().any(|t| t.code == "H"));

    // The last active code stays.
    let active: Vec<String> = store
        .triage_codes()
        .unwrap()
        .into_iter()
        .map(|t| t.code)
        .collect();
    for code in &active[1..] {
        store
            .set_triage_code_active(code, false, LEAD_ID, now())
            .unwrap();
    }
    let err = store
        .set_triage_code_active(&active[0], false, LEAD_ID, now())
        .unwrap_err();
    assert_eq!(
        message(err),
        "This is the last active triage code; add another before retiring it."
    );
    assert_audit_holds_no_values(&store, &["Call back", "Follow-up"]);
}

#[test]
fn bank_holidays_are_added_and_removed_and_change_the_service_hours() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let day = d(2026, 11, 23); // a Monday
    assert_eq!(
        store
            .service_hours()
            .unwrap()
            .hours_on(day)
            .opens
            .to_string(),
        "17:00:00"
    );

    store
        .add_bank_holiday(day, " Staff training day ", LEAD_ID, now())
        .unwrap();
    assert_entry(
        &last_entry(&store),
        AuditAction::SettingsChange,
        RecordKind::BankHoliday,
        Some(20261123),
        LEAD_ID,
    );
    let err = store
        .add_bank_holiday(day, "Again", LEAD_ID, now())
        .unwrap_err();
    assert_eq!(message(err), "23/11/2026 is already a bank holiday.");
    let err = store
        .add_bank_holiday(d(2026, 11, 24), "", LEAD_ID, now())
        .unwrap_err();
    assert_eq!(message(err), "Name cannot be empty");
    store.close().unwrap();

    let mut store = reopen(&path);
    let list = store.bank_holiday_list().unwrap();
    assert!(
        list.windows(2).all(|w| w[0].date < w[1].date),
        "in date order"
    );
    assert!(list.contains(&BankHoliday {
        date: day,
        name: "Staff training day".into()
    }));
    assert_eq!(
        store
            .service_hours()
            .unwrap()
            .hours_on(day)
            .opens
            .to_string(),
        "15:00:00",
        "a bank holiday uses the weekend hours"
    );
    store.remove_bank_holiday(day, LEAD_ID, now()).unwrap();
    assert!(matches!(
        store.remove_bank_holiday(day, LEAD_ID, now()).unwrap_err(),
        StoreError::NotFound
    ));
    store.close().unwrap();

    let store = reopen(&path);
    assert!(
        !store
            .bank_holiday_list()
            .unwrap()
            .iter()
            .any(|h| h.date == day)
    );
    assert!(!store.service_hours().unwrap().bank_holidays.contains(&day));
    assert_audit_holds_no_values(&store, &["training"]);
}

#[test]
fn settings_are_validated_saved_and_read_by_the_modules_that_use_them() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let rows = store.admin_settings().unwrap();
    assert_eq!(rows.len(), SettingKey::ALL.len());
    assert!(
        rows.iter()
            .all(|r| r.is_default && r.value == r.key.default_text())
    );

    let values = [
        (SettingKey::WeekdayHours, "18:00 - 23:00", "18:00-23:00"),
        (SettingKey::WeekendHours, "20:00-02:00", "20:00-02:00"),
        (SettingKey::TimeZone, "Europe/Dublin", "Europe/Dublin"),
        (SettingKey::AutoLockMinutes, "10", "10"),
        (SettingKey::CaseloadCap, "7", "7"),
        (SettingKey::SessionLimit, "8", "8"),
        (SettingKey::PlanReviewDays, "60", "60"),
        (SettingKey::DbsRenewalYears, "2", "2"),
        (SettingKey::RetentionYears, "8", "8"),
        (SettingKey::ToTriageMinutes, "20", "20"),
        (SettingKey::EpisodeGapWeeks, "26", "26"),
        (SettingKey::SupervisionMonths, "2", "2"),
        (SettingKey::DbsWarningDays, "0", "0"),
    ];
    for (key, typed, _) in values {
        assert!(store.set_admin_setting(key, typed, LEAD_ID, now()).unwrap());
        assert_entry(
            &last_entry(&store),
            AuditAction::SettingsChange,
            RecordKind::Setting,
            Some(key.audit_id()),
            LEAD_ID,
        );
    }
    let before = last_entry(&store).id;
    assert!(
        !store
            .set_admin_setting(SettingKey::AutoLockMinutes, " 10 ", LEAD_ID, now())
            .unwrap(),
        "unchanged"
    );
    assert_eq!(
        last_entry(&store).id,
        before,
        "an unchanged value writes no audit row"
    );

    let err = store
        .set_admin_setting(SettingKey::AutoLockMinutes, "0", LEAD_ID, now())
        .unwrap_err();
    assert_eq!(
        message(err),
        "Auto-lock after (minutes) must be a whole number from 1 to 120."
    );
    let err = store
        .set_admin_setting(SettingKey::TimeZone, "London", LEAD_ID, now())
        .unwrap_err();
    assert_eq!(
        message(err),
        "\"London\" is not a time zone name; use an IANA name such as Europe/London."
    );
    let err = store
        .set_admin_setting(SettingKey::WeekdayHours, "17:00", LEAD_ID, now())
        .unwrap_err();
    assert_eq!(
        message(err),
        "Write service hours as hh:mm-hh:mm, for example 17:00-22:30."
    );
    let err = store
        .set_admin_setting(SettingKey::PlanReviewDays, "400", LEAD_ID, now())
        .unwrap_err();
    assert!(message(err).contains("from 1 to 366"));
    let err = store
        .set_admin_setting(SettingKey::ToTriageMinutes, "0", LEAD_ID, now())
        .unwrap_err();
    assert!(message(err).contains("from 1 to 240"));
    let err = store
        .set_admin_setting(SettingKey::EpisodeGapWeeks, "0", LEAD_ID, now())
        .unwrap_err();
    assert!(message(err).contains("from 1 to 104"));
    let err = store
        .set_admin_setting(SettingKey::RetentionYears, "0", LEAD_ID, now())
        .unwrap_err();
    assert!(message(err).starts_with("Retention"));
    store.close().unwrap();

    let store = reopen(&path);
    for (row, (key, _, stored)) in store.admin_settings().unwrap().iter().zip(values) {
        assert_eq!(
            (row.key, row.value.as_str(), row.is_default),
            (key, stored, false)
        );
    }
    let hours = store.service_hours().unwrap();
    assert_eq!(hours.tz, chrono_tz::Europe::Dublin);
    assert!(hours.weekend.crosses_midnight());
    assert_eq!(store.auto_lock_minutes().unwrap(), 10);
    let peer = store.peer_settings().unwrap();
    assert_eq!(
        (
            peer.caseload_cap,
            peer.session_limit,
            peer.dbs_renewal_years
        ),
        (7, 8, 2)
    );
    assert_eq!(
        (
            peer.episode_gap_weeks,
            peer.supervision_months,
            peer.dbs_warning_days
        ),
        (26, 2, 0)
    );
    assert_eq!(store.to_triage_minutes().unwrap(), 20);
    assert_eq!(store.plan_review_days().unwrap(), 60);
    assert_eq!(store.retention_years().unwrap(), 8);
    assert_audit_holds_no_values(&store, &["Dublin", "18:00", "02:00"]);
}

#[test]
fn the_audit_query_filters_and_pages_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let jo = store
        .add_staff("Jo Sample", "135790", LEAD_ID, now())
        .unwrap();
    // 30 entries by the lead and 10 by Jo over three London days.
    let day = |n: i64| Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap() + Duration::days(n);
    for i in 0..40 {
        let by = if i % 4 == 0 { jo } else { LEAD_ID };
        store
            .audit(
                day(i % 3),
                Some(by),
                AuditAction::View,
                Some(RecordKind::Plan),
                Some(i % 5),
            )
            .unwrap();
    }
    store.close().unwrap();
    let store = reopen(&path);

    // Keyset paging over everything: newest first, no overlaps, no gaps.
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store
            .audit_page(&AuditFilter::default(), before, 7)
            .unwrap();
        if page.is_empty() {
            break;
        }
        before = page.last().map(|e| e.id);
        seen.extend(page.into_iter().map(|e| e.id));
    }
    let total = store.recent_audit_entries(1000).unwrap();
    assert_eq!(seen, total.iter().map(|e| e.id).collect::<Vec<_>>());

    let by_jo = store
        .audit_page(
            &AuditFilter {
                staff_id: Some(jo),
                ..Default::default()
            },
            None,
            100,
        )
        .unwrap();
    assert_eq!(by_jo.len(), 10);
    assert!(by_jo.iter().all(|e| e.staff_id == Some(jo)));
    assert!(by_jo.windows(2).all(|w| w[0].id > w[1].id));

    let plan_3 = AuditFilter {
        record_kind: Some(RecordKind::Plan),
        record_id: Some(3),
        ..Default::default()
    };
    let page = store.audit_page(&plan_3, None, 100).unwrap();
    assert_eq!(page.len(), 8);
    assert!(
        page.iter()
            .all(|e| e.record_id == Some(3) && e.record_kind.as_deref() == Some("plan"))
    );
    let next = store.audit_page(&plan_3, Some(page[3].id), 100).unwrap();
    assert_eq!(next, page[4..].to_vec());

    let middle_day = AuditFilter {
        from: Some(d(2026, 11, 21)),
        to: Some(d(2026, 11, 21)),
        ..Default::default()
    };
    let page = store.audit_page(&middle_day, None, 100).unwrap();
    assert_eq!(page.len(), 13);
    assert!(page.iter().all(|e| e.at == "2026-11-21T12:00:00Z"));
    let from_only = AuditFilter {
        from: Some(d(2026, 11, 22)),
        ..Default::default()
    };
    assert!(
        store
            .audit_page(&from_only, None, 100)
            .unwrap()
            .iter()
            .all(|e| e.at.as_str() >= "2026-11-22T00:00:00Z")
    );

    let backwards = AuditFilter {
        from: Some(d(2026, 11, 22)),
        to: Some(d(2026, 11, 21)),
        ..Default::default()
    };
    assert_eq!(
        message(store.audit_page(&backwards, None, 10).unwrap_err()),
        "The start date is after the end date."
    );
}

#[test]
fn audit_dates_are_the_service_time_zone_days() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    let late = Utc.with_ymd_and_hms(2026, 7, 1, 23, 30, 0).unwrap();
    store
        .audit(
            late,
            Some(LEAD_ID),
            AuditAction::View,
            Some(RecordKind::Plan),
            Some(1),
        )
        .unwrap();
    store.close().unwrap();
    let store = reopen(&path);
    let on = |day| AuditFilter {
        from: Some(day),
        to: Some(day),
        ..Default::default()
    };
    assert_eq!(
        store
            .audit_page(&on(d(2026, 7, 2)), None, 10)
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .audit_page(&on(d(2026, 7, 1)), None, 10)
            .unwrap()
            .is_empty()
    );
}
