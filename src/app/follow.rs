//! Views follow the data (issue 15, point 6), by one mechanism rather than a reload call per
//! pair of panes. The store counts its commits; each pane remembers the count it last showed.
//! A pane that comes to the front having missed a commit is loaded again; a commit by another
//! process (`staywell erase`, say), noticed through `PRAGMA data_version` at most once a second
//! on the tick, loads the pane in front again too, as soon as no form is open in it. The pane
//! that made a change shows it already (its own action reloads what it shows).

use super::{App, Session};
use crate::ui::panes::PaneId;
use chrono::{DateTime, Duration, Utc};

/// How often the tick asks whether another process committed.
const CHECK_EVERY: Duration = Duration::seconds(1);

#[derive(Default)]
pub(super) struct Views {
    /// The change count each pane last showed, by pane number (1-5).
    shown: [Option<u64>; 6],
    /// The pane in front at the last look.
    front: Option<PaneId>,
    /// Commits by other processes seen so far.
    external: u64,
    /// Another process committed and the pane in front has not been loaded since.
    external_pending: bool,
    data_version: Option<i64>,
    checked_at: Option<DateTime<Utc>>,
}

/// At sign-in, with every pane just loaded: what they show is the database as it is now.
pub(super) fn start(session: &mut Session, now: DateTime<Utc>) {
    let changes = session.store.commits();
    session.views = Views {
        shown: [Some(changes); 6],
        front: Some(session.pane),
        data_version: session.store.data_version().ok(),
        checked_at: Some(now),
        ..Views::default()
    };
}

impl App {
    /// Loads the pane in front again when it has missed a change; see the module comment.
    /// `tick`: also look for commits by another process.
    pub(super) fn follow_data(&mut self, now: DateTime<Utc>, tick: bool) {
        let Some(session) = &mut self.session else {
            return;
        };
        let typing = session.front_takes_typing();
        let views = &mut session.views;
        if tick && views.checked_at.is_none_or(|at| now - at >= CHECK_EVERY) {
            views.checked_at = Some(now);
            if let Ok(version) = session.store.data_version() {
                if views.data_version.is_some_and(|v| v != version) {
                    views.external += 1;
                    views.external_pending = true;
                }
                views.data_version = Some(version);
            }
        }
        let changes = session.store.commits() + views.external;
        let front = session.pane;
        let slot = usize::from(front.number()).min(5);
        let Some(before) = views.front.replace(front) else {
            // The first look after sign-in: every pane was just loaded.
            views.shown = [Some(changes); 6];
            return;
        };
        let Some(shown) = views.shown.get_mut(slot) else {
            return;
        };
        if *shown == Some(changes) {
            return;
        }
        let came_to_front = before != front;
        if !came_to_front && !views.external_pending {
            // Its own change: shown already.
            *shown = Some(changes);
            return;
        }
        if typing {
            // A form is open: loaded when it closes.
            return;
        }
        views.external_pending = false;
        *shown = Some(changes);
        self.dirty = true;
        self.reload_front(now);
    }

    fn reload_front(&mut self, now: DateTime<Utc>) {
        if let Some(session) = &mut self.session {
            session.ask_front(now, |pane, ctx, fx| pane.reload(ctx, fx));
        }
    }
}
