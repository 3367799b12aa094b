//! Schema migrations: SQL files in src/store/migrations/, applied in order by
//! rusqlite_migration, which records the version in `PRAGMA user_version`.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// Every migration in the order it runs; a migration's position is its schema version, so
/// new ones are only ever appended (never inserted, even one with a hook).
fn all() -> Vec<M<'static>> {
    vec![
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
        // Binds signed content already in the file into the audit chain (Rust, not SQL).
        M::up_with_hook(
            include_str!("migrations/0011_tamper_evidence.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                super::audit::seal_unbound(tx, chrono::Utc::now())
                    .map(|_sealed| ())
                    .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
            },
        ),
        M::up(include_str!("migrations/0012_open_visits.sql")),
        M::up(include_str!("migrations/0013_corrections.sql")),
    ]
}

/// The schema version from which signed content is bound into the audit chain.
pub const CONTENT_BINDING_VERSION: i64 = 11;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(all())
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    all().len() as i64
}

pub fn to_latest(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    migrations().to_latest(conn)
}
