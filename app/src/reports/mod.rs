//! Annual work reports (年度工作报告 / 年检): the organization portal, the
//! report form and its checks, review, reminders, participation and import.

pub mod api;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod mails;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod saves;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
