//! Reading and refusing, shared by every aggregate: a stored time from a row, and a refusal
//! in the store's words. Here rather than in one aggregate, so no aggregate imports another
//! for them.
//!
//! A page's `LIMIT` is written into its SQL (`LIMIT 50`), never bound (`LIMIT ?`): SQLite reads
//! a bound LIMIT's value when it plans a statement, so binding one marks the cached statement
//! to be prepared again at its next run. Every run, that is, is parsed and planned from
//! scratch, and with `cipher_memory_security` every allocation of that is wiped (0.2–0.5 ms a
//! query on the large demo, measured while SQLCipher also locked each allocation). Written in,
//! it is planned as the bound value was, and each distinct limit is prepared once (pages have
//! few). A bound LIKE pattern does the same (the Plans list's filter wraps its pattern so it
//! does not). [`reprepared`] counts it.

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

/// How many times the cached statement for `sql` has been prepared again since it was first
/// prepared (SQLite's `SQLITE_STMTSTATUS_REPREPARE`): 0 for a statement whose bound values do
/// not change its plan.
#[cfg(test)]
pub(crate) fn reprepared(conn: &rusqlite::Connection, sql: &str) -> i32 {
    conn.prepare_cached(sql)
        .expect("the statement prepares")
        .get_status(rusqlite::StatementStatus::RePrepare)
}
