//! Complaints and tip-offs (投诉举报): anyone reports a registered or an
//! unregistered organization, a charity's fundraising or a lottery outlet on
//! `/public/report` (no account; files checked by content; a hidden field, a
//! signed start stamp and a per-client limit against robots), and follows it
//! with a tracking number and a one-time code; officers assign, investigate,
//! reply within the configured working days and close with an outcome
//! (`/officer/complaints`). Complaints against an organization count in the
//! charity risk grade and raise its weight in the double-random draw.

pub mod api;
pub mod mails;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
#[cfg(feature = "ssr")]
pub mod validate;
