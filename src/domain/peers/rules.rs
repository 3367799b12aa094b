//! The rules an assignment and a session must pass, as a list of refusals the lead reads, and
//! the override: a lead may set aside some refusals by giving a reason, which is stored and
//! audited. Others cannot be set aside.

use super::{Cap, PeerSettings, PeerWorker, REASON_MAX, visitors};
use crate::domain::text::{TextError, optional_line};
use std::fmt;

/// One reason an assignment or a session was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Inactive {
        worker: String,
    },
    AlreadyWorkingWith {
        worker: String,
    },
    OverCap {
        worker: String,
        active: u32,
        cap: Cap,
    },
    NotAvailable {
        worker: String,
    },
    PlannedOverLimit {
        planned: u32,
        limit: u32,
    },
    PastPlanned {
        session: u32,
        planned: u32,
    },
    PastLimit {
        session: u32,
        limit: u32,
    },
}

impl Refusal {
    /// Over the cap, off tonight, or a session past the plan or limit may be overridden with
    /// a reason. DESIGN.md says planned sessions may not exceed the limit (extra sessions are
    /// logged one by one, each with its own override); an inactive worker or a duplicate
    /// pairing is a mistake, not a judgement call.
    pub fn can_override(&self) -> bool {
        matches!(
            self,
            Refusal::OverCap { .. }
                | Refusal::NotAvailable { .. }
                | Refusal::PastPlanned { .. }
                | Refusal::PastLimit { .. }
        )
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Inactive { worker } => write!(f, "{worker} is no longer active."),
            Refusal::AlreadyWorkingWith { worker } => {
                write!(f, "{worker} is already working with this visitor.")
            }
            Refusal::OverCap {
                worker,
                active,
                cap,
            } => write!(
                f,
                "{worker} already has {active} of {} {} ({}).",
                cap.limit,
                visitors(cap.limit),
                cap.whose()
            ),
            Refusal::NotAvailable { worker } => write!(f, "{worker} is not on in this shift."),
            Refusal::PlannedOverLimit { planned, limit } => write!(
                f,
                "{planned} sessions planned is over the limit of {limit} per visitor."
            ),
            Refusal::PastPlanned { session, planned } => write!(
                f,
                "This would be session {session}, and {planned} were planned."
            ),
            Refusal::PastLimit { session, limit } => write!(
                f,
                "This would be session {session}, past the limit of {limit} per visitor."
            ),
        }
    }
}

/// What the store knows about a proposed pairing.
#[derive(Debug, Clone, Copy)]
pub struct AssignmentFacts<'a> {
    pub worker: &'a PeerWorker,
    /// Assignments not yet ended.
    pub active_caseload: u32,
    pub available: bool,
    /// The visitor already has an active assignment with this worker.
    pub already_with_visitor: bool,
}

/// Every reason the assignment should not go ahead; empty when it may.
pub fn check_assignment(
    facts: &AssignmentFacts<'_>,
    sessions_planned: u32,
    settings: &PeerSettings,
) -> Vec<Refusal> {
    let worker = facts.worker.name().to_string();
    let cap = facts.worker.cap(settings);
    let mut out = Vec::new();
    if !facts.worker.active {
        out.push(Refusal::Inactive {
            worker: worker.clone(),
        });
    }
    if facts.already_with_visitor {
        out.push(Refusal::AlreadyWorkingWith {
            worker: worker.clone(),
        });
    }
    if facts.active_caseload >= cap.limit {
        out.push(Refusal::OverCap {
            worker: worker.clone(),
            active: facts.active_caseload,
            cap,
        });
    }
    if !facts.available {
        out.push(Refusal::NotAvailable { worker });
    }
    if sessions_planned > settings.session_limit {
        out.push(Refusal::PlannedOverLimit {
            planned: sessions_planned,
            limit: settings.session_limit,
        });
    }
    out
}

/// At least one session must be planned.
pub fn check_sessions_planned(planned: u32) -> Result<u32, String> {
    if planned == 0 {
        Err("Plan at least one session.".into())
    } else {
        Ok(planned)
    }
}

/// Whether one more session may be logged after `logged` sessions.
pub fn check_next_session(logged: u32, planned: u32, settings: &PeerSettings) -> Vec<Refusal> {
    let session = logged + 1;
    let mut out = Vec::new();
    if session > planned {
        out.push(Refusal::PastPlanned { session, planned });
    }
    if session > settings.session_limit {
        out.push(Refusal::PastLimit {
            session,
            limit: settings.session_limit,
        });
    }
    out
}

/// Why something was refused, and what the lead can do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// At least one refusal cannot be overridden.
    Final(Vec<Refusal>),
    /// Every refusal may be overridden, but no reason was given.
    NeedsReason(Vec<Refusal>),
    /// The override reason cannot be stored as given.
    BadReason(TextError),
}

impl Refused {
    pub fn refusals(&self) -> &[Refusal] {
        match self {
            Refused::Final(r) | Refused::NeedsReason(r) => r,
            Refused::BadReason(_) => &[],
        }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |r: &[Refusal]| {
            r.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        };
        match self {
            Refused::Final(r) => write!(f, "{}", join(r)),
            Refused::NeedsReason(r) => {
                write!(
                    f,
                    "{} To go ahead anyway, give a reason for the override.",
                    join(r)
                )
            }
            Refused::BadReason(e) => write!(f, "{e}."),
        }
    }
}

impl std::error::Error for Refused {}

/// Goes ahead when nothing was refused (Ok(None); a reason given anyway is not kept, since
/// nothing was overridden), or when every refusal may be overridden and a reason was given
/// (Ok(Some(reason)), trimmed, to store and audit).
pub fn decide(
    refusals: Vec<Refusal>,
    override_reason: Option<&str>,
) -> Result<Option<String>, Refused> {
    if refusals.is_empty() {
        return Ok(None);
    }
    if !refusals.iter().all(Refusal::can_override) {
        return Err(Refused::Final(refusals));
    }
    match optional_line("Override reason", override_reason.unwrap_or(""), REASON_MAX) {
        Ok(Some(reason)) => Ok(Some(reason)),
        Ok(None) => Err(Refused::NeedsReason(refusals)),
        Err(e) => Err(Refused::BadReason(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::peers::{Employment, WorkerProfile};

    fn worker(cap: Option<u32>) -> PeerWorker {
        PeerWorker {
            id: 1,
            profile: WorkerProfile {
                name: "Sky Sample".into(),
                employment: Employment::Paid,
                lived_experience: vec![],
                languages: vec![],
                dbs_checked_on: None,
                training: String::new(),
                caseload_cap: cap,
            },
            active: true,
        }
    }

    fn facts(w: &PeerWorker, active: u32, available: bool) -> AssignmentFacts<'_> {
        AssignmentFacts {
            worker: w,
            active_caseload: active,
            available,
            already_with_visitor: false,
        }
    }

    #[test]
    fn a_fitting_assignment_passes() {
        let w = worker(None);
        assert_eq!(
            check_assignment(&facts(&w, 4, true), 12, &PeerSettings::default()),
            []
        );
    }

    #[test]
    fn over_the_cap_is_refused_naming_whose_cap() {
        let settings = PeerSettings::default();
        let w = worker(None);
        let r = check_assignment(&facts(&w, 5, true), 6, &settings);
        assert_eq!(
            r.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["Sky Sample already has 5 of 5 visitors (the service's cap)."]
        );
        let w = worker(Some(5));
        let r = check_assignment(&facts(&w, 5, true), 6, &settings);
        assert_eq!(
            r[0].to_string(),
            "Sky Sample already has 5 of 5 visitors (their cap)."
        );
        let w = worker(Some(8));
        assert_eq!(check_assignment(&facts(&w, 5, true), 6, &settings), []);
        let settings = PeerSettings {
            caseload_cap: 3,
            ..settings
        };
        let w = worker(None);
        assert_eq!(check_assignment(&facts(&w, 3, true), 6, &settings).len(), 1);
        let settings = PeerSettings {
            caseload_cap: 1,
            ..settings
        };
        assert_eq!(
            check_assignment(&facts(&w, 1, true), 6, &settings)[0].to_string(),
            "Sky Sample already has 1 of 1 visitor (the service's cap)."
        );
    }

    #[test]
    fn every_reason_is_listed() {
        let settings = PeerSettings::default();
        let mut w = worker(Some(2));
        w.active = false;
        let mut f = facts(&w, 2, false);
        f.already_with_visitor = true;
        let r = check_assignment(&f, 13, &settings);
        assert_eq!(
            r.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "Sky Sample is no longer active.",
                "Sky Sample is already working with this visitor.",
                "Sky Sample already has 2 of 2 visitors (their cap).",
                "Sky Sample is not on in this shift.",
                "13 sessions planned is over the limit of 12 per visitor.",
            ]
        );
    }

    #[test]
    fn an_override_needs_a_reason_and_only_some_refusals_allow_one() {
        let w = worker(None);
        let settings = PeerSettings::default();
        let r = check_assignment(&facts(&w, 5, false), 6, &settings);
        let e = decide(r.clone(), None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Sky Sample already has 5 of 5 visitors (the service's cap). Sky Sample is not on in \
             this shift. To go ahead anyway, give a reason for the override."
        );
        assert_eq!(e.refusals().len(), 2);
        assert!(matches!(
            decide(r.clone(), Some("   ")),
            Err(Refused::NeedsReason(_))
        ));
        assert!(matches!(
            decide(r.clone(), Some("a\x1bb")),
            Err(Refused::BadReason(_))
        ));
        assert_eq!(
            decide(
                r,
                Some(" Known to the visitor; agreed with the clinical lead ")
            ),
            Ok(Some(
                "Known to the visitor; agreed with the clinical lead".into()
            ))
        );
        let planned = check_assignment(&facts(&w, 0, true), 20, &settings);
        assert!(matches!(
            decide(planned, Some("please")),
            Err(Refused::Final(_))
        ));
        assert_eq!(decide(vec![], Some("not needed")), Ok(None));
    }

    #[test]
    fn sessions_past_the_plan_or_the_limit_need_an_override() {
        let settings = PeerSettings::default();
        assert_eq!(check_next_session(5, 6, &settings), []);
        let r = check_next_session(6, 6, &settings);
        assert_eq!(
            r[0].to_string(),
            "This would be session 7, and 6 were planned."
        );
        let r = check_next_session(12, 12, &settings);
        assert_eq!(
            r.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "This would be session 13, and 12 were planned.",
                "This would be session 13, past the limit of 12 per visitor."
            ]
        );
        assert!(r.iter().all(Refusal::can_override));
        assert_eq!(
            check_sessions_planned(0).unwrap_err(),
            "Plan at least one session."
        );
        assert_eq!(check_sessions_planned(1), Ok(1));
    }
}
