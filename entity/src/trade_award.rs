use sea_orm::entity::prelude::*;

/// An award or commendation (评比表彰) a trade association held.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trade_award")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub year: i32,
    pub name: String,
    pub approval_no: String,
    pub approved_by: String,
    pub fee_charged: bool,
    pub anomalies: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
