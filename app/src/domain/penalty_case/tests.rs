//! The case's state machine, step by step with the laws' periods.

use super::*;
use Action as A;
use State as S;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn in_person(on: NaiveDate) -> Option<Service> {
    Some(Service { method: Method::InPerson, on })
}

/// A revocation case opened on Monday 2 March 2026, its notice handed over on
/// Tuesday 10 March.
fn revocation() -> Facts {
    Facts {
        today: d(2026, 3, 10),
        violation_chosen: true,
        opened_on: Some(d(2026, 3, 2)),
        evidence_count: 3,
        proposed: vec![Sanction::of(Penalty::Revocation)],
        notice: in_person(d(2026, 3, 10)),
        ..Facts::default()
    }
}

/// A warning, no hearing right, its notice handed over on Monday 2 March 2026.
fn warning() -> Facts {
    Facts {
        today: d(2026, 3, 2),
        violation_chosen: true,
        opened_on: Some(d(2026, 2, 2)),
        evidence_count: 1,
        proposed: vec![Sanction::of(Penalty::Warning)],
        notice: in_person(d(2026, 3, 2)),
        decided: vec![Sanction::of(Penalty::Warning)],
        ..Facts::default()
    }
}

#[test]
fn stored_values_round_trip() {
    for st in S::ALL {
        assert_eq!(S::parse(st.as_str()), Some(st));
        assert!(!st.zh().is_empty());
    }
    for a in A::ALL {
        assert_eq!(A::parse(a.as_str()), Some(a));
    }
    assert_eq!(S::parse("pending"), None);
    assert_eq!(A::parse("revoke"), None);
}

#[test]
fn a_revocation_runs_from_opening_through_a_hearing_to_closing() {
    let s = Settings::default();
    let mut f = revocation();
    f.today = d(2026, 3, 2);
    assert_eq!(next(S::Draft, A::ApproveOpening, &f, &s), Ok(S::Investigating));
    assert_eq!(next(S::Investigating, A::AddEvidence, &f, &s), Ok(S::Investigating));
    f.today = d(2026, 3, 10);
    f.service = in_person(d(2026, 3, 10));
    assert_eq!(next(S::Investigating, A::ServeNotice, &f, &s), Ok(S::Notified));
    assert!(f.hearing_right(&s), "revocation carries a hearing right");
    // Day 5 of the window (Tuesday 17 March): the request is in time.
    f.today = d(2026, 3, 17);
    assert_eq!(next(S::Notified, A::RequestHearing, &f, &s), Ok(S::HearingRequested));
    // The hearing's notice on Wednesday 18 March: the hearing on Friday 27 March at the earliest.
    f.today = d(2026, 3, 18);
    assert_eq!(next(S::HearingRequested, A::ScheduleHearing, &f, &s), Err("pen_err_hearing_date_missing"));
    f.hearing_notice_on = Some(d(2026, 3, 18));
    f.hearing_on = Some(d(2026, 3, 26));
    assert_eq!(next(S::HearingRequested, A::ScheduleHearing, &f, &s), Err("pen_err_hearing_notice_short"));
    f.hearing_on = Some(d(2026, 3, 27));
    assert_eq!(next(S::HearingRequested, A::ScheduleHearing, &f, &s), Ok(S::HearingScheduled));
    assert_eq!(next(S::HearingScheduled, A::DecidePenalty, &f, &s), Err("pen_err_hearing_pending"));
    f.today = d(2026, 3, 26);
    assert_eq!(next(S::HearingScheduled, A::HoldHearing, &f, &s), Err("pen_err_hearing_not_yet"));
    f.today = d(2026, 3, 27);
    assert_eq!(next(S::HearingScheduled, A::HoldHearing, &f, &s), Ok(S::Heard));
    // The decision after the hearing passes the legal review first.
    f.today = d(2026, 3, 31);
    f.decided = vec![Sanction::of(Penalty::Revocation)];
    assert_eq!(next(S::Heard, A::DecidePenalty, &f, &s), Err("pen_err_legal_review_missing"));
    f.legal_review_done = true;
    assert_eq!(next(S::Heard, A::DecidePenalty, &f, &s), Ok(S::Decided));
    f.decided_on = Some(d(2026, 3, 31));
    assert!(overdue(S::Decided, &f, &s).is_empty(), "decided on day 29 of 90");
    // Served by post, received on Friday 3 April.
    f.today = d(2026, 4, 3);
    f.service = Some(Service { method: Method::Post, on: d(2026, 4, 3) });
    assert_eq!(next(S::Decided, A::ServeDecision, &f, &s), Ok(S::Served));
    f.decision_service = f.service;
    // Certificate and seals declared void by public notice (68号令 §32).
    f.today = d(2026, 4, 10);
    assert_eq!(next(S::Served, A::Execute, &f, &s), Ok(S::Executed));
    // 3 October 2026 (six months) is a Saturday: the lawsuit window runs to Monday 5 October.
    assert_eq!(next(S::Executed, A::Close, &f, &s), Err("pen_err_remedy_window_open"));
    f.today = d(2026, 10, 5);
    assert_eq!(next(S::Executed, A::Close, &f, &s), Err("pen_err_remedy_window_open"));
    f.today = d(2026, 10, 6);
    assert_eq!(next(S::Executed, A::Close, &f, &s), Ok(S::Closed));
    assert_eq!(next(S::Closed, A::Execute, &f, &s), Err("pen_err_case_closed"));
}

#[test]
fn the_hearing_request_window_is_five_days_from_the_notice() {
    let s = Settings::default();
    let mut f = revocation();
    f.today = d(2026, 3, 17);
    assert_eq!(next(S::Notified, A::RequestHearing, &f, &s), Ok(S::HearingRequested));
    // Recorded on day 6 but made (postmarked) on day 5: in time.
    f.today = d(2026, 3, 18);
    f.hearing_requested_on = Some(d(2026, 3, 17));
    assert_eq!(next(S::Notified, A::RequestHearing, &f, &s), Ok(S::HearingRequested));
    f.hearing_requested_on = None;
    assert_eq!(next(S::Notified, A::RequestHearing, &f, &s), Err("pen_err_hearing_request_late"));
    f.hearing_requested_on = Some(d(2026, 3, 19));
    assert_eq!(next(S::Notified, A::RequestHearing, &f, &s), Err("pen_err_date_future"));
    // Waived in writing: no request afterwards.
    let waived = Facts { today: d(2026, 3, 11), hearing_waived: true, ..revocation() };
    assert_eq!(next(S::Notified, A::RequestHearing, &waived, &s), Err("pen_err_hearing_waived"));
    // A warning gives no hearing right, unless the officer holds it an "other heavy" penalty.
    let w = Facts { today: d(2026, 3, 3), ..warning() };
    assert_eq!(next(S::Notified, A::RequestHearing, &w, &s), Err("pen_err_no_hearing_right"));
    let heavy = Facts { other_heavy: true, ..w };
    assert_eq!(next(S::Notified, A::RequestHearing, &heavy, &s), Ok(S::HearingRequested));
}

#[test]
fn no_decision_while_the_notice_periods_are_open_unless_waived() {
    let s = Settings::default();
    let mut f = revocation();
    f.decided = vec![Sanction::of(Penalty::Revocation)];
    f.legal_review_done = true;
    // Both periods end on Tuesday 17 March.
    f.today = d(2026, 3, 17);
    assert_eq!(next(S::Notified, A::DecidePenalty, &f, &s), Err("pen_err_statement_window_open"));
    f.statement_done = true;
    assert_eq!(next(S::Notified, A::DecidePenalty, &f, &s), Err("pen_err_hearing_window_open"));
    f.hearing_waived = true;
    assert_eq!(next(S::Notified, A::DecidePenalty, &f, &s), Ok(S::Decided));
    // With neither stated nor waived, the day after both periods.
    let f = Facts { today: d(2026, 3, 18), statement_done: false, hearing_waived: false, ..f };
    assert_eq!(next(S::Notified, A::DecidePenalty, &f, &s), Ok(S::Decided));
    // A warning has only the statement period: Monday 2 March + 5 working days = 9 March.
    let w = Facts { today: d(2026, 3, 9), ..warning() };
    assert_eq!(next(S::Notified, A::DecidePenalty, &w, &s), Err("pen_err_statement_window_open"));
    let w = Facts { today: d(2026, 3, 10), ..w };
    assert_eq!(next(S::Notified, A::DecidePenalty, &w, &s), Ok(S::Decided), "no legal review needed");
    // A withdrawn hearing request returns the case to the notice, with the hearing waived.
    assert_eq!(next(S::HearingScheduled, A::WithdrawHearing, &f, &s), Ok(S::Notified));
}

#[test]
fn the_decision_stays_within_the_notice_and_the_limitation() {
    let s = Settings::default();
    let base = Facts {
        today: d(2026, 4, 1),
        proposed: vec![Sanction::fine(1_000_000)],
        decided: vec![Sanction::fine(1_500_000)],
        legal_review_done: true,
        ..revocation()
    };
    assert_eq!(next(S::Notified, A::DecidePenalty, &base, &s), Err("pen_err_decision_exceeds_notice"));
    let f = Facts { decided: vec![Sanction::fine(800_000)], ..base.clone() };
    assert_eq!(next(S::Notified, A::DecidePenalty, &f, &s), Ok(S::Decided));
    let f = Facts { decided: vec![], ..base.clone() };
    assert_eq!(next(S::Notified, A::DecidePenalty, &f, &s), Err("pen_err_decision_missing"));
    // Ended 1 March 2024, discovered 2 March 2026: more than 2 years.
    let barred = Facts {
        decided: vec![Sanction::fine(800_000)],
        violation_ended_on: Some(d(2024, 3, 1)),
        discovered_on: Some(d(2026, 3, 2)),
        ..base.clone()
    };
    assert_eq!(next(S::Notified, A::DecidePenalty, &barred, &s), Err("pen_err_time_barred"));
    assert_eq!(next(S::Notified, A::DecideNoPenalty, &barred, &s), Ok(S::Decided));
    let in_time = Facts { discovered_on: Some(d(2026, 3, 1)), ..barred };
    assert_eq!(next(S::Notified, A::DecidePenalty, &in_time, &s), Ok(S::Decided));
}

#[test]
fn steps_out_of_order_are_refused_with_their_keys() {
    let s = Settings::default();
    let f = revocation();
    assert_eq!(next(S::Draft, A::ServeNotice, &f, &s), Err("pen_err_step"));
    assert_eq!(next(S::Investigating, A::DecidePenalty, &f, &s), Err("pen_err_notice_missing"));
    assert_eq!(next(S::Investigating, A::ScheduleHearing, &f, &s), Err("pen_err_step"), "no hearing without a request");
    assert_eq!(next(S::Notified, A::ScheduleHearing, &f, &s), Err("pen_err_step"), "no hearing without a request");
    assert_eq!(next(S::Notified, A::HoldHearing, &f, &s), Err("pen_err_step"));
    assert_eq!(next(S::HearingRequested, A::HoldHearing, &f, &s), Err("pen_err_step"), "not scheduled");
    assert_eq!(next(S::HearingRequested, A::DecidePenalty, &f, &s), Err("pen_err_hearing_pending"));
    assert_eq!(next(S::Heard, A::RequestHearing, &f, &s), Err("pen_err_step"));
    assert_eq!(next(S::Decided, A::Execute, &f, &s), Err("pen_err_not_served"));
    assert_eq!(next(S::Decided, A::Close, &f, &s), Err("pen_err_not_served"));
    assert_eq!(next(S::Investigating, A::Close, &f, &s), Err("pen_err_not_decided"));
    assert_eq!(next(S::Notified, A::ServeDecision, &f, &s), Err("pen_err_not_decided"));
    assert_eq!(next(S::Investigating, A::AddEvidence, &f, &s), Ok(S::Investigating));
    assert_eq!(next(S::Notified, A::AddEvidence, &f, &s), Err("pen_err_step"), "reinvestigate first");
    assert_eq!(next(S::Notified, A::Reinvestigate, &f, &s), Ok(S::Investigating));
    assert_eq!(next(S::Served, A::DecidePenalty, &f, &s), Err("pen_err_step"));
    assert_eq!(next(S::Executed, A::Execute, &f, &s), Err("pen_err_step"));
    for st in [S::Closed, S::NotOpened] {
        for a in A::ALL.into_iter().filter(|a| *a != A::Annul) {
            assert_eq!(next(st, a, &f, &s), Err("pen_err_case_closed"), "{st:?} {a:?}");
        }
    }
}

#[test]
fn opening_and_the_notice_need_their_facts() {
    let s = Settings::default();
    let f = Facts { violation_chosen: false, ..revocation() };
    assert_eq!(next(S::Draft, A::ApproveOpening, &f, &s), Err("pen_err_violation_missing"));
    assert_eq!(next(S::Draft, A::DeclineOpening, &f, &s), Ok(S::NotOpened));
    assert_eq!(next(S::Draft, A::Transfer, &f, &s), Ok(S::Transferred), "not ours: transferred unopened");
    let f = Facts { service: in_person(d(2026, 3, 10)), ..revocation() };
    assert_eq!(
        next(S::Investigating, A::ServeNotice, &Facts { evidence_count: 0, ..f.clone() }, &s),
        Err("pen_err_evidence_missing")
    );
    assert_eq!(
        next(S::Investigating, A::ServeNotice, &Facts { proposed: vec![], ..f.clone() }, &s),
        Err("pen_err_proposal_missing")
    );
    assert_eq!(
        next(S::Investigating, A::ServeNotice, &Facts { service: None, ..f.clone() }, &s),
        Err("pen_err_service_missing")
    );
    let future = Facts { service: in_person(d(2026, 3, 11)), ..f.clone() };
    assert_eq!(next(S::Investigating, A::ServeNotice, &future, &s), Err("pen_err_date_future"));
    let early = Facts { service: in_person(d(2026, 3, 1)), ..f.clone() };
    assert_eq!(next(S::Investigating, A::ServeNotice, &early, &s), Err("pen_err_service_date"), "before opening");
}

#[test]
fn each_method_of_service_has_its_condition() {
    let s = Settings::default();
    let on = d(2026, 3, 10);
    let with = |method: Method| Facts { service: Some(Service { method, on }), ..revocation() };
    assert_eq!(next(S::Investigating, A::ServeNotice, &with(Method::InPerson), &s), Ok(S::Notified));
    assert_eq!(next(S::Investigating, A::ServeNotice, &with(Method::Post), &s), Ok(S::Notified));
    let e = with(Method::Electronic);
    assert_eq!(next(S::Investigating, A::ServeNotice, &e, &s), Err("pen_err_electronic_consent"));
    let e = Facts { electronic_consent: true, ..e };
    assert_eq!(next(S::Investigating, A::ServeNotice, &e, &s), Ok(S::Notified));
    let left = with(Method::LeftAtAddress);
    assert_eq!(next(S::Investigating, A::ServeNotice, &left, &s), Err("pen_err_left_needs_refusal"));
    let left = Facts { receipt_refused: true, ..left };
    assert_eq!(next(S::Investigating, A::ServeNotice, &left, &s), Ok(S::Notified));
    let public = with(Method::PublicNotice);
    assert_eq!(next(S::Investigating, A::ServeNotice, &public, &s), Err("pen_err_public_notice_first"));
    let public = Facts { other_methods_failed: true, ..public };
    assert_eq!(next(S::Investigating, A::ServeNotice, &public, &s), Ok(S::Notified));
}

#[test]
fn an_unreachable_organization_is_served_by_public_notice_on_day_sixty() {
    let s = Settings::default();
    // The notice published on Monday 5 January 2026: served on Friday 6 March,
    // the hearing request open until Friday 13 March.
    let notice = Service { method: Method::PublicNotice, on: d(2026, 1, 5) };
    let mut f = Facts {
        today: d(2026, 3, 13),
        notice: Some(notice),
        decided: vec![Sanction::of(Penalty::Revocation)],
        legal_review_done: true,
        other_methods_failed: true,
        ..revocation()
    };
    assert_eq!(next(S::Notified, A::DecidePenalty, &f, &s), Err("pen_err_statement_window_open"));
    f.today = d(2026, 3, 16);
    assert_eq!(next(S::Notified, A::DecidePenalty, &f, &s), Ok(S::Decided));
    // While the notice runs the party may still come for it in person, not after.
    let came = Facts { today: d(2026, 2, 2), service: in_person(d(2026, 2, 2)), ..f.clone() };
    assert_eq!(next(S::Notified, A::ServeNotice, &came, &s), Ok(S::Notified));
    let late = Facts { today: d(2026, 3, 6), service: in_person(d(2026, 3, 6)), ..f.clone() };
    assert_eq!(next(S::Notified, A::ServeNotice, &late, &s), Err("pen_err_already_served"));
    let blank = Facts { today: d(2026, 2, 2), service: None, ..f.clone() };
    assert_eq!(next(S::Notified, A::ServeNotice, &blank, &s), Err("pen_err_service_missing"));
    let again = Facts { today: d(2026, 2, 2), service: Some(Service { on: d(2026, 2, 2), ..notice }), ..f.clone() };
    assert_eq!(next(S::Notified, A::ServeNotice, &again, &s), Err("pen_err_already_served"));
    // The decision published on Friday 20 March: served on Tuesday 19 May.
    f.decided_on = Some(d(2026, 3, 16));
    f.today = d(2026, 3, 20);
    f.service = Some(Service { method: Method::PublicNotice, on: d(2026, 3, 20) });
    assert_eq!(next(S::Decided, A::ServeDecision, &f, &s), Ok(S::Served));
    f.decision_service = f.service;
    f.today = d(2026, 5, 18);
    assert_eq!(next(S::Served, A::Execute, &f, &s), Err("pen_err_not_yet_served"));
    f.today = d(2026, 5, 19);
    assert_eq!(next(S::Served, A::Execute, &f, &s), Ok(S::Executed));
    let early = Facts { service: in_person(d(2026, 3, 15)), ..f.clone() };
    assert_eq!(next(S::Decided, A::ServeDecision, &early, &s), Err("pen_err_service_date"), "before the decision");
}

#[test]
fn a_warning_is_served_executed_and_closed_when_the_remedies_run_out() {
    let s = Settings::default();
    let mut f = Facts { today: d(2026, 3, 10), decided_on: Some(d(2026, 3, 10)), ..warning() };
    f.service = in_person(d(2026, 3, 10));
    assert_eq!(next(S::Decided, A::ServeDecision, &f, &s), Ok(S::Served));
    f.decision_service = f.service;
    assert_eq!(next(S::Served, A::Close, &f, &s), Err("pen_err_not_executed"));
    assert_eq!(next(S::Served, A::Execute, &f, &s), Ok(S::Executed));
    // Six months from Tuesday 10 March 2026: Thursday 10 September.
    f.today = d(2026, 9, 10);
    assert_eq!(next(S::Executed, A::Close, &f, &s), Err("pen_err_remedy_window_open"));
    f.today = d(2026, 9, 11);
    assert_eq!(next(S::Executed, A::Close, &f, &s), Ok(S::Closed));
    // A bureau that closes on execution.
    let prompt = Settings { close_waits_for_remedies: false, ..Settings::default() };
    f.today = d(2026, 3, 10);
    assert_eq!(next(S::Executed, A::Close, &f, &prompt), Ok(S::Closed));
    // Never while an appeal is pending.
    let appealed = Facts { appeal_pending: true, ..f.clone() };
    assert_eq!(next(S::Executed, A::Close, &appealed, &prompt), Err("pen_err_appeal_pending"));
}

#[test]
fn no_penalty_closes_once_served_and_transfers_close_at_once() {
    let s = Settings::default();
    let f = Facts {
        decided: vec![],
        decided_on: Some(d(2026, 3, 2)),
        decision_service: in_person(d(2026, 3, 3)),
        ..warning()
    };
    assert_eq!(next(S::Investigating, A::DecideNoPenalty, &f, &s), Ok(S::Decided), "no notice is needed");
    assert_eq!(next(S::Served, A::Execute, &f, &s), Err("pen_err_nothing_to_execute"));
    assert_eq!(next(S::Served, A::Close, &f, &s), Err("pen_err_not_yet_served"), "served tomorrow");
    let f = Facts { today: d(2026, 3, 3), ..f };
    assert_eq!(next(S::Served, A::Close, &f, &s), Ok(S::Closed));
    for a in [A::Transfer, A::Terminate] {
        let to = next(S::Heard, a, &f, &s).unwrap();
        assert_eq!(next(to, A::Close, &f, &s), Ok(S::Closed));
    }
}

#[test]
fn a_fine_unpaid_goes_to_the_court_after_a_demand_and_the_remedies() {
    let s = Settings::default();
    // ¥20,000 fined, handed over on Monday 12 January 2026; remedies end Monday 13 July.
    let mut f = Facts {
        decided: vec![Sanction::fine(2_000_000)],
        decided_on: Some(d(2026, 1, 12)),
        decision_service: in_person(d(2026, 1, 12)),
        today: d(2026, 7, 13),
        ..Facts::default()
    };
    assert_eq!(next(S::Served, A::Execute, &f, &s), Err("pen_err_fine_unpaid"));
    assert_eq!(next(S::Served, A::ApplyCourt, &f, &s), Err("pen_err_remedy_window_open"));
    f.today = d(2026, 7, 14);
    assert_eq!(next(S::Served, A::ApplyCourt, &f, &s), Err("pen_err_demand_missing"));
    // The demand (催告书) served on 14 July: the court on Tuesday 28 July at the earliest.
    f.demand_served_on = Some(d(2026, 7, 14));
    f.today = d(2026, 7, 27);
    assert_eq!(next(S::Served, A::ApplyCourt, &f, &s), Err("pen_err_demand_too_recent"));
    f.today = d(2026, 7, 28);
    assert_eq!(next(S::Served, A::ApplyCourt, &f, &s), Ok(S::CourtEnforcement));
    let appealed = Facts { appeal_pending: true, ..f.clone() };
    assert_eq!(next(S::Served, A::ApplyCourt, &appealed, &s), Err("pen_err_appeal_pending"));
    // Three months after the remedies: Tuesday 13 October is the last day.
    f.today = d(2026, 10, 13);
    assert_eq!(next(S::Served, A::ApplyCourt, &f, &s), Ok(S::CourtEnforcement));
    f.today = d(2026, 10, 14);
    assert_eq!(next(S::Served, A::ApplyCourt, &f, &s), Err("pen_err_court_deadline_passed"));
    assert_eq!(next(S::CourtEnforcement, A::Close, &f, &s), Err("pen_err_not_executed"));
    f.fine_paid = true;
    assert_eq!(next(S::CourtEnforcement, A::Execute, &f, &s), Ok(S::Executed));
    assert_eq!(next(S::CourtEnforcement, A::EndExecution, &f, &s), Ok(S::ExecutionEnded));
    assert_eq!(next(S::ExecutionEnded, A::Close, &f, &s), Ok(S::Closed));
}

#[test]
fn appeals_hold_the_case_and_annulment_ends_the_decision() {
    let s = Settings::default();
    let f = Facts {
        today: d(2026, 4, 1),
        decided: vec![Sanction::of(Penalty::Warning)],
        decided_on: Some(d(2026, 3, 2)),
        decision_service: in_person(d(2026, 3, 2)),
        ..Facts::default()
    };
    assert_eq!(next(S::Served, A::AppealUpheld, &f, &s), Err("pen_err_no_appeal"));
    assert_eq!(next(S::Served, A::Appeal, &f, &s), Ok(S::Served));
    let pending = Facts { appeal_pending: true, ..f.clone() };
    assert_eq!(next(S::Served, A::Appeal, &pending, &s), Err("pen_err_appeal_pending"));
    assert_eq!(next(S::Executed, A::AppealUpheld, &pending, &s), Ok(S::Executed));
    // 行政处罚法 §73: an appeal does not stop execution.
    assert_eq!(next(S::Served, A::Execute, &pending, &s), Ok(S::Executed));
    assert_eq!(next(S::Executed, A::Annul, &pending, &s), Ok(S::Annulled));
    assert_eq!(next(S::Decided, A::Annul, &f, &s), Ok(S::Annulled), "withdrawn before service");
    assert_eq!(next(S::Annulled, A::Close, &f, &s), Ok(S::Closed));
    // A court annuls a decision after the case closed: the record follows.
    assert_eq!(next(S::Closed, A::Annul, &f, &s), Ok(S::Annulled));
    let never_decided = Facts { decided_on: None, ..f };
    assert_eq!(next(S::Closed, A::Annul, &never_decided, &s), Err("pen_err_case_closed"));
    assert_eq!(next(S::Investigating, A::Annul, &never_decided, &s), Err("pen_err_step"));
}

#[test]
fn extensions_need_the_bureaus_rule() {
    let s = Settings::default();
    let f = Facts { requested_extension_days: 30, ..revocation() };
    assert_eq!(next(S::Investigating, A::Extend, &f, &s), Err("pen_err_extension_exceeded"), "none by default");
    let thirty = Settings { max_extension_days: 30, ..Settings::default() };
    assert_eq!(next(S::Investigating, A::Extend, &f, &thirty), Ok(S::Investigating));
    assert_eq!(next(S::Heard, A::Extend, &f, &thirty), Ok(S::Heard));
    let more = Facts { extension_days: 30, requested_extension_days: 1, ..f.clone() };
    assert_eq!(next(S::Investigating, A::Extend, &more, &thirty), Err("pen_err_extension_exceeded"));
    let none = Facts { requested_extension_days: 0, ..f.clone() };
    assert_eq!(next(S::Investigating, A::Extend, &none, &thirty), Err("pen_err_extension_days"));
    assert_eq!(next(S::Decided, A::Extend, &f, &thirty), Err("pen_err_step"), "after the decision");
    assert_eq!(next(S::Draft, A::Extend, &f, &thirty), Err("pen_err_step"), "before opening");
}

#[test]
fn every_refusal_is_a_penalty_message_key() {
    let s = Settings::default();
    let samples = [Facts::default(), revocation(), warning(), Facts { appeal_pending: true, ..warning() }];
    for f in &samples {
        for st in S::ALL {
            for a in A::ALL {
                if let Err(key) = next(st, a, f, &s) {
                    assert!(key.starts_with("pen_err_"), "{st:?} {a:?}: {key}");
                }
            }
        }
    }
}
