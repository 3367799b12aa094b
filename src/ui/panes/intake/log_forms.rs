//! Incidents and follow-ups logged from a visit (they feed the handover).

use crate::domain::text::{optional_line, single_line};
use crate::domain::time::{parse_typed_date, parse_typed_time};
use crate::domain::visit::{FollowUp, Incident, LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX};
use crate::ui::widgets::fields::{Field, FieldForm};
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;

pub fn incident_form(now: DateTime<Utc>, tz: Tz) -> FieldForm {
    FieldForm::new(
        "Log an incident",
        vec![
            Field::text(
                "Time (hh:mm)",
                5,
                &now.with_timezone(&tz).format("%H:%M").to_string(),
            ),
            Field::text("What happened (kind)", SHORT_TEXT_MAX, ""),
            Field::text("People involved", SHORT_TEXT_MAX, ""),
            Field::area("Action taken", LONG_TEXT_MAX, ""),
            Field::text("Staff present", SHORT_TEXT_MAX, ""),
        ],
    )
}

pub fn read_incident(
    form: &FieldForm,
    visit_id: i64,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Incident, (usize, String)> {
    let time = parse_typed_time(&form.text(0)).map_err(|e| (0, e))?;
    let today = now.with_timezone(&tz).date_naive();
    // A time later than now is taken to be yesterday evening (a shift crossing midnight).
    let mut at = tz
        .from_local_datetime(&today.and_time(time))
        .earliest()
        .ok_or((0, "That time does not exist.".to_string()))?;
    if at.with_timezone(&Utc) > now + chrono::Duration::minutes(1) {
        at = tz
            .from_local_datetime(&(today - chrono::Duration::days(1)).and_time(time))
            .earliest()
            .ok_or((0, "That time does not exist.".to_string()))?;
    }
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
        occurred_at: at.with_timezone(&Utc),
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
        done_at: None,
        done_by: None,
    })
}
