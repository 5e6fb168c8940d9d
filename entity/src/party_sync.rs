use sea_orm::entity::prelude::*;

/// One of the six synchronisations (六同步) checked at its step:
/// registration, charter, annual_report, rating, term_renewal, inspection.
/// `ref_id` is the step's record (0 for registration, the registry event of a
/// charter approval or term renewal, the report year, the rating application,
/// the inspection target); one check a step's record, recorded again in place.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "party_sync")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub step: String,
    pub ref_id: i64,
    /// Whether the step met the check.
    pub done: bool,
    pub note: String,
    pub day: Date,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
