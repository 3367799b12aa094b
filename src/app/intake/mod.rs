//! Carrying out the Intake pane's actions against the store.

mod merge;

use super::effects::Effect;
use super::error::{AppError, AppResult};
use super::{App, Session};
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
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Utc};

/// Loads the reference lists and tonight's board for a new session.
pub(super) fn new_pane(session: &Session, now: DateTime<Utc>) -> AppResult<IntakePane> {
    let refs = Refs {
        codes: session.store.triage_codes()?,
        sources: session.store.referral_sources()?,
        directory: session.store.directory()?,
    };
    let mut pane = IntakePane::new(refs, session.hours.tz);
    let shift = session.hours.current_or_last_shift(now);
    load_board(session, &mut pane, shift, true, now)?;
    Ok(pane)
}

pub(super) fn load_board(
    session: &Session,
    pane: &mut IntakePane,
    shift: Shift,
    tonight: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let today = now.with_timezone(&session.hours.tz).date_naive();
    let (from, to) = session.hours.board_window(shift.service_date);
    // Tonight's board starts with what earlier shifts left open, each with its date, so the
    // lead who picks them up can close them.
    let mut rows = if tonight {
        session.store.carried_board(&session.hours, from, today)?
    } else {
        Vec::new()
    };
    rows.extend(session.store.board(from, to, today)?);
    pane.set_board(rows, shift, tonight);
    let unsettled = if tonight {
        session
            .store
            .unsettled_visits(&session.hours, shift.service_date)?
    } else {
        Vec::new()
    };
    pane.set_unsettled(unsettled, now);
    Ok(())
}

/// The Intake board read again (another pane changed something it shows, e.g. a worker).
pub(super) fn reload_board(session: &mut Session, now: DateTime<Utc>) -> AppResult<()> {
    let Some(mut pane) = session.intake.take() else {
        return Ok(());
    };
    let shift = pane
        .shift()
        .unwrap_or_else(|| session.hours.current_or_last_shift(now));
    let tonight = pane.is_tonight();
    let result = load_board(session, &mut pane, shift, tonight, now);
    session.intake = Some(pane);
    result
}

pub(super) fn visit_view(session: &Session, visit_id: i64) -> AppResult<VisitView> {
    let record = session.store.visit(visit_id)?;
    let merges = session.store.merges_into(record.person_id)?;
    // An erased person has no details left to show or correct.
    let person = match session.store.person(record.person_id) {
        Ok(p) => p.details,
        Err(StoreError::NotFound) => Default::default(),
        Err(e) => return Err(e.into()),
    };
    let peer_worker = session
        .store
        .assignments_for_person(record.person_id)?
        .into_iter()
        .find(|a| a.is_active())
        .map(|a| a.worker_name);
    Ok(VisitView {
        history: session.store.visit_history(visit_id)?,
        incidents: session.store.incidents(visit_id)?,
        follow_ups: session.store.follow_ups(visit_id)?,
        staff_names: session.store.staff_names()?,
        record,
        person,
        peer_worker,
        safeguarding_closed: session.store.safeguarding_closed(visit_id)?,
        merges,
        scroll: Default::default(),
    })
}

/// The open follow-ups from every shift, with how many there are and how many are overdue.
fn open_follow_ups(session: &Session, now: DateTime<Utc>) -> AppResult<OpenList> {
    let today = now.with_timezone(&session.hours.tz).date_naive();
    let (total, overdue) = session.store.open_follow_up_counts(today)?;
    Ok(OpenList {
        items: session
            .store
            .open_follow_ups(&session.hours, now, follow_ups::LOADED)?,
        total,
        overdue,
        today,
        selected: 0,
    })
}

impl App {
    pub(super) fn intake_action(&mut self, action: IntakeAction) {
        let now = self.clock.now();
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(staff_id) = session.staff.as_ref().map(|s| s.id) else {
            return;
        };
        let Some(mut pane) = session.intake.take() else {
            return;
        };
        let mut effects = Vec::new();
        let result = run(session, &mut pane, action, staff_id, now, &mut effects);
        if let Err(e) = result {
            pane.refuse(e.to_string());
            if !pane.captures_input() {
                session.status = Some(Message::Error(e.to_string()));
            }
        }
        session.intake = Some(pane);
        self.apply(effects);
    }

    /// Keeps "tonight" current: when a new shift starts, the board moves to it.
    pub(super) fn refresh_tonight(&mut self, now: DateTime<Utc>) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(mut pane) = session.intake.take() else {
            return;
        };
        let tonight = session.hours.current_or_last_shift(now);
        if pane.is_tonight() && pane.shift() != Some(tonight) && !pane.captures_input() {
            let _ = load_board(session, &mut pane, tonight, true, now);
            self.dirty = true;
        }
        let Some(session) = &mut self.session else {
            return;
        };
        session.intake = Some(pane);
    }
}

fn save_new_visit(
    session: &mut Session,
    pane: &mut IntakePane,
    quick: &QuickAdd,
    person: PersonRef,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let visit = NewVisit {
        person,
        arrived_at: quick.arrived_at,
        contact_mode: quick.contact_mode,
        referral_source_id: quick.referral_source_id,
        presenting_need: quick.presenting_need.clone(),
    };
    let id = session.store.add_visit(&visit, staff_id, now)?;
    session.saved(now);
    if !session.hours.is_open_at(quick.arrived_at) {
        // Recorded while the service is closed: said so, and where it will be seen.
        if let Some(Message::Info(text)) = &mut session.status {
            text.push_str(" · out of hours: listed apart, for the next shift's handover");
        }
    }
    pane.back_to_board();
    let shift = pane
        .shift()
        .unwrap_or_else(|| session.hours.current_or_last_shift(now));
    load_board(session, pane, shift, pane.is_tonight(), now)?;
    pane.select_visit(id);
    Ok(())
}

fn run(
    session: &mut Session,
    pane: &mut IntakePane,
    action: IntakeAction,
    staff_id: i64,
    now: DateTime<Utc>,
    effects: &mut Vec<Effect>,
) -> AppResult<()> {
    match action {
        IntakeAction::AddVisit(quick) => {
            let candidates = session.store.match_candidates(&quick.person, 8)?;
            if candidates.is_empty() {
                let person = PersonRef::New(quick.person.clone());
                save_new_visit(session, pane, &quick, person, staff_id, now)?;
            } else {
                pane.offer_matches(quick, candidates);
            }
        }
        IntakeAction::SaveVisit { quick, person } => {
            save_new_visit(session, pane, &quick, person, staff_id, now)?
        }
        IntakeAction::Open(id) => pane.show_visit(visit_view(session, id)?),
        IntakeAction::Edit(id) => pane.edit_visit(&session.store.visit(id)?),
        IntakeAction::Update {
            visit_id,
            update,
            reason,
        } => {
            session.store.update_visit_corrected(
                visit_id,
                &update,
                reason.as_deref(),
                staff_id,
                now,
            )?;
            session.saved(now);
            let shift = pane
                .shift()
                .unwrap_or_else(|| session.hours.current_or_last_shift(now));
            load_board(session, pane, shift, pane.is_tonight(), now)?;
            pane.show_visit(visit_view(session, visit_id)?);
        }
        IntakeAction::CorrectDetails(c) => {
            session.store.correct_details(&c, staff_id, now)?;
            session.saved(now);
            let shift = pane
                .shift()
                .unwrap_or_else(|| session.hours.current_or_last_shift(now));
            load_board(session, pane, shift, pane.is_tonight(), now)?;
            pane.show_visit(visit_view(session, c.visit_id)?);
        }
        IntakeAction::CloseFollowUp {
            visit_id,
            follow_up_id,
            closure,
            from_list,
        } => {
            session
                .store
                .close_follow_up(follow_up_id, &closure, staff_id, now)?;
            session.saved(now);
            if from_list {
                pane.show_follow_ups(open_follow_ups(session, now)?);
            } else {
                pane.show_visit(visit_view(session, visit_id)?);
            }
        }
        IntakeAction::ShowFollowUps => pane.show_follow_ups(open_follow_ups(session, now)?),
        IntakeAction::CloseSafeguarding { visit_id, note } => {
            session
                .store
                .close_safeguarding(visit_id, &note, staff_id, now)?;
            session.saved(now);
            pane.show_visit(visit_view(session, visit_id)?);
        }
        IntakeAction::ReopenFollowUp {
            visit_id,
            follow_up_id,
            reason,
        } => {
            session
                .store
                .reopen_follow_up(follow_up_id, &reason, staff_id, now)?;
            session.saved(now);
            pane.show_visit(visit_view(session, visit_id)?);
        }
        IntakeAction::CorrectIncident { incident, reason } => {
            session
                .store
                .correct_incident(&incident, &reason, staff_id, now)?;
            session.saved(now);
            pane.show_visit(visit_view(session, incident.visit_id)?);
        }
        IntakeAction::OpenVisitOf(kind, id) => {
            let visit_id = match kind {
                CorrectedKind::Incident => session.store.incident(id)?.visit_id,
                CorrectedKind::FollowUp => session.store.follow_up_visit(id)?,
                CorrectedKind::Visit => id,
                CorrectedKind::Person | CorrectedKind::PeerSession => return Ok(()),
            };
            pane.show_visit(visit_view(session, visit_id)?);
        }
        IntakeAction::LogIncident(incident) => {
            session.store.add_incident(&incident, staff_id, now)?;
            session.saved(now);
            pane.show_visit(visit_view(session, incident.visit_id)?);
        }
        IntakeAction::LogFollowUp(follow_up) => {
            session.store.add_follow_up(&follow_up, staff_id, now)?;
            session.saved(now);
            pane.show_visit(visit_view(session, follow_up.visit_id)?);
        }
        IntakeAction::ExportPerson(person_id) => {
            let staff_id = session.staff.as_ref().map(|s| s.id);
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
            let export = session.store.subject_access(person_id, staff_id, now)?;
            let text =
                serde_json::to_string_pretty(&export).map_err(|e| AppError::File(e.to_string()))?;
            crate::app::files::write_private_new(&path, text.as_bytes())
                .map_err(|e| AppError::File(format!("Could not write {}: {e}", path.display())))?;
            session.status = Some(Message::Info(format!(
                "Unencrypted file written: {}",
                path.display()
            )));
        }
        IntakeAction::ShowPerson(person_id) => {
            let person = session.store.person(person_id)?;
            let visits = session.store.person_visits(person_id, None, PAGE)?;
            let has_more = visits.len() == PAGE;
            session.pane = PaneId::Intake;
            pane.show_person(PersonHistory {
                person,
                visits,
                has_more,
                selected: 0,
                confirming_export: false,
            });
        }
        IntakeAction::MoreVisits { person_id, before } => {
            pane.more_person_visits(session.store.person_visits(person_id, Some(before), PAGE)?);
        }
        IntakeAction::AssignPeer {
            person_id,
            visit_id,
        } => effects.push(Effect::StartAssignment {
            person_id,
            visit_id,
        }),
        IntakeAction::OpenPlan(person_id) => effects.push(Effect::OpenPlan { person_id }),
        IntakeAction::ShowShift(date) => {
            let tonight = session.hours.current_or_last_shift(now);
            if date > tonight.service_date {
                session.status = Some(Message::Info("That shift has not happened yet.".into()));
            } else {
                let shift = session.hours.shift_on(date);
                load_board(session, pane, shift, date == tonight.service_date, now)?;
            }
        }
        IntakeAction::ShowTonight => {
            let tonight = session.hours.current_or_last_shift(now);
            load_board(session, pane, tonight, true, now)?;
        }
        IntakeAction::CloseOut { visit_id, choice } => {
            let Some(shift) = pane.shift() else {
                return Ok(());
            };
            session
                .store
                .close_out_visit(visit_id, &choice, shift.service_date, staff_id, now)?;
            session.saved(now);
            load_board(session, pane, shift, true, now)?;
            if pane.closed_out(now) {
                session.status = Some(Message::Info(
                    "Shift closed out: every visit is closed or carried forward.".into(),
                ));
            }
        }
        IntakeAction::AdvanceStatus {
            visit_id,
            person_id,
        } => {
            let record = session.store.visit(visit_id)?;
            let Some(next) = record.status.advance() else {
                return Ok(());
            };
            let mut update = record.as_update();
            update.status = next;
            // Moving a visit on is progress, never a correction: no reason asked.
            session
                .store
                .update_visit_corrected(visit_id, &update, None, staff_id, now)?;
            let shift = pane
                .shift()
                .unwrap_or_else(|| session.hours.current_or_last_shift(now));
            load_board(session, pane, shift, pane.is_tonight(), now)?;
            pane.select_visit(visit_id);
            session.saved(now);
            let has_worker = session
                .store
                .assignments_for_person(person_id)?
                .iter()
                .any(|a| a.is_active());
            if next == crate::domain::visit::VisitStatus::WithWorker && !has_worker {
                // "With worker" asks which: the assignment form, in Peers.
                effects.push(Effect::StartAssignment {
                    person_id,
                    visit_id,
                });
            }
        }
        IntakeAction::Notice(text) => session.status = Some(Message::Info(text)),
        IntakeAction::MergeSearch(query) => merge::search(session, pane, &query)?,
        IntakeAction::MergeWith { a, b } => merge::open_form(session, pane, a, b)?,
        IntakeAction::Merge { request, visit_id } => {
            let absorbed = merge::merge(session, pane, &request, visit_id, staff_id, now)?;
            effects.push(Effect::PersonMerged { absorbed });
        }
    }
    Ok(())
}
