//! The frame around every pane: tabs on top, the status bar at the bottom, help on request.

use super::help::{self, HelpRow};
use super::panes::PaneId;
use super::theme::Theme;
use super::widgets::hits::{self, Hit};
use super::widgets::message::Message;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub struct ShellView<'a> {
    pub pane: PaneId,
    pub staff_name: &'a str,
    pub shift: &'a str,
    pub clock: &'a str,
    pub status: Option<&'a Message>,
    pub help: Option<&'a [HelpRow]>,
    /// How far the help is scrolled down, in lines (it may be taller than the window).
    pub help_scroll: u16,
    /// A warning line above every pane (an unacknowledged handover).
    pub banner: Option<&'a str>,
    /// A form or question has the keyboard: `q` and `?` would be typed, not obeyed.
    pub keyboard_held: bool,
}

/// Draws the frame; `body` draws the pane in front into the area it is given.
pub fn render(
    frame: &mut Frame<'_>,
    theme: &Theme,
    view: &ShellView<'_>,
    body: impl FnOnce(&mut Frame<'_>, Rect),
) {
    let width = frame.area().width;
    let banner_rows = view.banner.map_or(0, |b| wrapped_rows(b, width));
    // A message too long for the status bar gets rows of its own above it, never cut.
    let own_rows = view
        .status
        .filter(|m| !fits_in_status_bar(view, m, width))
        .map_or(0, |m| message_rows(m, width));
    let [tabs, banner, body_area, message, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner_rows),
        Constraint::Min(3),
        Constraint::Length(own_rows),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    render_tabs(frame, tabs, theme, view.pane);
    if let Some(text) = view.banner {
        frame.render_widget(
            Paragraph::new(Line::styled(text.to_string(), theme.warning()))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            banner,
        );
    }
    body(frame, body_area);
    if let Some(m) = view.status.filter(|_| own_rows > 0) {
        frame.render_widget(
            Paragraph::new(m.line(theme)).wrap(ratatui::widgets::Wrap { trim: true }),
            message,
        );
    }
    render_status(frame, status, theme, view, own_rows == 0);
    if let Some(rows) = view.help {
        help::render(frame, theme, view.pane, rows, view.help_scroll);
    }
}

fn render_tabs(frame: &mut Frame<'_>, area: Rect, theme: &Theme, active: PaneId) {
    // The tab row is no list: the wheel and a click between tabs mean nothing here.
    hits::record(area, Hit::Cover);
    let name = Span::styled(" staywell ", theme.title());
    let mut x = area.x + name.width() as u16;
    let mut spans = vec![name];
    for p in PaneId::ALL {
        let label = format!("{} {}", p.number(), p.title());
        // Brackets mark the active tab even without colour.
        let tab = if p == active {
            Span::styled(format!("[{label}]"), theme.active_tab())
        } else {
            Span::styled(format!(" {label} "), theme.dim())
        };
        let width = tab.width() as u16;
        let shown = width.min(area.right().saturating_sub(x));
        hits::record(Rect::new(x, area.y, shown, 1), Hit::Tab(p));
        x = x.saturating_add(width + 1);
        spans.push(tab);
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The status bar's fixed part: pane, staff member, shift, time.
fn status_base(view: &ShellView<'_>) -> String {
    format!(
        " {} │ {} │ {} │ {}",
        view.pane.title(),
        super::safe(view.staff_name),
        view.shift,
        view.clock
    )
}

fn fits_in_status_bar(view: &ShellView<'_>, m: &Message, width: u16) -> bool {
    status_base(view).chars().count() + 3 + m.text().chars().count() <= usize::from(width)
}

/// Rows a message needs at this width (its "✗ " included).
fn message_rows(m: &Message, width: u16) -> u16 {
    wrapped_rows(&format!("✗ {}", m.text()), width)
}

/// Rows a line of text needs when wrapped at this width: one, or two (a word-wrapped line
/// loses a few columns at its break, so anything longer than a row takes two; no message or
/// banner is longer than two rows at 80 columns).
fn wrapped_rows(text: &str, width: u16) -> u16 {
    if text.chars().count() <= usize::from(width.max(1)) {
        1
    } else {
        2
    }
}

fn render_status(
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    view: &ShellView<'_>,
    with_message: bool,
) {
    let mut text = status_base(view);
    if let Some(m) = view.status.filter(|_| with_message) {
        text.push_str(" │ ");
        text.push_str(m.text());
    }
    // The key hint shrinks, then goes, before anything about the shift is cut.
    let width = area.width as usize;
    let used = text.chars().count();
    let hints = if view.keyboard_held {
        ["Esc back  Ctrl-l lock ", "Esc back ", ""]
    } else {
        ["? help  Ctrl-l lock  q quit ", "? help ", ""]
    };
    let hint = hints
        .into_iter()
        .find(|h| used + 1 + h.chars().count() <= width)
        .unwrap_or("");
    let pad = width.saturating_sub(used + hint.chars().count());
    text.push_str(&" ".repeat(pad));
    text.push_str(hint);
    frame.render_widget(Paragraph::new(Line::styled(text, theme.status_bar())), area);
}
