//! Pane 4, Handover: tonight's note drafted from the shift's records, edited (autosaved every
//! few seconds), signed off with the PIN, acknowledged by the incoming lead with a read-back,
//! corrected by dated addenda, and a searchable history.

mod bindings;
mod drafts;
pub mod form;
pub mod view;

use super::{Pane, PaneView};
use crate::domain::handover::{Handover, HandoverRow};
use crate::domain::handover::{HandoverBody, HandoverState};
use crate::domain::visit::LONG_TEXT_MAX;
use crate::ui::help::HelpRow;
use crate::ui::keys::ListMove;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::fields::{Field, FieldForm, FieldId, FieldsEvent};
use crate::ui::widgets::fields::{FormKey, Say};
use crate::ui::widgets::hint;
use crate::ui::widgets::input::TextInput;
use crate::ui::widgets::message::Message;
use crate::ui::widgets::scroll::Scroll;
use crate::ui::widgets::table::render_list_with_selection;
use bindings::NoteKey;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem, Paragraph, Wrap};
use std::collections::HashMap;
use zeroize::Zeroizing;

/// A pause in typing this long saves the draft...
const AUTOSAVE_AFTER_PAUSE: Duration = Duration::seconds(2);
/// ...and so does this long of continuous typing.
const AUTOSAVE_AT_MOST_EVERY: Duration = Duration::seconds(5);
pub const HISTORY_PAGE: usize = 30;

/// The sign-off, acknowledgement and addendum forms' fields.
const PIN: FieldId = FieldId::new("pin");
const READBACK: FieldId = FieldId::new("readback");
const ADDENDUM: FieldId = FieldId::new("addendum");

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
        rows: Vec<HandoverRow>,
        selected: usize,
        query: TextInput,
        searching: bool,
        has_more: bool,
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
        let has_more = rows.len() == HISTORY_PAGE;
        match &mut self.mode {
            Mode::History {
                rows: existing,
                has_more: more,
                total: all,
                ..
            } if append => {
                existing.extend(rows);
                *more = has_more;
                *all = total.unwrap_or(*all).max(existing.len());
            }
            Mode::History {
                rows: existing,
                selected,
                has_more: more,
                total: all,
                ..
            } => {
                *all = total.unwrap_or(rows.len()).max(rows.len());
                *existing = rows;
                *selected = 0;
                *more = has_more;
            }
            _ => {
                self.mode = Mode::History {
                    total: total.unwrap_or(rows.len()).max(rows.len()),
                    rows,
                    selected: 0,
                    query: TextInput::new(80),
                    searching: false,
                    has_more,
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

    fn note_key(&mut self, key: KeyEvent) -> Option<HandoverAction> {
        let Mode::Note { scroll } = &mut self.mode else {
            return None;
        };
        let id = self.note.as_ref().map(|n| n.id);
        self.message = None;
        if self.confirming_print {
            self.confirming_print = false;
            let note = self.note.as_ref()?;
            return (key.code == KeyCode::Char('y')).then(|| HandoverAction::Print {
                id: note.id,
                text: self.print_text(note),
            });
        }
        match bindings::NOTE.resolve(key)? {
            NoteKey::Down => scroll.down(1),
            NoteKey::Up => scroll.up(1),
            NoteKey::SignOff => {
                let note = self.note.as_ref()?;
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
                            "{} still open: close them out in Intake (x), or sign and they are \
                             carried forward.",
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

    /// Pasted text into the open form or the history search; an edit to the note counts
    /// towards its autosave like typing does.
    fn paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<HandoverAction> {
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
            _ => return super::paste_as_keys(self, text, now),
        }
        None
    }

    fn form_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<HandoverAction> {
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

    fn history_key(&mut self, key: KeyEvent) -> Option<HandoverAction> {
        // Back to the note already loaded: no need to ask the store again.
        if key.code == KeyCode::Esc
            && self.note.is_some()
            && matches!(
                self.mode,
                Mode::History {
                    searching: false,
                    ..
                }
            )
        {
            self.mode = Mode::Note {
                scroll: Scroll::default(),
            };
            return None;
        }
        let Mode::History {
            rows,
            selected,
            query,
            searching,
            has_more,
            ..
        } = &mut self.mode
        else {
            return None;
        };
        if *searching {
            match key.code {
                KeyCode::Enter => {
                    *searching = false;
                    let q = query.value().trim().to_string();
                    return Some(HandoverAction::History {
                        query: (!q.is_empty()).then_some(q),
                        before: None,
                    });
                }
                KeyCode::Esc => {
                    *searching = false;
                    query.clear();
                    return Some(HandoverAction::History {
                        query: None,
                        before: None,
                    });
                }
                _ => {
                    query.handle_key(key);
                }
            }
            return None;
        }
        match key.code {
            KeyCode::Esc => return Some(HandoverAction::OpenTonight),
            KeyCode::Enter => return rows.get(*selected).map(|r| HandoverAction::Open(r.id)),
            // A new search starts empty: what is typed replaces the last query.
            KeyCode::Char('/') => {
                *searching = true;
                query.clear();
            }
            KeyCode::Down | KeyCode::Char('j') => {
                *selected = (*selected + 1).min(rows.len().saturating_sub(1));
                if *has_more && *selected + 1 == rows.len() {
                    let q = query.value().trim().to_string();
                    return Some(HandoverAction::History {
                        query: (!q.is_empty()).then_some(q),
                        before: rows.last().map(|r| r.service_date),
                    });
                }
            }
            KeyCode::Up | KeyCode::Char('k') => *selected = selected.saturating_sub(1),
            code => {
                if let Some(to) = crate::ui::widgets::table::paged(code, *selected, rows.len()) {
                    *selected = to;
                    if *has_more && *selected + 1 == rows.len() {
                        let q = query.value().trim().to_string();
                        return Some(HandoverAction::History {
                            query: (!q.is_empty()).then_some(q),
                            before: rows.last().map(|r| r.service_date),
                        });
                    }
                }
            }
        }
        None
    }

    fn render_note(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, scroll: &Scroll) {
        let Some(note) = &self.note else {
            frame.render_widget(Paragraph::new("Loading…"), area);
            return;
        };
        let keys = bindings::note_hint(
            note.state == HandoverState::Draft,
            matches!(note.state, HandoverState::Acknowledged { .. }),
        );
        let footer = hint::in_border(&keys, area.width);
        hint::record_border_keys(area, &footer);
        let block = block::titled(
            format!(" Handover — {} ", note.service_date.format("%a %-d %b %Y")),
            theme,
        )
        .title_bottom(Line::styled(footer, theme.dim()));
        let lines = view::lines(note, &self.staff_names, self.tz, theme);
        scroll.render(frame, area, lines, block);
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

    fn help_rows(&self) -> Vec<HelpRow> {
        bindings::help_rows()
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, _now: DateTime<Utc>) {
        let [body, message] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
        match &self.mode {
            Mode::Note { scroll } => {
                self.render_note(frame, body, theme, scroll);
                if self.confirming_print {
                    render_print_question(frame, body, theme);
                }
            }
            Mode::Edit { form, .. } => form.render(
                frame,
                body,
                theme,
                &[
                    Say::Also("Saved as you type"),
                    Say::As(FormKey::Next, "next part"),
                    Say::Either(FormKey::Cancel, FormKey::Submit, "close"),
                ],
            ),
            Mode::Sign { form } | Mode::Acknowledge { form } | Mode::Addendum { form } => {
                self.render_note(frame, body, theme, &Scroll::default());
                let r = crate::ui::centered(body, 76, 14);
                form.render(
                    frame,
                    r,
                    theme,
                    &[
                        Say::As(FormKey::Submit, "confirms"),
                        Say::Key(FormKey::Cancel),
                    ],
                );
            }
            Mode::History {
                rows,
                selected,
                query,
                searching,
                total,
                ..
            } => {
                let count = crate::domain::plural::count(*total, "handover", "handovers");
                let title = if query.is_empty() && !*searching {
                    format!(" Past handovers · {count} ")
                } else {
                    format!(
                        " Past handovers matching: {}{} · {count} ",
                        crate::ui::safe(query.value()),
                        if *searching { "▏" } else { "" }
                    )
                };
                // Under each row found by a search, the words around its hit.
                let excerpts = rows.iter().any(|r| r.excerpt.is_some());
                let room = usize::from(body.width.saturating_sub(6));
                let items: Vec<ListItem<'_>> = rows
                    .iter()
                    .map(|r| {
                        let state = match r.state {
                            HandoverState::Draft => "draft (not signed)",
                            HandoverState::Signed { .. } => "signed, NOT ACKNOWLEDGED",
                            HandoverState::Acknowledged { .. } => "signed and acknowledged",
                        };
                        let head = format!("{}  {state}", r.service_date.format("%a %d/%m/%Y"));
                        if !excerpts {
                            return ListItem::new(head);
                        }
                        let words = r.excerpt.as_deref().map_or(String::new(), |e| {
                            let cut = crate::domain::handover::excerpt_around_hit(e, room);
                            hint::ellipsize(&crate::ui::safe(&cut), room)
                        });
                        ListItem::new(vec![Line::raw(head), Line::raw(format!("  {words}"))])
                    })
                    .collect();
                let block = block::titled(title, theme).title_bottom(Line::styled(
                    hint::in_border(" Enter open · / search · Esc back ", area.width),
                    theme.dim(),
                ));
                render_list_with_selection(
                    frame,
                    body,
                    List::new(items).block(block),
                    if excerpts { 2 } else { 1 },
                    *selected,
                    theme,
                );
            }
        }
        if let Some(m) = &self.message {
            frame.render_widget(Paragraph::new(m.line(theme)), message);
        }
    }
}

/// "Print this handover?" with the warning that paper leaves the encrypted store.
fn render_print_question(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let area = crate::ui::centered(area, 72, 8);
    frame.render_widget(ratatui::widgets::Clear, area);
    let block = block::titled(" Print this handover? WARNING, not encrypted ", theme).title_bottom(
        Line::styled(
            hint::in_border(" y prints · any other key cancels ", area.width),
            theme.dim(),
        ),
    );
    let lines = vec![
        Line::styled(
            "The printed page leaves the encrypted store: anyone who picks it up",
            theme.warning(),
        ),
        Line::styled("can read every visitor on it.", theme.warning()),
        Line::raw(""),
        Line::raw("Collect it from the printer at once; shred it after use."),
        Line::raw("Printing is recorded in the audit log."),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
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
                self.history_key(KeyEvent::from(KeyCode::Down))
            }
            (Mode::History { .. }, ListMove::Up) => self.history_key(KeyEvent::from(KeyCode::Up)),
            (Mode::History { .. }, ListMove::Open) => {
                self.history_key(KeyEvent::from(KeyCode::Enter))
            }
            (Mode::History { .. }, ListMove::Filter) => {
                self.history_key(KeyEvent::from(KeyCode::Char('/')))
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
}
