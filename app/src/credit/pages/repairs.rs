//! Pending credit repair applications with approve / refuse.

use super::*;

/// Pending repair applications with approve / refuse.
#[component]
pub fn RepairsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_repairs());
    view! {
        <p class="breadcrumbs"><a href="/officer/credit">{t(k::CR_TITLE)}</a></p>
        <h1 class="page-title">{t(k::CR_REPAIRS_TITLE)}</h1>
        {loaded(data, move |list| {
            if list.is_empty() {
                return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
            }
            list.into_iter().map(|r| view! { <RepairCard r=r on_done=Callback::new(move |_| data.refetch()) /> }).collect_view().into_any()
        })}
    }
}

#[component]
pub(super) fn RepairCard(r: RepairView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<DecideRepair>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let form = format!("decide_{}", r.id);
    let state =
        FormState::new(&form, Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped(form.clone());
    view! {
        <section class="card repair" id=format!("repair-{}", r.id)>
            <h2><a href=format!("/officer/credit/orgs/{}", r.org_id)>{r.org_name.clone()}</a></h2>
            <p>{list_label(&r.list)}" · "{reason_label(&r.reason)}" · "{tf(k::CR_LISTED_SINCE, &[("date", r.listed_on.clone())])}</p>
            <p class="pre">{r.statement.clone()}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <ErrorSummary state=state labels=vec![("reason", k::CR_DECISION_REASON)] />
                <input type="hidden" name="id" value=r.id />
                <TextArea state=state name="reason" error_name="reason" label=k::CR_DECISION_REASON hint=k::CR_DECISION_HINT />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" name="decision" value="approve" id=format!("approve-{}", r.id)>{t(k::CR_APPROVE)}</button>
                    <button type="submit" class="btn btn-danger" name="decision" value="refuse" id=format!("refuse-{}", r.id)>{t(k::CR_REFUSE)}</button>
                </div>
            </ActionForm>
        </section>
    }
}
