//! The commissioners' CSV against differencing (issue 17, point 9). A month of visits; CSVs for
//! overlapping periods (the month, the month without its last day, that day; a week, the week
//! without its last day, and each of its seven shifts; a chain of ranges each adding one
//! person's SWEMWBS scores); then an attacker who knows how the CSV is made (the rounding rules,
//! which cells add up to which, which periods are made of which) combines every file with every
//! other by interval propagation to a fixed point, and tries the mean trick
//! (n·mean(n) − (n−1)·mean(n−1)). Nothing small may come out exact, and no score.
//!
//! The same attacker, given exact counts with only 1-4 hidden (what a file made without
//! perturbation shows), pins small counts, and given exact means recovers every score: the
//! attack is real, the perturbation is what stops it.

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
use staywell::domain::person::PersonDetails;
use staywell::domain::report::{Period, Report, ReportFormat, report_text};
use staywell::domain::swemwbs::{Swemwbs, metric_score};
use staywell::domain::visit::{ContactMode, Safeguarding, VisitStatus, VisitUpdate};
use staywell::store::Store;
use staywell::store::reports::REPORT_KEY_SECRET;
use staywell::store::visits::{NewVisit, PersonRef};
use std::collections::{BTreeSet, HashMap};

fn nov(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}
/// November 2026 is GMT: London and UTC agree.
fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, h, m, 0).unwrap()
}

/// A small deterministic generator, so the fixture is the same every run.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

struct Visit {
    person: Option<i64>,
    arrived: DateTime<Utc>,
    source: &'static str,
    mode: ContactMode,
    triage: Option<&'static str>,
    seen_after: Option<i64>,
    distress: (Option<u8>, Option<u8>),
    swemwbs: Option<[u8; 7]>,
}

fn add(store: &mut Store, sources: &HashMap<String, i64>, v: Visit) -> i64 {
    let person = match v.person {
        Some(id) => PersonRef::Existing(id),
        None => PersonRef::New(PersonDetails::default()),
    };
    let id = store
        .add_visit(
            &NewVisit {
                person,
                arrived_at: v.arrived,
                contact_mode: v.mode,
                referral_source_id: Some(sources[v.source]),
                presenting_need: String::new(),
            },
            1,
            v.arrived,
        )
        .unwrap();
    let mut u = VisitUpdate {
        presenting_need: String::new(),
        triage_code: v.triage.map(String::from),
        safety_formulation: String::new(),
        suitability: None,
        suitability_reason: String::new(),
        status: VisitStatus::WithWorker,
        distress_arrival: v.distress.0,
        distress_leaving: None,
        swemwbs: v.swemwbs.map(|i| Swemwbs::new(i).unwrap()),
        swemwbs_completion: v
            .swemwbs
            .map(|_| staywell::domain::swemwbs::Completion::ByVisitor),
        ons4: Default::default(),
        ons4_leaving: Default::default(),
        outcome: None,
        signposts: Vec::new(),
        safeguarding: Safeguarding::default(),
    };
    match v.seen_after {
        Some(m) => {
            let seen = v.arrived + Duration::minutes(m);
            store.update_visit(id, &u, 1, seen).unwrap();
            u.status = VisitStatus::Seen;
            store.update_visit(id, &u, 1, seen).unwrap();
            u.status = VisitStatus::Left;
        }
        None => u.status = VisitStatus::LeftUnseen,
    }
    u.distress_leaving = v.distress.1;
    store
        .update_visit(id, &u, 1, v.arrived + Duration::minutes(90))
        .unwrap();
    store.visit(id).unwrap().person_id
}

/// SWEMWBS items adding up to `raw` (7 to 35).
fn items(raw: u8) -> [u8; 7] {
    let mut left = raw - 7;
    let mut out = [1u8; 7];
    for i in out.iter_mut() {
        let add = left.min(4);
        *i += add;
        left -= add;
    }
    out
}

/// The people of the mean trick: five score on the 2nd and 3rd; then one more on each pair of
/// days (4-5, 6-7, ... 12-13). Their raw scores, first and last.
const BASE_SCORES: [(u8, u8); 5] = [(14, 20), (18, 17), (22, 27), (11, 16), (25, 24)];
const TARGET_SCORES: [(u8, u8); 5] = [(19, 23), (9, 15), (28, 26), (16, 21), (21, 30)];

/// About 150 visits across November, with a mix of sources, triage codes, contact modes, waits
/// and distress scores, and the mean trick's people.
fn fixture(store: &mut Store) {
    let sources: HashMap<String, i64> = store
        .referral_sources()
        .unwrap()
        .into_iter()
        .map(|s| (s.reporting_code, s.id))
        .collect();
    let mut rng = Lcg(17);
    let mut pool: Vec<i64> = Vec::new();
    const SOURCES: [&str; 8] = ["SELF", "SELF", "SELF", "GP", "GP", "NHS111", "POLICE", "AE"];
    const TRIAGE: [Option<&str>; 7] = [
        Some("C"),
        Some("C"),
        Some("D"),
        Some("E"),
        Some("B"),
        Some("A"),
        None,
    ];
    for day in 1..=30u32 {
        let n = 1 + rng.below(9) as u32;
        for i in 0..n {
            let person = if !pool.is_empty() && rng.below(10) < 5 {
                Some(pool[rng.below(pool.len() as u64) as usize])
            } else {
                None
            };
            let both = rng.below(10) < 7;
            let v = Visit {
                person,
                arrived: at(day, 17 + (5 + 9 * i) / 60, (5 + 9 * i) % 60),
                source: SOURCES[rng.below(8) as usize],
                mode: if rng.below(6) == 0 {
                    ContactMode::Phone
                } else {
                    ContactMode::WalkIn
                },
                triage: TRIAGE[rng.below(7) as usize],
                seen_after: (rng.below(10) < 8).then(|| 3 + rng.below(50) as i64),
                distress: (
                    Some(3 + rng.below(7) as u8),
                    both.then(|| 2 + rng.below(6) as u8),
                ),
                swemwbs: None,
            };
            let id = add(store, &sources, v);
            if person.is_none() {
                pool.push(id);
            }
        }
    }
    let scored = |day: u32, raw: u8, person: Option<i64>| Visit {
        person,
        arrived: at(day, 21, 0),
        source: "SELF",
        mode: ContactMode::WalkIn,
        triage: Some("C"),
        seen_after: Some(10),
        distress: (None, None),
        swemwbs: Some(items(raw)),
    };
    for (first, last) in BASE_SCORES {
        let id = add(store, &sources, scored(2, first, None));
        add(store, &sources, scored(3, last, Some(id)));
    }
    for (k, (first, last)) in TARGET_SCORES.iter().enumerate() {
        let day = 4 + 2 * k as u32;
        let id = add(store, &sources, scored(day, *first, None));
        add(store, &sources, scored(day + 1, *last, Some(id)));
    }
}

/// One exported file: its service dates, its exact report and its CSV as (section, item) →
/// value.
struct File {
    name: String,
    dates: BTreeSet<NaiveDate>,
    report: Report,
    csv: HashMap<(String, String), String>,
}

fn parse_csv(text: &str) -> HashMap<(String, String), String> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("section,item,value"));
    lines
        .filter(|l| !l.starts_with("swemwbs,copyright,"))
        .map(|l| {
            let mut parts = l.splitn(3, ',');
            let s = parts.next().unwrap().to_string();
            let i = parts.next().unwrap().to_string();
            let v = parts.next().unwrap().to_string();
            ((s, i), v)
        })
        .collect()
}

fn export(store: &Store, name: &str, period: Period) -> File {
    let report = store.report_for(&period).unwrap();
    let csv = parse_csv(&report_text(&report, ReportFormat::Csv));
    File {
        name: name.to_string(),
        dates: period.dates().collect(),
        report,
        csv,
    }
}

/// Every overlapping file the attacker asks for.
fn files(store: &Store) -> Vec<File> {
    let hours = store.service_hours().unwrap();
    let range = |a, b| Period::range(&hours, nov(a), nov(b)).unwrap();
    let mut out = vec![
        export(store, "November", Period::month(&hours, nov(1))),
        export(store, "1-29 November", range(1, 29)),
        export(store, "30 November", range(30, 30)),
        export(store, "week 16-22", Period::week(&hours, nov(16))),
        export(store, "16-21 November", range(16, 21)),
    ];
    for day in 16..=22 {
        out.push(export(
            store,
            &format!("shift {day}"),
            Period::shift(&hours, nov(day)),
        ));
    }
    // The mean trick's chain: 2-3 (5 people with two scores), 2-5 (6), ... 2-13 (10).
    for j in 0..=5 {
        out.push(export(
            store,
            &format!("2-{} November", 3 + 2 * j),
            range(2, 3 + 2 * j),
        ));
    }
    out
}

/// The exact counts behind the cells the attacker works on, from the report itself.
fn truth(r: &Report) -> HashMap<(String, String), i64> {
    let mut t: HashMap<(String, String), i64> = HashMap::new();
    let mut put = |s: &str, i: &str, v: u32| {
        t.insert((s.to_string(), i.to_string()), i64::from(v));
    };
    put("visits", "total", r.visits);
    put("visitors", "unique", r.unique_visitors);
    put("visitors", "new", r.new_visitors);
    put("visitors", "returning", r.returning_visitors);
    for c in &r.contact_modes.items {
        put("contact_mode", &c.code, c.count);
    }
    for c in &r.referral_sources.items {
        put("referral_source", &c.code, c.count);
    }
    put(
        "referral_source",
        "not_recorded",
        r.referral_sources.not_recorded,
    );
    for c in &r.triage.items {
        put("triage", &c.code, c.count);
    }
    put("triage", "not_triaged", r.triage.not_recorded);
    put("seen", "seen", r.waits.seen);
    put("seen", "not_seen", r.waits.not_seen);
    put("distress", "with_both_scores", r.distress.with_both);
    put("distress", "without_both_scores", r.distress.without_both);
    put(
        "swemwbs",
        "people_with_two_or_more_scores",
        r.swemwbs.people,
    );
    put(
        "swemwbs",
        "people_with_fewer_scores",
        r.swemwbs.people_with_fewer,
    );
    for d in &r.per_day {
        put(
            "visits_by_day",
            &d.date.format("%Y-%m-%d").to_string(),
            d.visits,
        );
    }
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    for (d, n) in days.iter().zip(&r.manager.arrivals_by_weekday) {
        put("arrivals_by_weekday", d, *n);
    }
    for (h, n) in r.manager.arrivals_by_hour.iter().enumerate() {
        put("arrivals_by_hour", &format!("{h:02}"), *n);
    }
    put("length_of_stay", "left", r.manager.stay.left);
    put("length_of_stay", "not_left", r.manager.stay.not_left);
    t
}

/// Sections whose cells add up to visits,total in each file, and across files (a count of
/// visits over a period is the sum over its parts).
const BY_VISIT: &[&str] = &[
    "contact_mode",
    "referral_source",
    "triage",
    "seen",
    "distress",
    "arrivals_by_weekday",
    "arrivals_by_hour",
    "length_of_stay",
];

/// How a reader turns a file's published value of a cell into bounds on its truth.
type Reading = dyn Fn(&File, &(String, String), &str) -> (i64, i64);

/// What the attacker works with: variables (file, section, item) with bounds, and equations
/// Σ sign·variable = 0.
struct Attack {
    index: HashMap<(usize, String, String), usize>,
    bounds: Vec<(i64, i64)>,
    equations: Vec<Vec<(usize, i64)>>,
}

const UNBOUNDED: i64 = 1 << 40;

impl Attack {
    /// `reading` turns a published value into the bounds a reader may assume.
    /// `reading` turns a published value into the bounds a reader may assume; `across` adds
    /// the equations between files (without it, each file is attacked on its own).
    fn new(files: &[File], reading: &Reading, across: bool) -> Self {
        let mut a = Attack {
            index: HashMap::new(),
            bounds: Vec::new(),
            equations: Vec::new(),
        };
        for (f, file) in files.iter().enumerate() {
            for (key, _) in truth(&file.report) {
                let v = file
                    .csv
                    .get(&key)
                    .unwrap_or_else(|| panic!("{} has no {key:?}", file.name));
                let b = reading(file, &key, v);
                a.index
                    .insert((f, key.0.clone(), key.1.clone()), a.bounds.len());
                a.bounds.push(b);
            }
        }
        // Within each file: the groups add up to their totals.
        for f in 0..files.len() {
            let cells = |section: &str| -> Vec<usize> {
                a.index
                    .iter()
                    .filter(|((g, s, _), _)| *g == f && s == section)
                    .map(|(_, v)| *v)
                    .collect()
            };
            let total = a.index[&(f, "visits".into(), "total".into())];
            let mut eqs = Vec::new();
            for section in BY_VISIT.iter().chain(&["visits_by_day"]) {
                let mut eq: Vec<(usize, i64)> =
                    cells(section).into_iter().map(|v| (v, 1)).collect();
                eq.push((total, -1));
                eqs.push(eq);
            }
            let unique = a.index[&(f, "visitors".into(), "unique".into())];
            for pair in [
                ["new", "returning"],
                ["people_with_two_or_more_scores", "people_with_fewer_scores"],
            ] {
                let section = if pair[0] == "new" {
                    "visitors"
                } else {
                    "swemwbs"
                };
                let mut eq: Vec<(usize, i64)> = pair
                    .iter()
                    .map(|i| (a.index[&(f, section.to_string(), i.to_string())], 1))
                    .collect();
                eq.push((unique, -1));
                eqs.push(eq);
            }
            a.equations.extend(eqs);
        }
        if !across {
            return a;
        }
        // Across files: a file whose dates are the disjoint union of others'.
        let n = files.len();
        for x in 0..n {
            for parts in partitions(files, x) {
                let mut keys: Vec<(String, String)> = a
                    .index
                    .keys()
                    .filter(|(f, s, i)| {
                        *f == x
                            && (BY_VISIT.contains(&s.as_str())
                                || (s == "visits" && i == "total")
                                || (s == "visitors" && i == "new"))
                    })
                    .map(|(_, s, i)| (s.clone(), i.clone()))
                    .collect();
                keys.sort();
                for (s, i) in keys {
                    let mut eq = vec![(a.index[&(x, s.clone(), i.clone())], -1)];
                    for p in &parts {
                        eq.push((a.index[&(*p, s.clone(), i.clone())], 1));
                    }
                    a.equations.push(eq);
                }
            }
        }
        // A day's visits are the same records in every file that has the day, and they are the
        // whole of a one-day file.
        for (f, file) in files.iter().enumerate() {
            for d in &file.dates {
                let item = d.format("%Y-%m-%d").to_string();
                let here = a.index[&(f, "visits_by_day".into(), item.clone())];
                for (g, other) in files.iter().enumerate() {
                    if g != f && other.dates.contains(d) {
                        let there = a.index[&(g, "visits_by_day".into(), item.clone())];
                        a.equations.push(vec![(here, 1), (there, -1)]);
                    }
                    if other.dates.len() == 1 && other.dates.contains(d) {
                        let total = a.index[&(g, "visits".into(), "total".into())];
                        a.equations.push(vec![(here, 1), (total, -1)]);
                    }
                }
            }
        }
        a
    }

    /// Narrows every variable's bounds from every equation until nothing changes.
    fn propagate(&mut self) {
        for _ in 0..200 {
            let mut changed = false;
            for eq in &self.equations {
                // Σ s·x = 0, so s_j·x_j = −Σ_{i≠j} s_i·x_i.
                let (lo_sum, hi_sum) = eq.iter().fold((0i64, 0i64), |(l, h), (v, s)| {
                    let (lo, hi) = self.bounds[*v];
                    if *s > 0 {
                        (l + lo, h + hi)
                    } else {
                        (l - hi, h - lo)
                    }
                });
                for (v, s) in eq {
                    let (lo, hi) = self.bounds[*v];
                    let (my_lo, my_hi) = if *s > 0 { (lo, hi) } else { (-hi, -lo) };
                    let (others_lo, others_hi) = (lo_sum - my_lo, hi_sum - my_hi);
                    // s·x ∈ [−others_hi, −others_lo]
                    let (new_lo, new_hi) = if *s > 0 {
                        (-others_hi, -others_lo)
                    } else {
                        (others_lo, others_hi)
                    };
                    let nb = (lo.max(new_lo), hi.min(new_hi));
                    if nb != (lo, hi) && nb.0.abs() < UNBOUNDED && nb.1.abs() < UNBOUNDED {
                        self.bounds[*v] = nb;
                        changed = true;
                    }
                }
            }
            if !changed {
                return;
            }
        }
    }

    /// Small true counts (1 to 4) the attacker now knows exactly, as "file section,item = n";
    /// and checks that the truth always stays within what the attacker worked out.
    fn pinned_small_counts(&self, files: &[File]) -> Vec<String> {
        let mut out = Vec::new();
        for ((f, s, i), v) in &self.index {
            let t = truth(&files[*f].report)[&(s.clone(), i.clone())];
            let (lo, hi) = self.bounds[*v];
            assert!(
                lo <= t && t <= hi,
                "the attack's model is wrong: {} {s},{i} is {t}, worked out {lo}..{hi}",
                files[*f].name
            );
            if (1..=4).contains(&t) && lo == hi {
                out.push(format!("{} {s},{i} = {t}", files[*f].name));
            }
        }
        out.sort();
        out
    }
}

/// The ways file `x`'s dates are the disjoint union of two or more other files' dates.
fn partitions(files: &[File], x: usize) -> Vec<Vec<usize>> {
    let inside: Vec<usize> = (0..files.len())
        .filter(|&p| {
            p != x && files[p].dates.is_subset(&files[x].dates) && files[p].dates != files[x].dates
        })
        .collect();
    let mut out = Vec::new();
    fn walk(
        files: &[File],
        left: &BTreeSet<NaiveDate>,
        inside: &[usize],
        chosen: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        if left.is_empty() {
            if chosen.len() >= 2 {
                out.push(chosen.clone());
            }
            return;
        }
        // The part holding the earliest date still to cover.
        let first = *left.iter().next().unwrap();
        for p in inside {
            let d = &files[*p].dates;
            if d.contains(&first) && d.is_subset(left) {
                let rest: BTreeSet<NaiveDate> = left.difference(d).copied().collect();
                chosen.push(*p);
                walk(files, &rest, inside, chosen, out);
                chosen.pop();
            }
        }
    }
    walk(files, &files[x].dates, &inside, &mut Vec::new(), &mut out);
    out
}

/// The published count read as the method documents it: 0 is 0 to 4, p is p − 4 to p + 4,
/// withheld is anything.
fn perturbed_reading(_: &File, _: &(String, String), v: &str) -> (i64, i64) {
    match v {
        "withheld" => (0, UNBOUNDED),
        v => {
            let p: i64 = v.parse().unwrap_or_else(|_| panic!("{v}"));
            assert_eq!(p % 5, 0, "every count is a multiple of 5: {v}");
            ((p - 4).max(0), p + 4)
        }
    }
}

/// What a file without perturbation shows: exact counts, 1 to 4 hidden as "<5".
fn exact_reading(file: &File, key: &(String, String), _: &str) -> (i64, i64) {
    let t = truth(&file.report)[key];
    if (1..=4).contains(&t) { (1, 4) } else { (t, t) }
}

/// Every SWEMWBS metric score there is.
fn metric_scores() -> Vec<f64> {
    (7..=35).map(|raw| metric_score(raw).unwrap()).collect()
}

fn set_secret(store: &mut Store, round: u32) {
    let hex: String = (0..32u32)
        .map(|i| format!("{:02x}", (i * 37 + round * 101 + 7) % 256))
        .collect();
    store
        .set_setting(REPORT_KEY_SECRET, &hex, 1, now())
        .unwrap();
}

#[test]
fn overlapping_files_and_shifts_pin_no_small_count() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = new_db(dir.path());
    fixture(&mut store);

    // The same attacker against exact counts with 1-4 hidden: combining files pins small
    // counts that no file on its own gives away.
    let exact = files(&store);
    let pinned_by = |across: bool| {
        let mut control = Attack::new(&exact, &exact_reading, across);
        control.propagate();
        control.pinned_small_counts(&exact)
    };
    let alone: BTreeSet<String> = pinned_by(false).into_iter().collect();
    let pinned: Vec<String> = pinned_by(true)
        .into_iter()
        .filter(|p| !alone.contains(p))
        .collect();
    let small = exact
        .iter()
        .flat_map(|f| truth(&f.report).into_values())
        .filter(|t| (1..=4).contains(t))
        .count();
    eprintln!(
        "exact figures: {} of {small} small counts pinned only by combining files, e.g. {:?}",
        pinned.len(),
        &pinned[..pinned.len().min(5)]
    );
    assert!(
        pinned.len() >= 10,
        "the attack should break exact figures: {pinned:?}"
    );
    assert!(
        pinned.iter().any(|p| p.starts_with("30 November")),
        "{pinned:?}"
    );
    assert!(pinned.iter().any(|p| p.starts_with("shift ")), "{pinned:?}");

    // Against the CSV as made: the database's own secret, then others (each a different
    // database's keys), so the result does not hang on one lucky draw.
    let rounds: u32 = std::env::var("CSV_DIFFERENCING_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let mut failures = Vec::new();
    for round in 0..rounds {
        if round > 0 {
            set_secret(&mut store, round);
        }
        let files = files(&store);
        // Nothing in any file is a count of 1 to 4, and zeros stay zero.
        for f in &files {
            for (key, t) in truth(&f.report) {
                let v = &f.csv[&key];
                if t == 0 {
                    assert_eq!(v, "0", "{} {key:?}", f.name);
                }
            }
        }
        let mut attack = Attack::new(&files, &perturbed_reading, true);
        attack.propagate();
        let pinned = attack.pinned_small_counts(&files);
        if !pinned.is_empty() {
            failures.push((round, pinned));
        }
    }
    eprintln!("perturbed figures: {rounds} databases' keys, small counts recovered: {failures:?}");
    assert!(failures.is_empty(), "small counts recovered: {failures:?}");
}

#[test]
fn the_mean_trick_recovers_no_score() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = new_db(dir.path());
    fixture(&mut store);
    let scores = metric_scores();
    let rounds: u32 = std::env::var("CSV_DIFFERENCING_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let mut tries = 0;
    let mut right = 0;
    for round in 0..rounds {
        if round > 0 {
            set_secret(&mut store, round);
        }
        let chain: Vec<File> = files(&store)
            .into_iter()
            .filter(|f| f.name.starts_with("2-"))
            .collect();
        for j in 1..chain.len() {
            let (small, big) = (&chain[j - 1], &chain[j]);
            let (n_small, n_big) = (small.report.swemwbs.people, big.report.swemwbs.people);
            assert_eq!((n_small, n_big), (5 + j as u32 - 1, 5 + j as u32));
            let target = TARGET_SCORES[j - 1];
            for (item, raw, exact_small, exact_big) in [
                (
                    "mean_first",
                    target.0,
                    small.report.swemwbs.mean_first,
                    big.report.swemwbs.mean_first,
                ),
                (
                    "mean_last",
                    target.1,
                    small.report.swemwbs.mean_last,
                    big.report.swemwbs.mean_last,
                ),
            ] {
                let truth = metric_score(raw).unwrap();
                // With exact means the trick gives the score.
                let exact = f64::from(n_big) * exact_big.unwrap()
                    - f64::from(n_small) * exact_small.unwrap();
                assert!(
                    (exact - truth).abs() < 1e-9,
                    "the trick works on exact means"
                );
                // With the CSV's means: the estimate, and every score the attacker cannot rule
                // out, knowing each published mean·n is the sum within 28/4 (plus rounding to
                // 2 places).
                let m = |f: &File| -> f64 {
                    f.csv[&("swemwbs".to_string(), item.to_string())]
                        .parse()
                        .unwrap_or_else(|_| panic!("{} {item}", f.name))
                };
                let estimate = f64::from(n_big) * m(big) - f64::from(n_small) * m(small);
                let slack = 2.0 * 28.0 / 4.0 + 0.005 * f64::from(n_big + n_small) + 1e-9;
                let possible: Vec<f64> = scores
                    .iter()
                    .copied()
                    .filter(|s| (s - estimate).abs() <= slack)
                    .collect();
                assert!(
                    possible.iter().any(|s| (s - truth).abs() < 1e-9),
                    "the score is among those possible"
                );
                assert!(
                    possible.len() >= 2,
                    "{item}: {estimate} pins the score {truth}"
                );
                let nearest = scores
                    .iter()
                    .copied()
                    .min_by(|a, b| (a - estimate).abs().total_cmp(&(b - estimate).abs()))
                    .unwrap();
                tries += 1;
                if (nearest - truth).abs() < 1e-9 {
                    right += 1;
                }
            }
        }
    }
    // Guessing the nearest score is mostly wrong (and the attacker cannot tell when it is right).
    assert!(right * 2 < tries, "{right} of {tries} guesses right");
}

#[test]
fn the_key_secret_is_made_with_the_database_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = new_db(dir.path());
    let secret = store
        .setting(REPORT_KEY_SECRET)
        .unwrap()
        .expect("made at creation");
    assert_eq!(secret.len(), 64, "32 bytes as hex");
    let hours = store.service_hours().unwrap();
    let r = store.report_for(&Period::month(&hours, nov(1))).unwrap();
    assert!(r.keys.keyed);
    assert_eq!(
        store.setting(REPORT_KEY_SECRET).unwrap(),
        Some(secret.clone())
    );
    // Another database has its own, so its keys cannot be worked out from this one's.
    let other_dir = tempfile::tempdir().unwrap();
    let (_, other) = new_db(other_dir.path());
    assert_ne!(other.setting(REPORT_KEY_SECRET).unwrap(), Some(secret));
}
