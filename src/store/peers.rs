//! Peer support workers: the roster, supervision, availability, the "on tonight" board,
//! assignments with their sessions, and matching help. The rules live in `domain::peers`; this
//! module gathers their facts, inside the same transaction as any write they allow.

mod assignments;
mod availability;
mod handing;
mod workers;

#[cfg(test)]
mod query_tests;

pub use workers::{RosterCursor, WorkerPage};

use super::settings::TIME_ZONE;
use super::{Store, StoreError};
use crate::domain::peers::{
    AvailabilityException, DEFAULT_CASELOAD_CAP, DEFAULT_DBS_RENEWAL_YEARS,
    DEFAULT_DBS_WARNING_DAYS, DEFAULT_EPISODE_GAP_WEEKS, DEFAULT_SESSION_LIMIT,
    DEFAULT_SUPERVISION_MONTHS, Employment, ExceptionKind, PeerSettings, PeerWorker, Slot, Window,
    WorkerProfile, parse_list,
};
pub use crate::domain::peers::{ExceptionEntry, OnTonight, RosterEntry, WithNow};
use crate::domain::shift::Shift;
use crate::domain::time::{date_from_stored, date_to_stored};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;

/// Active visitors per worker, unless the worker has their own cap (default 5).
pub const CASELOAD_CAP: &str = "caseload_cap";
/// Sessions per assignment (default 12).
pub const SESSION_LIMIT: &str = "session_limit";
/// How old a DBS check may get before it is flagged (default 3 years).
pub const DBS_RENEWAL_YEARS: &str = "dbs_renewal_years";
/// Weeks without a session that end a visitor's episode of support (default 12).
pub const EPISODE_GAP_WEEKS: &str = "episode_gap_weeks";
/// Months between supervisions before one is flagged as due (default 1).
pub const SUPERVISION_MONTHS: &str = "supervision_months";
/// Days ahead a DBS renewal is flagged (default 30).
pub const DBS_WARNING_DAYS: &str = "dbs_warning_days";

impl Store {
    /// Caseload cap, session limit and DBS renewal period, with defaults for anything unset or
    /// unreadable.
    pub fn peer_settings(&self) -> Result<PeerSettings, StoreError> {
        peer_settings(&self.conn)
    }
}

fn setting(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// A stored number, trimmed; anything unset, unreadable or below `min` is `default`.
fn number(value: Option<&str>, min: u32, default: u32) -> u32 {
    value
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| *n >= min)
        .unwrap_or(default)
}

/// The peer settings, read key by key: a worker's page reads them on every opening, and one
/// query with `key IN (...)` took about 50 µs where each key alone takes 1–2 µs (SQLite
/// builds a table of the list every time it runs).
pub(crate) fn peer_settings(conn: &Connection) -> Result<PeerSettings, StoreError> {
    let n = |key: &str, min, default| -> Result<u32, StoreError> {
        Ok(number(setting(conn, key)?.as_deref(), min, default))
    };
    Ok(PeerSettings {
        caseload_cap: n(CASELOAD_CAP, 0, DEFAULT_CASELOAD_CAP)?,
        session_limit: n(SESSION_LIMIT, 1, DEFAULT_SESSION_LIMIT)?,
        dbs_renewal_years: n(DBS_RENEWAL_YEARS, 1, DEFAULT_DBS_RENEWAL_YEARS)?,
        episode_gap_weeks: n(EPISODE_GAP_WEEKS, 1, DEFAULT_EPISODE_GAP_WEEKS)?,
        supervision_months: n(SUPERVISION_MONTHS, 1, DEFAULT_SUPERVISION_MONTHS)?,
        dbs_warning_days: n(DBS_WARNING_DAYS, 0, DEFAULT_DBS_WARNING_DAYS)?,
    })
}

/// The service's time zone (the same setting shifts use).
fn service_tz(conn: &Connection) -> Result<Tz, StoreError> {
    Ok(setting(conn, TIME_ZONE)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(chrono_tz::Europe::London))
}

/// The service's calendar date at `now`, for "not in the future" checks.
fn today(conn: &Connection, now: DateTime<Utc>) -> Result<NaiveDate, StoreError> {
    Ok(now.with_timezone(&service_tz(conn)?).date_naive())
}

fn time_to_stored(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn time_from_stored(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

fn bad_column(i: usize) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(i, "peers".into(), rusqlite::types::Type::Text)
}

fn date_col(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    date_from_stored(&r.get::<_, String>(i)?).ok_or_else(|| bad_column(i))
}

fn opt_date_col(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match r.get::<_, Option<String>>(i)? {
        Some(s) => date_from_stored(&s).map(Some).ok_or_else(|| bad_column(i)),
        None => Ok(None),
    }
}

fn time_col(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveTime> {
    time_from_stored(&r.get::<_, String>(i)?).ok_or_else(|| bad_column(i))
}

const WORKER_COLUMNS: &str = "w.id, w.name, w.employment, w.lived_experience, w.languages, \
     w.dbs_checked_on, w.training, w.caseload_cap, w.active";
const WORKER_COLUMN_COUNT: usize = 9;

fn worker_row(r: &Row<'_>) -> rusqlite::Result<PeerWorker> {
    Ok(PeerWorker {
        id: r.get(0)?,
        profile: WorkerProfile {
            name: r.get(1)?,
            employment: Employment::from_code(&r.get::<_, String>(2)?)
                .ok_or_else(|| bad_column(2))?,
            lived_experience: parse_list(&r.get::<_, String>(3)?),
            languages: parse_list(&r.get::<_, String>(4)?),
            dbs_checked_on: opt_date_col(r, 5)?,
            training: r.get(6)?,
            caseload_cap: r.get(7)?,
        },
        active: r.get(8)?,
    })
}

fn load_worker(conn: &Connection, id: i64) -> Result<PeerWorker, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {WORKER_COLUMNS} FROM peer_workers w WHERE w.id = ?1"
        ))?
        .query_row([id], worker_row)?)
}

fn active_caseload(conn: &Connection, worker_id: i64) -> Result<u32, StoreError> {
    Ok(conn
        // By the partial index (see `roster`).
        .prepare_cached(
            "SELECT count(*) FROM assignments INDEXED BY assignments_active
             WHERE worker_id = ?1 AND ended_on IS NULL",
        )?
        .query_row([worker_id], |r| r.get(0))?)
}

fn slot_row(r: &Row<'_>, at: usize) -> rusqlite::Result<Slot> {
    Ok(Slot {
        weekday: r.get(at)?,
        starts: time_col(r, at + 1)?,
        ends: time_col(r, at + 2)?,
    })
}

fn exception_row(r: &Row<'_>, at: usize) -> rusqlite::Result<AvailabilityException> {
    let kind = ExceptionKind::from_code(&r.get::<_, String>(at)?).ok_or_else(|| bad_column(at))?;
    let times = match (
        r.get::<_, Option<String>>(at + 3)?,
        r.get::<_, Option<String>>(at + 4)?,
    ) {
        (Some(a), Some(b)) => Some((
            time_from_stored(&a).ok_or_else(|| bad_column(at + 3))?,
            time_from_stored(&b).ok_or_else(|| bad_column(at + 4))?,
        )),
        _ => None,
    };
    Ok(AvailabilityException {
        kind,
        from: date_col(r, at + 1)?,
        to: date_col(r, at + 2)?,
        times,
    })
}

/// Everything needed to say who is on in one shift and how loaded they are, read in a few
/// queries for all active workers at once (or for one worker).
#[derive(Debug, Default)]
struct ShiftBook {
    slots: HashMap<i64, Vec<Slot>>,
    exceptions: HashMap<i64, Vec<AvailabilityException>>,
    caseloads: HashMap<i64, u32>,
}

impl ShiftBook {
    /// `worker`: one worker, or None for every active worker.
    fn load(
        conn: &Connection,
        shift: &Shift,
        worker: Option<i64>,
    ) -> Result<ShiftBook, StoreError> {
        let mut book = ShiftBook::default();
        let mut stmt = conn.prepare_cached(
            "SELECT s.worker_id, s.weekday, s.starts, s.ends FROM availability_slots s
             JOIN peer_workers w ON w.id = s.worker_id
             WHERE w.active = 1 AND (?1 IS NULL OR s.worker_id = ?1)",
        )?;
        let rows = stmt.query_map([worker], |r| Ok((r.get::<_, i64>(0)?, slot_row(r, 1)?)))?;
        for row in rows {
            let (id, slot) = row?;
            book.slots.entry(id).or_default().push(slot);
        }
        // Exceptions on the days either side can reach into the shift (timed ones past midnight).
        let day = shift.service_date;
        let mut stmt = conn.prepare_cached(
            "SELECT worker_id, kind, from_date, to_date, starts, ends FROM availability_exceptions
             WHERE to_date >= ?1 AND from_date <= ?2 AND (?3 IS NULL OR worker_id = ?3)",
        )?;
        let rows = stmt.query_map(
            params![
                date_to_stored(day - Duration::days(1)),
                date_to_stored(day + Duration::days(1)),
                worker
            ],
            |r| Ok((r.get::<_, i64>(0)?, exception_row(r, 1)?)),
        )?;
        for row in rows {
            let (id, e) = row?;
            book.exceptions.entry(id).or_default().push(e);
        }
        // The partial index of assignments not ended is in worker order: no sort for the
        // grouping (left to itself SQLite groups `assignments_by_end` in a temporary b-tree).
        let mut stmt = conn.prepare_cached(
            "SELECT worker_id, count(*) FROM assignments INDEXED BY assignments_active
             WHERE ended_on IS NULL AND (?1 IS NULL OR worker_id = ?1) GROUP BY worker_id",
        )?;
        let rows = stmt.query_map([worker], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?)))?;
        for row in rows {
            let (id, n) = row?;
            book.caseloads.insert(id, n);
        }
        Ok(book)
    }

    fn windows(&self, worker_id: i64, shift: &Shift, tz: Tz) -> Vec<Window> {
        let none_slots: &[Slot] = &[];
        let none_exceptions: &[AvailabilityException] = &[];
        crate::domain::peers::available_windows(
            self.slots.get(&worker_id).map_or(none_slots, Vec::as_slice),
            self.exceptions
                .get(&worker_id)
                .map_or(none_exceptions, Vec::as_slice),
            shift,
            tz,
        )
    }

    /// Where the worker stands at `now` in the shift.
    fn on_now(
        &self,
        worker_id: i64,
        shift: &Shift,
        tz: Tz,
        now: DateTime<Utc>,
    ) -> crate::domain::peers::OnNow {
        let none_slots: &[Slot] = &[];
        let none_exceptions: &[AvailabilityException] = &[];
        crate::domain::peers::on_now(
            self.slots.get(&worker_id).map_or(none_slots, Vec::as_slice),
            self.exceptions
                .get(&worker_id)
                .map_or(none_exceptions, Vec::as_slice),
            shift,
            tz,
            now,
        )
    }

    fn caseload(&self, worker_id: i64) -> u32 {
        self.caseloads.get(&worker_id).copied().unwrap_or(0)
    }
}

/// Every session date the visitor has had, with any worker (for the episode's session count
/// and weekly pacing).
fn visitor_session_dates(conn: &Connection, person_id: i64) -> Result<Vec<NaiveDate>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.held_on FROM peer_sessions s JOIN assignments a ON a.id = s.assignment_id
         WHERE a.person_id = ?1",
    )?;
    let rows = stmt.query_map([person_id], |r| date_col(r, 0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn active_workers(conn: &Connection) -> Result<Vec<PeerWorker>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {WORKER_COLUMNS} FROM peer_workers w WHERE w.active = 1 ORDER BY w.name, w.id"
    ))?;
    let rows = stmt.query_map([], worker_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replaces a worker's weekly pattern inside the caller's transaction (checked by the caller).
pub(super) fn replace_slots(
    tx: &Connection,
    worker_id: i64,
    slots: &[Slot],
) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM availability_slots WHERE worker_id = ?1")?
        .execute([worker_id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO availability_slots (worker_id, weekday, starts, ends) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for s in slots {
        insert.execute(params![
            worker_id,
            s.weekday,
            time_to_stored(s.starts),
            time_to_stored(s.ends)
        ])?;
    }
    Ok(())
}
