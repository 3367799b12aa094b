//! The help overlay, generated from the keymap so it can never disagree with it.

use super::pane_id::PaneId;
use super::theme::Theme;
use crate::ui::widgets::block;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub use super::keys::HelpRow;

/// Lines of the help that are not key rows (the blank, the note and the border).
const EXTRA_LINES: u16 = 4;

/// How far the help can scroll in a window `height` rows tall (0 when it all fits).
pub fn max_scroll(rows: usize, height: u16) -> u16 {
    (rows as u16 + EXTRA_LINES).saturating_sub(height)
}

/// `scroll`: lines scrolled down, kept within what is hidden. A help taller than the window (a
/// pane's keys at 80×24) scrolls with j/k, PgUp/PgDn and g/G, and its border says there is more.
pub fn render(frame: &mut Frame<'_>, theme: &Theme, pane: PaneId, rows: &[HelpRow], scroll: u16) {
    let height = rows.len() as u16 + EXTRA_LINES + 1;
    let area: Rect = super::centered(frame.area(), 76, height);
    let hidden = max_scroll(rows.len(), area.height);
    let scroll = scroll.min(hidden);
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
                Span::raw(r.does.as_str()),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(" Esc or ? closes this help.", theme.dim()));
    let mut block = block::titled(format!(" Help — {} ", pane.title()), theme);
    if hidden > 0 {
        let more = if scroll < hidden {
            " more below: j/↓ or PgDn scrolls "
        } else {
            " the end: k/↑ or PgUp scrolls back "
        };
        block = block.title_bottom(Line::styled(more, theme.dim()));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}
