//! Pane 5, Reports: the service's activity for tonight's shift, this week, this month or any
//! range of dates, as tables and simple charts, scrolled with j/k. The figures are exact (the
//! lead may see them); only the CSV that leaves the service is perturbed
//! (`domain::report::disclosure`).
//!
//! Administration (staff, signposting directory, bank holidays, settings, audit log) joins this
//! pane later; its help already keeps a line for it.

mod bindings;
mod drawn;
mod manager;
pub mod view;

use super::{Pane, PaneView};
use crate::domain::report::{Period, Report};
use crate::domain::shift::ServiceHours;
use crate::domain::time::parse_typed_date;
use crate::ui::help::HelpRow;
use crate::ui::keys::ListMove;
use crate::ui::theme::Theme;
use crate::ui::widgets::fields::{Field, FieldForm, FieldId, FieldsEvent};
use crate::ui::widgets::fields::{FormKey, Say};
use crate::ui::widgets::message::Message;
use bindings::{REPORT, ReportKey};
use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent};
use drawn::DrawnReport;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;
use std::cell::Cell;

/// The range form's fields.
const FROM: FieldId = FieldId::new("from");
const TO: FieldId = FieldId::new("to");

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportsAction {
    /// Build the report for this period and show it.
    Load(Period),
    /// Rebuild the report shown if the records changed since it was built.
    Refresh,
    /// Open the Administration screen in this pane.
    OpenAdmin,
}

pub struct ReportsPane {
    hours: ServiceHours,
    /// The period shown (it changes when its report arrives).
    period: Period,
    report: Option<Report>,
    scroll: u16,
    /// Rows of the report that fitted at the last draw, and how many it has: for paging and
    /// for stopping at the end.
    visible_rows: Cell<u16>,
    content_rows: Cell<u16>,
    form: Option<FieldForm>,
    pub message: Option<Message>,
    drawn: DrawnReport,
    /// Which state of the records the report shows (opaque; the app compares it).
    pub built_from: Option<u64>,
}

impl ReportsPane {
    /// Starts on tonight's shift (or the last one, when the service is closed).
    pub fn new(hours: ServiceHours, now: DateTime<Utc>) -> Self {
        let tonight = hours.current_or_last_shift(now).service_date;
        ReportsPane {
            period: Period::shift(&hours, tonight),
            hours,
            report: None,
            scroll: 0,
            visible_rows: Cell::new(20),
            content_rows: Cell::new(0),
            form: None,
            message: None,
            drawn: DrawnReport::default(),
            built_from: None,
        }
    }

    pub fn period(&self) -> &Period {
        &self.period
    }

    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    pub fn scroll(&self) -> u16 {
        self.scroll
    }

    pub fn mode_name(&self) -> &'static str {
        if self.form.is_some() {
            "range"
        } else {
            "report"
        }
    }

    /// What to do when the pane comes to the front: the night's records may have changed.
    pub fn reload(&self) -> ReportsAction {
        ReportsAction::Refresh
    }

    /// A report arrived: show it (from the top, if it is another period).
    pub fn show(&mut self, report: Report) {
        if report.period != self.period {
            self.scroll = 0;
        }
        self.period = report.period.clone();
        self.report = Some(report);
        self.drawn.forget();
        self.form = None;
    }

    pub fn refuse(&mut self, text: String) {
        match &mut self.form {
            Some(form) => form.error(text),
            None => self.message = Some(Message::Error(text)),
        }
    }

    /// Tonight's service date: what "this shift / week / month" are counted from.
    fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        self.hours.current_or_last_shift(now).service_date
    }

    fn max_scroll(&self) -> u16 {
        self.content_rows
            .get()
            .saturating_sub(self.visible_rows.get())
    }

    fn scroll_by(&mut self, rows: i32) {
        let to = (self.scroll as i32 + rows).clamp(0, self.max_scroll() as i32);
        self.scroll = to as u16;
    }

    fn open_range_form(&mut self) {
        let typed = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        self.form = Some(FieldForm::new(
            "Report for a range of dates",
            vec![
                Field::text("From (dd/mm/yyyy)", 10, &typed(self.period.first))
                    .with_hint("The first service date (a shift after midnight counts on the evening it began)")
                    .id(FROM),
                Field::text("To (dd/mm/yyyy)", 10, &typed(self.period.last))
                    .with_hint("The last service date, included")
                    .id(TO),
            ],
        ));
    }

    fn form_key(&mut self, key: KeyEvent) -> Option<ReportsAction> {
        let form = self.form.as_mut()?;
        match form.handle_key(key) {
            FieldsEvent::Cancel => {
                self.form = None;
                None
            }
            FieldsEvent::Submit => {
                let read = |i: FieldId, what: &str| {
                    parse_typed_date(&form.text(i)).map_err(|e| format!("{what}: {e}"))
                };
                let period = read(FROM, "From").and_then(|from| {
                    let to = read(TO, "To")?;
                    Period::range(&self.hours, from, to).map_err(|e| e.to_string())
                });
                match period {
                    Ok(p) => Some(ReportsAction::Load(p)),
                    Err(e) => {
                        form.error(e);
                        None
                    }
                }
            }
            _ => None,
        }
    }

    fn report_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<ReportsAction> {
        self.message = None;
        let today = self.today(now);
        let period = match REPORT.resolve(key)? {
            ReportKey::Shift => Period::shift(&self.hours, today),
            ReportKey::Week => Period::week(&self.hours, today),
            ReportKey::Month => Period::month(&self.hours, today),
            ReportKey::Quarter => Period::quarter(&self.hours, today),
            ReportKey::Year => Period::financial_year(&self.hours, today),
            ReportKey::Before => self.period.previous(&self.hours),
            ReportKey::After => {
                let next = self.period.next(&self.hours);
                if next.first > today {
                    self.message = Some(Message::Info(
                        "That period has not started yet.".to_string(),
                    ));
                    return None;
                }
                next
            }
            ReportKey::Range => {
                self.open_range_form();
                return None;
            }
            ReportKey::PageDown => {
                self.scroll_by(self.visible_rows.get().max(2) as i32 - 1);
                return None;
            }
            ReportKey::PageUp => {
                self.scroll_by(-(self.visible_rows.get().max(2) as i32 - 1));
                return None;
            }
            ReportKey::Top => {
                self.scroll = 0;
                return None;
            }
            ReportKey::End => {
                self.scroll = self.max_scroll();
                return None;
            }
            ReportKey::Down => {
                self.scroll_by(1);
                return None;
            }
            ReportKey::Up => {
                self.scroll_by(-1);
                return None;
            }
            ReportKey::Admin => return Some(ReportsAction::OpenAdmin),
        };
        Some(ReportsAction::Load(period))
    }
}

impl PaneView for ReportsPane {
    fn captures_input(&self) -> bool {
        self.form.is_some()
    }

    fn help_rows(&self) -> Vec<HelpRow> {
        REPORT.help_rows()
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, _now: DateTime<Utc>) {
        let [body, message] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
        let (content, visible) = view::render(
            frame,
            body,
            theme,
            &view::ReportView {
                period: &self.period,
                report: self.report.as_ref(),
                tz: self.hours.tz,
                scroll: self.scroll,
                drawn: &self.drawn,
            },
        );
        self.content_rows.set(content);
        self.visible_rows.set(visible);
        if let Some(form) = &self.form {
            let r = crate::ui::centered(body, 76, 10);
            form.render(
                frame,
                r,
                theme,
                &[
                    Say::As(FormKey::Submit, "shows the report"),
                    Say::Key(FormKey::Cancel),
                ],
            );
        }
        if let Some(m) = &self.message {
            frame.render_widget(Paragraph::new(m.line(theme)), message);
        }
    }
}

impl Pane for ReportsPane {
    type Action = ReportsAction;

    fn on_list(&mut self, key: ListMove, now: DateTime<Utc>) -> Option<ReportsAction> {
        match key {
            ListMove::Down => self.report_key(KeyEvent::from(KeyCode::Down), now),
            ListMove::Up => self.report_key(KeyEvent::from(KeyCode::Up), now),
            _ => None,
        }
    }

    fn handle_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<ReportsAction> {
        if self.form.is_some() {
            self.form_key(key)
        } else {
            self.report_key(key, now)
        }
    }

    fn handle_paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<ReportsAction> {
        match &mut self.form {
            Some(form) => {
                form.paste(text);
                None
            }
            None => super::paste_as_keys(self, text, now),
        }
    }
}

/// The Reports pane keeps no draft: its range form is two dates, and Administration's forms
/// keep theirs in its own screen.
impl super::drafts::FormDrafts for ReportsPane {
    fn open_form(&self) -> Option<crate::domain::draft::DraftKey> {
        None
    }
    fn open_draft(&self) -> Option<crate::domain::draft::FormDraft> {
        None
    }
    fn fill_draft(&mut self, _draft: &crate::domain::draft::FormDraft) -> bool {
        false
    }
    fn reopen(
        &mut self,
        _key: &crate::domain::draft::DraftKey,
        _now: DateTime<Utc>,
    ) -> Option<ReportsAction> {
        None
    }
}
