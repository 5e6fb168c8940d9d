//! CSV imports of outlets and of monthly sales (the lottery centre's export),
//! run as the shared import jobs. Atomic: every row is checked first (line,
//! column, reason) and all rows are written in one transaction only when none
//! has a problem. Re-importing a file changes nothing: an outlet with the same
//! items, or sales of the same (outlet number, month, game) with the same
//! amount, is unchanged; a corrected amount replaces the old one.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, Utc};
use entity::{import_job, lottery_outlet};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::json;

use super::service::{add_event, insert, validate, ValidOutlet};
use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::input::normalize_date;
use crate::domain::lottery::{self as rules, Status};
use crate::domain::money;
use crate::error::AppError;
use crate::kernel::import::Record;
use crate::kernel::import::{commit_done, finish, job_records, progress};
use crate::registry::types::RowError;
use crate::state::Settings;

fn canonical(h: &str) -> &str {
    match h {
        "编号" | "站点编号" | "投注站编号" => "网点编号",
        "名称" | "投注站名称" => "网点名称",
        "所在区" => "区",
        "销量" | "销售额" | "销售额(元)" | "销量（元）" => "销量(元)",
        "年月" | "销售月份" => "月份",
        other => other,
    }
}

fn header(columns: &[(&'static str, &'static str)], field: &str) -> String {
    columns.iter().find(|(_, f)| *f == field).map(|(h, _)| h.to_string()).unwrap_or_else(|| field.into())
}

/// Runs an import job of a lottery kind to `done` or `failed`.
pub async fn run(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    job: import_job::Model,
) -> Result<(), AppError> {
    if job.kind == SALES_IMPORT_KIND {
        sales(db, actor, job).await
    } else {
        outlets(db, settings, actor, job).await
    }
}

fn outlet_input(r: &Record) -> OutletInput {
    OutletInput {
        outlet_no: r.get("outlet_no"),
        name: r.get("name"),
        address: r.get("address"),
        district: r.get("district"),
        lng: r.get("lng"),
        lat: r.get("lat"),
        operator_kind: r.get("operator_kind"),
        operator_name: r.get("operator_name"),
        contact_person: r.get("contact_person"),
        contact_phone: r.get("contact_phone"),
        terminals: r.get("terminals"),
        opened_on: normalize_date(&r.get("opened_on")),
    }
}

fn same(o: &lottery_outlet::Model, v: &ValidOutlet) -> bool {
    o.name == v.name
        && o.address == v.address
        && o.district == v.district
        && o.lng_e6 == v.lng_e6
        && o.lat_e6 == v.lat_e6
        && o.operator_kind == v.operator_kind
        && o.operator_name == v.operator_name
        && o.contact_person == v.contact_person
        && o.contact_phone == v.contact_phone
        && o.terminals == v.terminals
        && o.opened_on == v.opened_on
}

async fn outlets(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    job: import_job::Model,
) -> Result<(), AppError> {
    let id = job.id;
    let Some(records) = job_records(db, &job, &OUTLET_COLUMNS, canonical).await? else { return Ok(()) };
    let today = crate::kernel::clock::today();
    let existing: HashMap<String, lottery_outlet::Model> =
        lottery_outlet::Entity::find().all(db).await?.into_iter().map(|o| (o.outlet_no.clone(), o)).collect();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut valid: Vec<(ValidOutlet, Status)> = Vec::new();
    for r in &records {
        let err = |field: &str, reason: &str| RowError {
            line: r.line,
            column: header(&OUTLET_COLUMNS, field),
            reason: reason.into(),
        };
        let status = match r.get("status").as_str() {
            "" => Some(Status::Open),
            s => Status::parse(s),
        };
        if status.is_none() {
            errors.push(err("status", "err_invalid_choice"));
        }
        match validate(&outlet_input(r), &settings.districts, today) {
            Err(fields) => errors.extend(fields.iter().map(|f| err(&f.field, &f.message))),
            Ok(v) => {
                if seen.insert(v.outlet_no.clone(), r.line).is_some() {
                    errors.push(err("outlet_no", "lot_err_import_duplicate"));
                } else if let (Some(o), Some(s)) = (existing.get(&v.outlet_no), status) {
                    if o.status != s.as_str() {
                        errors.push(err("status", "lot_err_import_status"));
                    } else if o.status == Status::Closed.as_str() && !same(o, &v) {
                        errors.push(err("outlet_no", "lot_err_closed"));
                    }
                }
                if let Some(s) = status {
                    valid.push((v, s));
                }
            }
        }
    }
    progress(db, id, records.len(), records.len()).await?;
    if !errors.is_empty() {
        return finish(db, id, "failed", &errors, 0, 0).await;
    }
    db::exec(db, "UPDATE import_job SET status = 'writing' WHERE id = ?", vec![id.into()]).await?;
    let txn = db::begin_write(db).await?;
    let (mut written, mut unchanged) = (0, 0);
    for (v, status) in &valid {
        let found = lottery_outlet::Entity::find()
            .filter(lottery_outlet::Column::OutletNo.eq(v.outlet_no.clone()))
            .one(&txn)
            .await?;
        match found {
            Some(o) if same(&o, v) => unchanged += 1,
            Some(o) => {
                let oid = o.id;
                let st = o.status.clone();
                let mut am: lottery_outlet::ActiveModel = o.into();
                v.apply(&mut am);
                am.update(&txn).await?;
                add_event(&txn, actor, oid, "import", today, Some(&st), &st, "", &format!("job {id}")).await?;
                audit::record(
                    &txn,
                    actor,
                    Entry {
                        action: "import",
                        entity: "lottery_outlet",
                        entity_id: oid.to_string(),
                        before: None,
                        after: Some(json!({"outlet_no": v.outlet_no, "name": v.name, "job": id})),
                    },
                )
                .await?;
                written += 1;
            }
            None => {
                let o = insert(&txn, actor, v, *status, "import", today).await?;
                audit::record(
                    &txn,
                    actor,
                    Entry {
                        action: "import",
                        entity: "lottery_outlet",
                        entity_id: o.id.to_string(),
                        before: None,
                        after: Some(json!({"outlet_no": o.outlet_no, "name": o.name, "status": o.status, "job": id})),
                    },
                )
                .await?;
                written += 1;
            }
        }
    }
    commit_done(txn, db, id, written, unchanged).await
}

/// A checked sales row.
#[derive(Clone, Debug, PartialEq)]
pub struct SalesRow {
    pub outlet_no: String,
    pub month: String,
    pub game: &'static str,
    pub fen: i64,
}

/// Checks one sales row on its own: month (not after `today`'s), game, amount.
pub fn check_sales_row(r: &Record, today: NaiveDate) -> Result<SalesRow, Vec<RowError>> {
    let err = |field: &str, reason: &str| RowError {
        line: r.line,
        column: header(&SALES_COLUMNS, field),
        reason: reason.into(),
    };
    let mut errors = Vec::new();
    let outlet_no = rules::check_outlet_no(&r.get("outlet_no")).map_err(|k| errors.push(err("outlet_no", k))).ok();
    let this_month = format!("{:04}-{:02}", today.year(), today.month());
    let month = match rules::parse_month(&r.get("month")) {
        Some(m) if m <= this_month => Some(m),
        Some(_) => {
            errors.push(err("month", "lot_err_month_future"));
            None
        }
        None => {
            errors.push(err("month", "lot_err_month"));
            None
        }
    };
    let game = rules::parse_game(&r.get("game"));
    if game.is_none() {
        errors.push(err("game", "lot_err_game"));
    }
    let fen = money::parse_yuan(&r.get("amount")).map_err(|e| errors.push(err("amount", e.message_key()))).ok();
    match (outlet_no, month, game, fen) {
        (Some(outlet_no), Some(month), Some(game), Some(fen)) if errors.is_empty() => {
            Ok(SalesRow { outlet_no, month, game, fen })
        }
        _ => Err(errors),
    }
}

async fn sales(db: &DatabaseConnection, actor: &Actor, job: import_job::Model) -> Result<(), AppError> {
    let id = job.id;
    let Some(records) = job_records(db, &job, &SALES_COLUMNS, canonical).await? else { return Ok(()) };
    let today = crate::kernel::clock::today();
    let outlets: HashMap<String, i64> =
        lottery_outlet::Entity::find().all(db).await?.into_iter().map(|o| (o.outlet_no, o.id)).collect();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut valid: Vec<(i64, SalesRow)> = Vec::new();
    for r in &records {
        match check_sales_row(r, today) {
            Err(mut e) => errors.append(&mut e),
            Ok(s) => match outlets.get(&s.outlet_no) {
                None => errors.push(RowError {
                    line: r.line,
                    column: "网点编号".into(),
                    reason: "lot_err_unknown_outlet".into(),
                }),
                Some(oid) => {
                    if !seen.insert((s.outlet_no.clone(), s.month.clone(), s.game)) {
                        errors.push(RowError {
                            line: r.line,
                            column: "网点编号".into(),
                            reason: "lot_err_import_duplicate".into(),
                        });
                    } else {
                        valid.push((*oid, s));
                    }
                }
            },
        }
    }
    progress(db, id, records.len(), records.len()).await?;
    if !errors.is_empty() {
        return finish(db, id, "failed", &errors, 0, 0).await;
    }
    db::exec(db, "UPDATE import_job SET status = 'writing' WHERE id = ?", vec![id.into()]).await?;
    let txn = db::begin_write(db).await?;
    let backend = txn.get_database_backend();
    let (mut written, mut unchanged) = (0, 0);
    let now = Utc::now();
    use sea_orm::ConnectionTrait;
    for (oid, s) in &valid {
        let old = txn
            .query_one_raw(db::stmt(
                backend,
                "SELECT amount_fen FROM lottery_sales WHERE outlet_id = ? AND month = ? AND game = ?",
                vec![(*oid).into(), s.month.clone().into(), s.game.into()],
            ))
            .await?
            .map(|r| r.try_get::<i64>("", "amount_fen"))
            .transpose()?;
        match old {
            Some(x) if x == s.fen => unchanged += 1,
            Some(_) => {
                db::exec(
                    &txn,
                    "UPDATE lottery_sales SET amount_fen = ?, updated_at = ? WHERE outlet_id = ? AND month = ? AND game = ?",
                    vec![s.fen.into(), now.into(), (*oid).into(), s.month.clone().into(), s.game.into()],
                )
                .await?;
                written += 1;
            }
            None => {
                db::exec(
                    &txn,
                    "INSERT INTO lottery_sales (outlet_id, month, game, amount_fen, updated_at) VALUES (?, ?, ?, ?, ?)",
                    vec![(*oid).into(), s.month.clone().into(), s.game.into(), s.fen.into(), now.into()],
                )
                .await?;
                written += 1;
            }
        }
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "import",
            entity: "lottery_sales",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({"job": id, "written": written, "unchanged": unchanged})),
        },
    )
    .await?;
    commit_done(txn, db, id, written, unchanged).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::import::read_table;

    fn rows(text: &str) -> Vec<Record> {
        read_table(text, &SALES_COLUMNS, canonical).unwrap()
    }

    #[test]
    fn sales_rows_are_checked_cell_by_cell() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let r = rows("网点编号,月份,玩法,销量(元)\n44030101,2026/3,双色球,\"12,345.50\"\n4403,2027-01,大乐透,-5\n");
        assert_eq!(
            check_sales_row(&r[0], today),
            Ok(SalesRow { outlet_no: "44030101".into(), month: "2026-03".into(), game: "ssq", fen: 1_234_550 })
        );
        let errs = check_sales_row(&r[1], today).unwrap_err();
        let cols: Vec<&str> = errs.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(cols, ["网点编号", "月份", "玩法", "销量(元)"]);
        assert!(errs.iter().all(|e| e.line == 3));
        assert_eq!(errs[1].reason, "lot_err_month_future");
    }
}
