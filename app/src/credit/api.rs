//! Server functions of credit supervision: authorize, call the service, map the result.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::types::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::service::Actor,
    auth::{current_user, require, types::Role, types::STAFF},
    flash::{finish, values_of, with_status},
    kernel::clock::today,
    state::state,
};

#[server(endpoint = "credit/public_entries")]
pub async fn get_public_entries(filter: EntryFilter) -> Result<EntryPage, AppError> {
    Ok(super::service::entries(&state()?.db, &filter).await?)
}

#[server(endpoint = "credit/public_org")]
pub async fn get_public_credit(org_id: i64) -> Result<PublicCredit, AppError> {
    let result = async {
        let db = &state()?.db;
        crate::registry::service::require_org(db, org_id).await?;
        Ok(super::service::public_credit(db, org_id).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "credit/announcements")]
pub async fn get_announcements(page: u64) -> Result<ZombiePage, AppError> {
    Ok(super::service::announcements(&state()?.db, page).await?)
}

/// An organization's credit record: officers, or the organization's own users
/// (`org_id` 0 means "my organization").
#[server(endpoint = "credit/record")]
pub async fn get_credit_record(org_id: i64) -> Result<CreditRecord, AppError> {
    let result = async {
        let user = current_user().ok_or(AppError::Unauthorized)?;
        let org = if user.role.is_staff() {
            org_id
        } else if user.role == Role::OrgUser {
            user.org_id.ok_or(AppError::Forbidden)?
        } else {
            return Err(AppError::Forbidden);
        };
        super::service::record(&state()?.db, org).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "credit/list")]
pub async fn list_org(org_id: i64, input: ListInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::list_by_decision(&s.db, &s.settings, &Actor::from(&user), org_id, &input).await
    }
    .await;
    finish("credit_list", values_of(&input), result, |_| {
        (format!("/officer/credit/orgs/{org_id}"), Some(("notice_recorded", None)))
    })
}

#[server(endpoint = "credit/penalty")]
pub async fn add_penalty(org_id: i64, input: PenaltyInput) -> Result<Vec<String>, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        let listed = super::service::record_penalty(&s.db, &s.settings, &Actor::from(&user), org_id, &input).await?;
        Ok(listed.into_iter().map(str::to_string).collect())
    }
    .await;
    finish("credit_penalty", values_of(&input), result, |_| {
        (format!("/officer/credit/orgs/{org_id}"), Some(("notice_recorded", None)))
    })
}

#[server(endpoint = "credit/letter")]
pub async fn add_letter(org_id: i64, input: LetterInput) -> Result<bool, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::record_letter(&s.db, &s.settings, &Actor::from(&user), org_id, &input).await
    }
    .await;
    finish("credit_letter", values_of(&input), result, |_| {
        (format!("/officer/credit/orgs/{org_id}"), Some(("notice_recorded", None)))
    })
}

#[server(endpoint = "credit/repair")]
pub async fn apply_repair(entry_id: i64, statement: String) -> Result<(), AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = user.org_id.ok_or(AppError::Forbidden)?;
        super::service::apply_repair(&state()?.db, &Actor::from(&user), org, entry_id, &statement).await
    }
    .await;
    let values = BTreeMap::from([("statement".to_string(), statement.clone())]);
    finish(&format!("repair_{entry_id}"), values, result, |_| {
        ("/portal/credit".into(), Some(("notice_repair_applied", None)))
    })
}

#[server(endpoint = "credit/decide_repair")]
pub async fn decide_repair(id: i64, decision: String, reason: String) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        let approve = match decision.as_str() {
            "approve" => true,
            "refuse" => false,
            _ => return Err(AppError::field("decision", crate::error::choice_error(&decision))),
        };
        super::service::decide_repair(&s.db, &s.settings, &Actor::from(&user), id, approve, &reason).await
    }
    .await;
    let values = BTreeMap::from([("reason".to_string(), reason.clone())]);
    finish(&format!("decide_{id}"), values, result, |_| {
        ("/officer/credit/repairs".into(), Some(("notice_recorded", None)))
    })
}

#[server(endpoint = "credit/repairs")]
pub async fn get_repairs() -> Result<Vec<RepairView>, AppError> {
    require(STAFF)?;
    Ok(super::service::pending_repair_list(&state()?.db).await?)
}

#[server(endpoint = "credit/zombies")]
pub async fn get_zombies(filter: ZombieFilter) -> Result<ZombiePage, AppError> {
    require(STAFF)?;
    Ok(super::service::zombies(&state()?.db, &filter).await?)
}

/// One step on the cases ticked in the list (`ids` maps a checkbox to a case id).
#[server(endpoint = "credit/zombie_step")]
pub async fn zombie_step(ids: Option<BTreeMap<String, String>>, input: ZombieAction) -> Result<u64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        let ids: Vec<i64> = ids.unwrap_or_default().values().filter_map(|v| v.parse().ok()).collect();
        super::service::zombie_step(&s.db, &s.settings, &Actor::from(&user), &ids, &input).await
    }
    .await;
    finish("zombie_step", values_of(&input), result, |n| {
        ("/officer/zombies".into(), Some(("notice_zombie_step", Some(n.to_string()))))
    })
}

#[server(endpoint = "credit/zombie_respond")]
pub async fn zombie_respond(response: String) -> Result<(), AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = user.org_id.ok_or(AppError::Forbidden)?;
        super::service::zombie_respond(&state()?.db, &Actor::from(&user), org, &response).await
    }
    .await;
    let values = BTreeMap::from([("response".to_string(), response.clone())]);
    finish("zombie_respond", values, result, |_| ("/portal/credit".into(), Some(("notice_zombie_responded", None))))
}

#[server(endpoint = "credit/kpis")]
pub async fn get_credit_kpis() -> Result<CreditKpis, AppError> {
    require(STAFF)?;
    let s = state()?;
    Ok(super::service::kpis(&s.db, &s.settings, today()).await?)
}

#[server(endpoint = "credit/scores")]
pub async fn get_scores(filter: ScoreFilter) -> Result<ScorePage, AppError> {
    require(STAFF)?;
    Ok(super::service::scores(&state()?.db, &filter).await?)
}
