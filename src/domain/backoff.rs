//! Unlock back-off: failed passphrase attempts slow down, and no more than ten may be made in
//! any five minutes. The rule is pure: callers keep the failure times and ask when the next
//! attempt is allowed.

use chrono::{DateTime, Duration, Utc};

pub const WINDOW: Duration = Duration::minutes(5);
pub const MAX_FAILURES_IN_WINDOW: usize = 10;
/// Failures allowed back to back before delays start.
const FREE_FAILURES: usize = 3;
const MAX_DELAY_SECS: i64 = 30;

/// When the next unlock attempt may be made, given earlier failures (any order) and now.
/// Returns `None` when an attempt may be made at once.
pub fn next_attempt_allowed_at(
    failures: &[DateTime<Utc>],
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let mut recent: Vec<DateTime<Utc>> = failures
        .iter()
        .copied()
        .filter(|t| *t > now - WINDOW && *t <= now)
        .collect();
    recent.sort();
    let mut earliest = now;
    // The window must slide past enough old failures to leave room for one more.
    if let Some(oldest_to_expire) = recent
        .len()
        .checked_sub(MAX_FAILURES_IN_WINDOW)
        .and_then(|at| recent.get(at))
    {
        earliest = earliest.max(*oldest_to_expire + WINDOW);
    }
    if recent.len() >= FREE_FAILURES {
        let exponent = (recent.len() - FREE_FAILURES).min(10) as u32;
        let delay = (1i64 << exponent).min(MAX_DELAY_SECS);
        let last = *recent.last().expect("not empty");
        earliest = earliest.max(last + Duration::seconds(delay));
    }
    (earliest > now).then_some(earliest)
}

/// Keeps only the failures that can still matter.
pub fn prune(failures: &mut Vec<DateTime<Utc>>, now: DateTime<Utc>) {
    failures.retain(|t| *t > now - WINDOW);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn first_failures_are_free() {
        assert_eq!(next_attempt_allowed_at(&[], t(0)), None);
        assert_eq!(next_attempt_allowed_at(&[t(0), t(1)], t(2)), None);
    }

    #[test]
    fn delays_grow_after_three_failures() {
        let f = [t(0), t(1), t(2)];
        assert_eq!(next_attempt_allowed_at(&f, t(2)), Some(t(3)));
        let f = [t(0), t(1), t(2), t(3), t(5)];
        assert_eq!(next_attempt_allowed_at(&f, t(5)), Some(t(9)));
    }

    #[test]
    fn delay_is_capped_at_thirty_seconds() {
        let f: Vec<_> = (0..9).map(|i| t(i * 40)).collect();
        assert_eq!(next_attempt_allowed_at(&f, t(320)), Some(t(350)));
    }

    #[test]
    fn never_more_than_ten_in_five_minutes() {
        let f: Vec<_> = (0..10).map(|i| t(i * 20)).collect();
        // The 10th failure was at 180 s; the first at 0 s leaves the window at 300 s.
        assert_eq!(next_attempt_allowed_at(&f, t(200)), Some(t(300)));
        // For every window of five minutes starting at a failure, at most ten failures fit.
        for start in 0..200 {
            let in_window = f
                .iter()
                .filter(|x| **x >= t(start) && **x < t(start + 300))
                .count();
            assert!(in_window <= 10);
        }
    }

    #[test]
    fn old_failures_are_forgotten() {
        let f: Vec<_> = (0..10).map(t).collect();
        assert_eq!(next_attempt_allowed_at(&f, t(400)), None);
        let mut kept = f.clone();
        prune(&mut kept, t(302));
        assert_eq!(kept.len(), 7);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    proptest! {
        /// Whoever keeps trying, at whatever pace, never gets more than ten attempts into any
        /// five minutes.
        #[test]
        fn never_more_than_ten_attempts_in_any_five_minutes(gaps in prop::collection::vec(0i64..40, 1..80)) {
            let start = Utc.timestamp_opt(1_800_000_000, 0).unwrap();
            let mut now = start;
            let mut failures: Vec<DateTime<Utc>> = Vec::new();
            for gap in gaps {
                now += Duration::seconds(gap);
                if let Some(at) = next_attempt_allowed_at(&failures, now) {
                    now = at;
                }
                failures.push(now);
            }
            for (i, t) in failures.iter().enumerate() {
                let in_window = failures[i..].iter().filter(|x| **x < *t + WINDOW).count();
                prop_assert!(in_window <= MAX_FAILURES_IN_WINDOW);
            }
        }
    }
}
