use sea_orm::entity::prelude::*;

/// One entry of an illegal organization's investigation log: a dated note by
/// the named officer, or a step (registered, outcome, published).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "illegal_org_note")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub illegal_org_id: i64,
    /// opened | note | banned | dispersed | referred | registered | unfounded | published
    pub kind: String,
    pub day: Date,
    pub officer_id: i64,
    /// The officer's name as it was.
    pub officer: String,
    pub note: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
