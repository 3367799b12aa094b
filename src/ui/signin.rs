//! Staff sign-in after unlocking: pick your name, type your PIN. A signed-in colleague's PIN
//! also lets them add a new colleague (Ctrl-n).

use super::theme::Theme;
use super::widgets::fields::{Field, FieldForm, FieldId, FieldsEvent};
use super::widgets::message::Message;
use crate::domain::staff::{NAME_MAX, StaffMember};
use crate::domain::{pin, text};
use crate::ui::keys::{Binding, CTRL, Keymap, NONE, Step};
use crate::ui::widgets::block;
use crate::ui::widgets::list::PagedList;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState};
use zeroize::Zeroizing;

/// The sign-in screen's keys. A letter chooses the next name starting with it (any letter, so
/// not a binding), and the PIN field takes digits and Enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SignInKey {
    Up,
    Down,
    AddColleague,
}

const SIGN_IN: Keymap<SignInKey> = Keymap {
    bindings: &[
        Binding {
            keys: &[(KeyCode::Up, NONE)],
            label: "↑",
            does: "the name above",
            short: "",
            action: SignInKey::Up,
        },
        Binding {
            keys: &[(KeyCode::Down, NONE)],
            label: "↓",
            does: "the name below",
            short: "",
            action: SignInKey::Down,
        },
        Binding {
            keys: &[(KeyCode::Char('n'), CTRL)],
            label: "Ctrl-n",
            does: "your PIN, then add a colleague",
            short: "add a colleague",
            action: SignInKey::AddColleague,
        },
    ],
};

/// The words under the PIN: how to choose a name, sign in, and add a colleague (from the
/// table: the key and what it does).
fn help_text() -> String {
    let add = SIGN_IN
        .bindings
        .iter()
        .find(|b| b.action == SignInKey::AddColleague)
        .map(|b| format!(" {}: {}.", b.label, b.does))
        .unwrap_or_default();
    format!("Type a letter to choose a name. Enter signs in.{add}")
}

pub enum SignInAction {
    SignIn {
        staff_id: i64,
        pin: Zeroizing<String>,
    },
    /// Checks the sponsor's PIN and then asks for the colleague's details.
    AuthoriseNewColleague {
        staff_id: i64,
        pin: Zeroizing<String>,
    },
    AddColleague {
        sponsor_id: i64,
        name: String,
        pin: Zeroizing<String>,
    },
}

const NAME: FieldId = FieldId::new("name");
const PIN: FieldId = FieldId::new("pin");
const PIN_AGAIN: FieldId = FieldId::new("pin again");

enum Mode {
    SignIn,
    NewColleague { sponsor_id: i64, form: FieldForm },
}

pub struct SignInScreen {
    staff: PagedList<StaffMember>,
    pin: FieldForm,
    mode: Mode,
}

impl SignInScreen {
    pub fn new(staff: Vec<StaffMember>, preselect: Option<i64>) -> Self {
        let mut staff = PagedList::of(staff);
        if let Some(id) = preselect {
            staff.select_where(|s| s.id == id);
        }
        SignInScreen {
            staff,
            pin: FieldForm::new("PIN", vec![Field::pin("PIN").id(PIN)]).cancelling_at_once(),
            mode: Mode::SignIn,
        }
    }

    pub fn selected_staff(&self) -> Option<&StaffMember> {
        self.staff.selected_row()
    }

    pub fn set_message(&mut self, m: Option<Message>) {
        match &mut self.mode {
            Mode::SignIn => self.pin.message = m,
            Mode::NewColleague { form, .. } => form.message = m,
        }
    }

    pub fn message(&self) -> Option<&Message> {
        match &self.mode {
            Mode::SignIn => self.pin.message.as_ref(),
            Mode::NewColleague { form, .. } => form.message.as_ref(),
        }
    }

    /// After the sponsor's PIN has been accepted.
    pub fn start_new_colleague(&mut self, sponsor_id: i64) {
        self.pin.clear(PIN);
        self.mode = Mode::NewColleague {
            sponsor_id,
            form: FieldForm::new(
                "Add a colleague",
                vec![
                    Field::text("New colleague's name", NAME_MAX, "").id(NAME),
                    Field::pin("Their PIN").id(PIN),
                    Field::pin("Their PIN again").id(PIN_AGAIN),
                ],
            )
            .cancelling_at_once(),
        };
    }

    /// After a colleague was added: back to sign-in with them selected.
    pub fn colleague_added(&mut self, staff: Vec<StaffMember>, new_id: i64) {
        self.staff = PagedList::of(staff);
        self.staff.select_where(|s| s.id == new_id);
        self.mode = Mode::SignIn;
        self.pin.message = Some(Message::Info(
            "Colleague added. They can sign in now.".into(),
        ));
    }

    /// Pasted text: into the colleague form's focused field, or the PIN (digits only, or
    /// refused with a message). Letters alone, typed faster than a frame, still choose a
    /// name as typed letters do. It never signs in: Enter does.
    pub fn paste(&mut self, text: &str) {
        if let Mode::NewColleague { form, .. } = &mut self.mode {
            form.paste(text);
            return;
        }
        if !text.is_empty() && text.chars().all(char::is_alphabetic) {
            for c in text.chars() {
                self.handle_key(KeyEvent::from(KeyCode::Char(c)));
            }
            return;
        }
        self.pin.paste(text);
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<SignInAction> {
        if let Mode::NewColleague { sponsor_id, form } = &mut self.mode {
            match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.mode = Mode::SignIn;
                    return None;
                }
                FieldsEvent::Submit => {}
                _ => return None,
            }
            let name = match text::single_line("Name", form.typed(NAME), NAME_MAX) {
                Ok(n) => n,
                Err(e) => return form.refuse_at(NAME, e.to_string()),
            };
            if let Err(p) = pin::check_new(form.typed(PIN), form.typed(PIN_AGAIN)) {
                let mismatch = p == pin::PinProblem::Mismatch;
                form.refuse_secret_pair(PIN, PIN_AGAIN, p.to_string(), mismatch);
                return None;
            }
            return Some(SignInAction::AddColleague {
                sponsor_id: *sponsor_id,
                name,
                pin: Zeroizing::new(form.typed(PIN).to_string()),
            });
        }
        match SIGN_IN.resolve(key) {
            Some(SignInKey::Up) => {
                self.staff.step(Step::Up);
                return None;
            }
            Some(SignInKey::Down) => {
                self.staff.step(Step::Down);
                return None;
            }
            Some(SignInKey::AddColleague) => {
                return self
                    .take_pin()
                    .map(|(staff_id, pin)| SignInAction::AuthoriseNewColleague { staff_id, pin });
            }
            None => {}
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            // Letters choose a name (the PIN is digits only): the next one starting with it.
            KeyCode::Char(c) if !ctrl && c.is_alphabetic() => {
                let c = c.to_lowercase().next().unwrap_or(c);
                let n = self.staff.len();
                let from = self.staff.selected();
                if let Some(i) = (1..=n).map(|k| (from + k) % n).find(|i| {
                    self.staff
                        .rows()
                        .get(*i)
                        .is_some_and(|s| s.name.to_lowercase().starts_with(c))
                }) {
                    self.staff.select(i);
                }
                None
            }
            _ => match self.pin.handle_key(key) {
                FieldsEvent::Submit => self
                    .take_pin()
                    .map(|(staff_id, pin)| SignInAction::SignIn { staff_id, pin }),
                _ => None,
            },
        }
    }

    fn take_pin(&mut self) -> Option<(i64, Zeroizing<String>)> {
        let staff_id = self.selected_staff()?.id;
        if self.pin.typed(PIN).is_empty() {
            self.pin.error("Type your PIN first.");
            return None;
        }
        let pin = Zeroizing::new(self.pin.typed(PIN).to_string());
        self.pin.clear(PIN);
        Some((staff_id, pin))
    }

    pub fn render(&self, frame: &mut Frame<'_>, theme: &Theme) {
        let area = super::centered(frame.area(), 72, 20);
        if let Mode::NewColleague { sponsor_id, form } = &self.mode {
            let sponsor = self
                .staff
                .rows()
                .iter()
                .find(|s| s.id == *sponsor_id)
                .map(|s| super::safe(&s.name));
            form.render_compact(
                frame,
                area,
                theme,
                vec![Line::raw(format!(
                    "Added by {}. Their PIN needs at least 6 digits.",
                    sponsor.unwrap_or_default()
                ))],
                vec![Line::styled("Ctrl-s saves. Esc goes back.", theme.dim())],
            );
            return;
        }
        frame.render_widget(Clear, area);
        // The help under the PIN wraps at spaces; the box grows by the rows it needs.
        let help = crate::ui::widgets::hint::wrap(&help_text(), area.width.saturating_sub(2));
        let pin_rows = 7 + help.len() as u16 + u16::from(self.pin.message.is_some());
        let [list_area, pin_area] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(pin_rows)]).areas(area);
        let items: Vec<ListItem<'_>> = self
            .staff
            .rows()
            .iter()
            .map(|s| ListItem::new(Line::raw(super::safe(&s.name))))
            .collect();
        let list = List::new(items)
            .block(block::titled(" Sign in — who are you? (↑/↓) ", theme))
            .highlight_style(theme.selected())
            .highlight_symbol("▸ ");
        let mut state = ListState::default().with_selected(Some(self.staff.selected()));
        frame.render_stateful_widget(list, list_area, &mut state);
        let who = self
            .selected_staff()
            .map(|s| super::safe(&s.name))
            .unwrap_or_default();
        self.pin.render_compact(
            frame,
            pin_area,
            theme,
            vec![Line::from(vec![
                Span::raw("Signing in as "),
                Span::styled(who, theme.title()),
            ])],
            help.into_iter()
                .map(|row| Line::styled(row, theme.dim()))
                .collect(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_keys_resolve_through_the_table_and_the_help_names_ctrl_n() {
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(SIGN_IN.resolve(ctrl_n), Some(SignInKey::AddColleague));
        assert_eq!(
            SIGN_IN.resolve(KeyEvent::from(KeyCode::Down)),
            Some(SignInKey::Down)
        );
        assert_eq!(SIGN_IN.resolve(KeyEvent::from(KeyCode::Char('n'))), None);
        assert_eq!(
            help_text(),
            "Type a letter to choose a name. Enter signs in. Ctrl-n: your PIN, then add a colleague."
        );
    }
}
