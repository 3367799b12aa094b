//! Matching help: which workers might suit a visitor tonight, each with the reasons shown to
//! the lead. A suggestion only; the lead decides, and the assignment rules still apply.

use super::{OnNow, PeerSettings, PeerWorker, area_key, load_text};
use chrono_tz::Tz;

/// Being on now matters most, then being on later in the shift, then having room; then what
/// helps the visitor. A worker whose hours are over scores as one not on tonight.
pub const ON_TONIGHT_SCORE: u32 = 100;
/// On later in the shift ("from 19:00"): below anyone on now, above anyone not on.
pub const ON_LATER_SCORE: u32 = 75;
pub const UNDER_CAP_SCORE: u32 = 50;
/// Per shared language: being understood comes before shared experience.
pub const LANGUAGE_SCORE: u32 = 25;
/// Having seen the visitor before (continuity of care).
pub const CONTINUITY_SCORE: u32 = 20;
/// Per shared lived-experience area.
pub const LIVED_EXPERIENCE_SCORE: u32 = 15;

/// What the lead knows the visitor would value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitorNeeds {
    pub languages: Vec<String>,
    /// Areas of lived experience that might help (e.g. "bereavement").
    pub lived_experience: Vec<String>,
}

/// What the store knows about one worker for this visitor and shift.
#[derive(Debug, Clone, Copy)]
pub struct CandidateFacts<'a> {
    pub worker: &'a PeerWorker,
    /// Where they stand in the shift at the time of asking.
    pub on: OnNow,
    /// The shift is over: having been on in it counts as available (see `AssignmentFacts`).
    pub shift_over: bool,
    pub active_caseload: u32,
    /// The visitor has had an assignment with this worker before (or has one now).
    pub saw_before: bool,
}

/// A worker suggested for a visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub worker_id: i64,
    pub name: String,
    pub score: u32,
    /// Shown to the lead: "on now to 22:30", "2 of 5 visitors", "speaks Polish"...
    pub reasons: Vec<String>,
    /// On now or later in the shift: may be assigned without an override.
    pub available: bool,
    pub under_cap: bool,
}

/// Active workers, best first; ties by name (then id, so the order never depends on input
/// order). Workers who are off or full are kept, lower down, since the lead may override.
pub fn rank_candidates(
    facts: &[CandidateFacts<'_>],
    needs: &VisitorNeeds,
    settings: &PeerSettings,
    tz: Tz,
) -> Vec<Candidate> {
    // Who is on now comes first whatever else fits, then who starts later: a perfect match
    // who is not here cannot see the visitor tonight.
    let mut out: Vec<(u8, Candidate)> = facts
        .iter()
        .filter(|f| f.worker.active)
        .map(|f| (f.on.rank().min(2), candidate(f, needs, settings, tz)))
        .collect();
    out.sort_by(|(ta, a), (tb, b)| {
        ta.cmp(tb)
            .then(b.score.cmp(&a.score))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then(a.worker_id.cmp(&b.worker_id))
    });
    out.into_iter().map(|(_, c)| c).collect()
}

fn candidate(
    f: &CandidateFacts<'_>,
    needs: &VisitorNeeds,
    settings: &PeerSettings,
    tz: Tz,
) -> Candidate {
    let cap = f.worker.cap(settings);
    let under_cap = f.active_caseload < cap.limit;
    let mut score = match f.on {
        OnNow::On { .. } => ON_TONIGHT_SCORE,
        OnNow::Later { .. } => ON_LATER_SCORE,
        _ => 0,
    };
    let mut reasons = vec![f.on.text(tz)];
    if under_cap {
        score += UNDER_CAP_SCORE;
    }
    reasons.push(load_text(f.active_caseload, cap));
    for language in shared(&f.worker.profile.languages, &needs.languages) {
        score += LANGUAGE_SCORE;
        reasons.push(format!("speaks {language}"));
    }
    for area in shared(&f.worker.profile.lived_experience, &needs.lived_experience) {
        score += LIVED_EXPERIENCE_SCORE;
        reasons.push(format!("lived experience: {area}"));
    }
    if f.saw_before {
        score += CONTINUITY_SCORE;
        reasons.push("saw them before".to_string());
    }
    Candidate {
        worker_id: f.worker.id,
        name: f.worker.name().to_string(),
        score,
        reasons,
        available: f.on.may_be_assigned()
            || (f.shift_over && matches!(f.on, OnNow::Finished { .. })),
        under_cap,
    }
}

/// The worker's items that the visitor also named, in the worker's spelling.
fn shared<'a>(worker: &'a [String], wanted: &[String]) -> impl Iterator<Item = &'a String> {
    let wanted: Vec<String> = wanted
        .iter()
        .map(|w| area_key(w))
        .filter(|w| !w.is_empty())
        .collect();
    worker
        .iter()
        .filter(move |item| wanted.contains(&area_key(item)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::peers::{Employment, ExceptionKind, WorkerProfile};
    use chrono::{TimeZone, Utc};

    const LONDON: Tz = chrono_tz::Europe::London;

    fn on(available: bool) -> OnNow {
        if available {
            OnNow::On {
                until: Utc.with_ymd_and_hms(2026, 11, 23, 22, 30, 0).unwrap(),
                extra: false,
            }
        } else {
            OnNow::NotOn
        }
    }

    fn worker(id: i64, name: &str, languages: &[&str], lived: &[&str]) -> PeerWorker {
        PeerWorker {
            id,
            profile: WorkerProfile {
                name: name.into(),
                employment: Employment::Volunteer,
                lived_experience: lived.iter().map(|s| s.to_string()).collect(),
                languages: languages.iter().map(|s| s.to_string()).collect(),
                dbs_checked_on: None,
                training: String::new(),
                caseload_cap: None,
            },
            active: true,
        }
    }

    fn facts(w: &PeerWorker, available: bool, active: u32, saw_before: bool) -> CandidateFacts<'_> {
        CandidateFacts {
            worker: w,
            on: on(available),
            shift_over: false,
            active_caseload: active,
            saw_before,
        }
    }

    fn needs() -> VisitorNeeds {
        VisitorNeeds {
            languages: vec!["polish".into()],
            lived_experience: vec!["Bereavement".into(), "self harm".into()],
        }
    }

    #[test]
    fn reasons_say_why_a_worker_is_suggested() {
        let w = worker(
            1,
            "Sky Sample",
            &["English", "Polish"],
            &["bereavement", "Self-harm"],
        );
        let c = rank_candidates(
            &[facts(&w, true, 2, true)],
            &needs(),
            &PeerSettings::default(),
            LONDON,
        );
        assert_eq!(
            c[0].reasons,
            [
                "on now to 22:30",
                "2 of 5 visitors",
                "speaks Polish",
                "lived experience: bereavement",
                "lived experience: Self-harm",
                "saw them before"
            ]
        );
        assert_eq!(
            c[0].score,
            ON_TONIGHT_SCORE
                + UNDER_CAP_SCORE
                + LANGUAGE_SCORE
                + 2 * LIVED_EXPERIENCE_SCORE
                + CONTINUITY_SCORE
        );
        assert!(c[0].available && c[0].under_cap);
    }

    #[test]
    fn on_tonight_and_room_come_first_then_what_fits_then_name() {
        let settings = PeerSettings::default();
        let off_but_perfect = worker(1, "Ash Example", &["Polish"], &["bereavement"]);
        let full = worker(2, "Bo Sample", &["Polish"], &[]);
        let plain_b = worker(3, "bea Specimen", &[], &[]);
        let plain_a = worker(4, "Al Specimen", &[], &[]);
        let polish = worker(5, "Cy Madeup", &["Polish"], &[]);
        let mut inactive = worker(6, "Di Dummy", &["Polish"], &["bereavement"]);
        inactive.active = false;
        let all = [
            facts(&off_but_perfect, false, 0, true),
            facts(&full, true, 5, false),
            facts(&plain_b, true, 1, false),
            facts(&plain_a, true, 3, false),
            facts(&polish, true, 4, false),
            facts(&inactive, true, 0, false),
        ];
        let ranked = rank_candidates(&all, &needs(), &settings, LONDON);
        let names: Vec<&str> = ranked.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Cy Madeup",
                "Al Specimen",
                "bea Specimen",
                "Bo Sample",
                "Ash Example"
            ]
        );
        let full = &ranked[3];
        assert!(!full.under_cap);
        assert_eq!(
            full.reasons[..2],
            ["on now to 22:30", "5 of 5 visitors (full)"]
        );
        assert_eq!(ranked[4].reasons[0], "not on tonight");
        // The same input in another order ranks the same.
        let mut reversed = all;
        reversed.reverse();
        assert_eq!(
            rank_candidates(&reversed, &needs(), &settings, LONDON),
            ranked
        );
    }

    #[test]
    fn nothing_shared_when_the_visitor_named_nothing() {
        let w = worker(1, "Sky Sample", &["Polish"], &["bereavement"]);
        let c = rank_candidates(
            &[facts(&w, true, 0, false)],
            &VisitorNeeds::default(),
            &PeerSettings::default(),
            LONDON,
        );
        assert_eq!(c[0].reasons, ["on now to 22:30", "0 of 5 visitors"]);
    }

    #[test]
    fn on_now_ranks_before_later_and_later_before_finished_or_off() {
        let settings = PeerSettings::default();
        let at = |h| Utc.with_ymd_and_hms(2026, 11, 23, h, 0, 0).unwrap();
        let now_w = worker(1, "Zed Now", &[], &[]);
        let later = worker(2, "Ann Later", &["Polish"], &[]);
        let done = worker(3, "Bo Finished", &["Polish"], &["bereavement"]);
        let away = worker(4, "Cy Away", &["Polish"], &["bereavement"]);
        let f = |w, on| CandidateFacts {
            worker: w,
            on,
            shift_over: false,
            active_caseload: 0,
            saw_before: false,
        };
        let all = [
            f(
                &done,
                OnNow::Finished {
                    at: at(19),
                    extra: false,
                },
            ),
            f(
                &away,
                OnNow::Off {
                    kind: ExceptionKind::Leave,
                },
            ),
            f(
                &later,
                OnNow::Later {
                    from: at(20),
                    extra: false,
                },
            ),
            f(
                &now_w,
                OnNow::On {
                    until: at(22),
                    extra: true,
                },
            ),
        ];
        let ranked = rank_candidates(&all, &needs(), &settings, LONDON);
        let names: Vec<&str> = ranked.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names[..2], ["Zed Now", "Ann Later"]);
        assert_eq!(ranked[0].reasons[0], "on now to 22:00 (extra)");
        assert_eq!(ranked[1].reasons[0], "from 20:00");
        let finished = ranked.iter().find(|c| c.worker_id == 3).unwrap();
        assert_eq!(finished.reasons[0], "finished 19:00");
        assert!(!finished.available);
        let off = ranked.iter().find(|c| c.worker_id == 4).unwrap();
        assert_eq!(off.reasons[0], "off tonight: on leave");
        assert!(ranked[1].available);
    }
}
