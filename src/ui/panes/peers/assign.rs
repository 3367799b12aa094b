//! Pairing a visitor with a worker: the ranked candidates with the reasons beside each, start
//! date, sessions planned, what the visitor would value (re-ranks the list), and a reason for
//! the override when the lead goes ahead despite a refusal.

use crate::domain::peers::{
    Assignment, Candidate, NewAssignment, PeerSettings, REASON_MAX, Refusal, Refused, VisitorNeeds,
    check_sessions_planned, parse_list,
};
use crate::domain::time::parse_typed_date;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::fields::{Field, FieldForm, FieldId, FieldsEvent, match_count, matches};
use crate::ui::widgets::fields::{FormKey, Say};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub const WORKER: FieldId = FieldId::new("worker");
pub const START: FieldId = FieldId::new("start");
pub const PLANNED: FieldId = FieldId::new("planned");
pub const LANGUAGES: FieldId = FieldId::new("languages");
pub const LIVED: FieldId = FieldId::new("lived");
pub const OVERRIDE: FieldId = FieldId::new("override");

/// Candidates shown at once, with their reasons.
pub const SHOWN: usize = 5;

/// Who and what the form is for, as loaded by the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignSubject {
    pub person_id: i64,
    pub person_label: String,
    pub visit_id: Option<i64>,
    /// The visitor's assignments still going.
    pub current: Vec<Assignment>,
    /// Ranked for no particular needs yet.
    pub candidates: Vec<Candidate>,
    /// Chosen up front (assigning from a worker's page).
    pub worker_id: Option<i64>,
    /// Opened from an Intake visit: cancelling returns there.
    pub from_intake: bool,
}

pub struct AssignForm {
    pub subject: AssignSubject,
    pub form: FieldForm,
    /// The needs the candidates were last ranked for.
    ranked_for: VisitorNeeds,
    /// The lead picked a worker; a re-rank keeps them chosen.
    chosen_by_lead: bool,
}

/// What a key did to the form.
pub enum AssignEvent {
    Submit(NewAssignment),
    Cancel,
    Rerank(VisitorNeeds),
    None,
}

fn worker_field(candidates: &[Candidate], selected: usize) -> Field {
    let options = if candidates.is_empty() {
        vec!["— no active peer workers —".to_string()]
    } else {
        candidates.iter().map(|c| c.name.clone()).collect()
    };
    Field::choice("Peer worker", options, selected)
        .filterable()
        .with_hint("Type part of a name to narrow, ←/→ to choose; the list below says why")
}

impl AssignForm {
    pub fn new(subject: AssignSubject, settings: &PeerSettings, today: NaiveDate) -> AssignForm {
        let selected = subject
            .worker_id
            .and_then(|id| subject.candidates.iter().position(|c| c.worker_id == id))
            .unwrap_or(0);
        let form = FieldForm::new(
            format!("Assign a peer worker — {}", subject.person_label),
            vec![
                worker_field(&subject.candidates, selected).id(WORKER),
                Field::text("Start date", 10, &today.format("%d/%m/%Y").to_string()).id(START),
                Field::number("Sessions planned", &settings.session_limit.to_string())
                    .with_hint(format!("At most {} per visitor", settings.session_limit))
                    .id(PLANNED),
                Field::text("Visitor's languages", 200, "")
                    .with_hint("Optional, separated by commas: ranks workers who speak them")
                    .id(LANGUAGES),
                Field::text("Shared experience", 200, "")
                    .with_hint(
                        "Optional, e.g. bereavement: ranks workers with that lived experience",
                    )
                    .id(LIVED),
                Field::text("Override reason", REASON_MAX, "")
                    .with_hint("Only if refused (over cap, not on this shift): why go ahead anyway")
                    .id(OVERRIDE),
            ],
        );
        AssignForm {
            chosen_by_lead: subject.worker_id.is_some(),
            subject,
            form,
            ranked_for: VisitorNeeds::default(),
        }
    }

    fn needs(&self) -> VisitorNeeds {
        VisitorNeeds {
            languages: parse_list(&self.form.text(LANGUAGES)),
            lived_experience: parse_list(&self.form.text(LIVED)),
        }
    }

    fn selected_candidate(&self) -> Option<&Candidate> {
        self.subject.candidates.get(self.form.selected(WORKER))
    }

    /// New ranking for the needs typed; the lead's pick stays chosen, otherwise the best.
    pub fn set_candidates(&mut self, needs: VisitorNeeds, candidates: Vec<Candidate>) {
        let keep = self
            .chosen_by_lead
            .then(|| self.selected_candidate().map(|c| c.worker_id))
            .flatten();
        let selected = keep
            .and_then(|id| candidates.iter().position(|c| c.worker_id == id))
            .unwrap_or(0);
        if let Some(field) = self.form.field_mut(WORKER) {
            *field = worker_field(&candidates, selected).id(WORKER);
        }
        self.subject.candidates = candidates;
        self.ranked_for = needs;
    }

    /// A refusal from the rules: said in the form; when a reason would let it go ahead, the
    /// override field is focused.
    pub fn refused(&mut self, refused: &Refused) {
        let message = safe(&format!("Refused: {refused}"));
        match refused {
            Refused::Final(_) => {
                self.form.error(message);
                if refused
                    .refusals()
                    .iter()
                    .any(|r| matches!(r, Refusal::PlannedOverLimit { .. }))
                {
                    self.form.focus_on(PLANNED);
                }
            }
            Refused::NeedsReason(_) | Refused::BadReason(_) => {
                self.form.error(message);
                self.form.focus_on(OVERRIDE);
            }
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent, today: NaiveDate, limit: u32) -> AssignEvent {
        let event = self.form.handle_key(key);
        match event {
            FieldsEvent::Cancel => return AssignEvent::Cancel,
            FieldsEvent::Submit => {
                return match self.read(today, limit) {
                    Ok(a) => AssignEvent::Submit(a),
                    Err((field, message)) => {
                        self.form.refuse_at::<()>(field, message);
                        AssignEvent::None
                    }
                };
            }
            FieldsEvent::Edited if self.form.is_focused(WORKER) => self.chosen_by_lead = true,
            _ => {}
        }
        // Re-rank once the lead has moved off the needs they typed.
        let needs = self.needs();
        if needs != self.ranked_for
            && ![LANGUAGES, LIVED]
                .iter()
                .any(|id| self.form.is_focused(*id))
        {
            return AssignEvent::Rerank(needs);
        }
        AssignEvent::None
    }

    fn read(&self, today: NaiveDate, limit: u32) -> Result<NewAssignment, (FieldId, String)> {
        let worker = self.selected_candidate().ok_or((
            WORKER,
            "There is no active peer worker to assign; add one on the roster first.".to_string(),
        ))?;
        let started_on = parse_typed_date(&self.form.text(START)).map_err(|e| (START, e))?;
        if started_on > today {
            return Err((START, "An assignment cannot start in the future.".into()));
        }
        let planned_text = self.form.text(PLANNED);
        let planned = planned_text.trim().parse::<u32>().map_err(|_| {
            (
                PLANNED,
                format!("Sessions planned: write a number from 1 to {limit}."),
            )
        })?;
        check_sessions_planned(planned).map_err(|e| (PLANNED, e))?;
        if planned > limit {
            return Err((
                PLANNED,
                Refusal::PlannedOverLimit { planned, limit }.to_string(),
            ));
        }
        let reason = self.form.text(OVERRIDE);
        Ok(NewAssignment {
            person_id: self.subject.person_id,
            worker_id: worker.worker_id,
            visit_id: self.subject.visit_id,
            started_on,
            sessions_planned: planned,
            override_reason: (!reason.trim().is_empty()).then_some(reason),
        })
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let [head, form, list] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(13),
            Constraint::Min(SHOWN as u16 + 2),
        ])
        .areas(area);
        let s = &self.subject;
        let visit = s.visit_id.map_or("not from a visit".to_string(), |v| {
            format!("from visit #{v}")
        });
        let current = if s.current.is_empty() {
            "no other peer worker".to_string()
        } else {
            let names: Vec<String> = s
                .current
                .iter()
                .map(|a| format!("{} ({})", safe(&a.worker_name), a.sessions_text()))
                .collect();
            format!("already with {}", names.join(", "))
        };
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::styled(" Visitor ", theme.title()),
                    Span::raw(format!("{} · {visit} · {current}", safe(&s.person_label))),
                ]),
                Line::raw(""),
            ]),
            head,
        );
        self.form.render(
            frame,
            form,
            theme,
            &[
                Say::As(FormKey::Submit, "assigns"),
                Say::Moves("fields"),
                Say::Key(FormKey::Cancel),
            ],
        );
        self.render_candidates(frame, list, theme);
    }

    fn render_candidates(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let cands = &self.subject.candidates;
        let filter = self.form.filter(WORKER);
        // While the lead types a name, only the workers it matches (numbered as ranked).
        let shown: Vec<usize> = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| filter.is_none_or(|f| matches(&c.name, f)))
            .map(|(i, _)| i)
            .collect();
        let count = match filter {
            Some(f) => match_count(shown.len(), cands.len(), f),
            None => format!("{} active", cands.len()),
        };
        let block = block::titled(format!(" Suggested peer workers ({count}) "), theme);
        if cands.is_empty() {
            frame.render_widget(
                Paragraph::new("  No active peer workers.").block(block),
                area,
            );
            return;
        }
        let selected = self.form.selected(WORKER);
        let inner = block.inner(area);
        let width = usize::from(inner.width);
        // A window of SHOWN candidates that keeps the chosen one in view.
        let at = shown.iter().position(|i| *i == selected).unwrap_or(0);
        let first = at.saturating_sub(SHOWN - 1);
        let rows: Vec<(usize, String, String)> = shown
            .iter()
            .filter_map(|i| cands.get(*i).map(|c| (*i, c)))
            .skip(first)
            .take(SHOWN)
            .map(|(i, c)| {
                let mark = if i == selected { "▸" } else { " " };
                let head = format!("{mark}{:>2}. {:<20} ", i + 1, safe(&c.name));
                let text = format!("{head}{}", safe(&c.reasons.join(" · ")));
                let (row, rest) = split_at_width(&text, width);
                let rest = if rest.is_empty() {
                    rest
                } else {
                    format!("{}{rest}", " ".repeat(head.chars().count().min(width / 2)))
                };
                (i, row, rest)
            })
            .collect();
        // Reasons run on to a second row when every candidate shown has room for it;
        // otherwise each is cut short with "…".
        let needed = rows.len() + rows.iter().filter(|r| !r.2.is_empty()).count();
        let run_on = needed <= usize::from(inner.height);
        let mut lines: Vec<Line<'_>> = Vec::new();
        for (i, row, rest) in rows {
            let style = if i == selected {
                theme.selected()
            } else {
                ratatui::style::Style::default()
            };
            if rest.is_empty() {
                lines.push(Line::styled(row, style));
            } else if run_on {
                lines.push(Line::styled(row, style));
                lines.push(Line::styled(split_at_width(&rest, width).0, style));
            } else {
                let cut: String = row.chars().take(width.saturating_sub(1)).collect();
                lines.push(Line::styled(
                    format!("{}…", cut.trim_end_matches(" ·")),
                    style,
                ));
            }
        }
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }
}

/// The first `width` characters (broken after a " · " where one fits) and the rest.
fn split_at_width(text: &str, width: usize) -> (String, String) {
    if text.chars().count() <= width {
        return (text.to_string(), String::new());
    }
    let cut: String = text.chars().take(width).collect();
    let at = cut.rfind(" ·").map_or(cut.len(), |i| i + " ·".len());
    let (a, b) = text.split_at(at);
    (a.trim_end().to_string(), b.trim_start().to_string())
}

#[cfg(test)]
mod tests {
    use super::split_at_width;

    #[test]
    fn long_reasons_break_between_reasons() {
        assert_eq!(
            split_at_width("on tonight · 0 of 5 visitors · speaks Polish", 30),
            (
                "on tonight · 0 of 5 visitors ·".to_string(),
                "speaks Polish".to_string()
            )
        );
        assert_eq!(split_at_width("short", 30), ("short".into(), String::new()));
        assert_eq!(
            split_at_width("abcdefghij", 4),
            ("abcd".into(), "efghij".into())
        );
    }
}
