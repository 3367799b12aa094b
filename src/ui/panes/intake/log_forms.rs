//! Incidents and follow-ups logged from a visit (they feed the handover).

use crate::domain::text::{optional_line, single_line};
use crate::domain::time::{CLOCK_TEXT_MAX, clock_text, parse_typed_clock, parse_typed_date};
use crate::domain::visit::{
    FollowUp, Incident, LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX, incident_time_from_clock,
};
use crate::ui::widgets::fields::{Field, FieldForm, FieldId};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub const TIME: FieldId = FieldId::new("time");
pub const KIND: FieldId = FieldId::new("kind");
pub const PEOPLE: FieldId = FieldId::new("people");
pub const ACTION: FieldId = FieldId::new("action");
pub const STAFF: FieldId = FieldId::new("staff");

pub fn incident_form(now: DateTime<Utc>, tz: Tz) -> FieldForm {
    FieldForm::new(
        "Log an incident",
        vec![
            Field::text("Time (hh:mm)", CLOCK_TEXT_MAX, &clock_text(now, tz)).id(TIME),
            Field::text("What happened (kind)", SHORT_TEXT_MAX, "").id(KIND),
            Field::text("People involved", SHORT_TEXT_MAX, "").id(PEOPLE),
            Field::area("Action taken", LONG_TEXT_MAX, "").id(ACTION),
            Field::text("Staff present", SHORT_TEXT_MAX, "").id(STAFF),
        ],
    )
}

/// `arrived_at`: the visit's arrival; the incident happened between then and now.
pub fn read_incident(
    form: &FieldForm,
    visit_id: i64,
    arrived_at: DateTime<Utc>,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Incident, (FieldId, String)> {
    let time = parse_typed_clock(&form.text(TIME)).map_err(|e| (TIME, e))?;
    let at = incident_time_from_clock(&time, arrived_at, tz, now).map_err(|e| (TIME, e))?;
    let kind = single_line("What happened", &form.text(KIND), SHORT_TEXT_MAX)
        .map_err(|e| (KIND, e.to_string()))?;
    let people = optional_line("People involved", &form.text(PEOPLE), SHORT_TEXT_MAX)
        .map_err(|e| (PEOPLE, e.to_string()))?;
    let action = form.text(ACTION);
    if action.chars().count() > LONG_TEXT_MAX {
        return Err((
            ACTION,
            format!("Action taken is too long (at most {LONG_TEXT_MAX} characters)."),
        ));
    }
    let staff = optional_line("Staff present", &form.text(STAFF), SHORT_TEXT_MAX)
        .map_err(|e| (STAFF, e.to_string()))?;
    Ok(Incident {
        id: 0,
        visit_id,
        occurred_at: at,
        kind,
        people: people.unwrap_or_default(),
        action: action.trim().to_string(),
        staff: staff.unwrap_or_default(),
    })
}

pub const FOR: FieldId = FieldId::new("for");
pub const TASK: FieldId = FieldId::new("task");
pub const OWNER: FieldId = FieldId::new("owner");
pub const DUE: FieldId = FieldId::new("due");

pub fn follow_up_form(person_label: &str) -> FieldForm {
    FieldForm::new(
        "Add a follow-up",
        vec![
            Field::text("For (person)", NAME_MAX, person_label).id(FOR),
            Field::text("Task", SHORT_TEXT_MAX, "").id(TASK),
            Field::text("Owner", NAME_MAX, "").id(OWNER),
            Field::text("Due (dd/mm/yyyy)", 10, "").id(DUE),
        ],
    )
}

pub fn read_follow_up(form: &FieldForm, visit_id: i64) -> Result<FollowUp, (FieldId, String)> {
    let person =
        optional_line("For", &form.text(FOR), NAME_MAX).map_err(|e| (FOR, e.to_string()))?;
    let task =
        single_line("Task", &form.text(TASK), SHORT_TEXT_MAX).map_err(|e| (TASK, e.to_string()))?;
    let owner =
        optional_line("Owner", &form.text(OWNER), NAME_MAX).map_err(|e| (OWNER, e.to_string()))?;
    let due = form.text(DUE);
    let due_on = if due.trim().is_empty() {
        None
    } else {
        Some(parse_typed_date(&due).map_err(|e| (DUE, e))?)
    };
    Ok(FollowUp {
        id: 0,
        visit_id,
        person: person.unwrap_or_default(),
        task,
        owner: owner.unwrap_or_default(),
        due_on,
        ..FollowUp::default()
    })
}
