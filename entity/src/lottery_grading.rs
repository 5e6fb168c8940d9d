use sea_orm::entity::prelude::*;

/// An outlet's grading of one year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lottery_grading")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub outlet_id: i64,
    pub year: i32,
    pub sheet_id: i64,
    pub total: i32,
    pub grade: String,
    pub capped: bool,
    pub excellent: bool,
    pub published: bool,
    pub note: String,
    pub graded_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
