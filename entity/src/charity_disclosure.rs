use sea_orm::entity::prelude::*;

/// A disclosure: a campaign's periodic or final report (`plan_id` set), or a
/// charity's annual work and financial report (`kind = annual`, `plan_id = 0`,
/// `period_no` the year). Amounts are of the period, in 分.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "charity_disclosure")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub plan_id: i64,
    pub kind: String,
    pub period_no: i32,
    pub disclosed_on: Date,
    pub raised_fen: i64,
    pub spent_fen: i64,
    pub cost_fen: i64,
    pub off_plan_fen: i64,
    pub uses: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
