//! Weekly availability, its dated exceptions, and whether a worker is on in a shift.
//!
//! Slots are wall-clock times in the service's time zone, on the slot's own local date, so a
//! slot means the same hours to the lead before and after the clocks change. Everything is
//! turned into instants (through the same conversion shifts use) before it is compared.

use super::long_date;
use crate::domain::shift::{Shift, local_to_utc};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MINUTES_PER_DAY: i64 = 24 * 60;
const MINUTES_PER_WEEK: i64 = 7 * MINUTES_PER_DAY;

/// "Monday" for 0. Out of range gives "?" (the store refuses such weekdays).
pub fn weekday_name(weekday: u8) -> &'static str {
    WEEKDAYS.get(usize::from(weekday)).copied().unwrap_or("?")
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// One weekly slot. Weekday 0 is Monday. An end not after the start runs past midnight into
/// the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub weekday: u8,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
}

impl Slot {
    pub fn crosses_midnight(&self) -> bool {
        self.ends <= self.starts
    }

    /// "Monday 20:00–02:00".
    pub fn label(&self) -> String {
        format!(
            "{} {}–{}",
            weekday_name(self.weekday),
            hhmm(self.starts),
            hhmm(self.ends)
        )
    }

    pub fn check(&self) -> Result<(), String> {
        if self.weekday > 6 {
            return Err(format!(
                "A weekday is 0 (Monday) to 6 (Sunday); {} is not one.",
                self.weekday
            ));
        }
        if self.starts == self.ends {
            return Err(format!(
                "A slot on {} cannot start and end at the same time ({}).",
                weekday_name(self.weekday),
                hhmm(self.starts)
            ));
        }
        Ok(())
    }

    /// Minutes from Monday 00:00 of a nominal week: [start, end). The end may pass the end of
    /// the week (a Sunday night slot), which `check_slots` wraps round to Monday.
    fn week_minutes(&self) -> (i64, i64) {
        let minute = |t: NaiveTime| i64::from(t.hour() * 60 + t.minute());
        let start = i64::from(self.weekday) * MINUTES_PER_DAY + minute(self.starts);
        let mut length = minute(self.ends) - minute(self.starts);
        if length <= 0 {
            length += MINUTES_PER_DAY;
        }
        (start, start + length)
    }
}

/// Every slot is sound and no two of a worker's slots overlap, counting an overnight slot's
/// hours on the next day (and Sunday night's on Monday). Slots that only touch are fine.
pub fn check_slots(slots: &[Slot]) -> Result<(), String> {
    for s in slots {
        s.check()?;
    }
    for (i, a) in slots.iter().enumerate() {
        for b in slots.iter().skip(i + 1) {
            let (a0, a1) = a.week_minutes();
            let (b0, b1) = b.week_minutes();
            let overlaps = [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK]
                .iter()
                .any(|shift| a0 < b1 + shift && b0 + shift < a1);
            if overlaps {
                return Err(format!("{} overlaps {}.", a.label(), b.label()));
            }
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExceptionKind {
    Leave,
    Sickness,
    /// An extra shift outside the weekly pattern.
    Extra,
}

impl ExceptionKind {
    pub const ALL: [ExceptionKind; 3] = [
        ExceptionKind::Leave,
        ExceptionKind::Sickness,
        ExceptionKind::Extra,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ExceptionKind::Leave => "leave",
            ExceptionKind::Sickness => "sickness",
            ExceptionKind::Extra => "extra",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ExceptionKind::Leave => "Leave",
            ExceptionKind::Sickness => "Sickness",
            ExceptionKind::Extra => "Extra shift",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Leave and sickness take a worker off; an extra shift puts them on.
    pub fn takes_off(self) -> bool {
        !matches!(self, ExceptionKind::Extra)
    }
}

/// A dated change to the weekly pattern. With times, it applies to those hours of each date
/// in the range (an end not after the start runs past midnight); without, to the whole shift
/// of each service date in the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AvailabilityException {
    pub kind: ExceptionKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub times: Option<(NaiveTime, NaiveTime)>,
}

impl AvailabilityException {
    pub fn check(&self) -> Result<(), String> {
        if self.to < self.from {
            return Err(format!(
                "The {} ends ({}) before it starts ({}).",
                self.kind.label().to_lowercase(),
                long_date(self.to),
                long_date(self.from)
            ));
        }
        if let Some((starts, ends)) = self.times
            && starts == ends
        {
            return Err(format!(
                "The {} cannot start and end at the same time ({}).",
                self.kind.label().to_lowercase(),
                hhmm(starts)
            ));
        }
        Ok(())
    }

    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// A stretch of time, [starts_at, ends_at).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Window {
    fn local(tz: Tz, date: NaiveDate, starts: NaiveTime, ends: NaiveTime) -> Window {
        let end_date = if ends <= starts {
            date + Duration::days(1)
        } else {
            date
        };
        Window {
            starts_at: local_to_utc(tz, date, starts),
            ends_at: local_to_utc(tz, end_date, ends),
        }
    }

    fn clip(self, to: Window) -> Option<Window> {
        let w = Window {
            starts_at: self.starts_at.max(to.starts_at),
            ends_at: self.ends_at.min(to.ends_at),
        };
        (w.starts_at < w.ends_at).then_some(w)
    }
}

/// When in the shift the worker is on: their weekly slots and extra shifts, less any leave or
/// sickness. Empty means not available. Leave or sickness without times on the shift's service
/// date takes the whole shift off, even if an extra shift was also entered: someone off sick
/// must not show as on tonight.
pub fn available_windows(
    slots: &[Slot],
    exceptions: &[AvailabilityException],
    shift: &Shift,
    tz: Tz,
) -> Vec<Window> {
    let day = shift.service_date;
    let whole_shift = Window {
        starts_at: shift.starts_at,
        ends_at: shift.ends_at,
    };
    let off_all_day = exceptions
        .iter()
        .any(|e| e.kind.takes_off() && e.times.is_none() && e.covers(day));
    if off_all_day {
        return Vec::new();
    }
    // A shift runs from its service date at most into the next day; a slot from the day before
    // can run past midnight into it.
    let dates = [day - Duration::days(1), day, day + Duration::days(1)];

    let mut on: Vec<Window> = Vec::new();
    for date in dates {
        let weekday = date.weekday().num_days_from_monday();
        for s in slots.iter().filter(|s| u32::from(s.weekday) == weekday) {
            on.push(Window::local(tz, date, s.starts, s.ends));
        }
    }
    let mut off: Vec<Window> = Vec::new();
    for e in exceptions {
        match (e.kind.takes_off(), e.times) {
            (false, None) if e.covers(day) => on.push(whole_shift),
            (takes_off, Some((starts, ends))) => {
                for date in dates.into_iter().filter(|d| e.covers(*d)) {
                    let w = Window::local(tz, date, starts, ends);
                    if takes_off { off.push(w) } else { on.push(w) }
                }
            }
            _ => {}
        }
    }
    let on: Vec<Window> = on.into_iter().filter_map(|w| w.clip(whole_shift)).collect();
    subtract(merge(on), &merge(off))
}

/// Whether the worker is on at any time in the shift.
pub fn is_available(
    slots: &[Slot],
    exceptions: &[AvailabilityException],
    shift: &Shift,
    tz: Tz,
) -> bool {
    !available_windows(slots, exceptions, shift, tz).is_empty()
}

/// Where a worker stands at one moment of a shift: what the "on now" board and the matching
/// help say, and what decides whether an assignment needs an override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnNow {
    /// On at this moment, until `until`.
    On { until: DateTime<Utc>, extra: bool },
    /// Not yet: their hours in this shift start at `from`.
    Later { from: DateTime<Utc>, extra: bool },
    /// Their hours in this shift are over (the last ended at `at`).
    Finished { at: DateTime<Utc>, extra: bool },
    /// They would have been on, but leave or sickness takes all their hours off.
    Off { kind: ExceptionKind },
    /// No hours in this shift.
    NotOn,
}

impl OnNow {
    /// Board order: on now, then starting later, then finished, then off, then not on.
    pub fn rank(self) -> u8 {
        match self {
            OnNow::On { .. } => 0,
            OnNow::Later { .. } => 1,
            OnNow::Finished { .. } => 2,
            OnNow::Off { .. } => 3,
            OnNow::NotOn => 4,
        }
    }

    /// On now or later in this shift: may be assigned without an override. A worker who
    /// starts later is on in the shift the assignment is made in (the visitor can be seen
    /// when they come in), so only hours that are over, or none, need a reason.
    pub fn may_be_assigned(self) -> bool {
        matches!(self, OnNow::On { .. } | OnNow::Later { .. })
    }

    pub fn is_extra(self) -> bool {
        matches!(
            self,
            OnNow::On { extra: true, .. }
                | OnNow::Later { extra: true, .. }
                | OnNow::Finished { extra: true, .. }
        )
    }

    /// "on now to 22:30", "from 19:00", "finished 19:00", "off tonight: on leave",
    /// "not on tonight"; an extra shift says so.
    pub fn text(self, tz: Tz) -> String {
        let hm = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
        let base = match self {
            OnNow::On { until, .. } => format!("on now to {}", hm(until)),
            OnNow::Later { from, .. } => format!("from {}", hm(from)),
            OnNow::Finished { at, .. } => format!("finished {}", hm(at)),
            OnNow::Off { kind } => format!("off tonight: {}", off_words(kind)),
            OnNow::NotOn => "not on tonight".into(),
        };
        if self.is_extra() {
            format!("{base} (extra)")
        } else {
            base
        }
    }
}

fn off_words(kind: ExceptionKind) -> &'static str {
    match kind {
        ExceptionKind::Leave => "on leave",
        ExceptionKind::Sickness => "off sick",
        ExceptionKind::Extra => "extra shift",
    }
}

/// Where the worker stands at `now` in `shift`. Windows are half-open: at a slot's start the
/// worker is on; at its end they have finished.
pub fn on_now(
    slots: &[Slot],
    exceptions: &[AvailabilityException],
    shift: &Shift,
    tz: Tz,
    now: DateTime<Utc>,
) -> OnNow {
    let windows = available_windows(slots, exceptions, shift, tz);
    let (extras, offs): (Vec<AvailabilityException>, Vec<AvailabilityException>) =
        exceptions.iter().partition(|e| !e.kind.takes_off());
    // Their weekly pattern alone (less time off): an instant outside it is an extra shift's.
    let usual = available_windows(slots, &offs, shift, tz);
    let is_extra = |t: DateTime<Utc>| !usual.iter().any(|w| w.starts_at <= t && t < w.ends_at);
    if let Some(w) = windows
        .iter()
        .find(|w| w.starts_at <= now && now < w.ends_at)
    {
        return OnNow::On {
            until: w.ends_at,
            extra: is_extra(now),
        };
    }
    if let Some(w) = windows.iter().find(|w| w.starts_at > now) {
        return OnNow::Later {
            from: w.starts_at,
            extra: is_extra(w.starts_at),
        };
    }
    if let Some(w) = windows.last() {
        return OnNow::Finished {
            at: w.ends_at,
            extra: is_extra(w.ends_at - Duration::seconds(1)),
        };
    }
    // No hours left: because leave or sickness took them, or because there were none.
    if available_windows(slots, &extras, shift, tz).is_empty() {
        return OnNow::NotOn;
    }
    let day = shift.service_date;
    let kind = exceptions
        .iter()
        .filter(|e| e.kind.takes_off())
        .find(|e| e.covers(day) || e.covers(day + Duration::days(1)))
        .map_or(ExceptionKind::Leave, |e| e.kind);
    OnNow::Off { kind }
}

/// Sorted, with overlapping or touching windows joined.
fn merge(mut windows: Vec<Window>) -> Vec<Window> {
    windows.retain(|w| w.starts_at < w.ends_at);
    windows.sort_by_key(|w| (w.starts_at, w.ends_at));
    let mut out: Vec<Window> = Vec::with_capacity(windows.len());
    for w in windows {
        match out.last_mut() {
            Some(last) if w.starts_at <= last.ends_at => last.ends_at = last.ends_at.max(w.ends_at),
            _ => out.push(w),
        }
    }
    out
}

/// `on` less `off` (both merged).
fn subtract(on: Vec<Window>, off: &[Window]) -> Vec<Window> {
    let mut out = Vec::new();
    for w in on {
        let mut rest = Some(w);
        for o in off {
            let Some(r) = rest else { break };
            if o.ends_at <= r.starts_at || r.ends_at <= o.starts_at {
                continue;
            }
            if r.starts_at < o.starts_at {
                out.push(Window {
                    starts_at: r.starts_at,
                    ends_at: o.starts_at,
                });
            }
            rest = (o.ends_at < r.ends_at).then_some(Window {
                starts_at: o.ends_at,
                ends_at: r.ends_at,
            });
        }
        out.extend(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shift::{Hours, ServiceHours};
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }
    fn utc(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap()
    }
    fn slot(weekday: u8, starts: (u32, u32), ends: (u32, u32)) -> Slot {
        Slot {
            weekday,
            starts: t(starts.0, starts.1),
            ends: t(ends.0, ends.1),
        }
    }
    fn off(kind: ExceptionKind, from: NaiveDate, to: NaiveDate) -> AvailabilityException {
        AvailabilityException {
            kind,
            from,
            to,
            times: None,
        }
    }
    const LONDON: Tz = chrono_tz::Europe::London;

    fn overnight_hours(opens: (u32, u32), closes: (u32, u32)) -> ServiceHours {
        let h = Hours::new(t(opens.0, opens.1), t(closes.0, closes.1));
        ServiceHours {
            weekday: h,
            weekend: h,
            ..ServiceHours::default()
        }
    }

    // --- validation ---

    #[test]
    fn an_empty_slot_is_refused() {
        let e = check_slots(&[slot(0, (17, 0), (17, 0))]).unwrap_err();
        assert_eq!(
            e,
            "A slot on Monday cannot start and end at the same time (17:00)."
        );
        assert!(check_slots(&[slot(7, (17, 0), (18, 0))]).is_err());
    }

    #[test]
    fn overlapping_slots_are_refused_and_touching_ones_allowed() {
        let e = check_slots(&[slot(0, (17, 0), (21, 0)), slot(0, (20, 0), (22, 0))]).unwrap_err();
        assert_eq!(e, "Monday 17:00–21:00 overlaps Monday 20:00–22:00.");
        assert!(check_slots(&[slot(0, (17, 0), (20, 0)), slot(0, (20, 0), (22, 0))]).is_ok());
        assert!(check_slots(&[slot(0, (17, 0), (20, 0)), slot(1, (17, 0), (20, 0))]).is_ok());
    }

    #[test]
    fn an_overnight_slot_spilling_into_the_next_days_slot_is_refused() {
        let e = check_slots(&[slot(0, (20, 0), (2, 0)), slot(1, (1, 0), (5, 0))]).unwrap_err();
        assert_eq!(e, "Monday 20:00–02:00 overlaps Tuesday 01:00–05:00.");
        assert!(check_slots(&[slot(0, (20, 0), (2, 0)), slot(1, (2, 0), (5, 0))]).is_ok());
        // Sunday night wraps round to Monday morning, whichever order they are given in.
        assert!(check_slots(&[slot(0, (0, 30), (3, 0)), slot(6, (22, 0), (1, 0))]).is_err());
        assert!(check_slots(&[slot(6, (22, 0), (1, 0)), slot(0, (1, 0), (3, 0))]).is_ok());
    }

    #[test]
    fn an_exception_ending_before_it_starts_is_refused() {
        let e = off(ExceptionKind::Leave, d(2026, 5, 5), d(2026, 5, 3));
        assert_eq!(
            e.check().unwrap_err(),
            "The leave ends (3 May 2026) before it starts (5 May 2026)."
        );
        let mut e = off(ExceptionKind::Extra, d(2026, 5, 5), d(2026, 5, 5));
        assert!(e.check().is_ok());
        e.times = Some((t(18, 0), t(18, 0)));
        assert!(e.check().is_err());
        for k in ExceptionKind::ALL {
            assert_eq!(ExceptionKind::from_code(k.code()), Some(k));
        }
    }

    // --- availability in a shift ---

    #[test]
    fn a_weekly_slot_overlapping_the_shift_makes_a_worker_available() {
        let hours = ServiceHours::default();
        let monday = hours.shift_on(d(2026, 11, 23)); // 17:00-22:30 GMT
        let slots = [slot(0, (19, 0), (23, 0))];
        assert_eq!(
            available_windows(&slots, &[], &monday, LONDON),
            [Window {
                starts_at: utc(2026, 11, 23, 19, 0),
                ends_at: utc(2026, 11, 23, 22, 30)
            }]
        );
        assert!(!is_available(
            &slots,
            &[],
            &hours.shift_on(d(2026, 11, 24)),
            LONDON
        ));
        // Ending as the shift opens is not an overlap.
        assert!(!is_available(
            &[slot(0, (12, 0), (17, 0))],
            &[],
            &monday,
            LONDON
        ));
        assert!(!is_available(&[], &[], &monday, LONDON));
    }

    #[test]
    fn overnight_slots_and_shifts_cross_midnight_on_the_right_dates() {
        let hours = overnight_hours((20, 0), (2, 0));
        let monday = hours.shift_on(d(2026, 11, 23)); // Mon 20:00 - Tue 02:00
        // Tuesday's early hours belong to Monday's shift.
        assert!(is_available(
            &[slot(1, (0, 30), (3, 0))],
            &[],
            &monday,
            LONDON
        ));
        // Monday night into Tuesday.
        assert!(is_available(
            &[slot(0, (23, 0), (1, 0))],
            &[],
            &monday,
            LONDON
        ));
        // Sunday night into Monday ends long before Monday's shift.
        assert!(!is_available(
            &[slot(6, (23, 0), (1, 0))],
            &[],
            &monday,
            LONDON
        ));
        // Sunday night into Monday is in Sunday's shift.
        let sunday = hours.shift_on(d(2026, 11, 22));
        assert!(is_available(
            &[slot(6, (23, 0), (1, 0))],
            &[],
            &sunday,
            LONDON
        ));
        // Tuesday evening is not Monday's shift.
        assert!(!is_available(
            &[slot(1, (20, 0), (23, 0))],
            &[],
            &monday,
            LONDON
        ));
    }

    #[test]
    fn across_the_spring_change_slots_keep_their_local_times() {
        // Saturday 28 March 2026 20:00 GMT to Sunday 04:00 BST (03:00 UTC): clocks go forward
        // at 01:00 GMT.
        let shift = overnight_hours((20, 0), (4, 0)).shift_on(d(2026, 3, 28));
        assert_eq!(shift.ends_at, utc(2026, 3, 29, 3, 0));
        // Sunday 03:00 local is 02:00 UTC: inside the shift. (Adding three hours to midnight
        // GMT would put it at the shift's end and miss it.)
        let sunday_small_hours = [slot(6, (3, 0), (6, 0))];
        assert_eq!(
            available_windows(&sunday_small_hours, &[], &shift, LONDON),
            [Window {
                starts_at: utc(2026, 3, 29, 2, 0),
                ends_at: utc(2026, 3, 29, 3, 0)
            }]
        );
        // An overnight slot ending at 01:30, a time that does not exist that night, is read as
        // shifts read it: 02:30 BST, i.e. 01:30 UTC.
        let w = available_windows(&[slot(5, (22, 0), (1, 30))], &[], &shift, LONDON);
        assert_eq!(w[0].ends_at, utc(2026, 3, 29, 1, 30));
        // Sunday's ordinary shift is 15:00-22:30 BST; a 12:00-15:00 slot only touches it.
        let sunday = ServiceHours::default().shift_on(d(2026, 3, 29));
        assert!(!is_available(
            &[slot(6, (12, 0), (15, 0))],
            &[],
            &sunday,
            LONDON
        ));
        assert!(is_available(
            &[slot(6, (12, 0), (15, 1))],
            &[],
            &sunday,
            LONDON
        ));
    }

    #[test]
    fn across_the_autumn_change_slots_keep_their_local_times() {
        // Saturday 24 October 2026 20:00 BST (19:00 UTC) to Sunday 04:00 GMT: clocks go back
        // at 02:00 BST, so the night is nine hours long.
        let shift = overnight_hours((20, 0), (4, 0)).shift_on(d(2026, 10, 24));
        assert_eq!(shift.ends_at, utc(2026, 10, 25, 4, 0));
        // Sunday 04:00-06:00 GMT starts as the shift ends (with BST's offset it would not).
        assert!(!is_available(
            &[slot(6, (4, 0), (6, 0))],
            &[],
            &shift,
            LONDON
        ));
        // 03:00-05:00 GMT is in it.
        assert!(is_available(
            &[slot(6, (3, 0), (5, 0))],
            &[],
            &shift,
            LONDON
        ));
        // A Saturday slot to 01:30 ends at the first 01:30 (BST), i.e. 00:30 UTC.
        let w = available_windows(&[slot(5, (23, 0), (1, 30))], &[], &shift, LONDON);
        assert_eq!(
            w,
            [Window {
                starts_at: utc(2026, 10, 24, 22, 0),
                ends_at: utc(2026, 10, 25, 0, 30)
            }]
        );
        // Sunday's 15:00 opening is 15:00 UTC once the clocks have gone back.
        let sunday = ServiceHours::default().shift_on(d(2026, 10, 25));
        assert!(!is_available(
            &[slot(6, (13, 0), (15, 0))],
            &[],
            &sunday,
            LONDON
        ));
    }

    #[test]
    fn another_time_zone_uses_its_own_local_dates() {
        // Auckland is UTC+13 in November: Monday 23rd's 17:00 opening is Monday 04:00 UTC,
        // and the slot's weekday is Auckland's.
        let tz: Tz = chrono_tz::Pacific::Auckland;
        let hours = ServiceHours {
            tz,
            ..ServiceHours::default()
        };
        let monday = hours.shift_on(d(2026, 11, 23));
        assert_eq!(monday.starts_at, utc(2026, 11, 23, 4, 0));
        let w = available_windows(&[slot(0, (18, 0), (20, 0))], &[], &monday, tz);
        assert_eq!(
            w,
            [Window {
                starts_at: utc(2026, 11, 23, 5, 0),
                ends_at: utc(2026, 11, 23, 7, 0)
            }]
        );
        assert!(!is_available(
            &[slot(6, (18, 0), (20, 0))],
            &[],
            &monday,
            tz
        ));
        // New York moved its clocks on 1 November, a week after London.
        let ny: Tz = chrono_tz::America::New_York;
        let shift = ServiceHours {
            tz: ny,
            ..ServiceHours::default()
        }
        .shift_on(d(2026, 10, 28)); // Wednesday, still EDT: 21:00-02:30 UTC
        assert_eq!(shift.starts_at, utc(2026, 10, 28, 21, 0));
        assert!(is_available(&[slot(2, (22, 0), (23, 0))], &[], &shift, ny));
        assert!(!is_available(&[slot(2, (15, 0), (17, 0))], &[], &shift, ny));
    }

    #[test]
    fn leave_or_sickness_on_the_service_date_takes_the_whole_shift_off() {
        let hours = ServiceHours::default();
        let monday = hours.shift_on(d(2026, 11, 23));
        let slots = [slot(0, (17, 0), (22, 30))];
        for kind in [ExceptionKind::Leave, ExceptionKind::Sickness] {
            let e = [off(kind, d(2026, 11, 20), d(2026, 11, 23))];
            assert!(!is_available(&slots, &e, &monday, LONDON), "{kind:?}");
            let ended = [off(kind, d(2026, 11, 20), d(2026, 11, 22))];
            assert!(is_available(&slots, &ended, &monday, LONDON), "{kind:?}");
        }
        // Leave wins over an extra shift on the same date.
        let both = [
            off(ExceptionKind::Extra, d(2026, 11, 23), d(2026, 11, 23)),
            off(ExceptionKind::Leave, d(2026, 11, 23), d(2026, 11, 23)),
        ];
        assert!(!is_available(&slots, &both, &monday, LONDON));
    }

    #[test]
    fn timed_sickness_takes_off_only_its_hours() {
        let hours = ServiceHours::default();
        let monday = hours.shift_on(d(2026, 11, 23));
        let slots = [slot(0, (17, 0), (22, 30))];
        let mut sick = off(ExceptionKind::Sickness, d(2026, 11, 23), d(2026, 11, 23));
        sick.times = Some((t(17, 0), t(19, 0)));
        assert_eq!(
            available_windows(&slots, &[sick], &monday, LONDON),
            [Window {
                starts_at: utc(2026, 11, 23, 19, 0),
                ends_at: utc(2026, 11, 23, 22, 30)
            }]
        );
        sick.times = Some((t(16, 0), t(23, 0)));
        assert!(!is_available(&slots, &[sick], &monday, LONDON));
        sick.times = Some((t(18, 0), t(19, 0)));
        assert_eq!(available_windows(&slots, &[sick], &monday, LONDON).len(), 2);
    }

    #[test]
    fn an_extra_shift_puts_a_worker_on() {
        let hours = ServiceHours::default();
        let monday = hours.shift_on(d(2026, 11, 23));
        let extra = off(ExceptionKind::Extra, d(2026, 11, 23), d(2026, 11, 23));
        assert_eq!(
            available_windows(&[], &[extra], &monday, LONDON),
            [Window {
                starts_at: monday.starts_at,
                ends_at: monday.ends_at
            }]
        );
        let mut timed = extra;
        timed.times = Some((t(20, 0), t(22, 0)));
        assert_eq!(
            available_windows(&[], &[timed], &monday, LONDON)[0].starts_at,
            utc(2026, 11, 23, 20, 0)
        );
        timed.times = Some((t(9, 0), t(12, 0)));
        assert!(!is_available(&[], &[timed], &monday, LONDON));
        let tuesday = hours.shift_on(d(2026, 11, 24));
        assert!(!is_available(&[], &[extra], &tuesday, LONDON));
    }

    // --- on now ---

    #[test]
    fn on_now_at_the_edges_of_a_slot() {
        let monday = ServiceHours::default().shift_on(d(2026, 11, 23)); // 17:00-22:30 GMT
        let slots = [slot(0, (17, 0), (19, 0))];
        let at = |h, m| on_now(&slots, &[], &monday, LONDON, utc(2026, 11, 23, h, m));
        assert_eq!(
            at(16, 59),
            OnNow::Later {
                from: utc(2026, 11, 23, 17, 0),
                extra: false
            }
        );
        assert_eq!(
            at(17, 0),
            OnNow::On {
                until: utc(2026, 11, 23, 19, 0),
                extra: false
            }
        );
        assert_eq!(at(18, 59).rank(), 0);
        // The case: a 17:00-19:00 slot is over at 19:40.
        assert_eq!(
            at(19, 0),
            OnNow::Finished {
                at: utc(2026, 11, 23, 19, 0),
                extra: false
            }
        );
        assert_eq!(at(19, 40).text(LONDON), "finished 19:00");
        assert!(!at(19, 40).may_be_assigned());
        assert!(at(16, 0).may_be_assigned());
        assert_eq!(at(16, 0).text(LONDON), "from 17:00");
        assert_eq!(at(17, 30).text(LONDON), "on now to 19:00");
        // After closing, everyone's hours are over.
        assert_eq!(at(23, 0).rank(), 2);
        assert_eq!(
            on_now(&[], &[], &monday, LONDON, utc(2026, 11, 23, 18, 0)),
            OnNow::NotOn
        );
    }

    #[test]
    fn on_now_in_an_overnight_slot_past_midnight() {
        let hours = overnight_hours((20, 0), (2, 0));
        let monday = hours.shift_on(d(2026, 11, 23)); // Mon 20:00 - Tue 02:00
        let slots = [slot(0, (22, 0), (1, 0))]; // Monday 22:00 - Tuesday 01:00
        let at = |day, h, m| on_now(&slots, &[], &monday, LONDON, utc(2026, 11, day, h, m));
        assert_eq!(at(23, 21, 0).text(LONDON), "from 22:00");
        assert_eq!(at(24, 0, 30).text(LONDON), "on now to 01:00");
        assert_eq!(at(24, 1, 0).text(LONDON), "finished 01:00");
        // Tuesday's small hours of a Tuesday slot still belong to Monday's shift.
        let early = [slot(1, (0, 30), (3, 0))];
        assert_eq!(
            on_now(&early, &[], &monday, LONDON, utc(2026, 11, 24, 1, 0)).text(LONDON),
            "on now to 02:00"
        );
    }

    #[test]
    fn leave_and_sickness_say_off_tonight_and_extra_shifts_are_marked() {
        let monday = ServiceHours::default().shift_on(d(2026, 11, 23));
        let slots = [slot(0, (17, 0), (22, 30))];
        let now = utc(2026, 11, 23, 18, 0);
        let leave = [off(ExceptionKind::Leave, d(2026, 11, 20), d(2026, 11, 27))];
        let state = on_now(&slots, &leave, &monday, LONDON, now);
        assert_eq!(
            state,
            OnNow::Off {
                kind: ExceptionKind::Leave
            }
        );
        assert_eq!(state.text(LONDON), "off tonight: on leave");
        assert!(!state.may_be_assigned());
        let sick = [off(
            ExceptionKind::Sickness,
            d(2026, 11, 23),
            d(2026, 11, 23),
        )];
        assert_eq!(
            on_now(&slots, &sick, &monday, LONDON, now).text(LONDON),
            "off tonight: off sick"
        );
        // Someone with no slot that night is not "off": they were never on.
        assert_eq!(
            on_now(&[slot(1, (17, 0), (22, 30))], &sick, &monday, LONDON, now),
            OnNow::NotOn
        );
        // An extra shift puts them on, and says so.
        let mut extra = off(ExceptionKind::Extra, d(2026, 11, 23), d(2026, 11, 23));
        extra.times = Some((t(19, 0), t(22, 0)));
        let state = on_now(&[], &[extra], &monday, LONDON, now);
        assert_eq!(state.text(LONDON), "from 19:00 (extra)");
        assert!(state.is_extra() && state.may_be_assigned());
        assert_eq!(
            on_now(&[], &[extra], &monday, LONDON, utc(2026, 11, 23, 19, 0)).text(LONDON),
            "on now to 22:00 (extra)"
        );
        // Their usual slot is not an extra shift.
        assert!(!on_now(&slots, &[extra], &monday, LONDON, utc(2026, 11, 23, 17, 30)).is_extra());
    }

    #[test]
    fn windows_merge_and_subtract() {
        let w = |a: u32, b: u32| Window {
            starts_at: utc(2026, 1, 1, a, 0),
            ends_at: utc(2026, 1, 1, b, 0),
        };
        assert_eq!(merge(vec![w(3, 5), w(1, 2), w(2, 3)]), [w(1, 5)]);
        assert_eq!(
            subtract(vec![w(1, 9)], &[w(2, 3), w(5, 6)]),
            [w(1, 2), w(3, 5), w(6, 9)]
        );
        assert_eq!(subtract(vec![w(1, 9)], &[w(0, 10)]), []);
    }
}
