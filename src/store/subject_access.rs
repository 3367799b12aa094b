//! UK GDPR subject access: everything held about one person, as JSON.

use super::{Store, StoreError};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::handover::HandoverBody;
use crate::domain::redact::{names_to_redact, redact};
use crate::domain::time::to_stored;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

fn rows(store: &Store, sql: &str, id: i64) -> Result<Vec<Value>, StoreError> {
    let mut stmt = store.conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
    let out = stmt
        .query_map([id], |r| {
            let mut obj = serde_json::Map::new();
            for (i, name) in names.iter().enumerate() {
                let v = match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => Value::Null,
                    rusqlite::types::ValueRef::Integer(n) => json!(n),
                    rusqlite::types::ValueRef::Real(f) => json!(f),
                    rusqlite::types::ValueRef::Text(t) => json!(String::from_utf8_lossy(t)),
                    rusqlite::types::ValueRef::Blob(b) => {
                        json!(b.iter().map(|x| format!("{x:02x}")).collect::<String>())
                    }
                };
                obj.insert(name.clone(), v);
            }
            Ok(Value::Object(obj))
        })?
        .collect::<Result<_, _>>()?;
    Ok(out)
}

/// Whose records an export gathers: the person and every record merged into theirs, as the
/// SQL list `ids` (`?1`, the person, then the merged ids: integers from the database).
struct Subject {
    person_id: i64,
    all_ids: Vec<i64>,
    ids: String,
}

/// The visits of the person: `?1` in every query below.
const VISIT_IDS: &str = "SELECT id FROM visits WHERE person_id = ?1";

/// Parses the named columns that hold JSON, so the export shows the structure, not a string.
fn unpack_json(rows: &mut [Value], columns: &[&str]) {
    for row in rows {
        for key in columns {
            if let Some(v) = row[*key]
                .as_str()
                .and_then(|f| serde_json::from_str::<Value>(f).ok())
            {
                row[*key] = v;
            }
        }
    }
}

impl Store {
    /// Everything held about `person_id`: their details, visits (with safeguarding, incidents,
    /// follow-ups and signposting), crisis plans with every version, peer assignments and
    /// sessions, handover entries naming them, and the audit rows about them. Audited.
    /// (`first_arrivals` holds only the earliest of their visits' arrival times, which the
    /// visits show.)
    pub fn subject_access(
        &mut self,
        person_id: i64,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Value, StoreError> {
        let person = rows(self, "SELECT * FROM people WHERE id = ?1", person_id)?;
        let Some(person) = person.into_iter().next() else {
            return Err(StoreError::NotFound);
        };
        // Records merged into theirs: the same person. Their visits, assignments and drafts
        // moved with the merge; what stays under the old ids (their details as they were, a
        // plan kept in the history, corrections, audit rows, signed handover entries) is theirs.
        let merged = super::merge::merged_ids(&self.conn, person_id)?;
        let subject = Subject {
            person_id,
            all_ids: std::iter::once(person_id)
                .chain(merged.iter().copied())
                .collect(),
            ids: std::iter::once("?1".to_string())
                .chain(merged.iter().map(i64::to_string))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let visits = self.visits_of(person_id)?;
        let (plans, plan_reviews) = self.plans_of(&subject)?;
        let assignments = self.assignments_of(person_id)?;
        let corrections = self.corrections_of(&subject)?;
        let handover_entries = self.handover_entries_of(&subject)?;
        let (merged_records, handover_lines) = self.merged_records_and_lines(&subject, &person)?;
        let merges = self.merges_of(&subject)?;
        let (drafts, plan_drafts) = self.drafts_of(person_id)?;
        let audit_rows = self.audit_of(&subject)?;
        self.audit(
            now,
            staff_id,
            AuditAction::Export,
            Some(RecordKind::Person),
            Some(person_id),
        )?;
        let mut export = json!({
            "subject_access_export": {
                "exported_at": to_stored(now),
                "note": "Everything staywell holds about this person. Special-category health data: keep it secure.",
                "review_before_release": REVIEW_NOTE,
            },
            "person": person,
            "visits": visits,
            "crisis_plan_versions": plans,
            "crisis_plan_reviews": plan_reviews,
            "peer_assignments": assignments,
            "handover_entries": handover_entries,
            "corrections": corrections,
            "merged_records": merged_records,
            "merges": merges,
            "handover_lines_naming_them": handover_lines,
            "unsaved_drafts": drafts,
            "unsaved_plan_drafts": plan_drafts,
            "audit": audit_rows,
        });
        add_questionnaire_notices(&mut export);
        self.explain(&mut export)?;
        Ok(export)
    }

    /// Their visits, each with its safeguarding, incidents, follow-ups and signposting.
    fn visits_of(&self, person_id: i64) -> Result<Vec<Value>, StoreError> {
        let mut visits = rows(
            self,
            "SELECT * FROM visits WHERE person_id = ?1 ORDER BY arrived_at",
            person_id,
        )?;
        for v in &mut visits {
            let id = v["id"].as_i64().unwrap_or_default();
            for (key, sql) in [
                (
                    "safeguarding",
                    "SELECT * FROM safeguarding WHERE visit_id = ?1",
                ),
                ("incidents", "SELECT * FROM incidents WHERE visit_id = ?1"),
                ("follow_ups", "SELECT * FROM follow_ups WHERE visit_id = ?1"),
                (
                    "signposted_to",
                    "SELECT d.name, d.phone FROM visit_signposts s JOIN directory_entries d ON d.id = s.directory_entry_id WHERE s.visit_id = ?1",
                ),
            ] {
                v[key] = json!(rows(self, sql, id)?);
            }
        }
        Ok(visits)
    }

    /// Every version of their crisis plans (their own plan first), and the plans' reviews.
    fn plans_of(&self, s: &Subject) -> Result<(Vec<Value>, Vec<Value>), StoreError> {
        let ids = &s.ids;
        let mut plans = rows(
            self,
            &format!(
                "SELECT v.* FROM plan_versions v JOIN crisis_plans c ON c.id = v.plan_id WHERE c.person_id IN ({ids}) ORDER BY v.plan_id = (SELECT id FROM crisis_plans WHERE person_id = ?1) DESC, v.plan_id, v.version"
            ),
            s.person_id,
        )?;
        unpack_json(&mut plans, &["sections"]);
        let reviews = rows(
            self,
            &format!(
                "SELECT r.* FROM plan_reviews r JOIN crisis_plans c ON c.id = r.plan_id WHERE c.person_id IN ({ids}) ORDER BY r.id"
            ),
            s.person_id,
        )?;
        Ok((plans, reviews))
    }

    /// Their peer assignments, each with its sessions.
    fn assignments_of(&self, person_id: i64) -> Result<Vec<Value>, StoreError> {
        let mut assignments = rows(
            self,
            "SELECT a.*, w.name AS worker FROM assignments a JOIN peer_workers w ON w.id = a.worker_id WHERE a.person_id = ?1 ORDER BY a.id",
            person_id,
        )?;
        for a in &mut assignments {
            let id = a["id"].as_i64().unwrap_or_default();
            a["sessions"] = json!(rows(
                self,
                "SELECT * FROM peer_sessions WHERE assignment_id = ?1 ORDER BY held_on",
                id
            )?);
        }
        Ok(assignments)
    }

    /// Every correction of their records, with the values before and after.
    fn corrections_of(&self, s: &Subject) -> Result<Vec<Value>, StoreError> {
        let ids = &s.ids;
        rows(
            self,
            &format!(
                "SELECT * FROM corrections
                 WHERE (record_kind = 'person' AND record_id IN ({ids}))
                    OR (record_kind = 'visit' AND record_id IN ({VISIT_IDS}))
                    OR (record_kind = 'incident' AND record_id IN (SELECT id FROM incidents WHERE visit_id IN ({VISIT_IDS})))
                    OR (record_kind = 'follow_up' AND record_id IN (SELECT id FROM follow_ups WHERE visit_id IN ({VISIT_IDS})))
                    OR (record_kind = 'peer_session' AND record_id IN (SELECT s.id FROM peer_sessions s JOIN assignments a ON a.id = s.assignment_id WHERE a.person_id = ?1))
                 ORDER BY id"
            ),
            s.person_id,
        )
    }

    /// The handover notes' entries about them (or a record merged into theirs).
    fn handover_entries_of(&self, s: &Subject) -> Result<Vec<Value>, StoreError> {
        let notes: Vec<(String, String)> = self
            .conn
            .prepare("SELECT service_date, body FROM handovers ORDER BY service_date")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut entries = Vec::new();
        for (date, body) in notes {
            let Ok(body) = serde_json::from_str::<HandoverBody>(&body) else {
                continue;
            };
            for e in body
                .entries
                .into_iter()
                .filter(|e| s.all_ids.contains(&e.person_id))
            {
                entries.push(json!({ "service_date": date, "entry": e }));
            }
        }
        Ok(entries)
    }

    /// The records merged into theirs, and the handover lines naming them under any of the
    /// names those records held (each line once).
    fn merged_records_and_lines(
        &self,
        s: &Subject,
        person: &Value,
    ) -> Result<(Vec<Value>, Vec<Value>), StoreError> {
        let mut lines = self.handover_lines_naming(s.person_id, person)?;
        let merged_records = rows(
            self,
            &format!(
                "SELECT * FROM people WHERE id IN ({}) AND id <> ?1 ORDER BY id",
                s.ids
            ),
            s.person_id,
        )?;
        for m in &merged_records {
            let id = m["id"].as_i64().unwrap_or_default();
            for line in self.handover_lines_naming(id, m)? {
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
        }
        Ok((merged_records, lines))
    }

    /// The merges that made their record what it is, with the details each side held.
    fn merges_of(&self, s: &Subject) -> Result<Vec<Value>, StoreError> {
        let mut merges = rows(
            self,
            &format!(
                "SELECT * FROM person_merges WHERE survivor_id IN ({}) OR absorbed_id = ?1 ORDER BY id",
                s.ids
            ),
            s.person_id,
        )?;
        unpack_json(
            &mut merges,
            &["kept", "survivor_details", "absorbed_details"],
        );
        Ok(merges)
    }

    /// Unsaved drafts of forms about them (any staff member's), crisis plans' apart.
    fn drafts_of(&self, person_id: i64) -> Result<(Vec<Value>, Vec<Value>), StoreError> {
        let mut drafts = rows(
            self,
            "SELECT staff_id, kind, record, fields, saved_at FROM form_drafts WHERE person_id = ?1
             ORDER BY saved_at",
            person_id,
        )?;
        unpack_json(&mut drafts, &["fields"]);
        let mut plan_drafts = rows(
            self,
            "SELECT staff_id, sections, meta, saved_at FROM plan_drafts WHERE person_id = ?1
             ORDER BY saved_at",
            person_id,
        )?;
        unpack_json(&mut plan_drafts, &["sections", "meta"]);
        Ok((drafts, plan_drafts))
    }

    /// The audit rows about them, their visits, plans and assignments.
    fn audit_of(&self, s: &Subject) -> Result<Vec<Value>, StoreError> {
        let ids = &s.ids;
        rows(
            self,
            &format!(
                "SELECT id, at, staff_id, action, record_kind, record_id FROM audit_log
                 WHERE (record_kind = 'person' AND record_id IN ({ids}))
                    OR (record_kind = 'visit' AND record_id IN ({VISIT_IDS}))
                    OR (record_kind = 'plan' AND record_id IN (SELECT id FROM crisis_plans WHERE person_id IN ({ids})))
                    OR (record_kind = 'assignment' AND record_id IN (SELECT id FROM assignments WHERE person_id = ?1))
                 ORDER BY id"
            ),
            s.person_id,
        )
    }

    /// Every line of a handover note's free-text sections, every addendum and every read-back
    /// that names the person (any of their names, whole words, any case), each marked for
    /// review: the same line may be about other people too.
    fn handover_lines_naming(
        &self,
        person_id: i64,
        person: &Value,
    ) -> Result<Vec<Value>, StoreError> {
        let names = names_to_redact(&[
            person["display_name"].as_str().unwrap_or(""),
            person["full_name"].as_str().unwrap_or(""),
        ]);
        let mut out = Vec::new();
        if names.is_empty() {
            return Ok(out);
        }
        let names_them = |line: &str| redact(line, &names) != line;
        let notes: Vec<(i64, String, String, String)> = self
            .conn
            .prepare(
                "SELECT id, service_date, body, readback FROM handovers ORDER BY service_date",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        for (id, date, body, readback) in notes {
            let mut push = |section: &str, text: &str| {
                for line in text.split('\n').filter(|l| names_them(l)) {
                    out.push(json!({
                        "handover_id": id,
                        "service_date": date,
                        "section": section,
                        "line": line,
                        "review": REVIEW_LINE,
                    }));
                }
            };
            if let Ok(body) = serde_json::from_str::<HandoverBody>(&body) {
                for (section, text) in [
                    ("safeguarding", &body.safeguarding),
                    ("follow_ups", &body.follow_ups),
                    ("incidents", &body.incidents),
                    ("staffing", &body.staffing),
                    ("facilities", &body.facilities),
                    ("free_text", &body.free_text),
                ] {
                    push(section, text);
                }
                // Another person's entry that mentions them.
                for e in body.entries.iter().filter(|e| e.person_id != person_id) {
                    for (section, text) in [
                        ("entry_summary", &e.summary),
                        ("entry_actions", &e.actions),
                        ("entry_contingency", &e.contingency),
                    ] {
                        push(section, text);
                    }
                }
            }
            push("readback", &readback);
        }
        let addenda: Vec<(i64, String, String)> = self
            .conn
            .prepare(
                "SELECT a.handover_id, h.service_date, a.text FROM handover_addenda a
                 JOIN handovers h ON h.id = a.handover_id ORDER BY a.id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        for (id, date, text) in addenda {
            for line in text.split('\n').filter(|l| names_them(l)) {
                out.push(json!({
                    "handover_id": id,
                    "service_date": date,
                    "section": "addendum",
                    "line": line,
                    "review": REVIEW_LINE,
                }));
            }
        }
        Ok(out)
    }

    /// Beside every staff id its name, beside every triage code its meaning, so the person can
    /// read who and what without the service's tables.
    fn explain(&self, v: &mut Value) -> Result<(), StoreError> {
        let staff: std::collections::BTreeMap<i64, String> = self
            .conn
            .prepare("SELECT id, name FROM staff")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let codes: std::collections::BTreeMap<String, String> = self
            .conn
            .prepare("SELECT code, label FROM triage_codes")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        explain_value(v, &staff, &codes);
        Ok(())
    }
}

const REVIEW_NOTE: &str = "Handover entries and lines, addenda and read-backs can name or describe other \
     people (other visitors, staff, family): review each item marked 'review' and remove other \
     people's data before release.";
const REVIEW_LINE: &str = "may hold other people's data: review before release";

/// The licence asks for SWEMWBS's copyright line wherever scores are shown; the ONS4 columns
/// are named with the questions they answer, so the file reads on its own.
fn add_questionnaire_notices(export: &mut Value) {
    use crate::domain::ons4::{Question, When};
    let ons4_questions: serde_json::Map<String, Value> = When::ALL
        .iter()
        .flat_map(|w| Question::ALL.iter().map(move |q| (w, q)))
        .map(|(w, q)| {
            (
                format!("{}{}", w.column_prefix(), q.code()),
                json!(format!("{} ({})", q.wording(), w.label())),
            )
        })
        .collect();
    let visits = export["visits"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let has_swemwbs = visits.iter().any(|v| !v["swemwbs_items"].is_null());
    let asked_ons4 = visits
        .iter()
        .any(|v| ons4_questions.keys().any(|k| !v[k.as_str()].is_null()));
    if let Some(fields) = export.as_object_mut() {
        if has_swemwbs {
            fields.insert(
                "swemwbs_notice".into(),
                json!(crate::domain::swemwbs::COPYRIGHT),
            );
        }
        if asked_ons4 {
            fields.insert("ons4_questions".into(), Value::Object(ons4_questions));
        }
    }
}

fn is_staff_key(k: &str) -> bool {
    k.ends_with("_by") || k == "staff_id" || k.ends_with("_staff_id")
}

fn explain_value(
    v: &mut Value,
    staff: &std::collections::BTreeMap<i64, String>,
    codes: &std::collections::BTreeMap<String, String>,
) {
    match v {
        Value::Object(map) => {
            let mut extra = Vec::new();
            for (k, val) in map.iter() {
                if is_staff_key(k)
                    && let Some(name) = val.as_i64().and_then(|id| staff.get(&id))
                {
                    extra.push((format!("{k}_name"), json!(name)));
                }
                if k == "triage_code"
                    && let Some(label) = val.as_str().and_then(|c| codes.get(c))
                {
                    extra.push(("triage_code_meaning".to_string(), json!(label)));
                }
            }
            for (_, val) in map.iter_mut() {
                explain_value(val, staff, codes);
            }
            for (k, val) in extra {
                map.insert(k, val);
            }
        }
        Value::Array(items) => {
            for item in items {
                explain_value(item, staff, codes);
            }
        }
        _ => {}
    }
}

/// The export as plain text for the person to read: each section a heading, each field
/// "label: value", nested records indented. No JSON punctuation.
pub fn plain_text(export: &Value) -> String {
    let mut out = String::new();
    write_text(&mut out, export, 0);
    out
}

fn label(key: &str) -> String {
    let mut s = key.replace('_', " ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

fn write_text(out: &mut String, v: &Value, depth: usize) {
    let pad = "  ".repeat(depth);
    match v {
        Value::Object(map) => {
            for (k, val) in map {
                match val {
                    Value::Object(_) | Value::Array(_) => {
                        out.push_str(&format!("{pad}{}:\n", label(k)));
                        write_text(out, val, depth + 1);
                    }
                    Value::Null => {}
                    other => out.push_str(&format!("{pad}{}: {}\n", label(k), scalar(other))),
                }
            }
        }
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str(&format!("{pad}(none)\n"));
            }
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Object(_) | Value::Array(_) => {
                        out.push_str(&format!("{pad}{}.\n", i + 1));
                        write_text(out, item, depth + 1);
                    }
                    other => out.push_str(&format!("{pad}- {}\n", scalar(other))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.replace('\n', " / "),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        other => other.to_string(),
    }
}
