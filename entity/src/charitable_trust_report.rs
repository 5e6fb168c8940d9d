use sea_orm::entity::prelude::*;

/// A charitable trust's yearly report (one a trust and year), published.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "charitable_trust_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub trust_id: i64,
    pub year: i32,
    pub income_fen: i64,
    pub spending_fen: i64,
    /// Of the spending, what went to the charitable purposes.
    pub charitable_fen: i64,
    /// Trust assets at the year's end.
    pub assets_fen: i64,
    pub note: String,
    pub due_on: Date,
    pub filed_on: Date,
    pub days_late: i32,
    pub filed_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
