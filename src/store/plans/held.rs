//! The Plans list held in memory: every plan it lists, with an index of their names, so its
//! counts and its pages under any filter are made without reading the plans again.

use super::grams::{GramIndex, gram};
use std::borrow::Cow;

/// Which plans one query of the list walks: all, or one side of the overdue split.
#[derive(Clone, Copy)]
pub(super) enum ListPart {
    All,
    Overdue,
    NotOverdue,
}

/// What the held plans were taken at: another connection's commits (`data_version`), and
/// this connection's changes to the tables they read; where the triggers could not be made,
/// any change of this connection's (`total_changes`).
pub(super) type HeldKey = (i64, i64, u64);

/// Every plan the Plans list holds, as its title counts them and its pages list them: held
/// in memory so a filter keystroke counts and lists thousands of plans without reading them
/// again, and indexed by the runs of bytes in their names so it does not test every plan's
/// names either.
pub(crate) struct PlanCounts {
    pub(super) key: HeldKey,
    /// How many times this connection has taken them (tests see what a write reloads).
    #[cfg(test)]
    pub(super) loads: u32,
    /// By review date, undated last.
    pub(super) rows: Vec<CountRow>,
    /// Which rows hold each run of one, two or three bytes in a name the filter searches.
    grams: GramIndex,
    /// The rows' places in `rows`, by person id (the filter's "#12").
    by_person: Vec<u32>,
    /// The rows' places in `rows` in the list's order: most recently updated first.
    order: Vec<u32>,
    /// Each row's place in `order`.
    rank: Vec<u32>,
    /// The last visits of the visitors whose plans a page has shown, and the visits' key
    /// (`data_version`, and `visits` or `total_changes`) they were read at.
    pub(super) last_visits: std::cell::RefCell<((i64, i64), LastVisits)>,
}

pub(super) type LastVisits = std::collections::HashMap<i64, Option<chrono::DateTime<chrono::Utc>>>;

pub(super) struct CountRow {
    pub(super) person_id: i64,
    pub(super) plan_id: i64,
    /// As stored: the list's order and its cursor compare these texts, as LIST_SELECT does.
    pub(super) updated_at: Box<str>,
    pub(super) latest_version: i64,
    /// As written, for the list's label.
    pub(super) display_name: Option<Box<str>>,
    /// ASCII lower-cased, as LIKE compares.
    display: Option<Box<str>>,
    full: Option<Box<str>>,
    /// "anonymous #id" for a visitor with no display name (only spaces counts as none),
    /// listed as "Anonymous #id".
    anonymous: Option<Box<str>>,
    pub(super) review_due: Option<Box<str>>,
}

impl CountRow {
    pub(super) fn new(
        person_id: i64,
        display: Option<String>,
        full: Option<String>,
        review_due: Option<String>,
    ) -> CountRow {
        // No display name (only spaces counts as none): listed as "Anonymous #id".
        let anonymous = display
            .as_deref()
            .is_none_or(|d| d.trim_matches(' ').is_empty());
        CountRow {
            person_id,
            display: display.map(|d| d.to_ascii_lowercase().into()),
            full: full.map(|f| f.to_ascii_lowercase().into()),
            anonymous: anonymous.then(|| format!("anonymous #{person_id}").into()),
            review_due: review_due.map(Into::into),
            plan_id: person_id,
            updated_at: "".into(),
            latest_version: 1,
            display_name: None,
        }
    }

    /// The row as the list shows it too: its plan, when it was last updated (as stored), its
    /// latest version and its visitor's name as written.
    pub(super) fn listed(
        self,
        plan_id: i64,
        updated_at: String,
        latest_version: i64,
        display_name: Option<String>,
    ) -> CountRow {
        CountRow {
            plan_id,
            updated_at: updated_at.into(),
            latest_version,
            display_name: display_name.map(Into::into),
            ..self
        }
    }

    /// Each text the filter searches in this row: its names, and "anonymous #id" for a
    /// visitor without a display name.
    fn texts(&self, mut each: impl FnMut(&[u8])) {
        for t in [&self.display, &self.full, &self.anonymous]
            .into_iter()
            .flatten()
        {
            each(t.as_bytes());
        }
    }

    /// The list's filter's text (`needle` ASCII lower-cased), exactly as LIST_SELECT's LIKE
    /// applies it; the visitor's number aside.
    fn holds(&self, needle: &str) -> bool {
        self.display.as_deref().is_some_and(|d| d.contains(needle))
            || self.full.as_deref().is_some_and(|f| f.contains(needle))
            || self
                .anonymous
                .as_deref()
                .is_some_and(|a| a.contains(needle))
    }

    /// The whole filter, as LIST_SELECT applies it: the plain scan the index is tested against.
    #[cfg(test)]
    pub(super) fn matches(&self, needle: &str, person_id: i64) -> bool {
        self.holds(needle) || self.person_id == person_id
    }

    /// Every distinct run of one, two and three bytes of its texts (runs never cross from one
    /// text into the next), as [`gram`] keys, sorted.
    fn grams(&self, out: &mut Vec<u32>) {
        out.clear();
        self.texts(|t| {
            for n in 1..=3 {
                out.extend(t.windows(n).map(gram));
            }
        });
        out.sort_unstable();
        out.dedup();
    }
}

impl PlanCounts {
    pub(super) fn new(key: HeldKey, mut rows: Vec<CountRow>) -> PlanCounts {
        // By review date, undated last, so the overdue are the first rows on any day.
        rows.sort_by(|a, b| {
            (a.review_due.is_none(), &a.review_due).cmp(&(b.review_due.is_none(), &b.review_due))
        });
        let grams = GramIndex::build(rows.len(), |i, out| {
            if let Some(row) = rows.get(i) {
                row.grams(out);
            }
        });
        let places = || (0..rows.len() as u32).collect::<Vec<u32>>();
        let mut by_person = places();
        by_person.sort_by_key(|&i| rows.get(i as usize).map(|r| r.person_id));
        let mut order = places();
        order.sort_by(|&a, &b| {
            let key = |i: u32| rows.get(i as usize).map(|r| (&r.updated_at, r.plan_id));
            key(b).cmp(&key(a))
        });
        let mut rank = vec![0u32; rows.len()];
        for (at, &i) in order.iter().enumerate() {
            if let Some(r) = rank.get_mut(i as usize) {
                *r = at as u32;
            }
        }
        PlanCounts {
            key,
            #[cfg(test)]
            loads: 0,
            rows,
            grams,
            by_person,
            order,
            rank,
            last_visits: Default::default(),
        }
    }

    /// How many rows are overdue on `today` (stored form): the rows are by review date,
    /// undated last, so those overdue are the first this many.
    fn overdue(&self, today: &str) -> usize {
        self.rows
            .partition_point(|r| r.review_due.as_deref().is_some_and(|d| d < today))
    }

    /// The rows (their places, ascending) `filter` keeps, as LIST_SELECT's filter keeps them;
    /// None when there is no filter (every row).
    fn matching(&self, filter: Option<&str>) -> Option<Cow<'_, [u32]>> {
        let (pattern, person_id) = filter_terms(filter);
        pattern.as_ref()?;
        let rows = &self.rows;
        // The list's filter as SQLite's LIKE '%…%' reads it: ASCII case-insensitive.
        let needle = filter.unwrap_or("").trim().to_ascii_lowercase();
        let bytes = needle.as_bytes();
        let mut held = if bytes.len() <= 3 {
            // One list holds exactly the rows holding the filter.
            Cow::Borrowed(self.grams.rows_with(bytes))
        } else {
            // In every list of one of its runs of three; the shortest walked, the others
            // searched, each row left then tested.
            let mut lists: Vec<&[u32]> =
                bytes.windows(3).map(|w| self.grams.rows_with(w)).collect();
            lists.sort_by_key(|l| l.len());
            let (first, rest) = lists
                .split_first()
                .map_or((&[][..], &[][..]), |(f, r)| (*f, r));
            Cow::Owned(
                first
                    .iter()
                    .copied()
                    .filter(|&i| {
                        rest.iter().all(|l| l.binary_search(&i).is_ok())
                            && rows.get(i as usize).is_some_and(|r| r.holds(&needle))
                    })
                    .collect(),
            )
        };
        // The visitor's number: their plan, if its names did not already keep it.
        let at = self.by_person.binary_search_by_key(&person_id, |&i| {
            rows.get(i as usize).map_or(i64::MIN, |r| r.person_id)
        });
        if let Some(&i) = at.ok().and_then(|k| self.by_person.get(k))
            && let Err(place) = held.binary_search(&i)
        {
            held.to_mut().insert(place, i);
        }
        Some(held)
    }

    /// How many plans `filter` keeps, and how many of them are overdue on `today` (stored
    /// form): what the list's query would count.
    pub(super) fn count(&self, filter: Option<&str>, today: &str) -> (usize, usize) {
        let due = self.overdue(today);
        match self.matching(filter) {
            None => (self.rows.len(), due),
            Some(held) => (held.len(), held.partition_point(|&i| (i as usize) < due)),
        }
    }

    /// One page of `part` of the list under `filter`, after `after` (a stored update time and
    /// a plan id), as LIST_SELECT orders and pages it: the rows' places in `rows`.
    pub(super) fn page(
        &self,
        part: ListPart,
        filter: Option<&str>,
        after: Option<(&str, i64)>,
        limit: usize,
        today: &str,
    ) -> Vec<u32> {
        let (rows, due) = (&self.rows, self.overdue(today));
        let in_part = |i: usize| match part {
            ListPart::All => true,
            ListPart::Overdue => i < due,
            // `review_due >= today`: an undated plan is on neither side, as in SQL.
            ListPart::NotOverdue => i >= due && rows.get(i).is_some_and(|r| r.review_due.is_some()),
        };
        let start = after.map_or(0, |(at, id)| {
            self.order.partition_point(|&i| {
                rows.get(i as usize)
                    .is_some_and(|r| (&*r.updated_at, r.plan_id) >= (at, id))
            })
        });
        let held = self.matching(filter);
        let pool = match part {
            ListPart::All => rows.len(),
            ListPart::Overdue => due,
            ListPart::NotOverdue => rows.len() - due,
        }
        .min(held.as_ref().map_or(usize::MAX, |h| h.len()));
        // Many rows kept: walk the list's order until the page is full, which takes about
        // limit × rows / pool rows. Few: rank each one kept, about pool rows.
        if pool.saturating_mul(pool) >= limit.saturating_mul(rows.len()) {
            let kept = |i: usize| {
                held.as_ref()
                    .is_none_or(|h| h.binary_search(&(i as u32)).is_ok())
            };
            return self
                .order
                .get(start..)
                .unwrap_or(&[])
                .iter()
                .copied()
                .filter(|&i| in_part(i as usize) && kept(i as usize))
                .take(limit)
                .collect();
        }
        let part_rows = match part {
            ListPart::All => 0..rows.len(),
            ListPart::Overdue => 0..due,
            ListPart::NotOverdue => due..rows.len(),
        };
        let candidates: Box<dyn Iterator<Item = u32>> = match &held {
            Some(h) => Box::new(h.iter().copied()),
            None => Box::new(part_rows.map(|i| i as u32)),
        };
        let mut ranks: Vec<u32> = candidates
            .filter(|&i| in_part(i as usize))
            .filter_map(|i| self.rank.get(i as usize).copied())
            .filter(|&r| r as usize >= start)
            .collect();
        if ranks.len() > limit {
            ranks.select_nth_unstable(limit);
            ranks.truncate(limit);
        }
        ranks.sort_unstable();
        ranks
            .into_iter()
            .filter_map(|r| self.order.get(r as usize).copied())
            .collect()
    }
}

/// The list filter: a name (any part, ASCII case-insensitive, as SQLite's LIKE is), or "#12"
/// for a visitor's number.
pub(super) fn filter_terms(filter: Option<&str>) -> (Option<String>, i64) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan ids of the page a plain sort of every kept row gives, as LIST_SELECT pages.
    fn sorted(
        counts: &PlanCounts,
        part: ListPart,
        filter: Option<&str>,
        after: Option<(&str, i64)>,
        limit: usize,
        today: &str,
    ) -> Vec<i64> {
        let (pattern, person_id) = filter_terms(filter);
        let needle = filter.unwrap_or("").trim().to_ascii_lowercase();
        let mut kept: Vec<&CountRow> = counts
            .rows
            .iter()
            .filter(|r| pattern.is_none() || r.matches(&needle, person_id))
            .filter(|r| match part {
                ListPart::All => true,
                ListPart::Overdue => r.review_due.as_deref().is_some_and(|d| d < today),
                ListPart::NotOverdue => r.review_due.as_deref().is_some_and(|d| d >= today),
            })
            .filter(|r| after.is_none_or(|a| (&*r.updated_at, r.plan_id) < a))
            .collect();
        kept.sort_by(|a, b| (&b.updated_at, b.plan_id).cmp(&(&a.updated_at, a.plan_id)));
        kept.into_iter().take(limit).map(|r| r.plan_id).collect()
    }

    proptest::proptest! {
        /// Every page, walked from the first by each one's last row, is the page a sort of
        /// every kept row gives: for both ways a page is found (walking the list's order when
        /// the filter keeps many, ranking the kept when few), each side of the overdue split,
        /// ties in update time, undated plans and visitor numbers.
        #[test]
        fn the_pages_held_are_the_pages_a_sort_gives(
            rows in proptest::collection::vec((
                proptest::option::of("[aAbB #1]{0,6}"),
                proptest::option::of("[aAbB]{0,6}"),
                proptest::option::of(1u32..9),
                0u32..12,
            ), 0..40),
            ids in proptest::collection::vec(1i64..400, 40),
            filters in proptest::collection::vec("[aAbB #1]{0,4}", 6),
            limit in 1usize..9,
            today in 0u32..10,
        ) {
            let mut seen = std::collections::HashSet::new();
            let rows: Vec<CountRow> = rows
                .into_iter()
                .zip(ids)
                .filter(|(_, id)| seen.insert(*id))
                .map(|((display, full, due, minute), id)| {
                    CountRow::new(id, display.clone(), full, due.map(|d| format!("2026-11-0{d}")))
                        .listed((id * 7) % 1009, format!("2026-11-01T18:{minute:02}:00Z"), 1, display)
                })
                .collect();
            let counts = PlanCounts::new((0, 0, 0), rows);
            let today = format!("2026-11-0{today}");
            let mut filters: Vec<Option<String>> = filters.into_iter().map(Some).collect();
            filters.push(None);
            if let Some(r) = counts.rows.first() {
                filters.push(Some(format!("#{}", r.person_id)));
            }
            for f in &filters {
                for part in [ListPart::All, ListPart::Overdue, ListPart::NotOverdue] {
                    let mut after: Option<(String, i64)> = None;
                    for _ in 0..=counts.rows.len() {
                        let at = after.as_ref().map(|(t, id)| (t.as_str(), *id));
                        let page: Vec<i64> = counts
                            .page(part, f.as_deref(), at, limit, &today)
                            .into_iter()
                            .map(|i| counts.rows[i as usize].plan_id)
                            .collect();
                        let want = sorted(&counts, part, f.as_deref(), at, limit, &today);
                        proptest::prop_assert_eq!(&page, &want, "{:?} after {:?}", f, at);
                        let Some(last) = page.last() else { break };
                        let row = counts.rows.iter().find(|r| r.plan_id == *last).unwrap();
                        after = Some((row.updated_at.to_string(), row.plan_id));
                    }
                }
            }
        }
    }
}
