//! Peers' forms as drafts: a worker's profile, time off, supervision, an assignment, a
//! session note, an assignment's ending and its hand-over.

use super::{Overlay, PeersAction, PeersPane};
use crate::domain::draft::{DraftKey, FormDraft, FormKind};
use crate::ui::keys::ListMove;
use crate::ui::panes::Pane;
use crate::ui::panes::drafts::{FormDrafts, draft_of, fill, press};
use crate::ui::widgets::fields::FieldForm;
use chrono::{DateTime, Utc};

impl PeersPane {
    fn draft_key(&self) -> Option<DraftKey> {
        let assignment = || self.assignment_id().map(|a| a.to_string());
        Some(match self.overlay.as_ref()? {
            Overlay::WorkerForm { id, .. } => DraftKey {
                kind: FormKind::Worker,
                record: id.map(|i| i.to_string()).unwrap_or_default(),
            },
            Overlay::Exception { worker_id, .. } => DraftKey::new(FormKind::TimeOff, worker_id),
            Overlay::Supervision { worker_id, .. } => {
                DraftKey::new(FormKind::Supervision, worker_id)
            }
            Overlay::Assign(f) => DraftKey::new(FormKind::Assignment, f.subject.person_id),
            Overlay::Session(_) => DraftKey {
                kind: FormKind::Session,
                record: assignment()?,
            },
            Overlay::End(_) => DraftKey {
                kind: FormKind::EndAssignment,
                record: assignment()?,
            },
            Overlay::CorrectSession { session, .. } => {
                DraftKey::new(FormKind::CorrectSession, session.id)
            }
            Overlay::HandOver { .. } => DraftKey {
                kind: FormKind::HandOver,
                record: assignment()?,
            },
            Overlay::Confirm { .. } | Overlay::PickVisitor { .. } | Overlay::PickSession { .. } => {
                return None;
            }
        })
    }

    fn draft_form_mut(&mut self) -> Option<&mut FieldForm> {
        match self.overlay.as_mut()? {
            Overlay::WorkerForm { form, .. }
            | Overlay::Exception { form, .. }
            | Overlay::Supervision { form, .. }
            | Overlay::Session(form)
            | Overlay::End(form)
            | Overlay::HandOver { form, .. }
            | Overlay::CorrectSession { form, .. } => Some(form),
            Overlay::Assign(f) => Some(&mut f.form),
            Overlay::Confirm { .. } | Overlay::PickVisitor { .. } | Overlay::PickSession { .. } => {
                None
            }
        }
    }

    fn draft_form(&self) -> Option<&FieldForm> {
        match self.overlay.as_ref()? {
            Overlay::WorkerForm { form, .. }
            | Overlay::Exception { form, .. }
            | Overlay::Supervision { form, .. }
            | Overlay::Session(form)
            | Overlay::End(form)
            | Overlay::HandOver { form, .. }
            | Overlay::CorrectSession { form, .. } => Some(form),
            Overlay::Assign(f) => Some(&f.form),
            Overlay::Confirm { .. } | Overlay::PickVisitor { .. } | Overlay::PickSession { .. } => {
                None
            }
        }
    }
}

impl FormDrafts for PeersPane {
    fn open_form(&self) -> Option<DraftKey> {
        self.draft_key()
    }

    fn open_draft(&self) -> Option<FormDraft> {
        draft_of(self.draft_key()?, self.draft_form()?)
    }

    fn fill_draft(&mut self, draft: &FormDraft) -> bool {
        let Some(key) = self.draft_key() else {
            return false;
        };
        self.draft_form_mut()
            .is_some_and(|form| fill(form, &key, draft))
    }

    fn reopen(&mut self, key: &DraftKey, now: DateTime<Utc>) -> Option<PeersAction> {
        if self.draft_key().as_ref() == Some(key) {
            return None;
        }
        self.filtering = false;
        self.overlay = None;
        let id = key.record_id();
        match (key.kind, id) {
            (FormKind::Worker, None) => {
                self.assignment = None;
                self.worker = None;
                self.on_list(ListMove::New, now)
            }
            (FormKind::Worker, Some(w)) => Some(PeersAction::EditWorker(w)),
            (FormKind::TimeOff | FormKind::Supervision, Some(w)) => {
                self.assignment = None;
                if self.worker_id() != Some(w) {
                    return Some(PeersAction::OpenWorker(w));
                }
                let c = if key.kind == FormKind::TimeOff {
                    'o'
                } else {
                    's'
                };
                self.key(press(c), now)
            }
            (FormKind::Session | FormKind::EndAssignment, Some(a)) => {
                if self.assignment_id() != Some(a) {
                    return Some(PeersAction::OpenAssignment(a));
                }
                let c = if key.kind == FormKind::Session {
                    'l'
                } else {
                    'x'
                };
                self.key(press(c), now)
            }
            (FormKind::CorrectSession, Some(s)) => {
                if self.correct_session(s) {
                    return None;
                }
                Some(PeersAction::OpenAssignmentOfSession(s))
            }
            (FormKind::HandOver, Some(a)) => {
                if self.assignment_id() != Some(a) {
                    return Some(PeersAction::OpenAssignment(a));
                }
                self.key(press('h'), now)
            }
            (FormKind::Assignment, Some(person_id)) => Some(PeersAction::StartAssignment {
                person_id,
                worker_id: None,
            }),
            _ => None,
        }
    }
}
