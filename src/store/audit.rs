//! The append-only, hash-chained audit log. SQL triggers refuse UPDATE and DELETE; each row's
//! hash covers the previous row's hash, so a removed or altered row breaks the chain.

use super::{Store, StoreError};
use crate::domain::audit::{self, AuditAction, AuditEntry, ChainBreak, Hash, RecordKind};
use crate::domain::time::to_stored;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// Appends one entry. Call inside the transaction of the change it records.
pub fn append(
    conn: &Connection,
    now: DateTime<Utc>,
    staff_id: Option<i64>,
    action: AuditAction,
    kind: Option<RecordKind>,
    record_id: Option<i64>,
) -> Result<i64, StoreError> {
    let last: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, prev) = match last {
        Some((id, hash)) => (id + 1, to_hash(&hash).ok_or(StoreError::Corrupt)?),
        None => (1, audit::GENESIS),
    };
    let entry = AuditEntry {
        id,
        at: to_stored(now),
        staff_id,
        action: action.as_str().to_string(),
        record_kind: kind.map(|k| k.as_str().to_string()),
        record_id,
    };
    let hash = audit::chain_hash(&prev, &entry);
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, staff_id, action, record_kind, record_id, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        entry.id,
        entry.at,
        entry.staff_id,
        entry.action,
        entry.record_kind,
        entry.record_id,
        &prev[..],
        &hash[..]
    ])?;
    Ok(id)
}

fn to_hash(bytes: &[u8]) -> Option<Hash> {
    bytes.try_into().ok()
}

/// The outcome of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStatus {
    Verified { entries: usize },
    Broken(ChainBreak),
}

impl Store {
    /// Records an event on its own (unlock, sign-in, lock...), in its own transaction.
    pub fn audit(
        &mut self,
        now: DateTime<Utc>,
        staff_id: Option<i64>,
        action: AuditAction,
        kind: Option<RecordKind>,
        record_id: Option<i64>,
    ) -> Result<(), StoreError> {
        self.write(|tx| append(tx, now, staff_id, action, kind, record_id).map(|_| ()))
    }

    /// Walks the chain from the first entry. Streams rows, so it is fine on a large log.
    pub fn verify_audit_chain(&self) -> Result<ChainStatus, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, staff_id, action, record_kind, record_id, prev_hash, hash
             FROM audit_log ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut verifier = audit::ChainVerifier::default();
        while let Some(r) = rows.next()? {
            let entry = entry_from_row(r)?;
            let prev = to_hash(&r.get::<_, Vec<u8>>(6)?);
            let hash = to_hash(&r.get::<_, Vec<u8>>(7)?);
            let (Some(prev), Some(hash)) = (prev, hash) else {
                return Ok(ChainStatus::Broken(ChainBreak::Content { id: entry.id }));
            };
            if let Err(b) = verifier.push(&entry, &prev, &hash) {
                return Ok(ChainStatus::Broken(b));
            }
        }
        Ok(ChainStatus::Verified {
            entries: verifier.verified(),
        })
    }

    /// Entries about one record, newest first.
    pub fn audit_entries_for(
        &self,
        kind: RecordKind,
        record_id: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, staff_id, action, record_kind, record_id FROM audit_log
             WHERE record_kind = ?1 AND record_id = ?2 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map(params![kind.as_str(), record_id], entry_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest `limit` entries, newest first.
    pub fn recent_audit_entries(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, staff_id, action, record_kind, record_id FROM audit_log
             ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], entry_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        staff_id: r.get(2)?,
        action: r.get(3)?,
        record_kind: r.get(4)?,
        record_id: r.get(5)?,
    })
}
