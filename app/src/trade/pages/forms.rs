//! The four forms of a trade association's records, each its own
//! `ActionForm` with its own error summary (scoped ids: one page holds them all).

use leptos::prelude::*;

use crate::domain::trade::{BRANCH_KINDS, FEE_KINDS};
use crate::i18n::{k, lookup, t, use_lang, Key};
use crate::trade::api::{AddTradeAward, AddTradeBranch, AddTradeFee, AddTradeForum};
use crate::ui::form::{ErrorSummary, Field, FormState, Select};

fn choose() -> (String, String) {
    (String::new(), t(k::SELECT_PLACEHOLDER).to_string())
}

fn yes_no() -> Vec<(String, String)> {
    vec![choose(), ("yes".into(), t(k::TRADE_YES).into()), ("no".into(), t(k::TRADE_NO).into())]
}

fn coded(prefix: &str, codes: &[&str]) -> Vec<(String, String)> {
    let lang = use_lang();
    std::iter::once(choose())
        .chain(codes.iter().map(|c| (c.to_string(), lookup(lang, &format!("{prefix}{c}")))))
        .collect()
}

#[component]
fn FeeForm(org_id: i64) -> impl IntoView {
    let action = ServerAction::<AddTradeFee>::new();
    super::refetch_when(Signal::derive(move || matches!(action.value().get(), Some(Ok(_)))));
    let state =
        FormState::new("trade_fee", Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped("fee");
    let labels: Vec<(&'static str, Key)> = vec![
        ("year", k::TRADE_YEAR),
        ("item", k::TRADE_ITEM),
        ("kind", k::TRADE_FEE_KIND),
        ("basis", k::TRADE_BASIS),
        ("standard", k::TRADE_STANDARD),
        ("amount", k::TRADE_AMOUNT),
        ("compulsory", k::TRADE_COMPULSORY),
        ("published", k::TRADE_PUBLISHED),
    ];
    view! {
        <section class="card" aria-labelledby="trade-fee-form-title">
            <h3 id="trade-fee-form-title">{t(k::TRADE_FILE_FEE)}</h3>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="trade-fee-form">
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="org_id" value=org_id />
                <div class="form-grid">
                    <Field state=state name="input[year]" error_name="year" label=k::TRADE_YEAR required=true kind="number" />
                    <Field state=state name="input[item]" error_name="item" label=k::TRADE_ITEM required=true />
                    <Select state=state name="input[kind]" error_name="kind" label=k::TRADE_FEE_KIND options=coded("trade_fee_kind_", &FEE_KINDS) required=true />
                    <Field state=state name="input[basis]" error_name="basis" label=k::TRADE_BASIS hint=k::TRADE_BASIS_HINT />
                    <Field state=state name="input[standard]" error_name="standard" label=k::TRADE_STANDARD required=true />
                    <Field state=state name="input[amount]" error_name="amount" label=k::TRADE_AMOUNT hint=k::HINT_CAPITAL required=true />
                    <Select state=state name="input[compulsory]" error_name="compulsory" label=k::TRADE_COMPULSORY options=yes_no() required=true />
                    <Select state=state name="input[published]" error_name="published" label=k::TRADE_PUBLISHED options=yes_no() required=true />
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary" id="trade-fee-submit">{t(k::TRADE_SUBMIT)}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn BranchForm(org_id: i64) -> impl IntoView {
    let action = ServerAction::<AddTradeBranch>::new();
    super::refetch_when(Signal::derive(move || matches!(action.value().get(), Some(Ok(_)))));
    let state = FormState::new("trade_branch", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("branch");
    let labels: Vec<(&'static str, Key)> = vec![
        ("kind", k::TRADE_BRANCH_KIND),
        ("name", k::TRADE_NAME),
        ("address", k::TRADE_ADDRESS),
        ("head", k::TRADE_HEAD),
        ("established_on", k::TRADE_ESTABLISHED_ON),
        ("status", k::TRADE_STATUS),
        ("regional", k::TRADE_REGIONAL),
        ("under_branch", k::TRADE_UNDER_BRANCH),
    ];
    view! {
        <section class="card" aria-labelledby="trade-branch-form-title">
            <h3 id="trade-branch-form-title">{t(k::TRADE_FILE_BRANCH)}</h3>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="trade-branch-form">
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="org_id" value=org_id />
                <div class="form-grid">
                    <Select state=state name="input[kind]" error_name="kind" label=k::TRADE_BRANCH_KIND options=coded("trade_branch_kind_", &BRANCH_KINDS) required=true />
                    <Field state=state name="input[name]" error_name="name" label=k::TRADE_NAME hint=k::TRADE_BRANCH_NAME_HINT required=true />
                    <Field state=state name="input[address]" error_name="address" label=k::TRADE_ADDRESS required=true />
                    <Field state=state name="input[head]" error_name="head" label=k::TRADE_HEAD required=true />
                    <Field state=state name="input[established_on]" error_name="established_on" label=k::TRADE_ESTABLISHED_ON kind="date" required=true />
                    <Select state=state name="input[status]" error_name="status" label=k::TRADE_STATUS options=coded("trade_branch_status_", &["active", "closed"]) required=true />
                    <Select state=state name="input[regional]" error_name="regional" label=k::TRADE_REGIONAL options=yes_no() required=true />
                    <Select state=state name="input[under_branch]" error_name="under_branch" label=k::TRADE_UNDER_BRANCH options=yes_no() required=true />
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary" id="trade-branch-submit">{t(k::TRADE_SUBMIT)}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn AwardForm(org_id: i64) -> impl IntoView {
    let action = ServerAction::<AddTradeAward>::new();
    super::refetch_when(Signal::derive(move || matches!(action.value().get(), Some(Ok(_)))));
    let state = FormState::new("trade_award", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("award");
    let labels: Vec<(&'static str, Key)> = vec![
        ("year", k::TRADE_YEAR),
        ("name", k::TRADE_NAME),
        ("approval_no", k::TRADE_APPROVAL_NO),
        ("approved_by", k::TRADE_APPROVED_BY),
        ("fee_charged", k::TRADE_FEE_CHARGED),
    ];
    view! {
        <section class="card" aria-labelledby="trade-award-form-title">
            <h3 id="trade-award-form-title">{t(k::TRADE_FILE_AWARD)}</h3>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="trade-award-form">
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="org_id" value=org_id />
                <div class="form-grid">
                    <Field state=state name="input[year]" error_name="year" label=k::TRADE_YEAR required=true kind="number" />
                    <Field state=state name="input[name]" error_name="name" label=k::TRADE_NAME required=true />
                    <Field state=state name="input[approval_no]" error_name="approval_no" label=k::TRADE_APPROVAL_NO />
                    <Field state=state name="input[approved_by]" error_name="approved_by" label=k::TRADE_APPROVED_BY />
                    <Select state=state name="input[fee_charged]" error_name="fee_charged" label=k::TRADE_FEE_CHARGED options=yes_no() required=true />
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary" id="trade-award-submit">{t(k::TRADE_SUBMIT)}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ForumForm(org_id: i64) -> impl IntoView {
    let action = ServerAction::<AddTradeForum>::new();
    super::refetch_when(Signal::derive(move || matches!(action.value().get(), Some(Ok(_)))));
    let state = FormState::new("trade_forum", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("forum");
    let labels: Vec<(&'static str, Key)> = vec![
        ("name", k::TRADE_NAME),
        ("held_on", k::TRADE_HELD_ON),
        ("co_organizers", k::TRADE_CO_ORGANIZERS),
        ("fee_charged", k::TRADE_FEE_CHARGED),
        ("approval_ref", k::TRADE_APPROVAL_REF),
    ];
    view! {
        <section class="card" aria-labelledby="trade-forum-form-title">
            <h3 id="trade-forum-form-title">{t(k::TRADE_FILE_FORUM)}</h3>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="trade-forum-form">
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="org_id" value=org_id />
                <div class="form-grid">
                    <Field state=state name="input[name]" error_name="name" label=k::TRADE_NAME required=true />
                    <Field state=state name="input[held_on]" error_name="held_on" label=k::TRADE_HELD_ON kind="date" required=true />
                    <Field state=state name="input[co_organizers]" error_name="co_organizers" label=k::TRADE_CO_ORGANIZERS />
                    <Select state=state name="input[fee_charged]" error_name="fee_charged" label=k::TRADE_FEE_CHARGED options=yes_no() required=true />
                    <Field state=state name="input[approval_ref]" error_name="approval_ref" label=k::TRADE_APPROVAL_REF />
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary" id="trade-forum-submit">{t(k::TRADE_SUBMIT)}</button></div>
            </ActionForm>
        </section>
    }
}

/// The forms, under one heading.
#[component]
pub fn TradeForms(org_id: i64) -> impl IntoView {
    view! {
        <h2 id="trade-forms-title">{t(k::TRADE_FILE_TITLE)}</h2>
        <div class="cards">
            <FeeForm org_id=org_id />
            <BranchForm org_id=org_id />
            <AwardForm org_id=org_id />
            <ForumForm org_id=org_id />
        </div>
    }
}
