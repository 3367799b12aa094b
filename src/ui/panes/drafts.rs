//! What every pane with forms tells the app about drafts (see `domain::draft`): which form is
//! open, what it holds that is not saved, filling it from a kept draft, and finding the way
//! back to it after an unlock. The app owns the timer and the store; panes only answer.

use super::Pane;
use crate::domain::draft::{DraftKey, FormDraft};
use crate::ui::widgets::fields::FieldForm;
use chrono::{DateTime, Utc};

pub trait FormDrafts: Pane {
    /// The form open now that keeps a draft, typed into or not.
    fn open_form(&self) -> Option<DraftKey>;
    /// The open form's content, when it holds changes not yet saved.
    fn open_draft(&self) -> Option<FormDraft>;
    /// Fills the open form from a kept draft of it (same key); false if it cannot.
    fn fill_draft(&mut self, draft: &FormDraft) -> bool;
    /// One step back to the form for `key`, as the keys the lead pressed would: either the
    /// pane gets there itself (None), or it asks for what the app must load first (the
    /// record), and is asked again once that is done.
    fn reopen(&mut self, key: &DraftKey, now: DateTime<Utc>) -> Option<Self::Action>;
}

/// A form's draft under `key`, if anything in it was changed.
pub fn draft_of(key: DraftKey, form: &FieldForm) -> Option<FormDraft> {
    form.has_changes().then(|| FormDraft {
        key,
        person_id: None,
        fields: form.draft_fields(),
    })
}

/// Fills `form` from `draft` when it is the form's own draft.
pub fn fill(form: &mut FieldForm, key: &DraftKey, draft: &FormDraft) -> bool {
    if &draft.key != key {
        return false;
    }
    form.restore(&draft.fields);
    form.message = Some(crate::ui::widgets::message::Message::Info(
        "Continuing your unsaved draft. Ctrl-s saves it; Esc twice discards it.".into(),
    ));
    true
}

/// A key press, for panes that reopen a form the way the lead opened it.
pub fn press(c: char) -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    )
}
