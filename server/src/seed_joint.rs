//! Demo data of the partner departments and joint campaigns (部门联合双随机抽查):
//! four departments with their inspectors (accounts `dept1`…`dept6`, the
//! demo inspectors' password), and one joint campaign with market regulation
//! and tax, drawn, its first results recorded by department, confirmed by
//! every team member and published. Deterministic; written once (nothing is
//! added when a department exists).

use app::audit::service::Actor;
use app::auth::service::{create_user, NewUser};
use app::auth::types::{CurrentUser, Role};
use app::error::AppError;
use app::inspection::joint::{service as joint, DepartmentInput};
use app::inspection::types::{CampaignInput, DrawInput, InspectorInput, ResultInput};
use app::inspection::{results, service};
use app::state::Settings;
use chrono::{Datelike, Days, NaiveDate};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait};

/// (name, code, contact e-mail).
const DEPARTMENTS: [(&str, &str, &str); 4] = [
    ("阳光市市场监督管理局", "SAMR", "samr@sunshine.local"),
    ("国家税务总局阳光市税务局", "TAX", "tax@sunshine.local"),
    ("阳光市公安局", "PSB", "psb@sunshine.local"),
    ("阳光市审计局", "AUDIT", "audit@sunshine.local"),
];

/// (username, name, department code).
const INSPECTORS: [(&str, &str, &str); 6] = [
    ("dept1", "孙市监", "SAMR"),
    ("dept2", "钱市监", "SAMR"),
    ("dept3", "韩税务", "TAX"),
    ("dept4", "杨税务", "TAX"),
    ("dept5", "朱公安", "PSB"),
    ("dept6", "秦审计", "AUDIT"),
];

const PASSWORD: &str = "Sunshine!Inspect26";

pub async fn seed_joint(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<(), AppError> {
    if entity::partner_department::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let actor = Actor::system("seed-demo");
    let mut ids = Vec::new();
    for (name, code, email) in DEPARTMENTS {
        let input = DepartmentInput { name: name.into(), code: code.into(), contact_email: email.into() };
        ids.push(joint::save_department(db, &actor, None, &input).await?);
    }
    let mut accounts: Vec<(i64, String)> = Vec::new();
    for (n, (username, name, code)) in INSPECTORS.iter().enumerate() {
        let email = format!("{username}@sunshine.local");
        let txn = app::db::begin_write(db).await?;
        let uid = create_user(
            &txn,
            &actor,
            NewUser {
                username,
                display_name: name,
                email: &email,
                role: Role::Inspector,
                org_id: None,
                password: Some(PASSWORD),
            },
        )
        .await?;
        txn.commit().await?;
        accounts.push((uid, username.to_string()));
        let unit = DEPARTMENTS.iter().find(|d| d.1 == *code).map(|d| d.0).unwrap_or_default();
        let input = InspectorInput {
            name: name.to_string(),
            unit: unit.to_string(),
            email,
            phone: format!("0755-8900{:04}", 2201 + n),
            cert_no: format!("YG-LH-{:04}", 201 + n),
            cert_valid_until: NaiveDate::from_ymd_opt(today.year() + 3, 6, 30).expect("valid").to_string(),
            districts: String::new(),
            active: Some("on".into()),
            department: code.to_string(),
        };
        service::save_inspector(db, &actor, None, &input).await?;
    }
    let from = today - Days::new(10);
    let to = today + Days::new(50);
    let plan = CampaignInput {
        name: format!("{}年度社会组织部门联合抽查（市场监管、税务）", today.year()),
        year: today.year().to_string(),
        kind: "special".into(),
        object_kind: "org".into(),
        strata_by: "none".into(),
        size_mode: "count".into(),
        size_value: "6".into(),
        risk_percent: "0".into(),
        per_target: "2".into(),
        max_per_inspector: "10".into(),
        period_from: from.to_string(),
        period_to: to.to_string(),
        items: "财务管理\n收费行为\n税收缴纳".into(),
        beacon_source: format!("{} 福彩3D开奖号码", from - Days::new(1)),
        departments: Some([(format!("d{}", ids[0]), "on".into()), (format!("d{}", ids[1]), "on".into())].into()),
        ..Default::default()
    };
    let id = service::create_campaign(db, &actor, &plan).await?;
    service::freeze(db, settings, &actor, id).await?;
    service::draw(db, settings, &actor, id, &DrawInput { beacon_value: "2 7 1".into() }).await?;
    let targets = entity::inspection_target::Entity::find()
        .filter(entity::inspection_target::Column::CampaignId.eq(id))
        .order_by_asc(entity::inspection_target::Column::Position)
        .all(db)
        .await?;
    let findings: [(&str, &str, &str, &str); 3] = [
        ("rectify", "未按期召开理事会", "向会员收取的培训费未公示收费标准", ""),
        ("none", "", "", ""),
        ("rectify", "", "", "代扣代缴个人所得税不及时"),
    ];
    // The checklist (财务管理, 收费行为, 税收缴纳) answered as the findings say.
    let answers = [
        crate::seed_inspection::answers(3, &[(1, "向会员收取的培训费未公示收费标准")], &[]),
        crate::seed_inspection::answers(3, &[], &[]),
        crate::seed_inspection::answers(3, &[(2, "代扣代缴个人所得税不及时")], &[]),
    ];
    for ((t, (outcome, bureau, samr, tax)), (answers, notes)) in targets.iter().zip(findings).zip(answers) {
        let team = db
            .query_all_raw(app::db::stmt(
                db.get_database_backend(),
                "SELECT a.inspector_id, i.user_id FROM inspection_assignment a JOIN inspector i ON i.id = a.inspector_id \
                 WHERE a.target_id = ? ORDER BY a.position",
                vec![t.id.into()],
            ))
            .await?;
        let mut users = Vec::new();
        for r in team {
            let uid: Option<i64> = r.try_get("", "user_id")?;
            let row = match uid {
                Some(uid) => entity::app_user::Entity::find_by_id(uid).one(db).await?,
                None => None,
            };
            if let Some(u) = row {
                users.push(CurrentUser {
                    id: u.id,
                    username: u.username.clone(),
                    display_name: u.display_name.clone(),
                    role: Role::Inspector,
                    org_id: None,
                });
            }
        }
        let Some(first) = users.first() else { continue };
        let by_department = [
            ("b".to_string(), bureau.to_string()),
            (format!("d{}", ids[0]), samr.to_string()),
            (format!("d{}", ids[1]), tax.to_string()),
        ];
        let input = ResultInput {
            answers,
            notes,
            outcome: outcome.into(),
            inspected_on: (from + Days::new(3)).to_string(),
            version: "0".into(),
            by_department: Some(by_department.into()),
            ..Default::default()
        };
        results::record_result(db, &Actor::from(first), first, t.id, &input, today).await?;
        for u in &users {
            results::confirm(db, settings, &Actor::from(u), u, t.id, today).await?;
        }
    }
    let _ = accounts;
    results::publish(db, settings, &actor, id, today).await?;
    Ok(())
}

use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
