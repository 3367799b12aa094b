//! The unlock screen: "Unlock", the passphrase (masked), and why the app is locked.

use super::theme::Theme;
use super::widgets::fields::{Field, FieldForm, FieldId, FieldsEvent};
use super::widgets::message::Message;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::text::Line;
use zeroize::Zeroizing;

/// Shown on the unlock screen of the demo database only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoHint {
    pub passphrase: String,
    pub staff_name: String,
    pub pin: String,
}

pub enum UnlockAction {
    Unlock(Zeroizing<String>),
}

pub struct UnlockScreen {
    form: FieldForm,
    pub demo: Option<DemoHint>,
    pub reason: Option<String>,
}

const PASSPHRASE_MAX: usize = 1024;
const PASSPHRASE: FieldId = FieldId::new("passphrase");

impl UnlockScreen {
    pub fn new(demo: Option<DemoHint>, reason: Option<String>) -> Self {
        UnlockScreen {
            form: FieldForm::new(
                "Unlock",
                vec![Field::masked("Passphrase", PASSPHRASE_MAX).id(PASSPHRASE)],
            )
            .cancelling_at_once(),
            demo,
            reason,
        }
    }

    pub fn set_message(&mut self, m: Option<Message>) {
        self.form.message = m;
    }

    pub fn message(&self) -> Option<&Message> {
        self.form.message.as_ref()
    }

    /// A pasted passphrase (password managers paste): inserted whole, never submitted by a
    /// line break in it; Enter unlocks.
    pub fn paste(&mut self, text: &str) {
        self.form.paste(text);
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<UnlockAction> {
        match self.form.handle_key(key) {
            FieldsEvent::Submit if !self.form.typed(PASSPHRASE).is_empty() => {
                let secret = Zeroizing::new(self.form.typed(PASSPHRASE).to_string());
                self.form.clear(PASSPHRASE);
                Some(UnlockAction::Unlock(secret))
            }
            _ => None,
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, theme: &Theme, db_label: &str) {
        let area = super::centered(frame.area(), 72, 16);
        let mut intro = vec![Line::raw(format!("Database: {}", super::safe(db_label)))];
        if let Some(reason) = &self.reason {
            intro.push(Line::styled(reason.clone(), theme.warning()));
        }
        intro.push(Line::raw("Type the passphrase, then press Enter."));
        let mut footer = Vec::new();
        if let Some(demo) = &self.demo {
            footer.push(Line::styled(
                "Demo database: fictional people only.",
                theme.warning(),
            ));
            footer.push(Line::raw(format!("Demo passphrase: {}", demo.passphrase)));
            footer.push(Line::raw(format!(
                "Then sign in as {} with PIN {}",
                demo.staff_name, demo.pin
            )));
        }
        footer.push(Line::styled("Ctrl-c quits.", theme.dim()));
        self.form.render_compact(frame, area, theme, intro, footer);
    }
}
