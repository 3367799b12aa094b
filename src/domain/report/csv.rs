//! The aggregated CSV for commissioners, written row by row with every count perturbed and
//! every group that would pin a cell withheld (see `disclosure`).

use super::manager::{ManagerFigures, Ons4Figures};
use super::{Breakdown, Cell, CellKey, Period, Report, Shown, Sum, disclosure};
use std::fmt;

/// One CSV field: quoted when needed, and a leading =, +, -, @ (which spreadsheets read as a
/// formula) neutralised with an apostrophe.
pub(super) fn field(s: &str) -> String {
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
    period_rows(&mut w, &r.period);
    let (visits, unique) = visitor_rows(&mut w, r);
    breakdown_rows(&mut w, r, visits);
    wait_and_wellbeing_rows(&mut w, r, visits, unique);
    peer_rows(&mut w, r);
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

/// The period's kind, service dates and instants.
fn period_rows(w: &mut CsvOut, p: &Period) {
    w.row("period", "kind", p.kind.code());
    w.row("period", "first_service_date", p.first.format("%Y-%m-%d"));
    w.row("period", "last_service_date", p.last.format("%Y-%m-%d"));
    w.row(
        "period",
        "from_utc",
        p.starts_at.format("%Y-%m-%dT%H:%M:%SZ"),
    );
    w.row("period", "to_utc", p.ends_at.format("%Y-%m-%dT%H:%M:%SZ"));
}

/// Visits and visitors (new and returning); returns the visits and unique visitors cells the
/// other groups are parts of.
fn visitor_rows(w: &mut CsvOut, r: &Report) -> (Cell, Cell) {
    let k = &r.keys;
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
    (visits, unique)
}

/// The visits by contact mode, referral source, triage code, suitability and outcome.
fn breakdown_rows(w: &mut CsvOut, r: &Report, visits: Cell) {
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
}

/// Who was seen and how long they waited, distress on arrival and leaving, SWEMWBS change.
fn wait_and_wellbeing_rows(w: &mut CsvOut, r: &Report, visits: Cell, unique: Cell) {
    let k = &r.keys;
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
}

/// Peer support: workers, assignments, sessions and their minutes.
fn peer_rows(w: &mut CsvOut, r: &Report) {
    let k = &r.keys;
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
}

/// The rows of `manager`'s figures, protected by the same rules.
fn manager_csv(w: &mut CsvOut, r: &Report, visits: Cell, unique: Cell) {
    let m = &r.manager;
    target_rows(w, m);
    arrival_rows(w, m, visits);
    safeguarding_rows(w, m, visits);
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
        ons4_rows(w, q, visits, unique);
    }
}

/// Each triage code's visits seen within its target, and the share.
fn target_rows(w: &mut CsvOut, m: &ManagerFigures) {
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
}

/// Arrivals by hour and by weekday, and how long visitors stayed.
fn arrival_rows(w: &mut CsvOut, m: &ManagerFigures, visits: Cell) {
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
}

/// Safeguarding concerns and referrals, incidents, and where visitors were signposted.
fn safeguarding_rows(w: &mut CsvOut, m: &ManagerFigures, visits: Cell) {
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
}

/// One ONS4 question: its bands on arrival, its mean, the change over a person's visits, on
/// leaving, and within a visit.
fn ons4_rows(w: &mut CsvOut, q: &Ons4Figures, visits: Cell, unique: Cell) {
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
