//! Pure rules of the domain: no I/O, compiled into the browser and the server,
//! unit-tested with the regulations' own numbers.

pub mod annual_report;
pub mod charity;
pub mod charity_sample;
pub mod checklist;
pub mod complaint;
pub mod credit;
pub mod credit_code;
pub mod csv_cell;
pub mod dashboard;
pub mod illegal_org;
pub mod input;
pub mod inspection;
pub mod joint_draw;
pub mod lottery;
pub mod money;
pub mod org_status;
pub mod org_type;
pub mod paging;
pub mod party;
pub mod penalty_case;
pub mod rating;
pub mod sampling;
pub mod search;
pub mod seeded;
pub mod supervisory_unit;
pub mod term;
pub mod trade;
pub mod trust;
