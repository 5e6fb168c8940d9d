//! Opening a case, the officers' list with its overdue marks, one case with
//! its timeline and deadlines, and the dashboard's queue.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use entity::{organization, penalty_case, penalty_case_step};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, Value,
};
use serde_json::json;

use super::{choice_of, facts_of, rules, sanction_views, service_view, state_of, PER_PAGE};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::input::Lines;
use crate::domain::paging::Paging;
use crate::domain::penalty_case::{self as pc, Action, Party, State};
use crate::error::{AppError, Errors};
use crate::penalty::types::*;
use crate::penalty::{steps, violations};
use crate::state::Settings;

/// Sources a case can be opened from: an officer's own finding, a published
/// inspection result, a zombie case, a complaint against a registered
/// organization; `illegal` is an entry of the illegal organizations' register,
/// the party named by it and not registered (no `org_id`).
const SOURCES: [&str; 5] = ["officer", "inspection", "zombie", "complaint", "illegal"];

/// The organization (or, for an outlet, the name and code) a source names.
struct Party0 {
    org_id: Option<i64>,
    name: String,
}

/// Where a new case from `source` #`id` comes from, for its form: the
/// organization the inspection result, the zombie case or the complaint
/// concerns, or the illegal organization (by its name; it is in no register)
/// while its entry is being handled.
pub async fn source<C: ConnectionTrait>(db: &C, source: &str, id: i64) -> Result<SourceView, AppError> {
    if source == "illegal" {
        let name = crate::illegal::service::open_name(db, id).await?.ok_or(AppError::NotFound)?;
        return Ok(SourceView {
            source: source.into(),
            source_id: id,
            org_id: None,
            org_name: name,
            credit_code: String::new(),
        });
    }
    let org_id = match source {
        "zombie" => db::column::<_, i64>(db, "SELECT org_id FROM zombie_case WHERE id = ?", vec![id.into()], "org_id")
            .await?
            .into_iter()
            .next(),
        "inspection" => db::column::<_, i64>(
            db,
            "SELECT object_id FROM inspection_target WHERE id = ? AND object_kind = 'org' \
             AND outcome IS NOT NULL",
            vec![id.into()],
            "object_id",
        )
        .await?
        .into_iter()
        .next(),
        "complaint" => {
            db::column::<_, Option<i64>>(db, "SELECT org_id FROM complaint WHERE id = ?", vec![id.into()], "org_id")
                .await?
                .into_iter()
                .next()
                .flatten()
        }
        _ => None,
    };
    let o = match org_id {
        Some(org) => organization::Entity::find_by_id(org).one(db).await?,
        None => None,
    };
    let o = o.ok_or(AppError::NotFound)?;
    Ok(SourceView {
        source: source.into(),
        source_id: id,
        org_id: Some(o.id),
        org_name: o.name,
        credit_code: o.credit_code,
    })
}

/// Opens a case (立案登记, state `draft`): against a registered organization
/// found by its credit code or named by the source, or against a person.
pub async fn open(db: &DatabaseConnection, actor: &Actor, input: &NewCaseInput) -> Result<i64, AppError> {
    let today = crate::kernel::clock::today();
    let officer = actor.id.ok_or(AppError::Forbidden)?;
    let mut e = Errors::default();
    let source = match input.source.trim() {
        "" => "officer",
        s if SOURCES.contains(&s) => s,
        other => {
            e.choice("source", other);
            "officer"
        }
    };
    let source_id = if source == "officer" {
        None
    } else {
        let id = input.source_id.trim().parse::<i64>().ok();
        if id.is_none() {
            e.add("source_id", "err_required");
        }
        id
    };
    let party = match input.party_kind.trim() {
        "" => Some(Party::Organization),
        p => Party::parse(p),
    };
    if party.is_none() {
        e.choice("party_kind", &input.party_kind);
    }
    let party = party.unwrap_or_default();
    let person = e.text("party_name", &input.party_name, 100, Lines::Single).to_string();
    if party == Party::Person {
        e.required("party_name", &person);
    }
    let code = e.text("credit_code", &input.credit_code, 18, Lines::Single).to_uppercase();
    if party == Party::Organization && source == "officer" {
        e.required("credit_code", &code);
    }
    let violation = match input.violation_code.trim() {
        "" => {
            e.add("violation_code", "err_choose");
            None
        }
        c => {
            let v = violations::find(c);
            if v.is_none() {
                e.add("violation_code", "pen_err_violation_unknown");
            }
            v
        }
    };
    let facts = e.text("facts", &input.facts, 5000, Lines::Multi).to_string();
    e.required("facts", &facts);
    let day = if input.day.trim().is_empty() { Some(today) } else { e.past_date("day", &input.day, today) };
    let discovered = past_optional(&mut e, "discovered_on", &input.discovered_on, today);
    let ended = past_optional(&mut e, "violation_ended_on", &input.violation_ended_on, today);
    if let (Some(end), Some(found)) = (ended, discovered) {
        if end > found {
            e.add("violation_ended_on", "pen_err_ended_after_discovery");
        }
    }
    e.into_result()?;
    let (Some(violation), Some(day)) = (violation, day) else { return Err(AppError::Internal) };

    let txn = db::begin_write(db).await?;
    let found = match (source, source_id) {
        (_, Some(id)) => {
            let s = self::source(&*txn, source, id).await.map_err(|e| {
                if e == AppError::NotFound {
                    AppError::field("source_id", "pen_err_source_unknown")
                } else {
                    e
                }
            })?;
            let open_cases = db::count(
                &*txn,
                "SELECT COUNT(*) AS n FROM penalty_case WHERE source = ? AND source_id = ? \
                 AND state NOT IN ('closed', 'not_opened')",
                vec![source.into(), id.into()],
            )
            .await?;
            if open_cases > 0 {
                return Err(AppError::Conflict("pen_err_source_has_case".into()));
            }
            Some(Party0 { org_id: s.org_id, name: s.org_name })
        }
        _ if code.is_empty() => None,
        _ => {
            let o = organization::Entity::find()
                .filter(organization::Column::CreditCode.eq(code.as_str()))
                .one(&*txn)
                .await?
                .ok_or_else(|| AppError::field("credit_code", "pen_err_org_unknown"))?;
            Some(Party0 { org_id: Some(o.id), name: o.name })
        }
    };
    let org_id = found.as_ref().and_then(|f| f.org_id);
    let party_name = match party {
        Party::Person => person,
        Party::Organization => found.map(|f| f.name).ok_or_else(|| AppError::field("credit_code", "err_required"))?,
    };
    let now = Utc::now();
    let case = penalty_case::ActiveModel {
        org_id: Set(org_id),
        party_kind: Set(party.as_str().into()),
        party_name: Set(party_name.clone()),
        source: Set(source.into()),
        source_id: Set(source_id),
        state: Set(State::Draft.as_str().into()),
        violation_code: Set(Some(violation.code.clone())),
        facts: Set(facts),
        discovered_on: Set(discovered),
        violation_ended_on: Set(ended),
        opened_on: Set(None),
        extension_days: Set(0),
        gravity: Set(None),
        adjust: Set(pc::Adjust::Standard.as_str().into()),
        fine_base: Set(None),
        fine_base_fen: Set(None),
        other_heavy: Set(false),
        proposed: Set("[]".into()),
        decided: Set("[]".into()),
        decided_on: Set(None),
        decision_year: Set(None),
        decision_seq: Set(None),
        decision_number: Set(None),
        decision_basis: Set(None),
        notice_method: Set(None),
        notice_on: Set(None),
        decision_method: Set(None),
        decision_service_on: Set(None),
        statement_done: Set(false),
        hearing_waived: Set(false),
        hearing_requested_on: Set(None),
        hearing_notice_on: Set(None),
        hearing_on: Set(None),
        electronic_consent: Set(false),
        receipt_refused: Set(false),
        other_methods_failed: Set(false),
        legal_review_done: Set(false),
        appeal_pending: Set(false),
        fine_paid: Set(false),
        demand_served_on: Set(None),
        annulled_on: Set(None),
        opened_by: Set(officer),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    penalty_case_step::ActiveModel {
        case_id: Set(case.id),
        action: Set("open".into()),
        from_state: Set(State::Draft.as_str().into()),
        to_state: Set(State::Draft.as_str().into()),
        day: Set(day),
        officer_id: Set(officer),
        note: Set(String::new()),
        document_kind: Set(None),
        document_number: Set(None),
        at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "case_open",
            entity: "penalty_case",
            entity_id: case.id.to_string(),
            before: None,
            after: Some(json!({
                "party": party_name, "org_id": org_id, "source": source, "source_id": source_id,
                "violation": violation.code, "day": day.to_string(),
            })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(case.id)
}

/// The newest case opened from `source` #`id` that is still open (not
/// closed, not "not opened"): its id and decision number. A complaint's page
/// shows it, and closing the complaint with "case opened" names it.
pub async fn case_from_source<C: ConnectionTrait>(
    db: &C,
    source: &str,
    id: i64,
) -> Result<Option<(i64, Option<String>)>, DbErr> {
    let c = penalty_case::Entity::find()
        .filter(penalty_case::Column::Source.eq(source))
        .filter(penalty_case::Column::SourceId.eq(id))
        .filter(penalty_case::Column::State.is_not_in([State::Closed.as_str(), State::NotOpened.as_str()]))
        .order_by_desc(penalty_case::Column::Id)
        .one(db)
        .await?;
    Ok(c.map(|c| (c.id, c.decision_number)))
}

/// A case's decision number, if it has one.
pub async fn decision_number_of<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<String>, DbErr> {
    Ok(penalty_case::Entity::find_by_id(id).one(db).await?.and_then(|c| c.decision_number))
}

/// An optional date that is not in the future.
fn past_optional(e: &mut Errors, field: &str, raw: &str, today: NaiveDate) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        None
    } else {
        e.past_date(field, raw, today)
    }
}

/// The overdue steps of a case on `today`.
fn late_of(c: &penalty_case::Model, settings: &Settings, today: NaiveDate) -> Result<Vec<LateView>, AppError> {
    let state = state_of(c)?;
    let facts = facts_of(c, 0, today)?;
    Ok(pc::overdue(state, &facts, &rules(settings))
        .into_iter()
        .map(|o| LateView { late: o.late.as_str().into(), due: o.due.to_string(), days: o.days_late(today) })
        .collect())
}

/// Credit codes of organizations by id.
async fn codes<C: ConnectionTrait>(db: &C, ids: Vec<i64>) -> Result<HashMap<i64, String>, DbErr> {
    Ok(crate::db::orgs_by_id(db, ids).await?.into_iter().map(|(id, o)| (id, o.credit_code)).collect())
}

/// At most this many open cases are looked at for the overdue filter and the
/// dashboard (a city decides a few hundred cases a year).
const OPEN_CAP: u64 = 5000;

/// Cases by state and text, newest first, with their overdue steps; or only
/// the overdue ones.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    f: &CaseFilter,
    today: NaiveDate,
) -> Result<CasePage, AppError> {
    let mut sql = String::from("FROM penalty_case c LEFT JOIN organization o ON o.id = c.org_id WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    if let Some(st) = State::parse(&f.state) {
        sql.push_str(" AND c.state = ?");
        vals.push(st.as_str().into());
    }
    let q = f.q.trim();
    if !q.is_empty() {
        sql.push_str(&format!(" AND (c.party_name {0} OR o.credit_code {0} OR c.decision_number {0})", db::LIKE));
        let like = db::like(q);
        vals.extend([like.clone().into(), like.clone().into(), like.into()]);
    }
    let p = Paging::new(f.page, PER_PAGE);
    let overdue_only = steps::checked(&f.overdue);
    let (ids, total): (Vec<i64>, u64) = if overdue_only {
        sql.push_str(" AND c.state NOT IN ('closed', 'not_opened')");
        let ids: Vec<i64> =
            db::column(db, &format!("SELECT c.id AS id {sql} ORDER BY c.id DESC LIMIT {OPEN_CAP}"), vals, "id").await?;
        let cases = penalty_case::Entity::find().filter(penalty_case::Column::Id.is_in(ids)).all(db).await?;
        let mut late = Vec::new();
        for c in &cases {
            if !late_of(c, settings, today)?.is_empty() {
                late.push(c.id);
            }
        }
        late.sort_unstable_by(|a, b| b.cmp(a));
        let total = late.len() as u64;
        (late.into_iter().skip(p.offset_usize()).take(PER_PAGE as usize).collect(), total)
    } else {
        let total = db::count_from(db, &sql, vals.clone()).await?;
        let ids =
            db::column(db, &format!("SELECT c.id AS id {sql} ORDER BY c.id DESC {}", p.limit_offset()), vals, "id")
                .await?;
        (ids, u64::try_from(total).unwrap_or(0))
    };
    let cases = penalty_case::Entity::find().filter(penalty_case::Column::Id.is_in(ids.clone())).all(db).await?;
    let codes = codes(db, cases.iter().filter_map(|c| c.org_id).collect()).await?;
    let mut by_id: HashMap<i64, penalty_case::Model> = cases.into_iter().map(|c| (c.id, c)).collect();
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(c) = by_id.remove(&id) else { continue };
        rows.push(CaseRow {
            id: c.id,
            party_name: c.party_name.clone(),
            credit_code: c.org_id.and_then(|o| codes.get(&o).cloned()).unwrap_or_default(),
            state: c.state.clone(),
            violation_code: c.violation_code.clone().unwrap_or_default(),
            opened_on: c.opened_on.map(|d| d.to_string()),
            decided_on: c.decided_on.map(|d| d.to_string()),
            decision_number: c.decision_number.clone(),
            late: late_of(&c, settings, today)?,
        });
    }
    Ok(CasePage { rows, total, page: p.page, per_page: PER_PAGE })
}

/// The dashboard's queue: cases being worked on, and those with a step
/// overdue (a case whose row cannot be read is logged and not counted late).
pub async fn queue<C: ConnectionTrait>(db: &C, settings: &Settings, today: NaiveDate) -> Result<(u64, u64), DbErr> {
    let cases = penalty_case::Entity::find()
        .filter(penalty_case::Column::State.is_not_in([State::Closed.as_str(), State::NotOpened.as_str()]))
        .order_by_desc(penalty_case::Column::Id)
        .limit(OPEN_CAP)
        .all(db)
        .await?;
    let open =
        db::count(db, "SELECT COUNT(*) AS n FROM penalty_case WHERE state NOT IN ('closed', 'not_opened')", vec![])
            .await?;
    let overdue = cases.iter().filter(|c| late_of(c, settings, today).is_ok_and(|l| !l.is_empty())).count();
    Ok((open, overdue as u64))
}

/// The deadlines a case has run into or faces.
fn deadlines(state: State, f: &pc::Facts, r: &pc::Settings) -> Vec<(&'static str, NaiveDate)> {
    let mut out = Vec::new();
    if let (Some(opened), true) = (f.opened_on, state.before_decision()) {
        out.push(("pen_dl_decision", pc::decision_due(opened, f.extension_days, r)));
    }
    if let (Some(notice), true) = (f.notice, state.before_decision()) {
        let served = notice.served_on(r);
        out.push(("pen_dl_statement", pc::statement_ends(served, r)));
        if f.hearing_right(r) {
            out.push(("pen_dl_hearing_request", pc::hearing_request_ends(served, r)));
        }
    }
    if let (Some(notice_on), State::HearingRequested | State::HearingScheduled) = (f.hearing_notice_on, state) {
        out.push(("pen_dl_earliest_hearing", pc::earliest_hearing(notice_on, r)));
    }
    if let (Some(decided), None) = (f.decided_on, f.decision_service) {
        out.push(("pen_dl_decision_service", pc::decision_service_due(decided, r)));
    }
    if let Some(service) = f.decision_service {
        let served = service.served_on(r);
        if f.decided.iter().any(|s| s.penalty == pc::Penalty::Fine) {
            out.push(("pen_dl_payment", pc::payment_due(served, r)));
        }
        out.push(("pen_dl_reconsideration", pc::reconsideration_ends(served, r)));
        out.push(("pen_dl_lawsuit", pc::lawsuit_ends(served, r)));
        if !f.decided.is_empty() {
            out.push(("pen_dl_court", pc::court_application_ends(served, r)));
        }
    }
    if let Some(demand) = f.demand_served_on {
        out.push(("pen_dl_court_opens", pc::court_application_opens(demand, r)));
    }
    out
}

/// Whether the page offers `action` now: a step of the state that the facts
/// do not already rule out for the case as it stands.
fn offers(state: State, action: Action, f: &pc::Facts, r: &pc::Settings, annulled: bool) -> bool {
    let pending = |s: Option<pc::Service>| s.is_some_and(|s| s.pending(f.today, r));
    let sensible = match action {
        Action::RequestHearing => f.hearing_right(r),
        Action::ServeNotice if state == State::Notified => pending(f.notice),
        Action::ServeDecision if state == State::Served => pending(f.decision_service),
        Action::Appeal => !f.appeal_pending,
        Action::AppealUpheld => f.appeal_pending,
        Action::Close if state == State::Served => f.decided.is_empty(),
        Action::Execute | Action::ApplyCourt | Action::EndExecution => !f.decided.is_empty(),
        Action::Annul => f.decided_on.is_some() && !annulled,
        Action::Extend => r.max_extension_days > f.extension_days,
        _ => true,
    };
    sensible && pc::next(state, action, f, r) != Err("pen_err_step")
}

/// One case with its timeline, evidence, deadlines and the steps offered.
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    id: i64,
    today: NaiveDate,
) -> Result<CaseDetail, AppError> {
    let c = penalty_case::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let r = rules(settings);
    let state = state_of(&c)?;
    let org = match c.org_id {
        Some(o) => organization::Entity::find_by_id(o).one(db).await?,
        None => None,
    };
    let steps_rows = penalty_case_step::Entity::find()
        .filter(penalty_case_step::Column::CaseId.eq(id))
        .order_by_asc(penalty_case_step::Column::Id)
        .all(db)
        .await?;
    let evidence = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT e.id, e.file_name, e.content_type, e.size, e.sha256, e.created_at, u.display_name \
             FROM penalty_case_evidence e LEFT JOIN app_user u ON u.id = e.uploaded_by WHERE e.case_id = ? ORDER BY e.id",
            vec![id.into()],
        ))
        .await?
        .iter()
        .map(|row| {
            Ok(EvidenceView {
                id: row.try_get("", "id")?,
                file_name: row.try_get("", "file_name")?,
                content_type: row.try_get("", "content_type")?,
                size: row.try_get("", "size")?,
                sha256: row.try_get("", "sha256")?,
                uploaded_by: row.try_get::<Option<String>>("", "display_name")?.unwrap_or_default(),
                at: crate::kernel::clock::stamp(row.try_get("", "created_at")?),
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let mut people: Vec<i64> = steps_rows.iter().map(|s| s.officer_id).collect();
    people.push(c.opened_by);
    let names: HashMap<i64, String> = entity::app_user::Entity::find()
        .filter(entity::app_user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let facts = facts_of(&c, evidence.len() as u32, today)?;
    let annulled = c.annulled_on.is_some();
    let actions = steps::offered(state)
        .iter()
        .filter(|a| offers(state, **a, &facts, &r, annulled))
        .map(|a| a.as_str().to_string())
        .collect();
    let deadlines = deadlines(state, &facts, &r)
        .into_iter()
        .map(|(key, day)| DeadlineView { key: key.into(), day: day.to_string(), passed: day < today })
        .collect();
    let choice = choice_of(&c);
    // What the annulment of a revoking decision left to the registry, and whether it acted.
    let revoking = c.annulled_on.is_some() && super::revokes(&facts.decided);
    let registration_revoked = revoking && org.as_ref().is_some_and(|o| o.status == "revoked");
    let registration_reinstated = revoking && org.as_ref().is_some_and(|o| o.status == "active");
    let source_ref = match (c.source.as_str(), c.source_id) {
        ("complaint", Some(cid)) => crate::complaints::service::number_of(db, cid).await?,
        _ => None,
    };
    Ok(CaseDetail {
        id: c.id,
        org_id: c.org_id,
        party_kind: c.party_kind.clone(),
        party_name: c.party_name.clone(),
        credit_code: org.map(|o| o.credit_code).unwrap_or_default(),
        source: c.source.clone(),
        source_id: c.source_id,
        source_ref,
        state: c.state.clone(),
        violation_code: c.violation_code.clone().unwrap_or_default(),
        facts: c.facts.clone(),
        discovered_on: c.discovered_on.map(|d| d.to_string()),
        violation_ended_on: c.violation_ended_on.map(|d| d.to_string()),
        opened_on: c.opened_on.map(|d| d.to_string()),
        extension_days: c.extension_days,
        gravity: choice.gravity.map(|g| g.as_str().into()),
        adjust: choice.adjust.as_str().into(),
        fine_base: choice.base.map(|(b, _)| b.as_str().into()),
        fine_base_fen: choice.base.map(|(_, a)| a),
        other_heavy: c.other_heavy,
        hearing_right: facts.hearing_right(&r),
        proposed: sanction_views(&facts.proposed),
        decided: sanction_views(&facts.decided),
        decided_on: c.decided_on.map(|d| d.to_string()),
        decision_number: c.decision_number.clone(),
        decision_basis: c.decision_basis.clone(),
        notice: service_view(facts.notice, &r),
        decision_service: service_view(facts.decision_service, &r),
        statement_done: c.statement_done,
        hearing_waived: c.hearing_waived,
        hearing_requested_on: c.hearing_requested_on.map(|d| d.to_string()),
        hearing_notice_on: c.hearing_notice_on.map(|d| d.to_string()),
        hearing_on: c.hearing_on.map(|d| d.to_string()),
        legal_review_done: c.legal_review_done,
        appeal_pending: c.appeal_pending,
        fine_paid: c.fine_paid,
        demand_served_on: c.demand_served_on.map(|d| d.to_string()),
        annulled_on: c.annulled_on.map(|d| d.to_string()),
        registration_revoked,
        registration_reinstated,
        opened_by: names.get(&c.opened_by).cloned().unwrap_or_default(),
        deadlines,
        late: late_of(&c, settings, today)?,
        steps: steps_rows
            .into_iter()
            .map(|s| StepView {
                action: s.action,
                from_state: s.from_state,
                to_state: s.to_state,
                day: s.day.to_string(),
                officer: names.get(&s.officer_id).cloned().unwrap_or_default(),
                note: s.note,
                document_kind: s.document_kind,
                document_number: s.document_number,
            })
            .collect(),
        evidence,
        actions,
        today: today.to_string(),
    })
}
