use sea_orm::entity::prelude::*;

/// A welfare-lottery sales outlet; coordinates in millionths of a degree.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lottery_outlet")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub outlet_no: String,
    pub name: String,
    pub address: String,
    pub district: String,
    pub lng_e6: i64,
    pub lat_e6: i64,
    pub operator_kind: String,
    pub operator_name: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub terminals: String,
    pub opened_on: Date,
    pub status: String,
    pub status_since: Date,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
