//! Staff: who may sign in, deactivating and reactivating, and resetting a PIN.

use super::{active_flag, count};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::pin;
use crate::domain::staff::StaffMember;
use crate::store::rows::invalid;
use crate::store::{Store, StoreError, audit, staff};
use chrono::{DateTime, Utc};
use rusqlite::params;

impl Store {
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
}
