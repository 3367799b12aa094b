//! One mechanism keeps every form as a draft (DESIGN §7): it watches the forms open in every
//! pane, saves what changed to the encrypted store two seconds after a pause and at least every
//! five seconds while typing (each save one committed transaction, so a kill loses at most
//! those seconds), saves everything at once before the store closes (`keep_all`, from
//! `keep_drafts`), deletes a form's draft once the form closes (saved, or discarded with Esc),
//! fills a form from its kept draft when it opens, and after an unlock takes the lead back to
//! the form they were in. Panes only answer `FormDrafts`; the store only stores.
//!
//! The handover note is not a form draft: its editor saves the note itself (unsigned) on the
//! same rule (`handover::keep_draft`, `App::autosave_handover`).

use super::{App, Session};
use crate::domain::draft::{DraftKey, FormDraft, FormKind, Unsaved, WaitingDraft, describe};
use crate::store::StoreError;
use crate::ui::panes::PaneId;
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Utc};

/// The forms this session is watching. Dropped with the session (it holds what was typed).
#[derive(Default)]
pub(super) struct Drafts {
    tracked: Vec<Tracked>,
    /// The next waiting draft Ctrl-r goes back to.
    next_waiting: usize,
}

struct Tracked {
    key: DraftKey,
    /// The content last seen in the form.
    seen: Option<FormDraft>,
    /// The content the store holds for it (saved or filled from), if any.
    stored: Option<FormDraft>,
    unsaved: Option<Unsaved>,
}

/// Which pane holds a kind of form.
pub(super) fn pane_of(kind: FormKind) -> PaneId {
    match kind {
        FormKind::QuickAdd
        | FormKind::Visit
        | FormKind::Incident
        | FormKind::FollowUp
        | FormKind::CorrectDetails
        | FormKind::CorrectIncident
        | FormKind::ReopenFollowUp
        | FormKind::CloseFollowUp
        | FormKind::CloseSafeguarding
        | FormKind::MergePeople => PaneId::Intake,
        FormKind::Plan => PaneId::Plans,
        FormKind::Worker
        | FormKind::TimeOff
        | FormKind::Supervision
        | FormKind::Assignment
        | FormKind::Session
        | FormKind::EndAssignment
        | FormKind::HandOver
        | FormKind::CorrectSession => PaneId::Peers,
        FormKind::HandoverAddendum => PaneId::Handover,
        FormKind::AdminStaff
        | FormKind::AdminDirectory
        | FormKind::AdminSource
        | FormKind::AdminTriage
        | FormKind::AdminTarget
        | FormKind::AdminHoliday
        | FormKind::AdminSetting => PaneId::Reports,
    }
}

pub(super) fn open_keys(session: &Session) -> Vec<DraftKey> {
    session
        .panes
        .all()
        .into_iter()
        .filter_map(|(_, pane)| pane.form())
        .collect()
}

fn open_draft(session: &Session, key: &DraftKey) -> Option<FormDraft> {
    let d = session.panes.front(pane_of(key.kind))?.form_draft();
    d.filter(|d| &d.key == key)
}

fn fill(session: &mut Session, draft: &FormDraft) -> bool {
    session
        .panes
        .front_mut(pane_of(draft.key.kind))
        .is_some_and(|p| p.fill(draft))
}

/// The form in front, for returning to it after an unlock.
pub(super) fn front_form(session: &Session) -> Option<DraftKey> {
    let key = session.front()?.form();
    key.or_else(|| open_keys(session).into_iter().next())
}

/// Keeps what the open plan editor holds but has not saved as this staff member's draft (a
/// plan's draft is typed, in `plan_drafts`). Returns a warning if it could not be kept.
fn keep_plan_draft(session: &mut Session, now: DateTime<Utc>) -> Option<String> {
    let staff_id = session.staff.as_ref()?.id;
    let (person_id, content, meta, focus) = session.panes.plans.as_ref()?.draft_snapshot()?;
    match session
        .store
        .save_plan_draft_at(person_id, staff_id, &content, &meta, Some(&focus), now)
    {
        Ok(()) => None,
        Err(e) => Some(format!(
            "The unsaved plan could not be kept as a draft: {e}"
        )),
    }
}

/// Looks at every open form after a key, a paste or a tick: a form that closed has its draft
/// deleted, a form that opened is filled from its kept draft, a change starts (or extends)
/// the unsaved span.
pub(super) fn observe(session: &mut Session, now: DateTime<Utc>) {
    let Some(staff_id) = session.staff.as_ref().map(|s| s.id) else {
        return;
    };
    let keys = open_keys(session);
    // Closed: saved, or discarded. Either way its draft goes.
    let (open, closed): (Vec<Tracked>, Vec<Tracked>) = std::mem::take(&mut session.drafts.tracked)
        .into_iter()
        .partition(|t| keys.contains(&t.key));
    session.drafts.tracked = open;
    for t in closed {
        if t.stored.is_some() {
            if let Err(e) = session.store.delete_form_draft(staff_id, &t.key) {
                session.status = Some(Message::Error(format!("A draft could not be removed: {e}")));
            } else {
                session.needs_checkpoint = true;
            }
        }
    }
    for key in keys {
        if !session.drafts.tracked.iter().any(|t| t.key == key) {
            let stored = opened(session, staff_id, &key);
            session.drafts.tracked.push(Tracked {
                key,
                seen: stored.clone(),
                stored,
                unsaved: None,
            });
        }
    }
    for i in 0..session.drafts.tracked.len() {
        let Some(key) = session.drafts.tracked.get(i).map(|t| t.key.clone()) else {
            continue;
        };
        let current = open_draft(session, &key);
        let Some(t) = session.drafts.tracked.get_mut(i) else {
            continue;
        };
        if current.is_some() && current != t.seen {
            t.seen = current;
            match &mut t.unsaved {
                Some(u) => u.touch(now),
                None => t.unsaved = Some(Unsaved::new(now)),
            }
        }
        if t.seen == t.stored {
            t.unsaved = None;
        }
    }
}

/// A form just opened: filled from its kept draft if there is one. Returns what the store
/// holds for it. A crisis plan offers its own typed draft.
fn opened(session: &mut Session, staff_id: i64, key: &DraftKey) -> Option<FormDraft> {
    if key.kind == FormKind::Plan {
        // Filled from plan_drafts when the lead chose to continue it: then it is stored.
        return open_draft(session, key);
    }
    match session.store.form_draft(staff_id, key) {
        Ok(Some(draft)) => {
            if fill(session, &draft) {
                open_draft(session, key)
            } else {
                None
            }
        }
        Ok(None) => None,
        Err(e) => {
            session.status = Some(Message::Error(format!(
                "A kept draft could not be read: {e}"
            )));
            None
        }
    }
}

fn persist(session: &mut Session, draft: &FormDraft, now: DateTime<Utc>) -> Result<(), String> {
    let staff_id = session
        .staff
        .as_ref()
        .map(|s| s.id)
        .ok_or("nobody signed in")?;
    if draft.key.kind == FormKind::Plan {
        return match keep_plan_draft(session, now) {
            Some(warning) => Err(warning),
            None => Ok(()),
        };
    }
    session
        .store
        .save_form_draft(staff_id, draft, now)
        .map_err(|e: StoreError| {
            format!(
                "The draft of {} could not be saved: {e}",
                draft.key.kind.label()
            )
        })?;
    session.needs_checkpoint = true;
    Ok(())
}

/// Saves the drafts due (`all`: every unsaved one, before the store closes). Returns the
/// first warning.
fn save(session: &mut Session, now: DateTime<Utc>, all: bool) -> Option<String> {
    save_but(session, now, all, &[])
}

/// As `save`, never offering the forms `skip` to the store.
fn save_but(
    session: &mut Session,
    now: DateTime<Utc>,
    all: bool,
    skip: &[DraftKey],
) -> Option<String> {
    let mut warning = None;
    for i in 0..session.drafts.tracked.len() {
        let Some(t) = session.drafts.tracked.get(i) else {
            continue;
        };
        if skip.contains(&t.key) {
            continue;
        }
        let due = match t.unsaved {
            Some(u) => all || u.due(now),
            None => false,
        };
        let Some(draft) = t.seen.clone().filter(|_| due) else {
            continue;
        };
        match persist(session, &draft, now) {
            Ok(()) => {
                if let Some(t) = session.drafts.tracked.get_mut(i) {
                    t.stored = Some(draft);
                    t.unsaved = None;
                }
            }
            Err(e) => {
                // Tried again after the next pause.
                if let Some(t) = session.drafts.tracked.get_mut(i) {
                    t.unsaved = Some(Unsaved::new(now));
                }
                warning.get_or_insert(e);
            }
        }
    }
    warning
}

/// Before the store closes (lock, auto-lock, quit, Ctrl-c, a signal, a closed terminal):
/// every form's unsaved content is saved now.
pub(super) fn keep_all(session: &mut Session, now: DateTime<Utc>) -> Option<String> {
    observe(session, now);
    save(session, now, true)
}

/// As `keep_all`, but the forms `skip` (an erased person's) are neither saved nor offered.
pub(super) fn keep_all_but(
    session: &mut Session,
    now: DateTime<Utc>,
    skip: &[DraftKey],
) -> Option<String> {
    observe(session, now);
    save_but(session, now, true, skip)
}

impl App {
    /// After every key and paste: what the open forms hold now.
    pub(super) fn observe_drafts(&mut self) {
        let now = self.clock.now();
        if let Some(session) = &mut self.session {
            observe(session, now);
        }
    }

    /// On every tick: the drafts due are saved.
    pub(super) fn autosave_drafts(&mut self, now: DateTime<Utc>) {
        let Some(session) = &mut self.session else {
            return;
        };
        observe(session, now);
        if let Some(warning) = save(session, now, false) {
            session.status = Some(Message::Error(warning));
            self.dirty = true;
        }
    }

    /// Opens the form `key` is for, as the lead's keys did, and fills it from its draft.
    /// Returns whether the form is open.
    pub(super) fn reopen_draft(&mut self, key: &DraftKey) -> bool {
        let now = self.clock.now();
        let Some(session) = &mut self.session else {
            return false;
        };
        let pane = pane_of(key.kind);
        // Administration's forms live in its own screen, over the Reports pane: open it first.
        if pane == PaneId::Reports
            && session.panes.admin.is_none()
            && session.open_admin(now).is_err()
        {
            return false;
        }
        session.pane = pane;
        // A form is at most a few steps away (load the record, then press its key).
        for _ in 0..4 {
            let Some(session) = &mut self.session else {
                return false;
            };
            let routed = session
                .panes
                .front_mut(pane)
                .and_then(|p| p.reopen_form(key, now));
            match routed {
                Some(r) => self.run_routed(Some(r)),
                None => break,
            }
        }
        self.dirty = true;
        let Some(session) = &mut self.session else {
            return false;
        };
        observe(session, now);
        open_keys(session).contains(key)
    }

    /// After sign-in: straight back into the form the lead was in before the lock, and the
    /// other waiting drafts named in the status bar.
    pub(super) fn drafts_after_sign_in(&mut self, back_to: Option<DraftKey>) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(staff_id) = session.staff.as_ref().map(|s| s.id) else {
            return;
        };
        let waiting = match session.store.waiting_drafts(staff_id) {
            Ok(w) => w,
            Err(e) => {
                session.status = Some(Message::Error(format!(
                    "Kept drafts could not be read: {e}"
                )));
                return;
            }
        };
        let mut resumed = None;
        if let Some(key) = back_to.filter(|k| waiting.iter().any(|w| &w.key == k))
            && self.reopen_draft(&key)
        {
            resumed = Some(key);
        }
        let Some(session) = &mut self.session else {
            return;
        };
        let others: Vec<WaitingDraft> = waiting
            .into_iter()
            .filter(|w| Some(&w.key) != resumed.as_ref())
            .collect();
        let mut text = match &resumed {
            Some(key) => format!("Back in your draft of {}.", key.kind.label()),
            None => String::new(),
        };
        if let Some(list) = describe(&others) {
            if !text.is_empty() {
                text.push(' ');
                text.push_str("Also ");
            }
            text.push_str(&format!("{list} · Ctrl-r goes back to them"));
        }
        if !text.is_empty() {
            session.status = Some(Message::Info(text));
        }
    }

    /// Ctrl-r outside a form: back into the next waiting draft (newest first).
    pub(super) fn resume_next_draft(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(staff_id) = session.staff.as_ref().map(|s| s.id) else {
            return;
        };
        let waiting = match session.store.waiting_drafts(staff_id) {
            Ok(w) => w,
            Err(e) => {
                session.status = Some(Message::Error(e.to_string()));
                return;
            }
        };
        let reachable: Vec<WaitingDraft> = waiting.into_iter().collect();
        if reachable.is_empty() {
            session.status = Some(Message::Info("No drafts are waiting.".into()));
            return;
        }
        let i = session.drafts.next_waiting % reachable.len();
        session.drafts.next_waiting = i + 1;
        let Some(key) = reachable.get(i).map(|d| d.key.clone()) else {
            return;
        };
        let reopened = self.reopen_draft(&key);
        let Some(session) = &mut self.session else {
            return;
        };
        // The waiting-drafts notice is done with once a draft is back on screen.
        session.status = Some(if reopened {
            Message::Info(format!("Back in your draft of {}.", key.kind.label()))
        } else {
            Message::Error(format!(
                "The draft of {} is for something that can no longer be opened here.",
                key.kind.label()
            ))
        });
    }
}
