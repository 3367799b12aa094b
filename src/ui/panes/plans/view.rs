//! One visitor's plan, read-only: its latest version section by section, who saved it and
//! when, and whether its review is overdue (said in words, not only by colour).

use super::lines;
use crate::domain::plan::{PlanReview, PlanSummary, PlanVersion, Section, SectionBody};
use crate::domain::text::sanitize_multiline;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hint;
use crate::ui::widgets::scroll::Scroll;
use chrono::NaiveDate;
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

pub struct PlanView {
    pub summary: PlanSummary,
    pub current: PlanVersion,
    /// The newest "reviewed with the visitor, no changes" of this version, if any.
    pub review: Option<PlanReview>,
    /// `r` was pressed: asking before recording a review with no changes.
    pub confirming_review: bool,
    pub scroll: Scroll,
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// "Review due 20/02/2027", with "OVERDUE" once the day has passed.
pub fn review_words(due: NaiveDate, today: NaiveDate) -> String {
    let date = due.format("%d/%m/%Y");
    if crate::domain::plan::is_overdue(due, today) {
        let days = (today - due).num_days();
        format!("Review due {date} — OVERDUE by {days} day{}", plural(days))
    } else {
        format!("Review due {date}")
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl PlanView {
    pub fn plan_id(&self) -> i64 {
        self.summary.plan_id
    }

    pub fn person_id(&self) -> i64 {
        self.summary.person_id
    }

    /// The visitor's label, drawn safe.
    pub fn visitor(&self) -> String {
        safe(&self.summary.visitor)
    }

    fn lines(&self, theme: &Theme, tz: Tz, today: NaiveDate) -> Vec<Line<'static>> {
        let v = &self.current;
        let s = &self.summary;
        let saved = v.info.saved_at.with_timezone(&tz);
        let mut out = vec![Line::raw(format!(
            "Version {} saved {} by {} · plan started {} by {}",
            v.info.version,
            saved.format("%a %d/%m/%Y %H:%M"),
            safe(&v.info.author),
            s.created_at.with_timezone(&tz).format("%d/%m/%Y"),
            safe(&s.created_by_name)
        ))];
        // The plan's review date: the version's, or moved on by a review with no changes.
        let review = review_words(s.review_due, today);
        out.push(if s.is_overdue(today) {
            Line::styled(review, theme.warning())
        } else {
            Line::raw(review)
        });
        if let Some(r) = &self.review {
            out.push(Line::raw(format!(
                "Reviewed with the visitor {} by {}, no changes",
                r.reviewed_at.with_timezone(&tz).format("%d/%m/%Y %H:%M"),
                safe(&r.reviewed_by_name)
            )));
        }
        if self.confirming_review {
            out.push(Line::styled(
                format!(
                    "Reviewed with the visitor and nothing changes? {}",
                    crate::ui::keys::confirm_hint(
                        "records it (the next review moves on)",
                        " cancels"
                    )
                ),
                theme.warning(),
            ));
        }
        let holders = safe(&v.meta.copy_holders);
        out.push(Line::raw(format!(
            "Co-produced: {} · Consent to share: {} · Who has a copy: {}",
            yes_no(v.meta.co_produced),
            yes_no(v.meta.consent_to_share),
            if holders.trim().is_empty() {
                "not recorded".to_string()
            } else {
                holders
            }
        )));
        for section in Section::ALL {
            out.push(Line::raw(""));
            out.push(Line::styled(section.title().to_string(), theme.title()));
            let body = v.content.body(section);
            if body.is_empty() {
                out.push(Line::styled("  (nothing written yet)", theme.dim()));
                continue;
            }
            match body {
                SectionBody::Items(items) => {
                    out.extend(items.iter().map(|i| Line::raw(format!("  • {}", safe(i)))));
                }
                SectionBody::Contacts(contacts) => out.extend(
                    contacts
                        .iter()
                        .map(|c| Line::raw(format!("  • {}", lines::contact_line(c)))),
                ),
                SectionBody::Text(text) => out.extend(
                    sanitize_multiline(text)
                        .lines()
                        .map(|l| Line::raw(format!("  {l}"))),
                ),
            }
        }
        out
    }

    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        tz: Tz,
        today: NaiveDate,
    ) {
        let lines = self.lines(theme, tz, today);
        let footer = hint::in_border(&super::bindings::plan_hint(), area.width);
        hint::record_border_keys(area, &footer);
        let title = format!(
            " Plans — {} — version {} of {} ",
            self.visitor(),
            self.current.info.version,
            self.summary.latest_version
        );
        let block = block::titled(title, theme).title_bottom(Line::styled(footer, theme.dim()));
        self.scroll.render(frame, area, lines, block);
    }
}
