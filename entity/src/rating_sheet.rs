use sea_orm::entity::prelude::*;

/// A versioned indicator sheet of one organization type (1000 points).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rating_sheet")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_type: String,
    pub version: i32,
    pub title: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
