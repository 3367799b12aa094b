//! Reading the triage form into an update of the visit: each answer checked, a problem named
//! by its field so the form can put the cursor there, nothing typed lost.

use super::*;

fn ons4_answers(form: &FieldForm, when: When) -> Result<Ons4, (FieldId, String)> {
    let ids = match when {
        When::Arrival => ONS4,
        When::Leaving => ONS4_LEAVING,
    };
    let mut out = Ons4::default();
    for (q, id) in Question::ALL.into_iter().zip(ids) {
        let v = ons4::parse_answer(q, &form.text(id)).map_err(|e| {
            let e = match when {
                When::Arrival => e,
                When::Leaving => format!("On leaving: {e}"),
            };
            (id, e)
        })?;
        out.set(q, v);
    }
    Ok(out)
}

fn distress(form: &FieldForm, i: FieldId) -> Result<Option<u8>, (FieldId, String)> {
    let text = form.text(i);
    if text.trim().is_empty() {
        return Ok(None);
    }
    let n: i64 = text
        .trim()
        .parse()
        .map_err(|_| (i, "Distress is a whole number from 0 to 10.".to_string()))?;
    check_distress(n).map(Some).map_err(|e| (i, e))
}

fn typed_instant(text: &str, tz: Tz) -> Result<DateTime<Utc>, String> {
    let (d, t) = text
        .trim()
        .split_once(' ')
        .ok_or("Write the time as dd/mm/yyyy hh:mm.")?;
    let date = parse_typed_date(d)?;
    let time = parse_typed_clock(t)?;
    resolve_clock(tz, date, &time).map_err(|e| e.to_string())
}

/// The referral time as the form shows it, so that saving it unchanged keeps the stored
/// instant (seconds and all) and is not taken for a correction.
pub(super) fn shown_when(t: DateTime<Utc>, tz: Tz) -> String {
    format!(
        "{} {}",
        t.with_timezone(&tz).format("%d/%m/%Y"),
        clock_text(t, tz)
    )
}

/// Reads the form into an update of `current` (the visit as it was when the form opened); a
/// problem names its field and loses nothing typed.
pub fn read(
    form: &FieldForm,
    current: &VisitRecord,
    codes: &[TriageCode],
    directory: &[DirectoryEntry],
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<VisitUpdate, (FieldId, String)> {
    let triage_code = form.picked_or_none(TRIAGE, codes)?.map(|c| c.code.clone());
    let status = form.picked(STATUS, &status_options(current.status))?;
    let suitability = form.picked_or_none(SUITABILITY, Suitability::ALL)?.copied();
    let (swemwbs, swemwbs_completion) = read_swemwbs(form)?;
    let ons4 = ons4_answers(form, When::Arrival)?;
    let ons4_leaving = ons4_answers(form, When::Leaving)?;
    let safeguarding = read_safeguarding(form, current, tz, now)?;
    let update = VisitUpdate {
        presenting_need: form.text(NEED).trim().to_string(),
        triage_code,
        safety_formulation: form.text(FORMULATION).trim_end().to_string(),
        suitability,
        suitability_reason: form.text(SUITABILITY_REASON).trim().to_string(),
        status,
        distress_arrival: distress(form, DISTRESS_ARRIVAL)?,
        distress_leaving: distress(form, DISTRESS_LEAVING)?,
        swemwbs,
        swemwbs_completion,
        ons4,
        ons4_leaving,
        outcome: form.picked_or_none(OUTCOME, Outcome::ALL)?.copied(),
        // The form offers the directory's current entries; an entry retired since it was
        // recorded is kept (the form cannot show it, so it cannot have been taken off).
        signposts: {
            let mut ids: Vec<i64> = current
                .signposts
                .iter()
                .copied()
                .filter(|id| !directory.iter().any(|d| d.id == *id))
                .collect();
            ids.extend(
                form.chosen(SIGNPOSTS)
                    .into_iter()
                    .filter_map(|i| directory.get(i).map(|d| d.id)),
            );
            ids.sort_unstable();
            ids
        },
        safeguarding,
    };
    update.check().map_err(|e| (field_for_problem(&e), e))?;
    Ok(update)
}

/// The seven SWEMWBS answers (all or none) and how it was completed (only when answered).
fn read_swemwbs(
    form: &FieldForm,
) -> Result<(Option<Swemwbs>, Option<Completion>), (FieldId, String)> {
    let answers: Vec<usize> = SWEMWBS.iter().map(|id| form.selected(*id)).collect();
    let swemwbs = match answers.iter().filter(|a| **a > 0).count() {
        0 => None,
        7 => {
            let items: [u8; 7] = std::array::from_fn(|i| answers.get(i).map_or(0, |a| *a as u8));
            Some(Swemwbs::new(items).map_err(|e| (SWEMWBS[0], e))?)
        }
        _ => {
            let first_missing = answers.iter().position(|a| *a == 0).unwrap_or(0);
            return Err((
                SWEMWBS.get(first_missing).copied().unwrap_or(SWEMWBS[0]),
                "Answer all seven SWEMWBS items, or none.".into(),
            ));
        }
    };
    let swemwbs_completion = form
        .picked_or_none(SWEMWBS_COMPLETION, Completion::ALL)?
        .copied();
    if swemwbs_completion.is_some() && swemwbs.is_none() {
        return Err((
            SWEMWBS_COMPLETION,
            "Say how the SWEMWBS was completed only when it has been answered.".into(),
        ));
    }
    Ok((swemwbs, swemwbs_completion))
}

/// The safeguarding part. A referral's time left blank is now; one shown as it was recorded
/// keeps its instant (in the hour the clocks go back, too); a time in the future is refused.
fn read_safeguarding(
    form: &FieldForm,
    current: &VisitRecord,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Safeguarding, (FieldId, String)> {
    let referral_made = form.selected(SG_REFERRAL) == 1;
    let when = form.text(SG_WHEN);
    let referred_at = if !referral_made {
        None
    } else if when.trim().is_empty() {
        Some(now)
    } else if let Some(t) = current
        .safeguarding
        .referred_at
        .filter(|t| shown_when(*t, tz) == when.trim())
    {
        Some(t)
    } else {
        Some(typed_instant(&when, tz).map_err(|e| (SG_WHEN, e))?)
    };
    if referred_at.is_some_and(|t| t > now + chrono::Duration::minutes(1)) {
        return Err((SG_WHEN, "The referral time is in the future.".into()));
    }
    Ok(Safeguarding {
        categories: form
            .chosen(SG_CATEGORIES)
            .into_iter()
            .filter_map(|i| CareActCategory::ALL.get(i).copied())
            .collect(),
        other_detail: form.text(SG_OTHER).trim().to_string(),
        children_in_household: match form.selected(SG_CHILDREN) {
            1 => Some(true),
            2 => Some(false),
            _ => None,
        },
        referral_made,
        referred_to: form.text(SG_TO).trim().to_string(),
        referred_at,
        reference: form.text(SG_REFERENCE).trim().to_string(),
        consent_obtained: match form.selected(SG_CONSENT) {
            1 => Some(true),
            2 => Some(false),
            _ => None,
        },
        consent_override_reason: form.text(SG_OVERRIDE).trim().to_string(),
    })
}

/// Which field a rule's message is about, so the form can focus it.
fn field_for_problem(message: &str) -> FieldId {
    let m = message.to_lowercase();
    if m.contains("formulation") {
        FORMULATION
    } else if m.contains("reason for") || m.contains("suitability") {
        SUITABILITY_REASON
    } else if m.contains("referral was made to") {
        SG_TO
    } else if m.contains("consent") {
        SG_OVERRIDE
    } else {
        NEED
    }
}
