//! Carrying out the Reports pane's actions: building a period's report from the store, and
//! rebuilding it when the pane comes back to the front only if the records changed meanwhile
//! (so switching panes stays within the keystroke budget).

use super::effects::{Ctx, Effect};
use super::error::AppResult;
use super::mount::Mount;
use crate::ui::panes::reports::{ReportsAction, ReportsPane};

impl Mount for ReportsPane {
    /// The pane with this shift's report built.
    fn open(ctx: &mut Ctx, fx: &mut Vec<Effect>) -> AppResult<ReportsPane> {
        let mut pane = ReportsPane::new(ctx.hours.clone(), ctx.now);
        let action = ReportsPane::reload(&pane);
        pane.carry_out(ctx, action, fx);
        Ok(pane)
    }

    fn run(&mut self, ctx: &mut Ctx, action: ReportsAction, fx: &mut Vec<Effect>) -> AppResult<()> {
        // Every row this connection has written: the TUI is the only writer while it runs.
        let version = ctx.store.connection().total_changes();
        let period = match action {
            ReportsAction::OpenAdmin => {
                fx.push(Effect::OpenAdmin);
                return Ok(());
            }
            ReportsAction::Load(period) => period,
            ReportsAction::Refresh if self.built_from == Some(version) => return Ok(()),
            ReportsAction::Refresh => self.period().clone(),
        };
        let report = ctx.store.report_for(&period)?;
        self.show(report);
        self.built_from = Some(version);
        Ok(())
    }

    fn refused(&mut self, text: String, _fx: &mut Vec<Effect>) {
        self.refuse(text);
    }

    fn reload(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) {
        let action = ReportsPane::reload(self);
        self.carry_out(ctx, action, fx);
    }
}
