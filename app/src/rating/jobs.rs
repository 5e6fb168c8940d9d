//! The daily job of rating: organizations whose grade expires within six
//! months are e-mailed, each grade once. Idempotent: the notice is a row with
//! the grade as primary key, inserted in the same transaction as its e-mail,
//! so running the job twice, or on several servers, sends nothing twice.
//! Grades need no job to expire: a grade past its validity is no longer in
//! force wherever it is read.
//!
//! The job also lowers by one grade every grade in force whose organization
//! was concluded `unqualified` in an annual inspection after the grant (核查评估),
//! dated on the day of the conclusion; a second run finds the change recorded.

use chrono::{Months, NaiveDate};
use entity::{organization, rating_grade};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::grades::change_grade;
use super::mails::GradeExpiring;
use super::types::ChangeInput;
use crate::audit::service::Actor;
use crate::db;
use crate::domain::rating::EXPIRY_NOTICE_MONTHS;
use crate::error::AppError;
use crate::mail::service::mail_org;
use crate::state::Settings;

const BATCH: u64 = 500;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DailyReport {
    pub expiry_notices: u64,
    pub downgrades: u64,
}

/// Runs the job for `today`.
pub async fn run_daily(
    db: &DatabaseConnection,
    settings: &Settings,
    today: NaiveDate,
) -> Result<DailyReport, AppError> {
    Ok(DailyReport {
        expiry_notices: expiry_notices(db, settings, today).await?,
        downgrades: failed_inspections(db, settings, today).await?,
    })
}

/// Downgrades for `unqualified` annual-inspection conclusions after a grant.
async fn failed_inspections(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<u64, AppError> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT g.id AS grade_id, r.report_year AS year, r.concluded_at AS at FROM rating_grade g \
             JOIN annual_report r ON r.org_id = g.org_id WHERE g.status = 'active' AND g.valid_to >= ? \
             AND r.status = 'concluded' AND r.conclusion = 'unqualified' AND r.concluded_at > g.created_at \
             ORDER BY g.id, r.concluded_at",
            vec![today.into()],
        ))
        .await?;
    let mut done = 0;
    for r in &rows {
        let grade_id: i64 = r.try_get("", "grade_id")?;
        let year: i32 = r.try_get("", "year")?;
        let at: chrono::DateTime<chrono::Utc> = r.try_get("", "at")?;
        let input = ChangeInput {
            event: "failed_inspection".into(),
            // The bureau's calendar day of the conclusion, never after `today`.
            event_date: crate::kernel::clock::local_date(at).min(today).to_string(),
            reason: format!("{year}年度检查结论为不合格，依照评估办法降低一个等级。"),
        };
        match change_grade(db, settings, &Actor::system("daily-job"), grade_id, &input, today).await {
            Ok(()) => done += 1,
            // Already recorded, or the grade was lost meanwhile: nothing to do.
            Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// Sends the expiry notices due on `today`; returns how many grades were noticed.
async fn expiry_notices(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<u64, AppError> {
    let until = today + Months::new(EXPIRY_NOTICE_MONTHS);
    let mut after = 0;
    let mut sent = 0;
    loop {
        let batch = rating_grade::Entity::find()
            .filter(rating_grade::Column::Status.eq("active"))
            .filter(rating_grade::Column::ValidTo.gte(today))
            .filter(rating_grade::Column::ValidTo.lte(until))
            .filter(rating_grade::Column::Id.gt(after))
            .order_by_asc(rating_grade::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = batch.last().map(|g| g.id) else { break };
        after = last;
        let txn = db::begin_write(db).await?;
        for g in &batch {
            let inserted = db::exec(
                &txn,
                "INSERT INTO rating_expiry_notice (grade_id, sent_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                vec![g.id.into(), chrono::Utc::now().into()],
            )
            .await?;
            if inserted != 1 {
                continue;
            }
            let Some(o) = organization::Entity::find_by_id(g.org_id).one(&txn).await? else { continue };
            let letter = GradeExpiring {
                bureau: settings.bureau_name.clone(),
                org: o.name.clone(),
                grade: g.grade.clone(),
                certificate: g.certificate_no.clone(),
                valid_to: g.valid_to.to_string(),
                url: settings.public_url.clone(),
            };
            mail_org(&txn, &o, &letter).await?;
            sent += 1;
        }
        txn.commit().await?;
    }
    Ok(sent)
}
