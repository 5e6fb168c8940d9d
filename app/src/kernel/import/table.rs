//! Reading an uploaded CSV table: its encoding (UTF-8 or GBK), its header by
//! column names, its records one at a time with their line numbers.

use std::collections::HashMap;

use super::RowError;

/// Decodes a file's bytes: UTF-8 (with or without BOM), otherwise GBK.
/// Returns the text and the encoding's name.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), &'static str> {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok((s.to_string(), "utf-8"));
    }
    let (text, _, had_errors) = encoding_rs::GBK.decode(body);
    if had_errors {
        return Err("err_import_encoding");
    }
    Ok((text.into_owned(), "gbk"))
}

/// One data row of a CSV table: its line as an editor shows it, and its
/// cells by field name (trimmed).
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub line: u64,
    pub cells: HashMap<&'static str, String>,
}

impl Record {
    pub fn get(&self, field: &str) -> String {
        self.cells.get(field).cloned().unwrap_or_default()
    }
}

/// A cell as the export meant it: trimmed, and without the `'` the export
/// put before a formula-like text (`domain::csv_cell`).
pub fn read_cell(raw: &str) -> String {
    crate::domain::csv_cell::unneutralise(raw.trim()).trim().to_string()
}

/// A CSV table read one record at a time, so a large file is checked in
/// bounded memory: only the record at hand is held, not the whole table.
pub struct Table<'a> {
    reader: csv::Reader<&'a [u8]>,
    index: Vec<(&'static str, usize)>,
    bytes: &'a [u8],
    /// The byte offset whose line is `line_at` (line numbers as an editor
    /// shows them, counted from byte offsets: CRLF or LF alike).
    at: usize,
    line_at: u64,
    record: csv::StringRecord,
}

impl<'a> Table<'a> {
    /// Opens a CSV table whose header names `columns` (header, field);
    /// headers are matched after `canonical`. Errors here concern the file as
    /// a whole (missing columns).
    pub fn open(
        text: &'a str,
        columns: &[(&'static str, &'static str)],
        canonical: fn(&str) -> &str,
    ) -> Result<Table<'a>, Vec<RowError>> {
        Self::open_with(text, columns, &[], canonical)
    }

    /// As [`Table::open`], with `optional` columns a file may leave out (their
    /// cells then read as empty).
    pub fn open_with(
        text: &'a str,
        columns: &[(&'static str, &'static str)],
        optional: &[(&'static str, &'static str)],
        canonical: fn(&str) -> &str,
    ) -> Result<Table<'a>, Vec<RowError>> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|s| canonical(s.trim().trim_start_matches('\u{feff}')).to_string()).collect(),
            Err(_) => {
                return Err(vec![RowError { line: 1, column: String::new(), reason: "err_import_header".into() }])
            }
        };
        let mut index: Vec<(&'static str, usize)> = Vec::new();
        let mut missing = Vec::new();
        for (header, field) in columns {
            match headers.iter().position(|h| h == header) {
                Some(i) => index.push((field, i)),
                None => missing.push(RowError {
                    line: 1,
                    column: header.to_string(),
                    reason: "err_import_missing_column".into(),
                }),
            }
        }
        if !missing.is_empty() {
            return Err(missing);
        }
        for (header, field) in optional {
            if let Some(i) = headers.iter().position(|h| h == header) {
                index.push((field, i));
            }
        }
        let bytes = text.as_bytes();
        Ok(Table { reader, index, bytes, at: 0, line_at: 1, record: csv::StringRecord::new() })
    }

    fn line_of(&mut self, byte: u64) -> u64 {
        // The csv reader may report a record as starting on the previous line
        // terminator (CRLF) or on blank lines before it: skip those.
        let bytes = self.bytes;
        let mut byte = (byte as usize).min(bytes.len());
        while byte < bytes.len() && (bytes[byte] == b'\r' || bytes[byte] == b'\n') {
            byte += 1;
        }
        if byte >= self.at {
            self.line_at += bytes[self.at..byte].iter().filter(|b| **b == b'\n').count() as u64;
            self.at = byte;
        }
        self.line_at
    }

    /// The next data row (blank rows are skipped), or the error of a broken
    /// row; `None` at the end of the file.
    pub fn next_record(&mut self) -> Option<Result<Record, RowError>> {
        loop {
            let start = self.reader.position().byte();
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map(|p| self.line_of(p.byte())).unwrap_or_else(|| self.line_of(start));
                    return Some(Err(RowError { line, column: String::new(), reason: "err_import_row".into() }));
                }
            }
            let line = match self.record.position() {
                Some(p) => self.line_of(p.byte()),
                None => self.line_of(start),
            };
            if self.record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let cells =
                self.index.iter().map(|(field, i)| (*field, read_cell(self.record.get(*i).unwrap_or("")))).collect();
            return Some(Ok(Record { line, cells }));
        }
    }
}

/// Reads a whole CSV table whose header names `columns` (header, field);
/// headers are matched after `canonical`. Blank rows are skipped. Errors here
/// concern the file as a whole (missing columns, broken rows).
pub fn read_table(
    text: &str,
    columns: &[(&'static str, &'static str)],
    canonical: fn(&str) -> &str,
) -> Result<Vec<Record>, Vec<RowError>> {
    let mut table = Table::open(text, columns, canonical)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    while let Some(record) = table.next_record() {
        match record {
            Ok(r) => rows.push(r),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}
