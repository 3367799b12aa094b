//! A report query's visit row read into a `VisitRow`: its times by hand (a year's report reads
//! tens of thousands), its codes shared, its packed scores unpacked.

use crate::domain::ons4::Ons4;
use crate::domain::report::VisitRow;
use crate::domain::shift::ServiceHours;
use crate::domain::swemwbs::{Completion, Swemwbs};
use crate::domain::visit::{ContactMode, Outcome, Suitability};
use crate::store::rows::time;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use rusqlite::Row;
use std::sync::Arc;

/// The date of the last time `fast_time` read, by its text: a period's rows come in arrival
/// order, so most times fall on the date of the one before.
#[derive(Default)]
pub(super) struct LastDate(Option<([u8; 10], NaiveDate)>);

/// A stored time ('YYYY-MM-DDTHH:MM:SSZ') read without a format parser: a year's report reads
/// tens of thousands of them. Anything else falls back to the general reader.
pub(super) fn fast_time(
    r: &Row<'_>,
    i: usize,
    last: &mut LastDate,
) -> rusqlite::Result<DateTime<Utc>> {
    let b = r.get_ref(i)?.as_bytes()?;
    let n = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32)
        })
    };
    let shaped = matches!(
        b,
        [
            _,
            _,
            _,
            _,
            b'-',
            _,
            _,
            b'-',
            _,
            _,
            b'T',
            _,
            _,
            b':',
            _,
            _,
            b':',
            _,
            _,
            b'Z'
        ]
    );
    let parsed = shaped
        .then(|| {
            let day: [u8; 10] = b.get(0..10)?.try_into().ok()?;
            let date = match last.0 {
                Some((known, date)) if known == day => date,
                _ => {
                    let date = NaiveDate::from_ymd_opt(n(0, 4)? as i32, n(5, 7)?, n(8, 10)?)?;
                    last.0 = Some((day, date));
                    date
                }
            };
            date.and_hms_opt(n(11, 13)?, n(14, 16)?, n(17, 19)?)
                .map(|t| t.and_utc())
        })
        .flatten();
    match parsed {
        Some(t) => Ok(t),
        None => time(r, i),
    }
}

/// The codes (referral, triage) met in a period's visits, each made once and shared by the
/// rows that carry it: a period has thousands of visits and a handful of codes.
#[derive(Default)]
pub(super) struct Codes(Vec<Arc<str>>);

impl Codes {
    fn of(&mut self, code: Option<&str>) -> Option<Arc<str>> {
        let code = code?;
        if let Some(known) = self.0.iter().find(|c| &***c == code) {
            return Some(Arc::clone(known));
        }
        let made: Arc<str> = Arc::from(code);
        self.0.push(Arc::clone(&made));
        Some(made)
    }
}

/// The `k`th of the report query's packed scores (four bits each, 15 for none).
fn unpack_scores(packed: i64) -> impl Fn(u32) -> Option<u8> {
    move |k| {
        let v = (packed >> (4 * k)) & 15;
        (v <= 10).then_some(v as u8)
    }
}

/// One row of the report query as the report reads it (columns in the query's order).
pub(super) fn visit_row(
    r: &rusqlite::Row<'_>,
    hours: &ServiceHours,
    service_date: &dyn Fn(DateTime<Utc>) -> NaiveDate,
    codes: &mut Codes,
    last: &mut LastDate,
) -> rusqlite::Result<VisitRow> {
    let arrived_at = fast_time(r, 2, last)?;
    let local = arrived_at.with_timezone(&hours.tz);
    let score = unpack_scores(r.get(9)?);
    Ok(VisitRow {
        left_at: match r.get_ref(11)?.as_str_or_null()? {
            Some(_) => Some(fast_time(r, 11, last)?),
            None => None,
        },
        local_hour: local.hour() as u8,
        local_weekday: local.weekday(),
        swemwbs_completion: r
            .get_ref(12)?
            .as_str_or_null()?
            .and_then(Completion::from_code),
        ons4: Ons4 {
            life_satisfaction: score(2),
            worthwhile: score(3),
            happy: score(4),
            anxious: score(5),
        },
        ons4_leaving: Ons4 {
            life_satisfaction: score(6),
            worthwhile: score(7),
            happy: score(8),
            anxious: score(9),
        },
        visit_id: r.get(0)?,
        person_id: r.get(1)?,
        arrived_at,
        service_date: service_date(arrived_at),
        contact_mode: r
            .get_ref(3)?
            .as_str()
            .ok()
            .and_then(ContactMode::from_code)
            .unwrap_or(ContactMode::WalkIn),
        referral_code: codes.of(r.get_ref(4)?.as_str_or_null()?),
        triage_code: codes.of(r.get_ref(5)?.as_str_or_null()?),
        suitability: r
            .get_ref(6)?
            .as_str_or_null()?
            .and_then(Suitability::from_code),
        outcome: r.get_ref(7)?.as_str_or_null()?.and_then(Outcome::from_code),
        seen_at: match r.get_ref(8)?.as_str_or_null()? {
            Some(_) => Some(fast_time(r, 8, last)?),
            None => None,
        },
        distress_arrival: score(0),
        distress_leaving: score(1),
        swemwbs_metric: r
            .get_ref(10)?
            .as_str_or_null()?
            .and_then(Swemwbs::from_stored)
            .map(|s| s.metric()),
        person_first_arrival: None,
    })
}
