//! Demo data of the illegal organizations' register (非法社会组织),
//! deterministic: leads from each source in every state — suspected, under
//! investigation, banned through a decided penalty case (社团条例 §35),
//! dispersed, referred, registered after all, unfounded — one opened from the
//! demo complaint about an unregistered "research institute"; the banned one
//! and one exposed lead are on the public warning list. Written through the
//! services (the ban's case through the penalty cases' own steps), so every
//! row, log entry and audit record is one the application writes. Written
//! once: nothing is added when an entry exists.

use std::collections::BTreeMap;

use app::audit::service::Actor;
use app::error::AppError;
use app::illegal::service as illegal;
use app::illegal::types::{EntryInput, NoteInput, OutcomeInput, PublishInput};
use app::penalty::types::{NewCaseInput, StepInput};
use app::state::Settings;
use chrono::{Days, NaiveDate};
use entity::{app_user, complaint, illegal_org, organization};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// One demo lead: its name, what and where, websites, accounts, people,
/// source, days ago found, and where it ended.
struct Demo {
    name: &'static str,
    activities: &'static str,
    places: &'static str,
    websites: &'static str,
    accounts: &'static str,
    people: &'static str,
    source: &'static str,
    source_ref: &'static str,
    days_ago: u64,
    end: &'static str,
}

const DEMOS: [Demo; 6] = [
    Demo {
        name: "中华国学文化传承促进总会",
        activities: "以“全国性社会团体”名义发展会员、收取会费，向企业颁发“理事单位”牌匾并收取赞助费。",
        places: "阳光市南山区科技园南区创业大厦8楼",
        websites: "www.zhgxcc-zonghui.example\n微信公众号：国学传承总会",
        accounts: "个人账户 6222 **** **** 1234（户名：李某）",
        people: "李某，自称“会长”\n赵某，自称“秘书长”",
        source: "media",
        source_ref: "阳光日报 2026年9月报道",
        days_ago: 90,
        end: "banned",
    },
    Demo {
        name: "阳光市老年健康养生联合会",
        activities: "组织老年人参加“养生讲座”，现场推销保健品，并以“会员费”名义收取费用。",
        places: "阳光市福田区莲花路社区活动中心",
        websites: "",
        accounts: "",
        people: "周某，讲座组织者",
        source: "referral",
        source_ref: "阳光市公安局福田分局",
        days_ago: 6,
        end: "suspected",
    },
    Demo {
        name: "阳光市青少年素质教育发展联盟",
        activities: "以“联盟”名义在多所学校门口发放招生传单，组织收费研学活动。",
        places: "阳光市南山区学府路",
        websites: "抖音账号：素质教育联盟阳光站",
        accounts: "",
        people: "孙某，负责人",
        source: "inspection",
        source_ref: "2026年秋季校园周边联合检查",
        days_ago: 60,
        end: "dispersed",
    },
    Demo {
        name: "全球华人慈善基金总会阳光分会",
        activities: "在网络上以“慈善救助”名义募集资金，承诺高额“善款回报”。",
        places: "",
        websites: "www.global-charity-fund.example",
        accounts: "对公账户 4400 **** **** 5678",
        people: "吴某，自称“分会主席”",
        source: "officer",
        source_ref: "",
        days_ago: 40,
        end: "referred",
    },
    Demo {
        name: "阳光市生态环保志愿者联合会",
        activities: "群众反映以环保名义组织活动。经核实为社区居委会组织的志愿活动，未以社会组织名义开展。",
        places: "阳光市宝安区西乡街道",
        websites: "",
        accounts: "",
        people: "",
        source: "officer",
        source_ref: "",
        days_ago: 30,
        end: "unfounded",
    },
    Demo {
        name: "（登记名录中的组织）",
        activities: "以协会名义组织会员活动，群众疑其未经登记；经核查已依法登记。",
        places: "阳光市南山区海岸城",
        websites: "",
        accounts: "",
        people: "",
        source: "officer",
        source_ref: "",
        days_ago: 20,
        end: "registered",
    },
];

const NOTE: &str = "实地走访活动场所，调取宣传材料，约谈相关负责人，制作询问笔录。";

/// Takes a case opened for entry `entry` through the penalty cases' steps to
/// a decided ban (取缔) under 社团条例 §35.
async fn decided_ban(db: &DatabaseConnection, settings: &Settings, actor: &Actor, entry: i64) -> Result<i64, AppError> {
    let penalty = app::penalty::service::open(
        db,
        actor,
        &NewCaseInput {
            source: "illegal".into(),
            source_id: entry.to_string(),
            party_kind: "organization".into(),
            violation_code: "st35".into(),
            facts: "未经登记，擅自以全国性社会团体名义发展会员、收取会费和赞助费。".into(),
            ..Default::default()
        },
    )
    .await?;
    let ban = || BTreeMap::from([("ban".to_string(), "on".to_string())]);
    let step = |action: &str| StepInput { action: action.into(), ..Default::default() };
    app::penalty::service::step(db, settings, actor, penalty, &step("approve_opening")).await?;
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    app::penalty::service::add_evidence(db, settings, actor, penalty, "", "现场照片.png", &png).await?;
    let notice = StepInput { sanctions: ban(), method: "in_person".into(), ..step("serve_notice") };
    app::penalty::service::step(db, settings, actor, penalty, &notice).await?;
    app::penalty::service::step(db, settings, actor, penalty, &step("waive")).await?;
    let decide = StepInput { sanctions: ban(), legal_review_done: "on".into(), ..step("decide_penalty") };
    app::penalty::service::step(db, settings, actor, penalty, &decide).await?;
    Ok(penalty)
}

/// Seeds the register's demo; returns the number of entries written.
pub async fn seed_illegal(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<u64, AppError> {
    if illegal_org::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let Some(officer) = app_user::Entity::find().filter(app_user::Column::Username.eq("officer")).one(db).await? else {
        return Ok(0);
    };
    let actor = Actor { id: Some(officer.id), name: officer.display_name.clone(), role: officer.role.clone() };
    let mut written = 0;
    // The demo complaint about an unregistered body: a lead under investigation, exposed.
    let lead = complaint::Entity::find()
        .filter(complaint::Column::SubjectKind.eq("unregistered"))
        .order_by_asc(complaint::Column::Id)
        .one(db)
        .await?;
    if let Some(c) = lead {
        let id = illegal::open_from_complaint(db, &actor, c.id, today).await?;
        illegal::note(db, &actor, id, &NoteInput { note: NOTE.into(), day: today.to_string() }, today).await?;
        illegal::publish(db, &actor, id, &PublishInput { day: today.to_string() }, today).await?;
        written += 1;
    }
    let registered = organization::Entity::find()
        .filter(organization::Column::Status.eq("active"))
        .order_by_asc(organization::Column::Id)
        .one(db)
        .await?;
    for d in &DEMOS {
        let found = today - Days::new(d.days_ago);
        // "Registered after all" is the first organization of the register, by its name.
        let name = match (&registered, d.end) {
            (Some(o), "registered") => o.name.clone(),
            _ => d.name.to_string(),
        };
        let input = EntryInput {
            name,
            activities: d.activities.into(),
            places: d.places.into(),
            websites: d.websites.into(),
            accounts: d.accounts.into(),
            people: d.people.into(),
            source: d.source.into(),
            source_ref: d.source_ref.into(),
            found_on: found.to_string(),
        };
        let id = illegal::create(db, &actor, &input, today).await?;
        written += 1;
        if d.end == "suspected" {
            continue;
        }
        let day = (found + Days::new(7)).min(today);
        illegal::note(db, &actor, id, &NoteInput { note: NOTE.into(), day: day.to_string() }, today).await?;
        let mut outcome = OutcomeInput { outcome: d.end.into(), day: today.to_string(), ..Default::default() };
        match d.end {
            "banned" => {
                decided_ban(db, settings, &actor, id).await?;
            }
            "referred" => outcome.referred_to = "阳光市公安局".into(),
            "registered" => match &registered {
                Some(o) => outcome.credit_code = o.credit_code.clone(),
                None => continue,
            },
            _ => {}
        }
        illegal::outcome(db, &actor, id, &outcome, today).await?;
    }
    Ok(written)
}
