//! Handing an assignment to another worker (`h` in an assignment): the worker, why, and the
//! override's reason when the new worker is over their cap or not on in the shift. The same
//! rules as assigning decide, in the store. Also correcting a logged session (`c`).

use crate::domain::correction::{REASON_MAX, check_reason};
use crate::domain::peers::{Assignment, SESSION_NOTE_MAX, Session, check_minutes};
use crate::domain::time::parse_typed_date;
use crate::ui::widgets::fields::{Field, FieldForm, FieldId};

pub const WORKER: FieldId = FieldId::new("worker");
pub const REASON: FieldId = FieldId::new("reason");
pub const OVERRIDE: FieldId = FieldId::new("override");

/// A hand-over read from the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOver {
    pub assignment_id: i64,
    pub worker_id: i64,
    pub reason: String,
    pub override_reason: Option<String>,
}

pub fn form(a: &Assignment, workers: &[(i64, String)]) -> FieldForm {
    FieldForm::new(
        format!(
            "Hand over — {} (now with {})",
            a.person_label(),
            a.worker_name
        ),
        vec![
            Field::choice(
                "To worker",
                workers.iter().map(|(_, n)| n.clone()).collect(),
                0,
            )
            .filterable()
            .with_hint("Type part of a name to narrow, ←/→ to choose")
            .id(WORKER),
            Field::text("Reason (required)", REASON_MAX, "")
                .with_hint("e.g. on leave for a month; the visitor asked")
                .id(REASON),
            Field::text("Override reason", REASON_MAX, "")
                .with_hint("Only if the worker is over their cap or not on tonight")
                .id(OVERRIDE),
        ],
    )
}

pub fn read(
    form: &FieldForm,
    a: &Assignment,
    workers: &[(i64, String)],
) -> Result<HandOver, (FieldId, String)> {
    let worker_id = workers
        .get(form.selected(WORKER))
        .map(|w| w.0)
        .ok_or((WORKER, "Choose the worker to hand over to.".to_string()))?;
    let reason = check_reason(&form.text(REASON)).map_err(|e| (REASON, e))?;
    let over = form.text(OVERRIDE);
    Ok(HandOver {
        assignment_id: a.id,
        worker_id,
        reason,
        override_reason: (!over.trim().is_empty()).then(|| over.trim().to_string()),
    })
}

/// A logged session's date, minutes and note as recorded, with a reason: correcting one.
pub fn session_form(s: &Session, number: usize) -> FieldForm {
    FieldForm::new(
        format!("Correct session {number}"),
        vec![
            Field::text(
                "Date (dd/mm/yyyy)",
                10,
                &s.held_on.format("%d/%m/%Y").to_string(),
            )
            .id(SESSION_DATE),
            Field::number("Minutes", &s.minutes.to_string())
                .with_hint("1 to 240")
                .id(SESSION_MINUTES),
            Field::text("Note", SESSION_NOTE_MAX, &s.note).id(SESSION_NOTE),
            Field::text("Reason (required)", REASON_MAX, "")
                .with_hint("Why, in one short line: e.g. typed 5 for 50")
                .id(SESSION_REASON),
        ],
    )
}

pub const SESSION_DATE: FieldId = FieldId::new("session date");
pub const SESSION_MINUTES: FieldId = FieldId::new("session minutes");
pub const SESSION_NOTE: FieldId = FieldId::new("session note");
pub const SESSION_REASON: FieldId = FieldId::new("session reason");

/// The corrected session and the reason; the store checks the dates against the assignment.
pub fn read_session(form: &FieldForm, s: &Session) -> Result<(Session, String), (FieldId, String)> {
    let held_on = parse_typed_date(&form.text(SESSION_DATE)).map_err(|e| (SESSION_DATE, e))?;
    let minutes = form
        .text(SESSION_MINUTES)
        .trim()
        .parse::<u32>()
        .map_err(|_| {
            (
                SESSION_MINUTES,
                "Minutes: how long the session lasted, 1 to 240.".to_string(),
            )
        })?;
    check_minutes(minutes).map_err(|e| (SESSION_MINUTES, e))?;
    let reason = check_reason(&form.text(SESSION_REASON)).map_err(|e| (SESSION_REASON, e))?;
    Ok((
        Session {
            held_on,
            minutes,
            note: form.text(SESSION_NOTE).trim().to_string(),
            ..s.clone()
        },
        reason,
    ))
}
