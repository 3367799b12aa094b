//! The panes, by name and number: one list the tabs, the number keys, Tab order and the
//! placeholder text all read. Apart from the panes themselves, so a widget can name a pane
//! without depending on every pane's code.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    Intake,
    Plans,
    Peers,
    Handover,
    Reports,
}

impl PaneId {
    pub const ALL: [PaneId; 5] = [
        PaneId::Intake,
        PaneId::Plans,
        PaneId::Peers,
        PaneId::Handover,
        PaneId::Reports,
    ];

    pub fn title(self) -> &'static str {
        match self {
            PaneId::Intake => "Intake",
            PaneId::Plans => "Plans",
            PaneId::Peers => "Peers",
            PaneId::Handover => "Handover",
            PaneId::Reports => "Reports",
        }
    }

    /// The number key that shows this pane.
    pub fn number(self) -> u8 {
        Self::ALL.iter().position(|p| *p == self).expect("listed") as u8 + 1
    }

    pub fn from_number(n: u8) -> Option<PaneId> {
        Self::ALL.get((n as usize).checked_sub(1)?).copied()
    }

    pub fn next(self) -> PaneId {
        let at = (self.number() as usize) % Self::ALL.len();
        Self::ALL.get(at).copied().unwrap_or(self)
    }

    pub fn previous(self) -> PaneId {
        let at = (self.number() as usize + Self::ALL.len() - 2) % Self::ALL.len();
        Self::ALL.get(at).copied().unwrap_or(self)
    }

    /// What the pane is for, shown when its content could not be loaded.
    pub(crate) fn will_hold(self) -> &'static [&'static str] {
        match self {
            PaneId::Intake => &[
                "Tonight's visitors, ordered by triage urgency and then arrival, with waiting times.",
                "Add a walk-in, phone or video contact in a few keystrokes; triage, safety",
                "formulation, safeguarding, distress scores, outcomes, incidents and follow-ups.",
            ],
            PaneId::Plans => &[
                "Crisis prevention plans, one per visitor, co-produced with them.",
                "Every save is a new version; history shows what changed; reviews fall due.",
            ],
            PaneId::Peers => &[
                "Peer support workers: who is on tonight, caseloads against their caps,",
                "availability, assignments and session logs, with matching help.",
            ],
            PaneId::Handover => &[
                "Tonight's handover note, drafted from the shift's own records, signed off by",
                "the outgoing lead and acknowledged by the incoming lead.",
            ],
            PaneId::Reports => &[
                "Activity for a shift, week, month or range, aggregated CSV for commissioners,",
                "and administration: staff, directory, bank holidays, settings, audit log.",
            ],
        }
    }
}
