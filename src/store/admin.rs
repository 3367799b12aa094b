//! Administration: staff (deactivate, reactivate, reset a PIN), the reference tables the Intake
//! pane picks from (signposting directory, referral sources, triage codes: add, edit, retire,
//! never delete), bank holidays, typed settings with validation, and a paged, filtered audit
//! query. Every change is audited in the transaction that makes it, with ids only, never values.
//!
//! Audit ids: a setting's is [`SettingKey::audit_id`] (fixed numbers, never reused); a triage
//! code's is its row id (the table is never deleted from, so row ids stay dense and stable); a
//! bank holiday's is its date as the number yyyymmdd.

use super::rows::invalid;
use super::{Store, StoreError, audit, erasure, peers, plans, settings, staff};
use crate::domain::admin;
pub use crate::domain::admin::{
    AUDIT_PAGE, AUTO_LOCK_RANGE, AuditFilter, BankHoliday, CASELOAD_CAP_RANGE, CATEGORY_MAX,
    DBS_RENEWAL_RANGE, DBS_WARNING_RANGE, DESCRIPTION_MAX, DIRECTORY_NAME_MAX, DirectoryInput,
    DirectoryRecord, EPISODE_GAP_RANGE, HOLIDAY_NAME_MAX, OPENING_HOURS_MAX, PHONE_MAX,
    PLAN_REVIEW_RANGE, REPORTING_CODE_MAX, RETENTION_RANGE, ReferralSourceRecord,
    SESSION_LIMIT_RANGE, SOURCE_LABEL_MAX, SUPERVISION_MONTHS_RANGE, SettingKey, SettingRow,
    TARGET_MINUTES_MAX, TO_TRIAGE_RANGE, TRIAGE_CODE_MAX, TRIAGE_LABEL_MAX, TriageInput,
    TriageRecord, WEBSITE_MAX, parse_target,
};
use crate::domain::audit::{AuditAction, AuditEntry, RecordKind};
use crate::domain::pin;
use crate::domain::shift::local_to_utc;
use crate::domain::staff::StaffMember;
use crate::domain::text::single_line;
use crate::domain::time::{date_from_stored, date_to_stored, to_stored};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

/// Where each setting is stored: the store's own names, kept beside the tables that use them.
impl SettingKey {
    /// The key in the settings table.
    pub fn key(self) -> &'static str {
        match self {
            SettingKey::WeekdayHours => settings::WEEKDAY_HOURS,
            SettingKey::WeekendHours => settings::WEEKEND_HOURS,
            SettingKey::TimeZone => settings::TIME_ZONE,
            SettingKey::AutoLockMinutes => settings::AUTO_LOCK_MINUTES,
            SettingKey::CaseloadCap => peers::CASELOAD_CAP,
            SettingKey::SessionLimit => peers::SESSION_LIMIT,
            SettingKey::PlanReviewDays => plans::PLAN_REVIEW_DAYS,
            SettingKey::DbsRenewalYears => peers::DBS_RENEWAL_YEARS,
            SettingKey::RetentionYears => erasure::RETENTION_YEARS,
            SettingKey::ToTriageMinutes => settings::TO_TRIAGE_MINUTES,
            SettingKey::EpisodeGapWeeks => peers::EPISODE_GAP_WEEKS,
            SettingKey::SupervisionMonths => peers::SUPERVISION_MONTHS,
            SettingKey::DbsWarningDays => peers::DBS_WARNING_DAYS,
        }
    }
}

fn triage_row_id(conn: &Connection, code: &str) -> Result<i64, StoreError> {
    conn.prepare_cached("SELECT rowid FROM triage_codes WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound)
}

fn active_flag(conn: &Connection, sql: &str, id: &dyn rusqlite::ToSql) -> Result<bool, StoreError> {
    conn.prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound)
}

fn count(conn: &Connection, sql: &str) -> Result<i64, StoreError> {
    Ok(conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?)
}

/// A reference table whose rows Administration retires and brings back. Rows are never
/// deleted: visits that used one keep it.
struct Retirable {
    table: &'static str,
    /// The column the row id names (`rowid` for triage codes, whose key is the code).
    key: &'static str,
    kind: RecordKind,
    noun: &'static str,
    /// Intake needs at least one active row to offer.
    keep_one_active: bool,
}

const DIRECTORY: Retirable = Retirable {
    table: "directory_entries",
    key: "id",
    kind: RecordKind::DirectoryEntry,
    noun: "directory entry",
    keep_one_active: false,
};
const REFERRAL_SOURCES: Retirable = Retirable {
    table: "referral_sources",
    key: "id",
    kind: RecordKind::ReferralSource,
    noun: "referral source",
    keep_one_active: true,
};
const TRIAGE_CODES: Retirable = Retirable {
    table: "triage_codes",
    key: "rowid",
    kind: RecordKind::TriageCode,
    noun: "triage code",
    keep_one_active: true,
};

impl Retirable {
    /// Retires a row or brings it back, audited as a change.
    fn set_active(
        &self,
        tx: &Connection,
        row_id: i64,
        active: bool,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let Retirable { table, key, .. } = self;
        let current = active_flag(
            tx,
            &format!("SELECT active FROM {table} WHERE {key} = ?1"),
            &row_id,
        )?;
        if current == active {
            let state = if active { "active" } else { "retired" };
            return Err(invalid(format!("That {} is already {state}.", self.noun)));
        }
        if !active
            && self.keep_one_active
            && count(
                tx,
                &format!("SELECT count(*) FROM {table} WHERE active = 1"),
            )? <= 1
        {
            return Err(invalid(format!(
                "This is the last active {}; add another before retiring it.",
                self.noun
            )));
        }
        tx.execute(
            &format!("UPDATE {table} SET active = ?1 WHERE {key} = ?2"),
            params![active, row_id],
        )?;
        audit::append(
            tx,
            now,
            Some(by),
            AuditAction::Change,
            Some(self.kind),
            Some(row_id),
        )?;
        Ok(())
    }

    /// Whether another row already has this name in `column`, ignoring case.
    fn name_taken(
        &self,
        conn: &Connection,
        column: &str,
        name: &str,
        except: Option<i64>,
    ) -> Result<bool, StoreError> {
        let Retirable { table, key, .. } = self;
        Ok(conn
            .prepare_cached(&format!(
                "SELECT 1 FROM {table} WHERE {column} = ?1 COLLATE NOCASE AND {key} IS NOT ?2 LIMIT 1"
            ))?
            .query_row(params![name, except], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

// ----- the audit query -----

impl Store {
    // ----- staff -----

    /// Everyone, active first, then by name.
    pub fn all_staff(&self) -> Result<Vec<StaffMember>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, is_admin, active FROM staff ORDER BY active DESC, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StaffMember {
                id: r.get(0)?,
                name: r.get(1)?,
                is_admin: r.get(2)?,
                active: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Deactivates (they can no longer sign in; their name stays on old records) or reactivates
    /// a staff member. Never the last active one, and never yourself.
    pub fn set_staff_active(
        &mut self,
        staff_id: i64,
        active: bool,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let current = active_flag(tx, "SELECT active FROM staff WHERE id = ?1", &staff_id)?;
            if current == active {
                return Err(invalid(if active {
                    "That colleague is already active."
                } else {
                    "That colleague is already deactivated."
                }));
            }
            if !active {
                if count(tx, "SELECT count(*) FROM staff WHERE active = 1")? <= 1 {
                    return Err(invalid(
                        "This is the only active staff member: add a colleague before deactivating them.",
                    ));
                }
                if staff_id == by {
                    return Err(invalid(
                        "You cannot deactivate yourself while signed in; ask a colleague to.",
                    ));
                }
            }
            tx.execute(
                "UPDATE staff SET active = ?1 WHERE id = ?2",
                params![active, staff_id],
            )?;
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::Change,
                Some(RecordKind::Staff),
                Some(staff_id),
            )?;
            Ok(())
        })
    }

    /// Sets a new PIN for an active staff member, by an active colleague (or themselves). The
    /// audit entry names who and whom; the PIN is never stored, only its Argon2id hash.
    pub fn reset_staff_pin(
        &mut self,
        staff_id: i64,
        new_pin: &str,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        pin::check(new_pin).map_err(invalid)?;
        let hash = staff::hash_pin(new_pin)?;
        self.write(|tx| {
            let by_active = active_flag(tx, "SELECT active FROM staff WHERE id = ?1", &by)?;
            if !by_active {
                return Err(StoreError::Refused(
                    "only an active staff member can reset a PIN".into(),
                ));
            }
            if !active_flag(tx, "SELECT active FROM staff WHERE id = ?1", &staff_id)? {
                return Err(invalid(
                    "That colleague is deactivated: reactivate them first (x).",
                ));
            }
            tx.execute(
                "UPDATE staff SET pin_hash = ?1 WHERE id = ?2",
                params![hash, staff_id],
            )?;
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::Change,
                Some(RecordKind::Staff),
                Some(staff_id),
            )?;
            Ok(())
        })
    }

    // ----- signposting directory -----

    /// Every entry, active first, then by category and name.
    pub fn directory_records(&self) -> Result<Vec<DirectoryRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, category, phone, website, hours, description, active
             FROM directory_entries ORDER BY active DESC, category, name, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DirectoryRecord {
                id: r.get(0)?,
                name: r.get(1)?,
                category: r.get(2)?,
                phone: r.get(3)?,
                website: r.get(4)?,
                hours: r.get(5)?,
                description: r.get(6)?,
                active: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_directory_entry(
        &mut self,
        input: &DirectoryInput,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let e = input.clean().map_err(invalid)?;
        if DIRECTORY.name_taken(&self.conn, "name", &e.name, None)? {
            return Err(invalid(
                "There is already a directory entry with that name.",
            ));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO directory_entries (name, category, phone, website, hours, description)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    e.name,
                    e.category,
                    e.phone,
                    e.website,
                    e.hours,
                    e.description
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::Create,
                Some(RecordKind::DirectoryEntry),
                Some(id),
            )?;
            Ok(id)
        })
    }

    pub fn edit_directory_entry(
        &mut self,
        id: i64,
        input: &DirectoryInput,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let e = input.clean().map_err(invalid)?;
        if DIRECTORY.name_taken(&self.conn, "name", &e.name, Some(id))? {
            return Err(invalid(
                "There is already a directory entry with that name.",
            ));
        }
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE directory_entries SET name = ?1, category = ?2, phone = ?3, website = ?4,
                        hours = ?5, description = ?6 WHERE id = ?7",
                params![
                    e.name,
                    e.category,
                    e.phone,
                    e.website,
                    e.hours,
                    e.description,
                    id
                ],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::Change,
                Some(RecordKind::DirectoryEntry),
                Some(id),
            )?;
            Ok(())
        })
    }

    /// Retires an entry (no longer offered for signposting; visits that used it keep it) or
    /// brings it back. Never deletes.
    pub fn set_directory_entry_active(
        &mut self,
        id: i64,
        active: bool,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| DIRECTORY.set_active(tx, id, active, by, now))
    }

    // ----- referral sources -----

    /// Every source in the order Intake offers them, retired ones last.
    pub fn referral_source_records(&self) -> Result<Vec<ReferralSourceRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, label, reporting_code, active FROM referral_sources
             ORDER BY active DESC, sort_order, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ReferralSourceRecord {
                id: r.get(0)?,
                label: r.get(1)?,
                reporting_code: r.get(2)?,
                active: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds a source at the end of the list. Visits keep the reporting code they were saved
    /// with, so editing a code later does not rewrite past reports.
    pub fn add_referral_source(
        &mut self,
        label: &str,
        code: &str,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let label = single_line("Label", label, SOURCE_LABEL_MAX).map_err(invalid)?;
        let code = admin::reporting_code(code).map_err(invalid)?;
        if REFERRAL_SOURCES.name_taken(&self.conn, "label", &label, None)? {
            return Err(invalid(
                "There is already a referral source with that label.",
            ));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO referral_sources (label, reporting_code, sort_order)
                 VALUES (?1, ?2, (SELECT coalesce(max(sort_order), 0) + 1 FROM referral_sources))",
                params![label, code],
            )?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::Create,
                Some(RecordKind::ReferralSource),
                Some(id),
            )?;
            Ok(id)
        })
    }

    pub fn edit_referral_source(
        &mut self,
        id: i64,
        label: &str,
        code: &str,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let label = single_line("Label", label, SOURCE_LABEL_MAX).map_err(invalid)?;
        let code = admin::reporting_code(code).map_err(invalid)?;
        if REFERRAL_SOURCES.name_taken(&self.conn, "label", &label, Some(id))? {
            return Err(invalid(
                "There is already a referral source with that label.",
            ));
        }
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE referral_sources SET label = ?1, reporting_code = ?2 WHERE id = ?3",
                params![label, code, id],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::Change,
                Some(RecordKind::ReferralSource),
                Some(id),
            )?;
            Ok(())
        })
    }

    /// Retires a source (Intake no longer offers it) or brings it back. At least one stays
    /// active.
    pub fn set_referral_source_active(
        &mut self,
        id: i64,
        active: bool,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| REFERRAL_SOURCES.set_active(tx, id, active, by, now))
    }

    // ----- triage table -----

    /// Every code in triage order, retired ones last.
    pub fn triage_records(&self) -> Result<Vec<TriageRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, label, description, target_minutes, active, rowid FROM triage_codes
             ORDER BY active DESC, sort_order, code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TriageRecord {
                code: r.get(0)?,
                label: r.get(1)?,
                description: r.get(2)?,
                target_minutes: r.get(3)?,
                active: r.get(4)?,
                row_id: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds a code at the end of the triage order. For the service's clinical lead to approve.
    pub fn add_triage_code(
        &mut self,
        input: &TriageInput,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let code = admin::triage_code(&input.code).map_err(invalid)?;
        let label = single_line("Label", &input.label, TRIAGE_LABEL_MAX).map_err(invalid)?;
        let description =
            single_line("Description", &input.description, DESCRIPTION_MAX).map_err(invalid)?;
        let minutes = admin::target(input.target_minutes).map_err(invalid)?;
        self.write(|tx| {
            let exists: Option<bool> = tx
                .query_row(
                    "SELECT active FROM triage_codes WHERE code = ?1 COLLATE NOCASE",
                    [&code],
                    |r| r.get(0),
                )
                .optional()?;
            match exists {
                Some(true) => return Err(invalid(format!("Code {code} already exists."))),
                Some(false) => {
                    return Err(invalid(format!(
                        "Code {code} exists but is retired: reinstate it (x) instead."
                    )));
                }
                None => {}
            }
            tx.execute(
                "INSERT INTO triage_codes (code, label, description, target_minutes, sort_order)
                 VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(sort_order), 0) + 1 FROM triage_codes))",
                params![code, label, description, minutes],
            )?;
            let row_id = tx.last_insert_rowid();
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::Create,
                Some(RecordKind::TriageCode),
                Some(row_id),
            )?;
            Ok(())
        })
    }

    /// Changes a code's label, description and target time (the code itself stays).
    pub fn edit_triage_code(
        &mut self,
        input: &TriageInput,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let label = single_line("Label", &input.label, TRIAGE_LABEL_MAX).map_err(invalid)?;
        let description =
            single_line("Description", &input.description, DESCRIPTION_MAX).map_err(invalid)?;
        let minutes = admin::target(input.target_minutes).map_err(invalid)?;
        self.write(|tx| {
            let row_id = triage_row_id(tx, &input.code)?;
            tx.execute(
                "UPDATE triage_codes SET label = ?1, description = ?2, target_minutes = ?3
                 WHERE rowid = ?4",
                params![label, description, minutes, row_id],
            )?;
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::Change,
                Some(RecordKind::TriageCode),
                Some(row_id),
            )?;
            Ok(())
        })
    }

    /// A code's target time, as a setting (DESIGN.md §2.1): None means never flagged.
    pub fn set_triage_target(
        &mut self,
        code: &str,
        minutes: Option<u32>,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let minutes = admin::target(minutes).map_err(invalid)?;
        self.write(|tx| {
            let row_id = triage_row_id(tx, code)?;
            tx.execute(
                "UPDATE triage_codes SET target_minutes = ?1 WHERE rowid = ?2",
                params![minutes, row_id],
            )?;
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::SettingsChange,
                Some(RecordKind::TriageCode),
                Some(row_id),
            )?;
            Ok(())
        })
    }

    /// Retires a code (no longer offered at triage; visits keep it) or brings it back. At least
    /// one stays active.
    pub fn set_triage_code_active(
        &mut self,
        code: &str,
        active: bool,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let row_id = triage_row_id(tx, code)?;
            TRIAGE_CODES.set_active(tx, row_id, active, by, now)
        })
    }

    // ----- bank holidays -----

    pub fn bank_holiday_list(&self) -> Result<Vec<BankHoliday>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT date, name FROM bank_holidays ORDER BY date")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (date, name) = row?;
            let date = date_from_stored(&date).ok_or(StoreError::Corrupt)?;
            out.push(BankHoliday { date, name });
        }
        Ok(out)
    }

    /// A bank holiday uses the weekend service hours. Audited as a settings change.
    pub fn add_bank_holiday(
        &mut self,
        date: NaiveDate,
        name: &str,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let name = single_line("Name", name, HOLIDAY_NAME_MAX).map_err(invalid)?;
        self.write(|tx| {
            let exists = tx
                .query_row(
                    "SELECT 1 FROM bank_holidays WHERE date = ?1",
                    [date_to_stored(date)],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if exists {
                return Err(invalid(format!(
                    "{} is already a bank holiday.",
                    date.format("%d/%m/%Y")
                )));
            }
            tx.execute(
                "INSERT INTO bank_holidays (date, name) VALUES (?1, ?2)",
                params![date_to_stored(date), name],
            )?;
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::SettingsChange,
                Some(RecordKind::BankHoliday),
                Some(admin::holiday_audit_id(date)),
            )?;
            Ok(())
        })
    }

    pub fn remove_bank_holiday(
        &mut self,
        date: NaiveDate,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let n = tx.execute(
                "DELETE FROM bank_holidays WHERE date = ?1",
                [date_to_stored(date)],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::SettingsChange,
                Some(RecordKind::BankHoliday),
                Some(admin::holiday_audit_id(date)),
            )?;
            Ok(())
        })
    }

    // ----- settings -----

    /// Every editable setting with the value in force, read through the same typed accessors
    /// the rest of the app uses (so defaults and unreadable values agree with them).
    pub fn admin_settings(&self) -> Result<Vec<SettingRow>, StoreError> {
        let hours = self.service_hours()?;
        let peer = self.peer_settings()?;
        SettingKey::ALL
            .into_iter()
            .map(|key| {
                let value = match key {
                    SettingKey::WeekdayHours => admin::hours_text(hours.weekday),
                    SettingKey::WeekendHours => admin::hours_text(hours.weekend),
                    SettingKey::TimeZone => hours.tz.name().to_string(),
                    SettingKey::AutoLockMinutes => self.auto_lock_minutes()?.to_string(),
                    SettingKey::CaseloadCap => peer.caseload_cap.to_string(),
                    SettingKey::SessionLimit => peer.session_limit.to_string(),
                    SettingKey::PlanReviewDays => self.plan_review_days()?.to_string(),
                    SettingKey::DbsRenewalYears => peer.dbs_renewal_years.to_string(),
                    SettingKey::RetentionYears => self.retention_years()?.to_string(),
                    SettingKey::ToTriageMinutes => self.to_triage_minutes()?.to_string(),
                    SettingKey::EpisodeGapWeeks => peer.episode_gap_weeks.to_string(),
                    SettingKey::SupervisionMonths => peer.supervision_months.to_string(),
                    SettingKey::DbsWarningDays => peer.dbs_warning_days.to_string(),
                };
                Ok(SettingRow {
                    key,
                    value,
                    is_default: self.setting(key.key())?.is_none(),
                })
            })
            .collect()
    }

    /// Validates and saves a setting. Returns false (and writes nothing) when the value is
    /// already stored. Audited as a settings change with the setting's audit id, never its
    /// value.
    pub fn set_admin_setting(
        &mut self,
        key: SettingKey,
        typed: &str,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let value = key.validate(typed).map_err(StoreError::Invalid)?;
        if self.setting(key.key())?.as_deref() == Some(value.as_str()) {
            return Ok(false);
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = ?3, updated_by = ?4",
                params![key.key(), value, to_stored(now), by],
            )?;
            audit::append(
                tx,
                now,
                Some(by),
                AuditAction::SettingsChange,
                Some(RecordKind::Setting),
                Some(key.audit_id()),
            )?;
            Ok(())
        })?;
        Ok(true)
    }

    // ----- the audit log -----

    /// One page of the audit log, newest first: entries matching `filter` with ids below
    /// `before` (the last id of the previous page). Only the filter's conditions reach the SQL,
    /// so a staff or record filter uses its index.
    pub fn audit_page(
        &self,
        filter: &AuditFilter,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            return Err(invalid("The start date is after the end date."));
        }
        let mut sql = String::from(
            "SELECT id, at, staff_id, action, record_kind, record_id FROM audit_log WHERE 1 = 1",
        );
        let mut values: Vec<Value> = Vec::new();
        let mut condition = |sql: &mut String, clause: &str, value: Value| {
            values.push(value);
            sql.push_str(&format!(" AND {clause} ?{}", values.len()));
        };
        if let Some(id) = filter.staff_id {
            condition(&mut sql, "staff_id =", Value::Integer(id));
        }
        if let Some(kind) = filter.record_kind {
            condition(&mut sql, "record_kind =", Value::Text(kind.as_str().into()));
        }
        if let Some(id) = filter.record_id {
            condition(&mut sql, "record_id =", Value::Integer(id));
        }
        if filter.from.is_some() || filter.to.is_some() {
            let tz = self.service_hours()?.tz;
            let midnight = |d: NaiveDate| to_stored(local_to_utc(tz, d, NaiveTime::MIN));
            if let Some(from) = filter.from {
                condition(&mut sql, "at >=", Value::Text(midnight(from)));
            }
            if let Some(to) = filter.to {
                condition(
                    &mut sql,
                    "at <",
                    Value::Text(midnight(to + Duration::days(1))),
                );
            }
        }
        if let Some(before) = before {
            condition(&mut sql, "id <", Value::Integer(before));
        }
        values.push(Value::Integer(limit as i64));
        sql.push_str(&format!(" ORDER BY id DESC LIMIT ?{}", values.len()));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                staff_id: r.get(2)?,
                action: r.get(3)?,
                record_kind: r.get(4)?,
                record_id: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
