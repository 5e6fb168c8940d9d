//! Welfare-lottery sales outlets (福彩销售网点): the registry with its
//! lifecycle and CSV import and export, monthly sales with trend charts, the
//! yearly grading by a scoring sheet, risk inspections with follow-up, the
//! public finder with a plot of the outlets, and the KPIs.

pub mod api;
#[cfg(feature = "ssr")]
pub mod grading;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod inspect;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
