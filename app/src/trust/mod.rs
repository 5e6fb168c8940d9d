//! Charitable trusts (慈善信托, issue 21; 慈善法 §44–51): the trustee files a
//! trust within 7 days of signing — a charity of the register in its portal
//! (`/portal/trusts`), a trust company (which has no account here) through an
//! officer who files its paper filing on its behalf (`/officer/trusts`) — with
//! the contract attached; officers accept the filing with a filing number or
//! return it with a reason. Changes (7 days; several of a month by the 10th of
//! the next) and yearly reports (31 March by default, `TRUST_REPORT_DUE`) are
//! filed on the accepted trust and kept as its history; the daily job finds
//! reports overdue once and e-mails the trustee. The public list
//! (`/public/trusts`, CSV) and page show filings, changes and reports without
//! natural persons' names (masked) and without the contract.

pub mod api;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod mails;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
#[cfg(feature = "ssr")]
pub mod validate;
