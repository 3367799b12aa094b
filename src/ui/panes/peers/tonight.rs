//! The "on tonight" board: the workers on in the shift and where each stands now (on now,
//! from hh:mm, finished hh:mm, off tonight), their hours, their load against their cap and
//! which of their visitors are here now.

use crate::domain::peers::OnTonight;
use crate::domain::peers::{Window, load_text};
use crate::domain::shift::Shift;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::table::{Column, DataTable, ToCells, col};
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph};

/// The board as loaded by the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TonightBoard {
    pub shift: Shift,
    /// The shift is under way (else it is the last one, after closing).
    pub current: bool,
    pub rows: Vec<OnTonight>,
    /// What the app read it (and the roster beside it) from, as the app keys that: it reads
    /// them again on coming to the front only when this has changed. None: read again.
    pub read_as: Option<(u64, i64, i64)>,
}

impl TonightBoard {
    pub fn title(&self, tz: Tz) -> String {
        format!(
            "{} {} {}–{}",
            if self.current {
                "on tonight,"
            } else {
                "on in the last shift,"
            },
            self.shift.service_date.format("%a %-d %b %Y"),
            self.shift.starts_at.with_timezone(&tz).format("%H:%M"),
            self.shift.ends_at.with_timezone(&tz).format("%H:%M")
        )
    }

    /// "2 on now · 1 later · 1 finished · 1 off tonight · 1 full · 2 with a visitor here now"
    /// (states with nobody in them are left out).
    pub fn summary(&self) -> String {
        let count = |rank: u8| self.rows.iter().filter(|r| r.on.rank() == rank).count();
        let full = self
            .rows
            .iter()
            .filter(|r| r.on.rank() < 3 && r.active_caseload >= r.cap.limit)
            .count();
        let with = self.rows.iter().filter(|r| !r.with_now.is_empty()).count();
        let mut parts = vec![format!("{} on now", count(0))];
        for (rank, words) in [(1, "later"), (2, "finished"), (3, "off tonight")] {
            if count(rank) > 0 {
                parts.push(format!("{} {words}", count(rank)));
            }
        }
        parts.push(format!("{full} full"));
        parts.push(format!("{with} with a visitor here now"));
        // As the roster counts them, for the workers on the board.
        let supervision = self
            .rows
            .iter()
            .filter(|r| r.supervision.is_flagged())
            .count();
        if supervision > 0 {
            parts.push(format!("{supervision} supervision due (!)"));
        }
        let dbs = self.rows.iter().filter(|r| r.dbs.is_flagged()).count();
        if dbs > 0 {
            parts.push(format!("{dbs} DBS due (!)"));
        }
        format!(" {}", parts.join(" · "))
    }
}

/// "17:00–22:30", or several stretches joined.
pub fn windows_text(windows: &[Window], tz: Tz) -> String {
    windows
        .iter()
        .map(|w| {
            format!(
                "{}–{}",
                w.starts_at.with_timezone(&tz).format("%H:%M"),
                w.ends_at.with_timezone(&tz).format("%H:%M")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn matches_filter(row: &OnTonight, filter: &str) -> bool {
    super::worker_matches(&row.worker, filter)
}

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    board: &TonightBoard,
    rows: &[&OnTonight],
    selected: usize,
    tz: Tz,
) {
    let block = block::titled(format!(" Peers — {} ", board.title(tz)), theme);
    if rows.is_empty() {
        let text = if board.rows.is_empty() {
            "  Nobody is on in this shift. r shows the roster; n adds a peer worker."
        } else {
            "  Nobody on matches the filter."
        };
        frame.render_widget(
            Paragraph::new(vec![Line::raw(""), Line::raw(text)]).block(block),
            area,
        );
        return;
    }
    // What is due for the workers listed, in words, in a box below the table.
    let due: Vec<Line<'_>> = rows
        .iter()
        .filter_map(|r| {
            let due = r.due();
            (!due.is_empty()).then(|| {
                Line::from(vec![
                    Span::styled("! ", theme.warning()),
                    Span::raw(format!("{}: {}", safe(r.worker.name()), due.join("; "))),
                ])
            })
        })
        .collect();
    let area = if due.is_empty() {
        area
    } else {
        let wanted = due.len() as u16 + 2;
        let [top, bottom] = Layout::vertical([
            Constraint::Min(5),
            Constraint::Length(wanted.min(area.height / 2).max(3)),
        ])
        .areas(area);
        let block = block::titled(" Due: supervision and DBS ", theme);
        frame.render_widget(Paragraph::new(due).block(block), bottom);
        top
    };
    DataTable::new(COLUMNS, block).render(
        frame,
        area,
        rows.iter().copied(),
        &(theme, tz),
        selected.min(rows.len() - 1),
        theme,
    );
}

const COLUMNS: [Column; 6] = [
    col("Name", Constraint::Fill(3)),
    col("Now", Constraint::Length(23)),
    col("Hours", Constraint::Length(11)),
    col("Load", Constraint::Length(22)),
    col("With now", Constraint::Fill(2)),
    col("Speaks", Constraint::Fill(2)),
];

impl ToCells<(&Theme, Tz)> for OnTonight {
    fn cells(&self, (theme, tz): &(&Theme, Tz)) -> Vec<Cell<'static>> {
        tonight_row(self, theme, *tz)
    }
}

/// One worker on tonight: name (marked when something is due), when on, hours, load, who
/// they are with now and the languages they speak.
fn tonight_row(r: &OnTonight, theme: &Theme, tz: Tz) -> Vec<Cell<'static>> {
    let load = load_text(r.active_caseload, r.cap);
    let load_cell = if r.active_caseload >= r.cap.limit {
        Cell::from(Span::styled(load, theme.warning()))
    } else {
        Cell::from(load)
    };
    let with_now = r
        .with_now
        .iter()
        .map(|w| safe(&w.label()))
        .collect::<Vec<_>>()
        .join(", ");
    let hours = windows_text(&r.windows, tz);
    // "!" beside the name of anyone with something due (said in words below).
    let name = if r.due().is_empty() {
        Cell::from(safe(r.worker.name()))
    } else {
        Cell::from(Span::styled(
            format!("{} !", safe(r.worker.name())),
            theme.warning(),
        ))
    };
    vec![
        name,
        Cell::from(r.on.text(tz)),
        Cell::from(if hours.is_empty() {
            "—".into()
        } else {
            hours
        }),
        load_cell,
        Cell::from(if with_now.is_empty() {
            "—".to_string()
        } else {
            with_now
        }),
        Cell::from(safe(&r.worker.profile.languages.join(", "))),
    ]
}
