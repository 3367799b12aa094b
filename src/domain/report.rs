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
pub mod disclosure;
pub mod manager;
pub mod period;

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

/// Counts codes in list order (zeros included), then codes the list lacks, sorted. Each code
/// comes with the record key of the visit it is on.
fn breakdown<'a>(
    list: &[Category],
    codes: impl Iterator<Item = (Option<&'a str>, u64)>,
) -> Breakdown {
    let mut counts: HashMap<&str, Cell> = HashMap::new();
    let mut not_recorded = Cell::default();
    for (code, key) in codes {
        match code.map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => {
                let e = counts.entry(c).or_default();
                *e = e.with(key);
            }
            None => not_recorded = not_recorded.with(key),
        }
    }
    let mut items: Vec<Count> = Vec::new();
    for c in list {
        if !items.iter().any(|i| i.code == c.code) {
            let cell = counts.get(c.code.as_str()).copied().unwrap_or_default();
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

/// The range one value can take, for the noise of a mean (see `disclosure::mean`).
const SWEMWBS_WIDTH: f64 = 28.0;
const DISTRESS_WIDTH: f64 = 10.0;
const ONS4_WIDTH: f64 = 10.0;
/// A peer session is 1 to 240 minutes.
const SESSION_MINUTES_WIDTH: f64 = 240.0;

fn cell(n: u32, key: CellKey) -> Cell {
    Cell { n, key }
}

impl CsvOut {
    fn row(&mut self, section: &str, item: &str, value: impl fmt::Display) {
        self.0.push_str(section);
        self.0.push(',');
        self.0.push_str(&field(item));
        self.0.push(',');
        self.0.push_str(&value.to_string());
        self.0.push('\n');
    }

    /// A count on its own, perturbed.
    fn count(&mut self, section: &str, item: &str, c: Cell) -> Shown {
        let shown = disclosure::single(c);
        self.row(section, item, shown);
        shown
    }

    /// Cells that add up to `total`, perturbed, or withheld together.
    fn group(&mut self, section: &str, total: Cell, cells: &[(&str, Cell)]) -> Vec<Shown> {
        let counts: Vec<Cell> = cells.iter().map(|c| c.1).collect();
        let shown = disclosure::protect_group(total, &counts);
        for ((item, _), s) in cells.iter().zip(&shown) {
            self.row(section, item, s);
        }
        shown
    }

    fn breakdown(&mut self, section: &str, total: Cell, b: &Breakdown, none: Option<&str>) {
        let mut cells: Vec<(&str, Cell)> = b
            .items
            .iter()
            .map(|c| (c.code.as_str(), c.cell()))
            .collect();
        if let Some(none) = none {
            cells.push((none, cell(b.not_recorded, b.not_recorded_key)));
        }
        self.group(section, total, &cells);
    }

    /// An order statistic (median, percentile) of `n` values: a value that happened, so only
    /// of `MIN_VALUES` or more; "n/a" with none.
    fn order_stat(&mut self, section: &str, item: &str, n: u32, value: Option<i64>) {
        match value {
            _ if n == 0 => self.row(section, item, "n/a"),
            _ if n < disclosure::MIN_VALUES => self.row(section, item, Shown::Withheld),
            Some(v) => self.row(section, item, v),
            None => self.row(section, item, "n/a"),
        }
    }

    /// A mean of `sum`'s values, perturbed (`disclosure::mean`): "n/a" with none, "withheld"
    /// with fewer than `MIN_VALUES`. Every mean in the CSV goes through here. Returns what was
    /// published.
    fn mean(
        &mut self,
        section: &str,
        item: &str,
        sum: &Sum,
        width: f64,
        places: usize,
    ) -> Option<f64> {
        let column = format!("{section},{item}");
        let value = (sum.n >= disclosure::MIN_VALUES)
            .then(|| disclosure::mean(sum, &column, width))
            .flatten()
            .map(|v| round_to(v, places));
        self.published(section, item, sum.n, value, places);
        value
    }

    /// A statistic already protected (derived from published figures only).
    fn published(&mut self, section: &str, item: &str, n: u32, v: Option<f64>, places: usize) {
        match v {
            _ if n == 0 => self.row(section, item, "n/a"),
            _ if n < disclosure::MIN_VALUES => self.row(section, item, Shown::Withheld),
            Some(v) => self.row(section, item, decimals(Some(v), places).unwrap_or_default()),
            None => self.row(section, item, "n/a"),
        }
    }

    /// A mean change over people with a first and a last value: the published last mean minus
    /// the published first, so it tells nothing the two do not.
    #[allow(clippy::too_many_arguments)]
    fn mean_change(
        &mut self,
        section: &str,
        items: [&str; 3],
        first: &Sum,
        last: &Sum,
        width: f64,
        places: usize,
    ) {
        let f = self.mean(section, items[0], first, width, places);
        let l = self.mean(section, items[1], last, width, places);
        let change = f.zip(l).map(|(f, l)| round_to(l - f, places));
        self.published(section, items[2], first.n, change, places);
    }
}

fn round_to(v: f64, places: usize) -> f64 {
    let m = 10f64.powi(places as i32);
    (v * m).round() / m
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
/// free text. Every count is perturbed by its cell key (a multiple of 5, within 4 of the
/// truth; 0 means 0 to 4) and groups whose figures would pin a cell are withheld, as
/// `disclosure` describes; means are perturbed and, like the other statistics (median and 90th
/// percentile wait), given only over 5 or more values (`withheld` under, `n/a` with none).
pub fn csv(r: &Report) -> String {
    let mut w = CsvOut(String::from("section,item,value\n"));
    let k = &r.keys;
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
    let visits = cell(r.visits, k.visits);
    let unique = cell(r.unique_visitors, k.unique_visitors);
    w.count("visits", "total", visits);
    w.count("visitors", "unique", unique);
    let new = cell(r.new_visitors, k.new_visitors);
    w.group(
        "visitors",
        unique,
        &[("new", new), ("returning", unique.minus(new))],
    );
    w.breakdown("contact_mode", visits, &r.contact_modes, None);
    w.breakdown(
        "referral_source",
        visits,
        &r.referral_sources,
        Some("not_recorded"),
    );
    w.breakdown("triage", visits, &r.triage, Some("not_triaged"));
    w.breakdown("suitability", visits, &r.suitability, Some("not_recorded"));
    w.breakdown("outcome", visits, &r.outcomes, Some("not_recorded"));
    let seen = cell(r.waits.seen, k.seen);
    w.group(
        "seen",
        visits,
        &[("seen", seen), ("not_seen", visits.minus(seen))],
    );
    let n = r.waits.seen;
    w.order_stat("wait_minutes", "median", n, r.waits.median_minutes);
    w.order_stat("wait_minutes", "p90", n, r.waits.p90_minutes);
    let both = cell(r.distress.with_both, k.distress_both);
    w.group(
        "distress",
        visits,
        &[
            ("with_both_scores", both),
            ("without_both_scores", visits.minus(both)),
        ],
    );
    w.mean_change(
        "distress",
        ["mean_arrival", "mean_leaving", "mean_change"],
        &k.distress_arrival,
        &k.distress_leaving,
        DISTRESS_WIDTH,
        1,
    );
    let people = cell(r.swemwbs.people, k.swemwbs_people);
    w.group(
        "swemwbs",
        unique,
        &[
            ("people_with_two_or_more_scores", people),
            ("people_with_fewer_scores", unique.minus(people)),
        ],
    );
    w.mean_change(
        "swemwbs",
        ["mean_first", "mean_last", "mean_change"],
        &k.swemwbs_first,
        &k.swemwbs_last,
        SWEMWBS_WIDTH,
        2,
    );
    let peers = &r.peers;
    w.count(
        "peer_support",
        "workers_active",
        cell(peers.workers.len() as u32, k.workers),
    );
    w.count(
        "peer_support",
        "assignments_active",
        cell(peers.active_assignments, k.assignments),
    );
    w.count("peer_support", "sessions", cell(peers.sessions, k.sessions));
    let minutes = (k.session_minutes.n >= disclosure::MIN_VALUES)
        .then(|| {
            disclosure::perturbed_sum(
                &k.session_minutes,
                "peer_support,session_minutes",
                SESSION_MINUTES_WIDTH,
            )
        })
        .flatten()
        .map(|m| m.round().max(0.0));
    w.published(
        "peer_support",
        "session_minutes",
        k.session_minutes.n,
        minutes,
        0,
    );
    let days: Vec<(String, Cell)> = r
        .per_day
        .iter()
        .map(|d| (d.date.format("%Y-%m-%d").to_string(), cell(d.visits, d.key)))
        .collect();
    let cells: Vec<(&str, Cell)> = days.iter().map(|(d, c)| (d.as_str(), *c)).collect();
    w.group("visits_by_day", visits, &cells);
    manager_csv(&mut w, r, visits, unique);
    w.0
}

/// The rows of `manager`'s figures, protected by the same rules.
fn manager_csv(w: &mut CsvOut, r: &Report, visits: Cell, unique: Cell) {
    let m = &r.manager;
    for t in &m.within_target {
        let all = cell(t.visits, t.keys.0);
        let within = cell(t.within, t.keys.1);
        let total = w.count("within_target", &format!("{}_visits", t.code), all);
        let shown = w.group(
            "within_target",
            all,
            &[
                (&format!("{}_within", t.code), within),
                (&format!("{}_not_within", t.code), all.minus(within)),
            ],
        );
        // The share is worked out from the published counts, so it gives nothing more away.
        let share = match (total.count(), shown[0].count()) {
            (Some(v), Some(wi)) if v > 0 => Some((100.0 * f64::from(wi) / f64::from(v)).min(100.0)),
            _ => None,
        };
        let item = format!("{}_percent", t.code);
        match share {
            None if t.visits >= disclosure::MIN_VALUES => {
                w.row("within_target", &item, Shown::Withheld)
            }
            _ => w.published("within_target", &item, t.visits, share, 1),
        }
    }
    let hours: Vec<(String, Cell)> = m
        .arrivals_by_hour
        .iter()
        .zip(&m.keys.by_hour)
        .enumerate()
        .map(|(h, (n, k))| (format!("{h:02}"), cell(*n, *k)))
        .collect();
    let cells: Vec<(&str, Cell)> = hours.iter().map(|(h, c)| (h.as_str(), *c)).collect();
    w.group("arrivals_by_hour", visits, &cells);
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let cells: Vec<(&str, Cell)> = days
        .iter()
        .zip(m.arrivals_by_weekday.iter().zip(&m.keys.by_weekday))
        .map(|(d, (n, k))| (*d, cell(*n, *k)))
        .collect();
    w.group("arrivals_by_weekday", visits, &cells);
    let left = cell(m.stay.left, m.keys.stay_left);
    w.group(
        "length_of_stay",
        visits,
        &[("left", left), ("not_left", visits.minus(left))],
    );
    let n = m.stay.left;
    w.order_stat("length_of_stay_minutes", "median", n, m.stay.median_minutes);
    w.order_stat("length_of_stay_minutes", "p90", n, m.stay.p90_minutes);
    let s = &m.safeguarding;
    let concerns = cell(s.concerns, m.keys.concerns);
    w.group(
        "safeguarding",
        visits,
        &[
            ("visits_with_concern", concerns),
            ("visits_without_concern", visits.minus(concerns)),
        ],
    );
    let made = cell(s.referrals_made, m.keys.referrals_made);
    w.group(
        "safeguarding_referral",
        visits,
        &[("made", made), ("not_made", visits.minus(made))],
    );
    // A visit may have several categories: each is a count on its own.
    for c in &s.by_category {
        w.count("safeguarding_category", &c.code, c.cell());
    }
    // Kinds are typed text, so only the total leaves the service.
    w.count(
        "incidents",
        "total",
        cell(m.incidents.total, m.keys.incidents),
    );
    for c in &m.signposts {
        w.count("signposted_to", &c.code, c.cell());
    }
    let cells: Vec<(&str, Cell)> = m
        .swemwbs_completion
        .iter()
        .map(|c| (c.code.as_str(), c.cell()))
        .collect();
    let scored = cell(m.swemwbs_scored, m.keys.swemwbs_scored);
    w.count("swemwbs_completion", "scored", scored);
    w.group("swemwbs_completion", scored, &cells);
    w.row(
        "swemwbs",
        "copyright",
        field(crate::domain::swemwbs::COPYRIGHT),
    );
    for q in &m.ons4 {
        let section = format!("ons4_{}", q.question);
        let answered = cell(q.answered, q.keys.answered);
        let mut cells: Vec<(&str, Cell)> = q
            .bands
            .iter()
            .map(|b| (b.code.as_str(), b.cell()))
            .collect();
        cells.push(("not_answered", visits.minus(answered)));
        w.group(&section, visits, &cells);
        w.row(
            &section,
            "lower_is_better",
            if q.lower_is_better { "yes" } else { "no" },
        );
        w.mean(&section, "mean", &q.keys.answers, ONS4_WIDTH, 2);
        let people = cell(q.people, q.keys.people);
        w.group(
            &section,
            unique,
            &[
                ("people_with_two_or_more", people),
                ("people_with_fewer", unique.minus(people)),
            ],
        );
        w.mean_change(
            &section,
            ["mean_first", "mean_last", "mean_change"],
            &q.keys.first,
            &q.keys.last,
            ONS4_WIDTH,
            2,
        );
        // On leaving, and the change within a visit (arrival to leaving): the change is the
        // published leaving mean minus the published arrival mean over the same visits.
        let leaving = format!("{section}_leaving");
        let answered = cell(q.leaving_answered, q.keys.leaving_answered);
        let mut cells: Vec<(&str, Cell)> = q
            .leaving_bands
            .iter()
            .map(|b| (b.code.as_str(), b.cell()))
            .collect();
        cells.push(("not_answered", visits.minus(answered)));
        w.group(&leaving, visits, &cells);
        w.mean(&leaving, "mean", &q.keys.leaving, ONS4_WIDTH, 2);
        let in_visit = format!("{section}_in_visit");
        let both = cell(q.visits_with_both, q.keys.with_both);
        w.group(
            &in_visit,
            visits,
            &[
                ("visits_with_both", both),
                ("visits_without_both", visits.minus(both)),
            ],
        );
        w.mean_change(
            &in_visit,
            ["mean_arrival", "mean_leaving", "mean_change"],
            &q.keys.arrival_in_visit,
            &q.keys.leaving_in_visit,
            ONS4_WIDTH,
            2,
        );
    }
}

#[cfg(test)]
mod tests;
