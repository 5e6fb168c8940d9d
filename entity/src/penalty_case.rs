use sea_orm::entity::prelude::*;

/// An administrative penalty case (行政处罚案件): who it is against, where it
/// came from, its state, the suspected violation, the facts its rules read
/// and what was decided. Penalties are JSON lists of
/// `{"penalty": "fine", "amount_fen": 3000000, "months": 0}`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "penalty_case")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The registered organization concerned; none for an illegal one.
    pub org_id: Option<i64>,
    /// organization | person
    pub party_kind: String,
    pub party_name: String,
    /// officer | complaint | inspection | zombie
    pub source: String,
    pub source_id: Option<i64>,
    pub state: String,
    pub violation_code: Option<String>,
    pub facts: String,
    pub discovered_on: Option<Date>,
    pub violation_ended_on: Option<Date>,
    pub opened_on: Option<Date>,
    pub extension_days: i32,
    pub gravity: Option<String>,
    pub adjust: String,
    pub fine_base: Option<String>,
    pub fine_base_fen: Option<i64>,
    pub other_heavy: bool,
    pub proposed: String,
    pub decided: String,
    pub decided_on: Option<Date>,
    pub decision_year: Option<i32>,
    pub decision_seq: Option<i64>,
    pub decision_number: Option<String>,
    pub decision_basis: Option<String>,
    /// How the notice (告知书) was served, and the day: of the service, or
    /// for a public notice its publication (served some days later).
    pub notice_method: Option<String>,
    pub notice_on: Option<Date>,
    /// The same for the decision (决定书).
    pub decision_method: Option<String>,
    pub decision_service_on: Option<Date>,
    pub statement_done: bool,
    pub hearing_waived: bool,
    pub hearing_requested_on: Option<Date>,
    pub hearing_notice_on: Option<Date>,
    pub hearing_on: Option<Date>,
    pub electronic_consent: bool,
    pub receipt_refused: bool,
    pub other_methods_failed: bool,
    pub legal_review_done: bool,
    pub appeal_pending: bool,
    pub fine_paid: bool,
    pub demand_served_on: Option<Date>,
    pub annulled_on: Option<Date>,
    pub opened_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
