//! Keys and pastes: moving between fields, editing the focused one.

use super::area::{Limits, area_key, area_paste, area_type};
use super::bindings::{FORM, FormKey};
use super::picker::{
    FILTER_MAX, MultiKey, choice_filter_key, choice_key, follow_filter, multi_key, visible,
};
use super::{FieldForm, FieldValue, FieldsEvent, Pos};
use crate::ui::widgets::limit::{self, Refusal};
use crate::ui::widgets::message::Message;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl FieldForm {
    pub fn handle_key(&mut self, key: KeyEvent) -> FieldsEvent {
        if self.confirming_discard {
            self.confirming_discard = false;
            self.message = None;
            if key.code == KeyCode::Esc {
                return FieldsEvent::Cancel;
            }
        }
        // Esc empties a filter before it leaves; moving to another field leaves the filter
        // behind (what was chosen or ticked stays).
        if key.code == KeyCode::Esc && self.clear_filter(Pos(self.focus)) {
            self.message = None;
            return FieldsEvent::Moved;
        }
        let in_area = matches!(self.value(Pos(self.focus)), Some(FieldValue::Area { .. }));
        let form_key = FORM.resolve(key).filter(|k| {
            // In a multi-line field Enter, ↑ and ↓ edit the text.
            !(in_area && matches!(k, FormKey::Enter | FormKey::Down | FormKey::Up))
        });
        match form_key {
            Some(k) => self.form_key(k),
            None => self.field_key(key),
        }
    }

    /// A key of the form's own table: moving between fields, saving, leaving.
    fn form_key(&mut self, k: FormKey) -> FieldsEvent {
        let n = self.fields.len().max(1);
        let last = n - 1;
        if !matches!(k, FormKey::Submit | FormKey::Cancel) {
            self.clear_filter(Pos(self.focus));
        }
        match k {
            FormKey::Cancel if self.changed && !self.cancels_at_once => {
                self.confirming_discard = true;
                self.message = Some(Message::Error(
                    "You have unsaved changes: Esc again discards this draft; any other key keeps editing."
                        .into(),
                ));
                return FieldsEvent::Ignored;
            }
            FormKey::Cancel => return FieldsEvent::Cancel,
            FormKey::Submit => return FieldsEvent::Submit,
            FormKey::Enter if self.focus >= last => return FieldsEvent::Submit,
            FormKey::Next => self.focus = (self.focus + 1) % n,
            FormKey::Previous => self.focus = (self.focus + last) % n,
            FormKey::Enter => self.focus += 1,
            FormKey::Down => self.focus = (self.focus + 1).min(last),
            FormKey::Up => self.focus = self.focus.saturating_sub(1),
        }
        FieldsEvent::Moved
    }

    /// A key for the focused field itself: typing, choosing, ticking.
    fn field_key(&mut self, key: KeyEvent) -> FieldsEvent {
        let Some(focused) = self.value_mut(Pos(self.focus)) else {
            return FieldsEvent::Ignored;
        };
        let used = match focused {
            FieldValue::Text(t) => t.try_key(key),
            FieldValue::Area {
                editor,
                max,
                line_max,
                len,
            } => area_key(editor, Limits::of(*max, *line_max), len, key),
            FieldValue::Choice {
                options,
                selected,
                filter: Some(filter),
            } => choice_filter_key(options, selected, filter, key),
            FieldValue::Choice {
                options, selected, ..
            } => choice_key(options, selected, key),
            FieldValue::Multi {
                options,
                chosen,
                cursor,
                filter,
            } => match multi_key(options, chosen, cursor, filter, key) {
                MultiKey::Used(used) => used,
                MultiKey::Done(event) => return event,
            },
        };
        match used {
            Ok(true) => {
                self.changed = true;
                self.message = None;
                FieldsEvent::Edited
            }
            Ok(false) => FieldsEvent::Ignored,
            Err(refusal) => {
                self.refuse(refusal);
                FieldsEvent::Ignored
            }
        }
    }

    /// True when `text` typed key by key ('\n' for Enter) would all be typing into the focused
    /// field: a text field has the cursor, and a line break only where it starts a new line
    /// (in a one-line field Enter moves on, or saves).
    pub fn takes_as_text(&self, text: &str) -> bool {
        match self.value(Pos(self.focus)) {
            Some(FieldValue::Area { .. }) => true,
            Some(FieldValue::Text(_)) => !text.contains('\n'),
            _ => false,
        }
    }

    /// True while Enter in the focused field starts a new line (a multi-line field).
    pub fn types_lines(&self) -> bool {
        matches!(self.value(Pos(self.focus)), Some(FieldValue::Area { .. }))
    }

    /// Characters typed faster than a frame ('\n' for Enter), taken as the same keys one at a
    /// time would be (the same text, cursor, undo steps, message and changed mark: what fits
    /// goes in, then the field says it is full) but laid out once: Edited if any key edited.
    /// `None`, with nothing done, where they would not all be typing into the focused field
    /// ([`Self::takes_as_text`]): the caller hands them over key by key.
    pub fn type_text(&mut self, text: &str) -> Option<FieldsEvent> {
        if !self.takes_as_text(text) {
            return None;
        }
        if text.is_empty() {
            return Some(FieldsEvent::Ignored);
        }
        // The first key ends a question about discarding, as any key but Esc does.
        if self.confirming_discard {
            self.confirming_discard = false;
            self.message = None;
        }
        let typed = match self.value_mut(Pos(self.focus)) {
            Some(FieldValue::Text(t)) => t.type_text(text),
            Some(FieldValue::Area {
                editor,
                max,
                line_max,
                len,
            }) => area_type(editor, Limits::of(*max, *line_max), len, text),
            _ => return None,
        };
        if typed.edited {
            self.changed = true;
        }
        match typed.last {
            Some(Ok(())) => self.message = None,
            Some(Err(refusal)) => self.refuse(refusal),
            None => {}
        }
        Some(if typed.edited {
            FieldsEvent::Edited
        } else {
            FieldsEvent::Ignored
        })
    }

    /// Pasted text into the focused field: inserted whole at the cursor (line breaks kept in
    /// a multi-line field, spaces in a one-line one) or refused whole with a message. A
    /// choice takes it as typed keys, so a letter still jumps to its option.
    pub fn paste(&mut self, text: &str) -> FieldsEvent {
        if self.confirming_discard {
            self.confirming_discard = false;
            self.message = None;
        }
        if let Some(event) = self.paste_into_filter(text) {
            return event;
        }
        let label = self.focused_label();
        let Some(focused) = self.value_mut(Pos(self.focus)) else {
            return FieldsEvent::Ignored;
        };
        let pasted = match focused {
            FieldValue::Text(t) => t.paste(text),
            FieldValue::Area {
                editor,
                max,
                line_max,
                len,
            } => area_paste(editor, Limits::of(*max, *line_max), len, text),
            // A letter or two pasted into a choice picks as typing would; a longer paste
            // (a letter meant for a text field) must not flick through the options and
            // leave one chosen by chance, so it is refused, and nothing changes.
            FieldValue::Choice { .. } | FieldValue::Multi { .. } => {
                if text.trim().chars().count() > 2 || text.trim().contains(char::is_whitespace) {
                    self.message = Some(Message::Error(format!(
                        "{label} is a choice, not a text field: the paste was not taken. Tab to a text field and paste there."
                    )));
                    return FieldsEvent::Ignored;
                }
                return self.paste_as_keys(text);
            }
        };
        match pasted {
            Ok(dropped) => {
                self.changed = true;
                self.message = limit::dropped_note(dropped).map(Message::Info);
                FieldsEvent::Edited
            }
            Err(refusal) => {
                self.refuse(refusal);
                FieldsEvent::Ignored
            }
        }
    }

    /// A name pasted into a picker that narrows as it is typed (checkboxes, a filterable
    /// choice) narrows it, as typing it would; one that would leave nothing to choose is
    /// refused with the reason. `None` when the focused field is not such a picker, or the
    /// paste is not one short line.
    pub(super) fn paste_into_filter(&mut self, text: &str) -> Option<FieldsEvent> {
        let typed: String = text.trim().chars().filter(|c| !c.is_control()).collect();
        if typed.is_empty() || text.trim().contains('\n') {
            return None;
        }
        let label = self.focused_label();
        let (options, filter, follow): (&Vec<String>, &mut String, &mut usize) =
            match self.value_mut(Pos(self.focus))? {
                FieldValue::Multi {
                    options,
                    filter,
                    cursor,
                    ..
                } => (options, filter, cursor),
                FieldValue::Choice {
                    options,
                    filter: Some(filter),
                    selected,
                } => (options, filter, selected),
                _ => return None,
            };
        let wider = format!("{filter}{typed}");
        if wider.chars().count() > FILTER_MAX || visible(options, &wider).is_empty() {
            let refusal = Refusal::NoMatch(wider);
            self.message = Some(Message::Error(refusal.message(&label)));
            return Some(FieldsEvent::Ignored);
        }
        *filter = wider;
        follow_filter(options, follow, filter);
        self.message = None;
        Some(FieldsEvent::Moved)
    }

    pub(super) fn paste_as_keys(&mut self, text: &str) -> FieldsEvent {
        let mut event = FieldsEvent::Ignored;
        for c in text.chars().filter(|c| !c.is_control()) {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            if self.handle_key(key) == FieldsEvent::Edited {
                event = FieldsEvent::Edited;
            }
        }
        event
    }
}
