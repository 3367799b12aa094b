//! The app's own error: what can go wrong running an action, beside the store's errors. Each
//! says in plain words what happened and what to do; none carries a visitor's data.

use crate::store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    /// The store refused or failed (its own words: disk full, busy, damaged...).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A PIN asked for again was wrong (counted and audited by `pins::check_pin`).
    #[error("Wrong PIN.")]
    WrongPin,
    /// Too many wrong PINs: the next try is allowed in `wait` (already in words).
    #[error("Too many wrong PINs. Try again in {wait}.")]
    PinBackoff { wait: String },
    /// A file the app writes (a take-away copy, a subject-access export) could not be.
    #[error("{0}")]
    File(String),
    /// An action that cannot be done as asked, with the reason to show.
    #[error("{0}")]
    Refused(String),
    /// A copy could not be printed (no print command, or what the print command said).
    #[error("{0}")]
    Print(String),
}

pub type AppResult<T> = Result<T, AppError>;
