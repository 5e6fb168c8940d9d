use sea_orm::entity::prelude::*;

/// A granted grade: the grade now (after downgrades), as granted, validity and certificate.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rating_grade")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub application_id: Option<i64>,
    pub grade: String,
    pub granted_grade: String,
    pub score: i32,
    pub announced_on: Date,
    pub valid_from: Date,
    pub valid_to: Date,
    pub status: String,
    pub certificate_no: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
