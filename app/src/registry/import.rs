//! CSV import of organizations: decoding (UTF-8 or GBK), header mapping and
//! row checks. Pure: the service does the database checks and the writing.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::types::OrgInput;
use super::validate::{validate_org, CapitalRules, ValidOrg};

pub use super::types::RowError;

pub use super::types::IMPORT_COLUMNS as COLUMNS;

fn canonical_header(h: &str) -> &str {
    match h {
        "所在区" => "区",
        "注册资金" | "注册资金（元）" => "注册资金(元)",
        "成立登记日期" => "登记日期",
        "电子邮箱" | "邮箱" => "联系邮箱",
        other => other,
    }
}

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

/// One data row: its line and its fields as the form would send them.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub line: u64,
    pub input: OrgInput,
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

/// Reads the header and the rows. Errors here concern the file as a whole.
pub fn read_rows(text: &str) -> Result<Vec<Row>, Vec<RowError>> {
    Ok(read_table(text, &COLUMNS, canonical_header)?.into_iter().map(row_of).collect())
}

/// Opens an organization file for reading row by row ([`row_of`] each record).
pub fn open_rows(text: &str) -> Result<Table<'_>, Vec<RowError>> {
    Table::open(text, &COLUMNS, canonical_header)
}

/// A record of an organization file as the registration form's fields.
pub fn row_of(r: Record) -> Row {
    let org_type = crate::domain::org_type::OrgType::parse_any(&r.get("org_type"))
        .map(|t| t.as_str().to_string())
        .unwrap_or_else(|| r.get("org_type"));
    let unit = r.get("supervisory_unit");
    let unit = if unit == "直接登记" { String::new() } else { unit };
    Row {
        line: r.line,
        input: OrgInput {
            name: r.get("name"),
            credit_code: r.get("credit_code"),
            org_type,
            domicile: r.get("domicile"),
            district: r.get("district"),
            legal_rep: r.get("legal_rep"),
            capital: r.get("capital"),
            supervisory_unit: unit,
            business_scope: r.get("business_scope"),
            contact_person: r.get("contact_person"),
            contact_phone: r.get("contact_phone"),
            contact_email: r.get("contact_email"),
            registration_date: normalize_date(&r.get("registration_date")),
        },
    }
}

pub use crate::domain::input::normalize_date;

fn header_of(field: &str) -> String {
    COLUMNS.iter().find(|(_, f)| *f == field).map(|(h, _)| h.to_string()).unwrap_or_else(|| field.to_string())
}

/// Checks one row, and its code and name against the rows before it.
pub fn check_row(
    row: &Row,
    districts: &[String],
    rules: &CapitalRules,
    today: NaiveDate,
    seen_codes: &mut HashMap<String, u64>,
    seen_names: &mut HashMap<String, u64>,
) -> Result<ValidOrg, Vec<RowError>> {
    let err =
        |column: &str, reason: &str| RowError { line: row.line, column: header_of(column), reason: reason.into() };
    match validate_org(&row.input, districts, rules, today) {
        Err(e) => Err(e.fields().iter().map(|f| err(&f.field, &f.message)).collect()),
        Ok(v) => {
            let mut errors = Vec::new();
            if seen_codes.insert(v.credit_code.clone(), row.line).is_some() {
                errors.push(err("credit_code", "err_import_duplicate_code"));
            }
            if seen_names.insert(v.name.clone(), row.line).is_some() {
                errors.push(err("name", "err_import_duplicate_name"));
            }
            if errors.is_empty() {
                Ok(v)
            } else {
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::credit_code;

    fn header() -> String {
        COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(",")
    }

    fn line(name: &str, code: &str) -> String {
        format!("{code},{name},社会团体,阳光市南山区科技园路1号,南山区,王建国,50000,直接登记,开展公益服务,2024/3/15,陈秘书,0755-88886666,a@example.org")
    }

    #[test]
    fn decodes_utf8_with_bom_and_gbk() {
        let text = "名称,区\r\n慈善会,南山区\r\n";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        assert_eq!(decode(&bom).unwrap(), (text.to_string(), "utf-8"));
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk).unwrap(), (text.to_string(), "gbk"));
        assert_eq!(decode(&[0xFF, 0xFF, 0x00, 0x81]), Err("err_import_encoding"));
    }

    #[test]
    fn missing_columns_are_named() {
        let errs = read_rows("名称,区\n慈善会,南山区\n").unwrap_err();
        assert!(errs.iter().any(|e| e.column == "统一社会信用代码" && e.reason == "err_import_missing_column"));
        assert!(errs.iter().all(|e| e.line == 1));
    }

    #[test]
    fn rows_are_read_with_their_lines_and_checked() {
        let good = credit_code::build("51", "440300", "40000001").unwrap();
        let text = format!(
            "{}\n{}\n\n{}\n",
            header(),
            line("阳光市南山区慈善会", &good),
            line("阳光市南山区慈善会", "5144030040000002XX")
        );
        let rows = read_rows(&text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[0].input.registration_date, "2024-03-15");
        assert_eq!(rows[0].input.org_type, "social_group");
        assert_eq!(rows[0].input.supervisory_unit, "");
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let districts = vec!["南山区".to_string()];
        let (mut codes, mut names) = (HashMap::new(), HashMap::new());
        let rules = CapitalRules::default();
        assert!(check_row(&rows[0], &districts, &rules, today, &mut codes, &mut names).is_ok());
        let errs = check_row(&rows[1], &districts, &rules, today, &mut codes, &mut names).unwrap_err();
        assert_eq!(
            errs,
            vec![RowError { line: 4, column: "统一社会信用代码".into(), reason: "err_code_check".into() }]
        );
    }

    #[test]
    fn line_numbers_count_crlf_and_quoted_commas() {
        let good = credit_code::build("51", "440300", "40000001").unwrap();
        let row = line("阳光市南山区慈善会", &good).replace(",50000,", ",\"50,000.00\",");
        let text = format!("{}\r\n{row}\r\n{row}\r\n\r\n{row}\r\n", header());
        let lines: Vec<u64> = read_rows(&text).unwrap().iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 3, 5]);
    }

    #[test]
    fn duplicates_within_the_file_are_errors() {
        let code = credit_code::build("51", "440300", "40000003").unwrap();
        let text =
            format!("{}\n{}\n{}\n", header(), line("阳光市南山区慈善会", &code), line("阳光市南山区慈善会", &code));
        let rows = read_rows(&text).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let districts = vec!["南山区".to_string()];
        let (mut codes, mut names) = (HashMap::new(), HashMap::new());
        let rules = CapitalRules::default();
        check_row(&rows[0], &districts, &rules, today, &mut codes, &mut names).unwrap();
        let errs = check_row(&rows[1], &districts, &rules, today, &mut codes, &mut names).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].reason, "err_import_duplicate_code");
        assert_eq!(errs[1].reason, "err_import_duplicate_name");
    }

    #[test]
    fn cells_are_read_back_as_the_export_meant_them() {
        let good = credit_code::build("51", "440300", "40000001").unwrap();
        let mut w = crate::kernel::csv::CsvRows::new();
        let scope = "=HYPERLINK(\"http://x\",\"y\")";
        let row = line("阳光市南山区慈善会", &good).replace("开展公益服务", "SCOPE").replace("陈秘书", "'@陈");
        let cells: Vec<String> =
            row.split(',').map(|c| if c == "SCOPE" { scope.to_string() } else { c.into() }).collect();
        w.push(&cells).unwrap();
        let body = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(body.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"") && body.contains(",''@陈,"), "{body}");
        let rows = read_rows(&format!("{}\r\n{body}", header())).unwrap();
        assert_eq!(rows[0].input.business_scope, scope);
        assert_eq!(rows[0].input.contact_person, "'@陈");
        assert_eq!(read_cell(" 'abc "), "'abc");
        assert_eq!(read_cell("'-5"), "'-5");
    }

    #[test]
    fn dates_in_common_forms() {
        assert_eq!(normalize_date("2024/3/5"), "2024-03-05");
        assert_eq!(normalize_date("2024.12.31"), "2024-12-31");
        assert_eq!(normalize_date("2024-02-30"), "2024-02-30");
    }
}
