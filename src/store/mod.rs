//! The encrypted store: SQLCipher through rusqlite. Opening, migrations, one module per
//! aggregate (returning domain types), the audit log and integrity checks. No UI in here.

pub mod admin;
pub mod attempts;
pub mod audit;
pub mod backup;
pub mod check;
pub mod closeout;
mod connect;
pub mod corrections;
pub mod drafts;
mod durability;
pub mod erasure;
mod error;
pub mod follow_ups;
pub mod handovers;
pub mod lock;
pub mod merge;
pub mod migrations;
mod open;
mod page_check;
pub mod peers;
pub mod people;
mod person_set;
pub mod plans;
pub mod reports;
mod rows;
mod seed;
pub mod settings;
mod shift_facts;
pub mod sidecar;
pub mod staff;
pub mod subject_access;
pub mod visits;

pub use error::{OpenError, StoreError};
pub use open::{
    CreateOptions, DamageReport, OpenOptions, PAGE_CACHE_KIB, PAGE_SIZE, STAYWELL_APPLICATION_ID,
};
pub use page_check::PageVerdict;

use rusqlite::Connection;
use secrecy::SecretString;
use std::path::{Path, PathBuf};

/// The database passphrase, wiped from memory when dropped.
pub type Passphrase = SecretString;

/// An open, unlocked, migrated database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Lower-cased names for person search, built on first use; see `people::NameIndex`.
    names: std::cell::RefCell<Option<people::NameIndex>>,
    /// What the Plans list's title counts, held between changes; see `plans::PlanCounts`.
    plan_counts: std::cell::RefCell<Option<plans::PlanCounts>>,
    /// The last audit entry id written to the anchor file beside the database.
    anchored: std::cell::Cell<Option<i64>>,
    /// Audit entries for reads and sign-ins that could not be written (a full disk, a damaged
    /// database open read-only), held to be written when a write next succeeds. Ids only.
    held_audit: Vec<audit::HeldAudit>,
    /// Opened read-only because the file is damaged.
    read_only: bool,
    /// The first unlock's page check, while it runs; see `page_check`.
    page_check: page_check::PageCheck,
    /// Transactions this connection has committed that can change what a view shows: what the
    /// app's views follow. A read's audit entry (`write_soon`) is not counted.
    commits: u64,
    /// When reads' audit entries were committed without waiting for the disk; see `durability`.
    durability: durability::Durability,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many transactions this connection has committed since it opened, less those that
    /// only recorded a read (`write_soon`: no view shows them, so none need read again): a view
    /// that showed an earlier count may be out of date.
    pub fn commits(&self) -> u64 {
        self.commits
    }

    /// The connection, for the store's own modules and for tests that check raw SQL rules.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` inside one transaction; commits only if it returns Ok.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.ensure_full_sync()?;
        let value = self.commit(f)?;
        self.commits += 1;
        // At `synchronous = FULL` the commit synced the whole WAL: entries written soon are
        // on the disk too.
        self.durability.synced();
        self.advance_anchor();
        Ok(value)
    }

    /// The transaction of `write` and `write_soon`, without the anchor.
    fn commit<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        // Nothing is written before the page check's verdict.
        self.settle_page_check();
        if self.read_only {
            // Refused before SQLite is asked: a write would read the damaged pages.
            return Err(StoreError::ReadOnly);
        }
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let value = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// After a commit: moves the audit anchor beside the database forward if the commit added
    /// audit entries. Best effort: the save has committed and must be reported as saved; a
    /// lagging anchor is still a head of the same chain, which `check` accepts.
    fn advance_anchor(&self) {
        let Ok(Some(head)) = audit::head(&self.conn) else {
            return;
        };
        if self.anchored.get() == Some(head.last_id) {
            return;
        }
        if let Ok(Some(written)) = sidecar::advance_anchor(&self.path, &self.conn) {
            self.anchored.set(Some(written.last_id));
        }
    }

    /// Moves the WAL's pages into the main file. Done when idle, on lock and on quit, never
    /// inside a keystroke (a checkpoint stalls for tens of milliseconds).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        if self.page_check_pending() {
            // Not into the file before the page check's verdict; the WAL waits.
            return Ok(());
        }
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(StoreError::from)
    }

    /// Checkpoints and closes the connection.
    pub fn close(mut self) -> Result<(), StoreError> {
        self.settle_page_check();
        // Before the checkpoint, which waits for the page check's verdict.
        let _ = self.make_durable();
        let _ = self.checkpoint();
        self.conn.close().map_err(|(_, e)| StoreError::from(e))
    }
}
