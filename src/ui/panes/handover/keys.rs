//! The Handover pane's keys: a note, the forms over it, the past handovers and a search.

use super::bindings::{self, HistoryKey, NoteKey, SearchKey};
use super::{ADDENDUM, HandoverAction, HandoverPane, Mode, PIN, READBACK, TypedRun, form};
use crate::domain::handover::HandoverState;
use crate::domain::visit::LONG_TEXT_MAX;
use crate::ui::widgets::fields::{Field, FieldForm, FieldsEvent};
use crate::ui::widgets::message::Message;
use crate::ui::widgets::scroll::Scroll;
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent};
use zeroize::Zeroizing;

impl HandoverPane {
    pub(super) fn note_key(&mut self, key: KeyEvent) -> Option<HandoverAction> {
        let Mode::Note { scroll } = &mut self.mode else {
            return None;
        };
        let id = self.note.as_ref().map(|n| n.id);
        self.message = None;
        if self.confirming_print {
            self.confirming_print = false;
            let note = self.note.as_ref()?;
            return crate::ui::keys::says_yes(key).then(|| HandoverAction::Print {
                id: note.id,
                text: self.print_text(note),
            });
        }
        match bindings::NOTE.resolve(key)? {
            NoteKey::Edit => self.start_edit(),
            NoteKey::Down => scroll.down(1),
            NoteKey::Up => scroll.up(1),
            NoteKey::SignOff => self.start_sign_off(),
            NoteKey::Acknowledge => {
                if let Some(HandoverState::Signed { .. }) = self.note.as_ref().map(|n| &n.state) {
                    self.mode = Mode::Acknowledge {
                        form: FieldForm::new(
                            "Acknowledge this handover",
                            vec![
                                Field::area("Read-back", LONG_TEXT_MAX, "")
                                    .with_hint("In your own words: who needs what from you tonight")
                                    .id(READBACK),
                                Field::pin("Your PIN").id(PIN),
                            ],
                        ),
                    };
                } else {
                    self.message = Some(Message::Error(
                        "Only a signed, unacknowledged handover can be acknowledged.".into(),
                    ));
                }
            }
            NoteKey::Addendum => {
                if matches!(
                    self.note.as_ref().map(|n| &n.state),
                    Some(HandoverState::Draft) | None
                ) {
                    self.message = Some(Message::Error(
                        "A draft is edited directly (e); addenda are for signed notes.".into(),
                    ));
                } else {
                    self.mode = Mode::Addendum {
                        form: FieldForm::new(
                            "Dated addendum",
                            vec![
                                Field::area("Correction or addition", LONG_TEXT_MAX, "")
                                    .id(ADDENDUM),
                            ],
                        ),
                    };
                }
            }
            NoteKey::History => {
                return Some(HandoverAction::History {
                    query: None,
                    before: None,
                });
            }
            NoteKey::Print => {
                let signed = self
                    .note
                    .as_ref()
                    .is_some_and(|n| n.id != 0 && n.state != HandoverState::Draft);
                if !signed {
                    self.message = Some(Message::Error(
                        "Only a signed handover can be printed: sign it off first (s).".into(),
                    ));
                } else if !self.can_print {
                    self.message = Some(Message::Error(crate::ui::PRINTING_NOT_AVAILABLE.into()));
                } else {
                    self.confirming_print = true;
                }
            }
            NoteKey::Tonight => return Some(HandoverAction::OpenTonight),
            NoteKey::Reread => return Some(HandoverAction::Open(id?)),
        }
        None
    }

    /// `s` on a note: the PIN form, with what signing now would leave unsaid.
    fn start_sign_off(&mut self) {
        let Some(note) = self.note.as_ref() else {
            return;
        };
        if let Err(e) = note.state.can_sign() {
            self.message = Some(Message::Error(e.to_string()));
        } else {
            let mut form = FieldForm::new(
                "Sign off this handover",
                vec![Field::pin("Your PIN").id(PIN)],
            );
            // What signing now would leave unsaid; a form message wraps, so all of
            // it is read.
            let mut cautions = Vec::new();
            if self.unsettled > 0 {
                cautions.push(format!(
                    // x lists tonight's only once the shift has ended (while it runs, d
                    // on a visit closes it): the words hold at either time.
                    "{} still open: close them in Intake (d on a visit, or x once the shift \
                     has ended), or sign and they are carried forward.",
                    crate::domain::plural::count(self.unsettled, "visit", "visits")
                ));
            }
            let unjudged = note.body.not_assessed();
            if !unjudged.is_empty() {
                cautions.push(format!(
                    "Not assessed yet: {}. Sign anyway, or Esc and choose their stability.",
                    unjudged.join(", ")
                ));
            }
            if !cautions.is_empty() {
                form.error(cautions.join(" "));
            }
            self.mode = Mode::Sign { form };
        }
    }

    /// Pasted text into the open form or the history search; an edit to the note counts
    /// towards its autosave like typing does.
    pub(super) fn paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<HandoverAction> {
        match &mut self.mode {
            Mode::Edit { form, .. } => {
                if form.paste(text) == FieldsEvent::Edited {
                    let first = self.unsaved.map_or(now, |(f, _)| f);
                    self.unsaved = Some((first, now));
                }
            }
            Mode::Sign { form } | Mode::Acknowledge { form } | Mode::Addendum { form } => {
                form.paste(text);
            }
            Mode::History {
                query, searching, ..
            } if *searching => {
                let _ = query.paste(text);
            }
            _ => return crate::ui::panes::paste_as_keys(self, text, now),
        }
        None
    }

    /// The form that has the keyboard, if one does (the keys go to it: a note is open).
    pub(super) fn typing_form(&self) -> Option<&FieldForm> {
        self.note.as_ref()?;
        match &self.mode {
            Mode::Edit { form, .. }
            | Mode::Sign { form }
            | Mode::Acknowledge { form }
            | Mode::Addendum { form } => Some(form),
            _ => None,
        }
    }

    /// Characters typed faster than a frame into the open form, as [`Self::form_key`] would
    /// take the same keys one by one (none of them leaves the form or saves: Enter is a new
    /// line where it comes in a run); an edit to the note counts towards its autosave.
    pub(super) fn typed(&mut self, text: &str, now: DateTime<Utc>) -> TypedRun<HandoverAction> {
        if self.note.is_none() {
            return TypedRun::AsKeys;
        }
        let event = match &mut self.mode {
            Mode::Edit { form, .. }
            | Mode::Sign { form }
            | Mode::Acknowledge { form }
            | Mode::Addendum { form } => form.type_text(text),
            _ => None,
        };
        match event {
            None => TypedRun::AsKeys,
            Some(event) => {
                if event == FieldsEvent::Edited && matches!(self.mode, Mode::Edit { .. }) {
                    let first = self.unsaved.map_or(now, |(f, _)| f);
                    self.unsaved = Some((first, now));
                }
                TypedRun::Taken(None)
            }
        }
    }

    pub(super) fn form_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<HandoverAction> {
        let id = self.note.as_ref().map(|n| n.id)?;
        match &mut self.mode {
            // Esc never discards here: the note is kept as typed, so Esc saves and closes.
            Mode::Edit { form, base } => match if key.code == KeyCode::Esc {
                FieldsEvent::Cancel
            } else {
                form.handle_key(key)
            } {
                FieldsEvent::Edited => {
                    let first = self.unsaved.map_or(now, |(f, _)| f);
                    self.unsaved = Some((first, now));
                    None
                }
                // The draft is kept as it is typed: leaving the editor saves it.
                FieldsEvent::Submit | FieldsEvent::Cancel => {
                    let body = form::read(form, base);
                    self.mode = Mode::Note {
                        scroll: Scroll::default(),
                    };
                    self.unsaved = None;
                    Some(HandoverAction::SaveDraft(body))
                }
                _ => None,
            },
            Mode::Sign { form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.mode = Mode::Note {
                        scroll: Scroll::default(),
                    };
                    None
                }
                FieldsEvent::Submit => Some(HandoverAction::Sign {
                    id,
                    pin: Zeroizing::new(form.text(PIN)),
                }),
                _ => None,
            },
            Mode::Acknowledge { form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.mode = Mode::Note {
                        scroll: Scroll::default(),
                    };
                    None
                }
                FieldsEvent::Submit => Some(HandoverAction::Acknowledge {
                    id,
                    readback: form.text(READBACK).trim().to_string(),
                    pin: Zeroizing::new(form.text(PIN)),
                }),
                _ => None,
            },
            Mode::Addendum { form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.mode = Mode::Note {
                        scroll: Scroll::default(),
                    };
                    None
                }
                FieldsEvent::Submit => Some(HandoverAction::AddAddendum {
                    id,
                    text: form.text(ADDENDUM).trim().to_string(),
                }),
                _ => None,
            },
            _ => None,
        }
    }

    pub(super) fn history_key(&mut self, key: KeyEvent) -> Option<HandoverAction> {
        if matches!(
            self.mode,
            Mode::History {
                searching: true,
                ..
            }
        ) {
            return self.search_key(key);
        }
        let pressed = bindings::HISTORY.resolve(key)?;
        self.history_move(pressed, key)
    }

    /// A key of the past handovers' table; `key` says how far a move goes.
    pub(super) fn history_move(
        &mut self,
        pressed: HistoryKey,
        key: KeyEvent,
    ) -> Option<HandoverAction> {
        // Back to the note already loaded: no need to ask the store again.
        if pressed == HistoryKey::Back && self.note.is_some() {
            self.mode = Mode::Note {
                scroll: Scroll::default(),
            };
            return None;
        }
        let Mode::History {
            rows,
            query,
            searching,
            ..
        } = &mut self.mode
        else {
            return None;
        };
        match pressed {
            HistoryKey::Back => return Some(HandoverAction::OpenTonight),
            HistoryKey::Open => return rows.selected_row().map(|r| HandoverAction::Open(r.id)),
            // A new search starts empty: what is typed replaces the last query.
            HistoryKey::Search => {
                *searching = true;
                query.clear();
            }
            HistoryKey::Move => {
                // On the last row loaded, going down: the next page is fetched.
                if rows.key(key)? {
                    let q = query.value().trim().to_string();
                    return Some(HandoverAction::History {
                        query: (!q.is_empty()).then_some(q),
                        before: rows.last().map(|r| r.service_date),
                    });
                }
            }
        }
        None
    }

    /// While a search is typed: Enter searches, Esc clears, the rest is typing.
    pub(super) fn search_key(&mut self, key: KeyEvent) -> Option<HandoverAction> {
        let Mode::History {
            query, searching, ..
        } = &mut self.mode
        else {
            return None;
        };
        match bindings::SEARCH.resolve(key) {
            Some(SearchKey::Search) => {
                *searching = false;
                let q = query.value().trim().to_string();
                Some(HandoverAction::History {
                    query: (!q.is_empty()).then_some(q),
                    before: None,
                })
            }
            Some(SearchKey::Clear) => {
                *searching = false;
                query.clear();
                Some(HandoverAction::History {
                    query: None,
                    before: None,
                })
            }
            None => {
                query.handle_key(key);
                None
            }
        }
    }
}
