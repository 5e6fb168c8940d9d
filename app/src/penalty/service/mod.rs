//! Queries and transactions of the penalty cases. Every step loads the
//! case's facts from its row, asks `domain::penalty_case::next`, and writes
//! the step, the new state and facts and its audit record in one write
//! transaction; a decision's effects (the credit record's penalties, the
//! registry's revocation) share that transaction.
//!
//! `cases` opens, lists and shows cases and counts the dashboard's queue;
//! `step` takes one step; `evidence` keeps the files; `public` publishes the
//! decisions; `stats` counts them. What they share is here.

mod cases;
mod evidence;
mod public;
mod stats;
mod step;

pub use cases::{case_from_source, decision_number_of, detail, list, open, queue, source};
pub use evidence::{add_evidence, evidence_file};
pub use public::{decisions_after, org_decisions, public_decisions, DECISION_CSV_HEADER};
pub use stats::stats;
pub use step::step;

use chrono::NaiveDate;
use entity::penalty_case;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::db;
use crate::domain::org_status::RevokedBy;
use crate::domain::penalty_case::{
    Adjust, Choice, Facts, FineBase, Gravity, Method, Party, Penalty, Sanction, Service, Settings as Rules, State,
};
use crate::error::AppError;
use crate::penalty::steps;
use crate::penalty::types::{SanctionView, ServiceView};
use crate::state::Settings;

/// Cases (and decisions) a page.
pub const PER_PAGE: u64 = 20;

/// The case rules' settings from the server's: the laws' numbers, with the
/// bureau's holidays (`HOLIDAYS`, the working days of the inspections too).
pub fn rules(settings: &Settings) -> Rules {
    Rules { holidays: settings.inspection_holidays.clone(), ..Rules::default() }
}

/// A case's stored state.
fn state_of(c: &penalty_case::Model) -> Result<State, AppError> {
    db::stored_status(State::parse, &c.state, "penalty_case", c.id)
}

/// Stored penalties; a list the code cannot read is a fault of the data.
fn sanctions_of(c: &penalty_case::Model, text: &str) -> Result<Vec<Sanction>, AppError> {
    steps::from_json(text).ok_or_else(|| {
        tracing::error!(case = c.id, penalties = %text, "unreadable stored penalties");
        AppError::Internal
    })
}

fn service_of(method: Option<&str>, on: Option<NaiveDate>) -> Option<Service> {
    Some(Service { method: Method::parse(method?)?, on: on? })
}

/// What the case's rules know of it on `today` (no step input yet).
fn facts_of(c: &penalty_case::Model, evidence_count: u32, today: NaiveDate) -> Result<Facts, AppError> {
    Ok(Facts {
        today,
        violation_chosen: c.violation_code.is_some(),
        opened_on: c.opened_on,
        extension_days: u32::try_from(c.extension_days).unwrap_or(0),
        requested_extension_days: 0,
        violation_ended_on: c.violation_ended_on,
        discovered_on: c.discovered_on,
        evidence_count,
        party: Party::parse(&c.party_kind).unwrap_or_default(),
        proposed: sanctions_of(c, &c.proposed)?,
        other_heavy: c.other_heavy,
        notice: service_of(c.notice_method.as_deref(), c.notice_on),
        statement_done: c.statement_done,
        hearing_waived: c.hearing_waived,
        hearing_requested_on: c.hearing_requested_on,
        hearing_notice_on: c.hearing_notice_on,
        hearing_on: c.hearing_on,
        legal_review_done: c.legal_review_done,
        decided: sanctions_of(c, &c.decided)?,
        decided_on: c.decided_on,
        service: None,
        decision_service: service_of(c.decision_method.as_deref(), c.decision_service_on),
        electronic_consent: c.electronic_consent,
        receipt_refused: c.receipt_refused,
        other_methods_failed: c.other_methods_failed,
        appeal_pending: c.appeal_pending,
        demand_served_on: c.demand_served_on,
        fine_paid: c.fine_paid,
    })
}

/// The officer's reading of the case against its violation row, as stored.
fn choice_of(c: &penalty_case::Model) -> Choice {
    let base = c.fine_base.as_deref().and_then(FineBase::parse).zip(c.fine_base_fen);
    Choice {
        gravity: c.gravity.as_deref().and_then(Gravity::parse),
        adjust: Adjust::parse(&c.adjust).unwrap_or_default(),
        base,
    }
}

fn sanction_views(list: &[Sanction]) -> Vec<SanctionView> {
    list.iter()
        .map(|s| SanctionView { penalty: s.penalty.as_str().into(), amount_fen: s.amount_fen, months: s.months })
        .collect()
}

fn service_view(s: Option<Service>, rules: &Rules) -> Option<ServiceView> {
    s.map(|s| ServiceView {
        method: s.method.as_str().into(),
        on: s.on.to_string(),
        served_on: s.served_on(rules).to_string(),
    })
}

/// A decision that ends the organization's registration: revocation, or the
/// withdrawal of its certificate (both run the registry's revocation act).
fn revokes(decided: &[Sanction]) -> bool {
    decided.iter().any(|s| matches!(s.penalty, Penalty::Revocation | Penalty::CertificateWithdrawal))
}

/// Whether organization `org_id` has a decided penalty case, not annulled,
/// whose decision revokes its registration: the registry's revocation act
/// (and the zombie cleanup's) needs one.
pub async fn revocation_decided<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<bool, DbErr> {
    let decided: Vec<String> = db::column(
        db,
        "SELECT decided FROM penalty_case WHERE org_id = ? AND party_kind = 'organization' \
         AND decided_on IS NOT NULL AND annulled_on IS NULL",
        vec![org_id.into()],
        "decided",
    )
    .await?;
    Ok(decided.iter().any(|d| steps::from_json(d).is_some_and(|list| revokes(&list))))
}

/// What revoked organization `org_id`'s registration, among its cases'
/// decisions: one that stands, else the last one annulled (with its case, for
/// the registry's reinstatement and its link), else none. The registry's
/// reinstatement act asks it (`domain::org_status::may_reinstate`).
pub async fn revoked_by<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<(RevokedBy, Option<i64>), DbErr> {
    let cases = penalty_case::Entity::find()
        .filter(penalty_case::Column::OrgId.eq(org_id))
        .filter(penalty_case::Column::PartyKind.eq(Party::Organization.as_str()))
        .filter(penalty_case::Column::DecidedOn.is_not_null())
        .order_by_asc(penalty_case::Column::Id)
        .all(db)
        .await?;
    let revoking: Vec<&penalty_case::Model> =
        cases.iter().filter(|c| steps::from_json(&c.decided).is_some_and(|l| revokes(&l))).collect();
    if revoking.iter().any(|c| c.annulled_on.is_none()) {
        return Ok((RevokedBy::Case, None));
    }
    Ok(match revoking.iter().filter_map(|c| c.annulled_on.map(|d| (d, c.id))).max() {
        Some((day, case)) => (RevokedBy::AnnulledCase(day), Some(case)),
        None => (RevokedBy::NoCase, None),
    })
}

/// The decided case (not annulled) opened from `source` #`source_id` whose
/// decision bans its party (取缔), if any: the illegal organizations'
/// register needs one for the outcome "banned".
pub async fn ban_decided<C: ConnectionTrait>(db: &C, source: &str, source_id: i64) -> Result<Option<i64>, DbErr> {
    let cases = penalty_case::Entity::find()
        .filter(penalty_case::Column::Source.eq(source))
        .filter(penalty_case::Column::SourceId.eq(source_id))
        .filter(penalty_case::Column::DecidedOn.is_not_null())
        .filter(penalty_case::Column::AnnulledOn.is_null())
        .order_by_asc(penalty_case::Column::Id)
        .all(db)
        .await?;
    Ok(cases
        .into_iter()
        .find(|c| steps::from_json(&c.decided).is_some_and(|l| l.iter().any(|s| s.penalty == Penalty::Ban)))
        .map(|c| c.id))
}

/// The cases opened from `source` #`source_id`: id, state, decision number.
pub async fn cases_from<C: ConnectionTrait>(
    db: &C,
    source: &str,
    source_id: i64,
) -> Result<Vec<(i64, String, Option<String>)>, DbErr> {
    Ok(penalty_case::Entity::find()
        .filter(penalty_case::Column::Source.eq(source))
        .filter(penalty_case::Column::SourceId.eq(source_id))
        .order_by_asc(penalty_case::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.state, c.decision_number))
        .collect())
}
