//! Demo crisis plans: about two visitors in three have one, each with one to seven versions
//! saved on evenings over the months since it was started (warning signs added, a number changed,
//! consent given, a national line added), by any of the demo staff. Older plans are overdue
//! for review. Every version passes the plan rules, so the editor can save it again.
//!
//! Phone numbers are fictional: Ofcom's ranges reserved for drama (07700 900xxx,
//! 020 7946 0xxx, 0161 496 0xxx, 01632 960xxx), and the real national lines.

use super::{Size, pick};
use crate::domain::plan::{Contact, PlanContent, national_lines};
use crate::domain::time::{date_to_stored, to_stored};
use crate::store::StoreError;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::seq::index;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Transaction, params};

const WARNING_SIGNS: &[&str] = &[
    "Not sleeping, or sleeping all day",
    "Pacing at night",
    "Not answering the phone",
    "Cancelling plans with friends",
    "Skipping meals",
    "Drinking more than usual",
    "Thinking everyone would be better off without me",
    "Giving things away",
    "Staying in bed with the curtains shut",
    "Snapping at people I love",
    "Not opening my post",
    "Feeling numb",
];
const ON_MY_OWN: &[&str] = &[
    "Walk by the canal",
    "Have a hot shower",
    "Music, loud, with headphones",
    "Write it down in my notebook",
    "Breathing exercise: in for 4, out for 6",
    "Hold an ice cube",
    "Watch a comfort film",
    "Stroke the cat",
    "Make a proper meal",
    "Read my 'reasons' card",
    "Colouring book",
    "Go to bed at the same time",
];
const TAKE_MY_MIND_OFF: &[&str] = &[
    "The library on the high street",
    "Coffee with my cousin",
    "Football at the park on Sundays",
    "The drop-in at the community centre",
    "Swimming baths",
    "Walking group on Wednesdays",
    "The allotment",
    "Church coffee morning",
    "Phone my friend who makes me laugh",
    "The café in the garden centre",
];
const SAFER: &[&str] = &[
    "Give my tablets to my sister to keep",
    "Keep only a week of medication at home",
    "Stay away from the bridge; take the bus instead",
    "No alcohol in the house",
    "Ask my GP for smaller prescriptions",
    "Lock the razor blades in the car",
];
const PEOPLE: &[&str] = &[
    "Mum",
    "Dad",
    "My sister",
    "My brother",
    "Best friend",
    "Neighbour at number 4",
    "Auntie",
    "My partner",
    "Flatmate",
    "Friend from the walking group",
];
const SERVICES: &[(&str, &str)] = &[
    ("GP – Riverside Surgery (fictional)", "020 7946 0"),
    ("GP – Canal Street Practice (fictional)", "0161 496 0"),
    ("Crisis team, Example Town (fictional)", "01632 960"),
    ("Care coordinator (fictional)", "0161 496 0"),
];
const REASONS: &[&str] = &[
    "My dog, Biscuit.",
    "Seeing my niece grow up.",
    "Finishing my college course.",
    "My garden in the spring.",
    "My mum needs me.",
    "Football on Saturdays with my brother.\nThe lads would miss me.",
    "My kids.",
    "I want to see the sea again.",
];
const WHAT_HELPS: &[&str] = &[
    "Helps: a quiet room and a cup of tea.\nDoes not help: being told to calm down.",
    "Helps: someone sitting with me, not talking.\nDoes not help: lots of questions at once.",
    "Helps: being asked what I need.\nDoes not help: bright lights and noise.",
    "Helps: a walk outside.",
    "Helps: my own music.\nDoes not help: being left alone for long.",
];
const PRACTICAL: &[&str] = &[
    "My sister collects the children from school if I go into hospital.",
    "The neighbour at number 4 has a key and feeds the cat.",
    "Ring my manager if I cannot work; the number is in my phone.",
    "My dog goes to my brother's.",
    "Rent is paid by standing order, nothing to do.",
];
const COPY_HOLDERS: &[&str] = &[
    "Me",
    "Me",
    "Me, my GP",
    "Me and my sister",
    "Me, GP, crisis team",
    "",
];

/// How far back plans go: the small size's visitors are recent, the large one's span the
/// ten years of visits.
fn span_days(size: Size) -> i64 {
    match size {
        Size::Small => 240,
        Size::Large => 3650,
    }
}

fn some(rng: &mut ChaCha8Rng, list: &[&str], from: usize, to: usize) -> Vec<String> {
    let n = rng.random_range(from..=to).min(list.len());
    index::sample(rng, list.len(), n)
        .into_iter()
        .map(|i| list[i].to_string())
        .collect()
}

fn mobile(rng: &mut ChaCha8Rng) -> String {
    format!("07700 900{:03}", rng.random_range(0..1000))
}

fn first_content(rng: &mut ChaCha8Rng) -> PlanContent {
    let people = some(rng, PEOPLE, 1, 3)
        .into_iter()
        .map(|name| {
            let phone = if rng.random_ratio(1, 8) {
                String::new()
            } else {
                mobile(rng)
            };
            Contact::new(&name, &phone)
        })
        .collect();
    let (service, prefix) = SERVICES[rng.random_range(0..SERVICES.len())];
    let mut professionals = vec![Contact::new(
        service,
        &format!("{prefix}{:03}", rng.random_range(0..1000)),
    )];
    let lines = national_lines();
    professionals.push(lines[1].clone()); // Samaritans
    if rng.random_ratio(1, 2) {
        professionals.push(lines[0].clone());
    }
    let text = |rng: &mut ChaCha8Rng, list: &[&str], odds: u32| {
        if rng.random_ratio(odds, 4) {
            pick(rng, list).to_string()
        } else {
            String::new()
        }
    };
    PlanContent {
        warning_signs: some(rng, WARNING_SIGNS, 2, 4),
        on_my_own: some(rng, ON_MY_OWN, 2, 4),
        take_my_mind_off: some(rng, TAKE_MY_MIND_OFF, 1, 3),
        people_to_ask: people,
        professionals,
        safer_surroundings: some(rng, SAFER, 0, 2),
        reasons_for_living: text(rng, REASONS, 4),
        what_helps: text(rng, WHAT_HELPS, 3),
        practical_needs: text(rng, PRACTICAL, 2),
    }
}

/// Adds `item` from `list` unless it is there already.
fn add_one(rng: &mut ChaCha8Rng, to: &mut Vec<String>, list: &[&str]) {
    let item = pick(rng, list).to_string();
    if !to.contains(&item) {
        to.push(item);
    }
}

/// What a review typically changes: one or two things.
fn revise(rng: &mut ChaCha8Rng, c: &mut PlanContent) {
    for _ in 0..rng.random_range(1..=2) {
        match rng.random_range(0..8) {
            0 => add_one(rng, &mut c.warning_signs, WARNING_SIGNS),
            1 if c.warning_signs.len() > 1 => {
                let i = rng.random_range(0..c.warning_signs.len());
                c.warning_signs.remove(i);
            }
            2 => add_one(rng, &mut c.on_my_own, ON_MY_OWN),
            3 => {
                if let Some(person) = c.people_to_ask.first_mut() {
                    person.phone = mobile(rng); // a new number
                }
            }
            4 => {
                if let Some(line) = national_lines()
                    .into_iter()
                    .find(|l| !c.professionals.contains(l))
                {
                    c.professionals.push(line);
                }
            }
            5 => add_one(rng, &mut c.safer_surroundings, SAFER),
            6 => c.what_helps = pick(rng, WHAT_HELPS).to_string(),
            _ => add_one(rng, &mut c.take_my_mind_off, TAKE_MY_MIND_OFF),
        }
    }
}

pub(super) fn insert(
    tx: &Transaction<'_>,
    rng: &mut ChaCha8Rng,
    size: Size,
    people: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut plan = tx.prepare(
        "INSERT INTO crisis_plans (person_id, created_at, created_by) VALUES (?1, ?2, ?3)",
    )?;
    let mut version = tx.prepare(
        "INSERT INTO plan_versions (plan_id, version, sections, co_produced, consent_to_share,
                                    copy_holders, review_due, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for person in 1..=people {
        if !rng.random_ratio(2, 3) {
            continue;
        }
        // One to seven versions, about 3.75 on average (30,000 in the large size).
        let versions = rng.random_range(1..=6) + i64::from(rng.random_ratio(1, 4));
        // At least two days between versions, each saved in the evening.
        let first_day = rng.random_range(2 * versions..=span_days(size));
        let saved_at = |rng: &mut ChaCha8Rng, v: i64| {
            let days_ago = first_day - first_day * v / versions;
            let evening = Duration::minutes(17 * 60 + rng.random_range(0..300));
            (now - Duration::days(days_ago))
                .date_naive()
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
                + evening
        };
        let mut content = first_content(rng);
        let mut consent = rng.random_ratio(1, 2);
        let co_produced = rng.random_ratio(9, 10);
        let mut holders = pick(rng, COPY_HOLDERS);
        let mut plan_id = None;
        for v in 0..versions {
            let at = saved_at(rng, v);
            let author = rng.random_range(1..=3i64);
            if v > 0 {
                revise(rng, &mut content);
                if rng.random_ratio(1, 4) {
                    consent = true;
                    holders = pick(rng, &COPY_HOLDERS[..5]);
                }
            }
            let id = match plan_id {
                Some(id) => id,
                None => {
                    plan.execute(params![person, to_stored(at), author])?;
                    *plan_id.insert(tx.last_insert_rowid())
                }
            };
            let interval = [90, 90, 90, 90, 28, 56, 180][rng.random_range(0..7)];
            let review_due = at.date_naive() + Duration::days(interval);
            let sections = serde_json::to_string(&content)
                .map_err(|_| StoreError::Sqlite("could not encode a demo plan".into()))?;
            version.execute(params![
                id,
                v + 1,
                sections,
                co_produced,
                consent,
                holders,
                date_to_stored(review_due),
                to_stored(at),
                author
            ])?;
        }
    }
    Ok(())
}
