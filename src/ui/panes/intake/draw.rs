//! Drawing the Intake pane: the board, and whatever is open over it.

use super::{IntakePane, Mode, Pick, board};
use crate::domain::visit::{BoardRow, VisitStatus};
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::fields::{FormKey, SAVE_CANCEL, SAVE_NEXT_CANCEL, Say};
use crate::ui::widgets::hint;
use crate::ui::widgets::list::PagedList;
use crate::ui::widgets::table;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

impl IntakePane {
    pub(super) fn draw(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        now: DateTime<Utc>,
    ) {
        let tz = self.tz;
        match &self.mode {
            Mode::Board => self.render_board(frame, area, theme, now),
            Mode::Match { choice, .. } => choice.render(frame, area, theme, tz),
            Mode::View(view) => view.render(
                frame,
                area,
                theme,
                tz,
                now,
                &self.refs.codes,
                &self.refs.sources,
                &self.refs.directory,
            ),
            Mode::Pick { pick, items } => self.render_pick(frame, area, theme, now, (pick, items)),
            Mode::FollowUps(list) => list.render(frame, area, theme),
            Mode::Person(h) => h.render(frame, area, theme, tz),
            Mode::Merge(flow) => {
                self.render_underneath(frame, area, theme, now);
                flow.render(frame, area, theme, tz);
            }
            Mode::CloseOut(list) => {
                let heading = self.shift.map_or(String::new(), |s| {
                    format!(
                        "Close out {} — {} still open",
                        s.service_date.format("%a %-d %b"),
                        crate::domain::plural::count(self.to_settle(now).len(), "visit", "visits")
                    )
                });
                list.render(frame, area, theme, tz, &heading, &self.to_settle(now));
            }
            _ => self.draw_form(frame, area, theme, now),
        }
    }

    /// The forms over the board or a visit (the visit drawn underneath where there is one).
    fn draw_form(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, now: DateTime<Utc>) {
        match &self.mode {
            Mode::QuickAdd(form) => {
                self.render_board(frame, area, theme, now);
                popup(frame, area, theme, form, 16, SAVE_NEXT_CANCEL);
            }
            Mode::Edit { form, asking, .. } => {
                form.render(
                    frame,
                    area,
                    theme,
                    &[
                        Say::Key(FormKey::Submit),
                        Say::Moves("fields"),
                        Say::Own(super::bindings::parts_hint()),
                        Say::Key(FormKey::Cancel),
                    ],
                );
                if let Some(asking) = asking {
                    render_reason(frame, area, theme, &asking.1);
                }
            }
            Mode::Incident { form, .. } | Mode::FollowUp { form, .. } => {
                self.render_underneath(frame, area, theme, now);
                popup(frame, area, theme, form, 14, SAVE_CANCEL);
            }
            Mode::Reopen { form, .. } => {
                self.render_underneath(frame, area, theme, now);
                let footer = [
                    Say::As(FormKey::Submit, "reopens it"),
                    Say::As(FormKey::Cancel, "back"),
                ];
                popup(frame, area, theme, form, 8, &footer);
            }
            Mode::Close { form, list, .. } => {
                match list {
                    Some(list) => list.render(frame, area, theme),
                    None => self.render_underneath(frame, area, theme, now),
                }
                let footer = [
                    Say::As(FormKey::Submit, "closes it"),
                    Say::Key(FormKey::Next),
                    Say::As(FormKey::Cancel, "back"),
                ];
                popup(frame, area, theme, form, 10, &footer);
            }
            Mode::CloseSafeguarding { form, .. } => {
                self.render_underneath(frame, area, theme, now);
                let footer = [
                    Say::As(FormKey::Submit, "closes it"),
                    Say::As(FormKey::Cancel, "back"),
                ];
                popup(frame, area, theme, form, 8, &footer);
            }
            Mode::CorrectIncident { form, .. } => {
                self.render_underneath(frame, area, theme, now);
                let footer = [
                    Say::As(FormKey::Submit, "saves the correction"),
                    Say::Key(FormKey::Cancel),
                ];
                popup(frame, area, theme, form, 16, &footer);
            }
            Mode::Correct { form, .. } => {
                self.render_underneath(frame, area, theme, now);
                let footer = [
                    Say::As(FormKey::Submit, "saves the correction"),
                    Say::Key(FormKey::Next),
                    Say::Key(FormKey::Cancel),
                ];
                popup(frame, area, theme, form, 18, &footer);
            }
            _ => {}
        }
    }

    /// A visit's pick list over it.
    fn render_pick(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        now: DateTime<Utc>,
        (pick, items): (&Pick, &PagedList<(i64, String)>),
    ) {
        let selected = items.selected();
        let items = items.rows();
        self.render_underneath(frame, area, theme, now);
        let r = crate::ui::centered(area, 60, (items.len() as u16 + 2).min(14));
        let rows: Vec<ratatui::widgets::ListItem<'_>> = items
            .iter()
            .map(|(_, text)| ratatui::widgets::ListItem::new(text.as_str()))
            .collect();
        let block = block::titled(pick.title(), theme)
            .title_bottom(Line::styled(crate::ui::keys::pick_hint(), theme.dim()));
        frame.render_widget(ratatui::widgets::Clear, r);
        crate::ui::widgets::hits::record(r, crate::ui::widgets::hits::Hit::Cover);
        table::render_list_with_selection(
            frame,
            r,
            ratatui::widgets::List::new(rows).block(block),
            1,
            selected,
            theme,
        );
    }

    /// The visit a form or pick was opened over, drawn beneath it.
    pub(super) fn render_underneath(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        now: DateTime<Utc>,
    ) {
        if let Some(view) = &self.underneath {
            view.render(
                frame,
                area,
                theme,
                self.tz,
                now,
                &self.refs.codes,
                &self.refs.sources,
                &self.refs.directory,
            );
        }
    }

    pub(super) fn render_board(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        now: DateTime<Utc>,
    ) {
        let rows = self.visible_rows();
        let items = super::bindings::board_hint(self.tonight);
        let hint: Vec<&str> = items.iter().map(String::as_str).collect();
        let hint = hint.as_slice();
        let [summary, table, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(hint::rows_needed(hint, area.width)),
        ])
        .areas(area);
        let Some(shift) = self.shift else { return };
        let tz = self.tz;
        let ended = self.ended(now);
        let when = if ended {
            // After closing, the board says so: nobody is "tonight" any more.
            format!(
                "Shift ended {}, {}",
                shift.ends_at.with_timezone(&tz).format("%H:%M"),
                shift.service_date.format("%a %-d %b %Y")
            )
        } else {
            format!(
                "{} {} {}–{}",
                if self.tonight { "Tonight," } else { "Shift of" },
                shift.service_date.format("%a %-d %b %Y"),
                shift.starts_at.with_timezone(&tz).format("%H:%M"),
                shift.ends_at.with_timezone(&tz).format("%H:%M")
            )
        };
        let text = self.board_summary(&shift, ended, now);
        frame.render_widget(Paragraph::new(Line::styled(text, theme.title())), summary);
        let split = rows.iter().take_while(|r| !self.out_of_hours(r)).count();
        let (own_rows, after_rows) = rows.split_at(split);
        let selected = self.selected.selected().min(rows.len().saturating_sub(1));
        let (table, after_area) = if after_rows.is_empty() {
            (table, None)
        } else {
            // Below the shift's own board, as tall as it needs (up to half the room).
            let wanted = after_rows.len() as u16 + 3;
            let [top, bottom] = Layout::vertical([
                Constraint::Min(5),
                Constraint::Length(wanted.min(table.height / 2).max(4)),
            ])
            .areas(table);
            (top, Some(bottom))
        };
        let view = board::BoardView {
            title: &when,
            rows: own_rows,
            selected: (selected < split).then_some(selected),
            first_from_selected: -(selected as isize),
            now,
            tz,
            shift,
            out_of_hours: false,
        };
        board::render(frame, table, theme, &view);
        if let Some(area) = after_area {
            let title = format!(
                "Out of hours since {} {} · for the next shift's handover",
                shift.ends_at.with_timezone(&tz).format("%H:%M"),
                shift.service_date.format("%a %-d %b")
            );
            let view = board::BoardView {
                title: &title,
                rows: after_rows,
                selected: selected.checked_sub(split),
                first_from_selected: split as isize - selected as isize,
                now,
                tz,
                shift,
                out_of_hours: true,
            };
            board::render(frame, area, theme, &view);
        }
        let rows = hint::rows(hint, keys.width);
        for (i, row) in rows.iter().enumerate() {
            let at = Rect::new(keys.x, keys.y.saturating_add(i as u16), keys.width, 1);
            hint::record_keys(at, row);
        }
        let lines: Vec<Line<'_>> = rows
            .into_iter()
            .map(|r| Line::styled(r, theme.dim()))
            .collect();
        frame.render_widget(Paragraph::new(lines), keys);
    }

    /// The board's summary line: the shift's own visits, waiting, still open from earlier
    /// shifts, past target, out of hours, and the filter.
    fn board_summary(
        &self,
        shift: &crate::domain::shift::Shift,
        ended: bool,
        now: DateTime<Utc>,
    ) -> String {
        // The shift's own visits: what earlier shifts left open, and out-of-hours contacts
        // after closing, are listed and counted apart.
        let carried = self
            .rows
            .iter()
            .filter(|r| r.carried_from.is_some())
            .count();
        let own: Vec<&BoardRow> = self
            .rows
            .iter()
            .filter(|r| r.carried_from.is_none() && !self.out_of_hours(r))
            .collect();
        let out_of_hours = self.rows.len() - own.len() - carried;
        let waiting = own
            .iter()
            .filter(|r| r.status == VisitStatus::Waiting && r.carried_from.is_none())
            .count();
        // Waits, and so targets, stop at closing for those who came during the shift.
        let over = own
            .iter()
            .filter(|r| {
                r.waiting_too_long(crate::domain::closeout::board_clock(
                    shift,
                    r.arrived_at,
                    now,
                ))
            })
            .count();
        let mut text = format!(
            " {} · {waiting} waiting",
            crate::domain::plural::count(own.len(), "visit", "visits")
        );
        if carried > 0 {
            text.push_str(&format!(" · {carried} still open from earlier shifts"));
        }
        if over > 0 {
            text.push_str(&format!(" · {over} past target (!)"));
        }
        if ended && !self.unsettled.is_empty() {
            text.push_str(&format!(
                " · {} still open: x closes the shift out",
                self.unsettled.len()
            ));
        }
        if out_of_hours > 0 {
            text.push_str(&format!(" · {out_of_hours} out of hours"));
        }
        if !self.filter.is_empty() || self.filtering {
            text.push_str(&format!(
                " · filter: {}{}",
                crate::ui::safe(self.filter.value()),
                if self.filtering { "▏" } else { "" }
            ));
        }
        text
    }
}

/// Why a recorded value is corrected, over the visit form: tall enough for the list of what
/// changes (every field of the form can).
fn render_reason(
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    reason: &crate::ui::widgets::fields::FieldForm,
) {
    let listed = reason
        .fields
        .first()
        .and_then(|f| f.hint.as_ref())
        .map_or(0, |h| h.chars().count());
    let r = crate::ui::centered(area, 76, 8 + (listed / 48) as u16);
    reason.render(
        frame,
        r,
        theme,
        &[
            Say::As(FormKey::Submit, "saves with this reason"),
            Say::As(FormKey::Cancel, "back to the form"),
        ],
    );
}

/// A form in a box `height` rows high, centred over what is drawn underneath.
fn popup(
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    form: &crate::ui::widgets::fields::FieldForm,
    height: u16,
    footer: &[Say],
) {
    let r = crate::ui::centered(area, 76, height);
    form.render(frame, r, theme, footer);
}
