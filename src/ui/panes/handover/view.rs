//! A handover note, read-only: entries, sections, addenda, who signed and who acknowledged.

use crate::domain::handover::Handover;
use crate::domain::handover::{HandoverState, SECTIONS};
use crate::domain::text::sanitize_multiline;
use crate::ui::safe;
use crate::ui::theme::Theme;
use chrono_tz::Tz;
use ratatui::text::{Line, Span};
use std::collections::HashMap;

pub fn lines(
    h: &Handover,
    names: &HashMap<i64, String>,
    tz: Tz,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let name = |id: i64| {
        names
            .get(&id)
            .map(|n| safe(n))
            .unwrap_or_else(|| format!("staff #{id}"))
    };
    let stamp = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string()
    };
    let mut out = Vec::new();
    out.push(Line::styled(
        match &h.state {
            HandoverState::Draft if h.id == 0 => {
                "DRAFT — drafted from tonight's records, not saved yet (e to edit)".to_string()
            }
            HandoverState::Draft => format!(
                "DRAFT — last saved {} by {}",
                stamp(h.draft_saved_at),
                name(h.drafted_by)
            ),
            HandoverState::Signed { at, by } => format!(
                "SIGNED by {} at {} — not yet acknowledged",
                name(*by),
                stamp(*at)
            ),
            HandoverState::Acknowledged { signed_by, at, by } => {
                format!(
                    "SIGNED by {} · ACKNOWLEDGED by {} at {}",
                    name(*signed_by),
                    name(*by),
                    stamp(*at)
                )
            }
        },
        theme.warning(),
    ));
    out.push(Line::raw(""));
    if h.body.entries.is_empty() {
        out.push(Line::raw("No visitors to hand over."));
    }
    for e in &h.body.entries {
        out.push(Line::from(vec![
            Span::styled(safe(&e.person_label), theme.title()),
            Span::raw(format!(
                " ({}) — {}",
                safe(&e.situation),
                e.stability.label().to_uppercase()
            )),
        ]));
        for (label, text) in [
            ("Summary", &e.summary),
            ("Actions", &e.actions),
            ("If / then", &e.contingency),
        ] {
            for (n, l) in sanitize_multiline(text).lines().enumerate() {
                out.push(Line::raw(format!(
                    "  {:<10} {l}",
                    if n == 0 { label } else { "" }
                )));
            }
        }
    }
    for (i, title) in SECTIONS.iter().enumerate() {
        out.push(Line::raw(""));
        out.push(Line::styled(title.to_string(), theme.title()));
        let text = h.body.section(i);
        if text.trim().is_empty() {
            out.push(Line::styled("  —", theme.dim()));
        }
        for l in sanitize_multiline(text).lines() {
            out.push(Line::raw(format!("  {l}")));
        }
    }
    for a in &h.addenda {
        out.push(Line::raw(""));
        out.push(Line::styled(
            format!("Addendum {} by {}", stamp(a.at), name(a.by)),
            theme.title(),
        ));
        for l in sanitize_multiline(&a.text).lines() {
            out.push(Line::raw(format!("  {l}")));
        }
    }
    if let HandoverState::Acknowledged { .. } = h.state {
        out.push(Line::raw(""));
        out.push(Line::styled("Read-back", theme.title()));
        for l in sanitize_multiline(&h.readback).lines() {
            out.push(Line::raw(format!("  {l}")));
        }
    }
    out
}
