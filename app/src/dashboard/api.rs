//! Server functions of the dashboard: authorize, call the service, map the result.

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
fn to_targets(year: i32) -> String {
    format!("/officer/dashboard/targets?year={year}")
}

/// The dashboard of `year` (this year when `None`).
#[server(endpoint = "dashboard/view")]
pub async fn get_dashboard(year: Option<i32>) -> Result<DashboardView, AppError> {
    let result = async {
        require(STAFF)?;
        let s = state()?;
        let today = today();
        let year = year.unwrap_or(chrono::Datelike::year(&today)).clamp(2000, 2100);
        Ok(super::service::dashboard(&s.db, &s.settings, today, year).await?)
    }
    .await;
    with_status(result)
}

/// The targets of `year` (this year when `None`) as stored.
#[server(endpoint = "dashboard/targets")]
pub async fn get_targets(year: Option<i32>) -> Result<TargetList, AppError> {
    let result = async {
        require(STAFF)?;
        let year = year.unwrap_or(chrono::Datelike::year(&today())).clamp(2000, 2100);
        Ok(TargetList { year, targets: super::service::target_list(&state()?.db, year).await? })
    }
    .await;
    with_status(result)
}

#[server(endpoint = "dashboard/target/save")]
pub async fn save_target(id: Option<i64>, input: TargetInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::save_target(&state()?.db, &Actor::from(&user), id, &input).await
    }
    .await;
    let year = input.year.trim().parse().unwrap_or(0);
    let form = id.map(|id| format!("dash_target_{id}")).unwrap_or_else(|| "dash_target".into());
    finish(&form, values_of(&input), result, |_| (to_targets(year), Some(("dash_notice_saved", None))))
}

#[server(endpoint = "dashboard/target/delete")]
pub async fn delete_target(id: i64) -> Result<i32, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::delete_target(&state()?.db, &Actor::from(&user), id).await
    }
    .await;
    finish(&format!("dash_target_{id}"), Default::default(), result, |year| {
        (to_targets(*year), Some(("dash_notice_deleted", None)))
    })
}

/// Adds the work plan's targets missing from `year`.
#[server(endpoint = "dashboard/target/plan")]
pub async fn add_work_plan(year: i32) -> Result<usize, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::add_work_plan(&state()?.db, &Actor::from(&user), year).await
    }
    .await;
    finish("dash_plan", Default::default(), result, |n| {
        (to_targets(year), Some(("dash_notice_plan", Some(n.to_string()))))
    })
}

#[server(endpoint = "dashboard/year")]
pub async fn get_year_stats(year: Option<i32>) -> Result<YearStats, AppError> {
    let result = async {
        require(STAFF)?;
        let s = state()?;
        let year = year.unwrap_or(chrono::Datelike::year(&today())).clamp(2000, 2100);
        Ok(super::service::year_stats(&s.db, &s.settings, year).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "dashboard/public")]
pub async fn get_public_stats() -> Result<PublicStats, AppError> {
    let s = state()?;
    Ok(super::service::public_stats(&s.db, &s.settings, today()).await?)
}
