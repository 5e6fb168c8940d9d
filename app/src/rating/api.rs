//! Server functions of rating: authorize, call the service, map the result.

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

// ---- officers: rounds and applications ----

#[server(endpoint = "rating/rounds")]
pub async fn get_rounds() -> Result<Vec<RoundView>, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::rounds(&state()?.db, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "rating/round/open")]
pub async fn open_round(input: RoundInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::service::open_round(&state()?.db, &Actor::from(&user), &input).await
    }
    .await;
    finish("rate_open_round", values_of(&input), result, |id| {
        (format!("/officer/rating/rounds/{id}"), Some(("rate_notice_round_opened", None)))
    })
}

#[server(endpoint = "rating/round")]
pub async fn get_round_page(filter: AppFilter) -> Result<RoundPage, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::round_page(&state()?.db, &filter, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "rating/application")]
pub async fn get_application(id: i64) -> Result<ApplicationView, AppError> {
    let result = async {
        require(STAFF)?;
        super::service::application(&state()?.db, id, today()).await
    }
    .await;
    with_status(result)
}

#[cfg(feature = "ssr")]
fn to_app(id: i64) -> String {
    format!("/officer/rating/apps/{id}")
}

#[server(endpoint = "rating/eligibility")]
pub async fn decide_eligibility(id: i64, input: EligibilityInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::service::decide_eligibility(&s.db, &s.settings, &Actor::from(&user), id, &input).await
    }
    .await;
    finish("rate_eligibility", values_of(&input), result, |_| (to_app(id), Some(("rate_notice_saved", None))))
}

#[server(endpoint = "rating/panel")]
pub async fn assign_panel(id: i64, input: PanelInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::panel::assign_panel(&s.db, &s.settings, &Actor::from(&user), id, &input).await
    }
    .await;
    finish("rate_panel", Default::default(), result, |_| (to_app(id), Some(("rate_notice_panel", None))))
}

#[server(endpoint = "rating/publish")]
pub async fn publish_result(id: i64) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::notice::publish(&s.db, &s.settings, &Actor::from(&user), id, today()).await
    }
    .await;
    finish("rate_publish", Default::default(), result, |_| (to_app(id), Some(("rate_notice_published", None))))
}

#[server(endpoint = "rating/resolve")]
pub async fn resolve_objection(id: i64, input: ResolveInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::notice::resolve(&s.db, &s.settings, &Actor::from(&user), id, &input).await
    }
    .await;
    finish(&format!("rate_resolve_{id}"), values_of(&input), result, |app| {
        (to_app(*app), Some(("rate_notice_resolved", None)))
    })
}

#[server(endpoint = "rating/grant")]
pub async fn grant_grade(id: i64) -> Result<Option<i64>, AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::notice::grant(&s.db, &s.settings, &Actor::from(&user), id, today()).await
    }
    .await;
    finish("rate_grant", Default::default(), result, |g| match g {
        Some(g) => (format!("/officer/rating/grades/{g}"), Some(("rate_notice_granted", None))),
        None => (to_app(id), Some(("rate_notice_not_rated", None))),
    })
}

// ---- experts ----

#[server(endpoint = "rating/assignments")]
pub async fn get_assignments() -> Result<Vec<Assignment>, AppError> {
    let result = async {
        let user = require(&[Role::Expert])?;
        Ok(super::panel::assignments(&state()?.db, user.id).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "rating/sheet")]
pub async fn get_sheet(id: i64) -> Result<SheetView, AppError> {
    let result = async {
        let user = require(&[Role::Expert])?;
        super::panel::sheet(&state()?.db, user.id, id).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "rating/score")]
pub async fn save_scores(id: i64, input: ScoreInput) -> Result<(), AppError> {
    let result = async {
        let user = require(&[Role::Expert])?;
        let s = state()?;
        super::panel::score(&s.db, &s.settings, &Actor::from(&user), user.id, id, &input).await
    }
    .await;
    let mut values =
        input.points.iter().map(|(k, v)| (format!("p{k}"), v.clone())).collect::<std::collections::BTreeMap<_, _>>();
    values.insert("intent".into(), input.intent.clone());
    let notice = if input.intent == "submit" { "rate_notice_scores_submitted" } else { "rate_notice_scores_saved" };
    finish("rate_score", values, result, |_| (format!("/expert/apps/{id}"), Some((notice, None))))
}

// ---- organizations ----

#[server(endpoint = "rating/mine")]
pub async fn get_my_rating() -> Result<OrgRating, AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = user.org_id.ok_or(AppError::Forbidden)?;
        super::service::org_rating(&state()?.db, org, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "rating/apply")]
pub async fn apply_rating(input: ApplyInput) -> Result<i64, AppError> {
    let result = async {
        let user = require(&[Role::OrgUser])?;
        let org = user.org_id.ok_or(AppError::Forbidden)?;
        super::service::apply(&state()?.db, &Actor::from(&user), org, &input, today()).await
    }
    .await;
    finish("rate_apply", values_of(&input), result, |_| ("/portal/rating".into(), Some(("rate_notice_applied", None))))
}

// ---- public ----

/// The grade in force of an organization, for its public page.
#[server(endpoint = "rating/public/org")]
pub async fn get_public_rating(org_id: i64) -> Result<Option<GradeView>, AppError> {
    let result = async {
        let s = state()?;
        let t = today();
        crate::registry::service::require_org(&s.db, org_id).await?;
        match super::service::grade_in_force(&s.db, org_id, t).await? {
            Some(g) => Ok(Some(super::grades::grade(&s.db, g.id, t).await?)),
            None => Ok(None),
        }
    }
    .await;
    with_status(result)
}

#[server(endpoint = "rating/public/list")]
pub async fn get_public_grades(filter: GradeFilter) -> Result<GradePage, AppError> {
    with_status(super::grades::grades(&state()?.db, &filter, true, today()).await)
}

#[server(endpoint = "rating/public/notices")]
pub async fn get_notices() -> Result<Vec<NoticeRow>, AppError> {
    Ok(super::notice::notices(&state()?.db, today()).await?)
}

#[server(endpoint = "rating/public/object")]
pub async fn lodge_objection(input: ObjectionInput) -> Result<i64, AppError> {
    let result = async { super::notice::object(&state()?.db, &input, today()).await }.await;
    let form = format!("rate_object_{}", input.application_id);
    finish(&form, values_of(&input), result, |_| {
        ("/public/rating/notices".into(), Some(("rate_notice_objection", None)))
    })
}

/// A certificate: public, so that anyone can check it.
#[server(endpoint = "rating/public/certificate")]
pub async fn get_certificate(id: i64) -> Result<GradeView, AppError> {
    with_status(super::grades::grade(&state()?.db, id, today()).await)
}

// ---- officers: grades, KPIs, experts ----

#[server(endpoint = "rating/grades")]
pub async fn get_grades(filter: GradeFilter) -> Result<GradePage, AppError> {
    let result = async {
        require(STAFF)?;
        super::grades::grades(&state()?.db, &filter, false, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "rating/grade")]
pub async fn get_grade(id: i64) -> Result<GradeView, AppError> {
    let result = async {
        require(STAFF)?;
        super::grades::grade(&state()?.db, id, today()).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "rating/grade/change")]
pub async fn change_grade(id: i64, input: ChangeInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        let s = state()?;
        super::grades::change_grade(&s.db, &s.settings, &Actor::from(&user), id, &input, today()).await
    }
    .await;
    finish("rate_change", values_of(&input), result, |_| {
        (format!("/officer/rating/grades/{id}"), Some(("rate_notice_changed", None)))
    })
}

#[server(endpoint = "rating/kpi")]
pub async fn get_rating_kpi() -> Result<KpiView, AppError> {
    let result = async {
        require(STAFF)?;
        let s = state()?;
        Ok(super::grades::kpi(&s.db, &s.settings, today()).await?)
    }
    .await;
    with_status(result)
}

#[server(endpoint = "rating/experts")]
pub async fn get_experts(q: String, page: u64) -> Result<ExpertPage, AppError> {
    let result = async {
        require(STAFF)?;
        super::grades::experts(&state()?.db, &q, page).await
    }
    .await;
    with_status(result)
}

#[server(endpoint = "rating/expert/affiliation")]
pub async fn set_affiliation(input: ExpertInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::grades::set_affiliation(&state()?.db, &Actor::from(&user), &input).await
    }
    .await;
    finish("rate_affiliation", values_of(&input), result, |_| {
        ("/officer/rating/experts".into(), Some(("rate_notice_saved", None)))
    })
}

#[server(endpoint = "rating/expert/exclusion")]
pub async fn add_exclusion(input: ExclusionInput) -> Result<(), AppError> {
    let result = async {
        let user = require(STAFF)?;
        super::grades::add_exclusion(&state()?.db, &Actor::from(&user), &input).await
    }
    .await;
    finish("rate_exclusion", values_of(&input), result, |_| {
        ("/officer/rating/experts".into(), Some(("rate_notice_excluded", None)))
    })
}
