//! Party building (党建, issue 21): each organization's party organization
//! (independent, joint or none, its members, secretary and the
//! party-building instructor), kept by the organization in its portal
//! (`/portal/party`) and by officers on the organization's page, every saved
//! version kept; the six synchronisations (六同步) as checks recorded at the
//! steps they name — registration, charter approval and term renewal on the
//! organization's page, the annual report on the report's pages, rating on
//! the application's page, inspection on the inspector's target page
//! (`pages::SyncPanel`, one small hook in each); the two coverages (两个覆盖)
//! for the dashboard; the officers' list by party status
//! (`/officer/party`, CSV).

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
