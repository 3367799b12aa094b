//! Incidents and follow-ups logged from a visit (they feed the handover).

use crate::domain::text::{optional_line, single_line};
use crate::domain::time::{CLOCK_TEXT_MAX, clock_text, parse_typed_clock, parse_typed_date};
use crate::domain::visit::{
    FollowUp, Incident, LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX, incident_time_from_clock,
};
use crate::ui::widgets::fields::{Field, FieldForm};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub fn incident_form(now: DateTime<Utc>, tz: Tz) -> FieldForm {
    FieldForm::new(
        "Log an incident",
        vec![
            Field::text("Time (hh:mm)", CLOCK_TEXT_MAX, &clock_text(now, tz)),
            Field::text("What happened (kind)", SHORT_TEXT_MAX, ""),
            Field::text("People involved", SHORT_TEXT_MAX, ""),
            Field::area("Action taken", LONG_TEXT_MAX, ""),
            Field::text("Staff present", SHORT_TEXT_MAX, ""),
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
) -> Result<Incident, (usize, String)> {
    let time = parse_typed_clock(&form.text(0)).map_err(|e| (0, e))?;
    let at = incident_time_from_clock(&time, arrived_at, tz, now).map_err(|e| (0, e))?;
    let kind = single_line("What happened", &form.text(1), SHORT_TEXT_MAX)
        .map_err(|e| (1, e.to_string()))?;
    let people = optional_line("People involved", &form.text(2), SHORT_TEXT_MAX)
        .map_err(|e| (2, e.to_string()))?;
    let action = form.text(3);
    if action.chars().count() > LONG_TEXT_MAX {
        return Err((
            3,
            format!("Action taken is too long (at most {LONG_TEXT_MAX} characters)."),
        ));
    }
    let staff = optional_line("Staff present", &form.text(4), SHORT_TEXT_MAX)
        .map_err(|e| (4, e.to_string()))?;
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

pub fn follow_up_form(person_label: &str) -> FieldForm {
    FieldForm::new(
        "Add a follow-up",
        vec![
            Field::text("For (person)", NAME_MAX, person_label),
            Field::text("Task", SHORT_TEXT_MAX, ""),
            Field::text("Owner", NAME_MAX, ""),
            Field::text("Due (dd/mm/yyyy)", 10, ""),
        ],
    )
}

pub fn read_follow_up(form: &FieldForm, visit_id: i64) -> Result<FollowUp, (usize, String)> {
    let person = optional_line("For", &form.text(0), NAME_MAX).map_err(|e| (0, e.to_string()))?;
    let task =
        single_line("Task", &form.text(1), SHORT_TEXT_MAX).map_err(|e| (1, e.to_string()))?;
    let owner = optional_line("Owner", &form.text(2), NAME_MAX).map_err(|e| (2, e.to_string()))?;
    let due = form.text(3);
    let due_on = if due.trim().is_empty() {
        None
    } else {
        Some(parse_typed_date(&due).map_err(|e| (3, e))?)
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
