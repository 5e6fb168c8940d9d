use sea_orm::entity::prelude::*;

/// A filed public fundraising plan (募捐方案备案). Changes bump `version` and
/// are kept in `charity_plan_change`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "charity_plan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub filing_no: String,
    pub title: String,
    pub purpose: String,
    pub start_on: Date,
    pub end_on: Date,
    pub region: String,
    /// internet | box | event | media
    pub method: String,
    pub platform: String,
    pub target_fen: i64,
    pub uses: String,
    pub beneficiaries: String,
    pub bank_account: String,
    pub person_in_charge: String,
    pub office_address: String,
    pub cost_budget_fen: i64,
    pub leftover: String,
    pub emergency: bool,
    pub filed_on: Date,
    pub terminated_on: Option<Date>,
    pub termination_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
