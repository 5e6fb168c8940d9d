//! Charitable trusts outside the server functions: the filing (a plain
//! multipart form with the contract, so it works without JavaScript) by a
//! charity in its portal or by an officer for a trust company; the contract's
//! download (officers and the charity trustee only, always a download); the
//! public list as CSV.

use std::collections::BTreeMap;

use app::auth::service::Auth;
use app::auth::types::{Role, STAFF};
use app::flash::Flash;
use app::state::AppState;
use app::trust::service::Trustee;
use app::trust::types::{ContractUpload, FilingInput, TrustFilter};
use axum::extract::{DefaultBodyLimit, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::download::*;

pub(super) fn routes<S: Clone + Send + Sync + 'static>(state: &AppState) -> Router<S> {
    let limit = state.settings.max_attachment_bytes + 64 * 1024;
    Router::new()
        .route("/portal/trusts/file", post(file_by_charity).layer(DefaultBodyLimit::max(limit)))
        .route("/officer/trusts/file", post(file_for_company).layer(DefaultBodyLimit::max(limit)))
        .route("/files/trusts/{id}/contract", get(download_contract))
        .route("/public/trusts/export.csv", get(export_public))
}

/// The form's text fields (the purposes, one checkbox each, joined by
/// commas) and its contract; `Err` when the body is over the limit or broken.
async fn read_form(mut multipart: axum::extract::Multipart) -> Result<(FilingInput, Option<ContractUpload>), ()> {
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    let mut purposes = Vec::new();
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| ())? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("contract.pdf").to_string();
            let bytes = field.bytes().await.map_err(|_| ())?;
            if !bytes.is_empty() {
                file = Some(ContractUpload { file_name, bytes: bytes.to_vec() });
            }
        } else if name == "purposes" {
            purposes.push(field.text().await.map_err(|_| ())?);
        } else {
            fields.insert(name, field.text().await.map_err(|_| ())?);
        }
    }
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let input = FilingInput {
        name: get("name"),
        trustee_name: get("trustee_name"),
        contact_email: get("contact_email"),
        settlor_persons: get("settlor_persons"),
        settlor_orgs: get("settlor_orgs"),
        supervisor: get("supervisor"),
        purposes: purposes.join(","),
        purpose_note: get("purpose_note"),
        size: get("size"),
        start_on: get("start_on"),
        end_on: get("end_on"),
        beneficiaries: get("beneficiaries"),
        signed_on: get("signed_on"),
    };
    Ok((input, file))
}

/// Files the form for `trustee`: to the trust's page (`base`/id) with a
/// notice, or back to `form` with the messages and what was typed (never the file).
async fn receive(
    state: &AppState,
    auth: &Auth,
    trustee: Trustee,
    multipart: axum::extract::Multipart,
    form: &str,
    base: &str,
) -> Response {
    let Some(user) = auth.0.clone() else { return StatusCode::UNAUTHORIZED.into_response() };
    let Ok((input, file)) = read_form(multipart).await else {
        let flash = Flash {
            form: Some("tr_file".into()),
            summary: Some("err_validation".into()),
            errors: vec![app::error::FieldError::new("contract", "err_attachment_too_large")],
            ..Default::default()
        };
        return redirect_with(state, form, &flash);
    };
    let actor = app::audit::service::Actor::from(&user);
    let today = app::kernel::clock::today();
    match app::trust::service::file(&state.db, &state.settings, &actor, trustee, &input, file.as_ref(), today).await {
        Ok((id, late)) => {
            let (notice, arg) =
                if late > 0 { ("tr_notice_filed_late", Some(late.to_string())) } else { ("tr_notice_filed", None) };
            let flash = Flash { notice: Some(notice.into()), notice_arg: arg, ..Default::default() };
            redirect_with(state, &format!("{base}/{id}"), &flash)
        }
        Err(e) => {
            let flash = Flash {
                form: Some("tr_file".into()),
                summary: Some(e.message_key().to_string()),
                errors: e.fields().to_vec(),
                values: app::flash::values_of(&input),
                ..Default::default()
            };
            redirect_with(state, form, &flash)
        }
    }
}

/// A charity of the register files a trust it is the trustee of.
async fn file_by_charity(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    multipart: axum::extract::Multipart,
) -> Response {
    let form = "/portal/trusts/new";
    let org = match &auth.0 {
        None => return Redirect::to(&format!("/login?next={form}")).into_response(),
        Some(u) if u.role == Role::OrgUser => match u.org_id {
            Some(org) => org,
            None => return StatusCode::FORBIDDEN.into_response(),
        },
        Some(_) => return StatusCode::FORBIDDEN.into_response(),
    };
    receive(&state, &auth, Trustee::Charity(org), multipart, form, "/portal/trusts").await
}

/// An officer files a trust company's paper filing on its behalf.
async fn file_for_company(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    multipart: axum::extract::Multipart,
) -> Response {
    let form = "/officer/trusts/new";
    if let Some(res) = staff_only(&auth, form) {
        return res;
    }
    receive(&state, &auth, Trustee::Company, multipart, form, "/officer/trusts").await
}

/// The contract, to officers and the charity that is the trustee only.
async fn download_contract(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    Path(id): Path<i64>,
) -> Response {
    let Some(user) = auth.0.clone() else {
        return Redirect::to(&format!("/login?next=/files/trusts/{id}/contract")).into_response();
    };
    let (c, org) = match app::trust::service::contract(&state.db, id).await {
        Ok(v) => v,
        Err(e) => return error_response(e),
    };
    let allowed =
        STAFF.contains(&user.role) || (user.role == Role::OrgUser && user.org_id.is_some() && user.org_id == org);
    if !allowed {
        return StatusCode::FORBIDDEN.into_response();
    }
    file_download(&c.file_name, &c.content_type, c.content)
}

/// The public list with the page's filters (every page of it).
pub(super) async fn export_public(Extension(state): Extension<AppState>, Query(f): Query<TrustFilter>) -> Response {
    let (db, settings) = (state.db.clone(), state.settings.clone());
    let today = app::kernel::clock::today();
    records_download(&app::trust::service::PUBLIC_CSV_HEADER, "charitable-trusts.csv", move |after| {
        let (db, settings, f) = (db.clone(), settings.clone(), f.clone());
        async move { app::trust::service::public_after(&db, &settings, &f, today, after, EXPORT_BATCH).await }
    })
}
