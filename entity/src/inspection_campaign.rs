use sea_orm::entity::prelude::*;

/// A double-random inspection campaign: its plan, its frozen population and
/// the record of its draw.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_campaign")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub year: i32,
    /// regular | special
    pub kind: String,
    /// What is inspected: org (social organizations) | outlet (welfare-lottery outlets)
    pub object_kind: String,
    pub filter_type: String,
    pub filter_district: String,
    /// '' | clean | abnormal | serious
    pub filter_credit: String,
    /// '' | rated | unrated | 3a
    pub filter_rating: String,
    /// Trade associations only (行业协会商会): empty, `yes`, or a sector code.
    pub filter_trade: String,
    /// none | org_type | district
    pub strata_by: String,
    /// percent | count
    pub size_mode: String,
    pub size_value: i32,
    pub risk_percent: i32,
    pub per_target: i32,
    pub max_per_inspector: i32,
    pub period_from: Date,
    pub period_to: Date,
    /// The items checked (抽查事项), one per line.
    pub items: String,
    /// Which public value will seed the draw, announced after the plan.
    pub beacon_source: String,
    /// draft | frozen | drawn
    pub status: String,
    pub population_size: Option<i32>,
    pub population_hash: Option<String>,
    /// The inspector pool frozen with the population (JSON).
    pub inspector_pool: Option<String>,
    pub nonce: Option<String>,
    pub nonce_hash: Option<String>,
    pub frozen_at: Option<DateTimeUtc>,
    pub beacon_value: Option<String>,
    pub seed: Option<String>,
    pub algorithm: Option<String>,
    pub drawn_at: Option<DateTimeUtc>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// '' (every organization the filters select) | charity (recognized charities only)
    pub population: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
