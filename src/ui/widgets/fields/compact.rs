//! The compact look of the short forms before sign-in (unlock, create, sign in): intro lines,
//! each field on one line after its label, the message, then footer lines, in a box sized by
//! its caller.

use super::{FieldForm, FieldValue};
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hits::{self, Hit};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

impl FieldForm {
    /// Draws the form compactly in a bordered box titled with the form's title: `intro`
    /// lines, the fields (text fields; the cursor in the focused one), the message, `footer`.
    pub fn render_compact(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
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
            if let FieldValue::Text(input) = &f.value {
                lines.push(input.line(&f.label, i == self.focus, theme, inner_width));
            }
        }
        lines.push(Line::raw(""));
        if let Some(m) = &self.message {
            lines.push(m.line(theme));
        }
        lines.extend(footer);
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
                .block(block::titled(format!(" {} ", self.title), theme))
                .wrap(Wrap { trim: false }),
            area,
        );
        // Put the terminal cursor in the focused field.
        let Some(f) = self.fields.get(self.focus) else {
            return;
        };
        let FieldValue::Text(input) = &f.value else {
            return;
        };
        let label_width = 2 + f.label.len() as u16 + 2;
        let field_width = inner_width.saturating_sub(f.label.len() + 4 + input.counter_width());
        let col = input.cursor_column(field_width) as u16;
        let x = area.x + 1 + label_width + col;
        let y = first_field_row + self.focus as u16;
        if x < area.right() && y < area.bottom() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}
