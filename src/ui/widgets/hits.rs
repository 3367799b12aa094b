//! Where the last frame drew what a click can mean: tabs, list rows, form fields, checkboxes.
//!
//! Widgets record their areas while drawing; the app keeps the last frame's map and asks it
//! what is under a click. A click is then turned into the keys a keyboard user would press
//! (a row two below the selection is two Downs, the selected row is Enter), so the mouse can
//! do nothing the keys cannot, and every pane's own rules (paging, asking before discarding)
//! apply to it unchanged.
//!
//! Why a per-frame recorder rather than a rect kept in each pane: the panes' draw functions
//! are shared by several hands, and every list and form already draws through the widgets
//! here, so recording in the widgets covers them all without a parameter threaded through
//! every pane. Drawing happens on one thread at a time, between [`begin`] and [`finish`].

use crate::ui::pane_id::PaneId;
use crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use std::cell::RefCell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A pane's tab.
    Tab(PaneId),
    /// A list row, as a distance from the selected row (0: the selected row itself).
    Row { from_selected: isize },
    /// A form field, as a distance from the focused field.
    Field { from_focused: isize },
    /// One option of a checkbox field: the field's distance from the focused field and the
    /// option's from the field's cursor.
    Checkbox {
        from_focused: isize,
        from_cursor: isize,
    },
    /// Something drawn over what is under it (a form over a list): a click here means
    /// nothing, rather than whatever the covered row was.
    Cover,
    /// An item of a footer hint ("n new", "Ctrl-s saves"): a click presses its key.
    Key { code: KeyCode, ctrl: bool },
}

/// The hits of one drawn frame, latest drawn on top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HitMap {
    hits: Vec<(Rect, Hit)>,
}

impl HitMap {
    /// What is under a point: the last thing drawn there.
    pub fn at(&self, column: u16, row: u16) -> Option<Hit> {
        let p = Position::new(column, row);
        self.hits
            .iter()
            .rev()
            .find(|(area, _)| area.contains(p))
            .map(|(_, hit)| *hit)
    }

    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }
}

thread_local! {
    static RECORDING: RefCell<Option<HitMap>> = const { RefCell::new(None) };
}

/// Starts recording a frame's hits.
pub fn begin() {
    RECORDING.with(|r| *r.borrow_mut() = Some(HitMap::default()));
}

/// Stops recording and returns what the frame recorded.
pub fn finish() -> HitMap {
    RECORDING
        .with(|r| r.borrow_mut().take())
        .unwrap_or_default()
}

/// Records that `area` of the frame being drawn means `hit`. Outside a recording (a widget
/// drawn in a unit test) it does nothing.
pub fn record(area: Rect, hit: Hit) {
    if area.is_empty() {
        return;
    }
    RECORDING.with(|r| {
        if let Some(map) = r.borrow_mut().as_mut() {
            map.hits.push((area, hit));
        }
    });
}

/// The signed distance from `from` to `to`, for a hit.
pub fn distance(from: usize, to: usize) -> isize {
    to as isize - from as isize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_drawn_wins_and_nothing_is_recorded_outside_a_frame() {
        record(Rect::new(0, 0, 10, 10), Hit::Row { from_selected: 1 });
        begin();
        record(Rect::new(0, 0, 10, 10), Hit::Row { from_selected: 1 });
        record(Rect::new(2, 2, 3, 3), Hit::Cover);
        record(Rect::new(0, 0, 0, 0), Hit::Tab(PaneId::Plans));
        let map = finish();
        assert_eq!(map.at(0, 0), Some(Hit::Row { from_selected: 1 }));
        assert_eq!(map.at(3, 3), Some(Hit::Cover));
        assert_eq!(map.at(10, 0), None);
        assert!(finish().is_empty(), "a finished frame records nothing more");
    }
}
