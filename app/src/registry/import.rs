//! CSV import of organizations: decoding (UTF-8 or GBK), header mapping and
//! row checks. Pure: the service does the database checks and the writing.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::types::OrgInput;
use super::validate::{validate_org, CapitalRules, ValidOrg};

pub use crate::kernel::import::RowError;

pub use super::types::IMPORT_COLUMNS as COLUMNS;
pub use super::types::IMPORT_OPTIONAL_COLUMNS as OPTIONAL_COLUMNS;

fn canonical_header(h: &str) -> &str {
    match h {
        "所在区" => "区",
        "注册资金" | "注册资金（元）" => "注册资金(元)",
        "成立登记日期" => "登记日期",
        "电子邮箱" | "邮箱" => "联系邮箱",
        "行业协会商会所属行业" | "所属行业" => "行业协会商会行业",
        other => other,
    }
}

/// One data row: its line and its fields as the form would send them.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub line: u64,
    pub input: OrgInput,
}

pub use crate::kernel::import::{decode, read_cell, read_table, Record, Table};

/// Reads the header and the rows. Errors here concern the file as a whole.
pub fn read_rows(text: &str) -> Result<Vec<Row>, Vec<RowError>> {
    let mut table = open_rows(text)?;
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    while let Some(record) = table.next_record() {
        match record {
            Ok(r) => rows.push(row_of(r)),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Opens an organization file for reading row by row ([`row_of`] each record).
pub fn open_rows(text: &str) -> Result<Table<'_>, Vec<RowError>> {
    Table::open_with(text, &COLUMNS, &OPTIONAL_COLUMNS, canonical_header)
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
            trade_sector: r.get("trade_sector"),
        },
    }
}

pub use crate::domain::input::normalize_date;

fn header_of(field: &str) -> String {
    COLUMNS
        .iter()
        .chain(OPTIONAL_COLUMNS.iter())
        .find(|(_, f)| *f == field)
        .map(|(h, _)| h.to_string())
        .unwrap_or_else(|| field.to_string())
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
