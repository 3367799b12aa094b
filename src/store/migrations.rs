//! Schema migrations: SQL files in src/store/migrations/, applied in order by
//! rusqlite_migration, which records the version in `PRAGMA user_version`.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

const MIGRATION_LIST: &[M<'static>] = &[
    M::up(include_str!("migrations/0001_core.sql")),
    M::up(include_str!("migrations/0002_reference.sql")),
    M::up(include_str!("migrations/0003_people_and_visits.sql")),
    M::up(include_str!("migrations/0004_plans.sql")),
    M::up(include_str!("migrations/0005_peers.sql")),
    M::up(include_str!("migrations/0006_handovers.sql")),
    M::up(include_str!("migrations/0007_handover_search.sql")),
    M::up(include_str!("migrations/0008_report_indexes.sql")),
    M::up(include_str!("migrations/0009_erasure.sql")),
    M::up(include_str!("migrations/0010_form_drafts.sql")),
    M::up(include_str!("migrations/0014_open_visits.sql")),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATION_LIST)
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATION_LIST.len() as i64
}

pub fn to_latest(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    migrations().to_latest(conn)
}
