//! Follow-ups across shifts: how one is closed (done, with what came of it, or cancelled, with
//! why), how its due date reads to a tired lead ("overdue by 3 days"), and the open list every
//! shift sees until each is closed.

use crate::domain::plural::count;
use crate::domain::text::SHORT_TEXT_MAX;
use chrono::{DateTime, NaiveDate, Utc};

/// How a follow-up was closed. The code is stored; never change one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedAs {
    Done,
    Cancelled,
}

impl ClosedAs {
    pub fn code(self) -> &'static str {
        match self {
            ClosedAs::Done => "done",
            ClosedAs::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<ClosedAs> {
        [ClosedAs::Done, ClosedAs::Cancelled]
            .into_iter()
            .find(|c| c.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ClosedAs::Done => "done",
            ClosedAs::Cancelled => "cancelled",
        }
    }

    /// What the one line the lead writes is, for this way of closing.
    pub fn line_label(self) -> &'static str {
        match self {
            ClosedAs::Done => "Outcome",
            ClosedAs::Cancelled => "Reason",
        }
    }
}

/// A follow-up closed: done with its outcome, or cancelled with the reason. Both need the line:
/// "done" alone tells the next lead nothing about what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub closed_as: ClosedAs,
    pub line: String,
}

impl Closure {
    /// Checks the line: required, one line, at most [`SHORT_TEXT_MAX`] characters (refused
    /// whole, never cut).
    pub fn new(closed_as: ClosedAs, line: &str) -> Result<Closure, String> {
        let label = closed_as.line_label();
        let line = crate::domain::text::single_line(label, line, SHORT_TEXT_MAX)
            .map_err(|e| e.to_string())?;
        Ok(Closure { closed_as, line })
    }
}

/// A safeguarding concern closed: when, by whom, and what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeguardingClosed {
    pub at: DateTime<Utc>,
    pub by: Option<i64>,
    pub note: String,
}

/// What kind of follow-up it is: a task logged from a visit, or a follow-up call offered when a
/// crisis plan was saved (after Stanley et al. 2018, JAMA Psychiatry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpKind {
    Task,
    PlanCall,
}

impl FollowUpKind {
    pub fn from_code(code: &str) -> FollowUpKind {
        if code == "plan_call" {
            FollowUpKind::PlanCall
        } else {
            FollowUpKind::Task
        }
    }
}

/// An open follow-up, from whichever shift logged it, as the open list and the handover show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenFollowUp {
    pub id: i64,
    pub visit_id: i64,
    pub person_id: i64,
    /// The person as the lists show them ("Sam Okafor (#12)").
    pub person_label: String,
    /// Who it is for, when not the visitor (a carer, the GP).
    pub for_person: String,
    pub task: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub kind: FollowUpKind,
    /// The service date of the shift its visit belongs to; for a contact made while the
    /// service was closed, the day of the contact itself.
    pub from_date: NaiveDate,
    /// Its visit was an out-of-hours contact.
    pub out_of_hours: bool,
    pub created_at: DateTime<Utc>,
}

impl OpenFollowUp {
    /// Whether its due date has passed.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.due_on.is_some_and(|d| d < today)
    }

    /// Its line in a handover draft: who, what, owner, due in words, and the shift it came from
    /// when that is not this one ("from Mon 30 Nov").
    pub fn handover_line(&self, tonight: NaiveDate) -> String {
        let mut s = format!("{}: {}", self.person_label, self.task);
        if !self.owner.is_empty() {
            s.push_str(&format!(" (owner {})", self.owner));
        }
        if let Some(d) = self.due_on {
            s.push_str(&format!(" due {}", d.format("%d/%m")));
            if d < tonight {
                s.push_str(&format!(" ({})", due_in_words(Some(d), tonight)));
            }
        }
        if self.out_of_hours {
            s.push_str(&format!(
                " · from an out-of-hours contact {}",
                self.from_date.format("%a %-d %b")
            ));
        } else if self.from_date < tonight {
            s.push_str(&format!(" · from {}", self.from_date.format("%a %-d %b")));
        }
        s
    }
}

/// A due date in words, against today: "overdue by 3 days", "due today", "due tomorrow",
/// "due in 4 days", "no due date".
pub fn due_in_words(due: Option<NaiveDate>, today: NaiveDate) -> String {
    let Some(due) = due else {
        return "no due date".into();
    };
    let days = (due - today).num_days();
    match days {
        0 => "due today".into(),
        1 => "due tomorrow".into(),
        d if d > 1 => format!("due in {}", count(d as usize, "day", "days")),
        d => format!("overdue by {}", count((-d) as usize, "day", "days")),
    }
}

/// The order the open list and the handover use: overdue and soonest first, then those with no
/// due date (oldest first), ties by when they were logged.
pub fn sort_open(items: &mut [OpenFollowUp]) {
    items.sort_by_key(|f| (f.due_on.is_none(), f.due_on, f.created_at, f.id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn open(id: i64, due: Option<NaiveDate>, from: NaiveDate) -> OpenFollowUp {
        OpenFollowUp {
            id,
            visit_id: 10 + id,
            person_id: 1,
            person_label: "Kit Marlow (#1)".into(),
            for_person: String::new(),
            task: "call GP".into(),
            owner: String::new(),
            due_on: due,
            kind: FollowUpKind::Task,
            from_date: from,
            out_of_hours: false,
            created_at: Utc.with_ymd_and_hms(2026, 11, 20, 19, 0, 0).unwrap()
                + chrono::Duration::minutes(id),
        }
    }

    #[test]
    fn a_due_date_reads_in_words() {
        assert_eq!(due_in_words(Some(day(1)), day(1)), "due today");
        assert_eq!(due_in_words(Some(day(2)), day(1)), "due tomorrow");
        assert_eq!(due_in_words(Some(day(5)), day(1)), "due in 4 days");
        assert_eq!(due_in_words(Some(day(1)), day(2)), "overdue by 1 day");
        assert_eq!(due_in_words(Some(day(1)), day(4)), "overdue by 3 days");
        assert_eq!(due_in_words(None, day(4)), "no due date");
    }

    #[test]
    fn the_open_list_puts_the_most_overdue_first_and_undated_last() {
        let mut items = vec![
            open(1, None, day(1)),
            open(2, Some(day(9)), day(1)),
            open(3, Some(day(2)), day(1)),
            open(4, None, day(1)),
        ];
        sort_open(&mut items);
        let ids: Vec<i64> = items.iter().map(|f| f.id).collect();
        assert_eq!(ids, vec![3, 2, 1, 4]);
    }

    #[test]
    fn a_handover_line_says_where_it_came_from_and_that_it_is_overdue() {
        let mut f = open(
            1,
            Some(day(2)),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        );
        f.owner = "day team".into();
        assert_eq!(
            f.handover_line(day(3)),
            "Kit Marlow (#1): call GP (owner day team) due 02/12 (overdue by 1 day) · from Mon 30 Nov"
        );
        // Logged tonight and not yet due: no "from", no overdue.
        let ooh = OpenFollowUp {
            out_of_hours: true,
            ..open(3, Some(day(4)), day(3))
        };
        assert_eq!(
            ooh.handover_line(day(3)),
            "Kit Marlow (#1): call GP due 04/12 · from an out-of-hours contact Thu 3 Dec"
        );
        let f = open(2, Some(day(4)), day(3));
        assert_eq!(
            f.handover_line(day(3)),
            "Kit Marlow (#1): call GP due 04/12"
        );
        assert!(!f.overdue(day(3)));
        assert!(f.overdue(day(5)));
    }

    #[test]
    fn closing_needs_its_line_and_refuses_one_too_long_whole() {
        assert!(Closure::new(ClosedAs::Done, "  ").is_err());
        let long = "x".repeat(SHORT_TEXT_MAX + 1);
        let e = Closure::new(ClosedAs::Cancelled, &long).unwrap_err();
        assert!(e.contains("Reason"), "{e}");
        let c = Closure::new(ClosedAs::Done, " GP rang back ").unwrap();
        assert_eq!(c.line, "GP rang back");
        assert_eq!(ClosedAs::from_code("cancelled"), Some(ClosedAs::Cancelled));
        assert_eq!(ClosedAs::from_code("x"), None);
    }
}
