//! The figures a service manager asks for, beyond activity (issue 18). Definitions (README
//! "Reports" repeats them):
//! - **seen within target**: per triage code that has a target time, of the visits triaged
//!   with it, those seen (a seen time) no later than arrival + the target; a visit seen later,
//!   or never seen, is not within. The code's target is the one in force when the report is
//!   made. A code without a target is not listed.
//! - **arrivals by hour / weekday**: visits by the hour (00-23) and weekday of their arrival in
//!   the service's time zone.
//! - **length of stay**: from arrival to leaving (the left time, whatever the way out), whole
//!   minutes, over visits with a left time; median and 90th percentile by nearest rank.
//! - **safeguarding**: visits with a concern recorded (a Care Act category or "other"), visits
//!   with a safeguarding referral made, and visits per category (a visit may have several).
//! - **incidents**: incidents logged from the period's visits, in all and by kind as typed
//!   (trimmed, case ignored).
//! - **signposting**: visits signposted to each directory entry (a visit may have several); in
//!   the CSV each entry is named by `slug` of its name (a service, never a person).
//! - **SWEMWBS completion**: of visits with a SWEMWBS, how it was completed.
//! - **ONS4**: per question, visits answering it on arrival, their mean, the ONS threshold bands
//!   counted, and for each person answering it on two or more visits, last − first (for anxiety
//!   lower is better, so a fall is an improvement). The same answered / mean / bands on leaving
//!   (where the service asks it), and over the visits answering it both on arrival and on
//!   leaving, the mean of each and the mean change within the visit (leaving − arrival).

use super::disclosure::{self, Cell, CellKey, Sum};
use super::{Count, VisitRow, mean, nearest_rank};
use crate::domain::ons4::{Question, change_in_visit};
use crate::domain::swemwbs::Completion;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// Safeguarding recorded on one of the period's visits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeguardingRow {
    pub visit_id: i64,
    /// Care Act category codes.
    pub categories: Vec<String>,
    pub other: bool,
    pub referral_made: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TargetShare {
    pub code: String,
    pub label: String,
    pub target_minutes: i64,
    /// Visits triaged with this code.
    pub visits: u32,
    pub within: u32,
    pub not_within: u32,
    /// The keys of the visits triaged with the code, and of those within (not serialised).
    #[serde(skip)]
    pub keys: (CellKey, CellKey),
}

impl TargetShare {
    /// The share within target, in percent.
    pub fn percent(&self) -> Option<f64> {
        (self.visits > 0).then(|| 100.0 * self.within as f64 / self.visits as f64)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stay {
    /// Visits with a left time.
    pub left: u32,
    pub not_left: u32,
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SafeguardingFigures {
    pub concerns: u32,
    pub referrals_made: u32,
    /// Visits per Care Act category, in the guidance's order.
    pub by_category: Vec<Count>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IncidentFigures {
    pub total: u32,
    /// By kind as typed (trimmed, lower case), most first then by kind. Free text: the CSV
    /// gives only the total.
    pub by_kind: Vec<Count>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ons4Figures {
    pub question: String,
    pub label: String,
    pub lower_is_better: bool,
    pub answered: u32,
    pub not_answered: u32,
    pub mean: Option<f64>,
    /// The ONS threshold bands, lowest first.
    pub bands: Vec<Count>,
    /// People who answered it on two or more visits in the period.
    pub people: u32,
    pub people_with_fewer: u32,
    pub mean_first: Option<f64>,
    pub mean_last: Option<f64>,
    /// Mean of (last − first).
    pub mean_change: Option<f64>,
    /// On leaving, where the service asks it: visits answering it, their mean, the bands.
    pub leaving_answered: u32,
    pub leaving_not_answered: u32,
    pub leaving_mean: Option<f64>,
    pub leaving_bands: Vec<Count>,
    /// Visits answering it both on arrival and on leaving.
    pub visits_with_both: u32,
    /// Over those visits: the mean on arrival, on leaving, and of (leaving − arrival).
    pub mean_arrival_in_visit: Option<f64>,
    pub mean_leaving_in_visit: Option<f64>,
    pub mean_change_in_visit: Option<f64>,
    #[serde(skip)]
    pub keys: Ons4Keys,
}

/// The keys and sums behind an ONS4 question's perturbed CSV figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ons4Keys {
    pub answered: CellKey,
    pub people: CellKey,
    pub answers: Sum,
    pub first: Sum,
    pub last: Sum,
    /// On leaving: the visits answering it, and their answers.
    pub leaving_answered: CellKey,
    pub leaving: Sum,
    /// The visits answering it on arrival and on leaving, and their answers at each.
    pub with_both: CellKey,
    pub arrival_in_visit: Sum,
    pub leaving_in_visit: Sum,
}

/// The keys behind the manager's perturbed CSV counts; complements are the visits' key minus
/// these.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManagerKeys {
    pub by_hour: Vec<CellKey>,
    pub by_weekday: Vec<CellKey>,
    pub stay_left: CellKey,
    pub concerns: CellKey,
    pub referrals_made: CellKey,
    pub incidents: CellKey,
    pub swemwbs_scored: CellKey,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ManagerFigures {
    pub within_target: Vec<TargetShare>,
    /// 24 counts, hour 00 first.
    pub arrivals_by_hour: Vec<u32>,
    /// 7 counts, Monday first.
    pub arrivals_by_weekday: Vec<u32>,
    pub stay: Stay,
    pub safeguarding: SafeguardingFigures,
    pub incidents: IncidentFigures,
    pub signposts: Vec<Count>,
    /// Of visits with a SWEMWBS: by the visitor, with help, read out, not recorded.
    pub swemwbs_completion: Vec<Count>,
    pub swemwbs_scored: u32,
    pub ons4: Vec<Ons4Figures>,
    #[serde(skip)]
    pub keys: ManagerKeys,
}

pub(super) struct ManagerInput<'a> {
    pub rows: &'a [VisitRow],
    /// Each row's record key.
    pub visit_keys: &'a [u64],
    pub secret: &'a [u8],
    pub unique_visitors: Cell,
    /// The record key of each person in `rows`, by the person's index, and each row's person's
    /// index.
    pub person_keys: &'a [u64],
    pub person_of_row: &'a [u32],
    /// Each triage code with its label and target, in list order.
    pub targets: &'a [(String, String, Option<i64>)],
    pub safeguarding: &'a [SafeguardingRow],
    pub incident_kinds: &'a [(i64, String)],
    /// Directory entry names, in list order, and the visit, entry and entry name of each
    /// signposting.
    pub directory: &'a [String],
    pub signposts: &'a [(i64, i64, String)],
}

/// A directory entry's name as a CSV item: lower case letters and digits, runs of anything else
/// as one "_" ("NHS 111, the mental health option" → "nhs_111_the_mental_health_option").
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_minutes().max(0)
}

pub(super) fn build(input: ManagerInput<'_>) -> ManagerFigures {
    let rows = input.rows;
    let keys = input.visit_keys;
    let (by_hour, by_weekday) = arrivals(rows, keys);
    let mut stays: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.left_at.map(|l| minutes(r.arrived_at, l)))
        .collect();
    stays.sort_unstable();
    let stay_left = CellKey::of(
        rows.iter()
            .zip(keys)
            .filter(|(r, _)| r.left_at.is_some())
            .map(|(_, k)| *k),
    );
    let (safeguarding, concerns, referrals_made) = safeguarding(&input);
    let (by_kind, incidents) = incidents(&input);
    let scored: Vec<(&VisitRow, u64)> = rows
        .iter()
        .zip(keys)
        .filter(|(r, _)| r.swemwbs_metric.is_some())
        .map(|(r, k)| (r, *k))
        .collect();
    let mut slots = Vec::new();
    let ons4 = Question::ALL
        .iter()
        .map(|q| ons4_figures(*q, rows, keys, &input, &mut slots))
        .collect();
    ManagerFigures {
        keys: ManagerKeys {
            by_hour: by_hour.iter().map(|c| c.key).collect(),
            by_weekday: by_weekday.iter().map(|c| c.key).collect(),
            stay_left,
            concerns,
            referrals_made,
            incidents,
            swemwbs_scored: CellKey::of(scored.iter().map(|(_, k)| *k)),
        },
        within_target: within_target(&input),
        arrivals_by_hour: by_hour.iter().map(|c| c.n).collect(),
        arrivals_by_weekday: by_weekday.iter().map(|c| c.n).collect(),
        stay: Stay {
            left: stays.len() as u32,
            not_left: rows.len() as u32 - stays.len() as u32,
            median_minutes: nearest_rank(&stays, 50),
            p90_minutes: nearest_rank(&stays, 90),
        },
        safeguarding,
        incidents: IncidentFigures {
            total: input.incident_kinds.len() as u32,
            by_kind,
        },
        signposts: signposts(&input),
        swemwbs_scored: scored.len() as u32,
        swemwbs_completion: swemwbs_completion(&scored),
        ons4,
    }
}

/// For each triage code with a target, its visits and those seen within the target.
fn within_target(input: &ManagerInput<'_>) -> Vec<TargetShare> {
    let (rows, keys) = (input.rows, input.visit_keys);
    input
        .targets
        .iter()
        .filter_map(|(code, label, target)| {
            let target = (*target)?;
            let with_code: Vec<(&VisitRow, u64)> = rows
                .iter()
                .zip(keys)
                .filter(|(r, _)| r.triage_code.as_deref().map(str::trim) == Some(code.as_str()))
                .map(|(r, k)| (r, *k))
                .collect();
            let within = Cell::of(
                with_code
                    .iter()
                    .filter(|(r, _)| {
                        r.seen_at
                            .is_some_and(|s| s - r.arrived_at <= Duration::minutes(target))
                    })
                    .map(|(_, k)| *k),
            );
            let all = Cell::of(with_code.iter().map(|(_, k)| *k));
            Some(TargetShare {
                code: code.clone(),
                label: label.clone(),
                target_minutes: target,
                visits: all.n,
                within: within.n,
                not_within: all.n - within.n,
                keys: (all.key, within.key),
            })
        })
        .collect()
}

/// Arrivals by local hour (24) and by weekday (Monday first).
fn arrivals(rows: &[VisitRow], keys: &[u64]) -> (Vec<Cell>, [Cell; 7]) {
    let mut by_hour = vec![Cell::default(); 24];
    let mut by_weekday = [Cell::default(); 7];
    for (r, k) in rows.iter().zip(keys) {
        let h = usize::from(r.local_hour.min(23));
        by_hour[h] = by_hour[h].with(*k);
        let d = r.local_weekday.num_days_from_monday() as usize;
        by_weekday[d] = by_weekday[d].with(*k);
    }
    (by_hour, by_weekday)
}

/// Safeguarding concerns, referrals and Care Act categories, with the keys of the visits with
/// a concern and with a referral made.
fn safeguarding(input: &ManagerInput<'_>) -> (SafeguardingFigures, CellKey, CellKey) {
    let key_of: super::IdMap<u64> = input
        .rows
        .iter()
        .map(|r| r.visit_id)
        .zip(input.visit_keys.iter().copied())
        .collect();
    let visit_key = |id: i64| {
        key_of
            .get(&id)
            .copied()
            .unwrap_or_else(|| disclosure::record_key(input.secret, "visit", &[id]))
    };
    let sg_key = |f: &dyn Fn(&SafeguardingRow) -> bool| {
        Cell::of(
            input
                .safeguarding
                .iter()
                .filter(|s| f(s))
                .map(|s| visit_key(s.visit_id)),
        )
    };

    let categories = crate::domain::visit::CareActCategory::ALL;
    let safeguarding = SafeguardingFigures {
        concerns: input
            .safeguarding
            .iter()
            .filter(|s| s.other || !s.categories.is_empty())
            .count() as u32,
        referrals_made: input
            .safeguarding
            .iter()
            .filter(|s| s.referral_made)
            .count() as u32,
        by_category: categories
            .iter()
            .map(|c| {
                let cell = sg_key(&|s| s.categories.iter().any(|x| x == c.code()));
                Count {
                    code: c.code().into(),
                    label: c.label().into(),
                    count: cell.n,
                    key: cell.key,
                }
            })
            .collect(),
    };
    let concerns = sg_key(&|s| s.other || !s.categories.is_empty()).key;
    let referrals_made = sg_key(&|s| s.referral_made).key;
    (safeguarding, concerns, referrals_made)
}

/// Incidents by kind (typed text, so only shown in the app), and the key of them all.
fn incidents(input: &ManagerInput<'_>) -> (Vec<Count>, CellKey) {
    let mut kinds: HashMap<String, Cell> = HashMap::new();
    for (id, k) in input.incident_kinds {
        let e = kinds.entry(k.trim().to_lowercase()).or_default();
        *e = e.with(disclosure::record_key(input.secret, "incident", &[*id]));
    }
    let incidents = CellKey::of(
        input
            .incident_kinds
            .iter()
            .map(|(id, _)| disclosure::record_key(input.secret, "incident", &[*id])),
    );
    let mut by_kind: Vec<Count> = kinds
        .into_iter()
        .map(|(kind, cell)| Count {
            code: kind.clone(),
            label: kind,
            count: cell.n,
            key: cell.key,
        })
        .collect();
    by_kind.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
    (by_kind, incidents)
}

/// Visits signposted to each directory entry.
fn signposts(input: &ManagerInput<'_>) -> Vec<Count> {
    input
        .directory
        .iter()
        .map(|name| {
            let cell = Cell::of(
                input
                    .signposts
                    .iter()
                    .filter(|s| s.2 == *name)
                    .map(|s| disclosure::record_key(input.secret, "signpost", &[s.0, s.1])),
            );
            Count {
                code: slug(name),
                label: name.clone(),
                count: cell.n,
                key: cell.key,
            }
        })
        .collect()
}

/// How the SWEMWBS was completed, of the visits scored, and those not recorded.
fn swemwbs_completion(scored: &[(&VisitRow, u64)]) -> Vec<Count> {
    let completed = |c: Option<Completion>| {
        Cell::of(
            scored
                .iter()
                .filter(|(r, _)| r.swemwbs_completion == c)
                .map(|(_, k)| *k),
        )
    };
    let mut swemwbs_completion: Vec<Count> = Completion::ALL
        .iter()
        .map(|c| {
            let cell = completed(Some(*c));
            Count {
                code: c.code().into(),
                label: c.label().into(),
                count: cell.n,
                key: cell.key,
            }
        })
        .collect();
    let none = completed(None);
    swemwbs_completion.push(Count {
        code: "not_recorded".into(),
        label: "Not recorded".into(),
        count: none.n,
        key: none.key,
    });
    swemwbs_completion
}

/// For each person answering `q` on two or more visits: their first and last answer (by
/// arrival, then visit) and their key. `slots` is room for one [answers, first row, last row]
/// a person, by the person's index, reused from question to question. The changes' sums are
/// of whole numbers: exact in any order.
fn ons4_changes(
    q: Question,
    rows: &[VisitRow],
    input: &ManagerInput<'_>,
    slots: &mut Vec<[u32; 3]>,
) -> Vec<(f64, f64, u64)> {
    slots.clear();
    slots.resize(input.person_keys.len(), [0; 3]);
    let answer = |i: u32| {
        let r = &rows[i as usize];
        (r.arrived_at, r.visit_id, r.ons4.get(q).unwrap_or_default())
    };
    for (i, (r, p)) in rows.iter().zip(input.person_of_row).enumerate() {
        let (Some(_), Some(slot)) = (r.ons4.get(q), slots.get_mut(*p as usize)) else {
            continue;
        };
        let i = i as u32;
        if slot[0] == 0 || answer(i) < answer(slot[1]) {
            slot[1] = i;
        }
        if slot[0] == 0 || answer(i) > answer(slot[2]) {
            slot[2] = i;
        }
        slot[0] += 1;
    }
    slots
        .iter()
        .zip(input.person_keys)
        .filter(|(slot, _)| slot[0] >= 2)
        .map(|(slot, key)| {
            (
                f64::from(answer(slot[1]).2),
                f64::from(answer(slot[2]).2),
                *key,
            )
        })
        .collect()
}

fn ons4_figures(
    q: Question,
    rows: &[VisitRow],
    keys: &[u64],
    input: &ManagerInput<'_>,
    slots: &mut Vec<[u32; 3]>,
) -> Ons4Figures {
    let unique_visitors = input.unique_visitors;
    let answers: Vec<(&VisitRow, u8, u64)> = rows
        .iter()
        .zip(keys)
        .filter_map(|(r, k)| r.ons4.get(q).map(|a| (r, a, *k)))
        .collect();
    let changes = ons4_changes(q, rows, input, slots);
    // (answer, the visit's key)
    let leaving: Vec<(u8, u64)> = rows
        .iter()
        .zip(keys)
        .filter_map(|(r, k)| Some((r.ons4_leaving.get(q)?, *k)))
        .collect();
    // (arrival, leaving, the visit's key)
    let pairs: Vec<(u8, u8, u64)> = rows
        .iter()
        .zip(keys)
        .filter_map(|(r, k)| Some((r.ons4.get(q)?, r.ons4_leaving.get(q)?, *k)))
        .collect();
    let arrival: Vec<(u8, u64)> = answers.iter().map(|(_, a, k)| (*a, *k)).collect();
    let sum = |v: &[(u8, u64)]| Sum::of(v.iter().map(|(a, k)| (f64::from(*a), *k)));
    Ons4Figures {
        question: q.code().into(),
        label: q.short().into(),
        lower_is_better: q.lower_is_better(),
        answered: answers.len() as u32,
        not_answered: (rows.len() - answers.len()) as u32,
        mean: mean(answers.iter().map(|(_, a, _)| f64::from(*a))),
        bands: ons4_bands(q, &arrival),
        people: changes.len() as u32,
        people_with_fewer: unique_visitors.n - changes.len() as u32,
        mean_first: mean(changes.iter().map(|c| c.0)),
        mean_last: mean(changes.iter().map(|c| c.1)),
        mean_change: mean(changes.iter().map(|c| c.1 - c.0)),
        leaving_answered: leaving.len() as u32,
        leaving_not_answered: (rows.len() - leaving.len()) as u32,
        leaving_mean: mean(leaving.iter().map(|(a, _)| f64::from(*a))),
        leaving_bands: ons4_bands(q, &leaving),
        visits_with_both: pairs.len() as u32,
        mean_arrival_in_visit: mean(pairs.iter().map(|(a, _, _)| f64::from(*a))),
        mean_leaving_in_visit: mean(pairs.iter().map(|(_, l, _)| f64::from(*l))),
        mean_change_in_visit: mean(
            rows.iter()
                .filter_map(|r| change_in_visit(q, &r.ons4, &r.ons4_leaving))
                .map(f64::from),
        ),
        keys: Ons4Keys {
            answered: CellKey::of(answers.iter().map(|(_, _, k)| *k)),
            people: CellKey::of(changes.iter().map(|c| c.2)),
            answers: sum(&arrival),
            first: Sum::of(changes.iter().map(|c| (c.0, c.2))),
            last: Sum::of(changes.iter().map(|c| (c.1, c.2))),
            leaving_answered: CellKey::of(leaving.iter().map(|(_, k)| *k)),
            leaving: sum(&leaving),
            with_both: CellKey::of(pairs.iter().map(|(_, _, k)| *k)),
            arrival_in_visit: Sum::of(pairs.iter().map(|(a, _, k)| (f64::from(*a), *k))),
            leaving_in_visit: Sum::of(pairs.iter().map(|(_, l, k)| (f64::from(*l), *k))),
        },
    }
}

/// How many answers (each with its visit's key) fall in each of the question's bands.
fn ons4_bands(q: Question, answers: &[(u8, u64)]) -> Vec<Count> {
    q.bands()
        .iter()
        .map(|b| {
            let cell = Cell::of(
                answers
                    .iter()
                    .filter(|(a, _)| q.band(*a) == *b)
                    .map(|(_, k)| *k),
            );
            Count {
                code: b.code().into(),
                label: b.label().into(),
                count: cell.n,
                key: cell.key,
            }
        })
        .collect()
}
