//! Carrying out the Peers pane's actions against the store. Assignments and sessions are
//! checked against the rules first, so the form can say every reason and ask for an override
//! reason; the store checks again inside the transaction that writes.

use super::effects::{Ctx, Effect, saved};
use super::error::{AppError, AppResult};
use super::mount::{Mount, tell_unless_typing};
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

fn today(ctx: &Ctx, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&ctx.hours.tz).date_naive()
}

fn tonight_board(ctx: &Ctx, now: DateTime<Utc>) -> AppResult<TonightBoard> {
    let shift = ctx.hours.current_or_last_shift(now);
    Ok(TonightBoard {
        rows: ctx.store.on_tonight(&shift, ctx.hours.tz, now)?,
        current: shift.contains(now),
        shift,
        read_as: None,
    })
}

/// What everything the pane shows is read from: this process's commits, other processes'
/// (`data_version`) and the minute. Besides the data, it follows the clock only through
/// times that are whole minutes (hours, time off and the service's hours are kept as HH:MM;
/// DBS and supervision fall due by the day), so within one minute, with the same data, it
/// reads the same. None if the store cannot say: read again.
fn read_as(ctx: &Ctx, now: DateTime<Utc>) -> Option<(u64, i64, i64)> {
    let version = ctx.store.data_version().ok()?;
    Some((ctx.store.commits(), version, now.timestamp().div_euclid(60)))
}

/// Settings, tonight's board, and the roster again (as many rows as were loaded).
fn load_lists(ctx: &Ctx, pane: &mut PeersPane, now: DateTime<Utc>) -> AppResult<()> {
    pane.set_settings(ctx.store.peer_settings()?);
    let mut board = tonight_board(ctx, now)?;
    board.read_as = read_as(ctx, now);
    pane.set_tonight(board);
    let want = pane.roster().rows.len().max(roster::PAGE);
    let mut rows = ctx.store.roster(None, want + 1, today(ctx, now))?;
    let has_more = rows.len() > want;
    rows.truncate(want);
    let counts = Some(ctx.store.worker_counts()?);
    pane.set_roster(Roster {
        rows,
        has_more,
        counts,
    });
    Ok(())
}

/// A worker's page with the first `first` of their assignments.
fn worker_view(
    ctx: &Ctx,
    worker_id: i64,
    now: DateTime<Utc>,
    first: usize,
) -> AppResult<WorkerView> {
    // Before the reads: a change made while they run makes the page read again next time.
    let read_as = read_as(ctx, now);
    let page = ctx.store.worker_page(
        worker_id,
        today(ctx, now),
        first,
        worker_view::SUPERVISION_ROWS,
    )?;
    Ok(WorkerView {
        entry: page.entry,
        slots: page.slots,
        exceptions: page.exceptions,
        supervision: page.supervision,
        supervision_count: page.supervision_count,
        assignments: worker_view::assignment_list(page.assignments, page.assignment_count),
        assignment_count: page.assignment_count,
        first_page: first,
        read_as,
    })
}

fn assignment_view(ctx: &Ctx, id: i64, now: DateTime<Utc>) -> AppResult<AssignmentView> {
    let sessions = ctx.store.sessions(id)?;
    // Every correction of a logged session, as a sentence: the original stays readable.
    let names = ctx.store.staff_names()?;
    let mut history = Vec::new();
    for (n, s) in sessions.iter().enumerate() {
        for c in ctx
            .store
            .corrections(crate::domain::correction::CorrectedKind::PeerSession, s.id)?
        {
            let who = names.get(&c.staff_id).map_or("—", String::as_str);
            history.push(format!(
                "session {}: {}",
                n + 1,
                crate::domain::correction::describe(&c, who, ctx.hours.tz, now)
            ));
        }
    }
    Ok(AssignmentView {
        assignment: ctx.store.assignment(id)?,
        sessions,
        history,
        scroll: Default::default(),
    })
}

/// Everything the pane shows, read again after a change.
fn refresh(ctx: &Ctx, pane: &mut PeersPane, now: DateTime<Utc>) -> AppResult<()> {
    load_lists(ctx, pane, now)?;
    if let Some(id) = pane.worker_id() {
        // As many as were shown before (a page at least), so the selection stays.
        let first = pane.first_assignments().max(worker_view::PAGE);
        pane.refresh_worker(worker_view(ctx, id, now, first)?);
    }
    if let Some(id) = pane.assignment_id() {
        pane.refresh_assignment(assignment_view(ctx, id, now)?);
    }
    Ok(())
}

/// Opens the assignment form for a visitor. Without a visit given, their visit in tonight's
/// shift (if they are here) is attached.
fn open_assign_form(
    ctx: &Ctx,
    pane: &mut PeersPane,
    person_id: i64,
    visit_id: Option<i64>,
    worker_id: Option<i64>,
    from_intake: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let store = &ctx.store;
    let shift = ctx.hours.current_or_last_shift(now);
    let visit_id = match visit_id {
        Some(id) => Some(id),
        None => {
            let (from, to) = ctx.hours.board_window(shift.service_date);
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
    pane.start_assignment(subject, today(ctx, now));
    Ok(())
}

impl Mount for PeersPane {
    /// The peer settings, tonight's board and the roster's first page.
    fn open(ctx: &mut Ctx, _fx: &mut Vec<Effect>) -> AppResult<PeersPane> {
        let mut pane = PeersPane::new(ctx.hours.tz, ctx.store.peer_settings()?);
        load_lists(ctx, &mut pane, ctx.now)?;
        Ok(pane)
    }

    fn run(&mut self, ctx: &mut Ctx, action: PeersAction, fx: &mut Vec<Effect>) -> AppResult<()> {
        // The message may name a worker: drawn through `safe` like any stored text.
        run(ctx, self, action, fx).map_err(|e| AppError::Refused(crate::ui::safe(&e.to_string())))
    }

    fn refused(&mut self, text: String, fx: &mut Vec<Effect>) {
        self.refuse(text.clone());
        tell_unless_typing(self, text, fx);
    }

    /// Visits may have come and gone: everything read again, unless a form is open.
    fn reload(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) {
        refresh_unless_typing(ctx, self, false, fx);
    }

    /// Who is on now follows the clock as well as the data: read again unless neither has
    /// moved since (see `read_as`; a change this pane missed is also loaded by `follow`).
    fn entered(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) {
        let unchanged = self
            .tonight()
            .and_then(|b| b.read_as)
            .is_some_and(|shown| Some(shown) == read_as(ctx, ctx.now));
        if !unchanged {
            refresh_unless_typing(ctx, self, false, fx);
        }
    }

    /// A new shift started: tonight's board moves to it.
    fn idle(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) -> bool {
        refresh_unless_typing(ctx, self, true, fx);
        false
    }

    /// From an Intake visit: the assignment form for that visitor and visit, in front.
    fn receive(&mut self, ctx: &mut Ctx, effect: &Effect, fx: &mut Vec<Effect>) -> AppResult<()> {
        if let Effect::StartAssignment {
            person_id,
            visit_id,
        } = *effect
        {
            open_assign_form(ctx, self, person_id, Some(visit_id), None, true, ctx.now)?;
            fx.push(Effect::ShowPane(PaneId::Peers));
        }
        Ok(())
    }
}

/// Reads the pane's data again unless a form is open. With `only_new_shift`, only when a new
/// shift has started.
fn refresh_unless_typing(
    ctx: &Ctx,
    pane: &mut PeersPane,
    only_new_shift: bool,
    fx: &mut Vec<Effect>,
) {
    let tonight = ctx.hours.current_or_last_shift(ctx.now);
    let stale = pane.tonight().is_none_or(|b| b.shift != tonight);
    if !pane.captures_input()
        && (stale || !only_new_shift)
        && let Err(e) = refresh(ctx, pane, ctx.now)
    {
        fx.push(Effect::Status(Message::Error(e.to_string())));
    }
}

fn run(
    ctx: &mut Ctx,
    pane: &mut PeersPane,
    action: PeersAction,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    match action {
        PeersAction::ShowTonight => {
            pane.set_tonight(tonight_board(ctx, now)?);
            pane.show_list(ListView::Tonight);
        }
        PeersAction::ShowRoster => {
            load_lists(ctx, pane, now)?;
            pane.show_list(ListView::Roster);
        }
        PeersAction::MoreRoster => {
            if let Some(last) = pane.roster().rows.last().filter(|_| pane.roster().has_more) {
                let cursor = last.cursor();
                let mut rows =
                    ctx.store
                        .roster(Some(&cursor), roster::PAGE + 1, today(ctx, now))?;
                let has_more = rows.len() > roster::PAGE;
                rows.truncate(roster::PAGE);
                pane.more_roster(rows, has_more);
            }
        }
        // The page last closed again, if nothing has changed since; else read.
        PeersAction::OpenWorker(id) => {
            if !pane.reopen_worker(id, read_as(ctx, now)) {
                pane.open_worker(worker_view(ctx, id, now, pane.first_assignments())?);
            }
        }
        PeersAction::EditWorker(id) => {
            let worker = ctx.store.worker(id)?;
            let slots = ctx.store.availability(id)?;
            pane.edit_worker(&worker, &slots);
        }
        PeersAction::MoreAssignments { worker_id, before } => {
            pane.more_assignments(ctx.store.assignments_for_worker(
                worker_id,
                Some(before),
                worker_view::PAGE,
            )?);
            // A visitor on the new page may share a name with one on an earlier page.
            pane.edit_assignments(|rows| ctx.store.tell_namesakes_apart(rows))?;
        }
        PeersAction::SaveWorker { id, profile, slots } => {
            let id = ctx.store.save_worker(id, &profile, &slots, staff_id, now)?;
            fx.push(saved());
            load_lists(ctx, pane, now)?;
            pane.open_worker(worker_view(ctx, id, now, pane.first_assignments())?);
        }
        PeersAction::SetActive { worker_id, active } => {
            if active {
                ctx.store.reactivate_worker(worker_id, staff_id, now)?;
            } else {
                ctx.store.deactivate_worker(worker_id, staff_id, now)?;
            }
            fx.push(saved());
            refresh(ctx, pane, now)?;
        }
        PeersAction::AddException {
            worker_id,
            exception,
        } => {
            ctx.store
                .add_exception(worker_id, &exception, staff_id, now)?;
            fx.push(saved());
            pane.close_overlay();
            refresh(ctx, pane, now)?;
        }
        PeersAction::AddSupervision {
            worker_id,
            supervision,
        } => {
            ctx.store
                .add_supervision(worker_id, &supervision, staff_id, now)?;
            fx.push(saved());
            pane.close_overlay();
            refresh(ctx, pane, now)?;
        }
        assignment => run_on_assignment(ctx, pane, assignment, fx)?,
    }
    Ok(())
}

/// Finding a visitor, matching, assigning, logging sessions, ending and handing over.
fn run_on_assignment(
    ctx: &mut Ctx,
    pane: &mut PeersPane,
    action: PeersAction,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    match action {
        PeersAction::FindVisitors(query) => {
            pane.set_visitor_results(ctx.store.find_people(&query, RESULTS)?);
        }
        PeersAction::StartAssignment {
            person_id,
            worker_id,
        } => open_assign_form(ctx, pane, person_id, None, worker_id, false, now)?,
        PeersAction::Rerank { person_id, needs } => {
            let shift = ctx.hours.current_or_last_shift(now);
            let candidates = ctx.store.candidates_for(person_id, &needs, &shift, now)?;
            pane.set_candidates(needs, candidates);
        }
        PeersAction::Assign(a) => {
            let shift = ctx.hours.current_or_last_shift(now);
            let refusals = ctx.store.check_assignment(&a, &shift, now)?;
            if let Err(refused) = decide(refusals, a.override_reason.as_deref()) {
                pane.refused(&refused);
                return Ok(());
            }
            let id = ctx.store.assign(&a, &shift, staff_id, now)?;
            fx.push(saved());
            refresh(ctx, pane, now)?;
            pane.open_assignment(assignment_view(ctx, id, now)?);
        }
        PeersAction::OpenAssignment(id) => pane.open_assignment(assignment_view(ctx, id, now)?),
        PeersAction::LogSession(s) => {
            let refusals = ctx.store.check_session(&s)?;
            if let Err(refused) = decide(refusals, s.override_reason.as_deref()) {
                pane.refused(&refused);
                return Ok(());
            }
            ctx.store.log_session(&s, staff_id, now)?;
            fx.push(saved());
            pane.close_overlay();
            refresh(ctx, pane, now)?;
        }
        PeersAction::EndAssignment {
            assignment_id,
            ended_on,
            reason,
        } => {
            ctx.store
                .end_assignment(assignment_id, ended_on, &reason, staff_id, now)?;
            fx.push(saved());
            pane.close_overlay();
            refresh(ctx, pane, now)?;
        }
        PeersAction::BackToIntake => fx.push(Effect::ShowPane(PaneId::Intake)),
        PeersAction::StartHandOver(assignment_id) => start_hand_over(ctx, pane, assignment_id, fx)?,
        PeersAction::CorrectSession { session: s, reason } => {
            ctx.store.correct_session(&s, &reason, staff_id, now)?;
            fx.push(saved());
            pane.close_overlay();
            pane.open_assignment(assignment_view(ctx, s.assignment_id, now)?);
        }
        PeersAction::OpenAssignmentOfSession(id) => {
            let a = ctx.store.session_assignment(id)?;
            pane.open_assignment(assignment_view(ctx, a, now)?);
        }
        PeersAction::HandOver(h) => {
            let shift = ctx.hours.current_or_last_shift(now);
            let new_id = ctx.store.hand_over_assignment(
                h.assignment_id,
                h.worker_id,
                &h.reason,
                h.override_reason.as_deref(),
                &shift,
                staff_id,
                now,
            )?;
            fx.push(saved());
            pane.close_overlay();
            refresh(ctx, pane, now)?;
            pane.open_assignment(assignment_view(ctx, new_id, now)?);
        }
        _ => {}
    }
    Ok(())
}

/// The hand-over form, offering every active worker but the one the assignment is with.
fn start_hand_over(
    ctx: &mut Ctx,
    pane: &mut PeersPane,
    assignment_id: i64,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let now = ctx.now;
    let current = ctx.store.assignment(assignment_id)?.worker_id;
    let today = now.with_timezone(&ctx.hours.tz).date_naive();
    // Every active worker but the one it is with; the store decides on cap and rota.
    let workers: Vec<(i64, String)> = ctx
        .store
        .roster(None, 500, today)?
        .into_iter()
        .filter(|e| e.worker.active && e.worker.id != current)
        .map(|e| (e.worker.id, e.worker.name().to_string()))
        .collect();
    if workers.is_empty() {
        fx.push(Effect::Status(Message::Info(
            "There is no other active worker to hand over to.".into(),
        )));
    } else {
        pane.open_hand_over(workers);
    }
    Ok(())
}
