//! Filing a trust with its contract, and the bureau's review: accepted with a
//! filing number, or returned with a reason.

use chrono::{Datelike, NaiveDate, Utc};
use entity::{charitable_trust, charitable_trust_contract, charity, organization};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set};
use serde_json::json;
use sha2::Digest;

use super::{audited, state_of};
use crate::audit::service::Actor;
use crate::db;
use crate::domain::trust::{self as rules, Action, State, TrusteeKind};
use crate::error::{AppError, Errors};
use crate::kernel::files::{clean_file_name, sniff};
use crate::state::Settings;
use crate::trust::types::{ContractUpload, FilingInput, ReturnInput};
use crate::trust::validate;

/// Who files: a charity of the register (its portal user), or a trust
/// company through an officer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trustee {
    Charity(i64),
    Company,
}

/// The charity `org_id` as a trustee: its name and contact, when it is a
/// recognized charity of the register that is active.
pub async fn trustee_of<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<Option<(String, String)>, AppError> {
    let Some(o) = organization::Entity::find_by_id(org_id).one(db).await? else { return Ok(None) };
    let recognized = charity::Entity::find_by_id(org_id).one(db).await?.is_some();
    Ok((recognized && o.status == "active").then_some((o.name, o.contact_email)))
}

/// The contract's checks: present, a PDF by its first bytes, within the size limit.
fn check_contract(e: &mut Errors, settings: &Settings, upload: Option<&ContractUpload>) {
    match upload {
        None => e.add("contract", "tr_err_contract_missing"),
        Some(u) if u.bytes.len() > settings.max_attachment_bytes => e.add("contract", "err_attachment_too_large"),
        Some(u) if sniff(&u.bytes) != Some("application/pdf") => e.add("contract", "tr_err_contract_pdf"),
        Some(_) => {}
    }
}

/// Files a trust: every field and the contract checked at once; late when
/// filed more than 7 days after the signing (accepted, with the days late).
/// Returns the trust's id and the days late.
pub async fn file(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    trustee: Trustee,
    input: &FilingInput,
    upload: Option<&ContractUpload>,
    today: NaiveDate,
) -> Result<(i64, i64), AppError> {
    let user = actor.id.ok_or(AppError::Forbidden)?;
    let kind = match trustee {
        Trustee::Charity(_) => TrusteeKind::Charity,
        Trustee::Company => TrusteeKind::Company,
    };
    let checked = validate::filing(input, kind, today);
    let mut e = Errors::default();
    if let Err(AppError::Validation(fields)) = &checked {
        e.0.extend(fields.iter().cloned());
    }
    check_contract(&mut e, settings, upload);
    e.into_result()?;
    let f = checked?;
    let upload = upload.ok_or(AppError::Internal)?;
    let (trustee_org_id, trustee_name, contact_email) = match trustee {
        Trustee::Charity(org) => {
            let (name, email) = trustee_of(db, org).await?.ok_or(AppError::Conflict("tr_err_not_charity".into()))?;
            (Some(org), name, email)
        }
        Trustee::Company => (None, f.trustee_name.clone(), f.contact_email.clone()),
    };
    let days_late = rules::days_late(rules::filing_due(f.signed_on), today);
    let settlors: Vec<serde_json::Value> =
        f.settlors.iter().map(|(name, person)| json!({"name": name, "person": person})).collect();
    let purposes = f.purposes.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(",");
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let m = charitable_trust::ActiveModel {
        name: Set(f.name.clone()),
        filing_no: Set(None),
        state: Set(State::Submitted.as_str().into()),
        trustee_kind: Set(kind.as_str().into()),
        trustee_org_id: Set(trustee_org_id),
        trustee_name: Set(trustee_name.clone()),
        contact_email: Set(contact_email),
        settlors: Set(serde_json::Value::Array(settlors).to_string()),
        supervisor: Set(f.supervisor.clone()),
        purposes: Set(purposes.clone()),
        purpose_note: Set(f.purpose_note.clone()),
        size_fen: Set(f.size_fen),
        start_on: Set(f.start_on),
        end_on: Set(f.end_on),
        beneficiaries: Set(f.beneficiaries.clone()),
        signed_on: Set(f.signed_on),
        filed_on: Set(today),
        days_late: Set(i32::try_from(days_late).unwrap_or(i32::MAX)),
        return_reason: Set(None),
        reviewed_on: Set(None),
        reviewed_by: Set(None),
        filed_by: Set(user),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let sha = hex::encode(sha2::Sha256::digest(&upload.bytes));
    charitable_trust_contract::ActiveModel {
        trust_id: Set(m.id),
        file_name: Set(clean_file_name(&upload.file_name)),
        content_type: Set("application/pdf".into()),
        size_bytes: Set(i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX)),
        sha256: Set(sha.clone()),
        content: Set(upload.bytes.clone()),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    audited(
        &txn,
        actor,
        "trust_file",
        m.id,
        json!({
            "name": f.name, "trustee_kind": kind.as_str(), "trustee": trustee_name, "size_fen": f.size_fen,
            "signed_on": f.signed_on.to_string(), "days_late": days_late, "purposes": purposes, "contract_sha256": sha,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok((m.id, days_late))
}

/// Accepts a submitted filing: the next filing number of the year
/// (`慈信备2026第0001号`).
pub async fn accept(db: &DatabaseConnection, actor: &Actor, id: i64, today: NaiveDate) -> Result<String, AppError> {
    let officer = actor.id.ok_or(AppError::Forbidden)?;
    let txn = db::begin_write(db).await?;
    let m = charitable_trust::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let to = rules::next(state_of(&m)?, Action::Accept).map_err(|k| AppError::Conflict(k.into()))?;
    let n = db::next_number(&txn, "charitable_trust", today.year(), 0).await?;
    let number = format!("慈信备{}第{:04}号", today.year(), n);
    let version = m.version;
    let mut a = m.into_active_model();
    a.state = Set(to.as_str().into());
    a.filing_no = Set(Some(number.clone()));
    a.reviewed_on = Set(Some(today));
    a.reviewed_by = Set(Some(officer));
    a.updated_at = Set(Utc::now());
    a.version = Set(version + 1);
    a.update(&txn).await?;
    audited(&txn, actor, "trust_accept", id, json!({"filing_no": number, "day": today.to_string()})).await?;
    txn.commit().await?;
    Ok(number)
}

/// Returns a submitted filing with the reason (the trustee files again).
pub async fn return_filing(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    input: &ReturnInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let officer = actor.id.ok_or(AppError::Forbidden)?;
    let mut e = Errors::default();
    let reason = e.text("reason", &input.reason, 2000, crate::domain::input::Lines::Multi).to_string();
    e.required("reason", &reason);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let m = charitable_trust::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let to = rules::next(state_of(&m)?, Action::Return).map_err(|k| AppError::Conflict(k.into()))?;
    let version = m.version;
    let mut a = m.into_active_model();
    a.state = Set(to.as_str().into());
    a.return_reason = Set(Some(reason.clone()));
    a.reviewed_on = Set(Some(today));
    a.reviewed_by = Set(Some(officer));
    a.updated_at = Set(Utc::now());
    a.version = Set(version + 1);
    a.update(&txn).await?;
    audited(&txn, actor, "trust_return", id, json!({"reason": reason, "day": today.to_string()})).await?;
    txn.commit().await?;
    Ok(())
}

/// The contract of trust `id` with the organization that may see it besides
/// officers (the charity trustee).
pub async fn contract<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<(charitable_trust_contract::Model, Option<i64>), AppError> {
    let t = charitable_trust::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let c = charitable_trust_contract::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok((c, t.trustee_org_id))
}
