//! Weekly availability, exceptions, and the "on tonight" board.

use super::{
    ExceptionEntry, OnTonight, ShiftBook, WithNow, active_workers, exception_row, load_worker,
    peer_settings, replace_slots, slot_row, time_to_stored,
};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::peers::{AvailabilityException, OnNow, Slot, check_slots};
use crate::domain::shift::Shift;
use crate::domain::time::{date_to_stored, to_stored};
use crate::store::{Store, StoreError, audit};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::params;
use std::collections::HashMap;

/// Whose visitors are here in a shift (?1, ?2: its start and end): the shift's open visits
/// first (a few, by `visits_open`), then each visitor's assignments not ended; CROSS JOIN
/// keeps that order. Left to itself SQLite starts from every open assignment and looks for a
/// visit of each, 10× slower on the large demo.
pub(super) const WITH_NOW: &str = "
    SELECT a.worker_id, a.id, a.person_id, p.display_name, v.id
    FROM visits v
    CROSS JOIN assignments a ON a.person_id = v.person_id AND a.ended_on IS NULL
    JOIN people p ON p.id = a.person_id
    WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2
      AND v.status IN ('waiting', 'with_worker', 'seen')
    ORDER BY a.worker_id, v.arrived_at, v.id";

impl Store {
    /// Replaces a worker's weekly pattern in one go, after checking that no slot is empty and
    /// none overlap (an overnight slot counts on the next day too).
    pub fn set_availability(
        &mut self,
        worker_id: i64,
        slots: &[Slot],
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        check_slots(slots).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            load_worker(tx, worker_id)?;
            replace_slots(tx, worker_id, slots)?;
            audit::append(
                tx,
                now,
                Some(staff_id),
                AuditAction::Change,
                Some(RecordKind::PeerWorker),
                Some(worker_id),
            )?;
            Ok(())
        })
    }

    /// A worker's weekly pattern, Monday first.
    pub fn availability(&self, worker_id: i64) -> Result<Vec<Slot>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT weekday, starts, ends FROM availability_slots WHERE worker_id = ?1
             ORDER BY weekday, starts",
        )?;
        let rows = stmt.query_map([worker_id], |r| slot_row(r, 0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_exception(
        &mut self,
        worker_id: i64,
        exception: &AvailabilityException,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        exception.check().map_err(StoreError::Invalid)?;
        self.write(|tx| {
            load_worker(tx, worker_id)?;
            let e = exception;
            tx.prepare_cached(
                "INSERT INTO availability_exceptions (worker_id, kind, from_date, to_date, starts, ends,
                                                      created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                worker_id,
                e.kind.code(),
                date_to_stored(e.from),
                date_to_stored(e.to),
                e.times.map(|(a, _)| time_to_stored(a)),
                e.times.map(|(_, b)| time_to_stored(b)),
                to_stored(now),
                staff_id
            ])?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                now,
                Some(staff_id),
                AuditAction::Change,
                Some(RecordKind::PeerWorker),
                Some(worker_id),
            )?;
            Ok(id)
        })
    }

    /// A worker's exceptions in date order; with `ending_on_or_after`, only those not over by
    /// then (what the lead plans around), else all of them.
    pub fn exceptions(
        &self,
        worker_id: i64,
        ending_on_or_after: Option<NaiveDate>,
    ) -> Result<Vec<ExceptionEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, worker_id, kind, from_date, to_date, starts, ends FROM availability_exceptions
             WHERE worker_id = ?1 AND to_date >= ?2 ORDER BY from_date, id",
        )?;
        let from = ending_on_or_after.map_or(String::new(), date_to_stored);
        let rows = stmt.query_map(params![worker_id, from], |r| {
            Ok(ExceptionEntry {
                id: r.get(0)?,
                worker_id: r.get(1)?,
                exception: exception_row(r, 2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The workers with hours in the shift, and those whom leave or sickness takes off it,
    /// each with where they stand at `now` (on now first, then starting later, finished, off;
    /// then by name), their load against their cap, and the visitors of theirs who are here
    /// now: an assignment not ended whose visitor has an open visit (waiting, with a worker, or
    /// seen) that arrived in the shift.
    pub fn on_tonight(
        &self,
        shift: &Shift,
        tz: Tz,
        now: DateTime<Utc>,
    ) -> Result<Vec<OnTonight>, StoreError> {
        let settings = peer_settings(&self.conn)?;
        let book = ShiftBook::load(&self.conn, shift, None)?;
        let mut with_now = self.with_now(shift)?;
        let today = now.with_timezone(&tz).date_naive();
        let mut out = Vec::new();
        for worker in active_workers(&self.conn)? {
            let on = book.on_now(worker.id, shift, tz, now);
            if on == OnNow::NotOn {
                continue;
            }
            let (dbs, supervision) = super::workers::checks(&self.conn, &worker, today, &settings)?;
            out.push(OnTonight {
                dbs,
                supervision,
                windows: book.windows(worker.id, shift, tz),
                on,
                active_caseload: book.caseload(worker.id),
                cap: worker.cap(&settings),
                with_now: with_now.remove(&worker.id).unwrap_or_default(),
                worker,
            });
        }
        // Stable: active_workers is already by name.
        out.sort_by_key(|r| r.on.rank());
        Ok(out)
    }

    fn with_now(&self, shift: &Shift) -> Result<HashMap<i64, Vec<WithNow>>, StoreError> {
        let mut stmt = self.conn.prepare_cached(WITH_NOW)?;
        let rows = stmt.query_map(
            params![to_stored(shift.starts_at), to_stored(shift.ends_at)],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    WithNow {
                        assignment_id: r.get(1)?,
                        person_id: r.get(2)?,
                        display_name: r.get(3)?,
                        visit_id: r.get(4)?,
                    },
                ))
            },
        )?;
        let mut out: HashMap<i64, Vec<WithNow>> = HashMap::new();
        for row in rows {
            let (worker_id, w) = row?;
            let list = out.entry(worker_id).or_default();
            // Someone who came twice in one shift is listed once.
            if !list.iter().any(|x| x.assignment_id == w.assignment_id) {
                list.push(w);
            }
        }
        Ok(out)
    }
}
