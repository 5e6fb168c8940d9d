use sea_orm::entity::prelude::*;

/// One entry of a complaint's timeline: received, assigned, a note, the
/// reply, closed (or migrated from the charity complaints).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub complaint_id: i64,
    pub kind: String,
    pub day: Date,
    pub officer_id: Option<i64>,
    pub actor: String,
    pub note: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
