//! Visits: contact modes, the status machine, suitability, outcome codes, and the rules the
//! Intake board and triage form enforce.

use chrono::{DateTime, Duration, Utc};
use std::fmt;

macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// What the user reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

coded_enum!(
    /// How the person made contact.
    ContactMode {
        WalkIn => ("walk_in", "Walk-in"),
        Phone => ("phone", "Phone"),
        Video => ("video", "Video"),
    }
);

coded_enum!(
    /// Where a visit stands tonight.
    VisitStatus {
        Waiting => ("waiting", "Waiting"),
        WithWorker => ("with_worker", "With worker"),
        Seen => ("seen", "Seen"),
        Left => ("left", "Left"),
        ReferredOn => ("referred_on", "Referred on"),
        LeftUnseen => ("left_unseen", "Left before being seen"),
    }
);

coded_enum!(
    /// Whether the service was right for the person tonight.
    Suitability {
        Accepted => ("accepted", "Accepted"),
        Signposted => ("signposted", "Signposted"),
        OnwardReferral => ("onward_referral", "Onward referral"),
        EmergencyServices => ("emergency_services", "Emergency services"),
        Declined => ("declined", "Declined"),
    }
);

coded_enum!(
    /// NHS drop-in contact outcome codes.
    Outcome {
        CallerDisconnected => ("01", "01 Caller disconnected"),
        AdviceOnly => ("02", "02 Advice only"),
        SignpostedNonNhs => ("03", "03 Signposted to non-NHS service"),
        NonUrgentNhsReferral => ("04", "04 Non-urgent NHS referral"),
        UrgentFaceToFace => ("05", "05 Urgent face-to-face referral"),
        EmergencyServicesNotified => ("06", "06 Emergency services notified"),
        Other => ("98", "98 Other"),
    }
);

coded_enum!(
    /// The ten categories of abuse and neglect in the Care Act 2014 statutory guidance.
    CareActCategory {
        Physical => ("physical", "Physical abuse"),
        Domestic => ("domestic", "Domestic violence or abuse"),
        Sexual => ("sexual", "Sexual abuse"),
        Psychological => ("psychological", "Psychological or emotional abuse"),
        Financial => ("financial", "Financial or material abuse"),
        ModernSlavery => ("modern_slavery", "Modern slavery"),
        Discriminatory => ("discriminatory", "Discriminatory abuse"),
        Organisational => ("organisational", "Organisational or institutional abuse"),
        Neglect => ("neglect", "Neglect or acts of omission"),
        SelfNeglect => ("self_neglect", "Self-neglect"),
    }
);

impl VisitStatus {
    /// The statuses a visit may move to from this one.
    pub fn next_allowed(self) -> &'static [VisitStatus] {
        use VisitStatus::*;
        match self {
            Waiting => &[WithWorker, ReferredOn, LeftUnseen],
            WithWorker => &[Seen, ReferredOn],
            Seen => &[Left, ReferredOn],
            Left | ReferredOn | LeftUnseen => &[],
        }
    }

    /// A label short enough for the board's status column.
    pub fn short_label(self) -> &'static str {
        match self {
            VisitStatus::LeftUnseen => "Left unseen",
            other => other.label(),
        }
    }

    pub fn is_open(self) -> bool {
        matches!(
            self,
            VisitStatus::Waiting | VisitStatus::WithWorker | VisitStatus::Seen
        )
    }

    /// Whether the person has been seen (so their wait has ended).
    pub fn has_been_seen(self) -> bool {
        !matches!(self, VisitStatus::Waiting | VisitStatus::LeftUnseen)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalTransition {
    pub from: VisitStatus,
    pub to: VisitStatus,
}

impl fmt::Display for IllegalTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let allowed: Vec<&str> = self.from.next_allowed().iter().map(|s| s.label()).collect();
        if allowed.is_empty() {
            write!(
                f,
                "A visit that is \"{}\" cannot change status.",
                self.from.label()
            )
        } else {
            write!(
                f,
                "A visit cannot go from \"{}\" to \"{}\"; it can go to: {}.",
                self.from.label(),
                self.to.label(),
                allowed.join(", ")
            )
        }
    }
}

impl std::error::Error for IllegalTransition {}

/// Checks a status change. Staying in the same status is always fine.
pub fn check_transition(from: VisitStatus, to: VisitStatus) -> Result<(), IllegalTransition> {
    if from == to || from.next_allowed().contains(&to) {
        Ok(())
    } else {
        Err(IllegalTransition { from, to })
    }
}

impl Suitability {
    /// Declining or referring on must say why.
    pub fn needs_reason(self) -> bool {
        matches!(self, Suitability::Declined | Suitability::OnwardReferral)
    }
}

/// One row of the triage table (editable; seeded from the UK Mental Health Triage Scale).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageCode {
    pub code: String,
    pub label: String,
    pub description: String,
    /// None: never flagged as waiting too long.
    pub target_minutes: Option<i64>,
    pub sort_order: i64,
}

impl TriageCode {
    /// "B very high risk (within 4 h)".
    pub fn target_text(&self) -> String {
        match self.target_minutes {
            None => "no target time".into(),
            Some(0) => "now".into(),
            Some(m) if m % 60 == 0 => format!("within {} h", m / 60),
            Some(m) => format!("within {m} min"),
        }
    }
}

/// How long someone has waited: until now while waiting, until they were seen after, until
/// they left if they left unseen.
pub fn waited(
    arrived_at: DateTime<Utc>,
    seen_at: Option<DateTime<Utc>>,
    left_at: Option<DateTime<Utc>>,
    status: VisitStatus,
    now: DateTime<Utc>,
) -> Duration {
    let until = match status {
        VisitStatus::Waiting => now,
        VisitStatus::LeftUnseen => left_at.unwrap_or(now),
        _ => seen_at.unwrap_or(now),
    };
    (until - arrived_at).max(Duration::zero())
}

/// A visitor still waiting past their code's target time. A code without a target, an
/// untriaged visit, or someone already seen is never flagged.
pub fn is_waiting_too_long(
    status: VisitStatus,
    target_minutes: Option<i64>,
    arrived_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    status == VisitStatus::Waiting
        && target_minutes.is_some_and(|t| now - arrived_at > Duration::minutes(t))
}

/// "1 h 05 min", "12 min", "0 min".
pub fn format_wait(d: Duration) -> String {
    let minutes = d.num_minutes();
    if minutes >= 60 {
        format!("{} h {:02} min", minutes / 60, minutes % 60)
    } else {
        format!("{minutes} min")
    }
}

/// The sort key of the Intake board: people still here before those who have gone; then
/// untriaged first ("to triage"), then by the code's urgency, then by arrival (earliest
/// first), then by id for a stable order.
pub fn board_sort_key(
    status: VisitStatus,
    triage_sort_order: Option<i64>,
    arrived_at: DateTime<Utc>,
    id: i64,
) -> (bool, bool, i64, DateTime<Utc>, i64) {
    (
        !status.is_open(),
        triage_sort_order.is_some(),
        triage_sort_order.unwrap_or(0),
        arrived_at,
        id,
    )
}

pub const NAME_MAX: usize = 80;
pub const NEED_MAX: usize = 500;
pub const LONG_TEXT_MAX: usize = 10_000;
pub const SHORT_TEXT_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArrivalProblem {
    InTheFuture,
    BeforeTheShift,
}

impl fmt::Display for ArrivalProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArrivalProblem::InTheFuture => write!(f, "The arrival time is in the future."),
            ArrivalProblem::BeforeTheShift => {
                write!(f, "The arrival time is before this shift began.")
            }
        }
    }
}

/// An arrival must be within the shift so far (a minute of clock skew allowed).
pub fn check_arrival(
    arrived_at: DateTime<Utc>,
    shift_start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ArrivalProblem> {
    if arrived_at > now + Duration::minutes(1) {
        return Err(ArrivalProblem::InTheFuture);
    }
    if arrived_at < shift_start {
        return Err(ArrivalProblem::BeforeTheShift);
    }
    Ok(())
}

/// A distress rating must be 0-10.
pub fn check_distress(value: i64) -> Result<u8, String> {
    if (0..=10).contains(&value) {
        Ok(value as u8)
    } else {
        Err(format!(
            "Distress is scored 0 to 10; {value} is outside that."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, h, m, 0).unwrap()
    }

    #[test]
    fn codes_round_trip() {
        for s in VisitStatus::ALL {
            assert_eq!(VisitStatus::from_code(s.code()), Some(*s));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_code(o.code()), Some(*o));
        }
        assert_eq!(
            Outcome::ALL.iter().map(|o| o.code()).collect::<Vec<_>>(),
            ["01", "02", "03", "04", "05", "06", "98"]
        );
        assert_eq!(CareActCategory::ALL.len(), 10);
        assert_eq!(ContactMode::from_code("fax"), None);
    }

    #[test]
    fn legal_transitions_follow_the_visit() {
        use VisitStatus::*;
        assert!(check_transition(Waiting, WithWorker).is_ok());
        assert!(check_transition(WithWorker, Seen).is_ok());
        assert!(check_transition(Seen, Left).is_ok());
        assert!(check_transition(Waiting, LeftUnseen).is_ok());
        for from in [Waiting, WithWorker, Seen] {
            assert!(check_transition(from, ReferredOn).is_ok());
        }
        assert!(check_transition(Seen, Seen).is_ok());
    }

    #[test]
    fn illegal_transitions_are_refused_with_the_reason() {
        use VisitStatus::*;
        let e = check_transition(Waiting, Left).unwrap_err();
        assert_eq!(
            e.to_string(),
            "A visit cannot go from \"Waiting\" to \"Left\"; it can go to: With worker, Referred on, Left before being seen."
        );
        assert!(check_transition(Seen, Waiting).is_err());
        assert!(check_transition(WithWorker, LeftUnseen).is_err());
        let e = check_transition(Left, Seen).unwrap_err();
        assert_eq!(
            e.to_string(),
            "A visit that is \"Left\" cannot change status."
        );
        for terminal in [Left, ReferredOn, LeftUnseen] {
            for to in VisitStatus::ALL {
                assert_eq!(check_transition(terminal, *to).is_ok(), terminal == *to);
            }
        }
    }

    #[test]
    fn target_time_flag() {
        assert!(!is_waiting_too_long(
            VisitStatus::Waiting,
            Some(240),
            t(18, 0),
            t(22, 0)
        ));
        assert!(is_waiting_too_long(
            VisitStatus::Waiting,
            Some(240),
            t(18, 0),
            t(22, 1)
        ));
        assert!(is_waiting_too_long(
            VisitStatus::Waiting,
            Some(0),
            t(18, 0),
            t(18, 1)
        ));
        assert!(
            !is_waiting_too_long(VisitStatus::Waiting, None, t(10, 0), t(22, 0)),
            "no target, never flagged"
        );
        assert!(
            !is_waiting_too_long(VisitStatus::WithWorker, Some(0), t(10, 0), t(22, 0)),
            "seen, not waiting"
        );
    }

    #[test]
    fn waiting_time_ticks_until_seen() {
        assert_eq!(
            waited(t(18, 0), None, None, VisitStatus::Waiting, t(19, 5)),
            Duration::minutes(65)
        );
        assert_eq!(
            waited(t(18, 0), Some(t(18, 20)), None, VisitStatus::Seen, t(21, 0)),
            Duration::minutes(20)
        );
        assert_eq!(format_wait(Duration::minutes(65)), "1 h 05 min");
        assert_eq!(format_wait(Duration::minutes(7)), "7 min");
        assert_eq!(
            waited(t(19, 0), None, None, VisitStatus::Waiting, t(18, 0)),
            Duration::zero()
        );
    }

    #[test]
    fn leaving_unseen_stops_the_wait_clock() {
        assert_eq!(
            waited(
                t(18, 0),
                None,
                Some(t(18, 50)),
                VisitStatus::LeftUnseen,
                t(21, 0)
            ),
            Duration::minutes(50)
        );
    }

    #[test]
    fn board_order_is_open_then_untriaged_then_urgency_then_arrival() {
        use VisitStatus::*;
        let mut rows = [
            (Waiting, Some(3), t(18, 0), 1),     // C, early
            (Waiting, None, t(19, 0), 2),        // to triage, late
            (WithWorker, Some(2), t(19, 30), 3), // B, late
            (Waiting, Some(2), t(18, 30), 4),    // B, early
            (Waiting, None, t(18, 45), 5),       // to triage, early
            (Left, Some(1), t(17, 0), 6),        // A, but gone
            (LeftUnseen, None, t(17, 5), 7),     // gone
        ];
        rows.sort_by_key(|(s, o, a, id)| board_sort_key(*s, *o, *a, *id));
        assert_eq!(
            rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            [5, 2, 4, 3, 1, 7, 6]
        );
    }

    #[test]
    fn arrival_and_distress_rules() {
        assert_eq!(check_arrival(t(19, 0), t(17, 0), t(19, 0)), Ok(()));
        assert_eq!(
            check_arrival(t(19, 10), t(17, 0), t(19, 0)),
            Err(ArrivalProblem::InTheFuture)
        );
        assert_eq!(
            check_arrival(t(16, 59), t(17, 0), t(19, 0)),
            Err(ArrivalProblem::BeforeTheShift)
        );
        assert_eq!(check_distress(0), Ok(0));
        assert_eq!(check_distress(10), Ok(10));
        assert!(check_distress(11).is_err());
        assert!(check_distress(-1).is_err());
    }

    #[test]
    fn suitability_reasons_and_target_text() {
        assert!(Suitability::Declined.needs_reason());
        assert!(Suitability::OnwardReferral.needs_reason());
        assert!(!Suitability::Accepted.needs_reason());
        let code = |m| TriageCode {
            code: "B".into(),
            label: "x".into(),
            description: "x".into(),
            target_minutes: m,
            sort_order: 2,
        };
        assert_eq!(code(Some(240)).target_text(), "within 4 h");
        assert_eq!(code(Some(0)).target_text(), "now");
        assert_eq!(code(None).target_text(), "no target time");
    }
}

/// One row of the Intake board.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRow {
    pub visit_id: i64,
    pub person_id: i64,
    pub display_name: Option<String>,
    pub arrived_at: DateTime<Utc>,
    pub seen_at: Option<DateTime<Utc>>,
    pub left_at: Option<DateTime<Utc>>,
    pub status: VisitStatus,
    pub contact_mode: ContactMode,
    pub presenting_need: String,
    pub triage: Option<TriageCode>,
    pub peer_worker: Option<String>,
    pub safeguarding: bool,
    pub has_plan: bool,
    pub plan_overdue: bool,
}

impl BoardRow {
    pub fn label(&self) -> String {
        crate::domain::person::display_label(self.person_id, self.display_name.as_deref())
    }

    pub fn waited(&self, now: DateTime<Utc>) -> Duration {
        waited(
            self.arrived_at,
            self.seen_at,
            self.left_at,
            self.status,
            now,
        )
    }

    pub fn waiting_too_long(&self, now: DateTime<Utc>) -> bool {
        is_waiting_too_long(
            self.status,
            self.triage.as_ref().and_then(|t| t.target_minutes),
            self.arrived_at,
            now,
        )
    }

    pub fn sort_key(&self) -> (bool, bool, i64, DateTime<Utc>, i64) {
        board_sort_key(
            self.status,
            self.triage.as_ref().map(|t| t.sort_order),
            self.arrived_at,
            self.visit_id,
        )
    }

    /// Whether the row matches a board filter (name, need, code, status; any case).
    pub fn matches_filter(&self, filter: &str) -> bool {
        let f = filter.trim().to_lowercase();
        if f.is_empty() {
            return true;
        }
        [
            self.label(),
            self.presenting_need.clone(),
            self.status.label().to_string(),
            self.triage
                .as_ref()
                .map(|t| format!("{} {}", t.code, t.label))
                .unwrap_or_else(|| "to triage".into()),
            self.peer_worker.clone().unwrap_or_default(),
        ]
        .iter()
        .any(|field| field.to_lowercase().contains(&f))
    }
}

/// A referral source as offered in the quick-add form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralSource {
    pub id: i64,
    pub label: String,
    pub reporting_code: String,
}

/// A signposting directory entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryEntry {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub phone: Option<String>,
}

/// Safeguarding recorded for a visit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Safeguarding {
    pub categories: Vec<CareActCategory>,
    pub other_detail: String,
    pub children_in_household: Option<bool>,
    pub referral_made: bool,
    pub referred_to: String,
    pub referred_at: Option<DateTime<Utc>>,
    pub reference: String,
    /// Some(true): consent obtained; Some(false): consent overridden (reason required).
    pub consent_obtained: Option<bool>,
    pub consent_override_reason: String,
}

impl Safeguarding {
    pub fn is_empty(&self) -> bool {
        *self == Safeguarding::default()
    }

    /// A concern is recorded when any category is ticked or other detail given.
    pub fn has_concern(&self) -> bool {
        !self.categories.is_empty() || !self.other_detail.trim().is_empty()
    }

    pub fn check(&self) -> Result<(), String> {
        if self.referral_made && self.referred_to.trim().is_empty() {
            return Err("Say who the safeguarding referral was made to.".into());
        }
        if self.consent_obtained == Some(false) && self.consent_override_reason.trim().is_empty() {
            return Err("Give the reason consent was overridden.".into());
        }
        Ok(())
    }

    pub fn categories_to_stored(&self) -> String {
        self.categories
            .iter()
            .map(|c| c.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn categories_from_stored(s: &str) -> Vec<CareActCategory> {
        s.split(',')
            .filter_map(CareActCategory::from_code)
            .collect()
    }
}

/// Everything recorded about one visit, as the triage form edits it.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitRecord {
    pub id: i64,
    pub person_id: i64,
    pub display_name: Option<String>,
    pub arrived_at: DateTime<Utc>,
    pub contact_mode: ContactMode,
    pub referral_source_id: Option<i64>,
    pub referral_code: Option<String>,
    pub presenting_need: String,
    pub triage_code: Option<String>,
    pub triaged_at: Option<DateTime<Utc>>,
    pub triaged_by: Option<i64>,
    pub safety_formulation: String,
    pub suitability: Option<Suitability>,
    pub suitability_reason: String,
    pub status: VisitStatus,
    pub seen_at: Option<DateTime<Utc>>,
    pub left_at: Option<DateTime<Utc>>,
    pub distress_arrival: Option<u8>,
    pub distress_leaving: Option<u8>,
    pub swemwbs: Option<crate::domain::swemwbs::Swemwbs>,
    pub outcome: Option<Outcome>,
    pub signposts: Vec<i64>,
    pub safeguarding: Safeguarding,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: i64,
}

impl VisitRecord {
    /// The update that would leave this visit as it is: the start of any change to it.
    pub fn as_update(&self) -> VisitUpdate {
        VisitUpdate {
            presenting_need: self.presenting_need.clone(),
            triage_code: self.triage_code.clone(),
            safety_formulation: self.safety_formulation.clone(),
            suitability: self.suitability,
            suitability_reason: self.suitability_reason.clone(),
            status: self.status,
            distress_arrival: self.distress_arrival,
            distress_leaving: self.distress_leaving,
            swemwbs: self.swemwbs,
            outcome: self.outcome,
            signposts: self.signposts.clone(),
            safeguarding: self.safeguarding.clone(),
        }
    }
}

/// What the triage form changes. The store checks it against the stored visit.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitUpdate {
    pub presenting_need: String,
    pub triage_code: Option<String>,
    pub safety_formulation: String,
    pub suitability: Option<Suitability>,
    pub suitability_reason: String,
    pub status: VisitStatus,
    pub distress_arrival: Option<u8>,
    pub distress_leaving: Option<u8>,
    pub swemwbs: Option<crate::domain::swemwbs::Swemwbs>,
    pub outcome: Option<Outcome>,
    pub signposts: Vec<i64>,
    pub safeguarding: Safeguarding,
}

impl VisitUpdate {
    /// Every rule that needs no database: lengths, reasons, safeguarding.
    pub fn check(&self) -> Result<(), String> {
        use crate::domain::text::optional_line;
        optional_line("Presenting need", &self.presenting_need, NEED_MAX)
            .map_err(|e| e.to_string())?;
        if self.safety_formulation.chars().count() > LONG_TEXT_MAX {
            return Err(format!(
                "The safety formulation is too long (at most {LONG_TEXT_MAX} characters)."
            ));
        }
        if let Some(s) = self.suitability
            && s.needs_reason()
            && self.suitability_reason.trim().is_empty()
        {
            return Err(format!("Give the reason for \"{}\".", s.label()));
        }
        if self.suitability_reason.chars().count() > SHORT_TEXT_MAX {
            return Err(format!(
                "The suitability reason is too long (at most {SHORT_TEXT_MAX} characters)."
            ));
        }
        self.safeguarding.check()
    }
}

/// An incident logged from a visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub id: i64,
    pub visit_id: i64,
    pub occurred_at: DateTime<Utc>,
    pub kind: String,
    pub people: String,
    pub action: String,
    pub staff: String,
}

/// A follow-up logged from a visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub id: i64,
    pub visit_id: i64,
    pub person: String,
    pub task: String,
    pub owner: String,
    pub due_on: Option<chrono::NaiveDate>,
    pub done_at: Option<DateTime<Utc>>,
    /// Who marked it done.
    pub done_by: Option<i64>,
}

/// A past visit in a person's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitSummary {
    pub id: i64,
    pub arrived_at: DateTime<Utc>,
    pub status: VisitStatus,
    pub triage_code: Option<String>,
    pub outcome: Option<Outcome>,
    pub presenting_need: String,
}

/// An arrival typed as a clock time during `shift`: the instant that time names within the
/// shift so far (a shift crossing midnight puts early-morning times on the next day).
pub fn arrival_from_clock(
    time: chrono::NaiveTime,
    shift: &crate::domain::shift::Shift,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, ArrivalProblem> {
    use chrono::TimeZone;
    let candidates: Vec<DateTime<Utc>> =
        [shift.service_date, shift.service_date + Duration::days(1)]
            .into_iter()
            .filter_map(|d| tz.from_local_datetime(&d.and_time(time)).earliest())
            .map(|t| t.with_timezone(&Utc))
            .collect();
    if let Some(t) = candidates
        .iter()
        .find(|t| check_arrival(**t, shift.starts_at, now).is_ok())
    {
        return Ok(*t);
    }
    // Neither fits: report on the reading nearest to now (what the lead most likely meant).
    match candidates
        .iter()
        .min_by_key(|t| (**t - now).num_seconds().abs())
    {
        Some(t) => check_arrival(*t, shift.starts_at, now).map(|_| *t),
        None => Err(ArrivalProblem::BeforeTheShift),
    }
}

#[cfg(test)]
mod arrival_tests {
    use super::*;
    use crate::domain::shift::{Hours, ServiceHours};
    use chrono::{NaiveDate, NaiveTime, TimeZone};

    #[test]
    fn clock_times_land_inside_the_shift() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let hours = ServiceHours {
            weekend: Hours::new(t(20, 0), t(2, 0)),
            ..ServiceHours::default()
        };
        let shift = hours.shift_on(NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()); // Saturday
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 0, 30, 0).unwrap();
        let tz = chrono_tz::Europe::London;
        assert_eq!(
            arrival_from_clock(t(23, 50), &shift, tz, now),
            Ok(Utc.with_ymd_and_hms(2026, 11, 21, 23, 50, 0).unwrap())
        );
        assert_eq!(
            arrival_from_clock(t(0, 10), &shift, tz, now),
            Ok(Utc.with_ymd_and_hms(2026, 11, 22, 0, 10, 0).unwrap())
        );
        assert_eq!(
            arrival_from_clock(t(1, 0), &shift, tz, now),
            Err(ArrivalProblem::InTheFuture)
        );
        assert_eq!(
            arrival_from_clock(t(19, 0), &shift, tz, now),
            Err(ArrivalProblem::BeforeTheShift)
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// However a visit moves, it never goes back to waiting, and once closed it stays closed.
        #[test]
        fn statuses_only_move_forward(steps in prop::collection::vec(0usize..6, 0..20)) {
            let mut status = VisitStatus::Waiting;
            for step in steps {
                let to = VisitStatus::ALL[step];
                if check_transition(status, to).is_ok() {
                    prop_assert!(to == status || to != VisitStatus::Waiting);
                    prop_assert!(status.is_open() || to == status);
                    status = to;
                }
            }
        }
    }
}
