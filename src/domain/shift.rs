//! Service hours and shifts. All reasoning happens in the service's own time zone (a setting,
//! default Europe/London), never the machine's. A shift may cross midnight; it belongs to the
//! local date it started on (its service date).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub opens: NaiveTime,
    /// Not after `opens` means the shift ends the next day.
    pub closes: NaiveTime,
}

impl Hours {
    pub fn new(opens: NaiveTime, closes: NaiveTime) -> Self {
        Hours { opens, closes }
    }

    pub fn crosses_midnight(&self) -> bool {
        self.closes <= self.opens
    }
}

/// Service hours: one pattern for weekdays, another for weekends and bank holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceHours {
    pub weekday: Hours,
    pub weekend: Hours,
    pub tz: Tz,
    pub bank_holidays: BTreeSet<NaiveDate>,
}

impl Default for ServiceHours {
    fn default() -> Self {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
        ServiceHours {
            weekday: Hours::new(t(17, 0), t(22, 30)),
            weekend: Hours::new(t(15, 0), t(22, 30)),
            tz: chrono_tz::Europe::London,
            bank_holidays: BTreeSet::new(),
        }
    }
}

/// One shift: its service date and its start and end instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub service_date: NaiveDate,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Shift {
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.starts_at <= t && t < self.ends_at
    }
}

/// Where a visit named on a shift's handover came from, when not from that shift itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An earlier shift (its service date).
    Shift(NaiveDate),
    /// Recorded while the service was closed, at this instant.
    OutOfHours(DateTime<Utc>),
}

/// Whether a contact on a shift's board (its window runs to the next opening) came after
/// closing (from closing itself): an out-of-hours contact, never counted in that shift's
/// board, waits, close-out or handover.
pub fn is_out_of_hours(shift: &Shift, arrived: DateTime<Utc>) -> bool {
    arrived >= shift.ends_at
}

impl ServiceHours {
    pub fn is_weekend_or_holiday(&self, date: NaiveDate) -> bool {
        matches!(date.weekday(), Weekday::Sat | Weekday::Sun) || self.bank_holidays.contains(&date)
    }

    pub fn hours_on(&self, date: NaiveDate) -> Hours {
        if self.is_weekend_or_holiday(date) {
            self.weekend
        } else {
            self.weekday
        }
    }

    /// The shift that starts on `date` (local).
    pub fn shift_on(&self, date: NaiveDate) -> Shift {
        let hours = self.hours_on(date);
        let end_date = if hours.crosses_midnight() {
            date + Duration::days(1)
        } else {
            date
        };
        Shift {
            service_date: date,
            starts_at: self.local_to_utc(date, hours.opens),
            ends_at: self.local_to_utc(end_date, hours.closes),
        }
    }

    /// The stretch of time whose arrivals belong to the shift of `date`: from its start until
    /// the next shift starts. Those after closing are out of hours: the board lists them apart,
    /// and they go to the next shift's handover, not this one's (reports still count them here,
    /// so every arrival is in exactly one shift's figures).
    pub fn board_window(&self, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            self.shift_on(date).starts_at,
            self.shift_on(date + Duration::days(1)).starts_at,
        )
    }

    /// The service date whose board an arrival at `t` belongs to: a visit at 00:30 after a
    /// shift that crosses midnight, or at 07:00 the next morning, counts on the evening before.
    pub fn service_date_of(&self, t: DateTime<Utc>) -> NaiveDate {
        let local = t.with_timezone(&self.tz).date_naive();
        [local, local - Duration::days(1)]
            .into_iter()
            .find(|d| {
                let (from, to) = self.board_window(*d);
                from <= t && t < to
            })
            .unwrap_or(local)
    }

    /// The shift under way at `now`, if any.
    pub fn current_shift(&self, now: DateTime<Utc>) -> Option<Shift> {
        let today = now.with_timezone(&self.tz).date_naive();
        [today - Duration::days(1), today]
            .into_iter()
            .map(|d| self.shift_on(d))
            .find(|s| s.contains(now))
    }

    /// The shift under way at `now`, or else the most recent one that has started: what
    /// "tonight" means to a lead who opens the app after closing.
    pub fn current_or_last_shift(&self, now: DateTime<Utc>) -> Shift {
        let today = now.with_timezone(&self.tz).date_naive();
        (0..=7)
            .map(|back| self.shift_on(today - Duration::days(back)))
            .find(|s| s.starts_at <= now)
            .expect("a shift starts every day")
    }

    /// The next shift that starts after `now`.
    pub fn next_shift(&self, now: DateTime<Utc>) -> Shift {
        let today = now.with_timezone(&self.tz).date_naive();
        (0..=7)
            .map(|ahead| self.shift_on(today + Duration::days(ahead)))
            .find(|s| s.starts_at > now)
            .expect("a shift starts every day")
    }

    /// Whether the service is open at `t`: within some shift's hours (from opening, up to but
    /// not including closing).
    pub fn is_open_at(&self, t: DateTime<Utc>) -> bool {
        self.current_shift(t).is_some()
    }

    /// The out-of-hours stretch before the shift of `date`: from the previous shift's closing
    /// to this one's opening. What was recorded then goes to this shift's handover.
    pub fn out_of_hours_before(&self, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let previous = self.shift_on(date - Duration::days(1));
        let this = self.shift_on(date);
        (previous.ends_at.min(this.starts_at), this.starts_at)
    }

    /// Where a contact at `arrived` comes from, as the handover of the shift of `date` names
    /// it: nothing to say for one of that shift's own, else out of hours (with its instant) or
    /// the earlier shift it belongs to.
    pub fn origin(&self, date: NaiveDate, arrived: DateTime<Utc>) -> Option<Origin> {
        if self.shift_on(date).contains(arrived) {
            None
        } else if !self.is_open_at(arrived) {
            Some(Origin::OutOfHours(arrived))
        } else {
            Some(Origin::Shift(self.service_date_of(arrived)))
        }
    }

    fn local_to_utc(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        local_to_utc(self.tz, date, time)
    }
}

/// Local wall-clock time in `tz` to an instant. In the spring-forward gap the wall time does
/// not exist, so we take the moment the clocks jump to; in the autumn overlap, the first one.
/// Shared by shifts and peer availability so both read the clock the same way.
pub fn local_to_utc(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = date.and_time(time);
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let later = naive + Duration::hours(1);
            tz.from_local_datetime(&later)
                .earliest()
                .expect("an hour after a gap exists")
                .with_timezone(&Utc)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn utc(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn weekday_and_weekend_hours_in_london_winter_and_summer() {
        let hours = ServiceHours::default();
        // Monday 23 November 2026, GMT.
        let s = hours.shift_on(d(2026, 11, 23));
        assert_eq!(
            (s.starts_at, s.ends_at),
            (utc(2026, 11, 23, 17, 0), utc(2026, 11, 23, 22, 30))
        );
        // Saturday 4 July 2026, BST: 15:00 local is 14:00 UTC.
        let s = hours.shift_on(d(2026, 7, 4));
        assert_eq!(s.starts_at, utc(2026, 7, 4, 14, 0));
    }

    #[test]
    fn bank_holidays_use_weekend_hours() {
        let mut hours = ServiceHours::default();
        hours.bank_holidays.insert(d(2026, 12, 28));
        assert_eq!(
            hours.shift_on(d(2026, 12, 28)).starts_at,
            utc(2026, 12, 28, 15, 0)
        );
        assert_eq!(
            hours.shift_on(d(2026, 12, 29)).starts_at,
            utc(2026, 12, 29, 17, 0)
        );
    }

    #[test]
    fn an_arrival_belongs_to_the_board_of_the_evening_it_follows() {
        let hours = ServiceHours::default();
        // Monday 23 November 2026: 19:00, after closing at 23:50, and 07:40 on Tuesday all
        // belong to Monday's board; 17:00 on Tuesday opens Tuesday's.
        for t in [
            utc(2026, 11, 23, 19, 0),
            utc(2026, 11, 23, 23, 50),
            utc(2026, 11, 24, 7, 40),
        ] {
            assert_eq!(hours.service_date_of(t), d(2026, 11, 23), "{t}");
        }
        assert_eq!(
            hours.service_date_of(utc(2026, 11, 24, 17, 0)),
            d(2026, 11, 24)
        );
    }

    #[test]
    fn a_shift_crossing_midnight_belongs_to_its_start_date() {
        let hours = ServiceHours {
            weekday: Hours::new(t(20, 0), t(2, 0)),
            ..ServiceHours::default()
        };
        let at_one_am = utc(2026, 11, 25, 1, 0);
        let s = hours.current_shift(at_one_am).unwrap();
        assert_eq!(s.service_date, d(2026, 11, 24));
        assert_eq!(s.ends_at, utc(2026, 11, 25, 2, 0));
    }

    #[test]
    fn clocks_going_back_make_an_overnight_shift_an_hour_longer() {
        let hours = ServiceHours {
            weekend: Hours::new(t(20, 0), t(4, 0)),
            ..ServiceHours::default()
        };
        // Saturday 24 October 2026 into Sunday 25th, when BST ends at 02:00 local.
        let s = hours.shift_on(d(2026, 10, 24));
        assert_eq!(s.starts_at, utc(2026, 10, 24, 19, 0));
        assert_eq!(s.ends_at, utc(2026, 10, 25, 4, 0));
        assert_eq!(s.ends_at - s.starts_at, Duration::hours(9));
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_to_when_clocks_jump() {
        let hours = ServiceHours {
            weekend: Hours::new(t(20, 0), t(1, 30)),
            ..ServiceHours::default()
        };
        // 01:30 on Sunday 29 March 2026 does not exist in London.
        let s = hours.shift_on(d(2026, 3, 28));
        assert_eq!(s.ends_at, utc(2026, 3, 29, 1, 30));
        assert_eq!(s.ends_at - s.starts_at, Duration::minutes(330));
    }

    #[test]
    fn outside_hours_there_is_no_current_shift_but_a_last_and_next() {
        let hours = ServiceHours::default();
        let morning = utc(2026, 11, 23, 10, 0); // Monday morning
        assert_eq!(hours.current_shift(morning), None);
        assert_eq!(
            hours.current_or_last_shift(morning).service_date,
            d(2026, 11, 22)
        );
        assert_eq!(hours.next_shift(morning).service_date, d(2026, 11, 23));
    }

    #[test]
    fn the_board_window_runs_to_the_next_opening() {
        let hours = ServiceHours::default();
        let (from, to) = hours.board_window(d(2026, 11, 22));
        assert_eq!(
            (from, to),
            (utc(2026, 11, 22, 15, 0), utc(2026, 11, 23, 17, 0))
        );
    }

    #[test]
    fn out_of_hours_starts_exactly_at_closing_and_ends_at_opening() {
        let hours = ServiceHours::default();
        // Monday 30 November 2026 (GMT), 17:00–22:30.
        let monday = hours.shift_on(d(2026, 11, 30));
        assert!(hours.is_open_at(utc(2026, 11, 30, 22, 29)));
        assert!(
            !hours.is_open_at(utc(2026, 11, 30, 22, 30)),
            "closing itself"
        );
        assert!(!is_out_of_hours(&monday, utc(2026, 11, 30, 22, 29)));
        assert!(is_out_of_hours(&monday, utc(2026, 11, 30, 22, 30)));
        // Just after midnight with a shift that does not cross it, and next morning.
        assert!(is_out_of_hours(&monday, utc(2026, 12, 1, 0, 5)));
        assert!(is_out_of_hours(&monday, utc(2026, 12, 1, 7, 40)));
        assert!(!hours.is_open_at(utc(2026, 12, 1, 16, 59)));
        assert!(hours.is_open_at(utc(2026, 12, 1, 17, 0)), "opening itself");
        assert_eq!(
            hours.out_of_hours_before(d(2026, 12, 1)),
            (utc(2026, 11, 30, 22, 30), utc(2026, 12, 1, 17, 0))
        );
        // Saturday's stretch runs from Friday's closing to Saturday's earlier opening.
        assert_eq!(
            hours.out_of_hours_before(d(2026, 12, 5)),
            (utc(2026, 12, 4, 22, 30), utc(2026, 12, 5, 15, 0))
        );
    }

    #[test]
    fn after_midnight_is_in_hours_only_for_a_shift_that_runs_past_it() {
        let hours = ServiceHours {
            weekday: Hours::new(t(20, 0), t(2, 0)),
            ..ServiceHours::default()
        };
        let tuesday = hours.shift_on(d(2026, 11, 24));
        assert!(!is_out_of_hours(&tuesday, utc(2026, 11, 25, 0, 5)));
        assert!(hours.is_open_at(utc(2026, 11, 25, 1, 59)));
        assert!(is_out_of_hours(&tuesday, utc(2026, 11, 25, 2, 0)));
        assert_eq!(
            hours.out_of_hours_before(d(2026, 11, 25)),
            (utc(2026, 11, 25, 2, 0), utc(2026, 11, 25, 20, 0))
        );
    }

    #[test]
    fn a_bank_holiday_opens_at_weekend_hours_so_its_afternoon_is_not_out_of_hours() {
        let mut hours = ServiceHours::default();
        hours.bank_holidays.insert(d(2026, 12, 28));
        assert!(hours.is_open_at(utc(2026, 12, 28, 15, 30)), "bank holiday");
        assert!(
            !hours.is_open_at(utc(2026, 12, 21, 15, 30)),
            "an ordinary Monday"
        );
        assert_eq!(
            hours.out_of_hours_before(d(2026, 12, 28)).1,
            utc(2026, 12, 28, 15, 0)
        );
    }

    #[test]
    fn a_contact_on_a_handover_says_where_it_came_from() {
        let hours = ServiceHours::default();
        let tuesday = d(2026, 12, 1);
        assert_eq!(hours.origin(tuesday, utc(2026, 12, 1, 18, 0)), None);
        assert_eq!(
            hours.origin(tuesday, utc(2026, 12, 1, 7, 40)),
            Some(Origin::OutOfHours(utc(2026, 12, 1, 7, 40)))
        );
        assert_eq!(
            hours.origin(tuesday, utc(2026, 11, 30, 19, 0)),
            Some(Origin::Shift(d(2026, 11, 30)))
        );
        // Out of hours after Tuesday's own closing is out of hours too.
        assert_eq!(
            hours.origin(tuesday, utc(2026, 12, 1, 23, 0)),
            Some(Origin::OutOfHours(utc(2026, 12, 1, 23, 0)))
        );
    }

    #[test]
    fn another_time_zone_is_respected() {
        let hours = ServiceHours {
            tz: chrono_tz::America::New_York,
            ..ServiceHours::default()
        };
        let s = hours.shift_on(d(2026, 11, 23));
        assert_eq!(s.starts_at, utc(2026, 11, 23, 22, 0));
    }
}
