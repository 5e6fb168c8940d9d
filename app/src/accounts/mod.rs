//! Account management by officers: create accounts (invited by e-mail with a
//! one-time link that expires), disable and enable, password reset links.

pub mod api;
pub mod mails;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
