//! The one look of a list pane's table: bordered, one header row, one line per row, the
//! selected row highlighted and marked "▸". Each drawn row is recorded for the mouse.
//!
//! A list table says its columns once ([`Column`]: header and width) and how a row becomes
//! its cells ([`ToCells`]), and [`DataTable`] draws it: the header, the widths, the block
//! and the highlight are built here, never in a pane. (Model: bottom's `DataToCell`.)

use crate::ui::theme::Theme;
use crate::ui::widgets::hits::{self, Hit};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Cell, HighlightSpacing, List, ListState, Paragraph, Row, Table, TableState,
};

/// A column of a list table: its header and how wide it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub header: &'static str,
    pub width: Constraint,
}

/// A column headed `header`, `width` wide.
pub const fn col(header: &'static str, width: Constraint) -> Column {
    Column { header, width }
}

/// How one row of a list table becomes its cells, one a column, with what drawing it needs
/// besides the row (`W`: the theme, the time zone, names told apart, column widths).
pub trait ToCells<W: ?Sized> {
    fn cells(&self, with: &W) -> Vec<Cell<'static>>;
}

/// A list table: its columns and its block (bordered, or `bare` inside a block drawn
/// already), drawn in the one look with a row selected.
pub struct DataTable<'a, const N: usize> {
    columns: [Column; N],
    block: Option<Block<'a>>,
    more_below: bool,
    fit_headers: bool,
}

impl<'a, const N: usize> DataTable<'a, N> {
    /// A bordered table in `block`.
    pub fn new(columns: [Column; N], block: Block<'a>) -> Self {
        DataTable {
            columns,
            block: Some(block),
            more_below: false,
            fit_headers: false,
        }
    }

    /// A table without a border of its own, inside a block already drawn: "▸ " marks the
    /// selected row, and an empty table says "Nothing here yet. n adds one.".
    pub fn bare(columns: [Column; N]) -> Self {
        DataTable {
            columns,
            block: None,
            more_below: false,
            fit_headers: false,
        }
    }

    /// Ends the rows with "… more below" when more are paged in as the selection comes down.
    pub fn more_below(mut self, more: bool) -> Self {
        self.more_below = more;
        self
    }

    /// Headers cut to their columns with "…" (for narrow columns whose headers would be
    /// clipped mid-word).
    pub fn fit_headers(mut self) -> Self {
        self.fit_headers = true;
        self
    }

    /// The width each column gets in `area` (see [`column_widths`]).
    pub fn widths(&self, area: Rect) -> [u16; N] {
        column_widths(area, &self.columns.map(|c| c.width))
    }

    /// Draws `rows` with the one at `selected` (among them) marked.
    pub fn render<'r, W: ?Sized, R: ToCells<W> + 'r>(
        self,
        frame: &mut Frame<'_>,
        area: Rect,
        rows: impl IntoIterator<Item = &'r R>,
        with: &W,
        selected: usize,
        theme: &Theme,
    ) {
        let bordered = self.block.is_some();
        let (table, len) = self.table(area, rows, with, theme);
        if bordered {
            render_with_selection(frame, area, table, selected, theme);
        } else if len == 0 {
            frame.render_widget(
                Paragraph::new(Line::styled("Nothing here yet. n adds one.", theme.dim())),
                area,
            );
        } else {
            render_bare_with_selection(frame, area, table, len, selected, theme);
        }
    }

    /// Draws `rows` of a bordered table whose selection is in another table drawn beside
    /// it: indented as when selected, so the columns of both line up, and each row takes a
    /// click (`first_from_selected`: how far this table's first row is from the selected
    /// one).
    pub fn render_elsewhere<'r, W: ?Sized, R: ToCells<W> + 'r>(
        self,
        frame: &mut Frame<'_>,
        area: Rect,
        rows: impl IntoIterator<Item = &'r R>,
        with: &W,
        first_from_selected: isize,
        theme: &Theme,
    ) {
        let (table, len) = self.table(area, rows, with, theme);
        frame.render_widget(
            table
                .highlight_symbol("▸")
                .highlight_spacing(HighlightSpacing::Always),
            area,
        );
        // Inside the border, under the header: one line per row (not scrolled).
        let shown = area
            .height
            .saturating_sub(3)
            .min(u16::try_from(len).unwrap_or(u16::MAX));
        for line in 0..shown {
            hits::record(
                Rect::new(
                    area.x + 1,
                    area.y + 2 + line,
                    area.width.saturating_sub(2),
                    1,
                ),
                Hit::Row {
                    from_selected: first_from_selected + line as isize,
                },
            );
        }
    }

    /// The table to draw, and how many rows it has.
    fn table<'r, W: ?Sized, R: ToCells<W> + 'r>(
        self,
        area: Rect,
        rows: impl IntoIterator<Item = &'r R>,
        with: &W,
        theme: &Theme,
    ) -> (Table<'a>, usize) {
        let header = if self.fit_headers {
            let fitted = self.widths(area);
            Row::new(
                self.columns
                    .iter()
                    .zip(fitted)
                    .map(|(c, width)| fit(c.header, width)),
            )
        } else {
            Row::new(self.columns.map(|c| c.header))
        }
        .style(theme.title());
        let widths = self.columns.map(|c| c.width);
        let mut rows: Vec<Row<'static>> =
            rows.into_iter().map(|r| Row::new(r.cells(with))).collect();
        if self.more_below {
            rows.push(Row::new(vec![String::new(), "… more below".into()]));
        }
        let len = rows.len();
        let table = Table::new(rows, widths).header(header);
        let table = match self.block {
            Some(block) => table.block(block),
            None => table,
        };
        (table, len)
    }
}

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

/// As [`render_with_selection`], for a table without a border (inside a block drawn
/// already) of `len` rows: "▸ " marks the selected row.
fn render_bare_with_selection(
    frame: &mut Frame<'_>,
    area: Rect,
    table: Table<'_>,
    len: usize,
    selected: usize,
    theme: &Theme,
) {
    let table = table
        .row_highlight_style(theme.selected())
        .highlight_symbol("▸ ");
    let selected = selected.min(len.saturating_sub(1));
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut state);
    // Under the header, one line per row, from the row ratatui scrolled to: for the mouse.
    for line in 0..area.height.saturating_sub(1) {
        let index = state.offset() + usize::from(line);
        if index >= len {
            break;
        }
        hits::record(
            Rect::new(area.x, area.y + 1 + line, area.width, 1),
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
