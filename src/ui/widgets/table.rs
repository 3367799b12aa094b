//! The one look of a list pane's table: the selected row highlighted and marked "▸".

use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Table, TableState};

/// Draws `table` (rows, widths, header and block already set) with row `selected` marked. The
/// caller keeps `selected` within its rows.
pub fn render_with_selection(
    frame: &mut Frame<'_>,
    area: Rect,
    table: Table<'_>,
    selected: usize,
    theme: &Theme,
) {
    let table = table
        .row_highlight_style(theme.selected())
        .highlight_symbol("▸");
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut state);
}
