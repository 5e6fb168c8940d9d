//! SeaORM entities. Server only: never compiled to wasm.
//! Tables are created by the `migration` crate; these structs mirror them.

pub mod annual_report;
pub mod app_user;
pub mod audit_log;
pub mod charity;
pub mod charity_disclosure;
pub mod charity_plan;
pub mod credit_entry;
pub mod import_job;
pub mod inspection_campaign;
pub mod inspection_target;
pub mod inspector;
pub mod invite;
pub mod lottery_finding;
pub mod lottery_grading;
pub mod lottery_inspection;
pub mod lottery_outlet;
pub mod lottery_outlet_event;
pub mod lottery_sales;
pub mod lottery_sheet_item;
pub mod mail_outbox;
pub mod org_event;
pub mod organization;
pub mod rating_application;
pub mod rating_change;
pub mod rating_grade;
pub mod rating_item;
pub mod rating_objection;
pub mod rating_round;
pub mod rating_sheet;
pub mod report_attachment;
pub mod report_event;
pub mod session;
pub mod zombie_case;
