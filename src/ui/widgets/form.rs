//! A small form: labelled single-line fields, Tab/Shift-Tab between them, Enter to move on or
//! submit from the last field, Ctrl-s to submit, Esc to cancel.

use super::hits::{self, Hit};
use super::input::TextInput;
use super::limit;
use super::message::Message;
use crate::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub struct Field {
    pub label: &'static str,
    pub input: TextInput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    Submit,
    Cancel,
    Edited,
    Moved,
    Ignored,
}

pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    pub message: Option<Message>,
}

impl Form {
    pub fn new(fields: Vec<(&'static str, TextInput)>) -> Self {
        Form {
            fields: fields
                .into_iter()
                .map(|(label, input)| Field { label, input })
                .collect(),
            focus: 0,
            message: None,
        }
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.input.value())
    }

    /// Empties field `i` (a PIN after a wrong try).
    pub fn clear(&mut self, i: usize) {
        if let Some(field) = self.fields.get_mut(i) {
            field.input.clear();
        }
    }

    pub fn focus_field(&mut self, i: usize) {
        self.focus = i.min(self.fields.len().saturating_sub(1));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message::Error(text.into()));
    }

    /// Refuses a new secret typed twice (fields `first` and `first + 1`): a mismatch clears
    /// only the repeat; any other problem clears both, so it is retyped from scratch.
    pub fn refuse_secret_pair(&mut self, first: usize, message: String, mismatch: bool) {
        self.error(message);
        self.clear(first + 1);
        if mismatch {
            self.focus_field(first + 1);
        } else {
            self.clear(first);
            self.focus_field(first);
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormEvent {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1) % self.fields.len();
                FormEvent::Moved
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
                FormEvent::Moved
            }
            KeyCode::Enter if self.focus + 1 < self.fields.len() => {
                self.focus += 1;
                FormEvent::Moved
            }
            KeyCode::Enter => FormEvent::Submit,
            KeyCode::Char('s') if ctrl => FormEvent::Submit,
            KeyCode::Esc => FormEvent::Cancel,
            _ => {
                let Some(field) = self.fields.get_mut(self.focus) else {
                    return FormEvent::Ignored;
                };
                match field.input.try_key(key) {
                    Ok(true) => {
                        self.message = None;
                        FormEvent::Edited
                    }
                    Ok(false) => FormEvent::Ignored,
                    Err(refusal) => {
                        self.message = Some(Message::Error(refusal.message(field.label)));
                        FormEvent::Ignored
                    }
                }
            }
        }
    }

    /// Pasted text into the focused field, whole or (with a message saying why) not at all.
    /// Line breaks in it never move on or submit.
    pub fn paste(&mut self, text: &str) -> FormEvent {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormEvent::Ignored;
        };
        match field.input.paste(text) {
            Ok(dropped) => {
                self.message = limit::dropped_note(dropped).map(Message::Info);
                FormEvent::Edited
            }
            Err(refusal) => {
                self.message = Some(Message::Error(refusal.message(field.label)));
                FormEvent::Ignored
            }
        }
    }

    /// Draws the form in a bordered box: intro lines, the fields, the message, footer lines.
    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        title: &str,
        intro: Vec<Line<'static>>,
        footer: Vec<Line<'static>>,
    ) {
        let inner_width = area.width.saturating_sub(4) as usize;
        let intro_len = intro.len() as u16;
        let mut lines = intro;
        if intro_len > 0 {
            lines.push(Line::raw(""));
        }
        for (i, f) in self.fields.iter().enumerate() {
            lines.push(f.input.line(f.label, i == self.focus, theme, inner_width));
        }
        lines.push(Line::raw(""));
        if let Some(m) = &self.message {
            lines.push(m.line(theme));
        }
        lines.extend(footer);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Line::styled(format!(" {title} "), theme.title()));
        frame.render_widget(Clear, area);
        hits::record(area, Hit::Cover);
        let first_field_row = area.y + 1 + intro_len + u16::from(intro_len > 0);
        for i in 0..self.fields.len() {
            hits::record(
                Rect::new(
                    area.x + 1,
                    first_field_row + i as u16,
                    area.width.saturating_sub(2),
                    1,
                )
                .intersection(area),
                Hit::Field {
                    from_focused: hits::distance(self.focus, i),
                },
            );
        }
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            area,
        );
        // Put the terminal cursor in the focused field.
        let Some(f) = self.fields.get(self.focus) else {
            return;
        };
        let label_width = 2 + f.label.len() as u16 + 2;
        let field_width = inner_width.saturating_sub(f.label.len() + 4 + f.input.counter_width());
        let col = f.input.cursor_column(field_width) as u16;
        let row = intro_len + if intro_len > 0 { 1 } else { 0 } + self.focus as u16;
        let x = area.x + 1 + label_width + col;
        let y = area.y + 1 + row;
        if x < area.right() && y < area.bottom() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn a_pasted_line_break_neither_moves_on_nor_submits() {
        let mut f = Form::new(vec![("Passphrase", TextInput::masked(64))]);
        assert_eq!(f.paste("two words\nand more\n"), FormEvent::Edited);
        assert_eq!(f.value(0), "two words and more");
        assert_eq!(f.focus, 0);
    }

    #[test]
    fn refusals_are_shown_with_the_field_label() {
        let mut f = Form::new(vec![("Name", TextInput::new(3)), ("PIN", TextInput::pin())]);
        f.paste("ab");
        assert_eq!(f.paste("xy"), FormEvent::Ignored);
        assert_eq!(
            f.message.as_ref().map(Message::text),
            Some("That paste is 1 character too long for Name (at most 3); nothing was added")
        );
        f.paste("c");
        f.handle_key(key(KeyCode::Char('d')));
        assert_eq!(
            f.message.as_ref().map(Message::text),
            Some("Name is full: at most 3 characters")
        );
        assert_eq!(f.value(0), "abc");
        f.focus_field(1);
        f.paste("12 34 56");
        assert!(
            f.message
                .as_ref()
                .unwrap()
                .text()
                .starts_with("PIN takes digits only")
        );
        assert!(f.value(1).is_empty());
    }
}
