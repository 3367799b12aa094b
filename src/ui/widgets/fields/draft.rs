//! Drafts: a form's content as typed, by label, and filling a form back from it.

use super::{Field, FieldForm, FieldValue};

impl FieldForm {
    /// Every field as it stands, by label; masked fields (PINs) are never part of a draft.
    pub fn draft_fields(&self) -> Vec<crate::domain::draft::DraftField> {
        use crate::domain::draft::{DraftField, DraftValue};
        self.fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let value = match &f.value {
                    FieldValue::Text(t) if t.is_secret() => return None,
                    FieldValue::Text(t) => DraftValue::Text(t.value().to_string()),
                    FieldValue::Area { editor, .. } => DraftValue::Text(editor.lines().join("\n")),
                    FieldValue::Choice {
                        options, selected, ..
                    } => DraftValue::Choice(options.get(*selected).cloned().unwrap_or_default()),
                    FieldValue::Multi {
                        options, chosen, ..
                    } => DraftValue::Multi(
                        options
                            .iter()
                            .zip(chosen)
                            .filter(|(_, c)| **c)
                            .map(|(o, _)| o.clone())
                            .collect(),
                    ),
                };
                Some(DraftField {
                    label: f.label.clone(),
                    value,
                    focused: i == self.focus,
                })
            })
            .collect()
    }

    /// Fills the form from a draft's fields, matched by label (a field the form no longer has
    /// is skipped, an option no longer offered leaves the choice as it was), puts the cursor
    /// back in the field that had it (at the end of what was typed), and counts the form as
    /// changed. Returns how many fields were filled.
    pub fn restore(&mut self, fields: &[crate::domain::draft::DraftField]) -> usize {
        use crate::domain::draft::DraftValue;
        let mut filled = 0;
        for d in fields {
            let Some(field) = self.fields.iter_mut().find(|f| f.label == d.label) else {
                continue;
            };
            let done = match (&mut field.value, &d.value) {
                (FieldValue::Text(t), DraftValue::Text(text)) if !t.is_secret() => {
                    t.set(text);
                    true
                }
                (
                    FieldValue::Area {
                        editor, max, len, ..
                    },
                    DraftValue::Text(text),
                ) => {
                    if let FieldValue::Area {
                        editor: fresh,
                        len: fresh_len,
                        ..
                    } = Field::area(d.label.clone(), *max, text).value
                    {
                        let cursor = editor.cursor_style();
                        **editor = *fresh;
                        *len = fresh_len;
                        editor.set_cursor_style(cursor);
                    }
                    true
                }
                (
                    FieldValue::Choice {
                        options, selected, ..
                    },
                    DraftValue::Choice(label),
                ) => match options.iter().position(|o| o == label) {
                    Some(i) => {
                        *selected = i;
                        true
                    }
                    None => false,
                },
                (
                    FieldValue::Multi {
                        options, chosen, ..
                    },
                    DraftValue::Multi(ticked),
                ) => {
                    for (o, c) in options.iter().zip(chosen.iter_mut()) {
                        *c = ticked.contains(o);
                    }
                    true
                }
                _ => false,
            };
            filled += usize::from(done);
        }
        let focused = fields.iter().find(|d| d.focused);
        if let Some(i) = focused.and_then(|d| self.fields.iter().position(|f| f.label == d.label)) {
            self.focus = i;
        }
        self.mark_changed();
        filled
    }
}
