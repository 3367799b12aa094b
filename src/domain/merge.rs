//! Merging two records of the same visitor (issue 15): the lead sees both side by side and
//! chooses, detail by detail, which to keep. One record survives (its id stays); the other is
//! absorbed: everything recorded about it moves to the survivor, and its details as they were
//! stay readable in the merge record. Refused when it cannot be done safely.

use crate::domain::correction::{Change, CorrectedField, date_value};
use crate::domain::person::{PersonDetails, display_label};
use chrono::{DateTime, Utc};

/// One of the two records: `A` is the one the merge was started from, `B` the one picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    A,
    B,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }
}

/// A row of the side-by-side form: which record's value is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MergeField {
    /// Which record (and so which id, and which crisis plan) survives.
    Record,
    DisplayName,
    FullName,
    Phone,
    DateOfBirth,
}

impl MergeField {
    pub const ALL: [MergeField; 5] = [
        MergeField::Record,
        MergeField::DisplayName,
        MergeField::FullName,
        MergeField::Phone,
        MergeField::DateOfBirth,
    ];

    /// Stored in the merge record's `kept`; never change one.
    pub fn code(self) -> &'static str {
        match self {
            MergeField::Record => "record",
            MergeField::DisplayName => "display_name",
            MergeField::FullName => "full_name",
            MergeField::Phone => "phone",
            MergeField::DateOfBirth => "date_of_birth",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MergeField::Record => "Record kept",
            MergeField::DisplayName => "Name",
            MergeField::FullName => "Full name",
            MergeField::Phone => "Phone",
            MergeField::DateOfBirth => "Date of birth",
        }
    }
}

/// What the merge needs to know about one record (read by the store).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeSide {
    pub id: i64,
    pub details: PersonDetails,
    pub erased: bool,
    /// Already merged into another record.
    pub merged_into: Option<i64>,
    pub visits: usize,
    /// Workers of their assignments not yet ended: (worker id, name).
    pub active_workers: Vec<(i64, String)>,
    /// Their crisis plan's latest version, if they have a plan.
    pub plan_version: Option<u32>,
    /// Unsaved crisis plan edits kept for them (any staff member's).
    pub plan_drafts: usize,
}

impl MergeSide {
    pub fn label(&self) -> String {
        display_label(self.id, self.details.display_name.as_deref())
    }
}

/// The lead's choice, row by row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeChoice {
    pub record: Side,
    pub display_name: Side,
    pub full_name: Side,
    pub phone: Side,
    pub date_of_birth: Side,
}

impl MergeChoice {
    /// The older record (first recorded) survives; each detail is the survivor's, unless the
    /// survivor has none and the other has one.
    pub fn suggested(a: &MergeSide, b: &MergeSide) -> MergeChoice {
        let record = if a.id <= b.id { Side::A } else { Side::B };
        let pick = |ours: bool, theirs: bool| {
            if !ours && theirs {
                record.other()
            } else {
                record
            }
        };
        let (s, o) = match record {
            Side::A => (&a.details, &b.details),
            Side::B => (&b.details, &a.details),
        };
        let has = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
        MergeChoice {
            record,
            display_name: pick(has(&s.display_name), has(&o.display_name)),
            full_name: pick(has(&s.full_name), has(&o.full_name)),
            phone: pick(has(&s.phone), has(&o.phone)),
            date_of_birth: pick(s.date_of_birth.is_some(), o.date_of_birth.is_some()),
        }
    }

    pub fn get(&self, field: MergeField) -> Side {
        match field {
            MergeField::Record => self.record,
            MergeField::DisplayName => self.display_name,
            MergeField::FullName => self.full_name,
            MergeField::Phone => self.phone,
            MergeField::DateOfBirth => self.date_of_birth,
        }
    }

    pub fn set(&mut self, field: MergeField, side: Side) {
        match field {
            MergeField::Record => self.record = side,
            MergeField::DisplayName => self.display_name = side,
            MergeField::FullName => self.full_name = side,
            MergeField::Phone => self.phone = side,
            MergeField::DateOfBirth => self.date_of_birth = side,
        }
    }

    /// The survivor's details after the merge.
    pub fn kept_details(&self, a: &PersonDetails, b: &PersonDetails) -> PersonDetails {
        let of = |side: Side| match side {
            Side::A => a,
            Side::B => b,
        };
        PersonDetails {
            display_name: of(self.display_name).display_name.clone(),
            full_name: of(self.full_name).full_name.clone(),
            phone: of(self.phone).phone.clone(),
            date_of_birth: of(self.date_of_birth).date_of_birth,
        }
    }

    /// As stored in the merge record: each row's code and whether the survivor's or the
    /// absorbed record's value was kept.
    pub fn kept_codes(&self) -> Vec<(&'static str, &'static str)> {
        MergeField::ALL
            .iter()
            .map(|f| {
                let kept = if f == &MergeField::Record || self.get(*f) == self.record {
                    "survivor"
                } else {
                    "absorbed"
                };
                (f.code(), kept)
            })
            .collect()
    }
}

/// A merge the lead asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeRequest {
    pub a: i64,
    pub b: i64,
    pub choice: MergeChoice,
    pub reason: String,
}

impl MergeRequest {
    /// (survivor, absorbed).
    pub fn ids(&self) -> (i64, i64) {
        match self.choice.record {
            Side::A => (self.a, self.b),
            Side::B => (self.b, self.a),
        }
    }
}

/// Why a merge cannot be done safely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    SameRecord,
    Erased(i64),
    AlreadyMerged {
        id: i64,
        into: i64,
    },
    /// Both have a peer worker, and not the same one: which worker would the person keep?
    DifferentWorkers {
        a: (i64, Vec<String>),
        b: (i64, Vec<String>),
    },
    /// The absorbed record has unsaved crisis plan edits that would have nowhere to go.
    UnsavedPlanEdits(i64),
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::SameRecord => "That is the same record: pick the other one.".into(),
            Refusal::Erased(id) => {
                format!("#{id}'s details were erased, so it cannot be merged.")
            }
            Refusal::AlreadyMerged { id, into } => {
                format!("#{id} was already merged into #{into}: merge with #{into} instead.")
            }
            Refusal::DifferentWorkers { a, b } => format!(
                "Not merged: both records have a peer worker (#{} with {}, #{} with {}). End or \
                 hand over one assignment in Peers first, so the person has one worker.",
                a.0,
                a.1.join(", "),
                b.0,
                b.1.join(", ")
            ),
            Refusal::UnsavedPlanEdits(id) => format!(
                "Not merged: #{id} has unsaved crisis plan edits. Save or discard them in Plans \
                 first, or keep #{id}'s record."
            ),
        }
    }
}

/// Whether the two records can be merged with `survivor` kept.
pub fn check(a: &MergeSide, b: &MergeSide, survivor: Side) -> Result<(), Refusal> {
    if a.id == b.id {
        return Err(Refusal::SameRecord);
    }
    for s in [a, b] {
        if s.erased {
            return Err(Refusal::Erased(s.id));
        }
        if let Some(into) = s.merged_into {
            return Err(Refusal::AlreadyMerged { id: s.id, into });
        }
    }
    let workers = |s: &MergeSide| {
        let mut ids: Vec<i64> = s.active_workers.iter().map(|w| w.0).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let (wa, wb) = (workers(a), workers(b));
    if !wa.is_empty() && !wb.is_empty() && wa != wb {
        let names = |s: &MergeSide| s.active_workers.iter().map(|w| w.1.clone()).collect();
        return Err(Refusal::DifferentWorkers {
            a: (a.id, names(a)),
            b: (b.id, names(b)),
        });
    }
    let (kept, gone) = match survivor {
        Side::A => (a, b),
        Side::B => (b, a),
    };
    if gone.plan_drafts > 0 && (kept.plan_version.is_some() || kept.plan_drafts > 0) {
        return Err(Refusal::UnsavedPlanEdits(gone.id));
    }
    Ok(())
}

/// What the lead should know before a merge that is allowed: both records have an open
/// assignment with the same worker, so the person will have two until one is ended.
pub fn note(a: &MergeSide, b: &MergeSide) -> Option<String> {
    let shared: Vec<&str> = a
        .active_workers
        .iter()
        .filter(|w| b.active_workers.iter().any(|o| o.0 == w.0))
        .map(|w| w.1.as_str())
        .collect();
    (!shared.is_empty()).then(|| {
        format!(
            "Both records are assigned to {}: after the merge the person has two open \
             assignments with them; end one in Peers.",
            shared.join(", ")
        )
    })
}

/// What happens to the crisis plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanRule {
    /// Neither has a plan, or only the survivor: nothing moves.
    Nothing,
    /// Only the absorbed record has a plan: it becomes the survivor's, whole.
    Move,
    /// Both have one: the survivor's stays the current plan; the absorbed plan's versions join
    /// its history, readable and marked "merged from #id" (versions are immutable and bound in
    /// the audit chain, so they are linked, never rewritten).
    IntoHistory,
}

pub fn plan_rule(survivor_has_plan: bool, absorbed_has_plan: bool) -> PlanRule {
    match (survivor_has_plan, absorbed_has_plan) {
        (_, false) => PlanRule::Nothing,
        (false, true) => PlanRule::Move,
        (true, true) => PlanRule::IntoHistory,
    }
}

/// The survivor's details that change, as corrections of the survivor's record.
pub fn detail_changes(before: &PersonDetails, after: &PersonDetails) -> Vec<Change> {
    [
        Change::between(
            CorrectedField::DisplayName,
            before.display_name.clone(),
            after.display_name.clone(),
        ),
        Change::between(
            CorrectedField::FullName,
            before.full_name.clone(),
            after.full_name.clone(),
        ),
        Change::between(
            CorrectedField::Phone,
            before.phone.clone(),
            after.phone.clone(),
        ),
        Change::between(
            CorrectedField::DateOfBirth,
            before.date_of_birth.map(date_value),
            after.date_of_birth.map(date_value),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A merge as the survivor's visit shows it: "merged from #15 on 01/12/2026 by Ana".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeNote {
    pub survivor_id: i64,
    pub absorbed_id: i64,
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: String,
}

impl MergeNote {
    pub fn describe(&self, tz: chrono_tz::Tz) -> String {
        format!(
            "merged from #{} on {} by {} ({})",
            self.absorbed_id,
            self.at.with_timezone(&tz).format("%d/%m/%Y %H:%M"),
            self.by,
            self.reason
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn side(id: i64, name: Option<&str>) -> MergeSide {
        MergeSide {
            id,
            details: PersonDetails {
                display_name: name.map(String::from),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn the_older_record_survives_and_fills_its_blanks_from_the_other() {
        let mut a = side(15, Some("Sam"));
        let mut b = side(12, Some("Sammy"));
        b.details.phone = Some("07700 900123".into());
        a.details.full_name = Some("Sam Smith".into());
        a.details.date_of_birth = NaiveDate::from_ymd_opt(1990, 1, 2);
        let c = MergeChoice::suggested(&a, &b);
        assert_eq!(c.record, Side::B, "#12 is older");
        assert_eq!(c.display_name, Side::B);
        assert_eq!(c.full_name, Side::A, "#12 has none, #15 has one");
        assert_eq!(c.phone, Side::B);
        assert_eq!(c.date_of_birth, Side::A);
        let kept = c.kept_details(&a.details, &b.details);
        assert_eq!(kept.display_name.as_deref(), Some("Sammy"));
        assert_eq!(kept.full_name.as_deref(), Some("Sam Smith"));
        assert_eq!(kept.phone.as_deref(), Some("07700 900123"));
        assert_eq!(kept.date_of_birth, NaiveDate::from_ymd_opt(1990, 1, 2));
        let codes = c.kept_codes();
        assert!(codes.contains(&("full_name", "absorbed")));
        assert!(codes.contains(&("display_name", "survivor")));
        let req = MergeRequest {
            a: 15,
            b: 12,
            choice: c,
            reason: "x".into(),
        };
        assert_eq!(req.ids(), (12, 15));
    }

    #[test]
    fn refusals_say_why() {
        let a = side(1, Some("Sam"));
        assert_eq!(check(&a, &a, Side::A), Err(Refusal::SameRecord));
        let mut b = side(2, None);
        b.erased = true;
        assert_eq!(check(&a, &b, Side::A), Err(Refusal::Erased(2)));
        b.erased = false;
        b.merged_into = Some(7);
        assert!(check(&a, &b, Side::A).unwrap_err().message().contains("#7"));
        b.merged_into = None;
        let mut a = a;
        a.active_workers = vec![(1, "Ana".into())];
        b.active_workers = vec![(2, "Ben".into())];
        let m = check(&a, &b, Side::A).unwrap_err().message();
        assert!(
            m.contains("#1 with Ana") && m.contains("#2 with Ben"),
            "{m}"
        );
        b.active_workers = vec![(1, "Ana".into())];
        assert_eq!(check(&a, &b, Side::A), Ok(()), "the same worker is fine");
        assert!(note(&a, &b).is_some_and(|n| n.contains("assigned to Ana")));
        b.active_workers.clear();
        assert_eq!(check(&a, &b, Side::A), Ok(()), "one worker is fine");
        assert_eq!(note(&a, &b), None);
        b.plan_drafts = 1;
        assert_eq!(
            check(&a, &b, Side::A),
            Ok(()),
            "A has no plan: B's draft moves"
        );
        a.plan_version = Some(2);
        assert_eq!(
            check(&a, &b, Side::A),
            Err(Refusal::UnsavedPlanEdits(2)),
            "B's unsaved edits would have no plan to go to"
        );
        assert_eq!(check(&a, &b, Side::B), Ok(()), "unless B is kept");
    }

    #[test]
    fn one_plan_stays_current() {
        assert_eq!(plan_rule(false, false), PlanRule::Nothing);
        assert_eq!(plan_rule(true, false), PlanRule::Nothing);
        assert_eq!(plan_rule(false, true), PlanRule::Move);
        assert_eq!(plan_rule(true, true), PlanRule::IntoHistory);
    }

    #[test]
    fn only_changed_details_are_corrections() {
        let before = PersonDetails {
            display_name: Some("Sam".into()),
            ..Default::default()
        };
        let after = PersonDetails {
            display_name: Some("Sam".into()),
            phone: Some("0123".into()),
            ..Default::default()
        };
        let c = detail_changes(&before, &after);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].field, CorrectedField::Phone);
        assert_eq!(c[0].new.as_deref(), Some("0123"));
    }
}
