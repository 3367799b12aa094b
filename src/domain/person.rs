//! Visitors and recognising someone who has come before. A match is only ever a suggestion:
//! the lead confirms it or creates a new person.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// What is known of a person; any of it may be missing (an anonymous visitor knows nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonDetails {
    pub display_name: Option<String>,
    pub full_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub phone: Option<String>,
}

/// How a person is shown: their name, or "Anonymous #id".
pub fn display_label(id: i64, display_name: Option<&str>) -> String {
    match display_name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        None => format!("Anonymous #{id}"),
    }
}

/// A name as a list shows it: with the number (`label #id`) when someone else in the list
/// (`others`: each entry's id and name) has the same name, so two Sams are never taken for
/// one. The name alone otherwise.
pub fn told_apart<'a>(
    id: i64,
    label: &str,
    others: impl IntoIterator<Item = (i64, &'a str)>,
) -> String {
    if others
        .into_iter()
        .any(|(other, name)| other != id && name == label)
    {
        format!("{label} #{id}")
    } else {
        label.to_string()
    }
}

/// " · last here 20/11/26" (the local date of a visitor's last arrival), or " · no visits":
/// said after a same-name visitor's number wherever two could be confused.
pub fn last_here(last_visit: Option<NaiveDate>) -> String {
    match last_visit {
        Some(day) => format!(" · last here {}", day.format("%d/%m/%y")),
        None => " · no visits".into(),
    }
}

/// Digits only; a UK number written with +44 (or 0044) compares equal to its 0 form.
pub fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let national = digits
        .strip_prefix("0044")
        .or_else(|| digits.strip_prefix("44").filter(|rest| rest.len() == 10));
    match national {
        Some(rest) => format!("0{rest}"),
        None => digits,
    }
}

/// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions),
/// over characters, case-insensitive.
#[allow(
    clippy::indexing_slicing,
    reason = "the table is sized from both names before it is read"
)]
pub fn damerau_levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[n][m]
}

/// Whether `a` and `b` (already lower-cased, as characters) are within one edit: equal, or one
/// insertion, deletion, substitution or swap of two neighbours apart. The same answer as
/// `damerau_levenshtein(a, b) <= 1`, in one pass and no allocation (person search asks it of
/// every word it holds, on every keystroke).
pub fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if i == short.len() {
        // Equal, or the longer one has one more character at the end.
        return true;
    }
    fn rest(s: &[char], from: usize) -> &[char] {
        s.get(from..).unwrap_or(&[])
    }
    if short.len() == long.len() {
        // One substitution at i, or a swap of i and i + 1.
        rest(short, i + 1) == rest(long, i + 1)
            || (short.get(i) == long.get(i + 1)
                && short.get(i + 1).is_some()
                && short.get(i + 1) == long.get(i)
                && rest(short, i + 2) == rest(long, i + 2))
    } else {
        // One character of the longer one, at i, left out.
        rest(short, i) == rest(long, i + 1)
    }
}

/// Names match when within one edit (insert, delete, substitute or swap two neighbours),
/// ignoring case and surrounding space.
pub fn names_match(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && !b.is_empty() && damerau_levenshtein(a, b) <= 1
}

/// Dates of birth match exactly, or with day and month swapped (a common slip).
pub fn dates_match(a: NaiveDate, b: NaiveDate) -> bool {
    a == b || (a.year() == b.year() && a.day() == b.month() && a.month() == b.day())
}

/// Why a stored person is offered as a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchReason {
    Name,
    Phone,
    DateOfBirth,
}

impl MatchReason {
    pub fn label(self) -> &'static str {
        match self {
            MatchReason::Name => "name",
            MatchReason::Phone => "phone",
            MatchReason::DateOfBirth => "date of birth",
        }
    }
}

/// The reasons `known` may be the person described by `new` (empty: not a likely match).
pub fn match_reasons(new: &PersonDetails, known: &PersonDetails) -> Vec<MatchReason> {
    let mut reasons = Vec::new();
    let new_names = [&new.display_name, &new.full_name];
    let known_names = [&known.display_name, &known.full_name];
    let name_hit = new_names.iter().flat_map(|n| n.as_deref()).any(|n| {
        known_names
            .iter()
            .flat_map(|k| k.as_deref())
            .any(|k| names_match(n, k))
    });
    if name_hit {
        reasons.push(MatchReason::Name);
    }
    if let (Some(a), Some(b)) = (&new.phone, &known.phone) {
        let (a, b) = (phone_digits(a), phone_digits(b));
        if a.len() >= 5 && a == b {
            reasons.push(MatchReason::Phone);
        }
    }
    if let (Some(a), Some(b)) = (new.date_of_birth, known.date_of_birth)
        && dates_match(a, b)
    {
        reasons.push(MatchReason::DateOfBirth);
    }
    reasons
}

/// A person as shown in search results and match suggestions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSummary {
    pub id: i64,
    pub details: PersonDetails,
    pub last_visit: Option<DateTime<Utc>>,
}

impl PersonSummary {
    pub fn label(&self) -> String {
        crate::domain::person::display_label(self.id, self.details.display_name.as_deref())
    }
}

/// Who a new visit is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonRef {
    Existing(i64),
    New(PersonDetails),
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn within_one_edit_agrees_with_the_distance(a in "[abé]{0,6}", b in "[abé]{0,6}") {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            proptest::prop_assert_eq!(within_one_edit(&ca, &cb), damerau_levenshtein(&a, &b) <= 1);
        }
    }

    #[test]
    fn within_one_edit_cases() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        for (a, b, want) in [
            ("sam", "sam", true),
            ("sam", "sma", true),
            ("sam", "same", true),
            ("sam", "am", true),
            ("sam", "tam", true),
            ("sam", "mas", false),
            ("sam", "s", false),
            ("", "a", true),
            ("ab", "ba", true),
            ("abc", "bca", false),
        ] {
            assert_eq!(within_one_edit(&c(a), &c(b)), want, "{a} / {b}");
        }
    }

    #[test]
    fn a_shared_name_takes_its_number_and_a_name_of_its_own_does_not() {
        let list = [(1, "Sam"), (2, "Kit"), (3, "Sam"), (1, "Sam")];
        assert_eq!(told_apart(1, "Sam", list), "Sam #1");
        assert_eq!(told_apart(3, "Sam", list), "Sam #3");
        assert_eq!(told_apart(2, "Kit", list), "Kit");
        // The same person twice (two plans, two assignments) is still one Sam.
        assert_eq!(told_apart(1, "Sam", [(1, "Sam"), (1, "Sam")]), "Sam");
    }

    fn named(n: &str) -> PersonDetails {
        PersonDetails {
            display_name: Some(n.into()),
            ..Default::default()
        }
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn distance_basics() {
        assert_eq!(damerau_levenshtein("kitten", "sitting"), 3);
        assert_eq!(damerau_levenshtein("ab", "ba"), 1);
        assert_eq!(damerau_levenshtein("", "abc"), 3);
        assert_eq!(damerau_levenshtein("Zoë", "zoe"), 1);
    }

    #[test]
    fn should_match_and_should_not_match_pairs() {
        let should_match = [
            ("Sam", "sam"),
            ("Sam", "Sma"),
            ("Sam", "Samm"),
            ("Sam", "Pam"),
            ("Jo", "J"),
            ("Priya", "Pryia"),
            ("Dee", "De"),
            (" Kit ", "kit"),
            ("ALEX", "alex"),
            ("Wren", "Wrem"),
            ("Mohammed", "Mohamed"),
            ("Nell", "Neil"),
            ("Alex", "Alexa "),
        ];
        for (a, b) in should_match {
            assert!(!match_reasons(&named(a), &named(b)).is_empty(), "{a} ~ {b}");
        }
        let should_not = [
            ("Sam", "Samuel"),
            ("Jo", "Jim"),
            ("Chris", "Kris"),
            ("Priya", "Maya"),
            ("Tam", "Tom B"),
            ("Dee", "Dave"),
            ("", ""),
            ("Kit", "Kieran"),
        ];
        for (a, b) in should_not {
            assert!(match_reasons(&named(a), &named(b)).is_empty(), "{a} !~ {b}");
        }
    }

    #[test]
    fn phones_compare_as_digits() {
        let p = |s: &str| PersonDetails {
            phone: Some(s.into()),
            ..Default::default()
        };
        assert_eq!(
            match_reasons(&p("07700 900123"), &p("07700900123")),
            [MatchReason::Phone]
        );
        assert_eq!(
            match_reasons(&p("+44 7700 900123"), &p("(07700) 900-123")),
            [MatchReason::Phone]
        );
        assert!(match_reasons(&p("07700 900123"), &p("07700 900124")).is_empty());
        assert!(
            match_reasons(&p("999"), &p("999")).is_empty(),
            "too short to identify anyone"
        );
    }

    #[test]
    fn dates_of_birth_exact_or_swapped() {
        let b = |date| PersonDetails {
            date_of_birth: Some(date),
            ..Default::default()
        };
        assert_eq!(
            match_reasons(&b(d(1990, 3, 4)), &b(d(1990, 3, 4))),
            [MatchReason::DateOfBirth]
        );
        assert_eq!(
            match_reasons(&b(d(1990, 3, 4)), &b(d(1990, 4, 3))),
            [MatchReason::DateOfBirth]
        );
        assert!(match_reasons(&b(d(1990, 3, 4)), &b(d(1991, 4, 3))).is_empty());
        assert!(match_reasons(&b(d(1990, 3, 4)), &b(d(1990, 3, 5))).is_empty());
    }

    #[test]
    fn several_reasons_and_anonymous_labels() {
        let a = PersonDetails {
            display_name: Some("Sam".into()),
            phone: Some("07700900001".into()),
            date_of_birth: Some(d(1980, 1, 2)),
            ..Default::default()
        };
        let mut b = a.clone();
        b.display_name = Some("Sma".into());
        assert_eq!(match_reasons(&a, &b).len(), 3);
        assert_eq!(display_label(7, None), "Anonymous #7");
        assert_eq!(display_label(7, Some("  ")), "Anonymous #7");
        assert_eq!(display_label(7, Some("Kit")), "Kit");
    }
}
