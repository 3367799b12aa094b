//! Carrying out the Reports pane's actions: building a period's report from the store, and
//! rebuilding it when the pane comes back to the front only if the records changed meanwhile
//! (so switching panes stays within the keystroke budget).

use super::{App, Session};
use crate::ui::panes::reports::{ReportsAction, ReportsPane};
use chrono::{DateTime, Utc};

pub(super) fn new_pane(session: &Session, now: DateTime<Utc>) -> ReportsPane {
    ReportsPane::new(session.hours.clone(), now)
}

impl App {
    pub(super) fn reports_action(&mut self, action: ReportsAction) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(pane) = &mut session.reports else {
            return;
        };
        // Every row this connection has written: the TUI is the only writer while it runs.
        let version = session.store.connection().total_changes();
        let period = match action {
            ReportsAction::OpenAdmin => {
                match super::admin::new_screen(&session.store) {
                    Ok(screen) => session.admin = Some(screen),
                    Err(e) => pane.refuse(e.to_string()),
                }
                return;
            }
            ReportsAction::Load(period) => period,
            ReportsAction::Refresh if pane.built_from == Some(version) => return,
            ReportsAction::Refresh => pane.period().clone(),
        };
        match session.store.report_for(&period) {
            Ok(report) => {
                pane.show(report);
                pane.built_from = Some(version);
            }
            Err(e) => pane.refuse(e.to_string()),
        }
    }
}
