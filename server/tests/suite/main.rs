//! The server binary's tests in one test binary (one link, not one per file).

mod audit_key;
mod backup;
mod cluster;
mod common;
mod keepalive;
mod mail_tls;
mod shutdown;
