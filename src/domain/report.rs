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
//! `report_text` renders a report as CSV (aggregated, every count rounded at random to a multiple
//! of 5 by cell-key perturbation, means perturbed: see `disclosure`, which also says why that
//! holds against files for overlapping periods) for commissioners, or as JSON (every figure,
//! exact) for the service's own use. The `Report`'s figures are exact (the Reports pane shows
//! them); the keys the CSV perturbs with ride along unserialised.

#![allow(
    clippy::indexing_slicing,
    reason = "figures index sorted samples and per-day tables sized from the same period; tests/reports.rs checks them by hand"
)]

mod build;
mod csv;
pub mod disclosure;
pub mod manager;
pub mod period;
mod side;

pub use build::VisitFigures;
pub use csv::csv;
pub use disclosure::{Cell, CellKey, Shown, Sum};
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
    /// When the person first ever arrived, if that was within the report's period (they are
    /// new in it); None when they first came before it.
    pub person_first_arrival: Option<DateTime<Utc>>,
    pub contact_mode: ContactMode,
    /// Shared text: a period's visits carry a handful of codes, so the store makes each once.
    pub referral_code: Option<std::sync::Arc<str>>,
    pub triage_code: Option<std::sync::Arc<str>>,
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
    pub worker_id: i64,
    pub worker_name: String,
    pub active_assignments: u32,
    pub sessions: u32,
    pub minutes: u32,
    /// The ids of the assignments and sessions counted (for record keys).
    pub assignment_ids: Vec<i64>,
    pub session_ids: Vec<i64>,
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
    /// The database's secret for record keys (`disclosure::record_key`); the store supplies it.
    pub key_secret: Vec<u8>,
    /// Listed in this order (with zeros), then any other code found in the visits.
    pub referral_codes: Vec<Category>,
    pub triage_codes: Vec<Category>,
    /// Each triage code's target time (minutes), None for a code without one.
    pub triage_targets: Vec<(String, Option<i64>)>,
    /// Safeguarding recorded on the period's visits.
    pub safeguarding: Vec<SafeguardingRow>,
    /// The id and kind of each incident logged from the period's visits.
    pub incident_kinds: Vec<(i64, String)>,
    /// Directory entry names in list order; the visit id, entry id and entry name of each
    /// signposting of the period's visits.
    pub directory: Vec<String>,
    pub signposts: Vec<(i64, i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: u32,
    /// The key of the records counted (for the CSV's perturbation; not serialised).
    #[serde(skip)]
    pub key: CellKey,
}

impl Count {
    pub fn cell(&self) -> Cell {
        Cell {
            n: self.count,
            key: self.key,
        }
    }
}

/// Counts by category; `items` and `not_recorded` add up to the visits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    pub items: Vec<Count>,
    pub not_recorded: u32,
    #[serde(skip)]
    pub not_recorded_key: CellKey,
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
    #[serde(skip)]
    pub key: CellKey,
}

/// The cell keys and sums behind the CSV's perturbed figures (see `disclosure`). Complements
/// (returning visitors, visits not seen...) are the whole minus the part.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportKeys {
    /// Whether the keys come from the database's secret. Without one (a read-only database
    /// that has none yet) no CSV may be made: keys would be guessable from ids.
    pub keyed: bool,
    pub visits: CellKey,
    pub unique_visitors: CellKey,
    pub new_visitors: CellKey,
    pub seen: CellKey,
    pub distress_both: CellKey,
    pub distress_arrival: Sum,
    pub distress_leaving: Sum,
    pub swemwbs_people: CellKey,
    pub swemwbs_first: Sum,
    pub swemwbs_last: Sum,
    pub workers: CellKey,
    pub assignments: CellKey,
    pub sessions: CellKey,
    pub session_minutes: Sum,
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
    #[serde(skip)]
    pub keys: ReportKeys,
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

/// A map keyed by record id. The ids come from the service's own database, so the maps a report
/// builds (tens of thousands of lookups for a year) use a multiplicative hash instead of the
/// default one, whose defence against chosen keys they do not need.
pub type IdMap<V> = HashMap<i64, V, std::hash::BuildHasherDefault<IdHasher>>;

/// The hash of `IdMap` (FxHash's step: a rotate, an xor and a multiply per word).
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.add(u64::from(*b));
        }
    }
    fn write_i64(&mut self, n: i64) {
        self.add(u64::from_ne_bytes(n.to_ne_bytes()));
    }
}

/// Counts codes in list order (zeros included), then codes the list lacks, sorted. Each code
/// comes with the record key of the visit it is on.
fn breakdown<'a>(
    list: &[Category],
    codes: impl Iterator<Item = (Option<&'a str>, u64)>,
) -> Breakdown {
    // A handful of codes: a list searched in place beats hashing every visit's.
    let mut counts: Vec<(&str, Cell)> = Vec::new();
    let mut not_recorded = Cell::default();
    for (code, key) in codes {
        match code.map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => match counts.iter_mut().find(|(known, _)| *known == c) {
                Some((_, cell)) => *cell = cell.with(key),
                None => counts.push((c, Cell::default().with(key))),
            },
            None => not_recorded = not_recorded.with(key),
        }
    }
    let mut items: Vec<Count> = Vec::new();
    for c in list {
        if !items.iter().any(|i| i.code == c.code) {
            let cell = counts
                .iter()
                .find(|(code, _)| *code == c.code)
                .map_or_else(Cell::default, |(_, cell)| *cell);
            items.push(Count {
                code: c.code.clone(),
                label: c.label.clone(),
                count: cell.n,
                key: cell.key,
            });
        }
    }
    let mut extra: Vec<(&str, Cell)> = counts
        .into_iter()
        .filter(|(code, _)| !items.iter().any(|i| i.code == *code))
        .collect();
    extra.sort_by_key(|(code, _)| *code);
    items.extend(extra.into_iter().map(|(code, cell)| Count {
        code: code.to_string(),
        label: code.to_string(),
        count: cell.n,
        key: cell.key,
    }));
    Breakdown {
        items,
        not_recorded: not_recorded.n,
        not_recorded_key: not_recorded.key,
    }
}

fn fixed<T: Copy + PartialEq>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    values: impl Iterator<Item = (Option<T>, u64)>,
) -> Breakdown {
    let mut cells = vec![Cell::default(); all.len()];
    let mut not_recorded = Cell::default();
    for (v, key) in values {
        match v.and_then(|v| all.iter().position(|a| *a == v)) {
            Some(i) => cells[i] = cells[i].with(key),
            None => not_recorded = not_recorded.with(key),
        }
    }
    Breakdown {
        items: all
            .iter()
            .zip(cells)
            .map(|(v, cell)| Count {
                code: code(*v).into(),
                label: label(*v).into(),
                count: cell.n,
                key: cell.key,
            })
            .collect(),
        not_recorded: not_recorded.n,
        not_recorded_key: not_recorded.key,
    }
}

/// The two ways a report leaves the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportFormat {
    /// Aggregated, counts and means perturbed: for commissioners.
    Csv,
    /// Every figure, exact, with peer workers' names: for the service's own use only.
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

/// The report as text: `Csv` for commissioners (aggregated, perturbed, no names, ids or free
/// text; see `disclosure`), `Json` for the service's own use (exact).
pub fn report_text(report: &Report, format: ReportFormat) -> String {
    match format {
        ReportFormat::Csv => csv(report),
        ReportFormat::Json => json(report),
    }
}

/// Every figure of the report, exact, including peer workers' names and the day-by-day series
/// (never the record or cell keys). **JSON is for the service itself** (its own analysis, on
/// its own machines): it is not safe to share, because small numbers are exact. Commissioners
/// get the CSV.
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
        notice: "Exact figures for the service's own use. Do not share: commissioners get the \
                 CSV, whose counts and means are perturbed.",
        swemwbs_notice: crate::domain::swemwbs::COPYRIGHT,
        report,
    };
    let mut text = serde_json::to_string_pretty(&out).expect("a report always serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests;
