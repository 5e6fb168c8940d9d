use sea_orm::entity::prelude::*;

/// A "zombie" organization case: the criteria that matched and each dated step
/// of the cleanup (candidate → notified → rectifying → restored, or
/// deregistered / revoked; dismissed when checking shows it is active).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "zombie_case")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub status: String,
    pub missed_reports: bool,
    pub unreachable: bool,
    pub inactive: bool,
    pub detected_on: Date,
    pub notified_on: Option<Date>,
    pub respond_by: Option<Date>,
    pub response: Option<String>,
    pub responded_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub decision_reason: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
