//! Pane 1, Intake: the live board of tonight's visitors and everything recorded from a visit.
//! The pane holds form state and turns keys into [`IntakeAction`]s; the app carries them out
//! against the store and hands back what it loaded.

mod board;
pub mod closeout;
pub mod correct_form;
mod drafts;
pub mod follow_ups;
pub mod log_forms;
pub mod merge_form;
mod merging;
pub mod person;
pub mod quick_add;
pub mod visit_form;
pub mod visit_view;

use super::{ListKey, Pane, PaneView};
use crate::domain::correction::{CorrectedKind, DetailsCorrection};
use crate::domain::person::PersonRef;
use crate::domain::person::PersonSummary;
use crate::domain::shift::Shift;
use crate::domain::visit::{
    BoardRow, DirectoryEntry, FollowUp, Incident, ReferralSource, TriageCode, VisitRecord,
    VisitStatus, VisitUpdate,
};
use crate::ui::help::HelpRow;
use crate::ui::theme::Theme;
use crate::ui::widgets::fields::{FieldForm, FieldsEvent};
use crate::ui::widgets::hint;
use crate::ui::widgets::input::TextInput;
use crate::ui::widgets::table;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent};
use person::{MatchChoice, PersonHistory};
use quick_add::QuickAdd;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
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
        items: Vec<(i64, String)>,
        selected: usize,
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
    selected: usize,
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
            selected: 0,
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
        self.selected = keep
            .and_then(|id| self.visible_rows().iter().position(|r| r.visit_id == id))
            .unwrap_or(0);
    }

    pub fn select_visit(&mut self, visit_id: i64) {
        if let Some(i) = self
            .visible_rows()
            .iter()
            .position(|r| r.visit_id == visit_id)
        {
            self.selected = i;
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
        self.visible_rows().get(self.selected).copied()
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
        [
            ("[ / ] t", "earlier / later shift, back to tonight"),
            (
                "x",
                "once the shift has ended: close out the visits still open",
            ),
            ("p / c", "the person's past visits / crisis plan"),
            ("o", "open follow-ups of every shift (d done, x cancel)"),
            ("s", "move the visit on: waiting, with worker, seen, left"),
            ("E / I", "in a visit: correct its details / an incident"),
            ("i / f", "in a visit: log an incident / a follow-up"),
            ("d / D", "in a visit: close a follow-up / reopen one"),
            ("S", "in a visit: close its safeguarding concern"),
            (
                "w / M",
                "in a visit: assign a peer worker / merge two records",
            ),
        ]
        .into_iter()
        .map(|(k, d)| HelpRow {
            keys: k.into(),
            does: d,
        })
        .collect()
    }

    // ----- what the app hands back -----

    pub fn offer_matches(
        &mut self,
        pending: QuickAdd,
        candidates: Vec<(PersonSummary, Vec<crate::domain::person::MatchReason>)>,
    ) {
        let form = match std::mem::replace(&mut self.mode, Mode::Board) {
            Mode::QuickAdd(form) => form,
            other => {
                self.mode = other;
                return;
            }
        };
        self.mode = Mode::Match {
            pending,
            choice: MatchChoice {
                candidates,
                selected: 0,
            },
            form,
        };
    }

    pub fn show_visit(&mut self, view: VisitView) {
        self.mode = Mode::View(Box::new(view));
        self.underneath = None;
    }

    pub fn edit_visit(&mut self, record: &VisitRecord) {
        let form = visit_form::form(record, &self.refs.codes, &self.refs.directory, self.tz);
        if let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) {
            self.underneath = Some(view);
        }
        self.mode = Mode::Edit {
            visit_id: record.id,
            form,
            current: Box::new(record.clone()),
            asking: None,
        };
    }

    pub fn show_person(&mut self, history: PersonHistory) {
        if let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) {
            self.underneath = Some(view);
        }
        self.mode = Mode::Person(history);
    }

    /// The open follow-ups, shown (the selection kept on the same one after a reload).
    pub fn show_follow_ups(&mut self, mut list: follow_ups::OpenList) {
        if let Mode::FollowUps(old) = &self.mode {
            list.keep_selection_from(old);
        }
        self.mode = Mode::FollowUps(list);
        self.underneath = None;
    }

    pub fn more_person_visits(&mut self, more: Vec<crate::domain::visit::VisitSummary>) {
        if let Mode::Person(h) = &mut self.mode {
            h.has_more = more.len() == person::PAGE;
            h.visits.extend(more);
        }
    }

    /// Back to the board (after a save, or on Esc).
    pub fn back_to_board(&mut self) {
        self.mode = Mode::Board;
        self.underneath = None;
    }

    /// A save was refused by the store: the open form shows why and keeps what was typed.
    pub fn refuse(&mut self, message: String) {
        match &mut self.mode {
            Mode::CloseOut(list) => {
                list.message = Some(crate::ui::widgets::message::Message::Error(message))
            }
            Mode::Merge(flow) => flow.refuse(message),
            Mode::Edit {
                asking: Some(asking),
                ..
            } => asking.1.error(message),
            Mode::QuickAdd(form)
            | Mode::Edit { form, .. }
            | Mode::Correct { form, .. }
            | Mode::Reopen { form, .. }
            | Mode::CorrectIncident { form, .. }
            | Mode::Incident { form, .. }
            | Mode::FollowUp { form, .. }
            | Mode::Close { form, .. }
            | Mode::CloseSafeguarding { form, .. } => form.error(message),
            Mode::Match {
                form,
                pending: _,
                choice: _,
            } => {
                form.error(message);
                let Mode::Match { form, .. } = std::mem::replace(&mut self.mode, Mode::Board)
                else {
                    unreachable!()
                };
                self.mode = Mode::QuickAdd(form);
            }
            _ => {}
        }
    }

    /// Returns from a form to the visit it was opened over, if any.
    fn close_form(&mut self) {
        self.mode = match self.underneath.take() {
            Some(view) => Mode::View(view),
            None => Mode::Board,
        };
    }

    // ----- keys -----

    fn list_key(&mut self, key: ListKey, now: DateTime<Utc>) -> Option<IntakeAction> {
        let count = self.visible_rows().len();
        match (&mut self.mode, key) {
            (Mode::Board, ListKey::Down) => {
                self.selected = (self.selected + 1).min(count.saturating_sub(1))
            }
            (Mode::Board, ListKey::Up) => self.selected = self.selected.saturating_sub(1),
            (Mode::Board, ListKey::Open) => {
                return self.selected_row().map(|r| IntakeAction::Open(r.visit_id));
            }
            (Mode::Board, ListKey::Edit) => {
                return self.selected_row().map(|r| IntakeAction::Edit(r.visit_id));
            }
            (Mode::Board, ListKey::Filter) => self.filtering = true,
            (Mode::Board, ListKey::New) => self.start_quick_add(now),
            _ => {}
        }
        None
    }

    fn start_quick_add(&mut self, now: DateTime<Utc>) {
        if self.tonight {
            self.mode = Mode::QuickAdd(quick_add::form(&self.refs.sources, now, self.tz));
        }
    }

    /// Pane keys on the board, and everything while a form or list is open.
    fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<IntakeAction> {
        if self.filtering {
            match key.code {
                KeyCode::Enter => self.filtering = false,
                KeyCode::Esc => {
                    self.filtering = false;
                    self.filter.clear();
                }
                _ => {
                    self.filter.handle_key(key);
                    self.selected = 0;
                }
            }
            return None;
        }
        let tz = self.tz;
        match &mut self.mode {
            Mode::Board => self.board_key(key, now),
            Mode::CloseOut(list) => {
                let ended = self.tonight
                    && self
                        .shift
                        .is_some_and(|s| crate::domain::closeout::has_ended(&s, now));
                let open = settle_rows(&self.rows, &self.unsettled, ended);
                match list.key(key, &open) {
                    closeout::CloseOutKey::Act { visit_id, choice } => {
                        Some(IntakeAction::CloseOut { visit_id, choice })
                    }
                    closeout::CloseOutKey::Back => {
                        self.mode = Mode::Board;
                        None
                    }
                    closeout::CloseOutKey::Nothing => None,
                }
            }
            Mode::QuickAdd(form) => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.mode = Mode::Board;
                    None
                }
                FieldsEvent::Submit => {
                    let shift = self.shift?;
                    match quick_add::read(form, &self.refs.sources, &shift, tz, now) {
                        Ok(q) => Some(IntakeAction::AddVisit(q)),
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            Mode::Match { choice, .. } => match key.code {
                // The candidates, then "someone new" after them.
                code if table::moved(code, choice.selected, choice.candidates.len() + 1)
                    .is_some() =>
                {
                    choice.selected =
                        table::moved(code, choice.selected, choice.candidates.len() + 1)?;
                    None
                }
                KeyCode::Esc => {
                    let Mode::Match { form, .. } = std::mem::replace(&mut self.mode, Mode::Board)
                    else {
                        unreachable!()
                    };
                    self.mode = Mode::QuickAdd(form);
                    None
                }
                KeyCode::Enter => {
                    let Mode::Match {
                        pending, choice, ..
                    } = &self.mode
                    else {
                        unreachable!()
                    };
                    let person = match choice.candidates.get(choice.selected) {
                        Some((p, _)) => PersonRef::Existing(p.id),
                        None => PersonRef::New(pending.person.clone()),
                    };
                    Some(IntakeAction::SaveVisit {
                        quick: pending.clone(),
                        person,
                    })
                }
                _ => None,
            },
            Mode::View(view) => {
                let (visit_id, person_id) = (view.record.id, view.record.person_id);
                match key.code {
                    KeyCode::Esc => {
                        self.mode = Mode::Board;
                        None
                    }
                    KeyCode::Char('e') => Some(IntakeAction::Edit(visit_id)),
                    KeyCode::Char('d') => {
                        self.start_pick(Pick::FollowUpDone);
                        None
                    }
                    KeyCode::Char('D') => {
                        self.start_pick(Pick::FollowUpReopen);
                        None
                    }
                    KeyCode::Char('I') => {
                        self.start_pick(Pick::Incident);
                        None
                    }
                    KeyCode::Char('S') => {
                        if view.safeguarding_closed.is_some()
                            || !view.record.safeguarding.has_concern()
                        {
                            return Some(IntakeAction::Notice(
                                "This visit has no open safeguarding concern to close.".into(),
                            ));
                        }
                        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board)
                        else {
                            unreachable!()
                        };
                        self.underneath = Some(view);
                        self.mode = Mode::CloseSafeguarding {
                            visit_id,
                            form: follow_ups::safeguarding_form(),
                        };
                        None
                    }
                    KeyCode::Char('E') => {
                        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board)
                        else {
                            unreachable!()
                        };
                        let form =
                            correct_form::form(&view.record, &view.person, &self.refs.sources, tz);
                        let record = Box::new(view.record.clone());
                        self.underneath = Some(view);
                        self.mode = Mode::Correct { record, form };
                        None
                    }
                    KeyCode::Char('i') => {
                        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board)
                        else {
                            unreachable!()
                        };
                        self.underneath = Some(view);
                        self.mode = Mode::Incident {
                            visit_id,
                            form: log_forms::incident_form(now, tz),
                        };
                        None
                    }
                    KeyCode::Char('f') => {
                        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board)
                        else {
                            unreachable!()
                        };
                        let label = crate::domain::person::display_label(
                            person_id,
                            view.record.display_name.as_deref(),
                        );
                        self.underneath = Some(view);
                        self.mode = Mode::FollowUp {
                            visit_id,
                            form: log_forms::follow_up_form(&label),
                        };
                        None
                    }
                    KeyCode::Char('p') => Some(IntakeAction::ShowPerson(person_id)),
                    KeyCode::Char('c') => Some(IntakeAction::OpenPlan(person_id)),
                    KeyCode::Char('w') => Some(IntakeAction::AssignPeer {
                        person_id,
                        visit_id,
                    }),
                    KeyCode::Char('M') => {
                        self.start_merge(person_id);
                        None
                    }
                    KeyCode::Down | KeyCode::Char('j') => {
                        view.scroll = view.scroll.saturating_add(1);
                        None
                    }
                    KeyCode::Up | KeyCode::Char('k') => {
                        view.scroll = view.scroll.saturating_sub(1);
                        None
                    }
                    _ => None,
                }
            }
            Mode::Edit {
                visit_id,
                asking: Some(asking),
                ..
            } => match asking.1.handle_key(key) {
                // Back to the triage form, everything typed kept.
                FieldsEvent::Cancel => {
                    if let Mode::Edit { asking, .. } = &mut self.mode {
                        *asking = None;
                    }
                    None
                }
                FieldsEvent::Submit => {
                    match crate::domain::correction::check_reason(&asking.1.text(0)) {
                        Ok(reason) => Some(IntakeAction::Update {
                            visit_id: *visit_id,
                            update: asking.0.clone(),
                            reason: Some(reason),
                        }),
                        Err(message) => {
                            asking.1.error(message);
                            None
                        }
                    }
                }
                _ => None,
            },
            Mode::Edit {
                visit_id,
                form,
                current,
                asking,
                ..
            } => match visit_form::handle_key(form, key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    match visit_form::read(
                        form,
                        current,
                        &self.refs.codes,
                        &self.refs.directory,
                        tz,
                        now,
                    ) {
                        Ok(update) => {
                            let directory = &self.refs.directory;
                            let name = |id: i64| {
                                directory
                                    .iter()
                                    .find(|d| d.id == id)
                                    .map_or_else(|| format!("entry {id}"), |d| d.name.clone())
                            };
                            let changes =
                                crate::domain::correction::triage_changes(current, &update, &name);
                            if changes.is_empty() {
                                return Some(IntakeAction::Update {
                                    visit_id: *visit_id,
                                    update,
                                    reason: None,
                                });
                            }
                            // A value already recorded is changed: a correction, so ask why
                            // (moving the visit on or filling a blank never asks).
                            *asking = Some(Box::new((update, reason_form(&changes))));
                            None
                        }
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            Mode::Pick {
                pick,
                items,
                selected,
            } => match key.code {
                KeyCode::Esc => {
                    self.close_form();
                    None
                }
                code if table::moved(code, *selected, items.len()).is_some() => {
                    *selected = table::moved(code, *selected, items.len())?;
                    None
                }
                KeyCode::Enter => {
                    let (pick, id) = (*pick, items.get(*selected)?.0);
                    self.picked(pick, id)
                }
                _ => None,
            },
            Mode::Reopen {
                visit_id,
                follow_up_id,
                form,
            } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    match crate::domain::correction::check_reason(&form.text(0)) {
                        Ok(reason) => Some(IntakeAction::ReopenFollowUp {
                            visit_id: *visit_id,
                            follow_up_id: *follow_up_id,
                            reason,
                        }),
                        Err(message) => {
                            form.error(message);
                            None
                        }
                    }
                }
                _ => None,
            },
            Mode::CorrectIncident { incident, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => match correct_form::read_incident(form, incident, tz, now) {
                    Ok((incident, reason)) => {
                        Some(IntakeAction::CorrectIncident { incident, reason })
                    }
                    Err((field, message)) => form.refuse_at(field, message),
                },
                _ => None,
            },
            Mode::Correct { record, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    match correct_form::read(form, record, &self.refs.sources, tz, now) {
                        Ok(c) => Some(IntakeAction::CorrectDetails(c)),
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            Mode::Incident { visit_id, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    // The visit open underneath; without it (never expected), the incident may
                    // be any time in the last day.
                    let arrived_at = self
                        .underneath
                        .as_ref()
                        .map_or(now - chrono::Duration::days(1), |v| v.record.arrived_at);
                    match log_forms::read_incident(form, *visit_id, arrived_at, tz, now) {
                        Ok(i) => Some(IntakeAction::LogIncident(i)),
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            Mode::FollowUp { visit_id, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => match log_forms::read_follow_up(form, *visit_id) {
                    Ok(f) => Some(IntakeAction::LogFollowUp(f)),
                    Err((field, message)) => form.refuse_at(field, message),
                },
                _ => None,
            },
            Mode::FollowUps(list) => match list.key(key) {
                follow_ups::ListKey::Open(visit_id) => Some(IntakeAction::Open(visit_id)),
                follow_ups::ListKey::Close(f, closed_as) => {
                    let form = follow_ups::close_form(&f.task, closed_as);
                    let Mode::FollowUps(list) = std::mem::replace(&mut self.mode, Mode::Board)
                    else {
                        unreachable!()
                    };
                    self.mode = Mode::Close {
                        visit_id: f.visit_id,
                        follow_up_id: f.id,
                        form,
                        list: Some(Box::new(list)),
                    };
                    None
                }
                follow_ups::ListKey::Back => {
                    self.mode = Mode::Board;
                    None
                }
                follow_ups::ListKey::Nothing => None,
            },
            Mode::Close {
                visit_id,
                follow_up_id,
                form,
                list,
            } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    match list.take() {
                        Some(list) => self.mode = Mode::FollowUps(*list),
                        None => self.close_form(),
                    }
                    None
                }
                FieldsEvent::Submit => match follow_ups::read_close(form) {
                    Ok(closure) => Some(IntakeAction::CloseFollowUp {
                        visit_id: *visit_id,
                        follow_up_id: *follow_up_id,
                        closure,
                        from_list: list.is_some(),
                    }),
                    Err((field, message)) => form.refuse_at(field, message),
                },
                _ => None,
            },
            Mode::CloseSafeguarding { visit_id, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => Some(IntakeAction::CloseSafeguarding {
                    visit_id: *visit_id,
                    note: form.text(0),
                }),
                _ => None,
            },
            Mode::Merge(_) => self.merge_key(key),
            Mode::Person(h) => match key.code {
                KeyCode::Esc => {
                    self.close_form();
                    None
                }
                code if table::moved(code, h.selected, h.visits.len()).is_some() => {
                    h.selected = table::moved(code, h.selected, h.visits.len())?;
                    // On the last row loaded (by ↓ or End): the next page is fetched.
                    if h.has_more && h.selected + 1 == h.visits.len() {
                        let last = h.visits.last()?;
                        return Some(IntakeAction::MoreVisits {
                            person_id: h.person.id,
                            before: (last.arrived_at, last.id),
                        });
                    }
                    None
                }
                KeyCode::Enter => h.visits.get(h.selected).map(|v| IntakeAction::Open(v.id)),
                _ if h.confirming_export => {
                    h.confirming_export = false;
                    (key.code == KeyCode::Char('y'))
                        .then_some(IntakeAction::ExportPerson(h.person.id))
                }
                KeyCode::Char('c') => Some(IntakeAction::OpenPlan(h.person.id)),
                KeyCode::Char('x') => {
                    h.confirming_export = true;
                    None
                }
                _ => None,
            },
        }
    }

    /// From the visit on show: choose one of its follow-ups or incidents. Nothing to choose
    /// from leaves the view as it is (its lists say what there is).
    fn start_pick(&mut self, pick: Pick) {
        let Mode::View(view) = &self.mode else {
            return;
        };
        let tz = self.tz;
        let items: Vec<(i64, String)> = match pick {
            Pick::FollowUpDone | Pick::FollowUpReopen => view
                .follow_ups
                .iter()
                .filter(|f| f.done_at.is_some() == (pick == Pick::FollowUpReopen))
                .map(|f| (f.id, crate::ui::safe(&f.task)))
                .collect(),
            Pick::Incident => view
                .incidents
                .iter()
                .map(|i| {
                    let at = i.occurred_at.with_timezone(&tz).format("%d/%m %H:%M");
                    (i.id, format!("{at} {}", crate::ui::safe(&i.kind)))
                })
                .collect(),
        };
        if items.is_empty() {
            return;
        }
        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) else {
            unreachable!()
        };
        self.underneath = Some(view);
        self.mode = Mode::Pick {
            pick,
            items,
            selected: 0,
        };
    }

    /// The follow-up or incident chosen: done at once, or its form opened.
    fn picked(&mut self, pick: Pick, id: i64) -> Option<IntakeAction> {
        let view = self.underneath.as_ref()?;
        let visit_id = view.record.id;
        match pick {
            Pick::FollowUpDone => {
                let task = view.follow_ups.iter().find(|f| f.id == id)?.task.clone();
                self.mode = Mode::Close {
                    visit_id,
                    follow_up_id: id,
                    form: follow_ups::close_form(&task, crate::domain::follow_up::ClosedAs::Done),
                    list: None,
                };
                None
            }
            Pick::FollowUpReopen => {
                let task = view.follow_ups.iter().find(|f| f.id == id)?.task.clone();
                self.mode = Mode::Reopen {
                    visit_id,
                    follow_up_id: id,
                    form: correct_form::reopen_form(&task),
                };
                None
            }
            Pick::Incident => {
                let incident = view.incidents.iter().find(|i| i.id == id)?.clone();
                let form = correct_form::incident_form(&incident, self.tz);
                self.mode = Mode::CorrectIncident {
                    incident: Box::new(incident),
                    form,
                };
                None
            }
        }
    }

    /// Returning to a kept draft: opens the form for this follow-up or incident when the
    /// visit it belongs to is on show. Returns whether it did.
    pub(crate) fn resume_pick(&mut self, pick: Pick, id: i64) -> bool {
        let Mode::View(view) = &self.mode else {
            return false;
        };
        let known = match pick {
            Pick::Incident => view.incidents.iter().any(|i| i.id == id),
            _ => view.follow_ups.iter().any(|f| f.id == id),
        };
        if !known {
            return false;
        }
        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) else {
            unreachable!()
        };
        self.underneath = Some(view);
        self.picked(pick, id);
        true
    }

    fn board_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<IntakeAction> {
        let date = self.shift?.service_date;
        match key.code {
            KeyCode::Char('x') => self.start_close_out(now),
            KeyCode::Char('o') => Some(IntakeAction::ShowFollowUps),
            KeyCode::Char('s') => self.selected_row().map(|r| match r.status.advance() {
                Some(_) => IntakeAction::AdvanceStatus {
                    visit_id: r.visit_id,
                    person_id: r.person_id,
                },
                None => IntakeAction::Notice(format!(
                    "{}'s visit has ended ({}): nothing to move on.",
                    crate::ui::safe(&r.label()),
                    r.status.label().to_lowercase()
                )),
            }),
            KeyCode::Char('[') => Some(IntakeAction::ShowShift(date - Duration::days(1))),
            KeyCode::Char(']') => Some(IntakeAction::ShowShift(date + Duration::days(1))),
            KeyCode::Char('t') => Some(IntakeAction::ShowTonight),
            KeyCode::Char('p') => self
                .selected_row()
                .map(|r| IntakeAction::ShowPerson(r.person_id)),
            KeyCode::Char('c') => self
                .selected_row()
                .map(|r| IntakeAction::OpenPlan(r.person_id)),
            KeyCode::Esc => {
                self.filter.clear();
                None
            }
            code => {
                let count = self.visible_rows().len();
                if let Some(to) = table::paged(code, self.selected, count) {
                    self.selected = to;
                }
                None
            }
        }
    }

    // ----- drawing -----

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, now: DateTime<Utc>) {
        let tz = self.tz;
        match &self.mode {
            Mode::Board => self.render_board(frame, area, theme, now),
            Mode::QuickAdd(form) => {
                self.render_board(frame, area, theme, now);
                let r = crate::ui::centered(area, 76, 16);
                form.render(
                    frame,
                    r,
                    theme,
                    "Ctrl-s saves · Tab next field · Esc cancels",
                );
            }
            Mode::Match { choice, .. } => choice.render(frame, area, theme, tz),
            Mode::View(view) => view.render(
                frame,
                area,
                theme,
                tz,
                now,
                &self.refs.codes,
                &self.refs.sources,
                &self.refs.directory,
            ),
            Mode::Edit { form, asking, .. } => {
                form.render(
                    frame,
                    area,
                    theme,
                    "Ctrl-s saves · Tab/Shift-Tab fields · Ctrl-n/Ctrl-p parts · Esc cancels",
                );
                if let Some(asking) = asking {
                    // Tall enough for the list of what changes (every field of the form can).
                    let listed = asking
                        .1
                        .fields
                        .first()
                        .and_then(|f| f.hint.as_ref())
                        .map_or(0, |h| h.chars().count());
                    let r = crate::ui::centered(area, 76, 8 + (listed / 48) as u16);
                    asking.1.render(
                        frame,
                        r,
                        theme,
                        "Ctrl-s saves with this reason · Esc back to the form",
                    );
                }
            }
            Mode::Incident { form, .. } | Mode::FollowUp { form, .. } => {
                if let Some(view) = &self.underneath {
                    view.render(
                        frame,
                        area,
                        theme,
                        tz,
                        now,
                        &self.refs.codes,
                        &self.refs.sources,
                        &self.refs.directory,
                    );
                }
                let r = crate::ui::centered(area, 76, 14);
                form.render(frame, r, theme, "Ctrl-s saves · Esc cancels");
            }
            Mode::Pick {
                pick,
                items,
                selected,
            } => {
                self.render_underneath(frame, area, theme, now);
                let r = crate::ui::centered(area, 60, (items.len() as u16 + 2).min(14));
                let rows: Vec<ratatui::widgets::ListItem<'_>> = items
                    .iter()
                    .map(|(_, text)| ratatui::widgets::ListItem::new(text.as_str()))
                    .collect();
                let block = ratatui::widgets::Block::bordered()
                    .border_style(theme.border())
                    .title(Line::styled(pick.title(), theme.title()))
                    .title_bottom(Line::styled(" Enter chooses · Esc back ", theme.dim()));
                frame.render_widget(ratatui::widgets::Clear, r);
                crate::ui::widgets::hits::record(r, crate::ui::widgets::hits::Hit::Cover);
                table::render_list_with_selection(
                    frame,
                    r,
                    ratatui::widgets::List::new(rows).block(block),
                    1,
                    *selected,
                    theme,
                );
            }
            Mode::Reopen { form, .. } => {
                self.render_underneath(frame, area, theme, now);
                let r = crate::ui::centered(area, 76, 8);
                form.render(frame, r, theme, "Ctrl-s reopens it · Esc back");
            }
            Mode::FollowUps(list) => list.render(frame, area, theme),
            Mode::Close { form, list, .. } => {
                match list {
                    Some(list) => list.render(frame, area, theme),
                    None => self.render_underneath(frame, area, theme, now),
                }
                let r = crate::ui::centered(area, 76, 10);
                form.render(
                    frame,
                    r,
                    theme,
                    "Ctrl-s closes it · Tab next field · Esc back",
                );
            }
            Mode::CloseSafeguarding { form, .. } => {
                self.render_underneath(frame, area, theme, now);
                let r = crate::ui::centered(area, 76, 8);
                form.render(frame, r, theme, "Ctrl-s closes it · Esc back");
            }
            Mode::CorrectIncident { form, .. } => {
                self.render_underneath(frame, area, theme, now);
                let r = crate::ui::centered(area, 76, 16);
                form.render(frame, r, theme, "Ctrl-s saves the correction · Esc cancels");
            }
            Mode::Correct { form, .. } => {
                if let Some(view) = &self.underneath {
                    view.render(
                        frame,
                        area,
                        theme,
                        tz,
                        now,
                        &self.refs.codes,
                        &self.refs.sources,
                        &self.refs.directory,
                    );
                }
                let r = crate::ui::centered(area, 76, 18);
                form.render(
                    frame,
                    r,
                    theme,
                    "Ctrl-s saves the correction · Tab next field · Esc cancels",
                );
            }
            Mode::Person(h) => h.render(frame, area, theme, tz),
            Mode::Merge(flow) => {
                self.render_underneath(frame, area, theme, now);
                flow.render(frame, area, theme, tz);
            }
            Mode::CloseOut(list) => {
                let heading = self.shift.map_or(String::new(), |s| {
                    format!(
                        "Close out {} — {} still open",
                        s.service_date.format("%a %-d %b"),
                        crate::domain::plural::count(self.to_settle(now).len(), "visit", "visits")
                    )
                });
                list.render(frame, area, theme, tz, &heading, &self.to_settle(now));
            }
        }
    }

    /// The visit a form or pick was opened over, drawn beneath it.
    fn render_underneath(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        now: DateTime<Utc>,
    ) {
        if let Some(view) = &self.underneath {
            view.render(
                frame,
                area,
                theme,
                self.tz,
                now,
                &self.refs.codes,
                &self.refs.sources,
                &self.refs.directory,
            );
        }
    }

    fn render_board(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, now: DateTime<Utc>) {
        let rows = self.visible_rows();
        let hint: &[&str] = if self.tonight {
            &[
                "n new",
                "Enter open",
                "e edit",
                "/ filter",
                "s move on",
                "p past visits",
                "c plan",
                "o follow-ups",
                "[ ] other shifts",
            ]
        } else {
            &["Enter open", "/ filter", "[ ] other shifts", "t tonight"]
        };
        let [summary, table, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(hint::rows_needed(hint, area.width)),
        ])
        .areas(area);
        let Some(shift) = self.shift else { return };
        let tz = self.tz;
        let ended = self.ended(now);
        let when = if ended {
            // After closing, the board says so: nobody is "tonight" any more.
            format!(
                "Shift ended {}, {}",
                shift.ends_at.with_timezone(&tz).format("%H:%M"),
                shift.service_date.format("%a %-d %b %Y")
            )
        } else {
            format!(
                "{} {} {}–{}",
                if self.tonight { "Tonight," } else { "Shift of" },
                shift.service_date.format("%a %-d %b %Y"),
                shift.starts_at.with_timezone(&tz).format("%H:%M"),
                shift.ends_at.with_timezone(&tz).format("%H:%M")
            )
        };
        // The shift's own visits: what earlier shifts left open, and out-of-hours contacts
        // after closing, are listed and counted apart.
        let carried = self
            .rows
            .iter()
            .filter(|r| r.carried_from.is_some())
            .count();
        let own: Vec<&BoardRow> = self
            .rows
            .iter()
            .filter(|r| r.carried_from.is_none() && !self.out_of_hours(r))
            .collect();
        let out_of_hours = self.rows.len() - own.len() - carried;
        let waiting = own
            .iter()
            .filter(|r| r.status == VisitStatus::Waiting && r.carried_from.is_none())
            .count();
        // Waits, and so targets, stop at closing for those who came during the shift.
        let over = own
            .iter()
            .filter(|r| {
                r.waiting_too_long(crate::domain::closeout::board_clock(
                    &shift,
                    r.arrived_at,
                    now,
                ))
            })
            .count();
        let mut text = format!(
            " {} · {waiting} waiting",
            crate::domain::plural::count(own.len(), "visit", "visits")
        );
        if carried > 0 {
            text.push_str(&format!(" · {carried} still open from earlier shifts"));
        }
        if over > 0 {
            text.push_str(&format!(" · {over} past target (!)"));
        }
        if ended && !self.unsettled.is_empty() {
            text.push_str(&format!(
                " · {} still open: x closes the shift out",
                self.unsettled.len()
            ));
        }
        if out_of_hours > 0 {
            text.push_str(&format!(" · {out_of_hours} out of hours"));
        }
        if !self.filter.is_empty() || self.filtering {
            text.push_str(&format!(
                " · filter: {}{}",
                crate::ui::safe(self.filter.value()),
                if self.filtering { "▏" } else { "" }
            ));
        }
        frame.render_widget(Paragraph::new(Line::styled(text, theme.title())), summary);
        let split = rows.iter().take_while(|r| !self.out_of_hours(r)).count();
        let (own_rows, after_rows) = rows.split_at(split);
        let selected = self.selected.min(rows.len().saturating_sub(1));
        let (table, after_area) = if after_rows.is_empty() {
            (table, None)
        } else {
            // Below the shift's own board, as tall as it needs (up to half the room).
            let wanted = after_rows.len() as u16 + 3;
            let [top, bottom] = Layout::vertical([
                Constraint::Min(5),
                Constraint::Length(wanted.min(table.height / 2).max(4)),
            ])
            .areas(table);
            (top, Some(bottom))
        };
        let view = board::BoardView {
            title: &when,
            rows: own_rows,
            selected: (selected < split).then_some(selected),
            first_from_selected: -(selected as isize),
            now,
            tz,
            shift,
            out_of_hours: false,
        };
        board::render(frame, table, theme, &view);
        if let Some(area) = after_area {
            let title = format!(
                "Out of hours since {} {} · for the next shift's handover",
                shift.ends_at.with_timezone(&tz).format("%H:%M"),
                shift.service_date.format("%a %-d %b")
            );
            let view = board::BoardView {
                title: &title,
                rows: after_rows,
                selected: selected.checked_sub(split),
                first_from_selected: split as isize - selected as isize,
                now,
                tz,
                shift,
                out_of_hours: true,
            };
            board::render(frame, area, theme, &view);
        }
        let lines: Vec<Line<'_>> = hint::rows(hint, keys.width)
            .into_iter()
            .map(|r| Line::styled(r, theme.dim()))
            .collect();
        frame.render_widget(Paragraph::new(lines), keys);
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
            .with_hint(format!("Changes: {}", fields.join(", "))),
        ],
    )
}

impl PaneView for IntakePane {
    fn captures_input(&self) -> bool {
        self.is_capturing()
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
                self.selected = 0;
            }
            return None;
        }
        match &mut self.mode {
            Mode::Edit {
                asking: Some(asking),
                ..
            } => {
                asking.1.paste(text);
                None
            }
            Mode::QuickAdd(form)
            | Mode::Edit { form, .. }
            | Mode::Correct { form, .. }
            | Mode::Reopen { form, .. }
            | Mode::CorrectIncident { form, .. }
            | Mode::Incident { form, .. }
            | Mode::FollowUp { form, .. }
            | Mode::Close { form, .. }
            | Mode::CloseSafeguarding { form, .. } => {
                form.paste(text);
                None
            }
            Mode::CloseOut(list) if list.reason.is_some() => {
                list.paste(text);
                None
            }
            Mode::Merge(_) => self.merge_paste(text),
            _ => super::paste_as_keys(self, text, now),
        }
    }

    fn on_list_key(&mut self, key: ListKey, now: DateTime<Utc>) -> Option<IntakeAction> {
        self.list_key(key, now)
    }

    fn handle_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<IntakeAction> {
        self.key(key, now)
    }
}
