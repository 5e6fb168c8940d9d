use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::error::{AppError, Errors};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub email: String,
    /// admin | officer | inspector | org_user | expert | unit
    pub role: String,
    /// The organization's credit code, for organization users.
    pub org_code: String,
    /// The supervisory unit's name, for its users (role `unit`).
    pub unit: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: String,
    pub org_name: Option<String>,
    pub active: bool,
    pub locked: bool,
    pub has_password: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserPage {
    pub rows: Vec<UserRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// What a one-time link is, when someone opens it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InviteState {
    Valid { username: String, purpose: String },
    Expired,
    Used,
    Unknown,
}

/// Usernames: 3–32 of a–z, 0–9, `.`, `_`, `-`.
pub fn valid_username(u: &str) -> bool {
    (3..=32).contains(&u.len()) && u.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Passwords: at least 10 characters, not easy to guess (a `zxcvbn` score of
/// at least 3 of 4, judged also against `user_inputs`: the username, name and
/// e-mail), typed twice alike. A weak one is refused with the reason as the
/// password field's message.
#[cfg(feature = "ssr")]
pub fn check_password(password: &str, confirm: &str, user_inputs: &[&str]) -> Result<(), AppError> {
    let mut e = Errors::default();
    if let Err(reason) = password_strength(password, user_inputs) {
        e.add("password", reason);
    }
    if password != confirm {
        e.add("confirm", "err_password_mismatch");
    }
    e.into_result()
}

/// `Err(message key)` when `password` is too short or too easy to guess.
#[cfg(feature = "ssr")]
pub fn password_strength(password: &str, user_inputs: &[&str]) -> Result<(), &'static str> {
    use zxcvbn::feedback::Warning;
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err("err_password_weak");
    }
    let inputs: Vec<&str> = user_inputs.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if estimate.score() >= zxcvbn::Score::Three {
        return Ok(());
    }
    Err(match estimate.feedback().and_then(|f| f.warning()) {
        Some(Warning::StraightRowsOfKeysAreEasyToGuess | Warning::ShortKeyboardPatternsAreEasyToGuess) => {
            "err_password_keyboard"
        }
        Some(Warning::RepeatsLikeAaaAreEasyToGuess | Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess) => {
            "err_password_repeats"
        }
        Some(
            Warning::ThisIsATop10Password
            | Warning::ThisIsATop100Password
            | Warning::ThisIsACommonPassword
            | Warning::ThisIsSimilarToACommonlyUsedPassword,
        ) => "err_password_common",
        Some(Warning::SequencesLikeAbcAreEasyToGuess) => "err_password_sequence",
        Some(Warning::RecentYearsAreEasyToGuess | Warning::DatesAreOftenEasyToGuess) => "err_password_dates",
        Some(
            Warning::AWordByItselfIsEasyToGuess
            | Warning::NamesAndSurnamesByThemselvesAreEasyToGuess
            | Warning::CommonNamesAndSurnamesAreEasyToGuess,
        ) => "err_password_words",
        None => "err_password_guessable",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert!(valid_username("zhang.san"));
        assert!(!valid_username("张三"));
        assert!(!valid_username("ab"));
        assert!(!valid_username("Admin"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn passwords() {
        assert!(check_password("Sunshine!Admin26", "Sunshine!Admin26", &["admin"]).is_ok());
        assert!(check_password("correct horse battery staple", "correct horse battery staple", &[]).is_ok());
        let reason = |p: &str| {
            check_password(p, p, &["zhangsan", "张三", "zhangsan@example.org"]).unwrap_err().fields()[0].message.clone()
        };
        assert_eq!(reason("short1"), "err_password_weak");
        assert_eq!(reason("aaaaaaaaa1"), "err_password_repeats");
        assert_eq!(reason("password123"), "err_password_common");
        assert_eq!(reason("asdfghjkl;"), "err_password_keyboard");
        assert_eq!(reason("abcdefghij"), "err_password_sequence");
        assert!(reason("Zhangsan2026").starts_with("err_password_"), "the username does not make it strong");
        assert_eq!(
            check_password("Sunshine!Admin26", "Sunshine!Admin27", &[]).unwrap_err().fields()[0].message,
            "err_password_mismatch"
        );
    }

    /// Every reason has a text in both languages.
    #[cfg(feature = "ssr")]
    #[test]
    fn every_reason_has_a_text() {
        for key in [
            "err_password_weak",
            "err_password_keyboard",
            "err_password_repeats",
            "err_password_common",
            "err_password_sequence",
            "err_password_dates",
            "err_password_words",
            "err_password_guessable",
        ] {
            assert_ne!(crate::i18n::lookup(crate::i18n::Lang::Zh, key), key);
            assert_ne!(crate::i18n::lookup(crate::i18n::Lang::En, key), key);
        }
    }
}
