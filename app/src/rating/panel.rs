//! Expert panels and their sheets: assignment (excluded experts refused),
//! each expert's points within each item's maximum, and the final score as
//! the mean of the totals once every member has submitted.

use chrono::Utc;
use entity::{rating_application, rating_round, rating_sheet};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, Set};
use serde_json::json;

use super::mails::PanelTask;
use super::service::{exclusion, expert_choices, items, load_for_update, log, org, panel, set_status};
use super::types::*;
use crate::audit::service::Actor;
use crate::db;
use crate::domain::rating as rules;
use crate::error::{AppError, Errors};
use crate::mail::service::send;
use crate::state::Settings;

/// Assigns the expert panel: 3–9 distinct active experts, none excluded from
/// the organization. Allowed after the eligibility check and again while
/// scoring (to replace an expert: members who stay keep their sheets).
pub async fn assign_panel(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &PanelInput,
) -> Result<(), AppError> {
    let Ok(mut experts) = input.experts.keys().map(|k| k.parse::<i64>()).collect::<Result<Vec<_>, _>>() else {
        return Err(AppError::field("experts", "err_rate_not_expert"));
    };
    experts.sort_unstable();
    experts.dedup();
    if experts.len() < rules::MIN_PANEL || experts.len() > rules::MAX_PANEL {
        return Err(AppError::field("experts", "err_rate_panel_size"));
    }
    let txn = db::begin_write(db).await?;
    let (a, o) = load_for_update(&txn, id, &["eligible", "scoring"]).await?;
    let backend = txn.get_database_backend();
    let choices = expert_choices(&txn, &o).await?;
    for x in &experts {
        match choices.iter().find(|c| c.id == *x) {
            None => return Err(AppError::field("experts", "err_rate_not_expert")),
            Some(c) if !c.excluded.is_empty() => return Err(AppError::field("experts", "err_rate_expert_excluded")),
            _ => {}
        }
    }
    // Members who stay keep their scores; those replaced lose theirs.
    let current: Vec<i64> = panel(&txn, id).await?.into_iter().map(|m| m.expert_id).collect();
    for gone in current.iter().filter(|x| !experts.contains(x)) {
        for table in ["rating_score", "rating_panel"] {
            db::exec(
                &txn,
                &format!("DELETE FROM {table} WHERE application_id = ? AND expert_id = ?"),
                vec![id.into(), (*gone).into()],
            )
            .await?;
        }
    }
    for x in experts.iter().filter(|x| !current.contains(x)) {
        db::exec(
            &txn,
            "INSERT INTO rating_panel (application_id, expert_id) VALUES (?, ?)",
            vec![id.into(), (*x).into()],
        )
        .await?;
    }
    set_status(&txn, a, "scoring", |_| {}).await?;
    let link = format!("{}/expert/apps/{id}", settings.public_url);
    for c in choices.iter().filter(|c| experts.contains(&c.id) && !current.contains(&c.id)) {
        let email = txn
            .query_one_raw(db::stmt(backend, "SELECT email FROM app_user WHERE id = ?", vec![c.id.into()]))
            .await?
            .map(|r| r.try_get::<String>("", "email"))
            .transpose()?
            .unwrap_or_default();
        if !email.is_empty() {
            let task = PanelTask {
                bureau: settings.bureau_name.clone(),
                org: o.name.clone(),
                expert: c.name.clone(),
                link: link.clone(),
            };
            send(&txn, &email, &task, None).await?;
        }
    }
    log(&txn, actor, "rating_panel", id, json!({"experts": experts})).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether `expert_id` sits on the panel of `app_id`.
async fn on_panel<C: ConnectionTrait>(
    db: &C,
    app_id: i64,
    expert_id: i64,
) -> Result<Option<(bool, Option<i32>)>, DbErr> {
    let r = db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT submitted_at IS NOT NULL AS done, total FROM rating_panel WHERE application_id = ? AND expert_id = ?",
            vec![app_id.into(), expert_id.into()],
        ))
        .await?;
    r.map(|r| Ok((r.try_get::<bool>("", "done")?, r.try_get::<Option<i32>>("", "total")?))).transpose()
}

/// The sheet an expert scores. Only for members of the panel who are not
/// excluded from the organization.
pub async fn sheet<C: ConnectionTrait>(db: &C, expert_id: i64, app_id: i64) -> Result<SheetView, AppError> {
    let a = rating_application::Entity::find_by_id(app_id).one(db).await?.ok_or(AppError::NotFound)?;
    let Some((submitted, total)) = on_panel(db, app_id, expert_id).await? else { return Err(AppError::Forbidden) };
    let o = org(db, a.org_id).await?;
    if exclusion(db, expert_id, &o).await?.is_some() {
        return Err(AppError::Conflict("err_rate_expert_excluded".into()));
    }
    let s = rating_sheet::Entity::find_by_id(a.sheet_id).one(db).await?.ok_or(AppError::NotFound)?;
    let year = rating_round::Entity::find_by_id(a.round_id).one(db).await?.map(|r| r.year).unwrap_or_default();
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT item_id, points FROM rating_score WHERE application_id = ? AND expert_id = ?",
            vec![app_id.into(), expert_id.into()],
        ))
        .await?;
    let points = rows
        .iter()
        .map(|r| Ok((r.try_get::<i64>("", "item_id")?, r.try_get::<i32>("", "points")?)))
        .collect::<Result<Vec<_>, DbErr>>()?;
    let items = items(db, a.sheet_id).await?;
    // The party-building item is scored from the organization's party record.
    let party = if items.iter().any(|i| i.kind == crate::domain::party::RATING_ITEM_KIND) {
        Some(crate::party::service::summary(db, o.id, year).await?)
    } else {
        None
    };
    Ok(SheetView {
        application_id: app_id,
        org_name: o.name,
        org_type: o.org_type,
        year,
        sheet_title: s.title,
        items,
        points,
        party,
        submitted,
        total,
        self_assessment: a.self_assessment,
        open: a.status == "scoring" && !submitted,
    })
}

/// An expert saves or submits their points. Every item must be a whole
/// number within its maximum (all errors at once, nothing saved otherwise);
/// a submission is final. When the last expert submits, the final score is the
/// mean of the totals and the grade follows from the bands.
pub async fn score(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    expert_id: i64,
    app_id: i64,
    input: &ScoreInput,
) -> Result<(), AppError> {
    let submit = match input.intent.as_str() {
        "submit" => true,
        "save" | "" => false,
        _ => return Err(AppError::field("intent", "err_invalid_choice")),
    };
    let txn = db::begin_write(db).await?;
    let a = rating_application::Entity::find_by_id(app_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let Some((submitted, _)) = on_panel(&txn, app_id, expert_id).await? else { return Err(AppError::Forbidden) };
    let o = org(&txn, a.org_id).await?;
    if exclusion(&txn, expert_id, &o).await?.is_some() {
        return Err(AppError::Conflict("err_rate_expert_excluded".into()));
    }
    if a.status != "scoring" || submitted {
        return Err(AppError::Conflict("err_rate_sheet_closed".into()));
    }
    let sheet_items = items(&txn, a.sheet_id).await?;
    let mut e = Errors::default();
    let mut values = Vec::with_capacity(sheet_items.len());
    for it in &sheet_items {
        let key = it.id.to_string();
        let raw = input.points.get(&key).map(String::as_str).unwrap_or("");
        if raw.trim().is_empty() && !submit {
            continue;
        }
        match rules::check_points(raw, it.max_points as u32) {
            Ok(v) => values.push((it.id, v as i32)),
            Err(err) => e.add(&format!("p{}", it.id), err.key()),
        }
    }
    e.into_result()?;
    let backend = txn.get_database_backend();
    txn.execute_raw(db::stmt(
        backend,
        "DELETE FROM rating_score WHERE application_id = ? AND expert_id = ?",
        vec![app_id.into(), expert_id.into()],
    ))
    .await?;
    for (item, points) in &values {
        db::exec(
            &txn,
            "INSERT INTO rating_score (application_id, expert_id, item_id, points) VALUES (?, ?, ?, ?)",
            vec![app_id.into(), expert_id.into(), (*item).into(), (*points).into()],
        )
        .await?;
    }
    let total: i32 = values.iter().map(|(_, p)| p).sum();
    let mut finished = None;
    if submit {
        db::exec(
            &txn,
            "UPDATE rating_panel SET total = ?, submitted_at = ? WHERE application_id = ? AND expert_id = ?",
            vec![total.into(), Utc::now().into(), app_id.into(), expert_id.into()],
        )
        .await?;
        let rows = txn
            .query_all_raw(db::stmt(
                backend,
                "SELECT total FROM rating_panel WHERE application_id = ?",
                vec![app_id.into()],
            ))
            .await?;
        let totals = rows.iter().map(|r| r.try_get::<Option<i32>>("", "total")).collect::<Result<Vec<_>, _>>()?;
        if totals.iter().all(Option::is_some) {
            let totals: Vec<u32> = totals.into_iter().flatten().map(|t| t as u32).collect();
            let final_score = rules::combine(&totals).ok_or(AppError::Internal)?;
            let grade = rules::grade_for(final_score, &settings.rating_bands);
            set_status(&txn, a, "scored", |am| {
                am.final_score = Set(Some(final_score as i32));
                am.grade = Set(grade.map(|g| g.as_str().to_string()));
            })
            .await?;
            finished = Some((final_score, grade));
        }
    }
    log(
        &txn,
        actor,
        if submit { "rating_score_submit" } else { "rating_score_save" },
        app_id,
        json!({"expert": expert_id, "total": total, "items": values.len(),
               "final_score": finished.map(|f| f.0), "grade": finished.and_then(|f| f.1).map(|g| g.as_str())}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The applications assigned to an expert, newest first.
pub async fn assignments<C: ConnectionTrait>(db: &C, expert_id: i64) -> Result<Vec<Assignment>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT a.id AS id, o.name AS name, o.org_type AS org_type, r.year AS year, a.status AS status, \
             p.submitted_at IS NOT NULL AS done, p.total AS total FROM rating_panel p \
             JOIN rating_application a ON a.id = p.application_id JOIN organization o ON o.id = a.org_id \
             JOIN rating_round r ON r.id = a.round_id WHERE p.expert_id = ? ORDER BY a.id DESC LIMIT 200",
            vec![expert_id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Assignment {
                application_id: r.try_get("", "id")?,
                org_name: r.try_get("", "name")?,
                org_type: r.try_get("", "org_type")?,
                year: r.try_get("", "year")?,
                status: r.try_get("", "status")?,
                submitted: r.try_get::<bool>("", "done")?,
                total: r.try_get("", "total")?,
            })
        })
        .collect()
}
