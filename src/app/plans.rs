//! Carrying out the Plans pane's actions against the store: paging the list, opening a plan
//! (audited as a view, once per opening), saving versions, history and diffs, the take-away
//! copy (a 0600 file or the screen, audited as an export; or printed, audited as printed),
//! and keeping the open editor as a draft before the store closes.

use super::error::{AppError, AppResult};
use super::{App, Session};
use crate::store::StoreError;
use crate::ui::find::FindOverlay;
use crate::ui::panes::plans::list::PAGE;
use crate::ui::panes::plans::view::PlanView;
use crate::ui::panes::plans::{EditStart, PlansAction, PlansPane};
use crate::ui::panes::{PaneId, PaneView};
use crate::ui::safe;
use crate::ui::widgets::message::Message;
use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};

/// Loads the directory (for the editor's offers) and the first page of the list.
pub(super) fn new_pane(session: &Session, now: DateTime<Utc>) -> AppResult<PlansPane> {
    let mut pane = PlansPane::new(
        session.hours.tz,
        session.store.directory()?,
        export_dir(),
        session.print_command.is_some(),
    );
    reload(session, &mut pane, now)?;
    Ok(pane)
}

/// Where take-away copies are offered to go: the user's home folder, else the current one.
fn export_dir() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute() && p.is_dir())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

fn today(session: &Session, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&session.hours.tz).date_naive()
}

pub(super) fn reload(session: &Session, pane: &mut PlansPane, now: DateTime<Utc>) -> AppResult<()> {
    let (filter, overdue_first) = pane.list_query();
    let rows = session.store.plans_page(
        filter.as_deref(),
        overdue_first,
        None,
        PAGE,
        today(session, now),
    )?;
    pane.set_page(rows, true);
    let (total, overdue) = session
        .store
        .plan_counts(filter.as_deref(), today(session, now))?;
    pane.set_counts(total, overdue);
    Ok(())
}

impl App {
    pub(super) fn plans_action(&mut self, action: PlansAction) {
        let now = self.clock.now();
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(staff_id) = session.staff.as_ref().map(|s| s.id) else {
            return;
        };
        let Some(mut pane) = session.plans.take() else {
            return;
        };
        if let Err(e) = run(session, &mut pane, action, staff_id, now) {
            pane.refuse(e.to_string());
            if !pane.captures_input() {
                session.status = Some(Message::Error(e.to_string()));
            }
        }
        session.plans = Some(pane);
    }
}

/// Brings the Plans pane to the front with the person's plan open (or a new one started):
/// Intake's `c` and the visitor finder come here.
/// A record merged into another: a plan open on it closes, and the list is read again.
pub(super) fn forget_person(
    session: &mut Session,
    absorbed: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(mut plans) = session.plans.take() else {
        return Ok(());
    };
    if plans.open_person() == Some(absorbed) && plans.mode_name() == "plan" {
        plans.close_plan();
    }
    let reloaded = reload(session, &mut plans, now);
    session.plans = Some(plans);
    reloaded
}

pub(super) fn open_person(
    session: &mut Session,
    person_id: i64,
    staff_id: i64,
    now: DateTime<Utc>,
) {
    let Some(mut pane) = session.plans.take() else {
        return;
    };
    session.pane = PaneId::Plans;
    if let Err(e) = open(session, &mut pane, person_id, staff_id, now) {
        session.status = Some(Message::Error(e.to_string()));
    }
    session.plans = Some(pane);
}

/// Keeps what the open plan editor holds but has not saved as this staff member's draft, so
/// a lock, a quit or Ctrl-c loses nothing. Returns a warning if it could not be kept.
pub(super) fn keep_draft(session: &mut Session, now: DateTime<Utc>) -> Option<String> {
    let staff_id = session.staff.as_ref()?.id;
    let (person_id, content, meta) = session.plans.as_ref()?.draft_snapshot()?;
    match session
        .store
        .save_plan_draft(person_id, staff_id, &content, &meta, now)
    {
        Ok(()) => None,
        Err(e) => Some(format!(
            "The unsaved plan could not be kept as a draft: {e}"
        )),
    }
}

fn load_view(session: &Session, person_id: i64) -> AppResult<Option<PlanView>> {
    let Some(summary) = session.store.plan_for_person(person_id)? else {
        return Ok(None);
    };
    let current = session.store.latest_plan_version(summary.plan_id)?;
    let review = session.store.latest_plan_review(summary.plan_id)?;
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
    session: &mut Session,
    pane: &mut PlansPane,
    view: PlanView,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    session
        .store
        .record_plan_view(view.plan_id(), staff_id, now)?;
    session.needs_checkpoint = true;
    pane.show_plan(view);
    Ok(())
}

fn edit_start(
    session: &Session,
    pane: &PlansPane,
    person_id: i64,
    now: DateTime<Utc>,
) -> AppResult<EditStart> {
    let view = pane.open_view().filter(|v| v.person_id() == person_id);
    let visitor = match view {
        Some(v) => v.visitor(),
        None => safe(&session.store.person(person_id)?.label()),
    };
    Ok(EditStart {
        person_id,
        visitor,
        plan_id: view.map(PlanView::plan_id),
        base: view.map(|v| {
            let c = &v.current;
            (c.info.version, c.content.clone(), c.meta.clone())
        }),
        today: today(session, now),
        review_days: session.store.plan_review_days()?,
    })
}

/// Opens the person's plan, or starts a new one; a kept draft is offered either way.
fn open(
    session: &mut Session,
    pane: &mut PlansPane,
    person_id: i64,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let draft = session.store.plan_draft(person_id, staff_id)?;
    match load_view(session, person_id)? {
        Some(view) => {
            show_audited(session, pane, view, staff_id, now)?;
            if draft.is_some() {
                let start = edit_start(session, pane, person_id, now)?;
                pane.start_edit(start, draft);
            }
        }
        None => {
            pane.close_plan();
            let start = edit_start(session, pane, person_id, now)?;
            pane.start_edit(start, draft);
        }
    }
    Ok(())
}

fn run(
    session: &mut Session,
    pane: &mut PlansPane,
    action: PlansAction,
    staff_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    match action {
        PlansAction::Reload => reload(session, pane, now)?,
        PlansAction::More(after) => {
            let (filter, overdue_first) = pane.list_query();
            let rows = session.store.plans_page(
                filter.as_deref(),
                overdue_first,
                Some(&after),
                PAGE,
                today(session, now),
            )?;
            pane.set_page(rows, false);
        }
        PlansAction::Open(person_id) => open(session, pane, person_id, staff_id, now)?,
        PlansAction::Edit(person_id) => {
            if pane.open_person() != Some(person_id) {
                // From the list: the editor shows the plan, so this opening is a view too.
                match load_view(session, person_id)? {
                    Some(view) => show_audited(session, pane, view, staff_id, now)?,
                    None => pane.close_plan(),
                }
            }
            let start = edit_start(session, pane, person_id, now)?;
            let draft = session.store.plan_draft(person_id, staff_id)?;
            pane.start_edit(start, draft);
        }
        PlansAction::FindPerson => {
            session.finder = Some(FindOverlay::titled("Whose plan? Find the visitor"));
            session.find_for_plan = true;
        }
        PlansAction::Save {
            person_id,
            content,
            meta,
            follow_up_calls,
        } => {
            let (plan_id, _version) = session
                .store
                .save_plan_version(person_id, &content, &meta, staff_id, now)?;
            session.saved(now);
            if follow_up_calls {
                let owner = session
                    .staff
                    .as_ref()
                    .map_or(String::new(), |s| s.name.clone());
                let added = session
                    .store
                    .add_plan_follow_up_calls(person_id, &owner, staff_id, now)?;
                let local = now.with_timezone(&session.hours.tz).format("%H:%M:%S");
                session.status = Some(Message::Info(if added > 0 {
                    format!("Saved {local} · {added} follow-up calls")
                } else {
                    format!("Saved {local} · no visit for calls")
                }));
            }
            if let Some(view) = load_view(session, person_id)? {
                pane.show_plan(view);
            }
            reload(session, pane, now)?;
            pane.select_plan(plan_id);
        }
        PlansAction::ReviewUnchanged(plan_id) => {
            let person_id = pane.open_person().ok_or(StoreError::NotFound)?;
            session
                .store
                .review_plan_unchanged(plan_id, staff_id, now)?;
            session.saved(now);
            if let Some(view) = load_view(session, person_id)? {
                pane.show_plan(view);
            }
            reload(session, pane, now)?;
        }
        PlansAction::DiscardDraft(person_id) => {
            session.store.discard_plan_draft(person_id, staff_id)?;
        }
        PlansAction::History(plan_id) => {
            let versions = session.store.plan_versions(plan_id)?;
            pane.show_history(plan_id, versions);
            pane.set_merged_versions(session.store.merged_plan_versions(plan_id)?);
        }
        PlansAction::CompareMerged {
            plan_id,
            from_person,
            from_plan,
            version,
        } => {
            let from = session.store.plan_version(from_plan, version)?;
            let to = session.store.latest_plan_version(plan_id)?;
            let diff = crate::domain::plan::diff(&from.content, &from.meta, &to.content, &to.meta);
            pane.show_merged_diff(from_person, from.info, to.info, diff);
        }
        PlansAction::Compare { plan_id, from, to } => {
            let diff = session.store.plan_version_diff(plan_id, from, to)?;
            pane.show_diff(from, to, diff);
        }
        PlansAction::Export {
            plan_id,
            path,
            text,
        } => {
            let path = expand_home(&path);
            write_take_away(&path, &text).map_err(AppError::File)?;
            if let Err(e) = session.store.record_plan_export(plan_id, staff_id, now) {
                // Not audited, so not kept.
                let _ = std::fs::remove_file(&path);
                return Err(e.into());
            }
            session.needs_checkpoint = true;
            let local = now.with_timezone(&session.hours.tz);
            session.status = Some(Message::Info(format!(
                "Copy written {}, NOT encrypted: {}",
                local.format("%H:%M:%S"),
                safe(&path.to_string_lossy())
            )));
            pane.exported();
        }
        PlansAction::Print { plan_id, text } => {
            let program = session
                .print_command
                .clone()
                .ok_or_else(|| AppError::Print(crate::ui::PRINTING_NOT_AVAILABLE.into()))?;
            // Recorded before it is sent: paper cannot be taken back.
            session.store.record_plan_print(plan_id, staff_id, now)?;
            session.needs_checkpoint = true;
            super::print::print(&program, &text).map_err(AppError::Print)?;
            let local = now.with_timezone(&session.hours.tz);
            session.status = Some(Message::Info(format!(
                "Sent to the printer {}: collect it now, paper is NOT encrypted",
                local.format("%H:%M:%S")
            )));
            pane.exported();
        }
        PlansAction::ShowCopy(plan_id) => {
            session.store.record_plan_export(plan_id, staff_id, now)?;
            session.needs_checkpoint = true;
            pane.show_copy();
        }
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
