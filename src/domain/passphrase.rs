//! The database passphrase rule: at least 12 characters and a zxcvbn score of 3 or more.

use std::fmt;

pub const MIN_CHARS: usize = 12;
pub const MIN_SCORE: u8 = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PassphraseProblem {
    TooShort { chars: usize },
    TooGuessable { score: u8, hint: Option<String> },
    Mismatch,
}

impl fmt::Display for PassphraseProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PassphraseProblem::TooShort { chars } => write!(
                f,
                "Passphrase too short: {chars} characters, at least {MIN_CHARS} needed. \
                 A few unrelated words work well."
            ),
            PassphraseProblem::TooGuessable { hint, .. } => {
                write!(f, "Passphrase too easy to guess.")?;
                if let Some(hint) = hint {
                    write!(f, " {hint}")?;
                }
                Ok(())
            }
            PassphraseProblem::Mismatch => write!(f, "The two passphrases do not match."),
        }
    }
}

/// Checks a new passphrase and its confirmation.
pub fn check_new(passphrase: &str, confirmation: &str) -> Result<(), PassphraseProblem> {
    check_strength(passphrase)?;
    if passphrase != confirmation {
        return Err(PassphraseProblem::Mismatch);
    }
    Ok(())
}

pub fn check_strength(passphrase: &str) -> Result<(), PassphraseProblem> {
    let chars = passphrase.chars().count();
    if chars < MIN_CHARS {
        return Err(PassphraseProblem::TooShort { chars });
    }
    let entropy = zxcvbn::zxcvbn(passphrase, &["staywell", "staying", "well", "mind"]);
    let score = u8::from(entropy.score());
    if score < MIN_SCORE {
        let hint = entropy
            .feedback()
            .and_then(|f| f.suggestions().first().map(|s| s.to_string()));
        return Err(PassphraseProblem::TooGuessable { score, hint });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passphrases_are_refused() {
        assert_eq!(
            check_strength("Xk7#pQ2!"),
            Err(PassphraseProblem::TooShort { chars: 8 })
        );
    }

    #[test]
    fn long_but_guessable_passphrases_are_refused() {
        assert!(matches!(
            check_strength("passwordpassword"),
            Err(PassphraseProblem::TooGuessable { .. })
        ));
        assert!(matches!(
            check_strength("123456789012"),
            Err(PassphraseProblem::TooGuessable { .. })
        ));
    }

    #[test]
    fn strong_passphrases_pass() {
        assert_eq!(check_strength("lantern orbit teacup mosaic"), Ok(()));
    }

    #[test]
    fn confirmation_must_match() {
        assert_eq!(
            check_new("lantern orbit teacup mosaic", "lantern orbit teacup mosaid"),
            Err(PassphraseProblem::Mismatch)
        );
    }
}
