//! Drawing the Plans pane: the view in front over the list or the plan, and the draft offer.

use super::{Mode, PlansPane, bindings, view_bindings};
use crate::domain::plan::PlanDraft;
use crate::ui::help::HelpRow;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

impl PlansPane {
    pub(super) fn draw(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        now: DateTime<Utc>,
    ) {
        let (tz, today) = (self.tz, self.today(now));
        let underneath = |frame: &mut Frame<'_>| match &self.open {
            Some(view) => view.render(frame, area, theme, tz, today),
            None => self.list.render(frame, area, theme, tz),
        };
        match &self.mode {
            Mode::List => self.list.render(frame, area, theme, tz),
            Mode::View => underneath(frame),
            Mode::Edit(editor) => editor.render(frame, area, theme),
            Mode::DraftOffer { draft, .. } => {
                underneath(frame);
                render_draft_offer(frame, area, theme, draft, tz);
            }
            Mode::History(history) => history.render(frame, area, theme, tz),
            Mode::Diff { diff, .. } => diff.render(frame, area, theme, tz),
            Mode::Export(form) => {
                underneath(frame);
                form.render(frame, area, theme);
            }
            Mode::Copy(copy) => copy.render(frame, area, theme),
        }
    }

    pub(super) fn pane_help_rows(&self) -> Vec<HelpRow> {
        bindings::help_rows()
    }
}

fn render_draft_offer(frame: &mut Frame<'_>, area: Rect, theme: &Theme, draft: &PlanDraft, tz: Tz) {
    let area = crate::ui::centered(area, 76, 10);
    frame.render_widget(Clear, area);
    let block = block::titled(" Plans — unsaved draft ", theme);
    let when = draft
        .saved_at
        .with_timezone(&tz)
        .format("%a %d/%m/%Y %H:%M");
    let mut lines = vec![
        Line::raw(format!(
            "You have unsaved changes to this plan, kept on {when} when the app locked or closed."
        )),
        Line::raw(""),
    ];
    lines.extend(
        view_bindings::draft_offer_lines()
            .into_iter()
            .map(Line::raw),
    );
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
