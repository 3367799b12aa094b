//! Closing what is open across shifts: follow-ups closed as done (with what came of it) or
//! cancelled (with why), the open list every shift sees until each is closed, and safeguarding
//! concerns closed with what came of them. Audit rows carry ids only.

use super::rows::time;
use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::follow_up::{Closure, FollowUpKind, OpenFollowUp, SafeguardingClosed};
use crate::domain::person::display_label;
use crate::domain::shift::ServiceHours;
use crate::domain::text::single_line;
use crate::domain::time::{date_from_stored, to_stored};
use crate::domain::visit::SHORT_TEXT_MAX;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};

const OPEN_SELECT: &str = "
    SELECT f.id, f.visit_id, v.person_id, p.display_name, f.person, f.task, f.owner, f.due_on,
           f.kind, v.arrived_at, f.created_at
    FROM follow_ups f INDEXED BY follow_ups_open_by_due
    JOIN visits v ON v.id = f.visit_id JOIN people p ON p.id = v.person_id
    WHERE f.done_at IS NULL";

/// Open follow-ups logged before `before`, in the open list's order (soonest due first, then
/// undated, oldest first), at most `limit`.
pub(crate) fn open_before(
    conn: &Connection,
    hours: &ServiceHours,
    before: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<OpenFollowUp>, StoreError> {
    // The limit written in, not bound (see `store::rows`).
    let mut stmt = conn.prepare_cached(&format!(
        "{OPEN_SELECT} AND f.created_at < ?1
         ORDER BY f.due_on IS NULL, f.due_on, f.created_at, f.id LIMIT {limit}"
    ))?;
    let rows = stmt.query_map(params![to_stored(before)], |r| follow_up_row(r, hours))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Follow-ups logged before `before` and closed since `since` (a draft begun before they were
/// closed still has their line).
pub(crate) fn closed_since(
    conn: &Connection,
    hours: &ServiceHours,
    since: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Result<Vec<OpenFollowUp>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.id, f.visit_id, v.person_id, p.display_name, f.person, f.task, f.owner, f.due_on,
                f.kind, v.arrived_at, f.created_at
         FROM follow_ups f JOIN visits v ON v.id = f.visit_id JOIN people p ON p.id = v.person_id
         WHERE f.done_at >= ?1 AND f.created_at < ?2 ORDER BY f.id",
    )?;
    let rows = stmt.query_map(params![to_stored(since), to_stored(before)], |r| {
        follow_up_row(r, hours)
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn follow_up_row(r: &rusqlite::Row<'_>, hours: &ServiceHours) -> rusqlite::Result<OpenFollowUp> {
    let person_id: i64 = r.get(2)?;
    let arrived = time(r, 9)?;
    // A contact made while the service was closed is dated by its own day, not the evening
    // before (whose board window it falls in).
    let out_of_hours = !hours.is_open_at(arrived);
    let from_date = if out_of_hours {
        arrived.with_timezone(&hours.tz).date_naive()
    } else {
        hours.service_date_of(arrived)
    };
    Ok(OpenFollowUp {
        id: r.get(0)?,
        visit_id: r.get(1)?,
        person_id,
        person_label: display_label(person_id, r.get::<_, Option<String>>(3)?.as_deref()),
        for_person: r.get(4)?,
        task: r.get(5)?,
        owner: r.get(6)?,
        due_on: r
            .get::<_, Option<String>>(7)?
            .as_deref()
            .and_then(date_from_stored),
        kind: FollowUpKind::from_code(&r.get::<_, String>(8)?),
        from_date,
        out_of_hours,
        created_at: time(r, 10)?,
    })
}

/// The audit entry for a change to something of a visit (ids only).
fn visit_changed(
    tx: &Connection,
    now: DateTime<Utc>,
    staff_id: i64,
    visit_id: i64,
) -> Result<(), StoreError> {
    audit::append(
        tx,
        now,
        Some(staff_id),
        AuditAction::Change,
        Some(RecordKind::Visit),
        Some(visit_id),
    )?;
    Ok(())
}

/// How many follow-ups are open, and how many of those are overdue on `today`.
pub(crate) fn open_counts(
    conn: &Connection,
    today: NaiveDate,
) -> Result<(usize, usize), StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(due_on < ?1), 0)
             FROM follow_ups INDEXED BY follow_ups_open_by_due WHERE done_at IS NULL",
        )?
        .query_row([crate::domain::time::date_to_stored(today)], |r| {
            Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize))
        })?)
}

impl Store {
    /// The open follow-ups from every shift, soonest due first, at most `limit`.
    pub fn open_follow_ups(
        &self,
        hours: &ServiceHours,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OpenFollowUp>, StoreError> {
        // Logged up to now (a follow-up cannot be logged later than now).
        open_before(&self.conn, hours, now + chrono::Duration::seconds(1), limit)
    }

    /// How many follow-ups are open in all, and how many are overdue.
    pub fn open_follow_up_counts(&self, today: NaiveDate) -> Result<(usize, usize), StoreError> {
        open_counts(&self.conn, today)
    }

    /// Closes an open follow-up: done with its outcome, or cancelled with the reason, dated and
    /// naming who. Refused when it is already closed.
    pub fn close_follow_up(
        &mut self,
        follow_up_id: i64,
        closure: &Closure,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        // Checked again here: the store is the last line whatever the caller.
        let closure =
            Closure::new(closure.closed_as, &closure.line).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            let visit_id: i64 = tx.query_row(
                "SELECT visit_id FROM follow_ups WHERE id = ?1",
                [follow_up_id],
                |r| r.get(0),
            )?;
            let n = tx.execute(
                "UPDATE follow_ups SET done_at = ?2, done_by = ?3, closed_as = ?4, outcome = ?5
                 WHERE id = ?1 AND done_at IS NULL",
                params![
                    follow_up_id,
                    to_stored(now),
                    staff_id,
                    closure.closed_as.code(),
                    closure.line
                ],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(
                    "That follow-up is already closed.".into(),
                ));
            }
            visit_changed(tx, now, staff_id, visit_id)
        })
    }

    /// Closes a visit's safeguarding concern with what came of it ("Adult social care
    /// confirmed a worker is allocated"), dated and naming who: it then leaves the handover.
    pub fn close_safeguarding(
        &mut self,
        visit_id: i64,
        note: &str,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let note = single_line("What came of it", note, SHORT_TEXT_MAX)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE safeguarding SET closed_at = ?2, closed_by = ?3, closed_note = ?4
                 WHERE visit_id = ?1 AND closed_at IS NULL",
                params![visit_id, to_stored(now), staff_id, note],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(
                    "This visit has no open safeguarding concern.".into(),
                ));
            }
            visit_changed(tx, now, staff_id, visit_id)
        })
    }

    /// When and by whom a visit's safeguarding concern was closed, and the line; None while
    /// open (or when there is none).
    pub fn safeguarding_closed(
        &self,
        visit_id: i64,
    ) -> Result<Option<SafeguardingClosed>, StoreError> {
        use rusqlite::OptionalExtension;
        let row = self
            .conn
            .prepare_cached(
                "SELECT closed_at, closed_by, closed_note FROM safeguarding
                 WHERE visit_id = ?1 AND closed_at IS NOT NULL",
            )?
            .query_row([visit_id], |r| {
                Ok(SafeguardingClosed {
                    at: time(r, 0)?,
                    by: r.get(1)?,
                    note: r.get(2)?,
                })
            })
            .optional()?;
        Ok(row)
    }
}
