//! People (visitors): adding, finding (Ctrl-f) and recognising a returning visitor.

use super::visits::{invalid, opt_time};
use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::person::{
    MatchReason, PersonDetails, damerau_levenshtein, match_reasons, phone_digits,
};
use crate::domain::text::optional_line;
use crate::domain::time::{date_from_stored, date_to_stored, to_stored};
use crate::domain::visit::NAME_MAX;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};

/// A person as shown in search results and match suggestions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSummary {
    pub id: i64,
    pub details: PersonDetails,
    pub last_visit: Option<DateTime<Utc>>,
}

impl PersonSummary {
    pub fn label(&self) -> String {
        crate::domain::person::display_label(self.id, self.details.display_name.as_deref())
    }
}

/// Inserts a person after checking their details; returns the new id.
pub(crate) fn insert_person(
    conn: &Connection,
    p: &PersonDetails,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let display = optional_line("Name", p.display_name.as_deref().unwrap_or(""), NAME_MAX)
        .map_err(invalid)?;
    let full = optional_line("Full name", p.full_name.as_deref().unwrap_or(""), NAME_MAX)
        .map_err(invalid)?;
    let phone = optional_line("Phone", p.phone.as_deref().unwrap_or(""), 40).map_err(invalid)?;
    let digits = phone.as_deref().map(phone_digits);
    conn.prepare_cached(
        "INSERT INTO people (display_name, full_name, date_of_birth, phone, phone_digits, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![display, full, p.date_of_birth.map(date_to_stored), phone, digits, to_stored(now), staff_id])?;
    let id = conn.last_insert_rowid();
    audit::append(
        conn,
        now,
        Some(staff_id),
        AuditAction::Create,
        Some(RecordKind::Person),
        Some(id),
    )?;
    Ok(id)
}

const SUMMARY_SELECT: &str = "
    SELECT p.id, p.display_name, p.full_name, p.date_of_birth, p.phone,
           (SELECT max(arrived_at) FROM visits v WHERE v.person_id = p.id)
    FROM people p WHERE p.erased_at IS NULL";

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PersonSummary> {
    Ok(PersonSummary {
        id: r.get(0)?,
        details: PersonDetails {
            display_name: r.get(1)?,
            full_name: r.get(2)?,
            date_of_birth: r
                .get::<_, Option<String>>(3)?
                .as_deref()
                .and_then(date_from_stored),
            phone: r.get(4)?,
        },
        last_visit: opt_time(r, 5)?,
    })
}

/// What a search box query means.
enum Query {
    Id(i64),
    Phone(String),
    Date(NaiveDate),
    Name(String),
}

fn parse_query(q: &str) -> Option<Query> {
    let q = q.trim();
    if q.is_empty() {
        return None;
    }
    let lower = q.to_lowercase();
    let id_text = q
        .strip_prefix('#')
        .or_else(|| lower.strip_prefix("anonymous #"));
    if let Some(Ok(id)) = id_text.map(|t| t.trim().parse()) {
        return Some(Query::Id(id));
    }
    for fmt in ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(q, fmt) {
            return Some(Query::Date(d));
        }
    }
    let digits = phone_digits(q);
    if digits.len() >= 5 && q.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
        return Some(Query::Phone(digits));
    }
    Some(Query::Name(q.to_lowercase()))
}

impl Store {
    pub fn add_person(
        &mut self,
        person: &PersonDetails,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| insert_person(tx, person, staff_id, now))
    }

    pub fn people_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM people", [], |r| r.get(0))?)
    }

    pub fn person(&self, id: i64) -> Result<PersonSummary, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!("{SUMMARY_SELECT} AND p.id = ?1"))?
            .query_row([id], summary_row)?)
    }

    /// Ctrl-f: people by name (contains, or within one edit), phone (digits), date of birth
    /// or "#id". At most `limit`, most recently seen first.
    pub fn find_people(&self, query: &str, limit: usize) -> Result<Vec<PersonSummary>, StoreError> {
        let Some(q) = parse_query(query) else {
            return Ok(Vec::new());
        };
        let mut hits: Vec<PersonSummary> = match q {
            Query::Id(id) => self
                .conn
                .prepare_cached(&format!("{SUMMARY_SELECT} AND p.id = ?1"))?
                .query_map([id], summary_row)?
                .collect::<Result<_, _>>()?,
            Query::Phone(digits) => self
                .conn
                .prepare_cached(&format!(
                    "{SUMMARY_SELECT} AND p.phone_digits LIKE '%' || ?1 || '%'"
                ))?
                .query_map([digits], summary_row)?
                .collect::<Result<_, _>>()?,
            Query::Date(d) => self
                .conn
                .prepare_cached(&format!("{SUMMARY_SELECT} AND p.date_of_birth = ?1"))?
                .query_map([date_to_stored(d)], summary_row)?
                .collect::<Result<_, _>>()?,
            Query::Name(name) => {
                // Names are few and short: filter in memory over an index-only scan.
                let mut stmt = self.conn.prepare_cached(
                    "SELECT id, display_name, full_name FROM people
                     WHERE erased_at IS NULL AND (display_name IS NOT NULL OR full_name IS NOT NULL)",
                )?;
                let ids: Vec<i64> = stmt
                    .query_map([], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, Option<String>>(1)?,
                            r.get::<_, Option<String>>(2)?,
                        ))
                    })?
                    .filter_map(Result::ok)
                    .filter(|(_, d, f)| {
                        [d, f].iter().filter_map(|n| n.as_deref()).any(|n| {
                            let n = n.to_lowercase();
                            n.contains(&name)
                                || n.split_whitespace()
                                    .any(|w| damerau_levenshtein(w, &name) <= 1)
                        })
                    })
                    .map(|(id, _, _)| id)
                    .collect();
                let mut out = Vec::with_capacity(ids.len().min(limit * 2));
                for id in ids.into_iter().rev().take(limit * 4) {
                    out.push(self.person(id)?);
                }
                out
            }
        };
        hits.sort_by(|a, b| b.last_visit.cmp(&a.last_visit).then(b.id.cmp(&a.id)));
        hits.truncate(limit);
        Ok(hits)
    }

    /// People who may be the one being added (a suggestion the lead confirms), with why.
    pub fn match_candidates(
        &self,
        new: &PersonDetails,
        limit: usize,
    ) -> Result<Vec<(PersonSummary, Vec<MatchReason>)>, StoreError> {
        let has_anything = [&new.display_name, &new.full_name, &new.phone]
            .iter()
            .any(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty()))
            || new.date_of_birth.is_some();
        if !has_anything {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(SUMMARY_SELECT)?;
        let mut found: Vec<(PersonSummary, Vec<MatchReason>)> = stmt
            .query_map([], summary_row)?
            .filter_map(Result::ok)
            .filter_map(|p| {
                let reasons = match_reasons(new, &p.details);
                (!reasons.is_empty()).then_some((p, reasons))
            })
            .collect();
        // Most reasons first, then most recently seen.
        found.sort_by(|a, b| {
            b.1.len()
                .cmp(&a.1.len())
                .then(b.0.last_visit.cmp(&a.0.last_visit))
        });
        found.truncate(limit);
        Ok(found)
    }
}
