//! Handover notes: the shift's facts for drafting, autosaved drafts, sign-off (then read-only,
//! enforced by SQL triggers), dated addenda, acknowledgement, and searchable history.

use super::rows::{invalid, opt_time, time};
use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, ContentKind, RecordKind};
pub use crate::domain::handover::{Addendum, Handover, HandoverRow};
use crate::domain::handover::{HandoverBody, HandoverState};
use crate::domain::shift::ServiceHours;
use crate::domain::time::{date_from_stored, date_to_stored, to_stored};
use crate::domain::visit::LONG_TEXT_MAX;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

fn state_from(
    signed_at: Option<DateTime<Utc>>,
    signed_by: Option<i64>,
    ack_at: Option<DateTime<Utc>>,
    ack_by: Option<i64>,
) -> HandoverState {
    match (signed_at, signed_by, ack_at, ack_by) {
        (Some(_), Some(signed_by), Some(at), Some(by)) => {
            HandoverState::Acknowledged { signed_by, at, by }
        }
        (Some(at), Some(by), _, _) => HandoverState::Signed { at, by },
        _ => HandoverState::Draft,
    }
}

fn refused(e: impl ToString) -> StoreError {
    StoreError::Refused(e.to_string())
}

/// Turns a search box into an FTS5 query: each word a prefix term, all required.
fn fts_query(q: &str) -> Option<String> {
    let terms: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Store {
    /// How each of these visits stands now, for a draft's I-PASS lines to follow (a visitor who
    /// has left since the draft began must not still read "waiting").
    pub fn visit_situations(
        &self,
        visit_ids: &[i64],
        hours: &ServiceHours,
        service_date: NaiveDate,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.triage_code, v.status, v.arrived_at,
                        (SELECT c.reason FROM visit_carried c WHERE c.visit_id = v.id
                         ORDER BY c.from_date DESC LIMIT 1)
                 FROM visits v WHERE v.id = ?1",
        )?;
        let mut out = Vec::with_capacity(visit_ids.len());
        for &id in visit_ids {
            let found = stmt
                .query_row([id], |r| {
                    super::shift_facts::situation_of(r, 0, hours, service_date)
                })
                .optional()?;
            out.extend(found.map(|s| (id, s)));
        }
        Ok(out)
    }

    pub fn handover(&self, service_date: NaiveDate) -> Result<Option<Handover>, StoreError> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM handovers WHERE service_date = ?1")?
            .query_row([date_to_stored(service_date)], |r| r.get(0))
            .optional()?;
        id.map(|id| self.handover_by_id(id)).transpose()
    }

    pub fn handover_by_id(&self, id: i64) -> Result<Handover, StoreError> {
        let mut h = self.conn.prepare_cached(
            "SELECT id, service_date, body, drafted_by, draft_saved_at, signed_at, signed_by, acknowledged_at,
                    acknowledged_by, readback FROM handovers WHERE id = ?1",
        )?
        .query_row([id], |r| {
            let body: String = r.get(2)?;
            Ok(Handover {
                id: r.get(0)?,
                service_date: date_from_stored(&r.get::<_, String>(1)?).unwrap_or_default(),
                body: serde_json::from_str(&body).unwrap_or_default(),
                drafted_by: r.get(3)?,
                draft_saved_at: time(r, 4)?,
                state: state_from(opt_time(r, 5)?, r.get(6)?, opt_time(r, 7)?, r.get(8)?),
                readback: r.get(9)?,
                addenda: Vec::new(),
            })
        })?;
        h.addenda = self
            .conn
            .prepare_cached("SELECT text, created_at, created_by FROM handover_addenda WHERE handover_id = ?1 ORDER BY id")?
            .query_map([id], |r| Ok(Addendum { text: r.get(0)?, at: time(r, 1)?, by: r.get(2)? }))?
            .collect::<Result<_, _>>()?;
        Ok(h)
    }

    pub(super) fn index_handover(tx: &rusqlite::Connection, id: i64) -> Result<(), StoreError> {
        let body: String = tx.query_row("SELECT body FROM handovers WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
        let body: HandoverBody = serde_json::from_str(&body).unwrap_or_default();
        let mut text = body.search_text();
        let addenda: Vec<String> = tx
            .prepare_cached("SELECT text FROM handover_addenda WHERE handover_id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for a in addenda {
            text.push('\n');
            text.push_str(&a);
        }
        tx.execute("DELETE FROM handover_search WHERE rowid = ?1", [id])?;
        tx.execute(
            "INSERT INTO handover_search (rowid, text) VALUES (?1, ?2)",
            params![id, text],
        )?;
        Ok(())
    }

    /// Saves the draft of a shift's handover (the first save creates it). A signed note is
    /// refused here and by the database.
    pub fn save_handover_draft(
        &mut self,
        service_date: NaiveDate,
        body: &HandoverBody,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        if body.search_text().chars().count() > LONG_TEXT_MAX * 10 {
            return Err(invalid("The handover is too long."));
        }
        let json = serde_json::to_string(body).map_err(|e| invalid(e.to_string()))?;
        let existing = self.handover(service_date)?;
        if let Some(h) = &existing {
            h.state.can_edit().map_err(refused)?;
        }
        self.write(|tx| {
            let id = match existing {
                Some(h) => {
                    tx.execute(
                        "UPDATE handovers SET body = ?2, draft_saved_at = ?3 WHERE id = ?1",
                        params![h.id, json, to_stored(now)],
                    )?;
                    h.id
                }
                None => {
                    tx.execute(
                        "INSERT INTO handovers (service_date, body, draft_saved_at, drafted_by) VALUES (?1, ?2, ?3, ?4)",
                        params![date_to_stored(service_date), json, to_stored(now), staff_id],
                    )?;
                    let id = tx.last_insert_rowid();
                    audit::append(tx, now, Some(staff_id), AuditAction::Create, Some(RecordKind::Handover), Some(id))?;
                    id
                }
            };
            Self::index_handover(tx, id)?;
            Ok(id)
        })
    }

    /// Signs the note off (the caller has checked the PIN). From now on it is read-only.
    pub fn sign_handover(
        &mut self,
        id: i64,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.handover_by_id(id)?.state.can_sign().map_err(refused)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE handovers SET signed_at = ?2, signed_by = ?3 WHERE id = ?1",
                params![id, to_stored(now), staff_id],
            )?;
            audit::append_binding(
                tx,
                now,
                Some(staff_id),
                AuditAction::SignOff,
                Some(RecordKind::Handover),
                Some(id),
                ContentKind::Handover,
                id,
            )?;
            Ok(())
        })
    }

    pub fn add_handover_addendum(
        &mut self,
        id: i64,
        text: &str,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.handover_by_id(id)?
            .state
            .can_add_addendum(text)
            .map_err(refused)?;
        if text.chars().count() > LONG_TEXT_MAX {
            return Err(invalid(format!(
                "An addendum has at most {LONG_TEXT_MAX} characters."
            )));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO handover_addenda (handover_id, text, created_at, created_by) VALUES (?1, ?2, ?3, ?4)",
                params![id, text.trim(), to_stored(now), staff_id],
            )?;
            let addendum = tx.last_insert_rowid();
            Self::index_handover(tx, id)?;
            audit::append_binding(
                tx,
                now,
                Some(staff_id),
                AuditAction::Change,
                Some(RecordKind::Handover),
                Some(id),
                ContentKind::Addendum,
                addendum,
            )?;
            Ok(())
        })
    }

    /// The incoming lead's acknowledgement (the caller has checked their PIN).
    pub fn acknowledge_handover(
        &mut self,
        id: i64,
        staff_id: i64,
        readback: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.handover_by_id(id)?
            .state
            .can_acknowledge(staff_id, readback)
            .map_err(refused)?;
        if readback.chars().count() > LONG_TEXT_MAX {
            return Err(invalid("The read-back is too long."));
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE handovers SET acknowledged_at = ?2, acknowledged_by = ?3, readback = ?4 WHERE id = ?1",
                params![id, to_stored(now), staff_id, readback.trim()],
            )?;
            audit::append_binding(
                tx,
                now,
                Some(staff_id),
                AuditAction::Acknowledge,
                Some(RecordKind::Handover),
                Some(id),
                ContentKind::Handover,
                id,
            )?;
            Ok(())
        })
    }

    /// Signed notes nobody has acknowledged yet, oldest first: each start shows a banner.
    /// A copy of a signed handover is being sent to the printer (audited before it is sent:
    /// paper cannot be taken back). Ids only.
    pub fn record_handover_print(
        &mut self,
        id: i64,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let signed: Option<String> = tx
                .prepare_cached("SELECT signed_at FROM handovers WHERE id = ?1")?
                .query_row([id], |r| r.get(0))?;
            if signed.is_none() {
                return Err(StoreError::Refused(
                    "only a signed handover can be printed".into(),
                ));
            }
            audit::append(
                tx,
                now,
                Some(staff_id),
                AuditAction::Print,
                Some(RecordKind::Handover),
                Some(id),
            )?;
            Ok(())
        })
    }

    pub fn unacknowledged_handovers(&self) -> Result<Vec<HandoverRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, service_date, signed_at, signed_by FROM handovers
             WHERE signed_at IS NOT NULL AND acknowledged_at IS NULL ORDER BY service_date",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(HandoverRow {
                id: r.get(0)?,
                service_date: date_from_stored(&r.get::<_, String>(1)?).unwrap_or_default(),
                state: state_from(opt_time(r, 2)?, r.get(3)?, None, None),
                excerpt: None,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many handovers there are, or how many match `query` (as [`Store::handover_history`]
    /// finds them), for the history's title.
    pub fn handover_count(&self, query: Option<&str>) -> Result<usize, StoreError> {
        let n: i64 = match query.and_then(fts_query) {
            Some(q) => self
                .conn
                .prepare_cached(
                    "SELECT COUNT(*) FROM handover_search WHERE handover_search MATCH ?1",
                )?
                .query_row([q], |r| r.get(0))?,
            None => self
                .conn
                .prepare_cached("SELECT COUNT(*) FROM handovers")?
                .query_row([], |r| r.get(0))?,
        };
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Past handovers, newest first, a page at a time (keyset on the date), optionally only
    /// those whose text matches `query`.
    pub fn handover_history(
        &self,
        query: Option<&str>,
        before: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<HandoverRow>, StoreError> {
        let before = before.map_or("9999-12-31".to_string(), date_to_stored);
        let map = |r: &rusqlite::Row<'_>| {
            Ok(HandoverRow {
                id: r.get(0)?,
                service_date: date_from_stored(&r.get::<_, String>(1)?).unwrap_or_default(),
                state: state_from(opt_time(r, 2)?, r.get(3)?, opt_time(r, 4)?, r.get(5)?),
                excerpt: r.get(6)?,
            })
        };
        // The limit written in, not bound (see `store::rows`).
        let rows = match query.and_then(fts_query) {
            // FTS5's excerpt: the words around the best hits, marked (see HIT_START), "…"
            // where the note goes on; the pane cuts it to its width around the first hit.
            Some(q) => self
                .conn
                .prepare_cached(&format!(
                    "SELECT h.id, h.service_date, h.signed_at, h.signed_by, h.acknowledged_at, h.acknowledged_by,
                            snippet(handover_search, 0, char(2), char(3), '…', 40)
                     FROM handover_search s JOIN handovers h ON h.id = s.rowid
                     WHERE handover_search MATCH ?1 AND h.service_date < ?2
                     ORDER BY h.service_date DESC LIMIT {limit}"
                ))?
                .query_map(params![q, before], map)?
                .collect::<Result<_, _>>()?,
            None => self
                .conn
                .prepare_cached(&format!(
                    "SELECT id, service_date, signed_at, signed_by, acknowledged_at, acknowledged_by, NULL
                     FROM handovers
                     WHERE service_date < ?1 ORDER BY service_date DESC LIMIT {limit}"
                ))?
                .query_map(params![before], map)?
                .collect::<Result<_, _>>()?,
        };
        Ok(rows)
    }
}
