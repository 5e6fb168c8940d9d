//! Credit supervision (信用监管): the 活动异常名录 and 严重违法失信名单,
//! penalties, credit repair, credit scores, and the cleanup of "zombie"
//! organizations (僵尸型社会组织清理).

pub mod api;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod mails;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
