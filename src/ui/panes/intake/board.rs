//! The Intake board: tonight's visits in triage order, waiting times ticking.

use crate::domain::closeout::board_clock;
use crate::domain::shift::Shift;
use crate::domain::visit::{BoardRow, ContactMode, format_wait};
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::table::{Column, DataTable, ToCells, col, fit};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph};

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

/// A row's name, with the person's number when another row on the board has the same name
/// (two Sams tonight are not the same Sam).
fn shown_name(row: &BoardRow, rows: &[&BoardRow]) -> String {
    let labels: Vec<(i64, String)> = rows.iter().map(|o| (o.person_id, o.label())).collect();
    let name = crate::domain::person::told_apart(
        row.person_id,
        &row.label(),
        labels.iter().map(|(id, l)| (*id, l.as_str())),
    );
    crate::ui::safe(&name)
}

/// The contact mode in one short word, for a narrow column.
fn mode_word(mode: ContactMode) -> &'static str {
    match mode {
        ContactMode::WalkIn => "Walk",
        ContactMode::Phone => "Phone",
        ContactMode::Video => "Video",
    }
}

/// What the board table shows.
pub struct BoardView<'a> {
    pub title: &'a str,
    pub rows: &'a [&'a BoardRow],
    /// The selected row, when the selection is in this table.
    pub selected: Option<usize>,
    /// When it is in the other table: how far this table's first row is from it, so a click
    /// on a row here still selects (and a second one opens) that row.
    pub first_from_selected: isize,
    pub now: DateTime<Utc>,
    pub tz: Tz,
    /// The board's shift: waits stop ticking at its closing.
    pub shift: Shift,
    /// The out-of-hours contacts after the shift: each dated, under its own title.
    pub out_of_hours: bool,
}

pub fn render(frame: &mut Frame<'_>, area: Rect, theme: &Theme, view: &BoardView<'_>) {
    let BoardView {
        title,
        rows,
        selected,
        first_from_selected,
        out_of_hours,
        ..
    } = *view;
    let heading = if out_of_hours {
        format!(" {title} ")
    } else {
        format!(" Intake — {title} ")
    };
    let block = block::titled(heading, theme);
    if rows.is_empty() {
        let lines = vec![
            Line::raw(""),
            Line::raw("  Nobody on the board. Press n to add a walk-in, phone or video contact."),
        ];
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    let (columns, arrived_format) = columns(area.width, out_of_hours);
    // Names, triage labels and workers that do not fit end in "…" rather than being clipped.
    let table = DataTable::new(columns, block).fit_headers();
    let with = Shown {
        view,
        cols: table.widths(area),
        arrived_format,
        theme,
    };
    let shown = rows.iter().copied();
    match selected {
        Some(i) => table.render(frame, area, shown, &with, i.min(rows.len() - 1), theme),
        // The selection is in the other table: the same indent, so the columns line up.
        None => table.render_elsewhere(frame, area, shown, &with, first_from_selected, theme),
    }
}

/// What a board row needs to be drawn besides the row.
struct Shown<'a> {
    view: &'a BoardView<'a>,
    /// Each column's width, to cut cells to with "…".
    cols: [u16; 8],
    arrived_format: &'a str,
    theme: &'a Theme,
}

impl ToCells<Shown<'_>> for BoardRow {
    fn cells(&self, with: &Shown<'_>) -> Vec<Cell<'static>> {
        board_row(self, with.view, &with.cols, with.arrived_format, with.theme)
    }
}

/// The board's columns for a window `width` wide, and how the arrival is written.
fn columns(width: u16, out_of_hours: bool) -> ([Column; 8], &'static str) {
    // On a narrow window the name gets the most room, so "Anonymous #12" keeps its number
    // at 80 columns; from 100 the triage label has as much.
    // Out of hours the dated arrival takes more room: the name keeps what it has.
    let name_weight = if out_of_hours {
        4
    } else if width < 100 {
        3
    } else {
        2
    };
    // Out of hours, the arrival carries its date: "Tue 1 Dec 07:40", or "01/12 07:40" at 80
    // columns, where the name needs the room.
    let (arrived_width, arrived_format) = if out_of_hours && width < 100 {
        (11, "%d/%m %H:%M")
    } else if out_of_hours {
        (16, "%a %-d %b %H:%M")
    } else {
        (5, "%H:%M")
    };
    // "Mode": a phone call or a video contact must not look like someone in the room.
    let columns = [
        col(
            if out_of_hours { "Contact" } else { "Arr." },
            Constraint::Length(arrived_width),
        ),
        col("Mode", Constraint::Length(5)),
        col("Waited", Constraint::Length(12)),
        col("Name", Constraint::Fill(name_weight)),
        col("Triage", Constraint::Fill(2)),
        col("Status", Constraint::Length(11)),
        col("Worker", Constraint::Fill(1)),
        col("Notes", Constraint::Length(12)),
    ];
    (columns, arrived_format)
}

/// One visit's row: arrival (or the date it was carried from), mode, wait (flagged past its
/// target), name, triage, status, worker and notes, each cut to its column.
fn board_row(
    r: &BoardRow,
    view: &BoardView<'_>,
    cols: &[u16; 8],
    arrived_format: &str,
    theme: &Theme,
) -> Vec<Cell<'static>> {
    let (rows, now, tz, shift, out_of_hours) =
        (view.rows, view.now, view.tz, view.shift, view.out_of_hours);
    let clock = board_clock(&shift, r.arrived_at, now);
    // Targets are the open service's: out of hours the wait is shown, not flagged.
    let over = !out_of_hours && r.waiting_too_long(clock);
    // Carried from an earlier shift: its date, not a wait ticking since then.
    let (arrived, waited) = match r.carried_from {
        Some(date) => (date.format("%d/%m").to_string(), "carried".to_string()),
        None => (
            r.arrived_at
                .with_timezone(&tz)
                .format(arrived_format)
                .to_string(),
            format!(
                "{}{}",
                format_wait(r.waited(clock)),
                if over { " !" } else { "" }
            ),
        ),
    };
    let triage = match &r.triage {
        Some(t) => format!("{} {}", crate::ui::safe(&t.code), crate::ui::safe(&t.label)),
        None => "to triage".into(),
    };
    let waited_cell = if over {
        Cell::from(Span::styled(waited, theme.warning()))
    } else {
        Cell::from(waited)
    };
    vec![
        Cell::from(arrived),
        Cell::from(mode_word(r.contact_mode)),
        waited_cell,
        Cell::from(fit(&shown_name(r, rows), cols[3])),
        Cell::from(fit(&triage, cols[4])),
        Cell::from(r.status.short_label()),
        Cell::from(fit(
            &r.peer_worker
                .as_deref()
                .map(crate::ui::safe)
                .unwrap_or_default(),
            cols[6],
        )),
        Cell::from(fit(&markers(r), cols[7])),
    ]
}
