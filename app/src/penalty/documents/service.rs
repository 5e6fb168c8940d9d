//! The templates' versions and the issued documents: queries and
//! transactions. A template is never changed in place: saving or resetting
//! adds a version, and a document issued with a step keeps its filled text
//! (`penalty_document`), so an edit never changes what was issued.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Utc};
use entity::penalty_case;
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait};
use serde_json::json;

use super::types::TemplateView;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::money;
use crate::domain::penalty_case::documents::{self as docs, DocKind};
use crate::domain::penalty_case::{self as pc, Method, Party, Penalty, Sanction, Service};
use crate::error::AppError;
use crate::penalty::{steps, violations};
use crate::state::Settings;

/// A template's version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub kind: DocKind,
    pub version: i32,
    pub title: String,
    pub body: String,
}

/// An issued document as the print view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    pub kind: DocKind,
    pub template_version: i32,
    pub number: String,
    pub title: String,
    /// The text before the signature block.
    pub text: String,
    /// The signature block's lines (the bureau, 〔印章〕, the date).
    pub signature: Vec<String>,
    pub bureau: String,
}

fn kind_of(raw: &str) -> Result<DocKind, AppError> {
    DocKind::parse(raw).ok_or(AppError::NotFound)
}

/// The version of `kind` in use (the newest), or `version` 1 (the default).
async fn version_of<C: ConnectionTrait>(db: &C, kind: DocKind, newest: bool) -> Result<Template, AppError> {
    let order = if newest { "DESC" } else { "ASC" };
    let sql =
        format!("SELECT version, title, body FROM document_template WHERE kind = ? ORDER BY version {order} LIMIT 1");
    let row = db.query_one_raw(db::stmt(db.get_database_backend(), &sql, vec![kind.as_str().into()])).await?;
    let row = row.ok_or_else(|| {
        tracing::error!(kind = kind.as_str(), "no template of this kind (migration 24 seeds one)");
        AppError::Internal
    })?;
    Ok(Template {
        kind,
        version: row.try_get("", "version")?,
        title: row.try_get("", "title")?,
        body: row.try_get("", "body")?,
    })
}

/// Every kind's template in use.
pub async fn templates(db: &DatabaseConnection) -> Result<Vec<TemplateView>, AppError> {
    let mut out = Vec::new();
    for kind in DocKind::ALL {
        let t = version_of(db, kind, true).await?;
        out.push(TemplateView {
            kind: kind.as_str().into(),
            version: t.version,
            title: t.title,
            body: t.body,
            edited: t.version > 1,
            placeholders: kind.placeholders().iter().map(|p| p.to_string()).collect(),
        });
    }
    Ok(out)
}

/// Adds a version of `kind`'s template, checked first (an unknown
/// placeholder changes nothing); its number.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    kind: &str,
    title: &str,
    body: &str,
) -> Result<i32, AppError> {
    let kind = kind_of(kind)?;
    let title = title.trim();
    let body = body.replace("\r\n", "\n");
    let mut e = crate::error::Errors::default();
    let title = e.text("title", title, 60, crate::domain::input::Lines::Single).to_string();
    let body = e.text("body", &body, 20_000, crate::domain::input::Lines::Multi).to_string();
    e.into_result()?;
    docs::check_template(kind, &title, &body).map_err(|err| match &err {
        // The message names them (the first few, shortened: it travels in the flash cookie).
        docs::TemplateError::Unknown(names) => {
            let mut shown: Vec<String> =
                names.iter().take(5).map(|n| format!("{{{{{}}}}}", n.chars().take(40).collect::<String>())).collect();
            if names.len() > 5 {
                shown.push("…".into());
            }
            AppError::Validation(vec![crate::error::FieldError::with_arg("body", err.message_key(), &shown.join("、"))])
        }
        _ => AppError::field("body", err.message_key()),
    })?;
    add_version(db, actor, kind, &title, &body, "template_save").await
}

/// Puts the default text (version 1) back as a new version.
pub async fn reset(db: &DatabaseConnection, actor: &Actor, kind: &str) -> Result<i32, AppError> {
    let kind = kind_of(kind)?;
    let default = version_of(db, kind, false).await?;
    add_version(db, actor, kind, &default.title, &default.body, "template_reset").await
}

async fn add_version(
    db: &DatabaseConnection,
    actor: &Actor,
    kind: DocKind,
    title: &str,
    body: &str,
    action: &str,
) -> Result<i32, AppError> {
    let txn = db::begin_write(db).await?;
    let before = version_of(&*txn, kind, true).await?;
    let version = before.version + 1;
    db::exec(
        &*txn,
        "INSERT INTO document_template (kind, version, title, body, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        vec![kind.as_str().into(), version.into(), title.into(), body.into(), actor.id.into(), Utc::now().into()],
    )
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action,
            entity: "document_template",
            entity_id: kind.as_str().into(),
            before: Some(json!({"version": before.version, "title": before.title, "body": before.body})),
            after: Some(json!({"version": version, "title": title, "body": body})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(version)
}

/// Penalties as a document writes them: 罚款人民币30,000.00元；限期停止活动三个月.
pub fn sanctions_cn(list: &[Sanction]) -> String {
    list.iter()
        .map(|s| {
            if s.amount_fen > 0 {
                format!("{}人民币{}元", s.penalty.zh(), money::display_yuan(s.amount_fen))
            } else if s.months > 0 {
                format!("{}{}个月", s.penalty.zh(), docs::cn_number(s.months))
            } else {
                s.penalty.zh().to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// The case file's reference: 阳民罚案〔2026〕7号 (the prefix of the
/// decisions' numbers, the year the case was registered, its id).
fn case_no(r: &pc::Settings, c: &penalty_case::Model) -> String {
    format!("{}案〔{}〕{}号", r.decision_prefix, c.created_at.year(), c.id)
}

/// The values case `c` has for a document issued on `day`.
async fn values<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    c: &penalty_case::Model,
    day: NaiveDate,
) -> Result<BTreeMap<&'static str, String>, AppError> {
    let r = crate::penalty::service::rules(settings);
    let mut v: BTreeMap<&'static str, String> = BTreeMap::new();
    v.insert("bureau", settings.bureau_name.clone());
    v.insert("party_name", c.party_name.clone());
    let code: Option<String> = match c.org_id {
        Some(org) => {
            db::column(db, "SELECT credit_code FROM organization WHERE id = ?", vec![org.into()], "credit_code")
                .await?
                .into_iter()
                .next()
        }
        None => None,
    };
    v.insert("credit_code", code.unwrap_or_else(|| "无".into()));
    v.insert("case_no", case_no(&r, c));
    v.insert("facts", c.facts.trim().trim_end_matches(['。', '.']).to_string());
    v.insert("date_cn", docs::date_cn(day));
    if let Some(row) = c.violation_code.as_deref().and_then(violations::find) {
        v.insert("violation", row.description.clone());
        v.insert("legal_basis", format!("{}{}", row.regulation, row.article));
    }
    let proposed = steps::from_json(&c.proposed).unwrap_or_default();
    if !proposed.is_empty() {
        v.insert("proposed", sanctions_cn(&proposed));
    }
    let party = Party::parse(&c.party_kind).unwrap_or_default();
    let right = c.other_heavy || pc::hearing_right(&proposed, party, &r);
    v.insert("statement_days", docs::cn_number(r.statement_days));
    v.insert("hearing_notice_days", docs::cn_number(r.hearing_notice_days));
    let notice = c.notice_method.as_deref().and_then(Method::parse).zip(c.notice_on);
    if let Some((method, on)) = notice {
        let served = Service { method, on }.served_on(&r);
        v.insert("statement_deadline", docs::date_cn(pc::statement_ends(served, &r)));
        v.insert("hearing_rights", docs::hearing_rights(right, &r));
        if right {
            v.insert("hearing_deadline", docs::date_cn(pc::hearing_request_ends(served, &r)));
        }
    }
    if let Some(d) = c.hearing_on {
        v.insert("hearing_date", docs::date_cn(d));
    }
    let decided = steps::from_json(&c.decided).unwrap_or_default();
    if let Some(no) = &c.decision_number {
        v.insert("decision_no", no.clone());
    }
    if c.decided_on.is_some() {
        v.insert("remedies", docs::remedies(&r));
        if !decided.is_empty() {
            v.insert("penalty", sanctions_cn(&decided));
        }
        let fine = decided.iter().any(|s| s.penalty == Penalty::Fine);
        v.insert("payment", if fine { docs::payment(&r) } else { String::new() });
        v.insert(
            "served_document",
            match &c.decision_number {
                Some(no) => format!("行政处罚决定书（{no}）"),
                None => "不予行政处罚决定书".into(),
            },
        );
    }
    if let (Some(m), Some(on)) = (c.decision_method.as_deref().and_then(Method::parse), c.decision_service_on) {
        v.insert("service_method", m.zh().to_string());
        v.insert("service_date", docs::date_cn(on));
    }
    Ok(v)
}

/// Issues the document of case `case_id`'s newest step, if the step makes
/// one, in the step's transaction: the template in use filled with the case
/// as the step left it, kept with the template's version. A value the case
/// does not have refuses the step (`doc_err_missing_value`).
pub async fn issue_in(txn: &DatabaseTransaction, settings: &Settings, case_id: i64) -> Result<(), AppError> {
    let backend = txn.get_database_backend();
    let sql = "SELECT id, document_kind, document_number, day FROM penalty_case_step WHERE case_id = ? \
               ORDER BY id DESC LIMIT 1";
    let Some(row) = txn.query_one_raw(db::stmt(backend, sql, vec![case_id.into()])).await? else { return Ok(()) };
    let kind: Option<String> = row.try_get("", "document_kind")?;
    let Some(kind) = kind.as_deref().and_then(DocKind::parse) else { return Ok(()) };
    let step_id: i64 = row.try_get("", "id")?;
    let number: Option<String> = row.try_get("", "document_number")?;
    let day: NaiveDate = row.try_get("", "day")?;
    let c = penalty_case::Entity::find_by_id(case_id).one(txn).await?.ok_or(AppError::NotFound)?;
    let t = version_of(txn, kind, true).await?;
    let values = values(txn, settings, &c, day).await?;
    let fill = |text: &str| {
        docs::render(text, &values).map_err(|e| {
            tracing::warn!(case = case_id, kind = kind.as_str(), missing = %e.names(), "document not issued");
            AppError::Conflict(e.message_key().into())
        })
    };
    let title = fill(&t.title)?;
    let body = fill(&t.body)?;
    let number = number.unwrap_or_else(|| case_no(&crate::penalty::service::rules(settings), &c));
    db::exec(
        txn,
        "INSERT INTO penalty_document (case_id, step_id, kind, template_version, number, title, body, issued_on, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        vec![
            case_id.into(),
            step_id.into(),
            kind.as_str().into(),
            t.version.into(),
            number.into(),
            title.into(),
            body.into(),
            day.into(),
            Utc::now().into(),
        ],
    )
    .await?;
    Ok(())
}

/// The newest document of `kind` issued for case `case_id`.
pub async fn issued(
    db: &DatabaseConnection,
    settings: &Settings,
    case_id: i64,
    kind: &str,
) -> Result<Issued, AppError> {
    let kind = kind_of(kind)?;
    let sql = "SELECT template_version, number, title, body FROM penalty_document WHERE case_id = ? AND kind = ? \
               ORDER BY id DESC LIMIT 1";
    let row = db
        .query_one_raw(db::stmt(db.get_database_backend(), sql, vec![case_id.into(), kind.as_str().into()]))
        .await?
        .ok_or(AppError::NotFound)?;
    let body: String = row.try_get("", "body")?;
    let (text, signature) = docs::split_signature(&body);
    Ok(Issued {
        kind,
        template_version: row.try_get("", "template_version")?,
        number: row.try_get("", "number")?,
        title: row.try_get("", "title")?,
        text,
        signature,
        bureau: settings.bureau_name.clone(),
    })
}

/// The kinds of the documents issued for case `case_id`, in the order issued.
pub async fn kinds_issued(db: &DatabaseConnection, case_id: i64) -> Result<Vec<String>, AppError> {
    let mut kinds: Vec<String> =
        db::column(db, "SELECT kind FROM penalty_document WHERE case_id = ? ORDER BY id", vec![case_id.into()], "kind")
            .await?;
    let mut seen = std::collections::BTreeSet::new();
    kinds.retain(|k| seen.insert(k.clone()));
    Ok(kinds)
}
