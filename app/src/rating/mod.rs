//! Rating of social organizations (等级评估, 1A–5A): rounds, applications with
//! a self-assessment, eligibility, expert panels and their sheets, public
//! notice and objections, grants with certificates, expiry notices,
//! downgrades and cancellations, the public list and the KPIs.

pub mod api;
#[cfg(feature = "ssr")]
pub mod decisions;
#[cfg(feature = "ssr")]
pub mod grades;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod mails;
#[cfg(feature = "ssr")]
pub mod notice;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod panel;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
