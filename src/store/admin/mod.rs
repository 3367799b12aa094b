//! Administration: staff (deactivate, reactivate, reset a PIN), the reference tables the Intake
//! pane picks from (signposting directory, referral sources, triage codes: add, edit, retire,
//! never delete), bank holidays, typed settings with validation, and a paged, filtered audit
//! query. Every change is audited in the transaction that makes it, with ids only, never values.
//!
//! Audit ids: a setting's is [`SettingKey::audit_id`] (fixed numbers, never reused); a triage
//! code's is its row id (the table is never deleted from, so row ids stay dense and stable); a
//! bank holiday's is its date as the number yyyymmdd.

mod holidays;
mod log;
mod reference;
mod team;
mod typed_settings;

use super::rows::invalid;
use super::{StoreError, audit, erasure, peers, plans, settings};
pub use crate::domain::admin::{
    AUDIT_PAGE, AUTO_LOCK_RANGE, AuditFilter, BankHoliday, CASELOAD_CAP_RANGE, CATEGORY_MAX,
    DBS_RENEWAL_RANGE, DBS_WARNING_RANGE, DESCRIPTION_MAX, DIRECTORY_NAME_MAX, DirectoryInput,
    DirectoryRecord, EPISODE_GAP_RANGE, HOLIDAY_NAME_MAX, OPENING_HOURS_MAX, PHONE_MAX,
    PLAN_REVIEW_RANGE, REPORTING_CODE_MAX, RETENTION_RANGE, ReferralSourceRecord,
    SESSION_LIMIT_RANGE, SOURCE_LABEL_MAX, SUPERVISION_MONTHS_RANGE, SettingKey, SettingRow,
    TARGET_MINUTES_MAX, TO_TRIAGE_RANGE, TRIAGE_CODE_MAX, TRIAGE_LABEL_MAX, TriageInput,
    TriageRecord, WEBSITE_MAX, parse_target,
};
use crate::domain::audit::{AuditAction, RecordKind};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

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
