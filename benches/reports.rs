//! How long a report takes to build from the store (DESIGN.md §6: a month's ≤ 50 ms, a year's
//! ≤ 200 ms on the large dataset of 120,000 visits).
//!
//! `cargo bench --bench reports` generates the large demo (ten years, 120,000 visits) in a
//! temporary folder and, since the demo has no peer assignments yet, adds 40,000 assignments with
//! three sessions each spread over the same ten years. `STAYWELL_BENCH_QUICK=1` uses the small
//! demo for a fast smoke run.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use staywell::demo::{self, Size};
use staywell::domain::report::Period;
use staywell::store::Store;
use std::time::Instant;

/// Assignments and sessions across the demo's history, as the Peers pane would write them.
fn add_peer_history(store: &mut Store, today: NaiveDate, assignments: usize, days: i64) {
    store
        .write(|tx| {
            let people: i64 = tx.query_row("SELECT count(*) FROM people", [], |r| r.get(0))?;
            let workers: i64 =
                tx.query_row("SELECT count(*) FROM peer_workers", [], |r| r.get(0))?;
            let mut a = tx.prepare(
                "INSERT INTO assignments (person_id, worker_id, started_on, sessions_planned, ended_on,
                                          created_at, created_by)
                 VALUES (?1, ?2, ?3, 6, ?4, ?5, 1)",
            )?;
            let mut s = tx.prepare(
                "INSERT INTO peer_sessions (assignment_id, held_on, minutes, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, 1)",
            )?;
            for i in 0..assignments as i64 {
                let started = today - Duration::days(days - i * days / assignments as i64);
                let ended = started + Duration::days(21 + i % 30);
                let ended = (ended < today).then_some(ended);
                a.execute(rusqlite::params![
                    1 + (i * 7919) % people,
                    1 + i % workers,
                    started.to_string(),
                    ended.map(|d| d.to_string()),
                    format!("{started}T18:00:00Z")
                ])?;
                let id = tx.last_insert_rowid();
                for k in 0..3 {
                    let held = started + Duration::days(7 * k);
                    if held < today {
                        s.execute(rusqlite::params![
                            id,
                            held.to_string(),
                            30 + (i + k) % 60,
                            format!("{held}T20:00:00Z")
                        ])?;
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    store.checkpoint().unwrap();
}

/// Nanoseconds this thread has run on a CPU. On a shared machine the wall time includes
/// waiting for a core; this does not.
fn cpu_ns() -> Option<u64> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    u64::try_from(t.tv_sec)
        .ok()?
        .checked_mul(1_000_000_000)?
        .checked_add(u64::try_from(t.tv_nsec).ok()?)
}

/// Median and p99 milliseconds of `runs` reports of `period` after a warm-up, and the median
/// CPU time of one (NaN where the system does not say).
fn measure(store: &Store, period: &Period, runs: usize) -> (f64, f64, f64, u32) {
    let mut visits = 0;
    for _ in 0..3 {
        visits = store.report_for(period).unwrap().visits;
    }
    let (mut times, mut cpu): (Vec<f64>, Vec<f64>) = (0..runs)
        .map(|_| {
            let c = cpu_ns();
            let t = Instant::now();
            let r = store.report_for(period).unwrap();
            let wall = t.elapsed().as_secs_f64() * 1e3;
            let used = match (c, cpu_ns()) {
                (Some(a), Some(b)) => b.saturating_sub(a) as f64 / 1e6,
                _ => f64::NAN,
            };
            std::hint::black_box(r);
            (wall, used)
        })
        .unzip();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    cpu.sort_by(|a, b| a.total_cmp(b));
    let p99 = times[((times.len() * 99).div_ceil(100)).clamp(1, times.len()) - 1];
    (times[times.len() / 2], p99, cpu[cpu.len() / 2], visits)
}

fn main() {
    let quick = std::env::var_os("STAYWELL_BENCH_QUICK").is_some();
    let (size, assignments, days, runs) = if quick {
        (Size::Small, 400, 60, 20)
    } else {
        (Size::Large, 40_000, 3650, 200)
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 19, 30, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let t = Instant::now();
    // STAYWELL_BENCH_DATA=<folder> keeps the generated data between runs (as for the keystrokes
    // benchmark), named by size and schema version.
    let kept = std::env::var_os("STAYWELL_BENCH_DATA").map(|d| {
        std::fs::create_dir_all(&d).unwrap();
        std::path::PathBuf::from(d).join(format!(
            "reports-{size:?}-{}-schema{}.db",
            now.format("%Y%m%d"),
            staywell::store::migrations::latest_version()
        ))
    });
    match &kept {
        Some(kept) if kept.exists() => {
            std::fs::copy(kept, &path).unwrap();
            println!("(the data kept at {} is reused)", kept.display());
        }
        _ => {
            let mut store = demo::generate(&path, size, now).unwrap();
            let hours = store.service_hours().unwrap();
            let today = now.with_timezone(&hours.tz).date_naive();
            add_peer_history(&mut store, today, assignments, days);
            println!(
                "{:?} demo generated in {:.1} s ({} assignments added)",
                size,
                t.elapsed().as_secs_f64(),
                assignments
            );
            store.close().unwrap();
            if let Some(kept) = &kept {
                std::fs::copy(&path, kept).unwrap();
            }
        }
    }
    // Reopened, so the page cache starts as it would after an unlock.
    let store = Store::open(&path, &demo::passphrase()).unwrap();
    let hours = store.service_hours().unwrap();
    let today = now.with_timezone(&hours.tz).date_naive();
    let last_month = Period::month(&hours, today.with_day(1).unwrap() - Duration::days(1));
    let year = Period::range(
        &hours,
        today - Duration::days(365),
        today - Duration::days(1),
    )
    .unwrap();
    println!("report built from the store, milliseconds (cpu: the median's time on a core)");
    println!(
        "{:<36} {:>8} {:>8} {:>8} {:>8}",
        "", "visits", "median", "p99", "cpu"
    );
    for (label, period, budget) in [
        (format!("month ({})", last_month.label()), &last_month, 50.0),
        ("year (365 service dates)".to_string(), &year, 200.0),
    ] {
        let (median, p99, cpu, visits) = measure(&store, period, runs);
        println!(
            "{label:<36} {visits:>8} {median:>8.1} {p99:>8.1} {cpu:>8.1}  (budget {budget} ms: {})",
            if p99 <= budget { "within" } else { "OVER" }
        );
    }
}
