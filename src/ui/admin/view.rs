//! Drawing the Administration screen: a section bar, the section's table (with a detail line
//! where rows have more to say), and any form or question over it. Every string from the
//! database goes through `safe`.

use super::{AdminScreen, Mode, Section, SettingsItem};
use crate::domain::admin::SettingKey;
use crate::domain::audit::ChainBreak;
use crate::domain::audit::ChainStatus;
use crate::domain::time::from_stored;
use crate::domain::visit::target_text;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::fields::FieldValue;
use crate::ui::widgets::fields::SAVE_NEXT_CANCEL;
use crate::ui::widgets::hint;
use crate::ui::widgets::hits::{self, Hit};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Row, Table, TableState, Wrap};

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
        Section::Staff => {
            let rows = s.staff.iter().map(|m| {
                Row::new(vec![
                    safe(&m.name),
                    if m.active { "active" } else { "deactivated" }.to_string(),
                    if m.is_admin { "admin" } else { "" }.to_string(),
                ])
            });
            table(
                frame,
                inner,
                theme,
                ["Name", "Status", ""].as_slice(),
                rows.collect(),
                &[
                    Constraint::Fill(1),
                    Constraint::Length(12),
                    Constraint::Length(6),
                ],
                selected,
            );
        }
        Section::Directory => render_directory(s, frame, inner, theme, selected),
        Section::ReferralSources => {
            let rows = s.sources.iter().map(|r| {
                Row::new(vec![
                    safe(&r.label),
                    safe(&r.reporting_code),
                    status(r.active).to_string(),
                ])
            });
            table(
                frame,
                inner,
                theme,
                ["Label", "Reporting code", ""].as_slice(),
                rows.collect(),
                &[
                    Constraint::Fill(1),
                    Constraint::Length(16),
                    Constraint::Length(8),
                ],
                selected,
            );
        }
        Section::Triage => render_triage(s, frame, inner, theme, selected),
        Section::BankHolidays => {
            let rows = s.holidays.iter().map(|h| {
                Row::new(vec![
                    h.date.format("%a %d/%m/%Y").to_string(),
                    safe(&h.name),
                ])
            });
            table(
                frame,
                inner,
                theme,
                ["Date", "Name"].as_slice(),
                rows.collect(),
                &[Constraint::Length(16), Constraint::Fill(1)],
                selected,
            );
        }
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
    let rows = s.settings_items().into_iter().map(|item| match item {
        SettingsItem::Setting(r) => Row::new(vec![
            r.key.label().to_string(),
            safe(&r.value),
            if r.is_default { "default" } else { "" }.to_string(),
        ]),
        SettingsItem::Target(t) => Row::new(vec![
            format!("Triage target: {} {}", safe(&t.code), safe(&t.label)),
            target_text(t.target_minutes.map(i64::from)),
            String::new(),
        ]),
    });
    table(
        frame,
        inner,
        theme,
        ["Setting", "Value", ""].as_slice(),
        rows.collect(),
        &[
            Constraint::Length(44),
            Constraint::Fill(1),
            Constraint::Length(8),
        ],
        selected,
    );
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
    let rows = s.directory.iter().map(|e| {
        Row::new(vec![
            safe(&e.name),
            safe(&e.category),
            e.phone.as_deref().map(safe).unwrap_or_default(),
            status(e.active).to_string(),
        ])
    });
    table(
        frame,
        list,
        theme,
        ["Name", "Category", "Phone", ""].as_slice(),
        rows.collect(),
        &[
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Length(16),
            Constraint::Length(8),
        ],
        selected,
    );
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
    let rows = s.triage.iter().map(|t| {
        Row::new(vec![
            safe(&t.code),
            safe(&t.label),
            target_text(t.target_minutes.map(i64::from)),
            status(t.active).to_string(),
        ])
    });
    table(
        frame,
        list,
        theme,
        ["Code", "Label", "Target", ""].as_slice(),
        rows.collect(),
        &[
            Constraint::Length(5),
            Constraint::Fill(1),
            Constraint::Length(18),
            Constraint::Length(8),
        ],
        selected,
    );
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
    let rows = s.audit.iter().map(|e| {
        let when = from_stored(&e.at)
            .map(|t| {
                t.with_timezone(&s.tz)
                    .format("%d/%m/%Y %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_else(|| safe(&e.at));
        Row::new(vec![
            e.id.to_string(),
            when,
            staff_name(s, e.staff_id),
            safe(&e.action).replace('_', " "),
            record_text(e.record_kind.as_deref(), e.record_id),
        ])
    });
    let mut rows: Vec<Row<'_>> = rows.collect();
    if s.audit_has_more {
        rows.push(Row::new(vec![String::new(), "… more below".into()]));
    }
    table(
        frame,
        list,
        theme,
        ["#", "When", "Staff", "Action", "Record"].as_slice(),
        rows,
        &[
            Constraint::Length(7),
            Constraint::Length(19),
            Constraint::Fill(2),
            Constraint::Length(15),
            Constraint::Fill(3),
        ],
        selected,
    );
}

fn table(
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    header: &[&str],
    rows: Vec<Row<'_>>,
    widths: &[Constraint],
    selected: usize,
) {
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("Nothing here yet. n adds one.", theme.dim())),
            area,
        );
        return;
    }
    let len = rows.len();
    let table = Table::new(rows, widths.to_vec())
        .header(Row::new(header.iter().map(|h| h.to_string())).style(theme.title()))
        .row_highlight_style(theme.selected())
        .highlight_symbol("▸ ");
    let selected = selected.min(len - 1);
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut state);
    // Under the header, one line per row, from the row ratatui scrolled to: for the mouse.
    for line in 0..area.height.saturating_sub(1) {
        let index = state.offset() + usize::from(line);
        if index >= len {
            break;
        }
        hits::record(
            Rect::new(area.x, area.y + 1 + line, area.width, 1),
            Hit::Row {
                from_selected: hits::distance(selected, index),
            },
        );
    }
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
