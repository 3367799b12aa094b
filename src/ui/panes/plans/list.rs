//! The Plans list: every plan, most recently updated first (or overdue reviews first), paged
//! from the database as the selection nears the end. Only the rows on screen are drawn.

use crate::domain::plan::{PlanCursor, PlanListRow};
use crate::ui::keys::Step;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hint;
use crate::ui::widgets::input::TextInput;
use crate::ui::widgets::list::PagedList;
use crate::ui::widgets::table::{Column, DataTable, ToCells, col, fit};
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph};
use std::cell::Cell as StdCell;

/// Rows fetched per page.
pub const PAGE: usize = 50;
/// The next page is fetched when the selection comes within this many rows of the last
/// loaded row (ten rows from the end of what is loaded).
const NEAR_END: usize = 9;

pub struct PlanList {
    pub rows: PagedList<PlanListRow>,
    pub filter: TextInput,
    pub filtering: bool,
    pub overdue_first: bool,
    /// How many plans the list holds in all, and how many are overdue (None until counted).
    pub counts: Option<(usize, usize)>,
    /// Taking the counts failed (said on the status line): the idle tick does not try again,
    /// as each try reads every plan; bringing the pane to the front does.
    pub counts_failed: bool,
    /// The first row drawn, kept between drawings so the list scrolls steadily.
    offset: StdCell<usize>,
}

impl Default for PlanList {
    fn default() -> Self {
        PlanList {
            rows: PagedList::paged(PAGE, NEAR_END),
            filter: TextInput::new(60),
            filtering: false,
            overdue_first: false,
            counts: None,
            counts_failed: false,
            offset: StdCell::new(0),
        }
    }
}

impl PlanList {
    /// A first page (replacing what was loaded) or the next one.
    pub fn set_page(&mut self, rows: Vec<PlanListRow>, first: bool) {
        if first {
            self.rows.first_page(rows);
            self.offset.set(0);
        } else {
            self.rows.next_page(rows);
        }
    }

    pub fn selected_row(&self) -> Option<&PlanListRow> {
        self.rows.selected_row()
    }

    pub fn select_plan(&mut self, plan_id: i64) {
        self.rows.select_where(|r| r.plan_id == plan_id);
    }

    /// The filter as the store takes it.
    pub fn filter_text(&self) -> Option<String> {
        let f = self.filter.value().trim();
        (!f.is_empty()).then(|| f.to_string())
    }

    /// A move of the list's selection: where the next page starts when it is time to fetch
    /// it.
    pub fn step(&mut self, step: Step) -> Option<PlanCursor> {
        self.rows
            .step(step)
            .then(|| self.rows.last().map(PlanListRow::cursor))
            .flatten()
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
                let more = if self.rows.has_more() { "+" } else { "" };
                let noun = if self.rows.len() == 1 && !self.rows.has_more() {
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
        let selected = self.rows.selected();
        let mut offset = self.offset.get();
        if selected < offset {
            offset = selected;
        } else if selected >= offset + height {
            offset = selected + 1 - height;
        }
        self.offset.set(offset);
        let table = DataTable::new(COLUMNS, block);
        let name_width = table.widths(area)[0];
        // Two visitors of the same name: each with their number and when they were last here.
        let labels: Vec<(i64, &str)> = self
            .rows
            .rows()
            .iter()
            .map(|r| (r.person_id, r.visitor.as_str()))
            .collect();
        let with = Shown {
            labels,
            name_width,
            theme,
            tz,
        };
        let shown = self.rows.rows().iter().skip(offset).take(height);
        table.render(frame, area, shown, &with, selected - offset, theme);
    }
}

const COLUMNS: [Column; 5] = [
    col("Visitor", Constraint::Fill(1)),
    col("Last updated", Constraint::Length(17)),
    col("Versions", Constraint::Length(9)),
    col("Review due", Constraint::Length(11)),
    col("", Constraint::Length(8)),
];

/// What a plan's row needs to be drawn besides the row.
struct Shown<'a> {
    labels: Vec<(i64, &'a str)>,
    name_width: u16,
    theme: &'a Theme,
    tz: Tz,
}

impl ToCells<Shown<'_>> for PlanListRow {
    fn cells(&self, with: &Shown<'_>) -> Vec<Cell<'static>> {
        let mut name =
            crate::domain::person::told_apart(self.person_id, &self.visitor, with.labels.clone());
        if name != self.visitor {
            name.push_str(&crate::domain::person::last_here(
                self.last_visit
                    .map(|t| t.with_timezone(&with.tz).date_naive()),
            ));
        }
        let flag = if self.overdue {
            Cell::from(Span::styled("OVERDUE", with.theme.warning()))
        } else {
            Cell::from("")
        };
        vec![
            Cell::from(fit(&safe(&name), with.name_width)),
            Cell::from(
                self.updated_at
                    .with_timezone(&with.tz)
                    .format("%d/%m/%Y %H:%M")
                    .to_string(),
            ),
            Cell::from(self.versions.to_string()),
            Cell::from(self.review_due.format("%d/%m/%Y").to_string()),
            flag,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn rows(from: i64, n: usize) -> Vec<PlanListRow> {
        (from..from + n as i64)
            .map(|id| PlanListRow {
                plan_id: id,
                person_id: id,
                visitor: format!("Visitor {id}"),
                updated_at: Utc.with_ymd_and_hms(2026, 11, 22, 19, 0, 0).unwrap(),
                versions: 1,
                review_due: NaiveDate::from_ymd_opt(2027, 2, 20).unwrap(),
                overdue: false,
                last_visit: None,
            })
            .collect()
    }

    #[test]
    fn the_next_page_is_fetched_ten_rows_from_the_end_once_and_never_going_up() {
        let mut list = PlanList::default();
        list.set_page(rows(1, PAGE), true);
        let mut asked = Vec::new();
        for _ in 0..PAGE {
            if let Some(cursor) = list.step(Step::Down) {
                asked.push((list.rows.selected(), cursor.plan_id));
            }
        }
        assert_eq!(
            asked,
            vec![(PAGE - 10, PAGE as i64)],
            "once, ten rows from the end, from the last row loaded"
        );
        list.set_page(rows(1 + PAGE as i64, 3), false);
        assert_eq!(list.rows.selected(), PAGE - 1, "the selection stays");
        assert!(!list.rows.has_more(), "a short page is the last");
        assert_eq!(list.step(Step::Last), None);
        assert_eq!(
            list.selected_row().map(|r| r.plan_id),
            Some(PAGE as i64 + 3)
        );
        list.set_page(rows(1, PAGE), true);
        list.step(Step::Last);
        assert_eq!(list.step(Step::PageUp), None, "going up never fetches");
        list.select_plan(7);
        assert_eq!(list.selected_row().map(|r| r.plan_id), Some(7));
    }
}
