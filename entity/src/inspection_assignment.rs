use sea_orm::entity::prelude::*;

/// An inspector drawn for an inspection target (`position` among the target's
/// inspectors); `confirmed_at` when the inspector confirmed the result.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_assignment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub target_id: i64,
    pub inspector_id: i64,
    pub position: i32,
    pub confirmed_at: Option<DateTimeUtc>,
    /// The department the inspector was drawn for (None: the bureau).
    pub department_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
