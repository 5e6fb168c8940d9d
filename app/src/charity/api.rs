//! Server functions of charities: authorize, call the service, map the result.

use leptos::prelude::*;

use super::types::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::service::Actor,
    auth::{require, types::Role, types::STAFF},
    flash::{finish, values_of, with_status},
    kernel::clock::today,
    state::state,
};

// ---- public ----

#[server(endpoint = "charity/list")]
pub async fn get_charities(filter: CharityFilter) -> Result<CharityList, AppError> {
    let result = async { super::service::list(&state()?.db, &filter, today(), false).await }.await;
    with_status(result)
}

#[server(endpoint = "charity/detail")]
pub async fn get_charity(id: i64) -> Result<CharityDetail, AppError> {
    let result = async { super::service::detail(&state()?.db, id, today(), false).await }.await;
    with_status(result)
}

#[server(endpoint = "charity/ranking")]
pub async fn get_ranking(page: u64) -> Result<RankingPage, AppError> {
    let result = async { super::service::ranking(&state()?.db, page, today()).await }.await;
    with_status(result)
}

// ---- officers ----

#[server(endpoint = "charity/officer/list")]
pub async fn get_officer_charities(filter: CharityFilter) -> Result<CharityList, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::list(&state()?.db, &filter, today(), true).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "charity/officer/detail")]
pub async fn get_officer_charity(id: i64) -> Result<CharityDetail, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::detail(&state()?.db, id, today(), true).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "charity/officer/overdue")]
pub async fn get_overdue(page: u64) -> Result<OverduePage, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::overdue(&state()?.db, page, today()).await
    }
    .await;
    with_status(result)
}

#[cfg(feature = "ssr")]
fn to_charity(id: i64) -> String {
    format!("/officer/charity/{id}")
}

#[server(endpoint = "charity/recognize")]
pub async fn recognize_charity(input: RecognizeInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::recognize(&state()?.db, &Actor::from(&user), &input, today()).await
    }
    .await;
    finish("ch_recognize", values_of(&input), result, |id| (to_charity(*id), Some(("ch_notice_recognized", None))))
}

#[server(endpoint = "charity/qualify")]
pub async fn qualify_charity(id: i64, input: QualifyInput) -> Result<String, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::qualify(&s.db, &s.settings, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("ch_qualify", values_of(&input), result, |cert| {
        (to_charity(id), Some(("ch_notice_qualified", Some(cert.clone()))))
    })
}

#[server(endpoint = "charity/withdraw")]
pub async fn withdraw_qualification(id: i64, input: WithdrawInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::withdraw(&state()?.db, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("ch_withdraw", values_of(&input), result, |_| (to_charity(id), Some(("ch_notice_withdrawn", None))))
}

#[server(endpoint = "charity/complaint")]
pub async fn add_complaint(id: i64, input: ComplaintInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::add_complaint(&s.db, &s.settings, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("ch_complaint", values_of(&input), result, |_| (to_charity(id), Some(("ch_notice_complaint", None))))
}

// ---- the charity in the portal ----

#[server(endpoint = "charity/mine")]
pub async fn get_my_charity() -> Result<PortalCharity, AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = super::service::org_of(&user)?;
        super::service::portal(&state()?.db, org, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "charity/plan/file")]
pub async fn file_plan(input: PlanInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = super::service::org_of(&user)?;
        let s = state()?;
        super::service::file_plan(&s.db, &s.settings, &Actor::from(&user), org, &input, today()).await
    }
    .await;
    finish("ch_plan", values_of(&input), result, |id| {
        (format!("/portal/charity/plans/{id}"), Some(("ch_notice_plan_filed", None)))
    })
}

#[server(endpoint = "charity/plan/change")]
pub async fn change_plan(id: i64, input: PlanInput) -> Result<(), AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = super::service::org_of(&user)?;
        let s = state()?;
        super::service::change_plan(&s.db, &s.settings, &Actor::from(&user), org, id, &input, today()).await
    }
    .await;
    finish("ch_plan_change", values_of(&input), result, |_| {
        (format!("/portal/charity/plans/{id}"), Some(("ch_notice_plan_changed", None)))
    })
}

#[server(endpoint = "charity/plan/terminate")]
pub async fn terminate_plan(id: i64, input: TerminateInput) -> Result<(), AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = super::service::org_of(&user)?;
        super::service::terminate_plan(&state()?.db, &Actor::from(&user), org, id, &input, today()).await
    }
    .await;
    finish("ch_terminate", values_of(&input), result, |_| {
        (format!("/portal/charity/plans/{id}"), Some(("ch_notice_plan_terminated", None)))
    })
}

#[server(endpoint = "charity/disclose")]
pub async fn disclose(input: DisclosureInput) -> Result<(), AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = super::service::org_of(&user)?;
        super::service::disclose(&state()?.db, &Actor::from(&user), org, &input, today()).await
    }
    .await;
    finish("ch_disclose", values_of(&input), result, |_| {
        ("/portal/charity".to_string(), Some(("ch_notice_disclosed", None)))
    })
}
