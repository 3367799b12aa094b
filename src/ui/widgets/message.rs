//! A one-line message under a form: an error, or a confirmation.

use crate::ui::theme::Theme;
use ratatui::text::{Line, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Error(String),
    Info(String),
}

impl Message {
    pub fn line(&self, theme: &Theme) -> Line<'static> {
        match self {
            Message::Error(t) => Line::from(Span::styled(format!("✗ {t}"), theme.error())),
            Message::Info(t) => Line::from(Span::styled(t.clone(), theme.ok())),
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Message::Error(t) | Message::Info(t) => t,
        }
    }
}
