//! The Plans list: every plan, most recently updated first (or overdue reviews first), paged
//! from the database as the selection nears the end. Only the rows on screen are drawn.

use crate::domain::plan::{PlanCursor, PlanListRow};
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hint;
use crate::ui::widgets::input::TextInput;
use crate::ui::widgets::table::render_with_selection;
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};
use std::cell::Cell as StdCell;

/// Rows fetched per page.
pub const PAGE: usize = 50;
/// The next page is fetched when the selection comes this close to the last loaded row.
const NEAR_END: usize = 10;

pub struct PlanList {
    pub rows: Vec<PlanListRow>,
    pub selected: usize,
    /// The last page came back full, so there may be more.
    pub has_more: bool,
    pub filter: TextInput,
    pub filtering: bool,
    pub overdue_first: bool,
    /// How many plans the list holds in all, and how many are overdue (None until counted).
    pub counts: Option<(usize, usize)>,
    /// The first row drawn, kept between drawings so the list scrolls steadily.
    offset: StdCell<usize>,
}

impl Default for PlanList {
    fn default() -> Self {
        PlanList {
            rows: Vec::new(),
            selected: 0,
            has_more: false,
            filter: TextInput::new(60),
            filtering: false,
            overdue_first: false,
            counts: None,
            offset: StdCell::new(0),
        }
    }
}

impl PlanList {
    /// A first page (replacing what was loaded) or the next one.
    pub fn set_page(&mut self, rows: Vec<PlanListRow>, first: bool) {
        self.has_more = rows.len() == PAGE;
        if first {
            self.rows = rows;
            self.selected = 0;
            self.offset.set(0);
        } else {
            self.rows.extend(rows);
        }
    }

    pub fn selected_row(&self) -> Option<&PlanListRow> {
        self.rows.get(self.selected)
    }

    pub fn select_plan(&mut self, plan_id: i64) {
        if let Some(i) = self.rows.iter().position(|r| r.plan_id == plan_id) {
            self.selected = i;
        }
    }

    /// The filter as the store takes it.
    pub fn filter_text(&self) -> Option<String> {
        let f = self.filter.value().trim();
        (!f.is_empty()).then(|| f.to_string())
    }

    /// Moves down; returns where the next page starts when it is time to fetch it.
    pub fn down(&mut self) -> Option<PlanCursor> {
        self.move_to(self.selected + 1)
    }

    /// A paging key (PgUp/PgDn/Home/End/g/G): `None` when it is not one, else where the next
    /// page starts if it is time to fetch it.
    pub fn page(&mut self, key: crossterm::event::KeyCode) -> Option<Option<PlanCursor>> {
        let to = crate::ui::widgets::table::paged(key, self.selected, self.rows.len())?;
        Some(self.move_to(to))
    }

    fn move_to(&mut self, row: usize) -> Option<PlanCursor> {
        self.selected = row.min(self.rows.len().saturating_sub(1));
        let near_end = self.selected + NEAR_END >= self.rows.len();
        if self.has_more && near_end {
            // Asked once per page: the answer resets it.
            self.has_more = false;
            return self.rows.last().map(PlanListRow::cursor);
        }
        None
    }

    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, tz: Tz) {
        let [summary, table_area, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        let order = if self.overdue_first {
            "overdue reviews first, then most recently updated"
        } else {
            "most recently updated first"
        };
        let mut text = match self.counts {
            // The whole list, however few pages are loaded: "8,028 plans · 7,330 overdue".
            Some((total, overdue)) => format!(
                " {} · {overdue} overdue · {order}",
                crate::domain::plural::count(total, "plan", "plans")
            ),
            None => {
                let more = if self.has_more { "+" } else { "" };
                let noun = if self.rows.len() == 1 && !self.has_more {
                    "plan"
                } else {
                    "plans"
                };
                format!(" {}{more} {noun} · {order}", self.rows.len())
            }
        };
        if !self.filter.is_empty() || self.filtering {
            text.push_str(&format!(
                " · filter: {}{}",
                safe(self.filter.value()),
                if self.filtering { "▏" } else { "" }
            ));
        }
        frame.render_widget(Paragraph::new(Line::styled(text, theme.title())), summary);
        let block = block::titled(" Plans — crisis prevention plans ", theme);
        if self.rows.is_empty() {
            let message = if self.filter.is_empty() {
                "  No crisis plans yet. Press n to find a visitor and start one, or press c on a visit in Intake."
            } else {
                "  No plan matches the filter. Esc clears it."
            };
            frame.render_widget(
                Paragraph::new(vec![Line::raw(""), Line::raw(message)])
                    .block(block)
                    .wrap(ratatui::widgets::Wrap { trim: false }),
                table_area,
            );
        } else {
            self.render_table(frame, table_area, block, theme, tz);
        }
        let footer = hint::one_row(&super::bindings::list_hint(), keys.width);
        hint::record_keys(keys, &footer);
        frame.render_widget(Paragraph::new(Line::styled(footer, theme.dim())), keys);
    }

    fn render_table(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        block: Block<'_>,
        theme: &Theme,
        tz: Tz,
    ) {
        // Borders and the header take three rows; only what fits is built.
        let height = usize::from(area.height.saturating_sub(3)).max(1);
        let selected = self.selected.min(self.rows.len() - 1);
        let mut offset = self.offset.get();
        if selected < offset {
            offset = selected;
        } else if selected >= offset + height {
            offset = selected + 1 - height;
        }
        self.offset.set(offset);
        let header = Row::new(["Visitor", "Last updated", "Versions", "Review due", ""])
            .style(theme.title());
        let widths = [
            Constraint::Fill(1),
            Constraint::Length(17),
            Constraint::Length(9),
            Constraint::Length(11),
            Constraint::Length(8),
        ];
        let name_width = crate::ui::widgets::table::column_widths(area, &widths)[0];
        // Two visitors of the same name: each with their number and when they were last here.
        let labels: Vec<(i64, &str)> = self
            .rows
            .iter()
            .map(|r| (r.person_id, r.visitor.as_str()))
            .collect();
        let rows: Vec<Row<'_>> = self
            .rows
            .iter()
            .skip(offset)
            .take(height)
            .map(|r| {
                let mut name =
                    crate::domain::person::told_apart(r.person_id, &r.visitor, labels.clone());
                if name != r.visitor {
                    name.push_str(&crate::domain::person::last_here(
                        r.last_visit.map(|t| t.with_timezone(&tz).date_naive()),
                    ));
                }
                let flag = if r.overdue {
                    Cell::from(Span::styled("OVERDUE", theme.warning()))
                } else {
                    Cell::from("")
                };
                Row::new(vec![
                    Cell::from(crate::ui::widgets::table::fit(&safe(&name), name_width)),
                    Cell::from(
                        r.updated_at
                            .with_timezone(&tz)
                            .format("%d/%m/%Y %H:%M")
                            .to_string(),
                    ),
                    Cell::from(r.versions.to_string()),
                    Cell::from(r.review_due.format("%d/%m/%Y").to_string()),
                    flag,
                ])
            })
            .collect();
        let table = Table::new(rows, widths).header(header).block(block);
        render_with_selection(frame, area, table, selected - offset, theme);
    }
}
