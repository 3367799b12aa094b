//! The help overlay, generated from the keymap so it can never disagree with it.

use super::keys::{Binding, Keymap, NONE};
use super::pane_id::PaneId;
use super::theme::Theme;
use crate::ui::widgets::block;
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub use super::keys::HelpRow;

/// The help overlay's own keys, while it is open: it takes every key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpKey {
    Close,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    End,
}

pub const HELP: Keymap<HelpKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Esc, NONE), (KeyCode::Char('?'), NONE)],
            label: "Esc or ?",
            does: "closes this help",
            short: "",
            action: HelpKey::Close,
        },
        Binding {
            keys: &[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)],
            label: "j/↓",
            does: "scrolls",
            short: "",
            action: HelpKey::Down,
        },
        Binding {
            keys: &[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)],
            label: "k/↑",
            does: "scrolls back",
            short: "",
            action: HelpKey::Up,
        },
        Binding {
            keys: &[(KeyCode::PageDown, NONE)],
            label: "PgDn",
            does: "scrolls",
            short: "",
            action: HelpKey::PageDown,
        },
        Binding {
            keys: &[(KeyCode::PageUp, NONE)],
            label: "PgUp",
            does: "scrolls back",
            short: "",
            action: HelpKey::PageUp,
        },
        Binding {
            keys: &[(KeyCode::Home, NONE), (KeyCode::Char('g'), NONE)],
            label: "g",
            does: "the top",
            short: "",
            action: HelpKey::Top,
        },
        Binding {
            keys: &[(KeyCode::End, NONE), (KeyCode::Char('G'), NONE)],
            label: "G",
            does: "the end",
            short: "",
            action: HelpKey::End,
        },
    ],
};

/// Where a help key scrolls to, from `at`, with `hidden` rows below the window.
pub fn scrolled(key: HelpKey, at: u16, hidden: u16) -> u16 {
    match key {
        HelpKey::Close | HelpKey::Top => 0,
        HelpKey::Down => (at + 1).min(hidden),
        HelpKey::Up => at.saturating_sub(1),
        HelpKey::PageDown => (at + 10).min(hidden),
        HelpKey::PageUp => at.saturating_sub(10),
        HelpKey::End => hidden,
    }
}

fn label(key: HelpKey) -> &'static str {
    HELP.bindings
        .iter()
        .find(|b| b.action == key)
        .map_or("", |b| b.label)
}

/// The help's notes on its own keys: how it closes, and (in its border) how it scrolls.
fn closing_line() -> String {
    HELP.bindings
        .iter()
        .find(|b| b.action == HelpKey::Close)
        .map_or(String::new(), |b| format!(" {} {}.", b.label, b.does))
}

fn more_below() -> String {
    format!(
        " more below: {} or {} scrolls ",
        label(HelpKey::Down),
        label(HelpKey::PageDown)
    )
}

fn at_the_end() -> String {
    format!(
        " the end: {} or {} scrolls back ",
        label(HelpKey::Up),
        label(HelpKey::PageUp)
    )
}

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
    lines.push(Line::styled(closing_line(), theme.dim()));
    let mut block = block::titled(format!(" Help — {} ", pane.title()), theme);
    if hidden > 0 {
        let more = if scroll < hidden {
            more_below()
        } else {
            at_the_end()
        };
        block = block.title_bottom(Line::styled(more, theme.dim()));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_says_its_own_keys_from_its_table() {
        assert_eq!(closing_line(), " Esc or ? closes this help.");
        assert_eq!(more_below(), " more below: j/↓ or PgDn scrolls ");
        assert_eq!(at_the_end(), " the end: k/↑ or PgUp scrolls back ");
        let key = |c| crossterm::event::KeyEvent::from(c);
        assert_eq!(HELP.resolve(key(KeyCode::Char('?'))), Some(HelpKey::Close));
        assert_eq!(scrolled(HelpKey::End, 0, 7), 7);
        assert_eq!(scrolled(HelpKey::Down, 7, 7), 7);
    }
}
