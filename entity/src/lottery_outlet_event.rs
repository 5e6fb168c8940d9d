use sea_orm::entity::prelude::*;

/// One entry of an outlet's history: opened, changed, suspended, resumed, closed, imported.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lottery_outlet_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub outlet_id: i64,
    pub kind: String,
    pub event_date: Date,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: String,
    pub changes: String,
    pub actor_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
