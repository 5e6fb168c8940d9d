use sea_orm::entity::prelude::*;

/// The points of one sheet item in an outlet's yearly grading.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lottery_grading_score")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub grading_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: i64,
    pub points: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
