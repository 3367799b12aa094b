//! Pane 3, Peers: who is on tonight and how loaded, the roster of peer workers (profile,
//! availability, time off, supervision), and assignments of visitors to workers with their
//! session logs. The pane holds view and form state and turns keys into [`PeersAction`]s; the
//! app carries them out against the store and hands back what it loaded.

pub mod assign;
pub mod assignment;
mod bindings;
mod drafts;
mod draw;
pub mod handing;
mod keys;
pub mod roster;
pub mod tonight;
pub mod worker_form;
pub mod worker_view;

use super::{Pane, PaneView, TypedRun};
use crate::domain::peers::{
    AvailabilityException, Candidate, NewAssignment, NewSession, PeerSettings, PeerWorker, Refused,
    Slot, Supervision, VisitorNeeds, WorkerProfile,
};
use crate::domain::peers::{OnTonight, RosterEntry};
use crate::domain::person::PersonSummary;
use crate::ui::find::FindOverlay;
use crate::ui::help::HelpRow;
use crate::ui::keys::ListMove;
use crate::ui::theme::Theme;
use crate::ui::widgets::fields::FieldForm;
use crate::ui::widgets::input::TextInput;
use crate::ui::widgets::list::Cursor;
use assign::{AssignForm, AssignSubject};
use assignment::AssignmentView;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use roster::Roster;
use tonight::TonightBoard;
use worker_view::WorkerView;

#[derive(Debug, Clone, PartialEq)]
pub enum PeersAction {
    ShowTonight,
    ShowRoster,
    /// The next roster page.
    MoreRoster,
    OpenWorker(i64),
    EditWorker(i64),
    MoreAssignments {
        worker_id: i64,
        before: (NaiveDate, i64),
    },
    /// Add (`id` None) or edit a worker with their weekly pattern.
    SaveWorker {
        id: Option<i64>,
        profile: WorkerProfile,
        slots: Vec<Slot>,
    },
    SetActive {
        worker_id: i64,
        active: bool,
    },
    AddException {
        worker_id: i64,
        exception: AvailabilityException,
    },
    AddSupervision {
        worker_id: i64,
        supervision: Supervision,
    },
    /// Search for the visitor to assign.
    FindVisitors(String),
    /// Open the assignment form for this visitor (their visit tonight, if any, is attached).
    StartAssignment {
        person_id: i64,
        worker_id: Option<i64>,
    },
    Rerank {
        person_id: i64,
        needs: VisitorNeeds,
    },
    Assign(NewAssignment),
    OpenAssignment(i64),
    LogSession(NewSession),
    EndAssignment {
        assignment_id: i64,
        ended_on: NaiveDate,
        reason: String,
    },
    /// The assignment form opened from an Intake visit was cancelled.
    BackToIntake,
    /// Load the workers the open assignment could be handed to, then show the form.
    StartHandOver(i64),
    HandOver(handing::HandOver),
    CorrectSession {
        session: crate::domain::peers::Session,
        reason: String,
    },
    /// Open the assignment a session belongs to (returning to a kept draft).
    OpenAssignmentOfSession(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListView {
    Tonight,
    Roster,
}

/// What is open over the list or a view (it has the keyboard).
enum Overlay {
    WorkerForm {
        id: Option<i64>,
        form: FieldForm,
    },
    Exception {
        worker_id: i64,
        form: FieldForm,
    },
    Supervision {
        worker_id: i64,
        form: FieldForm,
    },
    /// Deactivate or reactivate a worker, once the lead says yes.
    Confirm {
        worker_id: i64,
        name: String,
        activate: bool,
    },
    PickVisitor {
        worker_id: Option<i64>,
        finder: FindOverlay,
    },
    Assign(Box<AssignForm>),
    Session(FieldForm),
    End(FieldForm),
    /// Choosing which logged session of the open assignment to correct.
    PickSession {
        selected: Cursor,
    },
    /// Correcting a logged session, with a reason.
    CorrectSession {
        session: Box<crate::domain::peers::Session>,
        form: FieldForm,
    },
    /// Handing the open assignment to one of these (active) workers.
    HandOver {
        workers: Vec<(i64, String)>,
        form: FieldForm,
    },
}

/// Whether a worker's name, languages or lived experience contain the filter (any case).
pub fn worker_matches(w: &PeerWorker, filter: &str) -> bool {
    let f = filter.trim().to_lowercase();
    f.is_empty()
        || w.name().to_lowercase().contains(&f)
        || w.profile
            .languages
            .iter()
            .chain(&w.profile.lived_experience)
            .any(|s| s.to_lowercase().contains(&f))
}

pub struct PeersPane {
    tz: Tz,
    settings: PeerSettings,
    list: ListView,
    tonight: Option<TonightBoard>,
    roster: Roster,
    tonight_selected: Cursor,
    roster_selected: Cursor,
    filter: TextInput,
    filtering: bool,
    worker: Option<Box<WorkerView>>,
    /// The worker page last closed by Esc, shown again if nothing has changed since
    /// (`reopen_worker`).
    closed_worker: Option<Box<WorkerView>>,
    assignment: Option<Box<AssignmentView>>,
    overlay: Option<Overlay>,
    /// How tall the pane was last drawn: a worker's first page of assignments is what fits.
    height: std::cell::Cell<u16>,
}

impl PeersPane {
    pub fn new(tz: Tz, settings: PeerSettings) -> Self {
        PeersPane {
            tz,
            settings,
            list: ListView::Tonight,
            tonight: None,
            roster: Roster::default(),
            tonight_selected: Cursor::default(),
            roster_selected: Cursor::default(),
            filter: TextInput::new(60),
            filtering: false,
            worker: None,
            closed_worker: None,
            assignment: None,
            overlay: None,
            height: std::cell::Cell::new(0),
        }
    }

    /// How many of a worker's assignments to read first: as many as their page's table shows
    /// at the pane's height (see `worker_view::first_page`).
    pub fn first_assignments(&self) -> usize {
        worker_view::first_page(self.height.get())
    }

    // ----- what the app and tests read -----

    pub fn settings(&self) -> &PeerSettings {
        &self.settings
    }

    pub fn list_view(&self) -> ListView {
        self.list
    }

    pub fn tonight(&self) -> Option<&TonightBoard> {
        self.tonight.as_ref()
    }

    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// The worker whose page is open.
    pub fn worker_id(&self) -> Option<i64> {
        self.worker.as_ref().map(|w| w.worker_id())
    }

    /// The worker page open, if one is.
    pub fn worker_view(&self) -> Option<&WorkerView> {
        self.worker.as_deref()
    }

    /// The assignment open.
    pub fn assignment_id(&self) -> Option<i64> {
        self.assignment.as_ref().map(|a| a.assignment.id)
    }

    /// The assignment form's subject, while it is open.
    pub fn assign_subject(&self) -> Option<&AssignSubject> {
        match &self.overlay {
            Some(Overlay::Assign(f)) => Some(&f.subject),
            _ => None,
        }
    }

    /// The name of what is shown, for tests.
    pub fn mode_name(&self) -> &'static str {
        match &self.overlay {
            Some(Overlay::WorkerForm { .. }) => return "worker-form",
            Some(Overlay::Exception { .. }) => return "exception",
            Some(Overlay::Supervision { .. }) => return "supervision",
            Some(Overlay::Confirm { .. }) => return "confirm",
            Some(Overlay::PickVisitor { .. }) => return "pick-visitor",
            Some(Overlay::Assign(_)) => return "assign",
            Some(Overlay::Session(_)) => return "session",
            Some(Overlay::End(_)) => return "end",
            Some(Overlay::HandOver { .. }) => return "hand-over",
            Some(Overlay::PickSession { .. }) => return "pick-session",
            Some(Overlay::CorrectSession { .. }) => return "correct-session",
            None => {}
        }
        if self.assignment.is_some() {
            "assignment"
        } else if self.worker.is_some() {
            "worker"
        } else if self.filtering {
            "filter"
        } else {
            match self.list {
                ListView::Tonight => "tonight",
                ListView::Roster => "roster",
            }
        }
    }

    fn visible_tonight(&self) -> Vec<&OnTonight> {
        self.tonight.as_ref().map_or_else(Vec::new, |b| {
            b.rows
                .iter()
                .filter(|r| tonight::matches_filter(r, self.filter.value()))
                .collect()
        })
    }

    fn visible_roster(&self) -> Vec<&RosterEntry> {
        self.roster
            .rows
            .iter()
            .filter(|r| roster::matches_filter(r, self.filter.value()))
            .collect()
    }

    /// The worker selected in the list in front.
    fn selected_worker(&self) -> Option<&PeerWorker> {
        match self.list {
            ListView::Tonight => self
                .visible_tonight()
                .get(self.tonight_selected.selected())
                .map(|r| &r.worker),
            ListView::Roster => self
                .visible_roster()
                .get(self.roster_selected.selected())
                .map(|r| &r.worker),
        }
    }

    // ----- what the app hands back -----

    pub fn set_settings(&mut self, settings: PeerSettings) {
        self.settings = settings;
    }

    pub fn set_tonight(&mut self, board: TonightBoard) {
        let keep = self.selected_id(ListView::Tonight);
        self.tonight = Some(board);
        if let Some(i) = keep.and_then(|id| {
            self.visible_tonight()
                .iter()
                .position(|r| r.worker.id == id)
        }) {
            self.tonight_selected.select(i, i + 1);
        }
    }

    /// A fresh roster (first pages); the selection stays on the same worker where it can.
    pub fn set_roster(&mut self, roster: Roster) {
        let keep = self.selected_id(ListView::Roster);
        self.roster = roster;
        if let Some(i) =
            keep.and_then(|id| self.visible_roster().iter().position(|r| r.worker.id == id))
        {
            self.roster_selected.select(i, i + 1);
        }
    }

    pub fn more_roster(&mut self, rows: Vec<RosterEntry>, has_more: bool) {
        self.roster.rows.extend(rows);
        self.roster.has_more = has_more;
    }

    fn selected_id(&self, list: ListView) -> Option<i64> {
        match list {
            ListView::Tonight => self
                .visible_tonight()
                .get(self.tonight_selected.selected())
                .map(|r| r.worker.id),
            ListView::Roster => self
                .visible_roster()
                .get(self.roster_selected.selected())
                .map(|r| r.worker.id),
        }
    }

    pub fn show_list(&mut self, list: ListView) {
        self.list = list;
        self.worker = None;
        self.assignment = None;
        self.overlay = None;
    }

    /// Opens a worker's page (closing anything over it).
    pub fn open_worker(&mut self, view: WorkerView) {
        self.worker = Some(Box::new(view));
        self.assignment = None;
        self.overlay = None;
    }

    /// Opens worker `id`'s page as it was when last closed, if it was read as `read_as` (the
    /// store says nothing has changed since, in the same minute): what a fresh read would
    /// show. False when it has to be read again.
    pub fn reopen_worker(&mut self, id: i64, read_as: Option<(u64, i64, i64)>) -> bool {
        let Some(closed) = self.closed_worker.take().filter(|w| w.worker_id() == id) else {
            return false;
        };
        match closed.reopened(read_as, self.first_assignments()) {
            Some(view) => {
                self.open_worker(view);
                true
            }
            None => false,
        }
    }

    /// Fresh data for the open worker page, keeping its selection.
    /// The worker's page read again: the same assignment stays selected (a new one above it
    /// moves it down a row), or the same row if it has gone.
    pub fn refresh_worker(&mut self, mut view: WorkerView) {
        if let Some(old) = &self.worker
            && old.worker_id() == view.worker_id()
        {
            view.assignments.select(old.assignments.selected());
            if let Some(id) = old.selected_assignment().map(|a| a.id) {
                view.assignments.select_where(|a| a.id == id);
            }
        }
        self.worker = Some(Box::new(view));
    }

    pub fn more_assignments(&mut self, more: Vec<crate::domain::peers::Assignment>) {
        if let Some(w) = &mut self.worker {
            w.assignments.next_page(more);
        }
    }

    /// Every assignment of the open worker's loaded so far, for the app to fill in what rows
    /// show beyond themselves (a namesake's last visit, once a later page brings the namesake).
    pub fn edit_assignments<E>(
        &mut self,
        edit: impl FnOnce(&mut [crate::domain::peers::Assignment]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut done = Ok(());
        if let Some(w) = &mut self.worker {
            w.assignments.edit_rows(|rows| done = edit(rows));
        }
        done
    }

    /// Opens an assignment (closing any form). On the worker's page behind it, its row is
    /// selected, so Esc comes back to it (after assigning, to the new one).
    pub fn open_assignment(&mut self, view: AssignmentView) {
        if let Some(w) = &mut self.worker {
            let id = view.assignment.id;
            w.assignments.select_where(|a| a.id == id);
        }
        self.assignment = Some(Box::new(view));
        self.overlay = None;
    }

    pub fn refresh_assignment(&mut self, mut view: AssignmentView) {
        if let Some(old) = &self.assignment {
            view.scroll = old.scroll.clone();
        }
        self.assignment = Some(Box::new(view));
    }

    pub fn edit_worker(&mut self, worker: &PeerWorker, slots: &[Slot]) {
        self.overlay = Some(Overlay::WorkerForm {
            id: Some(worker.id),
            form: worker_form::worker_form(Some((worker, slots)), &self.settings),
        });
    }

    pub fn set_visitor_results(&mut self, results: Vec<PersonSummary>) {
        if let Some(Overlay::PickVisitor { finder, .. }) = &mut self.overlay {
            finder.set_results(results);
        }
    }

    pub fn start_assignment(&mut self, subject: AssignSubject, today: NaiveDate) {
        self.overlay = Some(Overlay::Assign(Box::new(AssignForm::new(
            subject,
            &self.settings,
            today,
        ))));
    }

    pub fn set_candidates(&mut self, needs: VisitorNeeds, candidates: Vec<Candidate>) {
        if let Some(Overlay::Assign(f)) = &mut self.overlay {
            f.set_candidates(needs, candidates);
        }
    }

    /// The rules refused an assignment or a session: the open form says why.
    pub fn refused(&mut self, refused: &Refused) {
        match &mut self.overlay {
            Some(Overlay::Assign(f)) => f.refused(refused),
            Some(Overlay::Session(form)) => {
                form.error(crate::ui::safe(&format!("Refused: {refused}")));
                if !matches!(refused, Refused::Final(_)) {
                    form.focus_on(assignment::OVERRIDE);
                }
            }
            _ => {}
        }
    }

    /// A save was refused by the store: the open form shows why and keeps what was typed.
    /// (The message may name a worker, so it is drawn through `safe` like any stored text.)
    pub fn refuse(&mut self, message: String) {
        let message = crate::ui::safe(&message);
        match &mut self.overlay {
            Some(Overlay::WorkerForm { form, .. }) => {
                if message.contains("already a peer worker") {
                    form.focus_on(worker_form::NAME);
                }
                form.error(message);
            }
            Some(
                Overlay::Exception { form, .. }
                | Overlay::Supervision { form, .. }
                | Overlay::Session(form)
                | Overlay::End(form),
            ) => form.error(message),
            Some(Overlay::CorrectSession { form, .. }) => form.error(message),
            Some(Overlay::HandOver { form, .. }) => {
                // A refusal that can be overridden: the cursor goes to the override's reason.
                if message.contains("override") {
                    form.focus_on(handing::OVERRIDE);
                }
                form.error(message);
            }
            Some(Overlay::Assign(f)) => f.form.error(message),
            // The chosen visitor cannot be assigned: back out, and the status bar says why.
            Some(Overlay::PickVisitor { .. }) => self.overlay = None,
            _ => {}
        }
    }

    /// The workers the open assignment can go to: the hand-over form opens.
    pub fn open_hand_over(&mut self, workers: Vec<(i64, String)>) {
        let Some(a) = &self.assignment else {
            return;
        };
        let form = handing::form(&a.assignment, &workers);
        self.overlay = Some(Overlay::HandOver { workers, form });
    }

    /// Opens the correction of one of the open assignment's sessions. Returns whether it did.
    pub(crate) fn correct_session(&mut self, session_id: i64) -> bool {
        let Some(a) = &self.assignment else {
            return false;
        };
        let Some((i, s)) = a
            .sessions
            .iter()
            .enumerate()
            .find(|(_, s)| s.id == session_id)
        else {
            return false;
        };
        let form = handing::session_form(s, i + 1);
        self.overlay = Some(Overlay::CorrectSession {
            session: Box::new(s.clone()),
            form,
        });
        true
    }

    pub fn close_overlay(&mut self) {
        self.overlay = None;
    }

    fn pane_help_rows(&self) -> Vec<HelpRow> {
        bindings::help_rows()
    }
}

impl PaneView for PeersPane {
    fn captures_input(&self) -> bool {
        self.filtering || self.overlay.is_some()
    }

    fn types_lines(&self) -> bool {
        PeersPane::types_lines(self)
    }

    fn help_rows(&self) -> Vec<HelpRow> {
        self.pane_help_rows()
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, _now: DateTime<Utc>) {
        self.height.set(area.height);
        self.draw(frame, area, theme)
    }
}

impl Pane for PeersPane {
    type Action = PeersAction;

    fn on_list(&mut self, key: ListMove, _now: DateTime<Utc>) -> Option<PeersAction> {
        self.list_key(key)
    }

    fn handle_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<PeersAction> {
        self.key(key, now)
    }

    fn handle_paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<PeersAction> {
        self.paste(text, now)
    }

    fn handle_typed(&mut self, text: &str, _now: DateTime<Utc>) -> TypedRun<PeersAction> {
        self.typed(text)
    }
}
