use sea_orm::entity::prelude::*;

/// An enforcement inspector of the inspector directory (执法检查人员名录库).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspector")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The inspector's account, linked by e-mail, to sign in and record results.
    pub user_id: Option<i64>,
    pub name: String,
    pub unit: String,
    pub email: String,
    pub phone: String,
    pub cert_no: String,
    pub cert_valid_until: Date,
    /// Districts served, separated by 、 (empty: every district).
    pub districts: String,
    pub active: bool,
    /// The partner department the inspector belongs to (None: the bureau).
    pub department_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
