use sea_orm::entity::prelude::*;

/// An entry on a credit list: 活动异常名录 (`abnormal`) or 严重违法失信名单
/// (`serious`), with its reason, legal basis, dates and removal.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub list: String,
    pub reason: String,
    pub basis: String,
    /// What the entry is about (a report year, a penalty id, an entry id), so
    /// the same fact is never listed twice.
    pub r#ref: String,
    pub listed_on: Date,
    /// The date the escalation clock runs from (a new listing event restarts it).
    pub clock_from: Date,
    pub deciding_office: String,
    pub note: String,
    pub decided_by: Option<i64>,
    pub removed_on: Option<Date>,
    pub removal_reason: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
