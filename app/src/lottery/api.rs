//! Server functions of the lottery outlets: authorize, call the service, map the result.

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

#[cfg(feature = "ssr")]
fn to_outlet(id: i64) -> String {
    format!("/officer/lottery/outlets/{id}")
}

#[server(endpoint = "lottery/outlets")]
pub async fn get_outlets(filter: OutletFilter) -> Result<OutletPage, AppError> {
    let result = async {
        require(STAFF)?;
        Ok(super::service::outlets(&state()?.db, &filter, false).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "lottery/outlet")]
pub async fn get_outlet(id: i64) -> Result<OutletView, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::outlet(&state()?.db, id, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "lottery/districts")]
pub async fn get_districts() -> Result<Vec<String>, AppError> {
    Ok(state()?.settings.districts.clone())
}

#[server(endpoint = "lottery/create")]
pub async fn create_outlet(input: OutletInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::create(&s.db, &s.settings, &Actor::from(&user), &input, today()).await
    }
    .await;
    finish("lot_outlet", values_of(&input), result, |id| (to_outlet(*id), Some(("lot_notice_created", None))))
}

#[server(endpoint = "lottery/change")]
pub async fn change_outlet(id: i64, input: OutletInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::change(&s.db, &s.settings, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("lot_outlet", values_of(&input), result, |_| (to_outlet(id), Some(("lot_notice_changed", None))))
}

#[server(endpoint = "lottery/status")]
pub async fn set_outlet_status(id: i64, input: StatusInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::act(&state()?.db, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("lot_status", values_of(&input), result, |_| (to_outlet(id), Some(("lot_notice_status", None))))
}

// ---- grading ----

#[server(endpoint = "lottery/sheet")]
pub async fn get_sheet() -> Result<Vec<SheetItemView>, AppError> {
    let result = async {
        require(STAFF)?;
        Ok(super::grading::sheet(&state()?.db).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "lottery/grade")]
pub async fn grade_outlet(id: i64, input: GradingInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::grading::grade(&s.db, &s.settings, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    let mut values =
        input.points.iter().map(|(k, v)| (format!("p{k}"), v.clone())).collect::<std::collections::BTreeMap<_, _>>();
    values.insert("year".into(), input.year.clone());
    values.insert("note".into(), input.note.clone());
    finish("lot_grade", values, result, |_| (to_outlet(id), Some(("lot_notice_graded", None))))
}

#[server(endpoint = "lottery/gradings")]
pub async fn get_gradings(filter: GradingFilter) -> Result<GradingPage, AppError> {
    let result = async {
        require(STAFF)?;
        Ok(super::grading::list(&state()?.db, &filter, today()).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "lottery/publish")]
pub async fn publish_gradings(input: PublishInput) -> Result<u64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::grading::publish(&state()?.db, &Actor::from(&user), &input, today()).await
    }
    .await;
    let year = input.year.clone();
    finish("lot_publish", values_of(&input), result, move |n| {
        (format!("/officer/lottery/grading?year={year}"), Some(("lot_notice_published", Some(n.to_string()))))
    })
}

// ---- inspections ----

#[server(endpoint = "lottery/inspect")]
pub async fn record_inspection(id: i64, input: InspectionInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::inspect::record(&s.db, &s.settings, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    let mut values = values_of(&input);
    values.remove("items");
    finish("lot_inspect", values, result, |_| (to_outlet(id), Some(("lot_notice_inspected", None))))
}

#[server(endpoint = "lottery/follow-up")]
pub async fn follow_up_inspection(id: i64, input: FollowUpInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::inspect::follow_up(&state()?.db, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish(&format!("lot_follow_{id}"), values_of(&input), result, |outlet| {
        (to_outlet(*outlet), Some(("lot_notice_followed", None)))
    })
}

#[server(endpoint = "lottery/inspections")]
pub async fn get_inspections(filter: InspectionFilter) -> Result<InspectionPage, AppError> {
    let result = async {
        require(STAFF)?;
        Ok(super::inspect::list(&state()?.db, &filter, today()).await?)
    }
    .await;
    with_status(result)
}

// ---- KPIs and the public finder ----

#[server(endpoint = "lottery/kpi")]
pub async fn get_lottery_kpi() -> Result<KpiView, AppError> {
    let result = async {
        require(STAFF)?;
        let s = state()?;
        Ok(super::service::kpi(&s.db, &s.settings, today()).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "lottery/public")]
pub async fn get_public_outlets(filter: OutletFilter) -> Result<PublicPage, AppError> {
    let s = state()?;
    Ok(super::service::public(&s.db, &s.settings, &filter).await?)
}
