//! Server functions of the inspections: authorize, call the service, map the result.

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

// ---- officers: the inspector directory ----

#[server(endpoint = "inspection/inspectors")]
pub async fn get_inspectors(filter: InspectorFilter) -> Result<InspectorPage, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::inspectors(&state()?.db, &filter).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "inspection/inspector")]
pub async fn get_inspector(id: i64) -> Result<InspectorView, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::inspector_view(&state()?.db, id).await
    }
    .await;
    with_status(result)
}

/// Creates (id 0) or changes an inspector.
#[server(endpoint = "inspection/inspector/save")]
pub async fn save_inspector(id: i64, input: InspectorInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let id = (id > 0).then_some(id);
        super::service::save_inspector(&state()?.db, &Actor::from(&user), id, &input).await
    }
    .await;
    finish("insp_inspector", values_of(&input), result, |id| {
        (format!("/officer/inspectors/{id}"), Some(("insp_notice_saved", None)))
    })
}

#[server(endpoint = "inspection/conflict/add")]
pub async fn add_conflict(id: i64, input: ConflictInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::add_conflict(&state()?.db, &Actor::from(&user), id, &input).await
    }
    .await;
    finish("insp_conflict", values_of(&input), result, |_| {
        (format!("/officer/inspectors/{id}"), Some(("insp_notice_saved", None)))
    })
}

#[server(endpoint = "inspection/conflict/remove")]
pub async fn remove_conflict(conflict: i64) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::remove_conflict(&state()?.db, &Actor::from(&user), conflict).await
    }
    .await;
    finish("insp_conflict_remove", Default::default(), result, |id| {
        (format!("/officer/inspectors/{id}"), Some(("insp_notice_saved", None)))
    })
}

// ---- officers: campaigns ----

#[server(endpoint = "inspection/campaigns")]
pub async fn get_campaigns() -> Result<Vec<CampaignRow>, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::campaigns(&state()?.db, false, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "inspection/campaign/create")]
pub async fn create_campaign(input: CampaignInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::create_campaign(&state()?.db, &Actor::from(&user), &input).await
    }
    .await;
    finish("insp_campaign", values_of(&input), result, |id| {
        (format!("/officer/inspections/{id}"), Some(("insp_notice_created", None)))
    })
}

#[server(endpoint = "inspection/campaign")]
pub async fn get_campaign(id: i64) -> Result<CampaignView, AppError> {
    let result = async {
        require(STAFF)?;
        let s = state()?;
        super::service::campaign_view(&s.db, &s.settings, id, false, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "inspection/campaign/freeze")]
pub async fn freeze_campaign(id: i64) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::freeze(&s.db, &s.settings, &Actor::from(&user), id).await
    }
    .await;
    finish("insp_freeze", Default::default(), result, |_| {
        (format!("/officer/inspections/{id}"), Some(("insp_notice_frozen", None)))
    })
}

#[server(endpoint = "inspection/campaign/draw")]
pub async fn draw_campaign(id: i64, input: DrawInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::draw(&s.db, &s.settings, &Actor::from(&user), id, &input).await
    }
    .await;
    finish("insp_draw", values_of(&input), result, |_| {
        (format!("/officer/inspections/{id}"), Some(("insp_notice_drawn", None)))
    })
}

#[server(endpoint = "inspection/campaign/resend")]
pub async fn resend_list(id: i64, inspector: i64) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::results::resend(&s.db, &s.settings, &Actor::from(&user), id, inspector).await
    }
    .await;
    finish("insp_resend", Default::default(), result, |_| {
        (format!("/officer/inspections/{id}"), Some(("insp_notice_resent", None)))
    })
}

#[server(endpoint = "inspection/campaign/publish")]
pub async fn publish_results(id: i64) -> Result<u64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::results::publish(&s.db, &s.settings, &Actor::from(&user), id, today()).await
    }
    .await;
    finish("insp_publish", Default::default(), result, |n| {
        (format!("/officer/inspections/{id}"), Some(("insp_notice_published", Some(n.to_string()))))
    })
}

// ---- officers: rectifications ----

#[server(endpoint = "inspection/rectifications")]
pub async fn get_rectifications(filter: RectificationFilter) -> Result<RectificationPage, AppError> {
    let result = async {
        require(STAFF)?;
        Ok(super::results::rectifications(&state()?.db, &filter, today()).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "inspection/rectification")]
pub async fn get_rectification(id: i64) -> Result<RectificationView, AppError> {
    let result = async {
        require(STAFF)?;
        super::results::rectification_view(&state()?.db, id, None, today()).await
    }
    .await;
    with_status(result)
}

/// Accepts a reported rectification or returns it with a note.
#[server(endpoint = "inspection/rectification/review")]
pub async fn review_rectification(id: i64, input: RectificationReviewInput) -> Result<String, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let next = super::results::review_rectification(&state()?.db, &Actor::from(&user), &user, id, &input).await?;
        Ok(next.as_str().to_string())
    }
    .await;
    let mut values = values_of(&input);
    values.remove("version");
    finish("insp_rect_review", values, result, |next| {
        let notice = if next == "accepted" { "insp_rect_notice_accepted" } else { "insp_rect_notice_returned" };
        (format!("/officer/rectifications/{id}"), Some((notice, None)))
    })
}

// ---- organizations: their rectifications ----

#[server(endpoint = "inspection/portal/rectifications")]
pub async fn get_my_rectifications(page: u64) -> Result<RectificationPage, AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = user.org_id.ok_or(AppError::Forbidden)?;
        Ok(super::results::rectifications_of_org(&state()?.db, org, page, today()).await?)
    }
    .await;
    with_status(result)
}

/// One of the organization's own rectifications (another's is not found).
#[server(endpoint = "inspection/portal/rectification")]
pub async fn get_my_rectification(id: i64) -> Result<RectificationView, AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = user.org_id.ok_or(AppError::Forbidden)?;
        super::results::rectification_view(&state()?.db, id, Some(org), today()).await
    }
    .await;
    with_status(result)
}

/// The organization reports what it did (an ordered or returned rectification).
#[server(endpoint = "inspection/portal/rectification/report")]
pub async fn report_rectification(id: i64, input: RectificationReportInput) -> Result<(), AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = user.org_id.ok_or(AppError::Forbidden)?;
        super::results::report_rectification(&state()?.db, &Actor::from(&user), &user, org, id, &input).await
    }
    .await;
    let mut values = values_of(&input);
    values.remove("version");
    finish("insp_rect_report", values, result, |_| {
        (format!("/portal/rectifications/{id}"), Some(("insp_rect_notice_reported", None)))
    })
}

// ---- inspectors ----

#[server(endpoint = "inspection/mine")]
pub async fn get_my_assignments() -> Result<Vec<AssignmentRow>, AppError> {
    let result = async {
        let user = require(&[Role::Inspector])?;
        super::results::my_assignments(&state()?.db, &user).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "inspection/target")]
pub async fn get_inspector_target(id: i64) -> Result<InspectorTarget, AppError> {
    let result = async {
        let user = require(&[Role::Inspector])?;
        super::results::inspector_target(&state()?.db, &user, id).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "inspection/target/result")]
pub async fn record_result(id: i64, input: ResultInput) -> Result<(), AppError> {
    let result = async {
        let user = require(&[Role::Inspector])?;
        super::results::record_result(&state()?.db, &Actor::from(&user), &user, id, &input, today()).await
    }
    .await;
    // The answers and notes go back as JSON maps (`pages::answers::ChecklistFields` reads them).
    finish("insp_result", values_of(&input), result, |_| {
        (format!("/inspector/targets/{id}"), Some(("insp_notice_recorded", None)))
    })
}

#[server(endpoint = "inspection/target/confirm")]
pub async fn confirm_result(id: i64) -> Result<(), AppError> {
    let result = async {
        let user = require(&[Role::Inspector])?;
        let s = state()?;
        super::results::confirm(&s.db, &s.settings, &Actor::from(&user), &user, id, today()).await
    }
    .await;
    finish("insp_confirm", Default::default(), result, |_| {
        (format!("/inspector/targets/{id}"), Some(("insp_notice_confirmed", None)))
    })
}

// ---- the public ----

#[server(endpoint = "inspection/public/campaigns")]
pub async fn get_public_campaigns() -> Result<Vec<CampaignRow>, AppError> {
    let result = async { super::service::campaigns(&state()?.db, true, today()).await }.await;
    with_status(result)
}

#[server(endpoint = "inspection/public/campaign")]
pub async fn get_public_campaign(id: i64) -> Result<CampaignView, AppError> {
    let result = async {
        let s = state()?;
        super::service::campaign_view(&s.db, &s.settings, id, true, today()).await
    }
    .await;
    with_status(result)
}
