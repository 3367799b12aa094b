//! Reports: the service's activity over a period (a shift, an ISO week, a calendar month or any
//! range of service dates), built from plain rows so every figure can be checked by hand.
//!
//! Definitions (README "Reports" repeats them for commissioners):
//! - **visits**: visits that arrived in the period (see `period` for what "in" means);
//!   **unique visitors**: the people those visits were for.
//! - **new** visitor: the person's first ever visit falls in the period; **returning**: they had
//!   visited before it. New + returning = unique visitors.
//! - **wait**: from arrival to being seen, in whole minutes (seconds dropped), for the visits
//!   that were seen (those with a seen time). **Percentiles are nearest-rank**: the p-th
//!   percentile of n sorted waits is the one at rank ⌈p·n/100⌉ (counting from 1), so it is always
//!   a wait that happened; the median is the 50th percentile (with an even count, the lower of
//!   the two middle waits).
//! - **distress change**: the mean of (leaving − arrival) over visits with both scores (0–10;
//!   negative is better).
//! - **SWEMWBS change**: for each person with two or more scores in the period, their last metric
//!   score minus their first (by arrival); the count of such people and the mean change
//!   (positive is better).
//! - **peer load**: per worker, assignments active at any time in the period (started on or
//!   before its last service date and not ended before its first), and sessions held and their
//!   minutes on its service dates.
//! - **visits per day**: visits by service date, one entry for every date of the period.
//!
//! `report_text` renders a report as CSV (aggregated, small numbers suppressed: see
//! `disclosure`) for commissioners, or as JSON (every figure, unsuppressed) for the service's own
//! use.

pub mod disclosure;
pub mod manager;
pub mod period;

pub use disclosure::Shown;
pub use manager::{ManagerFigures, SafeguardingRow};
pub use period::{Period, PeriodError, PeriodKind, date_span, service_date_of};

use crate::domain::visit::{ContactMode, Outcome, Suitability};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// One visit that arrived in the period, as the store reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitRow {
    /// Orders two scores recorded at the same arrival time; never shown.
    pub visit_id: i64,
    pub person_id: i64,
    pub arrived_at: DateTime<Utc>,
    /// The service date the arrival belongs to.
    pub service_date: NaiveDate,
    /// When the person first ever arrived (in any period).
    pub person_first_arrival: DateTime<Utc>,
    pub contact_mode: ContactMode,
    pub referral_code: Option<String>,
    pub triage_code: Option<String>,
    pub suitability: Option<Suitability>,
    pub outcome: Option<Outcome>,
    pub seen_at: Option<DateTime<Utc>>,
    pub distress_arrival: Option<u8>,
    pub distress_leaving: Option<u8>,
    /// The SWEMWBS metric score, if one was recorded.
    pub swemwbs_metric: Option<f64>,
    pub swemwbs_completion: Option<crate::domain::swemwbs::Completion>,
    /// The ONS4 answers on arrival, and on leaving where the service asks them.
    pub ons4: crate::domain::ons4::Ons4,
    pub ons4_leaving: crate::domain::ons4::Ons4,
    pub left_at: Option<DateTime<Utc>>,
    /// The hour (0-23) and weekday of the arrival in the service's time zone.
    pub local_hour: u8,
    pub local_weekday: chrono::Weekday,
}

/// One peer worker's activity in the period, as the store counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerRow {
    pub worker_name: String,
    pub active_assignments: u32,
    pub sessions: u32,
    pub minutes: u32,
}

/// An entry of a configurable list (a referral source's reporting code, a triage code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub code: String,
    pub label: String,
}

/// Everything a report is built from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportInput {
    pub visits: Vec<VisitRow>,
    pub peers: Vec<PeerRow>,
    /// Listed in this order (with zeros), then any other code found in the visits.
    pub referral_codes: Vec<Category>,
    pub triage_codes: Vec<Category>,
    /// Each triage code's target time (minutes), None for a code without one.
    pub triage_targets: Vec<(String, Option<i64>)>,
    /// Safeguarding recorded on the period's visits.
    pub safeguarding: Vec<SafeguardingRow>,
    /// The kind of each incident logged from the period's visits.
    pub incident_kinds: Vec<String>,
    /// Directory entry names in list order; the entry name of each signposting of the
    /// period's visits.
    pub directory: Vec<String>,
    pub signposts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: u32,
}

/// Counts by category; `items` and `not_recorded` add up to the visits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    pub items: Vec<Count>,
    pub not_recorded: u32,
}

impl Breakdown {
    pub fn total(&self) -> u32 {
        self.items.iter().map(|c| c.count).sum::<u32>() + self.not_recorded
    }

    pub fn count(&self, code: &str) -> u32 {
        self.items
            .iter()
            .find(|c| c.code == code)
            .map_or(0, |c| c.count)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Waits {
    /// Visits with a seen time.
    pub seen: u32,
    pub not_seen: u32,
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Distress {
    /// Visits with both an arrival and a leaving score.
    pub with_both: u32,
    pub without_both: u32,
    pub mean_arrival: Option<f64>,
    pub mean_leaving: Option<f64>,
    /// Mean of (leaving − arrival).
    pub mean_change: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SwemwbsChange {
    /// Visitors with two or more scores in the period.
    pub people: u32,
    /// The other visitors (fewer than two scores).
    pub people_with_fewer: u32,
    pub mean_first: Option<f64>,
    pub mean_last: Option<f64>,
    /// Mean of (last − first) metric score.
    pub mean_change: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkerLoad {
    pub name: String,
    pub active_assignments: u32,
    pub sessions: u32,
    pub minutes: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PeerLoad {
    /// Workers with an active assignment or a session, by name.
    pub workers: Vec<WorkerLoad>,
    pub active_assignments: u32,
    pub sessions: u32,
    pub minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    #[serde(serialize_with = "period::serialize_date")]
    pub date: NaiveDate,
    pub visits: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub period: Period,
    pub visits: u32,
    pub unique_visitors: u32,
    pub new_visitors: u32,
    pub returning_visitors: u32,
    pub contact_modes: Breakdown,
    pub referral_sources: Breakdown,
    pub triage: Breakdown,
    pub suitability: Breakdown,
    pub outcomes: Breakdown,
    pub waits: Waits,
    pub distress: Distress,
    pub swemwbs: SwemwbsChange,
    pub peers: PeerLoad,
    pub per_day: Vec<DayCount>,
    #[serde(flatten)]
    pub manager: ManagerFigures,
}

/// The nearest-rank percentile of ascending `sorted`: the value at rank ⌈p·n/100⌉ (from 1).
pub fn nearest_rank(sorted: &[i64], percent: u32) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (percent as usize * n).div_ceil(100).clamp(1, n);
    Some(sorted[rank - 1])
}

pub(crate) fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Counts codes in list order (zeros included), then codes the list lacks, sorted.
fn breakdown<'a>(list: &[Category], codes: impl Iterator<Item = Option<&'a str>>) -> Breakdown {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    let mut not_recorded = 0;
    for code in codes {
        match code.map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => *counts.entry(c).or_default() += 1,
            None => not_recorded += 1,
        }
    }
    let mut items: Vec<Count> = Vec::new();
    for c in list {
        if !items.iter().any(|i| i.code == c.code) {
            items.push(Count {
                code: c.code.clone(),
                label: c.label.clone(),
                count: counts.get(c.code.as_str()).copied().unwrap_or(0),
            });
        }
    }
    let mut extra: Vec<(&str, u32)> = counts
        .into_iter()
        .filter(|(code, _)| !items.iter().any(|i| i.code == *code))
        .collect();
    extra.sort();
    items.extend(extra.into_iter().map(|(code, count)| Count {
        code: code.to_string(),
        label: code.to_string(),
        count,
    }));
    Breakdown {
        items,
        not_recorded,
    }
}

fn fixed<T: Copy + PartialEq>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    values: impl Iterator<Item = Option<T>>,
) -> Breakdown {
    let mut b = Breakdown {
        items: all
            .iter()
            .map(|v| Count {
                code: code(*v).into(),
                label: label(*v).into(),
                count: 0,
            })
            .collect(),
        not_recorded: 0,
    };
    for v in values {
        match v.and_then(|v| all.iter().position(|a| *a == v)) {
            Some(i) => b.items[i].count += 1,
            None => b.not_recorded += 1,
        }
    }
    b
}

impl Report {
    pub fn build(period: Period, input: &ReportInput) -> Report {
        let rows = &input.visits;
        // People: whether new, and their SWEMWBS scores in arrival order.
        struct PersonAcc {
            new: bool,
            scores: Vec<(DateTime<Utc>, i64, f64)>,
        }
        let mut people: HashMap<i64, PersonAcc> = HashMap::new();
        for r in rows {
            let p = people.entry(r.person_id).or_insert(PersonAcc {
                new: r.person_first_arrival >= period.starts_at,
                scores: Vec::new(),
            });
            if let Some(m) = r.swemwbs_metric {
                p.scores.push((r.arrived_at, r.visit_id, m));
            }
        }
        let new_visitors = people.values().filter(|p| p.new).count() as u32;
        let changes: Vec<(f64, f64)> = people
            .values_mut()
            .filter(|p| p.scores.len() >= 2)
            .map(|p| {
                p.scores
                    .sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)));
                (p.scores[0].2, p.scores[p.scores.len() - 1].2)
            })
            .collect();

        let mut waits: Vec<i64> = rows
            .iter()
            .filter_map(|r| r.seen_at.map(|s| (s - r.arrived_at).num_minutes().max(0)))
            .collect();
        waits.sort_unstable();

        let both: Vec<(f64, f64)> = rows
            .iter()
            .filter_map(|r| Some((r.distress_arrival? as f64, r.distress_leaving? as f64)))
            .collect();

        let mut per_day: Vec<DayCount> = period
            .dates()
            .map(|date| DayCount { date, visits: 0 })
            .collect();
        for r in rows {
            let i = (r.service_date - period.first)
                .num_days()
                .clamp(0, per_day.len() as i64 - 1);
            per_day[i as usize].visits += 1;
        }

        let mut workers: Vec<WorkerLoad> = input
            .peers
            .iter()
            .filter(|p| p.active_assignments + p.sessions > 0)
            .map(|p| WorkerLoad {
                name: p.worker_name.clone(),
                active_assignments: p.active_assignments,
                sessions: p.sessions,
                minutes: p.minutes,
            })
            .collect();
        workers.sort_by_key(|w| w.name.to_lowercase());

        let visits = rows.len() as u32;
        let unique_visitors = people.len() as u32;
        let targets: Vec<(String, String, Option<i64>)> = input
            .triage_codes
            .iter()
            .map(|c| {
                let target = input
                    .triage_targets
                    .iter()
                    .find(|(code, _)| *code == c.code)
                    .and_then(|(_, t)| *t);
                (c.code.clone(), c.label.clone(), target)
            })
            .collect();
        let manager = manager::build(manager::ManagerInput {
            rows,
            unique_visitors,
            targets: &targets,
            safeguarding: &input.safeguarding,
            incident_kinds: &input.incident_kinds,
            directory: &input.directory,
            signposts: &input.signposts,
        });
        Report {
            manager,
            visits,
            unique_visitors,
            new_visitors,
            returning_visitors: unique_visitors - new_visitors,
            contact_modes: fixed(
                ContactMode::ALL,
                ContactMode::code,
                ContactMode::label,
                rows.iter().map(|r| Some(r.contact_mode)),
            ),
            referral_sources: breakdown(
                &input.referral_codes,
                rows.iter().map(|r| r.referral_code.as_deref()),
            ),
            triage: breakdown(
                &input.triage_codes,
                rows.iter().map(|r| r.triage_code.as_deref()),
            ),
            suitability: fixed(
                Suitability::ALL,
                Suitability::code,
                Suitability::label,
                rows.iter().map(|r| r.suitability),
            ),
            outcomes: fixed(
                Outcome::ALL,
                Outcome::code,
                Outcome::label,
                rows.iter().map(|r| r.outcome),
            ),
            waits: Waits {
                seen: waits.len() as u32,
                not_seen: visits - waits.len() as u32,
                median_minutes: nearest_rank(&waits, 50),
                p90_minutes: nearest_rank(&waits, 90),
            },
            distress: Distress {
                with_both: both.len() as u32,
                without_both: visits - both.len() as u32,
                mean_arrival: mean(both.iter().map(|b| b.0)),
                mean_leaving: mean(both.iter().map(|b| b.1)),
                mean_change: mean(both.iter().map(|b| b.1 - b.0)),
            },
            swemwbs: SwemwbsChange {
                people: changes.len() as u32,
                people_with_fewer: unique_visitors - changes.len() as u32,
                mean_first: mean(changes.iter().map(|c| c.0)),
                mean_last: mean(changes.iter().map(|c| c.1)),
                mean_change: mean(changes.iter().map(|c| c.1 - c.0)),
            },
            peers: PeerLoad {
                active_assignments: workers.iter().map(|w| w.active_assignments).sum(),
                sessions: workers.iter().map(|w| w.sessions).sum(),
                minutes: workers.iter().map(|w| w.minutes).sum(),
                workers,
            },
            per_day,
            period,
        }
    }
}

/// The two ways a report leaves the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportFormat {
    /// Aggregated, small numbers suppressed: for commissioners.
    Csv,
    /// Every figure, unsuppressed, with peer workers' names: for the service's own use only.
    Json,
}

impl std::str::FromStr for ReportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(ReportFormat::Csv),
            "json" => Ok(ReportFormat::Json),
            other => Err(format!(
                "\"{other}\" is not a report format; use csv or json."
            )),
        }
    }
}

impl fmt::Display for ReportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
        })
    }
}

/// The report as text: `Csv` for commissioners (aggregated, small counts suppressed, no names,
/// ids or free text; see `disclosure`), `Json` for the service's own use (unsuppressed).
pub fn report_text(report: &Report, format: ReportFormat) -> String {
    match format {
        ReportFormat::Csv => csv(report),
        ReportFormat::Json => json(report),
    }
}

/// Every figure of the report, unsuppressed, including peer workers' names and the day-by-day
/// series. **JSON is for the service itself** (its own analysis, on its own machines): it is
/// not safe to share, because small numbers are exact. Commissioners get the CSV.
pub fn json(report: &Report) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        notice: &'static str,
        /// The licence's copyright line, wherever SWEMWBS scores are reported.
        swemwbs_notice: &'static str,
        #[serde(flatten)]
        report: &'a Report,
    }
    let out = Out {
        notice: "Unsuppressed figures for the service's own use. Do not share: commissioners get \
                 the CSV, which suppresses small numbers.",
        swemwbs_notice: crate::domain::swemwbs::COPYRIGHT,
        report,
    };
    let mut text = serde_json::to_string_pretty(&out).expect("a report always serialises");
    text.push('\n');
    text
}

/// One CSV field: quoted when needed, and a leading =, +, -, @ (which spreadsheets read as a
/// formula) neutralised with an apostrophe.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

struct CsvOut(String);

impl CsvOut {
    fn row(&mut self, section: &str, item: &str, value: impl fmt::Display) {
        self.0.push_str(section);
        self.0.push(',');
        self.0.push_str(&field(item));
        self.0.push(',');
        self.0.push_str(&value.to_string());
        self.0.push('\n');
    }

    /// Cells that add up to `total`, suppressed together.
    fn group(&mut self, section: &str, total: u32, cells: &[(&str, u32)]) {
        let counts: Vec<u32> = cells.iter().map(|c| c.1).collect();
        for ((item, _), shown) in cells.iter().zip(disclosure::protect_group(total, &counts)) {
            self.row(section, item, shown);
        }
    }

    fn breakdown(&mut self, section: &str, total: u32, b: &Breakdown, none: Option<&str>) {
        let mut cells: Vec<(&str, u32)> =
            b.items.iter().map(|c| (c.code.as_str(), c.count)).collect();
        if let Some(none) = none {
            cells.push((none, b.not_recorded));
        }
        self.group(section, total, &cells);
    }

    /// A statistic of `n` values: "n/a" with none, "withheld" with fewer than 5.
    fn stat(&mut self, section: &str, item: &str, n: u32, value: Option<String>) {
        match value {
            _ if n == 0 => self.row(section, item, "n/a"),
            _ if n < 5 => self.row(section, item, Shown::Withheld),
            Some(v) => self.row(section, item, v),
            None => self.row(section, item, "n/a"),
        }
    }
}

fn decimals(v: Option<f64>, places: usize) -> Option<String> {
    v.map(|v| {
        let s = format!("{v:.places$}");
        // "-0.0" reads oddly; a change that rounds to nothing is 0.
        if s.trim_start_matches('-')
            .chars()
            .all(|c| c == '0' || c == '.')
        {
            s.trim_start_matches('-').to_string()
        } else {
            s
        }
    })
}

/// The aggregated CSV for commissioners: `section,item,value`, every row always present in the
/// same order (zeros included) so periods can be compared. Items are codes (referral reporting
/// codes, triage codes, suitability, outcome and contact codes) or fixed words; no names, ids or
/// free text. Counts are suppressed as `disclosure` describes; statistics (median and 90th
/// percentile wait, means) of fewer than 5 values are `withheld`, of none `n/a`.
pub fn csv(r: &Report) -> String {
    let mut w = CsvOut(String::from("section,item,value\n"));
    let p = &r.period;
    w.row("period", "kind", p.kind.code());
    w.row("period", "first_service_date", p.first.format("%Y-%m-%d"));
    w.row("period", "last_service_date", p.last.format("%Y-%m-%d"));
    w.row(
        "period",
        "from_utc",
        p.starts_at.format("%Y-%m-%dT%H:%M:%SZ"),
    );
    w.row("period", "to_utc", p.ends_at.format("%Y-%m-%dT%H:%M:%SZ"));
    w.row("visits", "total", disclosure::single(r.visits));
    w.row("visitors", "unique", disclosure::single(r.unique_visitors));
    w.group(
        "visitors",
        r.unique_visitors,
        &[("new", r.new_visitors), ("returning", r.returning_visitors)],
    );
    w.breakdown("contact_mode", r.visits, &r.contact_modes, None);
    w.breakdown(
        "referral_source",
        r.visits,
        &r.referral_sources,
        Some("not_recorded"),
    );
    w.breakdown("triage", r.visits, &r.triage, Some("not_triaged"));
    w.breakdown(
        "suitability",
        r.visits,
        &r.suitability,
        Some("not_recorded"),
    );
    w.breakdown("outcome", r.visits, &r.outcomes, Some("not_recorded"));
    w.group(
        "seen",
        r.visits,
        &[("seen", r.waits.seen), ("not_seen", r.waits.not_seen)],
    );
    let n = r.waits.seen;
    w.stat(
        "wait_minutes",
        "median",
        n,
        r.waits.median_minutes.map(|m| m.to_string()),
    );
    w.stat(
        "wait_minutes",
        "p90",
        n,
        r.waits.p90_minutes.map(|m| m.to_string()),
    );
    w.group(
        "distress",
        r.visits,
        &[
            ("with_both_scores", r.distress.with_both),
            ("without_both_scores", r.distress.without_both),
        ],
    );
    let n = r.distress.with_both;
    w.stat(
        "distress",
        "mean_arrival",
        n,
        decimals(r.distress.mean_arrival, 1),
    );
    w.stat(
        "distress",
        "mean_leaving",
        n,
        decimals(r.distress.mean_leaving, 1),
    );
    w.stat(
        "distress",
        "mean_change",
        n,
        decimals(r.distress.mean_change, 1),
    );
    w.group(
        "swemwbs",
        r.unique_visitors,
        &[
            ("people_with_two_or_more_scores", r.swemwbs.people),
            ("people_with_fewer_scores", r.swemwbs.people_with_fewer),
        ],
    );
    let n = r.swemwbs.people;
    w.stat(
        "swemwbs",
        "mean_first",
        n,
        decimals(r.swemwbs.mean_first, 2),
    );
    w.stat("swemwbs", "mean_last", n, decimals(r.swemwbs.mean_last, 2));
    w.stat(
        "swemwbs",
        "mean_change",
        n,
        decimals(r.swemwbs.mean_change, 2),
    );
    let peers = &r.peers;
    w.row(
        "peer_support",
        "workers_active",
        disclosure::single(peers.workers.len() as u32),
    );
    w.row(
        "peer_support",
        "assignments_active",
        disclosure::single(peers.active_assignments),
    );
    w.row(
        "peer_support",
        "sessions",
        disclosure::single(peers.sessions),
    );
    w.stat(
        "peer_support",
        "session_minutes",
        peers.sessions,
        Some(peers.minutes.to_string()),
    );
    let days: Vec<(String, u32)> = r
        .per_day
        .iter()
        .map(|d| (d.date.format("%Y-%m-%d").to_string(), d.visits))
        .collect();
    let cells: Vec<(&str, u32)> = days.iter().map(|(d, n)| (d.as_str(), *n)).collect();
    w.group("visits_by_day", r.visits, &cells);
    manager_csv(&mut w, r);
    w.0
}

/// The rows of `manager`'s figures, suppressed by the same rules.
fn manager_csv(w: &mut CsvOut, r: &Report) {
    let m = &r.manager;
    for t in &m.within_target {
        let within = format!("{}_within", t.code);
        let not_within = format!("{}_not_within", t.code);
        let shown = disclosure::protect_group(t.visits, &[t.within, t.not_within]);
        w.row(
            "within_target",
            &format!("{}_visits", t.code),
            disclosure::single(t.visits),
        );
        w.row("within_target", &within, shown[0]);
        w.row("within_target", &not_within, shown[1]);
        // A share from a suppressed count would give the count away.
        let share = if shown.iter().any(|s| s.is_suppressed()) {
            None
        } else {
            decimals(t.percent(), 1)
        };
        match share {
            None if t.visits > 0 => w.row(
                "within_target",
                &format!("{}_percent", t.code),
                Shown::Withheld,
            ),
            _ => w.stat(
                "within_target",
                &format!("{}_percent", t.code),
                t.visits,
                share,
            ),
        }
    }
    let hours: Vec<(String, u32)> = m
        .arrivals_by_hour
        .iter()
        .enumerate()
        .map(|(h, n)| (format!("{h:02}"), *n))
        .collect();
    let cells: Vec<(&str, u32)> = hours.iter().map(|(h, n)| (h.as_str(), *n)).collect();
    w.group("arrivals_by_hour", r.visits, &cells);
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let cells: Vec<(&str, u32)> = days
        .iter()
        .zip(&m.arrivals_by_weekday)
        .map(|(d, n)| (*d, *n))
        .collect();
    w.group("arrivals_by_weekday", r.visits, &cells);
    w.group(
        "length_of_stay",
        r.visits,
        &[("left", m.stay.left), ("not_left", m.stay.not_left)],
    );
    let n = m.stay.left;
    w.stat(
        "length_of_stay_minutes",
        "median",
        n,
        m.stay.median_minutes.map(|v| v.to_string()),
    );
    w.stat(
        "length_of_stay_minutes",
        "p90",
        n,
        m.stay.p90_minutes.map(|v| v.to_string()),
    );
    let s = &m.safeguarding;
    w.group(
        "safeguarding",
        r.visits,
        &[
            ("visits_with_concern", s.concerns),
            (
                "visits_without_concern",
                r.visits - s.concerns.min(r.visits),
            ),
        ],
    );
    w.group(
        "safeguarding_referral",
        r.visits,
        &[
            ("made", s.referrals_made),
            ("not_made", r.visits - s.referrals_made.min(r.visits)),
        ],
    );
    // A visit may have several categories: each is a count on its own.
    for c in &s.by_category {
        w.row(
            "safeguarding_category",
            &c.code,
            disclosure::single(c.count),
        );
    }
    // Kinds are typed text, so only the total leaves the service.
    w.row("incidents", "total", disclosure::single(m.incidents.total));
    for c in &m.signposts {
        w.row("signposted_to", &c.code, disclosure::single(c.count));
    }
    let cells: Vec<(&str, u32)> = m
        .swemwbs_completion
        .iter()
        .map(|c| (c.code.as_str(), c.count))
        .collect();
    w.row(
        "swemwbs_completion",
        "scored",
        disclosure::single(m.swemwbs_scored),
    );
    w.group("swemwbs_completion", m.swemwbs_scored, &cells);
    w.row(
        "swemwbs",
        "copyright",
        field(crate::domain::swemwbs::COPYRIGHT),
    );
    for q in &m.ons4 {
        let section = format!("ons4_{}", q.question);
        let mut cells: Vec<(&str, u32)> =
            q.bands.iter().map(|b| (b.code.as_str(), b.count)).collect();
        cells.push(("not_answered", q.not_answered));
        w.group(&section, r.visits, &cells);
        w.row(
            &section,
            "lower_is_better",
            if q.lower_is_better { "yes" } else { "no" },
        );
        w.stat(&section, "mean", q.answered, decimals(q.mean, 2));
        w.group(
            &section,
            r.unique_visitors,
            &[
                ("people_with_two_or_more", q.people),
                ("people_with_fewer", q.people_with_fewer),
            ],
        );
        w.stat(&section, "mean_first", q.people, decimals(q.mean_first, 2));
        w.stat(&section, "mean_last", q.people, decimals(q.mean_last, 2));
        w.stat(
            &section,
            "mean_change",
            q.people,
            decimals(q.mean_change, 2),
        );
        // On leaving, and the change within a visit (arrival to leaving).
        let leaving = format!("{section}_leaving");
        let mut cells: Vec<(&str, u32)> = q
            .leaving_bands
            .iter()
            .map(|b| (b.code.as_str(), b.count))
            .collect();
        cells.push(("not_answered", q.leaving_not_answered));
        w.group(&leaving, r.visits, &cells);
        w.stat(
            &leaving,
            "mean",
            q.leaving_answered,
            decimals(q.leaving_mean, 2),
        );
        let in_visit = format!("{section}_in_visit");
        w.group(
            &in_visit,
            r.visits,
            &[
                ("visits_with_both", q.visits_with_both),
                (
                    "visits_without_both",
                    r.visits - q.visits_with_both.min(r.visits),
                ),
            ],
        );
        let n = q.visits_with_both;
        w.stat(
            &in_visit,
            "mean_arrival",
            n,
            decimals(q.mean_arrival_in_visit, 2),
        );
        w.stat(
            &in_visit,
            "mean_leaving",
            n,
            decimals(q.mean_leaving_in_visit, 2),
        );
        w.stat(
            &in_visit,
            "mean_change",
            n,
            decimals(q.mean_change_in_visit, 2),
        );
    }
}

#[cfg(test)]
mod tests;
