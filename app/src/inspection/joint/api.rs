//! Server functions of the partner departments and the campaign form's
//! joint and charity choices: authorize, call the service, map the result.

use leptos::prelude::*;

use super::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    audit::service::Actor,
    auth::{require, types::STAFF},
    flash::{finish, values_of, with_status},
    state::state,
};

#[server(endpoint = "inspection/departments")]
pub async fn get_departments() -> Result<Vec<DepartmentView>, AppError> {
    let result = async {
        require(STAFF)?;
        Ok(super::service::departments(&state()?.db).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "inspection/department")]
pub async fn get_department(id: i64) -> Result<DepartmentView, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::department_view(&state()?.db, id).await
    }
    .await;
    with_status(result)
}

/// Creates (id 0) or changes a partner department.
#[server(endpoint = "inspection/department/save")]
pub async fn save_department(id: i64, input: DepartmentInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let id = (id > 0).then_some(id);
        super::service::save_department(&state()?.db, &Actor::from(&user), id, &input).await
    }
    .await;
    finish("joint_department", values_of(&input), result, |id| {
        (format!("/officer/departments/{id}"), Some(("insp_notice_saved", None)))
    })
}

/// What the campaign form offers: the departments and the charity share.
#[server(endpoint = "inspection/campaign/form")]
pub async fn get_campaign_form_data() -> Result<CampaignFormData, AppError> {
    let result = async {
        require(STAFF)?;
        let s = state()?;
        Ok(CampaignFormData {
            departments: super::service::departments(&s.db).await?,
            charity_percent: s.settings.charity_sample_percent,
        })
    }
    .await;
    with_status(result)
}
