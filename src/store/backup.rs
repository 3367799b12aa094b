//! Backup (an encrypted, consistent copy with VACUUM INTO), restore (verified before anything is
//! replaced, erasures re-applied, the old file kept until success) and rekey.

use super::lock::TuiLock;
use super::{OpenError, Passphrase, Store, StoreError};
use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("staywell is open on this database; quit it before restoring.")]
    InUse,
    #[error("The backup could not be opened: {0}")]
    Backup(OpenError),
    #[error("The backup is damaged ({0}); nothing was changed.")]
    BackupDamaged(String),
    #[error(
        "The current database does not open with this passphrase, so its list of erased people \
         cannot be re-applied; nothing was changed. ({0})"
    )]
    Current(OpenError),
    #[error("Restoring failed: {0}; the current database was left as it was.")]
    Failed(String),
}

impl RestoreError {
    pub fn exit_code(&self) -> u8 {
        match self {
            RestoreError::InUse => OpenError::InUse.exit_code(),
            RestoreError::Backup(e) | RestoreError::Current(e) => e.exit_code(),
            RestoreError::BackupDamaged(_) => OpenError::Corrupt.exit_code(),
            RestoreError::Failed(_) => 1,
        }
    }
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Erasures re-applied to the restored copy.
    pub erasures_reapplied: usize,
    /// Where the database that was replaced now is (encrypted, as it was).
    pub previous: Option<PathBuf>,
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl Store {
    /// Writes an encrypted, consistent copy (same key, same schema version) to `dest`, which must
    /// not exist. Safe while the app is open: it reads one snapshot.
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        if dest.exists() {
            return Err(StoreError::Invalid(format!(
                "{} already exists; choose a new file.",
                dest.display()
            )));
        }
        let target = dest
            .to_str()
            .ok_or_else(|| StoreError::Invalid("the backup path is not valid text".into()))?;
        self.conn
            .execute_batch(&format!("VACUUM INTO {}", sql_string(target)))?;
        fs::set_permissions(dest, fs::Permissions::from_mode(0o600))
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        Ok(())
    }

    /// Changes the passphrase. The old one stops working; the data is untouched.
    pub fn rekey(&mut self, new: &Passphrase) -> Result<(), StoreError> {
        let secret = new.expose_secret();
        let mut sql = Zeroizing::new(String::with_capacity(secret.len() + 32));
        sql.push_str("PRAGMA rekey = ");
        sql.push_str(&sql_string(secret));
        sql.push(';');
        // SQLCipher rewrites every page; do it outside WAL so no page is left under the old key.
        self.checkpoint()?;
        self.conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
        let result = self.conn.execute_batch(&sql);
        self.conn.execute_batch("PRAGMA journal_mode = WAL;")?;
        result.map_err(StoreError::from)
    }
}

/// Replaces the database at `db` with the backup at `src` (both under `passphrase`), after
/// checking the backup opens and verifies, and after erasing again everyone erased in the
/// current database. The replaced file is kept as `<db>.before-restore`.
pub fn restore(
    db: &Path,
    src: &Path,
    passphrase: &Passphrase,
    now: DateTime<Utc>,
) -> Result<Restored, RestoreError> {
    if TuiLock::is_held(db) {
        return Err(RestoreError::InUse);
    }
    let _lock = TuiLock::acquire(db).map_err(|_| RestoreError::InUse)?;
    Store::preflight(src).map_err(RestoreError::Backup)?;
    let erased = if db.exists() {
        let current = Store::open(db, passphrase).map_err(RestoreError::Current)?;
        let ids = current
            .erased_people()
            .map_err(|e| RestoreError::Failed(e.to_string()))?;
        current
            .close()
            .map_err(|e| RestoreError::Failed(e.to_string()))?;
        ids
    } else {
        Vec::new()
    };
    // Work on a copy beside the database, so the backup file itself is never changed.
    let staging = with_suffix(db, ".restoring");
    let remove_staging = || {
        for s in ["", "-wal", "-shm"] {
            let _ = fs::remove_file(with_suffix(&staging, s));
        }
    };
    let cleanup = |e: RestoreError| {
        remove_staging();
        e
    };
    remove_staging(); // left over from an interrupted restore
    fs::copy(src, &staging).map_err(|e| cleanup(RestoreError::Failed(e.to_string())))?;
    fs::set_permissions(&staging, fs::Permissions::from_mode(0o600))
        .map_err(|e| cleanup(RestoreError::Failed(e.to_string())))?;
    let mut copy =
        Store::open(&staging, passphrase).map_err(|e| cleanup(RestoreError::Backup(e)))?;
    let report = copy
        .check()
        .map_err(|e| cleanup(RestoreError::BackupDamaged(e.to_string())))?;
    if !report.is_ok() {
        return Err(cleanup(RestoreError::BackupDamaged(
            "it fails the integrity check".into(),
        )));
    }
    let mut reapplied = 0;
    for id in erased {
        let present: Option<Option<String>> = copy
            .connection()
            .query_row("SELECT erased_at FROM people WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .ok();
        if let Some(None) = present {
            copy.erase_person(id, None, now)
                .map_err(|e| cleanup(RestoreError::Failed(e.to_string())))?;
            reapplied += 1;
        }
    }
    copy.close()
        .map_err(|e| cleanup(RestoreError::Failed(e.to_string())))?;
    let previous = if db.exists() {
        let keep = with_suffix(db, ".before-restore");
        for s in ["-wal", "-shm"] {
            let _ = fs::remove_file(with_suffix(db, s));
        }
        fs::rename(db, &keep).map_err(|e| cleanup(RestoreError::Failed(e.to_string())))?;
        Some(keep)
    } else {
        None
    };
    fs::rename(&staging, db).map_err(|e| {
        RestoreError::Failed(format!(
            "{e}; the previous database is at {}",
            previous
                .as_ref()
                .map_or(String::new(), |p| p.display().to_string())
        ))
    })?;
    Ok(Restored {
        erasures_reapplied: reapplied,
        previous,
    })
}
