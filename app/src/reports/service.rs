//! Queries and transactions of annual reports. Every write runs in one
//! transaction with its history event, its audit record and its e-mail.

use chrono::{Datelike, NaiveDate, Utc};
use entity::{annual_report, app_user, organization, report_attachment, report_event};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Value,
};
use serde_json::json;

use super::mails::{ReportConcluded, ReportConcludedBare, ReportReturned};
pub use super::saves::ReportSaves;
use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::annual_report::{self as rules, check_form, Checked, Financials, PriorYear, Severity, CONCLUSIONS};
use crate::domain::org_type::OrgType;
use crate::error::{AppError, Errors};
use crate::mail::service::send;
use crate::mail::Letter;
use crate::state::Settings;

pub const PER_PAGE: u64 = 20;

/// Statuses a report moves through.
pub use crate::domain::annual_report::{ReportAction, ReportStatus};

/// The stored status of a report row (an unknown value is a fault of the data).
fn status_of(r: &annual_report::Model) -> Result<ReportStatus, AppError> {
    ReportStatus::parse(&r.status).ok_or_else(|| {
        tracing::error!(report = r.id, status = %r.status, "unknown report status");
        AppError::Internal
    })
}

/// How many past years the portal lists as obligations.
const YEARS_SHOWN: i32 = 3;

fn org_type_of(o: &organization::Model) -> OrgType {
    OrgType::parse(&o.org_type).unwrap_or(OrgType::SocialGroup)
}

use crate::kernel::clock::stamp;

fn findings_view(checked: &Checked) -> Vec<FindingView> {
    checked
        .findings
        .iter()
        .map(|f| FindingView {
            field: f.field.to_string(),
            message: f.message.to_string(),
            severity: match f.severity {
                Severity::Error => "error".into(),
                Severity::Warning => "warning".into(),
            },
        })
        .collect()
}

fn figures_of(r: &annual_report::Model) -> Option<Figures> {
    Some(Figures {
        income_total: r.income_total?,
        spend_total: r.spend_total?,
        assets: r.assets?,
        liabilities: r.liabilities?,
        net_assets: r.net_assets?,
    })
}

fn form_of(r: &annual_report::Model) -> ReportForm {
    serde_json::from_str(&r.form_json).unwrap_or_default()
}

async fn find_report<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    year: i32,
) -> Result<Option<annual_report::Model>, DbErr> {
    annual_report::Entity::find()
        .filter(annual_report::Column::OrgId.eq(org_id))
        .filter(annual_report::Column::ReportYear.eq(year))
        .one(db)
        .await
}

/// Last year's figures from a filed report on file, for the spending rules.
async fn prior_on_file<C: ConnectionTrait>(db: &C, org_id: i64, year: i32) -> Result<Option<PriorYear>, DbErr> {
    Ok(find_report(db, org_id, year - 1)
        .await?
        .filter(|r| r.first_submitted_at.is_some())
        .and_then(|r| Some(PriorYear { income_total: r.income_total?, net_assets: r.net_assets? })))
}

/// Whether `org` must file for `year` under the settings (registered in time,
/// not exempt, the year is not after the current filing year, and it was still
/// on the register at that year's deadline) — the rule of [`obliged_sql`].
pub fn obliged_for(settings: &Settings, o: &organization::Model, year: i32) -> bool {
    let on_register = o.status == "active"
        || o.status_date.is_some_and(|left| left > settings.report_deadline_for(org_type_of(o), year));
    year <= settings.report_year && on_register && rules::obliged(org_type_of(o), o.registration_date, year)
}

/// The organization's filing obligations, newest first.
pub async fn obligations<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    o: &organization::Model,
    today: NaiveDate,
) -> Result<Vec<Obligation>, DbErr> {
    let first = o.registration_date.year().max(settings.report_year - YEARS_SHOWN + 1);
    let reports = annual_report::Entity::find().filter(annual_report::Column::OrgId.eq(o.id)).all(db).await?;
    let mut out = Vec::new();
    for year in (first..=settings.report_year).rev() {
        if !obliged_for(settings, o, year) {
            continue;
        }
        let deadline = settings.report_deadline_for(org_type_of(o), year);
        let r = reports.iter().find(|r| r.report_year == year);
        let status = r.map(|r| r.status.clone()).unwrap_or_else(|| "none".into());
        let filed = r.is_some_and(|r| r.first_submitted_at.is_some());
        out.push(Obligation {
            year,
            deadline: deadline.to_string(),
            days_left: (deadline - today).num_days(),
            overdue: !filed && today > deadline,
            conclusion: r.and_then(|r| r.conclusion.clone()),
            status,
        });
    }
    Ok(out)
}

/// The portal's overview for the organization `org_id`.
pub async fn portal(
    db: &DatabaseConnection,
    settings: &Settings,
    org_id: i64,
    today: NaiveDate,
) -> Result<PortalView, AppError> {
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let obligations = obligations(db, settings, &o, today).await?;
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT report_year FROM filing_flag WHERE org_id = ? AND kind = 'missed_deadline' ORDER BY report_year DESC",
            vec![org_id.into()],
        ))
        .await?;
    let missed_years = rows.iter().map(|r| r.try_get::<i32>("", "report_year")).collect::<Result<Vec<_>, _>>()?;
    let org = crate::registry::service::public_detail(db, org_id).await?;
    Ok(PortalView { org, obligations, missed_years })
}

async fn attachments<C: ConnectionTrait>(db: &C, report_id: i64) -> Result<Vec<AttachmentView>, DbErr> {
    let rows = report_attachment::Entity::find()
        .select_only()
        .column(report_attachment::Column::Id)
        .column(report_attachment::Column::Kind)
        .column(report_attachment::Column::FileName)
        .column(report_attachment::Column::SizeBytes)
        .column(report_attachment::Column::CreatedAt)
        .filter(report_attachment::Column::ReportId.eq(report_id))
        .order_by_asc(report_attachment::Column::Id)
        .into_tuple::<(i64, String, String, i64, chrono::DateTime<Utc>)>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, file_name, size_bytes, at)| AttachmentView {
            id,
            kind,
            file_name,
            size_bytes,
            created_at: stamp(at),
        })
        .collect())
}

async fn history<C: ConnectionTrait>(db: &C, report_id: i64) -> Result<Vec<ReportEventView>, DbErr> {
    let events = report_event::Entity::find()
        .filter(report_event::Column::ReportId.eq(report_id))
        .order_by_asc(report_event::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = events.iter().filter_map(|e| e.actor_id).collect();
    let users: std::collections::HashMap<i64, String> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(events
        .into_iter()
        .map(|e| ReportEventView {
            actor: e.actor_id.and_then(|id| users.get(&id).cloned()).unwrap_or_default(),
            kind: e.kind,
            comment: e.comment,
            at: stamp(e.created_at),
        })
        .collect())
}

/// The report of `org_id` for `year` (an empty form when none is saved yet).
pub async fn report_of(
    db: &DatabaseConnection,
    settings: &Settings,
    org_id: i64,
    year: i32,
) -> Result<ReportView, AppError> {
    if crate::domain::input::year("year", year).is_err() {
        return Err(AppError::NotFound);
    }
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    if !obliged_for(settings, &o, year) && find_report(db, org_id, year).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let r = find_report(db, org_id, year).await?;
    view(db, settings, &o, year, r).await
}

/// A report by id (officers).
pub async fn report_by_id(db: &DatabaseConnection, settings: &Settings, id: i64) -> Result<ReportView, AppError> {
    let r = annual_report::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let o = organization::Entity::find_by_id(r.org_id).one(db).await?.ok_or(AppError::NotFound)?;
    view(db, settings, &o, r.report_year, Some(r)).await
}

async fn view(
    db: &DatabaseConnection,
    settings: &Settings,
    o: &organization::Model,
    year: i32,
    r: Option<annual_report::Model>,
) -> Result<ReportView, AppError> {
    let prior = prior_on_file(db, o.id, year).await?;
    let previous = find_report(db, o.id, year - 1)
        .await?
        .filter(|p| p.first_submitted_at.is_some())
        .map(|p| PreviousYear { year: p.report_year, form: form_of(&p), conclusion: p.conclusion.clone() });
    let deadline = settings.report_deadline_for(org_type_of(o), year).to_string();
    let base = ReportView {
        id: 0,
        org_id: o.id,
        org_name: o.name.clone(),
        credit_code: o.credit_code.clone(),
        org_type: o.org_type.clone(),
        district: o.district.clone(),
        year,
        status: "none".into(),
        editable: true,
        deadline,
        form: ReportForm::default(),
        findings: Vec::new(),
        prior_on_file: prior.is_some(),
        previous,
        submitted_at: None,
        return_comment: None,
        conclusion: None,
        conclusion_reason: None,
        attachments: Vec::new(),
        history: Vec::new(),
        version: 0,
    };
    let Some(r) = r else { return Ok(base) };
    Ok(ReportView {
        id: r.id,
        status: r.status.clone(),
        editable: ReportStatus::parse(&r.status).is_some_and(ReportStatus::editable),
        form: form_of(&r),
        findings: serde_json::from_str(&r.findings_json).unwrap_or_default(),
        submitted_at: r.submitted_at.map(stamp),
        return_comment: r.return_comment.clone(),
        conclusion: r.conclusion.clone(),
        conclusion_reason: r.conclusion_reason.clone(),
        attachments: attachments(db, r.id).await?,
        history: history(db, r.id).await?,
        version: r.version,
        ..base
    })
}

async fn add_event(
    txn: &DatabaseTransaction,
    report_id: i64,
    kind: &str,
    comment: &str,
    actor: &Actor,
) -> Result<(), DbErr> {
    report_event::ActiveModel {
        report_id: Set(report_id),
        kind: Set(kind.to_string()),
        comment: Set(comment.to_string()),
        actor_id: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Saves a draft, or submits the report when `input.intent` is `submit`.
/// Submission runs every check: an error refuses it and changes nothing;
/// warnings are kept for the reviewing officer. Returns the report's id.
///
/// On SQLite the write goes through `saves`, which commits the saves that
/// arrive together in one transaction (see [`ReportSaves`]); the answer comes
/// only after that commit. PostgreSQL writes in parallel, each save in its own
/// transaction.
pub async fn save(
    db: &DatabaseConnection,
    saves: &ReportSaves,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &SaveInput,
) -> Result<i64, AppError> {
    let prepared = prepare_save(db, settings, actor, org_id, input).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        return saves.write(db, prepared).await;
    }
    let txn = db::begin_write(db).await?;
    let id = write_save(&txn, &prepared).await?;
    txn.commit().await?;
    Ok(id)
}

/// A save whose checks passed and whose JSON is ready: what is left is the
/// write, which needs the database's write lock.
pub struct PreparedSave {
    actor: Actor,
    org_id: i64,
    year: i32,
    /// The version the user edited (0: no report yet).
    version: i32,
    submit: bool,
    form_json: String,
    findings_json: String,
    /// The figures that are filed (a submission's only).
    financials: Option<Financials>,
}

/// The part of [`save`] that needs no write lock: the intent, the obligation,
/// the checks (last year's figures on file) and the JSON. Writers queue for
/// the lock, so it is held only to write.
async fn prepare_save(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &SaveInput,
) -> Result<PreparedSave, AppError> {
    let submit = match input.intent.as_str() {
        "submit" => true,
        "save" | "" => false,
        _ => return Err(AppError::field("intent", "err_invalid_choice")),
    };
    crate::domain::input::year("year", input.year).map_err(|e| AppError::Validation(vec![e]))?;
    // Every value of the form, draft or not (the draft keeps it as typed).
    let texts = rules::check_texts(&input.form);
    if !texts.is_empty() {
        return Err(AppError::Validation(texts));
    }
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    if !obliged_for(settings, &o, input.year) {
        return Err(AppError::field("year", "err_report_year"));
    }
    let prior = prior_on_file(db, org_id, input.year).await?;
    let checked = check_form(&input.form, org_type_of(&o), prior);
    if submit && checked.has_errors() {
        let mut e = Errors::default();
        for f in checked.findings.iter().filter(|f| f.severity == Severity::Error) {
            e.add(f.field, f.message);
        }
        return Err(e.into_result().err().unwrap_or(AppError::Internal));
    }
    Ok(PreparedSave {
        actor: actor.clone(),
        org_id,
        year: input.year,
        version: input.version,
        submit,
        form_json: serde_json::to_string(&input.form).map_err(|_| AppError::Internal)?,
        findings_json: serde_json::to_string(&findings_view(&checked)).map_err(|_| AppError::Internal)?,
        financials: checked.financials.filter(|_| submit),
    })
}

/// Writes a prepared save in `txn` (the report, its history event when it is
/// submitted, its audit record) without committing. A report that was
/// submitted or concluded meanwhile, or saved by someone else since the user
/// loaded it (another version), is refused and nothing is written.
pub(crate) async fn write_save(txn: &DatabaseTransaction, save: &PreparedSave) -> Result<i64, AppError> {
    let existing = find_report(txn, save.org_id, save.year).await?;
    let from = existing.as_ref().map(status_of).transpose()?;
    let action = if save.submit { ReportAction::Submit } else { ReportAction::Save };
    let status = rules::report_next(from, action).map_err(|k| AppError::Conflict(k.into()))?;
    if existing.as_ref().map_or(0, |r| r.version) != save.version {
        return Err(AppError::Conflict("err_report_stale".into()));
    }
    let status = status.as_str();
    let now = Utc::now();
    let was_returned = from == Some(ReportStatus::Returned);
    let fin = save.financials.as_ref();
    let report = match existing {
        Some(r) => {
            let first = r.first_submitted_at;
            let mut am: annual_report::ActiveModel = r.into();
            am.status = Set(status.into());
            am.form_json = Set(save.form_json.clone());
            am.findings_json = Set(save.findings_json.clone());
            am.version = Set(save.version + 1);
            am.updated_at = Set(now);
            if let Some(f) = fin {
                am.income_total = Set(Some(f.income_total));
                am.spend_total = Set(Some(f.spend_total));
                am.assets = Set(Some(f.assets));
                am.liabilities = Set(Some(f.liabilities));
                am.net_assets = Set(Some(f.net_assets));
                am.submitted_at = Set(Some(now));
                am.first_submitted_at = Set(Some(first.unwrap_or(now)));
            }
            am.update(txn).await?
        }
        None => {
            annual_report::ActiveModel {
                org_id: Set(save.org_id),
                report_year: Set(save.year),
                status: Set(status.into()),
                form_json: Set(save.form_json.clone()),
                findings_json: Set(save.findings_json.clone()),
                income_total: Set(fin.map(|f| f.income_total)),
                spend_total: Set(fin.map(|f| f.spend_total)),
                assets: Set(fin.map(|f| f.assets)),
                liabilities: Set(fin.map(|f| f.liabilities)),
                net_assets: Set(fin.map(|f| f.net_assets)),
                source: Set("online".into()),
                version: Set(1),
                first_submitted_at: Set(fin.map(|_| now)),
                submitted_at: Set(fin.map(|_| now)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    if save.submit {
        let kind = if was_returned { "resubmitted" } else { "submitted" };
        add_event(txn, report.id, kind, "", &save.actor).await?;
    }
    audit::record(
        txn,
        &save.actor,
        Entry {
            action: if save.submit { "report_submit" } else { "report_save" },
            entity: "annual_report",
            entity_id: report.id.to_string(),
            before: None,
            after: Some(json!({"org_id": save.org_id, "year": save.year, "status": status, "version": report.version})),
        },
    )
    .await?;
    Ok(report.id)
}

/// The addresses that hear about an organization's reports: its contact and
/// its active portal users.
pub async fn org_addresses<C: ConnectionTrait>(db: &C, o: &organization::Model) -> Result<Vec<String>, DbErr> {
    let mut to: Vec<String> = app_user::Entity::find()
        .filter(app_user::Column::OrgId.eq(o.id))
        .filter(app_user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    to.push(o.contact_email.clone());
    to.retain(|a| !a.trim().is_empty());
    to.sort();
    to.dedup();
    Ok(to)
}

/// Sends `letter` to every address of [`org_addresses`].
pub async fn mail_org<C: ConnectionTrait>(db: &C, o: &organization::Model, letter: &impl Letter) -> Result<(), DbErr> {
    for to in org_addresses(db, o).await? {
        send(db, &to, letter, None).await?;
    }
    Ok(())
}

fn conclusion_zh(c: &str) -> &'static str {
    match c {
        "qualified" => "合格",
        "basic" => "基本合格",
        _ => "不合格",
    }
}

/// An officer returns a submitted report for correction (comment required,
/// the organization is e-mailed) or concludes it (合格 / 基本合格 / 不合格;
/// reasons required unless 合格).
pub async fn review(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &ReviewInput,
) -> Result<(), AppError> {
    let comment = input.comment.trim();
    let mut e = Errors::default();
    match input.decision.as_str() {
        "return" => e.required("comment", comment),
        "conclude" => {
            if !CONCLUSIONS.contains(&input.conclusion.as_str()) {
                e.choice("conclusion", &input.conclusion);
            } else if input.conclusion != "qualified" {
                e.required("comment", comment);
            }
        }
        _ => e.choice("decision", &input.decision),
    }
    e.max_len("comment", comment, rules::MAX_TEXT);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let r = annual_report::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let action = if input.decision == "return" { ReportAction::Return } else { ReportAction::Conclude };
    let next = rules::report_next(Some(status_of(&r)?), action).map_err(|k| AppError::Conflict(k.into()))?;
    let o = organization::Entity::find_by_id(r.org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let year = r.report_year;
    let mut am: annual_report::ActiveModel = r.into();
    let link = format!("{}/portal/reports/{year}", settings.public_url);
    let (bureau, org) = (settings.bureau_name.clone(), o.name.clone());
    if input.decision == "return" {
        am.status = Set(next.as_str().into());
        am.return_comment = Set(Some(comment.to_string()));
        add_event(&txn, id, "returned", comment, actor).await?;
        mail_org(&txn, &o, &ReportReturned { bureau, org, year, comment: comment.to_string(), link }).await?;
    } else {
        am.status = Set(next.as_str().into());
        am.conclusion = Set(Some(input.conclusion.clone()));
        am.conclusion_reason = Set(Some(comment.to_string()));
        am.concluded_at = Set(Some(now));
        am.concluded_by = Set(actor.id);
        add_event(&txn, id, &format!("concluded_{}", input.conclusion), comment, actor).await?;
        let conclusion = conclusion_zh(&input.conclusion).to_string();
        if comment.is_empty() {
            mail_org(&txn, &o, &ReportConcludedBare { bureau, org, year, conclusion, link }).await?;
        } else {
            let letter = ReportConcluded { bureau, org, year, conclusion, comment: comment.to_string(), link };
            mail_org(&txn, &o, &letter).await?;
        }
    }
    am.updated_at = Set(now);
    let version = am.version.clone().unwrap() + 1;
    am.version = Set(version);
    am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: if input.decision == "return" { "report_return" } else { "report_conclude" },
            entity: "annual_report",
            entity_id: id.to_string(),
            before: Some(json!({"status": ReportStatus::Submitted.as_str()})),
            after: Some(json!({"decision": input.decision, "conclusion": input.conclusion, "comment": comment})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Public conclusions of an organization, with summary figures only.
pub async fn public_conclusions<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<Vec<PublicConclusion>, DbErr> {
    let rows = annual_report::Entity::find()
        .filter(annual_report::Column::OrgId.eq(org_id))
        .filter(annual_report::Column::Status.eq(ReportStatus::Concluded.as_str()))
        .order_by_desc(annual_report::Column::ReportYear)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(PublicConclusion { year: r.report_year, conclusion: r.conclusion.clone()?, figures: figures_of(&r)? })
        })
        .collect())
}

/// `FROM … WHERE …` of the review queue, with its values.
fn queue_where(f: &QueueFilter, year: i32) -> (String, Vec<Value>) {
    let mut sql = String::from("FROM annual_report r JOIN organization o ON o.id = r.org_id WHERE r.report_year = ?");
    let mut vals: Vec<Value> = vec![year.into()];
    if f.status.is_empty() {
        // The queue shows what was filed; drafts are the organizations' own.
        sql.push_str(" AND r.status <> 'draft'");
    } else {
        sql.push_str(" AND r.status = ?");
        vals.push(f.status.clone().into());
    }
    if !f.org_type.is_empty() {
        sql.push_str(" AND o.org_type = ?");
        vals.push(f.org_type.clone().into());
    }
    if !f.district.is_empty() {
        sql.push_str(" AND o.district = ?");
        vals.push(f.district.clone().into());
    }
    db::push_name_or_code(&mut sql, &mut vals, &f.q);
    (sql, vals)
}

/// The officers' review queue: submitted first (oldest first), then the rest.
pub async fn queue<C: ConnectionTrait>(db: &C, settings: &Settings, f: &QueueFilter) -> Result<QueuePage, DbErr> {
    let backend = db.get_database_backend();
    let year = if f.year == 0 { settings.report_year } else { crate::domain::input::clamp_year(f.year) };
    let (from_where, vals) = queue_where(f, year);
    let total = db::count_from(db, &from_where, vals.clone()).await?;
    let p = crate::domain::paging::Paging::new(f.page, PER_PAGE);
    let sql = format!(
        "SELECT r.id AS id {from_where} ORDER BY CASE r.status WHEN 'submitted' THEN 0 WHEN 'returned' THEN 1 ELSE 2 END, \
         r.submitted_at, r.id {}",
        p.limit_offset()
    );
    let ids = db
        .query_all_raw(db::stmt(backend, &sql, vals))
        .await?
        .iter()
        .map(|r| r.try_get::<i64>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    let reports = annual_report::Entity::find().filter(annual_report::Column::Id.is_in(ids.clone())).all(db).await?;
    let org_ids: Vec<i64> = reports.iter().map(|r| r.org_id).collect();
    let orgs: std::collections::HashMap<i64, organization::Model> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(org_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(r) = reports.iter().find(|r| r.id == id) else { continue };
        let Some(o) = orgs.get(&r.org_id) else { continue };
        let findings: Vec<FindingView> = serde_json::from_str(&r.findings_json).unwrap_or_default();
        rows.push(QueueRow {
            id: r.id,
            org_id: o.id,
            org_name: o.name.clone(),
            credit_code: o.credit_code.clone(),
            org_type: o.org_type.clone(),
            district: o.district.clone(),
            year: r.report_year,
            status: r.status.clone(),
            submitted_at: r.submitted_at.map(stamp),
            conclusion: r.conclusion.clone(),
            warnings: findings.iter().filter(|f| f.severity == "warning").count(),
        });
    }
    Ok(QueuePage {
        rows,
        total: total as u64,
        page: p.page,
        per_page: PER_PAGE,
        year,
        years: (settings.report_year - 4..=settings.report_year).rev().collect(),
        districts: settings.districts.clone(),
    })
}

/// `FROM organization o … WHERE <obliged for year>` and its values: registered
/// by 31 December (社会团体 and 社会服务机构 by 30 June), and still on the
/// register at its deadline.
pub fn obliged_sql(settings: &Settings, year: i32) -> (String, Vec<Value>) {
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day).expect("valid date");
    let foundation = settings.report_deadline_for(OrgType::Foundation, year);
    let others = settings.report_deadline_for(OrgType::SocialGroup, year);
    let sql = "FROM organization o \
        LEFT JOIN annual_report r ON r.org_id = o.id AND r.report_year = ? \
        WHERE (o.registration_date <= ? OR (o.org_type = 'foundation' AND o.registration_date <= ?)) \
        AND (o.status = 'active' OR o.status_date > CASE WHEN o.org_type = 'foundation' THEN ? ELSE ? END)"
        .to_string();
    let vals: Vec<Value> = vec![year.into(), d(6, 30).into(), d(12, 31).into(), foundation.into(), others.into()];
    (sql, vals)
}

const FILED: &str = "r.first_submitted_at IS NOT NULL";

async fn grouped<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    year: i32,
    group: &str,
) -> Result<Vec<Participation>, DbErr> {
    let backend = db.get_database_backend();
    let (from_where, vals) = obliged_sql(settings, year);
    let label = if group.is_empty() { "'all'".to_string() } else { group.to_string() };
    let group_by = if group.is_empty() { String::new() } else { format!(" GROUP BY {group} ORDER BY {group}") };
    let sql = format!(
        "SELECT {label} AS label, COUNT(*) AS obliged, \
         CAST(SUM(CASE WHEN {FILED} THEN 1 ELSE 0 END) AS BIGINT) AS filed {from_where}{group_by}"
    );
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    rows.iter()
        .map(|r| {
            Ok(Participation {
                label: r.try_get("", "label")?,
                obliged: r.try_get::<i64>("", "obliged")? as u64,
                filed: r.try_get::<Option<i64>>("", "filed")?.unwrap_or(0) as u64,
            })
        })
        .collect()
}

/// Participation (参检率) of `year`: overall, by district and by type, and a
/// page of the organizations that have not filed.
pub async fn participation<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    year: i32,
    page: u64,
) -> Result<ParticipationView, DbErr> {
    let overall = grouped(db, settings, year, "").await?.into_iter().next().unwrap_or(Participation {
        label: "all".into(),
        obliged: 0,
        filed: 0,
    });
    let by_district = grouped(db, settings, year, "o.district").await?;
    let by_type = grouped(db, settings, year, "o.org_type").await?;
    let p = crate::domain::paging::Paging::new(page, PER_PAGE);
    let (non_filers, _) = non_filers(db, settings, year, p.offset(), PER_PAGE, 0).await?;
    Ok(ParticipationView {
        year,
        target_percent: settings.participation_target,
        non_filer_total: overall.obliged - overall.filed,
        overall,
        by_district,
        by_type,
        non_filers,
        page: p.page,
        per_page: PER_PAGE,
    })
}

/// Obliged organizations without a filed report, by id after `after`.
pub async fn non_filers<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    year: i32,
    offset: u64,
    limit: u64,
    after: i64,
) -> Result<(Vec<NonFiler>, Option<i64>), DbErr> {
    let backend = db.get_database_backend();
    let (from_where, mut vals) = obliged_sql(settings, year);
    vals.push(after.into());
    let sql = format!(
        "SELECT o.id AS id, o.name AS name, o.credit_code AS credit_code, o.org_type AS org_type, \
         o.district AS district, r.status AS status {from_where} AND r.first_submitted_at IS NULL AND o.id > ? \
         ORDER BY o.id LIMIT {limit} OFFSET {offset}"
    );
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let org_type: String = r.try_get("", "org_type")?;
        let t = OrgType::parse(&org_type).unwrap_or(OrgType::SocialGroup);
        out.push(NonFiler {
            org_id: r.try_get("", "id")?,
            name: r.try_get("", "name")?,
            credit_code: r.try_get("", "credit_code")?,
            district: r.try_get("", "district")?,
            deadline: settings.report_deadline_for(t, year).to_string(),
            status: r.try_get::<Option<String>>("", "status")?.unwrap_or_else(|| "none".into()),
            org_type,
        });
    }
    let last = out.last().map(|n| n.org_id);
    Ok((out, last))
}

pub const NON_FILER_CSV_HEADER: [&str; 7] = ["统一社会信用代码", "名称", "类型", "区", "年度", "截止日期", "状态"];

/// A batch of the non-filers CSV after the key `after`.
pub async fn non_filers_csv_batch<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    year: i32,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let (rows, last) = non_filers(db, settings, year, 0, batch, after).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    for n in &rows {
        let t = OrgType::parse(&n.org_type).map(|t| t.zh()).unwrap_or("");
        let status = if n.status == ReportStatus::Draft.as_str() { "草稿未提交" } else { "未填报" };
        w.push([n.credit_code.as_str(), &n.name, t, &n.district, &year.to_string(), &n.deadline, status])?;
    }
    Ok((w.finish()?, last))
}

/// Kinds of attachment.
pub const ATTACHMENT_KINDS: [&str; 2] = ["audit_report", "other"];

use crate::kernel::files::{clean_file_name, sniff};

/// Whether `user` may see the report of `org_id`: officers, or its own users.
pub fn may_access(user: &crate::auth::types::CurrentUser, org_id: i64) -> bool {
    user.role.is_staff() || (user.role == crate::auth::types::Role::OrgUser && user.org_id == Some(org_id))
}

/// An uploaded file: its kind (`audit_report` | `other`), name and bytes.
pub struct Upload<'a> {
    pub kind: &'a str,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}

/// Attaches a file to the organization's report of `year` (created as a draft
/// if none exists). Only while the report can be edited.
pub async fn attach(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    year: i32,
    upload: Upload<'_>,
) -> Result<i64, AppError> {
    let Upload { kind, file_name, bytes } = upload;
    if !ATTACHMENT_KINDS.contains(&kind) {
        return Err(AppError::field("kind", crate::error::choice_error(kind)));
    }
    if bytes.is_empty() {
        return Err(AppError::field("file", "err_attachment_missing"));
    }
    if bytes.len() > settings.max_attachment_bytes {
        return Err(AppError::field("file", "err_attachment_too_large"));
    }
    let Some(content_type) = sniff(bytes) else { return Err(AppError::field("file", "err_attachment_type")) };
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    if !obliged_for(settings, &o, year) {
        return Err(AppError::field("year", "err_report_year"));
    }
    let txn = db::begin_write(db).await?;
    let now = Utc::now();
    let report = match find_report(&txn, org_id, year).await? {
        Some(r) => {
            rules::report_next(Some(status_of(&r)?), ReportAction::Save).map_err(|k| AppError::Conflict(k.into()))?;
            r
        }
        None => {
            annual_report::ActiveModel {
                org_id: Set(org_id),
                report_year: Set(year),
                status: Set(ReportStatus::Draft.as_str().into()),
                form_json: Set("{}".into()),
                findings_json: Set("[]".into()),
                source: Set("online".into()),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let name = clean_file_name(file_name);
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(bytes))
    };
    let a = report_attachment::ActiveModel {
        report_id: Set(report.id),
        kind: Set(kind.to_string()),
        file_name: Set(name.clone()),
        content_type: Set(content_type.into()),
        size_bytes: Set(bytes.len() as i64),
        sha256: Set(sha.clone()),
        content: Set(bytes.to_vec()),
        uploaded_by: Set(actor.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "report_attach",
            entity: "annual_report",
            entity_id: report.id.to_string(),
            before: None,
            after: Some(json!({"attachment": a.id, "file": name, "kind": kind, "sha256": sha, "bytes": bytes.len()})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a.id)
}

/// A stored attachment with the organization it belongs to.
pub async fn attachment<C: ConnectionTrait>(db: &C, id: i64) -> Result<(report_attachment::Model, i64), AppError> {
    let a = report_attachment::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let r = annual_report::Entity::find_by_id(a.report_id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok((a, r.org_id))
}

pub const QUEUE_CSV_HEADER: [&str; 11] = [
    "统一社会信用代码",
    "名称",
    "类型",
    "区",
    "年度",
    "状态",
    "提交时间",
    "收入合计",
    "费用合计",
    "净资产",
    "年检结论",
];

/// A batch of the queue's CSV (the same filters) after the key `after`.
pub async fn queue_csv_batch<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    f: &QueueFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let backend = db.get_database_backend();
    let year = if f.year == 0 { settings.report_year } else { f.year };
    let (from_where, mut vals) = queue_where(f, year);
    vals.push(after.into());
    let sql = format!(
        "SELECT r.id AS id, o.credit_code AS code, o.name AS name, o.org_type AS org_type, o.district AS district, \
         r.status AS status, r.submitted_at AS submitted_at, r.income_total AS income, r.spend_total AS spend, \
         r.net_assets AS net, r.conclusion AS conclusion {from_where} AND r.id > ? ORDER BY r.id LIMIT {batch}"
    );
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    let mut last = None;
    let amount = |v: Option<i64>| v.map(crate::domain::money::format_yuan).unwrap_or_default();
    for r in &rows {
        let id: i64 = r.try_get("", "id")?;
        last = Some(id);
        let org_type: String = r.try_get("", "org_type")?;
        let status: String = r.try_get("", "status")?;
        let status_zh = ReportStatus::parse(&status).unwrap_or(ReportStatus::Concluded).zh();
        let submitted: Option<chrono::DateTime<Utc>> = r.try_get("", "submitted_at")?;
        let conclusion: Option<String> = r.try_get("", "conclusion")?;
        w.push([
            r.try_get::<String>("", "code")?,
            r.try_get::<String>("", "name")?,
            OrgType::parse(&org_type).map(|t| t.zh()).unwrap_or("").to_string(),
            r.try_get::<String>("", "district")?,
            year.to_string(),
            status_zh.to_string(),
            submitted.map(stamp).unwrap_or_default(),
            amount(r.try_get("", "income")?),
            amount(r.try_get("", "spend")?),
            amount(r.try_get("", "net")?),
            conclusion.as_deref().map(conclusion_zh).unwrap_or("").to_string(),
        ])?;
    }
    Ok((w.finish()?, last))
}
