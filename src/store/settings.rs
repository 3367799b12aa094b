//! Settings: a small key/value table with typed accessors and the defaults DESIGN.md gives.

use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::shift::{Hours, ServiceHours};
use crate::domain::time::{date_from_stored, to_stored};
use chrono::{DateTime, NaiveTime, Utc};
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeSet;

pub const AUTO_LOCK_MINUTES: &str = "auto_lock_minutes";
pub const TIME_ZONE: &str = "time_zone";
pub const WEEKDAY_HOURS: &str = "weekday_hours";
pub const WEEKEND_HOURS: &str = "weekend_hours";

/// Minutes someone may wait "to triage" before the Intake board flags them.
pub const TO_TRIAGE_MINUTES: &str = "to_triage_minutes";

pub use crate::domain::admin::DEFAULT_AUTO_LOCK_MINUTES;

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Changes a setting; audited (the key's value is never written to the audit log).
    pub fn set_setting(
        &mut self,
        key: &str,
        value: &str,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = ?3, updated_by = ?4",
                params![key, value, to_stored(now), staff_id],
            )?;
            audit::append(
                tx,
                now,
                Some(staff_id),
                AuditAction::SettingsChange,
                Some(RecordKind::Setting),
                None,
            )?;
            Ok(())
        })
    }

    pub fn auto_lock_minutes(&self) -> Result<u32, StoreError> {
        Ok(self
            .setting(AUTO_LOCK_MINUTES)?
            .and_then(|v| v.parse().ok())
            .filter(|m| *m >= 1)
            .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES))
    }

    pub fn to_triage_minutes(&self) -> Result<u32, StoreError> {
        Ok(self
            .setting(TO_TRIAGE_MINUTES)?
            .and_then(|v| v.trim().parse().ok())
            .filter(|m| *m >= 1)
            .unwrap_or(crate::domain::visit::DEFAULT_TO_TRIAGE_MINUTES))
    }

    /// Service hours, time zone and bank holidays, with defaults for anything not set.
    pub fn service_hours(&self) -> Result<ServiceHours, StoreError> {
        let mut hours = ServiceHours::default();
        if let Some(tz) = self.setting(TIME_ZONE)?.and_then(|v| v.parse().ok()) {
            hours.tz = tz;
        }
        if let Some(h) = self.setting(WEEKDAY_HOURS)?.and_then(|v| parse_hours(&v)) {
            hours.weekday = h;
        }
        if let Some(h) = self.setting(WEEKEND_HOURS)?.and_then(|v| parse_hours(&v)) {
            hours.weekend = h;
        }
        let mut stmt = self.conn.prepare_cached("SELECT date FROM bank_holidays")?;
        let dates: BTreeSet<_> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .filter_map(|d| d.ok().and_then(|d| date_from_stored(&d)))
            .collect();
        hours.bank_holidays = dates;
        Ok(hours)
    }
}

/// "17:00-22:30" → Hours.
pub fn parse_hours(s: &str) -> Option<Hours> {
    let (a, b) = s.split_once('-')?;
    let opens = NaiveTime::parse_from_str(a.trim(), "%H:%M").ok()?;
    let closes = NaiveTime::parse_from_str(b.trim(), "%H:%M").ok()?;
    (opens != closes).then_some(Hours::new(opens, closes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_parse() {
        let h = parse_hours("20:00-02:00").unwrap();
        assert!(h.crosses_midnight());
        assert_eq!(parse_hours("17:00-17:00"), None);
        assert_eq!(parse_hours("25:00-02:00"), None);
    }
}
