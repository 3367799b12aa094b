//! The reference tables Intake picks from: the signposting directory, referral sources and
//! triage codes (added, edited and retired, never deleted).

use super::{DIRECTORY, REFERRAL_SOURCES, TRIAGE_CODES, triage_row_id};
use crate::domain::admin;
use crate::domain::admin::{
    DESCRIPTION_MAX, DirectoryInput, DirectoryRecord, ReferralSourceRecord, SOURCE_LABEL_MAX,
    TRIAGE_LABEL_MAX, TriageInput, TriageRecord,
};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::text::single_line;
use crate::store::rows::invalid;
use crate::store::{Store, StoreError, audit};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

impl Store {
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
}
