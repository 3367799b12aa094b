//! One assignment: its dates, sessions planned and used, any override, the session log; and the
//! forms to log a session and to end the assignment.

use crate::domain::peers::{
    Assignment, NewSession, PeerSettings, REASON_MAX, SESSION_NOTE_MAX, Session, SessionFacts,
    check_end, check_minutes, check_next_session, check_session_date, long_date,
};
use crate::domain::text::single_line;
use crate::domain::time::parse_typed_date;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::fields::{Field, FieldForm, FieldId};
use crate::ui::widgets::hint;
use crate::ui::widgets::scroll::Scroll;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Everything the view shows, loaded by the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentView {
    pub assignment: Assignment,
    pub sessions: Vec<Session>,
    /// Every correction of its logged sessions, as sentences, oldest first.
    pub history: Vec<String>,
    pub scroll: Scroll,
}

fn row<'a>(label: &str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<18}"), theme.title()),
        Span::raw(value),
    ])
}

impl AssignmentView {
    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        settings: &PeerSettings,
    ) {
        let a = &self.assignment;
        let mut lines = vec![
            row(
                "Visitor",
                format!(
                    "{}{}",
                    safe(&a.person_label()),
                    a.visit_id
                        .map(|v| format!(" · from visit #{v}"))
                        .unwrap_or_default()
                ),
                theme,
            ),
            row("Peer worker", safe(&a.worker_name), theme),
            row("Started", long_date(a.started_on), theme),
            row(
                "Sessions",
                format!(
                    "{} planned · {} minutes in all · limit {} per visitor",
                    a.sessions_text(),
                    a.minutes_used,
                    settings.session_limit
                ),
                theme,
            ),
            row(
                "Status",
                match a.ended_on {
                    None => "active".to_string(),
                    Some(d) => format!("ended {}: {}", long_date(d), safe(&a.end_reason)),
                },
                theme,
            ),
        ];
        if !a.override_reason.is_empty() {
            lines.push(row(
                "Override",
                format!("assigned despite a refusal: {}", safe(&a.override_reason)),
                theme,
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Session log ({})", self.sessions.len()),
            theme.title(),
        ));
        if self.sessions.is_empty() {
            lines.push(Line::raw("  No sessions yet. Press l to log one."));
        }
        for (i, s) in self.sessions.iter().enumerate() {
            let mut text = format!(
                "  {:>2}. {} · {} min",
                i + 1,
                s.held_on.format("%a %-d %b %Y"),
                s.minutes
            );
            if !s.note.is_empty() {
                text.push_str(&format!(" · {}", safe(&s.note)));
            }
            if !s.override_reason.is_empty() {
                text.push_str(&format!(" · override: {}", safe(&s.override_reason)));
            }
            lines.push(Line::raw(text));
        }
        if !self.history.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!(
                    "History ({})",
                    crate::domain::plural::count(self.history.len(), "correction", "corrections")
                ),
                theme.title(),
            ));
            for h in &self.history {
                lines.push(Line::raw(format!("  {}", safe(h))));
            }
        }
        let keys = super::bindings::assignment_hint(a.is_active());
        let footer = hint::in_border(&keys, area.width);
        hint::record_border_keys(area, &footer);
        let block = block::titled(
            format!(
                " Assignment — {} with {} ",
                safe(&a.person_label()),
                safe(&a.worker_name)
            ),
            theme,
        )
        .title_bottom(Line::styled(footer, theme.dim()));
        self.scroll.render(frame, area, lines, block);
    }
}

pub const HELD_ON: FieldId = FieldId::new("held on");
pub const MINUTES: FieldId = FieldId::new("minutes");
pub const NOTE: FieldId = FieldId::new("note");
pub const OVERRIDE: FieldId = FieldId::new("override");

/// The form for the next session; when it would be past the plan, the override field says so
/// before anything is typed. The limit over the visitor's episode and the weekly pacing need
/// their other sessions, so the app checks those on saving and asks then.
pub fn session_form(a: &Assignment, settings: &PeerSettings, today: NaiveDate) -> FieldForm {
    let no_other_sessions: [NaiveDate; 0] = [];
    let facts = SessionFacts {
        logged: a.sessions_used,
        planned: a.sessions_planned,
        visitor_sessions: &no_other_sessions,
        held_on: today,
    };
    let refusals = check_next_session(&facts, settings);
    let override_hint = if refusals.is_empty() {
        "Only if asked: past the plan or the limit, or within a week of another session".to_string()
    } else {
        let reasons: Vec<String> = refusals.iter().map(ToString::to_string).collect();
        format!("Needed: {}", reasons.join(" "))
    };
    FieldForm::new(
        format!(
            "Log session {} — {} with {}",
            a.sessions_used + 1,
            a.person_label(),
            a.worker_name
        ),
        vec![
            Field::text(
                "Date (dd/mm/yyyy)",
                10,
                &today.format("%d/%m/%Y").to_string(),
            )
            .id(HELD_ON),
            Field::number("Minutes", "")
                .with_hint("How long it lasted, 1 to 240")
                .id(MINUTES),
            Field::text("Note", SESSION_NOTE_MAX, "")
                .with_hint("A short note; no more than the team needs")
                .id(NOTE),
            Field::text("Override reason", REASON_MAX, "")
                .with_hint(override_hint)
                .id(OVERRIDE),
        ],
    )
}

pub fn read_session(
    form: &FieldForm,
    a: &Assignment,
    today: NaiveDate,
) -> Result<NewSession, (FieldId, String)> {
    let held_on = parse_typed_date(&form.text(HELD_ON)).map_err(|e| (HELD_ON, e))?;
    check_session_date(held_on, a.started_on, a.ended_on, today).map_err(|e| (HELD_ON, e))?;
    let minutes_text = form.text(MINUTES);
    let minutes = minutes_text.trim().parse::<u32>().map_err(|_| {
        (
            MINUTES,
            if minutes_text.trim().is_empty() {
                "Minutes: how long the session lasted, 1 to 240.".to_string()
            } else {
                format!(
                    "Minutes: \"{}\" is not a number of minutes (1 to 240).",
                    safe(minutes_text.trim())
                )
            },
        )
    })?;
    check_minutes(minutes).map_err(|e| (MINUTES, e))?;
    let reason = form.text(OVERRIDE);
    Ok(NewSession {
        assignment_id: a.id,
        held_on,
        minutes,
        note: form.text(NOTE),
        override_reason: (!reason.trim().is_empty()).then_some(reason),
    })
}

pub const ENDED_ON: FieldId = FieldId::new("ended on");
pub const END_REASON: FieldId = FieldId::new("end reason");

pub fn end_form(a: &Assignment, today: NaiveDate) -> FieldForm {
    FieldForm::new(
        format!(
            "End assignment — {} with {}",
            a.person_label(),
            a.worker_name
        ),
        vec![
            Field::text(
                "Ended on (dd/mm/yyyy)",
                10,
                &today.format("%d/%m/%Y").to_string(),
            )
            .id(ENDED_ON),
            Field::text("Reason", REASON_MAX, "")
                .with_hint("e.g. sessions completed, visitor chose to stop, moved away")
                .id(END_REASON),
        ],
    )
}

pub fn read_end(
    form: &FieldForm,
    a: &Assignment,
    today: NaiveDate,
) -> Result<(NaiveDate, String), (FieldId, String)> {
    let ended_on = parse_typed_date(&form.text(ENDED_ON)).map_err(|e| (ENDED_ON, e))?;
    check_end(a.started_on, ended_on).map_err(|e| (ENDED_ON, e))?;
    if ended_on > today {
        return Err((
            ENDED_ON,
            "An assignment cannot be ended on a future date.".into(),
        ));
    }
    let reason = single_line("Reason for ending", &form.text(END_REASON), REASON_MAX)
        .map_err(|e| (END_REASON, format!("{e}.")))?;
    Ok((ended_on, reason))
}
