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
        // "Domestic abuse" as the Domestic Abuse Act 2021 defines it and safeguarding adults
        // boards' category lists now word it (Care and support statutory guidance, ch. 14).
        Domestic => ("domestic", "Domestic abuse"),
        Sexual => ("sexual", "Sexual abuse"),
        Psychological => ("psychological", "Psychological or emotional abuse"),
        Financial => ("financial", "Financial or material abuse"),
        ModernSlavery => ("modern_slavery", "Modern slavery"),
        Discriminatory => ("discriminatory", "Discriminatory abuse"),
        Organisational => ("organisational", "Organisational or institutional abuse"),
        Neglect => ("neglect", "Neglect and acts of omission"),
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

    /// The usual next step, for the board's one-key advance (`s`): waiting → with worker →
    /// seen → left. None once the visit has ended.
    pub fn advance(self) -> Option<VisitStatus> {
        use VisitStatus::*;
        match self {
            Waiting => Some(WithWorker),
            WithWorker => Some(Seen),
            Seen => Some(Left),
            Left | ReferredOn | LeftUnseen => None,
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
    /// "within 4 hours": the one wording of a target time (see [`target_text`]).
    pub fn target_text(&self) -> String {
        target_text(self.target_minutes)
    }

    /// The MHSDS urgency this code is reported as (see [`MhsdsPriority::for_triage_code`]).
    pub fn mhsds_priority(&self) -> Option<MhsdsPriority> {
        MhsdsPriority::for_triage_code(&self.code)
    }
}

/// A triage code's target response time as the lead reads it everywhere (the triage form, the
/// visit view, the Administration list and settings): "now", "within 4 hours", "within 90
/// minutes", "no target time". The UK Mental Health Triage Scale frames each code by the time
/// within which a response is needed (e.g. B "within 4 hours"), so the wording is an urgency,
/// never a risk grade (NICE NG225, 2022, advises against low/medium/high stratification).
pub fn target_text(minutes: Option<i64>) -> String {
    match minutes {
        None => "no target time".into(),
        Some(0) => "now".into(),
        Some(60) => "within 1 hour".into(),
        Some(m) if m % 60 == 0 => format!("within {} hours", m / 60),
        Some(1) => "within 1 minute".into(),
        Some(m) => format!("within {m} minutes"),
    }
}

coded_enum!(
    /// The Mental Health Services Data Set's CLINICAL RESPONSE PRIORITY TYPE (NHS Data Model
    /// and Dictionary: 1 Emergency, 2 Urgent/serious, 3 Routine, 4 Very Urgent): the neutral
    /// urgency a triage code is reported as.
    MhsdsPriority {
        Emergency => ("1", "Emergency"),
        UrgentSerious => ("2", "Urgent/serious"),
        Routine => ("3", "Routine"),
        VeryUrgent => ("4", "Very urgent"),
    }
);

impl MhsdsPriority {
    /// The seeded codes (assets/triage_codes.toml): A emergency → 1; B very urgent (4 hours)
    /// → 4; C urgent (24 hours) → 2; D soon (72 hours) and E routine → 3, since NHS England's
    /// "urgent" community crisis response is within 24 hours and a 72-hour response is not
    /// one; F (another provider) and G (advice only) are not a response priority. A code the
    /// clinical lead adds has none until this list names it.
    pub fn for_triage_code(code: &str) -> Option<MhsdsPriority> {
        match code.trim() {
            "A" => Some(MhsdsPriority::Emergency),
            "B" => Some(MhsdsPriority::VeryUrgent),
            "C" => Some(MhsdsPriority::UrgentSerious),
            "D" | "E" => Some(MhsdsPriority::Routine),
            _ => None,
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

/// A visitor still waiting past their target time (their code's, or the time allowed to triage
/// when they have none yet). No target, or someone already seen, is never flagged.
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

/// How long someone may wait "to triage" before the board flags them (a setting).
pub const DEFAULT_TO_TRIAGE_MINUTES: u32 = 15;

pub const NAME_MAX: usize = 80;
pub const NEED_MAX: usize = 500;
pub const LONG_TEXT_MAX: usize = 10_000;
pub use crate::domain::text::SHORT_TEXT_MAX;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArrivalProblem {
    InTheFuture,
    BeforeTheShift,
    /// The typed time names no single instant (the clocks changed that night).
    Clock(crate::domain::time::ClockProblem),
}

impl fmt::Display for ArrivalProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArrivalProblem::InTheFuture => write!(f, "The arrival time is in the future."),
            ArrivalProblem::BeforeTheShift => {
                write!(f, "The arrival time is before this shift began.")
            }
            ArrivalProblem::Clock(p) => write!(f, "{p}"),
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
    fn target_times_read_as_urgency_in_one_wording() {
        assert_eq!(target_text(Some(0)), "now");
        assert_eq!(target_text(Some(60)), "within 1 hour");
        assert_eq!(target_text(Some(240)), "within 4 hours");
        assert_eq!(target_text(Some(1440)), "within 24 hours");
        assert_eq!(target_text(Some(4320)), "within 72 hours");
        assert_eq!(target_text(Some(90)), "within 90 minutes");
        assert_eq!(target_text(None), "no target time");
        let b = TriageCode {
            code: "B".into(),
            label: "Very urgent".into(),
            description: String::new(),
            target_minutes: Some(240),
            sort_order: 2,
        };
        assert_eq!(b.target_text(), "within 4 hours");
        assert_eq!(b.mhsds_priority(), Some(MhsdsPriority::VeryUrgent));
    }

    #[test]
    fn each_seeded_code_maps_to_an_mhsds_urgency() {
        use MhsdsPriority::*;
        let mapped: Vec<_> = ["A", "B", "C", "D", "E", "F", "G"]
            .iter()
            .map(|c| MhsdsPriority::for_triage_code(c).map(|p| p.code()))
            .collect();
        assert_eq!(
            mapped,
            [
                Some("1"),
                Some("4"),
                Some("2"),
                Some("3"),
                Some("3"),
                None,
                None
            ]
        );
        assert_eq!(Emergency.label(), "Emergency");
        assert_eq!(VeryUrgent.label(), "Very urgent");
        assert_eq!(UrgentSerious.label(), "Urgent/serious");
        assert_eq!(Routine.label(), "Routine");
    }

    #[test]
    fn care_act_labels_follow_current_wording() {
        assert_eq!(CareActCategory::Domestic.label(), "Domestic abuse");
        assert_eq!(
            CareActCategory::Neglect.label(),
            "Neglect and acts of omission"
        );
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
    fn someone_waiting_to_triage_is_flagged_past_the_time_allowed() {
        let row = |triage: Option<TriageCode>, status| BoardRow {
            visit_id: 1,
            person_id: 1,
            display_name: None,
            arrived_at: t(19, 0),
            seen_at: None,
            left_at: None,
            status,
            contact_mode: ContactMode::WalkIn,
            presenting_need: String::new(),
            triage,
            to_triage_minutes: Some(15),
            peer_worker: None,
            safeguarding: false,
            has_plan: false,
            plan_overdue: false,
            carried_from: None,
        };
        let untriaged = row(None, VisitStatus::Waiting);
        assert!(
            !untriaged.waiting_too_long(t(19, 15)),
            "15 min is the limit itself"
        );
        assert!(untriaged.waiting_too_long(t(19, 16)));
        assert!(!row(None, VisitStatus::WithWorker).waiting_too_long(t(21, 0)));
        // Once triaged, the code's own target applies (none here: never flagged).
        let code = TriageCode {
            code: "E".into(),
            label: "routine".into(),
            description: String::new(),
            target_minutes: None,
            sort_order: 5,
        };
        assert!(!row(Some(code), VisitStatus::Waiting).waiting_too_long(t(23, 0)));
        let no_setting = BoardRow {
            to_triage_minutes: None,
            ..untriaged.clone()
        };
        assert!(!no_setting.waiting_too_long(t(23, 0)));
        let carried = BoardRow {
            carried_from: Some(t(19, 0).date_naive()),
            ..untriaged
        };
        assert!(
            !carried.waiting_too_long(t(23, 0)),
            "carried with a reason: not tonight's breach"
        );
    }

    #[test]
    fn the_one_key_advance_follows_the_legal_steps_and_stops_at_the_end() {
        use VisitStatus::*;
        let mut at = Waiting;
        let mut steps = vec![at];
        while let Some(next) = at.advance() {
            assert!(at.next_allowed().contains(&next), "{at:?} → {next:?}");
            at = next;
            steps.push(at);
        }
        assert_eq!(steps, [Waiting, WithWorker, Seen, Left]);
        assert_eq!(ReferredOn.advance(), None);
        assert_eq!(LeftUnseen.advance(), None);
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
        assert_eq!(code(Some(240)).target_text(), "within 4 hours");
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
    /// How long someone may wait "to triage" before being flagged (a setting, carried on the
    /// row so the board is drawn from its rows alone, as a code's target is).
    pub to_triage_minutes: Option<i64>,
    pub peer_worker: Option<String>,
    pub safeguarding: bool,
    pub has_plan: bool,
    pub plan_overdue: bool,
    /// The service date of the earlier shift this visit is still open from (carried onto
    /// tonight's board until a lead closes it); None for tonight's own.
    pub carried_from: Option<chrono::NaiveDate>,
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

    /// Past the code's target, or, not yet triaged, past the time allowed to triage. A visit
    /// carried from an earlier shift was settled for then with a reason: its wait is not
    /// tonight's to breach.
    pub fn waiting_too_long(&self, now: DateTime<Utc>) -> bool {
        if self.carried_from.is_some() {
            return false;
        }
        let target = match &self.triage {
            Some(t) => t.target_minutes,
            None => self.to_triage_minutes,
        };
        is_waiting_too_long(self.status, target, self.arrived_at, now)
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
    /// How the SWEMWBS was completed (self, with help, read out).
    pub swemwbs_completion: Option<crate::domain::swemwbs::Completion>,
    /// The ONS4 answers on arrival.
    pub ons4: crate::domain::ons4::Ons4,
    /// The ONS4 answers on leaving, where the service asks them (blank where it does not).
    pub ons4_leaving: crate::domain::ons4::Ons4,
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
            swemwbs_completion: self.swemwbs_completion,
            ons4: self.ons4,
            ons4_leaving: self.ons4_leaving,
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
    /// How the SWEMWBS was completed (self, with help, read out).
    pub swemwbs_completion: Option<crate::domain::swemwbs::Completion>,
    /// The ONS4 answers on arrival.
    pub ons4: crate::domain::ons4::Ons4,
    /// The ONS4 answers on leaving, where the service asks them (blank where it does not).
    pub ons4_leaving: crate::domain::ons4::Ons4,
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
        if self.swemwbs_completion.is_some() && self.swemwbs.is_none() {
            return Err("Say how the SWEMWBS was completed only when it has been answered.".into());
        }
        use crate::domain::ons4::When;
        self.ons4.check(When::Arrival)?;
        self.ons4_leaving.check(When::Leaving)?;
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FollowUp {
    pub id: i64,
    pub visit_id: i64,
    pub person: String,
    pub task: String,
    pub owner: String,
    pub due_on: Option<chrono::NaiveDate>,
    pub done_at: Option<DateTime<Utc>>,
    /// Who closed it (done or cancelled).
    pub done_by: Option<i64>,
    /// How it was closed (None while open).
    pub closed_as: Option<crate::domain::follow_up::ClosedAs>,
    /// What came of it (done) or why it was cancelled; empty for one closed before lines
    /// were asked for.
    pub outcome: String,
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
///
/// Across the clock changes: in the hour the clocks go back, a time that could be either
/// reading (both within the shift so far) is not guessed at but returned as
/// [`ArrivalProblem::Ambiguous`] for the lead to choose (typing "01:15 BST" or "01:15 GMT");
/// if only one reading could be the arrival (the other is still to come), it is taken. A time
/// the clocks skipped is refused as not existing, not as "before the shift".
pub fn arrival_from_clock(
    typed: &crate::domain::time::TypedClock,
    shift: &crate::domain::shift::Shift,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, ArrivalProblem> {
    clock_between(typed, shift.service_date, shift.starts_at, tz, now)
}

/// An incident's time typed as a clock time: between the visitor's arrival and now, read as
/// arrivals are (the evening of arrival or the small hours after it; asked about in the
/// repeated hour). A time later than now is refused, not moved to the day before: that would
/// silently date it almost a day early.
pub fn incident_time_from_clock(
    typed: &crate::domain::time::TypedClock,
    arrived_at: DateTime<Utc>,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, String> {
    use crate::domain::time::clock_text;
    let first_date = arrived_at.with_timezone(&tz).date_naive();
    clock_between(typed, first_date, arrived_at, tz, now).map_err(|e| match e {
        ArrivalProblem::InTheFuture => format!(
            "{} is later than now ({}): log an incident once it has happened.",
            typed.time.format("%H:%M"),
            clock_text(now, tz)
        ),
        ArrivalProblem::BeforeTheShift => format!(
            "{} is before the visitor arrived ({}).",
            typed.time.format("%H:%M"),
            clock_text(arrived_at, tz)
        ),
        ArrivalProblem::Clock(p) => p.to_string(),
    })
}

/// The instant a typed clock time names between `from` and now, on `first_date` or the day
/// after (a night crossing midnight). `BeforeTheShift` means before `from`.
fn clock_between(
    typed: &crate::domain::time::TypedClock,
    first_date: chrono::NaiveDate,
    from: DateTime<Utc>,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, ArrivalProblem> {
    use crate::domain::time::{ClockProblem, ambiguous, clock_readings};
    let mut candidates: Vec<DateTime<Utc>> = Vec::new();
    // A skipped time or a zone not in use, on a date whose reading would fall in the shift:
    // the lead meant that night and is told what is wrong with the time itself.
    let mut problem: Option<ClockProblem> = None;
    let mut other_problem: Option<ClockProblem> = None;
    for date in [first_date, first_date + Duration::days(1)] {
        // Where the time would be, had the clocks not moved.
        let in_shift = crate::domain::shift::local_to_utc(tz, date, typed.time) >= from;
        let readings = match clock_readings(tz, date, typed) {
            Ok(r) => r,
            Err(p) => {
                if in_shift {
                    problem.get_or_insert(p);
                } else {
                    other_problem.get_or_insert(p);
                }
                continue;
            }
        };
        let fitting: Vec<DateTime<Utc>> = readings
            .iter()
            .copied()
            .filter(|t| check_arrival(*t, from, now).is_ok())
            .collect();
        match fitting.as_slice() {
            [one] => return Ok(*one),
            [earlier, later, ..] => {
                return Err(ArrivalProblem::Clock(ambiguous(
                    tz, date, typed.time, *earlier, *later,
                )));
            }
            [] => {}
        }
        if readings.is_empty() && in_shift {
            problem.get_or_insert(ClockProblem::Missing {
                date,
                time: typed.time,
            });
        }
        candidates.extend(readings);
    }
    if let Some(p) = problem.or(other_problem.filter(|_| candidates.is_empty())) {
        return Err(ArrivalProblem::Clock(p));
    }
    // Neither fits: report on the reading nearest to now (what the lead most likely meant).
    match candidates
        .iter()
        .min_by_key(|t| (**t - now).num_seconds().abs())
    {
        Some(t) => check_arrival(*t, from, now).map(|_| *t),
        None => Err(ArrivalProblem::BeforeTheShift),
    }
}

#[cfg(test)]
mod arrival_tests {
    use super::*;
    use crate::domain::shift::{Hours, ServiceHours};
    use crate::domain::time::{ClockProblem, TypedClock, clock_text, parse_typed_clock};
    use chrono::{NaiveDate, NaiveTime, TimeZone};

    const LONDON: chrono_tz::Tz = chrono_tz::Europe::London;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }
    fn at(s: &str) -> TypedClock {
        parse_typed_clock(s).unwrap()
    }
    fn utc(y: i32, mo: u32, d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, m, 0).unwrap()
    }
    fn weekend_shift(opens: (u32, u32), closes: (u32, u32), on: NaiveDate) -> Shift {
        ServiceHours {
            weekend: Hours::new(t(opens.0, opens.1), t(closes.0, closes.1)),
            ..ServiceHours::default()
        }
        .shift_on(on)
    }
    use crate::domain::shift::Shift;

    #[test]
    fn clock_times_land_inside_the_shift() {
        let shift = weekend_shift(
            (20, 0),
            (2, 0),
            NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        );
        let now = utc(2026, 11, 22, 0, 30);
        assert_eq!(
            arrival_from_clock(&at("23:50"), &shift, LONDON, now),
            Ok(utc(2026, 11, 21, 23, 50))
        );
        assert_eq!(
            arrival_from_clock(&at("00:10"), &shift, LONDON, now),
            Ok(utc(2026, 11, 22, 0, 10))
        );
        assert_eq!(
            arrival_from_clock(&at("01:00"), &shift, LONDON, now),
            Err(ArrivalProblem::InTheFuture)
        );
        assert_eq!(
            arrival_from_clock(&at("19:00"), &shift, LONDON, now),
            Err(ArrivalProblem::BeforeTheShift)
        );
    }

    #[test]
    fn in_the_repeated_hour_the_lead_is_asked_which_reading() {
        // Saturday 24 Oct 2026 20:00 BST to Sunday 02:00 GMT; at 02:00 BST the clocks went
        // back to 01:00 GMT. It is now 01:30 GMT, the second 01:30.
        let shift = weekend_shift(
            (20, 0),
            (2, 0),
            NaiveDate::from_ymd_opt(2026, 10, 24).unwrap(),
        );
        let now = utc(2026, 10, 25, 1, 30);
        let asked = arrival_from_clock(&at("01:15"), &shift, LONDON, now).unwrap_err();
        let ArrivalProblem::Clock(ClockProblem::Ambiguous { earlier, later, .. }) = &asked else {
            panic!("{asked:?}");
        };
        assert_eq!(
            (*earlier, *later),
            (utc(2026, 10, 25, 0, 15), utc(2026, 10, 25, 1, 15))
        );
        assert!(asked.to_string().contains("\"01:15 BST\""), "{asked}");
        assert!(asked.to_string().contains("\"01:15 GMT\""), "{asked}");
        assert_eq!(
            arrival_from_clock(&at("01:15 GMT"), &shift, LONDON, now),
            Ok(utc(2026, 10, 25, 1, 15))
        );
        assert_eq!(
            arrival_from_clock(&at("01:15 BST"), &shift, LONDON, now),
            Ok(utc(2026, 10, 25, 0, 15))
        );
        // 01:40 GMT is still to come, so 01:40 can only be the BST one.
        assert_eq!(
            arrival_from_clock(&at("01:40"), &shift, LONDON, now),
            Ok(utc(2026, 10, 25, 0, 40))
        );
        // The form's default arrival is the real instant, not the first 01:30.
        let default = clock_text(now, LONDON);
        assert_eq!(default, "01:30 GMT");
        assert_eq!(
            arrival_from_clock(&at(&default), &shift, LONDON, now),
            Ok(now)
        );
        // During the first 01:30 (BST), the GMT reading of 01:15 is in the future: no question.
        let first = utc(2026, 10, 25, 0, 30);
        assert_eq!(
            arrival_from_clock(&at("01:15"), &shift, LONDON, first),
            Ok(utc(2026, 10, 25, 0, 15))
        );
        assert_eq!(clock_text(first, LONDON), "01:30 BST");
    }

    #[test]
    fn a_time_the_clocks_skipped_is_refused_as_not_existing() {
        // Saturday 27 Mar 2027 20:00 GMT to Sunday 04:00 BST; at 01:00 GMT the clocks went
        // forward to 02:00 BST. It is now 03:00 BST.
        let shift = weekend_shift(
            (20, 0),
            (4, 0),
            NaiveDate::from_ymd_opt(2027, 3, 27).unwrap(),
        );
        let now = utc(2027, 3, 28, 2, 0);
        let e = arrival_from_clock(&at("01:30"), &shift, LONDON, now).unwrap_err();
        assert_eq!(
            e.to_string(),
            "01:30 does not exist on 28 Mar 2027: the clocks went forward."
        );
        assert_eq!(
            arrival_from_clock(&at("00:30"), &shift, LONDON, now),
            Ok(utc(2027, 3, 28, 0, 30))
        );
        assert_eq!(
            arrival_from_clock(&at("02:30"), &shift, LONDON, now),
            Ok(utc(2027, 3, 28, 1, 30))
        );
        // A zone that was not in use then is refused, not guessed.
        assert_eq!(
            arrival_from_clock(&at("00:30 BST"), &shift, LONDON, now)
                .unwrap_err()
                .to_string(),
            "At 00:30 on 28 Mar 2027 the clocks read GMT, not BST."
        );
    }
}

#[cfg(test)]
mod incident_time_tests {
    use super::*;
    use crate::domain::time::parse_typed_clock;
    use chrono::TimeZone;

    const LONDON: chrono_tz::Tz = chrono_tz::Europe::London;

    fn utc(y: i32, mo: u32, d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, m, 0).unwrap()
    }
    fn at(s: &str, arrived: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
        incident_time_from_clock(&parse_typed_clock(s).unwrap(), arrived, LONDON, now)
    }

    #[test]
    fn an_incident_is_between_arrival_and_now_and_never_in_the_future() {
        let arrived = utc(2026, 11, 23, 23, 40);
        let now = utc(2026, 11, 24, 0, 30);
        assert_eq!(at("23:50", arrived, now), Ok(utc(2026, 11, 23, 23, 50)));
        assert_eq!(at("00:10", arrived, now), Ok(utc(2026, 11, 24, 0, 10)));
        // Later than now: refused, not moved to the evening before.
        let arrived = utc(2026, 11, 23, 19, 0);
        let now = utc(2026, 11, 23, 21, 0);
        assert_eq!(
            at("21:30", arrived, now).unwrap_err(),
            "21:30 is later than now (21:00): log an incident once it has happened."
        );
        assert_eq!(
            at("18:30", arrived, now).unwrap_err(),
            "18:30 is before the visitor arrived (19:00)."
        );
        // Logged days later, the time is read on the night of the visit.
        assert_eq!(
            at("20:15", arrived, utc(2026, 11, 26, 12, 0)),
            Ok(utc(2026, 11, 23, 20, 15))
        );
    }

    #[test]
    fn incident_times_across_the_clock_changes() {
        let arrived = utc(2026, 10, 24, 23, 0); // 00:00 BST on 25 Oct
        let now = utc(2026, 10, 25, 1, 45); // 01:45 GMT
        assert!(
            at("01:20", arrived, now)
                .unwrap_err()
                .contains("happened twice")
        );
        assert_eq!(at("01:20 GMT", arrived, now), Ok(utc(2026, 10, 25, 1, 20)));
        let arrived = utc(2027, 3, 27, 23, 0);
        let now = utc(2027, 3, 28, 2, 0);
        assert_eq!(
            at("01:30", arrived, now).unwrap_err(),
            "01:30 does not exist on 28 Mar 2027: the clocks went forward."
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
