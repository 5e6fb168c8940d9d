//! The daily job of rating: organizations whose grade expires within six
//! months are e-mailed, each grade once. Idempotent: the notice is a row with
//! the grade as primary key, inserted in the same transaction as its e-mail,
//! so running the job twice, or on several servers, sends nothing twice.
//! Grades need no job to expire: a grade past its validity is no longer in
//! force wherever it is read.

use chrono::{Months, NaiveDate};
use entity::{organization, rating_grade};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::service::mail_org;
use crate::db;
use crate::domain::rating::EXPIRY_NOTICE_MONTHS;
use crate::error::AppError;
use crate::state::Settings;

const BATCH: u64 = 500;

/// Sends the expiry notices due on `today`; returns how many grades were noticed.
pub async fn run_daily(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<u64, AppError> {
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
            let bureau = &settings.bureau_name;
            mail_org(
                &txn,
                &o,
                &format!("【{bureau}】评估等级将于{}到期", g.valid_to),
                &format!(
                    "{}：\n\n贵单位的{}评估等级（证书编号{}）有效期至{}。到期后等级自动失效；\
                     如需继续保持等级，请在评估工作开展时重新申请评估：{}/portal/rating\n\n{bureau}\n",
                    o.name, g.grade, g.certificate_no, g.valid_to, settings.public_url
                ),
            )
            .await?;
            sent += 1;
        }
        txn.commit().await?;
    }
    Ok(sent)
}
