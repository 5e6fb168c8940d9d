//! The public warning list (警示曝光台): banned bodies and those an officer
//! exposed, while the lead stands (`domain::illegal_org::on_warning_list`,
//! written here as SQL) — name, claimed activities, places, websites, the
//! outcome and its day; never the people or the accounts.

use entity::illegal_org;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Value};

use super::queue::search_sql;
use crate::db;
use crate::domain::illegal_org::{on_warning_list, State};
use crate::domain::paging::Paging;
use crate::error::AppError;
use crate::illegal::types::*;

/// `on_warning_list` as SQL over `i`.
const LISTED: &str = "(i.state = 'banned' OR (i.published_on IS NOT NULL \
                      AND i.state NOT IN ('unfounded', 'registered')))";

fn row_of(m: illegal_org::Model) -> Option<WarningRow> {
    let state = State::parse(&m.state)?;
    if !on_warning_list(state, m.published_on.is_some()) {
        return None;
    }
    let day = if state == State::Banned { m.outcome_on.or(m.published_on) } else { m.published_on };
    Some(WarningRow {
        id: m.id,
        name: m.name,
        activities: m.activities,
        places: m.places,
        websites: m.websites,
        state: m.state,
        day: day.map(|d| d.to_string()).unwrap_or_default(),
    })
}

async fn rows_of<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<WarningRow>, DbErr> {
    let mut by_id: std::collections::HashMap<i64, illegal_org::Model> = illegal_org::Entity::find()
        .filter(illegal_org::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).filter_map(row_of).collect())
}

/// A page of the warning list, the latest first.
pub async fn warnings<C: ConnectionTrait>(db: &C, f: &WarningFilter) -> Result<WarningPage, AppError> {
    let mut sql = format!("FROM illegal_org i WHERE {LISTED}");
    let mut vals: Vec<Value> = Vec::new();
    search_sql(&f.q, &mut sql, &mut vals);
    let p = Paging::new(f.page, PER_PAGE);
    let total = db::count_from(db, &sql, vals.clone()).await?;
    let order = "ORDER BY CASE WHEN i.state = 'banned' THEN i.outcome_on ELSE i.published_on END DESC, i.id DESC";
    let ids: Vec<i64> =
        db::column(db, &format!("SELECT i.id AS id {sql} {order} {}", p.limit_offset()), vals, "id").await?;
    Ok(WarningPage {
        rows: rows_of(db, &ids).await?,
        total: u64::try_from(total).unwrap_or(0),
        page: p.page,
        per_page: PER_PAGE,
    })
}

/// The CSV's header: the public columns only.
pub const WARNING_CSV_HEADER: [&str; 6] = ["名称", "活动内容", "活动地点", "网站及公众账号", "处理结果", "日期"];

impl crate::kernel::csv::Record for WarningRow {
    fn key(&self) -> i64 {
        self.id
    }

    fn cells(&self) -> Vec<String> {
        let outcome = crate::i18n::coded(crate::i18n::Lang::Zh, "ill_warning_", &self.state, "suspected");
        vec![
            self.name.clone(),
            self.activities.clone(),
            self.places.clone(),
            self.websites.clone(),
            outcome.into(),
            self.day.clone(),
        ]
    }
}

/// The warning list's entries the search selects after id `after` (the
/// export's and the open data API's key), at most `batch`, and the last id.
pub async fn warnings_after<C: ConnectionTrait>(
    db: &C,
    f: &WarningFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<WarningRow>, Option<i64>), DbErr> {
    let mut sql = format!("FROM illegal_org i WHERE {LISTED}");
    let mut vals: Vec<Value> = Vec::new();
    search_sql(&f.q, &mut sql, &mut vals);
    vals.push(after.into());
    let ids: Vec<i64> =
        db::column(db, &format!("SELECT i.id AS id {sql} AND i.id > ? ORDER BY i.id LIMIT {batch}"), vals, "id")
            .await?;
    Ok((rows_of(db, &ids).await?, ids.last().copied()))
}
