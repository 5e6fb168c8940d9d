use sea_orm::entity::prelude::*;

/// An organization's annual work report for one year: the form as filed, the
/// findings of the checks, the key figures (分) once submitted, and the review.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "annual_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub report_year: i32,
    /// draft | submitted | returned | concluded
    pub status: String,
    /// The form's fields as typed (JSON object of strings).
    pub form_json: String,
    /// JSON array of findings {field, message, severity} at the last save.
    pub findings_json: String,
    pub income_total: Option<i64>,
    pub spend_total: Option<i64>,
    pub assets: Option<i64>,
    pub liabilities: Option<i64>,
    pub net_assets: Option<i64>,
    /// online | import
    pub source: String,
    /// Raised on every write, for optimistic locking of drafts.
    pub version: i32,
    pub first_submitted_at: Option<DateTimeUtc>,
    pub submitted_at: Option<DateTimeUtc>,
    pub return_comment: Option<String>,
    /// qualified | basic | unqualified
    pub conclusion: Option<String>,
    pub conclusion_reason: Option<String>,
    pub concluded_at: Option<DateTimeUtc>,
    pub concluded_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
