use sea_orm::entity::prelude::*;

/// A branch or representative office (分支机构、代表机构) of a trade association.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trade_branch")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    /// branch | office
    pub kind: String,
    pub name: String,
    pub address: String,
    pub head: String,
    pub established_on: Date,
    /// active | closed
    pub status: String,
    pub regional: bool,
    pub under_branch: bool,
    pub anomalies: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
