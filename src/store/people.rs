//! People (visitors): adding, finding (Ctrl-f) and recognising a returning visitor.

use super::rows::{invalid, opt_time};
use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, RecordKind};
pub use crate::domain::person::PersonSummary;
use crate::domain::person::{
    MatchReason, PersonDetails, damerau_levenshtein, match_reasons, phone_digits,
};
use crate::domain::text::optional_line;
use crate::domain::time::{date_from_stored, date_to_stored, to_stored};
use crate::domain::visit::NAME_MAX;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, params};

/// Every searchable name, lower-cased, with its person: search filters this in memory instead
/// of decrypting and scanning the people table on every keystroke. Our own writes to people
/// drop it; another process's commit shows as a new `PRAGMA data_version`.
pub(crate) struct NameIndex {
    data_version: i64,
    names: Vec<(i64, String)>,
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
    FROM people p WHERE p.erased_at IS NULL AND p.merged_into IS NULL";

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
    /// People one of whose names contains `query` (lower-case) or has a word within one edit.
    fn name_matches(&self, query: &str) -> Result<Vec<i64>, StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let mut cache = self.names.borrow_mut();
        if cache.as_ref().is_none_or(|c| c.data_version != version) {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, display_name, full_name FROM people
                 WHERE erased_at IS NULL AND merged_into IS NULL
                   AND (display_name IS NOT NULL OR full_name IS NOT NULL)",
            )?;
            let names = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                })?
                .filter_map(Result::ok)
                .flat_map(|(id, d, f)| {
                    [d, f]
                        .into_iter()
                        .flatten()
                        .map(move |n| (id, n.to_lowercase()))
                })
                .collect();
            *cache = Some(NameIndex {
                data_version: version,
                names,
            });
        }
        let index = cache.as_ref().expect("just built");
        let mut ids: Vec<i64> = index
            .names
            .iter()
            .filter(|(_, n)| {
                n.contains(query)
                    || n.split_whitespace()
                        .any(|w| damerau_levenshtein(w, query) <= 1)
            })
            .map(|(id, _)| *id)
            .collect();
        ids.dedup();
        Ok(ids)
    }

    /// Our own change to people: the name index is rebuilt on the next search.
    pub(crate) fn people_changed(&self) {
        self.names.borrow_mut().take();
    }

    pub fn add_person(
        &mut self,
        person: &PersonDetails,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.people_changed();
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
                let mut ids = self.name_matches(&name)?;
                // Newest people first, then only as many as will be shown get their summaries.
                ids.sort_unstable_by(|a, b| b.cmp(a));
                ids.truncate(limit * 2);
                ids.into_iter()
                    .map(|id| self.person(id))
                    .collect::<Result<Vec<_>, _>>()?
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
        // Candidates from the name index and the phone and date-of-birth indexes; the domain's
        // rule then decides which really match, and why.
        let mut ids: Vec<i64> = Vec::new();
        for name in [&new.display_name, &new.full_name].into_iter().flatten() {
            for word in name.to_lowercase().split_whitespace() {
                ids.extend(self.name_matches(word)?);
            }
        }
        if let Some(phone) = &new.phone {
            let digits = phone_digits(phone);
            let mut stmt = self.conn.prepare_cached(
                "SELECT id FROM people WHERE phone_digits = ?1 AND erased_at IS NULL AND merged_into IS NULL",
            )?;
            ids.extend(
                stmt.query_map([digits], |r| r.get::<_, i64>(0))?
                    .filter_map(Result::ok),
            );
        }
        if let Some(dob) = new.date_of_birth {
            let swapped =
                chrono::NaiveDate::from_ymd_opt(dob.year(), dob.day(), dob.month()).unwrap_or(dob);
            let mut stmt = self.conn.prepare_cached(
                "SELECT id FROM people WHERE date_of_birth IN (?1, ?2) AND erased_at IS NULL
                   AND merged_into IS NULL",
            )?;
            ids.extend(
                stmt.query_map([date_to_stored(dob), date_to_stored(swapped)], |r| {
                    r.get::<_, i64>(0)
                })?
                .filter_map(Result::ok),
            );
        }
        ids.sort_unstable();
        ids.dedup();
        let mut found: Vec<(PersonSummary, Vec<MatchReason>)> = Vec::new();
        for id in ids {
            let p = self.person(id)?;
            let reasons = match_reasons(new, &p.details);
            if !reasons.is_empty() {
                found.push((p, reasons));
            }
        }
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
