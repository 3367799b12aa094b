//! The Administration screen's records and limits: what the store keeps for staff, the
//! signposting directory, referral sources, the triage table, bank holidays and settings, as
//! plain data the screen can draw and edit. The store reads and writes them.

use crate::domain::audit::RecordKind;
use crate::domain::peers::CAP_MAX;
use crate::domain::peers::{
    DEFAULT_CASELOAD_CAP, DEFAULT_DBS_RENEWAL_YEARS, DEFAULT_DBS_WARNING_DAYS,
    DEFAULT_EPISODE_GAP_WEEKS, DEFAULT_SESSION_LIMIT, DEFAULT_SUPERVISION_MONTHS,
};
use crate::domain::plan::DEFAULT_REVIEW_DAYS;
use crate::domain::plan::MAX_REVIEW_DAYS;
use crate::domain::shift::{Hours, ServiceHours};
use crate::domain::text::{optional_line, sanitize_for_terminal, single_line};
use crate::domain::visit::DEFAULT_TO_TRIAGE_MINUTES;
use chrono::{Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use std::ops::RangeInclusive;

/// Audit entries per page of the viewer.
pub const AUDIT_PAGE: usize = 50;

/// Minutes without a key before the app locks itself (DESIGN.md: 5).
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;
/// Years a visitor's record is kept after their last contact, unless a lead sets otherwise.
pub const DEFAULT_RETENTION_YEARS: u32 = 20;

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

// ----- settings -----

impl SettingKey {
    pub const ALL: [SettingKey; 13] = [
        SettingKey::WeekdayHours,
        SettingKey::WeekendHours,
        SettingKey::TimeZone,
        SettingKey::AutoLockMinutes,
        SettingKey::CaseloadCap,
        SettingKey::SessionLimit,
        SettingKey::PlanReviewDays,
        SettingKey::DbsRenewalYears,
        SettingKey::RetentionYears,
        SettingKey::ToTriageMinutes,
        SettingKey::EpisodeGapWeeks,
        SettingKey::SupervisionMonths,
        SettingKey::DbsWarningDays,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SettingKey::WeekdayHours => "Service hours, weekdays",
            SettingKey::WeekendHours => "Service hours, weekends and bank holidays",
            SettingKey::TimeZone => "Time zone",
            SettingKey::AutoLockMinutes => "Auto-lock after (minutes)",
            SettingKey::CaseloadCap => "Caseload cap (visitors per worker)",
            SettingKey::SessionLimit => "Session limit (per visitor)",
            SettingKey::PlanReviewDays => "Plan review interval (days)",
            SettingKey::DbsRenewalYears => "DBS renewal (years)",
            SettingKey::RetentionYears => "Retention (years since last contact)",
            SettingKey::ToTriageMinutes => "Flag waiting to triage after (minutes)",
            SettingKey::EpisodeGapWeeks => "Episode of support ends after (weeks)",
            SettingKey::SupervisionMonths => "Supervision due every (months)",
            SettingKey::DbsWarningDays => "Warn of DBS renewal (days ahead)",
        }
    }

    /// The setting's record id in the audit log. Fixed: never renumber or reuse one.
    pub fn audit_id(self) -> i64 {
        match self {
            SettingKey::WeekdayHours => 1,
            SettingKey::WeekendHours => 2,
            SettingKey::TimeZone => 3,
            SettingKey::AutoLockMinutes => 4,
            SettingKey::CaseloadCap => 5,
            SettingKey::SessionLimit => 6,
            SettingKey::PlanReviewDays => 7,
            SettingKey::DbsRenewalYears => 8,
            SettingKey::RetentionYears => 9,
            SettingKey::ToTriageMinutes => 10,
            SettingKey::EpisodeGapWeeks => 11,
            SettingKey::SupervisionMonths => 12,
            SettingKey::DbsWarningDays => 13,
        }
    }

    pub fn from_audit_id(id: i64) -> Option<SettingKey> {
        Self::ALL.into_iter().find(|k| k.audit_id() == id)
    }

    fn range(self) -> Option<RangeInclusive<u32>> {
        match self {
            SettingKey::AutoLockMinutes => Some(AUTO_LOCK_RANGE),
            SettingKey::CaseloadCap => Some(CASELOAD_CAP_RANGE),
            SettingKey::SessionLimit => Some(SESSION_LIMIT_RANGE),
            SettingKey::PlanReviewDays => Some(PLAN_REVIEW_RANGE),
            SettingKey::DbsRenewalYears => Some(DBS_RENEWAL_RANGE),
            SettingKey::RetentionYears => Some(RETENTION_RANGE),
            SettingKey::ToTriageMinutes => Some(TO_TRIAGE_RANGE),
            SettingKey::EpisodeGapWeeks => Some(EPISODE_GAP_RANGE),
            SettingKey::SupervisionMonths => Some(SUPERVISION_MONTHS_RANGE),
            SettingKey::DbsWarningDays => Some(DBS_WARNING_RANGE),
            _ => None,
        }
    }

    /// What the setting is when nothing is stored (DESIGN.md's defaults, from their modules).
    pub fn default_text(self) -> String {
        let hours = ServiceHours::default();
        match self {
            SettingKey::WeekdayHours => hours_text(hours.weekday),
            SettingKey::WeekendHours => hours_text(hours.weekend),
            SettingKey::TimeZone => hours.tz.name().to_string(),
            SettingKey::AutoLockMinutes => DEFAULT_AUTO_LOCK_MINUTES.to_string(),
            SettingKey::CaseloadCap => DEFAULT_CASELOAD_CAP.to_string(),
            SettingKey::SessionLimit => DEFAULT_SESSION_LIMIT.to_string(),
            SettingKey::PlanReviewDays => DEFAULT_REVIEW_DAYS.to_string(),
            SettingKey::DbsRenewalYears => DEFAULT_DBS_RENEWAL_YEARS.to_string(),
            SettingKey::RetentionYears => DEFAULT_RETENTION_YEARS.to_string(),
            SettingKey::ToTriageMinutes => DEFAULT_TO_TRIAGE_MINUTES.to_string(),
            SettingKey::EpisodeGapWeeks => DEFAULT_EPISODE_GAP_WEEKS.to_string(),
            SettingKey::SupervisionMonths => DEFAULT_SUPERVISION_MONTHS.to_string(),
            SettingKey::DbsWarningDays => DEFAULT_DBS_WARNING_DAYS.to_string(),
        }
    }

    /// A line of help for the form: the format or range, and the default.
    pub fn hint(self) -> String {
        let default = self.default_text();
        match (self, self.range()) {
            (SettingKey::WeekdayHours | SettingKey::WeekendHours, _) => {
                format!("hh:mm-hh:mm; may cross midnight (20:00-02:00). Default {default}")
            }
            (SettingKey::TimeZone, _) => format!("An IANA name. Default {default}"),
            (_, Some(r)) => format!("{} to {}. Default {default}", r.start(), r.end()),
            (_, None) => format!("Default {default}"),
        }
    }

    /// Checks typed text and returns the value as it is stored, or a message saying what is
    /// wanted.
    pub fn validate(self, typed: &str) -> Result<String, String> {
        let typed = typed.trim();
        match self {
            SettingKey::WeekdayHours | SettingKey::WeekendHours => {
                parse_service_hours(typed).map(hours_text)
            }
            SettingKey::TimeZone => typed.parse::<Tz>().map(|tz| tz.name().to_string()).map_err(
                |_| {
                    format!(
                        "\"{}\" is not a time zone name; use an IANA name such as Europe/London.",
                        sanitize_for_terminal(typed)
                    )
                },
            ),
            _ => {
                let range = self.range().expect("numeric settings have a range");
                typed
                    .parse::<u32>()
                    .ok()
                    .filter(|n| range.contains(n))
                    .map(|n| n.to_string())
                    .ok_or_else(|| {
                        format!(
                            "{} must be a whole number from {} to {}.",
                            self.label(),
                            range.start(),
                            range.end()
                        )
                    })
            }
        }
    }
}

/// "17:00-22:30".
pub fn hours_text(h: Hours) -> String {
    format!("{}-{}", h.opens.format("%H:%M"), h.closes.format("%H:%M"))
}

/// "17:00-22:30" (an en dash or spaces are fine) with its own message for each mistake.
pub fn parse_service_hours(typed: &str) -> Result<Hours, String> {
    let wanted = "Write service hours as hh:mm-hh:mm, for example 17:00-22:30.";
    let normal = typed.replace(['–', '—'], "-");
    let Some((a, b)) = normal.split_once('-') else {
        return Err(wanted.into());
    };
    let time = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| wanted);
    let (opens, closes) = (time(a)?, time(b)?);
    if opens == closes {
        return Err("Opening and closing times must differ.".into());
    }
    Ok(Hours::new(opens, closes))
}

// ----- reference data -----

/// A directory entry as it is stored: every field checked and trimmed.
pub struct CleanDirectory {
    pub name: String,
    pub category: String,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub hours: Option<String>,
    pub description: String,
}

impl DirectoryInput {
    /// Checks every field; a message names the first that is wrong.
    pub fn clean(&self) -> Result<CleanDirectory, String> {
        let say = |e: crate::domain::text::TextError| e.to_string();
        Ok(CleanDirectory {
            name: single_line("Name", &self.name, DIRECTORY_NAME_MAX).map_err(say)?,
            category: single_line("Category", &self.category, CATEGORY_MAX).map_err(say)?,
            phone: optional_line("Phone", &self.phone, PHONE_MAX).map_err(say)?,
            website: optional_line("Website", &self.website, WEBSITE_MAX).map_err(say)?,
            hours: optional_line("Opening hours", &self.hours, OPENING_HOURS_MAX).map_err(say)?,
            description: optional_line("Description", &self.description, DESCRIPTION_MAX)
                .map_err(say)?
                .unwrap_or_default(),
        })
    }
}

/// A bank holiday's audit id: its date as yyyymmdd.
pub fn holiday_audit_id(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

/// A referral source's reporting code, upper-cased: letters, digits, - and _.
pub fn reporting_code(typed: &str) -> Result<String, String> {
    let code =
        single_line("Reporting code", typed, REPORTING_CODE_MAX).map_err(|e| e.to_string())?;
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err("A reporting code is letters, digits, - and _ only (e.g. NHS111).".into());
    }
    Ok(code.to_ascii_uppercase())
}

/// A triage code, upper-cased: 1 to 4 letters or digits.
pub fn triage_code(typed: &str) -> Result<String, String> {
    let code = single_line("Code", typed, TRIAGE_CODE_MAX).map_err(|e| e.to_string())?;
    if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "A triage code is 1 to {TRIAGE_CODE_MAX} letters or digits (e.g. B)."
        ));
    }
    Ok(code.to_ascii_uppercase())
}

/// A target time in minutes, at most [`TARGET_MINUTES_MAX`].
pub fn target(minutes: Option<u32>) -> Result<Option<u32>, String> {
    match minutes {
        Some(m) if m > TARGET_MINUTES_MAX => Err(format!(
            "A target time is at most {} days.",
            TARGET_MINUTES_MAX / (24 * 60)
        )),
        m => Ok(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_validate_with_clear_messages() {
        use SettingKey::*;
        assert_eq!(
            WeekdayHours.validate(" 17:00 – 22:30 "),
            Ok("17:00-22:30".into())
        );
        assert_eq!(
            WeekendHours.validate("20:00-02:00"),
            Ok("20:00-02:00".into())
        );
        assert_eq!(
            WeekdayHours.validate("5pm-10pm").unwrap_err(),
            "Write service hours as hh:mm-hh:mm, for example 17:00-22:30."
        );
        assert_eq!(
            WeekdayHours.validate("17:00-17:00").unwrap_err(),
            "Opening and closing times must differ."
        );
        assert_eq!(
            TimeZone.validate("Europe/Dublin"),
            Ok("Europe/Dublin".into())
        );
        assert!(
            TimeZone
                .validate("Mars/Olympus")
                .unwrap_err()
                .contains("IANA")
        );
        assert_eq!(AutoLockMinutes.validate("10"), Ok("10".into()));
        assert_eq!(
            AutoLockMinutes.validate("0").unwrap_err(),
            "Auto-lock after (minutes) must be a whole number from 1 to 120."
        );
        assert!(AutoLockMinutes.validate("121").is_err());
        assert!(PlanReviewDays.validate("366").is_ok());
        assert!(PlanReviewDays.validate("367").is_err());
        assert!(RetentionYears.validate("0").is_err());
        assert!(RetentionYears.validate("1").is_ok());
        assert!(CaseloadCap.validate("-1").is_err());
    }

    #[test]
    fn audit_ids_are_fixed_and_distinct() {
        let ids: std::collections::BTreeSet<i64> =
            SettingKey::ALL.iter().map(|k| k.audit_id()).collect();
        assert_eq!(ids.len(), SettingKey::ALL.len());
        for k in SettingKey::ALL {
            assert_eq!(SettingKey::from_audit_id(k.audit_id()), Some(k));
            assert!(k.validate(&k.default_text()).is_ok(), "{k:?}");
        }
        let d = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        assert_eq!(holiday_audit_id(d), 20261225);
    }

    #[test]
    fn targets_parse_in_minutes_hours_or_days() {
        assert_eq!(parse_target(""), Ok(None));
        assert_eq!(parse_target("none"), Ok(None));
        assert_eq!(parse_target("0"), Ok(Some(0)));
        assert_eq!(parse_target("240"), Ok(Some(240)));
        assert_eq!(parse_target("4h"), Ok(Some(240)));
        assert_eq!(parse_target("3 d"), Ok(Some(4320)));
        assert!(parse_target("soon").is_err());
        assert!(parse_target("31d").unwrap_err().contains("at most 30 days"));
    }
}
