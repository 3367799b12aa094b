//! Drawing the Peers pane: the list or view in front, and whatever is open over it.

use super::{ListView, Overlay, PeersPane, roster, tonight};
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::fields::FieldForm;
use crate::ui::widgets::fields::{FormKey, SAVE_NEXT_CANCEL, Say};
use crate::ui::widgets::hint;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};
use tonight::TonightBoard;

impl PeersPane {
    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        if let Some(a) = &self.assignment {
            a.render(frame, area, theme, &self.settings);
        } else if let Some(w) = &self.worker {
            w.render(frame, area, theme, self.tz);
        } else {
            self.render_list(frame, area, theme);
        }
        let popup = |frame: &mut Frame<'_>, form: &FieldForm, height: u16| {
            let r = crate::ui::centered(area, 84, height);
            form.render(frame, r, theme, SAVE_NEXT_CANCEL);
        };
        match &self.overlay {
            None => {}
            Some(Overlay::WorkerForm { form, .. }) => form.render(
                frame,
                area,
                theme,
                &[
                    Say::Key(FormKey::Submit),
                    Say::Moves("fields"),
                    Say::As(FormKey::Enter, "in availability: a new line"),
                    Say::Key(FormKey::Cancel),
                ],
            ),
            Some(Overlay::Assign(f)) => {
                frame.render_widget(Clear, area);
                f.render(frame, area, theme);
            }
            Some(Overlay::Exception { form, .. }) => popup(frame, form, 12),
            Some(Overlay::Supervision { form, .. }) => popup(frame, form, 11),
            Some(Overlay::Session(form)) => popup(frame, form, 13),
            Some(Overlay::End(form)) => popup(frame, form, 11),
            Some(Overlay::HandOver { form, .. }) => popup(frame, form, 13),
            Some(Overlay::CorrectSession { form, .. }) => popup(frame, form, 13),
            Some(Overlay::PickSession { selected }) => {
                let sessions = self
                    .assignment
                    .as_ref()
                    .map_or(&[][..], |a| &a.sessions[..]);
                let items: Vec<ratatui::widgets::ListItem<'_>> = sessions
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        ratatui::widgets::ListItem::new(format!(
                            "{}. {} · {} min",
                            i + 1,
                            s.held_on.format("%a %-d %b %Y"),
                            s.minutes
                        ))
                    })
                    .collect();
                let r = crate::ui::centered(area, 60, (sessions.len() as u16 + 2).min(14));
                frame.render_widget(Clear, r);
                crate::ui::widgets::hits::record(r, crate::ui::widgets::hits::Hit::Cover);
                // A list, so a long log scrolls to the selection and its rows take clicks.
                crate::ui::widgets::table::render_list_with_selection(
                    frame,
                    r,
                    ratatui::widgets::List::new(items).block(
                        block::titled(" Correct which session? ", theme)
                            .title_bottom(Line::styled(crate::ui::keys::pick_hint(), theme.dim())),
                    ),
                    1,
                    selected.selected(),
                    theme,
                );
            }
            Some(Overlay::Confirm { name, activate, .. }) => {
                let text = if *activate {
                    format!(
                        "Reactivate {}? They return to the active roster.",
                        crate::ui::safe(name)
                    )
                } else {
                    format!(
                        "Deactivate {}? They stay on the roster as having left; nothing is \
                         deleted. Someone with active visitors cannot be deactivated.",
                        crate::ui::safe(name)
                    )
                };
                let r = crate::ui::centered(area, 64, 7);
                frame.render_widget(Clear, r);
                let block = block::titled(" Please confirm ", theme).title_bottom(Line::styled(
                    hint::in_border(
                        &format!(" {} ", crate::ui::keys::confirm_hint("yes", ": no")),
                        r.width,
                    ),
                    theme.dim(),
                ));
                frame.render_widget(
                    Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
                    r,
                );
            }
            Some(Overlay::PickVisitor { finder, .. }) => finder.render(frame, theme, self.tz),
        }
    }

    fn render_list(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let [summary, table, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        let mut text = match self.list {
            ListView::Tonight => self
                .tonight
                .as_ref()
                .map(TonightBoard::summary)
                .unwrap_or_default(),
            ListView::Roster => self.roster.summary(),
        };
        if !self.filter.is_empty() || self.filtering {
            text.push_str(&format!(
                " · filter: {}{}",
                crate::ui::safe(self.filter.value()),
                if self.filtering { "▏" } else { "" }
            ));
        }
        frame.render_widget(Paragraph::new(Line::styled(text, theme.title())), summary);
        let hint = super::bindings::lists_hint(self.list == ListView::Roster);
        match self.list {
            ListView::Tonight => {
                if let Some(board) = &self.tonight {
                    let rows = self.visible_tonight();
                    tonight::render(
                        frame,
                        table,
                        theme,
                        board,
                        &rows,
                        self.tonight_selected.selected(),
                        self.tz,
                    );
                }
            }
            ListView::Roster => {
                let rows = self.visible_roster();
                roster::render(frame, table, theme, &rows, self.roster_selected.selected());
            }
        }
        let hint = hint::one_row(&hint, keys.width);
        hint::record_keys(keys, &hint);
        frame.render_widget(Paragraph::new(Line::styled(hint, theme.dim())), keys);
    }
}
