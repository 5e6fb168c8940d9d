//! Demo data of party building (党建), deterministic: a party record for nine
//! organizations in ten (independent, joint with two neighbours, none with
//! its reason; some without an instructor, covered by a liaison only, and some
//! with enough full members that they should set up their own), and the six
//! synchronisations checked at their steps — registration, the registry's
//! charter approvals and term renewals, the report year's filed reports,
//! every rating application and every drawn organization of the inspections —
//! mostly carried out, some not, with the reason. Written through the
//! services, so every row and audit record is one the application writes.
//! The report year's demo reports declare their party section from the
//! records, a few of them another kind than the record's.
//! Written once: nothing is added when a party record exists.

use app::audit::service::Actor;
use app::domain::annual_report::ReportForm;
use app::domain::party::{Kind, RecordInput};
use app::error::AppError;
use app::party::service::{self as party, Access};
use app::party::types::SyncInput;
use app::state::Settings;
use chrono::{Days, NaiveDate};
use std::collections::HashMap;

use entity::{annual_report, app_user, organization, party_org};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const SECRETARIES: [&str; 6] = ["王建华", "李红梅", "张卫东", "刘志强", "陈秀英", "杨国庆"];
const INSTRUCTORS: [(&str, &str); 4] = [
    ("周明", "市社会组织综合党委"),
    ("吴晓东", "区社会组织党委"),
    ("郑丽", "街道党工委"),
    ("孙海涛", "市民政局机关党委"),
];
const REASONS: [&str; 3] = ["正式党员不足3人", "暂无党员", "新成立，党员组织关系尚未转入"];

fn record(o: &organization::Model, neighbours: (&str, &str), today: NaiveDate) -> Option<RecordInput> {
    let id = o.id;
    let established = (o.registration_date + Days::new(180)).min(today).to_string();
    let (name, unit) = INSTRUCTORS[(id % 4) as usize];
    let phone = format!("0755-8{:07}", 1_000_000 + id * 37 % 8_999_999);
    let instructor =
        |on: bool| if on { (name.to_string(), unit.to_string(), phone.clone()) } else { Default::default() };
    let input = match id % 10 {
        0 => return None,
        1..=4 => {
            let (n, u, p) = instructor(id % 3 == 0);
            RecordInput {
                kind: "independent".into(),
                established_on: established,
                full_members: (3 + id % 7).to_string(),
                probationary_members: (id % 3).to_string(),
                secretary: SECRETARIES[(id % 6) as usize].into(),
                instructor_name: n,
                instructor_unit: u,
                instructor_phone: p,
                ..Default::default()
            }
        }
        5..=7 => {
            let (n, u, p) = instructor(id % 2 == 0);
            RecordInput {
                kind: "joint".into(),
                joint_with: format!("{}\n{}", neighbours.0, neighbours.1),
                established_on: established,
                // One in a few has grown enough to set up its own (应建未建).
                full_members: (id % 4).to_string(),
                probationary_members: (id % 2).to_string(),
                secretary: SECRETARIES[(id % 6) as usize].into(),
                instructor_name: n,
                instructor_unit: u,
                instructor_phone: p,
                ..Default::default()
            }
        }
        _ => {
            let with_instructor = id % 4 != 0;
            let (n, u, p) = instructor(with_instructor);
            RecordInput {
                kind: "none".into(),
                none_reason: REASONS[(id % 3) as usize].into(),
                full_members: (id % 3).to_string(),
                probationary_members: "0".into(),
                instructor_name: n,
                instructor_unit: u,
                instructor_phone: p,
                liaison: if with_instructor { String::new() } else { format!("{}（联络员）", o.contact_person) },
                ..Default::default()
            }
        }
    };
    Some(input)
}

/// The party section of organization `org`'s report as the demo files it:
/// what its record says (its members among the staff, whose count the
/// report raises to hold them), with the year's activities, the charter
/// clause as its charter check finds it and the secretary on the board; one in
/// seventeen declares another kind than its record (the mismatch the report's
/// party check flags), and one in four (whose check says so) left it out.
fn declare(form: &mut ReportForm, org: i64, record: Option<&party_org::Model>) {
    if org % 4 == 0 {
        return;
    }
    let kind = record.and_then(|r| Kind::parse(&r.kind)).unwrap_or(Kind::None);
    let members = record.map(|r| r.full_members).unwrap_or(0);
    let declared = match kind {
        _ if org % 17 != 0 || record.is_none() => kind,
        Kind::Independent => Kind::Joint,
        Kind::Joint => Kind::None,
        Kind::None => Kind::Joint,
    };
    form.party_kind = declared.as_str().into();
    form.party_members = members.to_string();
    form.party_charter = if org % 3 != 0 { "yes" } else { "no" }.into();
    if declared.organized() {
        form.party_activities = (4 + org % 9).to_string();
        form.party_board = if org % 2 == 0 { "yes" } else { "no" }.into();
    } else {
        form.party_activities = "0".into();
        form.party_none_reason =
            record.map(|r| r.none_reason.clone()).filter(|r| !r.is_empty()).unwrap_or_else(|| "暂无党员".into());
        let covered = record.is_some_and(|r| !r.instructor_name.is_empty() || !r.liaison.is_empty());
        form.party_instructor = if covered { "yes" } else { "no" }.into();
    }
    let staff = form.staff_full_time.trim().parse::<i32>().unwrap_or(0);
    if staff < members {
        form.staff_full_time = members.to_string();
    }
}

/// Fills the party section of the report year's demo reports (the year that
/// asks for it; earlier years' reports were filed before it existed).
async fn declare_in_reports(db: &DatabaseConnection, settings: &Settings) -> Result<(), AppError> {
    let records: HashMap<i64, party_org::Model> =
        party_org::Entity::find().all(db).await?.into_iter().map(|r| (r.org_id, r)).collect();
    let txn = app::db::begin_write(db).await?;
    let reports = annual_report::Entity::find()
        .filter(annual_report::Column::ReportYear.eq(settings.report_year))
        .all(&txn)
        .await?;
    for r in reports {
        let mut form: ReportForm = serde_json::from_str(&r.form_json).unwrap_or_default();
        declare(&mut form, r.org_id, records.get(&r.org_id));
        let json = serde_json::to_string(&form).map_err(|_| AppError::Internal)?;
        app::db::exec(&txn, "UPDATE annual_report SET form_json = ? WHERE id = ?", vec![json.into(), r.id.into()])
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

fn check(done: bool, yes: &str, no: &str) -> SyncInput {
    SyncInput { done: if done { "yes" } else { "no" }.into(), note: if done { yes } else { no }.into() }
}

/// Writes the demo's party records and checks; the number of records written.
pub async fn seed_party(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<u64, AppError> {
    if party_org::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let officer = app_user::Entity::find().filter(app_user::Column::Username.eq("officer")).one(db).await?;
    let actor = match &officer {
        Some(u) => Actor { id: Some(u.id), name: u.display_name.clone(), role: u.role.clone() },
        None => Actor::system("seed-demo"),
    };
    let orgs = organization::Entity::find()
        .filter(organization::Column::Status.eq("active"))
        .order_by_asc(organization::Column::Id)
        .all(db)
        .await?;
    let mut written = 0;
    for (i, o) in orgs.iter().enumerate() {
        // The joint branch's other members: the neighbours in the register.
        let other = |j: usize| {
            let name = &orgs[j % orgs.len()].name;
            if *name == o.name {
                "阳光市社会组织联合党支部"
            } else {
                name.as_str()
            }
        };
        let neighbours = (other(i + orgs.len() - 1), other(i + 1));
        let Some(input) = record(o, neighbours, today) else { continue };
        party::save(db, &actor, o.id, 0, &input, today).await?;
        written += 1;
        if o.id % 5 != 0 {
            let c = check(o.id % 11 != 0, "随登记申请采集党员信息表", "申请时未采集党员信息，已要求补报");
            party::record_check(db, &actor, Access::Officer, "registration", o.id, 0, &c, today).await?;
        }
    }
    // The registry's charter approvals and term renewals.
    let events = app::db::column::<_, i64>(
        db,
        "SELECT DISTINCT org_id FROM org_event WHERE kind = 'charter' ORDER BY org_id",
        vec![],
        "org_id",
    )
    .await?;
    for org in events {
        let c = check(org % 3 != 0, "章程载明党建工作条款", "章程未写入党建工作内容，已提示修改");
        party::record_check(db, &actor, Access::Officer, "charter", org, 0, &c, today).await?;
    }
    let renewals = app::db::column::<_, i64>(
        db,
        "SELECT DISTINCT org_id FROM org_event WHERE kind = 'term_renewal' ORDER BY org_id",
        vec![],
        "org_id",
    )
    .await?;
    for org in renewals {
        let c = check(org % 4 != 0, "换届前征求了党组织对候选人的意见", "换届前未征求党组织意见");
        party::record_check(db, &actor, Access::Officer, "term_renewal", org, 0, &c, today).await?;
    }
    declare_in_reports(db, settings).await?;
    // The report year's filed reports.
    let filed = app::db::column::<_, i64>(
        db,
        "SELECT org_id FROM annual_report WHERE report_year = ? AND status IN ('submitted', 'concluded') \
         ORDER BY org_id LIMIT 400",
        vec![settings.report_year.into()],
        "org_id",
    )
    .await?;
    for org in filed {
        let c = check(org % 4 != 0, "年报含党建情况：组织生活会4次、主题党日12次", "年报未填写党建情况");
        party::record_check(
            db,
            &actor,
            Access::Officer,
            "annual_report",
            org,
            i64::from(settings.report_year),
            &c,
            today,
        )
        .await?;
    }
    // Every rating application and every organization drawn for inspection.
    let apps = app::db::column::<_, i64>(db, "SELECT id FROM rating_application ORDER BY id", vec![], "id").await?;
    for app_id in apps {
        let c = check(app_id % 5 != 0, "评估指标含党建工作", "未评党建指标");
        party::record_check(db, &actor, Access::Officer, "rating", 0, app_id, &c, today).await?;
    }
    let targets = app::db::column::<_, i64>(
        db,
        "SELECT id FROM inspection_target WHERE object_kind = 'org' ORDER BY id",
        vec![],
        "id",
    )
    .await?;
    for t in targets {
        let c = check(t % 2 == 0, "检查了党组织活动记录", "未检查党建工作");
        party::record_check(db, &actor, Access::Officer, "inspection", 0, t, &c, today).await?;
    }
    Ok(written)
}
