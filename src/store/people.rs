//! People (visitors): adding, finding (Ctrl-f) and recognising a returning visitor.

use super::person_set::{Joined, PersonSet};
use super::rows::{invalid, opt_time};
use super::{Store, StoreError, audit};
use crate::domain::audit::{AuditAction, RecordKind};
pub use crate::domain::person::PersonSummary;
use crate::domain::person::{
    MatchReason, PersonDetails, match_reasons, phone_digits, within_one_edit,
};
use crate::domain::text::optional_line;
use crate::domain::time::{date_from_stored, date_to_stored, to_stored};
use crate::domain::visit::NAME_MAX;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, params};

/// Every searchable name, lower-cased, with its people, and every phone's digits: search
/// filters these in memory instead of decrypting and scanning the people table on every
/// keystroke. Each distinct name and word is held once, so a keystroke tests each once. Our own
/// writes to people drop it; another process's commit shows as a new `PRAGMA data_version`.
pub(crate) struct NameIndex {
    data_version: i64,
    /// The highest person id seen: how big a search's set of people is.
    max_id: i64,
    /// Each distinct lower-cased name, one after another, for finding a fragment in one pass.
    names_joined: Joined,
    /// Everyone who has each of those names, in the same order.
    name_owners: Vec<Vec<i64>>,
    /// Each distinct word of those names (as the characters the one-edit test compares), with
    /// the places in `names_joined` of the names that have it.
    words: Vec<(Vec<char>, Vec<u32>)>,
    /// Everyone with a phone, in the order of `phones_joined`, which holds its digits.
    phone_owners: Vec<i64>,
    phones_joined: Joined,
}

impl NameIndex {
    fn build(conn: &Connection, data_version: i64) -> Result<NameIndex, StoreError> {
        use std::collections::HashMap;
        let mut stmt = conn.prepare_cached(
            "SELECT id, display_name, full_name, phone_digits FROM people
             WHERE erased_at IS NULL AND merged_into IS NULL
               AND (display_name IS NOT NULL OR full_name IS NOT NULL OR phone_digits IS NOT NULL)",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut names: Vec<(String, Vec<i64>)> = Vec::new();
        let mut name_at: HashMap<String, usize> = HashMap::new();
        let mut phone_owners = Vec::new();
        let mut phones_joined = Joined::default();
        let mut max_id = 0;
        for (id, display, full, digits) in rows.filter_map(Result::ok) {
            max_id = max_id.max(id);
            for n in [display, full].into_iter().flatten() {
                let n = n.to_lowercase();
                match name_at.get(&n) {
                    Some(&i) => {
                        if let Some((_, ids)) = names.get_mut(i) {
                            ids.push(id);
                        }
                    }
                    None => {
                        name_at.insert(n.clone(), names.len());
                        names.push((n, vec![id]));
                    }
                }
            }
            if let Some(d) = digits {
                phone_owners.push(id);
                phones_joined.push(&d);
            }
        }
        drop(name_at);
        let mut names_joined = Joined::default();
        for (n, _) in &names {
            names_joined.push(n);
        }
        let mut words: Vec<(Vec<char>, Vec<u32>)> = Vec::new();
        let mut word_at: HashMap<&str, usize> = HashMap::new();
        for (i, (n, _)) in names.iter().enumerate() {
            for w in n.split_whitespace() {
                match word_at.get(w) {
                    Some(&k) => {
                        if let Some((_, in_names)) = words.get_mut(k)
                            && in_names.last() != Some(&(i as u32))
                        {
                            in_names.push(i as u32);
                        }
                    }
                    None => {
                        word_at.insert(w, words.len());
                        // What damerau_levenshtein compares: the word lower-cased again.
                        words.push((w.to_lowercase().chars().collect(), vec![i as u32]));
                    }
                }
            }
        }
        drop(word_at);
        Ok(NameIndex {
            data_version,
            max_id,
            names_joined,
            name_owners: names.into_iter().map(|(_, ids)| ids).collect(),
            words,
            phone_owners,
            phones_joined,
        })
    }
}

/// From this many people up, search orders them by walking the newest visits rather than
/// seeking each one's last visit (a seek costs about a microsecond; the walk stops early when
/// many are wanted).
const WALK_VISITS_FROM: usize = 1_000;

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
    /// The index, built again if people changed since.
    fn name_index(&self) -> Result<std::cell::RefMut<'_, NameIndex>, StoreError> {
        let version = self.data_version()?;
        let mut cache = self.names.borrow_mut();
        if cache.as_ref().is_none_or(|c| c.data_version != version) {
            *cache = Some(NameIndex::build(&self.conn, version)?);
        }
        Ok(std::cell::RefMut::map(cache, |c| {
            c.as_mut().expect("just built")
        }))
    }

    /// People one of whose names contains `query` (lower-case) or has a word within one edit.
    fn name_matches(&self, query: &str) -> Result<PersonSet, StoreError> {
        let index = self.name_index()?;
        let q: Vec<char> = query.to_lowercase().chars().collect();
        let mut hit = vec![false; index.name_owners.len()];
        index.names_joined.each_containing(query, |i| {
            if let Some(h) = hit.get_mut(i) {
                *h = true;
            }
        });
        for (w, in_names) in &index.words {
            if w.len().abs_diff(q.len()) <= 1 && within_one_edit(w, &q) {
                for &i in in_names {
                    if let Some(h) = hit.get_mut(i as usize) {
                        *h = true;
                    }
                }
            }
        }
        let mut people = PersonSet::up_to(index.max_id);
        for (ids, _) in index.name_owners.iter().zip(hit).filter(|(_, h)| *h) {
            for &id in ids {
                people.insert(id);
            }
        }
        Ok(people)
    }

    /// People whose phone's digits contain `digits`.
    fn phone_matches(&self, digits: &str) -> Result<PersonSet, StoreError> {
        let index = self.name_index()?;
        let mut people = PersonSet::up_to(index.max_id);
        index.phones_joined.each_containing(digits, |i| {
            if let Some(&id) = index.phone_owners.get(i) {
                people.insert(id);
            }
        });
        Ok(people)
    }

    /// The `limit` of `ids` seen most recently (then the newest record first), as summaries in
    /// that order; only those shown are read whole.
    fn most_recently_seen(
        &self,
        people: &PersonSet,
        limit: usize,
    ) -> Result<Vec<PersonSummary>, StoreError> {
        let chosen = if people.len() < WALK_VISITS_FROM {
            let ids: Vec<i64> = people.descending().collect();
            self.by_last_visit_seek(&ids, limit)?
        } else {
            self.by_last_visit_walk(people, limit)?
        };
        chosen.into_iter().map(|id| self.person(id)).collect()
    }

    /// For a few people: one query orders them by their last visit, an index seek each.
    fn by_last_visit_seek(&self, ids: &[i64], limit: usize) -> Result<Vec<i64>, StoreError> {
        if ids.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        Ok(self
            .conn
            // The limit written in, not bound (see `store::rows`).
            .prepare_cached(&format!(
                "SELECT j.value FROM json_each(?1) j
                 ORDER BY (SELECT max(arrived_at) FROM visits v WHERE v.person_id = j.value) DESC,
                          j.value DESC
                 LIMIT {limit}"
            ))?
            .query_map(params![format!("[{list}]")], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// For many people (a phone's first digits match thousands): the newest visits are walked
    /// until `limit` of them have been seen and no later visit can tie; those never seen
    /// (no visit at all) come last, newest record first. The same order as the seek's.
    fn by_last_visit_walk(&self, wanted: &PersonSet, limit: usize) -> Result<Vec<i64>, StoreError> {
        if wanted.len() == 0 || limit == 0 {
            return Ok(Vec::new());
        }
        let mut seen = PersonSet::default();
        // In the walk's order: the newest last visit first.
        let mut found: Vec<(String, i64)> = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT person_id, arrived_at FROM visits ORDER BY arrived_at DESC")?;
        let mut rows = stmt.query([])?;
        let mut walked_all = true;
        while let Some(r) = rows.next()? {
            // Borrowed: most visits walked are not wanted, or a person already seen.
            let at = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            if found
                .get(limit - 1)
                .is_some_and(|(shown_last, _)| at < shown_last.as_str())
            {
                walked_all = false;
                break;
            }
            let Some(person) = r.get::<_, Option<i64>>(0)? else {
                continue;
            };
            if wanted.contains(person) && seen.insert(person) {
                found.push((at.to_owned(), person));
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        let mut chosen: Vec<i64> = found.into_iter().map(|(_, id)| id).take(limit).collect();
        if walked_all && chosen.len() < limit {
            let never = wanted.descending().filter(|&id| !seen.contains(id));
            chosen.extend(never.take(limit - chosen.len()));
        }
        Ok(chosen)
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
            .prepare_cached("SELECT count(*) FROM people")?
            .query_row([], |r| r.get(0))?)
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
            Query::Phone(digits) => {
                let people = self.phone_matches(&digits)?;
                self.most_recently_seen(&people, limit)?
            }
            Query::Date(d) => self
                .conn
                .prepare_cached(&format!("{SUMMARY_SELECT} AND p.date_of_birth = ?1"))?
                .query_map([date_to_stored(d)], summary_row)?
                .collect::<Result<_, _>>()?,
            Query::Name(name) => {
                // Newest people first, then only as many as will be shown get their summaries.
                let mut newest = PersonSet::default();
                for id in self.name_matches(&name)?.descending().take(limit * 2) {
                    newest.insert(id);
                }
                self.most_recently_seen(&newest, limit)?
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
                ids.extend(self.name_matches(word)?.descending());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::damerau_levenshtein;
    use chrono::TimeZone;

    /// Search as it was before the in-memory index held distinct names, words and phones:
    /// every name scanned with the full distance, phones matched in SQL, every hit's summary
    /// read, then ordered.
    fn reference(store: &Store, query: &str, limit: usize) -> Vec<PersonSummary> {
        let Some(q) = parse_query(query) else {
            return Vec::new();
        };
        let conn = store.connection();
        let all = |sql: &str, p: &dyn rusqlite::ToSql| -> Vec<PersonSummary> {
            conn.prepare(&format!("{SUMMARY_SELECT} {sql}"))
                .unwrap()
                .query_map([p], summary_row)
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let mut hits = match q {
            Query::Id(id) => all("AND p.id = ?1", &id),
            Query::Phone(d) => all("AND p.phone_digits LIKE '%' || ?1 || '%'", &d),
            Query::Date(d) => all("AND p.date_of_birth = ?1", &date_to_stored(d)),
            Query::Name(name) => {
                let mut ids: Vec<i64> = conn
                    .prepare(
                        "SELECT id, display_name, full_name FROM people
                         WHERE erased_at IS NULL AND merged_into IS NULL",
                    )
                    .unwrap()
                    .query_map([], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, Option<String>>(1)?,
                            r.get::<_, Option<String>>(2)?,
                        ))
                    })
                    .unwrap()
                    .filter_map(Result::ok)
                    .filter(|(_, d, f)| {
                        [d, f].into_iter().flatten().any(|n| {
                            let n = n.to_lowercase();
                            n.contains(&name)
                                || n.split_whitespace()
                                    .any(|w| damerau_levenshtein(w, &name) <= 1)
                        })
                    })
                    .map(|(id, _, _)| id)
                    .collect();
                ids.sort_unstable_by(|a, b| b.cmp(a));
                ids.truncate(limit * 2);
                ids.into_iter()
                    .map(|id| store.person(id).unwrap())
                    .collect()
            }
        };
        hits.sort_by(|a, b| b.last_visit.cmp(&a.last_visit).then(b.id.cmp(&a.id)));
        hits.truncate(limit);
        hits
    }

    #[test]
    fn search_finds_exactly_what_the_full_scan_found() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 19, 30, 0).unwrap();
        let mut store =
            crate::demo::generate(&dir.path().join("s.db"), crate::demo::Size::Small, now).unwrap();
        // Names the demo lacks: accents, a dotted capital I, the same name twice, a long one.
        for (d, f, phone) in [
            ("Zoë", Some("Zoë Brontë"), Some("+44 7700 900111")),
            ("İlker", None, None),
            ("Sam", Some("Sam Example"), Some("07700 900222")),
            ("Sam", Some("Sam Example"), None),
            (
                "Mary-Jane",
                Some("Mary-Jane Watson Smith"),
                Some("0044 7700 900333"),
            ),
        ] {
            let details = PersonDetails {
                display_name: Some(d.into()),
                full_name: f.map(String::from),
                date_of_birth: None,
                phone: phone.map(String::from),
            };
            store.add_person(&details, 1, now).unwrap();
        }
        let queries = [
            "a",
            "al",
            "alex",
            "aelx",
            "sam",
            "sma",
            "smа",
            "xample",
            "exmaple",
            "zoe",
            "zoë",
            "bronte",
            "i̇lker",
            "ilker",
            "mary",
            "jane",
            "mary-jane watson",
            "watson smith",
            "q",
            "zz",
            "07700",
            "0770090",
            "900111",
            "07700900222",
            "447700900333",
            "#1",
            "#42",
            "anonymous #3",
            "#999",
            "01/02/1980",
            "1990-05-05",
            "  sam  ",
            "",
            "e",
            "pip",
        ];
        for limit in [1, 5, 30] {
            for q in queries {
                assert_eq!(
                    store.find_people(q, limit).unwrap(),
                    reference(&store, q, limit),
                    "{q:?}"
                );
            }
        }
        // Both ways of ordering by last visit agree, for any set of people (some never seen).
        let all: Vec<i64> = store
            .connection()
            .prepare("SELECT id FROM people")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut x: u64 = 7;
        for round in 0..200 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let ids: Vec<i64> = all
                .iter()
                .copied()
                .filter(|id| (x >> (id % 61)) & 1 == 1 || round % 7 == 0)
                .collect();
            for limit in [0, 1, 3, 30, 100] {
                let mut set = PersonSet::default();
                for &id in &ids {
                    set.insert(id);
                }
                assert_eq!(
                    store.by_last_visit_walk(&set, limit).unwrap(),
                    store.by_last_visit_seek(&ids, limit).unwrap(),
                    "{ids:?} {limit}"
                );
            }
        }
        // Dates of birth the demo holds.
        let dobs: Vec<String> = store
            .connection()
            .prepare("SELECT date_of_birth FROM people WHERE date_of_birth IS NOT NULL LIMIT 5")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for d in dobs {
            assert_eq!(
                store.find_people(&d, 30).unwrap(),
                reference(&store, &d, 30),
                "{d}"
            );
        }
    }
}
