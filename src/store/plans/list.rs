//! The Plans list: its pages (keyset paging, overdue plans first when asked) and the counts
//! in its title, held in memory between changes so a filter keystroke reads nothing again.

use super::{date, version_number};
use crate::domain::person::display_label;
use crate::domain::plan::{PlanCursor, PlanListRow, is_overdue};
use crate::domain::time::{date_to_stored, to_stored};
use crate::store::rows::{opt_time, time};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use rusqlite::ToSql;

/// Which plans one query of the list walks: all, or one side of the overdue split.
#[derive(Clone, Copy)]
enum ListPart {
    All,
    Overdue,
    NotOverdue,
}

/// The filter's pattern (?3) is read through CAST: a bare bound LIKE pattern is one SQLite
/// plans from its value, so binding one (every page) would prepare the statement again each
/// time (see `store::rows`); the pattern always starts with `%`, so no plan could use it.
const LIST_SELECT: &str = "
    SELECT c.id, c.person_id, p.display_name, c.updated_at, c.latest_version, c.review_due,
           (SELECT max(v.arrived_at) FROM visits v WHERE v.person_id = c.person_id)
    FROM crisis_plans c JOIN people p ON p.id = c.person_id
    WHERE p.erased_at IS NULL AND p.merged_into IS NULL AND (c.updated_at, c.id) < (?1, ?2)
      AND (?3 IS NULL
           OR p.display_name LIKE CAST(?3 AS TEXT) ESCAPE '\\'
           OR p.full_name LIKE CAST(?3 AS TEXT) ESCAPE '\\'
           OR (coalesce(trim(p.display_name), '') = ''
               AND ('Anonymous #' || p.id) LIKE CAST(?3 AS TEXT) ESCAPE '\\')
           OR p.id = ?4)";

/// Every plan the Plans list holds, as its title counts them: held in memory so a filter
/// keystroke counts thousands of plans without reading them again.
pub(crate) struct PlanCounts {
    key: (i64, u64),
    /// By review date, undated last.
    rows: Vec<CountRow>,
}

struct CountRow {
    /// Which bytes its names hold ([`byte_bits`] of each byte of every field the filter
    /// searches): a row lacking one of the filter's bytes cannot match, and for a filter of
    /// one letter or digit this answers alone. At ten times the data a filter key otherwise
    /// searched 80,000 plans' names one by one (1.5 ms).
    bytes: u64,
    person_id: i64,
    /// ASCII lower-cased, as LIKE compares.
    display: Option<String>,
    full: Option<String>,
    /// No display name (only spaces counts as none): listed as "Anonymous #id".
    anonymous: bool,
    review_due: Option<String>,
}

/// A byte's bit in [`CountRow::bytes`]: one each for the 26 (lower-case) letters, the 10
/// digits, space and `#`; every other byte shares the last, so only those are told apart.
fn byte_bits(b: u8) -> u64 {
    1 << byte_slot(b)
}

fn byte_slot(b: u8) -> u32 {
    match b {
        b'a'..=b'z' => u32::from(b - b'a'),
        b'0'..=b'9' => 26 + u32::from(b - b'0'),
        b' ' => 36,
        b'#' => 37,
        _ => 63,
    }
}

fn bytes_of(text: &str) -> u64 {
    text.bytes().fold(0, |bits, b| bits | byte_bits(b))
}

impl CountRow {
    fn new(
        person_id: i64,
        display: Option<String>,
        full: Option<String>,
        review_due: Option<String>,
    ) -> CountRow {
        // No display name (only spaces counts as none): listed as "Anonymous #id".
        let anonymous = display
            .as_deref()
            .is_none_or(|d| d.trim_matches(' ').is_empty());
        let display = display.map(|d| d.to_ascii_lowercase());
        let full = full.map(|f| f.to_ascii_lowercase());
        let mut bytes =
            bytes_of(display.as_deref().unwrap_or("")) | bytes_of(full.as_deref().unwrap_or(""));
        if anonymous {
            bytes |= bytes_of(&format!("anonymous #{person_id}"));
        }
        CountRow {
            bytes,
            person_id,
            display,
            full,
            anonymous,
            review_due,
        }
    }

    /// [`CountRow::matches`], sooner: `needle_bytes` is [`bytes_of`] the needle.
    fn shown(&self, needle: &str, needle_bytes: u64, person_id: i64) -> bool {
        if self.person_id == person_id {
            return true;
        }
        if self.bytes & needle_bytes != needle_bytes {
            return false;
        }
        match needle.as_bytes() {
            // One letter, digit, space or #: its bit says.
            [b] if byte_slot(*b) != 63 => true,
            _ => self.matches(needle, person_id),
        }
    }

    /// The list's filter (`needle` ASCII lower-cased), exactly as LIST_SELECT applies it.
    fn matches(&self, needle: &str, person_id: i64) -> bool {
        self.display.as_deref().is_some_and(|d| d.contains(needle))
            || self.full.as_deref().is_some_and(|f| f.contains(needle))
            || (self.anonymous && format!("anonymous #{}", self.person_id).contains(needle))
            || self.person_id == person_id
    }
}

/// The list filter: a name (any part, ASCII case-insensitive, as SQLite's LIKE is), or "#12"
/// for a visitor's number.
fn filter_terms(filter: Option<&str>) -> (Option<String>, i64) {
    let Some(f) = filter.map(str::trim).filter(|f| !f.is_empty()) else {
        return (None, -1);
    };
    let lower = f.to_lowercase();
    let id = lower
        .strip_prefix('#')
        .or_else(|| lower.strip_prefix("anonymous #"))
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(-1);
    let escaped = f
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    (Some(format!("%{escaped}%")), id)
}

impl Store {
    /// How many plans the list holds under `filter`, and how many of them are overdue for
    /// review on `today`: the list's title, however few pages are loaded.
    pub fn plan_counts(
        &self,
        filter: Option<&str>,
        today: NaiveDate,
    ) -> Result<(usize, usize), StoreError> {
        let counts = self.plan_counts_held()?;
        let today = date_to_stored(today);
        let (pattern, person_id) = filter_terms(filter);
        // The list's filter as SQLite's LIKE '%…%' reads it: ASCII case-insensitive.
        let needle = pattern.map(|_| filter.unwrap_or("").trim().to_ascii_lowercase());
        // The rows are by review date, undated last: those overdue come first.
        let due = counts
            .rows
            .partition_point(|r| r.review_due.as_deref().is_some_and(|d| d < today.as_str()));
        let Some(needle) = needle else {
            return Ok((counts.rows.len(), due));
        };
        let needle_bytes = bytes_of(&needle);
        let (mut total, mut overdue) = (0, 0);
        for (i, row) in counts.rows.iter().enumerate() {
            if row.shown(&needle, needle_bytes, person_id) {
                total += 1;
                overdue += usize::from(i < due);
            }
        }
        Ok((total, overdue))
    }

    /// The rows the counts are made from, taken again after any change: this connection's
    /// (`total_changes` counts every row written, triggers' too) or another's (`data_version`).
    fn plan_counts_held(&self) -> Result<std::cell::Ref<'_, PlanCounts>, StoreError> {
        let version = self.data_version()?;
        let key = (version, self.conn.total_changes());
        if self
            .plan_counts
            .borrow()
            .as_ref()
            .is_none_or(|c| c.key != key)
        {
            let sql = LIST_SELECT.replacen(
                "SELECT c.id, c.person_id, p.display_name, c.updated_at, c.latest_version, c.review_due,
           (SELECT max(v.arrived_at) FROM visits v WHERE v.person_id = c.person_id)",
                "SELECT c.person_id, p.display_name, p.full_name, c.review_due",
                1,
            );
            let mut rows: Vec<CountRow> = self
                .conn
                .prepare_cached(&sql)?
                .query_map(
                    rusqlite::params!["9999", i64::MAX, None::<String>, -1i64],
                    |r| Ok(CountRow::new(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?
                .collect::<Result<_, _>>()?;
            // By review date, undated last, so the overdue are the first rows on any day.
            rows.sort_by(|a, b| {
                (a.review_due.is_none(), &a.review_due)
                    .cmp(&(b.review_due.is_none(), &b.review_due))
            });
            *self.plan_counts.borrow_mut() = Some(PlanCounts { key, rows });
        }
        Ok(std::cell::Ref::map(self.plan_counts.borrow(), |c| {
            c.as_ref().expect("just taken")
        }))
    }

    /// One page of the Plans list, most recently updated first; with `overdue_first`, plans
    /// past their review date come first (most recently updated first among them). Pass the
    /// previous page's last row's cursor as `after` (keyset paging; never OFFSET).
    pub fn plans_page(
        &self,
        filter: Option<&str>,
        overdue_first: bool,
        after: Option<&PlanCursor>,
        limit: usize,
        today: NaiveDate,
    ) -> Result<Vec<PlanListRow>, StoreError> {
        let terms = filter_terms(filter);
        if !overdue_first {
            return self.plans_part(ListPart::All, &terms, after, limit, today);
        }
        let in_overdue_part = after.is_none_or(|c| c.overdue);
        let mut rows = Vec::new();
        if in_overdue_part {
            rows = self.plans_part(ListPart::Overdue, &terms, after, limit, today)?;
        }
        if rows.len() < limit {
            let from = if in_overdue_part { None } else { after };
            let more = self.plans_part(
                ListPart::NotOverdue,
                &terms,
                from,
                limit - rows.len(),
                today,
            )?;
            rows.extend(more);
        }
        Ok(rows)
    }

    fn plans_part(
        &self,
        part: ListPart,
        (pattern, person_id): &(Option<String>, i64),
        after: Option<&PlanCursor>,
        limit: usize,
        today: NaiveDate,
    ) -> Result<Vec<PlanListRow>, StoreError> {
        let (at, id) = after.map_or(("9999".to_string(), i64::MAX), |c| {
            (to_stored(c.updated_at), c.plan_id)
        });
        let split = match part {
            ListPart::All => "",
            ListPart::Overdue => "AND c.review_due < ?5",
            ListPart::NotOverdue => "AND c.review_due >= ?5",
        };
        // The limit written in, not bound (see `store::rows`).
        let sql =
            format!("{LIST_SELECT} {split} ORDER BY c.updated_at DESC, c.id DESC LIMIT {limit}");
        let today_text = date_to_stored(today);
        let mut args: Vec<&dyn ToSql> = vec![&at, &id, pattern, person_id];
        if !matches!(part, ListPart::All) {
            args.push(&today_text);
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(&args[..], |r| {
            let review_due = date(r, 5)?;
            Ok(PlanListRow {
                plan_id: r.get(0)?,
                person_id: r.get(1)?,
                visitor: display_label(r.get(1)?, r.get::<_, Option<String>>(2)?.as_deref()),
                updated_at: time(r, 3)?,
                versions: version_number(r, 4)?,
                review_due,
                overdue: is_overdue(review_due, today),
                last_visit: opt_time(r, 6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The title's counts from memory equal SQLite's count over the same filter, for names,
    /// cases, wildcards, visitor numbers and anonymous visitors, and follow a change at once.
    #[test]
    fn the_counts_held_in_memory_equal_the_query() {
        use chrono::TimeZone;
        let dir = tempfile::tempdir().unwrap();
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 19, 30, 0)
            .unwrap();
        let mut store =
            crate::demo::generate(&dir.path().join("p.db"), crate::demo::Size::Small, now).unwrap();
        let today = now.date_naive();
        let by_sql = |store: &Store, filter: Option<&str>| -> (usize, usize) {
            let (pattern, person_id) = filter_terms(filter);
            let sql = LIST_SELECT.replacen(
                "SELECT c.id, c.person_id, p.display_name, c.updated_at, c.latest_version, c.review_due,
           (SELECT max(v.arrived_at) FROM visits v WHERE v.person_id = c.person_id)",
                "SELECT count(*), coalesce(sum(c.review_due < ?5), 0)",
                1,
            );
            store
                .connection()
                .query_row(
                    &sql,
                    rusqlite::params!["9999", i64::MAX, pattern, person_id, date_to_stored(today)],
                    |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
                )
                .unwrap()
        };
        let filters = [
            None,
            Some(""),
            Some("  "),
            Some("a"),
            Some("A"),
            Some("ALEX"),
            Some("ex"),
            Some("%"),
            Some("_"),
            Some("a%b"),
            Some("#3"),
            Some("#12"),
            Some("anonymous"),
            Some("Anonymous #1"),
            Some("nymous #"),
            Some("zzz"),
            Some("é"),
            Some("\\"),
            Some(" sam "),
            Some("#"),
            // One byte: answered by the row's byte bits alone (or not, for the last two).
            Some("q"),
            Some("Z"),
            Some("3"),
            Some("y "),
            Some("-"),
            Some("'"),
        ];
        for f in filters {
            assert_eq!(
                store.plan_counts(f, today).unwrap(),
                by_sql(&store, f),
                "{f:?}"
            );
        }
        // A change to a person shows in the next count.
        let before = store.plan_counts(Some("zzqq"), today).unwrap();
        store
            .write(|tx| {
                tx.execute(
                    "UPDATE people SET display_name = 'Zzqq' WHERE id = (SELECT person_id FROM crisis_plans LIMIT 1)",
                    [],
                )?;
                Ok(())
            })
            .unwrap();
        let after = store.plan_counts(Some("zzqq"), today).unwrap();
        assert_eq!(after, by_sql(&store, Some("zzqq")));
        assert_eq!((before.0, after.0), (0, 1));
    }

    /// Each part of the list reads the same rows as the query before the pattern was cast
    /// and the limit written in (kept here as the reference), for filters, pages and both
    /// sides of the overdue split; and binding new values no longer prepares it again.
    #[test]
    fn the_list_reads_the_same_rows_as_before_and_is_prepared_once() {
        use chrono::TimeZone;
        let dir = tempfile::tempdir().unwrap();
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 19, 30, 0)
            .unwrap();
        let store =
            crate::demo::generate(&dir.path().join("p.db"), crate::demo::Size::Small, now).unwrap();
        let today = now.date_naive();
        let old_select = LIST_SELECT.replace("CAST(?3 AS TEXT)", "?3");
        assert_ne!(old_select, LIST_SELECT);
        let old =
            |part: ListPart, filter: Option<&str>, after: Option<&PlanCursor>, limit: usize| {
                let (pattern, person_id) = filter_terms(filter);
                let (at, id) = after.map_or(("9999".to_string(), i64::MAX), |c| {
                    (to_stored(c.updated_at), c.plan_id)
                });
                let split = match part {
                    ListPart::All => "",
                    ListPart::Overdue => "AND c.review_due < ?6",
                    ListPart::NotOverdue => "AND c.review_due >= ?6",
                };
                let sql =
                    format!("{old_select} {split} ORDER BY c.updated_at DESC, c.id DESC LIMIT ?5");
                let (limit, today_text) = (limit as i64, date_to_stored(today));
                let mut args: Vec<&dyn ToSql> = vec![&at, &id, &pattern, &person_id, &limit];
                if !matches!(part, ListPart::All) {
                    args.push(&today_text);
                }
                let mut stmt = store.connection().prepare(&sql).unwrap();
                let ids: Vec<i64> = stmt
                    .query_map(&args[..], |r| r.get(0))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                ids
            };
        let new = |part: ListPart,
                   filter: Option<&str>,
                   after: Option<&PlanCursor>,
                   limit: usize|
         -> Vec<i64> {
            store
                .plans_part(part, &filter_terms(filter), after, limit, today)
                .unwrap()
                .into_iter()
                .map(|r| r.plan_id)
                .collect()
        };
        for filter in [
            None,
            Some("a"),
            Some("SAM"),
            Some("%"),
            Some("#3"),
            Some("anonymous"),
        ] {
            for part in [ListPart::All, ListPart::Overdue, ListPart::NotOverdue] {
                let all = old(part, filter, None, 100_000);
                assert_eq!(new(part, filter, None, 100_000), all, "{filter:?}");
                assert_eq!(new(part, filter, None, 7), old(part, filter, None, 7));
                // A later page, from the cursor of the first.
                let first = store
                    .plans_part(part, &filter_terms(filter), None, 7, today)
                    .unwrap();
                if let Some(last) = first.last() {
                    let cursor = last.cursor();
                    assert_eq!(
                        new(part, filter, Some(&cursor), 7),
                        old(part, filter, Some(&cursor), 7)
                    );
                }
            }
        }
        assert!(
            old(ListPart::All, None, None, 100_000).len() > 20,
            "the demo has plans"
        );
        assert!(!old(ListPart::Overdue, None, None, 100_000).is_empty());
        assert!(!old(ListPart::All, Some("a"), None, 100_000).is_empty());
        let sql = format!("{LIST_SELECT}  ORDER BY c.updated_at DESC, c.id DESC LIMIT 7");
        assert_eq!(crate::store::rows::reprepared(store.connection(), &sql), 0);
        // What it avoids: the old statement, bound twice, was prepared again.
        let old_sql = format!("{old_select}  ORDER BY c.updated_at DESC, c.id DESC LIMIT ?5");
        for (pattern, limit) in [(Some("%a%"), 3i64), (None, 4)] {
            let mut stmt = store.connection().prepare_cached(&old_sql).unwrap();
            let rows = stmt
                .query_map(
                    rusqlite::params!["9999", i64::MAX, pattern, -1i64, limit],
                    |r| r.get::<_, i64>(0),
                )
                .unwrap();
            assert_eq!(rows.count(), limit as usize);
        }
        assert!(crate::store::rows::reprepared(store.connection(), &old_sql) > 0);
    }

    #[test]
    fn filters_escape_like_wildcards_and_read_visitor_numbers() {
        assert_eq!(filter_terms(None), (None, -1));
        assert_eq!(filter_terms(Some("  ")), (None, -1));
        assert_eq!(filter_terms(Some("Sam")), (Some("%Sam%".into()), -1));
        assert_eq!(
            filter_terms(Some("50%_x")),
            (Some("%50\\%\\_x%".into()), -1)
        );
        assert_eq!(filter_terms(Some("#12")), (Some("%#12%".into()), 12));
        assert_eq!(
            filter_terms(Some("Anonymous #7")),
            (Some("%Anonymous #7%".into()), 7)
        );
    }
}
