//! A report query's visit row read into a `VisitRow`: its times each day's date made once (a
//! year's report reads tens of thousands), its codes shared, its packed scores unpacked.

use crate::domain::ons4::Ons4;
use crate::domain::report::VisitRow;
use crate::domain::shift::ServiceHours;
use crate::domain::swemwbs::{Completion, Swemwbs};
use crate::domain::time::StoredTimes;
use crate::domain::visit::{ContactMode, Outcome, Suitability};
use crate::store::rows::time;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use rusqlite::Row;
use std::sync::Arc;

/// A stored time of the report query, each day's date made once (see `StoredTimes`).
pub(super) fn fast_time(
    r: &Row<'_>,
    i: usize,
    times: &mut StoredTimes,
) -> rusqlite::Result<DateTime<Utc>> {
    match r.get_ref(i)?.as_str().ok().and_then(|s| times.read(s)) {
        Some(t) => Ok(t),
        // Not a stored time: the general reader says why.
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
    last: &mut StoredTimes,
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
