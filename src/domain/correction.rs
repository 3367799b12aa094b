//! Corrections: a value a lead entered, changed later with a reason. The record is never
//! silently overwritten: each changed field keeps its previous value, who changed it, when and
//! why (health and care record-keeping standards ask for exactly this), and the record's
//! history lists every change.

mod changes;

pub use changes::{incident_changes, triage_changes};

use crate::domain::ons4::{Question, When};
use crate::domain::person::PersonDetails;
use crate::domain::text::single_line;
use crate::domain::time::{from_stored, to_stored};
use crate::domain::visit::ContactMode;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A reason is one short line: it is read in a history list, not a note.
pub const REASON_MAX: usize = 120;

/// What kind of record a correction is about. The code is stored; never change one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CorrectedKind {
    Visit,
    Person,
    Incident,
    FollowUp,
    PeerSession,
}

impl CorrectedKind {
    pub const ALL: [CorrectedKind; 5] = [
        CorrectedKind::Visit,
        CorrectedKind::Person,
        CorrectedKind::Incident,
        CorrectedKind::FollowUp,
        CorrectedKind::PeerSession,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CorrectedKind::Visit => "visit",
            CorrectedKind::Person => "person",
            CorrectedKind::Incident => "incident",
            CorrectedKind::FollowUp => "follow_up",
            CorrectedKind::PeerSession => "peer_session",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How a stored value is shown. Times are kept as stored UTC text so they can be shown in the
/// service's time zone; everything else is kept as the lead read it at the time (a referral
/// source's label, not its id, so a later edit of the list does not rewrite history).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Text,
    Time,
}

/// A field that can be corrected. The code is stored; never change one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CorrectedField {
    Arrival,
    ContactMode,
    ReferralSource,
    DisplayName,
    FullName,
    Phone,
    DateOfBirth,
    // The triage form's fields (see [`triage_changes`]).
    PresentingNeed,
    TriageCode,
    SafetyFormulation,
    Suitability,
    SuitabilityReason,
    DistressArrival,
    DistressLeaving,
    Swemwbs,
    /// How the SWEMWBS was completed.
    SwemwbsCompletion,
    /// One ONS4 answer, on arrival or on leaving.
    Ons4(When, Question),
    Outcome,
    /// The directory entries signposted to (removing one is a correction; adding is not).
    Signposts,
    // The triage form's safeguarding fields.
    SafeguardingCategories,
    SafeguardingOther,
    SafeguardingChildren,
    SafeguardingReferral,
    SafeguardingReferredTo,
    SafeguardingReferredAt,
    SafeguardingReference,
    SafeguardingConsent,
    SafeguardingOverrideReason,
    /// A follow-up's done time (reopening one is a correction of it).
    FollowUpDone,
    /// How a follow-up was closed and its line ("done: GP rang back"), kept when it is reopened.
    FollowUpOutcome,
    // An incident's fields.
    IncidentTime,
    IncidentKind,
    IncidentPeople,
    IncidentAction,
    IncidentStaff,
    // A peer session's fields.
    SessionDate,
    SessionMinutes,
    SessionNote,
}

impl CorrectedField {
    pub const ALL: [CorrectedField; 45] = [
        CorrectedField::Arrival,
        CorrectedField::ContactMode,
        CorrectedField::ReferralSource,
        CorrectedField::DisplayName,
        CorrectedField::FullName,
        CorrectedField::Phone,
        CorrectedField::DateOfBirth,
        CorrectedField::PresentingNeed,
        CorrectedField::TriageCode,
        CorrectedField::SafetyFormulation,
        CorrectedField::Suitability,
        CorrectedField::SuitabilityReason,
        CorrectedField::DistressArrival,
        CorrectedField::DistressLeaving,
        CorrectedField::Swemwbs,
        CorrectedField::SwemwbsCompletion,
        CorrectedField::Ons4(When::Arrival, Question::LifeSatisfaction),
        CorrectedField::Ons4(When::Arrival, Question::Worthwhile),
        CorrectedField::Ons4(When::Arrival, Question::Happy),
        CorrectedField::Ons4(When::Arrival, Question::Anxious),
        CorrectedField::Ons4(When::Leaving, Question::LifeSatisfaction),
        CorrectedField::Ons4(When::Leaving, Question::Worthwhile),
        CorrectedField::Ons4(When::Leaving, Question::Happy),
        CorrectedField::Ons4(When::Leaving, Question::Anxious),
        CorrectedField::Outcome,
        CorrectedField::Signposts,
        CorrectedField::SafeguardingCategories,
        CorrectedField::SafeguardingOther,
        CorrectedField::SafeguardingChildren,
        CorrectedField::SafeguardingReferral,
        CorrectedField::SafeguardingReferredTo,
        CorrectedField::SafeguardingReferredAt,
        CorrectedField::SafeguardingReference,
        CorrectedField::SafeguardingConsent,
        CorrectedField::SafeguardingOverrideReason,
        CorrectedField::FollowUpDone,
        CorrectedField::FollowUpOutcome,
        CorrectedField::IncidentTime,
        CorrectedField::IncidentKind,
        CorrectedField::IncidentPeople,
        CorrectedField::IncidentAction,
        CorrectedField::IncidentStaff,
        CorrectedField::SessionDate,
        CorrectedField::SessionMinutes,
        CorrectedField::SessionNote,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CorrectedField::Arrival => "arrival",
            CorrectedField::ContactMode => "contact_mode",
            CorrectedField::ReferralSource => "referral_source",
            CorrectedField::DisplayName => "display_name",
            CorrectedField::FullName => "full_name",
            CorrectedField::Phone => "phone",
            CorrectedField::DateOfBirth => "date_of_birth",
            CorrectedField::PresentingNeed => "presenting_need",
            CorrectedField::TriageCode => "triage_code",
            CorrectedField::SafetyFormulation => "safety_formulation",
            CorrectedField::Suitability => "suitability",
            CorrectedField::SuitabilityReason => "suitability_reason",
            CorrectedField::DistressArrival => "distress_arrival",
            CorrectedField::DistressLeaving => "distress_leaving",
            CorrectedField::Swemwbs => "swemwbs",
            CorrectedField::SwemwbsCompletion => "swemwbs_completion",
            CorrectedField::Ons4(When::Arrival, q) => match q {
                Question::LifeSatisfaction => "ons4_life_satisfaction",
                Question::Worthwhile => "ons4_worthwhile",
                Question::Happy => "ons4_happy",
                Question::Anxious => "ons4_anxious",
            },
            CorrectedField::Ons4(When::Leaving, q) => match q {
                Question::LifeSatisfaction => "ons4_leaving_life_satisfaction",
                Question::Worthwhile => "ons4_leaving_worthwhile",
                Question::Happy => "ons4_leaving_happy",
                Question::Anxious => "ons4_leaving_anxious",
            },
            CorrectedField::Outcome => "outcome",
            CorrectedField::Signposts => "signposts",
            CorrectedField::SafeguardingCategories => "safeguarding_categories",
            CorrectedField::SafeguardingOther => "safeguarding_other",
            CorrectedField::SafeguardingChildren => "safeguarding_children",
            CorrectedField::SafeguardingReferral => "safeguarding_referral",
            CorrectedField::SafeguardingReferredTo => "safeguarding_referred_to",
            CorrectedField::SafeguardingReferredAt => "safeguarding_referred_at",
            CorrectedField::SafeguardingReference => "safeguarding_reference",
            CorrectedField::SafeguardingConsent => "safeguarding_consent",
            CorrectedField::SafeguardingOverrideReason => "safeguarding_override_reason",
            CorrectedField::FollowUpDone => "follow_up_done",
            CorrectedField::FollowUpOutcome => "follow_up_outcome",
            CorrectedField::IncidentTime => "incident_time",
            CorrectedField::IncidentKind => "incident_kind",
            CorrectedField::IncidentPeople => "incident_people",
            CorrectedField::IncidentAction => "incident_action",
            CorrectedField::IncidentStaff => "incident_staff",
            CorrectedField::SessionDate => "session_date",
            CorrectedField::SessionMinutes => "session_minutes",
            CorrectedField::SessionNote => "session_note",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// As read in a sentence: "arrival 19:05 → 18:50".
    pub fn label(self) -> &'static str {
        match self {
            CorrectedField::Arrival => "arrival",
            CorrectedField::ContactMode => "contact",
            CorrectedField::ReferralSource => "referred by",
            CorrectedField::DisplayName => "name",
            CorrectedField::FullName => "full name",
            CorrectedField::Phone => "phone",
            CorrectedField::DateOfBirth => "date of birth",
            CorrectedField::PresentingNeed => "presenting need",
            CorrectedField::TriageCode => "triage",
            CorrectedField::SafetyFormulation => "safety formulation",
            CorrectedField::Suitability => "suitability",
            CorrectedField::SuitabilityReason => "suitability reason",
            CorrectedField::DistressArrival => "distress on arrival",
            CorrectedField::DistressLeaving => "distress on leaving",
            CorrectedField::Swemwbs => "SWEMWBS items",
            CorrectedField::SwemwbsCompletion => "SWEMWBS completed",
            CorrectedField::Ons4(When::Arrival, q) => match q {
                Question::LifeSatisfaction => "ONS4 life satisfaction on arrival",
                Question::Worthwhile => "ONS4 worthwhile on arrival",
                Question::Happy => "ONS4 happy yesterday on arrival",
                Question::Anxious => "ONS4 anxious yesterday on arrival",
            },
            CorrectedField::Ons4(When::Leaving, q) => match q {
                Question::LifeSatisfaction => "ONS4 life satisfaction on leaving",
                Question::Worthwhile => "ONS4 worthwhile on leaving",
                Question::Happy => "ONS4 happy yesterday on leaving",
                Question::Anxious => "ONS4 anxious yesterday on leaving",
            },
            CorrectedField::Outcome => "outcome",
            CorrectedField::Signposts => "signposted to",
            CorrectedField::SafeguardingCategories => "safeguarding concern",
            CorrectedField::SafeguardingOther => "other concern",
            CorrectedField::SafeguardingChildren => "children in household",
            CorrectedField::SafeguardingReferral => "safeguarding referral",
            CorrectedField::SafeguardingReferredTo => "referred to",
            CorrectedField::SafeguardingReferredAt => "referred at",
            CorrectedField::SafeguardingReference => "referral reference",
            CorrectedField::SafeguardingConsent => "consent",
            CorrectedField::SafeguardingOverrideReason => "consent override reason",
            CorrectedField::FollowUpDone => "follow-up done",
            CorrectedField::FollowUpOutcome => "follow-up closed as",
            CorrectedField::IncidentTime => "incident time",
            CorrectedField::IncidentKind => "incident",
            CorrectedField::IncidentPeople => "people involved",
            CorrectedField::IncidentAction => "action taken",
            CorrectedField::IncidentStaff => "staff present",
            CorrectedField::SessionDate => "session date",
            CorrectedField::SessionMinutes => "minutes",
            CorrectedField::SessionNote => "session note",
        }
    }

    fn shown(self) -> Shown {
        match self {
            CorrectedField::Arrival
            | CorrectedField::FollowUpDone
            | CorrectedField::IncidentTime
            | CorrectedField::SafeguardingReferredAt => Shown::Time,
            _ => Shown::Text,
        }
    }
}

/// One field's change: its value before and after (None: it was, or became, empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: CorrectedField,
    pub previous: Option<String>,
    pub new: Option<String>,
}

impl Change {
    /// A change when the values differ; None when they are the same (nothing to record).
    pub fn between(
        field: CorrectedField,
        previous: Option<String>,
        new: Option<String>,
    ) -> Option<Change> {
        (previous != new).then_some(Change {
            field,
            previous,
            new,
        })
    }
}

/// A recorded correction of one field, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub id: i64,
    pub kind: CorrectedKind,
    pub record_id: i64,
    pub change: Change,
    pub reason: String,
    pub staff_id: i64,
    pub at: DateTime<Utc>,
}

/// The reason, checked: required, one short line.
pub fn check_reason(reason: &str) -> Result<String, String> {
    if reason.trim().is_empty() {
        return Err("A reason for the correction is needed (one short line).".into());
    }
    single_line("Reason for the correction", reason, REASON_MAX).map_err(|e| e.to_string())
}

/// A time in the service's zone, with its date unless it is on `day_of` (the same local day).
fn local_time(t: DateTime<Utc>, tz: Tz, day_of: DateTime<Utc>) -> String {
    let local = t.with_timezone(&tz);
    if local.date_naive() == day_of.with_timezone(&tz).date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%d/%m/%Y %H:%M").to_string()
    }
}

fn shown_value(field: CorrectedField, value: Option<&str>, tz: Tz, at: DateTime<Utc>) -> String {
    match (field.shown(), value) {
        (_, None) => "(blank)".into(),
        (Shown::Time, Some(v)) => match from_stored(v) {
            Some(t) => local_time(t, tz, at),
            None => v.to_string(),
        },
        (Shown::Text, Some(v)) => v.to_string(),
    }
}

/// "corrected 21:14 by Sam: arrival 19:05 → 18:50 (typed wrong)", in the service's zone; the
/// correction's own time carries its date unless it is `today`'s. Not sanitised: the caller
/// draws it through the shared sanitiser like every stored string.
pub fn describe(c: &Correction, staff: &str, tz: Tz, now: DateTime<Utc>) -> String {
    let f = c.change.field;
    format!(
        "corrected {} by {staff}: {} {} → {} ({})",
        local_time(c.at, tz, now),
        f.label(),
        shown_value(f, c.change.previous.as_deref(), tz, c.at),
        shown_value(f, c.change.new.as_deref(), tz, c.at),
        c.reason
    )
}

/// The quick-add details of a visit as corrected: the visit's arrival, contact mode and
/// referral source, and its person's names, phone and date of birth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsCorrection {
    pub visit_id: i64,
    pub person_id: i64,
    pub arrived_at: DateTime<Utc>,
    pub contact_mode: ContactMode,
    pub referral_source_id: Option<i64>,
    pub person: PersonDetails,
    pub reason: String,
}

/// How an arrival time is stored in a correction.
pub fn time_value(t: DateTime<Utc>) -> String {
    to_stored(t)
}

/// How a date of birth is stored in a correction (as the lead types it).
pub fn date_value(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A corrected arrival typed as a clock time: the reading nearest the arrival it corrects
/// (the day before, the same day or the day after, so 00:10 corrects 23:55 to just after
/// midnight). A time later than now is refused: an arrival has happened.
pub fn corrected_arrival(
    time: NaiveTime,
    previous: DateTime<Utc>,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, String> {
    let local = previous.with_timezone(&tz);
    // The form shows minutes only: the same minute is the arrival unchanged, seconds and all
    // (otherwise every correction of a name would also "correct" the arrival).
    if local.time().format("%H:%M").to_string() == time.format("%H:%M").to_string() {
        return Ok(previous);
    }
    let day = local.date_naive();
    let nearest = [day - Duration::days(1), day, day + Duration::days(1)]
        .into_iter()
        .filter_map(|d| tz.from_local_datetime(&d.and_time(time)).earliest())
        .map(|t| t.with_timezone(&Utc))
        .min_by_key(|t| (*t - previous).num_seconds().abs())
        .ok_or_else(|| "That time does not exist.".to_string())?;
    if nearest > now + Duration::minutes(1) {
        return Err("That arrival is later than now.".into());
    }
    Ok(nearest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::visit::{Safeguarding, VisitRecord, VisitUpdate};

    fn utc(h: u32, m: u32) -> DateTime<Utc> {
        // Winter: Europe/London is UTC.
        Utc.with_ymd_and_hms(2026, 1, 5, h, m, 0).unwrap()
    }

    #[test]
    fn codes_round_trip() {
        for k in CorrectedKind::ALL {
            assert_eq!(CorrectedKind::from_code(k.code()), Some(k));
        }
        for f in CorrectedField::ALL {
            assert_eq!(CorrectedField::from_code(f.code()), Some(f));
        }
        assert_eq!(CorrectedField::from_code("nonsense"), None);
    }

    #[test]
    fn a_change_is_only_made_of_different_values() {
        let f = CorrectedField::Phone;
        assert_eq!(Change::between(f, Some("1".into()), Some("1".into())), None);
        assert!(Change::between(f, None, Some("1".into())).is_some());
        assert!(Change::between(f, Some("1".into()), None).is_some());
    }

    #[test]
    fn a_reason_is_required_and_one_short_line() {
        assert!(check_reason("  ").is_err());
        assert!(check_reason("typed\nwrong").is_err());
        assert!(check_reason(&"x".repeat(REASON_MAX + 1)).is_err());
        assert_eq!(check_reason(" typed wrong ").unwrap(), "typed wrong");
    }

    #[test]
    fn a_correction_reads_as_a_sentence() {
        let c = Correction {
            id: 1,
            kind: CorrectedKind::Visit,
            record_id: 7,
            change: Change {
                field: CorrectedField::Arrival,
                previous: Some(time_value(utc(19, 5))),
                new: Some(time_value(utc(18, 50))),
            },
            reason: "typed wrong".into(),
            staff_id: 1,
            at: utc(21, 14),
        };
        let tz = chrono_tz::Europe::London;
        assert_eq!(
            describe(&c, "Sam", tz, utc(22, 0)),
            "corrected 21:14 by Sam: arrival 19:05 → 18:50 (typed wrong)"
        );
        // Not today: the correction's time carries its date.
        assert_eq!(
            describe(&c, "Sam", tz, utc(22, 0) + Duration::days(1)),
            "corrected 05/01/2026 21:14 by Sam: arrival 19:05 → 18:50 (typed wrong)"
        );
        let blank = Correction {
            change: Change {
                field: CorrectedField::Phone,
                previous: None,
                new: Some("07700 900123".into()),
            },
            ..c
        };
        assert!(describe(&blank, "Sam", tz, utc(22, 0)).contains("phone (blank) → 07700 900123"));
    }

    #[test]
    fn the_triage_form_corrects_only_values_already_recorded() {
        use crate::domain::visit::{Outcome, VisitStatus};
        let v = VisitRecord {
            id: 1,
            person_id: 1,
            display_name: None,
            arrived_at: utc(19, 0),
            contact_mode: ContactMode::WalkIn,
            referral_source_id: None,
            referral_code: None,
            presenting_need: "low mood".into(),
            triage_code: Some("C".into()),
            triaged_at: None,
            triaged_by: None,
            safety_formulation: "Lives alone.".into(),
            suitability: None,
            suitability_reason: String::new(),
            status: VisitStatus::Waiting,
            seen_at: None,
            left_at: None,
            distress_arrival: None,
            distress_leaving: None,
            swemwbs: None,
            swemwbs_completion: None,
            ons4: Default::default(),
            ons4_leaving: Default::default(),
            outcome: None,
            signposts: vec![],
            safeguarding: Default::default(),
            created_at: utc(19, 0),
            created_by: 1,
            updated_at: utc(19, 0),
            updated_by: 1,
        };
        let name = |id: i64| format!("entry {id}");
        let mut u = v.as_update();
        // Progress: status on, a blank filled, the need and the formulation added to.
        u.presenting_need = "low mood, can't sleep".into();
        u.status = VisitStatus::WithWorker;
        u.outcome = Some(Outcome::from_code("02").unwrap());
        u.distress_arrival = Some(6);
        u.safety_formulation = "Lives alone. Sister nearby.".into();
        assert!(triage_changes(&v, &u, &name).is_empty());
        // A recorded value changed, and the formulation rewritten: corrections.
        u.triage_code = Some("B".into());
        u.safety_formulation = "Lives with sister.".into();
        let fields: Vec<CorrectedField> = triage_changes(&v, &u, &name)
            .into_iter()
            .map(|c| c.field)
            .collect();
        assert_eq!(
            fields,
            [
                CorrectedField::TriageCode,
                CorrectedField::SafetyFormulation
            ]
        );
        let c = &triage_changes(&v, &u, &name)[0];
        assert_eq!(
            (c.previous.as_deref(), c.new.as_deref()),
            (Some("C"), Some("B"))
        );
    }

    #[test]
    fn ons4_swemwbs_completion_signposts_and_safeguarding_are_corrected_like_the_rest() {
        use crate::domain::ons4::Ons4;
        use crate::domain::swemwbs::{Completion, Swemwbs};
        use crate::domain::visit::{CareActCategory, VisitStatus};
        let v = VisitRecord {
            id: 1,
            person_id: 1,
            display_name: None,
            arrived_at: utc(19, 0),
            contact_mode: ContactMode::WalkIn,
            referral_source_id: None,
            referral_code: None,
            presenting_need: String::new(),
            triage_code: None,
            triaged_at: None,
            triaged_by: None,
            safety_formulation: String::new(),
            suitability: None,
            suitability_reason: String::new(),
            status: VisitStatus::WithWorker,
            seen_at: None,
            left_at: None,
            distress_arrival: None,
            distress_leaving: None,
            swemwbs: Some(Swemwbs::new([3, 3, 3, 3, 3, 3, 3]).unwrap()),
            swemwbs_completion: Some(Completion::ByVisitor),
            ons4: Ons4 {
                happy: Some(4),
                ..Ons4::default()
            },
            ons4_leaving: Ons4::default(),
            outcome: None,
            signposts: vec![3, 5],
            safeguarding: Safeguarding {
                categories: vec![CareActCategory::Financial],
                children_in_household: Some(true),
                referral_made: true,
                referred_to: "Adult social care".into(),
                referred_at: Some(utc(19, 30)),
                consent_obtained: Some(true),
                ..Safeguarding::default()
            },
            created_at: utc(19, 0),
            created_by: 1,
            updated_at: utc(19, 0),
            updated_by: 1,
        };
        let name = |id: i64| format!("Entry {id}");
        let fields = |u: &VisitUpdate| -> Vec<CorrectedField> {
            triage_changes(&v, u, &name)
                .into_iter()
                .map(|c| c.field)
                .collect()
        };
        // Progress: blanks filled (ONS4 on arrival and on leaving), one more signpost and one
        // more category ticked, the referral's destination added to.
        let mut u = v.as_update();
        u.ons4.anxious = Some(7);
        u.ons4_leaving.happy = Some(6);
        u.signposts = vec![3, 5, 8];
        u.safeguarding.categories.push(CareActCategory::Domestic);
        u.safeguarding.referred_to = "Adult social care (duty team)".into();
        u.safeguarding.other_detail = "Owes money to a neighbour".into();
        assert!(fields(&u).is_empty(), "{:?}", fields(&u));
        // A recorded ONS4 answer, how the SWEMWBS was completed, a signpost and a category
        // taken off, and every recorded safeguarding value changed: corrections.
        let mut u = v.as_update();
        u.ons4.happy = Some(5);
        u.swemwbs_completion = Some(Completion::ReadOut);
        u.signposts = vec![5];
        u.safeguarding.categories = vec![CareActCategory::Domestic];
        u.safeguarding.children_in_household = Some(false);
        u.safeguarding.referral_made = false;
        u.safeguarding.referred_at = None;
        u.safeguarding.referred_to = "Police".into();
        u.safeguarding.consent_obtained = None;
        assert_eq!(
            fields(&u),
            [
                CorrectedField::Ons4(When::Arrival, Question::Happy),
                CorrectedField::SwemwbsCompletion,
                CorrectedField::Signposts,
                CorrectedField::SafeguardingCategories,
                CorrectedField::SafeguardingChildren,
                CorrectedField::SafeguardingReferral,
                CorrectedField::SafeguardingReferredAt,
                CorrectedField::SafeguardingConsent,
                CorrectedField::SafeguardingReferredTo,
            ]
        );
        let changes = triage_changes(&v, &u, &name);
        let values = |f: CorrectedField| {
            let c = changes.iter().find(|c| c.field == f).unwrap();
            (c.previous.clone(), c.new.clone())
        };
        assert_eq!(
            values(CorrectedField::Ons4(When::Arrival, Question::Happy)),
            (Some("4/10".into()), Some("5/10".into()))
        );
        assert_eq!(
            values(CorrectedField::Signposts),
            (Some("Entry 3; Entry 5".into()), Some("Entry 5".into()))
        );
        assert_eq!(
            values(CorrectedField::SafeguardingCategories),
            (
                Some("Financial or material abuse".into()),
                Some("Domestic abuse".into())
            )
        );
        assert_eq!(
            values(CorrectedField::SafeguardingReferral),
            (Some("made".into()), Some("not made".into()))
        );
        assert_eq!(
            values(CorrectedField::SwemwbsCompletion),
            (
                Some("By the visitor".into()),
                Some("Read out to them".into())
            )
        );
        // Every signpost taken off reads as blank after.
        let mut u = v.as_update();
        u.signposts.clear();
        assert_eq!(
            triage_changes(&v, &u, &name)[0].new,
            None,
            "no signposts left"
        );
        // A leaving answer once recorded is corrected like an arrival one.
        let mut recorded = v.clone();
        recorded.ons4_leaving.worthwhile = Some(8);
        let mut u = recorded.as_update();
        u.ons4_leaving.worthwhile = None;
        let c = triage_changes(&recorded, &u, &name);
        assert_eq!(
            c[0].field,
            CorrectedField::Ons4(When::Leaving, Question::Worthwhile)
        );
        assert_eq!(
            (c[0].previous.as_deref(), c[0].new.as_deref()),
            (Some("8/10"), None)
        );
        assert_eq!(c[0].field.label(), "ONS4 worthwhile on leaving");
    }

    #[test]
    fn a_corrected_arrival_is_the_nearest_reading_and_never_later_than_now() {
        let tz = chrono_tz::Europe::London;
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(
            corrected_arrival(t(18, 50), utc(19, 5), tz, utc(21, 0)),
            Ok(utc(18, 50))
        );
        // Just after midnight in a shift that crossed it: that night, not the day before.
        let late = Utc.with_ymd_and_hms(2026, 1, 5, 23, 55, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 1, 6, 0, 10, 0).unwrap();
        assert_eq!(
            corrected_arrival(t(0, 10), late, tz, after + Duration::minutes(5)),
            Ok(after)
        );
        assert!(corrected_arrival(t(21, 30), utc(19, 5), tz, utc(21, 0)).is_err());
        // The minute shown unchanged keeps the stored seconds.
        let with_seconds = utc(19, 5) + Duration::seconds(27);
        assert_eq!(
            corrected_arrival(t(19, 5), with_seconds, tz, utc(21, 0)),
            Ok(with_seconds)
        );
    }
}
