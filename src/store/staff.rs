//! Staff members and their PINs (Argon2id hashes; the PIN itself is never stored).

use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::staff::{NAME_MAX, StaffMember};
use crate::domain::time::to_stored;
use crate::domain::{pin, text};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

pub(super) fn hash_pin(pin: &str) -> Result<String, StoreError> {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .map_err(|_| StoreError::Invalid("could not make a salt".into()))?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| StoreError::Invalid("could not hash the PIN".into()))
}

/// Inserts a staff member after checking the name and PIN rules.
pub(super) fn insert(
    conn: &Connection,
    name: &str,
    pin: &str,
    created_by: Option<i64>,
    is_admin: bool,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let name = text::single_line("Name", name, NAME_MAX)
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    pin::check(pin).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let exists: Option<i64> = conn
        .query_row("SELECT id FROM staff WHERE name = ?1", [&name], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_some() {
        return Err(StoreError::Invalid(
            "A staff member with that name already exists.".into(),
        ));
    }
    conn.execute(
        "INSERT INTO staff (name, pin_hash, is_admin, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, hash_pin(pin)?, is_admin, to_stored(now), created_by],
    )?;
    Ok(conn.last_insert_rowid())
}

fn member_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StaffMember> {
    Ok(StaffMember {
        id: r.get(0)?,
        name: r.get(1)?,
        is_admin: r.get(2)?,
        active: r.get(3)?,
    })
}

impl Store {
    /// Adds a colleague, recorded against the staff member who added them.
    pub fn add_staff(
        &mut self,
        name: &str,
        pin: &str,
        added_by: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| {
            let id = insert(tx, name, pin, Some(added_by), false, now)?;
            audit::append(
                tx,
                now,
                Some(added_by),
                AuditAction::Create,
                Some(RecordKind::Staff),
                Some(id),
            )?;
            Ok(id)
        })
    }

    pub fn active_staff(&self) -> Result<Vec<StaffMember>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, is_admin, active FROM staff WHERE active = 1 ORDER BY name",
        )?;
        let rows = stmt.query_map([], member_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every staff member's name by id (inactive ones too: old records name them).
    pub fn staff_names(&self) -> Result<std::collections::HashMap<i64, String>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM staff")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn staff_member(&self, id: i64) -> Result<StaffMember, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, name, is_admin, active FROM staff WHERE id = ?1")?
            .query_row([id], member_from_row)?)
    }

    /// Checks a PIN against the stored hash. An inactive member's PIN never verifies.
    pub fn verify_pin(&self, staff_id: i64, pin: &str) -> Result<bool, StoreError> {
        let stored: Option<String> = self
            .conn
            .prepare_cached("SELECT pin_hash FROM staff WHERE id = ?1 AND active = 1")?
            .query_row([staff_id], |r| r.get(0))
            .optional()?;
        let Some(stored) = stored else {
            return Ok(false);
        };
        let parsed = PasswordHash::new(&stored).map_err(|_| StoreError::Corrupt)?;
        Ok(Argon2::default()
            .verify_password(pin.as_bytes(), &parsed)
            .is_ok())
    }
}
