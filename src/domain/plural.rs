//! Counts in words: "1 visit", "2 visits", "8,028 plans". One place, so no screen says
//! "1 visits" and large counts read the same everywhere.

/// `n` with its digits grouped in thousands, and the noun for one or for many.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), noun(n, one, many))
}

/// The noun alone, for a sentence that puts the number elsewhere.
pub fn noun<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// 8028 as "8,028".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(count(0, "visit", "visits"), "0 visits");
        assert_eq!(count(1, "visit", "visits"), "1 visit");
        assert_eq!(count(2, "peer worker", "peer workers"), "2 peer workers");
        assert_eq!(count(1, "person", "people"), "1 person");
        assert_eq!(count(8028, "plan", "plans"), "8,028 plans");
        assert_eq!(count(1_234_567, "entry", "entries"), "1,234,567 entries");
        assert_eq!(noun(1, "second", "seconds"), "second");
    }
}
