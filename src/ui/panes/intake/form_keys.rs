//! The Intake pane's keys while one of its forms is open: each form saves (Ctrl-s) or
//! cancels (Esc) as the form widget says; the pane turns that into an action.

use super::{
    IntakeAction, IntakePane, Mode, correct_form, follow_ups, log_forms, quick_add, reason_form,
    visit_form,
};
use crate::ui::panes::TypedRun;
use crate::ui::widgets::fields::{FieldForm, FieldsEvent};
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

impl IntakePane {
    /// The visit form, and the reason asked for when it corrects a value.
    pub(super) fn edit_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<IntakeAction> {
        let tz = self.tz;
        match &mut self.mode {
            Mode::Edit {
                visit_id,
                asking: Some(asking),
                ..
            } => match asking.1.handle_key(key) {
                // Back to the triage form, everything typed kept.
                FieldsEvent::Cancel => {
                    if let Mode::Edit { asking, .. } = &mut self.mode {
                        *asking = None;
                    }
                    None
                }
                FieldsEvent::Submit => {
                    match crate::domain::correction::check_reason(
                        &asking.1.text(correct_form::REASON),
                    ) {
                        Ok(reason) => Some(IntakeAction::Update {
                            visit_id: *visit_id,
                            update: asking.0.clone(),
                            reason: Some(reason),
                        }),
                        Err(message) => {
                            asking.1.error(message);
                            None
                        }
                    }
                }
                _ => None,
            },
            Mode::Edit {
                visit_id,
                form,
                current,
                asking,
                ..
            } => match visit_form::handle_key(form, key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    match visit_form::read(
                        form,
                        current,
                        &self.refs.codes,
                        &self.refs.directory,
                        tz,
                        now,
                    ) {
                        Ok(update) => {
                            let directory = &self.refs.directory;
                            let name = |id: i64| {
                                directory
                                    .iter()
                                    .find(|d| d.id == id)
                                    .map_or_else(|| format!("entry {id}"), |d| d.name.clone())
                            };
                            let changes =
                                crate::domain::correction::triage_changes(current, &update, &name);
                            if changes.is_empty() {
                                return Some(IntakeAction::Update {
                                    visit_id: *visit_id,
                                    update,
                                    reason: None,
                                });
                            }
                            // A value already recorded is changed: a correction, so ask why
                            // (moving the visit on or filling a blank never asks).
                            *asking = Some(Box::new((update, reason_form(&changes))));
                            None
                        }
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The form that has the keyboard, if one does and its keys go straight to it.
    fn typing_form(&mut self) -> Option<&mut FieldForm> {
        if self.filtering || self.keys_by_list() {
            return None;
        }
        self.mode.form_mut()
    }

    /// Closing a follow-up: its keys go through the follow-up list's handler
    /// (`follow_ups_key`), so typing there is taken key by key.
    fn keys_by_list(&self) -> bool {
        matches!(self.mode, Mode::Close { .. })
    }

    /// True while Enter starts a new line in the form that has the keyboard.
    pub(super) fn types_lines(&self) -> bool {
        !self.filtering
            && !self.keys_by_list()
            && self.mode.form().is_some_and(FieldForm::types_lines)
    }

    /// Characters typed faster than a frame into the open form, as [`Self::edit_key`] and
    /// [`Self::form_key`] take the same keys one by one (typing never saves or cancels there;
    /// the triage form's running score is brought up to date after them, as after each key).
    pub(super) fn typed(&mut self, text: &str) -> TypedRun<IntakeAction> {
        let triage = matches!(self.mode, Mode::Edit { asking: None, .. });
        let Some(form) = self.typing_form() else {
            return TypedRun::AsKeys;
        };
        if form.type_text(text).is_none() {
            return TypedRun::AsKeys;
        }
        if triage {
            visit_form::refresh(form);
        }
        TypedRun::Taken(None)
    }

    /// The other forms over the board or a visit: each saves or cancels.
    pub(super) fn form_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<IntakeAction> {
        let tz = self.tz;
        match &mut self.mode {
            Mode::QuickAdd(form) => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.mode = Mode::Board;
                    None
                }
                FieldsEvent::Submit => {
                    let shift = self.shift?;
                    match quick_add::read(form, &self.refs.sources, &shift, tz, now) {
                        Ok(q) => Some(IntakeAction::AddVisit(q)),
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            Mode::Reopen {
                visit_id,
                follow_up_id,
                form,
            } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    match crate::domain::correction::check_reason(&form.text(correct_form::REASON))
                    {
                        Ok(reason) => Some(IntakeAction::ReopenFollowUp {
                            visit_id: *visit_id,
                            follow_up_id: *follow_up_id,
                            reason,
                        }),
                        Err(message) => {
                            form.error(message);
                            None
                        }
                    }
                }
                _ => None,
            },
            _ => self.record_form_key(key, now),
        }
    }

    /// The forms that correct or log something on a visit.
    fn record_form_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<IntakeAction> {
        let tz = self.tz;
        match &mut self.mode {
            Mode::CorrectIncident { incident, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => match correct_form::read_incident(form, incident, tz, now) {
                    Ok((incident, reason)) => {
                        Some(IntakeAction::CorrectIncident { incident, reason })
                    }
                    Err((field, message)) => form.refuse_at(field, message),
                },
                _ => None,
            },
            Mode::Correct { record, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    match correct_form::read(form, record, &self.refs.sources, tz, now) {
                        Ok(c) => Some(IntakeAction::CorrectDetails(c)),
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            Mode::Incident { visit_id, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    // The visit open underneath; without it (never expected), the incident may
                    // be any time in the last day.
                    let arrived_at = self
                        .underneath
                        .as_ref()
                        .map_or(now - chrono::Duration::days(1), |v| v.record.arrived_at);
                    match log_forms::read_incident(form, *visit_id, arrived_at, tz, now) {
                        Ok(i) => Some(IntakeAction::LogIncident(i)),
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            Mode::FollowUp { visit_id, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => match log_forms::read_follow_up(form, *visit_id) {
                    Ok(f) => Some(IntakeAction::LogFollowUp(f)),
                    Err((field, message)) => form.refuse_at(field, message),
                },
                _ => None,
            },
            Mode::CloseSafeguarding { visit_id, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => Some(IntakeAction::CloseSafeguarding {
                    visit_id: *visit_id,
                    note: form.text(follow_ups::WHAT_CAME_OF_IT),
                }),
                _ => None,
            },
            _ => None,
        }
    }
}
