//! What a pane's runner is given ([`Ctx`]) and what it gives back ([`Effect`]): the shape of
//! `app/admin.rs` for every pane. A runner (`app/<pane>.rs`) carries out its pane's action
//! against the store and loads what the pane shows; everything beyond its own pane (the status
//! line, which pane is in front, another pane, the session's copies of the settings) comes back
//! as data, and `Session::apply` (`app/mount.rs`) carries it out, in order. So no runner calls
//! another, and none reaches into the session.

use crate::domain::shift::ServiceHours;
use crate::domain::staff::StaffMember;
use crate::store::Store;
use crate::ui::panes::PaneId;
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Duration, Utc};
use std::path::Path;

/// What a runner may use while it carries out one action for the signed-in staff member.
pub(super) struct Ctx<'a> {
    pub store: &'a mut Store,
    pub hours: &'a ServiceHours,
    pub staff: &'a StaffMember,
    /// The session's wrong PINs (asked again for a sign-off or an admin change: sign-in's
    /// back-off).
    pub pin_failures: &'a mut Vec<DateTime<Utc>>,
    /// What copies are printed through, if anything.
    pub print_command: Option<&'a Path>,
    pub now: DateTime<Utc>,
}

impl Ctx<'_> {
    pub fn staff_id(&self) -> i64 {
        self.staff.id
    }

    /// "19:30:02" in the service's time zone.
    pub fn stamp(&self) -> String {
        self.now
            .with_timezone(&self.hours.tz)
            .format("%H:%M:%S")
            .to_string()
    }
}

/// One thing a runner asks of the app beyond its own pane.
pub(super) enum Effect {
    /// A transaction committed: "Saved hh:mm:ss" on the status line (with `note` after a
    /// " · "), and a checkpoint when the app is next idle.
    Saved { note: Option<String> },
    /// A transaction committed that says so in its own words (a checkpoint when idle).
    Wrote,
    /// A line on the status bar.
    Status(Message),
    /// Bring this pane to the front.
    ShowPane(PaneId),
    /// Open the finder (Ctrl-f) to choose whose plan to open, rather than whose visits.
    FindWhosePlan,
    /// The line above every pane while a handover waits for acknowledgement.
    Banner(Option<String>),
    /// The service hours changed (Administration): the session's copy.
    Hours(ServiceHours),
    /// The auto-lock interval changed (Administration).
    AutoLock(Duration),
    /// Open the Administration screen over the Reports pane (refused in the pane in front if
    /// it cannot be loaded).
    OpenAdmin,
    /// The Administration screen closed.
    CloseAdmin,
    /// Open the assignment form in Peers for this visit, and show Peers.
    StartAssignment { person_id: i64, visit_id: i64 },
    /// Show this person's plan (or a new one) in Plans.
    OpenPlan { person_id: i64 },
    /// Two records became one: a plan open on the absorbed record closes and the Plans list
    /// is read again (the absorbed plan is in the kept record's history now).
    PersonMerged { absorbed: i64 },
}

/// "Saved hh:mm:ss", the usual answer to a write.
pub(super) fn saved() -> Effect {
    Effect::Saved { note: None }
}
