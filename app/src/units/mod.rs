//! Supervisory units (业务主管单位, issue 21): the departments that sponsor
//! organizations, as records (name, code, kind, contacts) that organizations
//! point to; officers keep them and merge the spellings the free text of the
//! past left (`/officer/units`, proposals from `domain::supervisory_unit`).
//! A unit's users (role `unit`) see their organizations, the annual reports
//! waiting for their first review (初审, passed on to the registry or
//! returned), their reports, penalty cases, zombie cases and rectifications,
//! and record what they did about the last two (谁主管、谁负责), which
//! officers read beside those cases (`/unit`).

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
