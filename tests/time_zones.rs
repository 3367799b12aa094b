//! Shift dates, bank holidays, waiting times and the two UK clock changes come out the same
//! whatever the machine's own time zone: .ci/run runs this file again under TZ=UTC and
//! TZ=America/New_York. Everything here uses the service's zone (a setting), never the machine's.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::*;
use staywell::domain::visit::VisitStatus;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_code_never_asks_the_machine_for_its_time_zone() {
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // The `Local` type itself (not `LocalResult`, which is only a lookup's outcome).
                let uses_local = text.contains("Local::")
                    || [";", ",", "}", " "]
                        .iter()
                        .any(|end| text.contains(&format!("chrono::Local{end}")));
                if uses_local {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut found,
    );
    assert!(found.is_empty(), "the machine's zone is used in {found:?}");
    println!("TZ={:?}", std::env::var("TZ"));
}

#[test]
fn a_shift_crossing_midnight_keeps_its_date_and_its_late_arrivals() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    store
        .set_setting("weekday_hours", "20:00-02:00", 1, now())
        .unwrap();
    let hours = store.service_hours().unwrap();
    // 01:00 on Tuesday 24 November 2026 (GMT) is still Monday's shift.
    let one_am = Utc.with_ymd_and_hms(2026, 11, 24, 1, 0, 0).unwrap();
    let shift = hours.current_shift(one_am).unwrap();
    assert_eq!(shift.service_date, d(2026, 11, 23));
    let late = walk_in(
        &mut store,
        Some("Late"),
        Utc.with_ymd_and_hms(2026, 11, 24, 0, 30, 0).unwrap(),
    );
    let (from, to) = hours.board_window(shift.service_date);
    let board = store.board(from, to, shift.service_date).unwrap();
    assert_eq!(board.iter().map(|r| r.visit_id).collect::<Vec<_>>(), [late]);
    assert_eq!(board[0].waited(one_am), Duration::minutes(30));
}

#[test]
fn bank_holidays_open_at_weekend_hours() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = new_db(dir.path());
    let hours = store.service_hours().unwrap();
    // Monday 28 December 2026 is the Boxing Day substitute bank holiday in England and Wales.
    assert_eq!(
        hours.shift_on(d(2026, 12, 28)).starts_at,
        Utc.with_ymd_and_hms(2026, 12, 28, 15, 0, 0).unwrap()
    );
    assert_eq!(
        hours.shift_on(d(2026, 12, 29)).starts_at,
        Utc.with_ymd_and_hms(2026, 12, 29, 17, 0, 0).unwrap()
    );
}

#[test]
fn the_spring_and_autumn_clock_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = new_db(dir.path());
    let hours = store.service_hours().unwrap();
    // Sunday 29 March 2026: clocks go forward; 15:00 BST is 14:00 UTC.
    assert_eq!(
        hours.shift_on(d(2026, 3, 29)).starts_at,
        Utc.with_ymd_and_hms(2026, 3, 29, 14, 0, 0).unwrap()
    );
    assert_eq!(
        hours.shift_on(d(2026, 3, 28)).starts_at,
        Utc.with_ymd_and_hms(2026, 3, 28, 15, 0, 0).unwrap()
    );

    // Saturday 24 October 2026, open overnight: the night the clocks go back is an hour longer,
    // and someone who arrives at 00:30 BST and is still waiting at 01:30 GMT has waited two hours.
    store
        .set_setting("weekend_hours", "20:00-04:00", 1, now())
        .unwrap();
    let hours = store.service_hours().unwrap();
    let night = hours.shift_on(d(2026, 10, 24));
    assert_eq!(night.ends_at - night.starts_at, Duration::hours(9));
    let arrived = Utc.with_ymd_and_hms(2026, 10, 24, 23, 30, 0).unwrap(); // 00:30 BST on the 25th
    let id = walk_in(&mut store, Some("Night"), arrived);
    let later = Utc.with_ymd_and_hms(2026, 10, 25, 1, 30, 0).unwrap(); // 01:30 GMT
    assert_eq!(
        hours.current_shift(later).unwrap().service_date,
        d(2026, 10, 24)
    );
    let (from, to) = hours.board_window(d(2026, 10, 24));
    let row = store
        .board(from, to, d(2026, 10, 25))
        .unwrap()
        .into_iter()
        .find(|r| r.visit_id == id)
        .unwrap();
    assert_eq!(row.status, VisitStatus::Waiting);
    assert_eq!(row.waited(later), Duration::hours(2));
}
