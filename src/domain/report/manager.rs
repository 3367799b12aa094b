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
}

pub(super) struct ManagerInput<'a> {
    pub rows: &'a [VisitRow],
    pub unique_visitors: u32,
    /// Each triage code with its label and target, in list order.
    pub targets: &'a [(String, String, Option<i64>)],
    pub safeguarding: &'a [SafeguardingRow],
    pub incident_kinds: &'a [String],
    /// Directory entry names, in list order, and the entry name of each signposting.
    pub directory: &'a [String],
    pub signposts: &'a [String],
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
    let within_target = input
        .targets
        .iter()
        .filter_map(|(code, label, target)| {
            let target = (*target)?;
            let with_code: Vec<&VisitRow> = rows
                .iter()
                .filter(|r| r.triage_code.as_deref().map(str::trim) == Some(code.as_str()))
                .collect();
            let within = with_code
                .iter()
                .filter(|r| {
                    r.seen_at
                        .is_some_and(|s| s - r.arrived_at <= Duration::minutes(target))
                })
                .count() as u32;
            Some(TargetShare {
                code: code.clone(),
                label: label.clone(),
                target_minutes: target,
                visits: with_code.len() as u32,
                within,
                not_within: with_code.len() as u32 - within,
            })
        })
        .collect();

    let mut by_hour = vec![0u32; 24];
    let mut by_weekday = vec![0u32; 7];
    for r in rows {
        by_hour[usize::from(r.local_hour.min(23))] += 1;
        by_weekday[r.local_weekday.num_days_from_monday() as usize] += 1;
    }

    let mut stays: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.left_at.map(|l| minutes(r.arrived_at, l)))
        .collect();
    stays.sort_unstable();

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
            .map(|c| Count {
                code: c.code().into(),
                label: c.label().into(),
                count: input
                    .safeguarding
                    .iter()
                    .filter(|s| s.categories.iter().any(|x| x == c.code()))
                    .count() as u32,
            })
            .collect(),
    };

    let mut kinds: HashMap<String, u32> = HashMap::new();
    for k in input.incident_kinds {
        *kinds.entry(k.trim().to_lowercase()).or_default() += 1;
    }
    let mut by_kind: Vec<Count> = kinds
        .into_iter()
        .map(|(kind, count)| Count {
            code: kind.clone(),
            label: kind,
            count,
        })
        .collect();
    by_kind.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));

    let signposts = input
        .directory
        .iter()
        .map(|name| Count {
            code: slug(name),
            label: name.clone(),
            count: input.signposts.iter().filter(|s| *s == name).count() as u32,
        })
        .collect();

    let scored: Vec<&VisitRow> = rows.iter().filter(|r| r.swemwbs_metric.is_some()).collect();
    let mut swemwbs_completion: Vec<Count> = Completion::ALL
        .iter()
        .map(|c| Count {
            code: c.code().into(),
            label: c.label().into(),
            count: scored
                .iter()
                .filter(|r| r.swemwbs_completion == Some(*c))
                .count() as u32,
        })
        .collect();
    swemwbs_completion.push(Count {
        code: "not_recorded".into(),
        label: "Not recorded".into(),
        count: scored
            .iter()
            .filter(|r| r.swemwbs_completion.is_none())
            .count() as u32,
    });

    let ons4 = Question::ALL
        .iter()
        .map(|q| ons4_figures(*q, rows, input.unique_visitors))
        .collect();

    ManagerFigures {
        within_target,
        arrivals_by_hour: by_hour,
        arrivals_by_weekday: by_weekday,
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
        signposts,
        swemwbs_scored: scored.len() as u32,
        swemwbs_completion,
        ons4,
    }
}

fn ons4_figures(q: Question, rows: &[VisitRow], unique_visitors: u32) -> Ons4Figures {
    let answers: Vec<(&VisitRow, u8)> = rows
        .iter()
        .filter_map(|r| r.ons4.get(q).map(|a| (r, a)))
        .collect();
    let mut by_person: HashMap<i64, Vec<(DateTime<Utc>, i64, u8)>> = HashMap::new();
    for (r, a) in &answers {
        by_person
            .entry(r.person_id)
            .or_default()
            .push((r.arrived_at, r.visit_id, *a));
    }
    let changes: Vec<(f64, f64)> = by_person
        .values_mut()
        .filter(|v| v.len() >= 2)
        .map(|v| {
            v.sort();
            (f64::from(v[0].2), f64::from(v[v.len() - 1].2))
        })
        .collect();
    let leaving: Vec<u8> = rows.iter().filter_map(|r| r.ons4_leaving.get(q)).collect();
    let pairs: Vec<(u8, u8)> = rows
        .iter()
        .filter_map(|r| Some((r.ons4.get(q)?, r.ons4_leaving.get(q)?)))
        .collect();
    let bands = |answers: &[u8]| -> Vec<Count> {
        q.bands()
            .iter()
            .map(|b| Count {
                code: b.code().into(),
                label: b.label().into(),
                count: answers.iter().filter(|a| q.band(**a) == *b).count() as u32,
            })
            .collect()
    };
    let arrival: Vec<u8> = answers.iter().map(|(_, a)| *a).collect();
    Ons4Figures {
        question: q.code().into(),
        label: q.short().into(),
        lower_is_better: q.lower_is_better(),
        answered: answers.len() as u32,
        not_answered: (rows.len() - answers.len()) as u32,
        mean: mean(answers.iter().map(|(_, a)| f64::from(*a))),
        bands: bands(&arrival),
        people: changes.len() as u32,
        people_with_fewer: unique_visitors - changes.len() as u32,
        mean_first: mean(changes.iter().map(|c| c.0)),
        mean_last: mean(changes.iter().map(|c| c.1)),
        mean_change: mean(changes.iter().map(|c| c.1 - c.0)),
        leaving_answered: leaving.len() as u32,
        leaving_not_answered: (rows.len() - leaving.len()) as u32,
        leaving_mean: mean(leaving.iter().map(|a| f64::from(*a))),
        leaving_bands: bands(&leaving),
        visits_with_both: pairs.len() as u32,
        mean_arrival_in_visit: mean(pairs.iter().map(|(a, _)| f64::from(*a))),
        mean_leaving_in_visit: mean(pairs.iter().map(|(_, l)| f64::from(*l))),
        mean_change_in_visit: mean(
            rows.iter()
                .filter_map(|r| change_in_visit(q, &r.ons4, &r.ons4_leaving))
                .map(f64::from),
        ),
    }
}
