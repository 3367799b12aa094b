//! Demo peer work: who has left, own caps, time off and extra shifts, supervision, and the
//! assignments made from past visits with their sessions (about 40,000 over ten years in the
//! large size). Tonight some visitors here are with a worker who is on, one worker on tonight
//! is full, one is on leave and one works an extra shift. Caseloads stay within caps except
//! for a few overrides, each with its recorded reason.

use super::{COLLEAGUES, Size, pick};
use crate::domain::shift::{ServiceHours, Shift};
use crate::domain::time::{date_to_stored, from_stored, to_stored};
use crate::store::StoreError;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Statement, Transaction, params};

const SERVICE_CAP: usize = crate::domain::peers::DEFAULT_CASELOAD_CAP as usize;

const NOTES: &[&str] = &[
    "Talked through the week; agreed a short walk on Saturday",
    "Went over their crisis plan together",
    "Quieter today; sat with them for a while",
    "Practised a grounding exercise",
    "Looked at local groups they might try",
    "Talked about sleep and routines",
    "Helped write down questions for the GP",
    "Shared what helped them after a loss",
];
const END_REASONS: &[&str] = &[
    "Visitor chose to stop",
    "Moved out of the area",
    "Handed over to the community mental health team",
    "Not heard from for a month",
];
const COMPLETED: &str = "Sessions completed";
const OVERRIDE_REASONS: &[&str] = &[
    "Visitor asked for this worker; agreed with the clinical lead",
    "Speaks the visitor's language; no one else on tonight",
    "Continuity: they worked together last year",
];
const SESSION_OVERRIDE: &str = "One more session agreed while a referral comes through";

/// How many assignments the history has (about one past visit in three).
fn assignments(size: Size) -> usize {
    match size {
        Size::Small => 45,
        Size::Large => 40_000,
    }
}

struct Inserts<'t> {
    assignment: Statement<'t>,
    session: Statement<'t>,
    exception: Statement<'t>,
}

/// What the generator knows about one worker while it runs.
struct Worker {
    id: i64,
    active: bool,
    cap: usize,
    /// Assignments still going.
    active_load: usize,
}

pub(super) fn insert(
    tx: &Transaction<'_>,
    rng: &mut ChaCha8Rng,
    size: Size,
    scale: usize,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let hours = ServiceHours::default();
    let today = now.with_timezone(&hours.tz).date_naive();
    let tonight = hours.current_or_last_shift(now);
    let mut workers = staff_the_roster(tx, size, now)?;
    let mut ins = Inserts {
        assignment: tx.prepare(
            "INSERT INTO assignments (person_id, worker_id, visit_id, started_on, sessions_planned,
                                      ended_on, end_reason, override_reason, created_at, created_by,
                                      ended_at, ended_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, CASE WHEN ?10 IS NULL THEN NULL ELSE 1 END)",
        )?,
        session: tx.prepare(
            "INSERT INTO peer_sessions (assignment_id, held_on, minutes, note, override_reason,
                                        created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
        )?,
        exception: tx.prepare(
            "INSERT INTO availability_exceptions (worker_id, kind, from_date, to_date, starts, ends,
                                                  created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
        )?,
    };
    supervision(tx, rng, &workers, today, now)?;
    let total = assignments(size) * scale;
    history(tx, &mut ins, rng, &mut workers, total, &tonight, today, now)?;
    tonights_board(tx, &mut ins, rng, &mut workers, &tonight, today, now)?;
    time_off(&mut ins, rng, &workers, size, today, now)?;
    Ok(())
}

/// Some workers have left (none of them with visitors), some have their own cap.
fn staff_the_roster(
    tx: &Transaction<'_>,
    size: Size,
    now: DateTime<Utc>,
) -> Result<Vec<Worker>, StoreError> {
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM peer_workers ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let n = ids.len();
    let mut out = Vec::with_capacity(n);
    for (i, id) in ids.into_iter().enumerate() {
        let left = match size {
            Size::Small => i + 1 == n,
            Size::Large => i % 12 == 11,
        };
        // A newer volunteer or two with a smaller cap, agreed in supervision.
        let own_cap = (i % 10 == 3).then_some(3usize);
        if left || own_cap.is_some() {
            tx.execute(
                "UPDATE peer_workers SET active = ?2, caseload_cap = ?3, updated_at = ?4, updated_by = 1
                 WHERE id = ?1",
                params![id, !left, own_cap.map(|c| c as i64), to_stored(now)],
            )?;
        }
        // A check a little past its renewal, for the roster to flag.
        if i == 1 {
            tx.execute(
                "UPDATE peer_workers SET dbs_checked_on = ?2 WHERE id = ?1",
                params![
                    id,
                    date_to_stored((now - Duration::days(3 * 365 + 40)).date_naive())
                ],
            )?;
        }
        out.push(Worker {
            id,
            active: !left,
            cap: own_cap.unwrap_or(SERVICE_CAP),
            active_load: 0,
        });
    }
    Ok(out)
}

/// Roughly every six weeks since each worker joined, with one of the demo's staff.
fn supervision(
    tx: &Transaction<'_>,
    rng: &mut ChaCha8Rng,
    workers: &[Worker],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut insert = tx.prepare(
        "INSERT INTO supervision_log (worker_id, held_on, supervisor, kind, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, 1)",
    )?;
    const KINDS: [&str; 4] = ["one_to_one", "one_to_one", "group", "reflective_practice"];
    for w in workers {
        let joined: String = tx.query_row(
            "SELECT created_at FROM peer_workers WHERE id = ?1",
            [w.id],
            |r| r.get(0),
        )?;
        let joined = from_stored(&joined).map_or(today, |t| t.date_naive());
        // Those who left stopped a while ago.
        let until = if w.active {
            today
        } else {
            today - Duration::days(120)
        };
        let mut day = joined + Duration::days(rng.random_range(7..30));
        while day <= until {
            insert.execute(params![
                w.id,
                date_to_stored(day),
                pick(rng, COLLEAGUES),
                KINDS[rng.random_range(0..KINDS.len())],
                to_stored(now)
            ])?;
            day += Duration::days(rng.random_range(35..50));
        }
        // A debrief after a difficult night, now and then.
        if w.active && rng.random_ratio(1, 3) {
            insert.execute(params![
                w.id,
                date_to_stored(today - Duration::days(rng.random_range(1..20))),
                COLLEAGUES[0],
                "debrief",
                to_stored(now)
            ])?;
        }
    }
    Ok(())
}

/// One assignment with `used` weekly sessions from its start; ended when `ended` says so.
#[allow(clippy::too_many_arguments)]
fn one_assignment(
    ins: &mut Inserts<'_>,
    tx: &Transaction<'_>,
    rng: &mut ChaCha8Rng,
    (person, worker, visit): (i64, i64, Option<i64>),
    started_on: NaiveDate,
    planned: u32,
    used: u32,
    ended: Option<(NaiveDate, &str)>,
    override_reason: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let created = started_on
        .and_hms_opt(20, 0, 0)
        .map_or(now, |t| t.and_utc())
        .min(now);
    let ended_at = ended.map(|(d, _)| {
        to_stored(
            d.and_hms_opt(21, 0, 0)
                .map_or(now, |t| t.and_utc())
                .min(now),
        )
    });
    ins.assignment.execute(params![
        person,
        worker,
        visit,
        date_to_stored(started_on),
        planned,
        ended.map(|(d, _)| date_to_stored(d)),
        ended.map_or("", |(_, r)| r),
        override_reason,
        to_stored(created),
        ended_at
    ])?;
    let id = tx.last_insert_rowid();
    for i in 0..used {
        let held = started_on + Duration::days(7 * i64::from(i));
        // Past the plan (rare): the override is on the session.
        let past_plan = if i >= planned { SESSION_OVERRIDE } else { "" };
        let note = if rng.random_ratio(1, 2) {
            pick(rng, NOTES)
        } else {
            ""
        };
        ins.session.execute(params![
            id,
            date_to_stored(held),
            15 * rng.random_range(2..=6i64),
            note,
            past_plan,
            to_stored(
                held.and_hms_opt(21, 30, 0)
                    .map_or(now, |t| t.and_utc())
                    .min(now)
            )
        ])?;
    }
    Ok(())
}

/// Visits before tonight, in arrival order (they were inserted that way): each visit's id, its
/// person and its service day.
fn visits_before(
    tx: &Transaction<'_>,
    tonight: &Shift,
    today: NaiveDate,
) -> Result<Vec<(i64, i64, NaiveDate)>, StoreError> {
    let tz = ServiceHours::default().tz;
    let visits = tx
        .prepare("SELECT id, person_id, arrived_at FROM visits WHERE arrived_at < ?1 ORDER BY id")?
        .query_map([to_stored(tonight.starts_at)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?))
        })?
        .map(|row| {
            row.map(|(id, person, at)| {
                let day = from_stored(&at).map_or(today, |t| t.with_timezone(&tz).date_naive());
                (id, person, day)
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(visits)
}

/// How many sessions an ended assignment used, and why it ended: stopped early, completed (a
/// few with one extra session), or cut short.
fn how_it_ended(
    rng: &mut ChaCha8Rng,
    unfinished: bool,
    held_so_far: u32,
    planned: u32,
    age: i64,
) -> (u32, &'static str) {
    if unfinished {
        (rng.random_range(1..=held_so_far), pick(rng, END_REASONS))
    } else if rng.random_ratio(3, 5) {
        (planned, COMPLETED)
    } else if age >= 7 * (i64::from(planned) + 1) && rng.random_ratio(1, 40) {
        (planned + 1, COMPLETED)
    } else {
        let used = rng.random_range(1..=planned);
        (
            used,
            if used == planned {
                COMPLETED
            } else {
                pick(rng, END_REASONS)
            },
        )
    }
}

/// Assignments made from past visits, oldest first. About a third of those whose sessions
/// are not all done yet are still going, within their worker's cap (a lead overrode a full
/// caseload now and then); the rest have ended, most with their sessions done.
#[allow(clippy::too_many_arguments)]
fn history(
    tx: &Transaction<'_>,
    ins: &mut Inserts<'_>,
    rng: &mut ChaCha8Rng,
    workers: &mut [Worker],
    assignments: usize,
    tonight: &Shift,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let visits = visits_before(tx, tonight, today)?;
    if visits.is_empty() || workers.is_empty() {
        return Ok(());
    }
    let total = assignments.min(visits.len());
    let stride = visits.len() / total;
    let n = workers.len();
    for k in 0..total {
        let (visit, person, started_on) = visits[k * stride + rng.random_range(0..stride)];
        let planned: u32 = [3, 4, 6, 6, 8, 8, 10, 12][rng.random_range(0..8usize)];
        let age = (today - started_on).num_days();
        // The sessions there could have been by now, one a week.
        let held_so_far = (age / 7 + 1).min(i64::from(planned)) as u32;
        let unfinished = held_so_far < planned;
        let mut w = rng.random_range(0..n);
        if unfinished && rng.random_ratio(1, 3) {
            let room = (0..n)
                .map(|i| (w + i) % n)
                .find(|i| workers[*i].active && workers[*i].active_load < workers[*i].cap);
            let overridden = room.is_none() && rng.random_ratio(1, 20);
            let chosen = room.or_else(|| {
                overridden
                    .then(|| (0..n).map(|i| (w + i) % n).find(|i| workers[*i].active))
                    .flatten()
            });
            if let Some(i) = chosen {
                workers[i].active_load += 1;
                let reason = if overridden {
                    pick(rng, OVERRIDE_REASONS)
                } else {
                    ""
                };
                let who = (person, workers[i].id, Some(visit));
                one_assignment(
                    ins,
                    tx,
                    rng,
                    who,
                    started_on,
                    planned,
                    held_so_far,
                    None,
                    reason,
                    now,
                )?;
                continue;
            }
            w = rng.random_range(0..n);
        }
        let (used, reason) = how_it_ended(rng, unfinished, held_so_far, planned, age);
        let last = started_on + Duration::days(7 * i64::from(used - 1));
        let ended_on = (last + Duration::days(rng.random_range(0..10))).min(today);
        let override_reason = if rng.random_ratio(1, 150) {
            pick(rng, OVERRIDE_REASONS)
        } else {
            ""
        };
        one_assignment(
            ins,
            tx,
            rng,
            (person, workers[w].id, Some(visit)),
            started_on,
            planned,
            used,
            Some((ended_on, reason)),
            override_reason,
            now,
        )?;
    }
    Ok(())
}

/// The workers on tonight: by their weekly slots, but the last of them on leave (from two
/// days ago, back in three), and extra shifts for workers not usually on until at least four
/// are (at least one extra).
fn workers_on(
    tx: &Transaction<'_>,
    ins: &mut Inserts<'_>,
    workers: &[Worker],
    tonight: &Shift,
    now: DateTime<Utc>,
) -> Result<Vec<usize>, StoreError> {
    let weekday = tonight.service_date.weekday().num_days_from_monday();
    let with_slot: Vec<i64> = tx
        .prepare("SELECT DISTINCT worker_id FROM availability_slots WHERE weekday = ?1 ORDER BY worker_id")?
        .query_map([weekday], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut on: Vec<usize> = (0..workers.len())
        .filter(|i| workers[*i].active && with_slot.contains(&workers[*i].id))
        .collect();
    // Leave for the last of them (from two days ago, back in three).
    if on.len() >= 3 {
        let away = on.pop().expect("three or more");
        exception(
            ins,
            workers[away].id,
            "leave",
            tonight.service_date - Duration::days(2),
            tonight.service_date + Duration::days(3),
            None,
            now,
        )?;
    }
    // Extra shifts for workers not usually on, until at least four are (at least one extra).
    let off: Vec<usize> = (0..workers.len())
        .filter(|i| workers[*i].active && !with_slot.contains(&workers[*i].id))
        .collect();
    for (n, i) in off.into_iter().enumerate() {
        if n > 0 && on.len() >= 4 {
            break;
        }
        let times = (n == 0).then_some(("18:00", "22:00"));
        exception(
            ins,
            workers[i].id,
            "extra",
            tonight.service_date,
            tonight.service_date,
            times,
            now,
        )?;
        on.push(i);
    }
    Ok(on)
}

/// Tonight: workers on by their weekly slots (and an extra shift or two so there are enough),
/// one of them on leave, the first with visitors who are here now, the second full (and one
/// over, by an override).
fn tonights_board(
    tx: &Transaction<'_>,
    ins: &mut Inserts<'_>,
    rng: &mut ChaCha8Rng,
    workers: &mut [Worker],
    tonight: &Shift,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let on = workers_on(tx, ins, workers, tonight, now)?;
    // Visitors here tonight (open visits in the shift), the first two with the first worker
    // on who has room for both.
    let here: Vec<(i64, i64)> = tx
        .prepare(
            "SELECT id, person_id FROM visits WHERE arrived_at >= ?1
               AND status IN ('waiting', 'with_worker', 'seen') ORDER BY id",
        )?
        .query_map([to_stored(tonight.starts_at)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    let with_now = on
        .iter()
        .copied()
        .find(|i| workers[*i].active_load + 2 <= workers[*i].cap);
    if let Some(w) = with_now {
        for (n, (visit, person)) in here.iter().take(2).enumerate() {
            let (start, used) = if n == 0 {
                (today - Duration::days(21), 3)
            } else {
                (today, 0)
            };
            let visit = (n == 1).then_some(*visit);
            one_assignment(
                ins,
                tx,
                rng,
                (*person, workers[w].id, visit),
                start,
                6,
                used,
                None,
                "",
                now,
            )?;
            workers[w].active_load += 1;
        }
    }
    // The next worker on is full.
    if let Some(&w) = on
        .iter()
        .find(|i| Some(**i) != with_now && workers[**i].active_load < workers[**i].cap)
    {
        let people: i64 = tx.query_row("SELECT count(*) FROM people", [], |r| r.get(0))?;
        // Filled to the cap, then one more that a lead allowed, with the reason recorded.
        while workers[w].active_load <= workers[w].cap {
            let start = today - Duration::days(rng.random_range(7..60));
            let used = ((today - start).num_days() / 7) as u32;
            let person = rng.random_range(1..=people);
            let reason = if workers[w].active_load == workers[w].cap {
                OVERRIDE_REASONS[1]
            } else {
                ""
            };
            let who = (person, workers[w].id, None);
            one_assignment(ins, tx, rng, who, start, 10, used, None, reason, now)?;
            workers[w].active_load += 1;
        }
    }
    Ok(())
}

/// Leave and sickness over the years (and some coming up), as a rota shows them.
fn time_off(
    ins: &mut Inserts<'_>,
    rng: &mut ChaCha8Rng,
    workers: &[Worker],
    size: Size,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for w in workers {
        // A week or two of leave about twice a year since they joined.
        let mut from = today - Duration::days(size.worker_tenure_days());
        loop {
            from += Duration::days(rng.random_range(120..240));
            let days = rng.random_range(4..14);
            // Past leave is over before tonight (tonight's is set above).
            if from + Duration::days(days) >= today - Duration::days(1) {
                break;
            }
            exception(
                ins,
                w.id,
                "leave",
                from,
                from + Duration::days(days),
                None,
                now,
            )?;
        }
        // One stretch of leave coming up for about one in three.
        if w.active && rng.random_ratio(1, 3) {
            let from = today + Duration::days(rng.random_range(7..60));
            exception(
                ins,
                w.id,
                "leave",
                from,
                from + Duration::days(rng.random_range(2..14)),
                None,
                now,
            )?;
        }
        // A sick evening in the past few weeks, some only for the start of a shift.
        if rng.random_ratio(1, 2) {
            let day = today - Duration::days(rng.random_range(3..40));
            let times = rng.random_ratio(1, 3).then_some(("17:00", "19:30"));
            exception(ins, w.id, "sickness", day, day, times, now)?;
        }
    }
    Ok(())
}

fn exception(
    ins: &mut Inserts<'_>,
    worker: i64,
    kind: &str,
    from: NaiveDate,
    to: NaiveDate,
    times: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    ins.exception.execute(params![
        worker,
        kind,
        date_to_stored(from),
        date_to_stored(to),
        times.map(|t| t.0),
        times.map(|t| t.1),
        to_stored(now)
    ])?;
    Ok(())
}
