//! The visit detail / triage form: every field DESIGN.md §2.1 lists for a visit.

use crate::domain::ons4::{self, Ons4, Question, When};
use crate::domain::swemwbs::{self, COPYRIGHT, Completion, INSTRUCTION, ITEMS, RESPONSES, Swemwbs};
use crate::domain::time::{
    CLOCK_TEXT_MAX, clock_text, parse_typed_clock, parse_typed_date, resolve_clock,
};
use crate::domain::visit::*;
use crate::ui::widgets::fields::{Field, FieldForm, FieldId};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

mod read;

pub use read::read;
use read::shown_when;

pub const NEED: FieldId = FieldId::new("need");
pub const TRIAGE: FieldId = FieldId::new("triage");
pub const FORMULATION: FieldId = FieldId::new("formulation");
pub const STATUS: FieldId = FieldId::new("status");
pub const SUITABILITY: FieldId = FieldId::new("suitability");
pub const SUITABILITY_REASON: FieldId = FieldId::new("suitability reason");
pub const DISTRESS_ARRIVAL: FieldId = FieldId::new("distress arrival");
pub const DISTRESS_LEAVING: FieldId = FieldId::new("distress leaving");
/// The four ONS4 questions on arrival, in `Question::ALL`'s order.
pub const ONS4: [FieldId; 4] = [
    FieldId::new("ons4 1"),
    FieldId::new("ons4 2"),
    FieldId::new("ons4 3"),
    FieldId::new("ons4 4"),
];
/// The four ONS4 questions on leaving, where the service asks them (blank where it does not;
/// domain::ons4 says what asking "yesterday" on leaving means).
pub const ONS4_LEAVING: [FieldId; 4] = [
    FieldId::new("ons4 leaving 1"),
    FieldId::new("ons4 leaving 2"),
    FieldId::new("ons4 leaving 3"),
    FieldId::new("ons4 leaving 4"),
];
/// The seven SWEMWBS items, in `ITEMS`' order.
pub const SWEMWBS: [FieldId; 7] = [
    FieldId::new("swemwbs 1"),
    FieldId::new("swemwbs 2"),
    FieldId::new("swemwbs 3"),
    FieldId::new("swemwbs 4"),
    FieldId::new("swemwbs 5"),
    FieldId::new("swemwbs 6"),
    FieldId::new("swemwbs 7"),
];
pub const SWEMWBS_COMPLETION: FieldId = FieldId::new("swemwbs completion");
pub const OUTCOME: FieldId = FieldId::new("outcome");
pub const SIGNPOSTS: FieldId = FieldId::new("signposts");
pub const SG_CATEGORIES: FieldId = FieldId::new("sg categories");
pub const SG_OTHER: FieldId = FieldId::new("sg other");
pub const SG_CHILDREN: FieldId = FieldId::new("sg children");
pub const SG_REFERRAL: FieldId = FieldId::new("sg referral");
pub const SG_TO: FieldId = FieldId::new("sg to");
pub const SG_WHEN: FieldId = FieldId::new("sg when");
pub const SG_REFERENCE: FieldId = FieldId::new("sg reference");
pub const SG_CONSENT: FieldId = FieldId::new("sg consent");
pub const SG_OVERRIDE: FieldId = FieldId::new("sg override");

/// The statuses offered: the current one and those it may legally move to.
pub fn status_options(current: VisitStatus) -> Vec<VisitStatus> {
    std::iter::once(current)
        .chain(current.next_allowed().iter().copied())
        .collect()
}

fn opt_index<T: PartialEq>(all: &[T], value: Option<&T>) -> usize {
    value
        .and_then(|v| all.iter().position(|x| x == v))
        .map_or(0, |i| i + 1)
}

pub fn form(
    v: &VisitRecord,
    codes: &[TriageCode],
    directory: &[DirectoryEntry],
    tz: Tz,
) -> FieldForm {
    let mut fields = triage_fields(v, codes);
    ons4_fields(v, &mut fields);
    swemwbs_fields(v, &mut fields);
    outcome_fields(v, directory, &mut fields);
    safeguarding_fields(&v.safeguarding, tz, &mut fields);
    let title = format!(
        "Visit — {} — arrived {}",
        crate::domain::person::display_label(v.person_id, v.display_name.as_deref()),
        v.arrived_at.with_timezone(&tz).format("%H:%M")
    );
    let mut form = FieldForm::new(title, fields);
    refresh(&mut form);
    form
}

/// The triage part: the need, code, formulation, status, suitability and distress.
fn triage_fields(v: &VisitRecord, codes: &[TriageCode]) -> Vec<Field> {
    let mut triage = vec!["— to triage —".to_string()];
    triage.extend(
        codes
            .iter()
            .map(|c| format!("{} {} — {}", c.code, c.label, c.target_text())),
    );
    let triage_sel = v
        .triage_code
        .as_ref()
        .and_then(|c| codes.iter().position(|x| &x.code == c))
        .map_or(0, |i| i + 1);
    let statuses = status_options(v.status);
    let mut suitability = vec!["— not decided —".to_string()];
    suitability.extend(Suitability::ALL.iter().map(|s| s.label().to_string()));
    vec![
        Field::text("Presenting need", NEED_MAX, &v.presenting_need).id(NEED),
        Field::choice("Triage code", triage, triage_sel)
            .id(TRIAGE)
            .with_hint("←/→ to choose; the target time is shown beside each code"),
        Field::area("Safety formulation", LONG_TEXT_MAX, &v.safety_formulation)
            .id(FORMULATION)
            .with_hint(
                "Written formulation, not a risk score. Enter: new line; Tab: next field; Ctrl-z undo",
            ),
        Field::choice(
            "Status",
            statuses.iter().map(|s| s.label().to_string()).collect(),
            0,
        )
        .id(STATUS)
        .with_hint("Only the changes allowed from the current status are offered"),
        Field::choice(
            "Suitability",
            suitability,
            opt_index(Suitability::ALL, v.suitability.as_ref()),
        )
        .id(SUITABILITY),
        Field::text("Suitability reason", SHORT_TEXT_MAX, &v.suitability_reason)
            .id(SUITABILITY_REASON)
            .with_hint("Needed when declined or referred on"),
        Field::number(
            "Distress on arrival",
            &v.distress_arrival
                .map(|d| d.to_string())
                .unwrap_or_default(),
        )
        .id(DISTRESS_ARRIVAL)
        .with_hint("0 (none) to 10 (worst)"),
        Field::number(
            "Distress on leaving",
            &v.distress_leaving
                .map(|d| d.to_string())
                .unwrap_or_default(),
        )
        .id(DISTRESS_LEAVING)
        .with_hint("0 (none) to 10 (worst)"),
    ]
}

/// The ONS4 questions, on arrival and on leaving.
fn ons4_fields(v: &VisitRecord, fields: &mut Vec<Field>) {
    for (q, id) in Question::ALL.into_iter().zip(ONS4) {
        let (low, high) = q.ends();
        fields.push(
            Field::number(
                format!("ONS4 {}", q.short()),
                &v.ons4.get(q).map(|n| n.to_string()).unwrap_or_default(),
            )
            .id(id)
            .with_hint(format!(
                "{} 0 = {low}, 10 = {high}; blank if not asked",
                q.wording()
            )),
        );
    }
    for (q, id) in Question::ALL.into_iter().zip(ONS4_LEAVING) {
        let (low, high) = q.ends();
        fields.push(
            Field::number(
                format!("Leaving: {}", q.shorter()),
                &v.ons4_leaving
                    .get(q)
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            )
            .id(id)
            .with_hint(format!(
                "ONS4 on leaving, where the service asks it. {} 0 = {low}, 10 = {high}; blank if not asked",
                q.wording()
            )),
        );
    }
}

/// The seven SWEMWBS items and how it was completed.
fn swemwbs_fields(v: &VisitRecord, fields: &mut Vec<Field>) {
    let mut swemwbs_options = vec!["—".to_string()];
    swemwbs_options.extend(
        RESPONSES
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{} {r}", i + 1)),
    );
    let items = v.swemwbs.map(|s| s.items());
    for (i, id) in SWEMWBS.into_iter().enumerate() {
        let sel = items.map_or(0, |it| it.get(i).map_or(0, |a| usize::from(*a)));
        fields
            .push(Field::choice(format!("SWEMWBS {}", i + 1), swemwbs_options.clone(), sel).id(id));
    }
    let mut completion = vec!["— not recorded —".to_string()];
    completion.extend(Completion::ALL.iter().map(|c| c.label().to_string()));
    fields.push(
        Field::choice(
            "SWEMWBS completed",
            completion,
            opt_index(Completion::ALL, v.swemwbs_completion.as_ref()),
        )
        .id(SWEMWBS_COMPLETION)
        .with_hint(format!(
            "Designed to be completed by the visitor; reading it out can bias answers. {COPYRIGHT}"
        )),
    );
}

/// The outcome and where the visitor was signposted.
fn outcome_fields(v: &VisitRecord, directory: &[DirectoryEntry], fields: &mut Vec<Field>) {
    let mut outcomes = vec!["— not yet —".to_string()];
    outcomes.extend(Outcome::ALL.iter().map(|o| o.label().to_string()));
    fields.push(
        Field::choice(
            "Outcome",
            outcomes,
            opt_index(Outcome::ALL, v.outcome.as_ref()),
        )
        .id(OUTCOME),
    );
    fields.push(
        Field::multi(
            "Signposted to",
            directory.iter().map(|d| d.name.clone()).collect(),
            directory
                .iter()
                .map(|d| v.signposts.contains(&d.id))
                .collect(),
        )
        .id(SIGNPOSTS)
        .with_hint("Type to narrow, ←/→ move, Space ticks, Esc clears"),
    );
}

/// The safeguarding part: the concern, children, the referral and consent.
fn safeguarding_fields(sg: &Safeguarding, tz: Tz, fields: &mut Vec<Field>) {
    fields.push(
        Field::multi(
            "Safeguarding concern",
            CareActCategory::ALL
                .iter()
                .map(|c| c.label().to_string())
                .collect(),
            CareActCategory::ALL
                .iter()
                .map(|c| sg.categories.contains(c))
                .collect(),
        )
        .id(SG_CATEGORIES)
        .with_hint("Care Act 2014 categories. Type to narrow, ←/→ move, Space ticks"),
    );
    fields.push(Field::text("Other concern", SHORT_TEXT_MAX, &sg.other_detail).id(SG_OTHER));
    let children = match sg.children_in_household {
        None => 0,
        Some(true) => 1,
        Some(false) => 2,
    };
    fields.push(
        Field::choice(
            "Children in household",
            vec!["not known".into(), "yes".into(), "no".into()],
            children,
        )
        .id(SG_CHILDREN),
    );
    fields.push(
        Field::choice(
            "Safeguarding referral",
            vec!["not made".into(), "made".into()],
            usize::from(sg.referral_made),
        )
        .id(SG_REFERRAL),
    );
    fields.push(Field::text("Referred to", SHORT_TEXT_MAX, &sg.referred_to).id(SG_TO));
    // With the zone in the hour the clocks go back, so saving again keeps the same instant.
    let when = sg
        .referred_at
        .map(|t| shown_when(t, tz))
        .unwrap_or_default();
    fields.push(
        Field::text("Referred at", 11 + CLOCK_TEXT_MAX, &when)
            .id(SG_WHEN)
            .with_hint("dd/mm/yyyy hh:mm; blank means now"),
    );
    fields.push(Field::text("Reference", SHORT_TEXT_MAX, &sg.reference).id(SG_REFERENCE));
    let consent = match sg.consent_obtained {
        None => 0,
        Some(true) => 1,
        Some(false) => 2,
    };
    fields.push(
        Field::choice(
            "Consent",
            vec![
                "not recorded".into(),
                "obtained".into(),
                "overridden".into(),
            ],
            consent,
        )
        .id(SG_CONSENT),
    );
    fields.push(
        Field::text(
            "Override reason",
            SHORT_TEXT_MAX,
            &sg.consent_override_reason,
        )
        .id(SG_OVERRIDE),
    );
}

/// The SWEMWBS items' hints: the item, the instruction, the running raw and metric score over
/// the answers so far, and the copyright line (the licence asks for it on every copy).
/// The form's parts, each from its first field: 27 fields are too many to Tab through, so
/// Ctrl-n and Ctrl-p jump between parts, and the title says which part the cursor is in.
pub const SECTIONS: [(&str, FieldId); 4] = [
    ("Triage", NEED),
    ("Wellbeing", DISTRESS_ARRIVAL),
    ("Outcome", OUTCOME),
    ("Safeguarding", SG_CATEGORIES),
];

/// Part `k`'s name and first field (the first part past the last).
fn section(k: usize) -> (&'static str, FieldId) {
    SECTIONS.get(k).copied().unwrap_or(SECTIONS[0])
}

/// The part the cursor is in (its index in [`SECTIONS`]): the last whose first field is at
/// or above it.
pub fn section_of(form: &FieldForm) -> usize {
    SECTIONS
        .iter()
        .rposition(|(_, first)| form.index(*first).is_some_and(|i| form.focus >= i))
        .unwrap_or(0)
}

/// The title without the part it names (see [`refresh`]).
fn base_title(title: &str) -> &str {
    match title.rsplit_once(" · ") {
        Some((base, part)) if part.ends_with(&format!(" of {})", SECTIONS.len())) => base,
        _ => title,
    }
}

pub fn refresh(form: &mut FieldForm) {
    let k = section_of(form);
    form.title = format!(
        "{} · {} ({} of {})",
        base_title(&form.title),
        section(k).0,
        k + 1,
        SECTIONS.len()
    );
    let answers: Vec<u8> = SWEMWBS.iter().map(|id| form.selected(*id) as u8).collect();
    let score = swemwbs::running_score(&answers);
    for (id, wording) in SWEMWBS.into_iter().zip(ITEMS) {
        if let Some(field) = form.field_mut(id) {
            field.hint = Some(format!(
                "{wording} · Score: {score} · {INSTRUCTION} · {COPYRIGHT}"
            ));
        }
    }
}

/// A key in the triage form: the form's own handling, then the running score brought up to
/// date.
pub fn handle_key(
    form: &mut FieldForm,
    key: crossterm::event::KeyEvent,
) -> crate::ui::widgets::fields::FieldsEvent {
    use super::bindings::{PartKey, TRIAGE_PARTS};
    let jump = match TRIAGE_PARTS.resolve(key) {
        Some(PartKey::Next) => Some(1),
        Some(PartKey::Before) => Some(SECTIONS.len() - 1),
        None => None,
    };
    if let Some(by) = jump {
        let k = (section_of(form) + by) % SECTIONS.len();
        form.focus_on(section(k).1);
        refresh(form);
        return crate::ui::widgets::fields::FieldsEvent::Ignored;
    }
    let event = form.handle_key(key);
    refresh(form);
    event
}

/// For the visit view: "22/11/2026 19:30".
pub fn stamp(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string()
}

/// A time as a lead reads it beside tonight's: "21:14" today, "30/11 21:14" any other day.
pub fn when(t: DateTime<Utc>, tz: Tz, now: DateTime<Utc>) -> String {
    let local = t.with_timezone(&tz);
    if local.date_naive() == now.with_timezone(&tz).date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%d/%m %H:%M").to_string()
    }
}
