use sea_orm::entity::prelude::*;

/// A trust's contract (PDF, checked by its first bytes), kept in the database;
/// never public.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "charitable_trust_contract")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub trust_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub content: Vec<u8>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
