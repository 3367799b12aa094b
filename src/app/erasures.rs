//! An erasure made while the app is open (`staywell erase` in another process): the app
//! notices it on its tick (SQLite's `data_version` changes when another connection commits;
//! asking costs no page read, and is done at most once a second, never per key), then drops
//! everything it holds about the person: forms and drafts for them are closed and not saved,
//! every pane is loaded again from the (now anonymised) database, the finder is closed, and the
//! lead is told. Other open forms are kept as drafts first and the form in front reopened.

use super::{App, Session, drafts};
use crate::domain::draft::{DraftKey, FormKind};
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeSet;

/// How often the app asks whether another process wrote.
const CHECK_EVERY: Duration = Duration::seconds(1);

pub(super) const ERASED_WHILE_OPEN: &str =
    "A record you had open was erased by the data-protection officer; it was closed and not saved.";
const ERASED_ELSEWHERE: &str =
    "A visitor's record was erased by the data-protection officer; every pane was reloaded.";

/// What the session knew the last time it looked.
#[derive(Default)]
pub(super) struct Watch {
    data_version: Option<i64>,
    erased: BTreeSet<i64>,
    checked_at: Option<DateTime<Utc>>,
}

/// Looks for erasures made elsewhere since the last look; returns the newly erased ids.
/// `force` looks even if the last look was under a second ago (before the store closes).
fn newly_erased(session: &mut Session, now: DateTime<Utc>, force: bool) -> BTreeSet<i64> {
    let w = &mut session.erasures;
    if !force && w.checked_at.is_some_and(|at| now - at < CHECK_EVERY) {
        return BTreeSet::new();
    }
    w.checked_at = Some(now);
    let Ok(version) = session.store.data_version() else {
        return BTreeSet::new();
    };
    if w.data_version == Some(version) {
        return BTreeSet::new();
    }
    let Ok(erased) = session.store.erased_people() else {
        // Looked at again next time.
        return BTreeSet::new();
    };
    let first_look = w.data_version.is_none();
    w.data_version = Some(version);
    let erased: BTreeSet<i64> = erased.into_iter().collect();
    let new: BTreeSet<i64> = erased.difference(&w.erased).copied().collect();
    w.erased = erased;
    if first_look { BTreeSet::new() } else { new }
}

/// Starts watching from what the database holds now (at sign-in).
pub(super) fn start(session: &mut Session, now: DateTime<Utc>) {
    session.erasures = Watch::default();
    let _ = newly_erased(session, now, true);
}

/// The person an open form is about, if any.
fn person_of(session: &Session, key: &DraftKey) -> Option<i64> {
    if key.kind == FormKind::Plan {
        return key.record_id();
    }
    session.store.person_of_form(key).ok().flatten()
}

/// Checks for an erasure made elsewhere and, if there was one, drops what the session holds
/// about those people. Returns the form in front to reopen (when it is not theirs).
fn drop_erased(session: &mut Session, now: DateTime<Utc>, force: bool) -> Option<ReloadPlan> {
    let erased = newly_erased(session, now, force);
    if erased.is_empty() {
        return None;
    }
    session.staff.as_ref()?;
    let open: Vec<DraftKey> = drafts::open_keys(session);
    let theirs: Vec<DraftKey> = open
        .iter()
        .filter(|k| person_of(session, k).is_some_and(|p| erased.contains(&p)))
        .cloned()
        .collect();
    let plan_open = session.panes.plans.as_ref().is_some_and(|p| {
        p.open_person().is_some_and(|id| erased.contains(&id))
            || p.draft_snapshot()
                .is_some_and(|(person, _, _, _)| erased.contains(&person))
    });
    let front = drafts::front_form(session).filter(|k| !theirs.contains(k));
    // Everyone else's unsaved typing is kept; the store refuses (and the erasure deleted) any
    // draft for an erased person, and their forms are not offered to it at all.
    drafts::keep_all_but(session, now, &theirs);
    // The handover note's unsaved edits are not saved: the note in memory still holds the
    // names the erasure redacted in the database.
    session.drafts = Default::default();
    let pane = session.pane;
    session.finder = None;
    session.find_for_plan = false;
    // Every pane loaded from the database, as at sign-in.
    session.load_panes(now);
    session.pane = pane;
    Some(ReloadPlan {
        front,
        held: plan_open || !theirs.is_empty(),
    })
}

pub(super) struct ReloadPlan {
    front: Option<DraftKey>,
    held: bool,
}

/// Before the store closes: an erasure made in the last second is still noticed, so nothing
/// of the person is written back on the way out.
pub(super) fn before_close(session: &mut Session, now: DateTime<Utc>) {
    let _ = drop_erased(session, now, true);
}

impl App {
    /// On every tick (at most once a second): erasures made by another process.
    pub(super) fn notice_erasures(&mut self, now: DateTime<Utc>) {
        let Some(session) = &mut self.session else {
            return;
        };
        if session.staff.is_none() {
            return;
        }
        let Some(plan) = drop_erased(session, now, false) else {
            return;
        };
        self.dirty = true;
        self.drafts_after_sign_in(plan.front);
        let Some(session) = &mut self.session else {
            return;
        };
        let told = if plan.held {
            ERASED_WHILE_OPEN
        } else {
            ERASED_ELSEWHERE
        };
        let text = match session.status.take() {
            Some(Message::Info(more)) => format!("{told} {more}"),
            _ => told.to_string(),
        };
        session.status = Some(Message::Error(text));
    }
}
