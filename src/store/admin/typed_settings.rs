//! Typed settings: every value checked by the domain's rule before it is stored.

use crate::domain::admin;
use crate::domain::admin::{SettingKey, SettingRow};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::time::to_stored;
use crate::store::{Store, StoreError, audit};
use chrono::{DateTime, Utc};
use rusqlite::params;

impl Store {
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
}
