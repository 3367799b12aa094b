//! Carrying out the Handover pane's actions, its autosave, and the unacknowledged banner.

use super::error::{AppError, AppResult};
use super::pins::PinPurpose;
use super::{App, Session};
use crate::domain::handover::{HandoverState, draft_from, merge_facts};
use crate::store::handovers::Handover;
use crate::ui::panes::PaneId;
use crate::ui::panes::handover::{HISTORY_PAGE, HandoverAction, HandoverPane};
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Utc};

pub(super) fn new_pane(
    session: &mut Session,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<HandoverPane> {
    let mut pane = HandoverPane::new(
        session.store.staff_names()?,
        session.hours.tz,
        session.print_command.is_some(),
    );
    let waiting = session.store.unacknowledged_handovers()?;
    match waiting.first() {
        Some(row) => {
            pane.show(session.store.handover_by_id(row.id)?);
            session.pane = PaneId::Handover;
        }
        None => pane.show(tonight(session, staff_id, now)?),
    }
    refresh_banner(session)?;
    count_unsettled(session, &mut pane)?;
    Ok(pane)
}

/// Tonight's note: the saved one (a draft gets the shift's newer records merged in, unsaved
/// until the lead edits), or a new draft built from the records.
fn tonight(session: &Session, staff_id: i64, now: DateTime<Utc>) -> AppResult<Handover> {
    let date = session.hours.current_or_last_shift(now).service_date;
    let mut facts = session.store.shift_facts(&session.hours, date)?;
    Ok(match session.store.handover(date)? {
        Some(mut h) => {
            if h.state == HandoverState::Draft {
                let ids: Vec<i64> = h.body.entries.iter().map(|e| e.visit_id).collect();
                facts.situations = session.store.visit_situations(&ids, &session.hours, date)?;
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
fn count_unsettled(session: &Session, pane: &mut HandoverPane) -> AppResult<()> {
    let open = match pane.draft_date() {
        Some(date) => session.store.unsettled_visits(&session.hours, date)?.len(),
        None => 0,
    };
    pane.set_unsettled(open);
    Ok(())
}

/// "Unacknowledged handover" shows above every pane until the incoming lead acknowledges it.
pub(super) fn refresh_banner(session: &mut Session) -> AppResult<()> {
    let waiting = session.store.unacknowledged_handovers()?;
    session.banner = waiting.first().map(|h| {
        format!(
            "⚠ Unacknowledged handover from {}: read it in pane 4, then press a to acknowledge",
            h.service_date.format("%a %-d %b")
        )
    });
    Ok(())
}

fn stamp(session: &Session, now: DateTime<Utc>) -> String {
    now.with_timezone(&session.hours.tz)
        .format("%H:%M:%S")
        .to_string()
}

fn save_draft(
    session: &mut Session,
    pane: &HandoverPane,
    body: &crate::domain::handover::HandoverBody,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<Handover> {
    let date = pane
        .note()
        .map(|n| n.service_date)
        .unwrap_or_else(|| session.hours.current_or_last_shift(now).service_date);
    let id = session
        .store
        .save_handover_draft(date, body, staff_id, now)?;
    session.needs_checkpoint = true;
    Ok(session.store.handover_by_id(id)?)
}

impl App {
    pub(super) fn handover_action(&mut self, action: HandoverAction) {
        let now = self.clock.now();
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(staff_id) = session.staff.as_ref().map(|s| s.id) else {
            return;
        };
        let Some(mut pane) = session.handover.take() else {
            return;
        };
        if let Err(e) = run(session, &mut pane, action, staff_id, now) {
            pane.refuse(e.to_string());
        }
        if let Err(e) = count_unsettled(session, &mut pane) {
            pane.refuse(e.to_string());
        }
        session.handover = Some(pane);
    }

    /// Saves the handover draft when the autosave rule says so. Called on every tick.
    pub(super) fn autosave_handover(&mut self, now: DateTime<Utc>) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(staff_id) = session.staff.as_ref().map(|s| s.id) else {
            return;
        };
        let Some(mut pane) = session.handover.take() else {
            return;
        };
        if let Some(body) = pane.autosave_due(now) {
            match save_draft(session, &pane, &body, staff_id, now) {
                Ok(h) => {
                    pane.draft_saved(h);
                    session.status = Some(Message::Info(format!(
                        "Draft saved {}",
                        stamp(session, now)
                    )));
                }
                Err(e) => pane.refuse(e.to_string()),
            }
            self.dirty = true;
        }
        let Some(session) = &mut self.session else {
            return;
        };
        session.handover = Some(pane);
    }
}

/// Before the store closes (lock, quit, Ctrl-c, a signal): unsaved handover edits are saved.
pub(super) fn keep_draft(session: &mut Session, now: DateTime<Utc>) -> Option<String> {
    let staff_id = session.staff.as_ref().map(|s| s.id)?;
    let pane = session.handover.take()?;
    let result = match pane.unsaved_body() {
        Some(body) => save_draft(session, &pane, &body, staff_id, now).err(),
        None => None,
    };
    session.handover = Some(pane);
    result.map(|e| format!("The handover draft could not be saved: {e}"))
}

/// Sign-off and acknowledgement ask for the PIN again, with sign-in's back-off and audit.
fn check_pin(
    session: &mut Session,
    staff_id: i64,
    pin: &str,
    purpose: PinPurpose,
    now: DateTime<Utc>,
) -> AppResult<()> {
    super::pins::check_pin(
        &mut session.store,
        &mut session.pin_failures,
        staff_id,
        pin,
        purpose,
        now,
    )
}

fn run(
    session: &mut Session,
    pane: &mut HandoverPane,
    action: HandoverAction,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    match action {
        HandoverAction::OpenTonight => pane.show(tonight(session, staff_id, now)?),
        HandoverAction::Open(id) => pane.show(session.store.handover_by_id(id)?),
        HandoverAction::SaveDraft(body) => {
            let h = save_draft(session, pane, &body, staff_id, now)?;
            pane.show(h);
            session.status = Some(Message::Info(format!(
                "Draft saved {}",
                stamp(session, now)
            )));
        }
        HandoverAction::Sign { id, pin } => {
            check_pin(session, staff_id, &pin, PinPurpose::sign_off(id), now)?;
            // Visits still open are carried forward, as the sign-off form said they would be.
            if let Some(date) = pane.draft_date() {
                session.store.carry_forward_unsettled(
                    &session.hours,
                    date,
                    "still open when the handover was signed",
                    staff_id,
                    now,
                )?;
            }
            // A note drafted from the records but never edited is saved first.
            let id = match (id, pane.note()) {
                (0, Some(note)) => save_draft(session, pane, &note.body.clone(), staff_id, now)?.id,
                (id, _) => id,
            };
            session.store.sign_handover(id, staff_id, now)?;
            session.needs_checkpoint = true;
            pane.show(session.store.handover_by_id(id)?);
            session.status = Some(Message::Info(format!("Signed off {}", stamp(session, now))));
            refresh_banner(session)?;
        }
        HandoverAction::AddAddendum { id, text } => {
            session
                .store
                .add_handover_addendum(id, &text, staff_id, now)?;
            session.needs_checkpoint = true;
            pane.show(session.store.handover_by_id(id)?);
            session.status = Some(Message::Info(format!(
                "Addendum saved {}",
                stamp(session, now)
            )));
        }
        HandoverAction::Acknowledge { id, pin, readback } => {
            check_pin(session, staff_id, &pin, PinPurpose::acknowledge(id), now)?;
            session
                .store
                .acknowledge_handover(id, staff_id, &readback, now)?;
            session.needs_checkpoint = true;
            pane.show(session.store.handover_by_id(id)?);
            session.status = Some(Message::Info(format!(
                "Acknowledged {}",
                stamp(session, now)
            )));
            refresh_banner(session)?;
        }
        HandoverAction::Print { id, text } => {
            let program = session
                .print_command
                .clone()
                .ok_or_else(|| AppError::Print(crate::ui::PRINTING_NOT_AVAILABLE.into()))?;
            // Recorded before it is sent: paper cannot be taken back.
            session.store.record_handover_print(id, staff_id, now)?;
            session.needs_checkpoint = true;
            super::print::print(&program, &text).map_err(AppError::Print)?;
            pane.printed(Message::Info(format!(
                "Sent to the printer {}: collect it now, paper is NOT encrypted",
                stamp(session, now)
            )));
        }
        HandoverAction::History { query, before } => {
            let rows = session
                .store
                .handover_history(query.as_deref(), before, HISTORY_PAGE)?;
            // The total is counted once, with the first page; a later page keeps it.
            let total = match before {
                None => Some(session.store.handover_count(query.as_deref())?),
                Some(_) => None,
            };
            pane.show_history(rows, before.is_some(), total);
        }
    }
    Ok(())
}
