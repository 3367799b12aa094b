//! The open follow-ups from every shift (Intake, `o`): soonest due first, overdue said in
//! words, each closed from here (done with its outcome, or cancelled with why) or opened at
//! the visit it came from.

use super::list_bindings::{self, FOLLOW_UPS, FollowUpsKey};
use crate::domain::follow_up::{ClosedAs, FollowUpKind, OpenFollowUp, due_in_words};
use crate::domain::plural::count;
use crate::domain::visit::SHORT_TEXT_MAX;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::fields::{Field, FieldForm, FieldId};
use crate::ui::widgets::hint;
use crate::ui::widgets::list::PagedList;
use crate::ui::widgets::table::{Column, DataTable, ToCells, col, fit};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph};

/// At most this many are loaded; the title says how many more there are.
pub const LOADED: usize = 500;

pub struct OpenList {
    /// Loaded whole (up to [`LOADED`]), soonest due first.
    pub items: PagedList<OpenFollowUp>,
    /// Open in all, and how many of them are overdue.
    pub total: usize,
    pub overdue: usize,
    pub today: NaiveDate,
}

/// What a key in the list asks for.
pub enum ListMove {
    /// Show the visit it came from.
    Open(i64),
    /// Close the selected one: the form, with done or cancelled chosen.
    Close(OpenFollowUp, ClosedAs),
    Back,
    Nothing,
}

impl OpenList {
    pub fn selected_item(&self) -> Option<&OpenFollowUp> {
        self.items.selected_row()
    }

    /// Keeps the selection on the same follow-up when the list is reloaded, where it can.
    pub fn keep_selection_from(&mut self, old: &OpenList) {
        if let Some(id) = old.selected_item().map(|f| f.id) {
            self.items.select(old.items.selected());
            self.items.select_where(|f| f.id == id);
        }
    }

    pub fn key(&mut self, key: KeyEvent) -> ListMove {
        let chosen = |list: &Self, closed_as| {
            list.selected_item()
                .map_or(ListMove::Nothing, |f| ListMove::Close(f.clone(), closed_as))
        };
        match FOLLOW_UPS.resolve(key) {
            Some(FollowUpsKey::Back) => ListMove::Back,
            Some(FollowUpsKey::Move) => {
                self.items.key(key);
                ListMove::Nothing
            }
            Some(FollowUpsKey::Open) => self
                .selected_item()
                .map_or(ListMove::Nothing, |f| ListMove::Open(f.visit_id)),
            Some(FollowUpsKey::Done) => chosen(self, ClosedAs::Done),
            Some(FollowUpsKey::Cancel) => chosen(self, ClosedAs::Cancelled),
            None => ListMove::Nothing,
        }
    }

    fn title(&self) -> String {
        let mut t = format!(" Open follow-ups · {}", count(self.total, "open", "open"));
        if self.overdue > 0 {
            t.push_str(&format!(" · {} overdue", self.overdue));
        }
        if self.total > self.items.len() {
            t.push_str(&format!(" · first {} shown", self.items.len()));
        }
        t.push(' ');
        t
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let block = block::titled(self.title(), theme).title_bottom(Line::styled(
            hint::in_border(&list_bindings::follow_ups_hint(), area.width),
            theme.dim(),
        ));
        if self.items.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    "No follow-ups are open. Each one logged from a visit (f) shows here until it is closed.",
                    theme.dim(),
                ))
                .wrap(ratatui::widgets::Wrap { trim: true })
                .block(block),
                area,
            );
            return;
        }
        let table = DataTable::new(COLUMNS, block);
        let with = Shown {
            widths: table.widths(area),
            today: self.today,
            theme,
        };
        let rows = self.items.rows();
        table.render(frame, area, rows, &with, self.items.selected(), theme);
    }
}

const COLUMNS: [Column; 4] = [
    col("Due", Constraint::Length(18)),
    col("For", Constraint::Length(16)),
    col("Task", Constraint::Fill(1)),
    col("From", Constraint::Length(10)),
];

/// What a follow-up's row needs besides the row: each column's width (cells are cut to
/// fit with "…"), today (overdue is said) and the theme.
struct Shown<'a> {
    widths: [u16; 4],
    today: NaiveDate,
    theme: &'a Theme,
}

impl ToCells<Shown<'_>> for OpenFollowUp {
    fn cells(&self, with: &Shown<'_>) -> Vec<Cell<'static>> {
        let [due_w, for_w, task_w, from_w] = with.widths;
        let due = due_in_words(self.due_on, with.today);
        let due_style = if self.overdue(with.today) {
            with.theme.warning()
        } else {
            ratatui::style::Style::default()
        };
        let mut task = safe(&self.task);
        if self.kind == FollowUpKind::PlanCall {
            task = format!("plan call: {task}");
        }
        if !self.owner.is_empty() {
            task.push_str(&format!(" · owner {}", safe(&self.owner)));
        }
        vec![
            Cell::from(fit(&due, due_w)).style(due_style),
            Cell::from(fit(&safe(&self.person_label), for_w)),
            Cell::from(fit(&task, task_w)),
            Cell::from(fit(&self.from_date.format("%a %-d %b").to_string(), from_w)),
        ]
    }
}

pub const CLOSED_AS: FieldId = FieldId::new("closed as");
pub const OUTCOME: FieldId = FieldId::new("outcome");
/// The safeguarding concern's closing note.
pub const WHAT_CAME_OF_IT: FieldId = FieldId::new("what came of it");

/// Closing one follow-up: done or cancelled, and the one line that goes with it.
pub fn close_form(task: &str, closed_as: ClosedAs) -> FieldForm {
    let selected = usize::from(closed_as == ClosedAs::Cancelled);
    FieldForm::new(
        "Close a follow-up",
        vec![
            Field::choice(
                "Closed as",
                vec!["Done".into(), "Cancelled".into()],
                selected,
            )
            .with_hint(format!("Closes: {}", safe(task)))
            .id(CLOSED_AS),
            Field::text("Outcome, or why cancelled", SHORT_TEXT_MAX, "")
                .with_hint("Done: what came of it. Cancelled: why it is no longer needed.")
                .id(OUTCOME),
        ],
    )
}

/// The closure the form says, or the field to fix and why.
pub fn read_close(
    form: &FieldForm,
) -> Result<crate::domain::follow_up::Closure, (FieldId, String)> {
    let closed_as = if form.selected(CLOSED_AS) == 1 {
        ClosedAs::Cancelled
    } else {
        ClosedAs::Done
    };
    crate::domain::follow_up::Closure::new(closed_as, &form.text(OUTCOME)).map_err(|e| (OUTCOME, e))
}

/// Closing a visit's safeguarding concern: what came of it.
pub fn safeguarding_form() -> FieldForm {
    FieldForm::new(
        "Close the safeguarding concern",
        vec![
            Field::text("What came of it (required)", SHORT_TEXT_MAX, "")
                .with_hint(
                    "It then leaves the handover. Say what was done: \"Adult social care allocated a worker\".",
                )
                .id(WHAT_CAME_OF_IT),
        ],
    )
}
