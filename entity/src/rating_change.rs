use sea_orm::entity::prelude::*;

/// A downgrade or cancellation of a grade, or its restoration when the
/// penalty decision that lowered it is annulled, with its event, date and reason.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rating_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub grade_id: i64,
    pub kind: String,
    pub event: String,
    pub event_date: Date,
    pub reason: String,
    pub from_grade: String,
    pub to_grade: Option<String>,
    pub actor_id: Option<i64>,
    pub created_at: DateTimeUtc,
    /// The penalty case whose decision (or its annulment) made the change.
    pub case_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
