//! Ctrl-f: find a person from any pane, by name, phone, date of birth or #id.

use super::theme::Theme;
use super::widgets::input::TextInput;
use crate::domain::person::PersonSummary;
use crate::ui::help::HelpRow;
use crate::ui::keys::{Binding, Keymap, NONE};
use crate::ui::widgets::block;
use crate::ui::widgets::hint;
use crate::ui::widgets::hits::{self, Hit};
use crate::ui::widgets::list::PagedList;
use crate::ui::widgets::table::render_bare_list_with_selection;
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Clear, List, ListItem, Paragraph};

pub const RESULTS: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindKey {
    Move,
    Choose,
    Close,
}

const MOVE: Binding<FindKey> = Binding {
    keys: &[(KeyCode::Down, NONE), (KeyCode::Up, NONE)],
    label: "↑/↓",
    does: "move through the people found",
    short: "move",
    action: FindKey::Move,
};

const CLOSE: Binding<FindKey> = Binding {
    keys: &[(KeyCode::Esc, NONE)],
    label: "Esc",
    does: "close the search",
    short: "closes",
    action: FindKey::Close,
};

/// Ctrl-f: every other key is typed into the search.
pub const FIND: Keymap<FindKey> = Keymap {
    bindings: &[
        MOVE,
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "open the person's past visits",
            short: "opens",
            action: FindKey::Choose,
        },
        CLOSE,
    ],
};

/// The same search choosing someone for something (a plan, an assignment).
pub const FIND_FOR: Keymap<FindKey> = Keymap {
    bindings: &[
        MOVE,
        Binding {
            keys: &[(KeyCode::Enter, NONE)],
            label: "Enter",
            does: "choose the person selected",
            short: "chooses",
            action: FindKey::Choose,
        },
        CLOSE,
    ],
};

pub const IN_FIND: &str = "finding a person";
pub const IN_FIND_FOR: &str = "choosing a person";

/// The finders' rows of the help overlay.
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows = FIND.help_rows_in(IN_FIND);
    rows.extend(FIND_FOR.help_rows_in(IN_FIND_FOR));
    rows
}

pub enum FindAction {
    Search(String),
    Choose(i64),
    Close,
}

pub struct FindOverlay {
    title: &'static str,
    keys: &'static Keymap<FindKey>,
    query: TextInput,
    results: PagedList<PersonSummary>,
    /// Why the last key or paste was refused, under the search line.
    refused: Option<String>,
}

impl Default for FindOverlay {
    fn default() -> Self {
        Self::new()
    }
}

impl FindOverlay {
    /// Ctrl-f: Enter opens the person's past visits.
    pub fn new() -> Self {
        FindOverlay {
            keys: &FIND,
            ..Self::titled("Find a person")
        }
    }

    /// The same search for choosing someone for something (a plan, an assignment): the title
    /// says what for.
    pub fn titled(title: &'static str) -> Self {
        FindOverlay {
            title,
            keys: &FIND_FOR,
            query: TextInput::new(80),
            results: PagedList::whole(),
            refused: None,
        }
    }

    pub fn set_results(&mut self, results: Vec<PersonSummary>) {
        self.results.first_page(results);
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<FindAction> {
        match self.keys.resolve(key) {
            Some(FindKey::Close) => Some(FindAction::Close),
            Some(FindKey::Move) => {
                // Letters are typed into the search.
                self.results.arrow_key(key);
                None
            }
            Some(FindKey::Choose) => self
                .results
                .selected_row()
                .map(|p| FindAction::Choose(p.id)),
            None => {
                let before = self.query.value().to_string();
                self.refused = self.query.try_key(key).err().map(|r| r.message("Search"));
                (self.query.value() != before)
                    .then(|| FindAction::Search(self.query.value().to_string()))
            }
        }
    }

    /// A pasted name or number: searched for as if typed, or refused whole when too long.
    pub fn paste(&mut self, text: &str) -> Option<FindAction> {
        match self.query.paste(text) {
            Ok(_) => {
                self.refused = None;
                Some(FindAction::Search(self.query.value().to_string()))
            }
            Err(refusal) => {
                self.refused = Some(refusal.message("Search"));
                None
            }
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, theme: &Theme, tz: Tz) {
        let area = super::centered(frame.area(), 90, 20);
        frame.render_widget(Clear, area);
        // Over whatever is under it: a click beside the finder is no click on the pane.
        hits::record(frame.area(), Hit::Cover);
        let block = block::titled(format!(" {} ", self.title), theme).title_bottom(Line::styled(
            hint::in_border(
                &format!(
                    " name, phone, dd/mm/yyyy or #id · {} ",
                    self.keys
                        .hint(&[FindKey::Move, FindKey::Choose, FindKey::Close])
                ),
                area.width,
            ),
            theme.dim(),
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [q, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        let (text, col) = self.query.display(q.width.saturating_sub(10) as usize);
        frame.render_widget(Paragraph::new(format!("Search: {text}")), q);
        frame.set_cursor_position((q.x + 8 + col as u16, q.y));
        if let Some(refused) = &self.refused {
            let row = ratatui::layout::Rect {
                y: q.y + 1,
                height: 1,
                ..q
            };
            frame.render_widget(
                Paragraph::new(Line::styled(refused.clone(), theme.error())),
                row,
            );
        }
        if self.query.is_empty() {
            return;
        }
        if self.results.is_empty() {
            frame.render_widget(Paragraph::new("No one found."), list);
            return;
        }
        let labels: Vec<(i64, String)> = self
            .results
            .rows()
            .iter()
            .map(|p| (p.id, p.label()))
            .collect();
        let items: Vec<ListItem<'_>> = self
            .results
            .rows()
            .iter()
            .map(|p| {
                // Two people of the same name are told apart by their number.
                let mut parts = vec![super::safe(&crate::domain::person::told_apart(
                    p.id,
                    &p.label(),
                    labels.iter().map(|(id, l)| (*id, l.as_str())),
                ))];
                if let Some(d) = p.details.date_of_birth {
                    parts.push(format!("born {}", d.format("%d/%m/%Y")));
                }
                if let Some(ph) = &p.details.phone {
                    parts.push(super::safe(ph));
                }
                parts.push(match p.last_visit {
                    Some(t) => format!("last here {}", t.with_timezone(&tz).format("%d/%m/%Y")),
                    None => "no visits".into(),
                });
                ListItem::new(parts.join(" · "))
            })
            .collect();
        render_bare_list_with_selection(
            frame,
            list,
            List::new(items),
            self.results.selected(),
            theme,
        );
    }
}
