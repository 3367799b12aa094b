//! A worker's safeguards: supervision (one-to-one or group, how recent) and their DBS check
//! (when it must be renewed), each as a status the roster and the assignment rules read.

use super::{SUPERVISOR_MAX, long_date};
use crate::domain::text::single_line;
use chrono::{Months, NaiveDate};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SupervisionKind {
    OneToOne,
    Group,
    ReflectivePractice,
    Debrief,
}

impl SupervisionKind {
    pub const ALL: [SupervisionKind; 4] = [
        SupervisionKind::OneToOne,
        SupervisionKind::Group,
        SupervisionKind::ReflectivePractice,
        SupervisionKind::Debrief,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SupervisionKind::OneToOne => "one_to_one",
            SupervisionKind::Group => "group",
            SupervisionKind::ReflectivePractice => "reflective_practice",
            SupervisionKind::Debrief => "debrief",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SupervisionKind::OneToOne => "One-to-one",
            SupervisionKind::Group => "Group",
            SupervisionKind::ReflectivePractice => "Reflective practice",
            SupervisionKind::Debrief => "Debrief",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One supervision held with a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supervision {
    pub held_on: NaiveDate,
    pub supervisor: String,
    pub kind: SupervisionKind,
}

impl Supervision {
    pub fn checked(&self, today: NaiveDate) -> Result<Supervision, String> {
        let supervisor = single_line("Supervisor", &self.supervisor, SUPERVISOR_MAX)
            .map_err(|e| format!("{e}."))?;
        if self.held_on > today {
            return Err("A supervision cannot be logged for a future date.".into());
        }
        Ok(Supervision {
            supervisor,
            ..self.clone()
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisionEntry {
    pub id: i64,
    pub worker_id: i64,
    pub supervision: Supervision,
}

/// Where a worker's DBS check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbsStatus {
    NotRecorded,
    Current {
        renew_by: NaiveDate,
    },
    /// Within the warning period of its renewal date (30 days unless set): time to start the
    /// renewal, which takes weeks.
    DueSoon {
        renew_by: NaiveDate,
    },
    /// Older than the renewal period.
    Due {
        renew_by: NaiveDate,
    },
}

impl DbsStatus {
    pub fn is_flagged(self) -> bool {
        !matches!(self, DbsStatus::Current { .. })
    }

    pub fn text(self) -> String {
        match self {
            DbsStatus::NotRecorded => "no DBS check recorded".into(),
            DbsStatus::Current { renew_by } => format!("DBS renew by {}", long_date(renew_by)),
            DbsStatus::DueSoon { renew_by } => format!("DBS renewal due {}", long_date(renew_by)),
            DbsStatus::Due { renew_by } => format!("DBS renewal due since {}", long_date(renew_by)),
        }
    }
}

/// A check is due once it is older than the renewal period (on the anniversary it is not yet).
/// A check on 29 February renews on 28 February.
pub fn dbs_status(
    checked_on: Option<NaiveDate>,
    today: NaiveDate,
    renewal_years: u32,
    warning_days: u32,
) -> DbsStatus {
    let Some(checked) = checked_on else {
        return DbsStatus::NotRecorded;
    };
    let renew_by = checked
        .checked_add_months(Months::new(renewal_years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX);
    if today > renew_by {
        DbsStatus::Due { renew_by }
    } else if warning_days > 0 && (renew_by - today).num_days() <= i64::from(warning_days) {
        DbsStatus::DueSoon { renew_by }
    } else {
        DbsStatus::Current { renew_by }
    }
}

/// Where a worker's one-to-one supervision stands (group sessions and debriefs do not count:
/// the service's rule is individual supervision every `months`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupervisionStatus {
    NeverRecorded,
    Current { next_by: NaiveDate },
    Due { since: NaiveDate },
}

impl SupervisionStatus {
    pub fn is_flagged(self) -> bool {
        !matches!(self, SupervisionStatus::Current { .. })
    }

    pub fn text(self) -> String {
        match self {
            SupervisionStatus::NeverRecorded => "no one-to-one supervision recorded".into(),
            SupervisionStatus::Current { next_by } => {
                format!("next supervision by {}", long_date(next_by))
            }
            SupervisionStatus::Due { since } => {
                format!("supervision due since {}", long_date(since))
            }
        }
    }
}

/// Supervision falls due `months` after the last one-to-one (on the day itself it is due).
pub fn supervision_status(
    last_one_to_one: Option<NaiveDate>,
    today: NaiveDate,
    months: u32,
) -> SupervisionStatus {
    let Some(last) = last_one_to_one else {
        return SupervisionStatus::NeverRecorded;
    };
    let next_by = last
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX);
    if today >= next_by {
        SupervisionStatus::Due { since: next_by }
    } else {
        SupervisionStatus::Current { next_by }
    }
}

impl fmt::Display for SupervisionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
