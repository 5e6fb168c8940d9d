//! Import of the inspector directory from CSV (UTF-8 or GBK), through the
//! import job of the registry (progress, row errors as line/column/reason).
//! Atomic: nothing is written if any row has a problem. Rows match existing
//! inspectors by certificate number; the same file again changes nothing.

use std::collections::{HashMap, HashSet};

use entity::{import_job, inspector};
use sea_orm::{DatabaseConnection, EntityTrait};

use super::service::{check_inspector, write_inspector, ValidInspector};
use super::types::{InspectorInput, INSPECTOR_COLUMNS, INSPECTOR_DEPARTMENT_COLUMN};
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
        "部门" | "所属单位部门" | "协作部门" => "所属部门",
        other => other,
    }
}

fn header_of(field: &str) -> String {
    INSPECTOR_COLUMNS
        .iter()
        .chain(std::iter::once(&INSPECTOR_DEPARTMENT_COLUMN))
        .find(|(_, f)| *f == field)
        .map(|(h, _)| h.to_string())
        .unwrap_or_else(|| field.into())
}

fn same(m: &inspector::Model, v: &ValidInspector, department: Option<i64>) -> bool {
    m.name == v.name
        && m.unit == v.unit
        && m.email == v.email
        && m.phone == v.phone
        && m.cert_valid_until == v.cert_valid_until
        && m.districts == v.districts
        && m.active == v.active
        && department == m.department_id
}

/// The department a checked row names (already known to exist).
fn resolve(departments: &[entity::partner_department::Model], text: &str) -> Option<i64> {
    let text = text.trim();
    departments.iter().find(|d| d.name == text || d.code == text.to_uppercase()).map(|d| d.id)
}

/// Whether the file's header has the optional department column (older
/// files do not: their inspectors stay as they are, or join the bureau).
fn has_department_column(text: &str) -> bool {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    reader.headers().is_ok_and(|h| {
        h.iter().any(|s| canonical(s.trim().trim_start_matches('\u{feff}')) == INSPECTOR_DEPARTMENT_COLUMN.0)
    })
}

pub async fn run(db: &DatabaseConnection, actor: &Actor, job: import_job::Model) -> Result<(), AppError> {
    let id = job.id;
    let with_department = has_department_column(&job.content);
    let mut columns = INSPECTOR_COLUMNS.to_vec();
    if with_department {
        columns.push(INSPECTOR_DEPARTMENT_COLUMN);
    }
    let Some(records) = job_records(db, &job, &columns, canonical).await? else { return Ok(()) };
    let total = records.len();
    let mut errors = Vec::new();
    let mut valid: Vec<ValidInspector> = Vec::new();
    let mut seen = HashSet::new();
    let existing: HashMap<String, inspector::Model> =
        inspector::Entity::find().all(db).await?.into_iter().map(|m| (m.cert_no.clone(), m)).collect();
    let departments: Vec<entity::partner_department::Model> =
        entity::partner_department::Entity::find().all(db).await?;
    let code_of = |id: Option<i64>| {
        id.and_then(|id| departments.iter().find(|d| d.id == id)).map(|d| d.code.clone()).unwrap_or_default()
    };
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
            department: if with_department { r.get("department") } else { String::new() },
            active: Some(
                if matches!(active.trim(), "" | "是" | "在岗" | "yes" | "true" | "1") { "on" } else { "" }.into(),
            ),
        };
        match check_inspector(&input) {
            Ok(mut v) => {
                let department = v.department.trim();
                let known = department.is_empty()
                    || department == "本局"
                    || departments.iter().any(|d| d.name == department || d.code == department.to_uppercase());
                if !with_department {
                    // An older file: an inspector already in the directory keeps their department.
                    v.department = code_of(existing.get(&v.cert_no).and_then(|m| m.department_id));
                }
                if !known {
                    errors.push(RowError {
                        line: r.line,
                        column: header_of("department"),
                        reason: "err_joint_unknown_department".into(),
                    });
                } else if !seen.insert(v.cert_no.clone()) {
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
    let txn = db::begin_write(db).await?;
    let (mut written, mut unchanged) = (0, 0);
    for v in valid {
        match existing.get(&v.cert_no) {
            Some(m) if same(m, &v, resolve(&departments, &v.department)) => unchanged += 1,
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
