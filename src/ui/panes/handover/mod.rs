//! Pane 4, Handover: tonight's note drafted from the shift's records, edited (autosaved every
//! few seconds), signed off with the PIN, acknowledged by the incoming lead with a read-back,
//! corrected by dated addenda, and a searchable history.

mod bindings;
mod drafts;
mod draw;
pub mod form;
mod keys;
pub mod view;

use super::{Pane, PaneView, TypedRun};
use crate::domain::handover::{Handover, HandoverRow};
use crate::domain::handover::{HandoverBody, HandoverState};
use crate::ui::help::HelpRow;
use crate::ui::keys::ListMove;
use crate::ui::theme::Theme;
use crate::ui::widgets::fields::{FieldForm, FieldId};
use crate::ui::widgets::input::TextInput;
use crate::ui::widgets::list::PagedList;
use crate::ui::widgets::message::Message;
use crate::ui::widgets::scroll::Scroll;
use bindings::HistoryKey;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use std::collections::HashMap;
use zeroize::Zeroizing;

/// A pause in typing this long saves the draft...
const AUTOSAVE_AFTER_PAUSE: Duration = Duration::seconds(2);
/// ...and so does this long of continuous typing.
const AUTOSAVE_AT_MOST_EVERY: Duration = Duration::seconds(5);
pub const HISTORY_PAGE: usize = 30;

/// The sign-off, acknowledgement and addendum forms' fields.
pub(super) const PIN: FieldId = FieldId::new("pin");
pub(super) const READBACK: FieldId = FieldId::new("readback");
pub(super) const ADDENDUM: FieldId = FieldId::new("addendum");

#[derive(Debug, Clone, PartialEq)]
pub enum HandoverAction {
    /// Tonight's note: load it, or draft it from the shift's records (new facts merged in).
    OpenTonight,
    Open(i64),
    SaveDraft(HandoverBody),
    Sign {
        id: i64,
        pin: Zeroizing<String>,
    },
    AddAddendum {
        id: i64,
        text: String,
    },
    Acknowledge {
        id: i64,
        pin: Zeroizing<String>,
        readback: String,
    },
    History {
        query: Option<String>,
        before: Option<NaiveDate>,
    },
    /// Send a signed note, as plain text, to the print command (audited as printed).
    Print {
        id: i64,
        text: String,
    },
}

enum Mode {
    Note {
        scroll: Scroll,
    },
    Edit {
        form: FieldForm,
        base: HandoverBody,
    },
    Sign {
        form: FieldForm,
    },
    Acknowledge {
        form: FieldForm,
    },
    Addendum {
        form: FieldForm,
    },
    History {
        /// Paged from the database, newest first.
        rows: PagedList<HandoverRow>,
        query: TextInput,
        searching: bool,
        /// How many handovers there are (or match the search), however few are loaded.
        total: usize,
    },
}

pub struct HandoverPane {
    note: Option<Handover>,
    staff_names: HashMap<i64, String>,
    tz: Tz,
    mode: Mode,
    /// Unsaved edits: when the first and the last happened.
    unsaved: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub message: Option<Message>,
    /// How many visits of the note's shift are still open and not carried forward: sign-off
    /// says so, and signing carries them forward.
    unsettled: usize,
    /// The computer has a print command.
    can_print: bool,
    /// `p` asked whether to print (the warning is on show; `y` prints).
    confirming_print: bool,
}

impl HandoverPane {
    pub fn new(staff_names: HashMap<i64, String>, tz: Tz, can_print: bool) -> Self {
        HandoverPane {
            note: None,
            staff_names,
            tz,
            mode: Mode::Note {
                scroll: Scroll::default(),
            },
            unsaved: None,
            message: None,
            unsettled: 0,
            can_print,
            confirming_print: false,
        }
    }

    /// The printed page was sent: say so where the lead is looking.
    pub fn printed(&mut self, message: Message) {
        self.message = Some(message);
    }

    /// The note on show as plain text, as it reads on screen, for the printer.
    fn print_text(&self, note: &Handover) -> String {
        let theme = Theme::plain();
        let mut out = format!(
            "Staying Well handover — {}\n\n",
            note.service_date.format("%A %-d %B %Y")
        );
        for line in view::lines(note, &self.staff_names, self.tz, &theme) {
            for span in &line.spans {
                out.push_str(&span.content);
            }
            out.push('\n');
        }
        out.push_str("\nConfidential: a printed copy is not encrypted. Shred it after use.\n");
        out
    }

    /// What the app found still open on the note's shift.
    pub fn set_unsettled(&mut self, visits: usize) {
        self.unsettled = visits;
    }

    /// The shift whose note is on show, if it is still a draft (only a draft can be signed).
    pub fn draft_date(&self) -> Option<chrono::NaiveDate> {
        self.note
            .as_ref()
            .filter(|n| n.state == HandoverState::Draft)
            .map(|n| n.service_date)
    }

    pub fn note(&self) -> Option<&Handover> {
        self.note.as_ref()
    }

    pub fn mode_name(&self) -> &'static str {
        match self.mode {
            Mode::Note { .. } => "note",
            Mode::Edit { .. } => "edit",
            Mode::Sign { .. } => "sign",
            Mode::Acknowledge { .. } => "acknowledge",
            Mode::Addendum { .. } => "addendum",
            Mode::History { .. } => "history",
        }
    }

    /// Shows a note (after loading or saving it).
    pub fn show(&mut self, note: Handover) {
        self.note = Some(note);
        self.mode = Mode::Note {
            scroll: Scroll::default(),
        };
        self.unsaved = None;
    }

    /// Coming to the front: a draft on show is brought up to date, since the lead may have
    /// admitted or discharged people while the pane was hidden. A signed note, an open form or
    /// history stays as it was.
    pub fn on_entered(&self) -> Option<HandoverAction> {
        match (&self.mode, &self.note) {
            (Mode::Note { .. }, Some(note)) if note.state == HandoverState::Draft => {
                Some(HandoverAction::OpenTonight)
            }
            _ => None,
        }
    }

    /// A draft save committed: the editor stays open.
    pub fn draft_saved(&mut self, note: Handover) {
        if let Some(n) = &mut self.note {
            n.id = note.id;
            n.draft_saved_at = note.draft_saved_at;
        } else {
            self.note = Some(note);
        }
        self.unsaved = None;
    }

    /// A page of the history: the first (with `total`, how many there are in all) or the
    /// next one (`append`).
    pub fn show_history(&mut self, rows: Vec<HandoverRow>, append: bool, total: Option<usize>) {
        match &mut self.mode {
            Mode::History {
                rows: existing,
                total: all,
                ..
            } if append => {
                existing.next_page(rows);
                *all = total.unwrap_or(*all).max(existing.len());
            }
            Mode::History {
                rows: existing,
                total: all,
                ..
            } => {
                *all = total.unwrap_or(rows.len()).max(rows.len());
                existing.first_page(rows);
            }
            _ => {
                let mut list = PagedList::paged(HISTORY_PAGE, 0);
                let total = total.unwrap_or(rows.len()).max(rows.len());
                list.first_page(rows);
                self.mode = Mode::History {
                    total,
                    rows: list,
                    query: TextInput::new(80),
                    searching: false,
                };
            }
        }
    }

    pub fn refuse(&mut self, text: String) {
        match &mut self.mode {
            Mode::Edit { form, .. }
            | Mode::Sign { form }
            | Mode::Acknowledge { form }
            | Mode::Addendum { form } => form.error(text),
            _ => self.message = Some(Message::Error(text)),
        }
    }

    /// The edited body, if it has changes not yet saved.
    pub fn unsaved_body(&self) -> Option<HandoverBody> {
        match (&self.mode, self.unsaved) {
            (Mode::Edit { form, base }, Some(_)) => Some(form::read(form, base)),
            _ => None,
        }
    }

    /// The body to autosave now, if the rule says so.
    pub fn autosave_due(&self, now: DateTime<Utc>) -> Option<HandoverBody> {
        let (first, last) = self.unsaved?;
        (now - last >= AUTOSAVE_AFTER_PAUSE || now - first >= AUTOSAVE_AT_MOST_EVERY)
            .then(|| self.unsaved_body())
            .flatten()
    }

    fn start_edit(&mut self) {
        let Some(note) = &self.note else { return };
        if note.state.can_edit().is_err() {
            self.message = Some(Message::Error(
                "This handover is signed; press d for a dated addendum.".into(),
            ));
            return;
        }
        let title = format!(
            "Handover {} — draft (saved as you type)",
            note.service_date.format("%a %-d %b %Y")
        );
        self.mode = Mode::Edit {
            form: form::form(&note.body, &title),
            base: note.body.clone(),
        };
    }
}

impl PaneView for HandoverPane {
    fn captures_input(&self) -> bool {
        match &self.mode {
            Mode::Note { .. } => self.confirming_print,
            Mode::History { searching, .. } => *searching,
            _ => true,
        }
    }

    fn types_lines(&self) -> bool {
        self.typing_form().is_some_and(FieldForm::types_lines)
    }

    fn help_rows(&self) -> Vec<HelpRow> {
        bindings::help_rows()
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, _now: DateTime<Utc>) {
        self.draw(frame, area, theme)
    }
}

impl Pane for HandoverPane {
    type Action = HandoverAction;

    fn on_list(&mut self, key: ListMove, _now: DateTime<Utc>) -> Option<HandoverAction> {
        match (&self.mode, key) {
            (Mode::Note { .. }, ListMove::Edit | ListMove::Open) => {
                self.start_edit();
                None
            }
            (Mode::Note { .. }, ListMove::Down) => self.note_key(KeyEvent::from(KeyCode::Down)),
            (Mode::Note { .. }, ListMove::Up) => self.note_key(KeyEvent::from(KeyCode::Up)),
            (Mode::History { .. }, ListMove::Down) => {
                self.history_move(HistoryKey::Move, KeyEvent::from(KeyCode::Down))
            }
            (Mode::History { .. }, ListMove::Up) => {
                self.history_move(HistoryKey::Move, KeyEvent::from(KeyCode::Up))
            }
            (Mode::History { .. }, ListMove::Open) => {
                self.history_move(HistoryKey::Open, KeyEvent::from(KeyCode::Enter))
            }
            (Mode::History { .. }, ListMove::Filter) => {
                self.history_move(HistoryKey::Search, KeyEvent::from(KeyCode::Char('/')))
            }
            _ => None,
        }
    }

    fn handle_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<HandoverAction> {
        match self.mode {
            Mode::Note { .. } => self.note_key(key),
            Mode::History { .. } => self.history_key(key),
            _ => self.form_key(key, now),
        }
    }

    fn handle_paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<HandoverAction> {
        self.paste(text, now)
    }

    fn handle_typed(&mut self, text: &str, now: DateTime<Utc>) -> TypedRun<HandoverAction> {
        self.typed(text, now)
    }
}
