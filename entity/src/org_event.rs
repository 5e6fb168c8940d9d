use sea_orm::entity::prelude::*;

/// A dated registration event: establishment, change, charter approval,
/// term renewal, deregistration or revocation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub kind: String,
    pub event_date: Date,
    pub note: String,
    /// JSON array of {field, before, after}
    pub changes_json: String,
    pub actor_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
