use sea_orm::entity::prelude::*;

/// A forum or seminar (论坛、研讨会) a trade association held.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trade_forum")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub held_on: Date,
    pub co_organizers: String,
    pub fee_charged: bool,
    pub approval_ref: String,
    pub anomalies: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
