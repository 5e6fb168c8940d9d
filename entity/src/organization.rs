use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organization")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub credit_code: String,
    pub name: String,
    /// social_group | social_service | foundation
    pub org_type: String,
    pub domicile: String,
    pub district: String,
    pub legal_rep: String,
    /// Registered capital in 分 (hundredths of a yuan): exact on every backend.
    pub capital_fen: i64,
    /// None means 直接登记 (registered without a supervisory unit).
    pub supervisory_unit: Option<String>,
    pub business_scope: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub registration_date: Date,
    /// active | deregistered | revoked
    pub status: String,
    pub status_date: Option<Date>,
    pub status_reason: Option<String>,
    pub charter_approved_on: Option<Date>,
    pub term_start: Date,
    pub term_end: Date,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The conclusion of the newest concluded annual report, kept by the
    /// reports' triggers for the dashboard's tallies: read it, never set it.
    pub last_conclusion: Option<String>,
    /// The supervisory unit record (`supervisory_unit`) the text above names;
    /// None for 直接登记.
    pub supervisory_unit_id: Option<i64>,
    /// The sector code (GB/T 4754-2017 门类, A–T) of a trade association or
    /// chamber of commerce (行业协会商会, a social group); None for the others.
    pub trade_sector: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
