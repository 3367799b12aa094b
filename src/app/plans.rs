//! Carrying out the Plans pane's actions against the store: paging the list, opening a plan
//! (audited as a view, once per opening), saving versions, history and diffs, the take-away
//! copy (a 0600 file or the screen, audited as an export; or printed, audited as printed),
//! and keeping the open editor as a draft before the store closes.

use super::effects::{Ctx, Effect, saved};
use super::error::{AppError, AppResult};
use super::mount::{Mount, tell_unless_typing};
use crate::domain::plan::{PlanContent, PlanMeta};
use crate::store::StoreError;
use crate::ui::panes::PaneId;
use crate::ui::panes::plans::list::PAGE;
use crate::ui::panes::plans::view::PlanView;
use crate::ui::panes::plans::{EditStart, PlansAction, PlansPane};
use crate::ui::safe;
use crate::ui::widgets::message::Message;
use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};

impl Mount for PlansPane {
    /// The directory (for the editor's offers) and the first page of the list. Not the
    /// counts in its title: they read every plan, which the board drawn at sign-in does not
    /// need, so they are taken when the pane is first brought to the front or the app is
    /// first idle, whichever comes first (until then the title counts the rows loaded).
    fn open(ctx: &mut Ctx, _fx: &mut Vec<Effect>) -> AppResult<PlansPane> {
        let mut pane = PlansPane::new(
            ctx.hours.tz,
            ctx.store.directory()?,
            export_dir(),
            ctx.print_command.is_some(),
        );
        reload_page(ctx, &mut pane, ctx.now)?;
        Ok(pane)
    }

    fn entered(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) {
        if !self.has_counts() {
            take_counts(ctx, self, fx);
        }
    }

    fn idle(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) -> bool {
        self.idle_wants_counts() && take_counts(ctx, self, fx)
    }

    fn run(&mut self, ctx: &mut Ctx, action: PlansAction, fx: &mut Vec<Effect>) -> AppResult<()> {
        run(ctx, self, action, fx)
    }

    fn refused(&mut self, text: String, fx: &mut Vec<Effect>) {
        self.refuse(text.clone());
        tell_unless_typing(self, text, fx);
    }

    fn reload(&mut self, ctx: &mut Ctx, _fx: &mut Vec<Effect>) {
        let _ = reload(ctx, self, ctx.now);
    }

    fn receive(&mut self, ctx: &mut Ctx, effect: &Effect, fx: &mut Vec<Effect>) -> AppResult<()> {
        match *effect {
            // Intake's `c` and the visitor finder: Plans in front with the person's plan open
            // (or a new one started).
            Effect::OpenPlan { person_id } => {
                fx.push(Effect::ShowPane(PaneId::Plans));
                open(ctx, self, person_id, fx)
            }
            // A record merged into another: a plan open on it closes, and the list is read
            // again.
            Effect::PersonMerged { absorbed } => {
                if self.open_person() == Some(absorbed) && self.mode_name() == "plan" {
                    self.close_plan();
                }
                reload(ctx, self, ctx.now)
            }
            _ => Ok(()),
        }
    }
}

/// Where take-away copies are offered to go: the user's home folder, else the current one.
fn export_dir() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute() && p.is_dir())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

fn today(ctx: &Ctx, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&ctx.hours.tz).date_naive()
}

/// The list's first page and the counts in its title, for its filter as it is now.
pub(super) fn reload(ctx: &Ctx, pane: &mut PlansPane, now: DateTime<Utc>) -> AppResult<()> {
    reload_page(ctx, pane, now)?;
    load_counts(ctx, pane, now)
}

fn reload_page(ctx: &Ctx, pane: &mut PlansPane, now: DateTime<Utc>) -> AppResult<()> {
    let (filter, overdue_first) = pane.list_query();
    let rows = ctx.store.plans_page(
        filter.as_deref(),
        overdue_first,
        None,
        PAGE,
        today(ctx, now),
    )?;
    pane.set_page(rows, true);
    Ok(())
}

/// The title's counts, taken when first wanted. A failure is said on the status line and
/// not tried again by the idle tick (each try reads every plan). Returns true: the title or
/// the status line changed.
fn take_counts(ctx: &Ctx, pane: &mut PlansPane, fx: &mut Vec<Effect>) -> bool {
    if let Err(e) = load_counts(ctx, pane, ctx.now) {
        pane.counts_failed();
        fx.push(Effect::Status(Message::Error(e.to_string())));
    }
    true
}

fn load_counts(ctx: &Ctx, pane: &mut PlansPane, now: DateTime<Utc>) -> AppResult<()> {
    let (filter, _) = pane.list_query();
    let (total, overdue) = ctx.store.plan_counts(filter.as_deref(), today(ctx, now))?;
    pane.set_counts(total, overdue);
    Ok(())
}

fn load_view(ctx: &Ctx, person_id: i64) -> AppResult<Option<PlanView>> {
    let Some(summary) = ctx.store.plan_for_person(person_id)? else {
        return Ok(None);
    };
    let current = ctx.store.latest_plan_version(summary.plan_id)?;
    let review = ctx.store.latest_plan_review(summary.plan_id)?;
    Ok(Some(PlanView {
        summary,
        current,
        review,
        confirming_review: false,
        scroll: Default::default(),
    }))
}

/// Shows the plan read-only, audited as one view.
fn show_audited(
    ctx: &mut Ctx,
    pane: &mut PlansPane,
    view: PlanView,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    ctx.store.record_plan_view(view.plan_id(), staff_id, now)?;
    fx.push(Effect::Wrote);
    pane.show_plan(view);
    Ok(())
}

fn edit_start(
    ctx: &Ctx,
    pane: &PlansPane,
    person_id: i64,
    now: DateTime<Utc>,
) -> AppResult<EditStart> {
    let view = pane.open_view().filter(|v| v.person_id() == person_id);
    let visitor = match view {
        Some(v) => v.visitor(),
        None => safe(&ctx.store.person(person_id)?.label()),
    };
    Ok(EditStart {
        person_id,
        visitor,
        plan_id: view.map(PlanView::plan_id),
        base: view.map(|v| {
            let c = &v.current;
            (c.info.version, c.content.clone(), c.meta.clone())
        }),
        today: today(ctx, now),
        review_days: ctx.store.plan_review_days()?,
    })
}

/// Opens the person's plan, or starts a new one; a kept draft is offered either way.
fn open(
    ctx: &mut Ctx,
    pane: &mut PlansPane,
    person_id: i64,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    let draft = ctx.store.plan_draft(person_id, staff_id)?;
    match load_view(ctx, person_id)? {
        Some(view) => {
            show_audited(ctx, pane, view, fx)?;
            if draft.is_some() {
                let start = edit_start(ctx, pane, person_id, now)?;
                pane.start_edit(start, draft);
            }
        }
        None => {
            pane.close_plan();
            let start = edit_start(ctx, pane, person_id, now)?;
            pane.start_edit(start, draft);
        }
    }
    Ok(())
}

fn run(
    ctx: &mut Ctx,
    pane: &mut PlansPane,
    action: PlansAction,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    match action {
        PlansAction::Reload => reload(ctx, pane, now)?,
        PlansAction::More(after) => {
            let (filter, overdue_first) = pane.list_query();
            let rows = ctx.store.plans_page(
                filter.as_deref(),
                overdue_first,
                Some(&after),
                PAGE,
                today(ctx, now),
            )?;
            pane.set_page(rows, false);
        }
        PlansAction::Open(person_id) => open(ctx, pane, person_id, fx)?,
        PlansAction::Edit(person_id) => {
            if pane.open_person() != Some(person_id) {
                // From the list: the editor shows the plan, so this opening is a view too.
                match load_view(ctx, person_id)? {
                    Some(view) => show_audited(ctx, pane, view, fx)?,
                    None => pane.close_plan(),
                }
            }
            let start = edit_start(ctx, pane, person_id, now)?;
            let draft = ctx.store.plan_draft(person_id, staff_id)?;
            pane.start_edit(start, draft);
        }
        PlansAction::FindPerson => fx.push(Effect::FindWhosePlan),
        PlansAction::Save {
            person_id,
            content,
            meta,
            follow_up_calls,
        } => save_version(ctx, pane, person_id, (&content, &meta), follow_up_calls, fx)?,
        PlansAction::ReviewUnchanged(plan_id) => {
            let person_id = pane.open_person().ok_or(StoreError::NotFound)?;
            ctx.store.review_plan_unchanged(plan_id, staff_id, now)?;
            fx.push(saved());
            if let Some(view) = load_view(ctx, person_id)? {
                pane.show_plan(view);
            }
            reload(ctx, pane, now)?;
        }
        PlansAction::DiscardDraft(person_id) => {
            ctx.store.discard_plan_draft(person_id, staff_id)?;
        }
        PlansAction::History(plan_id) => {
            let versions = ctx.store.plan_versions(plan_id)?;
            pane.show_history(plan_id, versions);
            pane.set_merged_versions(ctx.store.merged_plan_versions(plan_id)?);
        }
        PlansAction::CompareMerged {
            plan_id,
            from_person,
            from_plan,
            version,
        } => {
            let from = ctx.store.plan_version(from_plan, version)?;
            let to = ctx.store.latest_plan_version(plan_id)?;
            let diff = crate::domain::plan::diff(&from.content, &from.meta, &to.content, &to.meta);
            pane.show_merged_diff(from_person, from.info, to.info, diff);
        }
        PlansAction::Compare { plan_id, from, to } => {
            let diff = ctx.store.plan_version_diff(plan_id, from, to)?;
            pane.show_diff(from, to, diff);
        }
        copy => run_take_away(ctx, pane, copy, fx)?,
    }
    Ok(())
}

/// The take-away copy: a 0600 file, the printer, or the screen; each audited.
fn run_take_away(
    ctx: &mut Ctx,
    pane: &mut PlansPane,
    action: PlansAction,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    match action {
        PlansAction::Export {
            plan_id,
            path,
            text,
        } => {
            let path = expand_home(&path);
            write_take_away(&path, &text).map_err(AppError::File)?;
            if let Err(e) = ctx.store.record_plan_export(plan_id, staff_id, now) {
                // Not audited, so not kept.
                let _ = std::fs::remove_file(&path);
                return Err(e.into());
            }
            fx.push(Effect::Wrote);
            let local = now.with_timezone(&ctx.hours.tz);
            fx.push(Effect::Status(Message::Info(format!(
                "Copy written {}, NOT encrypted: {}",
                local.format("%H:%M:%S"),
                safe(&path.to_string_lossy())
            ))));
            pane.exported();
        }
        PlansAction::Print { plan_id, text } => {
            let program = ctx
                .print_command
                .ok_or_else(|| AppError::Print(crate::ui::PRINTING_NOT_AVAILABLE.into()))?;
            // Recorded before it is sent: paper cannot be taken back.
            ctx.store.record_plan_print(plan_id, staff_id, now)?;
            fx.push(Effect::Wrote);
            super::print::print(program, &text).map_err(AppError::Print)?;
            let local = now.with_timezone(&ctx.hours.tz);
            fx.push(Effect::Status(Message::Info(format!(
                "Sent to the printer {}: collect it now, paper is NOT encrypted",
                local.format("%H:%M:%S")
            ))));
            pane.exported();
        }
        PlansAction::ShowCopy(plan_id) => {
            ctx.store.record_plan_export(plan_id, staff_id, now)?;
            fx.push(Effect::Wrote);
            pane.show_copy();
        }
        _ => {}
    }
    Ok(())
}

/// "~/x.txt" means the user's home, as people type it.
fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_path_buf(),
    }
}

/// Writes the copy to a new file only its owner can read (0600); never replaces a file.
fn write_take_away(path: &Path, text: &str) -> Result<(), String> {
    use std::io::ErrorKind;
    super::files::write_private_new(path, text.as_bytes()).map_err(|e| match e.kind() {
        ErrorKind::AlreadyExists => {
            "Something with that name already exists; choose another name (nothing was \
                 written)."
                .to_string()
        }
        ErrorKind::NotFound => "That folder does not exist; choose another place.".into(),
        ErrorKind::PermissionDenied => {
            "This user may not write there; choose another place.".into()
        }
        _ => format!(
            "The file could not be written: {}.",
            super::files::io_words(&e)
        ),
    })
}

/// A new version of the person's plan (and, if asked, follow-up calls for their visit).
fn save_version(
    ctx: &mut Ctx,
    pane: &mut PlansPane,
    person_id: i64,
    (content, meta): (&PlanContent, &PlanMeta),
    follow_up_calls: bool,
    fx: &mut Vec<Effect>,
) -> AppResult<()> {
    let (staff_id, now) = (ctx.staff_id(), ctx.now);
    let (plan_id, _version) = ctx
        .store
        .save_plan_version(person_id, content, meta, staff_id, now)?;
    if follow_up_calls {
        fx.push(saved());
        let owner = ctx.staff.name.clone();
        let added = ctx
            .store
            .add_plan_follow_up_calls(person_id, &owner, staff_id, now)?;
        fx.push(Effect::Saved {
            note: Some(if added > 0 {
                format!("{added} follow-up calls")
            } else {
                "no visit for calls".to_string()
            }),
        });
    } else {
        fx.push(saved());
    }
    if let Some(view) = load_view(ctx, person_id)? {
        pane.show_plan(view);
    }
    reload(ctx, pane, now)?;
    pane.select_plan(plan_id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_copy_is_written_0600_and_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.txt");
        write_take_away(&path, "My crisis prevention plan\n").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let again = write_take_away(&path, "other").unwrap_err();
        assert!(again.contains("already exists"), "{again}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "My crisis prevention plan\n"
        );
        let missing = write_take_away(&dir.path().join("no/such/plan.txt"), "x").unwrap_err();
        assert!(missing.contains("folder does not exist"), "{missing}");
    }
}
