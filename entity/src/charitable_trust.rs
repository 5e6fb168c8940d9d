use sea_orm::entity::prelude::*;

/// A charitable trust (慈善信托) as its trustee filed it, and the bureau's
/// review: submitted | returned | accepted (with its filing number).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "charitable_trust")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub filing_no: Option<String>,
    pub state: String,
    /// charity | company
    pub trustee_kind: String,
    /// The charity of the register that is the trustee.
    pub trustee_org_id: Option<i64>,
    pub trustee_name: String,
    /// Where a trust company hears from the bureau (a charity: its accounts).
    pub contact_email: String,
    /// JSON list of `{"name": …, "person": bool}`.
    pub settlors: String,
    pub supervisor: String,
    /// Purpose codes separated by commas.
    pub purposes: String,
    pub purpose_note: String,
    pub size_fen: i64,
    pub start_on: Date,
    /// None: perpetual.
    pub end_on: Option<Date>,
    pub beneficiaries: String,
    pub signed_on: Date,
    pub filed_on: Date,
    pub days_late: i32,
    pub return_reason: Option<String>,
    pub reviewed_on: Option<Date>,
    pub reviewed_by: Option<i64>,
    pub filed_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
