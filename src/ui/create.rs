//! Creating a new database: the passphrase twice (weak ones refused), then the first staff
//! member's name and PIN.

use super::theme::Theme;
use super::widgets::fields::{Field, FieldForm, FieldId, FieldsEvent};
use crate::domain::{passphrase, pin, staff, text};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::text::Line;
use zeroize::Zeroizing;

pub struct NewDatabase {
    pub passphrase: Zeroizing<String>,
    pub staff_name: String,
    pub pin: Zeroizing<String>,
}

enum Step {
    Passphrase(FieldForm),
    FirstStaff {
        passphrase: Zeroizing<String>,
        form: FieldForm,
    },
}

pub struct CreateScreen {
    step: Step,
}

impl CreateScreen {
    pub fn new() -> Self {
        CreateScreen {
            step: Step::Passphrase(passphrase_form()),
        }
    }

    /// Starts at the staff step with a passphrase already given (from a passphrase file); it
    /// must still meet the strength rule.
    pub fn with_passphrase(secret: Zeroizing<String>) -> Self {
        let mut screen = Self::new();
        match passphrase::check_strength(&secret) {
            Ok(()) => {
                screen.step = Step::FirstStaff {
                    passphrase: secret,
                    form: staff_form(),
                }
            }
            Err(problem) => {
                if let Step::Passphrase(form) = &mut screen.step {
                    form.error(format!(
                        "The passphrase file's passphrase is refused: {problem}"
                    ));
                }
            }
        }
        screen
    }

    pub fn set_error(&mut self, text: String) {
        match &mut self.step {
            Step::Passphrase(form) | Step::FirstStaff { form, .. } => form.error(text),
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<NewDatabase> {
        match &mut self.step {
            Step::Passphrase(form) => {
                if form.handle_key(key) != FieldsEvent::Submit {
                    return None;
                }
                match passphrase::check_new(form.typed(PASSPHRASE), form.typed(PASSPHRASE_AGAIN)) {
                    Ok(()) => {
                        let secret = Zeroizing::new(form.typed(PASSPHRASE).to_string());
                        self.step = Step::FirstStaff {
                            passphrase: secret,
                            form: staff_form(),
                        };
                    }
                    Err(problem) => {
                        let mismatch = problem == passphrase::PassphraseProblem::Mismatch;
                        form.refuse_secret_pair(
                            PASSPHRASE,
                            PASSPHRASE_AGAIN,
                            problem.to_string(),
                            mismatch,
                        );
                    }
                }
                None
            }
            Step::FirstStaff { passphrase, form } => {
                match form.handle_key(key) {
                    FieldsEvent::Submit => {}
                    FieldsEvent::Cancel => {
                        self.step = Step::Passphrase(passphrase_form());
                        return None;
                    }
                    _ => return None,
                }
                let name = match text::single_line("Your name", form.typed(NAME), staff::NAME_MAX) {
                    Ok(n) => n,
                    Err(e) => return form.refuse_at(NAME, e.to_string()),
                };
                if let Err(problem) = pin::check_new(form.typed(PIN), form.typed(PIN_AGAIN)) {
                    let mismatch = problem == pin::PinProblem::Mismatch;
                    form.refuse_secret_pair(PIN, PIN_AGAIN, problem.to_string(), mismatch);
                    return None;
                }
                Some(NewDatabase {
                    passphrase: passphrase.clone(),
                    staff_name: name,
                    pin: Zeroizing::new(form.typed(PIN).to_string()),
                })
            }
        }
    }

    /// Pasted text into the focused field (a passphrase from a password manager, a name, a
    /// PIN: digits only, or refused with a message). It never submits.
    pub fn paste(&mut self, text: &str) {
        match &mut self.step {
            Step::Passphrase(form) | Step::FirstStaff { form, .. } => {
                form.paste(text);
            }
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, theme: &Theme, db_label: &str) {
        let area = super::centered(frame.area(), 76, 18);
        let db = Line::raw(format!("New database: {}", super::safe(db_label)));
        match &self.step {
            Step::Passphrase(form) => form.render_compact(
                frame,
                area,
                theme,
                vec![
                    db,
                    Line::raw("Choose a passphrase for the encrypted database. It cannot be recovered:"),
                    Line::raw("keep it somewhere safe. At least 12 characters; a few unrelated words work well."),
                ],
                vec![Line::styled("Ctrl-c quits.", theme.dim())],
            ),
            Step::FirstStaff { form, .. } => form.render_compact(
                frame,
                area,
                theme,
                vec![
                    db,
                    Line::raw("You are the first staff member. Choose a PIN of at least 6 digits;"),
                    Line::raw("you will use it to sign in, sign off handovers and add colleagues."),
                ],
                vec![Line::styled("Esc goes back to the passphrase. Ctrl-c quits.", theme.dim())],
            ),
        }
    }
}

impl Default for CreateScreen {
    fn default() -> Self {
        Self::new()
    }
}

const PASSPHRASE: FieldId = FieldId::new("passphrase");
const PASSPHRASE_AGAIN: FieldId = FieldId::new("passphrase again");
const NAME: FieldId = FieldId::new("name");
const PIN: FieldId = FieldId::new("pin");
const PIN_AGAIN: FieldId = FieldId::new("pin again");

fn passphrase_form() -> FieldForm {
    FieldForm::new(
        "Create a database — step 1 of 2",
        vec![
            Field::masked("Passphrase", 1024).id(PASSPHRASE),
            Field::masked("Passphrase again", 1024).id(PASSPHRASE_AGAIN),
        ],
    )
    .cancelling_at_once()
}

fn staff_form() -> FieldForm {
    FieldForm::new(
        "Create a database — step 2 of 2",
        vec![
            Field::text("Your name", staff::NAME_MAX, "").id(NAME),
            Field::pin("PIN").id(PIN),
            Field::pin("PIN again").id(PIN_AGAIN),
        ],
    )
    .cancelling_at_once()
}
