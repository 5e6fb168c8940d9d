//! The mails of rating (等级评估): the eligibility decision, the expert's
//! task, the public notice, the objection's outcome, the result, a change of
//! grade and the notice before a grade expires (texts `mail_rating_*`).

use crate::mail::letter;

/// The application passed the eligibility check.
#[derive(Clone, Debug)]
pub struct EligibilityPassed {
    pub bureau: String,
    pub org: String,
}
letter!(EligibilityPassed, MAIL_RATING_ELIGIBLE_SUBJECT, MAIL_RATING_ELIGIBLE_BODY, [bureau, org]);

/// The application did not pass the eligibility check, for `note`.
#[derive(Clone, Debug)]
pub struct EligibilityRefused {
    pub bureau: String,
    pub org: String,
    pub note: String,
}
letter!(EligibilityRefused, MAIL_RATING_INELIGIBLE_SUBJECT, MAIL_RATING_INELIGIBLE_BODY, [bureau, org, note]);

/// An expert chosen for the panel of `org`, with the link to the score sheet.
#[derive(Clone, Debug)]
pub struct PanelTask {
    pub bureau: String,
    pub org: String,
    /// The expert's name.
    pub expert: String,
    pub link: String,
}
letter!(PanelTask, MAIL_RATING_PANEL_SUBJECT, MAIL_RATING_PANEL_BODY, [bureau, org, expert, link]);

/// The result is in public notice from `from` to `to`.
#[derive(Clone, Debug)]
pub struct ResultNotice {
    pub bureau: String,
    pub org: String,
    /// The score as shown (`rules::show_score`).
    pub score: String,
    /// The proposed grade, or the phrase for none.
    pub grade: String,
    pub from: String,
    pub to: String,
    /// The public address of the site.
    pub url: String,
}
letter!(ResultNotice, MAIL_RATING_NOTICE_SUBJECT, MAIL_RATING_NOTICE_BODY, [bureau, org, score, grade, from, to, url]);

/// An objection found right: the result was corrected.
#[derive(Clone, Debug)]
pub struct ObjectionUpheld {
    pub bureau: String,
    pub org: String,
    pub resolution: String,
}
letter!(
    ObjectionUpheld,
    MAIL_RATING_OBJECTION_UPHELD_SUBJECT,
    MAIL_RATING_OBJECTION_UPHELD_BODY,
    [bureau, org, resolution]
);

/// An objection found wrong: the result stands.
#[derive(Clone, Debug)]
pub struct ObjectionDismissed {
    pub bureau: String,
    pub org: String,
    pub resolution: String,
}
letter!(
    ObjectionDismissed,
    MAIL_RATING_OBJECTION_DISMISSED_SUBJECT,
    MAIL_RATING_OBJECTION_DISMISSED_BODY,
    [bureau, org, resolution]
);

/// The score is below the lowest grade: the application ends without one.
#[derive(Clone, Debug)]
pub struct NotRated {
    pub bureau: String,
    pub org: String,
    pub score: String,
}
letter!(NotRated, MAIL_RATING_NOT_RATED_SUBJECT, MAIL_RATING_NOT_RATED_BODY, [bureau, org, score]);

/// The grade granted, its validity and its certificate.
#[derive(Clone, Debug)]
pub struct Granted {
    pub bureau: String,
    pub org: String,
    pub grade: String,
    pub score: String,
    pub from: String,
    pub to: String,
    pub url: String,
    pub grade_id: i64,
}
letter!(
    Granted,
    MAIL_RATING_GRANTED_SUBJECT,
    MAIL_RATING_GRANTED_BODY,
    [bureau, org, grade, score, from, to, url, grade_id]
);

/// A grade lowered from `from` to `to` for an event on `date`.
#[derive(Clone, Debug)]
pub struct GradeLowered {
    pub bureau: String,
    pub org: String,
    pub from: String,
    pub to: String,
    pub date: String,
    pub reason: String,
}
letter!(GradeLowered, MAIL_RATING_LOWERED_SUBJECT, MAIL_RATING_LOWERED_BODY, [bureau, org, from, to, date, reason]);

/// A grade cancelled for an event on `date`.
#[derive(Clone, Debug)]
pub struct GradeCancelled {
    pub bureau: String,
    pub org: String,
    pub date: String,
    pub reason: String,
}
letter!(GradeCancelled, MAIL_RATING_CANCELLED_SUBJECT, MAIL_RATING_CANCELLED_BODY, [bureau, org, date, reason]);

/// A grade that expires on `valid_to` (sent some months before).
#[derive(Clone, Debug)]
pub struct GradeExpiring {
    pub bureau: String,
    pub org: String,
    pub grade: String,
    pub certificate: String,
    pub valid_to: String,
    pub url: String,
}
letter!(
    GradeExpiring,
    MAIL_RATING_EXPIRING_SUBJECT,
    MAIL_RATING_EXPIRING_BODY,
    [bureau, org, grade, certificate, valid_to, url]
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{assert_renders, render, MAIL_LANG};

    const BUREAU: &str = "阳光市民政局";
    const ORG: &str = "阳光市慈善协会";
    const URL: &str = "http://127.0.0.1:3000";

    fn s(v: &str) -> String {
        v.to_string()
    }

    #[test]
    fn every_letter_renders_in_both_languages() {
        let (bureau, org) = (s(BUREAU), s(ORG));
        assert_renders(&EligibilityPassed { bureau: bureau.clone(), org: org.clone() });
        assert_renders(&EligibilityRefused { bureau: bureau.clone(), org: org.clone(), note: s("材料不全") });
        assert_renders(&PanelTask {
            bureau: bureau.clone(),
            org: org.clone(),
            expert: s("专家甲"),
            link: s("http://127.0.0.1:3000/expert/apps/7"),
        });
        assert_renders(&ResultNotice {
            bureau: bureau.clone(),
            org: org.clone(),
            score: s("812.5"),
            grade: s("4A"),
            from: s("2026-11-01"),
            to: s("2026-11-08"),
            url: s(URL),
        });
        assert_renders(&ObjectionUpheld { bureau: bureau.clone(), org: org.clone(), resolution: s("复核加分") });
        assert_renders(&ObjectionDismissed { bureau: bureau.clone(), org: org.clone(), resolution: s("理由不足") });
        assert_renders(&NotRated { bureau: bureau.clone(), org: org.clone(), score: s("550") });
        assert_renders(&Granted {
            bureau: bureau.clone(),
            org: org.clone(),
            grade: s("4A"),
            score: s("812.5"),
            from: s("2027-01-01"),
            to: s("2031-12-31"),
            url: s(URL),
            grade_id: 3,
        });
        assert_renders(&GradeLowered {
            bureau: bureau.clone(),
            org: org.clone(),
            from: s("4A"),
            to: s("3A"),
            date: s("2026-05-01"),
            reason: s("受到行政处罚"),
        });
        assert_renders(&GradeCancelled {
            bureau: bureau.clone(),
            org: org.clone(),
            date: s("2026-05-01"),
            reason: s("弄虚作假"),
        });
        assert_renders(&GradeExpiring {
            bureau,
            org,
            grade: s("4A"),
            certificate: s("110000-2021-00003"),
            valid_to: s("2026-12-31"),
            url: s(URL),
        });
    }

    /// Each letter against the `format!` of the service before the letters.
    #[test]
    fn chinese_texts_are_those_of_before() {
        let (bureau, url, name) = (BUREAU, URL, ORG);

        let note = "材料不全";
        assert_eq!(
            render(MAIL_LANG, &EligibilityPassed { bureau: s(bureau), org: s(name) }),
            (
                format!("【{bureau}】等级评估申请已通过资格审核"),
                format!("{}：\n\n贵单位的等级评估申请已通过资格审核，将由评估专家组进行评估。\n\n{bureau}\n", name),
            )
        );
        assert_eq!(
            render(MAIL_LANG, &EligibilityRefused { bureau: s(bureau), org: s(name), note: s(note) }),
            (
                format!("【{bureau}】等级评估申请未通过资格审核"),
                format!("{}：\n\n贵单位的等级评估申请未通过资格审核。\n理由：{note}\n\n{bureau}\n", name),
            )
        );

        let (expert, link) = ("专家甲", "http://127.0.0.1:3000/expert/apps/7");
        assert_eq!(
            render(MAIL_LANG, &PanelTask { bureau: s(bureau), org: s(name), expert: s(expert), link: s(link) }),
            (
                format!("【{}】等级评估评分任务：{}", bureau, name),
                format!(
                    "{}：\n\n您已被选为{}等级评估的专家组成员。如与该组织存在利害关系，请即申明回避。\n评分表：{link}\n\n{}\n",
                    expert, name, bureau
                ),
            )
        );

        let (score, grade, today, to) = ("812.5", "4A", "2026-11-01", "2026-11-08");
        assert_eq!(
            render(
                MAIL_LANG,
                &ResultNotice {
                    bureau: s(bureau),
                    org: s(name),
                    score: s(score),
                    grade: s(grade),
                    from: s(today),
                    to: s(to),
                    url: s(url),
                }
            ),
            (
                format!("【{bureau}】等级评估结果公示"),
                format!(
                    "{}：\n\n贵单位的等级评估得分为{score}分，拟评等级：{grade}。公示期自{today}至{to}，\
                     对结果有异议的，可在公示期内提出：{}/public/rating/notices\n\n{bureau}\n",
                    name, url
                ),
            )
        );

        let resolution = "复核加分";
        for (upheld, outcome) in [(true, "异议成立，评估结果已更正"), (false, "异议不成立，维持评估结果")]
        {
            let got = if upheld {
                render(MAIL_LANG, &ObjectionUpheld { bureau: s(bureau), org: s(name), resolution: s(resolution) })
            } else {
                render(MAIL_LANG, &ObjectionDismissed { bureau: s(bureau), org: s(name), resolution: s(resolution) })
            };
            assert_eq!(
                got,
                (
                    format!("【{bureau}】等级评估异议处理结果"),
                    format!(
                        "{}：\n\n针对贵单位等级评估结果的异议已处理：{outcome}。\n说明：{resolution}\n\n{bureau}\n",
                        name
                    ),
                )
            );
        }

        assert_eq!(
            render(MAIL_LANG, &NotRated { bureau: s(bureau), org: s(name), score: s("550") }),
            (
                format!("【{bureau}】等级评估结果"),
                format!("{}：\n\n贵单位的等级评估得分为{}分，未达到评定等级的最低分数。\n\n{bureau}\n", name, "550"),
            )
        );

        let (from, to, id) = ("2027-01-01", "2031-12-31", 3i64);
        assert_eq!(
            render(
                MAIL_LANG,
                &Granted {
                    bureau: s(bureau),
                    org: s(name),
                    grade: s(grade),
                    score: s(score),
                    from: s(from),
                    to: s(to),
                    url: s(url),
                    grade_id: id,
                }
            ),
            (
                format!("【{bureau}】等级评估结果：{grade}"),
                format!(
                    "{}：\n\n经评估，贵单位被评为{grade}级社会组织（{}分），有效期自{from}至{to}。\n证书：{}/rating/certificates/{}\n\n{bureau}\n",
                    name, score, url, id
                ),
            )
        );

        let (event_date, reason) = ("2026-05-01", "受到行政处罚");
        for lowered in [true, false] {
            let (got, what) = if lowered {
                let l = GradeLowered {
                    bureau: s(bureau),
                    org: s(name),
                    from: s("4A"),
                    to: s("3A"),
                    date: s(event_date),
                    reason: s(reason),
                };
                (render(MAIL_LANG, &l), format!("由{}降为{}", "4A", "3A"))
            } else {
                let l = GradeCancelled { bureau: s(bureau), org: s(name), date: s(event_date), reason: s(reason) };
                (render(MAIL_LANG, &l), "被取消".to_string())
            };
            assert_eq!(
                got,
                (
                    format!("【{bureau}】评估等级变更通知"),
                    format!(
                        "{}：\n\n贵单位的评估等级{what}（事由发生日期：{event_date}）。\n理由：{reason}\n\
                         请于15日内交回原证书和牌匾，逾期宣布作废。\n\n{bureau}\n",
                        name
                    ),
                )
            );
        }

        let (cert, valid_to) = ("110000-2021-00003", "2026-12-31");
        assert_eq!(
            render(
                MAIL_LANG,
                &GradeExpiring {
                    bureau: s(bureau),
                    org: s(name),
                    grade: s(grade),
                    certificate: s(cert),
                    valid_to: s(valid_to),
                    url: s(url),
                }
            ),
            (
                format!("【{bureau}】评估等级将于{}到期", valid_to),
                format!(
                    "{}：\n\n贵单位的{}评估等级（证书编号{}）有效期至{}。到期后等级自动失效；\
                     如需继续保持等级，请在评估工作开展时重新申请评估：{}/portal/rating\n\n{bureau}\n",
                    name, grade, cert, valid_to, url
                ),
            )
        );
    }
}
