//! The one CSV writer of every export.

use sea_orm::DbErr;

/// CSV rows for an export (CRLF line ends, no header: the caller writes it
/// once, see [`csv_preamble`]). The one CSV writer of every export: each
/// cell passes through `domain::csv_cell::neutralise`, so no text cell runs
/// as a spreadsheet formula.
pub struct CsvRows(csv::Writer<Vec<u8>>);

impl CsvRows {
    pub fn new() -> CsvRows {
        CsvRows(csv::WriterBuilder::new().has_headers(false).terminator(csv::Terminator::CRLF).from_writer(Vec::new()))
    }

    pub fn push<I, F>(&mut self, record: I) -> Result<(), DbErr>
    where
        I: IntoIterator<Item = F>,
        F: AsRef<[u8]>,
    {
        use crate::domain::csv_cell::neutralise;
        let cells = record.into_iter().map(|cell| match std::str::from_utf8(cell.as_ref()) {
            Ok(text) => neutralise(text).into_owned().into_bytes(),
            Err(_) => cell.as_ref().to_vec(),
        });
        self.0.write_record(cells).map_err(|e| DbErr::Custom(e.to_string()))
    }

    pub fn finish(self) -> Result<Vec<u8>, DbErr> {
        self.0.into_inner().map_err(|e| DbErr::Custom(e.to_string()))
    }
}

impl Default for CsvRows {
    fn default() -> Self {
        Self::new()
    }
}

/// The BOM and header line that start every export, so Excel reads UTF-8;
/// the header goes through the same writer as the rows.
pub fn csv_preamble(header: &[&str]) -> Vec<u8> {
    let mut w = CsvRows::new();
    let mut out = vec![0xEF, 0xBB, 0xBF];
    // Writing to memory cannot fail.
    if w.push(header).is_ok() {
        out.extend(w.finish().unwrap_or_default());
    }
    out
}

/// A row of a public list as the open data API and the list's CSV give it:
/// one type per list, serialised as JSON by the API and written by
/// [`rows_of`] in the CSV header's order, so the two never differ.
pub trait Record {
    /// The row's key: the order of the list's export and the API's cursor.
    fn key(&self) -> i64;
    /// Its cells in the CSV header's order (codes in Chinese, money in yuan).
    fn cells(&self) -> Vec<String>;
}

/// The CSV rows (no header) of `records`.
pub fn rows_of<R: Record>(records: &[R]) -> Result<Vec<u8>, DbErr> {
    let mut w = CsvRows::new();
    for r in records {
        w.push(r.cells())?;
    }
    w.finish()
}
