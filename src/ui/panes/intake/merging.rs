//! The Intake pane's side of a merge (`M` in a visit): the steps live in `merge_form`; this
//! opens them over the visit, hands keys and pastes on, and takes back what the app loaded.

use super::merge_form::{MergeFlow, MergeKey};
use super::{IntakeAction, IntakePane, Mode};
use crate::domain::merge::MergeSide;
use crate::domain::person::PersonSummary;
use crossterm::event::KeyEvent;

impl IntakePane {
    /// From the visit on show: find the other record.
    pub(super) fn start_merge(&mut self, person_id: i64) {
        if let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) {
            self.underneath = Some(view);
        }
        self.mode = Mode::Merge(Box::new(MergeFlow::new(person_id)));
    }

    /// People found for the merge's search.
    pub fn merge_results(&mut self, found: Vec<PersonSummary>) {
        if let Mode::Merge(flow) = &mut self.mode {
            flow.set_results(found);
        }
    }

    /// Both records loaded: the side-by-side form (also when coming back to a kept draft).
    pub fn show_merge_form(&mut self, a: MergeSide, b: MergeSide) {
        if let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) {
            self.underneath = Some(view);
        }
        self.mode = Mode::Merge(Box::new(MergeFlow::form(a, b)));
    }

    pub(super) fn merge_key(&mut self, key: KeyEvent) -> Option<IntakeAction> {
        let Mode::Merge(flow) = &mut self.mode else {
            return None;
        };
        let from = flow.from;
        match flow.key(key) {
            MergeKey::Search(q) => Some(IntakeAction::MergeSearch(q)),
            MergeKey::Pick(b) => Some(IntakeAction::MergeWith { a: from, b }),
            MergeKey::Submit(request) => Some(IntakeAction::Merge {
                request,
                visit_id: self.underneath.as_ref().map(|v| v.record.id),
            }),
            MergeKey::Back => {
                self.close_form();
                None
            }
            MergeKey::Nothing => None,
        }
    }

    pub(super) fn merge_paste(&mut self, text: &str) -> Option<IntakeAction> {
        let Mode::Merge(flow) = &mut self.mode else {
            return None;
        };
        match flow.paste(text) {
            MergeKey::Search(q) => Some(IntakeAction::MergeSearch(q)),
            _ => None,
        }
    }
}
