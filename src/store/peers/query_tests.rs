//! The peer queries rewritten for speed return exactly what the queries they replaced
//! returned (kept here as the reference), on the demo's data; and a page's bound values no
//! longer make SQLite prepare the roster again.

use super::ShiftBook;
use super::availability::WITH_NOW;
use super::workers::roster_sql;
use crate::domain::time::to_stored;
use crate::store::Store;
use crate::store::rows::reprepared;
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::params;
use std::collections::HashMap;

fn demo() -> (tempfile::TempDir, Store, DateTime<Utc>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 19, 30, 0)
        .single()
        .expect("a time");
    let store = crate::demo::generate(&dir.path().join("p.db"), crate::demo::Size::Small, now)
        .expect("the demo");
    (dir, store, now)
}

type RosterRow = (i64, u32, Option<String>);

/// The roster page as it was read before (the caseload left to SQLite's choice of index, the
/// limit bound).
fn old_roster(store: &Store, after: (i64, &str, i64), limit: usize) -> Vec<RosterRow> {
    store
        .conn
        .prepare(
            "SELECT w.id,
                    (SELECT count(*) FROM assignments a WHERE a.worker_id = w.id AND a.ended_on IS NULL),
                    (SELECT max(s.held_on) FROM supervision_log s
                     WHERE s.worker_id = w.id AND s.kind = 'one_to_one')
             FROM peer_workers w
             WHERE w.active < ?1 OR (w.active = ?1 AND (w.name, w.id) > (?2, ?3))
             ORDER BY w.active DESC, w.name, w.id LIMIT ?4",
        )
        .expect("the old query")
        .query_map(
            params![after.0, after.1, after.2, limit as i64],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("runs")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn new_roster(store: &Store, after: (i64, &str, i64), limit: usize) -> Vec<RosterRow> {
    let id_and_caseload = super::WORKER_COLUMN_COUNT;
    store
        .conn
        .prepare_cached(&roster_sql(limit))
        .expect("the query")
        .query_map(params![after.0, after.1, after.2], |r| {
            Ok((
                r.get(0)?,
                r.get(id_and_caseload)?,
                r.get(id_and_caseload + 1)?,
            ))
        })
        .expect("runs")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn the_roster_reads_the_same_rows_and_is_prepared_once() {
    let (_dir, store, now) = demo();
    let today = now.date_naive();
    let first = old_roster(&store, (2, "", 0), 1000);
    assert!(first.len() > 5, "the demo has a roster");
    assert!(
        first.iter().any(|r| r.1 > 0),
        "some worker has open assignments"
    );
    for limit in [1, 5, 1000] {
        assert_eq!(
            new_roster(&store, (2, "", 0), limit),
            old_roster(&store, (2, "", 0), limit)
        );
    }
    // From the middle of the list (keyset), and the store's own page.
    let page = store.roster(None, 5, today).expect("a page");
    let last = page.last().expect("rows");
    let cursor = last.cursor();
    let after = (
        i64::from(last.worker.active),
        last.worker.profile.name.as_str(),
        last.worker.id,
    );
    assert_eq!(new_roster(&store, after, 5), old_roster(&store, after, 5));
    let next = store
        .roster(Some(&cursor), 5, today)
        .expect("the next page");
    let ids: Vec<(i64, u32)> = next
        .iter()
        .map(|e| (e.worker.id, e.active_caseload))
        .collect();
    let old: Vec<(i64, u32)> = old_roster(&store, after, 5)
        .into_iter()
        .map(|r| (r.0, r.1))
        .collect();
    assert_eq!(ids, old);
    // Two pages with different bound values: the statement was prepared once.
    assert_eq!(reprepared(&store.conn, &roster_sql(5)), 0);
}

#[test]
fn tonight_s_caseloads_and_visitors_here_now_read_the_same_rows() {
    let (_dir, store, now) = demo();
    let hours = store.service_hours().expect("hours");
    let shift = hours.current_or_last_shift(now);
    let book = ShiftBook::load(&store.conn, &shift, None).expect("the book");
    let old: HashMap<i64, u32> = store
        .conn
        .prepare(
            "SELECT worker_id, count(*) FROM assignments
             WHERE ended_on IS NULL GROUP BY worker_id",
        )
        .expect("the old query")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("runs")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(!old.is_empty(), "the demo has open assignments");
    assert_eq!(book.caseloads, old);
    let (&one, &n) = old.iter().next().expect("one worker");
    let book = ShiftBook::load(&store.conn, &shift, Some(one)).expect("one worker's book");
    assert_eq!(book.caseloads, HashMap::from([(one, n)]));

    type Here = (i64, i64, i64, Option<String>, i64);
    let rows = |sql: &str, from: DateTime<Utc>, to: DateTime<Utc>| -> Vec<Here> {
        store
            .conn
            .prepare(sql)
            .expect("the query")
            .query_map(params![to_stored(from), to_stored(to)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .expect("runs")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let old_sql = "SELECT a.worker_id, a.id, a.person_id, p.display_name, v.id
             FROM visits v
             JOIN assignments a ON a.person_id = v.person_id AND a.ended_on IS NULL
             JOIN people p ON p.id = a.person_id
             WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2
               AND v.status IN ('waiting', 'with_worker', 'seen')
             ORDER BY a.worker_id, v.arrived_at, v.id";
    // Tonight, and a wide window that holds many open visits.
    let wide = (shift.starts_at - chrono::Duration::days(400), shift.ends_at);
    for (from, to) in [(shift.starts_at, shift.ends_at), wide] {
        assert_eq!(rows(WITH_NOW, from, to), rows(old_sql, from, to));
    }
    assert!(
        !rows(old_sql, wide.0, wide.1).is_empty(),
        "the wide window has visitors with workers"
    );
}

/// The peer settings as read one key at a time, each read and checked here apart.
fn old_peer_settings(store: &Store) -> crate::domain::peers::PeerSettings {
    use super::*;
    let number = |key: &str, min: u32, default: u32| -> u32 {
        store
            .conn
            .prepare("SELECT value FROM settings WHERE key = ?1")
            .expect("the old query")
            .query_row([key], |r| r.get::<_, String>(0))
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .filter(|n| *n >= min)
            .unwrap_or(default)
    };
    crate::domain::peers::PeerSettings {
        caseload_cap: number(CASELOAD_CAP, 0, DEFAULT_CASELOAD_CAP),
        session_limit: number(SESSION_LIMIT, 1, DEFAULT_SESSION_LIMIT),
        dbs_renewal_years: number(DBS_RENEWAL_YEARS, 1, DEFAULT_DBS_RENEWAL_YEARS),
        episode_gap_weeks: number(EPISODE_GAP_WEEKS, 1, DEFAULT_EPISODE_GAP_WEEKS),
        supervision_months: number(SUPERVISION_MONTHS, 1, DEFAULT_SUPERVISION_MONTHS),
        dbs_warning_days: number(DBS_WARNING_DAYS, 0, DEFAULT_DBS_WARNING_DAYS),
    }
}

#[test]
fn the_peer_settings_read_the_same_values_whatever_is_stored() {
    use super::*;
    let (_dir, store, _now) = demo();
    let keys = [
        CASELOAD_CAP,
        SESSION_LIMIT,
        DBS_RENEWAL_YEARS,
        EPISODE_GAP_WEEKS,
        SUPERVISION_MONTHS,
        DBS_WARNING_DAYS,
    ];
    // Unset, set, spaced, below the minimum, unreadable, negative: each key in turn.
    let values = [
        None,
        Some("7"),
        Some(" 3 "),
        Some("0"),
        Some("many"),
        Some("-2"),
    ];
    for i in 0..values.len() {
        for (k, key) in keys.iter().enumerate() {
            match values[(i + k) % values.len()] {
                None => store
                    .conn
                    .execute("DELETE FROM settings WHERE key = ?1", [key])
                    .map(|_| ()),
                Some(v) => store
                    .conn
                    .execute(
                        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, '2026-11-22T19:30:00Z')
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        params![key, v],
                    )
                    .map(|_| ()),
            }
            .expect("setting written");
        }
        assert_eq!(
            super::peer_settings(&store.conn).expect("read"),
            old_peer_settings(&store)
        );
    }
}

#[test]
fn a_roster_entry_in_one_query_reads_what_the_roster_and_the_old_queries_read() {
    use super::*;
    let (_dir, store, now) = demo();
    for today in [
        now.date_naive(),
        now.date_naive() + chrono::Duration::days(400),
    ] {
        let roster = store.roster(None, 1000, today).expect("the roster");
        assert!(roster.len() > 5, "the demo has a roster");
        let settings = peer_settings(&store.conn).expect("settings");
        for row in &roster {
            let id = row.worker.id;
            let entry = store.roster_entry(id, today).expect("the entry");
            assert_eq!(&entry, row);
            // As it was read before: the worker, their checks and their caseload, one by one.
            let worker = load_worker(&store.conn, id).expect("the worker");
            let (dbs, supervision) =
                super::workers::checks(&store.conn, &worker, today, &settings).expect("checks");
            let old = RosterEntry {
                supervision,
                cap: worker.cap(&settings),
                dbs,
                active_caseload: active_caseload(&store.conn, id).expect("caseload"),
                worker,
            };
            assert_eq!(entry, old);
        }
    }
    assert!(store.roster_entry(1_000_000, now.date_naive()).is_err());
}

/// A worker's page counts each assignment's sessions and sums their minutes from the index
/// by assignment alone (migration 0021), in one walk of it, without a seek into the sessions
/// table per session.
#[test]
fn an_assignments_sessions_and_minutes_come_from_the_index_alone() {
    let (_dir, store, _now) = demo();
    let sql = format!(
        "EXPLAIN QUERY PLAN {} WHERE a.worker_id = 1",
        super::assignments::ASSIGNMENT_SELECT
    );
    let mut stmt = store.conn.prepare(&sql).expect("the plan");
    let plan: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(3))
        .expect("the plan's rows")
        .collect::<Result<_, _>>()
        .expect("the plan's rows");
    let on_sessions: Vec<&String> = plan.iter().filter(|d| d.contains(" s ")).collect();
    assert_eq!(on_sessions.len(), 1, "{plan:#?}");
    for d in on_sessions {
        assert!(
            d.contains("USING COVERING INDEX peer_sessions_by_assignment"),
            "{plan:#?}"
        );
    }
}

/// Each assignment's sessions and minutes, read in one walk, are what counting and summing
/// them apart gives, for every assignment of the demo (none, one, many sessions).
#[test]
fn an_assignments_sessions_and_minutes_in_one_walk_are_the_count_and_the_sum() {
    let (_dir, store, _now) = demo();
    let mut stmt = store
        .conn
        .prepare(
            "SELECT a.id, a.worker_id, a.person_id,
                    (SELECT count(*) FROM peer_sessions s WHERE s.assignment_id = a.id),
                    (SELECT coalesce(sum(s.minutes), 0) FROM peer_sessions s
                     WHERE s.assignment_id = a.id)
             FROM assignments a ORDER BY a.id",
        )
        .expect("the old query");
    let old: Vec<(i64, i64, i64, u32, u32)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(
        old.iter().any(|o| o.3 == 0) && old.iter().any(|o| o.3 > 1),
        "{old:?}"
    );
    let mut by_worker: std::collections::HashMap<i64, Vec<crate::domain::peers::Assignment>> =
        Default::default();
    for (id, worker, person, sessions, minutes) in old {
        let of_worker = by_worker.entry(worker).or_insert_with(|| {
            store
                .assignments_for_worker(worker, None, 10_000)
                .expect("the worker's")
        });
        let in_worker = of_worker.iter().find(|a| a.id == id).cloned();
        let by_person = store.assignments_for_person(person).expect("the person's");
        for a in [
            super::assignments::load_assignment(&store.conn, id).expect("one"),
            in_worker.expect("in the worker's"),
            by_person
                .into_iter()
                .find(|a| a.id == id)
                .expect("in the person's"),
        ] {
            assert_eq!(
                (a.sessions_used, a.minutes_used),
                (sessions, minutes),
                "{id}"
            );
        }
    }
}
