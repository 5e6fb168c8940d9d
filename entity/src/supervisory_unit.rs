use sea_orm::entity::prelude::*;

/// A supervisory unit (业务主管单位): the department that sponsors and
/// supervises organizations registered under it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supervisory_unit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    /// Its unified social credit code, when known.
    pub code: Option<String>,
    /// party | government | people_org | other
    pub kind: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    /// Set when an officer merged this spelling into another unit: the name
    /// then resolves to that unit.
    pub merged_into: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
