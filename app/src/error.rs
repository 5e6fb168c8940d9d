//! One error type for every server function and page, with one mapping to an
//! HTTP status and a user-facing message. Raw database text never reaches a page.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A problem with one field of a form: the field's name and a message key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: &str) -> Self {
        FieldError { field: field.to_string(), message: message.to_string() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 422: the input was refused; nothing was changed.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 401: sign in first.
    #[error("not signed in")]
    Unauthorized,
    /// 403: signed in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// 404
    #[error("not found")]
    NotFound,
    /// 409: the request conflicts with the current state (message key).
    #[error("conflict: {0}")]
    Conflict(String),
    /// 423: the account is locked for some more minutes.
    #[error("account locked")]
    Locked { minutes: i64 },
    /// 429: too many requests from this client; try again later.
    #[error("too many requests")]
    RateLimited,
    /// 500: logged on the server with its cause; the user sees a generic text.
    #[error("internal error")]
    Internal,
    /// The request never reached the function (network, decoding).
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation(_) => 422,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::Locked { .. } => 423,
            AppError::RateLimited => 429,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// The i18n key of the summary message.
    pub fn message_key(&self) -> &str {
        match self {
            AppError::Validation(_) => "err_validation",
            AppError::Unauthorized => "err_unauthorized",
            AppError::Forbidden => "err_forbidden",
            AppError::NotFound => "err_not_found",
            AppError::Conflict(key) => key,
            AppError::Locked { .. } => "err_locked",
            AppError::RateLimited => "err_rate_limited",
            AppError::Internal => "err_internal",
            AppError::Transport(_) => "err_transport",
        }
    }

    /// The field errors, if this is a validation error.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            AppError::Validation(f) => f,
            _ => &[],
        }
    }

    /// One field error.
    pub fn field(field: &str, message: &str) -> Self {
        AppError::Validation(vec![FieldError::new(field, message)])
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) = e.sql_err() {
            return AppError::Conflict("err_duplicate".into());
        }
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(e: sea_orm::TransactionError<AppError>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

/// Collects field errors while validating a form.
#[derive(Default, Debug)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, message: &str) {
        self.0.push(FieldError::new(field, message));
    }

    /// Adds `err_required` when `value` is blank.
    pub fn required(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.add(field, "err_required");
        }
    }

    /// Adds `err_too_long` when `value` has more than `max` characters.
    pub fn max_len(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(field, "err_too_long");
        }
    }

    /// A required date `YYYY-MM-DD`: `err_required` when blank, `err_date`
    /// when it is not a date.
    pub fn date(&mut self, field: &str, raw: &str) -> Option<chrono::NaiveDate> {
        let raw = raw.trim();
        if raw.is_empty() {
            self.add(field, "err_required");
            return None;
        }
        let d = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
        if d.is_none() {
            self.add(field, "err_date");
        }
        d
    }

    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(AppError::field("name", "err_required").status(), 422);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::Locked { minutes: 15 }.status(), 423);
        assert_eq!(AppError::RateLimited.status(), 429);
        assert_eq!(AppError::Conflict("err_duplicate".into()).message_key(), "err_duplicate");
    }

    #[test]
    fn errors_collects_every_problem() {
        let mut e = Errors::default();
        e.required("name", " ");
        e.max_len("scope", "长长长", 2);
        e.required("code", "x");
        assert_eq!(
            e.into_result(),
            Err(AppError::Validation(vec![
                FieldError::new("name", "err_required"),
                FieldError::new("scope", "err_too_long"),
            ]))
        );
    }
}
