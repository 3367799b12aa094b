//! The ONS4: the Office for National Statistics' four personal well-being questions, in the
//! wording of the ONS harmonised standard ("Personal well-being", Government Statistical
//! Service harmonisation), each answered 0-10, and the thresholds the ONS reports them by
//! ("Personal well-being user guidance").
//!
//! Asked on arrival and, where the service asks it, again on leaving (see README). Every answer
//! is optional: a service that does not ask on leaving leaves those four blank, so there is no
//! setting to switch them on (a blank is "not asked", as on arrival).
//!
//! A known limitation, stated plainly: two questions ask about *yesterday* ("how happy did you
//! feel yesterday?", "how anxious did you feel yesterday?") and two about life *nowadays*. Asked
//! again on leaving the same evening they ask about the same yesterday, so a change from
//! arrival to leaving in those two says more about how the visitor reads the question tonight
//! than about yesterday. The wording stays the harmonised standard's, unchanged, on arrival and
//! on leaving: the ONS publishes no same-day version, and changing it would make the answers
//! incomparable with every other ONS4 figure. A service whose own protocol asks about "today"
//! or "right now" on leaving has to say so in its own reports; this app does not reword the
//! questions. Reports give both the change within a visit (arrival to leaving, visits with
//! both answers) and the change between a visitor's visits (first to last arrival answer).

/// When in a visit the four questions were asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    Arrival,
    Leaving,
}

impl When {
    pub const ALL: [When; 2] = [When::Arrival, When::Leaving];

    /// "on arrival", "on leaving".
    pub fn label(self) -> &'static str {
        match self {
            When::Arrival => "on arrival",
            When::Leaving => "on leaving",
        }
    }

    /// The prefix of the database columns and subject access keys: `ons4_`, `ons4_leaving_`.
    pub fn column_prefix(self) -> &'static str {
        match self {
            When::Arrival => "ons4_",
            When::Leaving => "ons4_leaving_",
        }
    }
}

/// The preamble read or shown before the questions (ONS harmonised standard).
pub const PREAMBLE: &str = "Next I would like to ask you four questions about your feelings on aspects of your life. There are no right or wrong answers. For each of these questions I'd like you to give an answer on a scale of 0 to 10, where 0 is \"not at all\" and 10 is \"completely\".";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Question {
    LifeSatisfaction,
    Worthwhile,
    Happy,
    Anxious,
}

impl Question {
    pub const ALL: [Question; 4] = [
        Question::LifeSatisfaction,
        Question::Worthwhile,
        Question::Happy,
        Question::Anxious,
    ];

    /// The question as the harmonised standard words it.
    pub fn wording(self) -> &'static str {
        match self {
            Question::LifeSatisfaction => "Overall, how satisfied are you with your life nowadays?",
            Question::Worthwhile => {
                "Overall, to what extent do you feel that the things you do in your life are worthwhile?"
            }
            Question::Happy => "Overall, how happy did you feel yesterday?",
            Question::Anxious => {
                "On a scale where 0 is \"not at all anxious\" and 10 is \"completely anxious\", overall, how anxious did you feel yesterday?"
            }
        }
    }

    /// The scale's end labels (0, 10).
    pub fn ends(self) -> (&'static str, &'static str) {
        match self {
            Question::Anxious => ("not at all anxious", "completely anxious"),
            _ => ("not at all", "completely"),
        }
    }

    /// A short name for forms, views and report rows.
    pub fn short(self) -> &'static str {
        match self {
            Question::LifeSatisfaction => "Life satisfaction",
            Question::Worthwhile => "Worthwhile",
            Question::Happy => "Happy yesterday",
            Question::Anxious => "Anxious yesterday",
        }
    }

    /// A shorter name, after "Leaving:" in the triage form.
    pub fn shorter(self) -> &'static str {
        match self {
            Question::LifeSatisfaction => "Satisfaction",
            Question::Worthwhile => "Worthwhile",
            Question::Happy => "Happy",
            Question::Anxious => "Anxious",
        }
    }

    /// The code used in the database column name and in CSV rows.
    pub fn code(self) -> &'static str {
        match self {
            Question::LifeSatisfaction => "life_satisfaction",
            Question::Worthwhile => "worthwhile",
            Question::Happy => "happy",
            Question::Anxious => "anxious",
        }
    }

    /// Higher is better for three questions; for anxiety, lower is better.
    pub fn lower_is_better(self) -> bool {
        self == Question::Anxious
    }

    /// The ONS threshold band of a score. Life satisfaction, worthwhile and happiness: low 0-4,
    /// medium 5-6, high 7-8, very high 9-10. Anxiety: very low 0-1, low 2-3, medium 4-5,
    /// high 6-10.
    pub fn band(self, score: u8) -> Band {
        if self == Question::Anxious {
            match score {
                0..=1 => Band::VeryLow,
                2..=3 => Band::Low,
                4..=5 => Band::Medium,
                _ => Band::High,
            }
        } else {
            match score {
                0..=4 => Band::Low,
                5..=6 => Band::Medium,
                7..=8 => Band::High,
                _ => Band::VeryHigh,
            }
        }
    }

    /// The bands this question is reported in, lowest first.
    pub fn bands(self) -> &'static [Band] {
        match self {
            Question::Anxious => &[Band::VeryLow, Band::Low, Band::Medium, Band::High],
            _ => &[Band::Low, Band::Medium, Band::High, Band::VeryHigh],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Band {
    VeryLow,
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Band {
    pub fn code(self) -> &'static str {
        match self {
            Band::VeryLow => "very_low",
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
            Band::VeryHigh => "very_high",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::VeryLow => "very low",
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
            Band::VeryHigh => "very high",
        }
    }
}

/// The four answers given at one point of a visit (on arrival, or on leaving); any may be left
/// unanswered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ons4 {
    pub life_satisfaction: Option<u8>,
    pub worthwhile: Option<u8>,
    pub happy: Option<u8>,
    pub anxious: Option<u8>,
}

impl Ons4 {
    pub fn get(&self, q: Question) -> Option<u8> {
        match q {
            Question::LifeSatisfaction => self.life_satisfaction,
            Question::Worthwhile => self.worthwhile,
            Question::Happy => self.happy,
            Question::Anxious => self.anxious,
        }
    }

    pub fn set(&mut self, q: Question, v: Option<u8>) {
        match q {
            Question::LifeSatisfaction => self.life_satisfaction = v,
            Question::Worthwhile => self.worthwhile = v,
            Question::Happy => self.happy = v,
            Question::Anxious => self.anxious = v,
        }
    }

    pub fn is_empty(&self) -> bool {
        Question::ALL.iter().all(|q| self.get(*q).is_none())
    }

    /// Every answer is 0 to 10; the message names the question and when it was asked.
    pub fn check(&self, when: When) -> Result<(), String> {
        for q in Question::ALL {
            if self.get(q).is_some_and(|v| v > 10) {
                return Err(format!(
                    "{} {} is answered 0 to 10.",
                    q.short(),
                    when.label()
                ));
            }
        }
        Ok(())
    }
}

/// The change from arrival to leaving of one question in one visit (leaving − arrival), when
/// both were answered. For anxiety lower is better, so a fall is an improvement.
pub fn change_in_visit(q: Question, arrival: &Ons4, leaving: &Ons4) -> Option<i8> {
    Some(leaving.get(q)? as i8 - arrival.get(q)? as i8)
}

/// An answer as typed: blank is unanswered; otherwise a whole number 0-10.
pub fn parse_answer(q: Question, typed: &str) -> Result<Option<u8>, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i64>() {
        Ok(n) if (0..=10).contains(&n) => Ok(Some(n as u8)),
        Ok(n) => Err(format!(
            "{} is answered 0 to 10; {n} is outside that.",
            q.short()
        )),
        Err(_) => Err(format!(
            "{} is answered with a whole number from 0 to 10.",
            q.short()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wording_is_the_harmonised_standard() {
        assert_eq!(
            Question::LifeSatisfaction.wording(),
            "Overall, how satisfied are you with your life nowadays?"
        );
        assert!(Question::Worthwhile.wording().contains("worthwhile"));
        assert!(Question::Happy.wording().ends_with("yesterday?"));
        assert!(
            Question::Anxious
                .wording()
                .contains("\"completely anxious\"")
        );
        assert_eq!(
            Question::Anxious.ends(),
            ("not at all anxious", "completely anxious")
        );
        assert_eq!(Question::Happy.ends(), ("not at all", "completely"));
        assert!(Question::Anxious.lower_is_better());
        assert!(!Question::Happy.lower_is_better());
    }

    #[test]
    fn answers_are_0_to_10() {
        let q = Question::Happy;
        assert_eq!(parse_answer(q, ""), Ok(None));
        assert_eq!(parse_answer(q, " 0 "), Ok(Some(0)));
        assert_eq!(parse_answer(q, "10"), Ok(Some(10)));
        assert!(parse_answer(q, "11").unwrap_err().contains("0 to 10"));
        assert!(parse_answer(q, "-1").unwrap_err().contains("outside"));
        assert!(parse_answer(q, "7.5").unwrap_err().contains("whole number"));
    }

    #[test]
    fn leaving_answers_are_checked_and_compared_with_arrival() {
        let arrival = Ons4 {
            life_satisfaction: Some(3),
            happy: Some(2),
            anxious: Some(9),
            ..Ons4::default()
        };
        let leaving = Ons4 {
            life_satisfaction: Some(5),
            worthwhile: Some(6),
            anxious: Some(4),
            ..Ons4::default()
        };
        assert_eq!(
            change_in_visit(Question::LifeSatisfaction, &arrival, &leaving),
            Some(2)
        );
        assert_eq!(
            change_in_visit(Question::Anxious, &arrival, &leaving),
            Some(-5)
        );
        // Only one of the two answered: no change to count.
        assert_eq!(
            change_in_visit(Question::Worthwhile, &arrival, &leaving),
            None
        );
        assert_eq!(change_in_visit(Question::Happy, &arrival, &leaving), None);
        assert_eq!(leaving.check(When::Leaving), Ok(()));
        let wrong = Ons4 {
            happy: Some(11),
            ..Ons4::default()
        };
        assert_eq!(
            wrong.check(When::Leaving).unwrap_err(),
            "Happy yesterday on leaving is answered 0 to 10."
        );
        assert_eq!(When::Leaving.column_prefix(), "ons4_leaving_");
        assert_eq!(When::Arrival.column_prefix(), "ons4_");
    }

    #[test]
    fn thresholds_are_the_ons_bands() {
        let bands = |q: Question| -> Vec<&str> { (0..=10).map(|s| q.band(s).code()).collect() };
        assert_eq!(
            bands(Question::LifeSatisfaction),
            [
                "low",
                "low",
                "low",
                "low",
                "low",
                "medium",
                "medium",
                "high",
                "high",
                "very_high",
                "very_high"
            ]
        );
        assert_eq!(
            bands(Question::Anxious),
            [
                "very_low", "very_low", "low", "low", "medium", "medium", "high", "high", "high",
                "high", "high"
            ]
        );
    }
}
