use sea_orm::entity::prelude::*;

/// A complaint or tip-off (投诉举报): its subject, what happened, the
/// reporter's optional contact, the one-time code's hash, and its handling.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The tracking number, `TS2026-000123`.
    #[sea_orm(unique)]
    pub number: String,
    /// Argon2 hash of the one-time code (none for a complaint an officer recorded without one).
    pub code_hash: Option<String>,
    /// online | officer
    pub channel: String,
    /// org | unregistered | fundraising | outlet
    pub subject_kind: String,
    pub org_id: Option<i64>,
    pub outlet_id: Option<i64>,
    /// The subject's name as registered, or as the reporter gave it.
    pub subject_name: String,
    pub what: String,
    pub place: String,
    pub happened_on: Option<Date>,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub reporter_email: Option<String>,
    /// received | assigned | investigating | replied | closed
    pub status: String,
    pub officer_id: Option<i64>,
    pub received_on: Date,
    pub due_on: Date,
    pub reply: Option<String>,
    pub replied_on: Option<Date>,
    /// unfounded | rectification_ordered | case_opened | referred
    pub outcome: Option<String>,
    pub referred_to: Option<String>,
    pub closed_on: Option<Date>,
    pub case_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
