use sea_orm::entity::prelude::*;

/// A suspected illegal social organization (非法社会组织): what it claims to
/// do and where, how it is reached, who is involved (officers only), where
/// the lead came from, and its outcome.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "illegal_org")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The name it uses.
    pub name: String,
    /// The activities it claims or was seen doing.
    pub activities: String,
    /// Addresses, one a line.
    pub places: String,
    /// Websites and public social-media accounts, one a line (public).
    pub websites: String,
    /// Bank and payment accounts, one a line (officers only).
    pub accounts: String,
    /// People involved with their roles, one a line (personal data: officers only).
    pub people: String,
    /// complaint | inspection | referral | officer | media
    pub source: String,
    /// The complaint's number, the referring department, the medium, …
    pub source_ref: String,
    #[sea_orm(unique)]
    pub complaint_id: Option<i64>,
    pub found_on: Date,
    /// suspected | investigating | banned | dispersed | referred | registered | unfounded
    pub state: String,
    pub outcome_on: Option<Date>,
    pub outcome_note: Option<String>,
    pub referred_to: Option<String>,
    pub org_id: Option<i64>,
    pub case_id: Option<i64>,
    /// On the public warning list (警示曝光台) since.
    pub published_on: Option<Date>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
