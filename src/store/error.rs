//! Store errors. Their text never holds visitor data: SQLite's messages name tables and
//! constraints, never values, and our own messages name only paths and counts.

use rusqlite::ErrorCode;
use std::path::PathBuf;

/// Why a database could not be opened or created. Each has its own exit code (README lists
/// them) and none of them is raised after anything was written to the file.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("There is no staywell database at {0}.")]
    NotFound(PathBuf),
    #[error("{0} is a folder, not a staywell database file.")]
    IsDirectory(PathBuf),
    #[error("{0} is an unencrypted SQLite file, not a staywell database. It was not changed.")]
    PlainSqlite(PathBuf),
    #[error("Wrong passphrase, or not a staywell database.")]
    WrongPassphraseOrForeign,
    #[error(
        "This database was written by a newer version of staywell (schema {found}; this version \
         knows up to {known}). Install the newer version to open it."
    )]
    NewerSchema { found: i64, known: i64 },
    #[error("Permission denied: this user cannot read and write {0}.")]
    PermissionDenied(PathBuf),
    #[error(
        "The folder {0} is not writable; staywell needs to write its journal beside the database."
    )]
    FolderNotWritable(PathBuf),
    #[error("The database is locked by another program. Close it, then try again.")]
    Locked,
    #[error(
        "staywell is already open on this database in another window. Use that window, or close it first."
    )]
    InUse,
    #[error(
        "The database is damaged (the passphrase is right, but some of it cannot be read: a \
         cut or corrupted file). Restore from a backup; `staywell check` names the damaged pages."
    )]
    Corrupt,
    #[error("A database already exists at {0}.")]
    AlreadyExists(PathBuf),
    #[error("The disk is full: the database could not be created.")]
    DiskFull,
    #[error("Could not open the database: {0}")]
    Other(String),
}

impl OpenError {
    /// The process exit code for this error on the command line.
    pub fn exit_code(&self) -> u8 {
        match self {
            OpenError::WrongPassphraseOrForeign => 10,
            OpenError::PlainSqlite(_) => 11,
            OpenError::NewerSchema { .. } => 12,
            OpenError::PermissionDenied(_) => 13,
            OpenError::FolderNotWritable(_) => 14,
            OpenError::Locked => 15,
            OpenError::InUse => 16,
            OpenError::Corrupt => 17,
            OpenError::IsDirectory(_) => 18,
            OpenError::NotFound(_) => 19,
            OpenError::AlreadyExists(_) => 20,
            OpenError::DiskFull => 21,
            OpenError::Other(_) => 1,
        }
    }

    /// Maps a SQLite error met while opening, after the key was accepted.
    pub(crate) fn after_unlock(e: rusqlite::Error, path: &std::path::Path) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => OpenError::Locked,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => OpenError::Corrupt,
            Some(ErrorCode::PermissionDenied | ErrorCode::ReadOnly | ErrorCode::CannotOpen) => {
                OpenError::PermissionDenied(path.to_path_buf())
            }
            Some(ErrorCode::DiskFull) => OpenError::DiskFull,
            _ => OpenError::Other(e.to_string()),
        }
    }
}

/// Errors while working with an open database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("The disk is full, so this was not saved. Free some space, then save again.")]
    DiskFull,
    #[error("The database is busy; please try again in a moment.")]
    Busy,
    #[error("The database is damaged; restore from a backup (`staywell check` gives details).")]
    Corrupt,
    #[error(
        "The database is damaged and open read-only, so this was not saved. Restore from a backup."
    )]
    ReadOnly,
    #[error("That was refused: {0}")]
    Refused(String),
    #[error("{0}")]
    Invalid(String),
    #[error("Not found.")]
    NotFound,
    #[error("Database error: {0}")]
    Sqlite(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::ConstraintViolation) => StoreError::Refused(constraint_text(&e)),
            _ if matches!(e, rusqlite::Error::QueryReturnedNoRows) => StoreError::NotFound,
            _ => StoreError::Sqlite(e.to_string()),
        }
    }
}

/// SQLite's constraint message (it names the table and column or our trigger's reason, never a
/// value).
fn constraint_text(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    }
}
