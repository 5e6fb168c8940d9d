//! The inspector directory and the campaigns: plan, freeze, draw, verify.
//! Every write runs in one transaction with its audit record and its e-mail.
//! Results, publication, mail status and attachments are in [`super::results`].
//!
//! One file per sub-feature: `inspectors` (the inspector directory and the
//! declared conflicts), `campaigns` (the plan, the campaign list and view),
//! `population` (a campaign's population, its strata and CSV), `freeze` (the
//! frozen population and inspector pool) and `draw` (the draw, the
//! assignment of inspectors, the verification). The helpers several of them
//! share live here.

mod campaigns;
mod draw;
mod freeze;
mod inspectors;
mod population;

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

use super::types::ConflictView;
use crate::db;

pub use crate::inspection::validate::{check_inspector, ValidInspector};
pub(crate) use campaigns::campaign_row;
pub use campaigns::{campaign_view, campaigns, create_campaign};
pub use draw::{assign, assign_teams, draw, verify, Team};
pub use freeze::{freeze, frozen_strata, PoolInspector};
pub use inspectors::{
    add_conflict, inspector_view, inspectors, inspectors_csv, remove_conflict, save_inspector, write_inspector,
};
pub use population::{load_population, population_csv, strata_with_sizes, POPULATION_CSV_HEADER};

pub const PER_PAGE: u64 = 20;

async fn conflicts_of<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, Vec<ConflictView>>, DbErr> {
    let sql = "SELECT c.id, c.inspector_id, c.org_id, c.reason, c.declared_on, o.name, o.credit_code \
               FROM inspector_conflict c JOIN organization o ON o.id = c.org_id \
               WHERE c.inspector_id IN ({ids}) ORDER BY c.id";
    let mut out: HashMap<i64, Vec<ConflictView>> = HashMap::new();
    for r in db::rows_by_ids(db, sql, vec![], ids).await? {
        let declared: NaiveDate = r.try_get("", "declared_on")?;
        out.entry(r.try_get("", "inspector_id")?).or_default().push(ConflictView {
            id: r.try_get("", "id")?,
            org_id: r.try_get("", "org_id")?,
            org_name: r.try_get("", "name")?,
            credit_code: r.try_get("", "credit_code")?,
            reason: r.try_get("", "reason")?,
            declared_on: declared.to_string(),
        });
    }
    Ok(out)
}

/// A campaign's stored status.
pub(crate) fn campaign_status(
    c: &entity::inspection_campaign::Model,
) -> Result<crate::domain::inspection::CampaignStatus, crate::error::AppError> {
    db::stored_status(crate::domain::inspection::CampaignStatus::parse, &c.status, "inspection_campaign", c.id)
}
