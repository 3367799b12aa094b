//! UK GDPR subject access: everything held about one person, as JSON.

use super::{Store, StoreError};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::handover::HandoverBody;
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

impl Store {
    /// Everything held about `person_id`: their details, visits (with safeguarding, incidents,
    /// follow-ups and signposting), crisis plans with every version, peer assignments and
    /// sessions, handover entries naming them, and the audit rows about them. Audited.
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
        let visit_ids = "SELECT id FROM visits WHERE person_id = ?1";
        let mut visits = rows(
            self,
            "SELECT * FROM visits WHERE person_id = ?1 ORDER BY arrived_at",
            person_id,
        )?;
        for v in &mut visits {
            let id = v["id"].as_i64().unwrap_or_default();
            v["safeguarding"] = json!(rows(
                self,
                "SELECT * FROM safeguarding WHERE visit_id = ?1",
                id
            )?);
            v["incidents"] = json!(rows(
                self,
                "SELECT * FROM incidents WHERE visit_id = ?1",
                id
            )?);
            v["follow_ups"] = json!(rows(
                self,
                "SELECT * FROM follow_ups WHERE visit_id = ?1",
                id
            )?);
            v["signposted_to"] = json!(rows(
                self,
                "SELECT d.name, d.phone FROM visit_signposts s JOIN directory_entries d ON d.id = s.directory_entry_id WHERE s.visit_id = ?1",
                id
            )?);
        }
        let plans = rows(
            self,
            "SELECT v.* FROM plan_versions v JOIN crisis_plans c ON c.id = v.plan_id WHERE c.person_id = ?1 ORDER BY v.version",
            person_id,
        )?;
        let plan_reviews = rows(
            self,
            "SELECT r.* FROM plan_reviews r JOIN crisis_plans c ON c.id = r.plan_id WHERE c.person_id = ?1 ORDER BY r.id",
            person_id,
        )?;
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
        // Every correction of their records, with the values before and after.
        let corrections = rows(
            self,
            &format!(
                "SELECT * FROM corrections
                 WHERE (record_kind = 'person' AND record_id = ?1)
                    OR (record_kind = 'visit' AND record_id IN ({visit_ids}))
                    OR (record_kind = 'incident' AND record_id IN (SELECT id FROM incidents WHERE visit_id IN ({visit_ids})))
                    OR (record_kind = 'follow_up' AND record_id IN (SELECT id FROM follow_ups WHERE visit_id IN ({visit_ids})))
                    OR (record_kind = 'peer_session' AND record_id IN (SELECT s.id FROM peer_sessions s JOIN assignments a ON a.id = s.assignment_id WHERE a.person_id = ?1))
                 ORDER BY id"
            ),
            person_id,
        )?;
        let mut handover_entries = Vec::new();
        let notes: Vec<(String, String)> = self
            .conn
            .prepare("SELECT service_date, body FROM handovers ORDER BY service_date")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (date, body) in notes {
            let Ok(body) = serde_json::from_str::<HandoverBody>(&body) else {
                continue;
            };
            for e in body
                .entries
                .into_iter()
                .filter(|e| e.person_id == person_id)
            {
                handover_entries.push(json!({ "service_date": date, "entry": e }));
            }
        }
        // Unsaved drafts of forms about them (any staff member's), crisis plans' included.
        let mut drafts = rows(
            self,
            "SELECT staff_id, kind, record, fields, saved_at FROM form_drafts WHERE person_id = ?1
             ORDER BY saved_at",
            person_id,
        )?;
        for d in &mut drafts {
            if let Some(fields) = d["fields"]
                .as_str()
                .and_then(|f| serde_json::from_str::<Value>(f).ok())
            {
                d["fields"] = fields;
            }
        }
        let mut plan_drafts = rows(
            self,
            "SELECT staff_id, sections, meta, saved_at FROM plan_drafts WHERE person_id = ?1
             ORDER BY saved_at",
            person_id,
        )?;
        for d in &mut plan_drafts {
            for key in ["sections", "meta"] {
                if let Some(v) = d[key]
                    .as_str()
                    .and_then(|f| serde_json::from_str::<Value>(f).ok())
                {
                    d[key] = v;
                }
            }
        }
        let audit_rows = rows(
            self,
            &format!(
                "SELECT id, at, staff_id, action, record_kind, record_id FROM audit_log
                 WHERE (record_kind = 'person' AND record_id = ?1)
                    OR (record_kind = 'visit' AND record_id IN ({visit_ids}))
                    OR (record_kind = 'plan' AND record_id IN (SELECT id FROM crisis_plans WHERE person_id = ?1))
                    OR (record_kind = 'assignment' AND record_id IN (SELECT id FROM assignments WHERE person_id = ?1))
                 ORDER BY id"
            ),
            person_id,
        )?;
        self.audit(
            now,
            staff_id,
            AuditAction::Export,
            Some(RecordKind::Person),
            Some(person_id),
        )?;
        // The licence asks for SWEMWBS's copyright line wherever scores are shown; the ONS4
        // columns are named with the questions they answer, so the file reads on its own.
        let has_swemwbs = visits.iter().any(|v| !v["swemwbs_items"].is_null());
        let ons4_questions: serde_json::Map<String, Value> = crate::domain::ons4::Question::ALL
            .iter()
            .map(|q| (format!("ons4_{}", q.code()), json!(q.wording())))
            .collect();
        let mut out = json!({
            "subject_access_export": {
                "exported_at": to_stored(now),
                "note": "Everything staywell holds about this person. Special-category health data: keep it secure.",
            },
            "person": person,
            "visits": visits,
            "crisis_plan_versions": plans,
            "crisis_plan_reviews": plan_reviews,
            "peer_assignments": assignments,
            "handover_entries": handover_entries,
            "corrections": corrections,
            "unsaved_drafts": drafts,
            "unsaved_plan_drafts": plan_drafts,
            "audit": audit_rows,
        });
        if has_swemwbs {
            out["swemwbs_notice"] = json!(crate::domain::swemwbs::COPYRIGHT);
        }
        if visits
            .iter()
            .any(|v| ons4_questions.keys().any(|k| !v[k.as_str()].is_null()))
        {
            out["ons4_questions"] = Value::Object(ons4_questions);
        }
        Ok(out)
    }
}
