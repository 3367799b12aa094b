//! The rules an assignment and a session must pass, as a list of refusals the lead reads, and
//! the override: a lead may set aside some refusals by giving a reason, which is stored and
//! audited. Others cannot be set aside.

use super::{Cap, ExceptionKind, OnNow, PeerSettings, PeerWorker, REASON_MAX, long_date, visitors};
use crate::domain::text::{TextError, optional_line};
use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use std::fmt;

/// Once-weekly pacing: a session less than this many days from another asks for a reason.
pub const PACING_DAYS: i64 = 7;

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
    /// Leave or sickness takes all their hours in the shift off.
    OffTonight {
        worker: String,
        kind: ExceptionKind,
    },
    /// Their hours in the shift are over (local time they ended).
    HoursEnded {
        worker: String,
        at: NaiveTime,
    },
    PlannedOverLimit {
        planned: u32,
        limit: u32,
    },
    /// Planned sessions and those the visitor already had in this episode of support, with
    /// any worker, come to more than the limit.
    PlannedPastEpisode {
        planned: u32,
        used: u32,
        limit: u32,
    },
    PastPlanned {
        session: u32,
        planned: u32,
    },
    /// `session` counts every session in the visitor's current episode of support.
    PastLimit {
        session: u32,
        limit: u32,
    },
    /// Another session of the visitor's is less than a week from this one.
    TooSoon {
        other: NaiveDate,
    },
}

impl Refusal {
    /// Over the cap, off tonight, hours over, a session past the plan or limit, or too soon
    /// after another may be overridden with a reason. DESIGN.md says planned sessions may not
    /// exceed the limit (extra sessions are logged one by one, each with its own override);
    /// but when the plan fits and only the sessions already had in the episode push it over,
    /// that is the same judgement as logging one past the limit, so it may be overridden. An
    /// inactive worker or a duplicate pairing is a mistake, not a judgement call.
    pub fn can_override(&self) -> bool {
        matches!(
            self,
            Refusal::OverCap { .. }
                | Refusal::NotAvailable { .. }
                | Refusal::OffTonight { .. }
                | Refusal::HoursEnded { .. }
                | Refusal::PlannedPastEpisode { .. }
                | Refusal::PastPlanned { .. }
                | Refusal::PastLimit { .. }
                | Refusal::TooSoon { .. }
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
            Refusal::OffTonight { worker, kind } => write!(
                f,
                "{worker} is off tonight ({}).",
                match kind {
                    ExceptionKind::Sickness => "off sick",
                    _ => "on leave",
                }
            ),
            Refusal::HoursEnded { worker, at } => write!(
                f,
                "{worker}'s hours in this shift ended at {}.",
                at.format("%H:%M")
            ),
            Refusal::PlannedOverLimit { planned, limit } => write!(
                f,
                "{planned} sessions planned is over the limit of {limit} per visitor."
            ),
            Refusal::PlannedPastEpisode {
                planned,
                used,
                limit,
            } => write!(
                f,
                "{planned} sessions planned, after {used} already in this episode of support, \
                 is over the limit of {limit} per visitor."
            ),
            Refusal::PastPlanned { session, planned } => write!(
                f,
                "This would be session {session}, and {planned} were planned."
            ),
            Refusal::PastLimit { session, limit } => write!(
                f,
                "This would be session {session} in this episode of support, past the limit of \
                 {limit} per visitor."
            ),
            Refusal::TooSoon { other } => write!(
                f,
                "The visitor has a session on {}, less than a week from this one (sessions are \
                 once a week).",
                long_date(*other)
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
    /// Where the worker stands in the shift now.
    pub on: OnNow,
    /// The service's time zone, to say when hours ended.
    pub tz: Tz,
    /// The shift is over (the lead is assigning after closing). Everyone's hours have ended
    /// then, so "finished" says nothing about this worker: having been on in the shift is
    /// enough, as before closing-time handling (issue 16, point 1) decides otherwise.
    pub shift_over: bool,
    /// The visitor already has an active assignment with this worker.
    pub already_with_visitor: bool,
    /// Sessions the visitor has had, with any worker, in their current episode of support.
    pub episode_sessions: u32,
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
    match facts.on {
        OnNow::On { .. } | OnNow::Later { .. } => {}
        OnNow::Finished { .. } if facts.shift_over => {}
        OnNow::Finished { at, .. } => out.push(Refusal::HoursEnded {
            worker,
            at: at.with_timezone(&facts.tz).time(),
        }),
        OnNow::Off { kind } => out.push(Refusal::OffTonight { worker, kind }),
        OnNow::NotOn => out.push(Refusal::NotAvailable { worker }),
    }
    let limit = settings.session_limit;
    if sessions_planned > limit {
        out.push(Refusal::PlannedOverLimit {
            planned: sessions_planned,
            limit,
        });
    } else if facts.episode_sessions + sessions_planned > limit {
        out.push(Refusal::PlannedPastEpisode {
            planned: sessions_planned,
            used: facts.episode_sessions,
            limit,
        });
    }
    out
}

/// How many of the visitor's sessions (any worker, any assignment) are in the episode of
/// support that a session on `on` belongs to: walking back from `on`, sessions count until a
/// gap of `gap_weeks` or more without one, which ended the earlier episode. Sessions after
/// `on` are not counted.
pub fn episode_sessions(held: &[NaiveDate], on: NaiveDate, gap_weeks: u32) -> u32 {
    let gap = chrono::Duration::weeks(i64::from(gap_weeks));
    let mut dates: Vec<NaiveDate> = held.iter().copied().filter(|d| *d <= on).collect();
    dates.sort_unstable_by(|a, b| b.cmp(a));
    let mut count = 0;
    let mut later = on;
    for d in dates {
        if later - d >= gap {
            break;
        }
        count += 1;
        later = d;
    }
    count
}

/// Another session of the visitor's less than a week from `on` (either side), the nearest.
pub fn too_soon(held: &[NaiveDate], on: NaiveDate) -> Option<NaiveDate> {
    held.iter()
        .copied()
        .filter(|d| (*d - on).num_days().abs() < PACING_DAYS)
        .min_by_key(|d| ((*d - on).num_days().abs(), *d))
}

/// At least one session must be planned.
pub fn check_sessions_planned(planned: u32) -> Result<u32, String> {
    if planned == 0 {
        Err("Plan at least one session.".into())
    } else {
        Ok(planned)
    }
}

/// What is known when a session is about to be logged.
#[derive(Debug, Clone, Copy)]
pub struct SessionFacts<'a> {
    /// Sessions already logged on this assignment.
    pub logged: u32,
    pub planned: u32,
    /// Every session the visitor has had, with any worker.
    pub visitor_sessions: &'a [NaiveDate],
    pub held_on: NaiveDate,
}

/// Whether one more session may be logged: past the assignment's plan, past the limit counted
/// over the visitor's episode of support (with any worker), or within a week of another.
pub fn check_next_session(facts: &SessionFacts<'_>, settings: &PeerSettings) -> Vec<Refusal> {
    let mut out = Vec::new();
    let session = facts.logged + 1;
    if session > facts.planned {
        out.push(Refusal::PastPlanned {
            session,
            planned: facts.planned,
        });
    }
    let in_episode = episode_sessions(
        facts.visitor_sessions,
        facts.held_on,
        settings.episode_gap_weeks,
    ) + 1;
    if in_episode > settings.session_limit {
        out.push(Refusal::PastLimit {
            session: in_episode,
            limit: settings.session_limit,
        });
    }
    if let Some(other) = too_soon(facts.visitor_sessions, facts.held_on) {
        out.push(Refusal::TooSoon { other });
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
            on: if available {
                OnNow::On {
                    until: chrono::DateTime::UNIX_EPOCH,
                    extra: false,
                }
            } else {
                OnNow::NotOn
            },
            tz: chrono_tz::Europe::London,
            shift_over: false,
            already_with_visitor: false,
            episode_sessions: 0,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
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
        // Weekly sessions, the last a week before this one.
        let weekly = |n: u32| -> Vec<NaiveDate> {
            (1..=n)
                .map(|i| d(2026, 11, 23) - chrono::Duration::weeks(i64::from(i)))
                .collect()
        };
        let facts = |logged, planned, held: &[NaiveDate]| -> Vec<Refusal> {
            let f = SessionFacts {
                logged,
                planned,
                visitor_sessions: held,
                held_on: d(2026, 11, 23),
            };
            check_next_session(&f, &settings)
        };
        assert_eq!(facts(5, 6, &weekly(5)), []);
        let r = facts(6, 6, &weekly(6));
        assert_eq!(
            r[0].to_string(),
            "This would be session 7, and 6 were planned."
        );
        let r = facts(12, 12, &weekly(12));
        assert_eq!(
            r.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "This would be session 13, and 12 were planned.",
                "This would be session 13 in this episode of support, past the limit of 12 per \
                 visitor."
            ]
        );
        assert!(r.iter().all(Refusal::can_override));
        // Sessions with other workers count: 12 in the episode, only 2 on this assignment.
        let r = facts(2, 6, &weekly(12));
        assert_eq!(r.len(), 1);
        assert!(matches!(r[0], Refusal::PastLimit { session: 13, .. }));
        assert_eq!(
            check_sessions_planned(0).unwrap_err(),
            "Plan at least one session."
        );
        assert_eq!(check_sessions_planned(1), Ok(1));
    }

    #[test]
    fn an_episode_ends_after_the_gap_without_a_session() {
        let on = d(2026, 11, 23);
        let weeks = |w: i64| on - chrono::Duration::weeks(w);
        // 11 weeks 6 days is still the same episode; 12 weeks ends it.
        let held = [weeks(30), weeks(29), on - chrono::Duration::days(83)];
        assert_eq!(episode_sessions(&held, on, 12), 1);
        let held = [weeks(30), weeks(29), weeks(17), weeks(5)];
        assert_eq!(
            episode_sessions(&held, on, 12),
            1,
            "12 weeks apart: a new episode"
        );
        let held = [weeks(29), weeks(18), weeks(7)];
        assert_eq!(
            episode_sessions(&held, on, 12),
            3,
            "11-week gaps keep it going"
        );
        assert_eq!(episode_sessions(&[weeks(12)], on, 12), 0);
        assert_eq!(episode_sessions(&[], on, 12), 0);
        // A session after the one being logged is not counted.
        assert_eq!(
            episode_sessions(&[on + chrono::Duration::days(1)], on, 12),
            0
        );
        // The same day counts.
        assert_eq!(episode_sessions(&[on], on, 12), 1);
    }

    #[test]
    fn a_second_session_within_six_days_is_too_soon() {
        let on = d(2026, 11, 23);
        let days = |n: i64| on + chrono::Duration::days(n);
        assert_eq!(too_soon(&[days(-7), days(7)], on), None);
        assert_eq!(too_soon(&[days(-6)], on), Some(days(-6)));
        assert_eq!(too_soon(&[days(-7), on], on), Some(on), "the same evening");
        assert_eq!(too_soon(&[days(-3), days(2)], on), Some(days(2)));
        let f = SessionFacts {
            logged: 1,
            planned: 6,
            visitor_sessions: &[days(-6)],
            held_on: on,
        };
        let r = check_next_session(&f, &PeerSettings::default());
        assert_eq!(
            r.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "The visitor has a session on 17 November 2026, less than a week from this one \
              (sessions are once a week)."
            ]
        );
        assert!(r[0].can_override());
    }

    #[test]
    fn hours_ended_or_off_tonight_need_an_override_and_starting_later_does_not() {
        let w = worker(None);
        let settings = PeerSettings::default();
        let at =
            |h| chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, h, 0, 0).unwrap();
        let with = |on| AssignmentFacts {
            on,
            ..facts(&w, 0, true)
        };
        let r = check_assignment(
            &with(OnNow::Finished {
                at: at(19),
                extra: false,
            }),
            6,
            &settings,
        );
        assert_eq!(
            r[0].to_string(),
            "Sky Sample's hours in this shift ended at 19:00."
        );
        assert!(matches!(decide(r, None), Err(Refused::NeedsReason(_))));
        // After closing everyone has finished: being on in that shift is enough.
        let after_closing = AssignmentFacts {
            shift_over: true,
            ..with(OnNow::Finished {
                at: at(19),
                extra: false,
            })
        };
        assert_eq!(check_assignment(&after_closing, 6, &settings), []);
        let r = check_assignment(
            &with(OnNow::Off {
                kind: ExceptionKind::Sickness,
            }),
            6,
            &settings,
        );
        assert_eq!(r[0].to_string(), "Sky Sample is off tonight (off sick).");
        assert!(r[0].can_override());
        let later = with(OnNow::Later {
            from: at(20),
            extra: false,
        });
        assert_eq!(check_assignment(&later, 6, &settings), []);
        // The plan fits the limit but not the sessions already had: a reason, not a refusal.
        let used = AssignmentFacts {
            episode_sessions: 8,
            ..later
        };
        let r = check_assignment(&used, 6, &settings);
        assert_eq!(
            r[0].to_string(),
            "6 sessions planned, after 8 already in this episode of support, is over the limit \
             of 12 per visitor."
        );
        assert!(r[0].can_override());
        assert_eq!(check_assignment(&used, 4, &settings), []);
    }
}
