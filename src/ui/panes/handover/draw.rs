//! Drawing the Handover pane: a note, its forms, the past handovers, the print question.

use super::{HandoverPane, Mode, bindings, view};
use crate::domain::handover::HandoverState;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::fields::{FormKey, Say};
use crate::ui::widgets::hint;
use crate::ui::widgets::scroll::Scroll;
use crate::ui::widgets::table::render_list_with_selection;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem, Paragraph, Wrap};

impl HandoverPane {
    pub(super) fn render_note(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        scroll: &Scroll,
    ) {
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

    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
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
                let selected = rows.selected();
                let rows = rows.rows();
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
                    hint::in_border(&bindings::history_hint(), area.width),
                    theme.dim(),
                ));
                render_list_with_selection(
                    frame,
                    body,
                    List::new(items).block(block),
                    if excerpts { 2 } else { 1 },
                    selected,
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
            hint::in_border(
                &format!(" {} ", crate::ui::keys::confirm_hint("prints", " cancels")),
                area.width,
            ),
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
