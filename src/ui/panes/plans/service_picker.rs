//! The plan editor's service picker (Ctrl-o): the national lines and the directory's services
//! not yet in "Professionals and services", narrowed as the lead types.

use super::lines;
use super::view_bindings;
use crate::domain::plan::{Contact, PlanContent, is_uk_phone, national_lines};
use crate::domain::visit::DirectoryEntry;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::fields::{match_count, matches};
use crate::ui::widgets::hint;
use crate::ui::widgets::hits::{self, Hit};
use crate::ui::widgets::table::render_list_with_selection;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, List, ListItem};

/// A contact the editor offers to add to "Professionals and services".
pub(super) struct Offer {
    pub(super) contact: Contact,
    /// "national line", or the directory's category.
    pub(super) source: String,
}

pub(super) struct Picker {
    pub(super) offers: Vec<Offer>,
    /// Index into `offers`.
    pub(super) selected: usize,
    /// Typed to narrow the offers to those holding it (name, number or kind, case aside).
    pub(super) filter: String,
}

/// The national lines not yet listed, then directory services with a UK number not yet listed
/// (compared by the digits one dials, so "111" and "111, option 2" count as one).
pub(super) fn offers(professionals: &str, directory: &[DirectoryEntry]) -> Vec<Offer> {
    let have = lines::contacts_lenient(professionals);
    let listed = PlanContent {
        professionals: have.clone(),
        ..Default::default()
    };
    let mut out: Vec<Offer> = listed
        .missing_national_lines()
        .into_iter()
        .map(|contact| Offer {
            contact,
            source: "national line".into(),
        })
        .collect();
    let mut seen: Vec<String> = have
        .iter()
        .chain(national_lines().iter())
        .map(|c| lines::dial_digits(&c.phone))
        .collect();
    for entry in directory {
        let Some(phone) = entry.phone.as_deref() else {
            continue;
        };
        let key = lines::dial_digits(phone);
        if key.is_empty() || !is_uk_phone(phone) || seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(Offer {
            contact: Contact::new(&entry.name, phone),
            source: entry.category.clone(),
        });
    }
    out
}

impl Offer {
    pub(super) fn text(&self) -> String {
        format!(
            "{} ({})",
            lines::contact_line(&self.contact),
            safe(&self.source)
        )
    }
}

impl Picker {
    /// The offers the filter keeps, as indices into `offers`.
    pub(super) fn shown(&self) -> Vec<usize> {
        self.offers
            .iter()
            .enumerate()
            .filter(|(_, o)| matches(&o.text(), &self.filter))
            .map(|(i, _)| i)
            .collect()
    }

    /// After the filter changed: the selection stays if still on show, else the first is.
    pub(super) fn follow_filter(&mut self) {
        let shown = self.shown();
        if !shown.contains(&self.selected)
            && let Some(&first) = shown.first()
        {
            self.selected = first;
        }
    }

    pub(super) fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        frame.render_widget(Clear, area);
        hits::record(area, Hit::Cover);
        let shown = self.shown();
        let title = if self.filter.is_empty() {
            " Add to professionals and services ".to_string()
        } else {
            format!(
                " Add to professionals and services: {} ",
                match_count(shown.len(), self.offers.len(), &self.filter)
            )
        };
        let block = block::titled(
            hint::ellipsize(&title, usize::from(area.width.saturating_sub(2))),
            theme,
        )
        .title_bottom(Line::styled(
            hint::in_border(&view_bindings::picker_hint(), area.width),
            theme.dim(),
        ));
        let items: Vec<ListItem<'_>> = shown
            .iter()
            .filter_map(|i| self.offers.get(*i).map(|o| ListItem::new(o.text())))
            .collect();
        let selected = shown.iter().position(|i| *i == self.selected).unwrap_or(0);
        render_list_with_selection(
            frame,
            area,
            List::new(items).block(block),
            1,
            selected,
            theme,
        );
    }
}
