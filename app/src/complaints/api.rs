//! Server functions of complaints: authorize, call the service, map the
//! result. The public report itself, with its files, is a plain multipart
//! form received by the server (`server/src/web/complaints.rs`).

use leptos::prelude::*;

use super::types::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::service::Actor,
    auth::{require, types::STAFF},
    flash::{finish, values_of, with_status},
    kernel::clock::today,
    state::state,
};

// ---- public ----

/// The public form's start stamp (signed, so the form's fill time is known).
#[server(endpoint = "complaints/form")]
pub async fn get_form_stamp() -> Result<FormStamp, AppError> {
    let s = state()?;
    Ok(FormStamp {
        started: super::service::form_stamp(&s.settings.secret, chrono::Utc::now().timestamp()),
        max_file_mb: (s.settings.max_attachment_bytes as u64).div_ceil(1 << 20),
        reply_days: s.settings.complaint_reply_days,
    })
}

/// The reporter's enquiry (rate-limited per client by the server): the
/// status and the reply when the tracking number and code match; the page
/// keeps showing it for a few minutes (a signed cookie, for JavaScript off).
#[server(endpoint = "complaints/status")]
pub async fn check_status(input: StatusInput) -> Result<StatusView, AppError> {
    let result = async {
        let s = state()?;
        let (id, view) = super::service::check(&s.db, &input).await?;
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            let cookie = super::service::grant_cookie(&s.settings.secret, id, chrono::Utc::now().timestamp());
            if let Ok(v) = http::HeaderValue::from_str(&cookie) {
                res.append_header(http::header::SET_COOKIE, v);
            }
        }
        Ok(view)
    }
    .await;
    // The code typed is never sent back.
    let values = values_of(&StatusInput { number: input.number.clone(), code: String::new() });
    finish("cpl_status", values, result, |_| ("/public/report/status".to_string(), None))
}

/// The complaint this browser may see after a matching enquiry, if any.
#[server(endpoint = "complaints/granted")]
pub async fn get_granted() -> Result<Option<StatusView>, AppError> {
    let s = state()?;
    let cookie = use_context::<http::request::Parts>()
        .and_then(|p| crate::kernel::http::request_cookie(&p.headers, super::service::GRANT_COOKIE));
    match cookie {
        Some(c) => super::service::granted(&s.db, &s.settings.secret, &c, chrono::Utc::now().timestamp()).await,
        None => Ok(None),
    }
}

// ---- officers ----

#[server(endpoint = "complaints/list")]
pub async fn get_complaints(filter: ComplaintFilter) -> Result<ComplaintPage, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::list(&state()?.db, &filter, user.id, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "complaints/detail")]
pub async fn get_complaint(id: i64) -> Result<ComplaintDetail, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::detail(&state()?.db, id, today()).await
    }
    .await;
    with_status(result)
}

#[cfg(feature = "ssr")]
fn to_complaint(id: i64) -> String {
    format!("/officer/complaints/{id}")
}

/// An officer records a report received by phone, letter or visit; the
/// tracking number and code are shown once, to give to the reporter.
#[server(endpoint = "complaints/record")]
pub async fn record_complaint(input: ReportInput) -> Result<i64, AppError> {
    let mut receipt = None;
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        let (id, r) = super::service::record(&s.db, &s.settings, &Actor::from(&user), &input, today()).await?;
        receipt = Some(r);
        Ok(id)
    }
    .await;
    finish("cpl_record", values_of(&input), result, |id| {
        let arg = receipt.map(|r| format!("{} / {}", r.number, r.code));
        (to_complaint(*id), Some(("cpl_notice_recorded", arg)))
    })
}

#[server(endpoint = "complaints/assign")]
pub async fn assign_complaint(id: i64, input: AssignInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::assign(&state()?.db, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("cpl_assign", values_of(&input), result, |_| (to_complaint(id), Some(("cpl_notice_assigned", None))))
}

#[server(endpoint = "complaints/note")]
pub async fn note_complaint(id: i64, input: NoteInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::note(&state()?.db, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("cpl_note", values_of(&input), result, |_| (to_complaint(id), Some(("cpl_notice_noted", None))))
}

#[server(endpoint = "complaints/reply")]
pub async fn reply_complaint(id: i64, input: ReplyInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::reply(&s.db, &s.settings, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("cpl_reply", values_of(&input), result, |_| (to_complaint(id), Some(("cpl_notice_replied", None))))
}

#[server(endpoint = "complaints/close")]
pub async fn close_complaint(id: i64, input: CloseInput) -> Result<Option<i64>, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::close(&state()?.db, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("cpl_close", values_of(&input), result, |_| (to_complaint(id), Some(("cpl_notice_closed", None))))
}
