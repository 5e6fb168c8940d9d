//! Partner departments (kept by officers, every write audited) and what a
//! joint campaign adds to a campaign: its departments, each department's
//! list by e-mail to its contact, the findings of a result by department.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use entity::{inspection_campaign as campaign, mail_outbox, partner_department as department};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde_json::json;

use super::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::error::{AppError, Errors};
use crate::inspection::mails::DepartmentList;
use crate::inspection::types::TargetView;
use crate::kernel::clock::stamp;
use crate::mail::service::{send, Attachment};
use crate::state::Settings;

/// A checked department form: name, code (upper case), contact e-mail.
pub fn check_department(input: &DepartmentInput) -> Result<(String, String, String), AppError> {
    let mut e = Errors::default();
    e.required("name", &input.name);
    e.line("name", &input.name, 60);
    let code = input.code.trim().to_uppercase();
    if code.is_empty() {
        e.add("code", "err_required");
    } else if code.chars().count() > 20 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        e.add("code", "err_joint_code");
    }
    let email = input.contact_email.trim();
    if email.is_empty() {
        e.add("contact_email", "err_required");
    } else if !crate::domain::input::is_email(email) {
        e.add("contact_email", "err_email");
    }
    e.into_result()?;
    Ok((input.name.trim().to_string(), code, email.to_lowercase()))
}

fn department_json(m: &department::Model) -> serde_json::Value {
    json!({ "name": m.name, "code": m.code, "contact_email": m.contact_email })
}

/// Creates (`id` None) or changes a department; names and codes are unique.
pub async fn save_department(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i64>,
    input: &DepartmentInput,
) -> Result<i64, AppError> {
    let (name, code, email) = check_department(input)?;
    let txn = db::begin_write(db).await?;
    let mut e = Errors::default();
    for (field, col, value) in [("name", department::Column::Name, &name), ("code", department::Column::Code, &code)] {
        let clash = department::Entity::find().filter(col.eq(value.clone())).one(&txn).await?;
        if clash.is_some_and(|c| Some(c.id) != id) {
            e.add(field, "err_joint_department_taken");
        }
    }
    e.into_result()?;
    let now = Utc::now();
    let (saved, before) = match id {
        Some(id) => {
            let old = department::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
            let before = department_json(&old);
            let mut am: department::ActiveModel = old.into();
            am.name = Set(name);
            am.code = Set(code);
            am.contact_email = Set(email);
            am.updated_at = Set(now);
            (am.update(&txn).await?, Some(before))
        }
        None => (
            department::ActiveModel {
                name: Set(name),
                code: Set(code),
                contact_email: Set(email),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?,
            None,
        ),
    };
    audit::record(
        &txn,
        actor,
        Entry {
            action: if before.is_some() { "department_update" } else { "department_create" },
            entity: "partner_department",
            entity_id: saved.id.to_string(),
            before,
            after: Some(department_json(&saved)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// Every department by name, with its number of inspectors.
pub async fn departments<C: ConnectionTrait>(db: &C) -> Result<Vec<DepartmentView>, DbErr> {
    let rows = department::Entity::find().order_by_asc(department::Column::Code).all(db).await?;
    let counts: HashMap<i64, i64> = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT department_id AS d, COUNT(*) AS n FROM inspector WHERE department_id IS NOT NULL GROUP BY department_id",
            vec![],
        ))
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "d")?, r.try_get("", "n")?)))
        .collect::<Result<_, DbErr>>()?;
    Ok(rows
        .into_iter()
        .map(|m| DepartmentView {
            inspectors: counts.get(&m.id).copied().unwrap_or(0),
            id: m.id,
            name: m.name,
            code: m.code,
            contact_email: m.contact_email,
        })
        .collect())
}

pub async fn department_view(db: &DatabaseConnection, id: i64) -> Result<DepartmentView, AppError> {
    departments(db).await?.into_iter().find(|d| d.id == id).ok_or(AppError::NotFound)
}

/// The department named or coded `text` (blank: the bureau, None).
pub async fn resolve_department<C: ConnectionTrait>(db: &C, text: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() || text == "本局" {
        return Ok(None);
    }
    let found = department::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(department::Column::Code.eq(text.to_uppercase()))
                .add(department::Column::Name.eq(text)),
        )
        .one(db)
        .await?;
    found.map(|d| Some(d.id)).ok_or_else(|| AppError::field("department", "err_joint_unknown_department"))
}

/// The names of departments by id.
pub async fn department_names<C: ConnectionTrait>(db: &C) -> Result<HashMap<i64, String>, DbErr> {
    Ok(department::Entity::find().all(db).await?.into_iter().map(|d| (d.id, d.name)).collect())
}

/// The departments a campaign form ticked (`d<id>` keys), each existing.
pub async fn ticked_departments<C: ConnectionTrait>(
    db: &C,
    ticked: Option<&BTreeMap<String, String>>,
) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::new();
    for key in ticked.into_iter().flat_map(|m| m.keys()) {
        let id = key.trim_start_matches('d').parse::<i64>().ok();
        match id {
            Some(id) if department::Entity::find_by_id(id).one(db).await?.is_some() => ids.push(id),
            _ => return Err(AppError::field("departments", "err_invalid_choice")),
        }
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Records the departments of a new campaign.
pub async fn set_campaign_departments<C: ConnectionTrait>(db: &C, campaign_id: i64, ids: &[i64]) -> Result<(), DbErr> {
    for id in ids {
        db::exec(
            db,
            "INSERT INTO campaign_department (campaign_id, department_id) VALUES (?, ?)",
            vec![campaign_id.into(), (*id).into()],
        )
        .await?;
    }
    Ok(())
}

/// The departments of a campaign, ascending (empty: not a joint campaign).
pub async fn campaign_departments<C: ConnectionTrait>(db: &C, campaign_id: i64) -> Result<Vec<i64>, DbErr> {
    db::column(
        db,
        "SELECT department_id FROM campaign_department WHERE campaign_id = ? ORDER BY department_id",
        vec![campaign_id.into()],
        "department_id",
    )
    .await
}

/// A joint campaign's departments as its page shows them: after the draw,
/// each one's inspectors drawn, their targets and the list to its contact.
pub async fn joint_views<C: ConnectionTrait>(db: &C, campaign_id: i64) -> Result<Vec<JointDepartmentView>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT d.id, d.name, d.contact_email, cd.mail_id FROM campaign_department cd \
             JOIN partner_department d ON d.id = cd.department_id WHERE cd.campaign_id = ? ORDER BY d.id",
            vec![campaign_id.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get("", "id")?;
        let mail_id: Option<i64> = r.try_get("", "mail_id")?;
        let inspectors: Vec<String> = db::column(
            db,
            "SELECT DISTINCT i.name FROM inspection_assignment a JOIN inspector i ON i.id = a.inspector_id \
             WHERE a.campaign_id = ? AND a.department_id = ? ORDER BY i.name",
            vec![campaign_id.into(), id.into()],
            "name",
        )
        .await?;
        let targets = db::count_from(
            db,
            "FROM (SELECT DISTINCT target_id FROM inspection_assignment WHERE campaign_id = ? AND department_id = ?) x",
            vec![campaign_id.into(), id.into()],
        )
        .await?;
        let m = match mail_id {
            Some(m) => mail_outbox::Entity::find_by_id(m).one(db).await?,
            None => None,
        };
        out.push(JointDepartmentView {
            department_id: id,
            name: r.try_get("", "name")?,
            contact_email: r.try_get("", "contact_email")?,
            inspectors,
            targets,
            mail_status: m.as_ref().map(|m| m.status.clone()).unwrap_or_else(|| "none".into()),
            sent_at: m.as_ref().and_then(|m| m.sent_at).map(stamp).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Columns of a department's list (the e-mail's CSV attachment to its contact).
pub const DEPARTMENT_CSV_HEADER: [&str; 7] =
    ["序号", "检查对象", "统一社会信用代码", "所在区", "住所", "本部门检查人员", "检查组"];

/// After a joint draw: each department's contact gets its department's list
/// (the targets its inspectors inspect) with a CSV attachment.
pub async fn send_department_lists<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    c: &campaign::Model,
    targets: &[TargetView],
) -> Result<usize, AppError> {
    let mut sent = 0;
    for d in department::Entity::find()
        .filter(department::Column::Id.is_in(campaign_departments(db, c.id).await?))
        .order_by_asc(department::Column::Id)
        .all(db)
        .await?
    {
        let mine: Vec<&TargetView> =
            targets.iter().filter(|t| t.inspectors.iter().any(|a| a.department_id == Some(d.id))).collect();
        let mut w = crate::kernel::csv::CsvRows::new();
        w.push(DEPARTMENT_CSV_HEADER)?;
        let mut lines = String::new();
        for (n, t) in mine.iter().enumerate() {
            let ours: Vec<&str> =
                t.inspectors.iter().filter(|a| a.department_id == Some(d.id)).map(|a| a.name.as_str()).collect();
            let team: Vec<String> =
                t.inspectors
                    .iter()
                    .map(|a| {
                        if a.department.is_empty() {
                            a.name.clone()
                        } else {
                            format!("{}（{}）", a.name, a.department)
                        }
                    })
                    .collect();
            let ours = ours.join("、");
            let team = team.join("、");
            w.push([(n + 1).to_string().as_str(), &t.org_name, &t.credit_code, &t.district, &t.address, &ours, &team])?;
            lines.push_str(&format!(
                "{}. {}（{}）\n   住所：{}（{}）\n   本部门检查人员：{}\n   检查组：{}\n",
                n + 1,
                t.org_name,
                t.credit_code,
                t.address,
                t.district,
                ours,
                team
            ));
        }
        let csv = String::from_utf8(w.finish()?).map_err(|_| AppError::Internal)?;
        let letter = DepartmentList {
            department: d.name.clone(),
            campaign: c.name.clone(),
            from: c.period_from.to_string(),
            to: c.period_to.to_string(),
            n: mine.len(),
            lines,
            items: c.items.lines().collect::<Vec<_>>().join("；"),
            url: settings.public_url.trim_end_matches('/').to_string(),
            bureau: settings.bureau_name.clone(),
        };
        let attachment = Attachment {
            name: format!("joint-inspection-{}-{}.csv", c.id, d.code),
            mime: "text/csv; charset=utf-8".into(),
            body: format!("\u{feff}{csv}"),
        };
        let mail_id = send(db, &d.contact_email, &letter, Some(attachment)).await?;
        db::exec(
            db,
            "UPDATE campaign_department SET mail_id = ? WHERE campaign_id = ? AND department_id = ?",
            vec![mail_id.into(), c.id.into(), d.id.into()],
        )
        .await?;
        sent += 1;
    }
    Ok(sent)
}

/// The findings by department of `target_ids` (the bureau's first, then by
/// department id).
pub async fn findings_of<C: ConnectionTrait>(
    db: &C,
    target_ids: &[i64],
) -> Result<HashMap<i64, Vec<DepartmentFinding>>, DbErr> {
    let sql = "SELECT f.target_id, f.body, d.name FROM inspection_finding f \
               LEFT JOIN partner_department d ON d.id = f.department_id \
               WHERE f.target_id IN ({ids}) ORDER BY f.target_id, f.id";
    let mut out: HashMap<i64, Vec<DepartmentFinding>> = HashMap::new();
    for r in db::rows_by_ids(db, sql, vec![], target_ids).await? {
        let name: Option<String> = r.try_get("", "name")?;
        out.entry(r.try_get("", "target_id")?)
            .or_default()
            .push(DepartmentFinding { department: name.unwrap_or_default(), body: r.try_get("", "body")? });
    }
    Ok(out)
}

/// The findings of a joint result as typed (`b` the bureau, `d<id>` a
/// department of the campaign): checked, each at most 4,000 characters;
/// blank ones are left out. Returns (department, text) in party order.
pub fn check_findings(
    typed: Option<&BTreeMap<String, String>>,
    departments: &[i64],
) -> Result<Vec<(Option<i64>, String)>, AppError> {
    let mut e = Errors::default();
    let mut out = Vec::new();
    for (key, body) in typed.into_iter().flatten() {
        let party = if key == "b" {
            Some(None)
        } else {
            key.strip_prefix('d').and_then(|d| d.parse::<i64>().ok()).filter(|d| departments.contains(d)).map(Some)
        };
        let Some(party) = party else {
            e.add("findings", "err_invalid_choice");
            continue;
        };
        e.max_len("findings", body, 4000);
        if !body.trim().is_empty() {
            out.push((party, body.trim().to_string()));
        }
    }
    e.into_result()?;
    out.sort_by_key(|(d, _)| *d);
    Ok(out)
}

/// The one text of a joint result's findings, each party's named
/// (`【本局】…`, `【市场监督管理局】…`), as the single findings field keeps it.
pub fn joined_findings(parts: &[(Option<i64>, String)], names: &HashMap<i64, String>) -> String {
    parts
        .iter()
        .map(|(d, body)| {
            let who = d.and_then(|d| names.get(&d).cloned()).unwrap_or_else(|| "本局".to_string());
            format!("【{who}】{body}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replaces a target's findings by department.
pub async fn write_findings<C: ConnectionTrait>(
    db: &C,
    target_id: i64,
    parts: &[(Option<i64>, String)],
) -> Result<(), DbErr> {
    db::exec(db, "DELETE FROM inspection_finding WHERE target_id = ?", vec![target_id.into()]).await?;
    for (d, body) in parts {
        db::exec(
            db,
            "INSERT INTO inspection_finding (target_id, department_id, body) VALUES (?, ?, ?)",
            vec![target_id.into(), (*d).into(), body.clone().into()],
        )
        .await?;
    }
    Ok(())
}
