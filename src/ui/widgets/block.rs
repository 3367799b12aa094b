//! The bordered, titled box every view and overlay is drawn in, so their look is set here.

use crate::ui::theme::Theme;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};
use std::borrow::Cow;

/// A box with a border all round and `title` on its top edge, as given (callers put a space
/// either side: " Plans — roster "). A footer hint goes on with `title_bottom`.
pub fn titled<'a>(title: impl Into<Cow<'a, str>>, theme: &Theme) -> Block<'a> {
    titled_line(Line::styled(title, theme.title()), theme)
}

/// The same box with a title of several styled parts.
pub fn titled_line<'a>(title: Line<'a>, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(title)
}
