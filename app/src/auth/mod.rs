//! Accounts, roles, sessions, sign-in with lockout.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

#[cfg(feature = "ssr")]
pub use service::{current_user, require};
