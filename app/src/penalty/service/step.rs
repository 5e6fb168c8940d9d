//! One step of a case: the form's fields read and checked, the case's facts
//! loaded from its row, `domain::penalty_case::next` asked, and the step, the
//! new state and facts, the decision's effects and the audit record written
//! in one transaction.

use chrono::{Datelike, NaiveDate, Utc};
use entity::penalty_case;
use sea_orm::{ActiveModelTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, Set};
use serde_json::json;

use super::{choice_of, facts_of, revokes, rules, state_of};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db::{self, WriteTxn};
use crate::domain::money;
use crate::domain::penalty_case::{
    self as pc, Action, Adjust, Choice, FineBase, Gravity, Method, Party, Service, State,
};
use crate::error::{AppError, Errors};
use crate::penalty::types::StepInput;
use crate::penalty::{steps, violations};
use crate::state::Settings;

/// What a step's form gave, read and checked against its fields.
#[derive(Default)]
struct Given {
    method: Option<Method>,
    sanctions: Vec<pc::Sanction>,
    choice: Choice,
    hearing_on: Option<NaiveDate>,
    extension_days: u32,
    demand_served_on: Option<NaiveDate>,
}

/// Reads the fields of `action`'s form in `state` (every problem at once).
fn read(state: State, action: Action, input: &StepInput, e: &mut Errors) -> Given {
    let f = steps::fields(state, action);
    let mut g = Given::default();
    if f.service {
        g.method = Method::parse(&input.method);
        if g.method.is_none() {
            e.choice("method", &input.method);
        }
    }
    if f.sanctions {
        match steps::parse_sanctions(&input.sanctions) {
            Ok(list) => g.sanctions = list,
            Err(key) => e.add("sanctions", key),
        }
        g.choice.gravity = match input.gravity.trim() {
            "" => None,
            raw => {
                let parsed = Gravity::parse(raw);
                if parsed.is_none() {
                    e.choice("gravity", raw);
                }
                parsed
            }
        };
        g.choice.adjust = match input.adjust.trim() {
            "" => Adjust::Standard,
            raw => Adjust::parse(raw).unwrap_or_else(|| {
                e.choice("adjust", raw);
                Adjust::Standard
            }),
        };
        if !input.fine_base.trim().is_empty() {
            match FineBase::parse(&input.fine_base) {
                None => e.choice("fine_base", &input.fine_base),
                Some(base) => match money::parse_yuan(&input.fine_base_amount) {
                    Ok(amount) => g.choice.base = Some((base, amount)),
                    Err(err) => e.add("fine_base_amount", err.message_key()),
                },
            }
        }
    }
    if f.hearing_on {
        g.hearing_on = e.optional_date("hearing_on", &input.hearing_on);
    }
    if f.extension_days {
        g.extension_days = match input.extension_days.trim() {
            "" => 0,
            raw => raw.parse().unwrap_or_else(|_| {
                e.add("extension_days", "pen_err_extension_days");
                0
            }),
        };
    }
    if f.demand {
        g.demand_served_on = e.optional_date("demand_served_on", &input.demand_served_on);
    }
    g
}

/// Takes one step on case `id`; returns the state it is in after.
pub async fn step(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &StepInput,
) -> Result<State, AppError> {
    let officer = actor.id.ok_or(AppError::Forbidden)?;
    let today = crate::kernel::clock::today();
    let mut e = Errors::default();
    // Evidence comes with its file (the upload form), never as a bare step.
    let action = Action::parse(&input.action).filter(|a| *a != Action::AddEvidence);
    if action.is_none() {
        e.choice("action", &input.action);
    }
    let day = if input.day.trim().is_empty() { Some(today) } else { e.past_date("day", &input.day, today) };
    let note = e.text("note", &input.note, 2000, crate::domain::input::Lines::Multi).to_string();
    let txn = db::begin_write(db).await?;
    let c = penalty_case::Entity::find_by_id(id).one(&*txn).await?.ok_or(AppError::NotFound)?;
    let state = state_of(&c)?;
    let given = match action {
        Some(a) => read(state, a, input, &mut e),
        None => Given::default(),
    };
    e.into_result()?;
    let (Some(action), Some(day)) = (action, day) else { return Err(AppError::Internal) };
    let last: Option<NaiveDate> =
        db::column(&txn, "SELECT MAX(day) AS d FROM penalty_case_step WHERE case_id = ?", vec![id.into()], "d")
            .await?
            .into_iter()
            .next()
            .flatten();
    if last.is_some_and(|last| day < last) {
        return Err(AppError::field("day", "pen_err_step_before_last"));
    }
    let evidence =
        db::count(&txn, "SELECT COUNT(*) AS n FROM penalty_case_evidence WHERE case_id = ?", vec![id.into()]).await?;
    let r = rules(settings);
    let mut f = facts_of(&c, u32::try_from(evidence).unwrap_or(u32::MAX), day)?;
    let mut choice = choice_of(&c);
    let service = given.method.map(|method| Service { method, on: day });
    f.service = service;
    f.electronic_consent |= steps::checked(&input.electronic_consent);
    f.receipt_refused |= steps::checked(&input.receipt_refused);
    f.other_methods_failed |= steps::checked(&input.other_methods_failed);
    match action {
        Action::ServeNotice if state == State::Investigating => {
            f.proposed = given.sanctions.clone();
            f.other_heavy = steps::checked(&input.other_heavy);
            choice = given.choice;
        }
        Action::DecidePenalty => {
            f.decided = given.sanctions.clone();
            f.legal_review_done |= steps::checked(&input.legal_review_done);
            choice = given.choice;
        }
        Action::DecideNoPenalty => f.decided = Vec::new(),
        Action::RequestHearing => f.hearing_requested_on = Some(day),
        Action::ScheduleHearing => {
            f.hearing_notice_on = Some(day);
            f.hearing_on = given.hearing_on;
        }
        Action::Extend => f.requested_extension_days = given.extension_days,
        Action::ApplyCourt => f.demand_served_on = given.demand_served_on.or(f.demand_served_on),
        Action::Execute => f.fine_paid |= steps::checked(&input.fine_paid),
        _ => {}
    }
    let to = pc::next(state, action, &f, &r).map_err(|k| AppError::Conflict(k.into()))?;
    // The penalties chosen are ones the violation's row allows, in its ranges
    // (the tier's, as the officer reads the case).
    if steps::fields(state, action).sanctions {
        let code = c.violation_code.as_deref().unwrap_or_default();
        let v = violations::find(code).ok_or(AppError::Conflict("pen_err_violation_missing".into()))?;
        let chosen = if action == Action::DecidePenalty { &f.decided } else { &f.proposed };
        v.check(chosen, &choice, &r).map_err(|k| AppError::field(sanctions_field(k), k))?;
    }

    // The step's record: the new state and what the step established.
    let before = json!({"state": state.as_str()});
    let mut am: penalty_case::ActiveModel = c.clone().into();
    am.state = Set(to.as_str().into());
    am.updated_at = Set(Utc::now());
    am.electronic_consent = Set(f.electronic_consent);
    am.receipt_refused = Set(f.receipt_refused);
    am.other_methods_failed = Set(f.other_methods_failed);
    let mut number = None;
    match action {
        Action::ApproveOpening => am.opened_on = Set(Some(day)),
        Action::Extend => {
            am.extension_days = Set(c.extension_days + i32::try_from(given.extension_days).unwrap_or(0));
        }
        Action::ServeNotice => {
            if state == State::Investigating {
                am.proposed = Set(steps::to_json(&f.proposed));
                am.other_heavy = Set(f.other_heavy);
                set_choice(&mut am, &choice);
            }
            am.notice_method = Set(service.map(|s| s.method.as_str().to_string()));
            am.notice_on = Set(Some(day));
        }
        Action::StateCase => am.statement_done = Set(true),
        Action::Waive => {
            am.statement_done = Set(true);
            am.hearing_waived = Set(true);
        }
        Action::RequestHearing => am.hearing_requested_on = Set(Some(day)),
        Action::WithdrawHearing => am.hearing_waived = Set(true),
        Action::ScheduleHearing => {
            am.hearing_notice_on = Set(Some(day));
            am.hearing_on = Set(f.hearing_on);
        }
        Action::Reinvestigate => {
            am.notice_method = Set(None);
            am.notice_on = Set(None);
            am.statement_done = Set(false);
            am.hearing_waived = Set(false);
            am.hearing_requested_on = Set(None);
            am.hearing_notice_on = Set(None);
            am.hearing_on = Set(None);
        }
        Action::DecidePenalty => {
            let v = violations::find(c.violation_code.as_deref().unwrap_or_default()).ok_or(AppError::Internal)?;
            let (year, seq, no) = decision_number(&txn, &r, day).await?;
            am.decided = Set(steps::to_json(&f.decided));
            am.decided_on = Set(Some(day));
            am.legal_review_done = Set(f.legal_review_done);
            am.decision_year = Set(Some(year));
            am.decision_seq = Set(Some(seq));
            am.decision_number = Set(Some(no.clone()));
            am.decision_basis = Set(Some(format!("{}{}", v.regulation, v.article)));
            set_choice(&mut am, &choice);
            number = Some(no);
        }
        Action::DecideNoPenalty => {
            am.decided = Set("[]".into());
            am.decided_on = Set(Some(day));
        }
        Action::ServeDecision => {
            am.decision_method = Set(service.map(|s| s.method.as_str().to_string()));
            am.decision_service_on = Set(Some(day));
        }
        Action::Appeal => am.appeal_pending = Set(true),
        Action::AppealUpheld => am.appeal_pending = Set(false),
        Action::Annul => am.annulled_on = Set(Some(day)),
        Action::ApplyCourt => am.demand_served_on = Set(f.demand_served_on),
        Action::Execute => am.fine_paid = Set(f.fine_paid),
        _ => {}
    }
    let updated = am.update(&*txn).await?;
    entity::penalty_case_step::ActiveModel {
        case_id: Set(id),
        action: Set(action.as_str().into()),
        from_state: Set(state.as_str().into()),
        to_state: Set(to.as_str().into()),
        day: Set(day),
        officer_id: Set(officer),
        note: Set(note.clone()),
        document_kind: Set(steps::document_kind(action).map(str::to_string)),
        document_number: Set(number.clone()),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    // The step's document, filled now and kept as issued.
    crate::penalty::documents::service::issue_in(&txn, settings, id).await?;
    if action == Action::DecidePenalty {
        decision_effects(&txn, settings, actor, &updated, &f.decided, day, number.as_deref().unwrap_or_default())
            .await?;
    }
    if action == Action::Annul {
        annulment_effects(&txn, settings, actor, &updated, day).await?;
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: &format!("case_{}", action.as_str()),
            entity: "penalty_case",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(json!({
                "state": to.as_str(), "day": day.to_string(), "note": note,
                "decision_number": number, "decided": steps::to_json(&f.decided),
            })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(to)
}

/// The field a refusal of the violation row belongs to.
fn sanctions_field(key: &str) -> &'static str {
    match key {
        "pen_err_tier_missing" | "pen_err_tier_unknown" => "gravity",
        "pen_err_fine_base_missing" => "fine_base",
        _ => "sanctions",
    }
}

fn set_choice(am: &mut penalty_case::ActiveModel, choice: &Choice) {
    am.gravity = Set(choice.gravity.map(|g| g.as_str().to_string()));
    am.adjust = Set(choice.adjust.as_str().into());
    am.fine_base = Set(choice.base.map(|(b, _)| b.as_str().to_string()));
    am.fine_base_fen = Set(choice.base.map(|(_, a)| a));
}

/// The next decision number of `day`'s year (`阳民罚〔2026〕12号`), one
/// sequence a year, never below a number already given.
async fn decision_number(txn: &WriteTxn, r: &pc::Settings, day: NaiveDate) -> Result<(i32, i64, String), AppError> {
    let year = day.year();
    let floor: Option<i64> = db::column(
        txn,
        "SELECT MAX(decision_seq) AS n FROM penalty_case WHERE decision_year = ?",
        vec![year.into()],
        "n",
    )
    .await?
    .into_iter()
    .next()
    .flatten();
    let seq = db::next_number(txn, pc::DECISION_SEQUENCE, year, floor.unwrap_or(0)).await?;
    Ok((year, seq, pc::decision_no(r, year, seq)))
}

/// What a decision against a registered organization changes, in its
/// transaction: the credit record's penalties (and the listings they cause)
/// and, for revocation or the certificate's withdrawal, the registry's
/// revocation act (which lists the organization as seriously untrustworthy).
async fn decision_effects(
    txn: &DatabaseTransaction,
    settings: &Settings,
    actor: &Actor,
    c: &penalty_case::Model,
    decided: &[pc::Sanction],
    day: NaiveDate,
    number: &str,
) -> Result<(), AppError> {
    let Some(org_id) = c.org_id.filter(|_| c.party_kind == Party::Organization.as_str()) else { return Ok(()) };
    let basis = format!("{}；{number}", c.decision_basis.clone().unwrap_or_default());
    let penalties: Vec<crate::credit::service::NewPenalty> = decided
        .iter()
        .filter_map(|s| {
            let kind = s.penalty.credit_kind()?;
            let amount_fen = if kind == crate::domain::credit::PenaltyKind::Fine { s.amount_fen } else { 0 };
            Some(crate::credit::service::NewPenalty {
                kind,
                amount_fen,
                decided_on: day,
                facts: &c.facts,
                basis: &basis,
                case_id: Some(c.id),
            })
        })
        .collect();
    crate::credit::service::record_penalties_in(txn, settings, actor, org_id, &penalties).await?;
    // Minor: each penalty a warning or a fine below ¥50,000 (a confiscation is not).
    let all_minor =
        decided.iter().all(|s| s.penalty.credit_kind().is_some_and(|k| crate::domain::credit::minor(k, s.amount_fen)));
    crate::rating::decisions::lower_for_decision_in(
        txn,
        settings,
        actor,
        org_id,
        c.id,
        day,
        number,
        (decided.len(), all_minor),
    )
    .await?;
    if revokes(decided) {
        let act = crate::registry::types::ActInput {
            act: "revoke".into(),
            date: day.to_string(),
            reason: format!("依据{number}行政处罚决定书撤销登记"),
        };
        crate::registry::service::act_in(txn, settings, actor, org_id, &act).await?;
    }
    crate::credit::service::rescore(txn, settings, &[org_id], crate::kernel::clock::today()).await?;
    Ok(())
}

/// What the annulment (撤销) of a decided case undoes, in its transaction:
/// the credit record's penalties of the decision become void (kept, marked
/// with the day; the list entries they caused are removed as `annulled`),
/// a grade the decision lowered gets its grade back, and the scores are
/// recomputed; the published decision shows the annulment. A registration
/// the decision revoked stays revoked: the register changes only by a
/// registry act, the reinstatement (恢复登记, `registry::service::act_in`)
/// an officer takes on the organization's page once the decision is annulled,
/// which also closes the serious-list entry of the revocation; the case page
/// says so and links to it.
async fn annulment_effects(
    txn: &DatabaseTransaction,
    settings: &Settings,
    actor: &Actor,
    c: &penalty_case::Model,
    day: NaiveDate,
) -> Result<(), AppError> {
    let mut orgs = crate::credit::service::annul_case_penalties_in(txn, actor, c.id, day).await?;
    crate::rating::decisions::restore_for_annulment_in(txn, actor, c.id, day).await?;
    if let Some(org) = c.org_id.filter(|o| !orgs.contains(o)) {
        orgs.push(org);
    }
    crate::credit::service::rescore(txn, settings, &orgs, crate::kernel::clock::today()).await?;
    Ok(())
}
