//! Pane 1, Intake: the live board of tonight's visitors and everything recorded from a visit.
//! The pane holds form state and turns keys into [`IntakeAction`]s; the app carries them out
//! against the store and hands back what it loaded.

mod bindings;
mod board;
pub mod closeout;
pub mod correct_form;
mod drafts;
mod draw;
pub mod follow_ups;
mod form_keys;
mod keys;
mod list_bindings;
pub mod log_forms;
pub mod merge_form;
mod merging;
pub mod person;
pub mod quick_add;
mod shown;
pub mod visit_form;
pub mod visit_view;

use super::{Pane, PaneView, TypedRun};
use crate::domain::correction::{CorrectedKind, DetailsCorrection};
use crate::domain::person::PersonRef;
use crate::domain::shift::Shift;
use crate::domain::visit::{
    BoardRow, DirectoryEntry, FollowUp, Incident, ReferralSource, TriageCode, VisitRecord,
    VisitUpdate,
};
use crate::ui::help::HelpRow;
use crate::ui::keys::ListMove;
use crate::ui::theme::Theme;
use crate::ui::widgets::fields::FieldForm;
use crate::ui::widgets::input::TextInput;
use crate::ui::widgets::list::{Cursor, PagedList};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::KeyEvent;
use person::{MatchChoice, PersonHistory};
use quick_add::QuickAdd;
use ratatui::Frame;
use ratatui::layout::Rect;
use visit_view::VisitView;

/// Reference lists the forms offer (loaded once per unlock).
#[derive(Debug, Clone, Default)]
pub struct Refs {
    pub codes: Vec<TriageCode>,
    pub sources: Vec<ReferralSource>,
    pub directory: Vec<DirectoryEntry>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum IntakeAction {
    /// A quick add was filled in: look for returning visitors, then save.
    AddVisit(QuickAdd),
    /// Save a quick add for this person (confirmed or new).
    SaveVisit {
        quick: QuickAdd,
        person: PersonRef,
    },
    Open(i64),
    Edit(i64),
    Update {
        visit_id: i64,
        update: VisitUpdate,
        /// Why, when the update changes a value already recorded (a correction).
        reason: Option<String>,
    },
    /// Correct the quick-add details (the visit's and its person's), with the reason.
    CorrectDetails(DetailsCorrection),
    /// Close an open follow-up, done or cancelled, with its line (dated, naming who).
    /// `from_list`: it was closed from the open list, which is shown again after.
    CloseFollowUp {
        visit_id: i64,
        follow_up_id: i64,
        closure: crate::domain::follow_up::Closure,
        from_list: bool,
    },
    /// The open follow-ups from every shift.
    ShowFollowUps,
    /// Close the visit's safeguarding concern, with what came of it.
    CloseSafeguarding {
        visit_id: i64,
        note: String,
    },
    /// Reopen a follow-up marked done: a correction, with the reason.
    ReopenFollowUp {
        visit_id: i64,
        follow_up_id: i64,
        reason: String,
    },
    /// Save an edited incident: a correction, with the reason.
    CorrectIncident {
        incident: Incident,
        reason: String,
    },
    /// Show the visit a follow-up or incident belongs to (returning to a kept draft).
    OpenVisitOf(CorrectedKind, i64),
    LogIncident(Incident),
    LogFollowUp(FollowUp),
    ShowPerson(i64),
    /// Subject access: write everything held about the person to a file (after the warning).
    ExportPerson(i64),
    MoreVisits {
        person_id: i64,
        before: (DateTime<Utc>, i64),
    },
    OpenPlan(i64),
    /// Pair the visitor with a peer worker (the Peers pane's assignment form).
    AssignPeer {
        person_id: i64,
        visit_id: i64,
    },
    ShowShift(NaiveDate),
    ShowTonight,
    /// Close out (or carry forward) a visit still open when the shift ended.
    CloseOut {
        visit_id: i64,
        choice: crate::domain::closeout::CloseOut,
    },
    /// Move the visit on one step (waiting → with worker → seen → left); going to "with
    /// worker", ask which worker when the visitor has none.
    AdvanceStatus {
        visit_id: i64,
        person_id: i64,
    },
    /// Something to tell the lead in the status bar.
    Notice(String),
    /// Merging a person with another record: search for the other one.
    MergeSearch(String),
    /// Merging: load both records for the side-by-side form.
    MergeWith {
        a: i64,
        b: i64,
    },
    /// Merge as chosen; then show the visit the merge was started from, if any.
    Merge {
        request: crate::domain::merge::MergeRequest,
        visit_id: Option<i64>,
    },
}

enum Mode {
    Board,
    QuickAdd(FieldForm),
    Match {
        pending: QuickAdd,
        choice: MatchChoice,
        form: FieldForm,
    },
    View(Box<VisitView>),
    Edit {
        visit_id: i64,
        form: FieldForm,
        /// The visit as recorded when the form opened: what a save would correct.
        current: Box<VisitRecord>,
        /// Asking why, when the save changes a value already recorded.
        asking: Option<Box<(VisitUpdate, FieldForm)>>,
    },
    /// Choosing one follow-up or incident of the visit underneath.
    Pick {
        pick: Pick,
        /// Id and how it reads, in the visit's order.
        items: PagedList<(i64, String)>,
    },
    /// Why a follow-up marked done is reopened.
    Reopen {
        visit_id: i64,
        follow_up_id: i64,
        form: FieldForm,
    },
    /// Editing an incident of the visit underneath, as a correction.
    CorrectIncident {
        incident: Box<Incident>,
        form: FieldForm,
    },
    /// Correcting the quick-add details of the visit it was opened over.
    Correct {
        record: Box<VisitRecord>,
        form: FieldForm,
    },
    Incident {
        visit_id: i64,
        form: FieldForm,
    },
    FollowUp {
        visit_id: i64,
        form: FieldForm,
    },
    Person(PersonHistory),
    CloseOut(closeout::CloseOutList),
    /// The open follow-ups from every shift.
    FollowUps(follow_ups::OpenList),
    /// Closing a follow-up (done or cancelled), over the visit underneath or over the open
    /// list (`list`: shown again on Esc).
    Close {
        visit_id: i64,
        follow_up_id: i64,
        form: FieldForm,
        list: Option<Box<follow_ups::OpenList>>,
    },
    /// Closing the safeguarding concern of the visit underneath.
    CloseSafeguarding {
        visit_id: i64,
        form: FieldForm,
    },
    /// Merging the person with another record of them (`M` in a visit).
    Merge(Box<merge_form::MergeFlow>),
}

/// The form a mode has the keyboard in, for [`Mode::form`] and [`Mode::form_mut`] (`$r` is
/// `&` or `&mut`): the list of the modes that are a form, written once. The reason asked for
/// over the visit form has the keyboard while it is open. Not the match prompt's form (its
/// keys choose a person; a refusal sends it back to quick-add) nor a merge's (its own flow).
macro_rules! mode_form {
    ($mode:expr, $($r:tt)+) => {
        match $mode {
            Mode::Edit {
                asking: Some(asking),
                ..
            } => Some($($r)+ asking.1),
            Mode::QuickAdd(form)
            | Mode::Edit { form, .. }
            | Mode::Correct { form, .. }
            | Mode::Reopen { form, .. }
            | Mode::CorrectIncident { form, .. }
            | Mode::Incident { form, .. }
            | Mode::FollowUp { form, .. }
            | Mode::Close { form, .. }
            | Mode::CloseSafeguarding { form, .. } => Some(form),
            _ => None,
        }
    };
}

impl Mode {
    /// The form that has the keyboard, when the mode is a form (see `mode_form`).
    fn form(&self) -> Option<&FieldForm> {
        mode_form!(self, &)
    }

    fn form_mut(&mut self) -> Option<&mut FieldForm> {
        mode_form!(self, &mut)
    }
}

/// What a pick from the visit's lists is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// An open follow-up, to close (done or cancelled).
    FollowUpDone,
    /// A follow-up marked done, to reopen.
    FollowUpReopen,
    /// An incident, to correct.
    Incident,
}

impl Pick {
    /// Said when the visit has nothing this pick could choose.
    fn nothing_to_pick(self) -> &'static str {
        match self {
            Pick::FollowUpDone => "This visit has no open follow-up to close (f logs one).",
            Pick::FollowUpReopen => "This visit has no follow-up marked done to reopen.",
            Pick::Incident => "This visit has no incident to correct (i logs one).",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Pick::FollowUpDone => " Close which follow-up? ",
            Pick::FollowUpReopen => " Reopen which follow-up? ",
            Pick::Incident => " Correct which incident? ",
        }
    }
}

pub struct IntakePane {
    pub refs: Refs,
    rows: Vec<BoardRow>,
    shift: Option<Shift>,
    tonight: bool,
    tz: Tz,
    selected: Cursor,
    filter: TextInput,
    filtering: bool,
    mode: Mode,
    /// The view to return to when a form over it closes.
    underneath: Option<Box<VisitView>>,
    /// Tonight's visits still open and not yet carried forward (what a close-out settles).
    unsettled: Vec<i64>,
}

impl IntakePane {
    pub fn new(refs: Refs, tz: Tz) -> Self {
        IntakePane {
            refs,
            rows: Vec::new(),
            shift: None,
            tonight: true,
            tz,
            selected: Cursor::default(),
            filter: TextInput::new(60),
            filtering: false,
            mode: Mode::Board,
            underneath: None,
            unsettled: Vec::new(),
        }
    }

    /// Which of the board's visits are still open and not carried forward. A close-out with
    /// nothing left to settle goes back to the board.
    pub fn set_unsettled(&mut self, ids: Vec<i64>, now: DateTime<Utc>) {
        self.unsettled = ids;
        if matches!(self.mode, Mode::CloseOut(_)) && self.to_settle(now).is_empty() {
            self.mode = Mode::Board;
        }
    }

    /// The shift is over and nothing remains to close out: the step is done.
    pub fn closed_out(&self, now: DateTime<Utc>) -> bool {
        self.ended(now) && self.unsettled.is_empty()
    }

    fn ended(&self, now: DateTime<Utc>) -> bool {
        self.tonight
            && self
                .shift
                .is_some_and(|s| crate::domain::closeout::has_ended(&s, now))
    }

    /// The visits the close-out lists, in board order: while the shift runs, those still open
    /// from earlier shifts (for the lead who picks them up to close or carry on); once it has
    /// ended, tonight's too.
    fn to_settle(&self, now: DateTime<Utc>) -> Vec<&BoardRow> {
        settle_rows(&self.rows, &self.unsettled, self.ended(now))
    }

    fn start_close_out(&mut self, now: DateTime<Utc>) -> Option<IntakeAction> {
        let shift = self.shift?;
        let closes = shift.ends_at.with_timezone(&self.tz).format("%H:%M");
        if !self.ended(now) && self.to_settle(now).is_empty() {
            return Some(IntakeAction::Notice(format!(
                "Tonight's shift is open until {closes}; close-out starts then."
            )));
        }
        if self.to_settle(now).is_empty() {
            return Some(IntakeAction::Notice(
                "Every visit of this shift is closed or carried forward.".into(),
            ));
        }
        self.mode = Mode::CloseOut(closeout::CloseOutList::default());
        None
    }

    /// New board rows; the selection stays on the same visit where it can.
    pub fn set_board(&mut self, rows: Vec<BoardRow>, shift: Shift, tonight: bool) {
        let keep = self.selected_row().map(|r| r.visit_id);
        self.rows = rows;
        self.shift = Some(shift);
        self.tonight = tonight;
        let at = keep
            .and_then(|id| self.visible_rows().iter().position(|r| r.visit_id == id))
            .unwrap_or(0);
        self.selected.select(at, at + 1);
    }

    pub fn select_visit(&mut self, visit_id: i64) {
        if let Some(i) = self
            .visible_rows()
            .iter()
            .position(|r| r.visit_id == visit_id)
        {
            self.selected.select(i, i + 1);
        }
    }

    pub fn shift(&self) -> Option<Shift> {
        self.shift
    }

    pub fn is_tonight(&self) -> bool {
        self.tonight
    }

    pub fn rows(&self) -> &[BoardRow] {
        &self.rows
    }

    /// Whether a board row came after the shift's closing: an out-of-hours contact, listed
    /// apart and never counted with the shift's own.
    fn out_of_hours(&self, row: &BoardRow) -> bool {
        row.carried_from.is_none()
            && self
                .shift
                .is_some_and(|s| crate::domain::shift::is_out_of_hours(&s, row.arrived_at))
    }

    /// The shift's own rows, then the out-of-hours contacts after it (in arrival order), as
    /// the selection moves through them.
    fn visible_rows(&self) -> Vec<&BoardRow> {
        let shown = |r: &&BoardRow| r.matches_filter(self.filter.value());
        let mut rows: Vec<&BoardRow> = self
            .rows
            .iter()
            .filter(|r| !self.out_of_hours(r))
            .filter(shown)
            .collect();
        let mut after: Vec<&BoardRow> = self
            .rows
            .iter()
            .filter(|r| self.out_of_hours(r))
            .filter(shown)
            .collect();
        after.sort_by_key(|r| (r.arrived_at, r.visit_id));
        rows.extend(after);
        rows
    }

    pub fn selected_row(&self) -> Option<&BoardRow> {
        self.visible_rows().get(self.selected.selected()).copied()
    }

    fn is_capturing(&self) -> bool {
        self.filtering || !matches!(self.mode, Mode::Board)
    }

    /// The name of what is shown, for tests and the status bar.
    pub fn mode_name(&self) -> &'static str {
        match self.mode {
            Mode::Board if self.filtering => "filter",
            Mode::Board => "board",
            Mode::QuickAdd(_) => "quick-add",
            Mode::Match { .. } => "match",
            Mode::View(_) => "visit",
            Mode::Edit {
                asking: Some(_), ..
            } => "edit-reason",
            Mode::Edit { .. } => "edit",
            Mode::Correct { .. } => "correct",
            Mode::Pick { .. } => "pick",
            Mode::Reopen { .. } => "reopen",
            Mode::CorrectIncident { .. } => "correct-incident",
            Mode::Incident { .. } => "incident",
            Mode::FollowUp { .. } => "follow-up",
            Mode::Person(_) => "person",
            Mode::CloseOut(_) => "close-out",
            Mode::FollowUps(_) => "follow-ups",
            Mode::Close { .. } => "close-follow-up",
            Mode::CloseSafeguarding { .. } => "close-safeguarding",
            Mode::Merge(ref flow) => flow.mode_name(),
        }
    }

    fn pane_help_rows(&self) -> Vec<HelpRow> {
        let mut rows = bindings::help_rows();
        rows.extend(list_bindings::help_rows());
        rows
    }
}

/// The rows a close-out lists: unsettled ones carried in from earlier shifts, and once the
/// shift has `ended`, tonight's unsettled ones too.
fn settle_rows<'a>(rows: &'a [BoardRow], unsettled: &[i64], ended: bool) -> Vec<&'a BoardRow> {
    rows.iter()
        .filter(|r| unsettled.contains(&r.visit_id) && (ended || r.carried_from.is_some()))
        .collect()
}

/// Asks why the triage form changes what was recorded, naming the fields it changes.
fn reason_form(changes: &[crate::domain::correction::Change]) -> FieldForm {
    let fields: Vec<&str> = changes.iter().map(|c| c.field.label()).collect();
    FieldForm::new(
        "This corrects what was recorded",
        vec![
            crate::ui::widgets::fields::Field::text(
                "Reason (required)",
                crate::domain::correction::REASON_MAX,
                "",
            )
            .with_hint(format!("Changes: {}", fields.join(", ")))
            .id(correct_form::REASON),
        ],
    )
}

impl PaneView for IntakePane {
    fn captures_input(&self) -> bool {
        self.is_capturing()
    }

    fn types_lines(&self) -> bool {
        IntakePane::types_lines(self)
    }

    fn reading(&self) -> bool {
        match &self.mode {
            Mode::View(_) | Mode::FollowUps(_) => true,
            Mode::Person(p) => !p.confirming_export,
            Mode::CloseOut(list) => list.reason.is_none(),
            _ => false,
        }
    }

    fn help_rows(&self) -> Vec<HelpRow> {
        self.pane_help_rows()
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, now: DateTime<Utc>) {
        self.draw(frame, area, theme, now)
    }
}

impl Pane for IntakePane {
    type Action = IntakeAction;

    fn handle_paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<IntakeAction> {
        if self.filtering {
            // A filter too long for its box is refused whole, like any field.
            if self.filter.paste(text).is_ok() {
                self.selected.select(0, 0);
            }
            return None;
        }
        if let Some(form) = self.mode.form_mut() {
            form.paste(text);
            return None;
        }
        match &mut self.mode {
            Mode::CloseOut(list) if list.reason.is_some() => {
                list.paste(text);
                None
            }
            Mode::Merge(_) => self.merge_paste(text),
            _ => super::paste_as_keys(self, text, now),
        }
    }

    fn on_list(&mut self, key: ListMove, now: DateTime<Utc>) -> Option<IntakeAction> {
        self.list_key(key, now)
    }

    fn handle_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<IntakeAction> {
        self.key(key, now)
    }

    fn handle_typed(&mut self, text: &str, _now: DateTime<Utc>) -> TypedRun<IntakeAction> {
        self.typed(text)
    }
}
