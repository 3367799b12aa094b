//! The five panes. One that could not be loaded says plainly what it holds and how to retry.

pub mod drafts;
pub mod handover;
pub mod intake;
pub mod peers;
pub mod plans;
pub mod reports;

use super::keys::ListMove;
use crate::ui::help::HelpRow;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

/// What the app asks of any pane with content, whatever its actions.
pub trait PaneView {
    /// True while a form, list or filter has the keyboard, so global keys go to it.
    fn captures_input(&self) -> bool;
    /// True while what has the keyboard is a read-only view (a visit, a plan, its history):
    /// it takes its own keys, but `1`–`5`, `Tab`, `?`, `q` and `Ctrl-f` keep their global meaning,
    /// since no text is being typed (DESIGN §3: "outside text fields").
    fn reading(&self) -> bool {
        false
    }
    /// True while Enter would start a new line in the text field that has the keyboard (a
    /// notes field): a run of typed keys may then carry line breaks ([`Pane::handle_typed`]).
    fn types_lines(&self) -> bool {
        false
    }
    /// Rows the help overlay adds for this pane.
    fn help_rows(&self) -> Vec<HelpRow>;
    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, now: DateTime<Utc>);
}

/// A pane holds its own view and form state, turns keys into its own actions (which the app
/// carries out against the store), and draws itself.
pub trait Pane: PaneView {
    type Action;
    /// The key contract's list keys (j/k, Enter, n, e, /), resolved once in
    /// [`crate::ui::keys::LIST`] while nothing in the pane has the keyboard.
    fn on_list(&mut self, key: ListMove, now: DateTime<Utc>) -> Option<Self::Action>;
    /// Any other key.
    fn handle_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<Self::Action>;
    /// Text that arrived at once while this pane has the keyboard: a bracketed paste (one
    /// event, any length, line breaks kept) or a run of characters typed faster than a frame.
    /// A text field in front takes it whole (or refuses it whole, with a message); pasted line
    /// breaks and control bytes never act as keys. This default, for panes whose typing state
    /// has no text field (a yes/no question), hands the printable characters over as keys.
    fn handle_paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<Self::Action> {
        paste_as_keys(self, text, now)
    }
    /// Characters typed faster than a frame while this pane has the keyboard ('\n' for Enter,
    /// only while [`PaneView::types_lines`]): keys, which a text field in front may take in one
    /// go, exactly as it would take them one by one ([`FieldForm::type_text`]). This default,
    /// and any pane whose keys do more than type there, says [`TypedRun::AsKeys`], with
    /// nothing done: the app then hands them over one key at a time.
    ///
    /// [`FieldForm::type_text`]: crate::ui::widgets::fields::FieldForm::type_text
    fn handle_typed(&mut self, _text: &str, _now: DateTime<Utc>) -> TypedRun<Self::Action> {
        TypedRun::AsKeys
    }
}

/// What a pane did with a run of typed characters ([`Pane::handle_typed`]).
#[derive(Debug, PartialEq, Eq)]
pub enum TypedRun<A> {
    /// Typed into the text field in front, as the keys one by one would be, asking for this.
    Taken(Option<A>),
    /// Not all typing into a text field: nothing was done; hand them over as keys.
    AsKeys,
}

impl<A> TypedRun<A> {
    pub fn map<B>(self, f: impl FnOnce(A) -> B) -> TypedRun<B> {
        match self {
            TypedRun::Taken(a) => TypedRun::Taken(a.map(f)),
            TypedRun::AsKeys => TypedRun::AsKeys,
        }
    }
}

/// The printable characters of `text` handed to the pane as typed keys (control bytes and
/// line breaks dropped, so they cannot act): for whatever has no text field to paste into.
pub fn paste_as_keys<P: Pane + ?Sized>(
    pane: &mut P,
    text: &str,
    now: DateTime<Utc>,
) -> Option<P::Action> {
    let mut action = None;
    for c in text.chars().filter(|c| !c.is_control()) {
        let key = KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        action = pane.handle_key(key, now).or(action);
    }
    action
}

use super::theme::Theme;
use crate::ui::widgets::block;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub use super::pane_id::PaneId;

pub fn render_placeholder(frame: &mut Frame<'_>, area: Rect, theme: &Theme, pane: PaneId) {
    let mut lines = vec![
        Line::styled("This pane holds:", theme.title()),
        Line::raw(""),
    ];
    lines.extend(pane.will_hold().iter().map(|l| Line::raw(*l)));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "It could not be loaded just now (the status bar says why). Lock (Ctrl-l) and unlock to load it again.",
        theme.dim(),
    ));
    let block = block::titled(format!(" {} ", pane.title()), theme);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_cycling() {
        for p in PaneId::ALL {
            assert_eq!(PaneId::from_number(p.number()), Some(p));
            assert_eq!(p.next().previous(), p);
        }
        assert_eq!(PaneId::Reports.next(), PaneId::Intake);
        assert_eq!(PaneId::Intake.previous(), PaneId::Reports);
        assert_eq!(PaneId::from_number(0), None);
        assert_eq!(PaneId::from_number(6), None);
    }
}
