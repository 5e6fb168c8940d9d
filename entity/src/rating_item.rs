use sea_orm::entity::prelude::*;

/// One indicator of a sheet, in a group, with its maximum points.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rating_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub sheet_id: i64,
    pub group_no: i32,
    pub group_name: String,
    pub item_no: i32,
    pub name: String,
    pub max_points: i32,
    /// What the item measures where a feature reads it by meaning: `party`
    /// (党建工作), or '' (migration 32).
    pub kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
