//! Checks of an annual work report's figures (年度工作报告 / 年检), as pure
//! functions with the regulations' numbers (domain reference §3 and §8.6).
//! Amounts are integer 分.
//!
//! - [`statements`]: the financial statements, their identities and the
//!   spending rules of foundations and charities;
//! - [`form`]: the report form as typed and every check before submission;
//! - [`party`]: the report's party-building section;
//! - [`workflow`]: deadlines, obligation, reminders and the report's statuses.

mod form;
mod party;
mod statements;
mod workflow;

pub use form::*;
pub use party::*;
pub use statements::*;
pub use workflow::*;

#[cfg(test)]
mod tests;
