//! When a commit waits for the disk.
//!
//! Every write waits (`synchronous = FULL`): a save reported as saved is on the disk, and a
//! power cut cannot take it back. One kind of entry is written without waiting: the audit
//! entry of *reading* a plan, which is committed on the very keystroke that shows the plan
//! (DESIGN.md §4: the plan is never on screen before the record of who opened it exists).
//! Waiting for the disk there is an fsync, on this kind of machine 0.5–1 ms, more than the
//! rest of opening the plan together.
//!
//! Such an entry is committed at `synchronous = NORMAL`: in the WAL, seen by every reader and
//! kept through any end of the app (a crash, SIGKILL, a closed terminal), because the
//! operating system holds the written file. Only a power cut or a crash of the operating
//! system before the next sync could lose it, and then it is lost whole: WAL frames are
//! checksummed, so the chain stays valid. The sync comes soon: the app's next tick (within a
//! second) calls [`Store::make_durable`], and so do any later write (a FULL commit syncs the
//! whole WAL), a lock and a quit. The anchor beside the database moves only after that sync,
//! so it never names an entry the disk might not hold.
//!
//! Exports, prints, sign-offs and everything else stay FULL: what leaves the database, or what
//! a lead was told is saved, is on the disk first.

use super::{Store, StoreError};
use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::path::PathBuf;

/// What this connection committed without waiting for the disk.
#[derive(Debug, Default)]
pub(crate) struct Durability {
    /// A commit since the last sync was made at `synchronous = NORMAL`.
    unsynced: bool,
    /// `synchronous` could not be put back to FULL after such a commit; the next write must.
    lowered: bool,
}

impl Durability {
    /// A sync of the WAL has happened (a FULL commit, or `make_durable`).
    pub(crate) fn synced(&mut self) {
        self.unsynced = false;
    }
}

impl Store {
    /// As [`Store::write`], but the commit does not wait for the disk; see the module's text
    /// for when that is right (one case: a read's audit entry). The connection is back at
    /// `synchronous = FULL` when this returns, or the next write puts it back first. Not counted
    /// in [`Store::commits`]: a read's audit entry changes nothing a view shows, so the panes
    /// need not read again for it.
    pub(crate) fn write_soon<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.ensure_full_sync()?;
        self.conn.execute_batch("PRAGMA synchronous = NORMAL")?;
        self.durability.lowered = true;
        let written = self.commit(f);
        if written.is_ok() {
            self.durability.unsynced = true;
        }
        self.ensure_full_sync()?;
        written
    }

    /// Whether an entry committed without waiting for the disk has not been synced yet.
    pub fn awaits_sync(&self) -> bool {
        self.durability.unsynced
    }

    /// Syncs the WAL if anything was committed without waiting for the disk, then moves the
    /// anchor beside the database forward. Cheap when there is nothing to sync. On failure
    /// nothing is lost from the WAL and the next call tries again.
    pub fn make_durable(&mut self) -> Result<(), StoreError> {
        if !self.durability.unsynced {
            return Ok(());
        }
        match OpenOptions::new().write(true).open(self.wal_path()) {
            // fsync syncs the file, whichever descriptor asks: SQLite's frames are in it.
            Ok(wal) => wal.sync_data().map_err(could_not_sync)?,
            // No WAL: a checkpoint moved everything into the main file and synced it.
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(could_not_sync(e)),
        }
        self.durability.synced();
        self.advance_anchor();
        Ok(())
    }

    /// Puts `synchronous` back to FULL if a soon-written commit left it lowered.
    pub(super) fn ensure_full_sync(&mut self) -> Result<(), StoreError> {
        if self.durability.lowered {
            self.conn.execute_batch("PRAGMA synchronous = FULL")?;
            self.durability.lowered = false;
        }
        Ok(())
    }

    fn wal_path(&self) -> PathBuf {
        let mut wal = self.path.as_os_str().to_owned();
        wal.push("-wal");
        PathBuf::from(wal)
    }
}

fn could_not_sync(e: std::io::Error) -> StoreError {
    StoreError::Invalid(format!(
        "An audit entry could not be synced to the disk (it is kept and tried again): {e}"
    ))
}
