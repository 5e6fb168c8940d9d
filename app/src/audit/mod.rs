//! The audit trail: every write records who did what to which record, with the
//! values before and after, in the same transaction, hash-chained.

pub mod api;
pub mod labels;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
