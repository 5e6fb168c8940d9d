//! Import of the inspector directory from CSV (UTF-8 or GBK), through the
//! import job of the registry (progress, row errors as line/column/reason).
//! Atomic: nothing is written if any row has a problem. Rows match existing
//! inspectors by certificate number; the same file again changes nothing.

use std::collections::{HashMap, HashSet};

use entity::{import_job, inspector};
use sea_orm::{DatabaseConnection, EntityTrait};

use super::service::{check_inspector, write_inspector, ValidInspector};
use super::types::{InspectorInput, INSPECTOR_COLUMNS};
use crate::audit::service::Actor;
use crate::db;
use crate::error::AppError;
use crate::kernel::import::{commit_done, finish, job_records, progress};
use crate::registry::types::RowError;

fn canonical(h: &str) -> &str {
    match h {
        "邮箱" | "电子邮件" => "电子邮箱",
        "执法证有效期" | "有效期至" => "执法证有效期至",
        "负责区域" | "区域" => "负责区",
        "状态" => "在岗",
        other => other,
    }
}

fn header_of(field: &str) -> String {
    INSPECTOR_COLUMNS.iter().find(|(_, f)| *f == field).map(|(h, _)| h.to_string()).unwrap_or_else(|| field.into())
}

fn same(m: &inspector::Model, v: &ValidInspector) -> bool {
    m.name == v.name
        && m.unit == v.unit
        && m.email == v.email
        && m.phone == v.phone
        && m.cert_valid_until == v.cert_valid_until
        && m.districts == v.districts
        && m.active == v.active
}

pub async fn run(db: &DatabaseConnection, actor: &Actor, job: import_job::Model) -> Result<(), AppError> {
    let id = job.id;
    let Some(records) = job_records(db, &job, &INSPECTOR_COLUMNS, canonical).await? else { return Ok(()) };
    let total = records.len();
    let mut errors = Vec::new();
    let mut valid: Vec<ValidInspector> = Vec::new();
    let mut seen = HashSet::new();
    for r in &records {
        let active = r.get("active");
        let input = InspectorInput {
            name: r.get("name"),
            unit: r.get("unit"),
            email: r.get("email"),
            phone: r.get("phone"),
            cert_no: r.get("cert_no"),
            cert_valid_until: r.get("cert_valid_until"),
            districts: r.get("districts"),
            active: Some(
                if matches!(active.trim(), "" | "是" | "在岗" | "yes" | "true" | "1") { "on" } else { "" }.into(),
            ),
        };
        match check_inspector(&input) {
            Ok(v) => {
                if !seen.insert(v.cert_no.clone()) {
                    errors.push(RowError {
                        line: r.line,
                        column: header_of("cert_no"),
                        reason: "err_import_duplicate_cert".into(),
                    });
                } else {
                    valid.push(v);
                }
            }
            Err(e) => {
                for f in e.fields() {
                    errors.push(RowError { line: r.line, column: header_of(&f.field), reason: f.message.clone() });
                }
            }
        }
    }
    progress(db, id, total, total).await?;
    if !errors.is_empty() {
        return finish(db, id, "failed", &errors, 0, 0).await;
    }
    db::exec(db, "UPDATE import_job SET status = 'writing' WHERE id = ?", vec![id.into()]).await?;
    let existing: HashMap<String, inspector::Model> =
        inspector::Entity::find().all(db).await?.into_iter().map(|m| (m.cert_no.clone(), m)).collect();
    let txn = db::begin_write(db).await?;
    let (mut written, mut unchanged) = (0, 0);
    for v in valid {
        match existing.get(&v.cert_no) {
            Some(m) if same(m, &v) => unchanged += 1,
            Some(m) => {
                write_inspector(&txn, actor, Some(m.id), v).await?;
                written += 1;
            }
            None => {
                write_inspector(&txn, actor, None, v).await?;
                written += 1;
            }
        }
    }
    commit_done(txn, db, id, written, unchanged).await
}
