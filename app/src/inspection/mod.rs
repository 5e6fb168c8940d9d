//! Double-random inspections (双随机、一公开): the inspector directory with
//! declared conflicts, campaigns whose draw anyone can re-run (frozen
//! population and its hash, a seed fixed from an announced value and a
//! committed nonce, algorithm `sunshine-draw-v1`), inspectors drawn with
//! avoidance, their lists e-mailed with a CSV, results recorded and confirmed
//! by both inspectors and published within the period of the rules.

pub mod api;
#[cfg(feature = "ssr")]
pub mod import;
pub mod joint;
pub mod mails;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod results;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
#[cfg(feature = "ssr")]
pub mod validate;
