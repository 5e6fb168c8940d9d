use sea_orm::entity::prelude::*;

/// An administrative penalty (行政处罚) decided against an organization; a
/// fine's amount in fen (0 for other kinds). It may list the organization.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "penalty")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub kind: String,
    pub amount_fen: i64,
    pub decided_on: Date,
    pub deciding_office: String,
    pub facts: String,
    pub basis: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    /// The penalty case whose decision wrote it (none for the officers' form).
    pub case_id: Option<i64>,
    /// Void from this day: the decision was annulled (kept to show it).
    pub annulled_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
