use sea_orm::entity::prelude::*;

/// A change of a fundraising plan (filed, changed, terminated), with the plan
/// before and after as JSON.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "charity_plan_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_id: i64,
    pub kind: String,
    pub changed_on: Date,
    pub reason: String,
    pub before_json: String,
    pub after_json: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
