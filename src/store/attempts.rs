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
        // The file and `also` mostly hold the same failures (the app records each in both);
        // several may share one second, so they are merged as multisets: each time as often
        // as the one that holds it more often.
        let mut counts: std::collections::BTreeMap<DateTime<Utc>, (usize, usize)> =
            Default::default();
        for t in load(self.path()) {
            counts.entry(t).or_default().0 += 1;
        }
        for t in also {
            // As the file holds it: to the second.
            let t = from_stored(&to_stored(*t)).unwrap_or(*t);
            counts.entry(t).or_default().1 += 1;
        }
        let all: Vec<DateTime<Utc>> = counts
            .into_iter()
            .flat_map(|(t, (a, b))| std::iter::repeat_n(t, a.max(b)))
            .collect();
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
