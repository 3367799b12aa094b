//! The demo generator: clearly fictional, deterministic, and covering what each pane shows.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

mod common;

use common::*;
use staywell::demo::{self, Size};
use staywell::domain::visit::{Outcome, VisitStatus};
use staywell::store::Store;

fn codes(store: &Store, sql: &str) -> Vec<String> {
    store
        .connection()
        .prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn digest(store: &Store) -> String {
    codes(
        store,
        "SELECT group_concat(person_id || arrived_at || status || coalesce(triage_code,'') || coalesce(outcome_code,''), '|')
         FROM (SELECT * FROM visits ORDER BY id)",
    )
    .join("")
}

#[test]
fn the_small_demo_covers_every_status_code_and_outcome_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let store = demo::generate(&path, Size::Small, now()).unwrap();
    let statuses = codes(&store, "SELECT DISTINCT status FROM visits ORDER BY 1");
    for s in VisitStatus::ALL {
        assert!(statuses.contains(&s.code().to_string()), "status {s:?}");
    }
    let triage = codes(
        &store,
        "SELECT DISTINCT triage_code FROM visits WHERE triage_code IS NOT NULL ORDER BY 1",
    );
    assert_eq!(triage, ["A", "B", "C", "D", "E", "F", "G"]);
    let outcomes = codes(
        &store,
        "SELECT DISTINCT outcome_code FROM visits WHERE outcome_code IS NOT NULL ORDER BY 1",
    );
    assert_eq!(outcomes.len(), Outcome::ALL.len());
    let count = |t: &str| {
        codes(&store, &format!("SELECT count(*) || '' FROM {t}"))[0]
            .parse::<i64>()
            .unwrap()
    };
    assert!(count("incidents") > 0 && count("follow_ups") > 0 && count("safeguarding") > 0);
    // Tonight's board has people waiting, with a worker and seen.
    let hours = store.service_hours().unwrap();
    let (from, to) = hours.board_window(hours.current_or_last_shift(now()).service_date);
    let board = store.board(from, to, now().date_naive()).unwrap();
    assert!(board.iter().any(|r| r.status == VisitStatus::Waiting));
    assert!(board.iter().any(|r| r.status == VisitStatus::WithWorker));
    assert!(board.iter().all(|r| r.arrived_at <= now()));
    // Clearly fictional: every full name uses one of the fiction surnames.
    for name in codes(
        &store,
        "SELECT full_name FROM people WHERE full_name IS NOT NULL",
    ) {
        assert!(
            [
                "Example",
                "Sample",
                "Specimen",
                "Placeholder",
                "Madeup",
                "Fictional",
                "Pretend",
                "Dummy"
            ]
            .iter()
            .any(|s| name.ends_with(s)),
            "{name}"
        );
    }
    for phone in codes(&store, "SELECT phone FROM people WHERE phone IS NOT NULL") {
        assert!(phone.starts_with("07700 900"), "Ofcom drama range: {phone}");
    }
    // Handovers: signed and acknowledged, and the latest one waiting for acknowledgement.
    assert_eq!(count("handovers"), 60);
    assert_eq!(store.unacknowledged_handovers().unwrap().len(), 1);
    assert!(
        !store
            .handover_history(Some("heating"), None, 100)
            .unwrap()
            .is_empty()
    );
    assert!(store.check().unwrap().is_ok());
    let first = digest(&store);
    store.close().unwrap();

    let again = dir.path().join("again.db");
    let store = demo::generate(&again, Size::Small, now()).unwrap();
    assert_eq!(digest(&store), first, "same seed, same data");
    assert!(demo::is_demo_database(&again));
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn plan_digest(store: &Store) -> String {
    codes(
        store,
        "SELECT group_concat(plan_id || '.' || version || created_at || review_due || sections, '|')
         FROM (SELECT * FROM plan_versions ORDER BY id)",
    )
    .join("")
}

#[test]
fn the_small_demo_has_plans_with_several_versions_some_overdue_all_valid_and_deterministic() {
    use staywell::domain::plan::PlanContent;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let store = demo::generate(&path, Size::Small, now()).unwrap();
    let plans = count(&store, "SELECT count(*) FROM crisis_plans");
    let versions = count(&store, "SELECT count(*) FROM plan_versions");
    assert!((25..=55).contains(&plans), "{plans} plans for 60 people");
    assert!(
        versions >= 3 * plans,
        "{versions} versions for {plans} plans"
    );
    assert!(count(&store, "SELECT max(latest_version) FROM crisis_plans") >= 5);
    let today = now().date_naive();
    let overdue = store.plans_page(None, true, None, 100, today).unwrap();
    let n_overdue = overdue.iter().filter(|r| r.overdue).count();
    assert!(
        n_overdue > 0 && n_overdue < overdue.len(),
        "some overdue ({n_overdue} of {})",
        overdue.len()
    );
    // Every version reads back and passes the rules the editor applies.
    for row in &overdue {
        for info in store.plan_versions(row.plan_id).unwrap() {
            let v = store.plan_version(row.plan_id, info.version).unwrap();
            let checked: PlanContent = v.content.check().unwrap();
            assert_eq!(checked, v.content);
            assert!(v.meta.check(info.saved_at.date_naive()).is_ok());
            assert!(info.saved_at < now());
        }
        let summary = store.plan_for_person(row.person_id).unwrap().unwrap();
        assert!(summary.created_at <= summary.updated_at);
    }
    // Versions of one plan differ, so the history has something to show.
    let first = &overdue[0];
    if first.versions > 1 {
        let diff = store
            .plan_version_diff(first.plan_id, 1, first.versions)
            .unwrap();
        assert!(!diff.is_empty());
    }
    for phone in codes(
        &store,
        "SELECT DISTINCT json_extract(c.value, '$.phone') FROM plan_versions v,
                json_each(v.sections, '$.people_to_ask') c",
    ) {
        assert!(
            phone.is_empty() || phone.starts_with("07700 900"),
            "{phone}"
        );
    }
    assert!(store.check().unwrap().is_ok());
    let digest = plan_digest(&store);
    store.close().unwrap();
    let again = dir.path().join("again.db");
    let store = demo::generate(&again, Size::Small, now()).unwrap();
    assert_eq!(plan_digest(&store), digest, "same seed, same plans");
}

/// The large size (DESIGN.md §6): about 30,000 plan versions. Slow in a debug build, so run
/// with `cargo test --release --test demo -- --ignored`.
#[test]
#[ignore]
fn the_large_demo_has_about_thirty_thousand_plan_versions() {
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let store = demo::generate(&dir.path().join("large.db"), Size::Large, now()).unwrap();
    let elapsed = started.elapsed();
    let versions = count(&store, "SELECT count(*) FROM plan_versions");
    assert!((27_000..=33_000).contains(&versions), "{versions}");
    let overdue = count(
        &store,
        "SELECT count(*) FROM crisis_plans WHERE review_due < '2026-11-22'",
    );
    let plans = count(&store, "SELECT count(*) FROM crisis_plans");
    eprintln!("{plans} plans, {versions} versions, {overdue} overdue, in {elapsed:?}");
    assert!(overdue > 0 && overdue < plans);
}

#[test]
fn the_small_demo_has_peer_work_within_the_rules() {
    use staywell::domain::peers::ExceptionKind;
    let dir = tempfile::tempdir().unwrap();
    let store = demo::generate(&dir.path().join("demo.db"), Size::Small, now()).unwrap();
    let hours = store.service_hours().unwrap();
    let shift = hours.current_or_last_shift(now());
    let today = now().date_naive();
    let settings = store.peer_settings().unwrap();

    // Tonight: someone with a visitor who is here, someone full, an extra shift, someone on
    // leave who is usually on.
    let board = store.on_tonight(&shift, hours.tz, now()).unwrap();
    assert!(board.len() >= 3, "{board:?}");
    assert!(board.iter().any(|w| !w.with_now.is_empty()));
    assert!(board.iter().any(|w| w.active_caseload >= w.cap.limit));
    let roster = store.roster(None, 100, today).unwrap();
    let kinds_tonight = |kind: ExceptionKind| {
        roster
            .iter()
            .filter(|e| {
                store
                    .exceptions(e.worker.id, Some(shift.service_date))
                    .unwrap()
                    .iter()
                    .any(|x| x.exception.kind == kind && x.exception.covers(shift.service_date))
            })
            .count()
    };
    assert!(kinds_tonight(ExceptionKind::Extra) >= 1);
    assert!(kinds_tonight(ExceptionKind::Leave) >= 1);
    assert!(roster.iter().any(|e| !e.worker.active), "someone has left");
    assert!(
        roster.iter().any(|e| e.dbs.is_flagged()),
        "a DBS renewal is due"
    );
    assert!(
        roster
            .iter()
            .any(|e| e.worker.profile.caseload_cap.is_some())
    );
    assert!(count(&store, "SELECT count(*) FROM supervision_log") >= 8);

    // Caseloads: within the cap unless a lead overrode it; nobody who left has visitors.
    for e in &roster {
        let active = store
            .assignments_for_worker(e.worker.id, None, 1000)
            .unwrap()
            .into_iter()
            .filter(|a| a.is_active())
            .collect::<Vec<_>>();
        let overridden = active
            .iter()
            .filter(|a| !a.override_reason.is_empty())
            .count();
        assert!(
            active.len() - overridden <= e.cap.limit as usize,
            "{}: {} active",
            e.worker.name(),
            active.len()
        );
        assert!(e.worker.active || active.is_empty(), "{}", e.worker.name());
    }
    let assignments = count(&store, "SELECT count(*) FROM assignments");
    assert!((40..=80).contains(&assignments), "{assignments}");
    assert!(count(&store, "SELECT count(*) FROM peer_sessions") > assignments);
    // Sessions: within their assignment's dates, never in the future; past the plan only
    // with an override; planned never over the limit.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM peer_sessions s JOIN assignments a ON a.id = s.assignment_id
             WHERE s.held_on < a.started_on OR s.held_on > coalesce(a.ended_on, date('now', '+1 day'))"
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            &format!(
                "SELECT count(*) FROM peer_sessions WHERE held_on > '{}'",
                today.format("%Y-%m-%d")
            )
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            &format!(
                "SELECT count(*) FROM assignments WHERE sessions_planned > {}",
                settings.session_limit
            )
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM (SELECT a.id, a.sessions_planned, count(s.id) AS n,
                                          sum(s.override_reason <> '') AS o
                                   FROM assignments a JOIN peer_sessions s ON s.assignment_id = a.id
                                   GROUP BY a.id) WHERE n - o > sessions_planned"
        ),
        0
    );
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn the_small_demo_has_ons4_answers_swemwbs_completion_and_no_risk_grades() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let store = demo::generate(&path, Size::Small, now()).unwrap();
    let completion = codes(
        &store,
        "SELECT DISTINCT swemwbs_completion FROM visits WHERE swemwbs_items IS NOT NULL ORDER BY 1",
    );
    assert_eq!(completion, ["read_out", "self", "with_help"]);
    let unpaired = codes(
        &store,
        "SELECT count(*) || '' FROM visits WHERE (swemwbs_items IS NULL) <> (ons4_anxious IS NULL)
            OR ons4_life_satisfaction NOT BETWEEN 0 AND 10",
    );
    assert_eq!(unpaired, ["0"]);
    // Asked again on leaving for some, never without the arrival answers, each 0-10.
    let leaving = codes(
        &store,
        "SELECT count(*) || ' ' || sum(ons4_life_satisfaction IS NULL OR ons4_leaving_anxious NOT BETWEEN 0 AND 10)
         FROM visits WHERE ons4_leaving_life_satisfaction IS NOT NULL",
    );
    let parts: Vec<i64> = leaving[0].split(' ').map(|n| n.parse().unwrap()).collect();
    assert!(parts[0] > 0, "some asked on leaving: {leaving:?}");
    assert_eq!(parts[1], 0, "{leaving:?}");
    let labels = codes(
        &store,
        "SELECT label || ' ' || description FROM triage_codes ORDER BY sort_order",
    );
    assert!(
        labels.iter().all(|l| !l.to_lowercase().contains("risk")),
        "{labels:?}"
    );
    assert!(labels[1].starts_with("Very urgent"));
}

/// Monday 23 November 2026 at `h`:`m` in London (GMT, so UTC too).
fn monday_at(h: u32, m: u32) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

/// The demo's follow-ups: a handful still open, some overdue; every one done says by whom.
fn check_follow_ups(store: &Store, today: chrono::NaiveDate) {
    let open = count(
        store,
        "SELECT count(*) FROM follow_ups WHERE done_at IS NULL",
    );
    assert!((3..=6).contains(&open), "{open} open follow-ups");
    let overdue = count(
        store,
        &format!(
            "SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND due_on < '{}'",
            today.format("%Y-%m-%d")
        ),
    );
    assert!(overdue >= 1, "some overdue");
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM follow_ups WHERE (done_at IS NULL) <> (done_by IS NULL)"
        ),
        0,
        "done when and by whom, as closing one records"
    );
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM follow_ups WHERE (done_at IS NULL) <> (closed_as IS NULL)
                OR (closed_as = 'done') <> (outcome <> '')"
        ),
        0,
        "closed as done, with what came of it"
    );
    assert!(
        count(
            store,
            "SELECT count(*) FROM follow_ups WHERE done_at IS NOT NULL"
        ) > open
    );
    // Safeguarding: only the latest few are still open (the others closed with what came of
    // them), so a draft carries a handful, not every concern ever recorded.
    let open_sg = count(
        store,
        "SELECT count(*) FROM safeguarding WHERE closed_at IS NULL",
    );
    assert!((1..=2).contains(&open_sg), "{open_sg}");
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM safeguarding WHERE closed_at IS NOT NULL
               AND (closed_by IS NULL OR closed_note = '')"
        ),
        0
    );
}

/// Issue 16 point 9: run at 08:00, the demo's "tonight" is last night's shift, closed out
/// properly and signed off: nobody waiting, nothing left to close, one visit carried forward
/// with its reason, which this evening's draft picks up.
#[test]
fn the_demo_run_in_the_morning_shows_last_night_closed_out_and_signed() {
    use staywell::domain::closeout::board_clock;
    use staywell::domain::handover::HandoverState;
    let dir = tempfile::tempdir().unwrap();
    let now = monday_at(8, 0);
    let store = demo::generate(&dir.path().join("demo.db"), Size::Small, now).unwrap();
    let hours = store.service_hours().unwrap();
    assert!(hours.current_shift(now).is_none(), "closed at 08:00");
    let last = hours.current_or_last_shift(now);
    let sunday = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    assert_eq!(last.service_date, sunday);
    let (from, to) = hours.board_window(sunday);
    let board = store.board(from, to, now.date_naive()).unwrap();
    assert!(board.len() >= 5, "{board:?}");
    for r in &board {
        assert!(last.contains(r.arrived_at), "arrived in the shift: {r:?}");
        assert_ne!(r.status, VisitStatus::Waiting, "{r:?}");
        assert_ne!(r.status, VisitStatus::WithWorker, "{r:?}");
        assert!(
            !r.waiting_too_long(board_clock(&last, r.arrived_at, now)),
            "{r:?}"
        );
    }
    assert!(board.iter().any(|r| r.status == VisitStatus::Left));
    assert!(board.iter().any(|r| r.status == VisitStatus::ReferredOn));
    // Closed out: nothing left to settle; the one still open was carried with a reason.
    assert!(store.unsettled_visits(&hours, sunday).unwrap().is_empty());
    let open: Vec<_> = board.iter().filter(|r| r.status.is_open()).collect();
    assert_eq!(open.len(), 1, "{open:?}");
    let monday = store
        .shift_facts(&hours, sunday + chrono::Duration::days(1))
        .unwrap();
    let carried = monday
        .visitors
        .iter()
        .find(|v| v.visit_id == open[0].visit_id)
        .expect("carried into Monday's draft");
    assert!(
        carried
            .situation
            .contains("· from Sun 22 Nov · carried: Crisis team to ring them in the morning"),
        "{}",
        carried.situation
    );
    // Signed off by the lead, waiting for the next lead to acknowledge it.
    let note = store.handover(sunday).unwrap().expect("last night's note");
    assert!(
        matches!(note.state, HandoverState::Signed { at, .. } if at > last.ends_at && at <= now),
        "{:?}",
        note.state
    );
    assert!(
        note.body
            .entries
            .iter()
            .any(|e| e.visit_id == open[0].visit_id)
    );
    let waiting = store.unacknowledged_handovers().unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].service_date, sunday);
    assert_eq!(count(&store, "SELECT count(*) FROM handovers"), 60);
    check_follow_ups(&store, now.date_naive());
    assert!(store.check().unwrap().is_ok());
}

/// Run at 20:00, the demo shows tonight's shift in progress: people here in every live status,
/// the most recent arrivals still waiting (not since opening), and tonight's note not yet
/// written.
#[test]
fn the_demo_run_in_the_evening_shows_a_shift_in_progress() {
    let dir = tempfile::tempdir().unwrap();
    let now = monday_at(20, 0);
    let store = demo::generate(&dir.path().join("demo.db"), Size::Small, now).unwrap();
    let hours = store.service_hours().unwrap();
    let shift = hours.current_shift(now).expect("open at 20:00");
    let monday = now.date_naive();
    assert_eq!(shift.service_date, monday);
    let (from, to) = hours.board_window(monday);
    let board = store.board(from, to, monday).unwrap();
    for status in [
        VisitStatus::Waiting,
        VisitStatus::WithWorker,
        VisitStatus::Seen,
    ] {
        assert!(board.iter().any(|r| r.status == status), "{status:?}");
    }
    for r in &board {
        assert!(
            shift.starts_at <= r.arrived_at && r.arrived_at <= now,
            "{r:?}"
        );
        if r.status == VisitStatus::Waiting {
            assert!(r.waited(now) <= chrono::Duration::hours(2), "{r:?}");
        }
    }
    let latest_gone = board
        .iter()
        .filter(|r| !r.status.is_open())
        .map(|r| r.arrived_at)
        .max()
        .unwrap();
    let first_waiting = board
        .iter()
        .filter(|r| r.status == VisitStatus::Waiting)
        .map(|r| r.arrived_at)
        .min()
        .unwrap();
    assert!(latest_gone < first_waiting, "those waiting came last");
    assert!(
        store.handover(monday).unwrap().is_none(),
        "tonight's is to write"
    );
    let waiting = store.unacknowledged_handovers().unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].service_date, monday - chrono::Duration::days(1));
    check_follow_ups(&store, monday);
    assert!(store.check().unwrap().is_ok());
}
