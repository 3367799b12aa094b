//! Demo visits: tonight's board (every live status) and a history of past shifts (every
//! triage code, outcome and ending, some safeguarding, incidents and follow-ups).

use super::{Size, pick};
use crate::domain::shift::ServiceHours;
use crate::domain::time::{date_to_stored, to_stored};
use crate::domain::visit::{CareActCategory, Outcome, Suitability, VisitStatus};
use crate::store::StoreError;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Statement, Transaction, params};

const NEEDS: &[&str] = &[
    "Low mood, not sleeping",
    "Panic attacks since the weekend",
    "Argument at home, does not feel safe going back tonight",
    "Lost job this week, struggling with money",
    "Hearing voices more than usual",
    "Anniversary of a bereavement",
    "Thoughts of self-harm, wants to talk",
    "Lonely, wants company for the evening",
    "Came from A&E, waiting for a crisis team call back",
    "Drinking more to cope",
];
const FORMULATIONS: &[&str] = &[
    "Feels overwhelmed after the loss of their job. Protective: their dog, a sister nearby. Plan: stay until calmer, ring sister.",
    "Long history of low mood, worse this week. No current plan to act on thoughts. Agreed to see GP tomorrow.",
    "Distressed after an argument; fears going home. Staying with a friend tonight; safeguarding discussed.",
];
const INCIDENT_KINDS: &[&str] = &[
    "Verbal aggression",
    "Visitor became unwell",
    "Left suddenly and returned",
    "Ambulance called",
];
const FOLLOW_UP_TASKS: &[&str] = &[
    "Call GP surgery in the morning",
    "Check crisis team received referral",
    "Send housing advice leaflet",
    "Ring to check in tomorrow",
];

/// How many visits each size has in its history (the large size is DESIGN.md §6's ten years).
fn history(size: Size) -> (i64, usize) {
    match size {
        Size::Small => (60, 150),
        Size::Large => (3650, 120_000),
    }
}

struct Inserts<'t> {
    visit: Statement<'t>,
    safeguarding: Statement<'t>,
    incident: Statement<'t>,
    follow_up: Statement<'t>,
    signpost: Statement<'t>,
}

impl<'t> Inserts<'t> {
    fn prepare(tx: &'t Transaction<'_>) -> Result<Self, StoreError> {
        Ok(Inserts {
            visit: tx.prepare(
                "INSERT INTO visits (person_id, arrived_at, contact_mode, referral_source_id, referral_code,
                    presenting_need, triage_code, triaged_at, triaged_by, safety_formulation, suitability,
                    suitability_reason, status, seen_at, left_at, distress_arrival, distress_leaving,
                    swemwbs_items, outcome_code, created_at, created_by, updated_at, updated_by,
                    swemwbs_completion, ons4_life_satisfaction, ons4_worthwhile, ons4_happy, ons4_anxious)
                 VALUES (?1, ?2, ?3, ?4, (SELECT reporting_code FROM referral_sources WHERE id = ?4), ?5, ?6, ?7,
                         ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?2, ?8, ?19, ?8,
                         ?20, ?21, ?22, ?23, ?24)",
            )?,
            safeguarding: tx.prepare(
                "INSERT INTO safeguarding (visit_id, categories, children_in_household, referral_made, referred_to,
                    referred_at, reference, consent, consent_override_reason, created_at, created_by, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?10, 1)",
            )?,
            incident: tx.prepare(
                "INSERT INTO incidents (visit_id, occurred_at, kind, people, action, staff, created_at, created_by)
                 VALUES (?1, ?2, ?3, 'Visitor', 'Staff stayed with them; de-escalated', 'Robin, Jordan', ?2, 1)",
            )?,
            follow_up: tx.prepare(
                "INSERT INTO follow_ups (visit_id, person, task, owner, due_on, done_at, created_at, created_by,
                                         done_by, closed_as, outcome)
                 VALUES (?1, 'Visitor', ?2, 'Day team', ?3, ?4, ?5, 1, ?6,
                         CASE WHEN ?4 IS NULL THEN NULL ELSE 'done' END, ?7)",
            )?,
            signpost: tx.prepare("INSERT OR IGNORE INTO visit_signposts (visit_id, directory_entry_id) VALUES (?1, ?2)")?,
        })
    }
}

pub(super) fn insert(
    tx: &Transaction<'_>,
    rng: &mut ChaCha8Rng,
    size: Size,
    scale: usize,
    people: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut ins = Inserts::prepare(tx)?;
    history_visits(tx, &mut ins, rng, size, scale, people, now)?;
    tonights_visits(tx, &mut ins, rng, people, now)?;
    keep_a_few_follow_ups_open(tx)?;
    close_all_but_the_latest_safeguarding(tx)?;
    some_asked_on_leaving(tx)
}

/// Past shifts, every visit finished, spread evenly over the history's days.
fn history_visits(
    tx: &Transaction<'_>,
    ins: &mut Inserts<'_>,
    rng: &mut ChaCha8Rng,
    size: Size,
    scale: usize,
    people: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let hours = ServiceHours::default();
    let (days, total) = history(size);
    let total = total * scale;
    let today = now.with_timezone(&hours.tz).date_naive();
    let per_day = total as f64 / days as f64;
    let mut made = 0usize;
    for back in (1..=days).rev() {
        let shift = hours.shift_on(today - Duration::days(back));
        let target = ((days - back + 1) as f64 * per_day).round() as usize;
        while made < target.min(total) {
            let minutes = (shift.ends_at - shift.starts_at).num_minutes();
            let arrived = shift.starts_at + Duration::minutes(rng.random_range(0..minutes.max(1)));
            let status = pick_ending(rng);
            one_visit(
                tx,
                ins,
                rng,
                people,
                arrived,
                status,
                arrived + Duration::hours(2),
            )?;
            made += 1;
        }
    }
    Ok(())
}

/// Tonight's visits.
fn tonights_visits(
    tx: &Transaction<'_>,
    ins: &mut Inserts<'_>,
    rng: &mut ChaCha8Rng,
    people: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let hours = ServiceHours::default();
    // Tonight, as the clock the demo runs at says. During opening hours, a shift in progress:
    // people still here in every live status, those waiting the most recent arrivals, all
    // before now. Outside hours, the last shift closed out properly: everyone has left or
    // been referred on, one visit carried forward with its reason, and nobody waiting.
    let tonight = hours.current_or_last_shift(now);
    let open = tonight.contains(now);
    let live = if open {
        [
            VisitStatus::Waiting,
            VisitStatus::Waiting,
            VisitStatus::WithWorker,
            VisitStatus::Seen,
            VisitStatus::Waiting,
            VisitStatus::Left,
            VisitStatus::LeftUnseen,
            VisitStatus::ReferredOn,
        ]
    } else {
        [
            VisitStatus::Left,
            VisitStatus::Left,
            VisitStatus::ReferredOn,
            VisitStatus::Seen,
            VisitStatus::Left,
            VisitStatus::Left,
            VisitStatus::LeftUnseen,
            VisitStatus::ReferredOn,
        ]
    };
    let latest = now.min(tonight.ends_at);
    // Arrivals over the last two and a half hours of the shift so far: those who have gone
    // came first, then those seen, with a worker, and waiting.
    let span = (latest - tonight.starts_at).num_minutes().min(150);
    let first = latest - Duration::minutes(span);
    let order = |s: VisitStatus| match s {
        VisitStatus::Waiting => 3,
        VisitStatus::WithWorker => 2,
        VisitStatus::Seen => 1,
        _ => 0,
    };
    let mut places: Vec<usize> = (0..live.len()).collect();
    places.sort_by_key(|i| (order(live[*i]), *i));
    for (i, status) in live.into_iter().enumerate() {
        let place = places.iter().position(|p| *p == i).unwrap_or(i) as i64;
        // Never at closing itself: that would be out of hours.
        let arrived = (first + Duration::minutes(span * place / live.len() as i64))
            .min(latest - Duration::minutes(1))
            .max(tonight.starts_at);
        one_visit(tx, ins, rng, people, arrived, status, latest)?;
        if !open && status.is_open() {
            tx.execute(
                "INSERT INTO visit_carried (visit_id, from_date, reason, carried_at, carried_by)
                 VALUES (?1, ?2, ?3, ?4, 1)",
                params![
                    tx.last_insert_rowid(),
                    date_to_stored(tonight.service_date),
                    CARRIED_REASON,
                    to_stored((tonight.ends_at + Duration::minutes(5)).min(now))
                ],
            )?;
        }
    }
    Ok(())
}

/// Why the demo's last shift carried a visit forward, after closing.
const CARRIED_REASON: &str = "Crisis team to ring them in the morning; day team to check they did";

/// What came of a follow-up the demo closed as done.
const FOLLOW_UP_OUTCOMES: &[&str] = &[
    "Spoke to them; they are managing and know to ring",
    "Done; the surgery has them booked in",
    "Confirmed received; the team will call them",
];

/// How many of the most recent follow-ups the demo leaves open (the rest were done, as leads do):
/// a realistic handful, the older ones overdue.
const OPEN_FOLLOW_UPS: i64 = 4;

fn keep_a_few_follow_ups_open(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE follow_ups SET done_at = NULL, done_by = NULL, closed_as = NULL, outcome = ''
         WHERE id IN (
             SELECT f.id FROM follow_ups f JOIN visits v ON v.id = f.visit_id
             ORDER BY v.arrived_at DESC, f.id DESC LIMIT ?1)",
        [OPEN_FOLLOW_UPS],
    )?;
    Ok(())
}

/// The ONS4 asked again on leaving for about a third of the visits that had it on arrival and
/// ended with the visitor leaving, a point better on each question (anxiety a point lower):
/// Reports then show the change within a visit. Derived from the arrival answers, so the
/// random sequence (and every other figure) is unchanged.
fn some_asked_on_leaving(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE visits SET
             ons4_leaving_life_satisfaction = min(ons4_life_satisfaction + 1, 10),
             ons4_leaving_worthwhile = min(ons4_worthwhile + 1, 10),
             ons4_leaving_happy = min(ons4_happy + 1, 10),
             ons4_leaving_anxious = max(ons4_anxious - 1, 0)
         WHERE status = 'left' AND ons4_life_satisfaction IS NOT NULL AND id % 3 = 0",
        [],
    )?;
    Ok(())
}

/// Safeguarding concerns still open in the demo: the latest few. Older ones were closed, as a
/// lead closes one (S), once the referral was followed up, so tonight's draft carries only these.
const OPEN_SAFEGUARDING: i64 = 2;

fn close_all_but_the_latest_safeguarding(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE safeguarding SET closed_at = coalesce(referred_at, created_at), closed_by = 1,
             closed_note = 'Followed up with adult social care: a plan is in place'
         WHERE id NOT IN (
             SELECT s.id FROM safeguarding s JOIN visits v ON v.id = s.visit_id
             ORDER BY v.arrived_at DESC, s.id DESC LIMIT ?1)",
        [OPEN_SAFEGUARDING],
    )?;
    Ok(())
}

fn pick_ending(rng: &mut ChaCha8Rng) -> VisitStatus {
    match rng.random_range(0..20) {
        0 => VisitStatus::LeftUnseen,
        1..=2 => VisitStatus::ReferredOn,
        _ => VisitStatus::Left,
    }
}

fn one_visit(
    tx: &Transaction<'_>,
    ins: &mut Inserts<'_>,
    rng: &mut ChaCha8Rng,
    people: i64,
    arrived: DateTime<Utc>,
    status: VisitStatus,
    latest: DateTime<Utc>,
) -> Result<(), StoreError> {
    let person = rng.random_range(1..=people);
    let mode = ["walk_in", "walk_in", "walk_in", "phone", "video"][rng.random_range(0..5)];
    let source = rng.random_range(1..=10i64);
    let triaged = status != VisitStatus::Waiting || rng.random_ratio(1, 2);
    let code = triaged
        .then(|| ["A", "B", "C", "C", "D", "D", "E", "E", "E", "F", "G"][rng.random_range(0..11)]);
    let at = |mins: i64| to_stored((arrived + Duration::minutes(mins)).min(latest));
    let seen = status.has_been_seen().then(|| at(rng.random_range(2..90)));
    let left = (!status.is_open()).then(|| at(rng.random_range(90..200)));
    let finished = !status.is_open();
    let suitability = finished.then(|| match status {
        VisitStatus::ReferredOn => Suitability::OnwardReferral,
        _ => [
            Suitability::Accepted,
            Suitability::Accepted,
            Suitability::Signposted,
            Suitability::EmergencyServices,
            Suitability::Declined,
        ][rng.random_range(0..5)],
    });
    let reason = if suitability.is_some_and(|s| s.needs_reason()) {
        "Needs specialist support"
    } else {
        ""
    };
    let outcome = finished.then(|| Outcome::ALL[rng.random_range(0..Outcome::ALL.len())].code());
    let arrival_distress = rng.random_range(3..=10i64);
    let leaving_distress =
        (status == VisitStatus::Left).then(|| (arrival_distress - rng.random_range(0..=4)).max(0));
    let swemwbs = (triaged && rng.random_ratio(1, 3)).then(|| {
        (0..7)
            .map(|_| char::from(b'0' + rng.random_range(1..=5u8)))
            .collect::<String>()
    });
    // Where a SWEMWBS was asked, so were the ONS4 questions; both are derived from values
    // already drawn, so the demo's random stream (and every other figure) stays as it was.
    let completion = swemwbs.as_deref().map(|s| match s.as_bytes()[0] {
        b'4' => "with_help",
        b'5' => "read_out",
        _ => "self",
    });
    let ons4 = |v: i64| swemwbs.is_some().then_some(v.clamp(0, 10));
    let formulation = if triaged { pick(rng, FORMULATIONS) } else { "" };
    ins.visit.execute(params![
        person,
        to_stored(arrived),
        mode,
        source,
        pick(rng, NEEDS),
        code,
        code.map(|_| at(5)),
        rng.random_range(1..=3i64),
        formulation,
        suitability.map(|s| s.code()),
        reason,
        status.code(),
        seen,
        left,
        arrival_distress,
        leaving_distress,
        swemwbs,
        outcome,
        left.clone().unwrap_or_else(|| at(5)),
        completion,
        ons4(10 - arrival_distress),
        ons4(11 - arrival_distress),
        ons4(10 - arrival_distress),
        ons4(arrival_distress),
    ])?;
    let visit = tx.last_insert_rowid();
    what_hangs_from(ins, rng, visit, arrived, latest, suitability)
}

/// A visit's safeguarding concern, incident, follow-up and signpost, each drawn at its rate
/// (in this order: the random stream, and so every demo figure, depends on it).
fn what_hangs_from(
    ins: &mut Inserts<'_>,
    rng: &mut ChaCha8Rng,
    visit: i64,
    arrived: DateTime<Utc>,
    latest: DateTime<Utc>,
    suitability: Option<Suitability>,
) -> Result<(), StoreError> {
    let at = |mins: i64| to_stored((arrived + Duration::minutes(mins)).min(latest));
    // Only a visit that has finished has a suitability.
    let finished = suitability.is_some();
    if rng.random_ratio(1, 20) {
        let cats = [
            CareActCategory::ALL[rng.random_range(0..10)].code(),
            CareActCategory::SelfNeglect.code(),
        ]
        .join(",");
        let referred = rng.random_ratio(1, 2);
        ins.safeguarding.execute(params![
            visit,
            cats,
            rng.random_ratio(1, 3),
            referred,
            if referred { "Adult social care" } else { "" },
            referred.then(|| at(60)),
            if referred { "ASC-DEMO" } else { "" },
            if rng.random_ratio(4, 5) {
                "obtained"
            } else {
                "overridden"
            },
            "Risk to others",
            at(30),
        ])?;
    }
    if rng.random_ratio(1, 40) {
        ins.incident
            .execute(params![visit, at(45), pick(rng, INCIDENT_KINDS)])?;
    }
    if rng.random_ratio(1, 15) {
        // Closed as done, as closing one records it (when, by whom: Robin mostly, and what came
        // of it), once the visit has finished; the most recent few are opened again at the end.
        let done_by = finished.then(|| if rng.random_ratio(2, 3) { 1 } else { 2 });
        let done = done_by.map(|_| at(1440));
        let outcome = done.as_ref().map_or("", |_| {
            FOLLOW_UP_OUTCOMES[visit as usize % FOLLOW_UP_OUTCOMES.len()]
        });
        let due = date_to_stored((arrived + Duration::days(1)).date_naive());
        ins.follow_up.execute(params![
            visit,
            pick(rng, FOLLOW_UP_TASKS),
            due,
            done,
            at(60),
            done_by,
            outcome
        ])?;
    }
    if suitability == Some(Suitability::Signposted) {
        ins.signpost
            .execute(params![visit, rng.random_range(1..=20i64)])?;
    }
    Ok(())
}
