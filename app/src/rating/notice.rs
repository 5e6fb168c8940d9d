//! Public notice of a result, objections and their resolution, and the
//! grant with validity dates and a certificate number.

use chrono::{Datelike, NaiveDate, Utc};
use entity::{rating_application, rating_grade, rating_objection, rating_round};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, Set};
use serde_json::json;

use super::mails::{Granted, NotRated, ObjectionDismissed, ObjectionUpheld, ResultNotice};
use super::service::{count, load_for_update, log, set_status, MAX_TEXT};
use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::rating as rules;
use crate::error::{AppError, Errors};
use crate::mail::service::mail_org;
use crate::state::Settings;

/// Publishes a scored result for the round's public notice period, from today.
pub async fn publish(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let (a, o) = load_for_update(&txn, id, &["scored"]).await?;
    let round = rating_round::Entity::find_by_id(a.round_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let to = today + chrono::Days::new(round.notice_days as u64);
    let score = a.final_score.map(|s| rules::show_score(s as u32)).unwrap_or_default();
    let grade = a.grade.clone().unwrap_or_else(|| "未达等级".into());
    set_status(&txn, a, "notice", |am| {
        am.notice_from = Set(Some(today));
        am.notice_to = Set(Some(to));
    })
    .await?;
    let notice = ResultNotice {
        bureau: settings.bureau_name.clone(),
        org: o.name.clone(),
        score,
        grade,
        from: today.to_string(),
        to: to.to_string(),
        url: settings.public_url.clone(),
    };
    mail_org(&txn, &o, &notice).await?;
    log(&txn, actor, "rating_publish", id, json!({"from": today, "to": to})).await?;
    txn.commit().await?;
    Ok(())
}

/// Results in their notice period on `today`.
pub async fn notices<C: ConnectionTrait>(db: &C, today: NaiveDate) -> Result<Vec<NoticeRow>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT a.id AS id, o.id AS org_id, o.name AS name, o.credit_code AS code, o.org_type AS org_type, \
             r.year AS year, a.final_score AS score, a.grade AS grade, a.notice_from AS nf, a.notice_to AS nt \
             FROM rating_application a JOIN organization o ON o.id = a.org_id JOIN rating_round r ON r.id = a.round_id \
             WHERE a.status = 'notice' AND a.notice_from <= ? AND a.notice_to >= ? ORDER BY a.notice_to, a.id LIMIT 500",
            vec![today.into(), today.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(NoticeRow {
                application_id: r.try_get("", "id")?,
                org_id: r.try_get("", "org_id")?,
                org_name: r.try_get("", "name")?,
                credit_code: r.try_get("", "code")?,
                org_type: r.try_get("", "org_type")?,
                year: r.try_get("", "year")?,
                final_score: r.try_get("", "score")?,
                grade: r.try_get("", "grade")?,
                notice_from: r.try_get::<NaiveDate>("", "nf")?.to_string(),
                notice_to: r.try_get::<NaiveDate>("", "nt")?.to_string(),
            })
        })
        .collect()
}

/// Anyone may object to a result during its notice period, with a name, a
/// way to reach them and the grounds.
pub async fn object(db: &DatabaseConnection, input: &ObjectionInput, today: NaiveDate) -> Result<i64, AppError> {
    let mut e = Errors::default();
    e.required("name", &input.name);
    e.line("name", &input.name, 50);
    e.required("contact", &input.contact);
    e.line("contact", &input.contact, 100);
    e.required("body", &input.body);
    e.max_len("body", &input.body, MAX_TEXT);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let a = rating_application::Entity::find_by_id(input.application_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let in_notice =
        a.status == "notice" && a.notice_from.is_some_and(|f| f <= today) && a.notice_to.is_some_and(|t| today <= t);
    if !in_notice {
        return Err(AppError::Conflict("err_rate_notice_over".into()));
    }
    let x = rating_objection::ActiveModel {
        application_id: Set(a.id),
        name: Set(input.name.trim().into()),
        contact: Set(input.contact.trim().into()),
        body: Set(input.body.trim().into()),
        status: Set("open".into()),
        resolution: Set(String::new()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::system("public"),
        Entry {
            action: "rating_objection",
            entity: "rating_objection",
            entity_id: x.id.to_string(),
            before: None,
            after: Some(json!({"application": a.id, "name": x.name})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(x.id)
}

/// The officer records the committee's decision on an objection: dismissed
/// with reasons, or upheld with the revised final score (the grade follows).
/// The objector is answered through the contact they gave; the organization
/// is e-mailed.
pub async fn resolve(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    objection_id: i64,
    input: &ResolveInput,
) -> Result<i64, AppError> {
    let mut e = Errors::default();
    let resolution = input.resolution.trim();
    e.required("resolution", resolution);
    e.max_len("resolution", resolution, MAX_TEXT);
    let mut revised = None;
    match input.decision.as_str() {
        "dismissed" => {}
        "upheld" => match rules::parse_score(&input.revised_score) {
            Some(s) => revised = Some(s),
            None => e.add("revised_score", "err_rate_score"),
        },
        _ => e.choice("decision", &input.decision),
    }
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let x = rating_objection::Entity::find_by_id(objection_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if x.status != "open" {
        return Err(AppError::Conflict("err_rate_state".into()));
    }
    let app_id = x.application_id;
    let (a, o) = load_for_update(&txn, app_id, &["notice"]).await?;
    let mut am: rating_objection::ActiveModel = x.into();
    am.status = Set(input.decision.clone());
    am.resolution = Set(resolution.to_string());
    am.resolved_by = Set(actor.id);
    am.resolved_at = Set(Some(Utc::now()));
    am.update(&txn).await?;
    let before = json!({"final_score": a.final_score, "grade": a.grade});
    if let Some(score) = revised {
        let grade = rules::grade_for(score, &settings.rating_bands);
        set_status(&txn, a, "notice", |am| {
            am.final_score = Set(Some(score as i32));
            am.grade = Set(grade.map(|g| g.as_str().to_string()));
        })
        .await?;
    }
    let (bureau, org, why) = (settings.bureau_name.clone(), o.name.clone(), resolution.to_string());
    if revised.is_some() {
        mail_org(&txn, &o, &ObjectionUpheld { bureau, org, resolution: why }).await?;
    } else {
        mail_org(&txn, &o, &ObjectionDismissed { bureau, org, resolution: why }).await?;
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "rating_objection_resolve",
            entity: "rating_objection",
            entity_id: objection_id.to_string(),
            before: Some(before),
            after: Some(json!({"decision": input.decision, "revised_score": revised, "resolution": resolution})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(app_id)
}

/// Grants the grade once the notice period is over and no objection is
/// open: validity from 1 January of the next year to 31 December of the
/// fifth year, a certificate number, the previous grade superseded. A score
/// below the 1A minimum concludes the application without a grade.
pub async fn grant(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<Option<i64>, AppError> {
    let txn = db::begin_write(db).await?;
    let (a, o) = load_for_update(&txn, id, &["notice"]).await?;
    if a.notice_to.is_none_or(|t| today <= t) {
        return Err(AppError::Conflict("err_rate_notice_running".into()));
    }
    let open = count(
        &txn,
        "SELECT COUNT(*) AS n FROM rating_objection WHERE application_id = ? AND status = 'open'",
        vec![id.into()],
    )
    .await?;
    if open > 0 {
        return Err(AppError::Conflict("err_rate_objection_open".into()));
    }
    let score = a.final_score.ok_or(AppError::Internal)?;
    let grade = a.grade.clone();
    let bureau = &settings.bureau_name;
    let Some(grade) = grade else {
        set_status(&txn, a, "not_rated", |_| {}).await?;
        let letter = NotRated { bureau: bureau.clone(), org: o.name.clone(), score: rules::show_score(score as u32) };
        mail_org(&txn, &o, &letter).await?;
        log(&txn, actor, "rating_conclude", id, json!({"grade": null, "score": score})).await?;
        txn.commit().await?;
        return Ok(None);
    };
    let (from, to) = rules::validity(today);
    db::exec(
        &txn,
        "UPDATE rating_grade SET status = 'superseded', updated_at = ? WHERE org_id = ? AND status = 'active'",
        vec![Utc::now().into(), o.id.into()],
    )
    .await?;
    let now = Utc::now();
    let g = rating_grade::ActiveModel {
        org_id: Set(o.id),
        application_id: Set(Some(id)),
        grade: Set(grade.clone()),
        granted_grade: Set(grade.clone()),
        score: Set(score),
        announced_on: Set(today),
        valid_from: Set(from),
        valid_to: Set(to),
        status: Set("active".into()),
        certificate_no: Set(format!("{}-{}-{id:05}", settings.region_code, today.year())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    set_status(&txn, a, "granted", |_| {}).await?;
    let letter = Granted {
        bureau: bureau.clone(),
        org: o.name.clone(),
        grade: grade.clone(),
        score: rules::show_score(score as u32),
        from: from.to_string(),
        to: to.to_string(),
        url: settings.public_url.clone(),
        grade_id: g.id,
    };
    mail_org(&txn, &o, &letter).await?;
    log(
        &txn,
        actor,
        "rating_grant",
        id,
        json!({"grade": grade, "score": score, "from": from, "to": to, "grade_id": g.id}),
    )
    .await?;
    txn.commit().await?;
    Ok(Some(g.id))
}
