//! Merging two records of the same visitor (see `domain::merge`), in one transaction: every row
//! that names the absorbed record moves to the survivor, the chosen details are written as
//! corrections of the survivor, the merge is recorded (both records' details as they were, so
//! the original stays readable) and audited with ids only.
//!
//! Crisis plans: plan versions are immutable and each is bound in the audit chain by a hash of
//! its stored values (its plan id among them), so no version is ever rewritten. When only the
//! absorbed record has a plan, its `crisis_plans` row (not bound) simply changes person. When
//! both have one, the survivor's stays current and the absorbed plan is linked into its history
//! through `plan_merges`; `check` keeps verifying every version unchanged.

use super::{Store, StoreError, audit, corrections};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::correction::{CorrectedKind, check_reason};
use crate::domain::handover::HandoverBody;
use crate::domain::merge::{
    MergeNote, MergeRequest, MergeSide, PlanRule, Side, check, detail_changes, plan_rule,
};
use crate::domain::person::{PersonDetails, display_label, phone_digits};
use crate::domain::plan::VersionInfo;
use crate::domain::time::{date_from_stored, date_to_stored, to_stored};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// What the merge form and its checks need to know about one record. Reads erased and merged
/// records too (to refuse them).
pub(crate) fn side(conn: &Connection, id: i64) -> Result<MergeSide, StoreError> {
    let row: Option<(PersonDetails, bool, Option<i64>)> = conn
        .prepare_cached(
            "SELECT display_name, full_name, date_of_birth, phone, erased_at IS NOT NULL, merged_into
             FROM people WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                PersonDetails {
                    display_name: r.get(0)?,
                    full_name: r.get(1)?,
                    date_of_birth: r
                        .get::<_, Option<String>>(2)?
                        .as_deref()
                        .and_then(date_from_stored),
                    phone: r.get(3)?,
                },
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let Some((details, erased, merged_into)) = row else {
        return Err(StoreError::NotFound);
    };
    let visits: i64 = conn
        .prepare_cached("SELECT count(*) FROM visits WHERE person_id = ?1")?
        .query_row([id], |r| r.get(0))?;
    let active_workers = conn
        .prepare_cached(
            "SELECT DISTINCT w.id, w.name FROM assignments a JOIN peer_workers w ON w.id = a.worker_id
             WHERE a.person_id = ?1 AND a.ended_on IS NULL ORDER BY w.id",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let plan_version: Option<i64> = conn
        .prepare_cached(
            "SELECT latest_version FROM crisis_plans WHERE person_id = ?1 AND latest_version > 0",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let plan_drafts: i64 = conn
        .prepare_cached("SELECT count(*) FROM plan_drafts WHERE person_id = ?1")?
        .query_row([id], |r| r.get(0))?;
    Ok(MergeSide {
        id,
        details,
        erased,
        merged_into,
        visits: visits as usize,
        active_workers,
        plan_version: plan_version.and_then(|v| u32::try_from(v).ok()),
        plan_drafts: plan_drafts as usize,
    })
}

fn details_json(d: &PersonDetails) -> String {
    json!({
        "display_name": d.display_name,
        "full_name": d.full_name,
        "date_of_birth": d.date_of_birth.map(date_to_stored),
        "phone": d.phone,
    })
    .to_string()
}

/// The records merged into `person_id` (directly or through an earlier merge), oldest first.
pub(crate) fn merged_ids(conn: &Connection, person_id: i64) -> Result<Vec<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id FROM people WHERE merged_into = ?1 ORDER BY id")?
        .query_map([person_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

/// Unsigned handover drafts: their entries for the absorbed record now name the survivor, and
/// every entry of the person is labelled as the survivor is now named. Signed notes are
/// read-only (and bound): they keep the id they were signed with, and subject access and
/// erasure of the survivor take in the records merged into it.
fn move_handover_drafts(
    conn: &Connection,
    from: i64,
    to: i64,
    label: &str,
) -> Result<(), StoreError> {
    let drafts: Vec<(i64, String)> = conn
        .prepare("SELECT id, body FROM handovers WHERE signed_at IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, json) in drafts {
        let Ok(mut body) = serde_json::from_str::<HandoverBody>(&json) else {
            continue;
        };
        let mut changed = false;
        for e in body
            .entries
            .iter_mut()
            .filter(|e| e.person_id == from || e.person_id == to)
        {
            changed |= e.person_id != to || e.person_label != label;
            e.person_id = to;
            e.person_label = label.to_string();
        }
        if changed {
            let json =
                serde_json::to_string(&body).map_err(|e| StoreError::Invalid(e.to_string()))?;
            conn.execute(
                "UPDATE handovers SET body = ?2 WHERE id = ?1",
                params![id, json],
            )?;
            Store::index_handover(conn, id)?;
        }
    }
    Ok(())
}

/// Who merges, why and when: what every row a merge writes records.
struct Merger<'a> {
    reason: &'a str,
    staff_id: i64,
    now: DateTime<Utc>,
}

/// The merge's own record: both sides' details as they were and what was kept. Returns its id.
fn insert_merge(
    tx: &Connection,
    req: &MergeRequest,
    survivor: &MergeSide,
    absorbed: &MergeSide,
    by: &Merger<'_>,
) -> Result<i64, StoreError> {
    let kept_codes: serde_json::Map<String, serde_json::Value> = req
        .choice
        .kept_codes()
        .into_iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    tx.execute(
        "INSERT INTO person_merges (survivor_id, absorbed_id, reason, kept, survivor_details,
                                    absorbed_details, merged_at, merged_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            survivor.id,
            absorbed.id,
            by.reason,
            serde_json::Value::Object(kept_codes).to_string(),
            details_json(&survivor.details),
            details_json(&absorbed.details),
            to_stored(by.now),
            by.staff_id
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The survivor's details as chosen, each change a correction of the survivor.
fn keep_details(
    tx: &Connection,
    survivor: &MergeSide,
    kept: &PersonDetails,
    by: &Merger<'_>,
) -> Result<(), StoreError> {
    let changes = detail_changes(&survivor.details, kept);
    if changes.is_empty() {
        return Ok(());
    }
    tx.execute(
        "UPDATE people SET display_name = ?2, full_name = ?3, date_of_birth = ?4,
                phone = ?5, phone_digits = ?6 WHERE id = ?1",
        params![
            survivor.id,
            kept.display_name,
            kept.full_name,
            kept.date_of_birth.map(date_to_stored),
            kept.phone,
            kept.phone.as_deref().map(phone_digits)
        ],
    )?;
    corrections::record(
        tx,
        CorrectedKind::Person,
        survivor.id,
        &changes,
        by.reason,
        RecordKind::Person,
        survivor.id,
        by.staff_id,
        by.now,
    )
}

/// The crisis plans as `plan_rule` says: the absorbed one's moves to the survivor when only
/// it has one, or goes into the survivor's plan's history when both have one.
fn merge_plans(
    tx: &Connection,
    survivor: &MergeSide,
    absorbed: &MergeSide,
    merge_id: i64,
    by: &Merger<'_>,
) -> Result<(), StoreError> {
    let (s, x) = (survivor.id, absorbed.id);
    match plan_rule(
        survivor.plan_version.is_some(),
        absorbed.plan_version.is_some(),
    ) {
        PlanRule::Nothing => Ok(()),
        PlanRule::Move => {
            // A plan row with no version yet (never saved) goes too.
            tx.execute(
                "DELETE FROM crisis_plans WHERE person_id = ?1 AND latest_version = 0",
                [s],
            )?;
            tx.execute(
                "UPDATE crisis_plans SET person_id = ?2 WHERE person_id = ?1",
                [x, s],
            )?;
            Ok(())
        }
        PlanRule::IntoHistory => {
            let plan = |id: i64| -> Result<i64, StoreError> {
                Ok(tx.query_row(
                    "SELECT id FROM crisis_plans WHERE person_id = ?1",
                    [id],
                    |r| r.get(0),
                )?)
            };
            let (into, from) = (plan(s)?, plan(x)?);
            // Plans merged into the absorbed plan earlier follow it.
            tx.execute(
                "UPDATE plan_merges SET into_plan_id = ?2 WHERE into_plan_id = ?1",
                [from, into],
            )?;
            tx.execute(
                "INSERT INTO plan_merges (plan_id, into_plan_id, merge_id) VALUES (?1, ?2, ?3)",
                [from, into, merge_id],
            )?;
            audit::append(
                tx,
                by.now,
                Some(by.staff_id),
                AuditAction::Merge,
                Some(RecordKind::Plan),
                Some(into),
            )?;
            Ok(())
        }
    }
}

impl Store {
    /// One record as the merge form shows it.
    pub fn merge_side(&self, person_id: i64) -> Result<MergeSide, StoreError> {
        side(&self.conn, person_id)
    }

    /// Merges the two records as chosen. Refused (nothing changed) when `domain::merge::check`
    /// refuses, when the reason is missing or too long, or when a kept detail is too long.
    /// Returns the merge's id.
    pub fn merge_people(
        &mut self,
        req: &MergeRequest,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let reason = check_reason(&req.reason).map_err(StoreError::Invalid)?;
        self.people_changed();
        self.write(|tx| {
            let a = side(tx, req.a)?;
            let b = side(tx, req.b)?;
            check(&a, &b, req.choice.record).map_err(|r| StoreError::Invalid(r.message()))?;
            let (survivor, absorbed) = match req.choice.record {
                Side::A => (&a, &b),
                Side::B => (&b, &a),
            };
            let (s, x) = (survivor.id, absorbed.id);
            let kept = req.choice.kept_details(&a.details, &b.details);
            let by = Merger {
                reason: &reason,
                staff_id,
                now,
            };
            // The merge record first: the plan link names it.
            let merge_id = insert_merge(tx, req, survivor, absorbed, &by)?;
            keep_details(tx, survivor, &kept, &by)?;
            // Visits carry their safeguarding, incidents, follow-ups, signposts and carries;
            // assignments their sessions.
            for table in ["visits", "assignments"] {
                tx.execute(
                    &format!("UPDATE {table} SET person_id = ?2 WHERE person_id = ?1"),
                    [x, s],
                )?;
            }
            merge_plans(tx, survivor, absorbed, merge_id, &by)?;
            // `check` allowed these only when they have somewhere to go.
            for table in ["plan_drafts", "form_drafts"] {
                tx.execute(
                    &format!("UPDATE {table} SET person_id = ?2 WHERE person_id = ?1"),
                    [x, s],
                )?;
            }
            let label = display_label(s, kept.display_name.as_deref());
            move_handover_drafts(tx, x, s, &label)?;
            // Records merged into the absorbed one earlier now belong to the survivor too.
            tx.execute(
                "UPDATE people SET merged_into = ?2 WHERE id = ?1 OR merged_into = ?1",
                [x, s],
            )?;
            for id in [s, x] {
                audit::append(
                    tx,
                    now,
                    Some(staff_id),
                    AuditAction::Merge,
                    Some(RecordKind::Person),
                    Some(id),
                )?;
            }
            Ok(merge_id)
        })
    }

    /// The merges into this record, oldest first, as its visits show them.
    pub fn merges_into(&self, person_id: i64) -> Result<Vec<MergeNote>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.survivor_id, m.absorbed_id, m.merged_at, s.name, m.reason
             FROM person_merges m JOIN staff s ON s.id = m.merged_by
             WHERE m.survivor_id = ?1 ORDER BY m.id",
        )?;
        let rows = stmt.query_map([person_id], |r| {
            Ok(MergeNote {
                survivor_id: r.get(0)?,
                absorbed_id: r.get(1)?,
                at: super::rows::time(r, 2)?,
                by: r.get(3)?,
                reason: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The versions of plans merged into this plan, each with the record it came from, newest
    /// first: readable with `plan_version(plan_id, version)`.
    pub fn merged_plan_versions(
        &self,
        plan_id: i64,
    ) -> Result<Vec<(i64, i64, VersionInfo)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.person_id, v.plan_id, v.version, v.created_by, s.name, v.created_at, v.review_due
             FROM plan_merges m JOIN crisis_plans c ON c.id = m.plan_id
             JOIN plan_versions v ON v.plan_id = m.plan_id JOIN staff s ON s.id = v.created_by
             WHERE m.into_plan_id = ?1 ORDER BY v.created_at DESC, v.id DESC",
        )?;
        let rows = stmt.query_map([plan_id], |r| {
            let version: i64 = r.get(2)?;
            let due: String = r.get(6)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                VersionInfo {
                    version: u32::try_from(version)
                        .map_err(|_| rusqlite::Error::IntegralValueOutOfRange(2, version))?,
                    author_id: r.get(3)?,
                    author: r.get(4)?,
                    saved_at: super::rows::time(r, 5)?,
                    review_due: date_from_stored(&due).ok_or_else(|| {
                        rusqlite::Error::InvalidColumnType(
                            6,
                            "date".into(),
                            rusqlite::types::Type::Text,
                        )
                    })?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The records merged into this one.
    pub fn merged_into_person(&self, person_id: i64) -> Result<Vec<i64>, StoreError> {
        merged_ids(&self.conn, person_id)
    }
}
