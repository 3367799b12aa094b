//! The Peers pane's keys: the key contract's list keys, the pane's own keys, and keys while a
//! form, the visitor finder or a confirmation is open.

use super::assign::AssignEvent;
use super::bindings::{ASSIGNMENT, AssignmentKey, LISTS, ListKey, WORKER, WorkerKey};
use super::{ListView, Overlay, PeersAction, PeersPane, assignment, worker_form};
use crate::ui::find::{FindAction, FindOverlay};
use crate::ui::keys::{FILTER, FilterKey, ListMove, PICK, PickKey, Step};
use crate::ui::panes::TypedRun;
use crate::ui::widgets::fields::{FieldForm, FieldId, FieldsEvent};
use crate::ui::widgets::list::{Cursor, step_of};
use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::KeyEvent;

impl PeersPane {
    pub(super) fn list_key(&mut self, key: ListMove) -> Option<PeersAction> {
        if let Some(a) = &mut self.assignment {
            match key {
                ListMove::Down => a.scroll.down(1),
                ListMove::Up => a.scroll.up(1),
                _ => {}
            }
            return None;
        }
        if let Some(w) = &mut self.worker {
            match key {
                ListMove::Down => return self.step_worker(Step::Down),
                ListMove::Up => return self.step_worker(Step::Up),
                ListMove::Open => {
                    return w
                        .selected_assignment()
                        .map(|a| PeersAction::OpenAssignment(a.id));
                }
                ListMove::Edit => return Some(PeersAction::EditWorker(w.worker_id())),
                ListMove::New | ListMove::Filter => {}
            }
            return None;
        }
        match key {
            ListMove::Down => return self.step_list(Step::Down),
            ListMove::Up => return self.step_list(Step::Up),
            ListMove::Open => {
                return self
                    .selected_worker()
                    .map(|w| PeersAction::OpenWorker(w.id));
            }
            ListMove::Edit => {
                return self
                    .selected_worker()
                    .map(|w| PeersAction::EditWorker(w.id));
            }
            ListMove::New => {
                self.overlay = Some(Overlay::WorkerForm {
                    id: None,
                    form: worker_form::worker_form(None, &self.settings),
                });
            }
            ListMove::Filter => self.filtering = true,
        }
        None
    }

    /// Pasted text into whatever has the keyboard: the filter, a form, the visitor finder.
    pub(super) fn paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<PeersAction> {
        if self.filtering {
            if self.filter.paste(text).is_ok() {
                self.tonight_selected.select(0, 0);
                self.roster_selected.select(0, 0);
                if self.list == ListView::Roster && self.roster.has_more {
                    return Some(PeersAction::MoreRoster);
                }
            }
            return None;
        }
        match &mut self.overlay {
            Some(
                Overlay::WorkerForm { form, .. }
                | Overlay::Exception { form, .. }
                | Overlay::Supervision { form, .. }
                | Overlay::Session(form)
                | Overlay::End(form)
                | Overlay::HandOver { form, .. }
                | Overlay::CorrectSession { form, .. },
            ) => {
                form.paste(text);
                None
            }
            Some(Overlay::Assign(f)) => {
                f.form.paste(text);
                None
            }
            Some(Overlay::PickVisitor { finder, .. }) => match finder.paste(text) {
                Some(FindAction::Search(q)) => Some(PeersAction::FindVisitors(q)),
                _ => None,
            },
            Some(Overlay::Confirm { .. } | Overlay::PickSession { .. }) | None => {
                crate::ui::panes::paste_as_keys(self, text, now)
            }
        }
    }

    pub(super) fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<PeersAction> {
        let today = now.with_timezone(&self.tz).date_naive();
        if self.filtering {
            return self.filter_key(key);
        }
        if self.overlay.is_some() {
            return self.overlay_key(key, today);
        }
        if self.assignment.is_some() {
            return self.assignment_key(key, today);
        }
        if self.worker.is_some() {
            return self.worker_key(key, today);
        }
        match LISTS.resolve(key) {
            Some(ListKey::Tonight) => {
                self.list = ListView::Tonight;
                return Some(PeersAction::ShowTonight);
            }
            Some(ListKey::Roster) => {
                self.list = ListView::Roster;
                return Some(PeersAction::ShowRoster);
            }
            Some(ListKey::Assign) => {
                let id = self.selected_worker().map(|w| w.id);
                self.pick_visitor(id);
            }
            Some(ListKey::ToggleActive) => {
                if let Some(w) = self.selected_worker() {
                    let (id, name, activate) = (w.id, w.name().to_string(), !w.active);
                    self.confirm_active(id, name, activate);
                }
            }
            Some(ListKey::ClearFilter) => self.filter.clear(),
            Some(ListKey::Page) => return self.step_list(step_of(key)?),
            None => {}
        }
        None
    }

    /// While the filter is typed: Enter keeps it, Esc clears it, the rest is typing.
    fn filter_key(&mut self, key: KeyEvent) -> Option<PeersAction> {
        match FILTER.resolve(key) {
            Some(FilterKey::Keep) => self.filtering = false,
            Some(FilterKey::Clear) => {
                self.filtering = false;
                self.filter.clear();
            }
            None => {
                self.filter.handle_key(key);
                self.tonight_selected.select(0, 0);
                self.roster_selected.select(0, 0);
                if self.list == ListView::Roster && self.roster.has_more {
                    return Some(PeersAction::MoreRoster);
                }
            }
        }
        None
    }

    /// An assignment on show: its own table.
    fn assignment_key(&mut self, key: KeyEvent, today: NaiveDate) -> Option<PeersAction> {
        let a = &self.assignment.as_ref()?.assignment;
        match ASSIGNMENT.resolve(key) {
            Some(AssignmentKey::LogSession) if a.is_active() => {
                self.overlay = Some(Overlay::Session(assignment::session_form(
                    a,
                    &self.settings,
                    today,
                )));
            }
            Some(AssignmentKey::End) if a.is_active() => {
                self.overlay = Some(Overlay::End(assignment::end_form(a, today)));
            }
            Some(AssignmentKey::CorrectSession)
                if !self.assignment.as_ref()?.sessions.is_empty() =>
            {
                // The last logged is the likeliest to correct: it starts selected.
                let count = self.assignment.as_ref()?.sessions.len();
                let mut selected = Cursor::default();
                selected.step(Step::Last, count);
                self.overlay = Some(Overlay::PickSession { selected });
            }
            // Handing over starts with loading who it could go to.
            Some(AssignmentKey::HandOver) if a.is_active() => {
                return Some(PeersAction::StartHandOver(a.id));
            }
            Some(AssignmentKey::Back) => self.assignment = None,
            _ => {}
        }
        None
    }

    /// A worker on show: its own table.
    fn worker_key(&mut self, key: KeyEvent, today: NaiveDate) -> Option<PeersAction> {
        let w = self.worker.as_ref()?;
        let worker = &w.entry.worker;
        let name = worker.name().to_string();
        match WORKER.resolve(key) {
            Some(WorkerKey::Assign) => self.pick_visitor(Some(worker.id)),
            Some(WorkerKey::TimeOff) => {
                self.overlay = Some(Overlay::Exception {
                    worker_id: worker.id,
                    form: worker_form::exception_form(&name, today),
                });
            }
            Some(WorkerKey::Supervision) => {
                self.overlay = Some(Overlay::Supervision {
                    worker_id: worker.id,
                    form: worker_form::supervision_form(&name, today),
                });
            }
            Some(WorkerKey::ToggleActive) => self.confirm_active(worker.id, name, !worker.active),
            Some(WorkerKey::Back) => self.closed_worker = self.worker.take(),
            Some(WorkerKey::Page) => return self.step_worker(step_of(key)?),
            None => {}
        }
        None
    }

    /// A move in tonight's board or the roster (as filtered); onto the roster's last row,
    /// going down, its next page is fetched.
    fn step_list(&mut self, step: Step) -> Option<PeersAction> {
        match self.list {
            ListView::Tonight => {
                let count = self.visible_tonight().len();
                self.tonight_selected.step(step, count);
                None
            }
            ListView::Roster => {
                let (count, more) = (self.visible_roster().len(), self.roster.has_more);
                let wants = self.roster_selected.step_over(step, count, more);
                wants.then_some(PeersAction::MoreRoster)
            }
        }
    }

    /// A move in a worker's assignments; onto the last loaded, going down, the next page is
    /// fetched.
    fn step_worker(&mut self, step: Step) -> Option<PeersAction> {
        let w = self.worker.as_mut()?;
        if !w.assignments.step(step) {
            return None;
        }
        let last = w.assignments.last()?;
        Some(PeersAction::MoreAssignments {
            worker_id: w.worker_id(),
            before: (last.started_on, last.id),
        })
    }

    fn pick_visitor(&mut self, worker_id: Option<i64>) {
        self.overlay = Some(Overlay::PickVisitor {
            worker_id,
            finder: FindOverlay::titled("Assign a peer worker: which visitor?"),
        });
    }

    fn confirm_active(&mut self, worker_id: i64, name: String, activate: bool) {
        self.overlay = Some(Overlay::Confirm {
            worker_id,
            name,
            activate,
        });
    }

    /// "Correct which session?": Enter opens the correction of the one selected.
    fn pick_session_key(&mut self, key: KeyEvent) -> Option<PeersAction> {
        let Some(Overlay::PickSession { selected }) = &mut self.overlay else {
            return None;
        };
        let sessions = &self.assignment.as_ref()?.sessions;
        match PICK.resolve(key) {
            Some(PickKey::Back) => self.overlay = None,
            Some(PickKey::Move) => {
                selected.key(key, sessions.len());
            }
            Some(PickKey::Choose) => {
                let id = sessions.get(selected.selected())?.id;
                self.correct_session(id);
            }
            None => {}
        }
        None
    }

    fn overlay_key(&mut self, key: KeyEvent, today: NaiveDate) -> Option<PeersAction> {
        let limit = self.settings.session_limit;
        let overlay = self.overlay.as_mut()?;
        let result = match overlay {
            Overlay::WorkerForm { id, form } => {
                let id = *id;
                form_event(form, key, |f| worker_form::read_worker(f, today)).map(|r| {
                    r.map(|(profile, slots)| PeersAction::SaveWorker { id, profile, slots })
                })
            }
            Overlay::Exception { worker_id, form } => {
                let worker_id = *worker_id;
                form_event(form, key, worker_form::read_exception).map(|r| {
                    r.map(|exception| PeersAction::AddException {
                        worker_id,
                        exception,
                    })
                })
            }
            Overlay::Supervision { worker_id, form } => {
                let worker_id = *worker_id;
                form_event(form, key, |f| worker_form::read_supervision(f, today)).map(|r| {
                    r.map(|supervision| PeersAction::AddSupervision {
                        worker_id,
                        supervision,
                    })
                })
            }
            Overlay::Confirm {
                worker_id,
                activate,
                ..
            } => {
                let action = crate::ui::keys::says_yes(key).then_some(PeersAction::SetActive {
                    worker_id: *worker_id,
                    active: *activate,
                });
                self.overlay = None;
                return action;
            }
            Overlay::PickVisitor { worker_id, finder } => match finder.handle_key(key) {
                Some(FindAction::Close) => None,
                Some(FindAction::Search(q)) => Some(Some(PeersAction::FindVisitors(q))),
                Some(FindAction::Choose(person_id)) => Some(Some(PeersAction::StartAssignment {
                    person_id,
                    worker_id: *worker_id,
                })),
                None => Some(None),
            },
            Overlay::Assign(f) => match f.handle_key(key, today, limit) {
                AssignEvent::Submit(a) => Some(Some(PeersAction::Assign(a))),
                AssignEvent::Rerank(needs) => Some(Some(PeersAction::Rerank {
                    person_id: f.subject.person_id,
                    needs,
                })),
                AssignEvent::Cancel => {
                    let back = f.subject.from_intake;
                    self.overlay = None;
                    return back.then_some(PeersAction::BackToIntake);
                }
                AssignEvent::None => Some(None),
            },
            Overlay::Session(form) => {
                let a = &self.assignment.as_ref()?.assignment;
                form_event(form, key, |f| assignment::read_session(f, a, today))
                    .map(|r| r.map(PeersAction::LogSession))
            }
            Overlay::PickSession { .. } => return self.pick_session_key(key),
            Overlay::CorrectSession { session, form } => form_event(form, key, |f| {
                super::handing::read_session(f, session)
            })
            .map(|r| r.map(|(session, reason)| PeersAction::CorrectSession { session, reason })),
            Overlay::HandOver { workers, form } => {
                let a = &self.assignment.as_ref()?.assignment;
                form_event(form, key, |f| super::handing::read(f, a, workers))
                    .map(|r| r.map(PeersAction::HandOver))
            }
            Overlay::End(form) => {
                let a = &self.assignment.as_ref()?.assignment;
                let id = a.id;
                form_event(form, key, |f| assignment::read_end(f, a, today)).map(|r| {
                    r.map(|(ended_on, reason)| PeersAction::EndAssignment {
                        assignment_id: id,
                        ended_on,
                        reason,
                    })
                })
            }
        };
        match result {
            None => {
                self.overlay = None;
                None
            }
            Some(action) => action,
        }
    }
}

impl PeersPane {
    /// The form over the pane whose keys go straight to it (as [`Self::overlay_key`] hands
    /// them over), if one is open: not the assignment form, whose typing re-ranks workers.
    fn typing_form(&mut self) -> Option<&mut FieldForm> {
        if self.filtering {
            return None;
        }
        let has_assignment = self.assignment.is_some();
        match self.overlay.as_mut()? {
            Overlay::WorkerForm { form, .. }
            | Overlay::Exception { form, .. }
            | Overlay::Supervision { form, .. }
            | Overlay::CorrectSession { form, .. } => Some(form),
            Overlay::Session(form) | Overlay::End(form) | Overlay::HandOver { form, .. }
                if has_assignment =>
            {
                Some(form)
            }
            _ => None,
        }
    }

    /// True while Enter starts a new line in the form that has the keyboard.
    pub(super) fn types_lines(&self) -> bool {
        if self.filtering {
            return false;
        }
        match &self.overlay {
            Some(
                Overlay::WorkerForm { form, .. }
                | Overlay::Exception { form, .. }
                | Overlay::Supervision { form, .. }
                | Overlay::CorrectSession { form, .. },
            ) => form.types_lines(),
            Some(Overlay::Session(form) | Overlay::End(form) | Overlay::HandOver { form, .. }) => {
                self.assignment.is_some() && form.types_lines()
            }
            _ => false,
        }
    }

    /// Characters typed faster than a frame into the open form, as its keys one by one
    /// (typing there never saves or closes it).
    pub(super) fn typed(&mut self, text: &str) -> TypedRun<PeersAction> {
        match self.typing_form().and_then(|form| form.type_text(text)) {
            Some(_) => TypedRun::Taken(None),
            None => TypedRun::AsKeys,
        }
    }
}

/// A form's key: Cancel closes it, Submit reads it (a bad field is focused and named).
fn form_event<T>(
    form: &mut FieldForm,
    key: KeyEvent,
    read: impl FnOnce(&FieldForm) -> Result<T, (FieldId, String)>,
) -> Option<Option<T>> {
    match form.handle_key(key) {
        FieldsEvent::Cancel => None,
        FieldsEvent::Submit => match read(form) {
            Ok(v) => Some(Some(v)),
            Err((field, message)) => form.refuse_at(field, message).or(Some(None)),
        },
        _ => Some(None),
    }
}
