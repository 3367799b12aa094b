//! Closing a shift out: from closing time, every visit still open is closed (left, referred
//! on) or carried to the next shift with a reason, so no one is left "waiting" on a board
//! nobody is watching. Pure rules; the store applies them and the board asks for them.

use super::shift::Shift;
use super::visit::VisitStatus;
use chrono::{DateTime, Utc};

/// The longest reason for carrying a visit forward.
pub const CARRY_REASON_MAX: usize = 200;

/// What the lead decided for a visit still open at the end of the shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseOut {
    /// They have gone: "left" once seen, "left before being seen" otherwise.
    Left,
    ReferredOn,
    /// Still the service's to follow up: stays open, named in the next handovers.
    Carried {
        reason: String,
    },
}

impl CloseOut {
    /// The statuses the visit passes through to get there, each a legal next step (with a
    /// worker → seen → left); empty when it stays open.
    pub fn steps_from(&self, status: VisitStatus) -> Vec<VisitStatus> {
        use VisitStatus::*;
        match (self, status) {
            (CloseOut::Carried { .. }, _) => Vec::new(),
            (_, s) if !s.is_open() => Vec::new(),
            (CloseOut::ReferredOn, _) => vec![ReferredOn],
            (CloseOut::Left, Waiting) => vec![LeftUnseen],
            (CloseOut::Left, WithWorker) => vec![Seen, Left],
            (CloseOut::Left, _) => vec![Left],
        }
    }

    /// The reason, checked: one line, not empty, not too long.
    pub fn carried(reason: &str) -> Result<CloseOut, String> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err("Say why it is carried forward (who follows it up, and how).".into());
        }
        let n = reason.chars().count();
        if n > CARRY_REASON_MAX {
            return Err(format!(
                "The reason is {} characters too long (at most {CARRY_REASON_MAX}).",
                n - CARRY_REASON_MAX
            ));
        }
        Ok(CloseOut::Carried {
            reason: reason.to_string(),
        })
    }

    pub fn label(&self) -> &'static str {
        match self {
            CloseOut::Left => "left",
            CloseOut::ReferredOn => "referred on",
            CloseOut::Carried { .. } => "carried forward",
        }
    }
}

/// True once the shift's closing time has passed.
pub fn has_ended(shift: &Shift, now: DateTime<Utc>) -> bool {
    now >= shift.ends_at
}

/// The time a visit's wait is measured to on the board: waits stop ticking at closing for
/// anyone who arrived during the shift (nobody is waiting on a closed service); someone who
/// arrived after closing is counted from their own arrival.
pub fn board_clock(shift: &Shift, arrived_at: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    if arrived_at < shift.ends_at {
        now.min(shift.ends_at)
    } else {
        now
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use VisitStatus::*;
    use chrono::{NaiveDate, TimeZone};

    fn shift() -> Shift {
        Shift {
            service_date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            starts_at: Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 11, 30, 22, 30, 0).unwrap(),
        }
    }

    #[test]
    fn each_choice_takes_only_legal_steps() {
        assert_eq!(CloseOut::Left.steps_from(Waiting), [LeftUnseen]);
        assert_eq!(CloseOut::Left.steps_from(WithWorker), [Seen, Left]);
        assert_eq!(CloseOut::Left.steps_from(Seen), [Left]);
        assert_eq!(CloseOut::ReferredOn.steps_from(WithWorker), [ReferredOn]);
        let carried = CloseOut::carried("crisis team to ring at 09:00").unwrap();
        assert!(carried.steps_from(Waiting).is_empty(), "stays open");
        assert!(CloseOut::Left.steps_from(Left).is_empty(), "already closed");
        for choice in [CloseOut::Left, CloseOut::ReferredOn] {
            for from in [Waiting, WithWorker, Seen] {
                let mut at = from;
                for step in choice.steps_from(from) {
                    assert!(
                        crate::domain::visit::check_transition(at, step).is_ok(),
                        "{at:?} → {step:?}"
                    );
                    at = step;
                }
                assert!(!at.is_open());
            }
        }
    }

    #[test]
    fn a_carry_needs_a_reason_that_fits() {
        assert!(CloseOut::carried("  ").unwrap_err().contains("Say why"));
        assert!(
            CloseOut::carried(&"x".repeat(CARRY_REASON_MAX + 5))
                .unwrap_err()
                .contains("5 characters too long")
        );
    }

    #[test]
    fn waits_stop_ticking_at_closing_for_those_who_came_during_the_shift() {
        let s = shift();
        let at = |h, m| Utc.with_ymd_and_hms(2026, 11, 30, h, m, 0).unwrap();
        let next_morning = Utc.with_ymd_and_hms(2026, 12, 1, 7, 40, 0).unwrap();
        assert!(!has_ended(&s, at(22, 29)));
        assert!(has_ended(&s, at(22, 30)));
        assert_eq!(board_clock(&s, at(19, 0), next_morning), s.ends_at);
        assert_eq!(board_clock(&s, at(19, 0), at(21, 0)), at(21, 0));
        assert_eq!(board_clock(&s, at(23, 10), next_morning), next_morning);
    }
}
