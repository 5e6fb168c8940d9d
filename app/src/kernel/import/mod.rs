//! Imports of every kind: the table reader and the job runner that the
//! features' importers share. Which importer runs a job of which kind is the
//! app's dispatch table (`crate::imports`), not the kernel's.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod jobs;
#[cfg(feature = "ssr")]
mod table;

#[cfg(feature = "ssr")]
pub use jobs::*;
#[cfg(feature = "ssr")]
pub use table::*;

/// A problem with one cell (or a whole row, or the header) of an import file:
/// the 1-based line, the column's header and a message key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

/// An import job as the officer sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportJobView {
    pub id: i64,
    /// organizations | annual_reports
    pub kind: String,
    pub file_name: String,
    pub encoding: String,
    /// checking | writing | failed | done
    pub status: String,
    pub total_rows: i32,
    pub checked_rows: i32,
    pub written_rows: i32,
    pub unchanged_rows: i32,
    pub error_count: usize,
    /// The first errors (all of them up to a limit).
    pub errors: Vec<RowError>,
    pub created_at: String,
    /// Whether the uploaded file is still kept (a failed job can then be run again).
    pub file_kept: bool,
}
