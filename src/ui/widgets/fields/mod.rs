//! A data-entry form: labelled fields of several kinds, scrolled so the focused one is visible.
//! Tab / Shift-Tab move between fields, Enter moves on (or submits from the last field; in a
//! multi-line field it starts a new line), Ctrl-s submits, Esc cancels, asking first when
//! something was changed.

mod area;
mod bindings;
mod compact;
mod draft;
mod draw;
mod keys;
mod picker;
mod value;

pub use bindings::{FORM, FormKey, SAVE_CANCEL, SAVE_NEXT_CANCEL, Say, footer};
pub use picker::{match_count, matches};
pub use value::{Field, FieldValue};

use super::limit::{self, Refusal};
use super::message::Message;
use area::area_len;

/// A field's name in its form. Readers and refusals find a field by it, so a field added
/// above it, or left out, moves nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldId {
    name: &'static str,
    /// Which of a repeated field (the third visitor's summary in a handover).
    n: usize,
}

impl FieldId {
    pub const fn new(name: &'static str) -> FieldId {
        FieldId { name, n: 0 }
    }

    /// The `n`th of a field a form repeats (one per visitor, one per section).
    pub const fn nth(self, n: usize) -> FieldId {
        FieldId { n, ..self }
    }
}

/// Where a field is: by its id (or, inside the form, by its position).
pub trait At: Copy {
    /// The field's position in `form`, if it has one.
    fn index_in(self, form: &FieldForm) -> Option<usize>;
}

impl At for FieldId {
    fn index_in(self, form: &FieldForm) -> Option<usize> {
        form.fields.iter().position(|f| f.id == Some(self))
    }
}

/// A position, for the form's own use (the focused field, the field being drawn): readers
/// outside name fields by id.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pos(pub(super) usize);

impl At for Pos {
    fn index_in(self, form: &FieldForm) -> Option<usize> {
        (self.0 < form.fields.len()).then_some(self.0)
    }
}

const NOT_ON_THE_LIST: &str = "That choice is no longer on the list: choose again.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldsEvent {
    Submit,
    Cancel,
    Edited,
    Moved,
    Ignored,
}

pub struct FieldForm {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub message: Option<Message>,
    changed: bool,
    confirming_discard: bool,
    /// Esc leaves at once, even after typing (a sign-in form: secrets, never a draft).
    cancels_at_once: bool,
}

impl FieldForm {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Self {
        debug_assert!(
            fields
                .iter()
                .enumerate()
                .all(|(i, f)| f.id.is_none() || fields.iter().skip(i + 1).all(|g| g.id != f.id)),
            "two fields of one form share an id"
        );
        FieldForm {
            title: title.into(),
            fields,
            focus: 0,
            message: None,
            changed: false,
            confirming_discard: false,
            cancels_at_once: false,
        }
    }

    /// A form Esc leaves at once, without asking: one of secrets (sign-in, unlock), which is
    /// never a draft, so there is nothing to lose by asking late.
    pub fn cancelling_at_once(mut self) -> Self {
        self.cancels_at_once = true;
        self
    }

    /// The position of field `at` (`None` if the form has no such field).
    pub fn index(&self, at: impl At) -> Option<usize> {
        at.index_in(self)
    }

    /// Field `at` itself (to change its hint as the form is filled in).
    pub fn field_mut(&mut self, at: impl At) -> Option<&mut Field> {
        let i = self.index(at)?;
        self.fields.get_mut(i)
    }

    /// True while field `at` has the cursor.
    pub fn is_focused(&self, at: impl At) -> bool {
        self.index(at) == Some(self.focus)
    }

    /// Puts the cursor in the field labelled `label`, if the form has one (a draft names the
    /// field that had it by its label).
    pub fn focus_on_label(&mut self, label: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.label == label) {
            self.focus = i;
        }
    }

    /// Puts the cursor in field `at`, if the form has it.
    pub fn focus_on(&mut self, at: impl At) {
        if let Some(i) = self.index(at) {
            self.focus = i;
        }
    }

    pub fn has_changes(&self) -> bool {
        self.changed
    }

    /// Counts the form as changed (e.g. it was filled from a kept draft), so Esc asks first.
    pub fn mark_changed(&mut self) {
        self.changed = true;
    }

    /// Adds a line at the end of a multi-line field (after its last non-blank line) and
    /// counts the form as changed. Undo (Ctrl-z) takes it out again.
    pub fn append_line(&mut self, at: impl At, line: &str) {
        if let Some(FieldValue::Area { editor: a, len, .. }) = self.value_mut(at) {
            a.move_cursor(ratatui_textarea::CursorMove::Bottom);
            a.move_cursor(ratatui_textarea::CursorMove::End);
            if a.lines().last().is_some_and(|l| !l.trim().is_empty()) {
                a.insert_newline();
            }
            a.insert_str(line);
            *len = area_len(a);
            self.changed = true;
            self.message = None;
        }
    }

    /// A refusal of what the form says: the cursor goes to the field at fault and the form
    /// says why, naming the field when the words do not ("DBS check date: 31/02/2026 does
    /// not exist."); nothing typed is lost. `None`, for the caller that has no action to
    /// return.
    pub fn refuse_at<T>(&mut self, field: impl At, message: impl Into<String>) -> Option<T> {
        self.focus_on(field);
        let message = message.into();
        let label = self.focused_label();
        // "Reason (required)" is named as "Reason".
        let label = label.split(" (").next().unwrap_or_default().trim();
        let named = label.is_empty() || message.to_lowercase().contains(&label.to_lowercase());
        self.error(if named {
            message
        } else {
            format!("{label}: {message}")
        });
        None
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message::Error(text.into()));
    }

    /// The field's text (a text field's input, an area's lines joined, a choice's label).
    pub fn text(&self, at: impl At) -> String {
        match self.value(at) {
            Some(FieldValue::Text(t)) => t.value().to_string(),
            Some(FieldValue::Area { editor, .. }) => editor.lines().join("\n"),
            Some(FieldValue::Choice {
                options, selected, ..
            }) => options.get(*selected).cloned().unwrap_or_default(),
            Some(FieldValue::Multi { .. }) | None => String::new(),
        }
    }

    /// A text field's text, borrowed: a secret (a passphrase, a PIN) read without a copy
    /// left behind. "" for any other kind of field.
    pub fn typed(&self, at: impl At) -> &str {
        match self.value(at) {
            Some(FieldValue::Text(t)) => t.value(),
            _ => "",
        }
    }

    /// Empties text field `at` (a PIN after a wrong try).
    pub fn clear(&mut self, at: impl At) {
        if let Some(FieldValue::Text(t)) = self.value_mut(at) {
            t.clear();
        }
    }

    /// Refuses a new secret typed twice (fields `first` and `again`): a mismatch clears only
    /// the repeat; any other problem clears both, so it is retyped from scratch.
    pub fn refuse_secret_pair(
        &mut self,
        first: impl At,
        again: impl At,
        message: String,
        mismatch: bool,
    ) {
        self.error(message);
        self.clear(again);
        if mismatch {
            self.focus_on(again);
        } else {
            self.clear(first);
            self.focus_on(first);
        }
    }

    /// Field `at`'s value (`None` if the form has no such field).
    pub(super) fn value(&self, at: impl At) -> Option<&FieldValue> {
        let i = self.index(at)?;
        self.fields.get(i).map(|f| &f.value)
    }

    pub(super) fn value_mut(&mut self, at: impl At) -> Option<&mut FieldValue> {
        let i = self.index(at)?;
        self.fields.get_mut(i).map(|f| &mut f.value)
    }

    /// The focused field's label ("" if the focus has run past the fields).
    pub fn focused_label(&self) -> String {
        self.fields
            .get(self.focus)
            .map(|f| f.label.clone())
            .unwrap_or_default()
    }

    pub fn selected(&self, at: impl At) -> usize {
        match self.value(at) {
            Some(FieldValue::Choice { selected, .. }) => *selected,
            _ => 0,
        }
    }

    /// What choice field `i` picked, read from `options`: the list its options were made
    /// from. Should the two ever drift apart, the form is refused at that field rather than
    /// read out of bounds.
    pub fn picked<A: At, T: Copy>(&self, at: A, options: &[T]) -> Result<T, (A, String)> {
        options
            .get(self.selected(at))
            .copied()
            .ok_or_else(|| (at, NOT_ON_THE_LIST.to_string()))
    }

    /// The item of `items` picked in choice field `i` whose first option is "none": `None`
    /// for that first option.
    pub fn picked_or_none<'a, A: At, T>(
        &self,
        at: A,
        items: &'a [T],
    ) -> Result<Option<&'a T>, (A, String)> {
        match self.selected(at).checked_sub(1) {
            None => Ok(None),
            Some(i) => items
                .get(i)
                .map(Some)
                .ok_or_else(|| (at, NOT_ON_THE_LIST.to_string())),
        }
    }

    pub fn chosen(&self, at: impl At) -> Vec<usize> {
        match self.value(at) {
            Some(FieldValue::Multi { chosen, .. }) => chosen
                .iter()
                .enumerate()
                .filter(|(_, c)| **c)
                .map(|(i, _)| i)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Empties field `i`'s filter; true if there was one to empty.
    pub(super) fn clear_filter(&mut self, at: impl At) -> bool {
        match self.value_mut(at) {
            Some(
                FieldValue::Multi { filter, .. }
                | FieldValue::Choice {
                    filter: Some(filter),
                    ..
                },
            ) if !filter.is_empty() => {
                filter.clear();
                true
            }
            _ => false,
        }
    }

    /// What is typed into field `i`'s filter, while something is.
    pub fn filter(&self, at: impl At) -> Option<&str> {
        match self.value(at) {
            Some(
                FieldValue::Multi { filter, .. }
                | FieldValue::Choice {
                    filter: Some(filter),
                    ..
                },
            ) if !filter.is_empty() => Some(filter),
            _ => None,
        }
    }

    pub(super) fn refuse(&mut self, refusal: Refusal) {
        let message = refusal.message(&self.focused_label());
        self.message = Some(Message::Error(message));
    }

    /// "480 / 500" for field `i` while its text is near its limit.
    pub fn counter(&self, at: impl At) -> Option<String> {
        match self.value(at)? {
            FieldValue::Text(t) => t.counter(),
            FieldValue::Area { max, len, .. } => limit::counter(*len, *max),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
