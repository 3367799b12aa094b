//! Drafts of every form (see `domain::draft`): kept per staff member, form kind and record,
//! replaced as the lead types, deleted when the form is saved or discarded. Each save is one
//! committed transaction, so a draft saved survives a kill. Not audited: a draft is no record
//! yet and only its author sees it; the save of the form is audited.

use super::rows::time;
use super::{Store, StoreError};
use crate::domain::draft::{DraftField, DraftKey, FormDraft, FormKind, WaitingDraft};
use crate::domain::time::to_stored;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

/// A draft larger than this is refused (no form's limits add up to it).
const DRAFT_MAX_BYTES: usize = 1024 * 1024;

/// The visitor a form's record belongs to, from its kind (?2) and record (?3).
const PERSON_OF_RECORD: &str = "CASE ?2
    WHEN 'visit' THEN (SELECT person_id FROM visits WHERE id = ?3)
    WHEN 'incident' THEN (SELECT person_id FROM visits WHERE id = ?3)
    WHEN 'follow_up' THEN (SELECT person_id FROM visits WHERE id = ?3)
    WHEN 'correct_details' THEN (SELECT person_id FROM visits WHERE id = ?3)
    WHEN 'correct_incident' THEN (SELECT v.person_id FROM incidents i
        JOIN visits v ON v.id = i.visit_id WHERE i.id = ?3)
    WHEN 'reopen_follow_up' THEN (SELECT v.person_id FROM follow_ups f
        JOIN visits v ON v.id = f.visit_id WHERE f.id = ?3)
    WHEN 'close_follow_up' THEN (SELECT v.person_id FROM follow_ups f
        JOIN visits v ON v.id = f.visit_id WHERE f.id = ?3)
    WHEN 'close_safeguarding' THEN (SELECT person_id FROM visits WHERE id = ?3)
    WHEN 'session' THEN (SELECT person_id FROM assignments WHERE id = ?3)
    WHEN 'end_assignment' THEN (SELECT person_id FROM assignments WHERE id = ?3)
    WHEN 'hand_over' THEN (SELECT person_id FROM assignments WHERE id = ?3)
    WHEN 'correct_session' THEN (SELECT a.person_id FROM peer_sessions s
        JOIN assignments a ON a.id = s.assignment_id WHERE s.id = ?3)
    WHEN 'assignment' THEN (SELECT id FROM people WHERE id = ?3)
    WHEN 'plan' THEN (SELECT id FROM people WHERE id = ?3)
END";

impl Store {
    /// The visitor a form's record is about, when it is about one (a visit's triage, a plan,
    /// a session note); found as a draft's owner is.
    pub fn person_of_form(&self, key: &DraftKey) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {PERSON_OF_RECORD}, ?1"))?
            .query_row(params![0, key.kind.code(), key.record], |r| r.get(0))?)
    }

    /// Keeps (or replaces) this staff member's draft of one form. The visitor it is about is
    /// found from its record when the form did not say (a visit's forms, a session note).
    pub fn save_form_draft(
        &mut self,
        staff_id: i64,
        draft: &FormDraft,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let fields =
            serde_json::to_string(&draft.fields).map_err(|e| StoreError::Invalid(e.to_string()))?;
        if fields.len() > DRAFT_MAX_BYTES {
            return Err(StoreError::Invalid(
                "This draft is too large to keep.".into(),
            ));
        }
        self.write(|tx| {
            tx.prepare_cached(&format!(
                "INSERT INTO form_drafts (staff_id, kind, record, person_id, fields, saved_at)
                 VALUES (?1, ?2, ?3, coalesce(?4, {PERSON_OF_RECORD}), ?5, ?6)
                 ON CONFLICT (staff_id, kind, record)
                 DO UPDATE SET person_id = excluded.person_id, fields = ?5, saved_at = ?6"
            ))?
            .execute(params![
                staff_id,
                draft.key.kind.code(),
                draft.key.record,
                draft.person_id,
                fields,
                to_stored(now)
            ])?;
            Ok(())
        })
    }

    /// This staff member's draft of one form, if one is kept.
    pub fn form_draft(
        &self,
        staff_id: i64,
        key: &DraftKey,
    ) -> Result<Option<FormDraft>, StoreError> {
        let row: Option<(Option<i64>, String)> = self
            .conn
            .prepare_cached(
                "SELECT person_id, fields FROM form_drafts
                 WHERE staff_id = ?1 AND kind = ?2 AND record = ?3",
            )?
            .query_row(params![staff_id, key.kind.code(), key.record], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        row.map(|(person_id, fields)| {
            let fields: Vec<DraftField> =
                serde_json::from_str(&fields).map_err(|e| StoreError::Invalid(e.to_string()))?;
            Ok(FormDraft {
                key: key.clone(),
                person_id,
                fields,
            })
        })
        .transpose()
    }

    /// Forgets this staff member's draft of one form (saved, or discarded). A crisis plan's
    /// draft lives in plan_drafts and goes too.
    pub fn delete_form_draft(&mut self, staff_id: i64, key: &DraftKey) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.prepare_cached(
                "DELETE FROM form_drafts WHERE staff_id = ?1 AND kind = ?2 AND record = ?3",
            )?
            .execute(params![staff_id, key.kind.code(), key.record])?;
            if key.kind == FormKind::Plan
                && let Some(person_id) = key.record_id()
            {
                tx.prepare_cached(
                    "DELETE FROM plan_drafts WHERE person_id = ?1 AND staff_id = ?2",
                )?
                .execute([person_id, staff_id])?;
            }
            Ok(())
        })
    }

    /// Every draft this staff member has waiting, crisis plans included, newest first.
    pub fn waiting_drafts(&self, staff_id: i64) -> Result<Vec<WaitingDraft>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, record, person_id, saved_at FROM form_drafts WHERE staff_id = ?1
             UNION ALL
             SELECT 'plan', CAST(person_id AS TEXT), person_id, saved_at FROM plan_drafts
             WHERE staff_id = ?1
             ORDER BY 4 DESC",
        )?;
        let rows = stmt.query_map([staff_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
                time(r, 3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, record, person_id, saved_at) = row?;
            // A kind this build does not know (a newer one) is left alone, not listed.
            if let Some(kind) = FormKind::from_code(&kind) {
                out.push(WaitingDraft {
                    key: DraftKey { kind, record },
                    person_id,
                    saved_at,
                });
            }
        }
        Ok(out)
    }
}
