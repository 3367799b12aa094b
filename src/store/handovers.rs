//! Handover notes: the shift's facts for drafting, autosaved drafts, sign-off (then read-only,
//! enforced by SQL triggers), dated addenda, acknowledgement, and searchable history.

use super::rows::{invalid, opt_time, time};
use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, ContentKind, RecordKind};
pub use crate::domain::handover::{Addendum, Handover, HandoverRow};
use crate::domain::handover::{
    HandoverBody, HandoverState, ShiftFacts, VisitorFact, situation_from,
};
use crate::domain::person::display_label;
use crate::domain::shift::ServiceHours;
use crate::domain::time::{date_from_stored, date_to_stored, to_stored};
use crate::domain::visit::{LONG_TEXT_MAX, VisitStatus};
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

/// At most this many carried items of one kind go into a draft (the open list in Intake, `o`,
/// has them all).
const CARRIED_MAX: usize = 100;

impl Store {
    /// What the last signed note before `service_date` flagged for the next lead: its entries
    /// judged "watcher" or "unstable", with the actions the lead wrote.
    /// Visitors in `carried` already have their own entry, so are not flagged again.
    fn flagged_by_last_lead(
        &self,
        service_date: NaiveDate,
        carried: &[i64],
    ) -> Result<Vec<String>, StoreError> {
        let last: Option<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT service_date, body FROM handovers
                 WHERE service_date < ?1 AND signed_at IS NOT NULL
                 ORDER BY service_date DESC LIMIT 1",
            )?
            .query_row([date_to_stored(service_date)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((date, body)) = last else {
            return Ok(Vec::new());
        };
        let date = date_from_stored(&date).unwrap_or(service_date);
        let body: HandoverBody = serde_json::from_str(&body).unwrap_or_default();
        Ok(crate::domain::handover::flagged_lines(&body, date, carried))
    }

    /// What the shift's records say, for drafting its handover, with the visits still open
    /// from earlier shifts carried in until they are closed.
    pub fn shift_facts(
        &self,
        hours: &ServiceHours,
        service_date: NaiveDate,
    ) -> Result<ShiftFacts, StoreError> {
        let tz = hours.tz;
        // The shift's own hours: a contact after closing is out of hours, for the next
        // shift's note (below, from the stretch before this one).
        let shift = hours.shift_on(service_date);
        let (from_at, to_at) = (shift.starts_at, shift.ends_at);
        let (from, to) = (to_stored(from_at), to_stored(to_at));
        let (closed_at, _) = hours.out_of_hours_before(service_date);
        let label = |id: i64, name: Option<String>| display_label(id, name.as_deref());
        let mut facts = ShiftFacts::default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.id, v.person_id, p.display_name, v.triage_code, v.status, v.arrived_at,
                    (SELECT c.reason FROM visit_carried c WHERE c.visit_id = v.id
                     ORDER BY c.from_date DESC LIMIT 1)
             FROM visits v JOIN people p ON p.id = v.person_id
             WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2
               AND (v.status IN ('waiting', 'with_worker', 'seen')
                    OR EXISTS (SELECT 1 FROM follow_ups f WHERE f.visit_id = v.id AND f.done_at IS NULL))
             ORDER BY v.arrived_at, v.id",
        )?;
        let row_fact = |r: &rusqlite::Row<'_>| -> rusqlite::Result<VisitorFact> {
            let status = VisitStatus::from_code(&r.get::<_, String>(4)?).map_or("", |s| s.label());
            let code: Option<String> = r.get(3)?;
            let arrived = time(r, 5)?;
            let origin = hours.origin(service_date, arrived);
            let because: Option<String> = r.get(6)?;
            Ok(VisitorFact {
                visit_id: r.get(0)?,
                person_id: r.get(1)?,
                person_label: label(r.get(1)?, r.get(2)?),
                situation: situation_from(
                    code.as_deref(),
                    status,
                    origin,
                    because.as_deref().filter(|_| origin.is_some()),
                    tz,
                ),
            })
        };
        let tonight: Vec<VisitorFact> = stmt
            .query_map(params![from, to], row_fact)?
            .collect::<Result<_, _>>()?;
        // Open visits from earlier shifts (never closed off) come first: they have waited
        // longest. The partial index keeps this cheap however long the history.
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.id, v.person_id, p.display_name, v.triage_code, v.status, v.arrived_at,
                    (SELECT c.reason FROM visit_carried c WHERE c.visit_id = v.id
                     ORDER BY c.from_date DESC LIMIT 1)
             FROM visits v INDEXED BY visits_open JOIN people p ON p.id = v.person_id
             WHERE v.status IN ('waiting', 'with_worker', 'seen') AND v.arrived_at < ?1
             ORDER BY v.arrived_at, v.id",
        )?;
        facts.visitors = stmt
            .query_map(params![to_stored(closed_at)], row_fact)?
            .collect::<Result<_, _>>()?;
        // Every contact recorded while the service was closed since the last shift, whatever
        // became of it: nobody else has handed it over.
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.id, v.person_id, p.display_name, v.triage_code, v.status, v.arrived_at,
                    (SELECT c.reason FROM visit_carried c WHERE c.visit_id = v.id
                     ORDER BY c.from_date DESC LIMIT 1)
             FROM visits v JOIN people p ON p.id = v.person_id
             WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2
             ORDER BY v.arrived_at, v.id",
        )?;
        let out_of_hours: Vec<VisitorFact> = stmt
            .query_map(params![to_stored(closed_at), from], row_fact)?
            .collect::<Result<_, _>>()?;
        facts.visitors.extend(out_of_hours);
        facts.visitors.extend(tonight);
        // Every concern still open, from tonight and from any earlier shift, until a lead
        // closes it (Intake, S): the partial index keeps this to the open ones.
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.person_id, p.display_name, s.categories, s.other_detail, s.referral_made, s.referred_to, s.reference,
                    v.arrived_at
             FROM safeguarding s INDEXED BY safeguarding_open
             JOIN visits v ON v.id = s.visit_id JOIN people p ON p.id = v.person_id
             WHERE s.closed_at IS NULL AND v.arrived_at < ?1
               AND (s.categories <> '' OR s.other_detail <> '') ORDER BY v.arrived_at, v.id",
        )?;
        facts.safeguarding = stmt
            .query_map(params![to], |r| {
                let cats: Vec<&str> = crate::domain::visit::Safeguarding::categories_from_stored(
                    &r.get::<_, String>(2)?,
                )
                .into_iter()
                .map(|c| c.label())
                .collect();
                let other: String = r.get(3)?;
                let mut concern = cats.join(", ");
                if !other.is_empty() {
                    concern = if concern.is_empty() {
                        other
                    } else {
                        format!("{concern}; {other}")
                    };
                }
                let referral = if r.get::<_, bool>(4)? {
                    format!(
                        "referred to {} (ref {})",
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?
                    )
                } else {
                    "no referral made yet".into()
                };
                let arrived = time(r, 7)?;
                let from_note = if arrived < from_at {
                    format!(
                        " · from {}",
                        hours.service_date_of(arrived).format("%a %-d %b")
                    )
                } else {
                    String::new()
                };
                Ok(format!(
                    "{}: {concern}; {referral}{from_note}",
                    label(r.get(0)?, r.get(1)?)
                ))
            })?
            .collect::<Result<_, _>>()?;
        // Every follow-up still open, from tonight and any earlier shift, until it is closed;
        // those closed since the shift began leave a draft that still has their line.
        facts.follow_ups = super::follow_ups::open_before(&self.conn, hours, to_at, CARRIED_MAX)?
            .iter()
            .map(|f| f.handover_line(service_date))
            .collect();
        facts.closed = super::follow_ups::closed_since(&self.conn, hours, from_at, to_at)?
            .iter()
            .map(|f| f.handover_line(service_date))
            .collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.person_id, p.display_name, v.suitability_reason FROM visits v JOIN people p ON p.id = v.person_id
             WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2
               AND (v.suitability = 'onward_referral' OR v.status = 'referred_on') ORDER BY v.arrived_at",
        )?;
        facts.referrals = stmt
            .query_map(params![from, to], |r| {
                let reason: String = r.get(2)?;
                let who = label(r.get(0)?, r.get(1)?);
                Ok(if reason.is_empty() {
                    who
                } else {
                    format!("{who}: {reason}")
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.person_id, p.display_name, w.name FROM assignments a JOIN people p ON p.id = a.person_id
             JOIN peer_workers w ON w.id = a.worker_id WHERE a.started_on = ?1 ORDER BY a.id",
        )?;
        facts.assignments = stmt
            .query_map([date_to_stored(service_date)], |r| {
                Ok(format!(
                    "{} with {}",
                    label(r.get(0)?, r.get(1)?),
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<Result<_, _>>()?;
        // Peer support started on an earlier shift and still going, with sessions left.
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.person_id, p.display_name, w.name, a.started_on, a.sessions_planned,
                    (SELECT count(*) FROM peer_sessions s WHERE s.assignment_id = a.id) AS used
             FROM assignments a INDEXED BY assignments_active
             JOIN people p ON p.id = a.person_id JOIN peer_workers w ON w.id = a.worker_id
             WHERE a.ended_on IS NULL AND a.started_on < ?1 AND used < a.sessions_planned
             ORDER BY a.started_on, a.id LIMIT ?2",
        )?;
        facts.continuing = stmt
            .query_map(
                params![date_to_stored(service_date), CARRIED_MAX as i64],
                |r| {
                    let started = date_from_stored(&r.get::<_, String>(3)?).unwrap_or(service_date);
                    let planned: u32 = r.get(4)?;
                    let used: u32 = r.get(5)?;
                    Ok(format!(
                        "{} with {}, {} of {} · from {}",
                        label(r.get(0)?, r.get(1)?),
                        r.get::<_, String>(2)?,
                        used,
                        crate::domain::plural::count(planned as usize, "session", "sessions"),
                        started.format("%a %-d %b")
                    ))
                },
            )?
            .collect::<Result<_, _>>()?;
        let carried: Vec<i64> = facts.visitors.iter().map(|v| v.visit_id).collect();
        facts.flagged = self.flagged_by_last_lead(service_date, &carried)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.occurred_at, i.kind, v.person_id, p.display_name, i.action FROM incidents i
             JOIN visits v ON v.id = i.visit_id JOIN people p ON p.id = v.person_id
             WHERE i.occurred_at >= ?1 AND i.occurred_at < ?2 ORDER BY i.occurred_at",
        )?;
        // Those out of hours before the shift too, dated (nobody else's note has them).
        facts.incidents = stmt
            .query_map(params![to_stored(closed_at), to], |r| {
                let occurred = time(r, 0)?;
                let format = if occurred < from_at {
                    "out of hours %a %-d %b %H:%M"
                } else {
                    "%H:%M"
                };
                let at = occurred.with_timezone(&tz).format(format).to_string();
                let action: String = r.get(4)?;
                let mut s = format!(
                    "{at} {} ({})",
                    r.get::<_, String>(1)?,
                    label(r.get(2)?, r.get(3)?)
                );
                if !action.is_empty() {
                    s.push_str(&format!(": {action}"));
                }
                Ok(s)
            })?
            .collect::<Result<_, _>>()?;
        Ok(facts)
    }

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
                    let code: Option<String> = r.get(0)?;
                    let status =
                        VisitStatus::from_code(&r.get::<_, String>(1)?).map_or("", |s| s.label());
                    let arrived = time(r, 2)?;
                    let origin = hours.origin(service_date, arrived);
                    let because: Option<String> = r.get(3)?;
                    let because = because.as_deref().filter(|_| origin.is_some());
                    Ok(situation_from(
                        code.as_deref(),
                        status,
                        origin,
                        because,
                        hours.tz,
                    ))
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
            Some(q) => self.conn.query_row(
                "SELECT COUNT(*) FROM handover_search WHERE handover_search MATCH ?1",
                [q],
                |r| r.get(0),
            )?,
            None => self
                .conn
                .query_row("SELECT COUNT(*) FROM handovers", [], |r| r.get(0))?,
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
        let rows = match query.and_then(fts_query) {
            // FTS5's excerpt: the words around the best hits, marked (see HIT_START), "…"
            // where the note goes on; the pane cuts it to its width around the first hit.
            Some(q) => self
                .conn
                .prepare_cached(
                    "SELECT h.id, h.service_date, h.signed_at, h.signed_by, h.acknowledged_at, h.acknowledged_by,
                            snippet(handover_search, 0, char(2), char(3), '…', 40)
                     FROM handover_search s JOIN handovers h ON h.id = s.rowid
                     WHERE handover_search MATCH ?1 AND h.service_date < ?2
                     ORDER BY h.service_date DESC LIMIT ?3",
                )?
                .query_map(params![q, before, limit as i64], map)?
                .collect::<Result<_, _>>()?,
            None => self
                .conn
                .prepare_cached(
                    "SELECT id, service_date, signed_at, signed_by, acknowledged_at, acknowledged_by, NULL
                     FROM handovers
                     WHERE service_date < ?1 ORDER BY service_date DESC LIMIT ?2",
                )?
                .query_map(params![before, limit as i64], map)?
                .collect::<Result<_, _>>()?,
        };
        Ok(rows)
    }
}
