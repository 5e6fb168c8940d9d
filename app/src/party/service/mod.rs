//! Queries and transactions of party building. Every write runs in one write
//! transaction with its audit record; a saved record also keeps its version
//! whole in `party_org_history`.
//!
//! `brief` is what other features show of it (a report draft's prefill, the
//! rating experts' summary); `record` reads and saves an organization's party record; `sync` the six
//! checks at their steps (who may record which, the step's record they
//! belong to); `lists` the officers' list, its CSV and the dashboard's
//! coverage figures.

mod brief;
mod lists;
mod record;
mod sync;

pub use brief::{record_of, summary};
pub use lists::{coverage, figures, list, list_csv_after, PartyRecord};
pub use record::{party_of, save};
pub use sync::{record_check, sync_view, Access};

use entity::organization;
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::error::AppError;

/// Organization `org_id`, or not found.
async fn org<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<organization::Model, AppError> {
    organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)
}
