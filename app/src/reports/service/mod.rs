//! Queries and transactions of annual reports. Every write runs in one
//! transaction with its history event, its audit record and its e-mail.
//!
//! `portal` shows an organization its obligations and reports; `save` keeps
//! drafts and submissions; `review` returns or concludes them; `queue` is the
//! officers' review queue; `participation` the filing rate and non-filers;
//! `attachments` the files. What they share is here.

mod attachments;
mod first_review;
mod participation;
mod portal;
mod queue;
mod review;
mod save;

pub use attachments::*;
pub use first_review::{first_review, mail_unit_waiting, UnitMailing};
pub use participation::*;
pub use portal::*;
pub use queue::*;
pub use review::*;
pub use save::*;

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
use crate::state::Settings;

pub const PER_PAGE: u64 = 20;

/// Statuses a report moves through.
pub use crate::domain::annual_report::{ReportAction, ReportStatus};

/// The stored status of a report row.
fn status_of(r: &annual_report::Model) -> Result<ReportStatus, AppError> {
    db::stored_status(ReportStatus::parse, &r.status, "annual_report", r.id)
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

use crate::mail::service::mail_org;
