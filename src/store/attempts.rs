//! Failed unlock attempts, remembered beside the database (never inside it: a failed unlock
//! must not touch the database file) so quitting and restarting does not reset the back-off.
//! The file holds only times.

use crate::domain::time::{from_stored, to_stored};
use chrono::{DateTime, Utc};
use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

fn attempts_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".unlock-failures");
    PathBuf::from(p)
}

pub fn load(db: &Path) -> Vec<DateTime<Utc>> {
    fs::read_to_string(attempts_path(db))
        .map(|text| text.lines().filter_map(from_stored).collect())
        .unwrap_or_default()
}

/// Records a failure. Best effort: an unwritable folder must not stop the back-off held in
/// memory.
pub fn record(db: &Path, at: DateTime<Utc>) {
    let file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(attempts_path(db));
    if let Ok(mut f) = file {
        let _ = writeln!(f, "{}", to_stored(at));
    }
}

pub fn clear(db: &Path) {
    let _ = fs::remove_file(attempts_path(db));
}

impl super::Store {
    /// Audits every failed unlock recorded beside the database, however old, and `also` (failures
    /// held in memory that could not be written there), then clears the file. Called after a
    /// successful unlock, by the app and by every command.
    pub fn audit_recorded_unlock_failures(
        &mut self,
        also: &[DateTime<Utc>],
    ) -> Result<usize, super::StoreError> {
        use crate::domain::audit::{AuditAction, RecordKind};
        let mut all = load(self.path());
        all.extend_from_slice(also);
        all.sort();
        all.dedup();
        if all.is_empty() {
            return Ok(0);
        }
        self.write(|tx| {
            for at in &all {
                super::audit::append(
                    tx,
                    *at,
                    None,
                    AuditAction::UnlockFailed,
                    Some(RecordKind::Database),
                    None,
                )?;
            }
            Ok(())
        })?;
        clear(self.path());
        Ok(all.len())
    }
}
