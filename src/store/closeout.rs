//! Closing a shift out: each visit still open is closed or carried forward with a reason, in
//! one transaction with its audit entry (ids only: the reason is free text and stays in the
//! record, never in the audit log).

use super::rows::invalid;
use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::closeout::CloseOut;
use crate::domain::shift::ServiceHours;
use crate::domain::time::{date_to_stored, to_stored};
use crate::domain::visit::{VisitStatus, check_transition};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

impl Store {
    /// Closes a visit out, or carries it forward from the shift of `from_date`.
    pub fn close_out_visit(
        &mut self,
        visit_id: i64,
        choice: &CloseOut,
        from_date: NaiveDate,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let current = self.visit(visit_id)?;
        // Nobody is at a closed service: a visit of the shift settled after its closing left
        // (and was seen) by closing time at the latest, where its wait on the board stopped, not
        // when the lead got to it; never before a time already recorded (seen by a worker after
        // closing). When the lead settled it is the row's update time and its audit entry's.
        let shift = self.service_hours()?.shift_on(from_date);
        let settled_at = crate::domain::closeout::board_clock(&shift, current.arrived_at, now)
            .max(current.seen_at.unwrap_or(current.arrived_at));
        let steps = choice.steps_from(current.status);
        let mut at = current.status;
        for step in &steps {
            check_transition(at, *step).map_err(invalid)?;
            at = *step;
        }
        self.write(|tx| {
            match choice {
                CloseOut::Carried { reason } => {
                    tx.prepare_cached(
                        "INSERT INTO visit_carried (visit_id, from_date, reason, carried_at, carried_by)
                         VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT (visit_id, from_date) DO UPDATE SET reason = excluded.reason,
                            carried_at = excluded.carried_at, carried_by = excluded.carried_by",
                    )?
                    .execute(params![
                        visit_id,
                        date_to_stored(from_date),
                        reason,
                        to_stored(now),
                        staff_id
                    ])?;
                }
                _ => {
                    let seen_at = current
                        .seen_at
                        .or_else(|| steps.contains(&VisitStatus::Seen).then_some(settled_at));
                    tx.prepare_cached(
                        "UPDATE visits SET status = ?2, seen_at = ?3, left_at = COALESCE(left_at, ?6),
                                updated_at = ?4, updated_by = ?5 WHERE id = ?1",
                    )?
                    .execute(params![
                        visit_id,
                        at.code(),
                        seen_at.map(to_stored),
                        to_stored(now),
                        staff_id,
                        to_stored(settled_at)
                    ])?;
                }
            }
            audit::append(
                tx,
                now,
                Some(staff_id),
                AuditAction::Change,
                Some(RecordKind::Visit),
                Some(visit_id),
            )?;
            Ok(())
        })
    }

    /// The visits still open and not yet carried forward from this shift: its own, and those
    /// earlier shifts left open (the lead who picks them up settles them again, so each
    /// night's note says where they stand). What its close-out (or its sign-off) has to settle.
    /// Contacts after its closing are out of hours: not its to settle.
    pub fn unsettled_visits(
        &self,
        hours: &ServiceHours,
        date: NaiveDate,
    ) -> Result<Vec<i64>, StoreError> {
        let to = hours.shift_on(date).ends_at;
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.id FROM visits v INDEXED BY visits_open
             WHERE v.arrived_at < ?1
               AND v.status IN ('waiting', 'with_worker', 'seen')
               AND NOT EXISTS (SELECT 1 FROM visit_carried c WHERE c.visit_id = v.id AND c.from_date = ?2)
             ORDER BY v.arrived_at, v.id",
        )?;
        let ids = stmt
            .query_map(params![to_stored(to), date_to_stored(date)], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Signing a handover with visits still open carries each forward, saying so.
    pub fn carry_forward_unsettled(
        &mut self,
        hours: &ServiceHours,
        date: NaiveDate,
        reason: &str,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let ids = self.unsettled_visits(hours, date)?;
        let choice = CloseOut::carried(reason).map_err(StoreError::Invalid)?;
        for id in &ids {
            self.close_out_visit(*id, &choice, date, staff_id, now)?;
        }
        Ok(ids.len())
    }
}
