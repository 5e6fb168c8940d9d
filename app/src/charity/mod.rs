//! Charities (阳光慈善): recognition and the public-fundraising
//! qualification, fundraising plans with changes and termination,
//! disclosures and the daily overdue detection, the public list and detail
//! with a timeline and charts, the transparency ranking and the officers'
//! risk grade.

pub mod api;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod mails;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod plans;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
#[cfg(feature = "ssr")]
pub mod validate;
#[cfg(feature = "ssr")]
pub mod views;
