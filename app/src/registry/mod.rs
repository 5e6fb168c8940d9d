//! The registry of social organizations: establishment, changes, charter,
//! term renewal, deregistration and revocation; search, export and import.

pub mod api;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod import_service;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod validate;
