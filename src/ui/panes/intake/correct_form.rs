//! Correcting a visit's quick-add details (`E` in a visit): the arrival, contact mode and
//! referral source, and the person's names, phone and date of birth, with a reason. Only what
//! changed is recorded; the previous values stay in the history. Also an incident's
//! correction (`I`) and the reason a follow-up marked done is reopened (`D`).

use crate::domain::correction::{DetailsCorrection, REASON_MAX, check_reason, corrected_arrival};
use crate::domain::person::PersonDetails;
use crate::domain::text::{optional_line, single_line};
use crate::domain::time::{parse_typed_date, parse_typed_time};
use crate::domain::visit::{
    ContactMode, Incident, LONG_TEXT_MAX, NAME_MAX, ReferralSource, SHORT_TEXT_MAX, VisitRecord,
};
use crate::ui::widgets::fields::{Field, FieldForm, FieldId};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub const MODE: FieldId = FieldId::new("mode");
pub const SOURCE: FieldId = FieldId::new("source");
pub const ARRIVED: FieldId = FieldId::new("arrived");
pub const NAME: FieldId = FieldId::new("name");
pub const FULL_NAME: FieldId = FieldId::new("full name");
pub const PHONE: FieldId = FieldId::new("phone");
pub const DOB: FieldId = FieldId::new("dob");
pub const REASON: FieldId = FieldId::new("reason");

/// The form, filled with what is recorded now.
pub fn form(
    v: &VisitRecord,
    person: &PersonDetails,
    sources: &[ReferralSource],
    tz: Tz,
) -> FieldForm {
    let modes = ContactMode::ALL
        .iter()
        .map(|m| m.label().to_string())
        .collect();
    let mode = ContactMode::ALL
        .iter()
        .position(|m| *m == v.contact_mode)
        .unwrap_or(0);
    let mut source_names: Vec<String> = vec!["— not recorded —".into()];
    source_names.extend(sources.iter().map(|s| s.label.clone()));
    let source = v
        .referral_source_id
        .and_then(|id| sources.iter().position(|s| s.id == id))
        .map_or(0, |i| i + 1);
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    FieldForm::new(
        "Correct the quick-add details",
        vec![
            Field::choice("Contact", modes, mode)
                .with_hint("←/→ to choose")
                .id(MODE),
            Field::choice("Referred by", source_names, source)
                .with_hint("←/→ or type the first letter")
                .id(SOURCE),
            Field::text(
                "Arrived (hh:mm)",
                5,
                &v.arrived_at.with_timezone(&tz).format("%H:%M").to_string(),
            )
            .id(ARRIVED),
            Field::text(
                "Name (blank: anonymous)",
                NAME_MAX,
                &text(&person.display_name),
            )
            .id(NAME),
            Field::text("Full name", NAME_MAX, &text(&person.full_name)).id(FULL_NAME),
            Field::text("Phone", 40, &text(&person.phone)).id(PHONE),
            Field::text(
                "Date of birth",
                10,
                &person
                    .date_of_birth
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
            )
            .with_hint("dd/mm/yyyy")
            .id(DOB),
            Field::text("Reason (required)", REASON_MAX, "")
                .with_hint("Why, in one short line: e.g. typed wrong")
                .id(REASON),
        ],
    )
}

/// Reads the form; on a problem, says which field and leaves everything typed in place.
pub fn read(
    form: &FieldForm,
    v: &VisitRecord,
    sources: &[ReferralSource],
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<DetailsCorrection, (FieldId, String)> {
    let contact_mode = form.picked(MODE, ContactMode::ALL)?;
    let referral_source_id = form.picked_or_none(SOURCE, sources)?.map(|s| s.id);
    let time = parse_typed_time(&form.text(ARRIVED)).map_err(|e| (ARRIVED, e))?;
    let arrived_at = corrected_arrival(time, v.arrived_at, tz, now).map_err(|e| (ARRIVED, e))?;
    let line = |i: FieldId, label: &'static str, max| {
        optional_line(label, &form.text(i), max).map_err(|e| (i, e.to_string()))
    };
    let display_name = line(NAME, "Name", NAME_MAX)?;
    let full_name = line(FULL_NAME, "Full name", NAME_MAX)?;
    let phone = line(PHONE, "Phone", 40)?;
    let dob_text = form.text(DOB);
    let date_of_birth = if dob_text.trim().is_empty() {
        None
    } else {
        let d = parse_typed_date(&dob_text).map_err(|e| (DOB, e))?;
        if d > now.with_timezone(&tz).date_naive() {
            return Err((DOB, "The date of birth is in the future.".into()));
        }
        Some(d)
    };
    let reason = check_reason(&form.text(REASON)).map_err(|e| (REASON, e))?;
    Ok(DetailsCorrection {
        visit_id: v.id,
        person_id: v.person_id,
        arrived_at,
        contact_mode,
        referral_source_id,
        person: PersonDetails {
            display_name,
            full_name,
            date_of_birth,
            phone,
        },
        reason,
    })
}

/// An incident's fields as recorded, with a reason: editing one is a correction.
pub fn incident_form(i: &Incident, tz: Tz) -> FieldForm {
    FieldForm::new(
        "Correct the incident",
        vec![
            Field::text(
                "Time (hh:mm)",
                5,
                &i.occurred_at.with_timezone(&tz).format("%H:%M").to_string(),
            )
            .id(INCIDENT_TIME),
            Field::text("What happened (kind)", SHORT_TEXT_MAX, &i.kind).id(INCIDENT_KIND),
            Field::text("People involved", SHORT_TEXT_MAX, &i.people).id(INCIDENT_PEOPLE),
            Field::area("Action taken", LONG_TEXT_MAX, &i.action).id(INCIDENT_ACTION),
            Field::text("Staff present", SHORT_TEXT_MAX, &i.staff).id(INCIDENT_STAFF),
            Field::text("Reason (required)", REASON_MAX, "")
                .with_hint("Why, in one short line: e.g. typed wrong")
                .id(INCIDENT_REASON),
        ],
    )
}

pub const INCIDENT_TIME: FieldId = FieldId::new("incident time");
pub const INCIDENT_KIND: FieldId = FieldId::new("incident kind");
pub const INCIDENT_PEOPLE: FieldId = FieldId::new("incident people");
pub const INCIDENT_ACTION: FieldId = FieldId::new("incident action");
pub const INCIDENT_STAFF: FieldId = FieldId::new("incident staff");
pub const INCIDENT_REASON: FieldId = FieldId::new("incident reason");

/// The corrected incident and the reason. The time is read near the one recorded and never
/// later than now (see `corrected_arrival`).
pub fn read_incident(
    form: &FieldForm,
    old: &Incident,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<(Incident, String), (FieldId, String)> {
    let time = parse_typed_time(&form.text(INCIDENT_TIME)).map_err(|e| (INCIDENT_TIME, e))?;
    let occurred_at = corrected_arrival(time, old.occurred_at, tz, now)
        .map_err(|e| (INCIDENT_TIME, e.replace("arrival", "incident time")))?;
    let kind = single_line("What happened", &form.text(INCIDENT_KIND), SHORT_TEXT_MAX)
        .map_err(|e| (INCIDENT_KIND, e.to_string()))?;
    let people = optional_line(
        "People involved",
        &form.text(INCIDENT_PEOPLE),
        SHORT_TEXT_MAX,
    )
    .map_err(|e| (INCIDENT_PEOPLE, e.to_string()))?;
    let action = form.text(INCIDENT_ACTION);
    if action.chars().count() > LONG_TEXT_MAX {
        return Err((
            INCIDENT_ACTION,
            format!("Action taken is too long (at most {LONG_TEXT_MAX} characters)."),
        ));
    }
    let staff = optional_line("Staff present", &form.text(INCIDENT_STAFF), SHORT_TEXT_MAX)
        .map_err(|e| (INCIDENT_STAFF, e.to_string()))?;
    let reason = check_reason(&form.text(INCIDENT_REASON)).map_err(|e| (INCIDENT_REASON, e))?;
    Ok((
        Incident {
            occurred_at,
            kind,
            people: people.unwrap_or_default(),
            action: action.trim().to_string(),
            staff: staff.unwrap_or_default(),
            ..old.clone()
        },
        reason,
    ))
}

/// Why a follow-up marked done is open again.
pub fn reopen_form(task: &str) -> FieldForm {
    FieldForm::new(
        "Reopen a follow-up marked done",
        vec![
            Field::text("Reason (required)", REASON_MAX, "")
                .with_hint(format!("Reopens: {}", crate::ui::safe(task)))
                .id(REASON),
        ],
    )
}
