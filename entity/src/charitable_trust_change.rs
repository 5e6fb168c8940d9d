use sea_orm::entity::prelude::*;

/// Changes of a charitable trust filed together (one, or several of one
/// month), with their deadline and the days the filing came late.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "charitable_trust_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub trust_id: i64,
    /// Change kinds separated by commas (trustee, supervisor, size, …).
    pub kinds: String,
    pub first_on: Date,
    pub last_on: Date,
    pub description: String,
    pub old_size_fen: Option<i64>,
    pub new_size_fen: Option<i64>,
    pub due_on: Date,
    pub filed_on: Date,
    pub days_late: i32,
    pub filed_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
