//! One worker: profile, DBS in words, weekly availability, time off and extra shifts,
//! supervision log, and their assignments (paged from the database, newest first).

use super::roster::dbs_in_words;
use crate::domain::peers::{
    Assignment, AvailabilityException, Slot, SupervisionEntry, load_text, long_date, short_weekday,
};
use crate::domain::peers::{ExceptionEntry, RosterEntry};
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hang;
use crate::ui::widgets::hint;
use crate::ui::widgets::list::PagedList;
use crate::ui::widgets::table::{Column, DataTable, ToCells, col};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Wrap};

/// A worker's assignments are paged this many at a time when the lead scrolls to the end;
/// the first page is as many as the table shows (`first_page`).
pub const PAGE: usize = 50;

/// The profile box's lines (`profile_lines`) inside its borders, before any wraps.
const PROFILE_LINES: u16 = 8;

/// The supervision box's lines inside its borders: no more supervisions than this are read.
pub const SUPERVISION_ROWS: usize = 5;

/// Everything the view shows, loaded by the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerView {
    pub entry: RosterEntry,
    pub slots: Vec<Slot>,
    /// Exceptions not over yet.
    pub exceptions: Vec<ExceptionEntry>,
    /// The most recent supervisions, as many as the box can show (`SUPERVISION_ROWS`).
    pub supervision: Vec<SupervisionEntry>,
    /// Every supervision logged, however few are read.
    pub supervision_count: usize,
    /// Paged from the database, newest first.
    pub assignments: PagedList<Assignment>,
    /// Every assignment of the worker's, however few are loaded.
    pub assignment_count: usize,
    /// How many assignments the first read asked for (`first_page`).
    pub first_page: usize,
    /// What it was read from (as the on-tonight board's `read_as`): while the store says the
    /// same, in the same minute, it reads the same. None: read again before showing it again.
    pub read_as: Option<(u64, i64, i64)>,
}

impl WorkerView {
    pub fn worker_id(&self) -> i64 {
        self.entry.worker.id
    }

    pub fn selected_assignment(&self) -> Option<&Assignment> {
        self.assignments.selected_row()
    }

    /// As a fresh read asking for `first_page` rows shows it, if it was read as `read_as`
    /// with as many and nothing beyond its first page was loaded: the same rows, the first
    /// assignment selected.
    pub(super) fn reopened(
        self,
        read_as: Option<(u64, i64, i64)>,
        first_page: usize,
    ) -> Option<WorkerView> {
        if self.read_as.is_none()
            || self.read_as != read_as
            || self.first_page != first_page
            || self.assignments.len() > first_page
        {
            return None;
        }
        Some(WorkerView {
            assignments: assignment_list(self.assignments.into_rows(), self.assignment_count),
            ..self
        })
    }
}

/// A first page of a worker's assignments, of `count` in all, the first selected.
pub fn assignment_list(rows: Vec<Assignment>, count: usize) -> PagedList<Assignment> {
    let mut list = PagedList::paged(PAGE, 0);
    let more = rows.len() < count;
    list.first_page(rows);
    list.set_more(more);
    list
}

/// How many assignments to read first for a pane `height` rows tall: as many as its table
/// shows when no profile row wraps, so the first screen is the whole list's (the rest come
/// when the lead scrolls to the end; a wrapped profile shows fewer of those read). Before
/// the pane is first drawn (`height` 0): a whole page.
pub fn first_page(height: u16) -> usize {
    if height == 0 {
        return PAGE;
    }
    let [_, _, table, _] = areas(Rect::new(0, 0, 1, height), PROFILE_LINES + 2);
    // Inside the table's borders, under its header.
    usize::from(table.height.saturating_sub(3)).clamp(1, PAGE)
}

/// The page's boxes: profile (`profile_rows` tall), time off and supervision, assignments,
/// keys. The assignments keep their four rows at least and the keys their one; when a
/// wrapped profile needs more, the time-off and supervision boxes give up rows first.
fn areas(area: Rect, profile_rows: u16) -> [Rect; 4] {
    let spare = area.height.saturating_sub(4 + 1);
    let profile = profile_rows.min(spare);
    let middle = (SUPERVISION_ROWS as u16 + 2).min(spare - profile);
    Layout::vertical([
        Constraint::Length(profile),
        Constraint::Length(middle),
        Constraint::Min(4),
        Constraint::Length(1),
    ])
    .areas(area)
}

fn short_date(d: chrono::NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// "22–24 Nov 2026", "28 Nov – 2 Dec 2026", or one date.
fn date_range(from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if from == to {
        short_date(from)
    } else if (from.year(), from.month()) == (to.year(), to.month()) {
        format!("{}–{}", from.day(), short_date(to))
    } else if from.year() == to.year() {
        format!("{} – {}", from.format("%-d %b"), short_date(to))
    } else {
        format!("{} – {}", short_date(from), short_date(to))
    }
}

/// "Leave 22–24 Nov 2026" (the whole shift of each date), "Extra shift 24 Nov 2026
/// 18:00–22:00".
pub fn exception_text(e: &AvailabilityException) -> String {
    let dates = date_range(e.from, e.to);
    match e.times {
        Some((a, b)) => format!(
            "{} {dates} {}–{}",
            e.kind.label(),
            a.format("%H:%M"),
            b.format("%H:%M")
        ),
        None => format!("{} {dates}", e.kind.label()),
    }
}

/// Slots with the same hours together, runs of days joined: "Mon–Fri 17:00–22:30 · Sun
/// 15:00–22:30".
pub fn weekly_text(slots: &[Slot]) -> String {
    if slots.is_empty() {
        return "none set".into();
    }
    let mut hours: Vec<(chrono::NaiveTime, chrono::NaiveTime)> = Vec::new();
    for s in slots {
        if !hours.contains(&(s.starts, s.ends)) {
            hours.push((s.starts, s.ends));
        }
    }
    let mut groups: Vec<(u8, String)> = hours
        .into_iter()
        .map(|(starts, ends)| {
            let mut days: Vec<u8> = slots
                .iter()
                .filter(|s| (s.starts, s.ends) == (starts, ends))
                .map(|s| s.weekday)
                .collect();
            days.sort_unstable();
            let text = format!(
                "{} {}–{}",
                day_runs(&days),
                starts.format("%H:%M"),
                ends.format("%H:%M")
            );
            (days.first().copied().unwrap_or_default(), text)
        })
        .collect();
    groups.sort();
    groups
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(" · ")
}

/// [0, 1, 2, 4] → "Mon–Wed, Fri".
fn day_runs(days: &[u8]) -> String {
    let mut runs: Vec<(u8, u8)> = Vec::new();
    for &d in days {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == d => *end = d,
            _ => runs.push((d, d)),
        }
    }
    runs.into_iter()
        .map(|(a, b)| match b - a {
            0 => short_weekday(a).to_string(),
            1 => format!("{}, {}", short_weekday(a), short_weekday(b)),
            _ => format!("{}–{}", short_weekday(a), short_weekday(b)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn row<'a>(label: &str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<18}"), theme.title()),
        Span::raw(value),
    ])
}

/// "3 of 12" and, when ended, the date and reason.
pub fn assignment_status(a: &Assignment) -> String {
    match a.ended_on {
        None => "active".into(),
        Some(d) => format!("ended {}: {}", long_date(d), safe(&a.end_reason)),
    }
}

impl WorkerView {
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, tz: chrono_tz::Tz) {
        // A value too long for its row (training, lived experience, availability) goes on
        // under itself rather than off the box's edge, and the box grows to hold it.
        let width = usize::from(area.width.saturating_sub(2));
        let lines = self.profile_lines(theme);
        debug_assert_eq!(lines.len(), usize::from(PROFILE_LINES), "see first_page");
        let profile: Vec<Line<'static>> = lines
            .into_iter()
            .flat_map(|line| hang::wrapped(line, width))
            .collect();
        let profile_rows = u16::try_from(profile.len() + 2).unwrap_or(u16::MAX);
        let [top, middle, bottom, keys] = areas(area, profile_rows);
        let w = &self.entry.worker;
        let title = format!(
            " Peer worker — {}{} ",
            safe(w.name()),
            if w.active { "" } else { " (left)" }
        );
        let block = |title: String| block::titled(title, theme);
        frame.render_widget(Paragraph::new(profile).block(block(title)), top);
        let [off, supervision] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                .areas(middle);
        frame.render_widget(
            Paragraph::new(self.exception_lines())
                .block(block(" Time off and extra shifts ".into()))
                .wrap(Wrap { trim: false }),
            off,
        );
        frame.render_widget(
            Paragraph::new(self.supervision_lines(middle.height.saturating_sub(2)))
                .block(block(" Supervision ".into())),
            supervision,
        );
        self.render_assignments(frame, bottom, theme, tz);
        let hint = hint::one_row(&super::bindings::worker_hint(), keys.width);
        hint::record_keys(keys, &hint);
        frame.render_widget(Paragraph::new(Line::styled(hint, theme.dim())), keys);
    }

    fn profile_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let e = &self.entry;
        let p = &e.worker.profile;
        let dash = |s: String| if s.is_empty() { "—".to_string() } else { s };
        let status = if e.worker.active { "active" } else { "left" };
        let mut lines = vec![
            row(
                "Employment",
                format!("{} · {status}", p.employment.label()),
                theme,
            ),
            row(
                "Load",
                format!(
                    "{} · {}",
                    load_text(e.active_caseload, e.cap),
                    e.cap.whose()
                ),
                theme,
            ),
            row(
                "Lived experience",
                dash(safe(&p.lived_experience.join(", "))),
                theme,
            ),
            row("Languages", dash(safe(&p.languages.join(", "))), theme),
        ];
        let words = dbs_in_words(e.dbs, long_date);
        let dbs = match p.dbs_checked_on {
            Some(d) => format!("checked {} · {words}", long_date(d)),
            None => words,
        };
        let dbs_line = if e.dbs.is_flagged() {
            Line::from(vec![
                Span::styled(format!("{:<18}", "DBS"), theme.title()),
                Span::styled(dbs, theme.warning()),
            ])
        } else {
            row("DBS", dbs, theme)
        };
        lines.push(dbs_line);
        let supervision = e.supervision.text();
        lines.push(if e.supervision.is_flagged() && e.worker.active {
            Line::from(vec![
                Span::styled(format!("{:<18}", "Supervision"), theme.title()),
                Span::styled(format!("! {supervision}"), theme.warning()),
            ])
        } else {
            row("Supervision", supervision, theme)
        });
        lines.push(row("Training", dash(safe(&p.training)), theme));
        lines.push(row("Weekly", weekly_text(&self.slots), theme));
        lines
    }

    fn exception_lines(&self) -> Vec<Line<'static>> {
        if self.exceptions.is_empty() {
            return vec![Line::raw("none coming up")];
        }
        self.exceptions
            .iter()
            .map(|e| Line::raw(exception_text(&e.exception)))
            .collect()
    }

    fn supervision_lines(&self, rows: u16) -> Vec<Line<'static>> {
        let count = self.supervision_count.max(self.supervision.len());
        if count == 0 {
            return vec![Line::raw("none logged")];
        }
        let rows = usize::from(rows.max(1));
        let shown = if count > rows { rows - 1 } else { rows };
        // Never more than were read (the box is never taller than `SUPERVISION_ROWS`).
        let shown = shown.min(self.supervision.len());
        let mut lines: Vec<Line<'static>> = self
            .supervision
            .iter()
            .take(shown)
            .map(|s| {
                let s = &s.supervision;
                Line::raw(format!(
                    "{} · {} · {}",
                    s.held_on.format("%-d %b %Y"),
                    s.kind.label(),
                    safe(&s.supervisor)
                ))
            })
            .collect();
        if count > shown {
            lines.push(Line::raw(format!("and {} earlier", count - shown)));
        }
        lines
    }

    fn render_assignments(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        tz: chrono_tz::Tz,
    ) {
        let count = self.assignment_count.max(self.assignments.len());
        let block = block::titled(format!(" Assignments ({count}) "), theme);
        if self.assignments.is_empty() {
            frame.render_widget(
                Paragraph::new("  No assignments yet. Press a to assign a visitor.").block(block),
                area,
            );
            return;
        }
        // Two visitors of the same name are told apart by their number.
        let labels: Vec<(i64, String)> = self
            .assignments
            .rows()
            .iter()
            .map(|a| (a.person_id, a.person_label()))
            .collect();
        DataTable::new(ASSIGNMENT_COLUMNS, block).render(
            frame,
            area,
            self.assignments.rows(),
            &(labels, tz),
            self.assignments.selected(),
            theme,
        );
    }
}

const ASSIGNMENT_COLUMNS: [Column; 5] = [
    col("Visitor", Constraint::Fill(1)),
    col("Started", Constraint::Length(12)),
    col("Sessions", Constraint::Length(16)),
    col("Minutes", Constraint::Length(8)),
    col("Status", Constraint::Fill(2)),
];

/// An assignment's row, with every visitor's label (to tell two alike apart).
impl ToCells<(Vec<(i64, String)>, chrono_tz::Tz)> for Assignment {
    fn cells(&self, (labels, tz): &(Vec<(i64, String)>, chrono_tz::Tz)) -> Vec<Cell<'static>> {
        let label = self.person_label();
        let mut visitor = crate::domain::person::told_apart(
            self.person_id,
            &label,
            labels.iter().map(|(id, l)| (*id, l.as_str())),
        );
        if visitor != label {
            visitor.push_str(&crate::domain::person::last_here(
                self.last_visit.map(|t| t.with_timezone(tz).date_naive()),
            ));
        }
        vec![
            Cell::from(safe(&visitor)),
            Cell::from(self.started_on.format("%-d %b %Y").to_string()),
            Cell::from(self.sessions_text()),
            Cell::from(self.minutes_used.to_string()),
            Cell::from(assignment_status(self)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn weekly_slots_are_grouped_by_hours_and_runs_of_days() {
        let slot = |weekday, starts, ends| Slot {
            weekday,
            starts,
            ends,
        };
        let mut slots: Vec<Slot> = (0..5).map(|d| slot(d, t(17, 0), t(22, 30))).collect();
        slots.push(slot(6, t(15, 0), t(22, 30)));
        slots.push(slot(5, t(15, 0), t(22, 30)));
        assert_eq!(
            weekly_text(&slots),
            "Mon–Fri 17:00–22:30 · Sat, Sun 15:00–22:30"
        );
        let odd = [slot(0, t(9, 0), t(12, 0)), slot(2, t(9, 0), t(12, 0))];
        assert_eq!(weekly_text(&odd), "Mon, Wed 09:00–12:00");
        assert_eq!(weekly_text(&[]), "none set");
    }

    #[test]
    fn the_first_page_is_what_the_assignments_table_shows() {
        // As `render` lays the page out: the profile's lines are always as many.
        assert_eq!(
            first_page(40),
            usize::from(40 - (PROFILE_LINES + 2) - (SUPERVISION_ROWS as u16 + 2) - 1 - 3)
        );
        assert_eq!(first_page(0), PAGE);
        assert_eq!(first_page(10), 1);
        assert_eq!(first_page(400), PAGE);
    }

    #[test]
    fn exception_dates_are_compact() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(date_range(d(11, 22), d(11, 24)), "22–24 Nov 2026");
        assert_eq!(date_range(d(11, 28), d(12, 2)), "28 Nov – 2 Dec 2026");
        assert_eq!(date_range(d(11, 28), d(11, 28)), "28 Nov 2026");
    }
}
