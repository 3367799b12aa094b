//! Drawing. Screens and panes hold their own form state, turn keys into actions for the app to
//! carry out, and render domain data. Nothing in here touches the database.

pub mod admin;
pub mod create;
pub mod find;
pub mod help;
pub mod keys;
pub mod pane_id;
pub mod panes;
pub mod shell;
pub mod signin;
pub mod theme;
pub mod unlock;
pub mod widgets;

use ratatui::layout::{Constraint, Flex, Layout, Rect};

/// The one function every string from the database is drawn through.
pub use crate::domain::text::sanitize_for_terminal as safe;

/// Said wherever printing is offered on a computer without a print command.
pub const PRINTING_NOT_AVAILABLE: &str =
    "Printing is not available on this computer (no `lp` command).";

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// A rectangle of at most `width` × `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}
