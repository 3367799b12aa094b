//! The shift handover: drafted from the shift's own records, edited by the outgoing lead, signed
//! (then read-only, corrections as dated addenda), and acknowledged by the incoming lead with a
//! short read-back in their own words.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// I-PASS illness severity. Nobody's is assumed: an entry is "not assessed" until the lead
/// chooses, so a signed note never says "stable" about someone nobody judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Stability {
    #[default]
    NotAssessed,
    Stable,
    Watcher,
    Unstable,
}

impl Stability {
    pub const ALL: [Stability; 4] = [
        Stability::NotAssessed,
        Stability::Stable,
        Stability::Watcher,
        Stability::Unstable,
    ];

    /// The judgements a lead can make (everything but "not assessed").
    pub const ASSESSED: [Stability; 3] =
        [Stability::Stable, Stability::Watcher, Stability::Unstable];

    pub fn label(self) -> &'static str {
        match self {
            Stability::NotAssessed => "not assessed",
            Stability::Stable => "stable",
            Stability::Watcher => "watcher",
            Stability::Unstable => "unstable",
        }
    }
}

/// One visitor's I-PASS entry: severity, summary, actions (with owners), "if this then that".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IpassEntry {
    pub visit_id: i64,
    pub person_id: i64,
    /// How the visitor was named when the note was drafted ("Kit", "Anonymous #12").
    pub person_label: String,
    /// "B, with worker" and the like: the visit as it stands now, kept up to date until the
    /// note is signed (then it says what the lead signed).
    pub situation: String,
    pub stability: Stability,
    pub summary: String,
    pub actions: String,
    pub contingency: String,
}

/// The note's body; stored as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HandoverBody {
    pub entries: Vec<IpassEntry>,
    pub safeguarding: String,
    pub follow_ups: String,
    pub incidents: String,
    pub staffing: String,
    pub facilities: String,
    pub free_text: String,
}

/// The free-text sections in the order the note shows them.
pub const SECTIONS: [&str; 6] = [
    "Safeguarding",
    "Follow-ups",
    "Incidents",
    "Staffing and lone working",
    "Facilities",
    "Anything else",
];

impl HandoverBody {
    pub fn section(&self, i: usize) -> &str {
        match i {
            0 => &self.safeguarding,
            1 => &self.follow_ups,
            2 => &self.incidents,
            3 => &self.staffing,
            4 => &self.facilities,
            _ => &self.free_text,
        }
    }

    pub fn section_mut(&mut self, i: usize) -> &mut String {
        match i {
            0 => &mut self.safeguarding,
            1 => &mut self.follow_ups,
            2 => &mut self.incidents,
            3 => &mut self.staffing,
            4 => &mut self.facilities,
            _ => &mut self.free_text,
        }
    }

    /// Who still has no stability chosen, by label, for the sign-off to name.
    pub fn not_assessed(&self) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| e.stability == Stability::NotAssessed)
            .map(|e| e.person_label.as_str())
            .collect()
    }

    /// Everything a search should find, as one text.
    pub fn search_text(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        for e in &self.entries {
            parts.extend([
                e.person_label.as_str(),
                &e.situation,
                &e.summary,
                &e.actions,
                &e.contingency,
            ]);
        }
        parts.extend((0..SECTIONS.len()).map(|i| self.section(i)));
        parts.join("\n")
    }

    /// The note as plain text, for reading and for subject access requests.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for e in &self.entries {
            out.push_str(&format!(
                "{} ({}) — {}\n",
                e.person_label,
                e.situation,
                e.stability.label()
            ));
            for (label, text) in [
                ("Summary", &e.summary),
                ("Actions", &e.actions),
                ("If / then", &e.contingency),
            ] {
                if !text.trim().is_empty() {
                    out.push_str(&format!("  {label}: {}\n", text.trim()));
                }
            }
        }
        for (i, title) in SECTIONS.iter().enumerate() {
            let text = self.section(i).trim();
            if !text.is_empty() {
                out.push_str(&format!("\n{title}\n{text}\n"));
            }
        }
        out
    }
}

/// What happened on a shift, read from its records, for drafting. Open items from earlier
/// shifts are carried in until they are closed, each saying where it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShiftFacts {
    /// Visitors still here, or whose visit left work to do (tonight's or carried).
    pub visitors: Vec<VisitorFact>,
    /// How every visit an entry may name stands now: tonight's, and those carried in.
    pub situations: Vec<(i64, String)>,
    pub safeguarding: Vec<String>,
    pub follow_ups: Vec<String>,
    pub referrals: Vec<String>,
    pub assignments: Vec<String>,
    /// Peer support begun on an earlier shift and still going, with sessions left.
    pub continuing: Vec<String>,
    /// What the last signed note flagged for the next lead (see [`flagged_lines`]).
    pub flagged: Vec<String>,
    pub incidents: Vec<String>,
    /// Lines of records closed since the draft may have been begun (follow-ups done or
    /// cancelled): taken out of a draft that still has them word for word. A line the lead
    /// edited is their words, and stays.
    pub closed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitorFact {
    pub visit_id: i64,
    pub person_id: i64,
    pub person_label: String,
    pub situation: String,
}

/// How a visit stands, for its I-PASS line: "B, with worker", "to triage, waiting", and where it
/// came from when it is carried in from an earlier shift, with the reason the lead gave
/// ("C, waiting · from Mon 30 Nov · carried: crisis team to ring at 09:00").
pub fn situation(
    code: Option<&str>,
    status: &str,
    carried_from: Option<NaiveDate>,
    carried_because: Option<&str>,
) -> String {
    let mut s = format!("{}, {}", code.unwrap_or("to triage"), status.to_lowercase());
    if let Some(date) = carried_from {
        s.push_str(&format!(" · from {}", date.format("%a %-d %b")));
    }
    if let Some(reason) = carried_because {
        s.push_str(&format!(" · carried: {reason}"));
    }
    s
}

/// The same, for a visit of any origin: carried in from an earlier shift, or an out-of-hours
/// contact, dated in the service's time zone ("to triage, waiting · out of hours contact
/// Tue 1 Dec 07:40"), or the shift's own, with why it was carried forward at the close-out
/// when it was ("B, with worker · carried forward: sister to collect at 23:00").
pub fn situation_from(
    code: Option<&str>,
    status: &str,
    origin: Option<crate::domain::shift::Origin>,
    carried_because: Option<&str>,
    tz: chrono_tz::Tz,
) -> String {
    use crate::domain::shift::Origin;
    match origin {
        None => {
            let mut s = situation(code, status, None, None);
            if let Some(reason) = carried_because {
                s.push_str(&format!(" · carried forward: {reason}"));
            }
            s
        }
        Some(Origin::Shift(date)) => situation(code, status, Some(date), carried_because),
        Some(Origin::OutOfHours(at)) => {
            let mut s = situation(code, status, None, None);
            s.push_str(&format!(
                " · out of hours contact {}",
                at.with_timezone(&tz).format("%a %-d %b %H:%M")
            ));
            if let Some(reason) = carried_because {
                s.push_str(&format!(" · carried: {reason}"));
            }
            s
        }
    }
}

fn bullets(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("- {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A first draft from the shift's records: an I-PASS entry per visitor still present or needing
/// follow-up, and the sections pre-filled with what the records say.
pub fn draft_from(facts: &ShiftFacts) -> HandoverBody {
    let mut body = HandoverBody::default();
    merge_facts(&mut body, facts);
    body
}

/// Each entry's situation as its visit stands now (`situations`: visit id and its line), so a
/// visitor who has left since the draft began is not handed over, or signed, as waiting.
pub fn follow_situations(body: &mut HandoverBody, situations: &[(i64, String)]) {
    for entry in &mut body.entries {
        if let Some((_, now)) = situations.iter().find(|(id, _)| *id == entry.visit_id) {
            entry.situation.clone_from(now);
        }
    }
}

/// Brings an existing draft up to date without losing a word of it: visitors not yet in it get
/// an entry, every entry's situation follows its visit as it stands now, and record lines not
/// yet in a section are appended to it.
pub fn merge_facts(body: &mut HandoverBody, facts: &ShiftFacts) {
    follow_situations(body, &facts.situations);
    for v in &facts.visitors {
        if !body.entries.iter().any(|e| e.visit_id == v.visit_id) {
            body.entries.push(IpassEntry {
                visit_id: v.visit_id,
                person_id: v.person_id,
                person_label: v.person_label.clone(),
                situation: v.situation.clone(),
                ..IpassEntry::default()
            });
        }
    }
    let mut follow_ups = facts.follow_ups.clone();
    follow_ups.extend(
        facts
            .referrals
            .iter()
            .map(|r| format!("Onward referral: {r}")),
    );
    follow_ups.extend(
        facts
            .assignments
            .iter()
            .map(|a| format!("Peer support started: {a}")),
    );
    follow_ups.extend(
        facts
            .continuing
            .iter()
            .map(|a| format!("Peer support continues: {a}")),
    );
    follow_ups.extend(facts.flagged.iter().cloned());
    for closed in &facts.closed {
        remove_line(&mut body.follow_ups, &format!("- {closed}"));
    }
    for (section, lines) in [
        (&mut body.safeguarding, &facts.safeguarding),
        (&mut body.follow_ups, &follow_ups),
        (&mut body.incidents, &facts.incidents),
    ] {
        let missing: Vec<String> = lines
            .iter()
            .filter(|l| !section.contains(l.as_str()))
            .cloned()
            .collect();
        if !missing.is_empty() {
            if !section.is_empty() && !section.ends_with('\n') {
                section.push('\n');
            }
            section.push_str(&bullets(&missing));
        }
    }
}

/// Takes one line, word for word, out of a section.
fn remove_line(section: &mut String, line: &str) {
    if !section.lines().any(|l| l == line) {
        return;
    }
    *section = section
        .lines()
        .filter(|l| *l != line)
        .collect::<Vec<_>>()
        .join("\n");
}

/// What a signed note flagged for the next lead: each entry judged "watcher" or "unstable"
/// (I-PASS's "keep an eye on" and "worry about"), with the actions its lead wrote, unless the
/// visitor is in `carried` (still open, so they have their own entry).
pub fn flagged_lines(body: &HandoverBody, signed_for: NaiveDate, carried: &[i64]) -> Vec<String> {
    body.entries
        .iter()
        .filter(|e| matches!(e.stability, Stability::Watcher | Stability::Unstable))
        .filter(|e| !carried.contains(&e.visit_id))
        .map(|e| {
            let mut s = format!(
                "Flagged by the last lead ({}): {}, {}",
                signed_for.format("%a %-d %b"),
                e.person_label,
                e.stability.label()
            );
            let actions = e.actions.split_whitespace().collect::<Vec<_>>().join(" ");
            if !actions.is_empty() {
                s.push_str(&format!(": {actions}"));
            }
            s
        })
        .collect()
}

/// Where a handover is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandoverState {
    Draft,
    Signed {
        at: DateTime<Utc>,
        by: i64,
    },
    Acknowledged {
        signed_by: i64,
        at: DateTime<Utc>,
        by: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandoverRefusal {
    AlreadySigned,
    NotSigned,
    AlreadyAcknowledged,
    SameLead,
    ReadbackTooShort,
    EmptyAddendum,
}

impl std::fmt::Display for HandoverRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            HandoverRefusal::AlreadySigned => {
                "This handover is signed; add a dated addendum instead."
            }
            HandoverRefusal::NotSigned => "This handover has not been signed off yet.",
            HandoverRefusal::AlreadyAcknowledged => "This handover has already been acknowledged.",
            HandoverRefusal::SameLead => {
                "You signed it: the incoming lead, signed in as themselves, acknowledges it."
            }
            HandoverRefusal::ReadbackTooShort => {
                "Write a short read-back in your own words (at least a sentence)."
            }
            HandoverRefusal::EmptyAddendum => "An addendum needs some text.",
        })
    }
}

impl std::error::Error for HandoverRefusal {}

pub const READBACK_MIN_CHARS: usize = 15;

impl HandoverState {
    pub fn can_edit(&self) -> Result<(), HandoverRefusal> {
        match self {
            HandoverState::Draft => Ok(()),
            _ => Err(HandoverRefusal::AlreadySigned),
        }
    }

    pub fn can_sign(&self) -> Result<(), HandoverRefusal> {
        self.can_edit()
    }

    pub fn can_add_addendum(&self, text: &str) -> Result<(), HandoverRefusal> {
        if matches!(self, HandoverState::Draft) {
            return Err(HandoverRefusal::NotSigned);
        }
        if text.trim().is_empty() {
            return Err(HandoverRefusal::EmptyAddendum);
        }
        Ok(())
    }

    pub fn can_acknowledge(&self, staff_id: i64, readback: &str) -> Result<(), HandoverRefusal> {
        match self {
            HandoverState::Draft => Err(HandoverRefusal::NotSigned),
            HandoverState::Acknowledged { .. } => Err(HandoverRefusal::AlreadyAcknowledged),
            HandoverState::Signed { by, .. } if *by == staff_id => Err(HandoverRefusal::SameLead),
            HandoverState::Signed { .. }
                if readback.trim().chars().count() < READBACK_MIN_CHARS =>
            {
                Err(HandoverRefusal::ReadbackTooShort)
            }
            HandoverState::Signed { .. } => Ok(()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addendum {
    pub text: String,
    pub at: DateTime<Utc>,
    pub by: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub id: i64,
    pub service_date: NaiveDate,
    pub body: HandoverBody,
    pub drafted_by: i64,
    pub draft_saved_at: DateTime<Utc>,
    pub state: HandoverState,
    pub readback: String,
    pub addenda: Vec<Addendum>,
}

/// A row of the handover history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverRow {
    pub id: i64,
    pub service_date: NaiveDate,
    pub state: HandoverState,
    /// For a search: the note's words around its hits, each hit between [`HIT_START`] and
    /// [`HIT_END`], "…" where the note goes on (see [`excerpt_around_hit`]).
    pub excerpt: Option<String>,
}

/// Marks where a search hit starts in an excerpt (typed text never holds it: control
/// characters do not get into a note).
pub const HIT_START: char = '\u{2}';
/// Marks where a search hit ends.
pub const HIT_END: char = '\u{3}';

/// A search excerpt cut to `width` characters with its first hit in view (a third of the
/// way in, so the words before it give some context): marks taken out, line breaks made
/// spaces, "…" at each end that was cut, cut between characters, never inside one.
pub fn excerpt_around_hit(excerpt: &str, width: usize) -> String {
    let flat = excerpt.split_whitespace().collect::<Vec<_>>().join(" ");
    let hit = flat.chars().position(|c| c == HIT_START).unwrap_or(0);
    let chars: Vec<char> = flat
        .chars()
        .filter(|c| *c != HIT_START && *c != HIT_END)
        .collect();
    if chars.len() <= width {
        return chars.into_iter().collect();
    }
    let width = width.max(3);
    let end = (hit.saturating_sub(width / 3) + width).min(chars.len());
    let start = end - width;
    let (cut_start, cut_end) = (start > 0, end < chars.len());
    let mut out = String::new();
    if cut_start {
        out.push('…');
    }
    let kept = chars
        .get(start + usize::from(cut_start)..end - usize::from(cut_end))
        .unwrap_or_default();
    out.extend(kept);
    if cut_end {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_keeps_its_hit_in_view_and_says_where_it_was_cut() {
        let marked = format!(
            "The heating failed again so we moved\neveryone into the quiet room; the {HIT_START}lift{HIT_END} is out of order until Monday"
        );
        let e = excerpt_around_hit(&marked, 30);
        assert_eq!(e.chars().count(), 30);
        assert_eq!(e, "…oom; the lift is out of orde…");
        assert_eq!(excerpt_around_hit("short \u{2}hit\u{3}", 30), "short hit");
        // The hit near the start: nothing cut before it.
        let e = excerpt_around_hit(
            &format!("{HIT_START}Lift{HIT_END} fixed, café warm and bright"),
            12,
        );
        assert_eq!(e, "Lift fixed,…");
        // Characters of several bytes are never split.
        let e = excerpt_around_hit(
            &format!("ééééé ééééé {HIT_START}ü{HIT_END}ber ééééé ééééé"),
            9,
        );
        assert_eq!(e, "…é über …");
    }
    use chrono::TimeZone;

    fn entry(visit_id: i64, label: &str, stability: Stability, actions: &str) -> IpassEntry {
        IpassEntry {
            visit_id,
            person_id: visit_id,
            person_label: label.into(),
            stability,
            actions: actions.into(),
            ..IpassEntry::default()
        }
    }

    #[test]
    fn the_last_note_flags_its_watchers_and_unstable_ones_unless_they_are_still_open() {
        let body = HandoverBody {
            entries: vec![
                entry(
                    1,
                    "Jo",
                    Stability::Watcher,
                    "Ring at 18:00\nthen the sister",
                ),
                entry(2, "Kit", Stability::Stable, "nothing"),
                entry(3, "Ash", Stability::Unstable, ""),
                entry(4, "Mo", Stability::NotAssessed, "x"),
            ],
            ..HandoverBody::default()
        };
        let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(
            flagged_lines(&body, monday, &[]),
            vec![
                "Flagged by the last lead (Mon 30 Nov): Jo, watcher: Ring at 18:00 then the sister",
                "Flagged by the last lead (Mon 30 Nov): Ash, unstable",
            ]
        );
        // Ash is still open, so has an entry of their own: not flagged twice.
        assert_eq!(flagged_lines(&body, monday, &[3]).len(), 1);
    }

    #[test]
    fn a_closed_items_line_leaves_the_draft_only_while_it_is_word_for_word_as_drafted() {
        let mut body = HandoverBody {
            follow_ups: "- Kit: ring GP\n- Kit: ring GP (rang, voicemail)\n- Jo: leaflet".into(),
            ..HandoverBody::default()
        };
        let facts = ShiftFacts {
            closed: vec!["Kit: ring GP".into()],
            follow_ups: vec!["Jo: leaflet".into()],
            continuing: vec!["Sam with Sky, 1 of 6 sessions · from Mon 30 Nov".into()],
            ..ShiftFacts::default()
        };
        merge_facts(&mut body, &facts);
        assert_eq!(
            body.follow_ups,
            "- Kit: ring GP (rang, voicemail)\n- Jo: leaflet\n- Peer support continues: Sam with Sky, 1 of 6 sessions · from Mon 30 Nov"
        );
    }

    #[test]
    fn an_out_of_hours_contact_is_named_with_its_local_date_and_time() {
        use crate::domain::shift::Origin;
        let tz = chrono_tz::Europe::London;
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 7, 40, 0).unwrap();
        assert_eq!(
            situation_from(None, "Waiting", Some(Origin::OutOfHours(at)), None, tz),
            "to triage, waiting · out of hours contact Tue 1 Dec 07:40"
        );
        // In summer the local time is an hour on from UTC.
        let june = Utc.with_ymd_and_hms(2026, 6, 2, 7, 40, 0).unwrap();
        assert_eq!(
            situation_from(Some("C"), "Left", Some(Origin::OutOfHours(june)), None, tz),
            "C, left · out of hours contact Tue 2 Jun 08:40"
        );
        let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(
            situation_from(
                Some("B"),
                "Seen",
                Some(Origin::Shift(monday)),
                Some("GP"),
                tz
            ),
            situation(Some("B"), "Seen", Some(monday), Some("GP"))
        );
    }

    fn facts() -> ShiftFacts {
        ShiftFacts {
            visitors: vec![
                VisitorFact {
                    visit_id: 1,
                    person_id: 10,
                    person_label: "Kit".into(),
                    situation: "B, with worker".into(),
                },
                VisitorFact {
                    visit_id: 2,
                    person_id: 11,
                    person_label: "Anonymous #11".into(),
                    situation: "to triage, waiting".into(),
                },
            ],
            safeguarding: vec!["Kit: domestic abuse; referred to adult social care (ASC-1)".into()],
            follow_ups: vec!["Kit: call GP (owner day team, due 23/11)".into()],
            referrals: vec!["Sam to crisis team".into()],
            assignments: vec!["Kit with Sky Sample".into()],
            incidents: vec!["19:40 verbal aggression (Kit)".into()],
            ..ShiftFacts::default()
        }
    }

    #[test]
    fn a_draft_holds_an_entry_per_visitor_and_the_records() {
        let body = draft_from(&facts());
        assert_eq!(body.entries.len(), 2);
        assert_eq!(body.entries[0].person_label, "Kit");
        assert_eq!(
            body.entries[0].stability,
            Stability::NotAssessed,
            "nobody is stable until the lead says so"
        );
        assert_eq!(body.not_assessed(), ["Kit", "Anonymous #11"]);
        assert!(body.safeguarding.contains("- Kit: domestic abuse"));
        assert!(body.follow_ups.contains("- Kit: call GP"));
        assert!(
            body.follow_ups
                .contains("- Onward referral: Sam to crisis team")
        );
        assert!(
            body.follow_ups
                .contains("- Peer support started: Kit with Sky Sample")
        );
        assert!(body.incidents.contains("verbal aggression"));
    }

    #[test]
    fn merging_new_facts_keeps_every_edit() {
        let mut body = draft_from(&facts());
        body.entries[0].summary = "Calmer now; sister collecting at 21:00".into();
        body.entries[0].stability = Stability::Watcher;
        body.safeguarding
            .push_str("\nLead spoke to ASC duty worker.");
        let mut more = facts();
        more.visitors.push(VisitorFact {
            visit_id: 3,
            person_id: 12,
            person_label: "Bea".into(),
            situation: "C, waiting".into(),
        });
        more.incidents.push("21:05 fire alarm test".into());
        merge_facts(&mut body, &more);
        assert_eq!(body.entries.len(), 3);
        assert_eq!(
            body.entries[0].summary,
            "Calmer now; sister collecting at 21:00"
        );
        assert_eq!(body.entries[0].stability, Stability::Watcher);
        assert!(
            body.safeguarding
                .ends_with("Lead spoke to ASC duty worker."),
            "nothing repeated"
        );
        assert_eq!(body.incidents.matches("verbal aggression").count(), 1);
        assert!(body.incidents.contains("fire alarm"));
    }

    #[test]
    fn the_draft_follows_each_visit_as_it_stands_now_and_keeps_the_leads_words() {
        let mut body = draft_from(&facts());
        body.entries[1].summary = "Waiting quietly, had tea".into();
        body.entries[1].stability = Stability::Watcher;
        let mut later = facts();
        // Anonymous #11 was triaged and left; the store no longer lists them as a visitor
        // needing an entry, but says how their visit stands.
        later.visitors.truncate(1);
        later.situations = vec![(1, "B, with worker".into()), (2, "C, left".into())];
        merge_facts(&mut body, &later);
        assert_eq!(body.entries.len(), 2, "an entry is never dropped");
        assert_eq!(
            body.entries[1].situation, "C, left",
            "not 'to triage, waiting'"
        );
        assert_eq!(body.entries[1].summary, "Waiting quietly, had tea");
        assert_eq!(body.entries[1].stability, Stability::Watcher);
        assert_eq!(body.not_assessed(), ["Kit"]);
    }

    #[test]
    fn a_situation_says_where_a_carried_visit_came_from() {
        assert_eq!(
            situation(Some("B"), "With worker", None, None),
            "B, with worker"
        );
        assert_eq!(situation(None, "Waiting", None, None), "to triage, waiting");
        let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(
            situation(Some("C"), "Waiting", Some(monday), None),
            "C, waiting · from Mon 30 Nov"
        );
        assert_eq!(
            situation(
                Some("C"),
                "Waiting",
                Some(monday),
                Some("crisis team to ring")
            ),
            "C, waiting · from Mon 30 Nov · carried: crisis team to ring"
        );
    }

    #[test]
    fn tonights_own_visit_carried_forward_says_why() {
        let tz = chrono_tz::Europe::London;
        assert_eq!(
            situation_from(
                Some("B"),
                "With worker",
                None,
                Some("sister to collect"),
                tz
            ),
            "B, with worker · carried forward: sister to collect"
        );
        assert_eq!(
            situation_from(Some("B"), "With worker", None, None, tz),
            "B, with worker"
        );
    }

    #[test]
    fn a_stability_stored_before_not_assessed_existed_still_reads() {
        let entry: IpassEntry = serde_json::from_str(
            r#"{"visit_id":1,"person_id":2,"person_label":"Kit","situation":"B, seen",
                "stability":"watcher","summary":"","actions":"","contingency":""}"#,
        )
        .unwrap();
        assert_eq!(entry.stability, Stability::Watcher);
    }

    #[test]
    fn draft_signed_acknowledged() {
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 22, 40, 0).unwrap();
        let draft = HandoverState::Draft;
        assert_eq!(draft.can_edit(), Ok(()));
        assert_eq!(
            draft.can_acknowledge(2, "long enough read-back here"),
            Err(HandoverRefusal::NotSigned)
        );
        assert_eq!(draft.can_add_addendum("x"), Err(HandoverRefusal::NotSigned));
        let signed = HandoverState::Signed { at: t, by: 1 };
        assert_eq!(signed.can_edit(), Err(HandoverRefusal::AlreadySigned));
        assert_eq!(signed.can_sign(), Err(HandoverRefusal::AlreadySigned));
        assert_eq!(
            signed.can_add_addendum("  "),
            Err(HandoverRefusal::EmptyAddendum)
        );
        assert_eq!(signed.can_add_addendum("Kit's sister did arrive"), Ok(()));
        assert_eq!(
            signed.can_acknowledge(1, "long enough read-back here"),
            Err(HandoverRefusal::SameLead)
        );
        assert_eq!(
            signed.can_acknowledge(2, "ok"),
            Err(HandoverRefusal::ReadbackTooShort)
        );
        assert_eq!(
            signed.can_acknowledge(2, "Kit is a watcher; call GP"),
            Ok(())
        );
        let done = HandoverState::Acknowledged {
            signed_by: 1,
            at: t,
            by: 2,
        };
        assert_eq!(
            done.can_acknowledge(3, "another read-back text"),
            Err(HandoverRefusal::AlreadyAcknowledged)
        );
        assert_eq!(done.can_add_addendum("late correction"), Ok(()));
    }

    #[test]
    fn text_and_search_include_every_part() {
        let mut body = draft_from(&facts());
        body.entries[0].contingency = "If she becomes unsafe, call 999".into();
        body.entries[0].stability = Stability::Stable;
        body.facilities = "Heating broken in room 2".into();
        let text = body.to_text();
        assert!(text.contains("Kit (B, with worker) — stable"));
        assert!(text.contains("Anonymous #11 (to triage, waiting) — not assessed"));
        assert!(text.contains("If / then: If she becomes unsafe, call 999"));
        assert!(text.contains("Facilities\nHeating broken in room 2"));
        assert!(body.search_text().contains("Heating broken"));
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(serde_json::from_str::<HandoverBody>(&json).unwrap(), body);
    }
}
