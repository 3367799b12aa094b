//! The forms about a worker: their profile with weekly availability, time off or an extra
//! shift, and a supervision. Each reader says which field is wrong and keeps what was typed.

use crate::domain::peers::{
    AvailabilityException, Employment, ExceptionKind, LIST_ITEM_MAX, PeerSettings, PeerWorker,
    SUPERVISOR_MAX, Slot, Supervision, SupervisionKind, TRAINING_MAX, WORKER_NAME_MAX,
    WorkerProfile, list_to_stored, parse_list, parse_slots, slots_to_text,
};
use crate::domain::time::{parse_typed_date, parse_typed_time};
use crate::ui::widgets::fields::{Field, FieldForm, FieldId};
use chrono::NaiveDate;

pub const NAME: FieldId = FieldId::new("name");
pub const EMPLOYMENT: FieldId = FieldId::new("employment");
pub const LIVED: FieldId = FieldId::new("lived");
pub const LANGUAGES: FieldId = FieldId::new("languages");
pub const DBS: FieldId = FieldId::new("dbs");
pub const TRAINING: FieldId = FieldId::new("training");
pub const CAP: FieldId = FieldId::new("cap");
pub const SLOTS: FieldId = FieldId::new("slots");

/// A list field holds a few items; room for several of the longest.
const LIST_FIELD_MAX: usize = LIST_ITEM_MAX * 6;
/// The availability text: room for several slots on every day of the week, many times over
/// what a real rota needs, so only a runaway paste meets it.
const SLOTS_TEXT_MAX: usize = 2_000;

fn date_text(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The profile form, blank or filled from a worker and their slots.
pub fn worker_form(worker: Option<(&PeerWorker, &[Slot])>, settings: &PeerSettings) -> FieldForm {
    let p = worker.map(|(w, _)| &w.profile);
    let title = match worker {
        Some((w, _)) => format!("Edit peer worker — {}", w.name()),
        None => "New peer worker".to_string(),
    };
    let employment = p.map_or(1, |p| {
        Employment::ALL
            .iter()
            .position(|e| *e == p.employment)
            .unwrap_or(0)
    });
    FieldForm::new(
        title,
        vec![
            Field::text("Name", WORKER_NAME_MAX, p.map_or("", |p| &p.name)).id(NAME),
            Field::choice(
                "Paid or volunteer",
                Employment::ALL
                    .iter()
                    .map(|e| e.label().to_string())
                    .collect(),
                employment,
            )
            .with_hint("←/→ to choose")
            .id(EMPLOYMENT),
            Field::text(
                "Lived experience",
                LIST_FIELD_MAX,
                &p.map_or(String::new(), |p| list_to_stored(&p.lived_experience)),
            )
            .with_hint("Areas, separated by commas: bereavement, self-harm")
            .id(LIVED),
            Field::text(
                "Languages",
                LIST_FIELD_MAX,
                &p.map_or(String::new(), |p| list_to_stored(&p.languages)),
            )
            .with_hint("Separated by commas: English, Polish, BSL")
            .id(LANGUAGES),
            Field::text(
                "DBS check date",
                10,
                &p.and_then(|p| p.dbs_checked_on)
                    .map(date_text)
                    .unwrap_or_default(),
            )
            .with_hint(format!(
                "dd/mm/yyyy; flagged once older than {} years",
                settings.dbs_renewal_years
            ))
            .id(DBS),
            Field::text("Training", TRAINING_MAX, p.map_or("", |p| &p.training)).id(TRAINING),
            Field::number(
                "Caseload cap",
                &p.and_then(|p| p.caseload_cap)
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
            )
            .with_hint(format!(
                "Blank: the service's cap of {} visitors",
                settings.caseload_cap
            ))
            .id(CAP),
            Field::area(
                "Weekly availability",
                SLOTS_TEXT_MAX,
                &worker.map_or(String::new(), |(_, s)| slots_to_text(s)),
            )
            .with_hint("A slot per line: Mon 17:00-22:30 · Mon-Fri … · overnight Fri 20:00-02:00")
            .id(SLOTS),
        ],
    )
}

/// Which field a profile rule's message is about.
fn field_of(message: &str) -> FieldId {
    [
        ("Name", NAME),
        ("Training", TRAINING),
        ("The DBS", DBS),
        ("A caseload cap", CAP),
        ("Lived experience", LIVED),
        ("Language", LANGUAGES),
    ]
    .into_iter()
    .find(|(prefix, _)| message.starts_with(prefix))
    .map_or(NAME, |(_, f)| f)
}

/// Reads the profile and slots; every bad availability line is named in the message.
pub fn read_worker(
    form: &FieldForm,
    today: NaiveDate,
) -> Result<(WorkerProfile, Vec<Slot>), (FieldId, String)> {
    let dbs_text = form.text(DBS);
    let dbs_checked_on = if dbs_text.trim().is_empty() {
        None
    } else {
        Some(parse_typed_date(&dbs_text).map_err(|e| (DBS, e))?)
    };
    let cap_text = form.text(CAP);
    let caseload_cap = if cap_text.trim().is_empty() {
        None
    } else {
        Some(cap_text.trim().parse::<u32>().map_err(|_| {
            (
                CAP,
                "Caseload cap: write a number of visitors, or leave it blank for the service's cap."
                    .to_string(),
            )
        })?)
    };
    let employment = form.picked(EMPLOYMENT, &Employment::ALL)?;
    let profile = WorkerProfile {
        name: form.text(NAME),
        employment,
        lived_experience: parse_list(&form.text(LIVED)),
        languages: parse_list(&form.text(LANGUAGES)),
        dbs_checked_on,
        training: form.text(TRAINING),
        caseload_cap,
    };
    let checked = profile.checked(today).map_err(|e| (field_of(&e), e))?;
    let slots = parse_slots(&form.text(SLOTS)).map_err(|errors| (SLOTS, errors.join(" ")))?;
    Ok((checked, slots))
}

pub const KIND: FieldId = FieldId::new("kind");
pub const FROM: FieldId = FieldId::new("from");
pub const TO: FieldId = FieldId::new("to");
pub const HOURS: FieldId = FieldId::new("hours");

pub fn exception_form(worker_name: &str, today: NaiveDate) -> FieldForm {
    FieldForm::new(
        format!("Time off or an extra shift — {worker_name}"),
        vec![
            Field::choice(
                "Kind",
                ExceptionKind::ALL
                    .iter()
                    .map(|k| k.label().to_string())
                    .collect(),
                0,
            )
            .with_hint("←/→: leave, sickness or an extra shift")
            .id(KIND),
            Field::text("From (dd/mm/yyyy)", 10, &date_text(today)).id(FROM),
            Field::text("To (dd/mm/yyyy)", 10, "")
                .with_hint("Blank: the same day")
                .id(TO),
            Field::text("Hours", 11, "")
                .with_hint("Blank: the whole shift; or hh:mm-hh:mm (overnight: 20:00-02:00)")
                .id(HOURS),
        ],
    )
}

pub fn read_exception(form: &FieldForm) -> Result<AvailabilityException, (FieldId, String)> {
    let kind = form.picked(KIND, &ExceptionKind::ALL)?;
    let from = parse_typed_date(&form.text(FROM)).map_err(|e| (FROM, e))?;
    let to_text = form.text(TO);
    let to = if to_text.trim().is_empty() {
        from
    } else {
        parse_typed_date(&to_text).map_err(|e| (TO, e))?
    };
    let hours = form.text(HOURS);
    let times = if hours.trim().is_empty() {
        None
    } else {
        let (a, b) = hours
            .split_once(['-', '–'])
            .ok_or((HOURS, "Write the hours as hh:mm-hh:mm.".to_string()))?;
        Some((
            parse_typed_time(a).map_err(|e| (HOURS, e))?,
            parse_typed_time(b).map_err(|e| (HOURS, e))?,
        ))
    };
    let e = AvailabilityException {
        kind,
        from,
        to,
        times,
    };
    e.check()
        .map_err(|m| (if e.to < e.from { TO } else { HOURS }, m))?;
    Ok(e)
}

pub const HELD_ON: FieldId = FieldId::new("held on");
pub const SUPERVISOR: FieldId = FieldId::new("supervisor");
pub const SUPERVISION_KIND: FieldId = FieldId::new("supervision kind");

pub fn supervision_form(worker_name: &str, today: NaiveDate) -> FieldForm {
    FieldForm::new(
        format!("Log a supervision — {worker_name}"),
        vec![
            Field::text("Date (dd/mm/yyyy)", 10, &date_text(today)).id(HELD_ON),
            Field::text("Supervisor", SUPERVISOR_MAX, "").id(SUPERVISOR),
            Field::choice(
                "Kind",
                SupervisionKind::ALL
                    .iter()
                    .map(|k| k.label().to_string())
                    .collect(),
                0,
            )
            .with_hint("←/→ to choose")
            .id(SUPERVISION_KIND),
        ],
    )
}

pub fn read_supervision(
    form: &FieldForm,
    today: NaiveDate,
) -> Result<Supervision, (FieldId, String)> {
    let held_on = parse_typed_date(&form.text(HELD_ON)).map_err(|e| (HELD_ON, e))?;
    let kind = form.picked(SUPERVISION_KIND, &SupervisionKind::ALL)?;
    let s = Supervision {
        held_on,
        supervisor: form.text(SUPERVISOR),
        kind,
    };
    s.checked(today).map_err(|e| {
        let field = if e.starts_with("Supervisor") {
            SUPERVISOR
        } else {
            HELD_ON
        };
        (field, e)
    })
}
