//! The take-away copy: a warning that it leaves the encrypted store, the file's path (shown
//! and editable), the copy shown on screen instead, or sent to the printer. The app writes the
//! file or prints, and audits.

use super::view_bindings::{self, SHOWN, TAKE_AWAY, TakeAwayKey, TextKey};
use crate::ui::PRINTING_NOT_AVAILABLE as NOT_AVAILABLE;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hint;
use crate::ui::widgets::input::TextInput;
use crate::ui::widgets::message::Message;
use crate::ui::widgets::scroll::Scroll;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use std::path::{Path, PathBuf};

const PATH_MAX: usize = 1024;

pub struct ExportForm {
    pub path: TextInput,
    pub message: Option<Message>,
    /// The computer has a print command.
    can_print: bool,
}

pub enum ExportEvent {
    Write(PathBuf),
    Show,
    Print,
    Cancel,
    None,
}

/// "crisis-plan-12-v3.txt" in `dir`: the plan's number, never the visitor's name, so a file
/// listing says nothing about who it is for.
pub fn default_path(dir: &Path, plan_id: i64, version: u32) -> PathBuf {
    dir.join(format!("crisis-plan-{plan_id}-v{version}.txt"))
}

impl ExportForm {
    pub fn new(path: &Path, can_print: bool) -> Self {
        let mut input = TextInput::new(PATH_MAX);
        input.set(&path.to_string_lossy());
        ExportForm {
            path: input,
            message: None,
            can_print,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> ExportEvent {
        match TAKE_AWAY.resolve(key) {
            Some(TakeAwayKey::Cancel) => ExportEvent::Cancel,
            Some(TakeAwayKey::Show) => ExportEvent::Show,
            Some(TakeAwayKey::Print) if self.can_print => ExportEvent::Print,
            Some(TakeAwayKey::Print) => {
                self.message = Some(Message::Error(NOT_AVAILABLE.into()));
                ExportEvent::None
            }
            Some(TakeAwayKey::Write) => self.write(),
            None => {
                match self.path.try_key(key) {
                    Ok(true) => self.message = None,
                    Ok(false) => {}
                    Err(refusal) => self.refuse(refusal),
                }
                ExportEvent::None
            }
        }
    }

    /// A pasted path, whole or refused with a message.
    pub fn paste(&mut self, text: &str) {
        match self.path.paste(text) {
            Ok(_) => self.message = None,
            Err(refusal) => self.refuse(refusal),
        }
    }

    fn refuse(&mut self, refusal: crate::ui::widgets::limit::Refusal) {
        self.message = Some(Message::Error(refusal.message("The file name")));
    }

    fn write(&mut self) -> ExportEvent {
        let path = self.path.value().trim();
        if path.is_empty() {
            self.message = Some(Message::Error("Type where to write the file.".into()));
            return ExportEvent::None;
        }
        ExportEvent::Write(PathBuf::from(path))
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let area = crate::ui::centered(area, 84, 16);
        frame.render_widget(Clear, area);
        let block = block::titled(" Plans — take-away copy: WARNING, not encrypted ", theme)
            .title_bottom(Line::styled(
                hint::in_border(&view_bindings::take_away_hint(self.can_print), area.width),
                theme.dim(),
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let lines = vec![
            Line::styled(
                "This copy leaves the encrypted store. The file or paper is NOT encrypted:",
                theme.warning(),
            ),
            Line::styled(
                "anyone who gets hold of it can read the whole plan.",
                theme.warning(),
            ),
            Line::raw(""),
            Line::raw("Give it to the visitor (on paper, or copied to their own device), then"),
            Line::raw(
                "delete any file from this computer. Each copy is recorded in the audit log.",
            ),
            Line::raw("Only the visitor's plan is written: nothing else from the database."),
            if self.can_print {
                Line::raw("Ctrl-t prints it (collect it from the printer at once).")
            } else {
                Line::styled(NOT_AVAILABLE, theme.dim())
            },
            Line::raw(""),
        ];
        let text_rows = lines.len() as u16;
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        if inner.height <= text_rows + 2 {
            return;
        }
        let row = Rect::new(inner.x, inner.y + text_rows, inner.width, 1);
        let label = "File: ";
        let width = usize::from(inner.width).saturating_sub(label.len() + 1);
        let (shown, col) = self.path.display(width);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(label, theme.focused_field()),
                Span::raw(shown),
            ])),
            row,
        );
        frame.set_cursor_position(Position::new(
            row.x + label.len() as u16 + col as u16,
            row.y,
        ));
        if let Some(m) = &self.message {
            let message_row = Rect::new(inner.x, row.y + 2, inner.width, 2);
            frame.render_widget(
                Paragraph::new(m.line(theme)).wrap(Wrap { trim: true }),
                message_row,
            );
        }
    }
}

/// The take-away copy shown on screen, for copying.
pub struct Printed {
    pub text: String,
    pub scroll: Scroll,
}

impl Printed {
    /// True when it should close.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        match SHOWN.resolve(key) {
            Some(TextKey::Close) => return true,
            Some(TextKey::Scroll) => self.scroll.by_key(key.code),
            None => {}
        }
        false
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let lines: Vec<Line<'_>> = self.text.lines().map(|l| Line::raw(safe(l))).collect();
        let block = block::titled(
            " Plans — take-away copy, on screen only (not saved to a file) ",
            theme,
        )
        .title_bottom(Line::styled(
            hint::in_border(&view_bindings::shown_hint(), area.width),
            theme.dim(),
        ));
        self.scroll.render(frame, area, lines, block);
    }
}
