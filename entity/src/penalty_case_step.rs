use sea_orm::entity::prelude::*;

/// One dated step of a penalty case, by the officer who recorded it, with the
/// kind and number of the document it produced (the decision's number).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "penalty_case_step")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    pub action: String,
    pub from_state: String,
    pub to_state: String,
    pub day: Date,
    pub officer_id: i64,
    pub note: String,
    pub document_kind: Option<String>,
    pub document_number: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
