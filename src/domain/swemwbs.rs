//! The Short Warwick-Edinburgh Mental Wellbeing Scale: seven items scored 1-5, the raw total
//! (7-35) converted to the published metric score. Item wording, instruction, response labels,
//! conversion table and copyright line are Warwick Medical School's published SWEMWBS (the
//! "Using SWEMWBS" user guide and the scale's form). The licence asks for the copyright line on
//! every copy of the scale and in reports of its scores, and for registration where it applies
//! (see README).

/// Shown on the form, in reports and in exported files wherever scores appear.
pub const COPYRIGHT: &str = "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, University of Warwick and University of Edinburgh, 2008, all rights reserved";

/// The scale's instruction, shown with the items.
pub const INSTRUCTION: &str = "Below are some statements about feelings and thoughts. Please tick the box that best describes your experience of each over the last 2 weeks";

pub const ITEMS: [&str; 7] = [
    "I've been feeling optimistic about the future",
    "I've been feeling useful",
    "I've been feeling relaxed",
    "I've been dealing with problems well",
    "I've been thinking clearly",
    "I've been feeling close to other people",
    "I've been able to make up my own mind about things",
];

pub const RESPONSES: [&str; 5] = [
    "None of the time",
    "Rarely",
    "Some of the time",
    "Often",
    "All of the time",
];

/// Raw score 7..=35 to metric score, from the published conversion table.
const METRIC: [f64; 29] = [
    7.00, 9.51, 11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36, 16.88, 17.43, 17.98, 18.59,
    19.25, 19.98, 20.73, 21.54, 22.35, 23.21, 24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70,
    32.55, 35.00,
];

pub fn metric_score(raw: u8) -> Option<f64> {
    METRIC.get(usize::from(raw.checked_sub(7)?)).copied()
}

/// Seven item scores, each 1-5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Swemwbs([u8; 7]);

impl Swemwbs {
    pub fn new(items: [u8; 7]) -> Result<Self, String> {
        match items.iter().position(|v| !(1..=5).contains(v)) {
            Some(i) => Err(format!("SWEMWBS item {} is scored 1 to 5.", i + 1)),
            None => Ok(Swemwbs(items)),
        }
    }

    pub fn items(&self) -> [u8; 7] {
        self.0
    }

    pub fn raw(&self) -> u8 {
        self.0.iter().sum()
    }

    pub fn metric(&self) -> f64 {
        metric_score(self.raw()).expect("seven items of 1-5 total 7-35")
    }

    /// Stored as seven digits, e.g. "3425314".
    pub fn to_stored(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    pub fn from_stored(s: &str) -> Option<Self> {
        // Seven bytes, each a digit 1-5 (a report reads one per visit: no allocation).
        let digits: [u8; 7] = s.as_bytes().try_into().ok()?;
        Self::new(digits.map(|b| b.wrapping_sub(b'0'))).ok()
    }
}

/// How the scale was completed. It is designed to be completed by the person themselves;
/// reading it out can bias the answers, so a report can tell the three apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Completion {
    ByVisitor,
    WithHelp,
    ReadOut,
}

impl Completion {
    pub const ALL: &'static [Completion] = &[
        Completion::ByVisitor,
        Completion::WithHelp,
        Completion::ReadOut,
    ];

    /// The code stored in `visits.swemwbs_completion` and written in exports.
    pub fn code(self) -> &'static str {
        match self {
            Completion::ByVisitor => "self",
            Completion::WithHelp => "with_help",
            Completion::ReadOut => "read_out",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Completion::ByVisitor => "By the visitor",
            Completion::WithHelp => "With help",
            Completion::ReadOut => "Read out to them",
        }
    }

    pub fn from_code(code: &str) -> Option<Completion> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }
}

/// The form's running score over the items answered so far (each 1-5, 0 unanswered):
/// "4 of 7 answered, raw 14 so far" until all seven are in, then "raw 22 of 35, metric 19.98".
pub fn running_score(answers: &[u8]) -> String {
    let answered: Vec<u8> = answers
        .iter()
        .copied()
        .filter(|a| (1..=5).contains(a))
        .collect();
    let raw: u8 = answered.iter().sum();
    match answered.len() {
        0 => "no items answered yet".into(),
        7 => match metric_score(raw) {
            Some(m) => format!("raw {raw} of 35, metric {m:.2}"),
            None => format!("raw {raw}"),
        },
        n => format!("{n} of 7 answered, raw {raw} so far"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_licence_wording_is_as_published() {
        assert!(
            COPYRIGHT.starts_with("Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS) ©")
        );
        assert!(COPYRIGHT.ends_with("2008, all rights reserved"));
        assert!(INSTRUCTION.ends_with("over the last 2 weeks"));
    }

    #[test]
    fn running_score_follows_the_answers() {
        assert_eq!(running_score(&[0; 7]), "no items answered yet");
        assert_eq!(
            running_score(&[3, 4, 0, 5, 2, 0, 0]),
            "4 of 7 answered, raw 14 so far"
        );
        assert_eq!(
            running_score(&[3, 4, 2, 5, 3, 1, 4]),
            "raw 22 of 35, metric 19.98"
        );
    }

    #[test]
    fn completion_codes_round_trip() {
        for c in Completion::ALL {
            assert_eq!(Completion::from_code(c.code()), Some(*c));
        }
        assert_eq!(Completion::from_code("mystery"), None);
    }

    #[test]
    fn every_raw_score_converts_as_published() {
        let expected = [
            (7, 7.00),
            (8, 9.51),
            (9, 11.25),
            (10, 12.40),
            (11, 13.33),
            (12, 14.08),
            (13, 14.75),
            (14, 15.32),
            (15, 15.84),
            (16, 16.36),
            (17, 16.88),
            (18, 17.43),
            (19, 17.98),
            (20, 18.59),
            (21, 19.25),
            (22, 19.98),
            (23, 20.73),
            (24, 21.54),
            (25, 22.35),
            (26, 23.21),
            (27, 24.11),
            (28, 25.03),
            (29, 26.02),
            (30, 27.03),
            (31, 28.13),
            (32, 29.31),
            (33, 30.70),
            (34, 32.55),
            (35, 35.00),
        ];
        for (raw, metric) in expected {
            assert_eq!(metric_score(raw), Some(metric), "raw {raw}");
        }
        assert_eq!(metric_score(6), None);
        assert_eq!(metric_score(36), None);
    }

    #[test]
    fn items_are_checked_and_stored_compactly() {
        let s = Swemwbs::new([3, 4, 2, 5, 3, 1, 4]).unwrap();
        assert_eq!(s.raw(), 22);
        assert_eq!(s.metric(), 19.98);
        assert_eq!(s.to_stored(), "3425314");
        assert_eq!(Swemwbs::from_stored("3425314"), Some(s));
        assert_eq!(Swemwbs::from_stored("3425316"), None);
        assert_eq!(Swemwbs::from_stored("342531"), None);
        assert!(
            Swemwbs::new([0, 1, 1, 1, 1, 1, 1])
                .unwrap_err()
                .contains("item 1")
        );
    }
}
