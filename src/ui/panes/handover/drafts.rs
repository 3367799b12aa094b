//! The handover's dated addendum as a draft. (The handover note itself is its own draft: the
//! editor saves the note, unsigned, as the lead types; see `HandoverPane::autosave_due`.)

use super::{HandoverAction, HandoverPane, Mode};
use crate::domain::draft::{DraftKey, FormDraft, FormKind};
use crate::ui::panes::drafts::{FormDrafts, draft_of, fill, press};
use chrono::{DateTime, Utc};

impl FormDrafts for HandoverPane {
    fn open_form(&self) -> Option<DraftKey> {
        match &self.mode {
            Mode::Addendum { .. } => Some(DraftKey::new(
                FormKind::HandoverAddendum,
                self.note.as_ref()?.id,
            )),
            _ => None,
        }
    }

    fn open_draft(&self) -> Option<FormDraft> {
        match &self.mode {
            Mode::Addendum { form } => draft_of(self.open_form()?, form),
            _ => None,
        }
    }

    fn fill_draft(&mut self, draft: &FormDraft) -> bool {
        let Some(key) = self.open_form() else {
            return false;
        };
        match &mut self.mode {
            Mode::Addendum { form } => fill(form, &key, draft),
            _ => false,
        }
    }

    fn reopen(&mut self, key: &DraftKey, _now: DateTime<Utc>) -> Option<HandoverAction> {
        let id = key
            .record_id()
            .filter(|_| key.kind == FormKind::HandoverAddendum)?;
        if self.open_form().as_ref() == Some(key) {
            return None;
        }
        match (&self.mode, self.note.as_ref().map(|n| n.id)) {
            (Mode::Note { .. }, Some(shown)) if shown == id => self.note_key(press('d')),
            _ => Some(HandoverAction::Open(id)),
        }
    }
}
