//! The Short Warwick-Edinburgh Mental Wellbeing Scale: seven items scored 1-5, the raw total
//! (7-35) converted to the published metric score. SWEMWBS is free for non-commercial use after
//! registration with Warwick Medical School (see README).

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
    (7..=35).contains(&raw).then(|| METRIC[(raw - 7) as usize])
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
        let digits: Vec<u8> = s.bytes().map(|b| b.wrapping_sub(b'0')).collect();
        let items: [u8; 7] = digits.try_into().ok()?;
        Self::new(items).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
