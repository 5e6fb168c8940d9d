use sea_orm::entity::prelude::*;

/// What a supervisory unit did about a zombie case or a rectification of one
/// of its organizations (谁主管、谁负责): a dated note by one of its users.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_action")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: i64,
    pub org_id: i64,
    /// zombie | rectification
    pub subject: String,
    pub subject_id: i64,
    pub acted_on: Date,
    pub body: String,
    pub user_id: Option<i64>,
    /// The user's name as it was.
    pub author: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
