//! What an action in one pane asks of another pane: returned as data by the pane's runner and
//! carried out here, so no pane module calls another (the shape of `app/admin.rs`).

use super::App;
use crate::ui::widgets::message::Message;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Effect {
    /// Open the assignment form in Peers for this visit, and show Peers.
    StartAssignment { person_id: i64, visit_id: i64 },
    /// Show this person's plan (or a new one) in Plans.
    OpenPlan { person_id: i64 },
    /// Two records became one: a plan open on the absorbed record closes and the Plans list
    /// is read again (the absorbed plan is in the kept record's history now).
    PersonMerged { absorbed: i64 },
}

impl App {
    /// Carries out `effects` in order; a failure shows on the status line.
    pub(super) fn apply(&mut self, effects: Vec<Effect>) {
        let now = self.clock.now();
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(staff_id) = session.staff.as_ref().map(|s| s.id) else {
            return;
        };
        for effect in effects {
            let done = match effect {
                Effect::StartAssignment {
                    person_id,
                    visit_id,
                } => super::peers::start_assignment_from_visit(session, person_id, visit_id, now),
                Effect::OpenPlan { person_id } => {
                    super::plans::open_person(session, person_id, staff_id, now);
                    Ok(())
                }
                Effect::PersonMerged { absorbed } => {
                    super::plans::forget_person(session, absorbed, now)
                }
            };
            if let Err(e) = done {
                session.status = Some(Message::Error(e.to_string()));
            }
        }
    }
}
