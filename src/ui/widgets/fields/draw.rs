//! Drawing a form: the fields in a bordered box, scrolled to the focused one, the message and
//! the footer.

use super::area::drawable;
use super::bindings::{self, Say};
use super::picker::{match_count, multi_lines, record_checkboxes, visible};
use super::{Field, FieldForm, FieldValue, Pos};
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hint;
use crate::ui::widgets::hits::{self, Hit};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub(super) const LABEL_WIDTH: u16 = 26;
/// A long message (several reasons, several bad lines) wraps over at most this many rows.
pub(super) const MESSAGE_ROWS_MAX: u16 = 3;

impl FieldForm {
    /// Draws the form over `area`, its footer hint made from `footer` (the form keys named
    /// as their table names them).
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, footer: &[Say]) {
        frame.render_widget(Clear, area);
        hits::record(area, Hit::Cover);
        let block = block::titled(format!(" {} ", crate::ui::safe(&self.title)), theme);
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
                let row = Rect::new(body.x, body.y + y as u16, body.width, height);
                self.render_field(frame, row, theme, i, field);
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
        self.render_foot(frame, inner, theme, message_rows, &bindings::footer(footer));
    }

    /// Field `i` in `row` (its whole height): the label, an area's counter under it, the value;
    /// and where a click lands.
    fn render_field(
        &self,
        frame: &mut Frame<'_>,
        row: Rect,
        theme: &Theme,
        i: usize,
        field: &Field,
    ) {
        let focused = i == self.focus;
        let top = row.y;
        let h = row.height;
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
        frame.render_widget(Paragraph::new(label), Rect::new(row.x, top, LABEL_WIDTH, 1));
        // An area's counter sits under its label, where the column is free.
        if h > 1
            && matches!(field.value, FieldValue::Area { .. })
            && let Some(c) = self.counter(Pos(i))
        {
            let line = Line::styled(format!("  {c}"), theme.dim());
            frame.render_widget(
                Paragraph::new(line),
                Rect::new(row.x, top + 1, LABEL_WIDTH, 1),
            );
        }
        let value_width = row.width.saturating_sub(LABEL_WIDTH + 1);
        let value_area = Rect::new(row.x + LABEL_WIDTH + 1, top, value_width, h);
        let from_focused = hits::distance(self.focus, i);
        hits::record(row, Hit::Field { from_focused });
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

    /// The message over the last rows but one, and the footer hint in the last.
    fn render_foot(
        &self,
        frame: &mut Frame<'_>,
        inner: Rect,
        theme: &Theme,
        message_rows: u16,
        footer: &str,
    ) {
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

    pub(super) fn render_value(
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
            FieldValue::Multi { .. } => render_multi(frame, area, theme, field, focused),
            FieldValue::Area { editor, .. } => {
                let block_style = if focused {
                    theme.focused_field()
                } else {
                    theme.dim()
                };
                let mut shown = drawable(editor, area.height);
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

/// A checkbox field: the "n of m match" row while filtering, then the chips on show.
fn render_multi(frame: &mut Frame<'_>, area: Rect, theme: &Theme, field: &Field, focused: bool) {
    let FieldValue::Multi {
        options,
        chosen,
        cursor,
        filter,
    } = &field.value
    else {
        return;
    };
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

/// Rows `text` takes when word-wrapped to `width` (a word longer than a row is split).
pub(super) fn wrapped_rows(text: &str, width: u16) -> u16 {
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

pub(super) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
