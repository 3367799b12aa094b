//! The Intake board: tonight's visits in triage order, waiting times ticking.

use crate::domain::closeout::board_clock;
use crate::domain::shift::Shift;
use crate::domain::visit::{BoardRow, format_wait};
use crate::ui::theme::Theme;
use crate::ui::widgets::table::render_with_selection;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

/// What a row's markers say, in words, so nothing depends on colour.
pub fn markers(row: &BoardRow) -> String {
    let mut m = Vec::new();
    if row.safeguarding {
        m.push("SG");
    }
    if row.plan_overdue {
        m.push("Plan overdue");
    } else if row.has_plan {
        m.push("Plan");
    }
    m.join(" ")
}

/// What the board table shows.
pub struct BoardView<'a> {
    pub title: &'a str,
    pub rows: &'a [&'a BoardRow],
    pub selected: usize,
    pub now: DateTime<Utc>,
    pub tz: Tz,
    /// The board's shift: waits stop ticking at its closing.
    pub shift: Shift,
}

pub fn render(frame: &mut Frame<'_>, area: Rect, theme: &Theme, view: &BoardView<'_>) {
    let BoardView {
        title,
        rows,
        selected,
        now,
        tz,
        shift,
    } = *view;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Line::styled(format!(" Intake — {title} "), theme.title()));
    if rows.is_empty() {
        let lines = vec![
            Line::raw(""),
            Line::raw("  Nobody on the board. Press n to add a walk-in, phone or video contact."),
        ];
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    let header = Row::new([
        "Arr.", "Waited", "Name", "Triage", "Status", "Worker", "Notes",
    ])
    .style(theme.title());
    let table_rows: Vec<Row<'_>> = rows
        .iter()
        .map(|r| {
            let clock = board_clock(&shift, r.arrived_at, now);
            let over = r.waiting_too_long(clock);
            let waited = format!(
                "{}{}",
                format_wait(r.waited(clock)),
                if over { " !" } else { "" }
            );
            let triage = match &r.triage {
                Some(t) => format!("{} {}", crate::ui::safe(&t.code), crate::ui::safe(&t.label)),
                None => "to triage".into(),
            };
            let waited_cell = if over {
                Cell::from(Span::styled(waited, theme.warning()))
            } else {
                Cell::from(waited)
            };
            Row::new(vec![
                Cell::from(r.arrived_at.with_timezone(&tz).format("%H:%M").to_string()),
                waited_cell,
                Cell::from(crate::ui::safe(&r.label())),
                Cell::from(triage),
                Cell::from(r.status.short_label()),
                Cell::from(
                    r.peer_worker
                        .as_deref()
                        .map(crate::ui::safe)
                        .unwrap_or_default(),
                ),
                Cell::from(markers(r)),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(5),
        Constraint::Length(13),
        Constraint::Fill(2),
        Constraint::Fill(2),
        Constraint::Length(12),
        Constraint::Fill(1),
        Constraint::Length(12),
    ];
    let table = Table::new(table_rows, widths).header(header).block(block);
    render_with_selection(frame, area, table, selected.min(rows.len() - 1), theme);
}
