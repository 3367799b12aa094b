//! Crisis prevention plans: saving immutable versions, reading them back, the Plans list,
//! drafts, and auditing who viewed or exported a plan. The database itself refuses changes to
//! a saved version (triggers in 0004_plans.sql).

use super::rows::{invalid, time};
use super::{Store, StoreError, audit, settings};
use crate::domain::audit::{AuditAction, ContentKind, RecordKind};
use crate::domain::person::display_label;
use crate::domain::plan::{
    DEFAULT_REVIEW_DAYS, MAX_REVIEW_DAYS, PlanContent, PlanDiff, PlanDraft, PlanMeta, PlanSummary,
    PlanVersion, VersionInfo, diff, next_version,
};
use crate::domain::shift::ServiceHours;
use crate::domain::time::{date_from_stored, date_to_stored, to_stored};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Setting: days from a save to the plan's review (default 90).
pub const PLAN_REVIEW_DAYS: &str = "plan_review_days";

/// A draft larger than this is refused: no form produces one, so it is not a plan.
const DRAFT_MAX_BYTES: usize = 256 * 1024;

/// The key, in a draft's meta column, of the field that had the cursor.
const DRAFT_FOCUS: &str = "draft_focus";

mod grams;
mod held;
mod list;
mod reviews;

pub(crate) use held::PlanCounts;

fn date(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = r.get(i)?;
    date_from_stored(&s).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(i, "date".into(), rusqlite::types::Type::Text)
    })
}

fn version_number(r: &Row<'_>, i: usize) -> rusqlite::Result<u32> {
    let v: i64 = r.get(i)?;
    u32::try_from(v).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(i, v))
}

/// JSON that was written by this program but no longer reads is damage, not bad input.
fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|_| StoreError::Corrupt)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|_| StoreError::Sqlite("could not encode a plan".into()))
}

const VERSION_SELECT: &str = "
    SELECT v.version, v.created_by, s.name, v.created_at, v.review_due,
           v.sections, v.co_produced, v.consent_to_share, v.copy_holders
    FROM plan_versions v JOIN staff s ON s.id = v.created_by";

fn version_info(r: &Row<'_>) -> rusqlite::Result<VersionInfo> {
    Ok(VersionInfo {
        version: version_number(r, 0)?,
        author_id: r.get(1)?,
        author: r.get(2)?,
        saved_at: time(r, 3)?,
        review_due: date(r, 4)?,
    })
}

/// Reads one version of a plan from a VERSION_SELECT row.
fn version_row(r: &Row<'_>) -> rusqlite::Result<(VersionInfo, String, PlanMeta)> {
    let info = version_info(r)?;
    let meta = PlanMeta {
        co_produced: r.get(6)?,
        consent_to_share: r.get(7)?,
        copy_holders: r.get(8)?,
        review_due: info.review_due,
    };
    Ok((info, r.get(5)?, meta))
}

fn read_version(
    conn: &Connection,
    plan_id: i64,
    version: Option<u32>,
) -> Result<PlanVersion, StoreError> {
    let (info, sections, meta) = match version {
        Some(v) => conn
            .prepare_cached(&format!(
                "{VERSION_SELECT} WHERE v.plan_id = ?1 AND v.version = ?2"
            ))?
            .query_row(params![plan_id, v], version_row)?,
        None => conn
            .prepare_cached(&format!(
                "{VERSION_SELECT} WHERE v.plan_id = ?1 ORDER BY v.version DESC LIMIT 1"
            ))?
            .query_row([plan_id], version_row)?,
    };
    Ok(PlanVersion {
        info,
        content: from_json(&sections)?,
        meta,
    })
}

impl Store {
    /// Days from a save to its review: the `plan_review_days` setting, else 90.
    pub fn plan_review_days(&self) -> Result<u32, StoreError> {
        Ok(self
            .setting(PLAN_REVIEW_DAYS)?
            .and_then(|v| v.trim().parse().ok())
            .filter(|d| (1..=MAX_REVIEW_DAYS).contains(d))
            .unwrap_or(DEFAULT_REVIEW_DAYS))
    }

    /// The service's calendar date at `now` (its time zone setting, never the machine's).
    fn service_date(&self, now: DateTime<Utc>) -> Result<NaiveDate, StoreError> {
        let tz: Tz = self
            .setting(settings::TIME_ZONE)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(ServiceHours::default().tz);
        Ok(now.with_timezone(&tz).date_naive())
    }

    /// Saves a new version of the person's plan (creating the plan on the first save) and
    /// removes this staff member's draft of it, in one transaction. Refuses a version that
    /// changes nothing. Returns the plan id and the new version's number.
    /// Adds the follow-up calls `plan::follow_up_calls` offers, on the person's latest visit
    /// (follow-ups belong to a visit, so they show in it and in the handover until done), owned
    /// by `owner`. Returns how many were added; none if the person has no visit.
    pub fn add_plan_follow_up_calls(
        &mut self,
        person_id: i64,
        owner: &str,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let today = self.service_date(now)?;
        let visit: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM visits WHERE person_id = ?1 ORDER BY arrived_at DESC, id DESC LIMIT 1",
                [person_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(visit_id) = visit else {
            return Ok(0);
        };
        let calls = crate::domain::plan::follow_up_calls();
        self.write(|tx| {
            for (task, days) in calls {
                tx.execute(
                    "INSERT INTO follow_ups (visit_id, person, task, owner, due_on, created_at, created_by, kind)
                     VALUES (?1, '', ?2, ?3, ?4, ?5, ?6, 'plan_call')",
                    params![
                        visit_id,
                        task,
                        owner,
                        date_to_stored(today + chrono::Duration::days(days)),
                        to_stored(now),
                        staff_id
                    ],
                )?;
            }
            audit::append(tx, now, Some(staff_id), AuditAction::Change, Some(RecordKind::Visit), Some(visit_id))?;
            Ok(calls.len())
        })
    }

    pub fn save_plan_version(
        &mut self,
        person_id: i64,
        content: &PlanContent,
        meta: &PlanMeta,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(i64, u32), StoreError> {
        let content = content.check().map_err(invalid)?;
        let meta = meta.check(self.service_date(now)?).map_err(invalid)?;
        let sections = to_json(&content)?;
        self.write(|tx| {
            let erased: bool = tx
                .prepare_cached("SELECT erased_at IS NOT NULL FROM people WHERE id = ?1")?
                .query_row([person_id], |r| r.get(0))?;
            if erased {
                return Err(StoreError::Invalid(
                    "This visitor's details were erased, so no plan can be saved for them.".into(),
                ));
            }
            let existing: Option<(i64, u32)> = tx
                .prepare_cached("SELECT id, latest_version FROM crisis_plans WHERE person_id = ?1")?
                .query_row([person_id], |r| Ok((r.get(0)?, version_number(r, 1)?)))
                .optional()?;
            let (plan_id, latest) = match existing {
                Some((id, latest)) => (id, Some(latest).filter(|v| *v > 0)),
                None => {
                    tx.prepare_cached(
                        "INSERT INTO crisis_plans (person_id, created_at, created_by) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![person_id, to_stored(now), staff_id])?;
                    (tx.last_insert_rowid(), None)
                }
            };
            if let Some(v) = latest {
                let previous = read_version(tx, plan_id, Some(v))?;
                if previous.content == content && previous.meta == meta {
                    return Err(StoreError::Invalid(format!(
                        "Nothing has changed since version {v}, so no new version was saved."
                    )));
                }
            }
            let version = next_version(latest);
            tx.prepare_cached(
                "INSERT INTO plan_versions (plan_id, version, sections, co_produced, consent_to_share,
                                            copy_holders, review_due, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                plan_id,
                version,
                sections,
                meta.co_produced,
                meta.consent_to_share,
                meta.copy_holders,
                date_to_stored(meta.review_due),
                to_stored(now),
                staff_id
            ])?;
            let version_id = tx.last_insert_rowid();
            tx.prepare_cached("DELETE FROM plan_drafts WHERE person_id = ?1 AND staff_id = ?2")?
                .execute([person_id, staff_id])?;
            let action = if latest.is_none() {
                AuditAction::Create
            } else {
                AuditAction::Change
            };
            audit::append_binding(
                tx,
                now,
                Some(staff_id),
                action,
                Some(RecordKind::Plan),
                Some(plan_id),
                ContentKind::PlanVersion,
                version_id,
            )?;
            Ok((plan_id, version))
        })
    }

    /// The person's plan, if one has been saved.
    pub fn plan_for_person(&self, person_id: i64) -> Result<Option<PlanSummary>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT c.id, c.person_id, p.display_name, c.created_at, c.created_by, s.name,
                        c.latest_version, c.updated_at, c.review_due
                 FROM crisis_plans c JOIN people p ON p.id = c.person_id
                 JOIN staff s ON s.id = c.created_by
                 WHERE c.person_id = ?1 AND c.latest_version > 0",
            )?
            .query_row([person_id], |r| {
                Ok(PlanSummary {
                    plan_id: r.get(0)?,
                    person_id: r.get(1)?,
                    visitor: display_label(r.get(1)?, r.get::<_, Option<String>>(2)?.as_deref()),
                    created_at: time(r, 3)?,
                    created_by: r.get(4)?,
                    created_by_name: r.get(5)?,
                    latest_version: version_number(r, 6)?,
                    updated_at: time(r, 7)?,
                    review_due: date(r, 8)?,
                })
            })
            .optional()?)
    }

    /// Every version of a plan, newest first (a plan has a handful, so no paging).
    pub fn plan_versions(&self, plan_id: i64) -> Result<Vec<VersionInfo>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{VERSION_SELECT} WHERE v.plan_id = ?1 ORDER BY v.version DESC"
        ))?;
        let rows = stmt.query_map([plan_id], version_info)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn plan_version(&self, plan_id: i64, version: u32) -> Result<PlanVersion, StoreError> {
        read_version(&self.conn, plan_id, Some(version))
    }

    pub fn latest_plan_version(&self, plan_id: i64) -> Result<PlanVersion, StoreError> {
        read_version(&self.conn, plan_id, None)
    }

    /// What changed from version `from` to version `to` of a plan.
    pub fn plan_version_diff(
        &self,
        plan_id: i64,
        from: u32,
        to: u32,
    ) -> Result<PlanDiff, StoreError> {
        let a = self.plan_version(plan_id, from)?;
        let b = self.plan_version(plan_id, to)?;
        Ok(diff(&a.content, &a.meta, &b.content, &b.meta))
    }

    /// Audits that `staff_id` opened the plan.
    pub fn record_plan_view(
        &mut self,
        plan_id: i64,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        // Reading a plan must never wait on its audit row: on a full disk (or a damaged
        // database open read-only) the entry is held and written when writing works again.
        // It does wait for the first unlock's page check (`write` does), which has normally finished
        // by the time anyone has signed in and found a plan; the row is then written at once.
        match self.audit_plan(plan_id, staff_id, now, AuditAction::View) {
            Err(e) if super::audit::holds(&e) || self.is_read_only() => self
                .audit_or_hold(
                    now,
                    Some(staff_id),
                    AuditAction::View,
                    Some(RecordKind::Plan),
                    Some(plan_id),
                )
                .map(|_| ()),
            other => other,
        }
    }

    /// Audits that `staff_id` exported the plan as an unencrypted file.
    pub fn record_plan_export(
        &mut self,
        plan_id: i64,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.audit_plan(plan_id, staff_id, now, AuditAction::Export)
    }

    /// A take-away copy of the plan is being sent to the printer (audited before it is sent:
    /// paper cannot be taken back).
    pub fn record_plan_print(
        &mut self,
        plan_id: i64,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.audit_plan(plan_id, staff_id, now, AuditAction::Print)
    }

    fn audit_plan(
        &mut self,
        plan_id: i64,
        staff_id: i64,
        now: DateTime<Utc>,
        action: AuditAction,
    ) -> Result<(), StoreError> {
        let entry = |tx: &rusqlite::Transaction<'_>| {
            tx.prepare_cached("SELECT 1 FROM crisis_plans WHERE id = ?1")?
                .query_row([plan_id], |_| Ok(()))?;
            audit::append(
                tx,
                now,
                Some(staff_id),
                action,
                Some(RecordKind::Plan),
                Some(plan_id),
            )?;
            Ok(())
        };
        // A read is audited on the keystroke that shows the plan, without waiting for the
        // disk (see `durability`); an export or a print leaves the database, so it waits.
        if action == AuditAction::View {
            self.write_soon(entry)
        } else {
            self.write(entry)
        }
    }

    /// Keeps this staff member's unsaved edits of the person's plan, replacing any earlier
    /// draft. Drafts are not checked (a half-typed number must survive a lock) and not
    /// audited: they are no record yet, only the author sees them, and saving is audited.
    pub fn save_plan_draft(
        &mut self,
        person_id: i64,
        staff_id: i64,
        content: &PlanContent,
        meta: &PlanMeta,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.save_plan_draft_at(person_id, staff_id, content, meta, None, now)
    }

    /// [`Store::save_plan_draft`], with the label of the field that had the cursor (kept in
    /// the meta column beside the plan's own metadata, which reads past it).
    pub fn save_plan_draft_at(
        &mut self,
        person_id: i64,
        staff_id: i64,
        content: &PlanContent,
        meta: &PlanMeta,
        focus: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut meta =
            serde_json::to_value(meta).map_err(|e| StoreError::Invalid(e.to_string()))?;
        if let (Some(fields), Some(focus)) = (meta.as_object_mut(), focus) {
            fields.insert(DRAFT_FOCUS.into(), focus.into());
        }
        let (sections, meta) = (to_json(content)?, meta.to_string());
        if sections.len() + meta.len() > DRAFT_MAX_BYTES {
            return Err(StoreError::Invalid(
                "This draft is too large to keep.".into(),
            ));
        }
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO plan_drafts (person_id, staff_id, sections, meta, saved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (person_id, staff_id)
                 DO UPDATE SET sections = ?3, meta = ?4, saved_at = ?5",
            )?
            .execute(params![person_id, staff_id, sections, meta, to_stored(now)])?;
            Ok(())
        })
    }

    pub fn plan_draft(
        &self,
        person_id: i64,
        staff_id: i64,
    ) -> Result<Option<PlanDraft>, StoreError> {
        let row: Option<(String, String, DateTime<Utc>)> = self
            .conn
            .prepare_cached(
                "SELECT sections, meta, saved_at FROM plan_drafts WHERE person_id = ?1 AND staff_id = ?2",
            )?
            .query_row([person_id, staff_id], |r| Ok((r.get(0)?, r.get(1)?, time(r, 2)?)))
            .optional()?;
        row.map(|(sections, meta, saved_at)| {
            let meta: serde_json::Value = from_json(&meta)?;
            Ok(PlanDraft {
                content: from_json(&sections)?,
                focus: meta
                    .get(DRAFT_FOCUS)
                    .and_then(|f| f.as_str())
                    .map(String::from),
                meta: serde_json::from_value(meta)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?,
                saved_at,
            })
        })
        .transpose()
    }

    pub fn discard_plan_draft(&mut self, person_id: i64, staff_id: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.prepare_cached("DELETE FROM plan_drafts WHERE person_id = ?1 AND staff_id = ?2")?
                .execute([person_id, staff_id])?;
            Ok(())
        })
    }
}
