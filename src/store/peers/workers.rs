//! The roster: adding, editing and deactivating workers (never deleting: assignments and the
//! audit log refer to them), and their supervision log.

use super::{
    RosterEntry, WORKER_COLUMN_COUNT, WORKER_COLUMNS, active_caseload, date_col, load_worker,
    peer_settings, replace_slots, today, worker_row,
};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::peers::{
    Assignment, DbsStatus, ExceptionEntry, PeerWorker, Slot, Supervision, SupervisionEntry,
    SupervisionKind, SupervisionStatus, WorkerProfile, check_slots, dbs_status, list_to_stored,
    same_name, supervision_status,
};
use crate::domain::time::{date_from_stored, date_to_stored, to_stored};
use crate::store::{Store, StoreError, audit};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// A worker's page: the roster row, weekly slots, exceptions not over yet, the most recent
/// supervisions with how many are logged in all, and the first page of assignments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerPage {
    pub entry: RosterEntry,
    pub slots: Vec<Slot>,
    pub exceptions: Vec<ExceptionEntry>,
    /// The most recent supervisions, as many as asked for.
    pub supervision: Vec<SupervisionEntry>,
    /// Every supervision logged for the worker, however few are in `supervision`.
    pub supervision_count: usize,
    /// The first page of assignments, newest first.
    pub assignments: Vec<Assignment>,
    /// Every assignment of the worker's, however few are in `assignments`.
    pub assignment_count: usize,
}

/// Where the next roster page starts: the last row of the previous page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterCursor {
    active: bool,
    name: String,
    id: i64,
}

/// The date of a worker's last one-to-one supervision, as a column of a query on
/// `peer_workers w` (the supervision index makes it a lookup).
const LAST_ONE_TO_ONE: &str = "(SELECT max(s.held_on) FROM supervision_log s
     WHERE s.worker_id = w.id AND s.kind = 'one_to_one')";

/// One page of the roster. The caseload by the partial index of assignments not ended: left
/// to itself SQLite walks every open assignment for each worker (`assignments_by_end`), 18×
/// slower on the large demo. The limit is written in, not bound (see `store::rows`).
pub(super) fn roster_sql(limit: usize) -> String {
    format!(
        "SELECT {WORKER_COLUMNS},
                (SELECT count(*) FROM assignments a INDEXED BY assignments_active
                 WHERE a.worker_id = w.id AND a.ended_on IS NULL),
                {LAST_ONE_TO_ONE}
         FROM peer_workers w
         WHERE w.active < ?1 OR (w.active = ?1 AND (w.name, w.id) > (?2, ?3))
         ORDER BY w.active DESC, w.name, w.id LIMIT {limit}"
    )
}

/// One worker as a roster row: the same columns as `roster_sql`, by id.
fn roster_entry_sql() -> String {
    format!(
        "SELECT {WORKER_COLUMNS},
                (SELECT count(*) FROM assignments a INDEXED BY assignments_active
                 WHERE a.worker_id = w.id AND a.ended_on IS NULL),
                {LAST_ONE_TO_ONE}
         FROM peer_workers w WHERE w.id = ?1"
    )
}

/// A row of `roster_sql` or `roster_entry_sql` as the roster shows it on `today`.
fn roster_row(
    r: &rusqlite::Row<'_>,
    today: NaiveDate,
    settings: &crate::domain::peers::PeerSettings,
) -> rusqlite::Result<RosterEntry> {
    let worker = worker_row(r)?;
    let active_caseload = r.get::<_, u32>(WORKER_COLUMN_COUNT)?;
    let last = r.get::<_, Option<String>>(WORKER_COLUMN_COUNT + 1)?;
    Ok(RosterEntry {
        supervision: supervision_status(
            last.as_deref().and_then(date_from_stored),
            today,
            settings.supervision_months,
        ),
        cap: worker.cap(settings),
        dbs: dbs_status(
            worker.profile.dbs_checked_on,
            today,
            settings.dbs_renewal_years,
            settings.dbs_warning_days,
        ),
        worker,
        active_caseload,
    })
}

/// A worker's DBS and supervision standing on `today`, as the roster and the on-tonight board
/// both show it.
pub(super) fn checks(
    conn: &rusqlite::Connection,
    worker: &PeerWorker,
    today: NaiveDate,
    settings: &crate::domain::peers::PeerSettings,
) -> Result<(DbsStatus, SupervisionStatus), StoreError> {
    let last: Option<String> = conn
        .prepare_cached(&format!(
            "SELECT {LAST_ONE_TO_ONE} FROM peer_workers w WHERE w.id = ?1"
        ))?
        .query_row([worker.id], |r| r.get(0))?;
    Ok((
        dbs_status(
            worker.profile.dbs_checked_on,
            today,
            settings.dbs_renewal_years,
            settings.dbs_warning_days,
        ),
        supervision_status(
            last.as_deref().and_then(date_from_stored),
            today,
            settings.supervision_months,
        ),
    ))
}

impl RosterEntry {
    pub fn cursor(&self) -> RosterCursor {
        RosterCursor {
            active: self.worker.active,
            name: self.worker.profile.name.clone(),
            id: self.worker.id,
        }
    }
}

/// Refuses a name another worker already has, ignoring case in any script (the column's
/// NOCASE only folds ASCII) and spacing. Inactive workers count: they may come back.
fn check_unique_name(conn: &Connection, name: &str, except: Option<i64>) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id, name, active FROM peer_workers")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
        ))
    })?;
    for row in rows {
        let (id, existing, active) = row?;
        if Some(id) != except && same_name(&existing, name) {
            let hint = if active {
                ""
            } else {
                " (inactive: reactivate them instead)"
            };
            return Err(StoreError::Invalid(format!(
                "There is already a peer worker called {existing}{hint}."
            )));
        }
    }
    Ok(())
}

fn audit_worker(
    conn: &Connection,
    now: DateTime<Utc>,
    staff_id: i64,
    action: AuditAction,
    worker_id: i64,
) -> Result<(), StoreError> {
    audit::append(
        conn,
        now,
        Some(staff_id),
        action,
        Some(RecordKind::PeerWorker),
        Some(worker_id),
    )?;
    Ok(())
}

impl Store {
    pub fn add_worker(
        &mut self,
        profile: &WorkerProfile,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| insert_worker(tx, profile, staff_id, now))
    }

    pub fn edit_worker(
        &mut self,
        id: i64,
        profile: &WorkerProfile,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| update_worker(tx, id, profile, staff_id, now))
    }

    /// Adds (`id` None) or edits a worker together with their weekly pattern, in one
    /// transaction: the profile and the slots are saved together or not at all. Returns the
    /// worker's id.
    pub fn save_worker(
        &mut self,
        id: Option<i64>,
        profile: &WorkerProfile,
        slots: &[Slot],
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        check_slots(slots).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            let id = match id {
                None => insert_worker(tx, profile, staff_id, now)?,
                Some(id) => {
                    update_worker(tx, id, profile, staff_id, now)?;
                    id
                }
            };
            replace_slots(tx, id, slots)?;
            Ok(id)
        })
    }

    /// Takes a worker off the roster's active list. Refused while they still have visitors, so
    /// nobody is left with a worker who no longer shows anywhere.
    pub fn deactivate_worker(
        &mut self,
        id: i64,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let worker = load_worker(tx, id)?;
            if !worker.active {
                return Ok(());
            }
            let active = active_caseload(tx, id)?;
            if active > 0 {
                let noun = if active == 1 { "visitor" } else { "visitors" };
                return Err(StoreError::Invalid(format!(
                    "{} still has {active} active {noun}; end or hand over those assignments first.",
                    worker.name()
                )));
            }
            set_active(tx, id, false, staff_id, now)
        })
    }

    pub fn reactivate_worker(
        &mut self,
        id: i64,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            if load_worker(tx, id)?.active {
                return Ok(());
            }
            set_active(tx, id, true, staff_id, now)
        })
    }

    pub fn worker(&self, id: i64) -> Result<PeerWorker, StoreError> {
        load_worker(&self.conn, id)
    }

    /// One worker as the roster shows them: their load against their cap and DBS status.
    pub fn roster_entry(&self, id: i64, today: NaiveDate) -> Result<RosterEntry, StoreError> {
        let settings = peer_settings(&self.conn)?;
        Ok(self
            .conn
            .prepare_cached(&roster_entry_sql())?
            .query_row([id], |r| roster_row(r, today, &settings))?)
    }

    /// Everything a worker's page shows, with the first `page` of their assignments and their
    /// `supervisions` most recent supervisions (and how many there are in all).
    pub fn worker_page(
        &self,
        id: i64,
        today: NaiveDate,
        page: usize,
        supervisions: usize,
    ) -> Result<WorkerPage, StoreError> {
        // Every query in one read transaction (as a report's): the page comes from one
        // snapshot, and SQLite takes its read lock once instead of once a statement.
        let snapshot = if self.conn.is_autocommit() {
            Some(self.conn.unchecked_transaction()?)
        } else {
            None
        };
        let (supervision, supervision_count) = self.recent_supervisions(id, supervisions)?;
        let page = WorkerPage {
            entry: self.roster_entry(id, today)?,
            slots: self.availability(id)?,
            exceptions: self.exceptions(id, Some(today))?,
            supervision,
            supervision_count,
            assignments: self
                .assignments_for_worker(id, None, page)
                .and_then(|mut rows| {
                    self.tell_namesakes_apart(&mut rows)?;
                    Ok(rows)
                })?,
            assignment_count: self.worker_assignment_count(id)?,
        };
        if let Some(read) = snapshot {
            // Nothing was written: ending it releases the read lock.
            read.commit()?;
        }
        Ok(page)
    }

    /// How many assignments a worker has had, ended or not: one row kept by triggers
    /// (migration 0022), not a count of the worker's whole history.
    pub fn worker_assignment_count(&self, worker_id: i64) -> Result<usize, StoreError> {
        let n: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT assignments FROM worker_assignment_counts WHERE worker_id = ?1",
            )?
            .query_row([worker_id], |r| r.get(0))
            .optional()?;
        Ok(n.and_then(|n| usize::try_from(n).ok()).unwrap_or(0))
    }

    /// Every peer worker on the roster and how many of them are active, however few pages
    /// of it are loaded.
    pub fn worker_counts(&self) -> Result<(usize, usize), StoreError> {
        let (all, active): (i64, i64) = self
            .conn
            .prepare_cached("SELECT count(*), coalesce(sum(active), 0) FROM peer_workers")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((
            usize::try_from(all).unwrap_or(0),
            usize::try_from(active).unwrap_or(0),
        ))
    }

    /// One page of the roster: active workers first, then by name (any case), then id. Pass the
    /// previous page's last `cursor()` as `after` (keyset paging; never OFFSET). `today`
    /// decides which DBS checks are due.
    pub fn roster(
        &self,
        after: Option<&RosterCursor>,
        limit: usize,
        today: NaiveDate,
    ) -> Result<Vec<RosterEntry>, StoreError> {
        let settings = peer_settings(&self.conn)?;
        // active is 0 or 1, so 2 starts before every row.
        let (active, name, id) =
            after.map_or((2, "", 0), |c| (i64::from(c.active), c.name.as_str(), c.id));
        let mut stmt = self.conn.prepare_cached(&roster_sql(limit))?;
        let rows = stmt.query_map(params![active, name, id], |r| {
            roster_row(r, today, &settings)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_supervision(
        &mut self,
        worker_id: i64,
        supervision: &Supervision,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| {
            load_worker(tx, worker_id)?;
            let s = supervision.checked(today(tx, now)?).map_err(StoreError::Invalid)?;
            tx.prepare_cached(
                "INSERT INTO supervision_log (worker_id, held_on, supervisor, kind, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                worker_id,
                date_to_stored(s.held_on),
                s.supervisor,
                s.kind.code(),
                to_stored(now),
                staff_id
            ])?;
            let id = tx.last_insert_rowid();
            audit_worker(tx, now, staff_id, AuditAction::Change, worker_id)?;
            Ok(id)
        })
    }

    /// A worker's supervisions, most recent first (a handful a year: not paged).
    pub fn supervision_log(&self, worker_id: i64) -> Result<Vec<SupervisionEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, worker_id, held_on, supervisor, kind FROM supervision_log
             WHERE worker_id = ?1 ORDER BY held_on DESC, id DESC",
        )?;
        let rows = stmt.query_map([worker_id], supervision_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A worker's `limit` most recent supervisions (in `supervision_log`'s order) and how many
    /// are logged in all: what a box of a few lines shows, without reading years of them.
    pub fn recent_supervisions(
        &self,
        worker_id: i64,
        limit: usize,
    ) -> Result<(Vec<SupervisionEntry>, usize), StoreError> {
        // The limit written in, not bound (see `store::rows`).
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, worker_id, held_on, supervisor, kind FROM supervision_log
             WHERE worker_id = ?1 ORDER BY held_on DESC, id DESC LIMIT {limit}"
        ))?;
        let recent: Vec<SupervisionEntry> = stmt
            .query_map([worker_id], supervision_row)?
            .collect::<Result<_, _>>()?;
        let count = if recent.len() < limit {
            recent.len()
        } else {
            // By the index on (worker_id, held_on): no row is read.
            let n: i64 = self
                .conn
                .prepare_cached("SELECT count(*) FROM supervision_log WHERE worker_id = ?1")?
                .query_row([worker_id], |r| r.get(0))?;
            usize::try_from(n).unwrap_or(0)
        };
        Ok((recent, count))
    }
}

fn supervision_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SupervisionEntry> {
    Ok(SupervisionEntry {
        id: r.get(0)?,
        worker_id: r.get(1)?,
        supervision: Supervision {
            held_on: date_col(r, 2)?,
            supervisor: r.get(3)?,
            kind: SupervisionKind::from_code(&r.get::<_, String>(4)?)
                .ok_or_else(|| super::bad_column(4))?,
        },
    })
}

fn insert_worker(
    tx: &Connection,
    profile: &WorkerProfile,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let p = profile
        .checked(today(tx, now)?)
        .map_err(StoreError::Invalid)?;
    check_unique_name(tx, &p.name, None)?;
    tx.prepare_cached(
        "INSERT INTO peer_workers (name, employment, lived_experience, languages, dbs_checked_on,
                                   training, caseload_cap, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        p.name,
        p.employment.code(),
        list_to_stored(&p.lived_experience),
        list_to_stored(&p.languages),
        p.dbs_checked_on.map(date_to_stored),
        p.training,
        p.caseload_cap,
        to_stored(now),
        staff_id
    ])?;
    let id = tx.last_insert_rowid();
    audit_worker(tx, now, staff_id, AuditAction::Create, id)?;
    Ok(id)
}

fn update_worker(
    tx: &Connection,
    id: i64,
    profile: &WorkerProfile,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    load_worker(tx, id)?;
    let p = profile
        .checked(today(tx, now)?)
        .map_err(StoreError::Invalid)?;
    check_unique_name(tx, &p.name, Some(id))?;
    tx.prepare_cached(
        "UPDATE peer_workers SET name = ?2, employment = ?3, lived_experience = ?4, languages = ?5,
                dbs_checked_on = ?6, training = ?7, caseload_cap = ?8, updated_at = ?9, updated_by = ?10
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        p.name,
        p.employment.code(),
        list_to_stored(&p.lived_experience),
        list_to_stored(&p.languages),
        p.dbs_checked_on.map(date_to_stored),
        p.training,
        p.caseload_cap,
        to_stored(now),
        staff_id
    ])?;
    audit_worker(tx, now, staff_id, AuditAction::Change, id)
}

fn set_active(
    conn: &Connection,
    id: i64,
    active: bool,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE peer_workers SET active = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
    )?
    .execute(params![id, active, to_stored(now), staff_id])?;
    audit_worker(conn, now, staff_id, AuditAction::Change, id)
}
