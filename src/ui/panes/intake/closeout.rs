//! The close-out step: once the shift has ended, every visit still open is listed, and one
//! key each closes it (left, referred on) or carries it to the next shift with a reason.

use super::list_bindings::{self, CARRY_REASON, CLOSE_OUT, CloseOutKey as Key, ReasonKey};
use crate::domain::closeout::{CARRY_REASON_MAX, CloseOut};
use crate::domain::visit::BoardRow;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::input::TextInput;
use crate::ui::widgets::list::Cursor;
use crate::ui::widgets::message::Message;
use chrono_tz::Tz;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

#[derive(Default)]
pub struct CloseOutList {
    /// The selected visit among those still open (kept within them as they are settled).
    selected: Cursor,
    /// Asking why the selected visit is carried forward.
    pub reason: Option<TextInput>,
    pub message: Option<Message>,
}

/// What a key in the close-out list asks for.
pub enum CloseOutKey {
    Act { visit_id: i64, choice: CloseOut },
    Back,
    Nothing,
}

impl CloseOutList {
    /// `open` is the visits still to settle, in board order.
    pub fn key(&mut self, key: KeyEvent, open: &[&BoardRow]) -> CloseOutKey {
        self.selected.clamp(open.len());
        let Some(row) = open.get(self.selected.selected()) else {
            return CloseOutKey::Back;
        };
        if let Some(reason) = &mut self.reason {
            match CARRY_REASON.resolve(key) {
                Some(ReasonKey::Cancel) => self.reason = None,
                Some(ReasonKey::Carry) => match CloseOut::carried(reason.value()) {
                    Ok(choice) => {
                        self.reason = None;
                        return act(row, choice);
                    }
                    Err(e) => self.message = Some(Message::Error(e)),
                },
                None => {
                    reason.handle_key(key);
                    self.message = None;
                }
            }
            return CloseOutKey::Nothing;
        }
        self.message = None;
        match CLOSE_OUT.resolve(key) {
            Some(Key::Back) => return CloseOutKey::Back,
            Some(Key::Move) => {
                self.selected.key(key, open.len());
            }
            Some(Key::Left) => return act(row, CloseOut::Left),
            Some(Key::ReferredOn) => return act(row, CloseOut::ReferredOn),
            Some(Key::Carry) => self.reason = Some(TextInput::new(CARRY_REASON_MAX)),
            None => {}
        }
        CloseOutKey::Nothing
    }

    /// A paste goes into the reason, whole or refused whole.
    pub fn paste(&mut self, text: &str) {
        if let Some(reason) = &mut self.reason
            && let Err(e) = reason.paste(text)
        {
            self.message = Some(Message::Error(e.message("The reason")));
        }
    }

    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        tz: Tz,
        heading: &str,
        open: &[&BoardRow],
    ) {
        let block = block::titled(format!(" {heading} "), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [list, ask, keys] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(3),
            Constraint::Length(1),
        ])
        .areas(inner);
        let selected = self.selected.selected().min(open.len().saturating_sub(1));
        // One left open by an earlier shift says its day, as the board does; tonight's line up.
        let any_earlier = open.iter().any(|r| r.carried_from.is_some());
        let lines: Vec<Line<'_>> = open
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let arrived = r.arrived_at.with_timezone(&tz);
                let arrived = match (r.carried_from, any_earlier) {
                    (Some(_), _) => arrived.format("%d/%m %H:%M").to_string(),
                    (None, true) => format!("      {}", arrived.format("%H:%M")),
                    (None, false) => arrived.format("%H:%M").to_string(),
                };
                let marker = if i == selected { "▸ " } else { "  " };
                let code = r
                    .triage
                    .as_ref()
                    .map_or("to triage".to_string(), |t| crate::ui::safe(&t.code));
                let text = format!(
                    "{marker}{arrived}  {}  {code}  {}",
                    crate::ui::safe(&r.label()),
                    r.status.short_label()
                );
                if i == selected {
                    Line::styled(text, theme.focused_field())
                } else {
                    Line::raw(text)
                }
            })
            .collect();
        // The rows scroll so the selection stays in view, and each takes a click.
        let height = usize::from(list.height.max(1));
        let first = selected.saturating_sub(height - 1);
        for line in 0..lines.len().saturating_sub(first).min(height) {
            crate::ui::widgets::hits::record(
                Rect::new(list.x, list.y + line as u16, list.width, 1),
                crate::ui::widgets::hits::Hit::Row {
                    from_selected: crate::ui::widgets::hits::distance(selected, first + line),
                },
            );
        }
        let lines: Vec<Line<'_>> = lines.into_iter().skip(first).collect();
        frame.render_widget(Paragraph::new(lines), list);
        let mut asking = Vec::new();
        if let (Some(reason), Some(row)) = (&self.reason, open.get(selected)) {
            let label = format!("Why is {} carried forward?", crate::ui::safe(&row.label()));
            asking.push(Line::styled(label, theme.title()));
            let (text, _) = reason.display(usize::from(ask.width).saturating_sub(2));
            asking.push(Line::raw(format!("▸ {text}")));
        }
        if let Some(m) = &self.message {
            asking.push(m.line(theme));
        }
        frame.render_widget(Paragraph::new(asking).wrap(Wrap { trim: true }), ask);
        let hint = list_bindings::close_out_hint(self.reason.is_some());
        frame.render_widget(Paragraph::new(Line::styled(hint, theme.dim())), keys);
    }
}

fn act(row: &BoardRow, choice: CloseOut) -> CloseOutKey {
    CloseOutKey::Act {
        visit_id: row.visit_id,
        choice,
    }
}
