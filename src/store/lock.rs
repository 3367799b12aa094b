//! One TUI per database: an exclusive lock on a file beside it, held while the TUI runs.
//! The operating system drops the lock when the process dies, so a killed TUI leaves no stale
//! lock behind. `backup`, `report`, `export` and `check` ignore it; `restore` and `rekey` refuse
//! while it is held.

use super::OpenError;
use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct TuiLock {
    _file: File,
}

pub fn lock_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

impl TuiLock {
    pub fn acquire(db: &Path) -> Result<TuiLock, OpenError> {
        let path = lock_path(db);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied => OpenError::FolderNotWritable(
                    path.parent().unwrap_or(Path::new(".")).to_path_buf(),
                ),
                _ => OpenError::Other(e.to_string()),
            })?;
        match file.try_lock() {
            Ok(()) => Ok(TuiLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(OpenError::InUse),
            Err(TryLockError::Error(e)) => Err(OpenError::Other(e.to_string())),
        }
    }

    /// Whether a TUI holds the lock now (for `restore` and `rekey`).
    pub fn is_held(db: &Path) -> bool {
        match File::open(lock_path(db)) {
            Ok(f) => match f.try_lock_shared() {
                Ok(()) => false,
                Err(TryLockError::WouldBlock) => true,
                Err(TryLockError::Error(_)) => false,
            },
            Err(_) => false,
        }
    }
}
