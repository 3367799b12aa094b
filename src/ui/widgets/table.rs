//! The one look of a list pane's table: bordered, one header row, one line per row, the
//! selected row highlighted and marked "▸". Each drawn row is recorded for the mouse.

use crate::ui::theme::Theme;
use crate::ui::widgets::hits::{self, Hit};
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
    // Inside the border, under the header: one line per row, from the row ratatui scrolled to.
    let rows = Rect {
        x: area.x + 1,
        y: area.y + 2,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(3),
    };
    for line in 0..rows.height {
        let index = state.offset() + usize::from(line);
        hits::record(
            Rect::new(rows.x, rows.y + line, rows.width, 1),
            Hit::Row {
                from_selected: hits::distance(selected, index),
            },
        );
    }
}
