use sea_orm::entity::prelude::*;

/// A conflict of interest an inspector declared with an organization: the
/// draw never sends the inspector there.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspector_conflict")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub inspector_id: i64,
    pub org_id: i64,
    pub reason: String,
    pub declared_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
