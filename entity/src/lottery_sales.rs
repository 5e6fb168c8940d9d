use sea_orm::entity::prelude::*;

/// Sales of one outlet, month (`2026-01`) and game, in fen.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lottery_sales")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub outlet_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub game: String,
    pub amount_fen: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
