//! Import of past years' reports from CSV, so the bureau starts with history.
//! Atomic: every row is checked first (code on the register, year, amounts,
//! the statements' identities, conclusion), and all rows are written in one
//! transaction only when none has a problem. Re-importing the same file
//! changes nothing.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use entity::{annual_report, import_job, organization, report_event};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::service::ReportStatus;
use super::types::IMPORT_COLUMNS;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::annual_report::{check_statements, form_from_figures, Financials, Severity, AMOUNT_FIELDS};
use crate::domain::money;
use crate::domain::org_type::OrgType;
use crate::error::AppError;
use crate::kernel::import::Record;
use crate::kernel::import::{commit_done, finish, job_records, progress};
use crate::registry::types::RowError;
use crate::state::Settings;

/// The job kind of this import.
pub const KIND: &str = crate::registry::types::REPORT_IMPORT_KIND;

const CHUNK: usize = 500;

fn canonical(h: &str) -> &str {
    match h {
        "信用代码" => "统一社会信用代码",
        "报告年度" => "年度",
        "结论" => "年检结论",
        other => other,
    }
}

fn header_of(field: &str) -> String {
    IMPORT_COLUMNS.iter().find(|(_, f)| *f == field).map(|(h, _)| h.to_string()).unwrap_or_else(|| field.into())
}

/// A checked row, ready to write.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidReport {
    pub line: u64,
    pub credit_code: String,
    pub year: i32,
    pub financials: Financials,
    pub conclusion: Option<&'static str>,
    pub reason: String,
}

fn parse_conclusion(s: &str) -> Result<Option<&'static str>, ()> {
    match s.trim() {
        "" => Ok(None),
        "合格" | "qualified" => Ok(Some("qualified")),
        "基本合格" | "basic" => Ok(Some("basic")),
        "不合格" | "unqualified" => Ok(Some("unqualified")),
        _ => Err(()),
    }
}

/// Checks one row on its own (the register is checked by [`run`]).
pub fn check_row(r: &Record, max_year: i32, org_type: Option<OrgType>) -> Result<ValidReport, Vec<RowError>> {
    let err = |field: &str, reason: &str| RowError { line: r.line, column: header_of(field), reason: reason.into() };
    let mut errors = Vec::new();
    let year = match r.get("year").trim_end_matches('年').parse::<i32>() {
        Ok(y) if (2000..=max_year).contains(&y) => y,
        _ => {
            errors.push(err("year", "err_import_year"));
            0
        }
    };
    let mut v = [0i64; 15];
    let fields = AMOUNT_FIELDS;
    for (i, field) in fields.iter().enumerate() {
        let raw = r.get(field);
        if raw.is_empty() && *field != "income_total" && *field != "spend_total" {
            continue; // an empty part is zero
        }
        match money::parse_yuan(&raw) {
            Ok(x) => v[i] = x,
            Err(e) => errors.push(err(field, e.message_key())),
        }
    }
    let financials = Financials::from_amounts(v);
    if errors.is_empty() {
        if let Some(t) = org_type {
            for f in check_statements(&financials, t).into_iter().filter(|f| f.severity == Severity::Error) {
                errors.push(err(f.field, f.message));
            }
        }
    }
    let conclusion = match parse_conclusion(&r.get("conclusion")) {
        Ok(c) => c,
        Err(()) => {
            errors.push(err("conclusion", "err_import_conclusion"));
            None
        }
    };
    if errors.is_empty() {
        Ok(ValidReport {
            line: r.line,
            credit_code: r.get("credit_code"),
            year,
            financials,
            conclusion,
            reason: r.get("reason"),
        })
    } else {
        Err(errors)
    }
}

fn same(r: &annual_report::Model, v: &ValidReport) -> bool {
    r.income_total == Some(v.financials.income_total)
        && r.spend_total == Some(v.financials.spend_total)
        && r.assets == Some(v.financials.assets)
        && r.liabilities == Some(v.financials.liabilities)
        && r.net_assets == Some(v.financials.net_assets)
        && r.conclusion.as_deref() == v.conclusion
}

/// Runs an import job of past reports to the end.
pub async fn run(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    job: import_job::Model,
) -> Result<(), AppError> {
    let id = job.id;
    let Some(records) = job_records(db, &job, &IMPORT_COLUMNS, canonical).await? else { return Ok(()) };
    let total = records.len();
    let mut errors: Vec<RowError> = Vec::new();
    let mut valid: Vec<(i64, ValidReport)> = Vec::new();
    let mut seen: HashSet<(String, i32)> = HashSet::new();
    for (n, chunk) in records.chunks(CHUNK).enumerate() {
        let codes: Vec<String> = chunk.iter().map(|r| r.get("credit_code")).collect();
        let orgs: HashMap<String, organization::Model> = organization::Entity::find()
            .filter(organization::Column::CreditCode.is_in(codes))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.credit_code.clone(), o))
            .collect();
        for r in chunk {
            let org = orgs.get(&r.get("credit_code"));
            let checked = check_row(r, settings.report_year, org.and_then(|o| OrgType::parse(&o.org_type)));
            let Some(org) = org else {
                errors.push(RowError {
                    line: r.line,
                    column: header_of("credit_code"),
                    reason: "err_import_unknown_code".into(),
                });
                if let Err(mut e) = checked {
                    errors.append(&mut e);
                }
                continue;
            };
            match checked {
                Err(mut e) => errors.append(&mut e),
                Ok(v) => {
                    if !seen.insert((v.credit_code.clone(), v.year)) {
                        errors.push(RowError {
                            line: v.line,
                            column: header_of("year"),
                            reason: "err_import_duplicate_report".into(),
                        });
                    } else {
                        valid.push((org.id, v));
                    }
                }
            }
        }
        progress(db, id, total, ((n + 1) * CHUNK).min(total)).await?;
    }
    // Against the reports on file: the same report again is unchanged; another one is an error.
    let org_ids: Vec<i64> = valid.iter().map(|(o, _)| *o).collect();
    let existing: HashMap<(i64, i32), annual_report::Model> = db::in_chunks(&org_ids, |chunk| {
        annual_report::Entity::find().filter(annual_report::Column::OrgId.is_in(chunk.to_vec())).all(db)
    })
    .await?
    .into_iter()
    .map(|r| ((r.org_id, r.report_year), r))
    .collect();
    for (org_id, v) in &valid {
        if let Some(r) = existing.get(&(*org_id, v.year)) {
            if !same(r, v) {
                errors.push(RowError {
                    line: v.line,
                    column: header_of("year"),
                    reason: "err_import_report_exists".into(),
                });
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return finish(db, id, "failed", &errors, 0, 0).await;
    }
    db::exec(db, "UPDATE import_job SET status = 'writing' WHERE id = ?", vec![id.into()]).await?;
    let txn = db::begin_write(db).await?;
    let (mut written, mut unchanged) = (0, 0);
    let now = Utc::now();
    for (org_id, v) in &valid {
        if existing.contains_key(&(*org_id, v.year)) {
            unchanged += 1;
            continue;
        }
        let f = &v.financials;
        let form = serde_json::to_string(&form_from_figures(f)).map_err(|_| AppError::Internal)?;
        let report = annual_report::ActiveModel {
            org_id: Set(*org_id),
            report_year: Set(v.year),
            status: Set(if v.conclusion.is_some() { ReportStatus::Concluded } else { ReportStatus::Submitted }
                .as_str()
                .into()),
            form_json: Set(form),
            findings_json: Set("[]".into()),
            income_total: Set(Some(f.income_total)),
            spend_total: Set(Some(f.spend_total)),
            assets: Set(Some(f.assets)),
            liabilities: Set(Some(f.liabilities)),
            net_assets: Set(Some(f.net_assets)),
            source: Set("import".into()),
            version: Set(1),
            first_submitted_at: Set(Some(now)),
            submitted_at: Set(Some(now)),
            conclusion: Set(v.conclusion.map(str::to_string)),
            conclusion_reason: Set(v.conclusion.map(|_| v.reason.clone())),
            concluded_at: Set(v.conclusion.map(|_| now)),
            concluded_by: Set(v.conclusion.and(actor.id)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        report_event::ActiveModel {
            report_id: Set(report.id),
            kind: Set("imported".into()),
            comment: Set(format!("job {id}, line {}", v.line)),
            actor_id: Set(actor.id),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            Entry {
                action: "import",
                entity: "annual_report",
                entity_id: report.id.to_string(),
                before: None,
                after: Some(json!({"org_id": org_id, "year": v.year, "conclusion": v.conclusion, "job": id})),
            },
        )
        .await?;
        written += 1;
    }
    commit_done(txn, db, id, written, unchanged).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::import::read_table;

    fn header() -> String {
        IMPORT_COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(",")
    }

    #[test]
    fn rows_are_checked_with_their_columns() {
        let text = format!(
            "{}\r\n{}\r\n{}\r\n",
            header(),
            "51440300MJ0000001X,2024,100,0,0,0,0,0,100,80,20,0,0,100,500,100,400,合格,",
            "51440300MJ0000002X,2030年,100,0,0,0,0,0,99,80,20,0,0,100,500,100,300,优秀,"
        );
        let rows = read_table(&text, &IMPORT_COLUMNS, canonical).unwrap();
        let ok = check_row(&rows[0], 2025, Some(OrgType::SocialGroup)).unwrap();
        assert_eq!(ok.year, 2024);
        assert_eq!(ok.conclusion, Some("qualified"));
        assert_eq!(ok.financials.net_assets, 40_000);
        let errs = check_row(&rows[1], 2025, Some(OrgType::SocialGroup)).unwrap_err();
        let got: Vec<(&str, &str)> = errs.iter().map(|e| (e.column.as_str(), e.reason.as_str())).collect();
        assert_eq!(got, vec![("年度", "err_import_year"), ("年检结论", "err_import_conclusion")]);
        // With the year fixed, the statements are checked: income parts ≠ total, balance.
        let fixed = format!("{}\n{}\n", header(), "X,2024,100,0,0,0,0,0,99,80,20,0,0,100,500,100,300,,");
        let rows = read_table(&fixed, &IMPORT_COLUMNS, canonical).unwrap();
        let errs = check_row(&rows[0], 2025, Some(OrgType::SocialGroup)).unwrap_err();
        let got: Vec<&str> = errs.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(got, vec!["收入合计", "净资产"]);
    }
}
