//! Removing a person's names from free text (for erasure): whole words only, any case.

pub const REDACTED: &str = "[erased]";

/// The names to look for: each given name in full, and each word of three letters or more.
pub fn names_to_redact(names: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        out.push(n.to_string());
        out.extend(
            n.split_whitespace()
                .filter(|w| w.chars().count() >= 3)
                .map(String::from),
        );
    }
    // Longest first, so "Kit Example" goes before "Kit".
    out.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    out.dedup();
    out
}

/// Replaces every line that names the person (any of `names`, whole words, any case) with
/// "[erased]", list marker kept: what is written about someone sits on the lines naming them.
pub fn redact_lines(text: &str, names: &[String]) -> String {
    text.split('\n')
        .map(|line| {
            if redact(line, names) == line {
                line.to_string()
            } else {
                let marker = if line.trim_start().starts_with("- ") {
                    "- "
                } else {
                    ""
                };
                format!("{marker}{REDACTED}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replaces each whole-word, case-insensitive occurrence of any of `names` with "[erased]".
pub fn redact(text: &str, names: &[String]) -> String {
    let mut out = text.to_string();
    for name in names {
        out = replace_word(&out, name);
    }
    out
}

fn replace_word(text: &str, word: &str) -> String {
    let lower_text = text.to_lowercase();
    let lower_word = word.to_lowercase();
    // Lower-casing can change byte lengths; fall back to an exact-case search if it did.
    let (haystack, needle) = if lower_text.len() == text.len() && lower_word.len() == word.len() {
        (lower_text, lower_word)
    } else {
        (text.to_string(), word.to_string())
    };
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut from = 0;
    while let Some(pos) = haystack[from..].find(&needle) {
        let start = from + pos;
        let end = start + needle.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            out.push_str(&text[last..start]);
            out.push_str(REDACTED);
            last = end;
        }
        from = end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_any_case() {
        let names = names_to_redact(&["Kit", "Kit Example"]);
        assert_eq!(names, ["Kit Example", "Example", "Kit"]);
        assert_eq!(
            redact(
                "- Kit: call GP. kit example said KIT is fine; kitchen ok",
                &names
            ),
            "- [erased]: call GP. [erased] said [erased] is fine; kitchen ok"
        );
        assert_eq!(
            redact("Zoë and zoë", &names_to_redact(&["Zoë"])),
            "[erased] and [erased]"
        );
        assert_eq!(redact("nothing here", &names), "nothing here");
    }

    #[test]
    fn lines_naming_the_person_go_whole() {
        let mut names = names_to_redact(&["Kit"]);
        names.push("Anonymous #4".into());
        assert_eq!(
            redact_lines(
                "- Kit: detail here\n- Sam: fine\nKit was upset\n- Anonymous #4: x\n- Anonymous #41: y",
                &names
            ),
            "- [erased]\n- Sam: fine\n[erased]\n- [erased]\n- Anonymous #41: y"
        );
    }

    #[test]
    fn short_words_of_a_full_name_are_left() {
        assert_eq!(names_to_redact(&["Jo Li"]), ["Jo Li"]);
        assert!(names_to_redact(&["  "]).is_empty());
    }
}
