//! The forms about a worker: their profile with weekly availability, time off or an extra
//! shift, and a supervision. Each reader says which field is wrong and keeps what was typed.

use crate::domain::peers::{
    AvailabilityException, Employment, ExceptionKind, LIST_ITEM_MAX, PeerSettings, PeerWorker,
    SUPERVISOR_MAX, Slot, Supervision, SupervisionKind, TRAINING_MAX, WORKER_NAME_MAX,
    WorkerProfile, list_to_stored, parse_list, parse_slots, slots_to_text,
};
use crate::domain::time::{parse_typed_date, parse_typed_time};
use crate::ui::widgets::fields::{Field, FieldForm};
use chrono::NaiveDate;

pub const NAME: usize = 0;
pub const EMPLOYMENT: usize = 1;
pub const LIVED: usize = 2;
pub const LANGUAGES: usize = 3;
pub const DBS: usize = 4;
pub const TRAINING: usize = 5;
pub const CAP: usize = 6;
pub const SLOTS: usize = 7;

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
            Field::text("Name", WORKER_NAME_MAX, p.map_or("", |p| &p.name)),
            Field::choice(
                "Paid or volunteer",
                Employment::ALL
                    .iter()
                    .map(|e| e.label().to_string())
                    .collect(),
                employment,
            )
            .with_hint("←/→ to choose"),
            Field::text(
                "Lived experience",
                LIST_FIELD_MAX,
                &p.map_or(String::new(), |p| list_to_stored(&p.lived_experience)),
            )
            .with_hint("Areas, separated by commas: bereavement, self-harm"),
            Field::text(
                "Languages",
                LIST_FIELD_MAX,
                &p.map_or(String::new(), |p| list_to_stored(&p.languages)),
            )
            .with_hint("Separated by commas: English, Polish, BSL"),
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
            )),
            Field::text("Training", TRAINING_MAX, p.map_or("", |p| &p.training)),
            Field::number(
                "Caseload cap",
                &p.and_then(|p| p.caseload_cap)
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
            )
            .with_hint(format!(
                "Blank: the service's cap of {} visitors",
                settings.caseload_cap
            )),
            Field::area(
                "Weekly availability",
                SLOTS_TEXT_MAX,
                &worker.map_or(String::new(), |(_, s)| slots_to_text(s)),
            )
            .with_hint("A slot per line: Mon 17:00-22:30 · Mon-Fri … · overnight Fri 20:00-02:00"),
        ],
    )
}

/// Which field a profile rule's message is about.
fn field_of(message: &str) -> usize {
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
) -> Result<(WorkerProfile, Vec<Slot>), (usize, String)> {
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

pub const KIND: usize = 0;
pub const FROM: usize = 1;
pub const TO: usize = 2;
pub const HOURS: usize = 3;

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
            .with_hint("←/→: leave, sickness or an extra shift"),
            Field::text("From (dd/mm/yyyy)", 10, &date_text(today)),
            Field::text("To (dd/mm/yyyy)", 10, "").with_hint("Blank: the same day"),
            Field::text("Hours", 11, "")
                .with_hint("Blank: the whole shift; or hh:mm-hh:mm (overnight: 20:00-02:00)"),
        ],
    )
}

pub fn read_exception(form: &FieldForm) -> Result<AvailabilityException, (usize, String)> {
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

pub const HELD_ON: usize = 0;
pub const SUPERVISOR: usize = 1;
pub const SUPERVISION_KIND: usize = 2;

pub fn supervision_form(worker_name: &str, today: NaiveDate) -> FieldForm {
    FieldForm::new(
        format!("Log a supervision — {worker_name}"),
        vec![
            Field::text("Date (dd/mm/yyyy)", 10, &date_text(today)),
            Field::text("Supervisor", SUPERVISOR_MAX, ""),
            Field::choice(
                "Kind",
                SupervisionKind::ALL
                    .iter()
                    .map(|k| k.label().to_string())
                    .collect(),
                0,
            )
            .with_hint("←/→ to choose"),
        ],
    )
}

pub fn read_supervision(
    form: &FieldForm,
    today: NaiveDate,
) -> Result<Supervision, (usize, String)> {
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
