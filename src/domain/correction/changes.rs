//! What a save would correct: the changes the triage form and the incident form make to values
//! already recorded, field by field, as opposed to the visit progressing.

use super::{Change, CorrectedField, time_value};
use crate::domain::ons4::{Question, When};
use crate::domain::visit::{Incident, Safeguarding, VisitRecord, VisitUpdate};

fn filled(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// What saving the triage form would correct: a field already filled that the form changes.
/// Every field of the form counts, the ONS4 answers, how the SWEMWBS was completed, the
/// signposts and the safeguarding fields included. Filling an empty field, moving the status
/// on, ticking one more signpost or category, and adding to a text (the presenting need, the
/// safety formulation, a reason grow over an evening) are the visit progressing, not
/// corrections; changing a recorded value, unticking a recorded signpost or category, and
/// rewriting or removing what was written are. `signpost_name` names a directory entry (its
/// name is kept, not its id, so a later edit of the directory does not rewrite history).
pub fn triage_changes(
    current: &VisitRecord,
    u: &VisitUpdate,
    signpost_name: &dyn Fn(i64) -> String,
) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    let score = |d: Option<u8>| d.map(|d| format!("{d}/10"));
    let mut recorded = vec![
        (
            CorrectedField::TriageCode,
            current.triage_code.clone(),
            u.triage_code.clone(),
        ),
        (
            CorrectedField::Suitability,
            current.suitability.map(|s| s.label().into()),
            u.suitability.map(|s| s.label().into()),
        ),
        (
            CorrectedField::DistressArrival,
            score(current.distress_arrival),
            score(u.distress_arrival),
        ),
        (
            CorrectedField::DistressLeaving,
            score(current.distress_leaving),
            score(u.distress_leaving),
        ),
    ];
    for (when, old, new) in [
        (When::Arrival, &current.ons4, &u.ons4),
        (When::Leaving, &current.ons4_leaving, &u.ons4_leaving),
    ] {
        for q in Question::ALL {
            recorded.push((
                CorrectedField::Ons4(when, q),
                score(old.get(q)),
                score(new.get(q)),
            ));
        }
    }
    recorded.extend([
        (
            CorrectedField::Swemwbs,
            current.swemwbs.map(|s| s.to_stored()),
            u.swemwbs.map(|s| s.to_stored()),
        ),
        (
            CorrectedField::SwemwbsCompletion,
            current.swemwbs_completion.map(|c| c.label().into()),
            u.swemwbs_completion.map(|c| c.label().into()),
        ),
        (
            CorrectedField::Outcome,
            current.outcome.map(|o| o.label().into()),
            u.outcome.map(|o| o.label().into()),
        ),
    ]);
    out.extend(
        recorded
            .into_iter()
            // Only a value already recorded can be corrected; filling a blank is progress.
            .filter(|(_, previous, _)| previous.is_some())
            .filter_map(|(field, previous, new)| Change::between(field, previous, new)),
    );
    out.extend(
        [
            rewritten(
                CorrectedField::PresentingNeed,
                &current.presenting_need,
                &u.presenting_need,
            ),
            rewritten(
                CorrectedField::SafetyFormulation,
                &current.safety_formulation,
                &u.safety_formulation,
            ),
            rewritten(
                CorrectedField::SuitabilityReason,
                &current.suitability_reason,
                &u.suitability_reason,
            ),
        ]
        .into_iter()
        .flatten(),
    );
    out.extend(unticked(
        CorrectedField::Signposts,
        &current.signposts,
        &u.signposts,
        signpost_name,
    ));
    out.extend(safeguarding_changes(&current.safeguarding, &u.safeguarding));
    out
}

/// Text that grows as the lead learns more (kept, with more after it) is added to, not
/// corrected; rewriting or removing what was written is a correction.
fn rewritten(field: CorrectedField, old: &str, new: &str) -> Option<Change> {
    let old = old.trim();
    (!old.is_empty() && !new.trim().starts_with(old)).then(|| Change {
        field,
        previous: filled(old),
        new: filled(new),
    })
}

/// A set of ticks (signposts, categories): a correction when a recorded tick is taken off
/// (adding one is progress). The values are the names ticked, before and after.
fn unticked<T: PartialEq + Copy>(
    field: CorrectedField,
    old: &[T],
    new: &[T],
    name: &dyn Fn(T) -> String,
) -> Option<Change> {
    let names = |items: &[T]| -> Option<String> {
        (!items.is_empty()).then(|| {
            items
                .iter()
                .map(|i| name(*i))
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    old.iter().any(|o| !new.contains(o)).then(|| Change {
        field,
        previous: names(old),
        new: names(new),
    })
}

/// The safeguarding fields of the triage form, by the same rules as the rest of it (the
/// safeguarding record's own updated-by stamp says only who saved it last).
fn safeguarding_changes(old: &Safeguarding, new: &Safeguarding) -> Vec<Change> {
    let yes_no =
        |v: Option<bool>, yes: &str, no: &str| v.map(|b| if b { yes } else { no }.to_string());
    let mut out: Vec<Change> = Vec::new();
    out.extend(unticked(
        CorrectedField::SafeguardingCategories,
        &old.categories,
        &new.categories,
        &|c: crate::domain::visit::CareActCategory| c.label().to_string(),
    ));
    out.extend(rewritten(
        CorrectedField::SafeguardingOther,
        &old.other_detail,
        &new.other_detail,
    ));
    let recorded = [
        (
            CorrectedField::SafeguardingChildren,
            yes_no(old.children_in_household, "yes", "no"),
            yes_no(new.children_in_household, "yes", "no"),
        ),
        // "Not made" is the blank a referral fills; a referral recorded as made and then
        // undone is a correction.
        (
            CorrectedField::SafeguardingReferral,
            old.referral_made.then(|| "made".to_string()),
            Some(
                if new.referral_made {
                    "made"
                } else {
                    "not made"
                }
                .to_string(),
            ),
        ),
        (
            CorrectedField::SafeguardingReferredAt,
            old.referred_at.map(time_value),
            new.referred_at.map(time_value),
        ),
        (
            CorrectedField::SafeguardingConsent,
            yes_no(old.consent_obtained, "obtained", "overridden"),
            yes_no(new.consent_obtained, "obtained", "overridden"),
        ),
    ];
    out.extend(
        recorded
            .into_iter()
            .filter(|(_, previous, _)| previous.is_some())
            .filter_map(|(field, previous, new)| Change::between(field, previous, new)),
    );
    out.extend(
        [
            rewritten(
                CorrectedField::SafeguardingReferredTo,
                &old.referred_to,
                &new.referred_to,
            ),
            rewritten(
                CorrectedField::SafeguardingReference,
                &old.reference,
                &new.reference,
            ),
            rewritten(
                CorrectedField::SafeguardingOverrideReason,
                &old.consent_override_reason,
                &new.consent_override_reason,
            ),
        ]
        .into_iter()
        .flatten(),
    );
    out
}

/// What editing an incident changes, field by field.
pub fn incident_changes(old: &Incident, new: &Incident) -> Vec<Change> {
    let text = |s: &str| filled(s);
    [
        Change::between(
            CorrectedField::IncidentTime,
            Some(time_value(old.occurred_at)),
            Some(time_value(new.occurred_at)),
        ),
        Change::between(
            CorrectedField::IncidentKind,
            text(&old.kind),
            text(&new.kind),
        ),
        Change::between(
            CorrectedField::IncidentPeople,
            text(&old.people),
            text(&new.people),
        ),
        Change::between(
            CorrectedField::IncidentAction,
            text(&old.action),
            text(&new.action),
        ),
        Change::between(
            CorrectedField::IncidentStaff,
            text(&old.staff),
            text(&new.staff),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}
