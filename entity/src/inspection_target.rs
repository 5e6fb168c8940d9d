use sea_orm::entity::prelude::*;

/// One drawn organization or outlet of a campaign, its details as they were at the
/// draw, and its result.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_target")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    /// Order of the draw (strata in key order).
    pub position: i32,
    pub stratum: String,
    pub by_weight: bool,
    /// org | outlet, as the campaign's
    pub object_kind: String,
    /// The organization's or the outlet's id.
    pub object_id: i64,
    /// The object's name.
    pub org_name: String,
    /// The credit code, or the outlet number.
    pub credit_code: String,
    pub district: String,
    pub address: String,
    pub contact: String,
    pub supervisory_unit: Option<String>,
    /// pending | recorded | confirmed | published
    pub status: String,
    /// The items checked, one per line.
    pub checked_items: String,
    pub findings: String,
    /// none | rectify | penalty
    pub outcome: Option<String>,
    pub inspected_on: Option<Date>,
    pub recorded_by: Option<i64>,
    pub recorded_at: Option<DateTimeUtc>,
    pub confirmed_on: Option<Date>,
    pub publish_due: Option<Date>,
    pub published_on: Option<Date>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
