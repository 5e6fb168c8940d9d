//! Server functions of the trade associations' records: authorize, call the
//! service, map the result. An organization user files and reads its own
//! organization's records (the `org_id` it sends is not used); officers any
//! organization's, and the list of anomalies.

use leptos::prelude::*;

use super::types::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::service::Actor,
    auth::{
        require,
        types::{CurrentUser, Role, STAFF},
    },
    flash::{finish, values_of, with_status},
    kernel::clock::today,
    state::state,
};

/// Who may file for which organization, and where its page is: an
/// organization user for its own (`/portal/trade`), an officer for `org_id`.
#[cfg(feature = "ssr")]
fn filer(org_id: i64) -> Result<(CurrentUser, i64, String), AppError> {
    let user = require(&[Role::Admin, Role::Officer, Role::OrgUser])?;
    if user.role == Role::OrgUser {
        let own = user.org_id.ok_or(AppError::Forbidden)?;
        Ok((user, own, "/portal/trade".into()))
    } else {
        Ok((user, org_id, format!("/officer/orgs/{org_id}/trade")))
    }
}

#[server(endpoint = "trade/mine")]
pub async fn get_my_trade() -> Result<TradeRecords, AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = user.org_id.ok_or(AppError::Forbidden)?;
        super::service::records(&state()?.db, org, None).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "trade/org")]
pub async fn get_org_trade(org_id: i64) -> Result<TradeRecords, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::records(&state()?.db, org_id, None).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "trade/fee")]
pub async fn add_trade_fee(org_id: i64, input: FeeInput) -> Result<i64, AppError> {
    let mut to = String::new();
    let result = async {
        let (user, org, page) = filer(org_id)?;
        to = page;
        super::service::add_fee(&state()?.db, &Actor::from(&user), org, &input, today()).await
    }
    .await;
    finish("trade_fee", values_of(&input), result, |_| (to, Some(("trade_notice_filed", None))))
}

#[server(endpoint = "trade/branch")]
pub async fn add_trade_branch(org_id: i64, input: BranchInput) -> Result<i64, AppError> {
    let mut to = String::new();
    let result = async {
        let (user, org, page) = filer(org_id)?;
        to = page;
        let s = state()?;
        super::service::add_branch(&s.db, &s.settings, &Actor::from(&user), org, &input, today()).await
    }
    .await;
    finish("trade_branch", values_of(&input), result, |_| (to, Some(("trade_notice_filed", None))))
}

#[server(endpoint = "trade/award")]
pub async fn add_trade_award(org_id: i64, input: AwardInput) -> Result<i64, AppError> {
    let mut to = String::new();
    let result = async {
        let (user, org, page) = filer(org_id)?;
        to = page;
        super::service::add_award(&state()?.db, &Actor::from(&user), org, &input, today()).await
    }
    .await;
    finish("trade_award", values_of(&input), result, |_| (to, Some(("trade_notice_filed", None))))
}

#[server(endpoint = "trade/forum")]
pub async fn add_trade_forum(org_id: i64, input: ForumInput) -> Result<i64, AppError> {
    let mut to = String::new();
    let result = async {
        let (user, org, page) = filer(org_id)?;
        to = page;
        super::service::add_forum(&state()?.db, &Actor::from(&user), org, &input, today()).await
    }
    .await;
    finish("trade_forum", values_of(&input), result, |_| (to, Some(("trade_notice_filed", None))))
}

/// Withdraws a record filed by mistake: an organization user only its own
/// organization's (another's is not found).
#[server(endpoint = "trade/remove")]
pub async fn remove_trade_record(kind: String, id: i64) -> Result<i64, AppError> {
    let mut portal = false;
    let result = async {
        let user = require(&[Role::Admin, Role::Officer, Role::OrgUser])?;
        let scope = match user.role {
            Role::OrgUser => Some(user.org_id.ok_or(AppError::Forbidden)?),
            _ => None,
        };
        portal = scope.is_some();
        super::service::remove(&state()?.db, &Actor::from(&user), scope, &kind, id).await
    }
    .await;
    finish("trade_remove", Default::default(), result, |org| {
        let to = if portal { "/portal/trade".to_string() } else { format!("/officer/orgs/{org}/trade") };
        (to, Some(("trade_notice_removed", None)))
    })
}

#[server(endpoint = "trade/anomalies")]
pub async fn get_trade_anomalies(filter: AnomalyFilter) -> Result<AnomalyPage, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::anomalies(&state()?.db, &filter).await
    }
    .await;
    with_status(result)
}

/// The trade-association section of an annual report: officers any report's,
/// an organization user its own organization's (another's is not found).
#[server(endpoint = "trade/report")]
pub async fn get_report_trade(report_id: i64) -> Result<Option<TradeSection>, AppError> {
    let result = async {
        let user = require(&[Role::Admin, Role::Officer, Role::OrgUser])?;
        let db = &state()?.db;
        let (org, year) = super::service::report_owner(db, report_id).await?;
        if user.role == Role::OrgUser && user.org_id != Some(org) {
            return Err(AppError::NotFound);
        }
        super::service::report_section(db, report_id, org, year).await
    }
    .await;
    with_status(result)
}
