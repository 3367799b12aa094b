//! Backup (an encrypted, consistent copy with VACUUM INTO), restore (verified before anything is
//! replaced, erasures re-applied, the old file kept until success) and rekey.

use super::check::AnchorStatus;
use super::lock::TuiLock;
use super::{OpenError, Passphrase, Store, StoreError, sidecar};
use crate::domain::audit::{Head, HeadCheck};
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use secrecy::ExposeSecret;
use std::collections::BTreeSet;
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
    #[error(
        "The backup's audit log is shorter than the head recorded beside it, or differs from it \
         (entries were deleted or rewritten); nothing was changed."
    )]
    BackupTampered,
}

impl RestoreError {
    pub fn exit_code(&self) -> u8 {
        match self {
            RestoreError::InUse => OpenError::InUse.exit_code(),
            RestoreError::Backup(e) | RestoreError::Current(e) => e.exit_code(),
            RestoreError::BackupDamaged(_) => OpenError::Corrupt.exit_code(),
            RestoreError::Failed(_) => 1,
            RestoreError::BackupTampered => 22,
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
    /// The backup had no audit head beside it, so it could not be checked for truncation.
    pub backup_unanchored: bool,
}

/// What a restore will know about erasures made since the backup, before it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureKnowledge {
    /// The database being replaced exists (its erased list will be read).
    pub database: bool,
    /// The erased-ids file beside the database exists.
    pub beside_database: bool,
    /// The erased-ids file beside the backup exists.
    pub beside_backup: bool,
}

impl ErasureKnowledge {
    pub fn of(db: &Path, src: &Path) -> Self {
        ErasureKnowledge {
            database: db.exists(),
            beside_database: sidecar::erased_path(db).exists(),
            beside_backup: sidecar::erased_path(src).exists(),
        }
    }

    /// Whether erasures made after the backup could be unknown to the restore: neither the
    /// database nor the file kept beside it is there.
    pub fn uncertain(&self) -> bool {
        !self.database && !self.beside_database
    }
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
        // Beside the backup: its own chain head (read from the copy itself, which holds one
        // snapshot) and every erased id known here, so a restore from it can be checked for
        // truncation and re-applies every erasure.
        self.conn
            .execute("ATTACH DATABASE ?1 AS backup_copy", [target])?;
        let head = (|| -> Result<Option<Head>, StoreError> {
            let last: Option<(i64, Vec<u8>)> = self
                .conn
                .query_row(
                    "SELECT id, hash FROM backup_copy.audit_log ORDER BY id DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            Ok(match last {
                Some((id, hash)) => Some(Head {
                    entries: id.max(0) as u64,
                    last_id: id,
                    hash: hash
                        .as_slice()
                        .try_into()
                        .map_err(|_| StoreError::Corrupt)?,
                }),
                None => None,
            })
        })();
        self.conn.execute_batch("DETACH DATABASE backup_copy;")?;
        sidecar::write_anchor(dest, head?)?;
        let mut erased = sidecar::read_erased(&self.path).0;
        erased.extend(self.erased_people()?);
        sidecar::record_erased(dest, erased)?;
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
    let erased = known_erasures(db, src, passphrase)?;
    // Work on a copy beside the database, so the backup file itself is never changed.
    let staging = with_suffix(db, ".restoring");
    let remove_staging = || {
        for s in ["", "-wal", "-shm", ".audit-head", ".erased"] {
            let _ = fs::remove_file(with_suffix(&staging, s));
        }
    };
    remove_staging(); // left over from an interrupted restore
    let staged = stage(src, &staging, passphrase, &erased, now)
        .and_then(|staged| keep_current(db).map(|previous| (staged, previous)));
    let (staged, previous) = staged.inspect_err(|_| remove_staging())?;
    fs::rename(&staging, db).map_err(|e| {
        RestoreError::Failed(format!(
            "{e}; the previous database is at {}",
            previous
                .as_ref()
                .map_or(String::new(), |p| p.display().to_string())
        ))
    })?;
    remove_staging();
    let sidecars =
        sidecar::write_anchor(db, staged.head).and_then(|()| sidecar::record_erased(db, erased));
    sidecars.map_err(|e| RestoreError::Failed(format!("restored, but {e}")))?;
    Ok(Restored {
        erasures_reapplied: staged.reapplied,
        previous,
        backup_unanchored: staged.unanchored,
    })
}

/// Every erasure known anywhere: beside the database, beside the backup, in the database.
fn known_erasures(
    db: &Path,
    src: &Path,
    passphrase: &Passphrase,
) -> Result<BTreeSet<i64>, RestoreError> {
    let mut erased: BTreeSet<i64> = sidecar::read_erased(db).0;
    erased.extend(sidecar::read_erased(src).0);
    if db.exists() {
        let current = Store::open(db, passphrase).map_err(RestoreError::Current)?;
        let ids = current
            .erased_people()
            .map_err(|e| RestoreError::Failed(e.to_string()))?;
        current
            .close()
            .map_err(|e| RestoreError::Failed(e.to_string()))?;
        erased.extend(ids);
    }
    Ok(erased)
}

/// A backup copied beside the database, checked, with the erasures made again.
struct Staged {
    /// The copy's audit head, anchored beside the database once it is in place.
    head: Option<crate::domain::audit::Head>,
    /// How many erasures since the backup were made again.
    reapplied: usize,
    /// The backup had no audit head beside it.
    unanchored: bool,
}

/// Copies the backup (and its anchor) to `staging`, private; refuses it when it is damaged or
/// its audit log does not match its anchor; then erases again everyone in `erased`.
fn stage(
    src: &Path,
    staging: &Path,
    passphrase: &Passphrase,
    erased: &BTreeSet<i64>,
    now: DateTime<Utc>,
) -> Result<Staged, RestoreError> {
    let failed = |e: std::io::Error| RestoreError::Failed(e.to_string());
    fs::copy(src, staging).map_err(failed)?;
    fs::set_permissions(staging, fs::Permissions::from_mode(0o600)).map_err(failed)?;
    let backup_anchor = sidecar::anchor_path(src);
    let unanchored = !backup_anchor.exists();
    if !unanchored {
        fs::copy(&backup_anchor, sidecar::anchor_path(staging)).map_err(failed)?;
    }
    let mut copy = Store::open(staging, passphrase).map_err(RestoreError::Backup)?;
    verify_backup(&copy, unanchored)?;
    let mut reapplied = 0;
    for &id in erased {
        let present: Option<Option<String>> = copy
            .connection()
            .query_row("SELECT erased_at FROM people WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .ok();
        if let Some(None) = present {
            copy.erase_person(id, None, now)
                .map_err(|e| RestoreError::Failed(e.to_string()))?;
            reapplied += 1;
        }
    }
    let head =
        super::audit::head(copy.connection()).map_err(|e| RestoreError::Failed(e.to_string()))?;
    copy.close()
        .map_err(|e| RestoreError::Failed(e.to_string()))?;
    Ok(Staged {
        head,
        reapplied,
        unanchored,
    })
}

/// Refuses a backup that fails the integrity check, or whose audit log does not match the
/// head anchored beside it (entries deleted or rewritten).
fn verify_backup(copy: &Store, unanchored: bool) -> Result<(), RestoreError> {
    let report = copy
        .check()
        .map_err(|e| RestoreError::BackupDamaged(e.to_string()))?;
    let anchor_ok = match &report.anchor {
        AnchorStatus::Checked(HeadCheck::Matches { .. }) => true,
        AnchorStatus::Missing => unanchored,
        _ => false,
    };
    let damaged = !report.integrity.is_empty()
        || !report.cipher.is_empty()
        || !matches!(report.audit, super::audit::ChainStatus::Verified { .. })
        || !report.content.is_empty();
    if damaged {
        return Err(RestoreError::BackupDamaged(
            "it fails the integrity check".into(),
        ));
    }
    if !anchor_ok {
        return Err(RestoreError::BackupTampered);
    }
    Ok(())
}

/// Moves the current database (and its anchor) aside as `<db>.before-restore`, if there is
/// one; returns where it went.
fn keep_current(db: &Path) -> Result<Option<PathBuf>, RestoreError> {
    if !db.exists() {
        return Ok(None);
    }
    let keep = with_suffix(db, ".before-restore");
    for s in ["-wal", "-shm"] {
        let _ = fs::remove_file(with_suffix(db, s));
    }
    fs::rename(db, &keep).map_err(|e| RestoreError::Failed(e.to_string()))?;
    let _ = fs::rename(sidecar::anchor_path(db), sidecar::anchor_path(&keep));
    Ok(Some(keep))
}
