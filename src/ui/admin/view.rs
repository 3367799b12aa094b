//! Drawing the Administration screen: a section bar, the section's table (with a detail line
//! where rows have more to say), and any form or question over it. Every string from the
//! database goes through `safe`.

use super::{AdminScreen, Mode, Section, SettingsItem};
use crate::domain::admin::{
    BankHoliday, DirectoryRecord, ReferralSourceRecord, SettingKey, TriageRecord,
};
use crate::domain::audit::AuditEntry;
use crate::domain::audit::ChainBreak;
use crate::domain::audit::ChainStatus;
use crate::domain::staff::StaffMember;
use crate::domain::time::from_stored;
use crate::domain::visit::target_text;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::fields::FieldValue;
use crate::ui::widgets::fields::SAVE_NEXT_CANCEL;
use crate::ui::widgets::hint;
use crate::ui::widgets::table::{DataTable, ToCells, col};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Clear, Paragraph, Wrap};

pub(super) fn render(s: &AdminScreen, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let [bar, body, message] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(section_bar(s.section, theme)), bar);
    render_section(s, frame, body, theme);
    match &s.mode {
        Mode::List => {}
        Mode::Form { form, .. } => {
            let rows: u16 = form
                .fields
                .iter()
                .map(|f| match f.value {
                    FieldValue::Area { .. } => 4,
                    _ => 1,
                })
                .sum();
            let r = crate::ui::centered(body, 76, rows + 7);
            form.render(frame, r, theme, SAVE_NEXT_CANCEL);
        }
        Mode::Confirm { question, .. } => {
            let r = crate::ui::centered(body, 70, 7);
            frame.render_widget(Clear, r);
            let block = block::titled(" Are you sure? ", theme);
            let lines = vec![
                Line::raw(question.clone()),
                Line::raw(""),
                Line::styled(
                    crate::ui::keys::confirm_hint("confirms", " cancels"),
                    theme.dim(),
                ),
            ];
            frame.render_widget(
                Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
                r,
            );
        }
    }
    if let Some(m) = &s.message {
        frame.render_widget(Paragraph::new(m.line(theme)), message);
    }
}

/// "[s Staff]  d Directory  …": the section in front is bracketed, not only highlighted.
fn section_bar(current: Section, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for s in Section::ALL {
        let text = format!("{} {}", s.key(), s.tab());
        if s == current {
            spans.push(Span::styled(format!("[{text}]"), theme.active_tab()));
        } else {
            spans.push(Span::raw(format!(" {text} ")));
        }
    }
    Line::from(spans)
}

fn status(active: bool) -> &'static str {
    if active { "" } else { "retired" }
}

fn render_section(s: &AdminScreen, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let block = block::titled(format!(" Administration — {} ", s.section.title()), theme)
        .title_bottom(Line::styled(
            hint::in_border(&super::bindings::hint(s.section), area.width),
            theme.dim(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let selected = s.selected();
    match s.section {
        Section::Staff => DataTable::bare([
            col("Name", Constraint::Fill(1)),
            col("Status", Constraint::Length(12)),
            col("", Constraint::Length(6)),
        ])
        .render(frame, inner, &s.staff, &(), selected, theme),
        Section::Directory => render_directory(s, frame, inner, theme, selected),
        Section::ReferralSources => DataTable::bare([
            col("Label", Constraint::Fill(1)),
            col("Reporting code", Constraint::Length(16)),
            col("", Constraint::Length(8)),
        ])
        .render(frame, inner, &s.sources, &(), selected, theme),
        Section::Triage => render_triage(s, frame, inner, theme, selected),
        Section::BankHolidays => DataTable::bare([
            col("Date", Constraint::Length(16)),
            col("Name", Constraint::Fill(1)),
        ])
        .render(frame, inner, &s.holidays, &(), selected, theme),
        Section::Settings => render_settings(s, frame, inner, theme, selected),
        Section::Audit => render_audit(s, frame, inner, theme, selected),
    }
}

/// The settings section's rows: the settings, then each triage code's target.
fn render_settings(
    s: &AdminScreen,
    frame: &mut Frame<'_>,
    inner: Rect,
    theme: &Theme,
    selected: usize,
) {
    DataTable::bare([
        col("Setting", Constraint::Length(44)),
        col("Value", Constraint::Fill(1)),
        col("", Constraint::Length(8)),
    ])
    .render(frame, inner, &s.settings_items(), &(), selected, theme);
}

/// The directory section's rows.
fn render_directory(
    s: &AdminScreen,
    frame: &mut Frame<'_>,
    inner: Rect,
    theme: &Theme,
    selected: usize,
) {
    let [list, detail] = Layout::vertical([Constraint::Min(2), Constraint::Length(2)]).areas(inner);
    DataTable::bare([
        col("Name", Constraint::Fill(3)),
        col("Category", Constraint::Fill(2)),
        col("Phone", Constraint::Length(16)),
        col("", Constraint::Length(8)),
    ])
    .render(frame, list, &s.directory, &(), selected, theme);
    if let Some(e) = s.directory.get(selected) {
        let mut parts: Vec<String> = [&e.website, &e.hours]
            .into_iter()
            .flatten()
            .map(|t| safe(t))
            .collect();
        if !e.description.is_empty() {
            parts.push(safe(&e.description));
        }
        detail_line(frame, detail, theme, parts.join(" · "));
    }
}

/// The triage section's rows.
fn render_triage(
    s: &AdminScreen,
    frame: &mut Frame<'_>,
    inner: Rect,
    theme: &Theme,
    selected: usize,
) {
    let [list, detail] = Layout::vertical([Constraint::Min(2), Constraint::Length(2)]).areas(inner);
    DataTable::bare([
        col("Code", Constraint::Length(5)),
        col("Label", Constraint::Fill(1)),
        col("Target", Constraint::Length(18)),
        col("", Constraint::Length(8)),
    ])
    .render(frame, list, &s.triage, &(), selected, theme);
    if let Some(t) = s.triage.get(selected) {
        detail_line(frame, detail, theme, safe(&t.description));
    }
}

/// The audit section's rows.
fn render_audit(
    s: &AdminScreen,
    frame: &mut Frame<'_>,
    inner: Rect,
    theme: &Theme,
    selected: usize,
) {
    let [chain, filter, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(2),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(chain_line(s.chain.as_ref(), theme)), chain);
    frame.render_widget(
        Paragraph::new(Line::styled(filter_text(s), theme.dim())),
        filter,
    );
    DataTable::bare([
        col("#", Constraint::Length(7)),
        col("When", Constraint::Length(19)),
        col("Staff", Constraint::Fill(2)),
        col("Action", Constraint::Length(15)),
        col("Record", Constraint::Fill(3)),
    ])
    .more_below(s.audit_has_more())
    .render(frame, list, &s.audit, s, selected, theme);
}

/// Each section's rows as cells (every string from the database through `safe`).
impl ToCells<()> for StaffMember {
    fn cells(&self, _: &()) -> Vec<Cell<'static>> {
        cells([
            safe(&self.name),
            if self.active { "active" } else { "deactivated" }.to_string(),
            if self.is_admin { "admin" } else { "" }.to_string(),
        ])
    }
}

impl ToCells<()> for ReferralSourceRecord {
    fn cells(&self, _: &()) -> Vec<Cell<'static>> {
        cells([
            safe(&self.label),
            safe(&self.reporting_code),
            status(self.active).to_string(),
        ])
    }
}

impl ToCells<()> for BankHoliday {
    fn cells(&self, _: &()) -> Vec<Cell<'static>> {
        cells([
            self.date.format("%a %d/%m/%Y").to_string(),
            safe(&self.name),
        ])
    }
}

impl ToCells<()> for SettingsItem<'_> {
    fn cells(&self, _: &()) -> Vec<Cell<'static>> {
        match self {
            SettingsItem::Setting(r) => cells([
                r.key.label().to_string(),
                safe(&r.value),
                if r.is_default { "default" } else { "" }.to_string(),
            ]),
            SettingsItem::Target(t) => cells([
                format!("Triage target: {} {}", safe(&t.code), safe(&t.label)),
                target_text(t.target_minutes.map(i64::from)),
                String::new(),
            ]),
        }
    }
}

impl ToCells<()> for DirectoryRecord {
    fn cells(&self, _: &()) -> Vec<Cell<'static>> {
        cells([
            safe(&self.name),
            safe(&self.category),
            self.phone.as_deref().map(safe).unwrap_or_default(),
            status(self.active).to_string(),
        ])
    }
}

impl ToCells<()> for TriageRecord {
    fn cells(&self, _: &()) -> Vec<Cell<'static>> {
        cells([
            safe(&self.code),
            safe(&self.label),
            target_text(self.target_minutes.map(i64::from)),
            status(self.active).to_string(),
        ])
    }
}

/// An audit entry, with the screen for staff names and the time zone.
impl ToCells<AdminScreen> for AuditEntry {
    fn cells(&self, s: &AdminScreen) -> Vec<Cell<'static>> {
        let when = from_stored(&self.at)
            .map(|t| {
                t.with_timezone(&s.tz)
                    .format("%d/%m/%Y %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_else(|| safe(&self.at));
        cells([
            self.id.to_string(),
            when,
            staff_name(s, self.staff_id),
            safe(&self.action).replace('_', " "),
            record_text(self.record_kind.as_deref(), self.record_id),
        ])
    }
}

fn cells<const N: usize>(texts: [String; N]) -> Vec<Cell<'static>> {
    texts.into_iter().map(Cell::from).collect()
}

fn detail_line(frame: &mut Frame<'_>, area: Rect, theme: &Theme, text: String) {
    frame.render_widget(
        Paragraph::new(Line::styled(text, theme.dim())).wrap(Wrap { trim: true }),
        area,
    );
}

fn chain_line(chain: Option<&ChainStatus>, theme: &Theme) -> Line<'static> {
    match chain {
        None => Line::styled("Hash chain not checked yet (v checks it).", theme.dim()),
        Some(ChainStatus::Verified { entries }) => Line::styled(
            format!("✓ Hash chain verified: {entries} entries, none altered or removed."),
            theme.ok(),
        ),
        Some(ChainStatus::Broken(ChainBreak::Link { id })) => Line::styled(
            format!(
                "✗ HASH CHAIN BROKEN at entry #{id}: an entry before it was removed or altered. \
                 Tell the data-protection officer."
            ),
            theme.error(),
        ),
        Some(ChainStatus::Broken(ChainBreak::Content { id })) => Line::styled(
            format!(
                "✗ HASH CHAIN BROKEN: entry #{id} was altered. Tell the data-protection officer."
            ),
            theme.error(),
        ),
    }
}

fn staff_name(s: &AdminScreen, id: Option<i64>) -> String {
    match id {
        None => "—".into(),
        Some(id) => s
            .staff
            .iter()
            .find(|m| m.id == id)
            .map(|m| safe(&m.name))
            .unwrap_or_else(|| format!("staff #{id}")),
    }
}

/// "plan #3", "setting: time zone", "bank holiday 25/12/2026", "—".
fn record_text(kind: Option<&str>, id: Option<i64>) -> String {
    let Some(kind) = kind else {
        return "—".into();
    };
    let label = super::forms::kind_label(kind);
    match (kind, id) {
        ("setting", Some(id)) => match SettingKey::from_audit_id(id) {
            Some(k) => format!("setting: {}", k.key().replace('_', " ")),
            None => format!("setting #{id}"),
        },
        ("bank_holiday", Some(id)) => {
            let date = u32::try_from(id)
                .ok()
                .and_then(|n| NaiveDate::from_ymd_opt((n / 10_000) as i32, n / 100 % 100, n % 100));
            match date {
                Some(d) => format!("bank holiday {}", d.format("%d/%m/%Y")),
                None => format!("bank holiday #{id}"),
            }
        }
        (_, Some(id)) => format!("{label} #{id}"),
        (_, None) => label,
    }
}

fn filter_text(s: &AdminScreen) -> String {
    let f = &s.audit_filter;
    if f.is_empty() {
        return "Showing every entry, newest first (/ filters)".into();
    }
    let mut parts = Vec::new();
    if let Some(id) = f.staff_id {
        parts.push(format!("by {}", staff_name(s, Some(id))));
    }
    match (f.record_kind, f.record_id) {
        (Some(k), id) => parts.push(record_text(Some(k.as_str()), id)),
        (None, Some(id)) => parts.push(format!("record #{id}")),
        (None, None) => {}
    }
    if let Some(d) = f.from {
        parts.push(format!("from {}", d.format("%d/%m/%Y")));
    }
    if let Some(d) = f.to {
        parts.push(format!("to {}", d.format("%d/%m/%Y")));
    }
    format!("Showing: {} (c clears)", parts.join(" · "))
}
