//! The unified social credit code (统一社会信用代码), GB 32100-2015.
//!
//! 18 characters from a 31-character set (no I, O, Z, S, V):
//! position 1 registration department, 2 organization type, 3–8 the registering
//! authority's region code, 9–17 the organization code (GB 11714), 18 a check
//! character computed mod 31 with weights 3^(i-1) mod 31.

use serde::{Deserialize, Serialize};

/// The character set; each character's value is its index.
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// `W_i = 3^(i-1) mod 31`, i = 1..17.
pub const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Weights of the GB 11714 organization-code check (position 17).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Why a code is not a valid civil-affairs code. Each has an i18n message key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeError {
    Empty,
    Length,
    Charset,
    Region,
    CheckDigit,
    NotCivilAffairs,
    TypeMismatch,
}

impl CodeError {
    /// The i18n key of the user-facing message.
    pub fn message_key(self) -> &'static str {
        match self {
            CodeError::Empty => "err_required",
            CodeError::Length => "err_code_length",
            CodeError::Charset => "err_code_charset",
            CodeError::Region => "err_code_region",
            CodeError::CheckDigit => "err_code_check",
            CodeError::NotCivilAffairs => "err_code_not_civil",
            CodeError::TypeMismatch => "err_code_type",
        }
    }
}

fn value(c: char) -> Option<u32> {
    CHARSET.find(c).map(|i| i as u32)
}

/// The check character (position 18) for the first 17 characters.
/// Returns `None` when a character is outside the set.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    let idx = (31 - sum % 31) % 31;
    CHARSET.chars().nth(idx as usize)
}

/// The GB 11714 check character of an 8-character organization-code body.
/// Letters count A=10 … Z=35.
pub fn org_code_check_char(body8: &str) -> Option<char> {
    if body8.chars().count() != 8 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in body8.chars().zip(ORG_WEIGHTS) {
        let v = if c.is_ascii_digit() {
            c as u32 - '0' as u32
        } else if c.is_ascii_uppercase() {
            c as u32 - 55
        } else {
            return None;
        };
        sum += v * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        r => char::from_digit(r, 10)?,
    })
}

/// Normalizes user input: trims and upper-cases.
pub fn normalize(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

/// Validates the format, character set, region digits and check character of
/// any unified social credit code (the department/type pair is not checked here).
pub fn validate(code: &str) -> Result<(), CodeError> {
    let code = normalize(code);
    if code.is_empty() {
        return Err(CodeError::Empty);
    }
    if code.chars().count() != 18 {
        return Err(CodeError::Length);
    }
    if code.chars().any(|c| value(c).is_none()) {
        return Err(CodeError::Charset);
    }
    if !code[2..8].chars().all(|c| c.is_ascii_digit()) {
        return Err(CodeError::Region);
    }
    if check_char(&code[..17]) != code.chars().nth(17) {
        return Err(CodeError::CheckDigit);
    }
    Ok(())
}

/// Validates a code of a social organization registered by civil affairs:
/// it must start with `5` and its second digit must match the type digit
/// (社会团体 1, 社会服务机构 2, 基金会 3).
pub fn validate_for_type(code: &str, type_digit: char) -> Result<(), CodeError> {
    validate(code)?;
    let code = normalize(code);
    if !code.starts_with('5') {
        return Err(CodeError::NotCivilAffairs);
    }
    if code.chars().nth(1) != Some(type_digit) {
        return Err(CodeError::TypeMismatch);
    }
    Ok(())
}

/// Whether the embedded organization code's check (position 17) holds.
/// A warning only: legacy codes and the disputed letter mapping make a hard
/// failure risky (domain reference §1.4).
pub fn org_code_warning(code: &str) -> bool {
    let code = normalize(code);
    code.len() == 18 && org_code_check_char(&code[8..16]) != code.chars().nth(16)
}

/// Builds a complete valid code from a department/type prefix, region and
/// 8-character body (used by the demo seed and tests).
pub fn build(prefix2: &str, region6: &str, body8: &str) -> Option<String> {
    let org_check = org_code_check_char(body8)?;
    let first17 = format!("{prefix2}{region6}{body8}{org_check}");
    let check = check_char(&first17)?;
    Some(format!("{first17}{check}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_powers_of_three_mod_31() {
        let mut w = 1u32;
        for expected in WEIGHTS {
            assert_eq!(w, expected);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn standards_worked_example_has_check_3() {
        // GB 32100-2015 example: Σ = 1640, 1640 mod 31 = 28, 31 − 28 = 3.
        assert_eq!(check_char("91350100M000100Y4"), Some('3'));
        assert_eq!(validate("91350100M000100Y43"), Ok(()));
        assert_eq!(validate("91350100M000100Y44"), Err(CodeError::CheckDigit));
    }

    #[test]
    fn real_enterprise_code_is_valid() {
        assert_eq!(validate("9144030071526726XG"), Ok(()));
        assert_eq!(org_code_check_char("71526726"), Some('X'));
        assert!(!org_code_warning("9144030071526726XG"));
    }

    #[test]
    fn synthetic_foundation_code() {
        assert_eq!(org_code_check_char("50000012"), Some('X'));
        assert_eq!(build("53", "110000", "50000012").as_deref(), Some("5311000050000012XN"));
        assert_eq!(validate_for_type("5311000050000012XN", '3'), Ok(()));
    }

    #[test]
    fn lowercase_and_spaces_are_normalized() {
        assert_eq!(validate(" 5311000050000012xn "), Ok(()));
    }

    #[test]
    fn rejects_bad_codes_with_the_right_reason() {
        assert_eq!(validate(""), Err(CodeError::Empty));
        assert_eq!(validate("5311000050000012X"), Err(CodeError::Length));
        assert_eq!(validate("5311000050000012XNN"), Err(CodeError::Length));
        // I, O, Z, S and V are never used.
        assert_eq!(validate("91350100M000100Y4Z"), Err(CodeError::Charset));
        assert_eq!(validate("5311000050000012XO"), Err(CodeError::Charset));
        assert_eq!(validate("53A1000050000012XN"), Err(CodeError::Region));
        assert_eq!(validate("5311000050000012XM"), Err(CodeError::CheckDigit));
    }

    #[test]
    fn civil_affairs_prefix_and_type_digit() {
        assert_eq!(validate_for_type("91350100M000100Y43", '1'), Err(CodeError::NotCivilAffairs));
        assert_eq!(validate_for_type("5311000050000012XN", '1'), Err(CodeError::TypeMismatch));
        let group = build("51", "440300", "MJL00001").unwrap();
        assert_eq!(validate_for_type(&group, '1'), Ok(()));
        assert_eq!(validate_for_type(&group, '2'), Err(CodeError::TypeMismatch));
    }

    #[test]
    fn every_single_character_change_is_caught() {
        let code = "5311000050000012XN";
        for pos in 0..18 {
            for c in CHARSET.chars() {
                let mut chars: Vec<char> = code.chars().collect();
                if chars[pos] == c {
                    continue;
                }
                chars[pos] = c;
                let changed: String = chars.into_iter().collect();
                assert!(validate(&changed).is_err(), "{changed} should be rejected");
            }
        }
    }
}
