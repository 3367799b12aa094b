//! Visits and what is recorded from them: the Intake board, quick add, the triage form,
//! safeguarding, incidents, follow-ups and signposting.

use super::people::insert_person;
use super::rows::{invalid, opt_time, time};
use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::correction::{CorrectedKind, check_reason, triage_changes};
use crate::domain::ons4::Ons4;
pub use crate::domain::person::PersonRef;
use crate::domain::swemwbs::{Completion, Swemwbs};
use crate::domain::text::{optional_line, optional_text, single_line};
use crate::domain::time::{date_from_stored, date_to_stored, to_stored};
use crate::domain::visit::*;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

mod triage;

/// A quick-add: the least that is needed to put someone on the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVisit {
    pub person: PersonRef,
    pub arrived_at: DateTime<Utc>,
    pub contact_mode: ContactMode,
    pub referral_source_id: Option<i64>,
    pub presenting_need: String,
}

const BOARD_SELECT: &str = "
    SELECT v.id, v.person_id, p.display_name, v.arrived_at, v.seen_at, v.status, v.contact_mode,
           v.presenting_need, t.code, t.label, t.description, t.target_minutes, t.sort_order,
           (SELECT w.name FROM assignments a JOIN peer_workers w ON w.id = a.worker_id
             WHERE a.person_id = v.person_id AND a.ended_on IS NULL ORDER BY a.id DESC LIMIT 1),
           EXISTS (SELECT 1 FROM safeguarding s WHERE s.visit_id = v.id AND s.closed_at IS NULL
                    AND (s.categories <> '' OR s.other_detail <> '')),
           v.left_at,
           -- The plan's current review date: its latest version's, or moved on by a review.
           (SELECT cp.review_due FROM crisis_plans cp
             WHERE cp.person_id = v.person_id AND cp.latest_version > 0)
    FROM visits v
    JOIN people p ON p.id = v.person_id
    LEFT JOIN triage_codes t ON t.code = v.triage_code";

fn board_row(r: &Row<'_>, today: NaiveDate, to_triage_minutes: i64) -> rusqlite::Result<BoardRow> {
    let triage = match r.get::<_, Option<String>>(8)? {
        Some(code) => Some(TriageCode {
            code,
            label: r.get(9)?,
            description: r.get(10)?,
            target_minutes: r.get(11)?,
            sort_order: r.get(12)?,
        }),
        None => None,
    };
    let review_due: Option<String> = r.get(16)?;
    let review_due = review_due.as_deref().and_then(date_from_stored);
    Ok(BoardRow {
        visit_id: r.get(0)?,
        person_id: r.get(1)?,
        display_name: r.get(2)?,
        arrived_at: time(r, 3)?,
        seen_at: opt_time(r, 4)?,
        left_at: opt_time(r, 15)?,
        status: VisitStatus::from_code(&r.get::<_, String>(5)?).unwrap_or(VisitStatus::Waiting),
        contact_mode: ContactMode::from_code(&r.get::<_, String>(6)?)
            .unwrap_or(ContactMode::WalkIn),
        presenting_need: r.get(7)?,
        triage,
        to_triage_minutes: Some(to_triage_minutes),
        peer_worker: r.get(13)?,
        safeguarding: r.get(14)?,
        has_plan: review_due.is_some(),
        plan_overdue: review_due.is_some_and(|d| d < today),
        carried_from: None,
    })
}

impl Store {
    pub fn referral_sources(&self) -> Result<Vec<ReferralSource>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, label, reporting_code FROM referral_sources WHERE active = 1 ORDER BY sort_order, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ReferralSource {
                id: r.get(0)?,
                label: r.get(1)?,
                reporting_code: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn triage_codes(&self) -> Result<Vec<TriageCode>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, label, description, target_minutes, sort_order FROM triage_codes
             WHERE active = 1 ORDER BY sort_order",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TriageCode {
                code: r.get(0)?,
                label: r.get(1)?,
                description: r.get(2)?,
                target_minutes: r.get(3)?,
                sort_order: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn directory(&self) -> Result<Vec<DirectoryEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, category, phone FROM directory_entries WHERE active = 1 ORDER BY category, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DirectoryEntry {
                id: r.get(0)?,
                name: r.get(1)?,
                category: r.get(2)?,
                phone: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds a visit (and a new person if needed) in one transaction. Returns the visit id.
    pub fn add_visit(
        &mut self,
        v: &NewVisit,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let need =
            optional_line("Presenting need", &v.presenting_need, NEED_MAX).map_err(invalid)?;
        self.people_changed();
        self.write(|tx| {
            let person_id = match &v.person {
                PersonRef::Existing(id) => *id,
                PersonRef::New(details) => insert_person(tx, details, staff_id, now)?,
            };
            let code: Option<String> = match v.referral_source_id {
                Some(id) => tx
                    .query_row("SELECT reporting_code FROM referral_sources WHERE id = ?1", [id], |r| r.get(0))
                    .optional()?,
                None => None,
            };
            tx.prepare_cached(
                "INSERT INTO visits (person_id, arrived_at, contact_mode, referral_source_id, referral_code,
                                     presenting_need, created_at, created_by, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8)",
            )?
            .execute(params![
                person_id,
                to_stored(v.arrived_at),
                v.contact_mode.code(),
                v.referral_source_id,
                code,
                need.unwrap_or_default(),
                to_stored(now),
                staff_id
            ])?;
            let id = tx.last_insert_rowid();
            audit::append(tx, now, Some(staff_id), AuditAction::Create, Some(RecordKind::Visit), Some(id))?;
            Ok(id)
        })
    }

    /// The visits that arrived in [from, to), in board order. `today` decides overdue plans.
    pub fn board(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Vec<BoardRow>, StoreError> {
        let sql = format!("{BOARD_SELECT} WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2");
        let to_triage = i64::from(self.to_triage_minutes()?);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![to_stored(from), to_stored(to)], |r| {
            board_row(r, today, to_triage)
        })?;
        let mut rows: Vec<BoardRow> = rows.collect::<Result<_, _>>()?;
        rows.sort_by_key(BoardRow::sort_key);
        Ok(rows)
    }

    /// Visits still open from shifts before `before` (never closed, or carried forward), for
    /// tonight's board: each says the date it is from. The partial index keeps this to the open
    /// ones however long the history.
    pub fn carried_board(
        &self,
        hours: &crate::domain::shift::ServiceHours,
        before: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Vec<BoardRow>, StoreError> {
        let sql = format!(
            "{} WHERE v.status IN ('waiting', 'with_worker', 'seen') AND v.arrived_at < ?1
             ORDER BY v.arrived_at, v.id",
            BOARD_SELECT.replacen(
                "FROM visits v\n",
                "FROM visits v INDEXED BY visits_open\n",
                1
            )
        );
        let to_triage = i64::from(self.to_triage_minutes()?);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![to_stored(before)], |r| {
            let mut row = board_row(r, today, to_triage)?;
            // An out-of-hours contact is dated by its own day, not the evening before.
            row.carried_from = Some(if hours.is_open_at(row.arrived_at) {
                hours.service_date_of(row.arrived_at)
            } else {
                row.arrived_at.with_timezone(&hours.tz).date_naive()
            });
            Ok(row)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn visit(&self, id: i64) -> Result<VisitRecord, StoreError> {
        let mut record = self
            .conn
            .prepare_cached(
                "SELECT v.id, v.person_id, p.display_name, v.arrived_at, v.contact_mode, v.referral_source_id,
                        v.referral_code, v.presenting_need, v.triage_code, v.triaged_at, v.triaged_by,
                        v.safety_formulation, v.suitability, v.suitability_reason, v.status, v.seen_at,
                        v.left_at, v.distress_arrival, v.distress_leaving, v.swemwbs_items, v.outcome_code,
                        v.created_at, v.created_by, v.updated_at, v.updated_by, v.swemwbs_completion,
                        v.ons4_life_satisfaction, v.ons4_worthwhile, v.ons4_happy, v.ons4_anxious,
                        v.ons4_leaving_life_satisfaction, v.ons4_leaving_worthwhile, v.ons4_leaving_happy,
                        v.ons4_leaving_anxious
                 FROM visits v JOIN people p ON p.id = v.person_id WHERE v.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(VisitRecord {
                    id: r.get(0)?,
                    person_id: r.get(1)?,
                    display_name: r.get(2)?,
                    arrived_at: time(r, 3)?,
                    contact_mode: ContactMode::from_code(&r.get::<_, String>(4)?).unwrap_or(ContactMode::WalkIn),
                    referral_source_id: r.get(5)?,
                    referral_code: r.get(6)?,
                    presenting_need: r.get(7)?,
                    triage_code: r.get(8)?,
                    triaged_at: opt_time(r, 9)?,
                    triaged_by: r.get(10)?,
                    safety_formulation: r.get(11)?,
                    suitability: r.get::<_, Option<String>>(12)?.as_deref().and_then(Suitability::from_code),
                    suitability_reason: r.get(13)?,
                    status: VisitStatus::from_code(&r.get::<_, String>(14)?).unwrap_or(VisitStatus::Waiting),
                    seen_at: opt_time(r, 15)?,
                    left_at: opt_time(r, 16)?,
                    distress_arrival: r.get(17)?,
                    distress_leaving: r.get(18)?,
                    swemwbs: r.get::<_, Option<String>>(19)?.as_deref().and_then(Swemwbs::from_stored),
                    swemwbs_completion: r.get::<_, Option<String>>(25)?.as_deref().and_then(Completion::from_code),
                    ons4: Ons4 {
                        life_satisfaction: r.get(26)?,
                        worthwhile: r.get(27)?,
                        happy: r.get(28)?,
                        anxious: r.get(29)?,
                    },
                    ons4_leaving: Ons4 {
                        life_satisfaction: r.get(30)?,
                        worthwhile: r.get(31)?,
                        happy: r.get(32)?,
                        anxious: r.get(33)?,
                    },
                    outcome: r.get::<_, Option<String>>(20)?.as_deref().and_then(Outcome::from_code),
                    signposts: Vec::new(),
                    safeguarding: Safeguarding::default(),
                    created_at: time(r, 21)?,
                    created_by: r.get(22)?,
                    updated_at: time(r, 23)?,
                    updated_by: r.get(24)?,
                })
            })?;
        record.signposts = self
            .conn
            .prepare_cached(
                "SELECT directory_entry_id FROM visit_signposts WHERE visit_id = ?1 ORDER BY 1",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        record.safeguarding = self
            .conn
            .prepare_cached(
                "SELECT categories, other_detail, children_in_household, referral_made, referred_to, referred_at,
                        reference, consent, consent_override_reason
                 FROM safeguarding WHERE visit_id = ?1",
            )?
            .query_row([id], |r| {
                Ok(Safeguarding {
                    categories: Safeguarding::categories_from_stored(&r.get::<_, String>(0)?),
                    other_detail: r.get(1)?,
                    children_in_household: r.get(2)?,
                    referral_made: r.get(3)?,
                    referred_to: r.get(4)?,
                    referred_at: opt_time(r, 5)?,
                    reference: r.get(6)?,
                    consent_obtained: r.get::<_, Option<String>>(7)?.map(|c| c == "obtained"),
                    consent_override_reason: r.get(8)?,
                })
            })
            .optional()?
            .unwrap_or_default();
        Ok(record)
    }

    pub fn add_incident(
        &mut self,
        i: &Incident,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let kind = single_line("Kind of incident", &i.kind, SHORT_TEXT_MAX).map_err(invalid)?;
        for (field, value) in [("People involved", &i.people), ("Staff", &i.staff)] {
            optional_line(field, value, LONG_TEXT_MAX).map_err(invalid)?;
        }
        // What was done is written over several lines; the breaks are kept.
        optional_text("Action taken", &i.action, LONG_TEXT_MAX).map_err(invalid)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO incidents (visit_id, occurred_at, kind, people, action, staff, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![i.visit_id, to_stored(i.occurred_at), kind, i.people.trim(), i.action.trim(), i.staff.trim(), to_stored(now), staff_id],
            )?;
            let id = tx.last_insert_rowid();
            audit::append(tx, now, Some(staff_id), AuditAction::Change, Some(RecordKind::Visit), Some(i.visit_id))?;
            Ok(id)
        })
    }

    pub fn incidents(&self, visit_id: i64) -> Result<Vec<Incident>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, visit_id, occurred_at, kind, people, action, staff FROM incidents WHERE visit_id = ?1 ORDER BY occurred_at, id",
        )?;
        let rows = stmt.query_map([visit_id], |r| {
            Ok(Incident {
                id: r.get(0)?,
                visit_id: r.get(1)?,
                occurred_at: time(r, 2)?,
                kind: r.get(3)?,
                people: r.get(4)?,
                action: r.get(5)?,
                staff: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_follow_up(
        &mut self,
        f: &FollowUp,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let task = single_line("Task", &f.task, SHORT_TEXT_MAX).map_err(invalid)?;
        optional_line("Owner", &f.owner, NAME_MAX).map_err(invalid)?;
        optional_line("Person", &f.person, NAME_MAX).map_err(invalid)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO follow_ups (visit_id, person, task, owner, due_on, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![f.visit_id, f.person.trim(), task, f.owner.trim(), f.due_on.map(date_to_stored), to_stored(now), staff_id],
            )?;
            let id = tx.last_insert_rowid();
            audit::append(tx, now, Some(staff_id), AuditAction::Change, Some(RecordKind::Visit), Some(f.visit_id))?;
            Ok(id)
        })
    }

    pub fn follow_ups(&self, visit_id: i64) -> Result<Vec<FollowUp>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, visit_id, person, task, owner, due_on, done_at, done_by, closed_as, outcome
             FROM follow_ups WHERE visit_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([visit_id], |r| {
            Ok(FollowUp {
                id: r.get(0)?,
                visit_id: r.get(1)?,
                person: r.get(2)?,
                task: r.get(3)?,
                owner: r.get(4)?,
                due_on: r
                    .get::<_, Option<String>>(5)?
                    .as_deref()
                    .and_then(date_from_stored),
                done_at: opt_time(r, 6)?,
                done_by: r.get(7)?,
                closed_as: r
                    .get::<_, Option<String>>(8)?
                    .as_deref()
                    .and_then(crate::domain::follow_up::ClosedAs::from_code),
                outcome: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A person's visits, newest first, one page at a time: pass the last row of the previous
    /// page as `before` (keyset paging; never OFFSET).
    pub fn person_visits(
        &self,
        person_id: i64,
        before: Option<(DateTime<Utc>, i64)>,
        limit: usize,
    ) -> Result<Vec<VisitSummary>, StoreError> {
        let (at, id) = before.map_or(("9999".to_string(), i64::MAX), |(t, id)| (to_stored(t), id));
        // The limit written in, not bound (see `store::rows`).
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, arrived_at, status, triage_code, outcome_code, presenting_need FROM visits
             WHERE person_id = ?1 AND (arrived_at, id) < (?2, ?3)
             ORDER BY arrived_at DESC, id DESC LIMIT {limit}"
        ))?;
        let rows = stmt.query_map(params![person_id, at, id], |r| {
            Ok(VisitSummary {
                id: r.get(0)?,
                arrived_at: time(r, 1)?,
                status: VisitStatus::from_code(&r.get::<_, String>(2)?)
                    .unwrap_or(VisitStatus::Waiting),
                triage_code: r.get(3)?,
                outcome: r
                    .get::<_, Option<String>>(4)?
                    .as_deref()
                    .and_then(Outcome::from_code),
                presenting_need: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
