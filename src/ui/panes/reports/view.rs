//! Drawing a report: a summary, visits per day as a sparkline, the triage mix as a bar chart,
//! and tables (with a bar for each share) for referral sources, suitability, outcomes, contact
//! modes and peer workers' load. Everything is laid out on one tall canvas and the visible rows
//! are copied into the frame, so charts scroll with the tables.

use super::drawn::DrawnReport;
use super::manager::{manager_lines, signed};
use crate::domain::report::{Breakdown, Period, Report, date_span};
use crate::domain::visit::format_wait;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hint;
use chrono::Duration;
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph, Row, Sparkline, Table, Widget};

pub struct ReportView<'a> {
    pub period: &'a Period,
    pub report: Option<&'a Report>,
    pub tz: Tz,
    pub scroll: u16,
    pub drawn: &'a DrawnReport,
}

/// Draws the pane; returns how many rows the report has and how many are visible.
pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    view: &ReportView<'_>,
) -> (u16, u16) {
    let keys = super::bindings::hint();
    let title = format!(" Reports — {} ", view.period.label());
    let footer = hint::in_border(&keys, area.width.saturating_sub(8));
    hint::record_border_keys(area, &footer);
    let mut block = block::titled(title, theme)
        // Room is kept for " more ↓ " on the right, so the two never overlap.
        .title_bottom(Line::styled(footer, theme.dim()));
    let Some(report) = view.report.filter(|r| r.period == *view.period) else {
        frame.render_widget(Paragraph::new("Loading…").block(block), area);
        return (0, 0);
    };
    let inner = block.inner(area);
    let canvas = view.drawn.at(inner.width, theme, || {
        canvas(report, view.tz, theme, inner.width)
    });
    let content = canvas.area.height;
    let visible = inner.height.min(content);
    let scroll = view.scroll.min(content.saturating_sub(inner.height));
    if scroll + inner.height < content {
        block =
            block.title_bottom(Line::styled(" more ↓ ", theme.dim()).alignment(Alignment::Right));
    }
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    for y in 0..visible {
        for x in 0..inner.width {
            buf[(inner.x + x, inner.y + y)] = canvas[(x, scroll + y)].clone();
        }
    }
    (content, inner.height)
}

/// "▇▇▇▍": `value` as a bar of at most `width` cells against `max`, in eighths.
fn bar(value: u32, max: u32, width: u16) -> String {
    if max == 0 || value == 0 {
        return String::new();
    }
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let eighths = (value as u64 * width as u64 * 8)
        .div_ceil(max as u64)
        .max(1);
    format!(
        "{}{}",
        "█".repeat((eighths / 8) as usize),
        PARTS
            .get((eighths % 8) as usize)
            .copied()
            .unwrap_or_default()
    )
}

fn percent(n: u32, total: u32) -> String {
    if total == 0 {
        String::new()
    } else {
        format!("{}%", (n as u64 * 100 + total as u64 / 2) / total as u64)
    }
}

/// A titled table of counts with their share and a bar: (label, count) rows.
struct CountTable {
    title: String,
    column: &'static str,
    rows: Vec<(String, u32)>,
    total: u32,
}

impl CountTable {
    fn from_breakdown(
        title: &str,
        column: &'static str,
        b: &Breakdown,
        none: Option<&str>,
    ) -> Self {
        let mut rows: Vec<(String, u32)> =
            b.items.iter().map(|c| (safe(&c.label), c.count)).collect();
        if let Some(none) = none {
            rows.push((none.to_string(), b.not_recorded));
        }
        CountTable {
            title: title.to_string(),
            column,
            total: b.total(),
            rows,
        }
    }

    fn height(&self) -> u16 {
        2 + self.rows.len() as u16
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let [title, table] =
            ratatui::layout::Layout::vertical([Constraint::Length(1), Constraint::Min(0)])
                .areas(area);
        Line::styled(self.title.clone(), theme.title()).render(title, buf);
        let bar_width = area.width.saturating_sub(22 + 6 + 5 + 3).clamp(4, 16);
        let max = self.rows.iter().map(|r| r.1).max().unwrap_or(0);
        let rows: Vec<Row<'_>> = self
            .rows
            .iter()
            .map(|(label, n)| {
                Row::new([
                    Line::raw(label.clone()),
                    Line::raw(n.to_string()).alignment(Alignment::Right),
                    Line::raw(percent(*n, self.total)).alignment(Alignment::Right),
                    Line::raw(bar(*n, max, bar_width)),
                ])
            })
            .collect();
        Table::new(
            rows,
            [
                Constraint::Fill(1),
                Constraint::Length(5),
                Constraint::Length(4),
                Constraint::Length(bar_width),
            ],
        )
        .header(
            Row::new([
                Line::raw(self.column),
                Line::raw("n").alignment(Alignment::Right),
                Line::raw("%").alignment(Alignment::Right),
                Line::raw(""),
            ])
            .style(theme.dim()),
        )
        .render(table, buf);
    }
}

fn summary(r: &Report, tz: Tz) -> Vec<Line<'static>> {
    let p = &r.period;
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).format("%a %-d %b %H:%M");
    let mins = |m: Option<i64>| m.map_or("—".to_string(), |m| format_wait(Duration::minutes(m)));
    let mut out = vec![Line::raw(format!(
        "Counting arrivals from {} to {} ({tz})",
        local(p.starts_at),
        local(p.ends_at)
    ))];
    out.push(Line::raw(""));
    out.push(Line::from(vec![
        Span::raw("Visits "),
        Span::raw(r.visits.to_string()),
        Span::raw(format!(
            " · visitors {}: {} new, {} returning",
            r.unique_visitors, r.new_visitors, r.returning_visitors
        )),
    ]));
    out.push(Line::raw(if r.waits.seen == 0 {
        format!("Seen 0 of {}", r.visits)
    } else {
        format!(
            "Seen {} of {} · wait to be seen: median {}, 90th percentile {}",
            r.waits.seen,
            r.visits,
            mins(r.waits.median_minutes),
            mins(r.waits.p90_minutes)
        )
    }));
    let d = &r.distress;
    out.push(Line::raw(
        match (d.mean_arrival, d.mean_leaving, d.mean_change) {
            (Some(a), Some(l), Some(c)) => format!(
                "Distress 0–10 ({} visit{} with both): {a:.1} arriving → {l:.1} leaving, change {}",
                d.with_both,
                if d.with_both == 1 { "" } else { "s" },
                signed(c, 1)
            ),
            _ => "Distress 0–10: no visit with both scores".to_string(),
        },
    ));
    let s = &r.swemwbs;
    out.push(Line::raw(
        match (s.mean_first, s.mean_last, s.mean_change) {
            (Some(f), Some(l), Some(c)) => format!(
                "SWEMWBS ({} {} with 2+ scores): {f:.2} first → {l:.2} last, change {}",
                s.people,
                if s.people == 1 { "person" } else { "people" },
                signed(c, 2)
            ),
            _ => "SWEMWBS: nobody with two or more scores".to_string(),
        },
    ));
    let pl = &r.peers;
    out.push(Line::raw(format!(
        "Peer support: {} worker{}, {} active assignment{}, {} session{} ({})",
        pl.workers.len(),
        if pl.workers.len() == 1 { "" } else { "s" },
        pl.active_assignments,
        if pl.active_assignments == 1 { "" } else { "s" },
        pl.sessions,
        if pl.sessions == 1 { "" } else { "s" },
        format_wait(Duration::minutes(pl.minutes as i64))
    )));
    out
}

/// The per-day counts fitted to `width`: days (each drawn several columns wide, with a gap,
/// when there is room), or weeks, or 30-day blocks. Returns the columns and the unit.
fn series(r: &Report, width: u16) -> (Vec<Option<u64>>, &'static str) {
    let days: Vec<u64> = r.per_day.iter().map(|d| d.visits as u64).collect();
    let width = width.max(1) as usize;
    if days.len() <= width {
        let each = (width / days.len().max(1)).min(6);
        let columns = days
            .iter()
            .flat_map(|v| {
                let bars = if each >= 3 { each - 1 } else { each };
                std::iter::repeat_n(Some(*v), bars).chain((each >= 3).then_some(None))
            })
            .collect();
        return (columns, "day");
    }
    for (size, unit) in [(7, "week"), (30, "30 days")] {
        if days.len().div_ceil(size) <= width {
            return (
                days.chunks(size).map(|c| Some(c.iter().sum())).collect(),
                unit,
            );
        }
    }
    let size = days.len().div_ceil(width);
    (
        days.chunks(size).map(|c| Some(c.iter().sum())).collect(),
        "period",
    )
}

/// The triage chart's height in rows.
const CHART_ROWS: u16 = 8;

fn canvas(r: &Report, tz: Tz, theme: &Theme, width: u16) -> Buffer {
    let half = width.saturating_sub(2) / 2;
    let right_x = width - half;

    let summary = summary(r, tz);
    let (points, unit) = series(r, width);
    let referral = CountTable::from_breakdown(
        "Referral sources",
        "Source",
        &r.referral_sources,
        Some("Not recorded"),
    );
    let suitability = CountTable::from_breakdown(
        "Suitability",
        "Decision",
        &r.suitability,
        Some("Not recorded"),
    );
    let contact = CountTable::from_breakdown("Contact", "Mode", &r.contact_modes, None);
    let outcomes =
        CountTable::from_breakdown("Outcomes", "Code", &r.outcomes, Some("Not recorded"));

    let legend = triage_legend(r, half);
    let triage_height = 1 + CHART_ROWS + legend.len() as u16;

    let row_a = referral.height().max(triage_height);
    let row_b = (suitability.height() + 1 + contact.height()).max(outcomes.height());
    let workers = r.peers.workers.len().max(1) as u16;
    let peers_height = 2 + workers + 1;

    let mut y = 0u16;
    let mut place = |h: u16| {
        let at = y;
        y += h + 1;
        at
    };
    let at_summary = place(summary.len() as u16);
    let at_series = place(6);
    let at_a = place(row_a);
    let at_b = place(row_b);
    let at_peers = place(peers_height);
    let more = manager_lines(r, width);
    let more_rows = more.len() as u16;
    let at_more = place(more_rows);
    let at_note = place(2);
    let height = at_note + 2;

    let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
    let rect = |x: u16, y: u16, w: u16, h: u16| Rect::new(x, y, w, h);

    Paragraph::new(summary).render(rect(0, at_summary, width, 7), &mut buf);

    render_series(r, theme, &mut buf, (at_series, width), (&points, unit));

    // Referral sources | triage mix.
    referral.render(rect(0, at_a, half, row_a), &mut buf, theme);
    render_triage(
        r,
        theme,
        &mut buf,
        rect(right_x, at_a, half, row_a),
        &legend,
    );

    // Suitability and contact | outcomes.
    suitability.render(rect(0, at_b, half, suitability.height()), &mut buf, theme);
    contact.render(
        rect(0, at_b + suitability.height() + 1, half, contact.height()),
        &mut buf,
        theme,
    );
    outcomes.render(
        rect(right_x, at_b, half, outcomes.height()),
        &mut buf,
        theme,
    );

    render_peers(r, theme, &mut buf, rect(0, at_peers, width, peers_height));

    Line::styled("For the service manager", theme.title())
        .render(rect(0, at_more, width, 1), &mut buf);
    Paragraph::new(more.into_iter().skip(1).map(Line::raw).collect::<Vec<_>>())
        .render(rect(0, at_more + 1, width, more_rows - 1), &mut buf);

    Paragraph::new(vec![
        Line::styled(
            "These figures are exact, for the service. Commissioners get the CSV from",
            theme.dim(),
        ),
        Line::styled(
            "`staywell report --format csv`, with every count rounded to fives.",
            theme.dim(),
        ),
    ])
    .render(rect(0, at_note, width, 2), &mut buf);
    buf
}

/// The triage legend ("1 immediate · 2 urgent …"), wrapped to `width`.
fn triage_legend(r: &Report, half: u16) -> Vec<String> {
    let mut legend: Vec<String> = vec![String::new()];
    let items = r
        .triage
        .items
        .iter()
        .map(|c| format!("{} {}", safe(&c.code), safe(&c.label).to_lowercase()))
        .chain(std::iter::once("– not triaged".to_string()));
    for item in items {
        let last = legend.last_mut().expect("never empty");
        if !last.is_empty() && last.chars().count() + 3 + item.chars().count() > half as usize {
            legend.push(item);
        } else {
            if !last.is_empty() {
                last.push_str(" · ");
            }
            last.push_str(&item);
        }
    }
    legend
}

/// Visits over time: a heading, the sparkline and its axis, at row `at` of the canvas.
fn render_series(
    r: &Report,
    theme: &Theme,
    buf: &mut Buffer,
    (at_series, width): (u16, u16),
    (points, unit): (&[Option<u64>], &str),
) {
    let rect = |x: u16, y: u16, w: u16, h: u16| Rect::new(x, y, w, h);
    let busiest = r
        .per_day
        .iter()
        .max_by_key(|d| (d.visits, std::cmp::Reverse(d.date)));

    let heading = match busiest {
        Some(b) if b.visits > 0 => format!(
            "Visits per {unit}, {} · busiest day {} ({})",
            date_span(r.period.first, r.period.last),
            b.date.format("%a %-d %b"),
            b.visits
        ),
        _ => format!(
            "Visits per {unit}, {}",
            date_span(r.period.first, r.period.last)
        ),
    };
    Line::styled(heading, theme.title()).render(rect(0, at_series, width, 1), buf);
    Sparkline::default()
        .data(points.iter().copied())
        .absent_value_symbol(" ")
        .render(rect(0, at_series + 1, width, 4), buf);
    let first = r.period.first.format("%-d %b").to_string();
    let last = r.period.last.format("%-d %b").to_string();
    let axis_width = (points.len() as u16).clamp(1, width);
    let gap = (axis_width as usize).saturating_sub(first.len() + last.len());
    let axis = if r.period.first == r.period.last || gap == 0 {
        first
    } else {
        format!("{first}{}{last}", " ".repeat(gap))
    };
    Line::styled(axis, theme.dim()).render(rect(0, at_series + 5, width, 1), buf);
}

/// The triage mix as a bar chart over its legend.
fn render_triage(r: &Report, theme: &Theme, buf: &mut Buffer, area: Rect, legend: &[String]) {
    let rect = |x: u16, y: u16, w: u16, h: u16| Rect::new(x, y, w, h);
    Line::styled("Triage mix", theme.title()).render(rect(area.x, area.y, area.width, 1), buf);
    let mut bars: Vec<Bar<'_>> = r
        .triage
        .items
        .iter()
        .map(|c| Bar::with_label(safe(&c.code), c.count as u64).text_value(c.count.to_string()))
        .collect();
    bars.push(
        Bar::with_label("–", r.triage.not_recorded as u64)
            .text_value(r.triage.not_recorded.to_string()),
    );
    BarChart::new(bars)
        .bar_width(3)
        .bar_gap(1)
        .bar_style(theme.title())
        .value_style(theme.selected())
        .render(rect(area.x, area.y + 1, area.width, CHART_ROWS), buf);
    for (i, l) in legend.iter().enumerate() {
        Line::styled(l.clone(), theme.dim()).render(
            rect(area.x, area.y + 1 + CHART_ROWS + i as u16, area.width, 1),
            buf,
        );
    }
}

/// Peer workers' load: a row each and the total.
fn render_peers(r: &Report, theme: &Theme, buf: &mut Buffer, area: Rect) {
    let rect = |x: u16, y: u16, w: u16, h: u16| Rect::new(x, y, w, h);
    Line::styled("Peer worker load", theme.title())
        .render(rect(area.x, area.y, area.width, 1), buf);
    let mut rows: Vec<Row<'_>> = r
        .peers
        .workers
        .iter()
        .map(|w| {
            Row::new([
                Line::raw(safe(&w.name)),
                Line::raw(w.active_assignments.to_string()).alignment(Alignment::Right),
                Line::raw(w.sessions.to_string()).alignment(Alignment::Right),
                Line::raw(format_wait(Duration::minutes(w.minutes as i64)))
                    .alignment(Alignment::Right),
            ])
        })
        .collect();
    if rows.is_empty() {
        rows.push(Row::new([Line::styled(
            "No peer support in this period.",
            theme.dim(),
        )]));
    }
    rows.push(
        Row::new([
            Line::raw("All workers"),
            Line::raw(r.peers.active_assignments.to_string()).alignment(Alignment::Right),
            Line::raw(r.peers.sessions.to_string()).alignment(Alignment::Right),
            Line::raw(format_wait(Duration::minutes(r.peers.minutes as i64)))
                .alignment(Alignment::Right),
        ])
        .style(theme.title()),
    );
    Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(20),
            Constraint::Length(10),
            Constraint::Length(14),
        ],
    )
    .header(
        Row::new([
            Line::raw("Worker"),
            Line::raw("Active assignments").alignment(Alignment::Right),
            Line::raw("Sessions").alignment(Alignment::Right),
            Line::raw("Time").alignment(Alignment::Right),
        ])
        .style(theme.dim()),
    )
    .render(rect(area.x, area.y + 1, area.width, area.height - 1), buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_shares() {
        assert_eq!(bar(0, 10, 8), "");
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(1, 16, 4), "▎");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(2, 3), "67%");
        assert_eq!(percent(0, 0), "");
        assert_eq!(signed(-1.75, 1), "-1.8");
        assert_eq!(signed(3.93, 2), "+3.93");
        assert_eq!(signed(-0.01, 1), "0.0");
    }

    #[test]
    fn ons4_on_leaving_is_shown_under_arrival_only_when_asked() {
        use crate::domain::ons4::Ons4;
        use crate::domain::report::{ReportInput, VisitRow};
        use crate::domain::shift::ServiceHours;
        use chrono::TimeZone;
        let at = |d: u32| chrono::Utc.with_ymd_and_hms(2026, 11, d, 19, 0, 0).unwrap();
        let row = |id: i64, arrival: Option<u8>, leaving: Option<u8>| VisitRow {
            visit_id: id,
            person_id: id,
            arrived_at: at(id as u32 + 16),
            service_date: at(id as u32 + 16).date_naive(),
            person_first_arrival: Some(at(id as u32 + 16)),
            contact_mode: crate::domain::visit::ContactMode::WalkIn,
            referral_code: None,
            triage_code: None,
            suitability: None,
            outcome: None,
            seen_at: None,
            distress_arrival: None,
            distress_leaving: None,
            swemwbs_metric: None,
            swemwbs_completion: None,
            ons4: Ons4 {
                life_satisfaction: arrival,
                ..Ons4::default()
            },
            ons4_leaving: Ons4 {
                life_satisfaction: leaving,
                ..Ons4::default()
            },
            left_at: None,
            local_hour: 19,
            local_weekday: chrono::Weekday::Mon,
        };
        let period = Period::week(
            &ServiceHours::default(),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        );
        let report = |visits| {
            Report::build(
                period.clone(),
                &ReportInput {
                    visits,
                    ..ReportInput::default()
                },
            )
        };
        let r = report(vec![row(1, Some(3), Some(6)), row(2, Some(5), None)]);
        let text = manager_lines(&r, 200).join("\n");
        assert!(
            text.contains("ONS4 life satisfaction (2 answers on arrival): mean 4.0"),
            "{text}"
        );
        assert!(
            text.contains(
                "ONS4 life satisfaction on leaving (1 answer): mean 6.0; low 0 · medium 1 · high 0 · very high 0; 1 visit with both: 3.00 arriving → 6.00 leaving, change +3.00"
            ),
            "{text}"
        );
        // Not asked on leaving in the period: no line for it.
        let r = report(vec![row(1, Some(3), None)]);
        assert!(!manager_lines(&r, 200).join("\n").contains("on leaving"));
    }
}
