//! Carrying out a merge of two records of the same person, asked for from a visit in Intake.

use super::{load_board, visit_view};
use crate::app::Session;
use crate::app::error::AppResult;
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
) -> AppResult<i64> {
    session.store.merge_people(request, staff_id, now)?;
    session.saved(now);
    let (survivor, absorbed) = request.ids();
    let shift = pane
        .shift()
        .unwrap_or_else(|| session.hours.current_or_last_shift(now));
    load_board(session, pane, shift, pane.is_tonight(), now)?;
    match visit_id {
        Some(id) => pane.show_visit(visit_view(session, id)?),
        None => pane.back_to_board(),
    }
    session.status = Some(Message::Info(format!(
        "Merged #{absorbed} into #{survivor}: everything recorded is now on #{survivor}."
    )));
    Ok(absorbed)
}
