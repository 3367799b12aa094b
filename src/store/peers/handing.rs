//! Putting a peer record right: a logged session corrected (with the reason, the previous
//! values kept), and an assignment handed to another worker. Kept apart from the assignment
//! rules so those can change without touching this.

use super::assignments::{assignment_refusals, audit_assignment, load_assignment, refused};
use super::{date_col, peer_settings, today};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::correction::{Change, CorrectedField, CorrectedKind, check_reason};
use crate::domain::peers::{
    NewAssignment, SESSION_NOTE_MAX, Session, check_minutes, check_session_date,
    check_sessions_planned, decide, long_date,
};
use crate::domain::shift::Shift;
use crate::domain::text::optional_line;
use crate::domain::time::{date_to_stored, to_stored};
use crate::store::corrections::record;
use crate::store::rows::invalid;
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::params;

impl Store {
    /// Corrects a logged session's date, minutes or note: every changed field kept with the
    /// reason. The same date and minute rules as logging apply.
    pub fn correct_session(
        &mut self,
        s: &Session,
        reason: &str,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let reason = check_reason(reason).map_err(StoreError::Invalid)?;
        let minutes = check_minutes(s.minutes).map_err(StoreError::Invalid)?;
        let note = optional_line("Note", &s.note, SESSION_NOTE_MAX)
            .map_err(invalid)?
            .unwrap_or_default();
        self.write(|tx| {
            let old = tx.query_row(
                "SELECT id, assignment_id, held_on, minutes, note, override_reason
                 FROM peer_sessions WHERE id = ?1",
                [s.id],
                |r| {
                    Ok(Session {
                        id: r.get(0)?,
                        assignment_id: r.get(1)?,
                        held_on: date_col(r, 2)?,
                        minutes: r.get(3)?,
                        note: r.get(4)?,
                        override_reason: r.get(5)?,
                    })
                },
            )?;
            if old.assignment_id != s.assignment_id {
                return Err(invalid("That session belongs to another assignment."));
            }
            let a = load_assignment(tx, old.assignment_id)?;
            check_session_date(s.held_on, a.started_on, a.ended_on, today(tx, now)?)
                .map_err(StoreError::Invalid)?;
            let text = |t: &str| (!t.is_empty()).then(|| t.to_string());
            let changes: Vec<Change> = [
                Change::between(
                    CorrectedField::SessionDate,
                    Some(long_date(old.held_on)),
                    Some(long_date(s.held_on)),
                ),
                Change::between(
                    CorrectedField::SessionMinutes,
                    Some(old.minutes.to_string()),
                    Some(minutes.to_string()),
                ),
                Change::between(CorrectedField::SessionNote, text(&old.note), text(&note)),
            ]
            .into_iter()
            .flatten()
            .collect();
            if changes.is_empty() {
                return Err(invalid(
                    "Nothing was changed, so there is nothing to correct.",
                ));
            }
            tx.execute(
                "UPDATE peer_sessions SET held_on = ?2, minutes = ?3, note = ?4 WHERE id = ?1",
                params![s.id, date_to_stored(s.held_on), minutes, note],
            )?;
            record(
                tx,
                CorrectedKind::PeerSession,
                s.id,
                &changes,
                &reason,
                RecordKind::Assignment,
                a.id,
                staff_id,
                now,
            )?;
            Ok(changes.len())
        })
    }

    /// The assignment a logged session belongs to.
    pub fn session_assignment(&self, session_id: i64) -> Result<i64, StoreError> {
        Ok(self.connection().query_row(
            "SELECT assignment_id FROM peer_sessions WHERE id = ?1",
            [session_id],
            |r| r.get(0),
        )?)
    }

    /// Hands an active assignment to another worker: the same cap and availability rules as
    /// assigning, with the same override. The assignment is ended today (its sessions stay
    /// with the worker who held them) and a new one starts with the new worker for the
    /// sessions still planned, in one transaction. Returns the new assignment's id.
    #[allow(clippy::too_many_arguments)]
    pub fn hand_over_assignment(
        &mut self,
        assignment_id: i64,
        worker_id: i64,
        reason: &str,
        override_reason: Option<&str>,
        shift: &Shift,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let reason = check_reason(reason).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            let a = load_assignment(tx, assignment_id)?;
            if a.ended_on.is_some() {
                return Err(invalid("This assignment has ended; it cannot be handed over."));
            }
            if a.worker_id == worker_id {
                return Err(invalid("That is the worker it is with already."));
            }
            let limit = peer_settings(tx)?.session_limit;
            let remaining = a.sessions_planned.saturating_sub(a.sessions_used).max(1);
            check_sessions_planned(remaining.min(limit)).map_err(StoreError::Invalid)?;
            let new = NewAssignment {
                person_id: a.person_id,
                worker_id,
                visit_id: a.visit_id,
                started_on: today(tx, now)?,
                sessions_planned: remaining.min(limit),
                override_reason: override_reason.map(String::from),
            };
            let refusals = assignment_refusals(tx, &new, shift, now)?;
            let override_reason =
                decide(refusals, new.override_reason.as_deref()).map_err(refused)?;
            let worker: String = tx.query_row(
                "SELECT name FROM peer_workers WHERE id = ?1",
                [worker_id],
                |r| r.get(0),
            )?;
            // The ending names the new worker (staff, not visitor data) and why.
            let end_reason = format!("Handed over to {worker}: {reason}");
            tx.execute(
                "UPDATE assignments SET ended_on = ?2, end_reason = ?3, ended_at = ?4, ended_by = ?5
                 WHERE id = ?1",
                params![a.id, date_to_stored(new.started_on), end_reason, to_stored(now), staff_id],
            )?;
            audit_assignment(tx, now, staff_id, AuditAction::Change, a.id)?;
            tx.execute(
                "INSERT INTO assignments (person_id, worker_id, visit_id, started_on, sessions_planned,
                                          override_reason, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    new.person_id,
                    new.worker_id,
                    new.visit_id,
                    date_to_stored(new.started_on),
                    new.sessions_planned,
                    override_reason.as_deref().unwrap_or(""),
                    to_stored(now),
                    staff_id
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit_assignment(tx, now, staff_id, AuditAction::Create, id)?;
            if override_reason.is_some() {
                audit_assignment(tx, now, staff_id, AuditAction::Override, id)?;
            }
            Ok(id)
        })
    }
}
