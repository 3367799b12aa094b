//! Carrying out a merge of two records of the same person, asked for from a visit in Intake.

use super::Session;
use super::error::AppResult;
use super::intake::{load_board, saved, visit_view};
use crate::domain::merge::MergeRequest;
use crate::ui::find::RESULTS;
use crate::ui::panes::intake::IntakePane;
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Utc};

pub(super) fn search(session: &mut Session, pane: &mut IntakePane, query: &str) -> AppResult<()> {
    pane.merge_results(session.store.find_people(query, RESULTS)?);
    Ok(())
}

pub(super) fn open_form(
    session: &mut Session,
    pane: &mut IntakePane,
    a: i64,
    b: i64,
) -> AppResult<()> {
    let (a, b) = (session.store.merge_side(a)?, session.store.merge_side(b)?);
    pane.show_merge_form(a, b);
    Ok(())
}

pub(super) fn merge(
    session: &mut Session,
    pane: &mut IntakePane,
    request: &MergeRequest,
    visit_id: Option<i64>,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    session.store.merge_people(request, staff_id, now)?;
    saved(session, now);
    let (survivor, absorbed) = request.ids();
    let shift = pane
        .shift()
        .unwrap_or_else(|| session.hours.current_or_last_shift(now));
    load_board(session, pane, shift, pane.is_tonight(), now)?;
    // The Plans list loses the merged record's plan (it is in the kept one's history now).
    if let Some(mut plans) = session.plans.take() {
        if plans.open_person() == Some(absorbed) && plans.mode_name() == "plan" {
            plans.close_plan();
        }
        let reloaded = super::plans::reload(session, &mut plans, now);
        session.plans = Some(plans);
        reloaded?;
    }
    match visit_id {
        Some(id) => pane.show_visit(visit_view(session, id)?),
        None => pane.back_to_board(),
    }
    session.status = Some(Message::Info(format!(
        "Merged #{absorbed} into #{survivor}: everything recorded is now on #{survivor}."
    )));
    Ok(())
}
