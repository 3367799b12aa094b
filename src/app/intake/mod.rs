//! Carrying out the Intake pane's actions against the store.

mod merge;

use super::effects::{Ctx, Effect, saved};
use super::error::{AppError, AppResult};
use super::mount::{Mount, tell_unless_typing};
use crate::domain::correction::CorrectedKind;
use crate::domain::shift::Shift;
use crate::store::StoreError;
use crate::store::visits::{NewVisit, PersonRef};
use crate::ui::panes::intake::follow_ups::{self, OpenList};
use crate::ui::panes::intake::person::{PAGE, PersonHistory};
use crate::ui::panes::intake::quick_add::QuickAdd;
use crate::ui::panes::intake::visit_view::VisitView;
use crate::ui::panes::intake::{IntakeAction, IntakePane, Refs};
use crate::ui::panes::{PaneId, PaneView};
use crate::ui::widgets::list::PagedList;
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Utc};

impl Mount for IntakePane {
    /// The reference lists and tonight's board.
    fn open(ctx: &mut Ctx, _fx: &mut Vec<Effect>) -> AppResult<IntakePane> {
        let refs = Refs {
            codes: ctx.store.triage_codes()?,
            sources: ctx.store.referral_sources()?,
            directory: ctx.store.directory()?,
        };
        let mut pane = IntakePane::new(refs, ctx.hours.tz);
        let shift = ctx.hours.current_or_last_shift(ctx.now);
        load_board(ctx, &mut pane, shift, true, ctx.now)?;
        Ok(pane)
    }

    fn run(&mut self, ctx: &mut Ctx, action: IntakeAction, fx: &mut Vec<Effect>) -> AppResult<()> {
        run(ctx, self, action, fx)
    }

    fn refused(&mut self, text: String, fx: &mut Vec<Effect>) {
        self.refuse(text.clone());
        tell_unless_typing(self, text, fx);
    }

    /// The board read again (another pane changed something it shows, e.g. a worker).
    fn reload(&mut self, ctx: &mut Ctx, _fx: &mut Vec<Effect>) {
        let _ = reload_board(ctx, self);
    }

    /// Keeps "tonight" current: when a new shift starts, the board moves to it.
    fn idle(&mut self, ctx: &mut Ctx, _fx: &mut Vec<Effect>) -> bool {
        let tonight = ctx.hours.current_or_last_shift(ctx.now);
        if self.is_tonight() && self.shift() != Some(tonight) && !self.captures_input() {
            let _ = load_board(ctx, self, tonight, true, ctx.now);
            return true;
        }
        false
    }
}

pub(super) fn load_board(
    ctx: &Ctx,
    pane: &mut IntakePane,
    shift: Shift,
    tonight: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let today = now.with_timezone(&ctx.hours.tz).date_naive();
    let (from, to) = ctx.hours.board_window(shift.service_date);
    // Tonight's board starts with what earlier shifts left open, each with its date, so the
    // lead who picks them up can close them.
    let mut rows = if tonight {
        ctx.store.carried_board(ctx.hours, from, today)?
    } else {
        Vec::new()
    };
    rows.extend(ctx.store.board(from, to, today)?);
    pane.set_board(rows, shift, tonight);
    let unsettled = if tonight {
        ctx.store.unsettled_visits(ctx.hours, shift.service_date)?
    } else {
        Vec::new()
    };
    pane.set_unsettled(unsettled, now);
    Ok(())
}

pub(super) fn visit_view(ctx: &Ctx, visit_id: i64) -> AppResult<VisitView> {
    let record = ctx.store.visit(visit_id)?;
    let merges = ctx.store.merges_into(record.person_id)?;
    // An erased person has no details left to show or correct.
    let person = match ctx.store.person(record.person_id) {
        Ok(p) => p.details,
        Err(StoreError::NotFound) => Default::default(),
        Err(e) => return Err(e.into()),
    };
    let peer_worker = ctx
        .store
        .assignments_for_person(record.person_id)?
        .into_iter()
        .find(|a| a.is_active())
        .map(|a| a.worker_name);
    Ok(VisitView {
        history: ctx.store.visit_history(visit_id)?,
        incidents: ctx.store.incidents(visit_id)?,
        follow_ups: ctx.store.follow_ups(visit_id)?,
        staff_names: ctx.store.staff_names()?,
        record,
        person,
        peer_worker,
        safeguarding_closed: ctx.store.safeguarding_closed(visit_id)?,
        merges,
        scroll: Default::default(),
    })
}

/// The open follow-ups from every shift, with how many there are and how many are overdue.
fn open_follow_ups(ctx: &Ctx, now: DateTime<Utc>) -> AppResult<OpenList> {
    let today = now.with_timezone(&ctx.hours.tz).date_naive();
    let (total, overdue) = ctx.store.open_follow_up_counts(today)?;
    Ok(OpenList {
        items: PagedList::of(
            ctx.store
                .open_follow_ups(ctx.hours, now, follow_ups::LOADED)?,
        ),
        total,
        overdue,
        today,
    })
}

fn save_new_visit(
    ctx: &mut Ctx,
    pane: &mut IntakePane,
    quick: &QuickAdd,
    person: PersonRef,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    let visit = NewVisit {
        person,
        arrived_at: quick.arrived_at,
        contact_mode: quick.contact_mode,
        referral_source_id: quick.referral_source_id,
        presenting_need: quick.presenting_need.clone(),
    };
    let id = ctx.store.add_visit(&visit, staff_id, now)?;
    // Recorded while the service is closed: said so, and where it will be seen.
    let note = (!ctx.hours.is_open_at(quick.arrived_at))
        .then(|| "out of hours: listed apart, for the next shift's handover".to_string());
    fx.push(Effect::Saved { note });
    pane.back_to_board();
    reload_board(ctx, pane)?;
    pane.select_visit(id);
    Ok(())
}

/// The board read again where it was: an earlier shift stays, and tonight's is tonight's now.
/// The idle tick moves tonight's board when a shift starts or the service hours change, but a
/// walk-in saved in that second must land on the board that shows it, not on last night's.
fn reload_board(ctx: &Ctx, pane: &mut IntakePane) -> AppResult<()> {
    let tonight = pane.is_tonight();
    let shift = match pane.shift() {
        Some(shift) if !tonight => shift,
        _ => ctx.hours.current_or_last_shift(ctx.now),
    };
    load_board(ctx, pane, shift, tonight, ctx.now)
}

fn show_visit(ctx: &Ctx, pane: &mut IntakePane, visit_id: i64) -> AppResult<()> {
    pane.show_visit(visit_view(ctx, visit_id)?);
    Ok(())
}

fn run(
    ctx: &mut Ctx,
    pane: &mut IntakePane,
    action: IntakeAction,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    match action {
        IntakeAction::AddVisit(quick) => {
            let candidates = ctx.store.match_candidates(&quick.person, 8)?;
            if candidates.is_empty() {
                let person = PersonRef::New(quick.person.clone());
                save_new_visit(ctx, pane, &quick, person, fx)?;
            } else {
                pane.offer_matches(quick, candidates);
            }
        }
        IntakeAction::SaveVisit { quick, person } => save_new_visit(ctx, pane, &quick, person, fx)?,
        IntakeAction::Open(id) => show_visit(ctx, pane, id)?,
        IntakeAction::Edit(id) => pane.edit_visit(&ctx.store.visit(id)?),
        IntakeAction::Update {
            visit_id,
            update,
            reason,
        } => {
            ctx.store.update_visit_corrected(
                visit_id,
                &update,
                reason.as_deref(),
                staff_id,
                now,
            )?;
            fx.push(saved());
            reload_board(ctx, pane)?;
            show_visit(ctx, pane, visit_id)?;
        }
        IntakeAction::CorrectDetails(c) => {
            ctx.store.correct_details(&c, staff_id, now)?;
            fx.push(saved());
            reload_board(ctx, pane)?;
            show_visit(ctx, pane, c.visit_id)?;
        }
        IntakeAction::ShowFollowUps => pane.show_follow_ups(open_follow_ups(ctx, now)?),
        IntakeAction::OpenVisitOf(kind, id) => {
            let visit_id = match kind {
                CorrectedKind::Incident => ctx.store.incident(id)?.visit_id,
                CorrectedKind::FollowUp => ctx.store.follow_up_visit(id)?,
                CorrectedKind::Visit => id,
                CorrectedKind::Person | CorrectedKind::PeerSession => return Ok(()),
            };
            show_visit(ctx, pane, visit_id)?;
        }
        IntakeAction::ExportPerson(person_id) => export_person(ctx, person_id, fx)?,
        IntakeAction::ShowPerson(person_id) => show_person(ctx, pane, person_id, fx)?,
        IntakeAction::MoreVisits { person_id, before } => {
            pane.more_person_visits(ctx.store.person_visits(person_id, Some(before), PAGE)?);
        }
        IntakeAction::AssignPeer {
            person_id,
            visit_id,
        } => fx.push(Effect::StartAssignment {
            person_id,
            visit_id,
        }),
        IntakeAction::OpenPlan(person_id) => fx.push(Effect::OpenPlan { person_id }),
        board @ (IntakeAction::ShowShift(_)
        | IntakeAction::ShowTonight
        | IntakeAction::CloseOut { .. }) => run_on_board(ctx, pane, board, fx)?,
        IntakeAction::AdvanceStatus {
            visit_id,
            person_id,
        } => advance_status(ctx, pane, visit_id, person_id, fx)?,
        IntakeAction::Notice(text) => fx.push(Effect::Status(Message::Info(text))),
        IntakeAction::MergeSearch(query) => merge::search(ctx, pane, &query)?,
        IntakeAction::MergeWith { a, b } => merge::open_form(ctx, pane, a, b)?,
        IntakeAction::Merge { request, visit_id } => {
            let absorbed = merge::merge(ctx, pane, &request, visit_id, fx)?;
            fx.push(Effect::PersonMerged { absorbed });
        }
        record => run_on_record(ctx, pane, record, fx)?,
    }
    Ok(())
}

/// What is recorded against a visit (follow-ups, safeguarding, incidents): written, and the
/// visit (or the open follow-ups' list it came from) shown again.
fn run_on_record(
    ctx: &mut Ctx,
    pane: &mut IntakePane,
    action: IntakeAction,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    let visit_id = match action {
        IntakeAction::CloseFollowUp {
            visit_id,
            follow_up_id,
            closure,
            from_list,
        } => {
            ctx.store
                .close_follow_up(follow_up_id, &closure, staff_id, now)?;
            if from_list {
                fx.push(saved());
                pane.show_follow_ups(open_follow_ups(ctx, now)?);
                return Ok(());
            }
            visit_id
        }
        IntakeAction::CloseSafeguarding { visit_id, note } => {
            ctx.store
                .close_safeguarding(visit_id, &note, staff_id, now)?;
            visit_id
        }
        IntakeAction::ReopenFollowUp {
            visit_id,
            follow_up_id,
            reason,
        } => {
            ctx.store
                .reopen_follow_up(follow_up_id, &reason, staff_id, now)?;
            visit_id
        }
        IntakeAction::CorrectIncident { incident, reason } => {
            ctx.store
                .correct_incident(&incident, &reason, staff_id, now)?;
            incident.visit_id
        }
        IntakeAction::LogIncident(incident) => {
            ctx.store.add_incident(&incident, staff_id, now)?;
            incident.visit_id
        }
        IntakeAction::LogFollowUp(follow_up) => {
            ctx.store.add_follow_up(&follow_up, staff_id, now)?;
            follow_up.visit_id
        }
        _ => return Ok(()),
    };
    fx.push(saved());
    show_visit(ctx, pane, visit_id)
}

/// A subject-access export: an unencrypted file in the user's home, never replacing one.
fn export_person(ctx: &mut Ctx, person_id: i64, fx: &mut Vec<Effect>) -> AppResult<()> {
    let dir = directories::UserDirs::new().map_or_else(
        || std::path::PathBuf::from("."),
        |d| d.home_dir().to_path_buf(),
    );
    let path = dir.join(crate::ui::panes::intake::person::export_file_name(
        person_id,
    ));
    // Checked before the export is audited, so the log never records one that failed.
    if path.exists() {
        return Err(AppError::File(format!(
            "{} already exists; move it away first.",
            path.display()
        )));
    }
    let export = ctx
        .store
        .subject_access(person_id, Some(ctx.staff_id()), ctx.now)?;
    let text = serde_json::to_string_pretty(&export).map_err(|e| AppError::File(e.to_string()))?;
    crate::app::files::write_private_new(&path, text.as_bytes())
        .map_err(|e| AppError::File(format!("Could not write {}: {e}", path.display())))?;
    fx.push(Effect::Status(Message::Info(format!(
        "Unencrypted file written: {}",
        path.display()
    ))));
    Ok(())
}

/// A visit moved on one step (progress, never a correction: no reason asked). "With worker"
/// asks which, when the visitor has none: the assignment form, in Peers.
fn advance_status(
    ctx: &mut Ctx,
    pane: &mut IntakePane,
    visit_id: i64,
    person_id: i64,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    let record = ctx.store.visit(visit_id)?;
    let Some(next) = record.status.advance() else {
        return Ok(());
    };
    let mut update = record.as_update();
    update.status = next;
    ctx.store
        .update_visit_corrected(visit_id, &update, None, staff_id, now)?;
    reload_board(ctx, pane)?;
    pane.select_visit(visit_id);
    fx.push(saved());
    let has_worker = ctx
        .store
        .assignments_for_person(person_id)?
        .iter()
        .any(|a| a.is_active());
    if next == crate::domain::visit::VisitStatus::WithWorker && !has_worker {
        fx.push(Effect::StartAssignment {
            person_id,
            visit_id,
        });
    }
    Ok(())
}

/// Everything recorded about one person, newest visits first.
fn show_person(
    ctx: &mut Ctx,
    pane: &mut IntakePane,
    person_id: i64,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let person = ctx.store.person(person_id)?;
    let mut visits = PagedList::paged(PAGE, 0);
    visits.first_page(ctx.store.person_visits(person_id, None, PAGE)?);
    fx.push(Effect::ShowPane(PaneId::Intake));
    pane.show_person(PersonHistory {
        person,
        visits,
        confirming_export: false,
    });
    Ok(())
}

/// Which shift the board shows, and closing a shift out.
fn run_on_board(
    ctx: &mut Ctx,
    pane: &mut IntakePane,
    action: IntakeAction,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    match action {
        IntakeAction::ShowShift(date) => {
            let tonight = ctx.hours.current_or_last_shift(now);
            if date > tonight.service_date {
                fx.push(Effect::Status(Message::Info(
                    "That shift has not happened yet.".into(),
                )));
            } else {
                let shift = ctx.hours.shift_on(date);
                load_board(ctx, pane, shift, date == tonight.service_date, now)?;
            }
        }
        IntakeAction::ShowTonight => {
            let tonight = ctx.hours.current_or_last_shift(now);
            load_board(ctx, pane, tonight, true, now)?;
        }
        IntakeAction::CloseOut { visit_id, choice } => {
            let Some(shift) = pane.shift() else {
                return Ok(());
            };
            ctx.store
                .close_out_visit(visit_id, &choice, shift.service_date, staff_id, now)?;
            fx.push(saved());
            load_board(ctx, pane, shift, true, now)?;
            if pane.closed_out(now) {
                fx.push(Effect::Status(Message::Info(
                    "Shift closed out: every visit is closed or carried forward.".into(),
                )));
            }
        }
        _ => {}
    }
    Ok(())
}
