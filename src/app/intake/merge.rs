//! Carrying out a merge of two records of the same person, asked for from a visit in Intake.

use super::{reload_board, show_visit};
use crate::app::effects::{Ctx, Effect, saved};
use crate::app::error::AppResult;
use crate::domain::merge::MergeRequest;
use crate::ui::find::RESULTS;
use crate::ui::panes::intake::IntakePane;
use crate::ui::widgets::message::Message;

pub(super) fn search(ctx: &mut Ctx, pane: &mut IntakePane, query: &str) -> AppResult<()> {
    pane.merge_results(ctx.store.find_people(query, RESULTS)?);
    Ok(())
}

pub(super) fn open_form(ctx: &mut Ctx, pane: &mut IntakePane, a: i64, b: i64) -> AppResult<()> {
    let (a, b) = (ctx.store.merge_side(a)?, ctx.store.merge_side(b)?);
    pane.show_merge_form(a, b);
    Ok(())
}

pub(super) fn merge(
    ctx: &mut Ctx,
    pane: &mut IntakePane,
    request: &MergeRequest,
    visit_id: Option<i64>,
    fx: &mut Vec<Effect>,
) -> AppResult<i64> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    ctx.store.merge_people(request, staff_id, now)?;
    fx.push(saved());
    let (survivor, absorbed) = request.ids();
    reload_board(ctx, pane)?;
    match visit_id {
        Some(id) => show_visit(ctx, pane, id)?,
        None => pane.back_to_board(),
    }
    fx.push(Effect::Status(Message::Info(format!(
        "Merged #{absorbed} into #{survivor}: everything recorded is now on #{survivor}."
    ))));
    Ok(absorbed)
}
