//! The Administration screen's records and limits: what the store keeps for staff, the
//! signposting directory, referral sources, the triage table, bank holidays and settings, as
//! plain data the screen can draw and edit. The store reads and writes them.

use crate::domain::audit::RecordKind;
use crate::domain::peers::CAP_MAX;
use crate::domain::plan::MAX_REVIEW_DAYS;
use chrono::NaiveDate;
use std::ops::RangeInclusive;

/// Audit entries per page of the viewer.
pub const AUDIT_PAGE: usize = 50;

pub const DIRECTORY_NAME_MAX: usize = 120;
pub const CATEGORY_MAX: usize = 60;
pub const PHONE_MAX: usize = 40;
pub const WEBSITE_MAX: usize = 200;
pub const OPENING_HOURS_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 500;
pub const SOURCE_LABEL_MAX: usize = 80;
pub const REPORTING_CODE_MAX: usize = 20;
pub const TRIAGE_CODE_MAX: usize = 4;
pub const TRIAGE_LABEL_MAX: usize = 60;
/// Thirty days: a longer target is almost certainly a typing slip.
pub const TARGET_MINUTES_MAX: u32 = 30 * 24 * 60;
pub const HOLIDAY_NAME_MAX: usize = 80;

pub const AUTO_LOCK_RANGE: RangeInclusive<u32> = 1..=120;
pub const CASELOAD_CAP_RANGE: RangeInclusive<u32> = 1..=CAP_MAX;
pub const SESSION_LIMIT_RANGE: RangeInclusive<u32> = 1..=100;
pub const PLAN_REVIEW_RANGE: RangeInclusive<u32> = 1..=MAX_REVIEW_DAYS;
pub const DBS_RENEWAL_RANGE: RangeInclusive<u32> = 1..=10;
pub const RETENTION_RANGE: RangeInclusive<u32> = 1..=100;
pub const TO_TRIAGE_RANGE: RangeInclusive<u32> = 1..=240;
pub const EPISODE_GAP_RANGE: RangeInclusive<u32> = 1..=104;
pub const SUPERVISION_MONTHS_RANGE: RangeInclusive<u32> = 1..=12;
/// 0: no warning before the renewal falls due.
pub const DBS_WARNING_RANGE: RangeInclusive<u32> = 0..=180;

/// The settings the Administration screen edits. Each reuses the key and default its own
/// module reads, so there is one source of truth per setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingKey {
    WeekdayHours,
    WeekendHours,
    TimeZone,
    AutoLockMinutes,
    CaseloadCap,
    SessionLimit,
    PlanReviewDays,
    DbsRenewalYears,
    RetentionYears,
    ToTriageMinutes,
    EpisodeGapWeeks,
    SupervisionMonths,
    DbsWarningDays,
}

/// One row of the settings list: the value in force (the default when none is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingRow {
    pub key: SettingKey,
    pub value: String,
    pub is_default: bool,
}

/// A signposting directory entry with every field, retired ones included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryRecord {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub hours: Option<String>,
    pub description: String,
    pub active: bool,
}

/// A directory entry as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryInput {
    pub name: String,
    pub category: String,
    pub phone: String,
    pub website: String,
    pub hours: String,
    pub description: String,
}

/// A referral source, retired ones included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralSourceRecord {
    pub id: i64,
    pub label: String,
    pub reporting_code: String,
    pub active: bool,
}

/// A triage code, retired ones included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageRecord {
    pub code: String,
    pub label: String,
    pub description: String,
    /// None: never flagged as waiting too long.
    pub target_minutes: Option<u32>,
    pub active: bool,
    /// The id the audit log uses for this code.
    pub row_id: i64,
}

/// A triage code as typed (the code identifies the row when editing; it cannot change, since
/// visits refer to it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TriageInput {
    pub code: String,
    pub label: String,
    pub description: String,
    pub target_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub name: String,
}

/// What the audit viewer shows. Dates are the service's local dates, both ends included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub staff_id: Option<i64>,
    pub record_kind: Option<RecordKind>,
    pub record_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl AuditFilter {
    pub fn is_empty(&self) -> bool {
        *self == AuditFilter::default()
    }
}

/// Typed target time: minutes ("240"), hours ("4h") or days ("3d"); empty or "none" for no
/// target.
pub fn parse_target(typed: &str) -> Result<Option<u32>, String> {
    let t = typed.trim().to_ascii_lowercase();
    if t.is_empty() || t == "none" || t == "-" {
        return Ok(None);
    }
    let wanted = || {
        "Write the target as minutes (240), hours (4h) or days (3d), or leave it empty for none."
            .to_string()
    };
    let (number, unit) = match t.strip_suffix('d').or_else(|| t.strip_suffix("days")) {
        Some(n) => (n, 24 * 60),
        None => match t.strip_suffix('h').or_else(|| t.strip_suffix("hours")) {
            Some(n) => (n, 60),
            None => (t.strip_suffix("min").unwrap_or(&t), 1),
        },
    };
    let n: u32 = number.trim().parse().map_err(|_| wanted())?;
    let minutes = n.checked_mul(unit).ok_or_else(wanted)?;
    if minutes > TARGET_MINUTES_MAX {
        return Err(format!(
            "A target time is at most {} days.",
            TARGET_MINUTES_MAX / (24 * 60)
        ));
    }
    Ok(Some(minutes))
}
