//! The audit trail: every write records who did what to which record, with the
//! values before and after, in the same transaction, chained by a MAC under a
//! key kept outside the database (`chain`); the chain's head of each day is
//! published and e-mailed to the administrators (`jobs`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod chain;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod labels;
pub mod mails;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
