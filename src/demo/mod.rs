//! The demo database: clearly fictional staff, visitors and peer workers, generated
//! deterministically (a fixed seed) so tests and benchmarks can share it. Later panes add their
//! records here.
//!
//! Fiction markers: surnames such as "Example" and "Sample", and phone numbers from Ofcom's range
//! reserved for drama (07700 900000-900999).

#![allow(
    clippy::indexing_slicing,
    reason = "the demo generator picks from fixed tables by indexes its own loops bound; it never runs on a lead's data"
)]

use crate::domain::time::{date_to_stored, to_stored};
use crate::store::{CreateOptions, OpenError, Passphrase, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::params;
use std::path::Path;

mod handovers;
mod peers;
mod plans;
mod visits;

pub const DEMO_PASSPHRASE: &str = "demo only, fictional people";
pub const DEMO_LEAD: &str = "Robin Example";
pub const DEMO_PIN: &str = "123456";
const SEED: u64 = 0x5354_4159_5745_4C4C;
const DEMO_SETTING: &str = "demo_database";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Size {
    Small,
    Large,
}

impl Size {
    fn people(self) -> usize {
        match self {
            Size::Small => 60,
            Size::Large => 12_000,
        }
    }
    /// How long ago the demo's workers joined: before the history begins.
    pub(crate) fn worker_tenure_days(self) -> i64 {
        match self {
            Size::Small => 400,
            Size::Large => 3700,
        }
    }
    fn peer_workers(self) -> usize {
        match self {
            Size::Small => 8,
            Size::Large => 60,
        }
    }
}

const FIRST_NAMES: &[&str] = &[
    "Alex", "Bea", "Cal", "Dee", "Eli", "Fran", "Gus", "Hana", "Ivo", "Jas", "Kit", "Lou", "Mo",
    "Nell", "Oz", "Pip", "Quin", "Ray", "Sol", "Tam", "Uma", "Vic", "Wren", "Xan", "Yas", "Zac",
];
const FICTIONAL_SURNAMES: &[&str] = &[
    "Example",
    "Sample",
    "Specimen",
    "Placeholder",
    "Madeup",
    "Fictional",
    "Pretend",
    "Dummy",
];
const COLLEAGUES: &[&str] = &["Jordan Sample", "Casey Specimen"];
const LANGUAGES: &[&str] = &[
    "English", "Welsh", "Polish", "Urdu", "Punjabi", "Arabic", "BSL", "Somali",
];
const LIVED_EXPERIENCE: &[&str] = &[
    "depression",
    "anxiety",
    "self-harm",
    "bereavement",
    "psychosis",
    "eating disorders",
    "addiction",
    "trauma",
    "homelessness",
];

pub fn passphrase() -> Passphrase {
    Passphrase::from(DEMO_PASSPHRASE)
}

/// Whether `path` holds a demo database (so it may be replaced by a fresh one).
pub fn is_demo_database(path: &Path) -> bool {
    Store::open(path, &passphrase())
        .ok()
        .and_then(|s| s.setting(DEMO_SETTING).ok().flatten())
        .is_some_and(|v| v == "yes")
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Creates a fresh demo database at `path` (which must not exist) with `now` as "tonight".
pub fn generate(path: &Path, size: Size, now: DateTime<Utc>) -> Result<Store, DemoError> {
    generate_scaled(path, size, 1, now)
}

/// The largest `--scale`: ten times the large size is DESIGN.md §6's 120,000 people and
/// 1.2 million visits; beyond that is nobody's café.
pub const MAX_SCALE: usize = 10;

/// As `generate`, with `scale` times the people, visits, crisis plans and peer assignments over
/// the same history (a busier site, not a longer one): the same ten years, nightly handovers,
/// staff and peer workers. `scale` 1 is exactly `generate`'s data.
pub fn generate_scaled(
    path: &Path,
    size: Size,
    scale: usize,
    now: DateTime<Utc>,
) -> Result<Store, DemoError> {
    let scale = scale.clamp(1, MAX_SCALE);
    let mut store = Store::create(
        path,
        &passphrase(),
        &CreateOptions {
            first_staff_name: DEMO_LEAD,
            first_staff_pin: DEMO_PIN,
        },
        now,
    )?;
    for name in COLLEAGUES {
        store.add_staff(name, DEMO_PIN, 1, now)?;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    store.write(|tx| {
        tx.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, 'yes', ?2)",
            params![DEMO_SETTING, to_stored(now)],
        )?;
        let people = size.people() * scale;
        insert_people(tx, &mut rng, people, now)?;
        insert_peer_workers(tx, &mut rng, size, now)?;
        visits::insert(tx, &mut rng, size, scale, people as i64, now)?;
        handovers::insert(tx, &mut rng, size, now)?;
        plans::insert(tx, &mut rng, size, people as i64, now)?;
        peers::insert(tx, &mut rng, size, scale, now)?;
        // Written directly, so bound to the audit chain here, as an upgrade binds old rows.
        crate::store::audit::seal_unbound(tx, now)?;
        Ok(())
    })?;
    store.checkpoint()?;
    Ok(store)
}

pub(crate) fn pick<'a>(rng: &mut ChaCha8Rng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn insert_people(
    tx: &rusqlite::Transaction<'_>,
    rng: &mut ChaCha8Rng,
    people: usize,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare(
        "INSERT INTO people (display_name, full_name, date_of_birth, phone, phone_digits,
                             created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
    )?;
    for i in 0..people {
        let first = pick(rng, FIRST_NAMES);
        // About one visitor in eight stays anonymous; some give only initials.
        let anonymous = rng.random_ratio(1, 8);
        let display = if anonymous {
            None
        } else if rng.random_ratio(1, 6) {
            Some(format!(
                "{}.{}.",
                &first[..1],
                &pick(rng, FICTIONAL_SURNAMES)[..1]
            ))
        } else {
            Some(first.to_string())
        };
        let full = (!anonymous && rng.random_ratio(1, 2))
            .then(|| format!("{first} {}", pick(rng, FICTIONAL_SURNAMES)));
        let age_days = rng.random_range(18 * 365 + 5..85 * 365);
        let dob = (!anonymous && rng.random_ratio(2, 3))
            .then(|| date_to_stored((now - Duration::days(age_days)).date_naive()));
        let phone = (!anonymous && rng.random_ratio(1, 2))
            .then(|| format!("07700 900{:03}", rng.random_range(0..1000)));
        let digits = phone.as_ref().map(|p| p.replace(' ', ""));
        let created = now - Duration::days((people - i) as i64 * 3650 / people as i64);
        stmt.execute(params![
            display,
            full,
            dob,
            phone,
            digits,
            to_stored(created)
        ])?;
    }
    Ok(())
}

fn insert_peer_workers(
    tx: &rusqlite::Transaction<'_>,
    rng: &mut ChaCha8Rng,
    size: Size,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut worker = tx.prepare(
        "INSERT INTO peer_workers (name, employment, lived_experience, languages, dbs_checked_on,
                                   training, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
    )?;
    let mut slot = tx.prepare(
        "INSERT INTO availability_slots (worker_id, weekday, starts, ends) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for i in 0..size.peer_workers() {
        let name = format!(
            "{} {}{}",
            FIRST_NAMES[(i * 7 + 3) % FIRST_NAMES.len()],
            FICTIONAL_SURNAMES[i % FICTIONAL_SURNAMES.len()],
            if i >= FIRST_NAMES.len() {
                format!(" {}", i / FIRST_NAMES.len() + 1)
            } else {
                String::new()
            }
        );
        let employment = if rng.random_ratio(1, 3) {
            "paid"
        } else {
            "volunteer"
        };
        let lived = format!(
            "{}, {}",
            pick(rng, LIVED_EXPERIENCE),
            pick(rng, LIVED_EXPERIENCE)
        );
        let languages = if rng.random_ratio(1, 3) {
            format!("English, {}", pick(rng, &LANGUAGES[1..]))
        } else {
            "English".to_string()
        };
        let dbs = date_to_stored((now - Duration::days(rng.random_range(30..1400))).date_naive());
        worker.execute(params![
            name,
            employment,
            lived,
            languages,
            dbs,
            "Peer support induction; suicide awareness",
            to_stored(now - Duration::days(size.worker_tenure_days()))
        ])?;
        let id = tx.last_insert_rowid();
        for weekday in 0..7 {
            if rng.random_ratio(3, 7) {
                let (starts, ends) = if weekday >= 5 {
                    ("15:00", "22:30")
                } else {
                    ("17:00", "22:30")
                };
                slot.execute(params![id, weekday, starts, ends])?;
            }
        }
    }
    Ok(())
}
