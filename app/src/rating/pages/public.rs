//! Public pages of rating (the list of rated organizations, results in their
//! notice period with the objection form, certificates, the section of an
//! organization's page) and the organization's own card and application.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::grades::{use_grade_filter, Changes, GradeFilters, GradeTable};
use super::{grade_status_label, score_text, status_label, GradeBadge};
use crate::i18n::{k, t, tf};
use crate::rating::api::{get_certificate, get_my_rating, get_notices, get_public_grades, ApplyRating, LodgeObjection};
use crate::rating::types::{GradeView, NoticeRow, OrgRating};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::{loaded, type_label};
use crate::ui::table::ExportCsv;

/// Rated organizations by grade: search, grade filter, pagination, CSV.
#[component]
pub fn PublicRatedList() -> impl IntoView {
    let filter = use_grade_filter();
    let data = Resource::new(move || filter.get(), get_public_grades);
    view! {
        <PageHead title=t(k::RATE_PUBLIC_TITLE)>
            <a class="btn btn-secondary" href="/public/rating/notices">{t(k::RATE_NOTICES)}</a>
            <ExportCsv path="/public/rating/export.csv" file="rated-organizations.csv" />
        </PageHead>
        <p class="hint">{t(k::RATE_PUBLIC_INTRO)}</p>
        {loaded(data, move |page| view! {
            <GradeFilters filter=filter.get_untracked() action="/public/rating" officer=false />
            <GradeTable page=page officer=false />
        })}
    }
}

#[component]
fn ObjectionForm(row: NoticeRow) -> impl IntoView {
    let action = ServerAction::<LodgeObjection>::new();
    let form = format!("rate_object_{}", row.application_id);
    let state =
        FormState::new(&form, Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped(form.clone());
    let done = move || matches!(action.value().get(), Some(Ok(_)));
    // Open when the last submission failed, so the errors are seen (also without JavaScript).
    let failed = move || state.summary().is_some();
    view! {
        <details open=failed>
            <summary>{t(k::RATE_OBJECT)}</summary>
            {move || done().then(|| view! { <p class="flash flash-success" role="status">{t(k::RATE_NOTICE_OBJECTION)}</p> })}
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id=format!("object-form-{}", row.application_id)>
                <ErrorSummary state=state labels=vec![("name", k::RATE_OBJECTOR), ("contact", k::RATE_CONTACT), ("body", k::RATE_OBJECTION_BODY)] />
                <input type="hidden" name="input[application_id]" value=row.application_id />
                <div class="form-grid">
                    <Field state=state name="input[name]" error_name="name" label=k::RATE_OBJECTOR required=true />
                    <Field state=state name="input[contact]" error_name="contact" label=k::RATE_CONTACT hint=k::RATE_CONTACT_HINT required=true />
                </div>
                <TextArea state=state name="input[body]" error_name="body" label=k::RATE_OBJECTION_BODY required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id=format!("object-submit-{}", row.application_id)>{t(k::RATE_OBJECT_SUBMIT)}</button>
                </div>
            </ActionForm>
        </details>
    }
}

/// Results in their public notice period, each with the objection form.
#[component]
pub fn NoticesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_notices());
    view! {
        <p class="breadcrumbs"><a href="/public/rating">{t(k::RATE_PUBLIC_TITLE)}</a></p>
        <h1 class="page-title">{t(k::RATE_NOTICES)}</h1>
        <p class="hint">{t(k::RATE_NOTICES_INTRO)}</p>
        {loaded(data, |rows| {
            if rows.is_empty() {
                return view! { <p class="empty">{t(k::RATE_NO_NOTICES)}</p> }.into_any();
            }
            let items = rows
                .into_iter()
                .map(|r| {
                    let grade = r.grade.clone();
                    view! {
                        <li class="card notice">
                            <h2><a href=format!("/public/orgs/{}", r.org_id)>{r.org_name.clone()}</a></h2>
                            <p>
                                <span class="mono">{r.credit_code.clone()}</span>" · "{type_label(&r.org_type)}" · "{r.year}" · "
                                {t(k::RATE_FINAL_SCORE)}" "{score_text(r.final_score)}" · "
                                {match grade {
                                    Some(g) => view! { <GradeBadge grade=g /> }.into_any(),
                                    None => view! { <span>{t(k::RATE_BELOW_MINIMUM)}</span> }.into_any(),
                                }}
                            </p>
                            <p>{tf(k::RATE_NOTICE_UNTIL, &[("from", r.notice_from.clone()), ("to", r.notice_to.clone())])}</p>
                            <ObjectionForm row=r.clone() />
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="notices" id="notices">{items}</ul> }.into_any()
        })}
    }
}

/// A printable certificate of a grade.
#[component]
pub fn CertificatePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_certificate);
    view! {
        {loaded(data, |g: GradeView| {
            let valid = g.status == "active";
            view! {
                <article class="certificate" id="certificate">
                    <p class="certificate-no">{t(k::RATE_CERTIFICATE_NO)}": "{g.certificate_no.clone()}</p>
                    <h1>{t(k::RATE_CERTIFICATE)}</h1>
                    <p class="certificate-org">{g.org_name.clone()}</p>
                    <p class="mono">{g.credit_code.clone()}</p>
                    <p class="certificate-grade">{tf(k::RATE_CERTIFICATE_TEXT, &[("grade", g.granted_grade.clone())])}</p>
                    <p>{t(k::RATE_VALIDITY)}": "{g.valid_from.clone()}" – "{g.valid_to.clone()}</p>
                    <p>{t(k::RATE_ANNOUNCED_ON)}": "{g.announced_on.clone()}</p>
                    {(!valid || g.grade != g.granted_grade).then(|| view! {
                        <p class="badge badge-revoked" id="certificate-state">
                            {grade_status_label(&g.status)}
                            {(g.status == "active").then(|| format!(" · {} {}", t(k::RATE_CURRENT_GRADE), g.grade))}
                        </p>
                    })}
                </article>
                <Changes g=g.clone() />
                <p class="no-print"><a href=format!("/public/orgs/{}", g.org_id)>{t(k::RATE_ORG_PAGE)}</a></p>
            }
        })}
    }
}

/// The rating section of an organization's public page.
#[component]
pub fn PublicRatingSection(grade: Option<GradeView>) -> impl IntoView {
    let body = match grade {
        None => view! { <p class="muted" id="public-rating-none">{t(k::RATE_PUBLIC_NONE)}</p> }.into_any(),
        Some(g) => view! {
            <dl class="kv" id="public-rating">
                <dt>{t(k::RATE_GRADE)}</dt><dd><GradeBadge grade=g.grade.clone() /></dd>
                <dt>{t(k::RATE_VALIDITY)}</dt><dd>{g.valid_from.clone()}" – "{g.valid_to.clone()}</dd>
                <dt>{t(k::RATE_CERTIFICATE_NO)}</dt>
                <dd><a href=format!("/rating/certificates/{}", g.id)>{g.certificate_no.clone()}</a></dd>
            </dl>
        }
        .into_any(),
    };
    view! {
        <section aria-labelledby="public-rating-title">
            <h2 id="public-rating-title">{t(k::RATE_SECTION)}</h2>
            {body}
        </section>
    }
}

/// The text of the portal's rating card: the grade in force and its
/// validity, otherwise the state of the latest application or an open round.
pub fn rating_summary(r: &OrgRating) -> String {
    if let Some(g) = &r.grade {
        return tf(
            k::RATE_PORTAL_GRADE,
            &[("grade", g.grade.clone()), ("from", g.valid_from.clone()), ("to", g.valid_to.clone())],
        );
    }
    if let Some((year, status)) = &r.application {
        return tf(k::RATE_PORTAL_APPLICATION, &[("year", year.to_string()), ("status", status_label(status))]);
    }
    if let Some(round) = r.open_rounds.first() {
        return tf(k::RATE_PORTAL_OPEN, &[("title", round.title.clone()), ("to", round.apply_to.clone())]);
    }
    t(k::RPT_RATING_NONE).to_string()
}

/// The rating card of the portal.
#[component]
pub fn PortalRatingCard(r: OrgRating) -> impl IntoView {
    view! {
        <p id="rating-status">{rating_summary(&r)}</p>
        <p><a class="btn btn-secondary" href="/portal/rating" id="rating-link">{t(k::RATE_PORTAL_LINK)}</a></p>
    }
}

#[component]
fn ApplyForm(r: OrgRating, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ApplyRating>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("rate_apply", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let mut rounds = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
    rounds.extend(
        r.open_rounds.iter().map(|x| (x.id.to_string(), format!("{}（{} – {}）", x.title, x.apply_from, x.apply_to))),
    );
    let initial = r.open_rounds.first().map(|x| x.id.to_string()).unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="apply-title">
            <h2 id="apply-title">{t(k::RATE_APPLY)}</h2>
            <p class="hint">{t(k::RATE_APPLY_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="apply-form">
                <ErrorSummary state=state labels=vec![("round_id", k::RATE_ROUND), ("self_score", k::RATE_SELF_SCORE), ("self_assessment", k::RATE_SELF_ASSESSMENT)] />
                <Select state=state name="input[round_id]" error_name="round_id" label=k::RATE_ROUND options=rounds required=true initial=initial />
                <Field state=state name="input[self_score]" error_name="self_score" label=k::RATE_SELF_SCORE hint=k::RATE_SELF_SCORE_HINT required=true kind="number" />
                <TextArea state=state name="input[self_assessment]" error_name="self_assessment" label=k::RATE_SELF_ASSESSMENT hint=k::RATE_SELF_ASSESSMENT_HINT required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="apply-submit">{t(k::RATE_APPLY_SUBMIT)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// The organization's rating: its grade, its latest application, and the
/// application form while a round is open to it.
#[component]
pub fn PortalRatingPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_my_rating());
    view! {
        <p class="breadcrumbs"><a href="/portal">{t(k::PORTAL_TITLE)}</a></p>
        <h1 class="page-title">{t(k::RATE_SECTION)}</h1>
        {loaded(data, move |r: OrgRating| {
            let can_apply = !r.open_rounds.is_empty();
            view! {
                <p id="rating-status">{rating_summary(&r)}</p>
                {r.grade.clone().map(|g| view! {
                    <p><a href=format!("/rating/certificates/{}", g.id) id="certificate-link">{t(k::RATE_CERTIFICATE)}</a></p>
                })}
                {if can_apply {
                    view! { <ApplyForm r=r.clone() on_done=Callback::new(move |_| data.refetch()) /> }.into_any()
                } else {
                    view! { <p class="muted" id="no-open-round">{t(k::RATE_NO_OPEN_ROUND)}</p> }.into_any()
                }}
            }
        })}
    }
}
