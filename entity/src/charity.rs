use sea_orm::entity::prelude::*;

/// A recognized charity (慈善组织) and its public-fundraising qualification (公开募捐资格).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "charity")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: i64,
    pub recognized_on: Date,
    pub recognition_note: String,
    pub qualified_on: Option<Date>,
    pub certificate_no: Option<String>,
    pub withdrawn_on: Option<Date>,
    pub withdraw_reason: Option<String>,
    /// Withdrawn for a serious fundraising violation: no new application for 5 years.
    pub withdrawn_for_violation: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
