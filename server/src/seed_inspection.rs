//! Demo data of the double-random inspections, deterministic: an inspector
//! directory (the demo login `inspector` is the first, linked by e-mail, with
//! accounts for the others), a regular campaign drawn two weeks ago whose lists
//! went out by e-mail and with results in every state (each with its
//! checklist answered item by item), and a draft campaign.
//! Written once: nothing is added when a campaign exists.

use std::collections::BTreeMap;

use app::audit::service::Actor;
use app::auth::service::{create_user, NewUser};
use app::auth::types::{CurrentUser, Role};
use app::error::AppError;
use app::inspection::types::{CampaignInput, DrawInput, InspectorInput, ResultInput};
use app::inspection::{results, service};
use app::state::Settings;
use chrono::{Datelike, Days, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// (username, name, unit, districts); the first is the demo login.
const INSPECTORS: [(&str, &str, &str, &str); 8] = [
    ("inspector", "李检查", "阳光市民政局社会组织管理局", ""),
    ("inspector2", "周执法", "阳光市民政局社会组织管理局", ""),
    ("inspector3", "吴监察", "阳光市民政局执法支队", ""),
    ("inspector4", "郑稽查", "阳光市民政局执法支队", ""),
    ("inspector5", "冯审计", "阳光市财政局", ""),
    ("inspector6", "陈法务", "阳光市司法局", ""),
    ("inspector7", "褚督查", "阳光市民政局社会组织管理局", ""),
    ("inspector8", "卫核查", "阳光市民政局执法支队", ""),
];

/// The demo inspector's password (`seed::DEMO_USERS`).
const PASSWORD: &str = "Sunshine!Inspect26";

fn user(id: i64, username: &str) -> CurrentUser {
    CurrentUser { id, username: username.into(), display_name: username.into(), role: Role::Inspector, org_id: None }
}

/// A result's checklist answers and notes, as the form sends them.
pub(crate) type Answers = (Option<BTreeMap<String, String>>, Option<BTreeMap<String, String>>);

/// A demo result's checklist answers for a checklist of `count` items: each
/// compliant, but the items `no` (index from 0, note) and those not
/// applicable (`na`).
pub(crate) fn answers(count: usize, no: &[(usize, &str)], na: &[usize]) -> Answers {
    let mut answers = BTreeMap::new();
    let mut notes = BTreeMap::new();
    for n in 0..count {
        let key = app::domain::checklist::key(n);
        let answer = match no.iter().find(|(i, _)| *i == n) {
            Some((_, note)) => {
                notes.insert(key.clone(), note.to_string());
                "no"
            }
            None if na.contains(&n) => "na",
            None => "yes",
        };
        answers.insert(key, answer.to_string());
    }
    (Some(answers), Some(notes))
}

pub async fn seed_inspection(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<(), AppError> {
    if entity::inspection_campaign::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let actor = Actor::system("seed-demo");
    let mut accounts = Vec::new();
    for (n, (username, name, unit, districts)) in INSPECTORS.iter().enumerate() {
        let email = format!("{username}@sunshine.local");
        let txn = app::db::begin_write(db).await?;
        let existing = txn
            .query_one_raw(app::db::stmt(
                txn.get_database_backend(),
                "SELECT id FROM app_user WHERE username = ?",
                vec![(*username).into()],
            ))
            .await?;
        let id = match existing {
            Some(r) => r.try_get::<i64>("", "id")?,
            None => {
                let new = NewUser {
                    username,
                    display_name: name,
                    email: &email,
                    role: Role::Inspector,
                    org_id: None,
                    password: Some(PASSWORD),
                };
                create_user(&txn, &actor, new).await?
            }
        };
        txn.commit().await?;
        accounts.push((id, *username));
        let input = InspectorInput {
            name: name.to_string(),
            unit: unit.to_string(),
            email,
            phone: format!("0755-8800{:04}", 1201 + n),
            cert_no: format!("YG-ZF-{:04}", 101 + n),
            cert_valid_until: NaiveDate::from_ymd_opt(today.year() + 3, 6, 30).expect("valid").to_string(),
            districts: districts.to_string(),
            active: Some("on".into()),
            department: String::new(),
        };
        let known = entity::inspector::Entity::find()
            .filter(entity::inspector::Column::CertNo.eq(input.cert_no.clone()))
            .one(db)
            .await?;
        if known.is_none() {
            service::save_inspector(db, &actor, None, &input).await?;
        }
    }
    let from = today - Days::new(14);
    let to = today + Days::new(45);
    let plan = |name: &str, kind: &str, mode: &str, value: &str, risk: &str| CampaignInput {
        name: name.into(),
        year: today.year().to_string(),
        kind: kind.into(),
        object_kind: "org".into(),
        filter_type: String::new(),
        filter_district: String::new(),
        filter_credit: String::new(),
        filter_rating: String::new(),
        filter_trade: String::new(),
        strata_by: "org_type".into(),
        size_mode: mode.into(),
        size_value: value.into(),
        risk_percent: risk.into(),
        per_target: "2".into(),
        max_per_inspector: "40".into(),
        period_from: from.to_string(),
        period_to: to.to_string(),
        items: "年度报告\n信息公开\n内部治理\n财务管理\n业务活动".into(),
        beacon_source: format!("{} 福彩3D开奖号码", from - Days::new(1)),
        population: String::new(),
        departments: None,
    };
    // 4 %, or more in a small demo register so that at least 50 are drawn.
    let active = app::db::count_from(db, "FROM organization WHERE status = 'active'", vec![]).await?.max(1);
    let percent = (5000 + active - 1) / active;
    let percent = percent.clamp(4, 100).to_string();
    // Eight inspectors cannot cover 4 % of a large register: there the demo
    // campaign is a special one of 30 per type.
    let regular = if active <= 4000 {
        plan(&format!("{}年度社会组织“双随机、一公开”定期抽查", today.year()), "regular", "percent", &percent, "25")
    } else {
        plan(&format!("{}年度社会组织“双随机、一公开”专项抽查", today.year()), "special", "count", "30", "25")
    };
    let id = service::create_campaign(db, &actor, &regular).await?;
    service::freeze(db, settings, &actor, id).await?;
    service::draw(db, settings, &actor, id, &DrawInput { beacon_value: "5 3 8".into() }).await?;
    // Results: the first targets recorded, some confirmed, two published.
    let targets = entity::inspection_target::Entity::find()
        .order_by_asc(entity::inspection_target::Column::Position)
        .all(db)
        .await?;
    let outcomes = ["none", "rectify", "none", "penalty", "none", "rectify"];
    // The checklist (年度报告, 信息公开, 内部治理, 财务管理, 业务活动) answered
    // as each outcome says: the items not compliant carry the findings.
    let answered = |k: usize, outcome: &str| match outcome {
        "rectify" => answers(5, &[(2, "未按章程按期召开会员代表大会"), (3, "财务凭证不完整")], &[]),
        "penalty" => answers(5, &[(0, "未按规定报送年度工作报告"), (2, "擅自设立分支机构")], &[]),
        // Some organizations ran no activity of the kind inspected.
        _ if k % 4 == 2 => answers(5, &[], &[4]),
        _ => answers(5, &[], &[]),
    };
    for (k, t) in targets.iter().take(outcomes.len()).enumerate() {
        let team = db
            .query_all_raw(app::db::stmt(
                db.get_database_backend(),
                "SELECT inspector_id FROM inspection_assignment WHERE target_id = ? ORDER BY position",
                vec![t.id.into()],
            ))
            .await?;
        let mut users = Vec::new();
        for r in team {
            let inspector: i64 = r.try_get("", "inspector_id")?;
            let linked = entity::inspector::Entity::find_by_id(inspector).one(db).await?.and_then(|i| i.user_id);
            if let Some((uid, name)) = accounts.iter().find(|(uid, _)| Some(*uid) == linked) {
                users.push(user(*uid, name));
            }
        }
        let Some(first) = users.first() else { continue };
        let outcome = outcomes[k];
        let (answers, notes) = answered(k, outcome);
        let input = ResultInput {
            answers,
            notes,
            findings: match outcome {
                "rectify" => "未按章程按期召开会员代表大会，财务凭证不完整。".into(),
                "penalty" => "未按规定报送年度工作报告，擅自设立分支机构。".into(),
                _ => String::new(),
            },
            outcome: outcome.into(),
            inspected_on: (from + Days::new(2 + k as u64)).to_string(),
            version: "0".into(),
            by_department: None,
        };
        results::record_result(db, &Actor::from(first), first, t.id, &input, today).await?;
        if k < 4 {
            for u in &users {
                results::confirm(db, settings, &Actor::from(u), u, t.id, today).await?;
            }
        }
    }
    if targets.len() >= 2 {
        results::publish(db, settings, &actor, id, today).await?;
    }
    let special = plan("基金会专项抽查（信息公开）", "special", "count", "5", "0");
    service::create_campaign(db, &actor, &special).await?;
    Ok(())
}
