//! The service manager's figures under a report (`domain::report::manager` defines them),
//! one wrapped line each.

use crate::domain::report::Report;
use crate::domain::report::manager::{ManagerFigures, Ons4Figures};
use crate::domain::visit::format_wait;
use crate::ui::safe;
use chrono::Duration;

/// Words greedily wrapped to `width` columns (a word longer than that gets a row to itself).
fn wrap(text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut out = vec![String::new()];
    for word in text.split(' ') {
        let last = out.last_mut().expect("never empty");
        let len = last.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            out.push(word.to_string());
        } else {
            if len > 0 {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    out
}

/// The service manager's figures (domain::report::manager defines them), one wrapped line
/// each, with the heading as the first row.
pub(super) fn manager_lines(r: &Report, width: u16) -> Vec<String> {
    let m = &r.manager;
    let mut text: Vec<String> = Vec::new();
    text.extend(timing_lines(m));
    text.extend(safety_lines(m));
    for q in &m.ons4 {
        text.extend(ons4_lines(q));
    }
    if m.swemwbs_scored > 0 {
        let how: Vec<String> = m
            .swemwbs_completion
            .iter()
            .map(|c| format!("{} {}", c.label.to_lowercase(), c.count))
            .collect();
        text.push(format!("SWEMWBS completed: {}", how.join(" · ")));
    }
    if m.swemwbs_scored > 0 || r.swemwbs.people > 0 {
        text.push(crate::domain::swemwbs::COPYRIGHT.to_string());
    }
    let mut out = vec![String::new()];
    for t in text {
        out.extend(wrap(&t, width));
    }
    out
}

/// Seen within target, arrivals by hour and weekday, length of stay.
fn timing_lines(m: &ManagerFigures) -> Vec<String> {
    let mut text: Vec<String> = Vec::new();
    for t in &m.within_target {
        text.push(format!(
            "Seen within target, {} {} ({}): {} of {}{}",
            safe(&t.code),
            safe(&t.label).to_lowercase(),
            crate::domain::visit::target_text(Some(t.target_minutes)),
            t.within,
            t.visits,
            t.percent()
                .map(|p| format!(" ({p:.0}%)"))
                .unwrap_or_default()
        ));
    }
    let hours: Vec<String> = m
        .arrivals_by_hour
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(h, n)| format!("{h:02}:00 {n}"))
        .collect();
    text.push(format!(
        "Arrivals by hour: {}",
        if hours.is_empty() {
            "none".into()
        } else {
            hours.join(" · ")
        }
    ));
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let weekdays: Vec<String> = days
        .iter()
        .zip(&m.arrivals_by_weekday)
        .map(|(d, n)| format!("{d} {n}"))
        .collect();
    text.push(format!("Arrivals by weekday: {}", weekdays.join(" · ")));
    let mins = |m: Option<i64>| m.map_or("–".to_string(), |m| format_wait(Duration::minutes(m)));
    text.push(format!(
        "Length of stay ({} visit{} with a leaving time): median {}, 90th percentile {}",
        m.stay.left,
        if m.stay.left == 1 { "" } else { "s" },
        mins(m.stay.median_minutes),
        mins(m.stay.p90_minutes)
    ));
    text
}

/// Safeguarding, incidents and where visitors were signposted.
fn safety_lines(m: &ManagerFigures) -> Vec<String> {
    let mut text: Vec<String> = Vec::new();
    let sg = &m.safeguarding;
    let cats: Vec<String> = sg
        .by_category
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| format!("{} {}", c.label.to_lowercase(), c.count))
        .collect();
    text.push(format!(
        "Safeguarding: {} visit{} with a concern, {} with a referral made{}",
        sg.concerns,
        if sg.concerns == 1 { "" } else { "s" },
        sg.referrals_made,
        if cats.is_empty() {
            String::new()
        } else {
            format!(" ({})", cats.join(" · "))
        }
    ));
    let kinds: Vec<String> = m
        .incidents
        .by_kind
        .iter()
        .map(|k| format!("{} {}", safe(&k.label), k.count))
        .collect();
    text.push(format!(
        "Incidents: {}{}",
        m.incidents.total,
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(" · "))
        }
    ));
    let signposts: Vec<String> = m
        .signposts
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| format!("{} {}", safe(&c.label), c.count))
        .collect();
    text.push(format!(
        "Signposted to: {}",
        if signposts.is_empty() {
            "none".into()
        } else {
            signposts.join(" · ")
        }
    ));
    text
}

/// One ONS4 question: on arrival, and on leaving where the service asks it.
fn ons4_lines(q: &Ons4Figures) -> Vec<String> {
    let mut text: Vec<String> = Vec::new();
    let bands: Vec<String> = q
        .bands
        .iter()
        .map(|b| format!("{} {}", b.label, b.count))
        .collect();
    let change = match (q.mean_first, q.mean_last, q.mean_change) {
        (Some(f), Some(l), Some(c)) => format!(
            "; {} with 2+ answers: {f:.2} first → {l:.2} last, change {}",
            q.people,
            signed(c, 2)
        ),
        _ => String::new(),
    };
    text.push(format!(
        "ONS4 {}{} ({} answer{} on arrival): mean {}; {}{change}",
        q.label.to_lowercase(),
        if q.lower_is_better {
            ", lower is better"
        } else {
            ""
        },
        q.answered,
        if q.answered == 1 { "" } else { "s" },
        q.mean.map_or("–".to_string(), |v| format!("{v:.1}")),
        bands.join(" · ")
    ));
    // On leaving, where the service asks it: only when asked at all in the period.
    if q.leaving_answered > 0 {
        let bands: Vec<String> = q
            .leaving_bands
            .iter()
            .map(|b| format!("{} {}", b.label, b.count))
            .collect();
        let change = match (
            q.mean_arrival_in_visit,
            q.mean_leaving_in_visit,
            q.mean_change_in_visit,
        ) {
            (Some(a), Some(l), Some(c)) => format!(
                "; {} visit{} with both: {a:.2} arriving → {l:.2} leaving, change {}",
                q.visits_with_both,
                if q.visits_with_both == 1 { "" } else { "s" },
                signed(c, 2)
            ),
            _ => String::new(),
        };
        text.push(format!(
            "ONS4 {} on leaving ({} answer{}): mean {}; {}{change}",
            q.label.to_lowercase(),
            q.leaving_answered,
            if q.leaving_answered == 1 { "" } else { "s" },
            q.leaving_mean
                .map_or("–".to_string(), |v| format!("{v:.1}")),
            bands.join(" · ")
        ));
    }
    text
}

pub(super) fn signed(v: f64, places: usize) -> String {
    let s = format!("{v:+.places$}");
    if s.trim_start_matches(['+', '-'])
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        format!("{:.places$}", 0.0)
    } else {
        s
    }
}
