//! Carrying out the Peers pane's actions against the store. Assignments and sessions are
//! checked against the rules first, so the form can say every reason and ask for an override
//! reason; the store checks again inside the transaction that writes.

use super::error::AppResult;
use super::{App, Session};
use crate::domain::peers::{VisitorNeeds, decide};
use crate::ui::find::RESULTS;
use crate::ui::panes::PaneId;
use crate::ui::panes::PaneView;
use crate::ui::panes::peers::assign::AssignSubject;
use crate::ui::panes::peers::assignment::AssignmentView;
use crate::ui::panes::peers::roster::{self, Roster};
use crate::ui::panes::peers::tonight::TonightBoard;
use crate::ui::panes::peers::worker_view::{self, WorkerView};
use crate::ui::panes::peers::{ListView, PeersAction, PeersPane};
use crate::ui::widgets::message::Message;
use chrono::{DateTime, NaiveDate, Utc};

/// The peer settings, tonight's board and the roster's first page for a new session.
pub(super) fn new_pane(session: &Session, now: DateTime<Utc>) -> AppResult<PeersPane> {
    let mut pane = PeersPane::new(session.hours.tz, session.store.peer_settings()?);
    load_lists(session, &mut pane, now)?;
    Ok(pane)
}

fn today(session: &Session, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&session.hours.tz).date_naive()
}

fn tonight_board(session: &Session, now: DateTime<Utc>) -> AppResult<TonightBoard> {
    let shift = session.hours.current_or_last_shift(now);
    Ok(TonightBoard {
        rows: session.store.on_tonight(&shift, session.hours.tz, now)?,
        current: shift.contains(now),
        shift,
    })
}

/// Settings, tonight's board, and the roster again (as many rows as were loaded).
fn load_lists(session: &Session, pane: &mut PeersPane, now: DateTime<Utc>) -> AppResult<()> {
    pane.set_settings(session.store.peer_settings()?);
    pane.set_tonight(tonight_board(session, now)?);
    let want = pane.roster().rows.len().max(roster::PAGE);
    let mut rows = session.store.roster(None, want + 1, today(session, now))?;
    let has_more = rows.len() > want;
    rows.truncate(want);
    let counts = Some(session.store.worker_counts()?);
    pane.set_roster(Roster {
        rows,
        has_more,
        counts,
    });
    Ok(())
}

fn worker_view(session: &Session, worker_id: i64, now: DateTime<Utc>) -> AppResult<WorkerView> {
    let today = today(session, now);
    let store = &session.store;
    let assignments = store.assignments_for_worker(worker_id, None, worker_view::PAGE)?;
    Ok(WorkerView {
        entry: store.roster_entry(worker_id, today)?,
        slots: store.availability(worker_id)?,
        exceptions: store.exceptions(worker_id, Some(today))?,
        supervision: store.supervision_log(worker_id)?,
        has_more: assignments.len() == worker_view::PAGE,
        assignments,
        selected: 0,
    })
}

fn assignment_view(session: &Session, id: i64, now: DateTime<Utc>) -> AppResult<AssignmentView> {
    let sessions = session.store.sessions(id)?;
    // Every correction of a logged session, as a sentence: the original stays readable.
    let names = session.store.staff_names()?;
    let mut history = Vec::new();
    for (n, s) in sessions.iter().enumerate() {
        for c in session
            .store
            .corrections(crate::domain::correction::CorrectedKind::PeerSession, s.id)?
        {
            let who = names.get(&c.staff_id).map_or("—", String::as_str);
            history.push(format!(
                "session {}: {}",
                n + 1,
                crate::domain::correction::describe(&c, who, session.hours.tz, now)
            ));
        }
    }
    Ok(AssignmentView {
        assignment: session.store.assignment(id)?,
        sessions,
        history,
        scroll: Default::default(),
    })
}

/// Everything the pane shows, read again after a change.
fn refresh(session: &Session, pane: &mut PeersPane, now: DateTime<Utc>) -> AppResult<()> {
    load_lists(session, pane, now)?;
    if let Some(id) = pane.worker_id() {
        pane.refresh_worker(worker_view(session, id, now)?);
    }
    if let Some(id) = pane.assignment_id() {
        pane.refresh_assignment(assignment_view(session, id, now)?);
    }
    Ok(())
}

/// Opens the assignment form for a visitor. Without a visit given, their visit in tonight's
/// shift (if they are here) is attached.
fn open_assign_form(
    session: &Session,
    pane: &mut PeersPane,
    person_id: i64,
    visit_id: Option<i64>,
    worker_id: Option<i64>,
    from_intake: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let store = &session.store;
    let shift = session.hours.current_or_last_shift(now);
    let visit_id = match visit_id {
        Some(id) => Some(id),
        None => {
            let (from, to) = session.hours.board_window(shift.service_date);
            store
                .person_visits(person_id, None, 1)?
                .into_iter()
                .find(|v| v.status.is_open() && from <= v.arrived_at && v.arrived_at < to)
                .map(|v| v.id)
        }
    };
    let subject = AssignSubject {
        person_id,
        person_label: store.person(person_id)?.label(),
        visit_id,
        current: store
            .assignments_for_person(person_id)?
            .into_iter()
            .filter(|a| a.is_active())
            .collect(),
        candidates: store.candidates_for(person_id, &VisitorNeeds::default(), &shift, now)?,
        worker_id,
        from_intake,
    };
    pane.start_assignment(subject, today(session, now));
    Ok(())
}

/// From an Intake visit: the Peers pane's assignment form for that visitor and visit.
pub(super) fn start_assignment_from_visit(
    session: &mut Session,
    person_id: i64,
    visit_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(mut pane) = session.peers.take() else {
        return Ok(());
    };
    let result = open_assign_form(
        session,
        &mut pane,
        person_id,
        Some(visit_id),
        None,
        true,
        now,
    );
    session.peers = Some(pane);
    result?;
    session.pane = PaneId::Peers;
    Ok(())
}

impl App {
    pub(super) fn peers_action(&mut self, action: PeersAction) {
        let now = self.clock.now();
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(staff_id) = session.staff.as_ref().map(|s| s.id) else {
            return;
        };
        let Some(mut pane) = session.peers.take() else {
            return;
        };
        let result = run(session, &mut pane, action, staff_id, now);
        if let Err(e) = result {
            // The message may name a worker: drawn through `safe` like any stored text.
            let message = crate::ui::safe(&e.to_string());
            pane.refuse(message.clone());
            if !pane.captures_input() {
                session.status = Some(Message::Error(message));
            }
        }
        session.peers = Some(pane);
    }

    /// Reads the pane's data again (on showing the pane: visits may have come and gone), unless
    /// a form is open. With `only_new_shift`, only when a new shift has started.
    pub(super) fn refresh_peers(&mut self, now: DateTime<Utc>, only_new_shift: bool) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(mut pane) = session.peers.take() else {
            return;
        };
        let tonight = session.hours.current_or_last_shift(now);
        let stale = pane.tonight().is_none_or(|b| b.shift != tonight);
        if !pane.captures_input()
            && (stale || !only_new_shift)
            && let Err(e) = refresh(session, &mut pane, now)
        {
            session.status = Some(Message::Error(e.to_string()));
        }
        session.peers = Some(pane);
    }
}

fn run(
    session: &mut Session,
    pane: &mut PeersPane,
    action: PeersAction,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    match action {
        PeersAction::ShowTonight => {
            pane.set_tonight(tonight_board(session, now)?);
            pane.show_list(ListView::Tonight);
        }
        PeersAction::ShowRoster => {
            load_lists(session, pane, now)?;
            pane.show_list(ListView::Roster);
        }
        PeersAction::MoreRoster => {
            if let Some(last) = pane.roster().rows.last().filter(|_| pane.roster().has_more) {
                let cursor = last.cursor();
                let mut rows =
                    session
                        .store
                        .roster(Some(&cursor), roster::PAGE + 1, today(session, now))?;
                let has_more = rows.len() > roster::PAGE;
                rows.truncate(roster::PAGE);
                pane.more_roster(rows, has_more);
            }
        }
        PeersAction::OpenWorker(id) => pane.open_worker(worker_view(session, id, now)?),
        PeersAction::EditWorker(id) => {
            let worker = session.store.worker(id)?;
            let slots = session.store.availability(id)?;
            pane.edit_worker(&worker, &slots);
        }
        PeersAction::MoreAssignments { worker_id, before } => {
            pane.more_assignments(session.store.assignments_for_worker(
                worker_id,
                Some(before),
                worker_view::PAGE,
            )?);
        }
        PeersAction::SaveWorker { id, profile, slots } => {
            let id = session
                .store
                .save_worker(id, &profile, &slots, staff_id, now)?;
            session.saved(now);
            load_lists(session, pane, now)?;
            pane.open_worker(worker_view(session, id, now)?);
        }
        PeersAction::SetActive { worker_id, active } => {
            if active {
                session.store.reactivate_worker(worker_id, staff_id, now)?;
            } else {
                session.store.deactivate_worker(worker_id, staff_id, now)?;
            }
            session.saved(now);
            refresh(session, pane, now)?;
        }
        PeersAction::AddException {
            worker_id,
            exception,
        } => {
            session
                .store
                .add_exception(worker_id, &exception, staff_id, now)?;
            session.saved(now);
            pane.close_overlay();
            refresh(session, pane, now)?;
        }
        PeersAction::AddSupervision {
            worker_id,
            supervision,
        } => {
            session
                .store
                .add_supervision(worker_id, &supervision, staff_id, now)?;
            session.saved(now);
            pane.close_overlay();
            refresh(session, pane, now)?;
        }
        PeersAction::FindVisitors(query) => {
            pane.set_visitor_results(session.store.find_people(&query, RESULTS)?);
        }
        PeersAction::StartAssignment {
            person_id,
            worker_id,
        } => open_assign_form(session, pane, person_id, None, worker_id, false, now)?,
        PeersAction::Rerank { person_id, needs } => {
            let shift = session.hours.current_or_last_shift(now);
            let candidates = session
                .store
                .candidates_for(person_id, &needs, &shift, now)?;
            pane.set_candidates(needs, candidates);
        }
        PeersAction::Assign(a) => {
            let shift = session.hours.current_or_last_shift(now);
            let refusals = session.store.check_assignment(&a, &shift, now)?;
            if let Err(refused) = decide(refusals, a.override_reason.as_deref()) {
                pane.refused(&refused);
                return Ok(());
            }
            let id = session.store.assign(&a, &shift, staff_id, now)?;
            session.saved(now);
            refresh(session, pane, now)?;
            pane.open_assignment(assignment_view(session, id, now)?);
        }
        PeersAction::OpenAssignment(id) => pane.open_assignment(assignment_view(session, id, now)?),
        PeersAction::LogSession(s) => {
            let refusals = session.store.check_session(&s)?;
            if let Err(refused) = decide(refusals, s.override_reason.as_deref()) {
                pane.refused(&refused);
                return Ok(());
            }
            session.store.log_session(&s, staff_id, now)?;
            session.saved(now);
            pane.close_overlay();
            refresh(session, pane, now)?;
        }
        PeersAction::EndAssignment {
            assignment_id,
            ended_on,
            reason,
        } => {
            session
                .store
                .end_assignment(assignment_id, ended_on, &reason, staff_id, now)?;
            session.saved(now);
            pane.close_overlay();
            refresh(session, pane, now)?;
        }
        PeersAction::BackToIntake => session.pane = PaneId::Intake,
        PeersAction::StartHandOver(assignment_id) => {
            let current = session.store.assignment(assignment_id)?.worker_id;
            let today = now.with_timezone(&session.hours.tz).date_naive();
            // Every active worker but the one it is with; the store decides on cap and rota.
            let workers: Vec<(i64, String)> = session
                .store
                .roster(None, 500, today)?
                .into_iter()
                .filter(|e| e.worker.active && e.worker.id != current)
                .map(|e| (e.worker.id, e.worker.name().to_string()))
                .collect();
            if workers.is_empty() {
                session.status = Some(Message::Info(
                    "There is no other active worker to hand over to.".into(),
                ));
            } else {
                pane.open_hand_over(workers);
            }
        }
        PeersAction::CorrectSession { session: s, reason } => {
            session.store.correct_session(&s, &reason, staff_id, now)?;
            session.saved(now);
            pane.close_overlay();
            pane.open_assignment(assignment_view(session, s.assignment_id, now)?);
        }
        PeersAction::OpenAssignmentOfSession(id) => {
            let a = session.store.session_assignment(id)?;
            pane.open_assignment(assignment_view(session, a, now)?);
        }
        PeersAction::HandOver(h) => {
            let shift = session.hours.current_or_last_shift(now);
            let new_id = session.store.hand_over_assignment(
                h.assignment_id,
                h.worker_id,
                &h.reason,
                h.override_reason.as_deref(),
                &shift,
                staff_id,
                now,
            )?;
            session.saved(now);
            pane.close_overlay();
            refresh(session, pane, now)?;
            pane.open_assignment(assignment_view(session, new_id, now)?);
        }
    }
    Ok(())
}
