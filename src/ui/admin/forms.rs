//! The Administration screen's forms: how each is built from a record and read back into an
//! action. Reading checks what can be checked without the database (PINs match, dates exist,
//! numbers are numbers); the store checks the rest and its message lands on the same form.

use super::{AdminAction, PinText};
use crate::domain::admin::{
    AuditFilter, CATEGORY_MAX, DESCRIPTION_MAX, DIRECTORY_NAME_MAX, DirectoryInput,
    DirectoryRecord, HOLIDAY_NAME_MAX, OPENING_HOURS_MAX, PHONE_MAX, REPORTING_CODE_MAX,
    ReferralSourceRecord, SOURCE_LABEL_MAX, SettingRow, TRIAGE_CODE_MAX, TRIAGE_LABEL_MAX,
    TriageInput, TriageRecord, WEBSITE_MAX, parse_target,
};
use crate::domain::audit::RecordKind;
use crate::domain::pin;
use crate::domain::staff::{NAME_MAX, StaffMember};
use crate::domain::time::parse_typed_date;
use crate::ui::safe;
use crate::ui::widgets::fields::{Field, FieldForm, FieldId};
use chrono::NaiveDate;
use zeroize::Zeroizing;

/// What an open form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    AddStaff,
    ResetPin {
        staff_id: i64,
    },
    Directory {
        id: Option<i64>,
    },
    ReferralSource {
        id: Option<i64>,
    },
    /// `code` is None for a new code (the form then asks for one).
    Triage {
        code: Option<String>,
    },
    BankHoliday,
    Setting(crate::domain::admin::SettingKey),
    TriageTarget {
        code: String,
    },
    /// The staff ids behind the staff choice (after "Anyone").
    AuditFilter {
        staff_ids: Vec<i64>,
    },
}

const YOUR_PIN_HINT: &str = "Your own PIN, to confirm it is you";

const NAME: FieldId = FieldId::new("name");
const NEW_PIN: FieldId = FieldId::new("new pin");
const NEW_PIN_AGAIN: FieldId = FieldId::new("new pin again");
const YOUR_PIN: FieldId = FieldId::new("your pin");
const CATEGORY: FieldId = FieldId::new("category");
const PHONE: FieldId = FieldId::new("phone");
const WEBSITE: FieldId = FieldId::new("website");
const HOURS: FieldId = FieldId::new("hours");
pub(super) const DESCRIPTION: FieldId = FieldId::new("description");
const LABEL: FieldId = FieldId::new("label");
const REPORTING_CODE: FieldId = FieldId::new("reporting code");
const CODE: FieldId = FieldId::new("code");
pub(super) const TARGET: FieldId = FieldId::new("target");
const DATE: FieldId = FieldId::new("date");
pub(super) const VALUE: FieldId = FieldId::new("value");
const STAFF: FieldId = FieldId::new("staff");
const RECORD_KIND: FieldId = FieldId::new("record kind");
const RECORD_ID: FieldId = FieldId::new("record id");
const FROM: FieldId = FieldId::new("from");
const TO: FieldId = FieldId::new("to");

pub fn add_staff() -> FieldForm {
    FieldForm::new(
        "Add a colleague",
        vec![
            Field::text("Name", NAME_MAX, "").id(NAME),
            Field::pin("Their PIN")
                .with_hint("At least 6 digits; they can change it later")
                .id(NEW_PIN),
            Field::pin("Their PIN again").id(NEW_PIN_AGAIN),
            Field::pin("Your PIN").with_hint(YOUR_PIN_HINT).id(YOUR_PIN),
        ],
    )
}

pub fn reset_pin(member: &StaffMember) -> FieldForm {
    FieldForm::new(
        format!("New PIN for {}", safe(&member.name)),
        vec![
            Field::pin("New PIN")
                .with_hint("At least 6 digits")
                .id(NEW_PIN),
            Field::pin("New PIN again").id(NEW_PIN_AGAIN),
            Field::pin("Your PIN").with_hint(YOUR_PIN_HINT).id(YOUR_PIN),
        ],
    )
}

/// The new PIN typed twice and the lead's own, from a form holding all three.
fn pins(form: &FieldForm) -> Result<(PinText, PinText), String> {
    let new = Zeroizing::new(form.typed(NEW_PIN).to_string());
    let again = form.typed(NEW_PIN_AGAIN);
    pin::check_new(&new, again).map_err(|e| e.to_string())?;
    let yours = Zeroizing::new(form.typed(YOUR_PIN).to_string());
    if yours.is_empty() {
        return Err("Type your own PIN to confirm it is you.".into());
    }
    Ok((PinText(new), PinText(yours)))
}

pub fn read_add_staff(form: &FieldForm) -> Result<AdminAction, String> {
    let name = form.text(NAME).trim().to_string();
    if name.is_empty() {
        return Err("Name cannot be empty".into());
    }
    let (pin, your_pin) = pins(form)?;
    Ok(AdminAction::AddStaff {
        name,
        pin,
        your_pin,
    })
}

pub fn read_reset_pin(form: &FieldForm, staff_id: i64) -> Result<AdminAction, String> {
    let (pin, your_pin) = pins(form)?;
    Ok(AdminAction::ResetPin {
        staff_id,
        pin,
        your_pin,
    })
}

pub fn directory(entry: Option<&DirectoryRecord>) -> FieldForm {
    let get = |f: fn(&DirectoryRecord) -> Option<&str>| entry.and_then(f).unwrap_or("");
    FieldForm::new(
        match entry {
            Some(e) => format!("Edit {}", safe(&e.name)),
            None => "New directory entry".into(),
        },
        vec![
            Field::text("Name", DIRECTORY_NAME_MAX, get(|e| Some(&e.name))).id(NAME),
            Field::text("Category", CATEGORY_MAX, get(|e| Some(&e.category)))
                .with_hint("e.g. national helpline, local crisis, housing")
                .id(CATEGORY),
            Field::text("Phone", PHONE_MAX, get(|e| e.phone.as_deref())).id(PHONE),
            Field::text("Website", WEBSITE_MAX, get(|e| e.website.as_deref())).id(WEBSITE),
            Field::text(
                "Opening hours",
                OPENING_HOURS_MAX,
                get(|e| e.hours.as_deref()),
            )
            .id(HOURS),
            // The editor draws its text safe itself, so the saved text is loaded as it is.
            Field::area(
                "Description",
                DESCRIPTION_MAX,
                get(|e| Some(&e.description)),
            )
            .with_hint(format!("At most {DESCRIPTION_MAX} characters"))
            .id(DESCRIPTION),
        ],
    )
}

/// A multi-line field's text on one line (the directory keeps descriptions on one line).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn read_directory(form: &FieldForm, id: Option<i64>) -> AdminAction {
    AdminAction::SaveDirectoryEntry {
        id,
        entry: DirectoryInput {
            name: form.text(NAME),
            category: form.text(CATEGORY),
            phone: form.text(PHONE),
            website: form.text(WEBSITE),
            hours: form.text(HOURS),
            description: one_line(&form.text(DESCRIPTION)),
        },
    }
}

pub fn referral_source(source: Option<&ReferralSourceRecord>) -> FieldForm {
    FieldForm::new(
        match source {
            Some(s) => format!("Edit {}", safe(&s.label)),
            None => "New referral source".into(),
        },
        vec![
            Field::text(
                "Label",
                SOURCE_LABEL_MAX,
                source.map_or("", |s| s.label.as_str()),
            )
            .id(LABEL),
            Field::text(
                "Reporting code",
                REPORTING_CODE_MAX,
                source.map_or("", |s| s.reporting_code.as_str()),
            )
            .with_hint("For commissioners' reports: letters, digits, - and _")
            .id(REPORTING_CODE),
        ],
    )
}

pub fn read_referral_source(form: &FieldForm, id: Option<i64>) -> AdminAction {
    AdminAction::SaveReferralSource {
        id,
        label: form.text(LABEL),
        code: form.text(REPORTING_CODE),
    }
}

/// Minutes as the shortest text `parse_target` reads back: "4h", "3d", "90", "".
pub fn target_input(minutes: Option<u32>) -> String {
    match minutes {
        None => String::new(),
        Some(0) => "0".into(),
        Some(m) if m % (24 * 60) == 0 => format!("{}d", m / (24 * 60)),
        Some(m) if m % 60 == 0 => format!("{}h", m / 60),
        Some(m) => m.to_string(),
    }
}

const TARGET_HINT: &str = "Minutes (90), hours (4h) or days (3d); empty: never flagged";

fn target_field(minutes: Option<u32>) -> Field {
    Field::text("Target time", 12, &target_input(minutes))
        .with_hint(TARGET_HINT)
        .id(TARGET)
}

pub fn triage(code: Option<&TriageRecord>) -> FieldForm {
    let mut fields = Vec::new();
    if code.is_none() {
        fields.push(
            Field::text("Code", TRIAGE_CODE_MAX, "")
                .with_hint("1 to 4 letters or digits; cannot change later")
                .id(CODE),
        );
    }
    fields.push(
        Field::text(
            "Label",
            TRIAGE_LABEL_MAX,
            code.map_or("", |c| c.label.as_str()),
        )
        .id(LABEL),
    );
    fields.push(
        Field::area(
            "Description",
            DESCRIPTION_MAX,
            code.map_or("", |c| c.description.as_str()),
        )
        .id(DESCRIPTION),
    );
    fields.push(target_field(code.and_then(|c| c.target_minutes)));
    FieldForm::new(
        match code {
            Some(c) => format!("Triage code {}", safe(&c.code)),
            None => "New triage code (for the clinical lead to approve)".into(),
        },
        fields,
    )
}

pub fn read_triage(form: &FieldForm, code: Option<&str>) -> Result<AdminAction, String> {
    // A new code's form asks for the code first; the other fields are found all the same.
    let new = code.is_none();
    let code = match code {
        Some(c) => c.to_string(),
        None => form.text(CODE).trim().to_string(),
    };
    Ok(AdminAction::SaveTriageCode {
        new,
        input: TriageInput {
            code,
            label: form.text(LABEL),
            description: one_line(&form.text(DESCRIPTION)),
            target_minutes: parse_target(&form.text(TARGET))?,
        },
    })
}

pub fn triage_target(code: &TriageRecord) -> FieldForm {
    FieldForm::new(
        format!("Target time for {} {}", safe(&code.code), safe(&code.label)),
        vec![target_field(code.target_minutes)],
    )
}

pub fn read_triage_target(form: &FieldForm, code: &str) -> Result<AdminAction, String> {
    Ok(AdminAction::SaveTriageTarget {
        code: code.to_string(),
        minutes: parse_target(&form.text(TARGET))?,
    })
}

pub fn bank_holiday() -> FieldForm {
    FieldForm::new(
        "Add a bank holiday (weekend hours apply)",
        vec![
            Field::text("Date", 10, "").with_hint("dd/mm/yyyy").id(DATE),
            Field::text("Name", HOLIDAY_NAME_MAX, "").id(NAME),
        ],
    )
}

pub fn read_bank_holiday(form: &FieldForm) -> Result<AdminAction, String> {
    Ok(AdminAction::AddBankHoliday {
        date: parse_typed_date(&form.text(DATE))?,
        name: form.text(NAME),
    })
}

pub fn setting(row: &SettingRow) -> FieldForm {
    FieldForm::new(
        row.key.label(),
        vec![
            Field::text("Value", 40, &row.value)
                .with_hint(row.key.hint())
                .id(VALUE),
        ],
    )
}

pub fn read_setting(form: &FieldForm, key: crate::domain::admin::SettingKey) -> AdminAction {
    AdminAction::SaveSetting {
        key,
        value: form.text(VALUE),
    }
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

pub fn audit_filter(filter: &AuditFilter, staff: &[StaffMember]) -> (FieldForm, Purpose) {
    let mut names = vec!["Anyone".to_string()];
    names.extend(staff.iter().map(|s| safe(&s.name)));
    let staff_at = filter
        .staff_id
        .and_then(|id| staff.iter().position(|s| s.id == id))
        .map_or(0, |i| i + 1);
    let mut kinds = vec!["Any".to_string()];
    kinds.extend(RecordKind::ALL.iter().map(|k| kind_label(k.as_str())));
    let kind_at = filter
        .record_kind
        .and_then(|k| RecordKind::ALL.iter().position(|x| *x == k))
        .map_or(0, |i| i + 1);
    let form = FieldForm::new(
        "Filter the audit log",
        vec![
            Field::choice("Staff", names, staff_at)
                .with_hint("←/→ or a letter to choose")
                .id(STAFF),
            Field::choice("Record kind", kinds, kind_at).id(RECORD_KIND),
            Field::text(
                "Record id",
                18,
                &filter.record_id.map(|i| i.to_string()).unwrap_or_default(),
            )
            .with_hint("A number; empty for any")
            .id(RECORD_ID),
            Field::text("From", 10, &date_text(filter.from))
                .with_hint("dd/mm/yyyy; empty: the start")
                .id(FROM),
            Field::text("To", 10, &date_text(filter.to))
                .with_hint("dd/mm/yyyy; empty: today")
                .id(TO),
        ],
    );
    let purpose = Purpose::AuditFilter {
        staff_ids: staff.iter().map(|s| s.id).collect(),
    };
    (form, purpose)
}

pub fn read_audit_filter(form: &FieldForm, staff_ids: &[i64]) -> Result<AuditFilter, String> {
    let date = |i: FieldId| -> Result<Option<NaiveDate>, String> {
        let t = form.text(i);
        if t.trim().is_empty() {
            Ok(None)
        } else {
            parse_typed_date(&t).map(Some)
        }
    };
    let record_id = match form.text(RECORD_ID).trim() {
        "" => None,
        t => Some(
            t.trim_start_matches('#')
                .parse::<i64>()
                .map_err(|_| "A record id is a number, such as 42.".to_string())?,
        ),
    };
    let filter = AuditFilter {
        staff_id: form
            .selected(STAFF)
            .checked_sub(1)
            .and_then(|i| staff_ids.get(i).copied()),
        record_kind: form
            .selected(RECORD_KIND)
            .checked_sub(1)
            .and_then(|i| RecordKind::ALL.get(i).copied()),
        record_id,
        from: date(FROM)?,
        to: date(TO)?,
    };
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        return Err("The start date is after the end date.".into());
    }
    Ok(filter)
}

/// "peer_worker" → "peer worker".
pub fn kind_label(kind: &str) -> String {
    safe(kind).replace('_', " ")
}
