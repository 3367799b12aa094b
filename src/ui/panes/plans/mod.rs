//! Pane 2, Plans: crisis prevention plans, one per visitor. The list of every plan (paged,
//! filtered, overdue reviews flagged in words), a plan read-only, the editor (every save a new
//! immutable version), the history of versions with what changed between any two, and the
//! take-away copy. The pane holds view and form state and turns keys into [`PlansAction`]s;
//! the app carries them out against the store and hands back what it loaded.

mod bindings;
mod drafts;
mod draw;
mod editor;
pub mod export;
pub mod history;
mod keys;
mod lines;
pub mod list;
mod service_picker;
pub mod view;
mod view_bindings;

pub use editor::EditStart;

use super::{Pane, PaneView, TypedRun};
use crate::domain::plan::{
    PlanContent, PlanCursor, PlanDiff, PlanDraft, PlanListRow, PlanMeta, VersionInfo, to_plain_text,
};
use crate::domain::visit::DirectoryEntry;
use crate::ui::help::HelpRow;
use crate::ui::keys::ListMove;
use crate::ui::theme::Theme;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::KeyEvent;
use editor::Editor;
use export::{ExportForm, Printed};
use history::{DiffView, History};
use list::PlanList;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::path::PathBuf;
use view::PlanView;

#[derive(Debug, Clone, PartialEq)]
pub enum PlansAction {
    /// The filter or the order changed: load the first page again.
    Reload,
    /// Load the page after this row.
    More(PlanCursor),
    /// Open the person's plan (audited as a view), or start one if they have none.
    Open(i64),
    /// Edit the person's plan, offering a kept draft first.
    Edit(i64),
    /// Choose a visitor, to open or start their plan.
    FindPerson,
    /// Save a new version.
    Save {
        person_id: i64,
        content: Box<PlanContent>,
        meta: PlanMeta,
        /// Arrange the follow-up calls `plan::follow_up_calls` offers.
        follow_up_calls: bool,
    },
    /// Forget this staff member's kept draft of the person's plan.
    DiscardDraft(i64),
    /// The plan's versions.
    History(i64),
    Compare {
        plan_id: i64,
        from: u32,
        to: u32,
    },
    /// A version merged from another record's plan against this plan's latest.
    CompareMerged {
        plan_id: i64,
        from_person: i64,
        from_plan: i64,
        version: u32,
    },
    /// Write the take-away copy to a file (audited as an export).
    Export {
        plan_id: i64,
        path: PathBuf,
        text: String,
    },
    /// Show the take-away copy on screen (audited as an export).
    ShowCopy(i64),
    /// Send the take-away copy to the print command (audited as printed).
    Print {
        plan_id: i64,
        text: String,
    },
    /// "Reviewed with the visitor, no changes": the next review date moves on, no version.
    ReviewUnchanged(i64),
}

enum Mode {
    List,
    /// The open plan, read-only.
    View,
    Edit(Box<Editor>),
    DraftOffer {
        start: Box<EditStart>,
        draft: Box<PlanDraft>,
    },
    History(Box<History>),
    Diff {
        history: Box<History>,
        diff: Box<DiffView>,
    },
    Export(Box<ExportForm>),
    Copy(Box<Printed>),
}

pub struct PlansPane {
    tz: Tz,
    directory: Vec<DirectoryEntry>,
    /// Where take-away copies are offered to go (the user's home, else the current folder).
    export_dir: PathBuf,
    /// The computer has a print command, so the take-away form offers printing.
    can_print: bool,
    list: PlanList,
    /// The plan being looked at, if one is open.
    open: Option<Box<PlanView>>,
    mode: Mode,
}

impl PlansPane {
    pub fn new(
        tz: Tz,
        directory: Vec<DirectoryEntry>,
        export_dir: PathBuf,
        can_print: bool,
    ) -> Self {
        PlansPane {
            tz,
            directory,
            export_dir,
            can_print,
            list: PlanList::default(),
            open: None,
            mode: Mode::List,
        }
    }

    fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.tz).date_naive()
    }

    // ----- what the app reads -----

    /// The list's filter and order, as the store takes them.
    pub fn list_query(&self) -> (Option<String>, bool) {
        (self.list.filter_text(), self.list.overdue_first)
    }

    pub fn rows(&self) -> &[PlanListRow] {
        self.list.rows.rows()
    }

    pub fn selected_row(&self) -> Option<&PlanListRow> {
        self.list.selected_row()
    }

    /// The person whose plan is open, if one is.
    pub fn open_person(&self) -> Option<i64> {
        self.open.as_ref().map(|v| v.person_id())
    }

    /// The open plan, if one is.
    pub fn open_view(&self) -> Option<&PlanView> {
        self.open.as_deref()
    }

    /// The open plan's latest version number, for tests.
    pub fn open_version(&self) -> Option<u32> {
        self.open.as_ref().map(|v| v.current.info.version)
    }

    /// The open editor's content as typed, if it has unsaved changes: kept as a draft when
    /// the app locks or quits.
    pub fn draft_snapshot(&self) -> Option<(i64, PlanContent, PlanMeta, String)> {
        match &self.mode {
            Mode::Edit(e) if e.has_changes() => {
                let (content, meta) = e.snapshot();
                Some((e.person_id(), content, meta, e.focused_label()))
            }
            _ => None,
        }
    }

    /// The name of what is shown, for tests.
    pub fn mode_name(&self) -> &'static str {
        match self.mode {
            Mode::List if self.list.filtering => "filter",
            Mode::List => "list",
            Mode::View => "plan",
            Mode::Edit(_) => "edit",
            Mode::DraftOffer { .. } => "draft-offer",
            Mode::History(_) => "history",
            Mode::Diff { .. } => "diff",
            Mode::Export(_) => "export",
            Mode::Copy(_) => "copy",
        }
    }

    // ----- what the app hands back -----

    pub fn set_page(&mut self, rows: Vec<PlanListRow>, first: bool) {
        self.list.set_page(rows, first);
    }

    /// Whether the title's counts have been taken (they are not at sign-in).
    pub fn has_counts(&self) -> bool {
        self.list.counts.is_some()
    }

    /// Whether the idle tick should take the title's counts: not taken yet, and not failed.
    pub fn idle_wants_counts(&self) -> bool {
        !self.has_counts() && !self.list.counts_failed
    }

    /// Taking the title's counts failed; the idle tick leaves them until the pane is shown.
    pub fn counts_failed(&mut self) {
        self.list.counts_failed = true;
    }

    /// How many plans the list holds in all, and how many are overdue.
    pub fn set_counts(&mut self, total: usize, overdue: usize) {
        self.list.counts_failed = false;
        self.list.counts = Some((total, overdue));
    }

    pub fn select_plan(&mut self, plan_id: i64) {
        self.list.select_plan(plan_id);
    }

    /// Shows a plan read-only (after opening it, or after a save).
    pub fn show_plan(&mut self, view: PlanView) {
        self.open = Some(Box::new(view));
        self.mode = Mode::View;
    }

    /// Closes any open plan and shows the list (before starting someone else's new plan).
    pub fn close_plan(&mut self) {
        self.open = None;
        self.mode = Mode::List;
    }

    /// Opens the editor, or first offers the kept draft if there is one.
    pub fn start_edit(&mut self, start: EditStart, draft: Option<PlanDraft>) {
        self.mode = match draft {
            Some(draft) => Mode::DraftOffer {
                start: Box::new(start),
                draft: Box::new(draft),
            },
            None => Mode::Edit(Box::new(Editor::new(start, None))),
        };
    }

    pub fn show_history(&mut self, plan_id: i64, versions: Vec<VersionInfo>) {
        let visitor = self.open.as_ref().map(|v| v.visitor()).unwrap_or_default();
        self.mode = Mode::History(Box::new(History::new(plan_id, visitor, versions)));
    }

    /// Versions of plans merged into the one whose history is on show.
    pub fn set_merged_versions(&mut self, merged: Vec<(i64, i64, VersionInfo)>) {
        if let Mode::History(h) = &mut self.mode {
            h.merged = merged;
        }
    }

    /// A merged version (of record `from_record`) against this plan's latest.
    pub fn show_merged_diff(
        &mut self,
        from_record: i64,
        from: VersionInfo,
        to: VersionInfo,
        diff: PlanDiff,
    ) {
        let Mode::History(history) = std::mem::replace(&mut self.mode, Mode::List) else {
            return;
        };
        let diff = DiffView {
            from_record: Some(from_record),
            visitor: history.visitor.clone(),
            from,
            to,
            diff,
            scroll: Default::default(),
        };
        self.mode = Mode::Diff {
            history,
            diff: Box::new(diff),
        };
    }

    pub fn show_diff(&mut self, from: u32, to: u32, diff: PlanDiff) {
        let Mode::History(history) = std::mem::replace(&mut self.mode, Mode::List) else {
            return;
        };
        let info = |v: u32| history.versions.iter().find(|i| i.version == v).cloned();
        let (Some(from), Some(to)) = (info(from), info(to)) else {
            self.mode = Mode::History(history);
            return;
        };
        let diff = DiffView {
            from_record: None,
            visitor: history.visitor.clone(),
            from,
            to,
            diff,
            scroll: Default::default(),
        };
        self.mode = Mode::Diff {
            history,
            diff: Box::new(diff),
        };
    }

    /// The take-away copy of the open plan, as plain text.
    fn take_away_text(&self) -> Option<(i64, String)> {
        let view = self.open.as_ref()?;
        let v = &view.current;
        let saved_on = v.info.saved_at.with_timezone(&self.tz).date_naive();
        let text = to_plain_text(
            &v.content,
            &v.meta,
            &view.summary.visitor,
            v.info.version,
            saved_on,
        );
        Some((view.plan_id(), text))
    }

    /// The export was audited: show the copy on screen.
    pub fn show_copy(&mut self) {
        if let Some((_, text)) = self.take_away_text() {
            self.mode = Mode::Copy(Box::new(Printed {
                text,
                scroll: Default::default(),
            }));
        }
    }

    /// The file was written (or the copy printed) and audited: back to the plan.
    pub fn exported(&mut self) {
        self.mode = Mode::View;
    }

    /// Something was refused: the open form or list says why and keeps what was typed.
    pub fn refuse(&mut self, message: String) {
        match &mut self.mode {
            Mode::Edit(e) => e.refuse(message),
            Mode::Export(f) => {
                f.message = Some(crate::ui::widgets::message::Message::Error(message))
            }
            Mode::History(h) => h.message = Some(message),
            _ => {}
        }
    }

    /// Back to the plan if one is open, else to the list.
    fn close(&mut self) {
        self.mode = if self.open.is_some() {
            Mode::View
        } else {
            Mode::List
        };
    }

    // ----- keys -----
}

impl PaneView for PlansPane {
    fn captures_input(&self) -> bool {
        self.list.filtering || !matches!(self.mode, Mode::List)
    }

    fn types_lines(&self) -> bool {
        matches!(&self.mode, Mode::Edit(editor) if !self.list.filtering && editor.types_lines())
    }

    fn reading(&self) -> bool {
        matches!(
            self.mode,
            Mode::View | Mode::History(_) | Mode::Diff { .. } | Mode::Copy(_)
        )
    }

    fn help_rows(&self) -> Vec<HelpRow> {
        self.pane_help_rows()
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, now: DateTime<Utc>) {
        self.draw(frame, area, theme, now)
    }
}

impl Pane for PlansPane {
    type Action = PlansAction;

    fn on_list(&mut self, key: ListMove, _now: DateTime<Utc>) -> Option<PlansAction> {
        self.list_key(key)
    }

    fn handle_key(&mut self, key: KeyEvent, _now: DateTime<Utc>) -> Option<PlansAction> {
        self.key(key)
    }

    fn handle_paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<PlansAction> {
        self.paste(text, now)
    }

    fn handle_typed(&mut self, text: &str, _now: DateTime<Utc>) -> TypedRun<PlansAction> {
        match &mut self.mode {
            Mode::Edit(editor) if !self.list.filtering => {
                if editor.type_text(text) {
                    TypedRun::Taken(None)
                } else {
                    TypedRun::AsKeys
                }
            }
            _ => TypedRun::AsKeys,
        }
    }
}
