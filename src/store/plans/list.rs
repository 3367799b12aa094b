//! The Plans list: its pages (keyset paging, overdue plans first when asked) and the counts
//! in its title, held in memory between changes so a filter keystroke reads nothing again
//! but the last visits of the plans it shows for the first time.

use super::held::{CountRow, HeldKey, LastVisits, ListPart, PlanCounts, filter_terms};
use super::{date, version_number};
use crate::domain::person::display_label;
use crate::domain::plan::{PlanCursor, PlanListRow, is_overdue};
use crate::domain::time::{date_from_stored, date_to_stored, from_stored, to_stored};
use crate::store::rows::{opt_time, time};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use rusqlite::ToSql;

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

/// The plans the list holds, unfiltered, for the counts and pages held in memory:
/// LIST_SELECT's rows (its test below compares them) read from people first, which at 80,000
/// plans reads the file in half the time of walking the plans by their update and seeking
/// each one's visitor.
const COUNTS_SELECT: &str = "
    SELECT c.person_id, p.display_name, p.full_name, c.review_due, c.id, c.updated_at,
           c.latest_version
    FROM people p CROSS JOIN crisis_plans c ON c.person_id = p.id
    WHERE p.erased_at IS NULL AND p.merged_into IS NULL";

/// A visitor's last arrival, the one column of a list row not held in memory.
const LAST_VISIT: &str = "SELECT max(arrived_at) FROM visits WHERE person_id = ?1";

/// Made on this connection only (TEMP: nothing of it in the file), the first time the counts
/// are taken: each change to what the counts read (a plan, a visitor's names, an erasure or a
/// merge) adds one to `n`, so a save elsewhere (a visit, a handover) leaves them held; each
/// change to when or whose a visit is adds one to `visits`, which forgets the last visits
/// held. A change rolled back still counts: they are only read again.
const WATCH_PLAN_TABLES: &str = "
    CREATE TEMP TABLE IF NOT EXISTS plan_list_changes (
        n INTEGER NOT NULL, visits INTEGER NOT NULL);
    INSERT INTO plan_list_changes SELECT 0, 0
        WHERE NOT EXISTS (SELECT 1 FROM plan_list_changes);
    CREATE TEMP TRIGGER IF NOT EXISTS plan_list_plan_added AFTER INSERT ON main.crisis_plans
        BEGIN UPDATE plan_list_changes SET n = n + 1; END;
    CREATE TEMP TRIGGER IF NOT EXISTS plan_list_plan_changed AFTER UPDATE ON main.crisis_plans
        BEGIN UPDATE plan_list_changes SET n = n + 1; END;
    CREATE TEMP TRIGGER IF NOT EXISTS plan_list_plan_removed AFTER DELETE ON main.crisis_plans
        BEGIN UPDATE plan_list_changes SET n = n + 1; END;
    CREATE TEMP TRIGGER IF NOT EXISTS plan_list_person_changed
        AFTER UPDATE OF id, display_name, full_name, erased_at, merged_into ON main.people
        BEGIN UPDATE plan_list_changes SET n = n + 1; END;
    CREATE TEMP TRIGGER IF NOT EXISTS plan_list_person_removed AFTER DELETE ON main.people
        BEGIN UPDATE plan_list_changes SET n = n + 1; END;
    CREATE TEMP TRIGGER IF NOT EXISTS plan_list_visit_added AFTER INSERT ON main.visits
        BEGIN UPDATE plan_list_changes SET visits = visits + 1; END;
    CREATE TEMP TRIGGER IF NOT EXISTS plan_list_visit_moved
        AFTER UPDATE OF person_id, arrived_at ON main.visits
        BEGIN UPDATE plan_list_changes SET visits = visits + 1; END;
    CREATE TEMP TRIGGER IF NOT EXISTS plan_list_visit_removed AFTER DELETE ON main.visits
        BEGIN UPDATE plan_list_changes SET visits = visits + 1; END;";

impl Store {
    /// How many plans the list holds under `filter`, and how many of them are overdue for
    /// review on `today`: the list's title, however few pages are loaded.
    pub fn plan_counts(
        &self,
        filter: Option<&str>,
        today: NaiveDate,
    ) -> Result<(usize, usize), StoreError> {
        let today = date_to_stored(today);
        Ok(self.plan_counts_held()?.count(filter, &today))
    }

    /// What the held plans are current at ([`HeldKey`]), and what the last visits held with
    /// them are: changes counted by [`WATCH_PLAN_TABLES`], made here the first time.
    fn plan_list_keys(&self) -> Result<(HeldKey, (i64, i64)), StoreError> {
        let version = self.data_version()?;
        let read = || -> rusqlite::Result<(i64, i64)> {
            self.conn
                .prepare_cached("SELECT n, visits FROM plan_list_changes")?
                .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        };
        let changes = read().or_else(|_| {
            self.conn.execute_batch(WATCH_PLAN_TABLES)?;
            read()
        });
        Ok(match changes {
            Ok((n, visits)) => ((version, n, 0), (version, visits)),
            Err(_) => {
                let any = self.conn.total_changes();
                ((version, -1, any), (version, any as i64))
            }
        })
    }

    /// The rows the counts are made from, taken when first asked for (the Plans pane's first
    /// showing, not the sign-in) and again after a change to the plans or the names they list.
    fn plan_counts_held(&self) -> Result<std::cell::Ref<'_, PlanCounts>, StoreError> {
        let (key, _) = self.plan_list_keys()?;
        if self
            .plan_counts
            .borrow()
            .as_ref()
            .is_none_or(|c| c.key != key)
        {
            let rows: Vec<CountRow> = self
                .conn
                .prepare_cached(COUNTS_SELECT)?
                .query_map([], |r| {
                    let display: Option<String> = r.get(1)?;
                    Ok(
                        CountRow::new(r.get(0)?, display.clone(), r.get(2)?, r.get(3)?).listed(
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                            display,
                        ),
                    )
                })?
                .collect::<Result<_, _>>()?;
            let counts = PlanCounts::new(key, rows);
            #[cfg(test)]
            let counts = {
                let mut counts = counts;
                counts.loads = self
                    .plan_counts
                    .borrow()
                    .as_ref()
                    .map_or(1, |c| c.loads + 1);
                counts
            };
            *self.plan_counts.borrow_mut() = Some(counts);
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
        let part = |part: ListPart, after: Option<&PlanCursor>, limit: usize| match self
            .plans_part_held(part, filter, after, limit, today)?
        {
            Some(rows) => Ok(rows),
            None => self.plans_part(part, &filter_terms(filter), after, limit, today),
        };
        if !overdue_first {
            return part(ListPart::All, after, limit);
        }
        let in_overdue_part = after.is_none_or(|c| c.overdue);
        let mut rows = Vec::new();
        if in_overdue_part {
            rows = part(ListPart::Overdue, after, limit)?;
        }
        if rows.len() < limit {
            let from = if in_overdue_part { None } else { after };
            rows.extend(part(ListPart::NotOverdue, from, limit - rows.len())?);
        }
        Ok(rows)
    }

    /// One page of `part` from the plans held in memory, if they are held and current (the
    /// counts take them; a page never waits for them to be taken), reading only the last
    /// visits not held yet; None, and the list's query reads it.
    fn plans_part_held(
        &self,
        part: ListPart,
        filter: Option<&str>,
        after: Option<&PlanCursor>,
        limit: usize,
        today: NaiveDate,
    ) -> Result<Option<Vec<PlanListRow>>, StoreError> {
        let (key, visits_key) = self.plan_list_keys()?;
        let held = self.plan_counts.borrow();
        let Some(held) = held.as_ref().filter(|h| h.key == key) else {
            return Ok(None);
        };
        let after = after.map(|c| (to_stored(c.updated_at), c.plan_id));
        let after = after.as_ref().map(|(at, id)| (at.as_str(), *id));
        let places = held.page(part, filter, after, limit, &date_to_stored(today));
        let mut last_visits = held.last_visits.borrow_mut();
        if last_visits.0 != visits_key {
            *last_visits = (visits_key, LastVisits::default());
        }
        let mut page = Vec::with_capacity(places.len());
        for i in places {
            let Some(r) = held.rows.get(i as usize) else {
                return Ok(None);
            };
            let (Some(updated_at), Some(review_due), Ok(versions)) = (
                from_stored(&r.updated_at),
                r.review_due.as_deref().and_then(date_from_stored),
                u32::try_from(r.latest_version),
            ) else {
                // Not as this program writes them: the query says what is wrong.
                return Ok(None);
            };
            let last_visit = match last_visits.1.get(&r.person_id) {
                Some(at) => *at,
                None => {
                    let at = self
                        .conn
                        .prepare_cached(LAST_VISIT)?
                        .query_row([r.person_id], |row| opt_time(row, 0))?;
                    last_visits.1.insert(r.person_id, at);
                    at
                }
            };
            page.push(PlanListRow {
                plan_id: r.plan_id,
                person_id: r.person_id,
                visitor: display_label(r.person_id, r.display_name.as_deref()),
                updated_at,
                versions,
                review_due,
                overdue: is_overdue(review_due, today),
                last_visit,
            });
        }
        Ok(Some(page))
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

    /// The filters the held pages are checked with: none, one letter, a name in capitals, a
    /// `%` (a wildcard to LIKE, plain text to the filter), a visitor number, "anonymous".
    const FILTERS: [Option<&str>; 6] = [
        None,
        Some("a"),
        Some("SAM"),
        Some("%"),
        Some("#3"),
        Some("anonymous"),
    ];

    /// The small demo on a file of its own (kept while the folder is), generated at `now`.
    fn small_demo() -> (tempfile::TempDir, Store, chrono::DateTime<chrono::Utc>) {
        use chrono::TimeZone;
        let dir = tempfile::tempdir().unwrap();
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 19, 30, 0)
            .unwrap();
        let store =
            crate::demo::generate(&dir.path().join("p.db"), crate::demo::Size::Small, now).unwrap();
        (dir, store, now)
    }

    /// The title's counts from memory equal SQLite's count over the same filter, for names,
    /// cases, wildcards, visitor numbers and anonymous visitors, and follow a change at once.
    #[test]
    fn the_counts_held_in_memory_equal_the_query() {
        let (_dir, mut store, now) = small_demo();
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
            // Two, three and more bytes: one list of the index, or its runs of three.
            Some("al"),
            Some("AL"),
            Some("ale"),
            Some("alex "),
            Some("am k"),
            Some("nymous #1"),
            Some("anonymous #10"),
            Some("s #"),
            Some(". "),
            Some("#1 "),
            Some("ee"),
        ];
        // The counts read the rows the list walks.
        let people = |sql: &str| -> Vec<i64> {
            let mut ids: Vec<i64> = store
                .connection()
                .prepare(sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            ids.sort_unstable();
            ids
        };
        let listed = people(
            &LIST_SELECT
                .replace("?1", "'9999'")
                .replace("?2", &i64::MAX.to_string())
                .replace("CAST(?3 AS TEXT)", "NULL")
                .replace("?3", "NULL")
                .replace("?4", "-1")
                .replacen("c.id, c.person_id", "c.person_id, c.id", 1),
        );
        assert!(listed.len() > 20);
        assert_eq!(people(COUNTS_SELECT), listed);
        for f in filters {
            assert_eq!(
                store.plan_counts(f, today).unwrap(),
                by_sql(&store, f),
                "{f:?}"
            );
        }
        // Every piece of the first names held, as a filter.
        let names: Vec<String> = store
            .connection()
            .prepare("SELECT coalesce(p.display_name, '') || '|' || coalesce(p.full_name, '') FROM crisis_plans c JOIN people p ON p.id = c.person_id LIMIT 12")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for name in names {
            let b = name.as_bytes();
            for from in 0..b.len() {
                for len in 1..=6.min(b.len() - from) {
                    if let Ok(f) = std::str::from_utf8(&b[from..from + len]) {
                        assert_eq!(
                            store.plan_counts(Some(f), today).unwrap(),
                            by_sql(&store, Some(f)),
                            "{f:?}"
                        );
                    }
                }
            }
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

    /// The counts are taken again after a change to a plan or to a listed visitor's names, and
    /// not after a save that touched neither (a setting, a plan's draft, a new visitor).
    #[test]
    fn only_a_change_to_plans_or_names_takes_the_counts_again() {
        let (dir, mut store, now) = small_demo();
        let today = now.date_naive();
        let loads = |store: &Store| store.plan_counts.borrow().as_ref().map(|c| c.loads);
        let by_sql = |store: &Store| -> (usize, usize) {
            store
                .connection()
                .query_row(
                    "SELECT count(*), coalesce(sum(c.review_due < ?1), 0)
                     FROM crisis_plans c JOIN people p ON p.id = c.person_id
                     WHERE p.erased_at IS NULL AND p.merged_into IS NULL",
                    [date_to_stored(today)],
                    |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
                )
                .unwrap()
        };
        assert_eq!(
            loads(&store),
            None,
            "nothing is taken before it is asked for"
        );
        let first = store.plan_counts(None, today).unwrap();
        assert_eq!(first, by_sql(&store));
        assert_eq!(loads(&store), Some(1));
        store.plan_counts(Some("a"), today).unwrap();
        assert_eq!(loads(&store), Some(1), "a filter key reads nothing again");

        // Saves that change nothing the counts read.
        store.set_setting("plan_review_days", "60", 1, now).unwrap();
        let (plan_person, plan_id): (i64, i64) = store
            .connection()
            .query_row(
                "SELECT person_id, id FROM crisis_plans WHERE review_due < ?1 LIMIT 1",
                [date_to_stored(today)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let version = store.latest_plan_version(plan_id).unwrap();
        store
            .save_plan_draft(plan_person, 1, &version.content, &version.meta, now)
            .unwrap();
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO people (display_name, created_at, created_by) VALUES ('Newcomer', ?1, 1)",
                    [to_stored(now)],
                )?;
                Ok(())
            })
            .unwrap();
        assert_eq!(store.plan_counts(None, today).unwrap(), first);
        assert_eq!(
            loads(&store),
            Some(1),
            "saves elsewhere keep the counts held"
        );

        // A plan reviewed: it is no longer overdue.
        store.review_plan_unchanged(plan_id, 1, now).unwrap();
        let reviewed = store.plan_counts(None, today).unwrap();
        assert_eq!(loads(&store), Some(2));
        assert_eq!(reviewed, by_sql(&store));
        assert_eq!(reviewed, (first.0, first.1 - 1));

        // A listed visitor renamed, then erased.
        store
            .write(|tx| {
                tx.execute(
                    "UPDATE people SET display_name = 'Qqzz' WHERE id = ?1",
                    [plan_person],
                )?;
                Ok(())
            })
            .unwrap();
        assert_eq!(store.plan_counts(Some("qqzz"), today).unwrap(), (1, 0));
        assert_eq!(loads(&store), Some(3));
        store.erase_person(plan_person, Some(1), now).unwrap();
        assert_eq!(store.plan_counts(Some("qqzz"), today).unwrap(), (0, 0));
        assert_eq!(store.plan_counts(None, today).unwrap(), by_sql(&store));
        assert_eq!(reviewed.0 - 1, by_sql(&store).0);

        // Another connection's commit: taken again (it may have changed anything).
        let held = loads(&store);
        let mut other = Store::open(&dir.path().join("p.db"), &crate::demo::passphrase()).unwrap();
        other.set_setting("plan_review_days", "30", 1, now).unwrap();
        store.plan_counts(None, today).unwrap();
        assert_eq!(loads(&store), held.map(|n| n + 1));
    }

    /// Each part of the list reads the same rows as the query before the pattern was cast
    /// and the limit written in (kept here as the reference), for filters, pages and both
    /// sides of the overdue split; and binding new values no longer prepares it again.
    #[test]
    fn the_list_reads_the_same_rows_as_before_and_is_prepared_once() {
        let (_dir, store, now) = small_demo();
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
        for filter in FILTERS {
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

    /// Pages made from the plans held are the query's pages, row for row (last visits too),
    /// for filters, cursors and both orders; none is made from plans no longer current; and a
    /// visitor's new or moved visit shows in the next page.
    #[test]
    fn the_pages_held_are_the_querys_pages_and_follow_visits() {
        let (_dir, mut store, now) = small_demo();
        let today = now.date_naive();
        let held = |store: &Store,
                    part: ListPart,
                    f: Option<&str>,
                    after: Option<&PlanCursor>,
                    limit: usize| {
            store.plans_part_held(part, f, after, limit, today).unwrap()
        };
        let read = |store: &Store,
                    part: ListPart,
                    f: Option<&str>,
                    after: Option<&PlanCursor>,
                    limit: usize| {
            store
                .plans_part(part, &filter_terms(f), after, limit, today)
                .unwrap()
        };
        assert!(
            held(&store, ListPart::All, None, None, 7).is_none(),
            "a page never waits for the plans to be taken"
        );
        store.plan_counts(None, today).unwrap();
        for f in FILTERS {
            for part in [ListPart::All, ListPart::Overdue, ListPart::NotOverdue] {
                for limit in [1, 7, 100_000] {
                    let first = read(&store, part, f, None, limit);
                    assert_eq!(held(&store, part, f, None, limit), Some(first.clone()));
                    if let Some(last) = first.last() {
                        let c = last.cursor();
                        let next = read(&store, part, f, Some(&c), limit);
                        assert_eq!(held(&store, part, f, Some(&c), limit), Some(next));
                    }
                }
            }
        }
        let first = store.plans_page(None, false, None, 3, today).unwrap();
        assert_eq!(first, read(&store, ListPart::All, None, None, 3));

        // A new visit for the first plan's visitor, then that visit moved to the second's.
        let (a, b) = (first[0].person_id, first[1].person_id);
        let later = now + chrono::Duration::minutes(5);
        let visit = store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO visits (person_id, arrived_at, contact_mode, created_at,
                                         created_by, updated_at, updated_by)
                     SELECT ?1, ?2, contact_mode, created_at, created_by, updated_at, updated_by
                     FROM visits LIMIT 1",
                    rusqlite::params![a, to_stored(later)],
                )?;
                Ok(tx.last_insert_rowid())
            })
            .unwrap();
        let page = store.plans_page(None, false, None, 3, today).unwrap();
        assert_eq!(page[0].last_visit, Some(later));
        assert_eq!(page, read(&store, ListPart::All, None, None, 3));
        store
            .write(|tx| {
                tx.execute("UPDATE visits SET person_id = ?1 WHERE id = ?2", [b, visit])?;
                Ok(())
            })
            .unwrap();
        let page = store.plans_page(None, false, None, 3, today).unwrap();
        assert_eq!(page[1].last_visit, Some(later));
        assert_ne!(page[0].last_visit, Some(later));
        assert_eq!(page, read(&store, ListPart::All, None, None, 3));

        // A plan changed: the held plans are not current until the counts are taken again.
        store
            .review_plan_unchanged(first[2].plan_id, 1, now)
            .unwrap();
        assert!(held(&store, ListPart::All, None, None, 3).is_none());
        let page = store.plans_page(None, false, None, 3, today).unwrap();
        assert_eq!(page, read(&store, ListPart::All, None, None, 3));
        store.plan_counts(None, today).unwrap();
        assert_eq!(
            held(&store, ListPart::All, None, None, 3),
            Some(read(&store, ListPart::All, None, None, 3))
        );
    }

    /// The counts a plain scan of every row gives (the way they were counted before the index).
    fn scanned(counts: &PlanCounts, filter: Option<&str>, today: &str) -> (usize, usize) {
        let (pattern, person_id) = filter_terms(filter);
        let needle = filter.unwrap_or("").trim().to_ascii_lowercase();
        let mut total = 0;
        let mut overdue = 0;
        for r in &counts.rows {
            if pattern.is_none() || r.matches(&needle, person_id) {
                total += 1;
                overdue += usize::from(r.review_due.as_deref().is_some_and(|d| d < today));
            }
        }
        (total, overdue)
    }

    proptest::proptest! {
        /// The index counts what a scan of every plan counts, for names drawn from a few
        /// letters (so they share runs), anonymous visitors, visitor numbers, filters of any
        /// length, case and spacing, and any day.
        #[test]
        fn the_index_counts_what_a_scan_counts(
            rows in proptest::collection::vec((
                proptest::option::of("[aAbB #1é%_]{0,7}"),
                proptest::option::of("[aAbB #12]{0,9}"),
                proptest::option::of(1u32..9),
            ), 0..40),
            ids in proptest::collection::vec(1i64..400, 40),
            filters in proptest::collection::vec("[aAbB #12é%]{0,6}", 8),
            today in 0u32..10,
        ) {
            let mut seen = std::collections::HashSet::new();
            let rows: Vec<CountRow> = rows
                .into_iter()
                .zip(ids)
                .filter(|(_, id)| seen.insert(*id))
                .map(|((display, full, due), id)| {
                    CountRow::new(id, display, full, due.map(|d| format!("2026-11-0{d}")))
                })
                .collect();
            let counts = PlanCounts::new((0, 0, 0), rows);
            let today = format!("2026-11-0{today}");
            let mut filters: Vec<String> = filters;
            // Visitor numbers, as typed.
            for r in counts.rows.iter().take(3) {
                filters.push(format!("#{}", r.person_id));
                filters.push(format!(" Anonymous #{} ", r.person_id));
                filters.push(format!("{}", r.person_id));
            }
            for f in &filters {
                proptest::prop_assert_eq!(
                    counts.count(Some(f), &today),
                    scanned(&counts, Some(f), &today),
                    "{:?}", f
                );
            }
            proptest::prop_assert_eq!(counts.count(None, &today), scanned(&counts, None, &today));
        }
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
