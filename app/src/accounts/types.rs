use serde::{Deserialize, Serialize};

use crate::error::{AppError, Errors};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub email: String,
    /// admin | officer | inspector | org_user | expert
    pub role: String,
    /// The organization's credit code, for organization users.
    pub org_code: String,
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

/// Passwords: at least 10 characters with a letter and a digit, typed twice alike.
pub fn check_password(password: &str, confirm: &str) -> Result<(), AppError> {
    let mut e = Errors::default();
    if password.chars().count() < 10
        || !password.chars().any(|c| c.is_alphabetic())
        || !password.chars().any(|c| c.is_ascii_digit())
    {
        e.add("password", "err_password_weak");
    }
    if password != confirm {
        e.add("confirm", "err_password_mismatch");
    }
    e.into_result()
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

    #[test]
    fn passwords() {
        assert!(check_password("Sunshine2026", "Sunshine2026").is_ok());
        assert_eq!(check_password("short1", "short1").unwrap_err().fields()[0].message, "err_password_weak");
        assert_eq!(
            check_password("onlyletterss", "onlyletterss").unwrap_err().fields()[0].message,
            "err_password_weak"
        );
        assert_eq!(
            check_password("Sunshine2026", "Sunshine2027").unwrap_err().fields()[0].message,
            "err_password_mismatch"
        );
    }
}
