//! A person's past visits (paged from the database), and the "has this person been before?"
//! choice offered while adding someone.

use super::list_bindings;
use crate::domain::person::MatchReason;
use crate::domain::person::PersonSummary;
use crate::domain::visit::VisitSummary;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hint;
use crate::ui::widgets::list::{Cursor, PagedList};
use crate::ui::widgets::table::render_list_with_selection;
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem, Paragraph};

/// One page of a person's visits is this long; the next is fetched on reaching the end.
pub const PAGE: usize = 50;

pub struct PersonHistory {
    pub person: PersonSummary,
    /// Paged from the database, newest first.
    pub visits: PagedList<VisitSummary>,
    /// Showing the warning before a subject access export (`x`), until `y` or another key.
    pub confirming_export: bool,
}

/// Where a subject access export from the app is written: the user's home folder.
pub fn export_file_name(person_id: i64) -> String {
    format!("subject-access-{person_id}.json")
}

fn describe(p: &PersonSummary) -> String {
    let mut parts = vec![safe(&p.label())];
    if let Some(full) = &p.details.full_name {
        parts.push(safe(full));
    }
    if let Some(d) = p.details.date_of_birth {
        parts.push(format!("born {}", d.format("%d/%m/%Y")));
    }
    if let Some(phone) = &p.details.phone {
        parts.push(safe(phone));
    }
    parts.join(" · ")
}

impl PersonHistory {
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, tz: Tz) {
        let block = block::titled(format!(" Past visits — {} ", describe(&self.person)), theme)
            .title_bottom(Line::styled(
                hint::in_border(&list_bindings::past_visits_hint(), area.width),
                theme.dim(),
            ));
        if self.confirming_export {
            let lines = vec![
                Line::styled("Subject access export", theme.title()),
                Line::raw(""),
                Line::raw(format!(
                    "This writes everything staywell holds about {} to the file",
                    describe(&self.person)
                )),
                Line::raw(format!(
                    "~/{} in your home folder.",
                    export_file_name(self.person.id)
                )),
                Line::styled(
                    "The file is NOT encrypted: give it to the person securely, then delete it.",
                    theme.warning(),
                ),
                Line::raw(""),
                Line::raw(crate::ui::keys::confirm_hint("writes it", " cancels")),
            ];
            frame.render_widget(Paragraph::new(lines).block(block), area);
            return;
        }
        if self.visits.is_empty() {
            frame.render_widget(Paragraph::new("  No visits recorded.").block(block), area);
            return;
        }
        let items: Vec<ListItem<'_>> = self
            .visits
            .rows()
            .iter()
            .map(|v| {
                ListItem::new(format!(
                    "{}  {:<22} {:<3} {:<26} {}",
                    v.arrived_at.with_timezone(&tz).format("%a %d/%m/%Y %H:%M"),
                    v.status.label(),
                    v.triage_code
                        .as_deref()
                        .map(safe)
                        .unwrap_or_else(|| "—".into()),
                    v.outcome.map(|o| o.label()).unwrap_or("—"),
                    safe(&v.presenting_need)
                ))
            })
            .collect();
        render_list_with_selection(
            frame,
            area,
            List::new(items).block(block),
            1,
            self.visits.selected(),
            theme,
        );
    }
}

pub struct MatchChoice {
    pub candidates: Vec<(PersonSummary, Vec<MatchReason>)>,
    /// Over the candidates and then "a new person" after them.
    pub selected: Cursor,
}

impl MatchChoice {
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, tz: Tz) {
        let mut items: Vec<ListItem<'_>> = self
            .candidates
            .iter()
            .map(|(p, reasons)| {
                let why: Vec<&str> = reasons.iter().map(|r| r.label()).collect();
                let last = p
                    .last_visit
                    .map(|t| format!("last here {}", t.with_timezone(&tz).format("%d/%m/%Y")))
                    .unwrap_or_else(|| "no visits yet".into());
                ListItem::new(format!(
                    "{} · {last} · matches on {}",
                    describe(p),
                    why.join(", ")
                ))
            })
            .collect();
        items.push(ListItem::new("None of these: this is someone new"));
        crate::ui::widgets::hits::record(area, crate::ui::widgets::hits::Hit::Cover);
        let block =
            block::titled(" Has this person been before? ", theme).title_bottom(Line::styled(
                hint::in_border(&list_bindings::match_hint(), area.width),
                theme.dim(),
            ));
        render_list_with_selection(
            frame,
            area,
            List::new(items).block(block),
            1,
            self.selected.selected(),
            theme,
        );
    }
}
