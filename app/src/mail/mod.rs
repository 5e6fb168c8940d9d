//! Outgoing e-mail: written to the outbox in the caller's transaction; the
//! server's worker sends it (see `server/src/mailer.rs`).

#[cfg(feature = "ssr")]
pub mod service;
