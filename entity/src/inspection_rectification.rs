use sea_orm::entity::prelude::*;

/// The rectification (整改) a published "rectify" inspection result orders an
/// organization to make: the findings, the deadline, the organization's report
/// and an officer's review.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_rectification")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The inspection target whose result ordered it (one rectification each).
    #[sea_orm(unique)]
    pub target_id: i64,
    pub org_id: i64,
    /// The findings of the result, as published.
    pub findings: String,
    /// The day the result was published.
    pub ordered_on: Date,
    pub due_on: Date,
    /// ordered | reported | accepted | returned
    pub status: String,
    /// What the organization did, as it last reported it.
    pub report: Option<String>,
    pub reported_at: Option<DateTimeUtc>,
    pub reported_by: Option<i64>,
    /// The officer's note of the last review (required to return).
    pub review_note: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
