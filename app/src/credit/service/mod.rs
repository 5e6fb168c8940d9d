//! Credit lists, penalties, repair, scores and zombie cases: queries and
//! transactions. Each listing is guarded by a unique index on the open
//! entries, so the same fact is never listed twice.
//!
//! One file per sub-feature: `lists` (listing, the list pages and CSV, the
//! public view, listing by decision), `record` (one organization's whole
//! credit record), `penalties` (penalties and returned letters), `repairs`
//! (credit repair), `zombies` (zombie cases), `scores` (credit scores) and
//! `kpis`. The helpers several of them share live here.

mod kpis;
mod lists;
mod penalties;
mod record;
mod repairs;
mod scores;
mod zombies;

use crate::db::orgs_by_id;

pub use kpis::kpis;
pub use lists::{
    close_all_in, close_in, entries, entries_after, list_by_decision, list_in, public_credit, OpenCreditEntry,
    ENTRY_CSV_HEADER,
};
pub use penalties::{annul_case_penalties_in, record_letter, record_penalties_in, record_penalty, NewPenalty};
pub use record::record;
pub use repairs::{apply_repair, decide_repair, pending_repair_list};
pub use scores::{rescore, rescore_all, scores};
pub use zombies::{announcements, zombie_respond, zombie_step, zombies};

pub const PER_PAGE: u64 = 20;

/// The Chinese name of a listing reason (CSV, e-mails).
pub fn reason_zh(code: &str) -> &'static str {
    crate::i18n::coded(crate::i18n::Lang::Zh, "cr_reason_", code, "other")
}
