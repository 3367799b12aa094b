//! Plans as the store hands them to the user interface: a version's who and when, a whole
//! stored version, a plan's summary, a row of the Plans list and a draft.

use super::{PlanContent, PlanMeta, is_overdue};
use chrono::{DateTime, NaiveDate, Utc};

/// Who saved a version, when, and when it is due for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    pub version: u32,
    pub author_id: i64,
    pub author: String,
    pub saved_at: DateTime<Utc>,
    pub review_due: NaiveDate,
}

/// One stored version, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    pub info: VersionInfo,
    pub content: PlanContent,
    pub meta: PlanMeta,
}

/// A visitor's plan: who started it and where it stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSummary {
    pub plan_id: i64,
    pub person_id: i64,
    /// "Sam", or "Anonymous #12".
    pub visitor: String,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
    pub created_by_name: String,
    pub latest_version: u32,
    pub updated_at: DateTime<Utc>,
    pub review_due: NaiveDate,
}

impl PlanSummary {
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        is_overdue(self.review_due, today)
    }
}

/// One row of the Plans pane's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanListRow {
    pub plan_id: i64,
    pub person_id: i64,
    pub visitor: String,
    pub updated_at: DateTime<Utc>,
    /// Versions are numbered from 1 without gaps, so this is also the latest version.
    pub versions: u32,
    pub review_due: NaiveDate,
    pub overdue: bool,
    /// When the visitor last arrived, to tell two of the same name apart.
    pub last_visit: Option<DateTime<Utc>>,
}

impl PlanListRow {
    /// Where the next page starts: pass the last row's cursor.
    pub fn cursor(&self) -> PlanCursor {
        PlanCursor {
            overdue: self.overdue,
            updated_at: self.updated_at,
            plan_id: self.plan_id,
        }
    }
}

/// A position in the Plans list (keyset paging). Only meaningful with the same filter, order
/// and day as the page it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanCursor {
    pub overdue: bool,
    pub updated_at: DateTime<Utc>,
    pub plan_id: i64,
}

/// Unsaved edits of one staff member to one visitor's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanDraft {
    pub content: PlanContent,
    pub meta: PlanMeta,
    pub saved_at: DateTime<Utc>,
    /// The label of the section or field that had the cursor, so the lead goes back to
    /// typing where they were (none in a draft kept before this was recorded).
    pub focus: Option<String>,
}

/// "Reviewed with the visitor, no changes": the latest version stands and the next review
/// date moves on, without an unchanged version being saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanReview {
    pub plan_id: i64,
    /// The version that was reviewed.
    pub version: u32,
    pub reviewed_at: DateTime<Utc>,
    pub reviewed_by: i64,
    pub reviewed_by_name: String,
    pub next_review_due: NaiveDate,
}
