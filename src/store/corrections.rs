//! Corrections: a change to a value a lead entered, applied and recorded in one transaction
//! (the corrections table keeps the previous value, who, when and why; the audit row holds
//! ids only), and the history of a record's corrections.

use super::rows::{invalid, time};
use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::correction::incident_changes;
use crate::domain::correction::{
    Change, CorrectedField, CorrectedKind, Correction, DetailsCorrection, check_reason, date_value,
    time_value,
};
use crate::domain::person::{PersonDetails, phone_digits};
use crate::domain::text::{optional_line, optional_text, single_line};
use crate::domain::time::{date_to_stored, to_stored};
use crate::domain::visit::NAME_MAX;
use crate::domain::visit::VisitRecord;
use crate::domain::visit::{Incident, LONG_TEXT_MAX, SHORT_TEXT_MAX};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// Records `changes` to one record, with one audit row (`audit_kind`, `audit_id`: the record
/// the audit log knows it by). Call inside the transaction that applied the changes.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    conn: &Connection,
    kind: CorrectedKind,
    record_id: i64,
    changes: &[Change],
    reason: &str,
    audit_kind: RecordKind,
    audit_id: i64,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO corrections (record_kind, record_id, field, previous_value, new_value, reason,
                                  corrected_by, corrected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for c in changes {
        insert.execute(params![
            kind.code(),
            record_id,
            c.field.code(),
            c.previous,
            c.new,
            reason,
            staff_id,
            to_stored(now)
        ])?;
    }
    audit::append(
        conn,
        now,
        Some(staff_id),
        AuditAction::Correct,
        Some(audit_kind),
        Some(audit_id),
    )?;
    Ok(())
}

fn correction_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<Correction>> {
    let kind: String = r.get(1)?;
    let field: String = r.get(3)?;
    // A row this build cannot read (a newer field) is left out rather than failing the view.
    let (Some(kind), Some(field)) = (
        CorrectedKind::from_code(&kind),
        CorrectedField::from_code(&field),
    ) else {
        return Ok(None);
    };
    Ok(Some(Correction {
        id: r.get(0)?,
        kind,
        record_id: r.get(2)?,
        change: Change {
            field,
            previous: r.get(4)?,
            new: r.get(5)?,
        },
        reason: r.get(6)?,
        staff_id: r.get(7)?,
        at: time(r, 8)?,
    }))
}

const SELECT: &str = "SELECT id, record_kind, record_id, field, previous_value, new_value, reason,
                             corrected_by, corrected_at FROM corrections";

/// A visit's history (?1: the visit): its corrections, its person's, its incidents' and its
/// follow-ups', oldest first. Four index lookups, one per kind (the kinds are distinct, so no
/// row comes twice); as one WHERE of ORs SQLite built a temporary list and filter for each
/// `IN (SELECT …)` at every opening, 30× slower.
const VISIT_HISTORY: &str = "
    SELECT * FROM (
        SELECT c.id, c.record_kind, c.record_id, c.field, c.previous_value, c.new_value, c.reason,
               c.corrected_by, c.corrected_at
        FROM corrections c WHERE c.record_kind = 'visit' AND c.record_id = ?1
        UNION ALL
        SELECT c.id, c.record_kind, c.record_id, c.field, c.previous_value, c.new_value, c.reason,
               c.corrected_by, c.corrected_at
        FROM visits v JOIN corrections c ON c.record_kind = 'person' AND c.record_id = v.person_id
        WHERE v.id = ?1
        UNION ALL
        SELECT c.id, c.record_kind, c.record_id, c.field, c.previous_value, c.new_value, c.reason,
               c.corrected_by, c.corrected_at
        FROM incidents i JOIN corrections c ON c.record_kind = 'incident' AND c.record_id = i.id
        WHERE i.visit_id = ?1
        UNION ALL
        SELECT c.id, c.record_kind, c.record_id, c.field, c.previous_value, c.new_value, c.reason,
               c.corrected_by, c.corrected_at
        FROM follow_ups f JOIN corrections c ON c.record_kind = 'follow_up' AND c.record_id = f.id
        WHERE f.visit_id = ?1
    ) ORDER BY id";

impl Store {
    /// Every correction of one record, oldest first.
    pub fn corrections(
        &self,
        kind: CorrectedKind,
        record_id: i64,
    ) -> Result<Vec<Correction>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE record_kind = ?1 AND record_id = ?2 ORDER BY id"
        ))?;
        let rows = stmt.query_map(params![kind.code(), record_id], correction_row)?;
        Ok(rows
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .collect())
    }

    /// What a visit's view lists as its history: corrections of the visit, of its person, and
    /// of its incidents and follow-ups, oldest first.
    pub fn visit_history(&self, visit_id: i64) -> Result<Vec<Correction>, StoreError> {
        let mut stmt = self.conn.prepare_cached(VISIT_HISTORY)?;
        let rows = stmt.query_map([visit_id], correction_row)?;
        Ok(rows
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .collect())
    }

    /// Corrects a visit's quick-add details (arrival, contact mode, referral source) and its
    /// person's names, phone and date of birth, recording every changed field with the reason.
    /// Refused when nothing changed, when the reason is missing, or when the arrival is later
    /// than now. Returns how many fields changed.
    pub fn correct_details(
        &mut self,
        c: &DetailsCorrection,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let reason = check_reason(&c.reason).map_err(StoreError::Invalid)?;
        let visit = self.visit(c.visit_id)?;
        if visit.person_id != c.person_id {
            return Err(StoreError::Invalid(
                "That visit belongs to someone else.".into(),
            ));
        }
        let person = self.person(c.person_id)?.details;
        if c.arrived_at > now + Duration::minutes(1) {
            return Err(StoreError::Invalid(
                "That arrival is later than now.".into(),
            ));
        }
        let details = checked_details(c, now)?;
        let old_source = self.source_label(visit.referral_source_id)?;
        let new_source = self.source_label(c.referral_source_id)?;
        if c.referral_source_id.is_some() && new_source.is_none() {
            return Err(StoreError::Invalid(
                "That referral source is not on the list.".into(),
            ));
        }
        let visit_changes = visit_changes(&visit, c, old_source, new_source);
        let person_changes = person_changes(&person, &details);
        let changed = visit_changes.len() + person_changes.len();
        if changed == 0 {
            return Err(StoreError::Invalid(
                "Nothing was changed, so there is nothing to correct.".into(),
            ));
        }
        if !person_changes.is_empty() {
            self.people_changed();
        }
        self.write(|tx| {
            if !visit_changes.is_empty() {
                update_visit_details(tx, c, &visit, staff_id, now)?;
                record(
                    tx,
                    CorrectedKind::Visit,
                    c.visit_id,
                    &visit_changes,
                    &reason,
                    RecordKind::Visit,
                    c.visit_id,
                    staff_id,
                    now,
                )?;
            }
            if !person_changes.is_empty() {
                update_person_details(tx, c.person_id, &details)?;
                record(
                    tx,
                    CorrectedKind::Person,
                    c.person_id,
                    &person_changes,
                    &reason,
                    RecordKind::Person,
                    c.person_id,
                    staff_id,
                    now,
                )?;
            }
            Ok(changed)
        })
    }

    /// The label of a referral source, if it is on the list.
    fn source_label(&self, id: Option<i64>) -> Result<Option<String>, StoreError> {
        let Some(id) = id else { return Ok(None) };
        Ok(self
            .conn
            .query_row(
                "SELECT label FROM referral_sources WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Reopens a follow-up closed by mistake: a correction of its closing, with the reason, so
    /// who closed it, when and how stays in the history.
    pub fn reopen_follow_up(
        &mut self,
        follow_up_id: i64,
        reason: &str,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let reason = check_reason(reason).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            let (visit_id, done_at, closed_as, outcome): (i64, Option<String>, Option<String>, String) =
                tx.query_row(
                    "SELECT visit_id, done_at, closed_as, outcome FROM follow_ups WHERE id = ?1",
                    [follow_up_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
            let Some(done_at) = done_at else {
                return Err(StoreError::Invalid("That follow-up is still open.".into()));
            };
            tx.execute(
                "UPDATE follow_ups SET done_at = NULL, done_by = NULL, closed_as = NULL, outcome = ''
                 WHERE id = ?1",
                [follow_up_id],
            )?;
            // How it had been closed stays readable in the history ("done: GP rang back").
            let closed = match (closed_as.as_deref(), outcome.trim()) {
                (Some(how), "") => how.to_string(),
                (Some(how), line) => format!("{how}: {line}"),
                (None, line) => line.to_string(),
            };
            let mut changes = vec![Change {
                field: CorrectedField::FollowUpDone,
                previous: Some(done_at),
                new: None,
            }];
            changes.extend(Change::between(
                CorrectedField::FollowUpOutcome,
                Some(closed).filter(|c| !c.is_empty()),
                None,
            ));
            record(
                tx,
                CorrectedKind::FollowUp,
                follow_up_id,
                &changes,
                &reason,
                RecordKind::Visit,
                visit_id,
                staff_id,
                now,
            )
        })
    }

    /// The visit a follow-up was logged from.
    pub fn follow_up_visit(&self, follow_up_id: i64) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT visit_id FROM follow_ups WHERE id = ?1",
            [follow_up_id],
            |r| r.get(0),
        )?)
    }

    /// One incident, by its id.
    pub fn incident(&self, id: i64) -> Result<Incident, StoreError> {
        Ok(self.conn.prepare_cached(
            "SELECT id, visit_id, occurred_at, kind, people, action, staff FROM incidents WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Incident {
                id: r.get(0)?,
                visit_id: r.get(1)?,
                occurred_at: time(r, 2)?,
                kind: r.get(3)?,
                people: r.get(4)?,
                action: r.get(5)?,
                staff: r.get(6)?,
            })
        })?)
    }

    /// Edits an incident as a correction: every changed field kept with the reason. Refused
    /// without a reason, without a change, or with a time later than now.
    pub fn correct_incident(
        &mut self,
        i: &Incident,
        reason: &str,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let reason = check_reason(reason).map_err(StoreError::Invalid)?;
        let old = self.incident(i.id)?;
        if old.visit_id != i.visit_id {
            return Err(StoreError::Invalid(
                "That incident belongs to another visit.".into(),
            ));
        }
        if i.occurred_at > now + Duration::minutes(1) {
            return Err(StoreError::Invalid(
                "That incident time is later than now.".into(),
            ));
        }
        single_line("Kind of incident", &i.kind, SHORT_TEXT_MAX).map_err(invalid)?;
        for (field, value) in [("People involved", &i.people), ("Staff", &i.staff)] {
            optional_line(field, value, LONG_TEXT_MAX).map_err(invalid)?;
        }
        optional_text("Action taken", &i.action, LONG_TEXT_MAX).map_err(invalid)?;
        let new = Incident {
            kind: i.kind.trim().into(),
            people: i.people.trim().into(),
            action: i.action.trim().into(),
            staff: i.staff.trim().into(),
            ..i.clone()
        };
        let changes = incident_changes(&old, &new);
        if changes.is_empty() {
            return Err(StoreError::Invalid(
                "Nothing was changed, so there is nothing to correct.".into(),
            ));
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE incidents SET occurred_at = ?2, kind = ?3, people = ?4, action = ?5, staff = ?6
                 WHERE id = ?1",
                params![
                    new.id,
                    to_stored(new.occurred_at),
                    new.kind,
                    new.people,
                    new.action,
                    new.staff
                ],
            )?;
            record(
                tx,
                CorrectedKind::Incident,
                new.id,
                &changes,
                &reason,
                RecordKind::Visit,
                new.visit_id,
                staff_id,
                now,
            )?;
            Ok(changes.len())
        })
    }
}

/// The person's details as a correction will store them: each line checked, blanks as none,
/// a date of birth in the future refused.
fn checked_details(c: &DetailsCorrection, now: DateTime<Utc>) -> Result<PersonDetails, StoreError> {
    let text = |field: &'static str, v: &Option<String>, max| {
        optional_line(field, v.as_deref().unwrap_or(""), max).map_err(invalid)
    };
    let display_name = text("Name", &c.person.display_name, NAME_MAX)?;
    let full_name = text("Full name", &c.person.full_name, NAME_MAX)?;
    let phone = text("Phone", &c.person.phone, 40)?;
    if c.person.date_of_birth.is_some_and(|d| d > now.date_naive()) {
        return Err(StoreError::Invalid(
            "The date of birth is in the future.".into(),
        ));
    }
    Ok(PersonDetails {
        display_name,
        full_name,
        phone,
        ..c.person.clone()
    })
}

/// What the correction changes of the visit's quick-add details.
fn visit_changes(
    visit: &VisitRecord,
    c: &DetailsCorrection,
    old_source: Option<String>,
    new_source: Option<String>,
) -> Vec<Change> {
    [
        Change::between(
            CorrectedField::Arrival,
            Some(time_value(visit.arrived_at)),
            Some(time_value(c.arrived_at)),
        ),
        Change::between(
            CorrectedField::ContactMode,
            Some(visit.contact_mode.label().into()),
            Some(c.contact_mode.label().into()),
        ),
        // Compared by id: two sources may share a label.
        (visit.referral_source_id != c.referral_source_id).then_some(Change {
            field: CorrectedField::ReferralSource,
            previous: old_source,
            new: new_source,
        }),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// What the correction changes of the person's names, phone and date of birth.
fn person_changes(person: &PersonDetails, new: &PersonDetails) -> Vec<Change> {
    [
        Change::between(
            CorrectedField::DisplayName,
            person.display_name.clone(),
            new.display_name.clone(),
        ),
        Change::between(
            CorrectedField::FullName,
            person.full_name.clone(),
            new.full_name.clone(),
        ),
        Change::between(
            CorrectedField::Phone,
            person.phone.clone(),
            new.phone.clone(),
        ),
        Change::between(
            CorrectedField::DateOfBirth,
            person.date_of_birth.map(date_value),
            new.date_of_birth.map(date_value),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Writes the corrected quick-add details. The referral code is taken again only when the
/// source changed: reports keep the code the visit was recorded with.
fn update_visit_details(
    tx: &Connection,
    c: &DetailsCorrection,
    visit: &VisitRecord,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let code: Option<String> = match c.referral_source_id {
        _ if visit.referral_source_id == c.referral_source_id => visit.referral_code.clone(),
        Some(id) => tx
            .query_row(
                "SELECT reporting_code FROM referral_sources WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten(),
        None => None,
    };
    tx.execute(
        "UPDATE visits SET arrived_at = ?2, contact_mode = ?3, referral_source_id = ?4,
                referral_code = ?5, updated_at = ?6, updated_by = ?7 WHERE id = ?1",
        params![
            c.visit_id,
            to_stored(c.arrived_at),
            c.contact_mode.code(),
            c.referral_source_id,
            code,
            to_stored(now),
            staff_id
        ],
    )?;
    Ok(())
}

/// Writes the corrected names, phone (and its digits, for search) and date of birth.
fn update_person_details(
    tx: &Connection,
    person_id: i64,
    d: &PersonDetails,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE people SET display_name = ?2, full_name = ?3, date_of_birth = ?4,
                phone = ?5, phone_digits = ?6 WHERE id = ?1 AND erased_at IS NULL",
        params![
            person_id,
            d.display_name,
            d.full_name,
            d.date_of_birth.map(date_to_stored),
            d.phone,
            d.phone.as_deref().map(phone_digits)
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The history reads the same rows as the query of ORs it replaced (kept here as the
    /// reference), for visits with corrections of every kind, of their person, incidents and
    /// follow-ups, beside other records' corrections that must not appear.
    #[test]
    fn a_visit_s_history_reads_the_same_rows_as_before() {
        use chrono::TimeZone;
        let dir = tempfile::tempdir().unwrap();
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 19, 30, 0)
            .unwrap();
        let mut store =
            crate::demo::generate(&dir.path().join("p.db"), crate::demo::Size::Small, now).unwrap();
        let ids = |store: &Store, sql: &str| -> Vec<i64> {
            let conn = store.connection();
            let visits: Vec<i64> = conn
                .prepare("SELECT id FROM visits ORDER BY id")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let mut stmt = conn.prepare(sql).unwrap();
            let mut all = Vec::new();
            for v in visits {
                let rows: Vec<i64> = stmt
                    .query_map([v], |r| r.get(0))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                all.push((v, rows.len()));
                all.extend(rows.into_iter().map(|id| (v, id as usize)));
            }
            all.into_iter()
                .map(|(v, n)| v * 1_000_000 + n as i64)
                .collect()
        };
        // Corrections of each kind, on every record of that kind: a visit, its person, an
        // incident and a follow-up, and so on.
        store
            .write(|tx| {
                for (kind, table) in [
                    ("visit", "visits"),
                    ("person", "people"),
                    ("incident", "incidents"),
                    ("follow_up", "follow_ups"),
                    ("peer_session", "peer_sessions"),
                ] {
                    tx.execute(
                        &format!(
                            "INSERT INTO corrections (record_kind, record_id, field, previous_value,
                                 new_value, reason, corrected_by, corrected_at)
                             SELECT '{kind}', id, 'note', 'a', 'b', 'typo', 1, '2026-11-22T19:00:00Z'
                             FROM {table} WHERE id % 3 = 0"
                        ),
                        [],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let old = format!(
            "{SELECT} WHERE (record_kind = 'visit' AND record_id = ?1)
                OR (record_kind = 'person' AND record_id = (SELECT person_id FROM visits WHERE id = ?1))
                OR (record_kind = 'incident' AND record_id IN (SELECT id FROM incidents WHERE visit_id = ?1))
                OR (record_kind = 'follow_up' AND record_id IN (SELECT id FROM follow_ups WHERE visit_id = ?1))
             ORDER BY id"
        );
        let before = ids(&store, &old);
        assert_eq!(ids(&store, VISIT_HISTORY), before);
        let found = before.iter().filter(|n| *n % 1_000_000 > 0).count();
        assert!(found > 100, "the visits have histories: {found}");
    }
}
