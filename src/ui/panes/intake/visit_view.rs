//! A visit, read-only: what was recorded, by whom and when, its incidents and follow-ups.

use super::visit_form::stamp;
use crate::domain::correction::{Correction, describe};
use crate::domain::person::{PersonDetails, display_label};
use crate::domain::visit::{
    DirectoryEntry, FollowUp, Incident, ReferralSource, TriageCode, VisitRecord,
};
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hint;
use crate::ui::widgets::scroll::Scroll;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use std::collections::HashMap;

/// Everything the view shows, loaded by the app.
pub struct VisitView {
    pub record: VisitRecord,
    pub incidents: Vec<Incident>,
    pub follow_ups: Vec<FollowUp>,
    /// The visit's person as recorded now: phone and date of birth shown, to tell them
    /// apart and to call back, and the start of the correction form.
    pub person: PersonDetails,
    /// Every correction of the visit, its person, incidents and follow-ups, oldest first.
    pub history: Vec<Correction>,
    pub staff_names: HashMap<i64, String>,
    /// The peer worker of their open assignment, if any.
    pub peer_worker: Option<String>,
    /// When, by whom and how the safeguarding concern was closed (None while open).
    pub safeguarding_closed: Option<crate::domain::follow_up::SafeguardingClosed>,
    /// Other records of the same person merged into theirs, oldest first.
    pub merges: Vec<crate::domain::merge::MergeNote>,
    pub scroll: Scroll,
}

fn row<'a>(label: &str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<24}"), theme.title()),
        Span::raw(value),
    ])
}

impl VisitView {
    /// Full name, phone and date of birth, as far as they are known.
    /// Who the visit is for: their full name and record number. The name they gave is the
    /// view's title and the phone and date of birth have their own row, so neither is repeated.
    fn person_text(&self) -> String {
        let full_name = self.person.full_name.as_deref().map(str::trim);
        let full_name = match full_name.filter(|n| !n.is_empty()) {
            Some(n) => safe(n),
            None => "full name not given".into(),
        };
        format!("{full_name} · record #{}", self.record.person_id)
    }

    fn staff(&self, id: Option<i64>) -> String {
        id.and_then(|i| self.staff_names.get(&i))
            .map(|n| safe(n))
            .unwrap_or_else(|| "—".into())
    }

    /// A correction as a sentence, sanitised for drawing.
    fn corrected(&self, c: &Correction, tz: Tz, now: DateTime<Utc>) -> String {
        safe(&describe(c, &self.staff(Some(c.staff_id)), tz, now))
    }

    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        tz: Tz,
        now: DateTime<Utc>,
        codes: &[TriageCode],
        sources: &[ReferralSource],
        directory: &[DirectoryEntry],
    ) {
        let v = &self.record;
        let name = display_label(v.person_id, v.display_name.as_deref());
        let mut lines = self.detail_lines(theme, tz, now, codes, sources);
        lines.extend(self.measure_lines(theme, directory));
        lines.extend(self.safety_lines(theme, tz));
        lines.extend(self.record_lines(theme, tz, now));
        let footer = hint::in_border(&super::bindings::visit_hint(), area.width);
        hint::record_border_keys(area, &footer);
        let block = block::titled(format!(" Visit — {} ", safe(&name)), theme)
            .title_bottom(Line::styled(footer, theme.dim()));
        self.scroll.render(frame, area, lines, block);
    }

    /// The quick-add details (arrival, contact details, referral, person and the records merged
    /// into theirs), then the newest correction (every field it changed), where it is seen at
    /// once: a corrected name shows under the person. The history at the foot lists every change.
    fn quick_add_lines(
        &self,
        theme: &Theme,
        tz: Tz,
        now: DateTime<Utc>,
        sources: &[ReferralSource],
    ) -> Vec<Line<'static>> {
        let v = &self.record;
        let dash = || "—".to_string();
        let mut lines = vec![
            row(
                "Arrived",
                format!("{} · {}", stamp(v.arrived_at, tz), v.contact_mode.label()),
                theme,
            ),
            row(
                "Phone · date of birth",
                format!(
                    "{} · {}",
                    self.person.phone.as_deref().map(safe).unwrap_or_else(dash),
                    self.person
                        .date_of_birth
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_else(dash)
                ),
                theme,
            ),
            row("Referred by", source_text(v, sources), theme),
            row("Person", self.person_text(), theme),
        ];
        // Under the person: every record merged into theirs, when, by whom and why.
        for m in &self.merges {
            lines.push(Line::styled(
                format!("  {}", safe(&m.describe(tz))),
                theme.dim(),
            ));
        }
        lines.extend(self.newest_correction(theme, tz, now));
        lines
    }

    /// The quick-add details with their newest correction, then status, worker, triage and
    /// suitability.
    fn detail_lines(
        &self,
        theme: &Theme,
        tz: Tz,
        now: DateTime<Utc>,
        codes: &[TriageCode],
        sources: &[ReferralSource],
    ) -> Vec<Line<'static>> {
        let v = &self.record;
        let dash = || "—".to_string();
        let triage = triage_text(v, codes);
        // Seen and left are usually the evening they arrived: the time says enough then.
        let arrived_on = v.arrived_at.with_timezone(&tz).date_naive();
        let same_evening = |t: chrono::DateTime<chrono::Utc>| {
            let local = t.with_timezone(&tz);
            if local.date_naive() == arrived_on {
                local.format("%H:%M").to_string()
            } else {
                stamp(t, tz)
            }
        };
        let mut lines = self.quick_add_lines(theme, tz, now, sources);
        lines.extend([
            row("Presenting need", safe(&v.presenting_need), theme),
            row(
                "Status",
                format!(
                    "{} · seen {} · left {}",
                    v.status.label(),
                    v.seen_at.map(same_evening).unwrap_or_else(dash),
                    v.left_at.map(same_evening).unwrap_or_else(dash)
                ),
                theme,
            ),
            row(
                "Peer worker",
                self.peer_worker.as_deref().map(safe).unwrap_or_else(dash),
                theme,
            ),
            row(
                "Triage",
                match v.triaged_at {
                    Some(t) => format!(
                        "{triage} · by {} at {}",
                        self.staff(v.triaged_by),
                        stamp(t, tz)
                    ),
                    None => triage,
                },
                theme,
            ),
            row(
                "Suitability",
                v.suitability
                    .map(|s| s.label().to_string())
                    .unwrap_or_else(dash),
                theme,
            ),
        ]);
        if !v.suitability_reason.is_empty() {
            lines.push(row("  reason", safe(&v.suitability_reason), theme));
        }
        lines
    }

    /// The newest correction (every field it changed), shown where it is seen at once; the
    /// history at the foot lists every change.
    fn newest_correction(&self, theme: &Theme, tz: Tz, now: DateTime<Utc>) -> Vec<Line<'static>> {
        let Some(last) = self.history.last() else {
            return Vec::new();
        };
        self.history
            .iter()
            .filter(|c| c.at == last.at && c.staff_id == last.staff_id)
            .map(|c| Line::styled(format!("  {}", self.corrected(c, tz, now)), theme.dim()))
            .collect()
    }

    /// Distress, ONS4, SWEMWBS, outcome and signposting.
    fn measure_lines(&self, theme: &Theme, directory: &[DirectoryEntry]) -> Vec<Line<'static>> {
        let v = &self.record;
        let dash = || "—".to_string();
        let mut lines = Vec::new();
        let distress = |d: Option<u8>| d.map(|d| format!("{d}/10")).unwrap_or_else(dash);
        lines.push(row(
            "Distress",
            format!(
                "on arrival {} · on leaving {}",
                distress(v.distress_arrival),
                distress(v.distress_leaving)
            ),
            theme,
        ));
        for (label, answers) in [
            ("ONS4 (arrival)", &v.ons4),
            ("ONS4 (leaving)", &v.ons4_leaving),
        ] {
            if answers.is_empty() {
                continue;
            }
            let answers: Vec<String> = crate::domain::ons4::Question::ALL
                .iter()
                .map(|q| {
                    let a = answers.get(*q).map_or_else(dash, |n| format!("{n}/10"));
                    format!("{} {a}", q.short().to_lowercase())
                })
                .collect();
            lines.push(row(label, answers.join(" · "), theme));
        }
        lines.push(row(
            "SWEMWBS",
            v.swemwbs
                .map(|s| {
                    let how = v
                        .swemwbs_completion
                        .map_or("completion not recorded", |c| c.label());
                    format!("raw {} · metric {:.2} · {how}", s.raw(), s.metric())
                })
                .unwrap_or_else(dash),
            theme,
        ));
        if v.swemwbs.is_some() {
            lines.push(row(
                "",
                crate::domain::swemwbs::COPYRIGHT.to_string(),
                theme,
            ));
        }
        lines.push(row(
            "Outcome",
            v.outcome
                .map(|o| o.label().to_string())
                .unwrap_or_else(dash),
            theme,
        ));
        let signposts: Vec<String> = v
            .signposts
            .iter()
            .filter_map(|id| directory.iter().find(|d| d.id == *id))
            .map(|d| safe(&d.name))
            .collect();
        lines.push(row(
            "Signposted to",
            if signposts.is_empty() {
                dash()
            } else {
                signposts.join(", ")
            },
            theme,
        ));
        lines
    }

    /// The safety formulation and the safeguarding record.
    fn safety_lines(&self, theme: &Theme, tz: Tz) -> Vec<Line<'static>> {
        let v = &self.record;
        let dash = || "—".to_string();
        let mut lines = Vec::new();
        lines.push(Line::raw(""));
        lines.push(Line::styled("Safety formulation", theme.title()));
        if v.safety_formulation.is_empty() {
            lines.push(Line::raw("  (not written yet)"));
        }
        for l in crate::domain::text::sanitize_multiline(&v.safety_formulation).lines() {
            lines.push(Line::raw(format!("  {l}")));
        }
        lines.push(Line::raw(""));
        let sg = &v.safeguarding;
        lines.push(Line::styled("Safeguarding", theme.title()));
        if sg.is_empty() {
            lines.push(Line::raw("  nothing recorded"));
        } else {
            let cats: Vec<&str> = sg.categories.iter().map(|c| c.label()).collect();
            lines.push(row(
                "  concern",
                if cats.is_empty() {
                    dash()
                } else {
                    cats.join(", ")
                },
                theme,
            ));
            if !sg.other_detail.is_empty() {
                lines.push(row("  other", safe(&sg.other_detail), theme));
            }
            let children = match sg.children_in_household {
                None => "not known",
                Some(true) => "yes",
                Some(false) => "no",
            };
            lines.push(row("  children in household", children.into(), theme));
            if sg.referral_made {
                lines.push(row(
                    "  referral",
                    format!(
                        "to {} at {} · ref {}",
                        safe(&sg.referred_to),
                        sg.referred_at.map(|t| stamp(t, tz)).unwrap_or_else(dash),
                        if sg.reference.is_empty() {
                            dash()
                        } else {
                            safe(&sg.reference)
                        }
                    ),
                    theme,
                ));
            } else {
                lines.push(row("  referral", "not made".into(), theme));
            }
            let consent = match sg.consent_obtained {
                None => "not recorded".to_string(),
                Some(true) => "obtained".to_string(),
                Some(false) => format!("overridden: {}", safe(&sg.consent_override_reason)),
            };
            lines.push(row("  consent", consent, theme));
            if let Some(c) = &self.safeguarding_closed {
                lines.push(row(
                    "  closed",
                    format!(
                        "{} by {}: {}",
                        stamp(c.at, tz),
                        self.staff(c.by),
                        safe(&c.note)
                    ),
                    theme,
                ));
            } else if sg.has_concern() {
                lines.push(row(
                    "  closed",
                    "no: still open (S closes it)".into(),
                    theme,
                ));
            }
        }
        lines
    }

    /// Incidents, follow-ups, the corrections' history, and who recorded and last changed the
    /// visit.
    fn record_lines(&self, theme: &Theme, tz: Tz, now: DateTime<Utc>) -> Vec<Line<'static>> {
        let v = &self.record;
        let dash = || "—".to_string();
        let mut lines = Vec::new();
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Incidents ({})", self.incidents.len()),
            theme.title(),
        ));
        for i in &self.incidents {
            lines.push(Line::raw(format!(
                "  {} {} · people: {} · action: {} · staff: {}",
                super::visit_form::when(i.occurred_at, tz, now),
                safe(&i.kind),
                safe(&i.people),
                safe(&i.action),
                safe(&i.staff)
            )));
        }
        lines.push(Line::styled(
            format!("Follow-ups ({})", self.follow_ups.len()),
            theme.title(),
        ));
        for f in &self.follow_ups {
            // Done says when and by whom (with the date when it was not that day).
            let state = match f.done_at {
                Some(at) => {
                    let when = if at.with_timezone(&tz).date_naive()
                        == now.with_timezone(&tz).date_naive()
                    {
                        at.with_timezone(&tz).format("%H:%M").to_string()
                    } else {
                        stamp(at, tz)
                    };
                    let how = f.closed_as.map_or("done", |c| c.label());
                    format!("[{how} {when} by {}]", self.staff(f.done_by))
                }
                None => "[open]".to_string(),
            };
            let mut line = format!(
                "  {} {} · owner {} · due {}",
                state,
                safe(&f.task),
                safe(&f.owner),
                f.due_on
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_else(dash)
            );
            if !f.outcome.is_empty() {
                line.push_str(&format!(" · {}", safe(&f.outcome)));
            }
            lines.push(Line::raw(line));
        }
        if !self.history.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!(
                    "History ({})",
                    crate::domain::plural::count(self.history.len(), "correction", "corrections")
                ),
                theme.title(),
            ));
            for c in &self.history {
                lines.push(Line::raw(format!("  {}", self.corrected(c, tz, now))));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "Recorded by {} at {} · last changed by {} at {}",
                self.staff(Some(v.created_by)),
                stamp(v.created_at, tz),
                self.staff(Some(v.updated_by)),
                stamp(v.updated_at, tz)
            ),
            theme.dim(),
        ));
        lines
    }
}

/// The visit's triage code with its meaning and target, or "to triage".
fn triage_text(v: &VisitRecord, codes: &[TriageCode]) -> String {
    v.triage_code
        .as_ref()
        .map(|c| match codes.iter().find(|t| &t.code == c) {
            Some(t) => format!("{} {} ({})", safe(&t.code), safe(&t.label), t.target_text()),
            None => safe(c),
        })
        .unwrap_or_else(|| "to triage".into())
}

/// Who referred the visitor, as the list names them, or a dash.
fn source_text(v: &VisitRecord, sources: &[ReferralSource]) -> String {
    v.referral_source_id
        .and_then(|id| sources.iter().find(|s| s.id == id))
        .map(|s| safe(&s.label))
        .unwrap_or_else(|| "—".to_string())
}
