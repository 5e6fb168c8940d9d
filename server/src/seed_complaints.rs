//! Demo data of complaints (投诉举报), deterministic: a dozen reports
//! recorded by the demo officer over the last two months — against the demo
//! organization, other registered organizations, a charity's fundraising,
//! unregistered bodies and a lottery outlet — in every status: new and
//! overdue, assigned, under investigation, answered, and closed with each
//! outcome but "case opened" (a penalty case is opened from its own page).
//! Written through the complaints' service, so every row, timeline entry and
//! audit record is one the application writes. No reporter gives an e-mail
//! address, so no mail is queued. Written once: nothing is added when a
//! complaint exists.

use app::audit::service::Actor;
use app::complaints::service as complaints;
use app::complaints::types::{AssignInput, CloseInput, NoteInput, ReplyInput, ReportInput};
use app::error::AppError;
use app::state::Settings;
use chrono::{Days, NaiveDate};
use entity::{app_user, charity, complaint, lottery_outlet, organization};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

/// How far a demo complaint got.
#[derive(Clone, Copy)]
enum Stage {
    Received,
    Assigned,
    Investigating,
    Replied,
    Closed(&'static str),
}

/// One demo report: days ago it came in, what it is about (`None`: the
/// registered organization given by the seeder), what happened, and how far
/// its handling got.
struct Demo {
    days_ago: u64,
    kind: &'static str,
    subject: Option<&'static str>,
    what: &'static str,
    place: &'static str,
    stage: Stage,
}

const DEMOS: [Demo; 12] = [
    Demo {
        days_ago: 58,
        kind: "org",
        subject: None,
        what: "该协会以评比表彰名义向会员单位收取“荣誉证书费”每家三千元，未见任何评比程序。",
        place: "协会办公室",
        stage: Stage::Closed("rectification_ordered"),
    },
    Demo {
        days_ago: 50,
        kind: "org",
        subject: None,
        what: "该组织已两年未见任何活动，办公地址现为一家餐馆，电话无人接听。",
        place: "登记住所",
        stage: Stage::Closed("unfounded"),
    },
    Demo {
        days_ago: 45,
        kind: "unregistered",
        subject: Some("阳光市国学文化研究院"),
        what: "以“研究院”名义开办收费培训班并颁发“国学师资证书”，在民政部门查不到登记信息。",
        place: "阳光市福田区华强北路商务楼12层",
        stage: Stage::Closed("referred"),
    },
    Demo {
        days_ago: 40,
        kind: "fundraising",
        subject: None,
        what: "在地铁站出口设募捐箱，工作人员无法出示募捐方案备案编号，募捐箱未贴公开募捐信息。",
        place: "地铁1号线科技园站C出口",
        stage: Stage::Replied,
    },
    Demo {
        days_ago: 35,
        kind: "org",
        subject: None,
        what: "换届选举未按章程召开会员大会，由秘书长直接指定理事，多名会员不知情。",
        place: "协会年会",
        stage: Stage::Investigating,
    },
    Demo {
        days_ago: 30,
        kind: "outlet",
        subject: None,
        what: "该网点向穿校服的中学生出售即开型彩票，并允许赊账购买。",
        place: "网点营业厅",
        stage: Stage::Received,
    },
    Demo {
        days_ago: 28,
        kind: "org",
        subject: None,
        what: "基金会的年度报告中项目支出与官网公示的数字明显不一致，疑似虚报公益支出。",
        place: "基金会官网",
        stage: Stage::Assigned,
    },
    Demo {
        days_ago: 21,
        kind: "unregistered",
        subject: Some("阳光市老乡互助联合会"),
        what: "以联合会名义在微信群中吸收会员“入股”，承诺高额回报，自称经民政局批准成立。",
        place: "微信群“阳光老乡互助”",
        stage: Stage::Received,
    },
    Demo {
        days_ago: 14,
        kind: "org",
        subject: None,
        what: "协会要求会员企业必须参加其主办的收费培训，否则不予出具行业证明。",
        place: "协会培训中心",
        stage: Stage::Investigating,
    },
    Demo {
        days_ago: 9,
        kind: "org",
        subject: None,
        what: "民办学校的举办者将学校结余转入其个人控制的公司账户。",
        place: "学校财务室",
        stage: Stage::Assigned,
    },
    Demo {
        days_ago: 4,
        kind: "fundraising",
        subject: None,
        what: "网络募捐页面的项目介绍使用了其他机构受助儿童的照片，疑似虚构求助信息。",
        place: "互联网公开募捐平台",
        stage: Stage::Received,
    },
    Demo {
        days_ago: 1,
        kind: "org",
        subject: None,
        what: "社会组织在登记住所外另设办事处对外收费，挂牌名称与登记名称不符。",
        place: "阳光市南山区后海大道",
        stage: Stage::Received,
    },
];

/// What the demo officer wrote at each step (per stage reached).
const NOTE: &str = "已电话联系被举报单位负责人，调取相关会议记录和财务凭证核查。";
const REPLY: &str = "经核查，您反映的情况已查明，我局已依法处理。感谢您对社会组织监督管理工作的支持。";

/// Seeds the complaint demo; returns the number of complaints written.
pub async fn seed_complaints(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<u64, AppError> {
    if complaint::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let Some(officer) = app_user::Entity::find().filter(app_user::Column::Username.eq("officer")).one(db).await? else {
        return Ok(0);
    };
    let actor = Actor { id: Some(officer.id), name: officer.username.clone(), role: officer.role.clone() };
    let orgs: Vec<organization::Model> = organization::Entity::find()
        .filter(organization::Column::Status.eq("active"))
        .order_by_asc(organization::Column::Id)
        .limit(8)
        .all(db)
        .await?;
    let charity_org = match charity::Entity::find().order_by_asc(charity::Column::OrgId).one(db).await? {
        Some(c) => organization::Entity::find_by_id(c.org_id).one(db).await?,
        None => None,
    };
    let outlet = lottery_outlet::Entity::find().order_by_asc(lottery_outlet::Column::Id).one(db).await?;
    let mut written = 0;
    for (i, d) in DEMOS.iter().enumerate() {
        let subject = match (d.kind, d.subject) {
            (_, Some(name)) => name.to_string(),
            ("fundraising", None) => match &charity_org {
                Some(o) => o.name.clone(),
                None => continue,
            },
            ("outlet", None) => match &outlet {
                Some(o) => o.outlet_no.clone(),
                None => continue,
            },
            _ => match orgs.get(i % orgs.len().max(1)) {
                Some(o) => o.name.clone(),
                None => continue,
            },
        };
        let received = today - Days::new(d.days_ago);
        let input = ReportInput {
            subject_kind: d.kind.into(),
            subject,
            what: d.what.into(),
            place: d.place.into(),
            happened_on: (received - Days::new(3)).to_string(),
            name: if i % 3 == 0 { "王先生".into() } else { String::new() },
            phone: if i % 3 == 0 { "13800000000".into() } else { String::new() },
            ..Default::default()
        };
        let (id, _) = complaints::record(db, settings, &actor, &input, received).await?;
        written += 1;
        let reached = match d.stage {
            Stage::Received => 0,
            Stage::Assigned => 1,
            Stage::Investigating => 2,
            Stage::Replied => 3,
            Stage::Closed(_) => 4,
        };
        let day = |n: u64| (received + Days::new(n)).min(today);
        if reached >= 1 {
            let assign = AssignInput { officer_id: officer.id.to_string(), note: String::new() };
            complaints::assign(db, &actor, id, &assign, day(1)).await?;
        }
        if reached >= 2 {
            complaints::note(db, &actor, id, &NoteInput { note: NOTE.into() }, day(5)).await?;
        }
        if reached >= 3 {
            complaints::reply(db, settings, &actor, id, &ReplyInput { reply: REPLY.into() }, day(12)).await?;
        }
        if let Stage::Closed(outcome) = d.stage {
            let close = CloseInput {
                outcome: outcome.into(),
                referred_to: if outcome == "referred" {
                    "阳光市市场监督管理局".into()
                } else {
                    String::new()
                },
                ..Default::default()
            };
            complaints::close(db, &actor, id, &close, day(13)).await?;
        }
    }
    Ok(written)
}
