//! Reports: the rows a period's figures are built from. One indexed range scan reads the
//! period's visits and another the first arrivals that fall in it (`first_arrivals`); peer
//! load is counted in SQL per worker. The figures themselves are computed by
//! `domain::report`, so they can be checked by hand.

use super::{Store, StoreError};
use crate::domain::report::Report;
use crate::domain::report::SafeguardingRow;
use crate::domain::report::{
    Category, IdMap, PeerRow, Period, ReportInput, VisitFigures, VisitRow, service_date_of,
};
use crate::domain::shift::ServiceHours;
use crate::domain::time::StoredTimes;
use crate::domain::time::{date_to_stored, to_stored};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::params;
use std::sync::Arc;
use visit_rows::{Codes, fast_time, visit_row};

mod visit_rows;

/// The settings row holding the secret of report record keys.
pub const REPORT_KEY_SECRET: &str = "report_key_secret";

/// Makes the report key secret if the database has none (another connection's stands).
pub(crate) fn make_key_secret(
    conn: &rusqlite::Connection,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut bytes = [0u8; 32];
    rand::Rng::fill(&mut rand::rng(), &mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    conn.execute(
        "INSERT OR IGNORE INTO settings (key, value, updated_at, updated_by)
         VALUES (?1, ?2, ?3, NULL)",
        params![REPORT_KEY_SECRET, hex, to_stored(now)],
    )?;
    Ok(())
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if s.len() < 32 || !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

impl Store {
    /// The figures for visits that arrived in [from, to). Days (the per-day series) and the
    /// dates of peer sessions are read as service dates in `tz` with the service's hours, so a
    /// visit after midnight counts on the evening its shift began. The Reports pane and the CLI
    /// build `from` and `to` with `Period` (`Period::month(...)`, `Period::range(...)`, whose
    /// instants are shift openings) and may call `report_for` with it directly.
    pub fn report(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        tz: Tz,
    ) -> Result<Report, StoreError> {
        let hours = ServiceHours {
            tz,
            ..self.service_hours()?
        };
        self.report_with(Period::between(&hours, from, to), &hours)
    }

    /// The figures for a period made with the `Period` helpers from `service_hours()`.
    pub fn report_for(&self, period: &Period) -> Result<Report, StoreError> {
        let hours = self.service_hours()?;
        self.report_with(period.clone(), &hours)
    }

    fn report_with(&self, period: Period, hours: &ServiceHours) -> Result<Report, StoreError> {
        // Made (if it must be) before the read below: making it writes.
        let key_secret = self.report_key_secret()?.unwrap_or_default();
        // Every query in one read transaction: the figures come from one snapshot, and SQLite
        // takes its read lock once instead of once a statement. (Inside a caller's transaction
        // that one is the snapshot.)
        let snapshot = if self.conn.is_autocommit() {
            Some(self.conn.unchecked_transaction()?)
        } else {
            None
        };
        let visits = self.report_visits(&period, hours)?;
        let ids = PeriodVisits::of(&visits);
        // The figures of the visits alone are worked out (on a second thread for a large
        // period) while the rest of the rows are read.
        let (visits, figures, rest) = VisitFigures::alongside(&period, visits, &key_secret, || {
            self.report_rest(&period, &ids)
        });
        let rest = rest?;
        if let Some(read) = snapshot {
            // Nothing was written: ending it releases the read lock.
            read.commit()?;
        }
        let input = ReportInput {
            key_secret,
            peers: rest.peers,
            referral_codes: rest.referral_codes,
            triage_codes: rest.triage_codes,
            triage_targets: rest.triage_targets,
            safeguarding: rest.safeguarding,
            incident_kinds: rest.incident_kinds,
            directory: rest.directory,
            signposts: rest.signposts,
            visits,
        };
        Ok(Report::build_shared(period, Arc::new(input), figures))
    }

    /// A report's rows other than its visits.
    fn report_rest(&self, period: &Period, ids: &PeriodVisits) -> Result<RestRows, StoreError> {
        Ok(RestRows {
            peers: self.report_peers(period)?,
            referral_codes: self.report_referral_codes()?,
            triage_codes: self.report_triage_codes()?,
            triage_targets: self.report_triage_targets()?,
            safeguarding: self.report_safeguarding(ids)?,
            incident_kinds: self.report_incidents(ids)?,
            directory: self
                .conn
                .prepare_cached("SELECT name FROM directory_entries ORDER BY active DESC, id")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?,
            signposts: self.report_signposts(ids)?,
        })
    }

    fn report_visits(
        &self,
        period: &Period,
        hours: &ServiceHours,
    ) -> Result<Vec<VisitRow>, StoreError> {
        // Where each service date of the period begins, to place arrivals without a time-zone
        // conversion per row.
        let day_starts: Vec<(DateTime<Utc>, NaiveDate)> = period
            .dates()
            .map(|d| (hours.board_window(d).0, d))
            .collect();
        let service_date =
            |t: DateTime<Utc>| match day_starts.partition_point(|(start, _)| *start <= t) {
                0 => service_date_of(hours, t),
                i => day_starts
                    .get(i - 1)
                    .map_or_else(|| service_date_of(hours, t), |(_, date)| *date),
            };
        let mut stmt = self.conn.prepare_cached(
            // The ten 0-10 scores (distress, ONS4 on arrival and on leaving) come packed in one
            // integer, four bits each, 15 for none (`unpack_scores`): a column read costs more
            // than the sum SQLite works out, and the table's checks keep each within 0-10.
            "SELECT v.id, v.person_id, v.arrived_at, v.contact_mode, v.referral_code, v.triage_code,
                    v.suitability, v.outcome_code, v.seen_at,
                    ifnull(v.distress_arrival, 15) + 16 * ifnull(v.distress_leaving, 15)
                    + 256 * ifnull(v.ons4_life_satisfaction, 15) + 4096 * ifnull(v.ons4_worthwhile, 15)
                    + 65536 * ifnull(v.ons4_happy, 15) + 1048576 * ifnull(v.ons4_anxious, 15)
                    + 16777216 * ifnull(v.ons4_leaving_life_satisfaction, 15)
                    + 268435456 * ifnull(v.ons4_leaving_worthwhile, 15)
                    + 4294967296 * ifnull(v.ons4_leaving_happy, 15)
                    + 68719476736 * ifnull(v.ons4_leaving_anxious, 15),
                    v.swemwbs_items, v.left_at, v.swemwbs_completion
             FROM visits v
             WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2
             ORDER BY v.arrived_at, v.id",
        )?;
        let (from, to) = (to_stored(period.starts_at), to_stored(period.ends_at));
        // Counted first from the arrival index alone (a fraction of the read below): the rows
        // are large, and a vector grown as they come copies them again at each doubling (and
        // wipes each outgrown block, `crate::wipe`).
        let count: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM visits WHERE arrived_at >= ?1 AND arrived_at < ?2",
            )?
            .query_row(params![from, to], |r| r.get(0))?;
        let mut rows: Vec<VisitRow> = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        let (mut codes, mut last) = (Codes::default(), StoredTimes::default());
        for row in stmt.query_map(params![from, to], |r| {
            visit_row(r, hours, &service_date, &mut codes, &mut last)
        })? {
            rows.push(row?);
        }
        self.fill_first_arrivals(period, &mut rows)?;
        Ok(rows)
    }

    /// Each row's person's first ever arrival when it falls within the period (a new visitor):
    /// one range scan of the period's first arrivals (`first_arrivals`, kept by triggers on
    /// visits: 0020_first_arrivals.sql). A person with a visit in the period whose first
    /// arrival is not in it came before it.
    fn fill_first_arrivals(
        &self,
        period: &Period,
        rows: &mut [VisitRow],
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT person_id, arrived_at FROM first_arrivals
             WHERE arrived_at >= ?1 AND arrived_at < ?2",
        )?;
        let mut last = StoredTimes::default();
        let first: IdMap<DateTime<Utc>> = stmt
            .query_map(
                params![to_stored(period.starts_at), to_stored(period.ends_at)],
                |r| Ok((r.get(0)?, fast_time(r, 1, &mut last)?)),
            )?
            .collect::<Result<_, _>>()?;
        for row in rows.iter_mut() {
            row.person_first_arrival = first.get(&row.person_id).copied();
        }
        Ok(())
    }

    /// Per worker: assignments active at any time in the period's service dates, and sessions
    /// held on them, with their ids (for record keys). Both walk indexes by date
    /// (0008_report_indexes.sql).
    fn report_peers(&self, period: &Period) -> Result<Vec<PeerRow>, StoreError> {
        let first = date_to_stored(period.first);
        let last = date_to_stored(period.last);
        let mut load: IdMap<PeerRow> = IdMap::default();
        let mut names = self
            .conn
            .prepare_cached("SELECT id, name FROM peer_workers")?;
        let names: IdMap<String> = names
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        fn entry<'a>(
            load: &'a mut IdMap<PeerRow>,
            names: &IdMap<String>,
            worker: i64,
        ) -> &'a mut PeerRow {
            load.entry(worker).or_insert_with(|| PeerRow {
                worker_id: worker,
                worker_name: names
                    .get(&worker)
                    .cloned()
                    .unwrap_or_else(|| format!("Worker #{worker}")),
                active_assignments: 0,
                sessions: 0,
                minutes: 0,
                assignment_ids: Vec::new(),
                session_ids: Vec::new(),
            })
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT worker_id, id FROM assignments
              WHERE ended_on >= ?1 AND started_on <= ?2
             UNION ALL
             SELECT worker_id, id FROM assignments
              WHERE ended_on IS NULL AND started_on <= ?2",
        )?;
        let active = stmt.query_map(params![first, last], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        // Each active assignment's worker, for its sessions below.
        let mut worker_of: IdMap<i64> = IdMap::default();
        for row in active {
            let (worker, id) = row?;
            worker_of.insert(id, worker);
            let e = entry(&mut load, &names, worker);
            e.active_assignments += 1;
            e.assignment_ids.push(id);
        }
        // From the date index alone (it holds the assignment, the minutes and the id); a
        // session whose assignment was not active in the period (a later correction of its
        // dates) has its worker looked up. The assignment and the minutes come packed in one
        // integer (the table keeps minutes within 1-240): a month has tens of thousands of
        // sessions, and each column read costs more than the arithmetic.
        let mut stmt = self.conn.prepare_cached(
            "SELECT assignment_id * 256 + minutes, id FROM peer_sessions
             WHERE held_on >= ?1 AND held_on <= ?2",
        )?;
        let sessions = stmt.query_map(params![first, last], |r| {
            let packed: i64 = r.get(0)?;
            Ok((packed >> 8, r.get::<_, i64>(1)?, (packed & 255) as u32))
        })?;
        let mut worker_stmt = self
            .conn
            .prepare_cached("SELECT worker_id FROM assignments WHERE id = ?1")?;
        for row in sessions {
            let (assignment, id, minutes) = row?;
            let worker = match worker_of.get(&assignment) {
                Some(w) => *w,
                None => {
                    let w: i64 = worker_stmt.query_row([assignment], |r| r.get(0))?;
                    worker_of.insert(assignment, w);
                    w
                }
            };
            let e = entry(&mut load, &names, worker);
            e.sessions += 1;
            e.minutes += minutes;
            e.session_ids.push(id);
        }
        Ok(load.into_values().collect())
    }

    /// The secret record keys are made from (`domain::report::disclosure`): 32 random bytes,
    /// made when the database is created (or, for an older one, the first time a report is
    /// built) and kept in the encrypted database, never changed (a new secret would give
    /// fresh noise to average). None only when the database is open read-only and has none
    /// yet: then the figures are built but no CSV may be made from them. Not audited: it is
    /// not a setting anyone changes.
    fn report_key_secret(&self) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(bytes) = self.setting(REPORT_KEY_SECRET)?.and_then(|h| from_hex(&h)) {
            return Ok(Some(bytes));
        }
        if self.read_only {
            return Ok(None);
        }
        make_key_secret(&self.conn, Utc::now())?;
        Ok(self.setting(REPORT_KEY_SECRET)?.and_then(|h| from_hex(&h)))
    }

    /// Incidents logged from the period's visits: id and kind, by id.
    fn report_incidents(&self, visits: &PeriodVisits) -> Result<Vec<(i64, String)>, StoreError> {
        let Some((low, high)) = visits.span() else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT visit_id, id, kind FROM incidents WHERE visit_id BETWEEN ?1 AND ?2",
        )?;
        let mut rows = Vec::new();
        for row in stmt.query_map(params![low, high], |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?))
        })? {
            let (visit, id, kind) = row?;
            if visits.holds(visit) {
                rows.push((id, kind));
            }
        }
        rows.sort_unstable_by_key(|(id, _)| *id);
        Ok(rows)
    }

    /// Signpostings of the period's visits: visit id, entry id, entry name.
    fn report_signposts(
        &self,
        visits: &PeriodVisits,
    ) -> Result<Vec<(i64, i64, String)>, StoreError> {
        let Some((low, high)) = visits.span() else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.visit_id, d.id, d.name FROM visit_signposts s
               JOIN directory_entries d ON d.id = s.directory_entry_id
             WHERE s.visit_id BETWEEN ?1 AND ?2",
        )?;
        let mut rows = Vec::new();
        for row in stmt.query_map(params![low, high], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })? {
            let row: (i64, i64, String) = row?;
            if visits.holds(row.0) {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    /// Every referral source's reporting code, in list order (inactive ones too: past visits
    /// may carry them).
    fn report_referral_codes(&self) -> Result<Vec<Category>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT reporting_code, label FROM referral_sources ORDER BY active DESC, sort_order, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Category {
                code: r.get(0)?,
                label: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn report_triage_targets(&self) -> Result<Vec<(String, Option<i64>)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, target_minutes FROM triage_codes ORDER BY sort_order, code",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Safeguarding on the period's visits (one row per visit that has one).
    fn report_safeguarding(
        &self,
        visits: &PeriodVisits,
    ) -> Result<Vec<SafeguardingRow>, StoreError> {
        let Some((low, high)) = visits.span() else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT visit_id, categories, other_detail, referral_made
             FROM safeguarding WHERE visit_id BETWEEN ?1 AND ?2",
        )?;
        let mut rows = Vec::new();
        for row in stmt.query_map(params![low, high], |r| {
            Ok(SafeguardingRow {
                visit_id: r.get(0)?,
                categories: r
                    .get_ref(1)?
                    .as_str()?
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(String::from)
                    .collect(),
                other: !r.get_ref(2)?.as_str()?.trim().is_empty(),
                referral_made: r.get(3)?,
            })
        })? {
            let row = row?;
            if visits.holds(row.visit_id) {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    fn report_triage_codes(&self) -> Result<Vec<Category>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code, label FROM triage_codes ORDER BY sort_order, code")?;
        let rows = stmt.query_map([], |r| {
            Ok(Category {
                code: r.get(0)?,
                label: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A report's rows other than its visits (`ReportInput`'s other fields).
struct RestRows {
    peers: Vec<PeerRow>,
    referral_codes: Vec<Category>,
    triage_codes: Vec<Category>,
    triage_targets: Vec<(String, Option<i64>)>,
    safeguarding: Vec<SafeguardingRow>,
    incident_kinds: Vec<(i64, String)>,
    directory: Vec<String>,
    signposts: Vec<(i64, i64, String)>,
}

/// The ids of the period's visits, sorted: the rows hung on visits (safeguarding, incidents,
/// signpostings) are read by one range scan of their visit ids, from the lowest to the highest
/// of the period's, and kept when their visit is one of them. (Joined to `visits` by arrival
/// instead, each visit of the period cost a seek into each of those tables.) Ids need not
/// follow arrival order: a visit outside the period whose id falls in the span is dropped.
struct PeriodVisits(Vec<i64>);

impl PeriodVisits {
    fn of(rows: &[VisitRow]) -> PeriodVisits {
        let mut ids: Vec<i64> = rows.iter().map(|r| r.visit_id).collect();
        ids.sort_unstable();
        PeriodVisits(ids)
    }

    /// The lowest and highest id, None without visits.
    fn span(&self) -> Option<(i64, i64)> {
        Some((*self.0.first()?, *self.0.last()?))
    }

    fn holds(&self, id: i64) -> bool {
        self.0.binary_search(&id).is_ok()
    }
}
