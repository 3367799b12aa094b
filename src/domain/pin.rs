//! Staff PIN rule: digits only, at least six of them.

use std::fmt;

pub const MIN_DIGITS: usize = 6;
pub const MAX_DIGITS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinProblem {
    NotDigits,
    TooShort,
    TooLong,
    Mismatch,
}

impl fmt::Display for PinProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PinProblem::NotDigits => write!(f, "A PIN is digits only."),
            PinProblem::TooShort => write!(f, "A PIN needs at least {MIN_DIGITS} digits."),
            PinProblem::TooLong => write!(f, "A PIN has at most {MAX_DIGITS} digits."),
            PinProblem::Mismatch => write!(f, "The two PINs do not match."),
        }
    }
}

pub fn check(pin: &str) -> Result<(), PinProblem> {
    if !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(PinProblem::NotDigits);
    }
    if pin.len() < MIN_DIGITS {
        return Err(PinProblem::TooShort);
    }
    if pin.len() > MAX_DIGITS {
        return Err(PinProblem::TooLong);
    }
    Ok(())
}

pub fn check_new(pin: &str, confirmation: &str) -> Result<(), PinProblem> {
    check(pin)?;
    if pin != confirmation {
        return Err(PinProblem::Mismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_rules() {
        assert_eq!(check("123456"), Ok(()));
        assert_eq!(check("12345"), Err(PinProblem::TooShort));
        assert_eq!(check("12345a"), Err(PinProblem::NotDigits));
        assert_eq!(check("１２３４５６"), Err(PinProblem::NotDigits));
        assert_eq!(check("1234567890123"), Err(PinProblem::TooLong));
        assert_eq!(check_new("123456", "123457"), Err(PinProblem::Mismatch));
    }
}
