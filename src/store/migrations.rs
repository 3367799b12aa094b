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
];

/// Migrations that run Rust as well as SQL, after the plain ones above. Numbered from 0011 so
/// they never collide with plain migrations added meanwhile; they always run after every plain
/// migration (their position, not their file name, is their version).
fn with_hooks() -> Vec<M<'static>> {
    let mut all = MIGRATION_LIST.to_vec();
    all.push(M::up_with_hook(
        include_str!("migrations/0011_tamper_evidence.sql"),
        |tx: &rusqlite::Transaction<'_>| {
            super::audit::seal_unbound(tx, chrono::Utc::now())
                .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))?;
            super::erasure::guard_form_drafts(tx)
                .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))?;
            Ok(())
        },
    ));
    all
}

/// The schema version from which signed content is bound into the audit chain.
pub const CONTENT_BINDING_VERSION: i64 = MIGRATION_LIST.len() as i64 + 1;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(with_hooks())
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    with_hooks().len() as i64
}

pub fn to_latest(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    migrations().to_latest(conn)
}
