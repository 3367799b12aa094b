//! Peer support workers: profiles, supervision, weekly availability and its exceptions,
//! assignments to visitors and their sessions, and the rules the Peers pane enforces
//! (caseload cap, session limit, availability, DBS renewal), with matching help.
//! Pure: the store supplies the facts, these functions decide.

mod availability;
mod matching;
mod rules;
mod slot_text;
mod supervision;

pub use availability::{
    AvailabilityException, ExceptionKind, OnNow, Slot, Window, available_windows, check_slots,
    is_available, on_now, weekday_name,
};
pub use matching::{
    CONTINUITY_SCORE, Candidate, CandidateFacts, LANGUAGE_SCORE, LIVED_EXPERIENCE_SCORE,
    ON_LATER_SCORE, ON_TONIGHT_SCORE, UNDER_CAP_SCORE, VisitorNeeds, rank_candidates,
};
pub use rules::{
    AssignmentFacts, PACING_DAYS, Refusal, Refused, SessionFacts, check_assignment,
    check_next_session, check_sessions_planned, decide, episode_sessions, too_soon,
};
pub use slot_text::{parse_slots, short_weekday, slot_line, slots_to_text};
pub use supervision::{
    DbsStatus, Supervision, SupervisionEntry, SupervisionKind, SupervisionStatus, dbs_status,
    supervision_status,
};

use crate::domain::text::{TextError, optional_line, single_line};
use chrono::{DateTime, NaiveDate, Utc};
use std::fmt;

pub const WORKER_NAME_MAX: usize = 80;
pub const LIST_ITEM_MAX: usize = 60;
pub const TRAINING_MAX: usize = 500;
pub const SUPERVISOR_MAX: usize = 80;
pub const REASON_MAX: usize = 200;
pub const SESSION_NOTE_MAX: usize = 1000;
/// A per-worker cap above this is almost certainly a typing slip.
pub const CAP_MAX: u32 = 50;
pub const SESSION_MINUTES_MIN: u32 = 1;
pub const SESSION_MINUTES_MAX: u32 = 240;

pub const DEFAULT_CASELOAD_CAP: u32 = 5;
pub const DEFAULT_SESSION_LIMIT: u32 = 12;
pub const DEFAULT_DBS_RENEWAL_YEARS: u32 = 3;
/// An episode of support ends after this many weeks without a session.
pub const DEFAULT_EPISODE_GAP_WEEKS: u32 = 12;
/// Supervision is due this many months after the last one (the seed: monthly one-to-one).
pub const DEFAULT_SUPERVISION_MONTHS: u32 = 1;
/// A DBS renewal is flagged this many days before it falls due.
pub const DEFAULT_DBS_WARNING_DAYS: u32 = 30;

/// The service-wide numbers the rules use (settings, with DESIGN.md's defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerSettings {
    /// Active visitors per worker, unless the worker has their own cap.
    pub caseload_cap: u32,
    /// Sessions per assignment: planned may not exceed it; logging past it needs an override.
    pub session_limit: u32,
    pub dbs_renewal_years: u32,
    /// Weeks without a session after which the visitor's episode of support has ended and
    /// the session limit starts again.
    pub episode_gap_weeks: u32,
    pub supervision_months: u32,
    pub dbs_warning_days: u32,
}

impl Default for PeerSettings {
    fn default() -> Self {
        PeerSettings {
            caseload_cap: DEFAULT_CASELOAD_CAP,
            session_limit: DEFAULT_SESSION_LIMIT,
            dbs_renewal_years: DEFAULT_DBS_RENEWAL_YEARS,
            episode_gap_weeks: DEFAULT_EPISODE_GAP_WEEKS,
            supervision_months: DEFAULT_SUPERVISION_MONTHS,
            dbs_warning_days: DEFAULT_DBS_WARNING_DAYS,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Employment {
    Paid,
    Volunteer,
}

impl Employment {
    pub const ALL: [Employment; 2] = [Employment::Paid, Employment::Volunteer];

    pub fn code(self) -> &'static str {
        match self {
            Employment::Paid => "paid",
            Employment::Volunteer => "volunteer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Employment::Paid => "Paid",
            Employment::Volunteer => "Volunteer",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }
}

/// What a worker's profile says about them. Whether they are active is kept on the record,
/// not here, because deactivating has its own rule (no active visitors left).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerProfile {
    pub name: String,
    pub employment: Employment,
    pub lived_experience: Vec<String>,
    pub languages: Vec<String>,
    pub dbs_checked_on: Option<NaiveDate>,
    pub training: String,
    /// None: the service's cap applies.
    pub caseload_cap: Option<u32>,
}

impl WorkerProfile {
    /// Trims and checks every field; returns the profile as it should be stored.
    pub fn checked(&self, today: NaiveDate) -> Result<WorkerProfile, String> {
        let text = |e: TextError| format!("{e}.");
        let name =
            collapse_spaces(&single_line("Name", &self.name, WORKER_NAME_MAX).map_err(text)?);
        let training = optional_line("Training", &self.training, TRAINING_MAX)
            .map_err(text)?
            .unwrap_or_default();
        if self.dbs_checked_on.is_some_and(|d| d > today) {
            return Err("The DBS check date is in the future.".into());
        }
        if let Some(cap) = self.caseload_cap.filter(|c| *c > CAP_MAX) {
            return Err(format!(
                "A caseload cap of {cap} is too high (at most {CAP_MAX} visitors)."
            ));
        }
        Ok(WorkerProfile {
            name,
            employment: self.employment,
            lived_experience: checked_list("Lived experience", &self.lived_experience)?,
            languages: checked_list("Language", &self.languages)?,
            dbs_checked_on: self.dbs_checked_on,
            training,
            caseload_cap: self.caseload_cap,
        })
    }
}

/// A worker as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerWorker {
    pub id: i64,
    pub profile: WorkerProfile,
    pub active: bool,
}

impl PeerWorker {
    pub fn name(&self) -> &str {
        &self.profile.name
    }

    /// The worker's own cap if they have one, else the service's.
    pub fn cap(&self, settings: &PeerSettings) -> Cap {
        match self.profile.caseload_cap {
            Some(limit) => Cap { limit, own: true },
            None => Cap {
                limit: settings.caseload_cap,
                own: false,
            },
        }
    }
}

/// How many active visitors a worker may have, and whose number that is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    pub limit: u32,
    /// The worker's own cap rather than the service's.
    pub own: bool,
}

impl Cap {
    pub fn whose(&self) -> &'static str {
        if self.own {
            "their cap"
        } else {
            "the service's cap"
        }
    }
}

/// "2 of 5 visitors", "5 of 5 visitors (full)".
pub fn load_text(active: u32, cap: Cap) -> String {
    let noun = visitors(cap.limit);
    if active >= cap.limit {
        format!("{active} of {} {noun} (full)", cap.limit)
    } else {
        format!("{active} of {} {noun}", cap.limit)
    }
}

/// "visitor" or "visitors", agreeing with a cap of `n`.
pub(crate) fn visitors(n: u32) -> &'static str {
    if n == 1 { "visitor" } else { "visitors" }
}

/// Whether two worker names are the same person's, ignoring case (any script) and spacing.
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

fn name_key(name: &str) -> String {
    collapse_spaces(name).to_lowercase()
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits "English, Polish" into its items (trimmed, empty ones dropped).
pub fn parse_list(input: &str) -> Vec<String> {
    input
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// How a list is stored: one text column, items joined by ", ".
pub fn list_to_stored(items: &[String]) -> String {
    items.join(", ")
}

/// Matching key for languages and lived-experience areas: case, spaces and hyphens do not
/// matter ("Self-harm" is "self harm").
pub(crate) fn area_key(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn checked_list(field: &'static str, items: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let Some(item) = optional_line(field, item, LIST_ITEM_MAX).map_err(|e| format!("{e}."))?
        else {
            continue;
        };
        if item.contains(',') {
            return Err(format!("{field}: one item per entry, without commas."));
        }
        if !out.iter().any(|o| area_key(o) == area_key(&item)) {
            out.push(collapse_spaces(&item));
        }
    }
    Ok(out)
}

/// "5 May 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// What an assignment is, as the lead asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssignment {
    pub person_id: i64,
    pub worker_id: i64,
    /// The visit it was made from, if any.
    pub visit_id: Option<i64>,
    pub started_on: NaiveDate,
    pub sessions_planned: u32,
    /// Given only when the lead overrides a refusal.
    pub override_reason: Option<String>,
}

/// A visitor paired with a worker, as stored, with the sessions used so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub id: i64,
    pub person_id: i64,
    /// The visitor's display name (None: anonymous).
    pub person_name: Option<String>,
    pub worker_id: i64,
    pub worker_name: String,
    pub visit_id: Option<i64>,
    pub started_on: NaiveDate,
    pub sessions_planned: u32,
    pub sessions_used: u32,
    pub minutes_used: u32,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: String,
    /// Empty unless a refusal was overridden.
    pub override_reason: String,
    /// When the visitor last arrived: with their number, it tells two of the same name apart.
    /// Read only where that is shown, for a visitor whose name another visitor in the same
    /// list shares (`namesakes`, `Store::tell_namesakes_apart`); None otherwise.
    pub last_visit: Option<DateTime<Utc>>,
}

/// The visitors among `rows` whose name another visitor among them shares: only those rows
/// show a number and a last visit (`person::told_apart`), so only theirs need reading. Each
/// visitor once, in the order first met.
pub fn namesakes(rows: &[Assignment]) -> Vec<i64> {
    use std::collections::{HashMap, HashSet};
    let labels: Vec<String> = rows.iter().map(Assignment::person_label).collect();
    let mut people: HashMap<&str, HashSet<i64>> = HashMap::new();
    for (a, label) in rows.iter().zip(&labels) {
        people.entry(label).or_default().insert(a.person_id);
    }
    let mut seen = HashSet::new();
    rows.iter()
        .zip(&labels)
        .filter(|(_, label)| people.get(label.as_str()).is_some_and(|ids| ids.len() > 1))
        .map(|(a, _)| a.person_id)
        .filter(|id| seen.insert(*id))
        .collect()
}

impl Assignment {
    pub fn is_active(&self) -> bool {
        self.ended_on.is_none()
    }

    pub fn person_label(&self) -> String {
        crate::domain::person::display_label(self.person_id, self.person_name.as_deref())
    }

    /// "3 of 6 sessions".
    pub fn sessions_text(&self) -> String {
        format!(
            "{} of {}",
            self.sessions_used,
            super::plural::count(self.sessions_planned as usize, "session", "sessions")
        )
    }
}

/// An assignment cannot end before it started.
pub fn check_end(started_on: NaiveDate, ended_on: NaiveDate) -> Result<(), String> {
    if ended_on < started_on {
        return Err(format!(
            "An assignment cannot end ({}) before it started ({}).",
            long_date(ended_on),
            long_date(started_on)
        ));
    }
    Ok(())
}

/// A session as the lead logs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub assignment_id: i64,
    pub held_on: NaiveDate,
    pub minutes: u32,
    pub note: String,
    /// Given only when the lead overrides a refusal (past the plan or the limit).
    pub override_reason: Option<String>,
}

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    pub assignment_id: i64,
    pub held_on: NaiveDate,
    pub minutes: u32,
    pub note: String,
    pub override_reason: String,
}

pub fn check_minutes(minutes: u32) -> Result<u32, String> {
    if (SESSION_MINUTES_MIN..=SESSION_MINUTES_MAX).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(format!(
            "A session lasts {SESSION_MINUTES_MIN} to {SESSION_MINUTES_MAX} minutes; {minutes} is outside that."
        ))
    }
}

/// A session falls within its assignment and is not in the future.
pub fn check_session_date(
    held_on: NaiveDate,
    started_on: NaiveDate,
    ended_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), String> {
    if held_on > today {
        return Err("A session cannot be logged for a future date.".into());
    }
    if held_on < started_on {
        return Err(format!(
            "The session ({}) is before the assignment started ({}).",
            long_date(held_on),
            long_date(started_on)
        ));
    }
    if let Some(end) = ended_on.filter(|end| held_on > *end) {
        return Err(format!(
            "The session ({}) is after the assignment ended ({}).",
            long_date(held_on),
            long_date(end)
        ));
    }
    Ok(())
}

impl fmt::Display for Employment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One row of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub worker: PeerWorker,
    pub active_caseload: u32,
    pub cap: Cap,
    pub dbs: DbsStatus,
    pub supervision: crate::domain::peers::SupervisionStatus,
}

/// A worker on in the shift, with their load and who they are with now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnTonight {
    pub worker: PeerWorker,
    /// When in the shift they are on.
    pub windows: Vec<Window>,
    /// Where they stand at the time the board was read.
    pub on: crate::domain::peers::OnNow,
    pub active_caseload: u32,
    pub cap: Cap,
    /// Their visitors who are here in this shift (an open visit).
    pub with_now: Vec<WithNow>,
    /// Their DBS check and supervision as of tonight, so the board warns as the roster does.
    pub dbs: DbsStatus,
    pub supervision: SupervisionStatus,
}

impl OnTonight {
    /// What is due for this worker, in words ("supervision due since 12 December 2026",
    /// "DBS renewal due 19 December 2026"); empty when nothing is.
    pub fn due(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.supervision.is_flagged() {
            out.push(self.supervision.text());
        }
        if self.dbs.is_flagged() {
            out.push(self.dbs.text());
        }
        out
    }
}

/// A worker's visitor who is here tonight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithNow {
    pub assignment_id: i64,
    pub person_id: i64,
    pub display_name: Option<String>,
    pub visit_id: i64,
}

impl WithNow {
    pub fn label(&self) -> String {
        crate::domain::person::display_label(self.person_id, self.display_name.as_deref())
    }
}

/// An availability exception as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExceptionEntry {
    pub id: i64,
    pub worker_id: i64,
    pub exception: AvailabilityException,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn profile() -> WorkerProfile {
        WorkerProfile {
            name: "  Sky   Sample ".into(),
            employment: Employment::Volunteer,
            lived_experience: vec!["Bereavement".into(), " ".into(), "bereavement".into()],
            languages: parse_list("English, Polish,, "),
            dbs_checked_on: Some(d(2025, 1, 10)),
            training: " Peer support induction ".into(),
            caseload_cap: None,
        }
    }

    fn row(id: i64, person_id: i64, name: Option<&str>) -> Assignment {
        Assignment {
            id,
            person_id,
            person_name: name.map(String::from),
            worker_id: 1,
            worker_name: "Sky Sample".into(),
            visit_id: None,
            started_on: d(2026, 11, 1),
            sessions_planned: 6,
            sessions_used: 0,
            minutes_used: 0,
            ended_on: None,
            end_reason: String::new(),
            override_reason: String::new(),
            last_visit: None,
        }
    }

    #[test]
    fn namesakes_are_the_visitors_sharing_a_name_with_another_each_once() {
        let rows = [
            row(1, 10, Some("Sam")),
            row(2, 11, Some("Kit")),
            row(3, 12, Some("Sam")),
            // The same visitor twice is not two people of one name.
            row(4, 11, Some("Kit")),
            row(5, 10, Some("Sam")),
            row(6, 13, None),
            row(7, 14, None),
        ];
        assert_eq!(namesakes(&rows), [10, 12]);
        assert_eq!(namesakes(&rows[..2]), Vec::<i64>::new());
        assert_eq!(namesakes(&[]), Vec::<i64>::new());
        // Anonymous visitors are labelled by number, so never alike.
        assert_eq!(namesakes(&rows[5..]), Vec::<i64>::new());
    }

    #[test]
    fn a_profile_is_trimmed_and_lists_deduplicated() {
        let p = profile().checked(d(2026, 11, 22)).unwrap();
        assert_eq!(p.name, "Sky Sample");
        assert_eq!(p.lived_experience, ["Bereavement"]);
        assert_eq!(p.languages, ["English", "Polish"]);
        assert_eq!(p.training, "Peer support induction");
        assert_eq!(list_to_stored(&p.languages), "English, Polish");
        assert_eq!(parse_list(&list_to_stored(&p.languages)), p.languages);
    }

    #[test]
    fn a_profile_with_bad_fields_is_refused_with_the_reason() {
        let today = d(2026, 11, 22);
        let mut p = profile();
        p.name = " ".into();
        assert_eq!(p.checked(today).unwrap_err(), "Name cannot be empty.");
        let mut p = profile();
        p.dbs_checked_on = Some(d(2026, 11, 23));
        assert_eq!(
            p.checked(today).unwrap_err(),
            "The DBS check date is in the future."
        );
        let mut p = profile();
        p.caseload_cap = Some(500);
        assert!(p.checked(today).unwrap_err().contains("too high"));
        let mut p = profile();
        p.languages = vec!["English, Polish".into()];
        assert_eq!(
            p.checked(today).unwrap_err(),
            "Language: one item per entry, without commas."
        );
        let mut p = profile();
        p.caseload_cap = Some(0);
        assert!(
            p.checked(today).is_ok(),
            "a cap of 0 pauses new assignments"
        );
    }

    #[test]
    fn names_match_ignoring_case_and_spacing_in_any_script() {
        assert!(same_name("Sky Sample", " sky  SAMPLE"));
        assert!(same_name("ZOË Example", "zoë example"));
        assert!(!same_name("Sky Sample", "Sky Samples"));
    }

    #[test]
    fn cap_comes_from_the_worker_or_the_service() {
        let settings = PeerSettings::default();
        let mut w = PeerWorker {
            id: 1,
            profile: profile(),
            active: true,
        };
        assert_eq!(
            w.cap(&settings),
            Cap {
                limit: 5,
                own: false
            }
        );
        w.profile.caseload_cap = Some(3);
        assert_eq!(
            w.cap(&settings),
            Cap {
                limit: 3,
                own: true
            }
        );
        assert_eq!(
            load_text(
                2,
                Cap {
                    limit: 5,
                    own: false
                }
            ),
            "2 of 5 visitors"
        );
        assert_eq!(
            load_text(
                3,
                Cap {
                    limit: 3,
                    own: true
                }
            ),
            "3 of 3 visitors (full)"
        );
        assert_eq!(
            load_text(
                0,
                Cap {
                    limit: 1,
                    own: true
                }
            ),
            "0 of 1 visitor"
        );
    }

    #[test]
    fn dbs_is_flagged_once_older_than_the_renewal_period() {
        let checked = Some(d(2023, 11, 22));
        assert_eq!(
            dbs_status(checked, d(2026, 11, 22), 3, 0),
            DbsStatus::Current {
                renew_by: d(2026, 11, 22)
            }
        );
        let due = dbs_status(checked, d(2026, 11, 23), 3, 0);
        assert_eq!(
            due,
            DbsStatus::Due {
                renew_by: d(2026, 11, 22)
            }
        );
        assert!(due.is_flagged());
        assert_eq!(due.text(), "DBS renewal due since 22 November 2026");
        assert!(!dbs_status(checked, d(2026, 11, 23), 5, 30).is_flagged());
        assert!(dbs_status(None, d(2026, 11, 23), 3, 30).is_flagged());
        assert_eq!(
            dbs_status(Some(d(2024, 2, 29)), d(2027, 3, 1), 3, 0),
            DbsStatus::Due {
                renew_by: d(2027, 2, 28)
            }
        );
    }

    #[test]
    fn a_dbs_renewal_is_flagged_ahead_of_time_within_the_warning_days() {
        // Renewal due 20 December 2026; warned 30 days ahead.
        let checked = Some(d(2023, 12, 20));
        let on = |day| dbs_status(checked, day, 3, 30);
        assert_eq!(
            on(d(2026, 11, 19)),
            DbsStatus::Current {
                renew_by: d(2026, 12, 20)
            },
            "31 days ahead"
        );
        let soon = on(d(2026, 11, 20));
        assert_eq!(
            soon,
            DbsStatus::DueSoon {
                renew_by: d(2026, 12, 20)
            }
        );
        assert!(
            soon.is_flagged(),
            "19 days away must not wait until it is overdue"
        );
        assert_eq!(soon.text(), "DBS renewal due 20 December 2026");
        assert!(matches!(on(d(2026, 12, 20)), DbsStatus::DueSoon { .. }));
        assert!(matches!(on(d(2026, 12, 21)), DbsStatus::Due { .. }));
    }

    #[test]
    fn one_to_one_supervision_falls_due_a_month_after_the_last() {
        let last = Some(d(2026, 10, 3));
        assert_eq!(
            supervision_status(last, d(2026, 11, 2), 1),
            SupervisionStatus::Current {
                next_by: d(2026, 11, 3)
            }
        );
        let due = supervision_status(last, d(2026, 11, 22), 1);
        assert_eq!(
            due,
            SupervisionStatus::Due {
                since: d(2026, 11, 3)
            }
        );
        assert!(due.is_flagged());
        assert_eq!(due.text(), "supervision due since 3 November 2026");
        assert!(supervision_status(None, d(2026, 11, 22), 1).is_flagged());
        // 31 January plus a month is the last day of February.
        assert_eq!(
            supervision_status(Some(d(2027, 1, 31)), d(2027, 2, 27), 1),
            SupervisionStatus::Current {
                next_by: d(2027, 2, 28)
            }
        );
    }

    #[test]
    fn session_minutes_and_dates() {
        assert_eq!(check_minutes(1), Ok(1));
        assert_eq!(check_minutes(240), Ok(240));
        assert_eq!(
            check_minutes(0).unwrap_err(),
            "A session lasts 1 to 240 minutes; 0 is outside that."
        );
        assert!(check_minutes(241).is_err());
        let (start, today) = (d(2026, 11, 1), d(2026, 11, 22));
        assert!(check_session_date(d(2026, 11, 1), start, None, today).is_ok());
        assert!(check_session_date(d(2026, 10, 31), start, None, today).is_err());
        assert_eq!(
            check_session_date(d(2026, 11, 23), start, None, today).unwrap_err(),
            "A session cannot be logged for a future date."
        );
        assert!(check_session_date(d(2026, 11, 10), start, Some(d(2026, 11, 9)), today).is_err());
    }

    #[test]
    fn an_assignment_cannot_end_before_it_starts() {
        assert!(check_end(d(2026, 11, 1), d(2026, 11, 1)).is_ok());
        assert_eq!(
            check_end(d(2026, 11, 2), d(2026, 11, 1)).unwrap_err(),
            "An assignment cannot end (1 November 2026) before it started (2 November 2026)."
        );
    }

    #[test]
    fn supervision_rules_and_codes() {
        let s = Supervision {
            held_on: d(2026, 11, 20),
            supervisor: " Casey Specimen ".into(),
            kind: SupervisionKind::OneToOne,
        };
        assert_eq!(
            s.checked(d(2026, 11, 22)).unwrap().supervisor,
            "Casey Specimen"
        );
        assert!(s.checked(d(2026, 11, 19)).is_err());
        for k in SupervisionKind::ALL {
            assert_eq!(SupervisionKind::from_code(k.code()), Some(k));
        }
        for e in Employment::ALL {
            assert_eq!(Employment::from_code(e.code()), Some(e));
        }
        assert_eq!(area_key(" Self-Harm "), area_key("self harm"));
    }
}
