//! Each person's first arrival (`first_arrivals`, kept by triggers on visits; migration
//! 0020_first_arrivals.sql) and the reports built from it: the table follows a corrected
//! arrival (earlier and later), a merge and an erasure across a reopen; and on generated data
//! (random visits, some after midnight, some across the changes of the clocks, corrected
//! arrivals, merges, erasures) every report's visits, unique, new and returning visitors, their
//! keys and its days equal a straightforward computation from the visits themselves, and the
//! whole report is the same when built without the covering report index.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::*;
use staywell::domain::correction::DetailsCorrection;
use staywell::domain::merge::{MergeChoice, MergeRequest};
use staywell::domain::person::PersonDetails;
use staywell::domain::report::disclosure::{CellKey, record_key};

use staywell::domain::report::{Period, service_date_of};
use staywell::domain::visit::ContactMode;
use staywell::store::visits::{NewVisit, PersonRef};
use staywell::store::{Store, StoreError};
use std::collections::{BTreeMap, BTreeSet};

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn visit(store: &mut Store, person: PersonRef, arrived: DateTime<Utc>) -> i64 {
    store
        .add_visit(
            &NewVisit {
                person,
                arrived_at: arrived,
                contact_mode: ContactMode::WalkIn,
                referral_source_id: Some(1),
                presenting_need: String::new(),
            },
            1,
            now(),
        )
        .unwrap()
}

fn new_person(store: &mut Store, name: &str, arrived: DateTime<Utc>) -> (i64, i64) {
    let v = visit(
        store,
        PersonRef::New(PersonDetails {
            display_name: Some(name.into()),
            ..Default::default()
        }),
        arrived,
    );
    (store.visit(v).unwrap().person_id, v)
}

fn correct_arrival(
    store: &mut Store,
    visit_id: i64,
    to: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let v = store.visit(visit_id).unwrap();
    let person = store.person(v.person_id)?.details;
    store.correct_details(
        &DetailsCorrection {
            visit_id,
            person_id: v.person_id,
            arrived_at: to,
            contact_mode: v.contact_mode,
            referral_source_id: v.referral_source_id,
            person,
            reason: "arrival typed wrong".into(),
        },
        1,
        now(),
    )
}

/// Merges the two records as the lead would (the suggested choice); (survivor, absorbed).
fn merge(store: &mut Store, a: i64, b: i64) -> Result<(i64, i64), StoreError> {
    let (sa, sb) = (store.merge_side(a)?, store.merge_side(b)?);
    let req = MergeRequest {
        a,
        b,
        choice: MergeChoice::suggested(&sa, &sb),
        reason: "same person twice".into(),
    };
    store.merge_people(&req, 1, now())?;
    Ok(req.ids())
}

/// The table as stored.
fn table(store: &Store) -> BTreeMap<i64, String> {
    store
        .connection()
        .prepare("SELECT person_id, arrived_at FROM first_arrivals")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// What the table must hold: every person's earliest visit, from the visits themselves.
fn from_visits(store: &Store) -> BTreeMap<i64, String> {
    store
        .connection()
        .prepare("SELECT person_id, min(arrived_at) FROM visits NOT INDEXED GROUP BY person_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn first(store: &Store, person: i64) -> Option<String> {
    table(store).get(&person).cloned()
}

#[test]
fn the_first_arrival_follows_corrections_merges_and_erasure() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = new_db(dir.path());
    let (a, a10) = new_person(&mut store, "Ash", utc(2026, 11, 10, 19, 0));
    let a20 = visit(&mut store, PersonRef::Existing(a), utc(2026, 11, 20, 19, 0));
    let (b, _) = new_person(&mut store, "Ashe", utc(2026, 11, 3, 20, 0));
    assert_eq!(first(&store, a).as_deref(), Some("2026-11-10T19:00:00Z"));
    let hours = store.service_hours().unwrap();
    let from_the_12th = Period::range(
        &hours,
        NaiveDate::from_ymd_opt(2026, 11, 12).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
    )
    .unwrap();
    assert_eq!(store.report_for(&from_the_12th).unwrap().new_visitors, 0);

    // A later visit corrected to an earlier date than the first: the first arrival moves.
    correct_arrival(&mut store, a20, utc(2026, 11, 5, 18, 30)).unwrap();
    assert_eq!(first(&store, a).as_deref(), Some("2026-11-05T18:30:00Z"));
    // The first visit corrected to after the second: the second is now the first.
    correct_arrival(&mut store, a10, utc(2026, 11, 15, 19, 0)).unwrap();
    assert_eq!(first(&store, a).as_deref(), Some("2026-11-05T18:30:00Z"));
    correct_arrival(&mut store, a20, utc(2026, 11, 20, 19, 0)).unwrap();
    assert_eq!(first(&store, a).as_deref(), Some("2026-11-15T19:00:00Z"));
    // Now Ash first came inside the range: new in it.
    let r = store.report_for(&from_the_12th).unwrap();
    assert_eq!((r.visits, r.new_visitors, r.returning_visitors), (2, 1, 0));
    store.close().unwrap();

    let mut store = Store::open(&path, &passphrase()).unwrap();
    assert_eq!(table(&store), from_visits(&store));
    // Merged: the absorbed record's row goes, the survivor's first arrival is the earlier
    // of the two; Ash is no longer new in the range (Ashe came on the 3rd).
    let (survivor, absorbed) = merge(&mut store, a, b).unwrap();
    assert_eq!(table(&store), from_visits(&store));
    assert_eq!(
        first(&store, survivor).as_deref(),
        Some("2026-11-03T20:00:00Z")
    );
    assert_eq!(first(&store, absorbed), None);
    let r = store.report_for(&from_the_12th).unwrap();
    assert_eq!((r.visits, r.new_visitors, r.returning_visitors), (2, 0, 1));

    // Erased: the visits and their times stay (past figures do not change), and so does the
    // first arrival.
    store.erase_person(survivor, Some(1), now()).unwrap();
    assert_eq!(
        first(&store, survivor).as_deref(),
        Some("2026-11-03T20:00:00Z")
    );
    assert_eq!(table(&store), from_visits(&store));
    assert_eq!(store.report_for(&from_the_12th).unwrap(), r);
    store.close().unwrap();
    let store = Store::open(&path, &passphrase()).unwrap();
    assert_eq!(table(&store), from_visits(&store));
}

/// A small deterministic generator (xorshift), so a failure can be replayed by its seed.
struct Gen(u64);

impl Gen {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Every visit: (id, person, arrival), read straight from the table.
fn all_visits(store: &Store) -> Vec<(i64, i64, DateTime<Utc>)> {
    store
        .connection()
        .prepare("SELECT id, person_id, arrived_at FROM visits NOT INDEXED")
        .unwrap()
        .query_map([], |r| {
            let t: String = r.get(2)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                DateTime::parse_from_rfc3339(&t)
                    .unwrap()
                    .with_timezone(&Utc),
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn secret(store: &Store) -> Vec<u8> {
    let hex: String = store
        .connection()
        .query_row(
            "SELECT value FROM settings WHERE key = 'report_key_secret'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

/// The period's figures computed the plain way and compared with the store's report.
fn check_period(store: &Store, period: &Period, seed: u64) {
    let hours = store.service_hours().unwrap();
    let report = store.report_for(period).unwrap();
    let secret = secret(store);
    let visits = all_visits(store);
    let mut earliest: BTreeMap<i64, DateTime<Utc>> = BTreeMap::new();
    for (_, p, t) in &visits {
        let e = earliest.entry(*p).or_insert(*t);
        *e = (*e).min(*t);
    }
    let inside: Vec<_> = visits
        .iter()
        .filter(|(_, _, t)| *t >= period.starts_at && *t < period.ends_at)
        .collect();
    let people: BTreeSet<i64> = inside.iter().map(|(_, p, _)| *p).collect();
    let new: BTreeSet<i64> = people
        .iter()
        .copied()
        .filter(|p| earliest[p] >= period.starts_at)
        .collect();
    let what = format!("seed {seed}, {} to {}", period.first, period.last);
    assert_eq!(report.visits as usize, inside.len(), "{what}");
    assert_eq!(report.unique_visitors as usize, people.len(), "{what}");
    assert_eq!(report.new_visitors as usize, new.len(), "{what}");
    assert_eq!(
        report.returning_visitors as usize,
        people.len() - new.len(),
        "{what}"
    );
    let pkey =
        |ids: &BTreeSet<i64>| CellKey::of(ids.iter().map(|p| record_key(&secret, "person", &[*p])));
    assert_eq!(report.keys.unique_visitors, pkey(&people), "{what}");
    assert_eq!(report.keys.new_visitors, pkey(&new), "{what}");
    let mut days: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for (_, _, t) in &inside {
        *days.entry(service_date_of(&hours, *t)).or_default() += 1;
    }
    for d in &report.per_day {
        assert_eq!(
            d.visits,
            days.get(&d.date).copied().unwrap_or(0),
            "{what}: {}",
            d.date
        );
    }
    assert_eq!(
        report.per_day.iter().map(|d| d.visits).sum::<u32>(),
        report.visits,
        "{what}: every visit on one of the period's days"
    );
}

#[test]
fn reports_on_generated_data_match_a_plain_computation() {
    for seed in [0x5EED_0001_u64, 0xC0FF_EE42, 0xDEAD_BEA7] {
        let dir = tempfile::tempdir().unwrap();
        let (_path, mut store) = new_db(dir.path());
        let mut g = Gen(seed);
        // From February to mid-November 2026: London's clocks change on 29 March and 25 October.
        let start = utc(2026, 2, 1, 0, 0);
        let days = (utc(2026, 11, 15, 0, 0) - start).num_days() as u64;
        let mut people: Vec<i64> = Vec::new();
        let mut visit_ids: Vec<i64> = Vec::new();
        let (mut corrected, mut merged, mut erased) = (0, 0, 0);
        for i in 0..160 {
            // Evenings from 15:00 to 01:59 UTC the next day: after midnight in both GMT and BST,
            // and near the openings either side of a change of the clocks.
            let day = if g.chance(15) {
                [56, 57, 58, 265, 266, 267][g.below(6) as usize]
            } else {
                g.below(days) as i64
            };
            let at =
                start + Duration::days(day) + Duration::minutes(15 * 60 + g.below(11 * 60) as i64);
            let id = if people.is_empty() || g.chance(35) {
                let (p, v) = new_person(&mut store, &format!("Visitor {i}"), at);
                people.push(p);
                v
            } else {
                let p = people[g.below(people.len() as u64) as usize];
                match store.add_visit(
                    &NewVisit {
                        person: PersonRef::Existing(p),
                        arrived_at: at,
                        contact_mode: ContactMode::WalkIn,
                        referral_source_id: Some(1),
                        presenting_need: String::new(),
                    },
                    1,
                    now(),
                ) {
                    Ok(v) => v,
                    // Merged into another since: refused, as the app would.
                    Err(_) => continue,
                }
            };
            visit_ids.push(id);
            if g.chance(12) {
                let v = visit_ids[g.below(visit_ids.len() as u64) as usize];
                let shift = Duration::minutes(g.below(60 * 24 * 60) as i64 - 60 * 24 * 30);
                let to = (store.visit(v).unwrap().arrived_at + shift).min(now());
                if correct_arrival(&mut store, v, to).is_ok() {
                    corrected += 1;
                }
            }
            if people.len() > 3 && g.chance(5) {
                let a = people[g.below(people.len() as u64) as usize];
                let b = people[g.below(people.len() as u64) as usize];
                if merge(&mut store, a, b).is_ok() {
                    merged += 1;
                }
            }
            if people.len() > 3 && g.chance(3) {
                let p = people[g.below(people.len() as u64) as usize];
                if store.erase_person(p, Some(1), now()).is_ok() {
                    erased += 1;
                }
            }
            assert_eq!(table(&store), from_visits(&store), "seed {seed}, step {i}");
        }
        assert!(
            corrected > 3 && merged > 0 && erased > 0,
            "seed {seed}: {corrected} {merged} {erased}"
        );
        let hours = store.service_hours().unwrap();
        let mut periods = Vec::new();
        for m in 2..=11 {
            periods.push(Period::month(
                &hours,
                NaiveDate::from_ymd_opt(2026, m, 1).unwrap(),
            ));
        }
        for _ in 0..12 {
            let d =
                NaiveDate::from_ymd_opt(2026, 2, 1).unwrap() + Duration::days(g.below(days) as i64);
            periods.push(Period::shift(&hours, d));
            periods.push(Period::week(&hours, d));
            let to = d + Duration::days(g.below(120) as i64);
            periods.push(Period::range(&hours, d, to).unwrap());
        }
        for d in [(3, 28), (3, 29), (3, 30), (10, 24), (10, 25), (10, 26)] {
            let d = NaiveDate::from_ymd_opt(2026, d.0, d.1).unwrap();
            periods.push(Period::shift(&hours, d));
        }
        let reports: Vec<_> = periods
            .iter()
            .map(|p| {
                check_period(&store, p, seed);
                store.report_for(p).unwrap()
            })
            .collect();
        // The same reports read from the table itself, without the covering index.
        store
            .connection()
            .execute_batch("DROP INDEX visits_for_reports;")
            .unwrap();
        for (p, r) in periods.iter().zip(&reports) {
            assert_eq!(
                &store.report_for(p).unwrap(),
                r,
                "seed {seed}, {}",
                p.label()
            );
        }
    }
}
