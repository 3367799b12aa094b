//! What the event loop and the tests ask of the app: the screen shown, the pane in front, the
//! message, whether to draw; and, for tests, the panes themselves.

use super::{App, Resume, Screen};
use crate::domain::staff::StaffMember;
use crate::ui::panes::PaneId;
use crate::ui::panes::handover::HandoverPane;
use crate::ui::panes::intake::IntakePane;
use crate::ui::panes::peers::PeersPane;
use crate::ui::panes::plans::PlansPane;
use crate::ui::panes::reports::ReportsPane;

impl App {
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// True when no database connection is held (locked, or not yet unlocked).
    pub fn is_locked(&self) -> bool {
        self.session.is_none()
    }

    /// The app holds a store only inside a session; when locked there is none, and with it
    /// goes every cached row of visitor data.
    pub fn holds_store(&self) -> bool {
        self.session.is_some()
    }

    pub fn current_pane(&self) -> Option<PaneId> {
        match (&self.screen, &self.session) {
            (Screen::Main, Some(s)) => Some(s.pane),
            _ => None,
        }
    }

    pub fn signed_in_staff(&self) -> Option<&StaffMember> {
        self.session.as_ref().and_then(|s| s.staff.as_ref())
    }

    pub fn resume_point(&self) -> Option<Resume> {
        self.resume
    }

    /// The name of the screen shown, for tests: "create", "unlock", "sign-in" or "main".
    pub fn screen_name(&self) -> &'static str {
        match self.screen {
            Screen::Create(_) => "create",
            Screen::Unlock(_) => "unlock",
            Screen::SignIn(_) => "sign-in",
            Screen::Main => "main",
        }
    }

    /// The message on the current screen, if any.
    pub fn message(&self) -> Option<String> {
        match &self.screen {
            Screen::Unlock(s) => s.message().map(|m| m.text().to_string()),
            Screen::SignIn(s) => s.message().map(|m| m.text().to_string()),
            Screen::Main => self
                .session
                .as_ref()?
                .status
                .as_ref()
                .map(|m| m.text().to_string()),
            Screen::Create(_) => None,
        }
    }

    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    pub fn needs_redraw(&self) -> bool {
        self.dirty || self.drawn_minute != Some(self.clock.now().timestamp() / 60)
    }

    /// Test support only (feature `test-support`, never in the app): the open store, to set
    /// up conditions such as a full disk.
    #[cfg(feature = "test-support")]
    pub fn with_store_for_tests<R>(
        &mut self,
        f: impl FnOnce(&mut crate::store::Store) -> R,
    ) -> Option<R> {
        self.session.as_mut().map(|s| f(&mut s.store))
    }

    /// The Handover pane, for tests.
    pub fn handover(&self) -> Option<&HandoverPane> {
        self.session.as_ref()?.panes.handover.as_ref()
    }

    /// The Reports pane, for tests.
    pub fn reports(&self) -> Option<&ReportsPane> {
        self.session.as_ref()?.panes.reports.as_ref()
    }

    /// The Intake pane, for tests.
    pub fn intake(&self) -> Option<&IntakePane> {
        self.session.as_ref()?.panes.intake.as_ref()
    }

    /// The Plans pane, for tests.
    pub fn plans(&self) -> Option<&PlansPane> {
        self.session.as_ref()?.panes.plans.as_ref()
    }

    /// The Peers pane, for tests.
    pub fn peers(&self) -> Option<&PeersPane> {
        self.session.as_ref()?.panes.peers.as_ref()
    }
}
