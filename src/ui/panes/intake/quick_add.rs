//! Quick add: a new arrival in a few keystrokes. Only the contact mode and source are chosen;
//! everything else may be left blank (an anonymous visitor) and completed later.

use crate::domain::person::PersonDetails;
use crate::domain::shift::Shift;
use crate::domain::text::optional_line;
use crate::domain::time::{CLOCK_TEXT_MAX, clock_text, parse_typed_clock, parse_typed_date};
use crate::domain::visit::{ContactMode, NAME_MAX, NEED_MAX, ReferralSource, arrival_from_clock};
use crate::ui::widgets::fields::{Field, FieldForm, FieldId};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// A validated quick add, ready to save once the lead has said who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickAdd {
    pub arrived_at: DateTime<Utc>,
    pub contact_mode: ContactMode,
    pub referral_source_id: Option<i64>,
    pub person: PersonDetails,
    pub presenting_need: String,
}

pub const MODE: FieldId = FieldId::new("mode");
pub const SOURCE: FieldId = FieldId::new("source");
pub const NAME: FieldId = FieldId::new("name");
pub const NEED: FieldId = FieldId::new("need");
pub const ARRIVED: FieldId = FieldId::new("arrived");
pub const PHONE: FieldId = FieldId::new("phone");
pub const DOB: FieldId = FieldId::new("dob");

pub fn form(sources: &[ReferralSource], now: DateTime<Utc>, tz: Tz) -> FieldForm {
    let modes = ContactMode::ALL
        .iter()
        .map(|m| m.label().to_string())
        .collect();
    let mut source_names: Vec<String> = vec!["— not recorded —".into()];
    source_names.extend(sources.iter().map(|s| s.label.clone()));
    FieldForm::new(
        "New arrival",
        vec![
            Field::choice("Contact", modes, 0)
                .with_hint("←/→ to choose")
                .id(MODE),
            Field::choice("Referred by", source_names, 0)
                .with_hint("←/→ or type the first letter")
                .id(SOURCE),
            Field::text("Name (blank: anonymous)", NAME_MAX, "")
                .with_hint("First name or initials are enough")
                .id(NAME),
            Field::text("Presenting need", NEED_MAX, "").id(NEED),
            // The default names the real instant, with its zone in the hour the clocks go back.
            Field::text("Arrived (hh:mm)", CLOCK_TEXT_MAX, &clock_text(now, tz)).id(ARRIVED),
            Field::text("Phone", 40, "")
                .with_hint("Optional; helps recognise someone who has been before")
                .id(PHONE),
            Field::text("Date of birth", 10, "")
                .with_hint("Optional; dd/mm/yyyy")
                .id(DOB),
        ],
    )
}

/// Reads the form; on a problem, says which field and leaves everything typed in place.
pub fn read(
    form: &FieldForm,
    sources: &[ReferralSource],
    shift: &Shift,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<QuickAdd, (FieldId, String)> {
    let contact_mode = form.picked(MODE, ContactMode::ALL)?;
    let referral_source_id = form.picked_or_none(SOURCE, sources)?.map(|s| s.id);
    let name =
        optional_line("Name", &form.text(NAME), NAME_MAX).map_err(|e| (NAME, e.to_string()))?;
    let need = optional_line("Presenting need", &form.text(NEED), NEED_MAX)
        .map_err(|e| (NEED, e.to_string()))?;
    let time = parse_typed_clock(&form.text(ARRIVED)).map_err(|e| (ARRIVED, e))?;
    let arrived_at =
        arrival_from_clock(&time, shift, tz, now).map_err(|e| (ARRIVED, e.to_string()))?;
    let phone =
        optional_line("Phone", &form.text(PHONE), 40).map_err(|e| (PHONE, e.to_string()))?;
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
    Ok(QuickAdd {
        arrived_at,
        contact_mode,
        referral_source_id,
        person: PersonDetails {
            display_name: name,
            full_name: None,
            date_of_birth,
            phone,
        },
        presenting_need: need.unwrap_or_default(),
    })
}
