//! A plan reviewed with the visitor and left unchanged: the review recorded and the next one
//! scheduled, without a new version.

use super::*;

impl Store {
    /// "Reviewed with the visitor, no changes": records a review of the latest version and
    /// moves the plan's next review date on by the service's interval, without saving an
    /// unchanged version (versions stay immutable). Audited. Returns the next review date.
    pub fn review_plan_unchanged(
        &mut self,
        plan_id: i64,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<NaiveDate, StoreError> {
        let next = crate::domain::plan::default_review_due(
            self.service_date(now)?,
            self.plan_review_days()?,
        );
        self.write(|tx| {
            let version: i64 = tx.query_row(
                "SELECT latest_version FROM crisis_plans WHERE id = ?1 AND latest_version > 0",
                [plan_id],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO plan_reviews (plan_id, version, reviewed_at, reviewed_by, next_review_due)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![plan_id, version, to_stored(now), staff_id, date_to_stored(next)],
            )?;
            tx.execute(
                "UPDATE crisis_plans SET review_due = ?2 WHERE id = ?1",
                params![plan_id, date_to_stored(next)],
            )?;
            audit::append(
                tx,
                now,
                Some(staff_id),
                AuditAction::Review,
                Some(RecordKind::Plan),
                Some(plan_id),
            )?;
            Ok(next)
        })
    }

    /// The newest review of the plan's latest version, if it has had one since it was saved.
    pub fn latest_plan_review(
        &self,
        plan_id: i64,
    ) -> Result<Option<crate::domain::plan::PlanReview>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT r.plan_id, r.version, r.reviewed_at, r.reviewed_by, s.name, r.next_review_due
                 FROM plan_reviews r JOIN crisis_plans c ON c.id = r.plan_id
                 JOIN staff s ON s.id = r.reviewed_by
                 WHERE r.plan_id = ?1 AND r.version = c.latest_version
                 ORDER BY r.id DESC LIMIT 1",
            )?
            .query_row([plan_id], |r| {
                Ok(crate::domain::plan::PlanReview {
                    plan_id: r.get(0)?,
                    version: version_number(r, 1)?,
                    reviewed_at: time(r, 2)?,
                    reviewed_by: r.get(3)?,
                    reviewed_by_name: r.get(4)?,
                    next_review_due: date(r, 5)?,
                })
            })
            .optional()?)
    }
}
