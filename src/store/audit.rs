//! The append-only, hash-chained audit log. SQL triggers refuse UPDATE and DELETE; each row's
//! hash covers the previous row's hash, so a removed or altered row breaks the chain.

use super::{Store, StoreError};
pub use crate::domain::audit::ChainStatus;
use crate::domain::audit::{
    self, AuditAction, AuditEntry, ChainBreak, ContentBinding, ContentKind, Hash, RecordKind,
    StoredValue,
};
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
    append_bound(conn, now, staff_id, action, kind, record_id, None)
}

/// Appends one entry that binds the current stored values of a piece of signed content (see
/// [`bind`]). Call inside the transaction that wrote the content, after writing it.
#[allow(clippy::too_many_arguments)]
pub fn append_binding(
    conn: &Connection,
    now: DateTime<Utc>,
    staff_id: Option<i64>,
    action: AuditAction,
    kind: Option<RecordKind>,
    record_id: Option<i64>,
    content: ContentKind,
    content_id: i64,
) -> Result<i64, StoreError> {
    let binding = bind(conn, content, content_id)?;
    append_bound(conn, now, staff_id, action, kind, record_id, Some(binding))
}

/// The columns of each kind of signed content, in the order they are hashed.
fn content_select(kind: ContentKind) -> &'static str {
    match kind {
        ContentKind::PlanVersion => {
            "SELECT id, plan_id, version, sections, co_produced, consent_to_share, copy_holders,
                    review_due, created_at, created_by FROM plan_versions"
        }
        ContentKind::Handover => {
            "SELECT id, service_date, body, draft_saved_at, drafted_by, signed_at, signed_by,
                    acknowledged_at, acknowledged_by, readback FROM handovers"
        }
        ContentKind::Addendum => {
            "SELECT id, handover_id, text, created_at, created_by FROM handover_addenda"
        }
    }
}

fn row_hash(kind: ContentKind, r: &rusqlite::Row<'_>, columns: usize) -> rusqlite::Result<Hash> {
    use rusqlite::types::ValueRef;
    let mut values = Vec::with_capacity(columns);
    for i in 0..columns {
        values.push(match r.get_ref(i)? {
            ValueRef::Null => StoredValue::Null,
            ValueRef::Integer(v) => StoredValue::Integer(v),
            ValueRef::Real(v) => StoredValue::Real(v),
            ValueRef::Text(t) => StoredValue::Text(t),
            ValueRef::Blob(b) => StoredValue::Blob(b),
        });
    }
    Ok(audit::content_hash(kind, &values))
}

/// The binding for one piece of content as it is stored now ([`audit::REMOVED`] if the row
/// is gone).
pub fn bind(conn: &Connection, kind: ContentKind, id: i64) -> Result<ContentBinding, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{} WHERE id = ?1", content_select(kind)))?;
    let n = stmt.column_count();
    let hash = stmt
        .query_row([id], |r| row_hash(kind, r, n))
        .optional()?
        .unwrap_or(audit::REMOVED);
    Ok(ContentBinding {
        kind,
        reference: id,
        hash,
    })
}

/// Every row of signed content with its current hash, by kind (handovers: signed ones only).
pub(crate) fn stored_content(
    conn: &Connection,
    kind: ContentKind,
    mut each: impl FnMut(i64, Hash),
) -> Result<(), StoreError> {
    let filter = match kind {
        ContentKind::Handover => " WHERE signed_at IS NOT NULL",
        _ => "",
    };
    let mut stmt = conn.prepare(&format!("{}{filter} ORDER BY id", content_select(kind)))?;
    let n = stmt.column_count();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, row_hash(kind, r, n)?);
    }
    Ok(())
}

/// Binds every piece of signed content that no audit entry binds yet, one `seal` entry each.
/// Run once, when a database is upgraded to content binding (and by the demo generator, whose
/// rows are written directly): from then on every signed row is bound as it is written, so
/// `check` treats an unbound one as tampering.
pub(crate) fn seal_unbound(conn: &Connection, now: DateTime<Utc>) -> Result<usize, StoreError> {
    let mut sealed = 0;
    for kind in ContentKind::ALL {
        let mut ids = Vec::new();
        stored_content(conn, kind, |id, _| ids.push(id))?;
        for id in ids {
            let bound: bool = conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM audit_log WHERE content_kind = ?1 AND content_ref = ?2)",
                )?
                .query_row(params![kind.as_str(), id], |r| r.get(0))?;
            if bound {
                continue;
            }
            let (record, record_id) = match kind {
                ContentKind::PlanVersion => (
                    RecordKind::Plan,
                    conn.query_row(
                        "SELECT plan_id FROM plan_versions WHERE id = ?1",
                        [id],
                        |r| r.get(0),
                    )?,
                ),
                ContentKind::Handover => (RecordKind::Handover, id),
                ContentKind::Addendum => (
                    RecordKind::Handover,
                    conn.query_row(
                        "SELECT handover_id FROM handover_addenda WHERE id = ?1",
                        [id],
                        |r| r.get(0),
                    )?,
                ),
            };
            append_binding(
                conn,
                now,
                None,
                AuditAction::Seal,
                Some(record),
                Some(record_id),
                kind,
                id,
            )?;
            sealed += 1;
        }
    }
    Ok(sealed)
}

fn append_bound(
    conn: &Connection,
    now: DateTime<Utc>,
    staff_id: Option<i64>,
    action: AuditAction,
    kind: Option<RecordKind>,
    record_id: Option<i64>,
    content: Option<ContentBinding>,
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
    let hash = audit::chain_hash_bound(&prev, &entry, content.as_ref());
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, staff_id, action, record_kind, record_id, prev_hash, hash,
                               content_kind, content_ref, content_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        entry.id,
        entry.at,
        entry.staff_id,
        entry.action,
        entry.record_kind,
        entry.record_id,
        &prev[..],
        &hash[..],
        content.map(|c| c.kind.as_str()),
        content.map(|c| c.reference),
        content.as_ref().map(|c| &c.hash[..]),
    ])?;
    Ok(id)
}

/// The newest entry: its id and hash, and how many entries there are. Ids run 1, 2, 3...
/// without gaps (see [`append`]), so the count is taken as the last id rather than counted on
/// every save; `check` counts them for real as it walks the chain.
pub(crate) fn head(conn: &Connection) -> Result<Option<audit::Head>, StoreError> {
    let last: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((last_id, hash)) = last else {
        return Ok(None);
    };
    Ok(Some(audit::Head {
        entries: last_id.max(0) as u64,
        last_id,
        hash: to_hash(&hash).ok_or(StoreError::Corrupt)?,
    }))
}

/// The stored hash of the entry with this id.
pub(crate) fn hash_of(conn: &Connection, id: i64) -> Result<Option<Hash>, StoreError> {
    let h: Option<Vec<u8>> = conn
        .prepare_cached("SELECT hash FROM audit_log WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(h.as_deref().and_then(to_hash))
}

fn to_hash(bytes: &[u8]) -> Option<Hash> {
    bytes.try_into().ok()
}

/// What a full walk of the chain found, for `check`: the chain's status, the hash after each
/// entry number asked for, and the newest binding of every piece of content.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChainWalk {
    pub entries: u64,
    /// The hash of the last entry verified.
    pub last_hash: Hash,
    pub last_id: i64,
    pub broken: Option<ChainBreak>,
    /// The hash of entry number `n` (1-based) for the `n` asked for.
    pub hashes_at: std::collections::BTreeMap<u64, Hash>,
    pub bindings: std::collections::BTreeMap<(ContentKind, i64), Hash>,
}

/// Walks the chain, verifying every entry with its binding. Streams rows.
pub(crate) fn walk(conn: &Connection, hashes_at: &[u64]) -> Result<ChainWalk, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, at, staff_id, action, record_kind, record_id, prev_hash, hash,
                content_kind, content_ref, content_hash
         FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut verifier = audit::ChainVerifier::default();
    let mut walk = ChainWalk::default();
    while let Some(r) = rows.next()? {
        let entry = entry_from_row(r)?;
        let prev = to_hash(&r.get::<_, Vec<u8>>(6)?);
        let hash = to_hash(&r.get::<_, Vec<u8>>(7)?);
        let content = match (
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<i64>>(9)?,
            r.get::<_, Option<Vec<u8>>>(10)?,
        ) {
            (None, None, None) => Ok(None),
            (Some(k), Some(reference), Some(h)) => match (ContentKind::parse(&k), to_hash(&h)) {
                (Some(kind), Some(hash)) => Ok(Some(ContentBinding {
                    kind,
                    reference,
                    hash,
                })),
                _ => Err(()),
            },
            _ => Err(()),
        };
        let (Some(prev), Some(hash), Ok(content)) = (prev, hash, content) else {
            walk.broken = Some(ChainBreak::Content { id: entry.id });
            break;
        };
        if let Err(b) = verifier.push_bound(&entry, content.as_ref(), &prev, &hash) {
            walk.broken = Some(b);
            break;
        }
        walk.entries += 1;
        walk.last_hash = hash;
        walk.last_id = entry.id;
        if hashes_at.contains(&walk.entries) {
            walk.hashes_at.insert(walk.entries, hash);
        }
        if let Some(c) = content {
            walk.bindings.insert((c.kind, c.reference), c.hash);
        }
    }
    Ok(walk)
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

    /// As [`Store::audit`], for a read or a sign-in that must not be blocked by a full disk or
    /// a database open read-only: the entry is then held (with its time) and written by
    /// [`Store::write_held_audit`] when writing works again. Returns whether it was written now.
    /// Other errors are returned.
    pub fn audit_or_hold(
        &mut self,
        now: DateTime<Utc>,
        staff_id: Option<i64>,
        action: AuditAction,
        kind: Option<RecordKind>,
        record_id: Option<i64>,
    ) -> Result<bool, StoreError> {
        // While the page check runs, held rather than waiting for its verdict.
        let tried = if self.page_check_pending() {
            Err(StoreError::ReadOnly)
        } else {
            self.audit(now, staff_id, action, kind, record_id)
        };
        match tried {
            Ok(()) => Ok(true),
            Err(e) if holds(&e) || self.read_only => {
                self.held_audit.push(HeldAudit {
                    at: now,
                    staff_id,
                    action,
                    kind,
                    record_id,
                });
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Entries held back by a full disk or a read-only database.
    pub fn held_audit_entries(&self) -> usize {
        self.held_audit.len()
    }

    /// Writes every held entry (in the order held, each with its own time), in one
    /// transaction. Nothing to do when none is held; kept for later when it fails.
    pub fn write_held_audit(&mut self) -> Result<usize, StoreError> {
        if self.held_audit.is_empty() || self.read_only || self.page_check_pending() {
            return Ok(0);
        }
        let held = std::mem::take(&mut self.held_audit);
        let result = self.write(|tx| {
            for h in &held {
                append(tx, h.at, h.staff_id, h.action, h.kind, h.record_id)?;
            }
            Ok(())
        });
        match result {
            Ok(()) => Ok(held.len()),
            Err(e) => {
                self.held_audit = held;
                Err(e)
            }
        }
    }

    /// Walks the chain from the first entry. Streams rows, so it is fine on a large log.
    /// (`check` also compares the chain with its anchored head and the bound content.)
    pub fn verify_audit_chain(&self) -> Result<ChainStatus, StoreError> {
        let w = walk(&self.conn, &[])?;
        Ok(match w.broken {
            Some(b) => ChainStatus::Broken(b),
            None => ChainStatus::Verified {
                entries: w.entries as usize,
            },
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
        // The limit written in, not bound (see `store::rows`).
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, at, staff_id, action, record_kind, record_id FROM audit_log
             ORDER BY id DESC LIMIT {limit}"
        ))?;
        let rows = stmt.query_map([], entry_from_row)?;
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

/// An audit entry that could not be written yet (ids only, like every entry).
#[derive(Debug, Clone, Copy)]
pub struct HeldAudit {
    at: DateTime<Utc>,
    staff_id: Option<i64>,
    action: AuditAction,
    kind: Option<RecordKind>,
    record_id: Option<i64>,
}

/// Whether an audit entry that failed this way is held rather than refused.
pub(crate) fn holds(e: &StoreError) -> bool {
    matches!(e, StoreError::DiskFull | StoreError::ReadOnly)
}
