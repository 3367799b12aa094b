//! A form's fields: their kinds and how they are made.

use super::FieldId;
use super::area::area_len;
use super::picker::{multi_lines, visible};
use crate::ui::widgets::input::TextInput;
use ratatui_textarea::{TextArea, WrapMode};

const AREA_ROWS: u16 = 4;
/// Room for a number as typed: "100" must stay "100" so the range check can refuse it by
/// name, rather than the field cutting it to "10".
const NUMBER_MAX: usize = 12;

pub enum FieldValue {
    Text(TextInput),
    /// One of the options, changed with ←/→ or Space. A filterable choice (a long list of
    /// names: a worker picker) narrows to the options holding what is typed; otherwise a
    /// letter jumps to the next option starting with it.
    Choice {
        options: Vec<String>,
        selected: usize,
        filter: Option<String>,
    },
    /// Any of the options: ←/→ move, Space ticks, letters narrow the options shown to those
    /// holding them (ticks on hidden options are kept).
    Multi {
        options: Vec<String>,
        chosen: Vec<bool>,
        cursor: usize,
        filter: String,
    },
    /// Multi-line text with word wrap, cursor movement and undo (Ctrl-z), at most `max`
    /// characters (a line break counts as one).
    Area {
        editor: Box<TextArea<'static>>,
        max: usize,
        /// For a list written one item per line: the most one line may hold, refused as it is
        /// typed or pasted (not first at saving).
        line_max: Option<usize>,
        /// Its length as the limit counts it, kept as it changes: a key refused at the limit
        /// costs nothing to check, however long the text.
        len: usize,
    },
}

pub struct Field {
    /// The name readers find it by, wherever it sits in the form (`None`: found by no one).
    pub id: Option<FieldId>,
    pub label: String,
    pub value: FieldValue,
    /// A line of help under the field while it is focused (e.g. a code's target time).
    pub hint: Option<String>,
}

impl Field {
    pub fn text(label: impl Into<String>, max_chars: usize, initial: &str) -> Field {
        let mut input = TextInput::new(max_chars);
        input.set(initial);
        Field {
            id: None,
            label: label.into(),
            value: FieldValue::Text(input),
            hint: None,
        }
    }

    /// A number typed as text (a score, minutes). Its range is the reader's to check, with
    /// the form's own message.
    pub fn number(label: impl Into<String>, initial: &str) -> Field {
        Field::text(label, NUMBER_MAX, initial)
    }

    /// A PIN, masked.
    pub fn pin(label: impl Into<String>) -> Field {
        Field {
            id: None,
            label: label.into(),
            value: FieldValue::Text(TextInput::pin()),
            hint: None,
        }
    }

    pub fn choice(label: impl Into<String>, options: Vec<String>, selected: usize) -> Field {
        let selected = selected.min(options.len().saturating_sub(1));
        Field {
            id: None,
            label: label.into(),
            value: FieldValue::Choice {
                options,
                selected,
                filter: None,
            },
            hint: None,
        }
    }

    /// A choice that narrows as the lead types (case does not matter, any part of the
    /// option): for long lists of names, where a first letter is not enough.
    pub fn filterable(mut self) -> Field {
        if let FieldValue::Choice { filter, .. } = &mut self.value {
            *filter = Some(String::new());
        }
        self
    }

    pub fn multi(label: impl Into<String>, options: Vec<String>, chosen: Vec<bool>) -> Field {
        let mut chosen = chosen;
        chosen.resize(options.len(), false);
        Field {
            id: None,
            label: label.into(),
            value: FieldValue::Multi {
                options,
                chosen,
                cursor: 0,
                filter: String::new(),
            },
            hint: None,
        }
    }

    /// A multi-line field of at most `max` characters. A longer saved text is still shown
    /// whole (saving it is refused until it is shortened).
    pub fn area(label: impl Into<String>, max: usize, initial: &str) -> Field {
        let lines: Vec<String> = if initial.is_empty() {
            vec![String::new()]
        } else {
            initial.lines().map(String::from).collect()
        };
        let mut area = TextArea::new(lines);
        // Carry on where the text ends, as anyone returning to a note would expect.
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        // By words, and a word wider than the field (a pasted link, a run of one letter) by
        // characters: Word alone leaves such a word cut off at the field's edge, unseen.
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_cursor_line_style(ratatui::style::Style::default());
        Field {
            id: None,
            label: label.into(),
            value: FieldValue::Area {
                len: area_len(&area),
                editor: Box::new(area),
                max,
                line_max: None,
            },
            hint: None,
        }
    }

    /// A multi-line field whose lines are the items of a list, each at most `max` characters.
    pub fn with_line_max(mut self, max: usize) -> Field {
        if let FieldValue::Area { line_max, .. } = &mut self.value {
            *line_max = Some(max);
        }
        self
    }

    /// A secret typed as text (a passphrase), masked and never kept in a draft.
    pub fn masked(label: impl Into<String>, max_chars: usize) -> Field {
        Field {
            id: None,
            label: label.into(),
            value: FieldValue::Text(TextInput::masked(max_chars)),
            hint: None,
        }
    }

    /// Names the field, so the form's reader finds it by `id` rather than by where it sits.
    pub fn id(mut self, id: FieldId) -> Field {
        self.id = Some(id);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = Some(hint.into());
        self
    }

    pub(super) fn height(&self, width: u16) -> u16 {
        match &self.value {
            FieldValue::Text(_) | FieldValue::Choice { .. } => 1,
            FieldValue::Area { .. } => AREA_ROWS,
            FieldValue::Multi {
                options, filter, ..
            } => {
                let visible = visible(options, filter);
                let count_row = u16::from(!filter.is_empty());
                count_row + multi_lines(options, &[], &visible, 0, false, width).len() as u16
            }
        }
    }
}
