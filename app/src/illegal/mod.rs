//! Illegal social organizations (非法社会组织, issue 20): officers keep a
//! register of bodies suspected of acting as social organizations without
//! registration (`/officer/illegal`): what they claim to do, where, their
//! websites and accounts, the people involved (officers only), where the lead
//! came from (a complaint about an unregistered body opens one from the
//! complaint's page), an investigation log, and an outcome — banned (取缔,
//! through a decided penalty case opened from the entry), dispersed,
//! referred, registered after all, or unfounded. The public warning list
//! (`/public/warnings`, 警示曝光台) shows the banned and the exposed ones,
//! without personal data, with a CSV download.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
#[cfg(feature = "ssr")]
pub mod validate;
