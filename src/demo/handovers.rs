//! Demo handovers: every past shift signed off and acknowledged by the next lead, except the
//! most recent one, left unacknowledged so the banner shows. Outside opening hours the last
//! shift is among them: closed out and signed.

use super::{Size, pick};
use crate::domain::handover::{HandoverBody, IpassEntry, Stability, situation};
use crate::domain::person::display_label;
use crate::domain::shift::ServiceHours;
use crate::domain::time::{date_to_stored, to_stored};
use crate::domain::visit::VisitStatus;
use crate::store::StoreError;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Transaction, params};

const STAFFING: &[&str] = &[
    "Two staff and two peer workers; no lone working.",
    "Three staff on; one peer worker left early (unwell).",
    "Short-staffed until 19:00; agency worker covered.",
];
const FACILITIES: &[&str] = &[
    "All fine.",
    "Heating in the quiet room not working; reported.",
    "Kettle replaced.",
    "Fire alarm test at 18:00.",
];
const SUMMARIES: &[&str] = &[
    "Calmer by the end of the evening; going to a friend's tonight.",
    "Waiting for the crisis team to ring back.",
    "Agreed to see GP tomorrow; has the plan on paper.",
];

fn days(size: Size) -> i64 {
    match size {
        Size::Small => 60,
        Size::Large => 3650,
    }
}

pub(super) fn insert(
    tx: &Transaction<'_>,
    rng: &mut ChaCha8Rng,
    size: Size,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let hours = ServiceHours::default();
    let last = hours.current_or_last_shift(now);
    // Run outside opening hours, the last shift is over and its lead signed it off (the next
    // lead has yet to acknowledge it); during a shift, tonight's note is still to be written.
    let newest = if last.contains(now) { 1 } else { 0 };
    let today = last.service_date;
    // Up to three visitors for each note, those still open (carried forward) first.
    let mut visits = tx.prepare(
        "SELECT v.id, v.person_id, p.display_name, v.triage_code, v.status FROM visits v
         JOIN people p ON p.id = v.person_id WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2
         ORDER BY v.status IN ('waiting', 'with_worker', 'seen') DESC, v.arrived_at LIMIT 3",
    )?;
    let mut note = tx.prepare(
        "INSERT INTO handovers (service_date, body, draft_saved_at, drafted_by, signed_at, signed_by,
                                acknowledged_at, acknowledged_by, readback)
         VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut search = tx.prepare("INSERT INTO handover_search (rowid, text) VALUES (?1, ?2)")?;
    for back in (newest..newest + days(size)).rev() {
        let date = today - Duration::days(back);
        let shift = hours.shift_on(date);
        let (from, to) = (shift.starts_at, shift.ends_at);
        let entries: Vec<IpassEntry> = visits
            .query_map(params![to_stored(from), to_stored(to)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(visit_id, person_id, name, code, status)| IpassEntry {
                visit_id,
                person_id,
                person_label: display_label(person_id, name.as_deref()),
                // As the lead signed it: the visit as it stood.
                situation: situation(
                    code.as_deref(),
                    VisitStatus::from_code(&status).map_or("", |s| s.label()),
                    None,
                    None,
                ),
                stability: Stability::ASSESSED[rng.random_range(0..3)],
                summary: pick(rng, SUMMARIES).into(),
                actions: "Day team to ring tomorrow — day team".into(),
                contingency: "If they ring in distress, offer a call back within the hour".into(),
            })
            .collect();
        let body = HandoverBody {
            entries,
            staffing: pick(rng, STAFFING).into(),
            facilities: pick(rng, FACILITIES).into(),
            ..HandoverBody::default()
        };
        let lead = rng.random_range(1..=3i64);
        let next = lead % 3 + 1;
        let signed = to_stored((shift.ends_at + Duration::minutes(10)).min(now));
        let (ack_at, ack_by, readback) = if back == newest {
            (None, None, String::new())
        } else {
            let at = to_stored(
                hours.shift_on(date + Duration::days(1)).starts_at + Duration::minutes(5),
            );
            (
                Some(at),
                Some(next),
                "Read it; will ring the day team about the follow-ups.".to_string(),
            )
        };
        let json = serde_json::to_string(&body).map_err(|e| StoreError::Invalid(e.to_string()))?;
        note.execute(params![
            date_to_stored(date),
            json,
            signed,
            lead,
            ack_at,
            ack_by,
            readback
        ])?;
        search.execute(params![tx.last_insert_rowid(), body.search_text()])?;
    }
    Ok(())
}
