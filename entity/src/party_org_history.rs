use sea_orm::entity::prelude::*;

/// One saved version of an organization's party record, whole (JSON of the
/// record as saved), with who saved it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "party_org_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub version: i32,
    pub record_json: String,
    pub actor_id: Option<i64>,
    /// The name of who saved it, as it was.
    pub actor: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
