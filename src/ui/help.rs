//! The help overlay, generated from the keymap so it can never disagree with it.

use super::panes::PaneId;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub keys: String,
    pub does: &'static str,
}

pub fn render(frame: &mut Frame<'_>, theme: &Theme, pane: PaneId, rows: &[HelpRow]) {
    let height = rows.len() as u16 + 6;
    let area: Rect = super::centered(frame.area(), 76, height);
    let key_width = rows
        .iter()
        .map(|r| r.keys.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line<'_>> = rows
        .iter()
        .map(|r| {
            Line::from(vec![
                Span::styled(format!(" {:<key_width$}  ", r.keys), theme.title()),
                Span::raw(r.does),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " In forms: Tab/Shift-Tab next/previous field, Ctrl-s save, Esc cancel.",
        theme.dim(),
    ));
    lines.push(Line::styled(" Esc or ? closes this help.", theme.dim()));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Line::styled(
            format!(" Help — {} ", pane.title()),
            theme.title(),
        ));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
