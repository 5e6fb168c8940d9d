//! Demo data of the administrative penalty cases (行政处罚案件),
//! deterministic: a case in every state of `domain::penalty_case` — awaiting
//! approval, not opened, investigating, notified, a hearing requested,
//! scheduled and held, decided, served (by each method, one public notice
//! still running), in court enforcement, executed, execution ended,
//! transferred, terminated, annulled and closed — from each source: an
//! officer's finding, a published inspection result, a zombie case and
//! complaints (the illegal organizations' demo adds the ban of an illegal
//! one). Several decisions are published on `/public/penalties`; one
//! revocation is annulled, so its organization stays revoked until the
//! registry reinstates it.
//!
//! Every case is opened and stepped through the penalty cases' own service
//! with past days (as an officer records a case after the fact), so the
//! documents, the decision numbers (`阳民罚〔year〕N号`, in the order of the
//! decisions' days), the credit record's penalties and listings, the
//! registry's revocations and the audit records are those the application
//! writes. The one row written directly is the zombie case the daily job
//! would have found (the demo runs no daily job). Written once: nothing is
//! added when a case other than the illegal organizations' exists.

use std::collections::BTreeMap;

use app::audit::service::Actor;
use app::complaints::service as complaints;
use app::complaints::types::{AssignInput, CloseInput, NoteInput, ReplyInput, ReportInput};
use app::error::AppError;
use app::penalty::service as penalty;
use app::penalty::types::{NewCaseInput, StepInput};
use app::state::Settings;
use chrono::{Days, NaiveDate, Utc};
use entity::{app_user, inspection_target, organization, penalty_case, zombie_case};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

/// One step: the action (`evidence` attaches a photo), its day (days before
/// today), and its form's fields. A field `s:<penalty>` is a penalty's
/// field (`s:fine` = on, `s:fine_amount` in yuan); `hearing_on` and
/// `demand_served_on` are days before today too (negative: ahead).
type Step = (&'static str, i64, &'static [(&'static str, &'static str)]);

/// Where a demo case comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Officer,
    Inspection,
    Zombie,
    /// A complaint recorded, investigated and answered before the case.
    Complaint,
}

/// One demo case: its source, the violation's row, the facts, the day it was
/// registered (days before today) and its steps.
struct Demo {
    source: Source,
    violation: &'static str,
    facts: &'static str,
    opened: i64,
    steps: &'static [Step],
}

/// The demo cases, the decided ones in the order of their decisions' days.
const DEMOS: [Demo; 16] = [
    // Closed after the fine was paid and the remedies ran out; served by leaving it at the address.
    Demo {
        source: Source::Officer,
        violation: "cs113",
        facts: "不具有公开募捐资格，在商业广场设点公开募集善款，共募得人民币四万余元。",
        opened: 330,
        steps: &[
            ("approve_opening", 329, &[]),
            ("evidence", 328, &[]),
            ("serve_notice", 320, &[("method", "in_person"), ("s:fine", "on"), ("s:fine_amount", "30000")]),
            ("waive", 318, &[]),
            ("decide_penalty", 310, &[("s:fine", "on"), ("s:fine_amount", "30000"), ("legal_review_done", "on")]),
            ("serve_decision", 300, &[("method", "left_at_address"), ("receipt_refused", "on")]),
            ("execute", 280, &[("fine_paid", "on")]),
            ("close", 5, &[]),
        ],
    },
    // A fine unpaid after the remedies ran out: applied to the court.
    Demo {
        source: Source::Officer,
        violation: "cs113",
        facts: "不具有公开募捐资格，通过网络平台公开募集“助学善款”。",
        opened: 300,
        steps: &[
            ("approve_opening", 299, &[]),
            ("evidence", 298, &[]),
            ("serve_notice", 290, &[("method", "in_person"), ("s:fine", "on"), ("s:fine_amount", "50000")]),
            ("waive", 288, &[]),
            ("decide_penalty", 280, &[("s:fine", "on"), ("s:fine_amount", "50000"), ("legal_review_done", "on")]),
            ("serve_decision", 240, &[("method", "in_person")]),
            ("apply_court", 20, &[("demand_served_on", "40")]),
        ],
    },
    // A revocation executed: the certificate and seals declared void.
    Demo {
        source: Source::Officer,
        violation: "st30_3",
        facts: "连续三年未按规定接受年度检查，经责令改正拒不改正。",
        opened: 200,
        steps: &[
            ("approve_opening", 199, &[]),
            ("evidence", 198, &[]),
            ("serve_notice", 190, &[("method", "in_person"), ("s:revocation", "on"), ("gravity", "serious")]),
            ("waive", 188, &[]),
            ("decide_penalty", 180, &[("s:revocation", "on"), ("gravity", "serious"), ("legal_review_done", "on")]),
            ("serve_decision", 178, &[("method", "in_person")]),
            ("execute", 170, &[("note", "登记证书、印章已公告作废")]),
        ],
    },
    // From a complaint: the decision served by public notice, still running.
    Demo {
        source: Source::Complaint,
        violation: "cs113",
        facts: "群众举报：在地铁站口以“爱心助残”名义公开募捐，未取得公开募捐资格。",
        opened: 130,
        steps: &[
            ("approve_opening", 129, &[]),
            ("evidence", 128, &[]),
            (
                "serve_notice",
                120,
                &[
                    ("method", "left_at_address"),
                    ("receipt_refused", "on"),
                    ("s:fine", "on"),
                    ("s:fine_amount", "20000"),
                ],
            ),
            ("waive", 118, &[]),
            ("decide_penalty", 100, &[("s:fine", "on"), ("s:fine_amount", "20000"), ("legal_review_done", "on")]),
            ("serve_decision", 40, &[("method", "public_notice"), ("other_methods_failed", "on")]),
        ],
    },
    // A fine paid: executed, the remedies still open.
    Demo {
        source: Source::Officer,
        violation: "cs113",
        facts: "不具有公开募捐资格，在社区门口设置募捐箱公开募捐。",
        opened: 110,
        steps: &[
            ("approve_opening", 109, &[]),
            ("evidence", 108, &[]),
            ("serve_notice", 100, &[("method", "post"), ("s:fine", "on"), ("s:fine_amount", "30000")]),
            ("waive", 98, &[]),
            ("decide_penalty", 90, &[("s:fine", "on"), ("s:fine_amount", "30000"), ("legal_review_done", "on")]),
            ("serve_decision", 88, &[("method", "in_person")]),
            ("execute", 60, &[("fine_paid", "on")]),
        ],
    },
    // Execution ended: the party has no property to execute against.
    Demo {
        source: Source::Officer,
        violation: "cs113",
        facts: "不具有公开募捐资格，以义卖名义公开募集财产。",
        opened: 100,
        steps: &[
            ("approve_opening", 99, &[]),
            ("evidence", 98, &[]),
            ("serve_notice", 95, &[("method", "in_person"), ("s:fine", "on"), ("s:fine_amount", "20000")]),
            ("waive", 94, &[]),
            ("decide_penalty", 85, &[("s:fine", "on"), ("s:fine_amount", "20000"), ("legal_review_done", "on")]),
            ("serve_decision", 84, &[("method", "post")]),
            ("end_execution", 20, &[("note", "当事人已无财产可供执行，依法终结执行")]),
        ],
    },
    // A revocation annulled on reconsideration: the registration stays revoked until reinstated.
    Demo {
        source: Source::Officer,
        violation: "st30_3",
        facts: "连续三年未按规定报送年度工作报告，经责令改正拒不改正。",
        opened: 95,
        steps: &[
            ("approve_opening", 94, &[]),
            ("evidence", 93, &[]),
            ("serve_notice", 85, &[("method", "in_person"), ("s:revocation", "on"), ("gravity", "serious")]),
            ("waive", 83, &[]),
            ("decide_penalty", 70, &[("s:revocation", "on"), ("gravity", "serious"), ("legal_review_done", "on")]),
            ("serve_decision", 68, &[("method", "in_person")]),
            ("annul", 10, &[("note", "行政复议决定撤销：当事人已于决定前报送年度工作报告")]),
        ],
    },
    // No penalty: decided, served by post, closed.
    Demo {
        source: Source::Officer,
        violation: "st30_2",
        facts: "举办的培训活动疑超出章程规定的业务范围。经查，活动属章程所定业务范围。",
        opened: 80,
        steps: &[
            ("approve_opening", 79, &[]),
            ("evidence", 78, &[]),
            ("decide_no_penalty", 70, &[("note", "违法事实不能成立，不予行政处罚")]),
            ("serve_decision", 69, &[("method", "post")]),
            ("close", 60, &[]),
        ],
    },
    // A warning served electronically with the party's consent.
    Demo {
        source: Source::Officer,
        violation: "cs113",
        facts: "不具有公开募捐资格，在微信群内转发募捐二维码公开募捐，金额较小并已主动退还。",
        opened: 40,
        steps: &[
            ("approve_opening", 39, &[]),
            ("evidence", 38, &[]),
            ("serve_notice", 30, &[("method", "electronic"), ("electronic_consent", "on"), ("s:warning", "on")]),
            ("waive", 29, &[]),
            ("decide_penalty", 16, &[("s:warning", "on")]),
            ("serve_decision", 15, &[("method", "electronic")]),
        ],
    },
    // Decided two days ago, not yet served.
    Demo {
        source: Source::Officer,
        violation: "st30_3",
        facts: "首次未按规定报送年度工作报告，经责令后已改正。",
        opened: 35,
        steps: &[
            ("approve_opening", 34, &[]),
            ("evidence", 33, &[]),
            ("serve_notice", 20, &[("method", "in_person"), ("s:warning", "on"), ("gravity", "ordinary")]),
            ("waive", 19, &[]),
            ("decide_penalty", 2, &[("s:warning", "on"), ("gravity", "ordinary")]),
        ],
    },
    // Heard: the hearing held, the decision to come.
    Demo {
        source: Source::Officer,
        violation: "cs113",
        facts: "不具有公开募捐资格，在校园内组织公开募捐。",
        opened: 60,
        steps: &[
            ("approve_opening", 59, &[]),
            ("evidence", 58, &[]),
            ("serve_notice", 50, &[("method", "in_person"), ("s:fine", "on"), ("s:fine_amount", "30000")]),
            ("request_hearing", 48, &[]),
            ("schedule_hearing", 46, &[("hearing_on", "25")]),
            ("hold_hearing", 25, &[("note", "当事人到场陈述申辩，承认募捐事实，请求从轻处罚")]),
        ],
    },
    // From a zombie case: revocation proposed, the hearing ahead.
    Demo {
        source: Source::Zombie,
        violation: "st30_3",
        facts: "连续两年未报送年度工作报告，通过登记的住所无法取得联系，长期未开展活动。",
        opened: 30,
        steps: &[
            ("approve_opening", 29, &[]),
            ("evidence", 28, &[]),
            ("serve_notice", 20, &[("method", "in_person"), ("s:revocation", "on"), ("gravity", "serious")]),
            ("request_hearing", 18, &[]),
            ("schedule_hearing", 16, &[("hearing_on", "-5")]),
        ],
    },
    // From a complaint: a hearing requested.
    Demo {
        source: Source::Complaint,
        violation: "cs113",
        facts: "群众举报：以“关爱留守儿童”名义在商场公开募捐，未取得公开募捐资格。",
        opened: 25,
        steps: &[
            ("approve_opening", 24, &[]),
            ("evidence", 23, &[]),
            ("serve_notice", 6, &[("method", "post"), ("s:fine", "on"), ("s:fine_amount", "50000")]),
            ("request_hearing", 4, &[]),
        ],
    },
    // Notified: the statement period running.
    Demo {
        source: Source::Officer,
        violation: "cs113",
        facts: "不具有公开募捐资格，在公园入口摆放募捐箱。",
        opened: 12,
        steps: &[
            ("approve_opening", 11, &[]),
            ("evidence", 10, &[]),
            ("serve_notice", 2, &[("method", "in_person"), ("s:warning", "on")]),
        ],
    },
    // Transferred, terminated and not opened.
    Demo {
        source: Source::Officer,
        violation: "st30_6",
        facts: "以协会名义从事营利性经营活动，涉嫌非法集资。",
        opened: 45,
        steps: &[("approve_opening", 44, &[]), ("transfer", 40, &[("note", "涉嫌犯罪，移送阳光市公安局")])],
    },
    Demo {
        source: Source::Officer,
        violation: "st30_4",
        facts: "住所变更后未按规定办理变更登记。",
        opened: 60,
        steps: &[
            ("approve_opening", 59, &[]),
            ("evidence", 58, &[]),
            ("terminate", 50, &[("note", "经查已于立案前办理变更登记，终止调查")]),
        ],
    },
];

/// Not opened (不予立案): the officer's lead did not hold.
const NOT_OPENED: Demo = Demo {
    source: Source::Officer,
    violation: "st30_2",
    facts: "群众反映协会举办商业展会。经初步核实，展会由会员企业自行举办。",
    opened: 30,
    steps: &[("decline_opening", 28, &[("note", "不属于社会组织违法行为，不予立案")])],
};

/// The inspection's case (investigating) and the complaint's case opened
/// from the complaint's own page (awaiting approval).
const INSPECTION: Demo = Demo {
    source: Source::Inspection,
    violation: "st30_3",
    facts: "“双随机、一公开”抽查发现：未按规定报送年度工作报告，擅自设立分支机构。",
    opened: 0,
    steps: &[("approve_opening", 0, &[]), ("evidence", 0, &[])],
};

/// A tiny PNG (the upload is checked by its first bytes).
const PNG: [u8; 11] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

/// The demo's context: the officer and the bureau's day.
struct Seeder<'a> {
    db: &'a DatabaseConnection,
    settings: &'a Settings,
    actor: Actor,
    officer: i64,
    today: NaiveDate,
}

impl Seeder<'_> {
    fn ago(&self, n: i64) -> NaiveDate {
        if n >= 0 {
            self.today - Days::new(n.unsigned_abs())
        } else {
            self.today + Days::new(n.unsigned_abs())
        }
    }

    /// The form of `action` on day `on` with `fields`.
    fn input(&self, action: &str, on: i64, fields: &[(&str, &str)]) -> StepInput {
        let mut input = StepInput { action: action.into(), day: self.ago(on).to_string(), ..Default::default() };
        let mut sanctions = BTreeMap::new();
        let days = |v: &str| v.parse::<i64>().map(|n| self.ago(n).to_string()).unwrap_or_default();
        for (k, v) in fields {
            let v = v.to_string();
            match *k {
                "method" => input.method = v,
                "electronic_consent" => input.electronic_consent = v,
                "receipt_refused" => input.receipt_refused = v,
                "other_methods_failed" => input.other_methods_failed = v,
                "gravity" => input.gravity = v,
                "legal_review_done" => input.legal_review_done = v,
                "fine_paid" => input.fine_paid = v,
                "note" => input.note = v,
                "hearing_on" => input.hearing_on = days(&v),
                "demand_served_on" => input.demand_served_on = days(&v),
                other => {
                    if let Some(p) = other.strip_prefix("s:") {
                        sanctions.insert(p.to_string(), v);
                    }
                }
            }
        }
        input.sanctions = sanctions;
        input
    }

    /// Opens the demo case against `org` (or its source's party) and takes
    /// its steps.
    async fn case(&self, d: &Demo, source_id: Option<i64>, org: Option<&organization::Model>) -> Result<i64, AppError> {
        let source = match d.source {
            Source::Officer => "officer",
            Source::Inspection => "inspection",
            Source::Zombie => "zombie",
            Source::Complaint => "complaint",
        };
        let opened = self.ago(d.opened).to_string();
        let input = NewCaseInput {
            source: source.into(),
            source_id: source_id.map(|i| i.to_string()).unwrap_or_default(),
            party_kind: "organization".into(),
            credit_code: if source_id.is_none() {
                org.map(|o| o.credit_code.clone()).unwrap_or_default()
            } else {
                String::new()
            },
            violation_code: d.violation.into(),
            facts: d.facts.into(),
            discovered_on: opened.clone(),
            day: opened,
            ..Default::default()
        };
        let id = penalty::open(self.db, &self.actor, &input).await?;
        for (action, on, fields) in d.steps {
            if *action == "evidence" {
                let day = self.ago(*on).to_string();
                penalty::add_evidence(self.db, self.settings, &self.actor, id, &day, "现场检查照片.png", &PNG).await?;
            } else {
                penalty::step(self.db, self.settings, &self.actor, id, &self.input(action, *on, fields)).await?;
            }
        }
        Ok(id)
    }

    /// A complaint about `org` received `received` days ago, assigned,
    /// investigated and answered; its id.
    async fn complaint(&self, org: &organization::Model, what: &str, received: i64) -> Result<i64, AppError> {
        let on = self.ago(received);
        let input = ReportInput {
            subject_kind: "org".into(),
            subject: org.name.clone(),
            what: what.into(),
            place: "阳光市福田区".into(),
            happened_on: (on - Days::new(2)).to_string(),
            ..Default::default()
        };
        let (id, _) = complaints::record(self.db, self.settings, &self.actor, &input, on).await?;
        let assign = AssignInput { officer_id: self.officer.to_string(), note: String::new() };
        complaints::assign(self.db, &self.actor, id, &assign, on).await?;
        let note =
            NoteInput { note: "调取现场照片及募捐记录，约谈负责人，制作询问笔录。".into() };
        complaints::note(self.db, &self.actor, id, &note, on).await?;
        let reply = ReplyInput {
            reply: "经核查，您反映的情况基本属实，我局已依法立案调查。感谢您的监督。".into()
        };
        complaints::reply(self.db, self.settings, &self.actor, id, &reply, on).await?;
        Ok(id)
    }

    /// Closes complaint `id` as "case opened" (naming the case opened from
    /// it, or opening one for `violation`) on day `on`.
    async fn close_complaint(&self, id: i64, violation: &str, on: i64) -> Result<Option<i64>, AppError> {
        let close =
            CloseInput { outcome: "case_opened".into(), violation_code: violation.into(), ..Default::default() };
        complaints::close(self.db, &self.actor, id, &close, self.ago(on)).await
    }
}

/// Seeds the penalty cases' demo; returns the number of cases written.
pub async fn seed_penalty(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<u64, AppError> {
    let existing = penalty_case::Entity::find().filter(penalty_case::Column::Source.ne("illegal")).count(db).await?;
    if existing > 0 {
        return Ok(0);
    }
    let Some(officer) = app_user::Entity::find().filter(app_user::Column::Username.eq("officer")).one(db).await? else {
        return Ok(0);
    };
    let actor = Actor { id: Some(officer.id), name: officer.display_name.clone(), role: officer.role.clone() };
    let s = Seeder { db, settings, actor, officer: officer.id, today };
    // The organizations of the demo's cases, one each: active ones registered
    // before the oldest case (a revocation is not dated before the
    // registration), after the first eight (the complaints' demo names those).
    let orgs: Vec<organization::Model> = organization::Entity::find()
        .filter(organization::Column::Status.eq("active"))
        .filter(organization::Column::RegistrationDate.lt(today - Days::new(400)))
        .order_by_asc(organization::Column::Id)
        .all(db)
        .await?;
    let mut pool = orgs.iter().skip(8);
    let mut written = 0;
    for d in DEMOS.iter().chain([&NOT_OPENED]) {
        let Some(org) = pool.next() else { break };
        let source_id = match d.source {
            Source::Complaint => {
                let received = d.opened + 4;
                let id = s.complaint(org, d.facts.trim_start_matches("群众举报："), received).await?;
                Some(id)
            }
            Source::Zombie => {
                // The candidate the daily job finds (two years without a report).
                let z = zombie_case::ActiveModel {
                    org_id: Set(org.id),
                    status: Set("candidate".into()),
                    missed_reports: Set(true),
                    unreachable: Set(false),
                    inactive: Set(false),
                    detected_on: Set(s.ago(d.opened + 10)),
                    updated_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                Some(z.id)
            }
            _ => None,
        };
        s.case(d, source_id, Some(org)).await?;
        if let (Source::Complaint, Some(complaint)) = (d.source, source_id) {
            s.close_complaint(complaint, d.violation, d.opened).await?;
        }
        written += 1;
    }
    // The inspection's "penalty" finding: a case under investigation.
    let target = inspection_target::Entity::find()
        .filter(inspection_target::Column::ObjectKind.eq("org"))
        .filter(inspection_target::Column::Outcome.eq("penalty"))
        .order_by_asc(inspection_target::Column::Id)
        .one(db)
        .await?;
    if let Some(t) = target {
        s.case(&INSPECTION, Some(t.id), None).await?;
        written += 1;
    }
    // A complaint closed today as "case opened" from its page: the case awaits approval.
    if let Some(org) = pool.next() {
        let what = "该协会在小区内以“公益义诊”名义募集捐款，未见公开募捐资格证明。";
        let complaint = s.complaint(org, what, 20).await?;
        if s.close_complaint(complaint, "cs113", 0).await?.is_some() {
            written += 1;
        }
    }
    Ok(written)
}
