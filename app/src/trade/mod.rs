//! Trade associations and chambers of commerce (行业协会商会, issue 21): their
//! conduct as records — fees charged to enterprises (涉企收费), branches and
//! representative offices, awards and commendations held, forums — filed by
//! the organization in its portal (`/portal/trade`) or by an officer on the
//! organization's page (`/officer/orgs/:id/trade`), each checked by the rules
//! of `domain::trade` when filed; the officers' list of every anomaly
//! (`/officer/trade`, CSV); and the section of a trade association's annual
//! report (the records of the report's year, kept as they were at each
//! submission). The flag and sector are registered items (`registry`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod validate;
