//! UK GDPR erasure and retention. Erasing a person removes or anonymises their identifying and
//! free-text data in every table, keeps the records countable (codes, times, scores) and the
//! audit skeleton, and remembers their id so a restore applies it again. Their row in
//! `first_arrivals` (the earliest of their visits' times, for reports) stays with those times.

use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, ContentKind, RecordKind};
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
    /// Which kind of contact was the last.
    pub last_kind: ContactKind,
}

/// The kinds of contact retention counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactKind {
    /// Only their record was made (no contact since).
    Registered,
    Visit,
    PlanVersion,
    PlanDraft,
    PeerSession,
    FollowUp,
}

impl ContactKind {
    fn parse(s: &str) -> Self {
        match s {
            "visit" => ContactKind::Visit,
            "plan_version" => ContactKind::PlanVersion,
            "plan_draft" => ContactKind::PlanDraft,
            "peer_session" => ContactKind::PeerSession,
            "follow_up" => ContactKind::FollowUp,
            _ => ContactKind::Registered,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactKind::Registered => "record made",
            ContactKind::Visit => "visit",
            ContactKind::PlanVersion => "crisis plan saved",
            ContactKind::PlanDraft => "crisis plan draft",
            ContactKind::PeerSession => "peer support session",
            ContactKind::FollowUp => "follow-up",
        }
    }
}

pub const RETENTION_YEARS: &str = "retention_years";
pub use crate::domain::admin::DEFAULT_RETENTION_YEARS;

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
    let lifted = lift_triggers(tx)?;
    blank_person_and_visits(tx, person_id, now)?;
    remove_plans_and_drafts(tx, person_id, staff_id, now)?;
    blank_peer_support(tx, person_id)?;
    redact_handovers(tx, person_id, &names, now, staff_id)?;
    tx.execute(
        "INSERT OR IGNORE INTO erased_people (person_id, erased_at) VALUES (?1, ?2)",
        params![person_id, to_stored(now)],
    )?;
    audit::append(
        tx,
        now,
        staff_id,
        AuditAction::Erase,
        Some(RecordKind::Person),
        Some(person_id),
    )?;
    restore_triggers(tx, &lifted)?;
    // What a merge kept of them (their details before it, the reason) goes too, and every
    // record merged into theirs is erased with them: it is the same person.
    tx.execute(
        "UPDATE person_merges SET survivor_details = NULL, absorbed_details = NULL, reason = 'erased'
         WHERE survivor_id = ?1 OR absorbed_id = ?1",
        [person_id],
    )?;
    for merged in super::merge::merged_ids(tx, person_id)? {
        let already: bool = tx.query_row(
            "SELECT erased_at IS NOT NULL FROM people WHERE id = ?1",
            [merged],
            |r| r.get(0),
        )?;
        if !already {
            erase_in(tx, merged, staff_id, now)?;
        }
    }
    Ok(())
}

/// Their details, and every free text of their visits and what hangs from them, blanked; the
/// rows stay, countable.
fn blank_person_and_visits(
    tx: &Connection,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE people SET display_name = NULL, full_name = NULL, date_of_birth = NULL, phone = NULL,
                phone_digits = NULL, erased_at = coalesce(erased_at, ?2) WHERE id = ?1",
        params![person_id, to_stored(now)],
    )?;
    let their_visits = "SELECT id FROM visits WHERE person_id = ?1";
    tx.execute("UPDATE visits SET presenting_need = '', safety_formulation = '', suitability_reason = '' WHERE person_id = ?1", [person_id])?;
    tx.execute(
        &format!("UPDATE safeguarding SET other_detail = '', referred_to = '', reference = '', consent_override_reason = '', closed_note = '' WHERE visit_id IN ({their_visits})"),
        [person_id],
    )?;
    // A correction's values and reason may name them (a previous name, a phone): blanked,
    // keeping that a correction was made, when and by whom.
    tx.execute(
        &format!(
            "UPDATE corrections SET previous_value = NULL, new_value = NULL, reason = 'erased'
             WHERE (record_kind = 'person' AND record_id = ?1)
                OR (record_kind = 'visit' AND record_id IN ({their_visits}))
                OR (record_kind = 'incident' AND record_id IN (SELECT id FROM incidents WHERE visit_id IN ({their_visits})))
                OR (record_kind = 'follow_up' AND record_id IN (SELECT id FROM follow_ups WHERE visit_id IN ({their_visits})))
                OR (record_kind = 'peer_session' AND record_id IN (SELECT s.id FROM peer_sessions s JOIN assignments a ON a.id = s.assignment_id WHERE a.person_id = ?1))"
        ),
        [person_id],
    )?;
    tx.execute(&format!("UPDATE incidents SET kind = 'erased', people = '', action = '', staff = '' WHERE visit_id IN ({their_visits})"), [person_id])?;
    tx.execute(&format!("UPDATE follow_ups SET person = '', task = 'erased', owner = '', outcome = '' WHERE visit_id IN ({their_visits})"), [person_id])?;
    Ok(())
}

/// Their unsaved drafts and crisis plans deleted, every version of a plan bound as removed.
fn remove_plans_and_drafts(
    tx: &Connection,
    person_id: i64,
    staff_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute("DELETE FROM plan_drafts WHERE person_id = ?1", [person_id])?;
    tx.execute("DELETE FROM form_drafts WHERE person_id = ?1", [person_id])?;
    let versions: Vec<(i64, i64)> = tx
        .prepare("SELECT v.id, v.plan_id FROM plan_versions v JOIN crisis_plans c ON c.id = v.plan_id WHERE c.person_id = ?1 ORDER BY v.id")?
        .query_map([person_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    tx.execute("DELETE FROM plan_reviews WHERE plan_id IN (SELECT id FROM crisis_plans WHERE person_id = ?1)", [person_id])?;
    // A link of a merged plan into theirs (or of theirs into another) goes with the plan.
    tx.execute("DELETE FROM plan_merges WHERE plan_id IN (SELECT id FROM crisis_plans WHERE person_id = ?1)
                   OR into_plan_id IN (SELECT id FROM crisis_plans WHERE person_id = ?1)", [person_id])?;
    tx.execute("DELETE FROM plan_versions WHERE plan_id IN (SELECT id FROM crisis_plans WHERE person_id = ?1)", [person_id])?;
    tx.execute("DELETE FROM crisis_plans WHERE person_id = ?1", [person_id])?;
    // Each removed version is bound as removed, so `check` expects it gone.
    for (version, plan) in versions {
        audit::append_binding(
            tx,
            now,
            staff_id,
            AuditAction::Erase,
            Some(RecordKind::Plan),
            Some(plan),
            ContentKind::PlanVersion,
            version,
        )?;
    }
    Ok(())
}

/// The free text of their peer assignments and sessions blanked.
fn blank_peer_support(tx: &Connection, person_id: i64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE assignments SET end_reason = '', override_reason = '' WHERE person_id = ?1",
        [person_id],
    )?;
    tx.execute(
        "UPDATE peer_sessions SET note = '', override_reason = '' WHERE assignment_id IN (SELECT id FROM assignments WHERE person_id = ?1)",
        [person_id],
    )?;
    Ok(())
}

/// The triggers that keep signed content read-only and undeletable, which erasure alone must
/// get past. They are dropped and re-created inside the erasure's own transaction: no other
/// connection ever sees them gone, and a failed erasure rolls the drop back with everything
/// else.
const LIFTED_TRIGGERS: [&str; 3] = [
    "handovers_signed_read_only",
    "handover_addenda_immutable",
    "plan_versions_no_delete",
];

fn lift_triggers(tx: &Connection) -> Result<Vec<String>, StoreError> {
    let mut saved = Vec::new();
    for name in LIFTED_TRIGGERS {
        let sql: Option<String> = tx
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(sql) = sql {
            tx.execute_batch(&format!("DROP TRIGGER \"{name}\";"))?;
            saved.push(sql);
        }
    }
    Ok(saved)
}

fn restore_triggers(tx: &Connection, saved: &[String]) -> Result<(), StoreError> {
    for sql in saved {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

/// Their I-PASS entries lose everything but the codes; their names go from every other part of
/// every note, addendum and read-back; the search index is rebuilt for the notes changed.
/// Signed content changed here is bound again, by an `erase` entry, so `check` verifies the
/// redacted text from then on.
fn redact_handovers(
    tx: &Connection,
    person_id: i64,
    names: &[String],
    now: DateTime<Utc>,
    staff_id: Option<i64>,
) -> Result<(), StoreError> {
    let notes: Vec<(i64, String, String, bool)> = tx
        .prepare("SELECT id, body, readback, signed_at IS NOT NULL FROM handovers")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    let rebind = |kind: ContentKind, content: i64, handover: i64| {
        audit::append_binding(
            tx,
            now,
            staff_id,
            AuditAction::Erase,
            Some(RecordKind::Handover),
            Some(handover),
            kind,
            content,
        )
    };
    for (id, json, readback, signed) in notes {
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
                rebind(ContentKind::Addendum, addendum, id)?;
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
            if signed {
                rebind(ContentKind::Handover, id, id)?;
            }
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
        let mut ids = vec![person_id];
        ids.extend(super::merge::merged_ids(&self.conn, person_id)?);
        self.write(|tx| erase_in(tx, person_id, staff_id, now))?;
        // Kept outside the database too, so a restore of an older backup erases them again.
        super::sidecar::record_erased(&self.path, ids)?;
        self.conn
            .execute_batch("INSERT INTO handover_search (handover_search) VALUES ('optimize');")?;
        self.checkpoint()
    }

    /// The ids of everyone erased, for re-applying after a restore.
    /// SQLite's `data_version`: it changes when another connection (another process: `erase`,
    /// `restore`'s re-erasure) commits, never for this connection's own writes. Cheap: no
    /// page is read, and the statement is prepared once (a search and the Plans list's counts
    /// ask at every keystroke).
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?)
    }

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
        // Every contact, as a stored UTC time; a date alone counts from its start. SQLite takes
        // the bare `kind` from the row holding the max. Someone with no contact at all counts
        // from when their record was made.
        let mut stmt = self.conn.prepare(
            "WITH contacts (person_id, at, kind) AS (
                 SELECT person_id, arrived_at, 'visit' FROM visits
                 UNION ALL SELECT coalesce((SELECT merged_into FROM people WHERE id = c.person_id), c.person_id),
                                  v.created_at, 'plan_version'
                           FROM plan_versions v JOIN crisis_plans c ON c.id = v.plan_id
                 UNION ALL SELECT person_id, saved_at, 'plan_draft' FROM plan_drafts
                 UNION ALL SELECT a.person_id, max(s.created_at, s.held_on || 'T00:00:00Z'), 'peer_session'
                           FROM peer_sessions s JOIN assignments a ON a.id = s.assignment_id
                 UNION ALL SELECT v.person_id,
                                  max(f.created_at, coalesce(f.done_at, ''), coalesce(f.due_on || 'T00:00:00Z', '')),
                                  'follow_up'
                           FROM follow_ups f JOIN visits v ON v.id = f.visit_id
             ),
             latest AS (SELECT person_id, max(at) AS at, kind FROM contacts GROUP BY person_id)
             SELECT p.id, coalesce(l.at, p.created_at) AS last, coalesce(l.kind, 'registered')
             FROM people p LEFT JOIN latest l ON l.person_id = p.id
             WHERE p.erased_at IS NULL AND p.merged_into IS NULL AND coalesce(l.at, p.created_at) < ?1
             ORDER BY last, p.id",
        )?;
        let rows = stmt.query_map([to_stored(cutoff)], |r| {
            Ok(RetentionCandidate {
                person_id: r.get(0)?,
                last_contact: super::rows::time(r, 1)?,
                last_kind: ContactKind::parse(&r.get::<_, String>(2)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
