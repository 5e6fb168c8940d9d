use sea_orm::entity::prelude::*;

/// A fee a trade association charges enterprises (涉企收费), as filed for a year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trade_fee")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub year: i32,
    pub item: String,
    /// membership | service | training | meeting | award | inspection | other
    pub kind: String,
    /// 依据: the charter, a members' assembly resolution …
    pub basis: String,
    pub standard: String,
    pub amount_fen: i64,
    pub compulsory: bool,
    pub published: bool,
    /// The rules' anomalies when filed: message keys separated by commas.
    pub anomalies: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
