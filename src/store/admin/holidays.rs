//! Bank holidays (they move a day to the weekend's opening hours).

use crate::domain::admin;
use crate::domain::admin::{BankHoliday, HOLIDAY_NAME_MAX};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::text::single_line;
use crate::domain::time::{date_from_stored, date_to_stored};
use crate::store::rows::invalid;
use crate::store::{Store, StoreError, audit};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

impl Store {
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
}
