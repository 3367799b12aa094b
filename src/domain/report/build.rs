//! Building a report from its rows: each figure in its own step, every count carrying the
//! record keys of what it counts (for the CSV's perturbation).

use super::{
    Breakdown, Cell, CellKey, DayCount, Distress, IdMap, ManagerFigures, PeerLoad, PeerRow, Period,
    Report, ReportInput, ReportKeys, Sum, SwemwbsChange, VisitRow, Waits, WorkerLoad, breakdown,
    disclosure, fixed, manager, mean, nearest_rank,
};
use crate::domain::visit::{ContactMode, Outcome, Suitability};
use std::sync::Arc;

/// The people in the period: each one's key, who is new, and the first and last SWEMWBS of
/// those with two or more (first, last, the person's key).
struct People {
    unique: Cell,
    new: Cell,
    changes: Vec<(f64, f64, u64)>,
    /// Each person's record key, made once (the manager's figures key people too), by the
    /// person's index: the order they first appear in the rows.
    keys: Vec<u64>,
    /// Each row's person's index.
    of_row: Vec<u32>,
}

fn people(period: &Period, rows: &[VisitRow], pkey: &dyn Fn(i64) -> u64) -> People {
    // Whether new, and the rows of their first and last SWEMWBS scores and how many.
    struct PersonAcc {
        index: u32,
        scores: u32,
        first: u32,
        last: u32,
        key: u64,
        new: bool,
    }
    // A person's scores are ordered by arrival, then visit, then score.
    let score = |i: u32| {
        let r = &rows[i as usize];
        (
            r.arrived_at,
            r.visit_id,
            r.swemwbs_metric.unwrap_or_default(),
        )
    };
    let earlier = |a: u32, b: u32| {
        let (a, b) = (score(a), score(b));
        (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)) == std::cmp::Ordering::Less
    };
    let mut people: IdMap<PersonAcc> = IdMap::default();
    let mut of_row = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let (i, index) = (i as u32, people.len() as u32);
        let p = people.entry(r.person_id).or_insert_with(|| PersonAcc {
            index,
            scores: 0,
            first: 0,
            last: 0,
            key: pkey(r.person_id),
            new: r
                .person_first_arrival
                .is_some_and(|t| t >= period.starts_at),
        });
        of_row.push(p.index);
        if r.swemwbs_metric.is_some() {
            if p.scores == 0 || earlier(i, p.first) {
                p.first = i;
            }
            if p.scores == 0 || !earlier(i, p.last) {
                p.last = i;
            }
            p.scores += 1;
        }
    }
    let unique = Cell::of(people.values().map(|p| p.key));
    let new = Cell::of(people.values().filter(|p| p.new).map(|p| p.key));
    // In the map's order, as ever: the means below add floats, and a sum's last digit
    // depends on the order it is added in.
    let changes = people
        .values()
        .filter(|p| p.scores >= 2)
        .map(|p| (score(p.first).2, score(p.last).2, p.key))
        .collect();
    let mut keys = vec![0; people.len()];
    for p in people.values() {
        keys[p.index as usize] = p.key;
    }
    People {
        unique,
        new,
        changes,
        keys,
        of_row,
    }
}

/// Minutes from arrival to being seen, sorted, and the visits seen.
fn waits(rows: &[VisitRow], vkeys: &[u64]) -> (Vec<i64>, Cell) {
    let mut waits: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.seen_at.map(|s| (s - r.arrived_at).num_minutes().max(0)))
        .collect();
    waits.sort_unstable();
    let seen = Cell::of(
        rows.iter()
            .zip(vkeys)
            .filter(|(r, _)| r.seen_at.is_some())
            .map(|(_, k)| *k),
    );
    (waits, seen)
}

/// Visits per service date of the period, zeros included.
fn per_day(period: &Period, rows: &[VisitRow], vkeys: &[u64]) -> Vec<DayCount> {
    let mut per_day: Vec<DayCount> = period
        .dates()
        .map(|date| DayCount {
            date,
            visits: 0,
            key: CellKey::default(),
        })
        .collect();
    let last = per_day.len().saturating_sub(1);
    for (r, k) in rows.iter().zip(vkeys) {
        let i = usize::try_from((r.service_date - period.first).num_days())
            .unwrap_or(0)
            .min(last);
        if let Some(d) = per_day.get_mut(i) {
            d.visits += 1;
            d.key = CellKey(d.key.0.wrapping_add(*k));
        }
    }
    per_day
}

/// The record keys of the peer figures: the workers, their assignments and their sessions.
struct PeerKeys {
    workers: CellKey,
    assignments: CellKey,
    sessions: CellKey,
}

impl PeerKeys {
    fn of(secret: &[u8], active: &[&PeerRow]) -> PeerKeys {
        PeerKeys {
            workers: ids_key(
                secret,
                "peer_worker",
                &mut active.iter().map(|p| p.worker_id),
            ),
            assignments: ids_key(
                secret,
                "assignment",
                &mut active.iter().flat_map(|p| p.assignment_ids.iter().copied()),
            ),
            sessions: ids_key(
                secret,
                "peer_session",
                &mut active.iter().flat_map(|p| p.session_ids.iter().copied()),
            ),
        }
    }
}

/// Peer support in the period: the workers with assignments or sessions, by name, and the
/// sessions' minutes.
fn peer_load(active: &[&PeerRow], sessions: CellKey) -> (Vec<WorkerLoad>, Sum) {
    let mut workers: Vec<WorkerLoad> = active
        .iter()
        .map(|p| WorkerLoad {
            name: p.worker_name.clone(),
            active_assignments: p.active_assignments,
            sessions: p.sessions,
            minutes: p.minutes,
        })
        .collect();
    workers.sort_by_key(|w| w.name.to_lowercase());
    let session_minutes = Sum {
        n: active.iter().map(|p| p.sessions).sum(),
        total: active.iter().map(|p| f64::from(p.minutes)).sum(),
        key: sessions,
    };
    (workers, session_minutes)
}

/// From how many visits a report's visit figures, and its manager's figures, are offered to a
/// second thread.
const SPLIT_FROM: usize = 8_000;

/// The workers with assignments or sessions in the period.
fn active(input: &ReportInput) -> Vec<&PeerRow> {
    input
        .peers
        .iter()
        .filter(|p| p.active_assignments + p.sessions > 0)
        .collect()
}

/// The manager's figures (`manager::build`).
fn manager_of(
    input: &ReportInput,
    vkeys: &[u64],
    person_keys: &[u64],
    person_of_row: &[u32],
    unique_visitors: Cell,
) -> ManagerFigures {
    manager::build(manager::ManagerInput {
        rows: &input.visits,
        visit_keys: vkeys,
        secret: &input.key_secret,
        unique_visitors,
        person_keys,
        person_of_row,
        targets: &targets(input),
        safeguarding: &input.safeguarding,
        incident_kinds: &input.incident_kinds,
        directory: &input.directory,
        signposts: &input.signposts,
    })
}

/// The figures besides the people's and the manager's.
struct Others {
    waits: Vec<i64>,
    seen: Cell,
    both: Vec<(f64, f64, u64)>,
    c: Categories,
    per_day: Vec<DayCount>,
    peer_keys: PeerKeys,
}

fn others(period: &Period, input: &ReportInput, vkeys: &[u64]) -> Others {
    let rows = &input.visits;
    let (waits, seen) = waits(rows, vkeys);
    let both = rows
        .iter()
        .zip(vkeys)
        .filter_map(|(r, k)| Some((r.distress_arrival? as f64, r.distress_leaving? as f64, *k)))
        .collect();
    Others {
        waits,
        seen,
        both,
        c: categories(input, vkeys),
        per_day: per_day(period, rows, vkeys),
        peer_keys: PeerKeys::of(&input.key_secret, &active(input)),
    }
}

fn ids_key(secret: &[u8], kind: &str, ids: &mut dyn Iterator<Item = i64>) -> CellKey {
    CellKey::of(ids.map(|id| disclosure::record_key(secret, kind, &[id])))
}

/// Each triage code with its label and its target in minutes, if it has one.
fn targets(input: &ReportInput) -> Vec<(String, String, Option<i64>)> {
    input
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
        .collect()
}

/// The visits by contact mode, referral source, triage code, suitability and outcome.
struct Categories {
    contact_modes: Breakdown,
    referral_sources: Breakdown,
    triage: Breakdown,
    suitability: Breakdown,
    outcomes: Breakdown,
}

fn categories(input: &ReportInput, vkeys: &[u64]) -> Categories {
    let rows = || input.visits.iter().zip(vkeys);
    Categories {
        contact_modes: fixed(
            ContactMode::ALL,
            ContactMode::code,
            ContactMode::label,
            rows().map(|(r, k)| (Some(r.contact_mode), *k)),
        ),
        referral_sources: breakdown(
            &input.referral_codes,
            rows().map(|(r, k)| (r.referral_code.as_deref(), *k)),
        ),
        triage: breakdown(
            &input.triage_codes,
            rows().map(|(r, k)| (r.triage_code.as_deref(), *k)),
        ),
        suitability: fixed(
            Suitability::ALL,
            Suitability::code,
            Suitability::label,
            rows().map(|(r, k)| (r.suitability, *k)),
        ),
        outcomes: fixed(
            Outcome::ALL,
            Outcome::code,
            Outcome::label,
            rows().map(|(r, k)| (r.outcome, *k)),
        ),
    }
}

/// The record keys of every published figure, for the CSV's perturbation.
fn report_keys(
    secret: &[u8],
    visits: Cell,
    people: &People,
    seen: Cell,
    both: &[(f64, f64, u64)],
    peer_keys: &PeerKeys,
    session_minutes: Sum,
) -> ReportKeys {
    let changes = &people.changes;
    ReportKeys {
        keyed: !secret.is_empty(),
        visits: visits.key,
        unique_visitors: people.unique.key,
        new_visitors: people.new.key,
        seen: seen.key,
        distress_both: CellKey::of(both.iter().map(|b| b.2)),
        distress_arrival: Sum::of(both.iter().map(|b| (b.0, b.2))),
        distress_leaving: Sum::of(both.iter().map(|b| (b.1, b.2))),
        swemwbs_people: CellKey::of(changes.iter().map(|c| c.2)),
        swemwbs_first: Sum::of(changes.iter().map(|c| (c.0, c.2))),
        swemwbs_last: Sum::of(changes.iter().map(|c| (c.1, c.2))),
        workers: peer_keys.workers,
        assignments: peer_keys.assignments,
        sessions: session_minutes.key,
        session_minutes,
    }
}

/// What a report works out from its visits alone: each visit's record key and the people
/// (their keys, who is new, their SWEMWBS changes). The store may have it made on a second
/// thread while it reads the period's other rows (`alongside`).
pub struct VisitFigures {
    vkeys: Vec<u64>,
    people: People,
}

impl VisitFigures {
    pub fn of(period: &Period, rows: &[VisitRow], secret: &[u8]) -> VisitFigures {
        let vkeys = rows
            .iter()
            .map(|r| disclosure::record_key(secret, "visit", &[r.visit_id]))
            .collect();
        let pkey = |id: i64| disclosure::record_key(secret, "person", &[id]);
        VisitFigures {
            vkeys,
            people: people(period, rows, &pkey),
        }
    }

    /// `of`, offered to a second thread while `meanwhile` runs on this one when the period
    /// has many visits (a few cost less than handing them over), and given back with them. The
    /// figures are the same.
    pub fn alongside<R>(
        period: &Period,
        rows: Vec<VisitRow>,
        secret: &[u8],
        meanwhile: impl FnOnce() -> R,
    ) -> (Vec<VisitRow>, VisitFigures, R) {
        let split = rows.len() >= SPLIT_FROM;
        VisitFigures::alongside_on(period, rows, secret, meanwhile, split)
    }

    pub(super) fn alongside_on<R>(
        period: &Period,
        rows: Vec<VisitRow>,
        secret: &[u8],
        meanwhile: impl FnOnce() -> R,
        split: bool,
    ) -> (Vec<VisitRow>, VisitFigures, R) {
        if !split {
            let figures = VisitFigures::of(period, &rows, secret);
            return (rows, figures, meanwhile());
        }
        let (period, secret) = (period.clone(), secret.to_vec());
        let ((rows, figures), done) = super::side::side_by_side(
            move || {
                let figures = VisitFigures::of(&period, &rows, &secret);
                (rows, figures)
            },
            meanwhile,
        );
        (rows, figures, done)
    }
}

impl Report {
    pub fn build(period: Period, input: &ReportInput) -> Report {
        let figures = VisitFigures::of(&period, &input.visits, &input.key_secret);
        Report::build_with(period, input, figures)
    }

    /// `build` from the visit figures made beforehand, from the same visits and secret as
    /// `input`'s.
    pub fn build_with(period: Period, input: &ReportInput, figures: VisitFigures) -> Report {
        let VisitFigures { vkeys, people } = figures;
        let manager = manager_of(input, &vkeys, &people.keys, &people.of_row, people.unique);
        let others = others(&period, input, &vkeys);
        Report::assemble(period, input, &vkeys, &people, manager, others)
    }

    /// `build_with` for a store that hands its rows over: for a period with many visits the
    /// manager's figures are offered to a second thread (`side`) while this one works out the
    /// others. The figures are the same.
    pub fn build_shared(period: Period, input: Arc<ReportInput>, figures: VisitFigures) -> Report {
        if input.visits.len() < SPLIT_FROM {
            return Report::build_with(period, &input, figures);
        }
        Report::build_split(period, input, figures)
    }

    pub(super) fn build_split(
        period: Period,
        input: Arc<ReportInput>,
        figures: VisitFigures,
    ) -> Report {
        let VisitFigures { vkeys, mut people } = figures;
        let vkeys = Arc::new(vkeys);
        let person = Arc::new((
            std::mem::take(&mut people.keys),
            std::mem::take(&mut people.of_row),
        ));
        let unique = people.unique;
        let (theirs, their_keys) = (Arc::clone(&input), Arc::clone(&vkeys));
        let (manager, others) = super::side::side_by_side(
            move || manager_of(&theirs, &their_keys, &person.0, &person.1, unique),
            || others(&period, &input, &vkeys),
        );
        Report::assemble(period, &input, &vkeys, &people, manager, others)
    }

    fn assemble(
        period: Period,
        input: &ReportInput,
        vkeys: &[u64],
        people: &People,
        manager: ManagerFigures,
        others: Others,
    ) -> Report {
        let Others {
            waits,
            seen,
            both,
            c,
            per_day,
            peer_keys,
        } = others;
        let secret = input.key_secret.as_slice();
        let active = active(input);
        let (workers, session_minutes) = peer_load(&active, peer_keys.sessions);
        let visits = Cell::of(vkeys.iter().copied());
        let changes = &people.changes;
        let keys = report_keys(
            secret,
            visits,
            people,
            seen,
            &both,
            &peer_keys,
            session_minutes,
        );
        let (visits, unique_visitors) = (visits.n, people.unique.n);
        Report {
            manager,
            keys,
            visits,
            unique_visitors,
            new_visitors: people.new.n,
            returning_visitors: unique_visitors - people.new.n,
            contact_modes: c.contact_modes,
            referral_sources: c.referral_sources,
            triage: c.triage,
            suitability: c.suitability,
            outcomes: c.outcomes,
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
