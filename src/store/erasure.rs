//! UK GDPR erasure and retention. Erasing a person removes or anonymises their identifying and
//! free-text data in every table, keeps the records countable (codes, times, scores) and the
//! audit skeleton, and remembers their id so a restore applies it again.

use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::handover::HandoverBody;
use crate::domain::redact::{REDACTED, names_to_redact, redact_lines};
use crate::domain::time::to_stored;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// A person who has not been in touch for longer than the retention period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionCandidate {
    pub person_id: i64,
    pub last_contact: DateTime<Utc>,
}

pub const RETENTION_YEARS: &str = "retention_years";
pub const DEFAULT_RETENTION_YEARS: u32 = 20;

fn erase_in(
    tx: &Connection,
    person_id: i64,
    staff_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let names: Option<(Option<String>, Option<String>)> = tx
        .query_row(
            "SELECT display_name, full_name FROM people WHERE id = ?1",
            [person_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((display, full)) = names else {
        return Err(StoreError::NotFound);
    };
    let mut names = names_to_redact(&[
        display.as_deref().unwrap_or(""),
        full.as_deref().unwrap_or(""),
    ]);
    // How an anonymous visitor is named in notes; whole, never split into words.
    names.push(format!("Anonymous #{person_id}"));
    let at = to_stored(now);
    tx.execute(
        "INSERT OR IGNORE INTO erasing (person_id) VALUES (?1)",
        [person_id],
    )?;
    tx.execute(
        "UPDATE people SET display_name = NULL, full_name = NULL, date_of_birth = NULL, phone = NULL,
                phone_digits = NULL, erased_at = coalesce(erased_at, ?2) WHERE id = ?1",
        params![person_id, at],
    )?;
    let their_visits = "SELECT id FROM visits WHERE person_id = ?1";
    tx.execute("UPDATE visits SET presenting_need = '', safety_formulation = '', suitability_reason = '' WHERE person_id = ?1", [person_id])?;
    tx.execute(
        &format!("UPDATE safeguarding SET other_detail = '', referred_to = '', reference = '', consent_override_reason = '' WHERE visit_id IN ({their_visits})"),
        [person_id],
    )?;
    tx.execute(&format!("UPDATE incidents SET kind = 'erased', people = '', action = '', staff = '' WHERE visit_id IN ({their_visits})"), [person_id])?;
    tx.execute(&format!("UPDATE follow_ups SET person = '', task = 'erased', owner = '' WHERE visit_id IN ({their_visits})"), [person_id])?;
    tx.execute("DELETE FROM plan_drafts WHERE person_id = ?1", [person_id])?;
    tx.execute("DELETE FROM form_drafts WHERE person_id = ?1", [person_id])?;
    tx.execute("DELETE FROM plan_versions WHERE plan_id IN (SELECT id FROM crisis_plans WHERE person_id = ?1)", [person_id])?;
    tx.execute("DELETE FROM crisis_plans WHERE person_id = ?1", [person_id])?;
    tx.execute(
        "UPDATE assignments SET end_reason = '', override_reason = '' WHERE person_id = ?1",
        [person_id],
    )?;
    tx.execute(
        "UPDATE peer_sessions SET note = '', override_reason = '' WHERE assignment_id IN (SELECT id FROM assignments WHERE person_id = ?1)",
        [person_id],
    )?;
    redact_handovers(tx, person_id, &names)?;
    tx.execute(
        "INSERT OR IGNORE INTO erased_people (person_id, erased_at) VALUES (?1, ?2)",
        params![person_id, at],
    )?;
    audit::append(
        tx,
        now,
        staff_id,
        AuditAction::Erase,
        Some(RecordKind::Person),
        Some(person_id),
    )?;
    tx.execute("DELETE FROM erasing WHERE person_id = ?1", [person_id])?;
    Ok(())
}

/// Their I-PASS entries lose everything but the codes; their names go from every other part of
/// every note, addendum and read-back; the search index is rebuilt for the notes changed.
fn redact_handovers(tx: &Connection, person_id: i64, names: &[String]) -> Result<(), StoreError> {
    let notes: Vec<(i64, String, String)> = tx
        .prepare("SELECT id, body, readback FROM handovers")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, json, readback) in notes {
        let Ok(mut body) = serde_json::from_str::<HandoverBody>(&json) else {
            continue;
        };
        let before = body.clone();
        for e in body.entries.iter_mut().filter(|e| e.person_id == person_id) {
            e.person_label = REDACTED.into();
            e.summary.clear();
            e.actions.clear();
            e.contingency.clear();
        }
        for e in &mut body.entries {
            for text in [&mut e.summary, &mut e.actions, &mut e.contingency] {
                *text = redact_lines(text, names);
            }
        }
        for i in 0..crate::domain::handover::SECTIONS.len() {
            let text = body.section(i).to_string();
            *body.section_mut(i) = redact_lines(&text, names);
        }
        let new_readback = redact_lines(&readback, names);
        let addenda: Vec<(i64, String)> = tx
            .prepare_cached("SELECT id, text FROM handover_addenda WHERE handover_id = ?1")?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut changed = body != before || new_readback != readback;
        for (addendum, text) in addenda {
            let redacted = redact_lines(&text, names);
            if redacted != text {
                tx.execute(
                    "UPDATE handover_addenda SET text = ?2 WHERE id = ?1",
                    params![addendum, redacted],
                )?;
                changed = true;
            }
        }
        if changed {
            let json =
                serde_json::to_string(&body).map_err(|e| StoreError::Invalid(e.to_string()))?;
            tx.execute(
                "UPDATE handovers SET body = ?2, readback = ?3 WHERE id = ?1",
                params![id, json, new_readback],
            )?;
            Store::index_handover(tx, id)?;
        }
    }
    Ok(())
}

impl Store {
    /// Erases a person (see the module comment), then compacts the search index and truncates
    /// the WAL so no old copy of their data lingers in either.
    pub fn erase_person(
        &mut self,
        person_id: i64,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.people_changed();
        self.write(|tx| erase_in(tx, person_id, staff_id, now))?;
        self.conn
            .execute_batch("INSERT INTO handover_search (handover_search) VALUES ('optimize');")?;
        self.checkpoint()
    }

    /// The ids of everyone erased, for re-applying after a restore.
    pub fn erased_people(&self) -> Result<Vec<i64>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT person_id FROM erased_people ORDER BY person_id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    pub fn retention_years(&self) -> Result<u32, StoreError> {
        Ok(self
            .setting(RETENTION_YEARS)?
            .and_then(|v| v.parse().ok())
            .filter(|y| *y >= 1)
            .unwrap_or(DEFAULT_RETENTION_YEARS))
    }

    /// People (not yet erased) whose last contact was before `cutoff`, oldest first.
    pub fn retention_candidates(
        &self,
        cutoff: DateTime<Utc>,
    ) -> Result<Vec<RetentionCandidate>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT p.id, max(coalesce(v.arrived_at, p.created_at), p.created_at) AS last
             FROM people p LEFT JOIN visits v ON v.person_id = p.id
             WHERE p.erased_at IS NULL GROUP BY p.id HAVING max(coalesce(v.arrived_at, p.created_at)) < ?1
             ORDER BY last",
        )?;
        let rows = stmt.query_map([to_stored(cutoff)], |r| {
            Ok(RetentionCandidate {
                person_id: r.get(0)?,
                last_contact: super::visits::time(r, 1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
