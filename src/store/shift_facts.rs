//! What a shift's records say, for drafting its handover: the visitors (carried from earlier
//! shifts, out of hours before it, and its own), open concerns and follow-ups, onward
//! referrals, peer support begun and continuing, what the last lead flagged, and incidents.

use super::rows::time;
use super::{Store, StoreError};
use crate::domain::handover::{HandoverBody, ShiftFacts, VisitorFact, situation_from};
use crate::domain::person::display_label;
use crate::domain::shift::ServiceHours;
use crate::domain::time::{date_from_stored, date_to_stored, to_stored};
use crate::domain::visit::VisitStatus;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

/// At most this many carried items of one kind go into a draft (the open list in Intake, `o`,
/// has them all).
const CARRIED_MAX: usize = 100;

/// The visit columns every visitor query selects, in the order `visitor_fact` reads them.
const VISITOR_COLUMNS: &str =
    "v.id, v.person_id, p.display_name, v.triage_code, v.status, v.arrived_at,
        (SELECT c.reason FROM visit_carried c WHERE c.visit_id = v.id
         ORDER BY c.from_date DESC LIMIT 1)";

/// The shift being handed over and the times that bound what belongs to it.
struct Span<'a> {
    hours: &'a ServiceHours,
    service_date: NaiveDate,
    /// The shift's own hours: a contact after closing is out of hours, for the next shift's
    /// note (taken from the stretch before that one).
    from_at: DateTime<Utc>,
    to_at: DateTime<Utc>,
    /// When the service closed before this shift: what came in since is this note's too.
    closed_at: DateTime<Utc>,
}

impl Span<'_> {
    fn from(&self) -> String {
        to_stored(self.from_at)
    }

    fn to(&self) -> String {
        to_stored(self.to_at)
    }

    fn closed(&self) -> String {
        to_stored(self.closed_at)
    }

    /// One visitor row as the note's line about them.
    fn visitor_fact(&self, r: &rusqlite::Row<'_>) -> rusqlite::Result<VisitorFact> {
        Ok(VisitorFact {
            visit_id: r.get(0)?,
            person_id: r.get(1)?,
            person_label: label(r.get(1)?, r.get(2)?),
            situation: situation_of(r, 3, self.hours, self.service_date)?,
        })
    }
}

/// How a visit stands for the note of the shift of `service_date`, from four columns from
/// `first`: its triage code, status, arrival and latest carried-forward reason (as
/// VISITOR_COLUMNS reads them). The one reading of it, for the draft and for the lines a draft
/// follows up to its signing.
pub(super) fn situation_of(
    r: &rusqlite::Row<'_>,
    first: usize,
    hours: &ServiceHours,
    service_date: NaiveDate,
) -> rusqlite::Result<String> {
    let code: Option<String> = r.get(first)?;
    let status = VisitStatus::from_code(&r.get::<_, String>(first + 1)?);
    let open = status.is_some_and(VisitStatus::is_open);
    let origin = hours.origin(service_date, time(r, first + 2)?);
    let because: Option<String> = r.get(first + 3)?;
    Ok(situation_from(
        code.as_deref(),
        status.map_or("", |s| s.label()),
        origin,
        // Carried in: why it was. The shift's own, carried forward at its close-out and still
        // open: why, for the next lead.
        because.as_deref().filter(|_| origin.is_some() || open),
        hours.tz,
    ))
}

fn label(id: i64, name: Option<String>) -> String {
    display_label(id, name.as_deref())
}

impl Store {
    /// What the shift's records say, for drafting its handover, with the visits still open
    /// from earlier shifts carried in until they are closed.
    pub fn shift_facts(
        &self,
        hours: &ServiceHours,
        service_date: NaiveDate,
    ) -> Result<ShiftFacts, StoreError> {
        let shift = hours.shift_on(service_date);
        let span = Span {
            hours,
            service_date,
            from_at: shift.starts_at,
            to_at: shift.ends_at,
            closed_at: hours.out_of_hours_before(service_date).0,
        };
        let visitors = self.visitor_facts(&span)?;
        let carried: Vec<i64> = visitors.iter().map(|v| v.visit_id).collect();
        Ok(ShiftFacts {
            visitors,
            safeguarding: self.open_concerns(&span)?,
            // Every follow-up still open, from tonight and any earlier shift, until it is
            // closed; those closed since the shift began leave a draft that still has their line.
            follow_ups: super::follow_ups::open_before(&self.conn, hours, span.to_at, CARRIED_MAX)?
                .iter()
                .map(|f| f.handover_line(service_date))
                .collect(),
            closed: super::follow_ups::closed_since(&self.conn, hours, span.from_at, span.to_at)?
                .iter()
                .map(|f| f.handover_line(service_date))
                .collect(),
            referrals: self.onward_referrals(&span)?,
            assignments: self.assignments_begun(&span)?,
            continuing: self.assignments_continuing(&span)?,
            flagged: self.flagged_by_last_lead(service_date, &carried)?,
            incidents: self.incidents_in(&span)?,
            ..ShiftFacts::default()
        })
    }

    /// The visitors for the note, in the order a lead takes them: open visits from earlier
    /// shifts (never closed off) first, they have waited longest; then every contact while
    /// the service was closed since the last shift, whatever became of it (nobody else has
    /// handed it over); then the shift's own still open or with a follow-up open.
    fn visitor_facts(&self, span: &Span<'_>) -> Result<Vec<VisitorFact>, StoreError> {
        // The partial index keeps this cheap however long the history.
        let mut visitors = self
            .conn
            .prepare_cached(&format!(
                "SELECT {VISITOR_COLUMNS}
                 FROM visits v INDEXED BY visits_open JOIN people p ON p.id = v.person_id
                 WHERE v.status IN ('waiting', 'with_worker', 'seen') AND v.arrived_at < ?1
                 ORDER BY v.arrived_at, v.id"
            ))?
            .query_map(params![span.closed()], |r| span.visitor_fact(r))?
            .collect::<Result<Vec<_>, _>>()?;
        let out_of_hours = self
            .conn
            .prepare_cached(&format!(
                "SELECT {VISITOR_COLUMNS}
                 FROM visits v JOIN people p ON p.id = v.person_id
                 WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2
                 ORDER BY v.arrived_at, v.id"
            ))?
            .query_map(params![span.closed(), span.from()], |r| {
                span.visitor_fact(r)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let tonight = self
            .conn
            .prepare_cached(&format!(
                "SELECT {VISITOR_COLUMNS}
                 FROM visits v JOIN people p ON p.id = v.person_id
                 WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2
                   AND (v.status IN ('waiting', 'with_worker', 'seen')
                        OR EXISTS (SELECT 1 FROM follow_ups f WHERE f.visit_id = v.id AND f.done_at IS NULL))
                 ORDER BY v.arrived_at, v.id"
            ))?
            .query_map(params![span.from(), span.to()], |r| span.visitor_fact(r))?
            .collect::<Result<Vec<_>, _>>()?;
        visitors.extend(out_of_hours);
        visitors.extend(tonight);
        Ok(visitors)
    }

    /// Every safeguarding concern still open, from tonight and from any earlier shift, until a
    /// lead closes it (Intake, S): the partial index keeps this to the open ones.
    fn open_concerns(&self, span: &Span<'_>) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.person_id, p.display_name, s.categories, s.other_detail, s.referral_made, s.referred_to, s.reference,
                    v.arrived_at
             FROM safeguarding s INDEXED BY safeguarding_open
             JOIN visits v ON v.id = s.visit_id JOIN people p ON p.id = v.person_id
             WHERE s.closed_at IS NULL AND v.arrived_at < ?1
               AND (s.categories <> '' OR s.other_detail <> '') ORDER BY v.arrived_at, v.id",
        )?;
        let lines = stmt
            .query_map(params![span.to()], |r| {
                let cats: Vec<&str> = crate::domain::visit::Safeguarding::categories_from_stored(
                    &r.get::<_, String>(2)?,
                )
                .into_iter()
                .map(|c| c.label())
                .collect();
                let other: String = r.get(3)?;
                let concern = match (cats.join(", "), other) {
                    (cats, other) if other.is_empty() => cats,
                    (cats, other) if cats.is_empty() => other,
                    (cats, other) => format!("{cats}; {other}"),
                };
                let referral = if r.get::<_, bool>(4)? {
                    format!(
                        "referred to {} (ref {})",
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?
                    )
                } else {
                    "no referral made yet".into()
                };
                let arrived = time(r, 7)?;
                let from_note = if arrived < span.from_at {
                    format!(
                        " · from {}",
                        span.hours.service_date_of(arrived).format("%a %-d %b")
                    )
                } else {
                    String::new()
                };
                Ok(format!(
                    "{}: {concern}; {referral}{from_note}",
                    label(r.get(0)?, r.get(1)?)
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(lines)
    }

    /// The shift's visitors referred on, with the reason.
    fn onward_referrals(&self, span: &Span<'_>) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.person_id, p.display_name, v.suitability_reason FROM visits v JOIN people p ON p.id = v.person_id
             WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2
               AND (v.suitability = 'onward_referral' OR v.status = 'referred_on') ORDER BY v.arrived_at",
        )?;
        let lines = stmt
            .query_map(params![span.from(), span.to()], |r| {
                let reason: String = r.get(2)?;
                let who = label(r.get(0)?, r.get(1)?);
                Ok(if reason.is_empty() {
                    who
                } else {
                    format!("{who}: {reason}")
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(lines)
    }

    /// Peer support begun on the shift: who with whom.
    fn assignments_begun(&self, span: &Span<'_>) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.person_id, p.display_name, w.name FROM assignments a JOIN people p ON p.id = a.person_id
             JOIN peer_workers w ON w.id = a.worker_id WHERE a.started_on = ?1 ORDER BY a.id",
        )?;
        let lines = stmt
            .query_map([date_to_stored(span.service_date)], |r| {
                Ok(format!(
                    "{} with {}",
                    label(r.get(0)?, r.get(1)?),
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(lines)
    }

    /// Peer support started on an earlier shift and still going, with sessions left.
    fn assignments_continuing(&self, span: &Span<'_>) -> Result<Vec<String>, StoreError> {
        // The limit written in, not bound (see `store::rows`).
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.person_id, p.display_name, w.name, a.started_on, a.sessions_planned,
                    (SELECT count(*) FROM peer_sessions s WHERE s.assignment_id = a.id) AS used
             FROM assignments a INDEXED BY assignments_active
             JOIN people p ON p.id = a.person_id JOIN peer_workers w ON w.id = a.worker_id
             WHERE a.ended_on IS NULL AND a.started_on < ?1 AND used < a.sessions_planned
             ORDER BY a.started_on, a.id LIMIT {CARRIED_MAX}"
        ))?;
        let lines = stmt
            .query_map(params![date_to_stored(span.service_date)], |r| {
                let started =
                    date_from_stored(&r.get::<_, String>(3)?).unwrap_or(span.service_date);
                let planned: u32 = r.get(4)?;
                let used: u32 = r.get(5)?;
                Ok(format!(
                    "{} with {}, {} of {} · from {}",
                    label(r.get(0)?, r.get(1)?),
                    r.get::<_, String>(2)?,
                    used,
                    crate::domain::plural::count(planned as usize, "session", "sessions"),
                    started.format("%a %-d %b")
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(lines)
    }

    /// The shift's incidents, and those out of hours before it, dated (nobody else's note has
    /// them).
    fn incidents_in(&self, span: &Span<'_>) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.occurred_at, i.kind, v.person_id, p.display_name, i.action FROM incidents i
             JOIN visits v ON v.id = i.visit_id JOIN people p ON p.id = v.person_id
             WHERE i.occurred_at >= ?1 AND i.occurred_at < ?2 ORDER BY i.occurred_at",
        )?;
        let lines = stmt
            .query_map(params![span.closed(), span.to()], |r| {
                let occurred = time(r, 0)?;
                let format = if occurred < span.from_at {
                    "out of hours %a %-d %b %H:%M"
                } else {
                    "%H:%M"
                };
                let at = occurred.with_timezone(&span.hours.tz).format(format);
                let action: String = r.get(4)?;
                let mut s = format!(
                    "{at} {} ({})",
                    r.get::<_, String>(1)?,
                    label(r.get(2)?, r.get(3)?)
                );
                if !action.is_empty() {
                    s.push_str(&format!(": {action}"));
                }
                Ok(s)
            })?
            .collect::<Result<_, _>>()?;
        Ok(lines)
    }

    /// What the last signed note before `service_date` flagged for the next lead: its entries
    /// judged "watcher" or "unstable", with the actions the lead wrote.
    /// Visitors in `carried` already have their own entry, so are not flagged again.
    fn flagged_by_last_lead(
        &self,
        service_date: NaiveDate,
        carried: &[i64],
    ) -> Result<Vec<String>, StoreError> {
        let last: Option<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT service_date, body FROM handovers
                 WHERE service_date < ?1 AND signed_at IS NOT NULL
                 ORDER BY service_date DESC LIMIT 1",
            )?
            .query_row([date_to_stored(service_date)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((date, body)) = last else {
            return Ok(Vec::new());
        };
        let date = date_from_stored(&date).unwrap_or(service_date);
        let body: HandoverBody = serde_json::from_str(&body).unwrap_or_default();
        Ok(crate::domain::handover::flagged_lines(&body, date, carried))
    }
}
