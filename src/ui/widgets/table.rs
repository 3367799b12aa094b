//! The one look of a list pane's table: bordered, one header row, one line per row, the
//! selected row highlighted and marked "▸". Each drawn row is recorded for the mouse.

use crate::ui::theme::Theme;
use crate::ui::widgets::hits::{self, Hit};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::widgets::{List, ListState, Table, TableState};

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

/// Draws a bordered `list` (its block already set) whose items are each `item_rows` lines,
/// with item `selected` marked "▸ " and highlighted, and records each drawn item for the
/// mouse as [`render_with_selection`] does for a table.
pub fn render_list_with_selection(
    frame: &mut Frame<'_>,
    area: Rect,
    list: List<'_>,
    item_rows: u16,
    selected: usize,
    theme: &Theme,
) {
    let rows = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    render_list(frame, area, rows, list, item_rows, selected, theme);
}

/// As [`render_list_with_selection`], for a list drawn without a border (one line an item).
pub fn render_bare_list_with_selection(
    frame: &mut Frame<'_>,
    area: Rect,
    list: List<'_>,
    selected: usize,
    theme: &Theme,
) {
    render_list(frame, area, area, list, 1, selected, theme);
}

fn render_list(
    frame: &mut Frame<'_>,
    area: Rect,
    rows: Rect,
    list: List<'_>,
    item_rows: u16,
    selected: usize,
    theme: &Theme,
) {
    let item_rows = item_rows.max(1);
    let items = list.len();
    let list = list
        .highlight_style(theme.selected())
        .highlight_symbol("▸ ");
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(list, area, &mut state);
    for line in 0..rows.height {
        let index = state.offset() + usize::from(line / item_rows);
        if index >= items {
            break;
        }
        hits::record(
            Rect::new(rows.x, rows.y + line, rows.width, 1),
            Hit::Row {
                from_selected: hits::distance(selected, index),
            },
        );
    }
}

/// Rows PgUp and PgDn move a list's selection by.
pub const PAGE_ROWS: usize = 10;

/// Where a paging key moves a list's selection among its `len` loaded rows: PgDn and PgUp by
/// [`PAGE_ROWS`], Home or g to the first, End or G to the last loaded (a list paged from the
/// database then fetches its next page, as moving down onto its last row does). `None` for
/// any other key.
pub fn paged(key: crossterm::event::KeyCode, selected: usize, len: usize) -> Option<usize> {
    use crossterm::event::KeyCode;
    let last = len.saturating_sub(1);
    Some(match key {
        KeyCode::PageDown => (selected + PAGE_ROWS).min(last),
        KeyCode::PageUp => selected.saturating_sub(PAGE_ROWS),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => last,
        _ => return None,
    })
}

/// Where a key moves a list's selection among its `len` rows: `j` `k` `↓` `↑` by one, and
/// the paging keys as [`paged`]; `None` for any other key. The one place a list's moving
/// keys are read, so every list pages alike.
pub fn moved(key: crossterm::event::KeyCode, selected: usize, len: usize) -> Option<usize> {
    use crossterm::event::KeyCode;
    let last = len.saturating_sub(1);
    match key {
        KeyCode::Down | KeyCode::Char('j') => Some((selected + 1).min(last)),
        KeyCode::Up | KeyCode::Char('k') => Some(selected.saturating_sub(1).min(last)),
        key => paged(key, selected, len),
    }
}

/// As [`moved`], for a list where letters mean something else (they are typed into a
/// filter, or choose a section): only the arrows and the paging keys that are not letters.
pub fn moved_by_arrows(
    key: crossterm::event::KeyCode,
    selected: usize,
    len: usize,
) -> Option<usize> {
    use crossterm::event::KeyCode;
    match key {
        KeyCode::Char(_) => None,
        key => moved(key, selected, len),
    }
}

/// The width each column gets when a table with these `widths` is drawn in `area` by
/// [`render_with_selection`] (border, "▸" column, one space between columns), worked out as
/// ratatui does, so a cell can be cut to fit with "…" before ratatui clips it mid-word.
/// One width per constraint, as an array, so a column is read by a fixed position.
pub fn column_widths<const N: usize>(area: Rect, widths: &[Constraint; N]) -> [u16; N] {
    let inner = Rect::new(0, 0, area.width.saturating_sub(2), 1);
    let [_marker, columns] =
        Layout::horizontal([Constraint::Length(1), Constraint::Fill(0)]).areas(inner);
    let areas: [Rect; N] = Layout::horizontal(*widths)
        .flex(Flex::Start)
        .spacing(1)
        .areas(columns);
    areas.map(|c| c.width)
}

/// `text` cut to a column `width` wide, ending in "…" when cut.
pub fn fit(text: &str, width: u16) -> String {
    super::hint::ellipsize(text, usize::from(width))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::{Block, Borders, Row, Table};

    #[test]
    fn paging_keys_move_by_a_page_and_to_either_end() {
        use crossterm::event::KeyCode;
        assert_eq!(paged(KeyCode::PageDown, 0, 50), Some(10));
        assert_eq!(paged(KeyCode::PageDown, 45, 50), Some(49));
        assert_eq!(paged(KeyCode::PageUp, 5, 50), Some(0));
        assert_eq!(paged(KeyCode::Char('G'), 5, 50), Some(49));
        assert_eq!(paged(KeyCode::Home, 30, 50), Some(0));
        assert_eq!(paged(KeyCode::End, 0, 0), Some(0));
        assert_eq!(paged(KeyCode::Char('j'), 0, 50), None);
    }

    #[test]
    fn moving_keys_step_by_one_or_a_page_and_arrows_only_leave_letters_alone() {
        use crossterm::event::KeyCode;
        assert_eq!(moved(KeyCode::Char('j'), 3, 5), Some(4));
        assert_eq!(moved(KeyCode::Down, 4, 5), Some(4));
        assert_eq!(moved(KeyCode::Char('k'), 0, 5), Some(0));
        assert_eq!(moved(KeyCode::Char('G'), 0, 5), Some(4));
        assert_eq!(moved(KeyCode::Char('x'), 0, 5), None);
        assert_eq!(moved_by_arrows(KeyCode::Char('j'), 0, 5), None);
        assert_eq!(moved_by_arrows(KeyCode::Char('G'), 0, 5), None);
        assert_eq!(moved_by_arrows(KeyCode::End, 0, 5), Some(4));
        assert_eq!(moved_by_arrows(KeyCode::Up, 2, 5), Some(1));
    }

    #[test]
    fn column_widths_are_where_ratatui_draws_the_columns() {
        let widths = [
            Constraint::Length(5),
            Constraint::Fill(2),
            Constraint::Fill(1),
        ];
        let area = Rect::new(0, 0, 40, 4);
        let w = column_widths(area, &widths);
        assert_eq!(w.iter().sum::<u16>() + 2 + 1 + 2, 40, "{w:?}");
        let mut t = Terminal::new(TestBackend::new(40, 4)).unwrap();
        let row = Row::new(vec![
            "x".repeat(5),
            "y".repeat(w[1] as usize),
            "z".repeat(40),
        ]);
        t.draw(|f| {
            let table = Table::new(vec![row], widths)
                .header(Row::new(["a", "b", "c"]))
                .block(Block::default().borders(Borders::ALL));
            render_with_selection(f, area, table, 0, &crate::ui::theme::Theme::plain());
        })
        .unwrap();
        let line: String = (0..40)
            .map(|x| t.backend().buffer()[(x, 2)].symbol().to_string())
            .collect();
        let ys = line.matches('y').count();
        let zs = line.matches('z').count();
        assert_eq!((ys, zs), (w[1] as usize, w[2] as usize), "{line}");
    }
}
