//! Carrying out the Handover pane's actions, its autosave, and the unacknowledged banner.

use super::effects::{Ctx, Effect};
use super::error::{AppError, AppResult};
use super::mount::Mount;
use super::pins::PinPurpose;
use super::{App, Session};
use crate::domain::handover::{HandoverState, draft_from, merge_facts};
use crate::store::handovers::Handover;
use crate::ui::panes::PaneId;
use crate::ui::panes::handover::{HISTORY_PAGE, HandoverAction, HandoverPane};
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Utc};

impl Mount for HandoverPane {
    /// The oldest handover still to acknowledge, in front; else tonight's note.
    fn open(ctx: &mut Ctx, fx: &mut Vec<Effect>) -> AppResult<HandoverPane> {
        let mut pane = HandoverPane::new(
            ctx.store.staff_names()?,
            ctx.hours.tz,
            ctx.print_command.is_some(),
        );
        let waiting = ctx.store.unacknowledged_handovers()?;
        match waiting.first() {
            Some(row) => {
                pane.show(ctx.store.handover_by_id(row.id)?);
                fx.push(Effect::ShowPane(PaneId::Handover));
            }
            None => pane.show(tonight(ctx, ctx.staff_id(), ctx.now)?),
        }
        fx.push(banner(ctx)?);
        count_unsettled(ctx, &mut pane)?;
        Ok(pane)
    }

    /// Every action ends with the count of visits still to close out read again.
    fn run(
        &mut self,
        ctx: &mut Ctx,
        action: HandoverAction,
        fx: &mut Vec<Effect>,
    ) -> AppResult<()> {
        if let Err(e) = run(ctx, self, action, fx) {
            self.refuse(e.to_string());
        }
        count_unsettled(ctx, self)
    }

    fn refused(&mut self, text: String, _fx: &mut Vec<Effect>) {
        self.refuse(text);
    }

    fn reload(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) {
        if let Some(action) = self.on_entered() {
            self.carry_out(ctx, action, fx);
        }
    }
}

/// Tonight's note: the saved one (a draft gets the shift's newer records merged in, unsaved
/// until the lead edits), or a new draft built from the records.
fn tonight(ctx: &Ctx, staff_id: i64, now: DateTime<Utc>) -> AppResult<Handover> {
    let date = ctx.hours.current_or_last_shift(now).service_date;
    let mut facts = ctx.store.shift_facts(ctx.hours, date)?;
    Ok(match ctx.store.handover(date)? {
        Some(mut h) => {
            if h.state == HandoverState::Draft {
                let ids: Vec<i64> = h.body.entries.iter().map(|e| e.visit_id).collect();
                facts.situations = ctx.store.visit_situations(&ids, ctx.hours, date)?;
                merge_facts(&mut h.body, &facts);
            }
            h
        }
        None => Handover {
            id: 0,
            service_date: date,
            body: draft_from(&facts),
            drafted_by: staff_id,
            draft_saved_at: now,
            state: HandoverState::Draft,
            readback: String::new(),
            addenda: Vec::new(),
        },
    })
}

/// Tells the pane how many visits of its draft's shift are still to close out.
fn count_unsettled(ctx: &Ctx, pane: &mut HandoverPane) -> AppResult<()> {
    let open = match pane.draft_date() {
        Some(date) => ctx.store.unsettled_visits(ctx.hours, date)?.len(),
        None => 0,
    };
    pane.set_unsettled(open);
    Ok(())
}

/// "Unacknowledged handover" shows above every pane until the incoming lead acknowledges it.
fn banner(ctx: &Ctx) -> AppResult<Effect> {
    let waiting = ctx.store.unacknowledged_handovers()?;
    Ok(Effect::Banner(waiting.first().map(|h| {
        format!(
            "⚠ Unacknowledged handover from {}: read it in pane 4, then press a to acknowledge",
            h.service_date.format("%a %-d %b")
        )
    })))
}

fn save_draft(
    ctx: &mut Ctx,
    pane: &HandoverPane,
    body: &crate::domain::handover::HandoverBody,
    fx: &mut Vec<Effect>,
) -> AppResult<Handover> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    let date = pane
        .note()
        .map(|n| n.service_date)
        .unwrap_or_else(|| ctx.hours.current_or_last_shift(now).service_date);
    let id = ctx.store.save_handover_draft(date, body, staff_id, now)?;
    fx.push(Effect::Wrote);
    Ok(ctx.store.handover_by_id(id)?)
}

impl App {
    /// Saves the handover draft when the autosave rule says so. Called on every tick.
    pub(super) fn autosave_handover(&mut self, now: DateTime<Utc>) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Some((mut ctx, panes)) = session.split(now) else {
            return;
        };
        let Some(pane) = panes.handover.as_mut() else {
            return;
        };
        let Some(body) = pane.autosave_due(now) else {
            return;
        };
        let mut fx = Vec::new();
        match save_draft(&mut ctx, pane, &body, &mut fx) {
            Ok(h) => {
                pane.draft_saved(h);
                fx.push(Effect::Status(Message::Info(format!(
                    "Draft saved {}",
                    ctx.stamp()
                ))));
            }
            Err(e) => pane.refuse(e.to_string()),
        }
        session.apply(fx, now);
        self.dirty = true;
    }
}

/// Before the store closes (lock, quit, Ctrl-c, a signal): unsaved handover edits are saved.
pub(super) fn keep_draft(session: &mut Session, now: DateTime<Utc>) -> Option<String> {
    let (mut ctx, panes) = session.split(now)?;
    let pane = panes.handover.as_ref()?;
    let body = pane.unsaved_body()?;
    let mut fx = Vec::new();
    let result = save_draft(&mut ctx, pane, &body, &mut fx).err();
    session.apply(fx, now);
    result.map(|e| format!("The handover draft could not be saved: {e}"))
}

/// Sign-off and acknowledgement ask for the PIN again, with sign-in's back-off and audit.
fn check_pin(ctx: &mut Ctx, pin: &str, purpose: PinPurpose) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    super::pins::check_pin(ctx.store, ctx.pin_failures, staff_id, pin, purpose, now)
}

fn run(
    ctx: &mut Ctx,
    pane: &mut HandoverPane,
    action: HandoverAction,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    match action {
        HandoverAction::OpenTonight => pane.show(tonight(ctx, staff_id, now)?),
        HandoverAction::Open(id) => pane.show(ctx.store.handover_by_id(id)?),
        HandoverAction::SaveDraft(body) => {
            let h = save_draft(ctx, pane, &body, fx)?;
            pane.show(h);
            fx.push(Effect::Status(Message::Info(format!(
                "Draft saved {}",
                ctx.stamp()
            ))));
        }
        HandoverAction::Sign { id, pin } => {
            check_pin(ctx, &pin, PinPurpose::sign_off(id))?;
            // Visits still open are carried forward, as the sign-off form said they would be.
            if let Some(date) = pane.draft_date() {
                ctx.store.carry_forward_unsettled(
                    ctx.hours,
                    date,
                    "still open when the handover was signed",
                    staff_id,
                    now,
                )?;
            }
            // What is signed is the note as the lead read it, saved first (one drafted from the
            // records but never edited, too), with each visitor's line as the visit stands at
            // signing: a visitor closed out since the draft was saved is not signed as waiting.
            let id = match (pane.note(), pane.draft_date()) {
                (Some(note), Some(date)) => {
                    let mut body = note.body.clone();
                    let ids: Vec<i64> = body.entries.iter().map(|e| e.visit_id).collect();
                    let now_lines = ctx.store.visit_situations(&ids, ctx.hours, date)?;
                    crate::domain::handover::follow_situations(&mut body, &now_lines);
                    save_draft(ctx, pane, &body, fx)?.id
                }
                _ => id,
            };
            ctx.store.sign_handover(id, staff_id, now)?;
            fx.push(Effect::Wrote);
            pane.show(ctx.store.handover_by_id(id)?);
            fx.push(Effect::Status(Message::Info(format!(
                "Signed off {}",
                ctx.stamp()
            ))));
            fx.push(banner(ctx)?);
        }
        HandoverAction::AddAddendum { id, text } => {
            ctx.store.add_handover_addendum(id, &text, staff_id, now)?;
            fx.push(Effect::Wrote);
            pane.show(ctx.store.handover_by_id(id)?);
            fx.push(Effect::Status(Message::Info(format!(
                "Addendum saved {}",
                ctx.stamp()
            ))));
        }
        HandoverAction::Acknowledge { id, pin, readback } => {
            check_pin(ctx, &pin, PinPurpose::acknowledge(id))?;
            ctx.store
                .acknowledge_handover(id, staff_id, &readback, now)?;
            fx.push(Effect::Wrote);
            pane.show(ctx.store.handover_by_id(id)?);
            fx.push(Effect::Status(Message::Info(format!(
                "Acknowledged {}",
                ctx.stamp()
            ))));
            fx.push(banner(ctx)?);
        }
        HandoverAction::Print { id, text } => {
            let program = ctx
                .print_command
                .ok_or_else(|| AppError::Print(crate::ui::PRINTING_NOT_AVAILABLE.into()))?;
            // Recorded before it is sent: paper cannot be taken back.
            ctx.store.record_handover_print(id, staff_id, now)?;
            fx.push(Effect::Wrote);
            super::print::print(program, &text).map_err(AppError::Print)?;
            pane.printed(Message::Info(format!(
                "Sent to the printer {}: collect it now, paper is NOT encrypted",
                ctx.stamp()
            )));
        }
        HandoverAction::History { query, before } => {
            let rows = ctx
                .store
                .handover_history(query.as_deref(), before, HISTORY_PAGE)?;
            // The total is counted once, with the first page; a later page keeps it.
            let total = match before {
                None => Some(ctx.store.handover_count(query.as_deref())?),
                Some(_) => None,
            };
            pane.show_history(rows, before.is_some(), total);
        }
    }
    Ok(())
}
