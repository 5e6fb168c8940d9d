//! Database migrations: append-only history, never importing `entity`.
//!
//! Each migration is plain SQL written once per backend (SQLite and PostgreSQL)
//! where the two differ (the search index was SQLite FTS5 and a PostgreSQL GIN
//! index until migration 33; types, triggers).

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_foundation;
mod m20261123_000002_import_invite;
mod m20261123_000003_code_prefix_index;
mod m20261123_000004_annual_reports;
mod m20261123_000005_credit;
mod m20261123_000006_rating;
mod m20261123_000007_inspection;
mod m20261123_000008_lottery;
mod m20261123_000009_charity;
mod m20261123_000010_dashboard;
mod m20261123_000011_grade_tally;
mod m20261123_000012_tally_deltas;
mod m20261202_000013_number_sequence;
mod m20261202_000014_login_lock;
mod m20261202_000015_import_staging;
mod m20261202_000016_import_heartbeat;
mod m20261207_000017_audit_mac;
mod m20261207_000018_data_generation;
mod m20261207_000019_penalty_cases;
mod m20261207_000020_complaints;
mod m20261207_000021_inspection_rectification;
mod m20261207_000022_illegal_orgs;
mod m20261207_000023_penalty_annulment;
mod m20261207_000024_document_templates;
mod m20261207_000026_charitable_trusts;
mod m20261207_000027_supervisory_units;
mod m20261207_000028_trade_associations;
mod m20261207_000029_party_building;
mod m20261207_000030_partner_departments;
mod m20261207_000031_inspection_answers;
mod m20261207_000032_rating_party_item;
mod m20261207_000033_name_postings;
mod m20261208_000034_dashboard_indexes;

/// The postings migration 33 wrote for existing organizations (the test suite
/// compares them with the application's).
pub use m20261207_000033_name_postings::postings as postings_of_migration_33;
mod sql;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_foundation::Migration),
            Box::new(m20261123_000002_import_invite::Migration),
            Box::new(m20261123_000003_code_prefix_index::Migration),
            Box::new(m20261123_000004_annual_reports::Migration),
            Box::new(m20261123_000005_credit::Migration),
            Box::new(m20261123_000006_rating::Migration),
            Box::new(m20261123_000007_inspection::Migration),
            Box::new(m20261123_000008_lottery::Migration),
            Box::new(m20261123_000009_charity::Migration),
            Box::new(m20261123_000010_dashboard::Migration),
            Box::new(m20261123_000011_grade_tally::Migration),
            Box::new(m20261123_000012_tally_deltas::Migration),
            Box::new(m20261202_000013_number_sequence::Migration),
            Box::new(m20261202_000014_login_lock::Migration),
            Box::new(m20261202_000015_import_staging::Migration),
            Box::new(m20261202_000016_import_heartbeat::Migration),
            Box::new(m20261207_000017_audit_mac::Migration),
            Box::new(m20261207_000018_data_generation::Migration),
            Box::new(m20261207_000019_penalty_cases::Migration),
            Box::new(m20261207_000020_complaints::Migration),
            Box::new(m20261207_000021_inspection_rectification::Migration),
            Box::new(m20261207_000022_illegal_orgs::Migration),
            Box::new(m20261207_000023_penalty_annulment::Migration),
            Box::new(m20261207_000024_document_templates::Migration),
            Box::new(m20261207_000026_charitable_trusts::Migration),
            Box::new(m20261207_000027_supervisory_units::Migration),
            Box::new(m20261207_000028_trade_associations::Migration),
            Box::new(m20261207_000029_party_building::Migration),
            Box::new(m20261207_000030_partner_departments::Migration),
            Box::new(m20261207_000031_inspection_answers::Migration),
            Box::new(m20261207_000032_rating_party_item::Migration),
            Box::new(m20261207_000033_name_postings::Migration),
            Box::new(m20261208_000034_dashboard_indexes::Migration),
        ]
    }
}
