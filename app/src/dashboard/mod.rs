//! The supervision dashboard against the year's targets, the year-end
//! statistics and the public statistics.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
#[cfg(feature = "ssr")]
pub mod validate;
