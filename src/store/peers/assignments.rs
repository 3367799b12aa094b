//! Assignments (a visitor with a worker), their sessions, and matching help. Every rule is
//! checked inside the transaction that writes, so the caseload counted is the one committed
//! against; an override's reason is stored on the row and the override itself audited.

use super::{
    ShiftBook, active_workers, date_col, load_worker, opt_date_col, peer_settings, service_tz,
    today, visitor_session_dates,
};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::peers::{
    Assignment, AssignmentFacts, Candidate, CandidateFacts, NewAssignment, NewSession, REASON_MAX,
    Refusal, Refused, SESSION_NOTE_MAX, Session, SessionFacts, VisitorNeeds, check_assignment,
    check_end, check_minutes, check_next_session, check_session_date, check_sessions_planned,
    decide, episode_sessions, long_date, namesakes, rank_candidates,
};
use crate::domain::shift::Shift;
use crate::domain::text::{optional_line, single_line};
use crate::domain::time::{date_to_stored, to_stored};
use crate::store::rows::invalid;
use crate::store::{Store, StoreError, audit};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashSet;

/// An assignment with its sessions counted and their minutes summed in one walk of the
/// index by assignment: the count times 2^32 plus the sum (a session is at most 240 minutes, so
/// the sum stays far below 2^32), split again by `assignment_row`. Two subqueries walked it
/// twice, a fifth of a worker's page. The visitor's last visit is not read here: only a
/// namesake's row shows it (`Store::tell_namesakes_apart`), and a seek into the visits of every
/// visitor on a worker's page was a third of the page, more when those pages were not cached.
pub(super) const ASSIGNMENT_SELECT: &str = "
    SELECT a.id, a.person_id, p.display_name, a.worker_id, w.name, a.visit_id, a.started_on,
           a.sessions_planned,
           (SELECT count(*) * 4294967296 + coalesce(sum(s.minutes), 0)
            FROM peer_sessions s WHERE s.assignment_id = a.id),
           a.ended_on, a.end_reason, a.override_reason
    FROM assignments a
    JOIN people p ON p.id = a.person_id
    JOIN peer_workers w ON w.id = a.worker_id";

fn assignment_row(r: &Row<'_>) -> rusqlite::Result<Assignment> {
    let sessions: i64 = r.get(8)?;
    let (used, minutes) = (sessions >> 32, sessions & 0xFFFF_FFFF);
    Ok(Assignment {
        id: r.get(0)?,
        person_id: r.get(1)?,
        person_name: r.get(2)?,
        worker_id: r.get(3)?,
        worker_name: r.get(4)?,
        visit_id: r.get(5)?,
        started_on: date_col(r, 6)?,
        sessions_planned: r.get(7)?,
        sessions_used: u32::try_from(used).map_err(|_| super::bad_column(8))?,
        minutes_used: u32::try_from(minutes).map_err(|_| super::bad_column(8))?,
        ended_on: opt_date_col(r, 9)?,
        end_reason: r.get(10)?,
        override_reason: r.get(11)?,
        last_visit: None,
    })
}

pub(super) fn load_assignment(conn: &Connection, id: i64) -> Result<Assignment, StoreError> {
    Ok(conn
        .prepare_cached(&format!("{ASSIGNMENT_SELECT} WHERE a.id = ?1"))?
        .query_row([id], assignment_row)?)
}

/// A refusal the lead can act on ("That was refused: ..."), or a reason that cannot be stored.
pub(super) fn refused(e: Refused) -> StoreError {
    match e {
        Refused::BadReason(_) => StoreError::Invalid(e.to_string()),
        other => StoreError::Refused(other.to_string()),
    }
}

pub(super) fn audit_assignment(
    conn: &Connection,
    now: DateTime<Utc>,
    staff_id: i64,
    action: AuditAction,
    id: i64,
) -> Result<(), StoreError> {
    audit::append(
        conn,
        now,
        Some(staff_id),
        action,
        Some(RecordKind::Assignment),
        Some(id),
    )?;
    Ok(())
}

/// The visitor exists (and was not erased), and the visit, if given, is theirs.
fn check_person_and_visit(
    conn: &Connection,
    person_id: i64,
    visit_id: Option<i64>,
) -> Result<(), StoreError> {
    let erased: Option<Option<String>> = conn
        .prepare_cached("SELECT erased_at FROM people WHERE id = ?1")?
        .query_row([person_id], |r| r.get(0))
        .optional()?;
    match erased {
        None => return Err(StoreError::NotFound),
        Some(Some(_)) => return Err(invalid("This visitor's record has been erased.")),
        Some(None) => {}
    }
    if let Some(visit_id) = visit_id {
        let owner: i64 = conn
            .prepare_cached("SELECT person_id FROM visits WHERE id = ?1")?
            .query_row([visit_id], |r| r.get(0))?;
        if owner != person_id {
            return Err(invalid("That visit is another visitor's."));
        }
    }
    Ok(())
}

/// Every reason the assignment should not go ahead, from what is stored now.
pub(super) fn assignment_refusals(
    conn: &Connection,
    a: &NewAssignment,
    shift: &Shift,
    now: DateTime<Utc>,
) -> Result<Vec<Refusal>, StoreError> {
    check_sessions_planned(a.sessions_planned).map_err(StoreError::Invalid)?;
    check_person_and_visit(conn, a.person_id, a.visit_id)?;
    let worker = load_worker(conn, a.worker_id)?;
    let settings = peer_settings(conn)?;
    let book = ShiftBook::load(conn, shift, Some(a.worker_id))?;
    let already_with_visitor: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM assignments
                            WHERE person_id = ?1 AND worker_id = ?2 AND ended_on IS NULL)",
        )?
        .query_row([a.person_id, a.worker_id], |r| r.get(0))?;
    let tz = service_tz(conn)?;
    let held = visitor_session_dates(conn, a.person_id)?;
    let facts = AssignmentFacts {
        worker: &worker,
        active_caseload: book.caseload(worker.id),
        on: book.on_now(worker.id, shift, tz, now),
        tz,
        shift_over: now >= shift.ends_at,
        already_with_visitor,
        episode_sessions: episode_sessions(&held, a.started_on, settings.episode_gap_weeks),
    };
    Ok(check_assignment(&facts, a.sessions_planned, &settings))
}

fn session_refusals(
    conn: &Connection,
    s: &NewSession,
    a: &Assignment,
) -> Result<Vec<Refusal>, StoreError> {
    let held = visitor_session_dates(conn, a.person_id)?;
    let facts = SessionFacts {
        logged: a.sessions_used,
        planned: a.sessions_planned,
        visitor_sessions: &held,
        held_on: s.held_on,
    };
    Ok(check_next_session(&facts, &peer_settings(conn)?))
}

impl Store {
    /// What `assign` would refuse, for the lead to read before deciding whether to override.
    /// Invalid input (no such visitor, no sessions planned) is an error, not a refusal.
    pub fn check_assignment(
        &self,
        a: &NewAssignment,
        shift: &Shift,
        now: DateTime<Utc>,
    ) -> Result<Vec<Refusal>, StoreError> {
        assignment_refusals(&self.conn, a, shift, now)
    }

    /// What `log_session` would refuse (past the plan, past the limit over the visitor's
    /// episode of support, within a week of another session), for the lead to read first.
    pub fn check_session(&self, s: &NewSession) -> Result<Vec<Refusal>, StoreError> {
        session_refusals(
            &self.conn,
            s,
            &load_assignment(&self.conn, s.assignment_id)?,
        )
    }

    /// Pairs a visitor with a worker. Refused, with every reason, when the worker is over their
    /// cap or not on in the shift, unless `a.override_reason` gives a reason (stored on the
    /// assignment and audited); planning more sessions than the limit is refused outright.
    pub fn assign(
        &mut self,
        a: &NewAssignment,
        shift: &Shift,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| {
            let refusals = assignment_refusals(tx, a, shift, now)?;
            let override_reason = decide(refusals, a.override_reason.as_deref()).map_err(refused)?;
            tx.prepare_cached(
                "INSERT INTO assignments (person_id, worker_id, visit_id, started_on, sessions_planned,
                                          override_reason, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                a.person_id,
                a.worker_id,
                a.visit_id,
                date_to_stored(a.started_on),
                a.sessions_planned,
                override_reason.as_deref().unwrap_or(""),
                to_stored(now),
                staff_id
            ])?;
            let id = tx.last_insert_rowid();
            audit_assignment(tx, now, staff_id, AuditAction::Create, id)?;
            if override_reason.is_some() {
                audit_assignment(tx, now, staff_id, AuditAction::Override, id)?;
            }
            Ok(id)
        })
    }

    pub fn end_assignment(
        &mut self,
        id: i64,
        ended_on: NaiveDate,
        reason: &str,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let reason = single_line("Reason for ending", reason, REASON_MAX).map_err(invalid)?;
        self.write(|tx| {
            let a = load_assignment(tx, id)?;
            if let Some(ended) = a.ended_on {
                return Err(invalid(format!(
                    "This assignment already ended on {}.",
                    long_date(ended)
                )));
            }
            check_end(a.started_on, ended_on).map_err(StoreError::Invalid)?;
            if ended_on > today(tx, now)? {
                return Err(invalid("An assignment cannot be ended on a future date."));
            }
            tx.prepare_cached(
                "UPDATE assignments SET ended_on = ?2, end_reason = ?3, ended_at = ?4, ended_by = ?5
                 WHERE id = ?1",
            )?
            .execute(params![id, date_to_stored(ended_on), reason, to_stored(now), staff_id])?;
            audit_assignment(tx, now, staff_id, AuditAction::Change, id)
        })
    }

    /// Logs a session (1-240 minutes, within the assignment's dates). One past the planned
    /// number or the session limit needs `s.override_reason`, stored on the session and audited.
    pub fn log_session(
        &mut self,
        s: &NewSession,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let minutes = check_minutes(s.minutes).map_err(StoreError::Invalid)?;
        let note = optional_line("Note", &s.note, SESSION_NOTE_MAX)
            .map_err(invalid)?
            .unwrap_or_default();
        self.write(|tx| {
            let a = load_assignment(tx, s.assignment_id)?;
            check_session_date(s.held_on, a.started_on, a.ended_on, today(tx, now)?)
                .map_err(StoreError::Invalid)?;
            let refusals = session_refusals(tx, s, &a)?;
            let override_reason =
                decide(refusals, s.override_reason.as_deref()).map_err(refused)?;
            tx.prepare_cached(
                "INSERT INTO peer_sessions (assignment_id, held_on, minutes, note, override_reason,
                                            created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                a.id,
                date_to_stored(s.held_on),
                minutes,
                note,
                override_reason.as_deref().unwrap_or(""),
                to_stored(now),
                staff_id
            ])?;
            let id = tx.last_insert_rowid();
            audit_assignment(tx, now, staff_id, AuditAction::Change, a.id)?;
            if override_reason.is_some() {
                audit_assignment(tx, now, staff_id, AuditAction::Override, a.id)?;
            }
            Ok(id)
        })
    }

    pub fn assignment(&self, id: i64) -> Result<Assignment, StoreError> {
        load_assignment(&self.conn, id)
    }

    /// An assignment's sessions in the order they were held.
    pub fn sessions(&self, assignment_id: i64) -> Result<Vec<Session>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, assignment_id, held_on, minutes, note, override_reason FROM peer_sessions
             WHERE assignment_id = ?1 ORDER BY held_on, id",
        )?;
        let rows = stmt.query_map([assignment_id], |r| {
            Ok(Session {
                id: r.get(0)?,
                assignment_id: r.get(1)?,
                held_on: date_col(r, 2)?,
                minutes: r.get(3)?,
                note: r.get(4)?,
                override_reason: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Reads the last visit of each visitor among `rows` whose name another visitor among them
    /// shares (`namesakes`): what tells the two apart where both are listed. The other rows'
    /// stay unread, as nothing shows them.
    pub fn tell_namesakes_apart(&self, rows: &mut [Assignment]) -> Result<(), StoreError> {
        let wanted = namesakes(rows);
        if wanted.is_empty() {
            return Ok(());
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT max(arrived_at) FROM visits WHERE person_id = ?1")?;
        let mut last = std::collections::HashMap::with_capacity(wanted.len());
        for id in wanted {
            last.insert(
                id,
                stmt.query_row([id], |r| crate::store::rows::opt_time(r, 0))?,
            );
        }
        for a in rows.iter_mut() {
            if let Some(at) = last.get(&a.person_id) {
                a.last_visit = *at;
            }
        }
        Ok(())
    }

    /// A visitor's assignments: active ones first, then newest first (a visitor has few).
    pub fn assignments_for_person(&self, person_id: i64) -> Result<Vec<Assignment>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{ASSIGNMENT_SELECT} WHERE a.person_id = ?1
             ORDER BY a.ended_on IS NOT NULL, a.started_on DESC, a.id DESC"
        ))?;
        let rows = stmt.query_map([person_id], assignment_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One page of a worker's assignments, newest first. Pass the previous page's last
    /// `(started_on, id)` as `before` (keyset paging; never OFFSET).
    pub fn assignments_for_worker(
        &self,
        worker_id: i64,
        before: Option<(NaiveDate, i64)>,
        limit: usize,
    ) -> Result<Vec<Assignment>, StoreError> {
        let (on, id) = before.map_or(("9999-12-31".to_string(), i64::MAX), |(d, id)| {
            (date_to_stored(d), id)
        });
        // The limit written in, not bound (see `store::rows`).
        let mut stmt = self.conn.prepare_cached(&format!(
            "{ASSIGNMENT_SELECT} WHERE a.worker_id = ?1 AND (a.started_on, a.id) < (?2, ?3)
             ORDER BY a.started_on DESC, a.id DESC LIMIT {limit}"
        ))?;
        let rows = stmt.query_map(params![worker_id, on, id], assignment_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Active workers ranked for a visitor in the shift, each with the reasons shown to the
    /// lead; those off or full are kept lower down, since the lead may override.
    pub fn candidates_for(
        &self,
        person_id: i64,
        needs: &VisitorNeeds,
        shift: &Shift,
        now: DateTime<Utc>,
    ) -> Result<Vec<Candidate>, StoreError> {
        check_person_and_visit(&self.conn, person_id, None)?;
        let settings = peer_settings(&self.conn)?;
        let tz = service_tz(&self.conn)?;
        let book = ShiftBook::load(&self.conn, shift, None)?;
        let seen_before: HashSet<i64> = self
            .conn
            .prepare_cached("SELECT DISTINCT worker_id FROM assignments WHERE person_id = ?1")?
            .query_map([person_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let workers = active_workers(&self.conn)?;
        let facts: Vec<CandidateFacts<'_>> = workers
            .iter()
            .map(|w| CandidateFacts {
                worker: w,
                on: book.on_now(w.id, shift, tz, now),
                shift_over: now >= shift.ends_at,
                active_caseload: book.caseload(w.id),
                saw_before: seen_before.contains(&w.id),
            })
            .collect();
        Ok(rank_candidates(&facts, needs, &settings, tz))
    }
}
