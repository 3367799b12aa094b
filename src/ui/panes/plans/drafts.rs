//! The plan editor as a draft. A crisis plan's draft is kept typed (content and metadata, in
//! plan_drafts) rather than by field, and offered back when the plan is opened; the app saves
//! it on the same timer as every other form.

use super::{Mode, PlansAction, PlansPane};
use crate::domain::draft::{DraftKey, FormDraft, FormKind};
use crate::ui::panes::drafts::{FormDrafts, draft_of};
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl FormDrafts for PlansPane {
    fn open_form(&self) -> Option<DraftKey> {
        match &self.mode {
            Mode::Edit(e) => Some(DraftKey::new(FormKind::Plan, e.person_id())),
            _ => None,
        }
    }

    fn open_draft(&self) -> Option<FormDraft> {
        match &self.mode {
            Mode::Edit(e) => {
                let mut d = draft_of(self.open_form()?, &e.form)?;
                d.person_id = Some(e.person_id());
                Some(d)
            }
            _ => None,
        }
    }

    /// The editor fills itself from the typed draft it offers (Enter), so nothing here.
    fn fill_draft(&mut self, _draft: &FormDraft) -> bool {
        false
    }

    fn reopen(&mut self, key: &DraftKey, _now: DateTime<Utc>) -> Option<PlansAction> {
        let person_id = key.record_id().filter(|_| key.kind == FormKind::Plan)?;
        match &self.mode {
            Mode::Edit(e) if e.person_id() == person_id => None,
            Mode::DraftOffer { start, .. } if start.person_id == person_id => {
                // As the lead would: Enter continues the draft.
                self.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
            }
            _ => {
                self.list.filtering = false;
                Some(PlansAction::Edit(person_id))
            }
        }
    }
}
