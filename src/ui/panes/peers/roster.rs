//! The roster: every peer worker, active first, paged from the database.

use crate::domain::peers::DbsStatus;
use crate::domain::peers::RosterEntry;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::table::{Column, DataTable, ToCells, col};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph};

/// One roster page is this long; the next is fetched on reaching the end.
pub const PAGE: usize = 50;

/// The roster rows loaded so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub rows: Vec<RosterEntry>,
    pub has_more: bool,
    /// Every worker and how many are active, counted by the store (not just those loaded).
    pub counts: Option<(usize, usize)>,
}

impl Roster {
    pub fn summary(&self) -> String {
        let active = self.rows.iter().filter(|r| r.worker.active).count();
        let due = self
            .rows
            .iter()
            .filter(|r| r.worker.active && r.dbs.is_flagged())
            .count();
        let mut text = match self.counts {
            // The whole roster, however few pages are loaded: "1,204 peer workers · 980 active".
            Some((all, active)) => format!(
                " {} · {} active",
                crate::domain::plural::count(all, "peer worker", "peer workers"),
                crate::domain::plural::grouped(active)
            ),
            None => {
                let more = if self.has_more { "+" } else { "" };
                // "1+ peer workers": with more to come the count is a lower bound, so plural.
                let shown = if self.has_more { 2 } else { self.rows.len() };
                format!(
                    " {}{more} {} · {active}{more} active",
                    crate::domain::plural::grouped(self.rows.len()),
                    crate::domain::plural::noun(shown, "peer worker", "peer workers")
                )
            }
        };
        if due > 0 {
            text.push_str(&format!(" · {due} DBS to renew or record (!)"));
        }
        let supervision = self
            .rows
            .iter()
            .filter(|r| r.worker.active && r.supervision.is_flagged())
            .count();
        if supervision > 0 {
            text.push_str(&format!(" · {supervision} supervision due (!)"));
        }
        text
    }
}

fn short_date(d: chrono::NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The DBS check in words, flagged with "!" when it needs attention.
pub fn dbs_words(dbs: DbsStatus) -> String {
    dbs_in_words(dbs, short_date)
}

/// The same with dates in full ("1 June 2028"), where there is room.
pub fn dbs_in_words(dbs: DbsStatus, date: fn(chrono::NaiveDate) -> String) -> String {
    match dbs {
        DbsStatus::NotRecorded => "! never recorded".into(),
        DbsStatus::Current { renew_by } => format!("renew by {}", date(renew_by)),
        DbsStatus::DueSoon { renew_by } => format!("! renew by {}", date(renew_by)),
        DbsStatus::Due { renew_by } => format!("! overdue since {}", date(renew_by)),
    }
}

/// "2 of 5", "2 of 2 (full)": the roster's short load.
fn short_load(active: u32, cap: crate::domain::peers::Cap) -> String {
    let full = if active >= cap.limit { " (full)" } else { "" };
    format!("{active} of {}{full}", cap.limit)
}

pub fn matches_filter(row: &RosterEntry, filter: &str) -> bool {
    super::worker_matches(&row.worker, filter)
}

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    rows: &[&RosterEntry],
    selected: usize,
) {
    let block = block::titled(" Peers — roster ", theme);
    if rows.is_empty() {
        let lines = vec![
            Line::raw(""),
            Line::raw("  No peer workers to show. Press n to add one."),
        ];
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    // Two workers of the same name are told apart by their number.
    let names: Vec<(i64, &str)> = rows
        .iter()
        .map(|r| (r.worker.id, r.worker.name()))
        .collect();
    DataTable::new(COLUMNS, block).render(
        frame,
        area,
        rows.iter().copied(),
        &Shown { names, theme },
        selected.min(rows.len() - 1),
        theme,
    );
}

const COLUMNS: [Column; 6] = [
    col("Name", Constraint::Fill(3)),
    col("Paid", Constraint::Length(9)),
    col("Visitors", Constraint::Length(13)),
    col("DBS", Constraint::Length(27)),
    col("Speaks", Constraint::Fill(2)),
    col("Lived experience", Constraint::Fill(2)),
];

/// What a roster row needs to be drawn: every name shown (to tell two alike apart).
struct Shown<'a> {
    names: Vec<(i64, &'a str)>,
    theme: &'a Theme,
}

impl ToCells<Shown<'_>> for RosterEntry {
    fn cells(&self, with: &Shown<'_>) -> Vec<Cell<'static>> {
        let w = &self.worker;
        let shown = crate::domain::person::told_apart(w.id, w.name(), with.names.clone());
        let dbs = dbs_words(self.dbs);
        let dbs_cell = if self.dbs.is_flagged() && w.active {
            Cell::from(Span::styled(dbs, with.theme.warning()))
        } else {
            Cell::from(dbs)
        };
        let name = if w.active {
            safe(&shown)
        } else {
            format!("{} (left)", safe(&shown))
        };
        vec![
            Cell::from(name),
            Cell::from(w.profile.employment.label()),
            Cell::from(short_load(self.active_caseload, self.cap)),
            dbs_cell,
            Cell::from(safe(&w.profile.languages.join(", "))),
            Cell::from(safe(&w.profile.lived_experience.join(", "))),
        ]
    }
}
