//! Reading and refusing, shared by every aggregate: a stored time from a row, and a refusal
//! in the store's words. Here rather than in one aggregate, so no aggregate imports another
//! for them.

use super::StoreError;
use crate::domain::time::from_stored;
use chrono::{DateTime, Utc};
use rusqlite::Row;

pub(crate) fn invalid(e: impl ToString) -> StoreError {
    StoreError::Invalid(e.to_string())
}

pub(crate) fn time(r: &Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = r.get(i)?;
    from_stored(&s).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(i, "time".into(), rusqlite::types::Type::Text)
    })
}

pub(crate) fn opt_time(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    Ok(r.get::<_, Option<String>>(i)?
        .as_deref()
        .and_then(from_stored))
}
