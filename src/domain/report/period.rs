//! Report periods. A period is a run of whole **service dates** (the local date a shift starts
//! on, in the service's time zone). Its instants run from the opening of the first date's shift
//! to the opening of the shift after the last date: the same windows the Intake board uses
//! (`ServiceHours::board_window`). So every arrival belongs to exactly one shift, one week and one
//! month, a shift that crosses midnight is never split between two days or two months, and the
//! figures for the shifts of a week add up to the week's.

use crate::domain::shift::ServiceHours;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use std::fmt;

/// A custom range may cover at most this many service dates (a hundred years: a guard against
/// typing mistakes, not a budget).
pub const RANGE_MAX_DAYS: i64 = 36_525;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// One shift.
    Shift,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A quarter of the UK financial year: Q1 April–June, Q2 July–September, Q3
    /// October–December, Q4 January–March (the NHS and local authorities report by these).
    Quarter,
    /// The UK financial year, 1 April to 31 March.
    FinancialYear,
    /// Any run of service dates.
    Range,
}

impl PeriodKind {
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Shift => "shift",
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::FinancialYear => "financial_year",
            PeriodKind::Range => "range",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    /// The first service date in the period.
    pub first: NaiveDate,
    /// The last service date in the period (inclusive).
    pub last: NaiveDate,
    /// Arrivals at or after this instant...
    pub starts_at: DateTime<Utc>,
    /// ...and before this one belong to the period.
    pub ends_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    EndsBeforeStart,
    TooLong,
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeriodError::EndsBeforeStart => write!(f, "The range ends before it starts."),
            PeriodError::TooLong => write!(f, "A range can cover at most a hundred years."),
        }
    }
}

impl std::error::Error for PeriodError {}

/// The service date an instant belongs to: the date whose board window holds it (from that
/// date's opening until the next date's opening).
pub fn service_date_of(hours: &ServiceHours, t: DateTime<Utc>) -> NaiveDate {
    let local = t.with_timezone(&hours.tz).date_naive();
    if t >= hours.shift_on(local).starts_at {
        local
    } else {
        local - Duration::days(1)
    }
}

impl Period {
    fn build(kind: PeriodKind, hours: &ServiceHours, first: NaiveDate, last: NaiveDate) -> Period {
        Period {
            kind,
            first,
            last,
            starts_at: hours.board_window(first).0,
            ends_at: hours.board_window(last).1,
        }
    }

    /// The shift of `date`.
    pub fn shift(hours: &ServiceHours, date: NaiveDate) -> Period {
        Self::build(PeriodKind::Shift, hours, date, date)
    }

    /// The ISO week (Monday to Sunday) holding `date`.
    pub fn week(hours: &ServiceHours, date: NaiveDate) -> Period {
        let monday = date - Duration::days(date.weekday().num_days_from_monday() as i64);
        Self::build(PeriodKind::Week, hours, monday, monday + Duration::days(6))
    }

    /// The calendar month holding `date`.
    pub fn month(hours: &ServiceHours, date: NaiveDate) -> Period {
        let first = date.with_day(1).expect("every month has a first day");
        let next = if first.month() == 12 {
            NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
        }
        .expect("the first of a month exists");
        Self::build(PeriodKind::Month, hours, first, next - Duration::days(1))
    }

    /// The financial-year quarter holding `date` (Q1 is April to June).
    pub fn quarter(hours: &ServiceHours, date: NaiveDate) -> Period {
        let first_month = (date.month0() / 3) * 3 + 1;
        let first = NaiveDate::from_ymd_opt(date.year(), first_month, 1).expect("a month's first");
        let next = if first_month == 10 {
            NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(date.year(), first_month + 3, 1)
        }
        .expect("a month's first");
        Self::build(PeriodKind::Quarter, hours, first, next - Duration::days(1))
    }

    /// The UK financial year (1 April to 31 March) holding `date`.
    pub fn financial_year(hours: &ServiceHours, date: NaiveDate) -> Period {
        let start_year = if date.month() >= 4 {
            date.year()
        } else {
            date.year() - 1
        };
        let first = NaiveDate::from_ymd_opt(start_year, 4, 1).expect("1 April");
        let last = NaiveDate::from_ymd_opt(start_year + 1, 3, 31).expect("31 March");
        Self::build(PeriodKind::FinancialYear, hours, first, last)
    }

    /// Service dates `first` to `last`, both included.
    pub fn range(
        hours: &ServiceHours,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<Period, PeriodError> {
        if last < first {
            return Err(PeriodError::EndsBeforeStart);
        }
        if (last - first).num_days() >= RANGE_MAX_DAYS {
            return Err(PeriodError::TooLong);
        }
        Ok(Self::build(PeriodKind::Range, hours, first, last))
    }

    /// The period of `kind` holding `date` (a range becomes the one day).
    pub fn of_kind(kind: PeriodKind, hours: &ServiceHours, date: NaiveDate) -> Period {
        match kind {
            PeriodKind::Shift | PeriodKind::Range => Self::shift(hours, date),
            PeriodKind::Week => Self::week(hours, date),
            PeriodKind::Month => Self::month(hours, date),
            PeriodKind::Quarter => Self::quarter(hours, date),
            PeriodKind::FinancialYear => Self::financial_year(hours, date),
        }
    }

    /// The arrivals in [from, to), whatever instants they are, as a range of the service dates
    /// they fall on (the CLI's and `Store::report`'s reading of arbitrary bounds).
    pub fn between(hours: &ServiceHours, from: DateTime<Utc>, to: DateTime<Utc>) -> Period {
        let first = service_date_of(hours, from);
        let last = service_date_of(hours, (to - Duration::seconds(1)).max(from)).max(first);
        Period {
            kind: PeriodKind::Range,
            first,
            last,
            starts_at: from,
            ends_at: to.max(from),
        }
    }

    /// How many service dates the period covers.
    pub fn days(&self) -> usize {
        (self.last - self.first).num_days() as usize + 1
    }

    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let first = self.first;
        (0..self.days() as i64).map(move |i| first + Duration::days(i))
    }

    pub fn contains_date(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }

    /// The period before this one, of the same kind and length.
    pub fn previous(&self, hours: &ServiceHours) -> Period {
        let before = self.first - Duration::days(1);
        match self.kind {
            PeriodKind::Range => {
                let len = Duration::days(self.days() as i64);
                Self::build(PeriodKind::Range, hours, self.first - len, before)
            }
            kind => Self::of_kind(kind, hours, before),
        }
    }

    /// The period after this one, of the same kind and length.
    pub fn next(&self, hours: &ServiceHours) -> Period {
        let after = self.last + Duration::days(1);
        match self.kind {
            PeriodKind::Range => {
                let len = Duration::days(self.days() as i64);
                Self::build(PeriodKind::Range, hours, after, self.last + len)
            }
            kind => Self::of_kind(kind, hours, after),
        }
    }

    /// "Shift Sun 22 Nov 2026", "Week 47: Mon 16 – Sun 22 Nov 2026", "November 2026",
    /// "Sun 1 Nov – Sun 22 Nov 2026".
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::Shift => format!("Shift {}", self.first.format("%a %-d %b %Y")),
            PeriodKind::Week => format!(
                "Week {}: {}",
                self.first.iso_week().week(),
                date_span(self.first, self.last)
            ),
            PeriodKind::Month => self.first.format("%B %Y").to_string(),
            PeriodKind::Quarter => {
                let (fy, q) = financial_quarter(self.first);
                format!(
                    "Q{q} {fy}/{:02}: {}",
                    (fy + 1) % 100,
                    date_span(self.first, self.last)
                )
            }
            PeriodKind::FinancialYear => format!(
                "Financial year {}/{:02}: {}",
                self.first.year(),
                (self.first.year() + 1) % 100,
                date_span(self.first, self.last)
            ),
            PeriodKind::Range => date_span(self.first, self.last),
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Period", 6)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("label", &self.label())?;
        st.serialize_field(
            "first_service_date",
            &self.first.format("%Y-%m-%d").to_string(),
        )?;
        st.serialize_field(
            "last_service_date",
            &self.last.format("%Y-%m-%d").to_string(),
        )?;
        st.serialize_field("from_utc", &crate::domain::time::to_stored(self.starts_at))?;
        st.serialize_field("to_utc", &crate::domain::time::to_stored(self.ends_at))?;
        st.end()
    }
}

/// The financial year (by its starting year) and quarter (1-4) of a date: 1 April 2026 is Q1
/// of 2026/27, 15 February 2027 is Q4 of 2026/27.
pub fn financial_quarter(date: NaiveDate) -> (i32, u32) {
    if date.month() >= 4 {
        (date.year(), (date.month() - 4) / 3 + 1)
    } else {
        (date.year() - 1, 4)
    }
}

pub(crate) fn serialize_date<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

/// "Mon 16 – Sun 22 Nov 2026", "Mon 30 Nov – Sun 6 Dec 2026", "Mon 28 Dec 2026 – Sun 3 Jan 2027".
pub fn date_span(first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        return first.format("%a %-d %b %Y").to_string();
    }
    let head = if first.year() != last.year() {
        first.format("%a %-d %b %Y")
    } else if first.month() != last.month() {
        first.format("%a %-d %b")
    } else {
        first.format("%a %-d")
    };
    format!("{head} – {}", last.format("%a %-d %b %Y"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shift::Hours;
    use chrono::{NaiveTime, TimeZone};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn utc(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap()
    }

    #[test]
    fn quarters_and_financial_years_run_from_april() {
        let hours = ServiceHours::default();
        let q = Period::quarter(&hours, d(2026, 11, 22));
        assert_eq!((q.first, q.last), (d(2026, 10, 1), d(2026, 12, 31)));
        assert_eq!(q.label(), "Q3 2026/27: Thu 1 Oct – Thu 31 Dec 2026");
        let q4 = Period::quarter(&hours, d(2027, 2, 15));
        assert_eq!((q4.first, q4.last), (d(2027, 1, 1), d(2027, 3, 31)));
        assert!(q4.label().starts_with("Q4 2026/27"), "{}", q4.label());
        let q1 = q4.next(&hours);
        assert_eq!((q1.first, q1.last), (d(2027, 4, 1), d(2027, 6, 30)));
        assert!(q1.label().starts_with("Q1 2027/28"));
        assert_eq!(q1.previous(&hours), q4);
        let fy = Period::financial_year(&hours, d(2027, 3, 31));
        assert_eq!((fy.first, fy.last), (d(2026, 4, 1), d(2027, 3, 31)));
        assert!(fy.label().starts_with("Financial year 2026/27"));
        let fy_next = fy.next(&hours);
        assert_eq!(
            (fy_next.first, fy_next.last),
            (d(2027, 4, 1), d(2028, 3, 31))
        );
        assert_eq!(fy.kind.code(), "financial_year");
        // The year's quarters add up to it: they share its opening and closing instants.
        assert_eq!(Period::quarter(&hours, fy.first).starts_at, fy.starts_at);
        assert_eq!(Period::quarter(&hours, fy.last).ends_at, fy.ends_at);
        assert_eq!(financial_quarter(d(2026, 4, 1)), (2026, 1));
        assert_eq!(financial_quarter(d(2026, 3, 31)), (2025, 4));
    }

    #[test]
    fn weeks_run_monday_to_sunday_and_months_by_the_calendar() {
        let hours = ServiceHours::default();
        let w = Period::week(&hours, d(2026, 11, 22)); // a Sunday
        assert_eq!((w.first, w.last), (d(2026, 11, 16), d(2026, 11, 22)));
        // Monday 16 Nov opens 17:00 GMT; the week ends when Monday 23rd opens.
        assert_eq!(
            (w.starts_at, w.ends_at),
            (utc(2026, 11, 16, 17, 0), utc(2026, 11, 23, 17, 0))
        );
        assert_eq!(w.label(), "Week 47: Mon 16 – Sun 22 Nov 2026");
        let m = Period::month(&hours, d(2026, 12, 31));
        assert_eq!((m.first, m.last), (d(2026, 12, 1), d(2026, 12, 31)));
        assert_eq!(m.label(), "December 2026");
        assert_eq!(m.next(&hours).first, d(2027, 1, 1));
        assert_eq!(
            Period::month(&hours, d(2028, 2, 10)).last,
            d(2028, 2, 29),
            "leap year"
        );
        let w = Period::week(&hours, d(2027, 1, 1));
        assert_eq!(w.label(), "Week 53: Mon 28 Dec 2026 – Sun 3 Jan 2027");
    }

    #[test]
    fn previous_and_next_keep_the_kind_and_length() {
        let hours = ServiceHours::default();
        let s = Period::shift(&hours, d(2026, 11, 22));
        assert_eq!(s.previous(&hours).first, d(2026, 11, 21));
        assert_eq!(s.next(&hours).first, d(2026, 11, 23));
        assert_eq!(s.next(&hours).starts_at, s.ends_at, "windows tile");
        let m = Period::month(&hours, d(2026, 3, 15));
        assert_eq!(m.previous(&hours).first, d(2026, 2, 1));
        assert_eq!(m.previous(&hours).last, d(2026, 2, 28));
        assert_eq!(m.previous(&hours).ends_at, m.starts_at);
        let r = Period::range(&hours, d(2026, 11, 1), d(2026, 11, 10)).unwrap();
        let p = r.previous(&hours);
        assert_eq!((p.first, p.last), (d(2026, 10, 22), d(2026, 10, 31)));
        let n = r.next(&hours);
        assert_eq!((n.first, n.last), (d(2026, 11, 11), d(2026, 11, 20)));
        assert_eq!(r.label(), "Sun 1 – Tue 10 Nov 2026");
        assert_eq!(
            Period::range(&hours, d(2026, 11, 2), d(2026, 11, 1)),
            Err(PeriodError::EndsBeforeStart)
        );
    }

    #[test]
    fn a_month_with_the_clocks_going_back_is_read_in_local_time() {
        let hours = ServiceHours::default();
        let m = Period::month(&hours, d(2026, 10, 25));
        // Thursday 1 October opens 17:00 BST = 16:00 UTC; Sunday 1 November opens 15:00 GMT.
        assert_eq!(m.starts_at, utc(2026, 10, 1, 16, 0));
        assert_eq!(m.ends_at, utc(2026, 11, 1, 15, 0));
    }

    #[test]
    fn after_midnight_belongs_to_the_shift_that_started_the_evening_before() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let hours = ServiceHours {
            weekday: Hours::new(t(20, 0), t(2, 0)),
            ..ServiceHours::default()
        };
        // 00:30 on Tuesday 1 December belongs to Monday 30 November's shift, so to November.
        assert_eq!(
            service_date_of(&hours, utc(2026, 12, 1, 0, 30)),
            d(2026, 11, 30)
        );
        assert_eq!(
            service_date_of(&hours, utc(2026, 12, 1, 20, 0)),
            d(2026, 12, 1)
        );
        let nov = Period::month(&hours, d(2026, 11, 1));
        assert!(nov.starts_at <= utc(2026, 12, 1, 0, 30) && utc(2026, 12, 1, 0, 30) < nov.ends_at);
    }

    #[test]
    fn arbitrary_bounds_become_a_range_of_service_dates() {
        let hours = ServiceHours::default();
        let p = Period::between(&hours, utc(2026, 11, 1, 0, 0), utc(2026, 11, 8, 0, 0));
        // Midnight on the 1st still belongs to 31 October's window.
        assert_eq!((p.first, p.last), (d(2026, 10, 31), d(2026, 11, 7)));
        assert_eq!(p.kind, PeriodKind::Range);
        assert_eq!(p.days(), 8);
    }
}
