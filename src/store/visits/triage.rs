//! Saving the triage form: the status moved on only as allowed, who triaged and when, seen
//! and left stamped once, signposts and safeguarding, and a change to a value already
//! recorded kept as a correction with its reason, in one transaction.

use super::*;

impl Store {
    /// Saves the triage form. The status change must be legal from the stored status; the
    /// triage code is stamped with who and when when it changes; seen and left times are
    /// stamped the first time the visit reaches them.
    pub fn update_visit(
        &mut self,
        id: i64,
        u: &VisitUpdate,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.update_visit_corrected(id, u, None, staff_id, now)
    }

    /// Saves the triage form, as [`Store::update_visit`]; a value already recorded that the
    /// form changes is a correction (see `triage_changes`): it needs `reason`, and is kept
    /// with the previous value in the same transaction.
    pub fn update_visit_corrected(
        &mut self,
        id: i64,
        u: &VisitUpdate,
        reason: Option<&str>,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        u.check().map_err(StoreError::Invalid)?;
        let current = self.visit(id)?;
        check_transition(current.status, u.status).map_err(invalid)?;
        // Signposts are named in a correction as the directory names them (retired entries too).
        let names: std::collections::HashMap<i64, String> = self
            .conn
            .prepare_cached("SELECT id, name FROM directory_entries")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let name = |id: i64| {
            names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("entry {id}"))
        };
        let changes = triage_changes(&current, u, &name);
        let reason = match (changes.is_empty(), reason) {
            (true, _) => None,
            (false, Some(r)) => Some(check_reason(r).map_err(StoreError::Invalid)?),
            (false, None) => {
                let fields: Vec<&str> = changes.iter().map(|c| c.field.label()).collect();
                return Err(StoreError::Invalid(format!(
                    "This changes what was recorded ({}): a reason for the correction is needed.",
                    fields.join(", ")
                )));
            }
        };
        self.write(|tx| {
            if let Some(reason) = &reason {
                crate::store::corrections::record(
                    tx,
                    CorrectedKind::Visit,
                    id,
                    &changes,
                    reason,
                    RecordKind::Visit,
                    id,
                    staff_id,
                    now,
                )?;
            }
            write_triage(tx, id, &current, u, staff_id, now)?;
            tx.execute("DELETE FROM visit_signposts WHERE visit_id = ?1", [id])?;
            for entry in &u.signposts {
                tx.execute(
                    "INSERT INTO visit_signposts (visit_id, directory_entry_id) VALUES (?1, ?2)",
                    [id, *entry],
                )?;
            }
            save_safeguarding(tx, id, &u.safeguarding, staff_id, now)?;
            audit::append(
                tx,
                now,
                Some(staff_id),
                AuditAction::Change,
                Some(RecordKind::Visit),
                Some(id),
            )?;
            Ok(())
        })
    }
}

fn save_safeguarding(
    conn: &Connection,
    visit_id: i64,
    s: &Safeguarding,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM safeguarding WHERE visit_id = ?1)",
        [visit_id],
        |r| r.get(0),
    )?;
    if !exists && s.is_empty() {
        return Ok(());
    }
    let consent = s
        .consent_obtained
        .map(|c| if c { "obtained" } else { "overridden" });
    conn.prepare_cached(
        "INSERT INTO safeguarding (visit_id, categories, other_detail, children_in_household, referral_made,
                                   referred_to, referred_at, reference, consent, consent_override_reason,
                                   created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11, ?12)
         ON CONFLICT (visit_id) DO UPDATE SET categories = ?2, other_detail = ?3, children_in_household = ?4,
             referral_made = ?5, referred_to = ?6, referred_at = ?7, reference = ?8, consent = ?9,
             consent_override_reason = ?10, updated_at = ?11, updated_by = ?12",
    )?
    .execute(params![
        visit_id,
        s.categories_to_stored(),
        s.other_detail.trim(),
        s.children_in_household,
        s.referral_made,
        s.referred_to.trim(),
        s.referred_at.map(to_stored),
        s.reference.trim(),
        consent,
        s.consent_override_reason.trim(),
        to_stored(now),
        staff_id
    ])?;
    Ok(())
}

/// Writes the triage form's values. Who triaged and when follow the code: a new code is
/// this lead's, now; when it first became seen, and when it left, are kept once set.
fn write_triage(
    tx: &Connection,
    id: i64,
    current: &VisitRecord,
    u: &VisitUpdate,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let triage_changed = current.triage_code != u.triage_code;
    let (triaged_at, triaged_by) = if triage_changed {
        (
            u.triage_code.as_ref().map(|_| now),
            u.triage_code.as_ref().map(|_| staff_id),
        )
    } else {
        (current.triaged_at, current.triaged_by)
    };
    let seen_at = current
        .seen_at
        .or_else(|| u.status.has_been_seen().then_some(now));
    let left_at = current
        .left_at
        .or_else(|| (!u.status.is_open()).then_some(now));
    tx.prepare_cached(
        "UPDATE visits SET presenting_need = ?2, triage_code = ?3, triaged_at = ?4, triaged_by = ?5,
                safety_formulation = ?6, suitability = ?7, suitability_reason = ?8, status = ?9,
                seen_at = ?10, left_at = ?11, distress_arrival = ?12, distress_leaving = ?13,
                swemwbs_items = ?14, outcome_code = ?15, updated_at = ?16, updated_by = ?17,
                swemwbs_completion = ?18, ons4_life_satisfaction = ?19, ons4_worthwhile = ?20,
                ons4_happy = ?21, ons4_anxious = ?22, ons4_leaving_life_satisfaction = ?23,
                ons4_leaving_worthwhile = ?24, ons4_leaving_happy = ?25, ons4_leaving_anxious = ?26
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        u.presenting_need.trim(),
        u.triage_code,
        triaged_at.map(to_stored),
        triaged_by,
        u.safety_formulation,
        u.suitability.map(|s| s.code()),
        u.suitability_reason.trim(),
        u.status.code(),
        seen_at.map(to_stored),
        left_at.map(to_stored),
        u.distress_arrival,
        u.distress_leaving,
        u.swemwbs.map(|s| s.to_stored()),
        u.outcome.map(|o| o.code()),
        to_stored(now),
        staff_id,
        u.swemwbs.and(u.swemwbs_completion).map(|c| c.code()),
        u.ons4.life_satisfaction,
        u.ons4.worthwhile,
        u.ons4.happy,
        u.ons4.anxious,
        u.ons4_leaving.life_satisfaction,
        u.ons4_leaving.worthwhile,
        u.ons4_leaving.happy,
        u.ons4_leaving.anxious
    ])?;
    Ok(())
}
