//! One selectable, paged list: its rows, the selected one, and (for a list paged from the
//! database) whether more rows exist. Every move is clamped here, and here a move down onto
//! the end of what is loaded says it is time to fetch the next page.
//!
//! Which key moves how far comes from the binding table `keys::STEPS`, never from a match
//! on key codes in a pane.

use crate::ui::keys::{self, Step};
use crossterm::event::{KeyCode, KeyEvent};

/// Rows PgUp and PgDn move a list's selection by.
pub const PAGE_ROWS: usize = 10;

/// Where `step` takes a selection at `selected` among `len` rows, clamped to the rows.
pub fn stepped(step: Step, selected: usize, len: usize) -> usize {
    let last = len.saturating_sub(1);
    match step {
        Step::Down => selected.saturating_add(1),
        Step::Up => selected.saturating_sub(1),
        Step::PageDown => selected.saturating_add(PAGE_ROWS),
        Step::PageUp => selected.saturating_sub(PAGE_ROWS),
        Step::First => 0,
        Step::Last => last,
    }
    .min(last)
}

/// The step `key` means in a list (`j` `k` `↓` `↑` PgUp PgDn Home End `g` `G`), if any.
pub fn step_of(key: KeyEvent) -> Option<Step> {
    keys::STEPS.resolve(key)
}

/// As [`step_of`], for a list where letters mean something else (they are typed into a
/// filter, or choose a section): only the arrows and the paging keys that are not letters.
pub fn arrow_step_of(key: KeyEvent) -> Option<Step> {
    match key.code {
        KeyCode::Char(_) => None,
        _ => step_of(key),
    }
}

/// Where `key` moves a selection at `selected` among `len` rows; `None` when it is not a
/// moving key. For a selection over rows a pane works out as it draws them.
pub fn moved(key: KeyEvent, selected: usize, len: usize) -> Option<usize> {
    step_of(key).map(|s| stepped(s, selected, len))
}

/// As [`moved`], letters aside (see [`arrow_step_of`]).
pub fn moved_by_arrows(key: KeyEvent, selected: usize, len: usize) -> Option<usize> {
    arrow_step_of(key).map(|s| stepped(s, selected, len))
}

/// The selection of a list and its paging, without the rows (for rows a pane works out, or
/// keeps elsewhere): the selected index, whether more rows exist past those loaded, and
/// whether the next page has been asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    selected: usize,
    /// Rows a full page holds; 0 for a list loaded whole.
    page: usize,
    /// The next page is wanted when a move down comes this close to the last loaded row.
    near_end: usize,
    more: bool,
    /// The next page was asked for and has not come: it is asked for once.
    asked: bool,
}

impl Cursor {
    /// A list paged `page` rows at a time, fetching the next page when the selection comes
    /// within `near_end` rows of the last loaded one (0: on it).
    pub fn paged(page: usize, near_end: usize) -> Cursor {
        Cursor {
            page,
            near_end,
            ..Cursor::default()
        }
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    /// More rows exist past those loaded.
    pub fn has_more(&self) -> bool {
        self.more
    }

    /// Says whether more rows exist (for a store that tells, rather than a full page).
    pub fn set_more(&mut self, more: bool) {
        self.more = more;
        self.asked = false;
    }

    /// Selects row `index`, kept within `len` rows.
    pub fn select(&mut self, index: usize, len: usize) {
        self.selected = index.min(len.saturating_sub(1));
    }

    /// Keeps the selection within `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.select(self.selected, len);
    }

    /// A page of `got` rows came: more exist if it was full.
    fn loaded(&mut self, got: usize) {
        self.set_more(self.page > 0 && got >= self.page);
    }

    /// Moves by `step` among `len` rows. True when it is time to fetch the next page: the
    /// move went down to the end of what is loaded, more exist, and it was not yet asked.
    pub fn step(&mut self, step: Step, len: usize) -> bool {
        let wants = self.step_over(step, len, self.more && !self.asked);
        self.asked |= wants;
        wants
    }

    /// As [`Cursor::step`], for rows whose owner knows whether `more` exist (a filtered
    /// view over rows paged elsewhere): true when the move went down to the end and `more`.
    pub fn step_over(&mut self, step: Step, len: usize, more: bool) -> bool {
        self.selected = stepped(step, self.selected, len);
        let down = matches!(step, Step::Down | Step::PageDown | Step::Last);
        let near_end = self
            .selected
            .saturating_add(self.near_end)
            .saturating_add(1)
            >= len;
        down && near_end && more
    }

    /// As [`Cursor::step`] for a key: `None` when `key` is not a moving key, else whether
    /// the next page is wanted.
    pub fn key(&mut self, key: KeyEvent, len: usize) -> Option<bool> {
        step_of(key).map(|s| self.step(s, len))
    }

    /// As [`Cursor::key`], letters aside (see [`arrow_step_of`]).
    pub fn arrow_key(&mut self, key: KeyEvent, len: usize) -> Option<bool> {
        arrow_step_of(key).map(|s| self.step(s, len))
    }
}

/// A list's rows with their [`Cursor`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagedList<T> {
    rows: Vec<T>,
    cursor: Cursor,
}

impl<T> Default for PagedList<T> {
    fn default() -> Self {
        PagedList::whole()
    }
}

impl<T> PagedList<T> {
    /// A list loaded whole, never paged.
    pub fn whole() -> PagedList<T> {
        PagedList {
            rows: Vec::new(),
            cursor: Cursor::default(),
        }
    }

    /// A list paged from the database (see [`Cursor::paged`]).
    pub fn paged(page: usize, near_end: usize) -> PagedList<T> {
        PagedList {
            rows: Vec::new(),
            cursor: Cursor::paged(page, near_end),
        }
    }

    /// A list loaded whole with these rows, the first selected.
    pub fn of(rows: Vec<T>) -> PagedList<T> {
        let mut list = PagedList::whole();
        list.first_page(rows);
        list
    }

    pub fn rows(&self) -> &[T] {
        &self.rows
    }

    /// The rows loaded, the list let go.
    pub fn into_rows(self) -> Vec<T> {
        self.rows
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn selected(&self) -> usize {
        self.cursor.selected
    }

    pub fn selected_row(&self) -> Option<&T> {
        self.rows.get(self.cursor.selected)
    }

    pub fn selected_row_mut(&mut self) -> Option<&mut T> {
        self.rows.get_mut(self.cursor.selected)
    }

    pub fn last(&self) -> Option<&T> {
        self.rows.last()
    }

    pub fn has_more(&self) -> bool {
        self.cursor.more
    }

    /// Says whether more rows exist, for a store that tells rather than a full page.
    pub fn set_more(&mut self, more: bool) {
        self.cursor.set_more(more);
    }

    /// Selects row `index`, kept within the rows.
    pub fn select(&mut self, index: usize) {
        self.cursor.select(index, self.rows.len());
    }

    /// Selects the first row `found` says yes to; the selection stays if none does.
    pub fn select_where(&mut self, found: impl Fn(&T) -> bool) {
        if let Some(i) = self.rows.iter().position(found) {
            self.cursor.selected = i;
        }
    }

    /// A first page (or the whole list), replacing what was loaded: the first row selected.
    pub fn first_page(&mut self, rows: Vec<T>) {
        self.cursor.loaded(rows.len());
        self.rows = rows;
        self.cursor.selected = 0;
    }

    /// The next page, after the rows loaded; the selection stays.
    pub fn next_page(&mut self, rows: Vec<T>) {
        self.cursor.loaded(rows.len());
        self.rows.extend(rows);
    }

    /// New rows in place of the old (the list read again): the selection stays where it was,
    /// kept within the new rows.
    pub fn replace(&mut self, rows: Vec<T>) {
        self.cursor.loaded(rows.len());
        self.rows = rows;
        self.cursor.clamp(self.rows.len());
    }

    /// Moves by `step`; true when it is time to fetch the next page (see [`Cursor::step`]).
    pub fn step(&mut self, step: Step) -> bool {
        self.cursor.step(step, self.rows.len())
    }

    /// A moving key: `None` when `key` is not one, else whether the next page is wanted.
    pub fn key(&mut self, key: KeyEvent) -> Option<bool> {
        self.cursor.key(key, self.rows.len())
    }

    /// As [`PagedList::key`], letters aside.
    pub fn arrow_key(&mut self, key: KeyEvent) -> Option<bool> {
        self.cursor.arrow_key(key, self.rows.len())
    }

    /// The rows, to change them in place (the selection is kept within them after).
    pub fn edit_rows(&mut self, edit: impl FnOnce(&mut Vec<T>)) {
        edit(&mut self.rows);
        self.cursor.clamp(self.rows.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn moves_are_clamped_to_the_rows() {
        let mut l = PagedList::of((0..25).collect::<Vec<_>>());
        assert!(!l.step(Step::Up));
        assert_eq!(l.selected(), 0);
        l.step(Step::PageDown);
        assert_eq!(l.selected(), 10);
        l.step(Step::PageDown);
        l.step(Step::PageDown);
        assert_eq!(l.selected(), 24, "PgDn stops on the last row");
        l.step(Step::Down);
        assert_eq!(l.selected_row(), Some(&24));
        l.step(Step::PageUp);
        assert_eq!(l.selected(), 14);
        l.step(Step::First);
        assert_eq!(l.selected(), 0);
        l.step(Step::Last);
        assert_eq!(l.selected(), 24);
        l.select(99);
        assert_eq!(l.selected(), 24);
    }

    #[test]
    fn keys_move_through_the_steps_table() {
        let mut l = PagedList::of(vec!['a', 'b', 'c']);
        assert_eq!(l.key(k(KeyCode::Char('j'))), Some(false));
        assert_eq!(l.key(k(KeyCode::Down)), Some(false));
        assert_eq!(l.selected(), 2);
        assert_eq!(l.key(k(KeyCode::Char('g'))), Some(false));
        assert_eq!(l.selected(), 0);
        assert_eq!(l.key(k(KeyCode::End)), Some(false));
        assert_eq!(l.selected(), 2);
        assert_eq!(l.key(k(KeyCode::Char('x'))), None);
        assert_eq!(
            l.arrow_key(k(KeyCode::Char('k'))),
            None,
            "letters are typing"
        );
        assert_eq!(l.arrow_key(k(KeyCode::Home)), Some(false));
        assert_eq!(l.selected(), 0);
        assert_eq!(
            l.key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL)),
            None
        );
    }

    #[test]
    fn the_next_page_is_wanted_once_on_a_move_down_to_the_end() {
        let mut l = PagedList::paged(3, 0);
        l.first_page(vec![1, 2, 3]);
        assert!(l.has_more(), "a full page: there may be more");
        assert!(!l.step(Step::Down));
        assert!(l.step(Step::Down), "onto the last loaded row");
        assert!(!l.step(Step::Down), "asked once until the page comes");
        l.step(Step::Up);
        assert!(!l.step(Step::Down));
        l.next_page(vec![4, 5]);
        assert!(!l.has_more(), "a short page is the last");
        assert_eq!(l.selected_row(), Some(&3), "the selection stays");
        assert!(!l.step(Step::Last));
        assert_eq!(l.selected_row(), Some(&5));
    }

    #[test]
    fn a_move_up_onto_the_end_never_fetches_and_near_end_fetches_early() {
        let mut l = PagedList::paged(2, 0);
        l.first_page(vec![1, 2]);
        assert!(
            !l.step(Step::Up),
            "on a short list, up stays and does not fetch"
        );
        assert!(l.step(Step::Last));
        let mut l = PagedList::paged(20, 10);
        l.first_page((0..20).collect());
        l.select(7);
        assert!(!l.step(Step::Down), "row 8: eleven rows from the last");
        assert!(l.step(Step::Down), "row 9: ten rows from the last");
    }

    #[test]
    fn replacing_the_rows_keeps_the_selection_within_them() {
        let mut l = PagedList::paged(5, 0);
        l.first_page((0..5).collect::<Vec<_>>());
        l.select(3);
        l.replace(vec![10, 11, 12, 13, 14]);
        assert_eq!(l.selected_row(), Some(&13), "kept where it was");
        l.replace(vec![7, 8]);
        assert_eq!(l.selected_row(), Some(&8), "kept within fewer rows");
        assert!(!l.has_more());
        l.first_page(vec![1, 2]);
        assert_eq!(l.selected(), 0, "a first page starts at the top");
        l.select_where(|r| *r == 2);
        assert_eq!(l.selected(), 1);
        l.edit_rows(|rows| rows.truncate(1));
        assert_eq!(l.selected_row(), Some(&1));
    }

    #[test]
    fn an_empty_list_has_no_selected_row_and_never_fetches() {
        let mut l: PagedList<u8> = PagedList::paged(10, 0);
        assert_eq!(l.selected_row(), None);
        for step in [
            Step::Down,
            Step::Up,
            Step::PageDown,
            Step::Last,
            Step::First,
        ] {
            assert!(!l.step(step));
            assert_eq!(l.selected(), 0);
        }
        l.first_page(Vec::new());
        assert!(!l.has_more());
        l.set_more(true);
        assert!(l.step(Step::Down), "told there is more: an empty page asks");
        assert_eq!(moved(k(KeyCode::Char('G')), 0, 0), Some(0));
        let mut c = Cursor::default();
        assert!(
            c.step_over(Step::Down, 0, true),
            "more told by the rows' owner"
        );
        assert!(!c.step_over(Step::Up, 0, true));
    }
}
