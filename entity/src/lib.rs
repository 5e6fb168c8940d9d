//! SeaORM entities. Server only: never compiled to wasm.
//! Tables are created by the `migration` crate; these structs mirror them.
//! Every plain CRUD table has one; the others (tallies, the daily jobs' keyed
//! rows, counters and locks, staging rows) are written by set-based SQL or
//! triggers, listed in `tests/tests/entities.rs`.

pub mod annual_report;
pub mod app_user;
pub mod audit_log;
pub mod charitable_trust;
pub mod charitable_trust_change;
pub mod charitable_trust_contract;
pub mod charitable_trust_report;
pub mod charity;
pub mod charity_disclosure;
pub mod charity_event;
pub mod charity_plan;
pub mod charity_plan_change;
pub mod complaint;
pub mod complaint_attachment;
pub mod complaint_event;
pub mod credit_entry;
pub mod credit_weight;
pub mod dashboard_target;
pub mod illegal_org;
pub mod illegal_org_note;
pub mod import_job;
pub mod inspection_assignment;
pub mod inspection_attachment;
pub mod inspection_campaign;
pub mod inspection_rectification;
pub mod inspection_target;
pub mod inspector;
pub mod inspector_conflict;
pub mod invite;
pub mod lottery_finding;
pub mod lottery_grading;
pub mod lottery_grading_score;
pub mod lottery_inspection;
pub mod lottery_outlet;
pub mod lottery_outlet_event;
pub mod lottery_sales;
pub mod lottery_sheet;
pub mod lottery_sheet_item;
pub mod mail_outbox;
pub mod org_event;
pub mod organization;
pub mod partner_department;
pub mod party_org;
pub mod party_org_history;
pub mod party_sync;
pub mod penalty;
pub mod penalty_case;
pub mod penalty_case_evidence;
pub mod penalty_case_step;
pub mod rating_application;
pub mod rating_change;
pub mod rating_exclusion;
pub mod rating_expert;
pub mod rating_grade;
pub mod rating_item;
pub mod rating_objection;
pub mod rating_panel;
pub mod rating_round;
pub mod rating_score;
pub mod rating_sheet;
pub mod repair_request;
pub mod report_attachment;
pub mod report_event;
pub mod returned_letter;
pub mod session;
pub mod supervisory_unit;
pub mod supervisory_unit_user;
pub mod trade_award;
pub mod trade_branch;
pub mod trade_fee;
pub mod trade_forum;
pub mod unit_action;
pub mod unit_merge_dismissal;
pub mod zombie_case;

use sea_orm::{ColumnDef, ColumnTrait, EntityTrait, IdenStatic, Iterable, PrimaryKeyToColumn};

/// An entity's table as the entity declares it.
#[derive(Clone, Debug)]
pub struct Declared {
    pub table: &'static str,
    /// Each column's name and definition (type, nullability), in field order.
    pub columns: Vec<(&'static str, ColumnDef)>,
    pub primary_key: Vec<&'static str>,
}

fn declared<E: EntityTrait>() -> Declared {
    Declared {
        table: E::default().table_name(),
        columns: E::Column::iter().map(|c| (c.as_str(), c.def())).collect(),
        primary_key: E::PrimaryKey::iter().map(|k| k.into_column().as_str()).collect(),
    }
}

/// Every entity of the crate: an entity added above is added here too.
/// `tests/tests/entities.rs` compares each with the migrated schema of both
/// databases, and fails on a file of this folder missing from the list.
pub fn all() -> Vec<Declared> {
    macro_rules! declared {
        ($($m:ident),* $(,)?) => { vec![$(declared::<$m::Entity>()),*] };
    }
    declared![
        annual_report,
        app_user,
        audit_log,
        charitable_trust,
        charitable_trust_change,
        charitable_trust_contract,
        charitable_trust_report,
        charity,
        charity_disclosure,
        charity_event,
        charity_plan,
        charity_plan_change,
        complaint,
        complaint_attachment,
        complaint_event,
        credit_entry,
        credit_weight,
        dashboard_target,
        illegal_org,
        illegal_org_note,
        import_job,
        inspection_assignment,
        inspection_attachment,
        inspection_campaign,
        inspection_rectification,
        inspection_target,
        inspector,
        inspector_conflict,
        invite,
        lottery_finding,
        lottery_grading,
        lottery_grading_score,
        lottery_inspection,
        lottery_outlet,
        lottery_outlet_event,
        lottery_sales,
        lottery_sheet,
        lottery_sheet_item,
        mail_outbox,
        org_event,
        organization,
        partner_department,
        party_org,
        party_org_history,
        party_sync,
        penalty,
        penalty_case,
        penalty_case_evidence,
        penalty_case_step,
        rating_application,
        rating_change,
        rating_exclusion,
        rating_expert,
        rating_grade,
        rating_item,
        rating_objection,
        rating_panel,
        rating_round,
        rating_score,
        rating_sheet,
        repair_request,
        report_attachment,
        report_event,
        returned_letter,
        session,
        supervisory_unit,
        supervisory_unit_user,
        trade_award,
        trade_branch,
        trade_fee,
        trade_forum,
        unit_action,
        unit_merge_dismissal,
        zombie_case,
    ]
}
