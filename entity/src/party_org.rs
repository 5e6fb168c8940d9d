use sea_orm::entity::prelude::*;

/// An organization's party organization (党组织): independent (单独组建),
/// joint with the organizations named one a line (联合组建), or none (未建)
/// with the reason; members, secretary, and the party-building instructor
/// (党建指导员) or a liaison. One row an organization; each saved version is
/// kept in `party_org_history`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "party_org")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub org_id: i64,
    /// independent | joint | none
    pub kind: String,
    /// The other organizations of a joint branch, one a line.
    pub joint_with: String,
    pub none_reason: String,
    pub established_on: Option<Date>,
    pub full_members: i32,
    pub probationary_members: i32,
    pub secretary: String,
    pub instructor_name: String,
    pub instructor_unit: String,
    pub instructor_phone: String,
    /// A liaison (联络员) covering the work where there is no instructor.
    pub liaison: String,
    pub updated_by: Option<i64>,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
