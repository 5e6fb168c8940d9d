use sea_orm::entity::prelude::*;

/// A proposed merge of two units an officer dismissed (the smaller id first):
/// it is not proposed again.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_merge_dismissal")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_a: i64,
    pub unit_b: i64,
    pub dismissed_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
