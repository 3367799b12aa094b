//! What the app hands back to the Intake pane: a visit, a person, the matches found, the
//! follow-ups, a refusal; each shown in the mode it belongs to.

use super::person::{MatchChoice, PersonHistory};
use super::quick_add::QuickAdd;
use super::visit_view::VisitView;
use super::{IntakePane, Mode, follow_ups, visit_form};
use crate::domain::person::PersonSummary;
use crate::domain::visit::VisitRecord;

impl IntakePane {
    pub fn offer_matches(
        &mut self,
        pending: QuickAdd,
        candidates: Vec<(PersonSummary, Vec<crate::domain::person::MatchReason>)>,
    ) {
        let form = match std::mem::replace(&mut self.mode, Mode::Board) {
            Mode::QuickAdd(form) => form,
            other => {
                self.mode = other;
                return;
            }
        };
        self.mode = Mode::Match {
            pending,
            choice: MatchChoice {
                candidates,
                selected: crate::ui::widgets::list::Cursor::default(),
            },
            form,
        };
    }

    pub fn show_visit(&mut self, view: VisitView) {
        self.mode = Mode::View(Box::new(view));
        self.underneath = None;
    }

    pub fn edit_visit(&mut self, record: &VisitRecord) {
        let form = visit_form::form(record, &self.refs.codes, &self.refs.directory, self.tz);
        if let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) {
            self.underneath = Some(view);
        }
        self.mode = Mode::Edit {
            visit_id: record.id,
            form,
            current: Box::new(record.clone()),
            asking: None,
        };
    }

    pub fn show_person(&mut self, history: PersonHistory) {
        if let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) {
            self.underneath = Some(view);
        }
        self.mode = Mode::Person(history);
    }

    /// The open follow-ups, shown (the selection kept on the same one after a reload).
    pub fn show_follow_ups(&mut self, mut list: follow_ups::OpenList) {
        if let Mode::FollowUps(old) = &self.mode {
            list.keep_selection_from(old);
        }
        self.mode = Mode::FollowUps(list);
        self.underneath = None;
    }

    pub fn more_person_visits(&mut self, more: Vec<crate::domain::visit::VisitSummary>) {
        if let Mode::Person(h) = &mut self.mode {
            h.visits.next_page(more);
        }
    }

    /// Back to the board (after a save, or on Esc).
    pub fn back_to_board(&mut self) {
        self.mode = Mode::Board;
        self.underneath = None;
    }

    /// A save was refused by the store: the open form shows why and keeps what was typed.
    pub fn refuse(&mut self, message: String) {
        match &mut self.mode {
            Mode::CloseOut(list) => {
                list.message = Some(crate::ui::widgets::message::Message::Error(message))
            }
            Mode::Merge(flow) => flow.refuse(message),
            Mode::Match {
                form,
                pending: _,
                choice: _,
            } => {
                form.error(message);
                let Mode::Match { form, .. } = std::mem::replace(&mut self.mode, Mode::Board)
                else {
                    // Matched just above: cannot be otherwise.
                    return;
                };
                self.mode = Mode::QuickAdd(form);
            }
            mode => {
                if let Some(form) = mode.form_mut() {
                    form.error(message);
                }
            }
        }
    }

    /// Returns from a form to the visit it was opened over, if any.
    pub(super) fn close_form(&mut self) {
        self.mode = match self.underneath.take() {
            Some(view) => Mode::View(view),
            None => Mode::Board,
        };
    }
}
