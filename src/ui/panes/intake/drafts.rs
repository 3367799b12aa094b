//! Intake's forms as drafts: a quick add (also while returning visitors are offered), a
//! visit's triage form, a correction of its details, an incident and a follow-up, and a
//! follow-up or safeguarding concern being closed.

use super::{IntakeAction, IntakePane, Mode, Pick};
use crate::domain::correction::CorrectedKind;
use crate::domain::draft::{DraftKey, FormDraft, FormKind};
use crate::ui::panes::drafts::{FormDrafts, draft_of, fill, press};
use crate::ui::widgets::fields::FieldForm;
use chrono::{DateTime, Utc};

impl IntakePane {
    /// The form open in the pane, if one is (a test finds its fields by id through it).
    pub fn open_field_form(&self) -> Option<&FieldForm> {
        self.draft_form().map(|(_, form)| form)
    }

    fn draft_form(&self) -> Option<(DraftKey, &FieldForm)> {
        match &self.mode {
            Mode::QuickAdd(form) | Mode::Match { form, .. } => {
                Some((DraftKey::fresh(FormKind::QuickAdd), form))
            }
            Mode::Edit { visit_id, form, .. } => {
                Some((DraftKey::new(FormKind::Visit, visit_id), form))
            }
            Mode::CorrectIncident { incident, form } => {
                Some((DraftKey::new(FormKind::CorrectIncident, incident.id), form))
            }
            Mode::Reopen {
                follow_up_id, form, ..
            } => Some((DraftKey::new(FormKind::ReopenFollowUp, follow_up_id), form)),
            Mode::Correct { record, form } => {
                Some((DraftKey::new(FormKind::CorrectDetails, record.id), form))
            }
            Mode::Incident { visit_id, form } => {
                Some((DraftKey::new(FormKind::Incident, visit_id), form))
            }
            Mode::FollowUp { visit_id, form } => {
                Some((DraftKey::new(FormKind::FollowUp, visit_id), form))
            }
            Mode::Close {
                follow_up_id, form, ..
            } => Some((DraftKey::new(FormKind::CloseFollowUp, follow_up_id), form)),
            Mode::CloseSafeguarding { visit_id, form } => {
                Some((DraftKey::new(FormKind::CloseSafeguarding, visit_id), form))
            }
            _ => None,
        }
    }

    fn viewing(&self) -> Option<i64> {
        match &self.mode {
            Mode::View(v) => Some(v.record.id),
            _ => None,
        }
    }
}

impl FormDrafts for IntakePane {
    fn open_form(&self) -> Option<DraftKey> {
        if let Mode::Merge(flow) = &self.mode {
            return flow.draft_key();
        }
        self.draft_form().map(|(k, _)| k)
    }

    fn open_draft(&self) -> Option<FormDraft> {
        if let Mode::Merge(flow) = &self.mode {
            return flow.draft();
        }
        let (key, form) = self.draft_form()?;
        draft_of(key, form)
    }

    fn fill_draft(&mut self, draft: &FormDraft) -> bool {
        if let Mode::Merge(flow) = &mut self.mode {
            return flow.fill(draft);
        }
        let Some(key) = self.open_form() else {
            return false;
        };
        match &mut self.mode {
            // The visit form itself, even while the reason for a correction is asked over it.
            Mode::Edit { form, .. } => fill(form, &key, draft),
            mode => mode.form_mut().is_some_and(|form| fill(form, &key, draft)),
        }
    }

    fn reopen(&mut self, key: &DraftKey, now: DateTime<Utc>) -> Option<IntakeAction> {
        if self.open_form().as_ref() == Some(key) {
            return None;
        }
        self.filtering = false;
        match (key.kind, key.record_id()) {
            (FormKind::QuickAdd, _) => {
                if !self.tonight {
                    return Some(IntakeAction::ShowTonight);
                }
                self.back_to_board();
                self.start_quick_add(now);
                None
            }
            (FormKind::Visit, Some(id)) => Some(IntakeAction::Edit(id)),
            (FormKind::MergePeople, _) => super::merge_form::parse_draft_record(&key.record)
                .map(|(a, b)| IntakeAction::MergeWith { a, b }),
            (
                kind @ (FormKind::CorrectIncident
                | FormKind::ReopenFollowUp
                | FormKind::CloseFollowUp),
                Some(id),
            ) => {
                let (pick, record) = match kind {
                    FormKind::CorrectIncident => (Pick::Incident, CorrectedKind::Incident),
                    FormKind::ReopenFollowUp => (Pick::FollowUpReopen, CorrectedKind::FollowUp),
                    _ => (Pick::FollowUpDone, CorrectedKind::FollowUp),
                };
                if self.resume_pick(pick, id) {
                    return None;
                }
                // Not on show yet: show the visit it belongs to, then try again.
                (self.viewing().is_none()).then_some(IntakeAction::OpenVisitOf(record, id))
            }
            (
                FormKind::Incident
                | FormKind::FollowUp
                | FormKind::CorrectDetails
                | FormKind::CloseSafeguarding,
                Some(id),
            ) => {
                if self.viewing() != Some(id) {
                    return Some(IntakeAction::Open(id));
                }
                let c = match key.kind {
                    FormKind::Incident => 'i',
                    FormKind::FollowUp => 'f',
                    FormKind::CloseSafeguarding => 'S',
                    _ => 'E',
                };
                self.key(press(c), now)
            }
            _ => None,
        }
    }
}
