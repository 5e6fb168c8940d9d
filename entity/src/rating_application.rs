use sea_orm::entity::prelude::*;

/// An organization's application in a round, through eligibility, panel, scoring, public notice and grant. Scores in tenths of a point.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rating_application")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub round_id: i64,
    pub org_id: i64,
    pub sheet_id: i64,
    pub status: String,
    pub self_score: i32,
    pub self_assessment: String,
    pub rerating: String,
    pub decision_note: String,
    pub final_score: Option<i32>,
    pub grade: Option<String>,
    pub notice_from: Option<Date>,
    pub notice_to: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
