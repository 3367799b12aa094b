//! Drawing the whole screen: the screen in front (unlock, sign-in, the panes), its overlays and
//! the status line.

use super::{App, Screen};
use crate::domain::shift::ServiceHours;
use crate::ui::shell::{self, ShellView};
use crate::ui::widgets::hits::{self};
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

impl App {
    pub fn render(&mut self, frame: &mut Frame<'_>) {
        hits::begin();
        self.render_frame(frame);
        self.hits = hits::finish();
    }

    pub(super) fn render_frame(&mut self, frame: &mut Frame<'_>) {
        let now = self.clock.now();
        self.dirty = false;
        self.drawn_minute = Some(now.timestamp() / 60);
        let area = frame.area();
        self.frame_height = area.height;
        self.too_small = crate::ui::too_small(area);
        if self.too_small {
            let text = format!(
                "Please make this window at least {}×{} (it is {}×{}).",
                crate::ui::MIN_WIDTH,
                crate::ui::MIN_HEIGHT,
                area.width,
                area.height
            );
            frame.render_widget(
                Paragraph::new(Line::raw(text)).wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        let db_label = self.db_path.display().to_string();
        match &self.screen {
            Screen::Create(s) => s.render(frame, &self.theme, &db_label),
            Screen::Unlock(s) => s.render(frame, &self.theme, &db_label),
            Screen::SignIn(s) => s.render(frame, &self.theme),
            Screen::Main => {
                let Some(session) = &self.session else { return };
                let local = now.with_timezone(&session.hours.tz);
                let shift = shift_label(&session.hours, now);
                let clock = local.format("%H:%M").to_string();
                let staff_name = session.staff.as_ref().map_or("", |s| s.name.as_str());
                let mut help = self.help_rows.clone();
                help.extend(session.front_help_rows());
                let view = ShellView {
                    pane: session.pane,
                    staff_name,
                    shift: &shift,
                    clock: &clock,
                    status: session.status.as_ref(),
                    help: session.help_open.then_some(help.as_slice()),
                    help_scroll: session.help_scroll,
                    banner: session
                        .damage_banner
                        .as_deref()
                        .or(session.banner.as_deref()),
                    keyboard_held: session.finder.is_some() || session.front_takes_typing(),
                };
                let theme = &self.theme;
                shell::render(frame, theme, &view, |f, area| {
                    session.render_front(f, area, theme, now)
                });
                if let Some(finder) = &session.finder {
                    finder.render(frame, theme, session.hours.tz);
                }
            }
        }
    }
}

/// "Shift Sun 22 Nov 15:00–22:30", or the next one when the service is closed.
fn shift_label(hours: &ServiceHours, now: DateTime<Utc>) -> String {
    let fmt = |s: &crate::domain::shift::Shift| {
        format!(
            "{} {}–{}",
            s.service_date.format("%a %-d %b"),
            s.starts_at.with_timezone(&hours.tz).format("%H:%M"),
            s.ends_at.with_timezone(&hours.tz).format("%H:%M")
        )
    };
    match hours.current_shift(now) {
        Some(s) => format!("Shift {}", fmt(&s)),
        None => format!("Closed · next {}", fmt(&hours.next_shift(now))),
    }
}
