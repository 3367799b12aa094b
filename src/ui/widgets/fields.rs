//! A data-entry form: labelled fields of several kinds, scrolled so the focused one is visible.
//! Tab / Shift-Tab move between fields, Enter moves on (or submits from the last field; in a
//! multi-line field it starts a new line), Ctrl-s submits, Esc cancels, asking first when
//! something was changed.

use super::hint;
use super::hits::{self, Hit};
use super::input::TextInput;
use super::limit::{self, Refusal};
use super::message::Message;
use crate::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui_textarea::{TextArea, WrapMode};

const LABEL_WIDTH: u16 = 26;
const AREA_ROWS: u16 = 4;
/// A long message (several reasons, several bad lines) wraps over at most this many rows.
const MESSAGE_ROWS_MAX: u16 = 3;
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
        /// Its length as the limit counts it, kept as it changes: a key refused at the limit
        /// costs nothing to check, however long the text.
        len: usize,
    },
}

pub struct Field {
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
            label: label.into(),
            value: FieldValue::Text(TextInput::pin()),
            hint: None,
        }
    }

    pub fn choice(label: impl Into<String>, options: Vec<String>, selected: usize) -> Field {
        let selected = selected.min(options.len().saturating_sub(1));
        Field {
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
        area.set_wrap_mode(WrapMode::Word);
        area.set_cursor_line_style(ratatui::style::Style::default());
        Field {
            label: label.into(),
            value: FieldValue::Area {
                len: area_len(&area),
                editor: Box::new(area),
                max,
            },
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = Some(hint.into());
        self
    }

    fn height(&self, width: u16) -> u16 {
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
}

impl FieldForm {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Self {
        FieldForm {
            title: title.into(),
            fields,
            focus: 0,
            message: None,
            changed: false,
            confirming_discard: false,
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
    pub fn append_line(&mut self, i: usize, line: &str) {
        if let Some(FieldValue::Area { editor: a, len, .. }) = self.value_mut(i) {
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
    /// says why; nothing typed is lost. `None`, for the caller that has no action to return.
    pub fn refuse_at<T>(&mut self, field: usize, message: impl Into<String>) -> Option<T> {
        self.focus = field;
        self.error(message);
        None
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message::Error(text.into()));
    }

    pub fn focus_label(&mut self, label: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.label == label) {
            self.focus = i;
        }
    }

    /// The field's text (a text field's input, an area's lines joined, a choice's label).
    pub fn text(&self, i: usize) -> String {
        match self.value(i) {
            Some(FieldValue::Text(t)) => t.value().to_string(),
            Some(FieldValue::Area { editor, .. }) => editor.lines().join("\n"),
            Some(FieldValue::Choice {
                options, selected, ..
            }) => options.get(*selected).cloned().unwrap_or_default(),
            Some(FieldValue::Multi { .. }) | None => String::new(),
        }
    }

    /// Field `i`'s value (`None` past the last field: fields are addressed by position).
    fn value(&self, i: usize) -> Option<&FieldValue> {
        self.fields.get(i).map(|f| &f.value)
    }

    fn value_mut(&mut self, i: usize) -> Option<&mut FieldValue> {
        self.fields.get_mut(i).map(|f| &mut f.value)
    }

    /// The focused field's label ("" if the focus has run past the fields).
    fn focused_label(&self) -> String {
        self.fields
            .get(self.focus)
            .map(|f| f.label.clone())
            .unwrap_or_default()
    }

    pub fn selected(&self, i: usize) -> usize {
        match self.value(i) {
            Some(FieldValue::Choice { selected, .. }) => *selected,
            _ => 0,
        }
    }

    /// What choice field `i` picked, read from `options`: the list its options were made
    /// from. Should the two ever drift apart, the form is refused at that field rather than
    /// read out of bounds.
    pub fn picked<T: Copy>(&self, i: usize, options: &[T]) -> Result<T, (usize, String)> {
        options.get(self.selected(i)).copied().ok_or_else(|| {
            (
                i,
                "That choice is no longer on the list: choose again.".to_string(),
            )
        })
    }

    /// The item of `items` picked in choice field `i` whose first option is "none": `None`
    /// for that first option.
    pub fn picked_or_none<'a, T>(
        &self,
        i: usize,
        items: &'a [T],
    ) -> Result<Option<&'a T>, (usize, String)> {
        match self.selected(i).checked_sub(1) {
            None => Ok(None),
            Some(at) => items.get(at).map(Some).ok_or_else(|| {
                (
                    i,
                    "That choice is no longer on the list: choose again.".to_string(),
                )
            }),
        }
    }

    pub fn chosen(&self, i: usize) -> Vec<usize> {
        match self.value(i) {
            Some(FieldValue::Multi { chosen, .. }) => chosen
                .iter()
                .enumerate()
                .filter(|(_, c)| **c)
                .map(|(i, _)| i)
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FieldsEvent {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.confirming_discard {
            self.confirming_discard = false;
            self.message = None;
            if key.code == KeyCode::Esc {
                return FieldsEvent::Cancel;
            }
        }
        let last = self.fields.len() - 1;
        let in_area = matches!(self.value(self.focus), Some(FieldValue::Area { .. }));
        // Esc empties a filter before it leaves; moving to another field leaves the filter
        // behind (what was chosen or ticked stays).
        if key.code == KeyCode::Esc && self.clear_filter(self.focus) {
            self.message = None;
            return FieldsEvent::Moved;
        }
        let leaves = match key.code {
            KeyCode::Tab | KeyCode::BackTab => true,
            KeyCode::Enter | KeyCode::Down | KeyCode::Up => !in_area,
            _ => false,
        };
        if leaves {
            self.clear_filter(self.focus);
        }
        match key.code {
            KeyCode::Esc => {
                if self.changed {
                    self.confirming_discard = true;
                    self.message = Some(Message::Error(
                        "You have unsaved changes: Esc again discards this draft; any other key keeps editing."
                            .into(),
                    ));
                    return FieldsEvent::Ignored;
                }
                return FieldsEvent::Cancel;
            }
            KeyCode::Char('s') if ctrl => return FieldsEvent::Submit,
            KeyCode::Tab => {
                self.focus = (self.focus + 1) % self.fields.len();
                return FieldsEvent::Moved;
            }
            KeyCode::BackTab => {
                self.focus = (self.focus + last) % self.fields.len();
                return FieldsEvent::Moved;
            }
            KeyCode::Enter if !in_area => {
                if self.focus == last {
                    return FieldsEvent::Submit;
                }
                self.focus += 1;
                return FieldsEvent::Moved;
            }
            KeyCode::Down if !in_area => {
                self.focus = (self.focus + 1).min(last);
                return FieldsEvent::Moved;
            }
            KeyCode::Up if !in_area => {
                self.focus = self.focus.saturating_sub(1);
                return FieldsEvent::Moved;
            }
            _ => {}
        }
        let Some(focused) = self.value_mut(self.focus) else {
            return FieldsEvent::Ignored;
        };
        let used = match focused {
            FieldValue::Text(t) => t.try_key(key),
            FieldValue::Area { editor, max, len } => area_key(editor, *max, len, key),
            FieldValue::Choice {
                options,
                selected,
                filter: Some(filter),
            } => choice_filter_key(options, selected, filter, key),
            FieldValue::Choice {
                options, selected, ..
            } => match key.code {
                KeyCode::Right | KeyCode::Char(' ') => {
                    *selected = (*selected + 1) % options.len();
                    Ok(true)
                }
                KeyCode::Left => {
                    *selected = (*selected + options.len() - 1) % options.len();
                    Ok(true)
                }
                KeyCode::Char(c) if !ctrl => {
                    // Jump to the next option starting with the typed letter or digit.
                    let c = c.to_ascii_lowercase();
                    let n = options.len();
                    if let Some(i) = (1..=n).map(|k| (*selected + k) % n).find(|i| {
                        options
                            .get(*i)
                            .and_then(|o| o.chars().next())
                            .is_some_and(|f| f.to_ascii_lowercase() == c)
                    }) {
                        *selected = i;
                    }
                    Ok(true)
                }
                _ => Ok(false),
            },
            FieldValue::Multi {
                options,
                chosen,
                cursor,
                filter,
            } => {
                let shown = visible(options, filter);
                let at = shown.iter().position(|i| i == cursor);
                match key.code {
                    KeyCode::Right => {
                        if let Some(&next) = at.and_then(|a| shown.get(a + 1)) {
                            *cursor = next;
                        }
                        return FieldsEvent::Moved;
                    }
                    KeyCode::Left => {
                        if let Some(&prev) =
                            at.and_then(|a| a.checked_sub(1)).and_then(|a| shown.get(a))
                        {
                            *cursor = prev;
                        }
                        return FieldsEvent::Moved;
                    }
                    // Only an option on show can be ticked (none is, when nothing matches).
                    KeyCode::Char(' ') if at.is_some() => {
                        if let Some(tick) = chosen.get_mut(*cursor) {
                            *tick = !*tick;
                        }
                        Ok(true)
                    }
                    KeyCode::Char(c) if !ctrl && c != ' ' && !c.is_control() => {
                        if filter.chars().count() >= FILTER_MAX {
                            return FieldsEvent::Ignored;
                        }
                        filter.push(c);
                        follow_filter(options, cursor, filter);
                        return FieldsEvent::Moved;
                    }
                    KeyCode::Backspace if !filter.is_empty() => {
                        filter.pop();
                        follow_filter(options, cursor, filter);
                        return FieldsEvent::Moved;
                    }
                    _ => Ok(false),
                }
            }
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

    /// Empties field `i`'s filter; true if there was one to empty.
    fn clear_filter(&mut self, i: usize) -> bool {
        match self.value_mut(i) {
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
    pub fn filter(&self, i: usize) -> Option<&str> {
        match self.value(i) {
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

    fn refuse(&mut self, refusal: Refusal) {
        let message = refusal.message(&self.focused_label());
        self.message = Some(Message::Error(message));
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
        let Some(focused) = self.value_mut(self.focus) else {
            return FieldsEvent::Ignored;
        };
        let pasted = match focused {
            FieldValue::Text(t) => t.paste(text),
            FieldValue::Area { editor, max, len } => area_paste(editor, *max, len, text),
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
    fn paste_into_filter(&mut self, text: &str) -> Option<FieldsEvent> {
        let typed: String = text.trim().chars().filter(|c| !c.is_control()).collect();
        if typed.is_empty() || text.trim().contains('\n') {
            return None;
        }
        let label = self.focused_label();
        let (options, filter, follow): (&Vec<String>, &mut String, &mut usize) =
            match self.value_mut(self.focus)? {
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

    fn paste_as_keys(&mut self, text: &str) -> FieldsEvent {
        let mut event = FieldsEvent::Ignored;
        for c in text.chars().filter(|c| !c.is_control()) {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            if self.handle_key(key) == FieldsEvent::Edited {
                event = FieldsEvent::Edited;
            }
        }
        event
    }

    /// "480 / 500" for field `i` while its text is near its limit.
    pub fn counter(&self, i: usize) -> Option<String> {
        match self.value(i)? {
            FieldValue::Text(t) => t.counter(),
            FieldValue::Area { max, len, .. } => limit::counter(*len, *max),
            _ => None,
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, footer: &str) {
        frame.render_widget(Clear, area);
        hits::record(area, Hit::Cover);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Line::styled(
                format!(" {} ", crate::ui::safe(&self.title)),
                theme.title(),
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        // The last rows: the message (wrapped over up to three rows) and the footer.
        let message_rows = self
            .message
            .as_ref()
            .map_or(1, |m| wrapped_rows(&format!("✗ {}", m.text()), inner.width))
            .clamp(1, MESSAGE_ROWS_MAX);
        if inner.height < message_rows + 2 {
            return;
        }
        let body = Rect {
            height: inner.height - message_rows - 1,
            ..inner
        };
        let value_width = inner.width.saturating_sub(LABEL_WIDTH + 1);
        let heights: Vec<u16> = self.fields.iter().map(|f| f.height(value_width)).collect();
        // The focused field's hint, wrapped at spaces under it (never cut mid-word).
        let hint_rows: Vec<String> = self
            .fields
            .get(self.focus)
            .and_then(|f| f.hint.as_deref())
            .map(|h| hint::wrap(h, value_width))
            .unwrap_or_default();
        // Scroll so the focused field, and its hint, are visible.
        let focus_top: u16 = heights.iter().take(self.focus).sum();
        let focus_height = heights.get(self.focus).copied().unwrap_or_default();
        let focus_bottom = focus_top + focus_height + (hint_rows.len() as u16).max(1);
        let scroll = focus_bottom.saturating_sub(body.height);
        let mut y: i32 = -(scroll as i32);
        for ((i, field), &height) in self.fields.iter().enumerate().zip(&heights) {
            let h = i32::from(height);
            let focused = i == self.focus;
            if y >= 0 && y + h <= body.height as i32 {
                let top = body.y + y as u16;
                let label_style = if focused {
                    theme.focused_field()
                } else {
                    theme.title()
                };
                let marker = if focused { "▸ " } else { "  " };
                let label = Line::from(vec![
                    Span::styled(marker, label_style),
                    Span::styled(
                        truncate(&field.label, LABEL_WIDTH as usize - 3),
                        label_style,
                    ),
                ]);
                frame.render_widget(
                    Paragraph::new(label),
                    Rect::new(body.x, top, LABEL_WIDTH, 1),
                );
                // An area's counter sits under its label, where the column is free.
                if h > 1
                    && matches!(field.value, FieldValue::Area { .. })
                    && let Some(c) = self.counter(i)
                {
                    let line = Line::styled(format!("  {c}"), theme.dim());
                    frame.render_widget(
                        Paragraph::new(line),
                        Rect::new(body.x, top + 1, LABEL_WIDTH, 1),
                    );
                }
                let value_area = Rect::new(body.x + LABEL_WIDTH + 1, top, value_width, h as u16);
                let from_focused = hits::distance(self.focus, i);
                hits::record(
                    Rect::new(body.x, top, body.width, h as u16),
                    Hit::Field { from_focused },
                );
                self.render_value(frame, value_area, theme, field, focused);
                if let FieldValue::Multi {
                    options,
                    chosen,
                    cursor,
                    filter,
                } = &field.value
                {
                    let shown = visible(options, filter);
                    // Under the "n of m match" row while filtering.
                    let chips_area = if filter.is_empty() {
                        value_area
                    } else {
                        Rect {
                            y: value_area.y + 1,
                            height: value_area.height.saturating_sub(1),
                            ..value_area
                        }
                    };
                    record_checkboxes(chips_area, options, chosen, &shown, *cursor, from_focused);
                }
            }
            y += h;
            if focused && field.hint.is_some() {
                for row in &hint_rows {
                    if y >= 0 && y < body.height as i32 {
                        let hint_area =
                            Rect::new(body.x + LABEL_WIDTH + 1, body.y + y as u16, value_width, 1);
                        frame.render_widget(
                            Paragraph::new(Line::styled(row.clone(), theme.dim())),
                            hint_area,
                        );
                    }
                    y += 1;
                }
            }
        }
        let message_area = Rect::new(
            inner.x,
            inner.y + inner.height - 1 - message_rows,
            inner.width,
            message_rows,
        );
        if let Some(m) = &self.message {
            frame.render_widget(
                Paragraph::new(m.line(theme)).wrap(Wrap { trim: true }),
                message_area,
            );
        }
        let footer_row = Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1);
        // Whole items only: what does not fit is left out, never cut (Ctrl-s and Esc, which
        // every form lists first, always fit).
        let footer = hint::one_row_in_form(footer, inner.width);
        let footer = footer.trim_start().to_string();
        hint::record_keys(footer_row, &footer);
        frame.render_widget(
            Paragraph::new(Line::styled(footer, theme.dim())),
            footer_row,
        );
    }

    fn render_value(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        field: &Field,
        focused: bool,
    ) {
        match &field.value {
            FieldValue::Text(t) => {
                let counter = t.counter_width() as u16;
                let text_area = Rect {
                    width: area.width.saturating_sub(counter),
                    ..area
                };
                let (text, col) = t.display(text_area.width as usize);
                frame.render_widget(Paragraph::new(text), text_area);
                if let Some(c) = t.counter() {
                    let at = Rect::new(text_area.right(), area.y, counter, 1);
                    let line = Line::styled(format!("  {c}"), theme.dim());
                    frame.render_widget(Paragraph::new(line), at);
                }
                if focused {
                    frame.set_cursor_position(Position::new(area.x + col as u16, area.y));
                }
            }
            FieldValue::Choice {
                options,
                selected,
                filter,
            } => {
                let mut text = format!(
                    "◂ {} ▸",
                    crate::ui::safe(options.get(*selected).map_or("", String::as_str))
                );
                if let Some(f) = filter.as_deref().filter(|f| !f.is_empty()) {
                    let n = visible(options, f).len();
                    text.push_str(&format!("  {}", match_count(n, options.len(), f)));
                }
                let style = if focused {
                    theme.selected()
                } else {
                    ratatui::style::Style::default()
                };
                frame.render_widget(Paragraph::new(Line::styled(text, style)), area);
            }
            FieldValue::Multi {
                options,
                chosen,
                cursor,
                filter,
            } => {
                let shown = visible(options, filter);
                let chips = multi_lines(options, chosen, &shown, *cursor, focused, area.width);
                let count = (!filter.is_empty()).then(|| {
                    let hidden = (0..options.len())
                        .filter(|i| chosen.get(*i) == Some(&true) && !shown.contains(i))
                        .count();
                    let mut line = match_count(shown.len(), options.len(), filter);
                    if hidden > 0 {
                        line.push_str(&format!(" · {hidden} more ticked"));
                    }
                    Line::styled(hint::ellipsize(&line, usize::from(area.width)), theme.dim())
                });
                let lines: Vec<Line<'_>> = count
                    .into_iter()
                    .chain(chips.into_iter().map(|spans| {
                        Line::from(
                            spans
                                .into_iter()
                                .map(|(text, is_cursor)| {
                                    if is_cursor {
                                        Span::styled(text, theme.selected())
                                    } else {
                                        Span::raw(text)
                                    }
                                })
                                .collect::<Vec<_>>(),
                        )
                    }))
                    .collect();
                frame.render_widget(Paragraph::new(lines), area);
            }
            FieldValue::Area { editor, .. } => {
                let block_style = if focused {
                    theme.focused_field()
                } else {
                    theme.dim()
                };
                let mut shown = drawable(editor);
                shown.set_block(
                    Block::default()
                        .borders(Borders::LEFT)
                        .border_style(block_style),
                );
                if !focused {
                    shown.set_cursor_style(ratatui::style::Style::default());
                }
                frame.render_widget(&shown, area);
            }
        }
    }
}

/// Characters in an area, a line break counting as one (as in the saved text).
fn area_len(editor: &TextArea<'_>) -> usize {
    let lines = editor.lines();
    lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1)
}

/// True for a key that would put a character into the editor.
fn inserts(key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Char('m') => ctrl && !alt,
        KeyCode::Char(_) => !ctrl && !alt,
        KeyCode::Enter => true,
        _ => false,
    }
}

/// A key in a multi-line field: control characters never get in, and a character past the
/// limit is refused. Anything else that grew the text past it (a yank, a redo) is undone.
fn area_key(
    editor: &mut TextArea<'static>,
    max: usize,
    len: &mut usize,
    key: KeyEvent,
) -> Result<bool, Refusal> {
    // The hints say Ctrl-z, as most editors do; ratatui-textarea binds undo to Ctrl-u only.
    if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
        let undone = editor.undo();
        *len = area_len(editor);
        return Ok(undone);
    }
    if let KeyCode::Char(c) = key.code
        && c.is_control()
    {
        return Ok(false);
    }
    let before = *len;
    if inserts(&key) {
        limit::room_for(before, 1, max)?;
    }
    // Backspace, Delete and the arrows act on a whole grapheme cluster (a family emoji, a
    // letter and its accent), as in one-line fields; the editor itself steps by character.
    let repeat = match (key.code, key.modifiers.is_empty()) {
        (KeyCode::Backspace | KeyCode::Left, true) => cluster_chars(editor, false),
        (KeyCode::Delete | KeyCode::Right, true) => cluster_chars(editor, true),
        _ => 1,
    };
    // A plain character or line break typed with nothing selected adds exactly one: counted
    // without walking the text (a run of keys into a long text would count it once a key).
    let adds_one = !editor.is_selecting()
        && match key.code {
            KeyCode::Char(_) => !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT),
            KeyCode::Enter => key.modifiers.is_empty(),
            _ => false,
        };
    let used = editor.input(key);
    for _ in 1..repeat {
        editor.input(key);
    }
    // Up and Down keep the column in characters, which can fall inside a cluster on the new
    // line: the cursor goes to that cluster's start instead.
    if matches!(key.code, KeyCode::Up | KeyCode::Down) {
        snap_to_cluster(editor);
    }
    let after = match (adds_one, used) {
        (true, true) => before + 1,
        (true, false) => before,
        _ => area_len(editor),
    };
    if after > max && after > before {
        editor.undo();
        *len = area_len(editor);
        return Err(Refusal::PasteTooLong {
            max,
            over: after - max.max(before),
        });
    }
    *len = after;
    Ok(used)
}

/// Characters in the grapheme cluster just before (or after) the cursor on its line; 1 at
/// the line's edge, where the step is the line break.
fn cluster_chars(editor: &TextArea<'_>, forward: bool) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    let ratatui_textarea::DataCursor(row, col) = editor.cursor();
    let Some(line) = editor.lines().get(row) else {
        return 1;
    };
    let at = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
    let cluster = if forward {
        line[at..].graphemes(true).next()
    } else {
        line[..at].graphemes(true).next_back()
    };
    cluster.map_or(1, |g| g.chars().count())
}

/// Moves a cursor that sits inside a grapheme cluster to the cluster's start.
fn snap_to_cluster(editor: &mut TextArea<'_>) {
    use unicode_segmentation::UnicodeSegmentation;
    let ratatui_textarea::DataCursor(row, col) = editor.cursor();
    let Some(line) = editor.lines().get(row) else {
        return;
    };
    let mut start = 0;
    for g in line.graphemes(true) {
        let n = g.chars().count();
        if start + n > col {
            break;
        }
        start += n;
    }
    if start < col
        && let (Ok(row), Ok(start)) = (u16::try_from(row), u16::try_from(start))
    {
        editor.move_cursor(ratatui_textarea::CursorMove::Jump(row, start));
    }
}

/// A paste into a multi-line field, at the cursor: whole, as one undo step, or refused.
fn area_paste(
    editor: &mut TextArea<'static>,
    max: usize,
    len: &mut usize,
    text: &str,
) -> Result<usize, Refusal> {
    let cleaned = limit::multi_line(text);
    limit::room_for(*len, cleaned.chars, max)?;
    editor.insert_str(cleaned.text.as_str());
    *len = area_len(editor);
    Ok(cleaned.dropped)
}

/// The editor as it may be drawn: anything unsafe for the terminal (a bidi override) shown as
/// '�', one for one, so the cursor stays where it is. The stored text keeps it.
fn drawable(editor: &TextArea<'static>) -> TextArea<'static> {
    use crate::domain::text::visible_for_editing;
    let lines: Vec<String> = editor
        .lines()
        .iter()
        .map(|l| visible_for_editing(l))
        .collect();
    if lines.as_slice() == editor.lines() {
        return editor.clone();
    }
    let mut shown = TextArea::new(lines);
    let ratatui_textarea::DataCursor(row, col) = editor.cursor();
    let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    shown.move_cursor(ratatui_textarea::CursorMove::Jump(clamp(row), clamp(col)));
    shown.set_wrap_mode(editor.wrap_mode());
    shown.set_cursor_line_style(ratatui::style::Style::default());
    shown
}

/// Records each "[x] option" chip of a checkbox field where [`multi_lines`] puts it.
fn record_checkboxes(
    area: Rect,
    options: &[String],
    chosen: &[bool],
    shown: &[usize],
    cursor: usize,
    from_focused: isize,
) {
    // Distances count the options on show, as ←/→ step through them.
    let cursor = shown.iter().position(|i| *i == cursor).unwrap_or(0);
    let mut index = 0;
    for (line, chips) in multi_lines(options, chosen, shown, 0, false, area.width)
        .iter()
        .enumerate()
    {
        let mut x = area.x;
        for (chip, _) in chips {
            // Measured as multi_lines measures it, so the recorded chip is where it was laid.
            let width = chip.chars().count() as u16;
            // The two spaces after a chip are gap, not the chip.
            let shown = width.saturating_sub(2).min(area.right().saturating_sub(x));
            hits::record(
                Rect::new(x, area.y + line as u16, shown, 1),
                Hit::Checkbox {
                    from_focused,
                    from_cursor: hits::distance(cursor, index),
                },
            );
            x = x.saturating_add(width);
            index += 1;
        }
    }
}

/// Lays out "[x] option" chips of the options `shown` (indices into `options`) over as many
/// lines as the width needs.
fn multi_lines(
    options: &[String],
    chosen: &[bool],
    shown: &[usize],
    cursor: usize,
    focused: bool,
    width: u16,
) -> Vec<Vec<(String, bool)>> {
    let mut lines: Vec<Vec<(String, bool)>> = vec![Vec::new()];
    let mut used = 0usize;
    for &i in shown {
        let Some(option) = options.get(i) else {
            continue;
        };
        let tick = if chosen.get(i).copied().unwrap_or(false) {
            "[x] "
        } else {
            "[ ] "
        };
        // A chip wider than the row (a long directory name) ends in "…" rather than being
        // clipped mid-word by the edge.
        let room = (width as usize).saturating_sub(tick.len() + 2);
        let chip = format!(
            "{tick}{}  ",
            super::hint::ellipsize(&crate::ui::safe(option), room)
        );
        let len = chip.chars().count();
        if used > 0 && used + len > width as usize {
            lines.push(Vec::new());
            used = 0;
        }
        used += len;
        lines
            .last_mut()
            .expect("one line")
            .push((chip, focused && i == cursor));
    }
    lines
}

/// Characters a filter holds at most (more would match nothing anyone would type).
const FILTER_MAX: usize = 40;

/// True when `option` holds `filter`, case aside: what a picker's filter keeps on show.
pub fn matches(option: &str, filter: &str) -> bool {
    option.to_lowercase().contains(&filter.to_lowercase())
}

/// The indices of the options the filter keeps (all, for an empty filter).
fn visible(options: &[String], filter: &str) -> Vec<usize> {
    options
        .iter()
        .enumerate()
        .filter(|(_, o)| filter.is_empty() || matches(o, filter))
        .map(|(i, _)| i)
        .collect()
}

/// "3 of 21 match 'hou'".
pub fn match_count(shown: usize, of: usize, filter: &str) -> String {
    format!("{shown} of {of} match '{}'", crate::ui::safe(filter))
}

/// After the filter changed: the cursor stays on its option if it is still on show, else
/// goes to the first that is.
fn follow_filter(options: &[String], cursor: &mut usize, filter: &str) {
    let shown = visible(options, filter);
    if !shown.contains(cursor)
        && let Some(&first) = shown.first()
    {
        *cursor = first;
    }
}

/// A key in a filterable choice: letters narrow (a letter that would leave nothing to
/// choose is refused, so the choice always shows an option that matches), Backspace widens,
/// ←/→ and Space step through the options on show.
fn choice_filter_key(
    options: &[String],
    selected: &mut usize,
    filter: &mut String,
    key: KeyEvent,
) -> Result<bool, Refusal> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let shown = visible(options, filter);
    let at = shown.iter().position(|i| i == selected).unwrap_or(0);
    let n = shown.len().max(1);
    match key.code {
        KeyCode::Right | KeyCode::Char(' ') => {
            *selected = shown.get((at + 1) % n).copied().unwrap_or(*selected);
            Ok(true)
        }
        KeyCode::Left => {
            *selected = shown.get((at + n - 1) % n).copied().unwrap_or(*selected);
            Ok(true)
        }
        KeyCode::Char(c) if !ctrl && !c.is_control() => {
            let mut wider = filter.clone();
            wider.push(c);
            if filter.chars().count() >= FILTER_MAX || visible(options, &wider).is_empty() {
                return Err(Refusal::NoMatch(wider));
            }
            *filter = wider;
            follow_filter(options, selected, filter);
            Ok(true)
        }
        KeyCode::Backspace if !filter.is_empty() => {
            filter.pop();
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Rows `text` takes when word-wrapped to `width` (a word longer than a row is split).
fn wrapped_rows(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let mut rows = 1usize;
    let mut used = 0usize;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        let needed = if used == 0 { len } else { used + 1 + len };
        if needed <= width {
            used = needed;
        } else {
            if used > 0 {
                rows += 1;
            }
            used = len;
            while used > width {
                rows += 1;
                used -= width;
            }
        }
    }
    rows.min(usize::from(u16::MAX)) as u16
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Drafts: a form's content as typed, by label, and filling a form back from it.
impl FieldForm {
    /// Every field as it stands, by label; masked fields (PINs) are never part of a draft.
    pub fn draft_fields(&self) -> Vec<crate::domain::draft::DraftField> {
        use crate::domain::draft::{DraftField, DraftValue};
        self.fields
            .iter()
            .filter_map(|f| {
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
                })
            })
            .collect()
    }

    /// Fills the form from a draft's fields, matched by label (a field the form no longer has
    /// is skipped, an option no longer offered leaves the choice as it was), and counts the
    /// form as changed. Returns how many fields were filled.
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
                (FieldValue::Area { editor, max, len }, DraftValue::Text(text)) => {
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
        self.mark_changed();
        filled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept length of a multi-line field is what the limit counts, after any keys (the
    /// limit reached and refused, undo) and pastes.
    mod area_length {
        use super::*;
        use proptest::prelude::*;

        fn key_code() -> impl Strategy<Value = KeyEvent> {
            prop_oneof![
                5 => prop::sample::select(vec!['a', 'é', '👧', ' '])
                    .prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)),
                // A selection, which the next character replaces.
                1 => Just(KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT)),
                1 => Just(KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT)),
            ]
        }

        proptest! {
            #[test]
            fn the_kept_length_is_the_texts(
                keys in prop::collection::vec(key_code(), 0..60),
                paste_at in 0usize..60,
            ) {
                let mut form = FieldForm::new("T", vec![Field::area("Text", 30, "one\ntwo")]);
                for (i, key) in keys.into_iter().enumerate() {
                    if i == paste_at {
                        form.paste("pasted\nlines");
                    }
                    form.handle_key(key);
                    let Some(FieldValue::Area { editor, len, max }) = form.value(0) else {
                        panic!("an area")
                    };
                    prop_assert_eq!(*len, area_len(editor));
                    prop_assert!(*len <= *max);
                }
                form.append_line(0, "added");
                let Some(FieldValue::Area { editor, len, .. }) = form.value(0) else {
                    panic!("an area")
                };
                prop_assert_eq!(*len, area_len(editor));
            }
        }
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn form() -> FieldForm {
        FieldForm::new(
            "Test",
            vec![
                Field::text("Name", 10, ""),
                Field::choice(
                    "Mode",
                    vec!["Walk-in".into(), "Phone".into(), "Video".into()],
                    0,
                ),
                Field::multi("Tags", vec!["a".into(), "b".into(), "c".into()], vec![]),
                Field::area("Notes", 100, ""),
            ],
        )
    }

    #[test]
    fn a_multi_line_field_steps_and_deletes_whole_grapheme_clusters() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let mut f = form();
        f.focus = 3;
        f.paste(&format!("Kit\n{family}e\u{301}x"));
        f.handle_key(key(KeyCode::Left));
        f.handle_key(key(KeyCode::Backspace));
        assert_eq!(f.text(3), format!("Kit\n{family}x"), "é went whole");
        f.handle_key(key(KeyCode::Left));
        f.handle_key(key(KeyCode::Delete));
        assert_eq!(f.text(3), "Kit\nx", "the family went whole");
        f.handle_key(key(KeyCode::Backspace));
        assert_eq!(
            f.text(3),
            "Kitx",
            "at a line's start Backspace joins the lines"
        );
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char('!')));
        assert_eq!(f.text(3), "Kitx!");

        // Down from column 2 lands inside the family: the cursor goes to its start.
        let mut f = form();
        f.focus = 3;
        f.paste(&format!("ab\n{family}x"));
        f.handle_key(key(KeyCode::Up));
        f.handle_key(key(KeyCode::End));
        f.handle_key(key(KeyCode::Down));
        f.handle_key(key(KeyCode::Char('!')));
        assert_eq!(f.text(3), format!("ab\n!{family}x"));
    }

    #[test]
    fn ctrl_z_undoes_in_a_multi_line_field_as_the_hints_say() {
        let mut f = form();
        f.focus = 3;
        for c in "kept".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        f.handle_key(key(KeyCode::Enter));
        for c in "gone".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(f.text(3), "kept\ngone");
        let mut undone = 0;
        while f.text(3) != "kept" && undone < 10 {
            f.handle_key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
            undone += 1;
        }
        assert_eq!(f.text(3), "kept", "undone step by step with Ctrl-z");
        assert!(undone > 0);
    }

    #[test]
    fn fields_edit_and_move() {
        let mut f = form();
        f.handle_key(key(KeyCode::Char('J')));
        f.handle_key(key(KeyCode::Enter));
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.text(1), "Phone");
        f.handle_key(key(KeyCode::Char('v')));
        assert_eq!(
            f.selected(1),
            2,
            "a letter jumps to the option starting with it"
        );
        f.handle_key(key(KeyCode::Tab));
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(f.chosen(2), [1]);
        f.handle_key(key(KeyCode::Tab));
        for c in "one".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        f.handle_key(key(KeyCode::Enter));
        f.handle_key(key(KeyCode::Char('2')));
        assert_eq!(
            f.text(3),
            "one\n2",
            "Enter starts a new line in a multi-line field"
        );
        assert_eq!(f.text(0), "J");
        assert_eq!(
            f.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            FieldsEvent::Submit
        );
    }

    #[test]
    fn escape_asks_before_discarding_changes() {
        let mut f = form();
        assert_eq!(
            f.handle_key(key(KeyCode::Esc)),
            FieldsEvent::Cancel,
            "nothing to lose"
        );
        let mut f = form();
        f.handle_key(key(KeyCode::Char('x')));
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Ignored);
        assert!(f.message.is_some());
        f.handle_key(key(KeyCode::Char('y')));
        assert_eq!(f.text(0), "xy", "any other key keeps editing");
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Ignored);
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Cancel);
    }

    #[test]
    fn a_multi_line_field_opens_with_the_cursor_after_its_text() {
        let mut f = FieldForm::new("T", vec![Field::area("Notes", 100, "first line\nsecond")]);
        f.handle_key(key(KeyCode::Char('!')));
        assert_eq!(f.text(0), "first line\nsecond!");
    }

    #[test]
    fn appending_a_line_to_an_area_marks_the_form_changed() {
        let mut f = form();
        f.append_line(3, "first");
        f.append_line(3, "second");
        assert_eq!(f.text(3), "first\nsecond");
        assert!(f.has_changes());
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Ignored);
    }

    #[test]
    fn long_messages_wrap_by_words() {
        assert_eq!(wrapped_rows("short", 20), 1);
        assert_eq!(wrapped_rows("one two three four", 9), 3);
        assert_eq!(wrapped_rows("abcdefghijkl", 5), 3);
        assert_eq!(wrapped_rows("", 5), 1);
    }

    fn message(f: &FieldForm) -> &str {
        f.message.as_ref().map_or("", Message::text)
    }

    #[test]
    fn a_paste_into_a_one_line_field_turns_line_breaks_into_spaces() {
        let mut f = form();
        assert_eq!(f.paste("Sam\r\nLee\n"), FieldsEvent::Edited);
        assert_eq!(f.text(0), "Sam Lee");
        assert_eq!(f.focus, 0, "a pasted line break does not move on");
        assert!(f.has_changes());
    }

    #[test]
    fn a_paste_into_an_area_keeps_its_line_breaks_at_the_cursor() {
        let mut f = FieldForm::new("T", vec![Field::area("Notes", 100, "top\nend")]);
        f.handle_key(key(KeyCode::Up));
        f.handle_key(key(KeyCode::End));
        assert_eq!(f.paste("\r\none\rtwo\tthree"), FieldsEvent::Edited);
        assert_eq!(f.text(0), "top\none\ntwo three\nend");
        f.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(f.text(0), "top\nend", "one paste, one undo");
    }

    #[test]
    fn a_paste_past_the_limit_is_refused_whole_with_a_message() {
        let mut f = FieldForm::new(
            "T",
            vec![
                Field::text("Presenting need", 500, "kept"),
                Field::area("Action taken", 500, "kept"),
            ],
        );
        assert_eq!(f.paste(&"x".repeat(10_000)), FieldsEvent::Ignored);
        assert_eq!(f.text(0), "kept");
        assert_eq!(
            message(&f),
            "That paste is 9,504 characters too long for Presenting need (at most 500); nothing \
             was added"
        );
        f.focus = 1;
        f.paste(&"line\n".repeat(2_000));
        assert_eq!(f.text(1), "kept");
        assert!(
            message(&f).starts_with("That paste is 9,504 characters too long for Action taken")
        );
        assert!(!f.has_changes(), "nothing was changed");
    }

    #[test]
    fn a_full_field_refuses_more_typing_with_a_message() {
        let mut f = FieldForm::new(
            "T",
            vec![
                Field::text("Presenting need", 500, &"n".repeat(500)),
                Field::area("Notes", 20, &"a".repeat(20)),
            ],
        );
        f.handle_key(key(KeyCode::Char('x')));
        assert_eq!(f.text(0).len(), 500);
        assert_eq!(
            message(&f),
            "Presenting need is full: at most 500 characters"
        );
        f.focus = 1;
        f.handle_key(key(KeyCode::Enter));
        assert_eq!(f.text(1).len(), 20, "a line break counts too");
        assert_eq!(message(&f), "Notes is full: at most 20 characters");
        f.handle_key(key(KeyCode::Backspace));
        assert_eq!(message(&f), "", "editing clears it");
    }

    #[test]
    fn the_counter_appears_near_the_limit_and_is_drawn() {
        let mut f = FieldForm::new(
            "T",
            vec![
                Field::text("Need", 500, &"n".repeat(449)),
                Field::area("Notes", 100, &"a".repeat(95)),
            ],
        );
        assert_eq!(f.counter(0), None);
        f.handle_key(key(KeyCode::Char('n')));
        assert_eq!(f.counter(0).as_deref(), Some("450 / 500"));
        assert_eq!(f.counter(1).as_deref(), Some("95 / 100"));
        let backend = ratatui::backend::TestBackend::new(80, 12);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|frame| f.render(frame, frame.area(), &Theme::plain(), "footer"))
            .unwrap();
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(screen.contains("450 / 500") && screen.contains("95 / 100"));
    }

    #[test]
    fn a_saved_text_longer_than_the_limit_is_shown_whole() {
        let f = FieldForm::new(
            "T",
            vec![
                Field::text("Need", 500, &"n".repeat(600)),
                Field::area("Notes", 100, &"a".repeat(150)),
            ],
        );
        assert_eq!(f.text(0).len(), 600);
        assert_eq!(f.text(1).len(), 150);
        assert_eq!(f.counter(1).as_deref(), Some("150 / 100"));
    }

    #[test]
    fn a_number_keeps_every_digit_typed() {
        let mut f = FieldForm::new("T", vec![Field::number("Distress on arrival", "")]);
        for c in "100".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(
            f.text(0),
            "100",
            "the reader refuses it by range, not the field by cutting"
        );
    }

    #[test]
    fn a_paste_into_a_choice_acts_as_typed_letters() {
        let mut f = form();
        f.focus = 1;
        assert_eq!(f.paste("v"), FieldsEvent::Edited);
        assert_eq!(f.text(1), "Video");
        f.focus = 2;
        f.paste(" ");
        assert_eq!(f.chosen(2), [0]);
    }

    fn type_into(f: &mut FieldForm, text: &str) {
        for c in text.chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
    }

    fn drawn(f: &FieldForm, w: u16, h: u16) -> String {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
        t.draw(|fr| f.render(fr, fr.area(), &Theme::plain(), "Esc"))
            .unwrap();
        let buf = t.backend().buffer();
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
            .collect()
    }

    fn services() -> FieldForm {
        let names = [
            "Housing advice",
            "Shelter",
            "Samaritans",
            "Food bank",
            "The House",
        ];
        FieldForm::new(
            "T",
            vec![
                Field::multi(
                    "Signposted to",
                    names.iter().map(|n| n.to_string()).collect(),
                    vec![false, false, true],
                ),
                Field::text("Note", 20, ""),
            ],
        )
    }

    #[test]
    fn typing_in_a_checkbox_field_narrows_it_and_keeps_hidden_ticks() {
        let mut f = services();
        type_into(&mut f, "HOU");
        assert_eq!(f.filter(0), Some("HOU"));
        let screen = drawn(&f, 80, 8);
        assert!(
            screen.contains("2 of 5 match 'HOU' · 1 more ticked"),
            "{screen}"
        );
        assert!(screen.contains("[ ] Housing advice"), "{screen}");
        assert!(screen.contains("[ ] The House"), "{screen}");
        assert!(!screen.contains("Shelter"), "{screen}");
        // Space ticks the option under the cursor (the first on show), → the next on show.
        f.handle_key(key(KeyCode::Char(' ')));
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(f.chosen(0), [0, 2, 4], "Samaritans, hidden, stays ticked");
        // → stops at the last on show rather than landing on a hidden one.
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(f.chosen(0), [0, 2]);
        // Backspace widens; nothing matching ticks nothing.
        f.handle_key(key(KeyCode::Backspace));
        assert_eq!(f.filter(0), Some("HO"));
        type_into(&mut f, "zz");
        assert!(drawn(&f, 80, 8).contains("0 of 5 match 'HOzz'"));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(f.chosen(0), [0, 2]);
        // Esc empties the filter first and the form stays; then it asks as before.
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Moved);
        assert_eq!(f.filter(0), None);
        assert!(drawn(&f, 80, 8).contains("Shelter"));
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Ignored);
        assert!(f.message.is_some(), "asks before discarding the ticks");
    }

    #[test]
    fn leaving_a_filtered_field_forgets_the_filter_and_a_click_counts_options_on_show() {
        let mut f = services();
        type_into(&mut f, "sh");
        hits::begin();
        let _ = drawn(&f, 80, 8);
        let map = hits::finish();
        // "Shelter" is the only match but the first option is not: a click on it is no step.
        let screen = drawn(&f, 80, 8);
        let (y, line) = screen
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains("[ ] Shelter"))
            .unwrap();
        let x = line.chars().position(|c| c == '[').unwrap() as u16;
        assert_eq!(
            map.at(x, y as u16),
            Some(Hit::Checkbox {
                from_focused: 0,
                from_cursor: 0
            })
        );
        f.handle_key(key(KeyCode::Tab));
        assert_eq!(f.filter(0), None);
        f.handle_key(key(KeyCode::BackTab));
        assert!(drawn(&f, 80, 8).contains("Food bank"));
    }

    #[test]
    fn a_name_pasted_into_a_picker_narrows_it_and_one_matching_nothing_is_refused() {
        let mut f = services();
        assert_eq!(f.paste("  food bank\n"), FieldsEvent::Moved);
        assert_eq!(f.filter(0), Some("food bank"));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(f.chosen(0), [2, 3], "Food bank ticked, Samaritans kept");
        assert_eq!(f.paste("xyz"), FieldsEvent::Ignored);
        assert_eq!(f.filter(0), Some("food bank"));
        assert!(
            f.message
                .as_ref()
                .unwrap()
                .text()
                .contains("'food bankxyz'")
        );
        // An ordinary choice still refuses a long paste.
        let mut g = form();
        g.focus = 1;
        assert_eq!(g.paste("Video call"), FieldsEvent::Ignored);
        assert_eq!(g.text(1), "Walk-in");
    }

    #[test]
    fn a_filterable_choice_narrows_to_what_is_typed_and_refuses_what_matches_nothing() {
        let names = ["Ali", "Bea", "Alex", "Sam", "Sally"];
        let mut f = FieldForm::new(
            "T",
            vec![
                Field::choice(
                    "Peer worker",
                    names.iter().map(|n| n.to_string()).collect(),
                    1,
                )
                .filterable(),
            ],
        );
        type_into(&mut f, "al");
        assert_eq!(f.text(0), "Ali", "the first holding 'al'");
        assert!(drawn(&f, 80, 8).contains("◂ Ali ▸  3 of 5 match 'al'"));
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.text(0), "Alex");
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.text(0), "Sally");
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.text(0), "Ali", "round the options on show");
        f.handle_key(key(KeyCode::Left));
        assert_eq!(f.text(0), "Sally");
        type_into(&mut f, "q");
        assert_eq!(
            f.filter(0),
            Some("al"),
            "a letter matching nothing is refused"
        );
        assert_eq!(f.text(0), "Sally");
        assert!(f.message.as_ref().unwrap().text().contains("'alq'"));
        f.handle_key(key(KeyCode::Esc));
        assert_eq!(f.filter(0), None);
        assert_eq!(f.text(0), "Sally", "the choice stays");
        // An ordinary choice still jumps by first letter.
        let mut g = form();
        g.focus = 1;
        type_into(&mut g, "v");
        assert_eq!(g.text(1), "Video");
        assert_eq!(g.filter(1), None);
    }

    #[test]
    fn a_bidi_override_in_an_area_is_kept_but_drawn_visibly() {
        let mut f = FieldForm::new("T", vec![Field::area("Notes", 100, "")]);
        f.paste("abc\u{202E}def");
        assert_eq!(f.text(0), "abc\u{202E}def");
        let backend = ratatui::backend::TestBackend::new(60, 10);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|frame| f.render(frame, frame.area(), &Theme::plain(), ""))
            .unwrap();
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(
            !screen.contains('\u{202E}') && screen.contains("abc\u{FFFD}def"),
            "{screen}"
        );
    }

    #[test]
    fn a_long_paste_into_an_area_costs_one_pass() {
        let mut f = FieldForm::new("T", vec![Field::area("Notes", 200_000, "")]);
        let text = "word and more words\n".repeat(5_000);
        let started = std::time::Instant::now();
        f.paste(&text);
        f.handle_key(key(KeyCode::Char('x')));
        assert!(started.elapsed() < std::time::Duration::from_millis(200));
        assert_eq!(f.text(0).chars().count(), 100_001);
    }

    #[test]
    fn control_characters_do_not_enter_the_editor() {
        let mut f = form();
        f.focus = 3;
        f.handle_key(key(KeyCode::Char('\u{1b}')));
        assert_eq!(f.text(3), "");
    }
}

#[cfg(test)]
mod draft_tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn form() -> FieldForm {
        FieldForm::new(
            "Test",
            vec![
                Field::text("Name", 10, ""),
                Field::choice("Mode", vec!["Walk-in".into(), "Phone".into()], 0),
                Field::multi("Tags", vec!["a".into(), "b".into(), "c".into()], vec![]),
                Field::area("Notes", 1_000, ""),
                Field::pin("PIN"),
            ],
        )
    }

    #[test]
    fn a_draft_holds_every_field_but_secrets_and_fills_a_fresh_form() {
        let mut f = form();
        for c in "Jo".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        f.handle_key(key(KeyCode::Tab));
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Tab));
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char(' ')));
        f.handle_key(key(KeyCode::Tab));
        for c in "one".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        f.handle_key(key(KeyCode::Enter));
        f.handle_key(key(KeyCode::Char('2')));
        f.handle_key(key(KeyCode::Tab));
        for c in "123456".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        let draft = f.draft_fields();
        assert_eq!(draft.len(), 4, "the PIN is not kept: {draft:?}");
        let mut g = form();
        assert!(!g.has_changes());
        assert_eq!(g.restore(&draft), 4);
        assert!(g.has_changes(), "a filled form counts as changed");
        assert_eq!(g.text(0), "Jo");
        assert_eq!(g.text(1), "Phone");
        assert_eq!(g.chosen(2), [1]);
        assert_eq!(g.text(3), "one\n2");
        assert_eq!(g.text(4), "");
        assert_eq!(g.draft_fields(), draft);
    }
}
