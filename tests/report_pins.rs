//! Reports pinned on demo data: last month's and the last year's report of five times the small
//! demo (its seed is fixed) with a fixed record-key secret, every figure, every record and cell key (the
//! `Report`'s Debug text holds them all, floats to the last digit), the CSV and the JSON. A
//! change to how reports are read or computed that moves any figure, key or perturbed value
//! fails here.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{Datelike, Duration};
use common::*;
use staywell::demo::{self, Size};
use staywell::domain::report::{Period, ReportFormat, report_text};

/// The three texts a report can be judged by: its Debug text (figures and keys), CSV and JSON.
fn texts(store: &staywell::store::Store, period: &Period) -> (String, String, String) {
    let report = store.report_for(period).unwrap();
    (
        format!("{report:#?}"),
        report_text(&report, ReportFormat::Csv),
        report_text(&report, ReportFormat::Json),
    )
}

#[test]
fn a_month_and_a_year_of_the_small_demo_give_the_same_report_to_the_last_digit() {
    let dir = tempfile::tempdir().unwrap();
    // Five times the small demo: enough people to come back, score twice and be new.
    let store = demo::generate_scaled(&dir.path().join("demo.db"), Size::Small, 5, now()).unwrap();
    // The secret is made at random with the database: a fixed one makes the keys comparable.
    store
        .connection()
        .execute(
            "UPDATE settings SET value = ?1 WHERE key = 'report_key_secret'",
            ["00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef"],
        )
        .unwrap();
    let hours = store.service_hours().unwrap();
    let today = now().with_timezone(&hours.tz).date_naive();
    let month = Period::month(&hours, today.with_day(1).unwrap() - Duration::days(1));
    let year = Period::range(
        &hours,
        today - Duration::days(365),
        today - Duration::days(1),
    )
    .unwrap();
    for (name, period) in [("month", &month), ("year", &year)] {
        let (debug, csv, json) = texts(&store, period);
        let report = store.report_for(period).unwrap();
        // Enough to pin something: visits, returning and new people, SWEMWBS changes.
        assert!(report.visits > 200, "{name}: {} visits", report.visits);
        assert!(
            report.new_visitors > 0,
            "{name}: {} new",
            report.new_visitors
        );
        assert!(report.swemwbs.people > 1, "{name}: {:?}", report.swemwbs);
        insta::assert_snapshot!(format!("pinned_{name}_figures"), debug);
        insta::assert_snapshot!(format!("pinned_{name}_csv"), csv);
        insta::assert_snapshot!(format!("pinned_{name}_json"), json);
    }
}
