//! One error type for every server function and page, with one mapping to an
//! HTTP status and a user-facing message. Raw database text never reaches a page.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::input::{self, Lines};

/// A problem with one field of a form: the field's name and a message key,
/// or a key with the text its `{arg}` stands for (`key|arg`, [`FieldError::with_arg`];
/// pages show it through `i18n::message`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: &str) -> Self {
        FieldError { field: field.to_string(), message: message.to_string() }
    }

    /// A message whose text names something of the input (`{arg}` in the
    /// message): an unknown placeholder, say.
    pub fn with_arg(field: &str, message: &str, arg: &str) -> Self {
        FieldError { field: field.to_string(), message: format!("{message}|{arg}") }
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
    /// 503: the server is handling as many requests as it may; try again in a moment.
    #[error("server busy")]
    Busy,
    /// 400: the request itself is malformed (arguments that do not decode,
    /// a form body that is not UTF-8); the text says what was wrong.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 413: the request body is larger than the server accepts.
    #[error("request too large")]
    TooLarge,
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
            AppError::Busy => 503,
            AppError::BadRequest(_) => 400,
            AppError::TooLarge => 413,
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
            AppError::Busy => "err_busy",
            AppError::BadRequest(_) => "err_bad_request",
            AppError::TooLarge => "err_too_large",
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

    /// Arguments that do not decode (`Args`, `MissingArg`: the server read a
    /// request no form of this app sends) are a 400 with the decoder's text;
    /// the status is set on the response here, as nothing else sees the error.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) => bad_request(format!("malformed arguments: {m}")),
            ServerFnErrorErr::MissingArg(m) => bad_request(format!("missing argument: {m}")),
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// A 400 for a malformed server-function call; on the server the response
/// gets the status (also for a plain form post: there is no form to go back to).
fn bad_request(message: String) -> AppError {
    #[cfg(feature = "ssr")]
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::BAD_REQUEST);
    }
    AppError::BadRequest(message)
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

/// The message key for a refused choice: "please choose" when nothing was
/// chosen, "invalid option" when the value is not one of the options.
pub fn choice_error(value: &str) -> &'static str {
    if value.trim().is_empty() {
        "err_choose"
    } else {
        "err_invalid_choice"
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

    /// Adds the error for a refused choice (a select, radio group or decision
    /// button): `err_choose` when nothing was chosen, else `err_invalid_choice`.
    pub fn choice(&mut self, field: &str, value: &str) {
        self.add(field, choice_error(value));
    }

    /// Checks a multi-line text of at most `max` characters
    /// (`domain::input::check_text`: `err_control_chars`, `err_too_long`).
    pub fn max_len(&mut self, field: &str, value: &str, max: usize) {
        self.text(field, value, max, Lines::Multi);
    }

    /// Checks a one-line text of at most `max` characters (`err_single_line`,
    /// `err_control_chars`, `err_too_long`).
    pub fn line(&mut self, field: &str, value: &str, max: usize) {
        self.text(field, value, max, Lines::Single);
    }

    /// Checks a text (`domain::input::text`); returns it trimmed.
    pub fn text<'a>(&mut self, field: &str, value: &'a str, max: usize, lines: Lines) -> &'a str {
        self.take(input::text(field, value, max, lines)).unwrap_or("")
    }

    /// A required date `YYYY-MM-DD` within the accepted range
    /// (`domain::input::date`: `err_required`, `err_date`, `err_date_range`).
    pub fn date(&mut self, field: &str, raw: &str) -> Option<chrono::NaiveDate> {
        self.take(input::date(field, raw))
    }

    /// A required date not after `today` (`domain::input::past_date`).
    pub fn past_date(&mut self, field: &str, raw: &str, today: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
        self.take(input::past_date(field, raw, today))
    }

    /// An optional date (`None` when blank, or refused).
    pub fn optional_date(&mut self, field: &str, raw: &str) -> Option<chrono::NaiveDate> {
        self.take(input::optional_date(field, raw)).flatten()
    }

    /// The value, or `None` after adding the field error.
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
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
        assert_eq!(AppError::BadRequest("x".into()).status(), 400);
        assert_eq!(AppError::TooLarge.status(), 413);
        assert_eq!(choice_error(" "), "err_choose");
        assert_eq!(choice_error("x"), "err_invalid_choice");
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
