use sea_orm::entity::prelude::*;

/// A risk inspection of an outlet with its rectification deadline and follow-up.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lottery_inspection")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub outlet_id: i64,
    pub inspected_on: Date,
    pub inspector: String,
    pub note: String,
    pub deadline: Option<Date>,
    pub status: String,
    pub follow_up: String,
    pub rectified_on: Option<Date>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
