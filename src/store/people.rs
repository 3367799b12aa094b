//! People (visitors). Intake builds on this; the foundation needs it for the demo data.

use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::time::to_stored;
use chrono::{DateTime, Utc};
use rusqlite::params;

/// What is known of a new person; every field may be empty (anonymous).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPerson {
    pub display_name: Option<String>,
    pub full_name: Option<String>,
    pub date_of_birth: Option<String>,
    pub phone: Option<String>,
}

impl Store {
    pub fn add_person(
        &mut self,
        person: &NewPerson,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| {
            let digits = person
                .phone
                .as_ref()
                .map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>());
            tx.execute(
                "INSERT INTO people (display_name, full_name, date_of_birth, phone, phone_digits,
                                     created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    person.display_name,
                    person.full_name,
                    person.date_of_birth,
                    person.phone,
                    digits,
                    to_stored(now),
                    staff_id
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                now,
                Some(staff_id),
                AuditAction::Create,
                Some(RecordKind::Person),
                Some(id),
            )?;
            Ok(id)
        })
    }

    pub fn people_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM people", [], |r| r.get(0))?)
    }
}
