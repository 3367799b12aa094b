//! The mouse: a click or a turn of the wheel becomes the keys that do the same (see
//! [`crate::ui::widgets::hits`]), so a click can do nothing a key could not.

use super::{App, Screen};
use crate::ui::widgets::hits::Hit;
use crate::ui::widgets::message::Message;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// Rows one notch of the mouse wheel moves a list.
const WHEEL_ROWS: usize = 3;

impl App {
    /// A click or a turn of the wheel, on what the last frame drew. It becomes the keys that
    /// do the same (see [`crate::ui::widgets::hits`]): a tab is its number key, a row the
    /// Downs or Ups to it and Enter on the selected one, a field the Tabs to it, a checkbox
    /// the Tabs and arrows to it and Space. Moving the pointer alone does nothing.
    pub fn handle_mouse(&mut self, mouse: MouseEvent) {
        let keys = match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                match self.hits.at(mouse.column, mouse.row) {
                    // A footer's item: its key, as typed (never under help or the finder).
                    Some(Hit::Key { code, ctrl }) => {
                        // While a form has the keyboard, a letter of a footer left showing
                        // beside it would be typed into a field: only its own keys (Ctrl-s,
                        // Esc, Tab...) are pressed. (Help takes every key as its own, and the
                        // finder covers the screen, so neither needs a rule here.)
                        let refused = self.session.as_ref().is_some_and(|s| {
                            s.front_takes_typing() && matches!(code, KeyCode::Char(_)) && !ctrl
                        });
                        if !refused {
                            let mods = if ctrl {
                                KeyModifiers::CONTROL
                            } else {
                                KeyModifiers::NONE
                            };
                            self.key(KeyEvent::new(code, mods));
                            self.observe_drafts();
                        }
                        return;
                    }
                    Some(hit) => self.keys_for_click(hit),
                    None => return,
                }
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let code = if mouse.kind == MouseEventKind::ScrollDown {
                    KeyCode::Down
                } else {
                    KeyCode::Up
                };
                // The tabs, a form or anything typed into has no list to scroll.
                let over_body = self
                    .hits
                    .at(mouse.column, mouse.row)
                    .is_none_or(|hit| matches!(hit, Hit::Row { .. }));
                let typing = self
                    .session
                    .as_ref()
                    .is_none_or(|s| s.finder.is_some() || s.help_open || s.front_takes_typing());
                if !over_body || typing || !matches!(self.screen, Screen::Main) {
                    return;
                }
                vec![code; WHEEL_ROWS]
            }
            _ => return,
        };
        for code in keys {
            self.key(KeyEvent::new(code, KeyModifiers::NONE));
        }
        self.observe_drafts();
    }

    fn keys_for_click(&mut self, hit: Hit) -> Vec<KeyCode> {
        let steps = |distance: isize, forward: KeyCode, back: KeyCode| {
            let code = if distance >= 0 { forward } else { back };
            vec![code; distance.unsigned_abs()]
        };
        let (finding, helping) = self
            .session
            .as_ref()
            .map_or((false, false), |s| (s.finder.is_some(), s.help_open));
        match hit {
            Hit::Cover | Hit::Key { .. } => Vec::new(),
            // The finder (Ctrl-f) takes clicks on its rows, and nothing else.
            _ if helping => Vec::new(),
            Hit::Row { .. } if finding => match hit {
                Hit::Row { from_selected: 0 } => vec![KeyCode::Enter],
                Hit::Row { from_selected } => steps(from_selected, KeyCode::Down, KeyCode::Up),
                _ => Vec::new(),
            },
            _ if finding => Vec::new(),
            Hit::Tab(pane) => {
                let Some(session) = self.session.as_mut() else {
                    return Vec::new();
                };
                if session.pane == pane {
                    return Vec::new();
                }
                if session.front_takes_typing() {
                    // As the number keys: a form or filter has the keyboard, and leaving it
                    // is the lead's choice, by Esc or Ctrl-s.
                    self.dirty = true;
                    session.status = Some(Message::Info(format!(
                        "Finish or close what you are typing in (Ctrl-s or Esc) to go to {}.",
                        pane.title()
                    )));
                    return Vec::new();
                }
                vec![KeyCode::Char(char::from(b'0' + pane.number()))]
            }
            Hit::Row { from_selected: 0 } => vec![KeyCode::Enter],
            Hit::Row { from_selected } => steps(from_selected, KeyCode::Down, KeyCode::Up),
            Hit::Field { from_focused } => steps(from_focused, KeyCode::Tab, KeyCode::BackTab),
            Hit::Checkbox {
                from_focused,
                from_cursor,
            } => {
                let mut keys = steps(from_focused, KeyCode::Tab, KeyCode::BackTab);
                keys.extend(steps(from_cursor, KeyCode::Right, KeyCode::Left));
                keys.push(KeyCode::Char(' '));
                keys
            }
        }
    }
}
